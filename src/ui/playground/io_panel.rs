//! "Your data and model": import points from CSV (file picker or drop), export
//! the points, export and import the model file, export a PyTorch script, a
//! snapshot PNG and a short link. Every import is checked whole before anything
//! changes: a bad file leaves the data and the network as they were, and the
//! message says where and why. Imported text is only ever parsed, never run or
//! shown as markup (messages are text nodes).

use crate::ui::i18n::{fill, plural, t};
use crate::ui::words::num;
use leptos::prelude::*;

use crate::engine::data::DataKind;
use crate::engine::io::csv_points::{self, CsvError, CsvReason, Labels};
use crate::engine::io::model_file::{ModelFile, ModelFileError};
use crate::engine::io::pytorch;
use crate::ui::files;

use super::controls::{event_value, set_data_kind};
use super::session::Session;
use super::state::hidden_refusal;
use super::{ctx, Ctx};

/// The panel's last message: text and whether it reports a refusal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// (An answer that comes after the panel has gone, from the clipboard or a file
/// read, is dropped: there is nobody to tell.)
fn say(msg: RwSignal<Message>, text: impl Into<String>, error: bool) {
    let _ = msg.try_set(Message { text: text.into(), error });
}

/// Replaces the session and the settings with `session` (built from `s`) at once:
/// the settings effect then finds nothing to rebuild.
fn install(c: Ctx, s: super::state::Settings, session: Session) {
    c.playing.set(false);
    c.session.set_value(Some(session));
    c.settings.set(s);
    c.after_change();
}

/// Loads points from CSV text, or refuses the whole file.
fn import_points(c: Ctx, name: &str, text: &str, labels: Labels, msg: RwSignal<Message>) {
    let parsed = match csv_points::parse(text, labels) {
        Ok(p) => p,
        Err(e) => {
            let text = fill(
                t("{file}: {why} Your data and network are unchanged."),
                &[("file", &files::shorten(name)), ("why", &csv_error_text(&e))],
            );
            return say(msg, text, true);
        }
    };
    let found = crate::ui::words::found(&parsed.data.summary());
    let mut s = c.settings.get_untracked();
    s.cfg.data.custom = Some(parsed.data);
    set_data_kind(&mut s, DataKind::Custom);
    match Session::new(&s.cfg) {
        Ok(session) => {
            let split = if parsed.had_split {
                let pct = format!("{:.0}", s.cfg.data.train_fraction * 100.0);
                fill(t(" Its split column was read; the training fraction ({pct} %) draws the split."), &[("pct", &pct)])
            } else {
                String::new()
            };
            install(c, s, session);
            say(msg, loaded_text(&found, &files::shorten(name), &split), false);
        }
        Err(e) => say(
            msg,
            fill(
                t("{file}: these points cannot be trained with the current settings: {why} Nothing was changed."),
                &[("file", &files::shorten(name)), ("why", &e)],
            ),
            true,
        ),
    }
}

/// The message after points were loaded: what was `found` (see
/// [`CustomData::found`](crate::engine::data::CustomData::found)), from which file, and a note on the split.
pub fn loaded_text(found: &str, name: &str, split: &str) -> String {
    fill(
        t("Loaded {found} from {name}.{split} The network starts again from epoch 0."),
        &[("found", &found), ("name", &name), ("split", &split)],
    )
}

/// A refused CSV file's message in the page's language: the line, then what is wrong there.
fn csv_error_text(e: &CsvError) -> String {
    use crate::engine::data::EXTENT;
    use crate::engine::limits::CLASSES;
    let short = |s: &str| files::shorten(s);
    let why = match &e.reason {
        CsvReason::ColumnCount(n) => plural(
            *n,
            "wrong column count: {n} column where 3 (x1, x2, label) or 4 (x1, x2, label, split) are expected",
            "wrong column count: {n} columns where 3 (x1, x2, label) or 4 (x1, x2, label, split) are expected",
        ),
        CsvReason::NotANumber { column, text } => fill(t("{column} is not a number: \"{text}\""), &[("column", column), ("text", &short(text))]),
        CsvReason::ClassOutOfRange(text) => fill(
            t("the label \"{text}\" is out of range: a class must be a whole number from 0 to {max} (or choose \"numbers\" for regression)"),
            &[("text", &short(text)), ("max", &(CLASSES.1 - 1))],
        ),
        CsvReason::TargetOutOfRange(v) => {
            let r = csv_points::REGRESSION_TARGET;
            fill(t("the label {v} is out of range: a regression target must be a number from {min} to {max}"), &[("v", &num(&v.to_string())), ("min", &num(&r.min.to_string())), ("max", &r.max)])
        }
        CsvReason::OutsidePlot { column, value } => {
            fill(t("{column} = {v} is outside the plot's range (from {min} to {max})"), &[("column", column), ("v", &num(&value.to_string())), ("min", &-EXTENT), ("max", &EXTENT)])
        }
        CsvReason::BadSplit(text) => fill(t("the split column says \"{text}\"; expected train or test"), &[("text", &short(text))]),
        CsvReason::TooManyRows => fill(t("too many rows: a file may hold at most {max} points"), &[("max", &csv_points::MAX_ROWS)]),
        CsvReason::Syntax(m) => fill(t("this is not readable CSV ({why})"), &[("why", m)]),
        CsvReason::Empty => t("the file holds no points").to_string(),
    };
    if e.line == 0 {
        fill(t("The file was not loaded: {why}."), &[("why", &why)])
    } else {
        fill(t("The file was not loaded: line {line}: {why}."), &[("line", &e.line), ("why", &why)])
    }
}

/// Checks that the page can show a model's network (as a link's layers are
/// checked): why not, in the page's language.
fn fits_the_page(m: &ModelFile) -> Result<(), String> {
    match hidden_refusal(&m.config.hidden) {
        None => Ok(()),
        Some((f, why)) => Err(fill(t("The field `{field}` {why}."), &[("field", &format!("config.{f}")), ("why", &why)])),
    }
}

/// Loads a model file, or refuses it whole.
fn import_model(c: Ctx, name: &str, text: &str, msg: RwSignal<Message>) {
    let model_refused = |e: ModelFileError| match &e {
        ModelFileError::Syntax(j) => fill(
            t("The model file is not valid JSON ({why}) at line {line}, column {column}."),
            &[("why", &j.message), ("line", &j.line), ("column", &j.column)],
        ),
        ModelFileError::Field { field, fault, .. } => crate::ui::words::model_fault(field, fault),
    };
    let loaded = ModelFile::from_json(text).map_err(model_refused).and_then(|m| {
        fits_the_page(&m)?;
        let trainer = m.build_trainer::<f32>().map_err(model_refused)?;
        Ok((m, trainer))
    });
    match loaded {
        Ok((m, trainer)) => {
            let mut s = c.settings.get_untracked();
            s.cfg = m.config.clone();
            let sizes: Vec<String> = m.config.hidden.iter().map(|h| h.neurons.to_string()).collect();
            install(c, s, Session::from_trainer(trainer));
            say(
                msg,
                fill(
                    t("Loaded the model from {file}: hidden layers [{sizes}], trained for {epochs} epochs, on {data}."),
                    &[
                        ("file", &files::shorten(name)),
                        ("sizes", &sizes.join(", ")),
                        ("epochs", &m.epoch),
                        ("data", &t(m.config.data.kind.name())),
                    ],
                ),
                false,
            );
        }
        Err(why) => say(
            msg,
            fill(t("{file}: the model was not loaded: {why} Nothing was changed."), &[("file", &files::shorten(name)), ("why", &why)]),
            true,
        ),
    }
}

/// Reads a chosen or dropped file and loads it: a model file when it is a JSON
/// object, else points.
fn import_file(c: Ctx, file: web_sys::File, labels: Labels, msg: RwSignal<Message>, as_model: Option<bool>) {
    leptos::task::spawn_local(async move {
        let name = file.name();
        let text = match files::read_text(&file).await {
            Ok(t) => t,
            Err(e) => return say(msg, fill(t("{why} Nothing was changed."), &[("why", &e)]), true),
        };
        let model = as_model.unwrap_or_else(|| text.trim_start().starts_with('{'));
        if model {
            import_model(c, &name, &text, msg)
        } else {
            import_points(c, &name, &text, labels, msg)
        }
    });
}

/// Epochs the exported PyTorch script trains.
pub const PYTORCH_EPOCHS: u64 = 100;
/// Backing pixels per CSS pixel of a snapshot.
pub const SNAPSHOT_SCALE: f64 = 2.0;
/// White margin around and between the two pictures of a snapshot (CSS pixels).
pub const SNAPSHOT_MARGIN: f64 = 16.0;

/// Waits `ms` milliseconds (lets the views repaint).
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).ok();
        }
    });
    wasm_bindgen_futures::JsFuture::from(p).await.ok();
}

fn canvas_by_testid(id: &str) -> Option<web_sys::HtmlCanvasElement> {
    use wasm_bindgen::JsCast;
    let doc = web_sys::window()?.document()?;
    doc.query_selector(&format!("canvas[data-testid=\"{id}\"]")).ok()??.dyn_into().ok()
}

/// Repaints the network and the output at [`SNAPSHOT_SCALE`], puts them side by
/// side on white, and offers the PNG. Returns its size.
async fn take_snapshot(c: Ctx) -> Result<(u32, u32), String> {
    use crate::render::canvas;
    use wasm_bindgen::JsCast;
    canvas::set_ratio_override(Some(SNAPSHOT_SCALE));
    c.after_change();
    sleep(80).await;
    let result = (|| {
        let net = canvas_by_testid("network-canvas").ok_or("the network is not shown")?;
        let out = canvas_by_testid("output-canvas").ok_or("the output is not shown")?;
        let m = (SNAPSHOT_MARGIN * SNAPSHOT_SCALE) as u32;
        let w = m + net.width() + m + out.width() + m;
        let h = m + net.height().max(out.height()) + m;
        let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
        let snap: web_sys::HtmlCanvasElement =
            doc.create_element("canvas").map_err(|_| "no canvas")?.dyn_into().map_err(|_| "no canvas")?;
        snap.set_width(w);
        snap.set_height(h);
        let g = canvas::context_2d(&snap).ok_or("no 2-D context")?;
        g.set_fill_style_str("#ffffff");
        g.fill_rect(0.0, 0.0, w as f64, h as f64);
        // the network is drawn on stacked canvases: the weight lines (and the δ flow) under the tiles
        let layers = doc.query_selector_all(".network-canvases canvas").map_err(|_| "the network is not shown")?;
        for i in 0..layers.length() {
            let Some(layer) = layers.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlCanvasElement>().ok()) else { continue };
            if layer.width() > 1 && layer.height() > 1 {
                g.draw_image_with_html_canvas_element_and_dw_and_dh(&layer, m as f64, m as f64, net.width() as f64, net.height() as f64)
                    .map_err(|_| "the network could not be drawn")?;
            }
        }
        g.draw_image_with_html_canvas_element(&out, (m + net.width() + m) as f64, m as f64).map_err(|_| "the output could not be drawn")?;
        let url = snap.to_data_url_with_type("image/png").map_err(|_| "the PNG could not be made")?;
        files::download_url("neuralscope-snapshot.png", &url)?;
        Ok::<_, String>((w, h))
    })();
    canvas::set_ratio_override(None);
    c.after_change();
    result
}

/// The panel.
#[component]
pub fn IoPanel() -> impl IntoView {
    let c = ctx();
    let msg = RwSignal::new(Message::default());
    let labels = RwSignal::new(Labels::Classes);
    let dragging = RwSignal::new(false);
    let export_points = move |_| {
        let Some(text) = c.with_session(|s| csv_points::to_csv(s.trainer.dataset())) else { return };
        let n = text.lines().count().saturating_sub(1);
        match files::download_text("neuralscope-points.csv", "text/csv", &text) {
            Ok(()) => say(msg, fill(t("Exported {n} points (train and test) as neuralscope-points.csv."), &[("n", &n)]), false),
            Err(e) => say(msg, fill(t("The points could not be exported: {why}."), &[("why", &e)]), true),
        }
    };
    let export_model = move |_| {
        let Some(text) = c.with_session(|s| s.trainer.to_model_json()) else { return };
        match files::download_text("neuralscope-model.json", "application/json", &text) {
            Ok(()) => say(msg, t("Exported the model (architecture, weights, settings, seed) as neuralscope-model.json."), false),
            Err(e) => say(msg, fill(t("The model could not be exported: {why}."), &[("why", &e)]), true),
        }
    };
    let export_pytorch = move |_| {
        if let Some(Some(why)) = c.with_session(|s| pytorch::refusal(s.trainer.config())) {
            say(msg, why, true);
            return;
        }
        let Some(text) = c.with_session(|s| pytorch::script(&s.trainer, PYTORCH_EPOCHS)) else { return };
        match files::download_text("neuralscope_model.py", "text/x-python", &text) {
            Ok(()) => say(msg, fill(t("Exported a PyTorch script as neuralscope_model.py: the same network, weights, data and optimizer; it trains {n} epochs, printing the loss."), &[("n", &PYTORCH_EPOCHS)]), false),
            Err(e) => say(msg, fill(t("The script could not be exported: {why}."), &[("why", &e)]), true),
        }
    };
    let snapshot = move |_| {
        leptos::task::spawn_local(async move {
            match take_snapshot(c).await {
                Ok((w, h)) => say(
                    msg,
                    fill(
                        t("Saved a snapshot of the network and the output, {w}×{h} pixels (2×), as neuralscope-snapshot.png."),
                        &[("w", &w), ("h", &h)],
                    ),
                    false,
                ),
                Err(e) => say(msg, fill(t("The snapshot failed: {why}."), &[("why", &e)]), true),
            }
        });
    };
    let copy_link = move |_| {
        let (hash, custom) = c.settings.with_untracked(super::share::short_hash);
        let base = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split('#').next().unwrap_or_default().to_string())
            .unwrap_or_default();
        let link = if hash.is_empty() { base } else { format!("{base}#{hash}") };
        let note = if custom { t(" Your own points cannot travel in a link: it opens the default data.") } else { "" };
        leptos::task::spawn_local(async move {
            match files::copy_text(&link).await {
                Ok(()) => say(
                    msg,
                    fill(t("Copied the link ({n} characters): {link}{note}"), &[("n", &link.len()), ("link", &link), ("note", &note)]),
                    false,
                ),
                Err(_) => say(
                    msg,
                    fill(t("Copy this link by hand (the clipboard was not available): {link}{note}"), &[("link", &link), ("note", &note)]),
                    false,
                ),
            }
        });
    };
    view! {
        <details class="io-panel" data-testid="io-panel" open>
            <summary><h2 class="section">{t("Import & export")}</h2></summary>
            <div class="io-drop" class:dragging=move || dragging.get() data-testid="io-drop"
                on:dragover=move |ev| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=move |ev| {
                    ev.prevent_default();
                    dragging.set(false);
                    match files::file_of_drop(&ev) {
                        Some(f) => import_file(c, f, labels.get_untracked(), msg, None),
                        None => say(msg, t("Nothing to load: drop a CSV file of points or a model file."), true),
                    }
                }>
                <p class="hint">{t("Drop a CSV of points (x1, x2, label) or a model file here, or:")}</p>
                <div class="io-row">
                    <label class="file-button" title=t("Load points from a CSV file: columns x1, x2, label; a header line is optional")>
                        {crate::ui::i18n::t("Import points…")}
                        <input type="file" accept=".csv,.txt,text/csv" data-testid="csv-file" class="visually-hidden"
                            on:change=move |ev| if let Some(f) = files::file_of_input(&ev) { import_file(c, f, labels.get_untracked(), msg, Some(false)) } />
                    </label>
                    <label class="field-label io-labels">{t("Labels: ")}
                        <select data-testid="csv-labels" on:change=move |ev| labels.set(if event_value(&ev) == "numbers" { Labels::Numbers } else { Labels::Classes })>
                            <option value="classes" selected=true>{t("classes 0, 1, 2…")}</option>
                            <option value="numbers">{t("numbers (regression)")}</option>
                        </select>
                    </label>
                    <label class="file-button" title=t("Load a model file exported here: architecture, weights, settings")>
                        {crate::ui::i18n::t("Import model…")}
                        <input type="file" accept=".json,application/json" data-testid="model-file" class="visually-hidden"
                            on:change=move |ev| if let Some(f) = files::file_of_input(&ev) { import_file(c, f, labels.get_untracked(), msg, Some(true)) } />
                    </label>
                </div>
            </div>
            <div class="io-row">
                <button data-testid="export-csv" title=t("Download the training and test points as CSV") on:click=export_points>{t("Export points")}</button>
                <button data-testid="export-model" title=t("Download the model: architecture, every weight, settings, seed") on:click=export_model>{t("Export model")}</button>
                <button data-testid="export-pytorch" title=t("Download a PyTorch script that builds, loads and trains this network") on:click=export_pytorch>{t("Export PyTorch")}</button>
                <button data-testid="snapshot" title=t("Download the network and the output as a PNG at twice the screen's resolution") on:click=snapshot>{t("Snapshot")}</button>
                <button data-testid="copy-link" title=t("Copy a link to these settings (only what differs from the defaults)") on:click=copy_link>{t("Copy link")}</button>
            </div>
            <Show when=move || !msg.with(|m| m.text.is_empty())>
                <p class="io-message" class:error=move || msg.with(|m| m.error) data-testid="io-message" role="status">
                    {move || msg.with(|m| m.text.clone())}
                </p>
            </Show>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::loaded_text;
    use crate::engine::io::csv_points::{parse, Labels};

    #[test]
    fn one_point_of_one_class_reads_as_such() {
        let one = parse("1,2,0\n", Labels::Classes).unwrap().data.found();
        assert_eq!(
            loaded_text(&one, "one.csv", ""),
            "Loaded 1 point (class 0 only; class 1 is empty) from one.csv. The network starts again from epoch 0."
        );
        let blobs = parse("1,2,0\n1,1,1\n0,0,2\n", Labels::Classes).unwrap().data.found();
        assert!(loaded_text(&blobs, "blobs.csv", "").starts_with("Loaded 3 points (3 classes) from blobs.csv."));
    }
}
