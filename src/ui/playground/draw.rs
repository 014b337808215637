//! Drawing points on the output: a class picker (a value for regression), an
//! eraser and "clear". While drawing is on, a click on the output adds a point
//! (a drag paints several) and the network keeps its weights: it goes on
//! training on the new data.

use crate::ui::i18n::t;
use leptos::prelude::*;

use crate::engine::data::{CustomData, DataKind, Point, Task};
use crate::engine::io::model_file::ModelFile;
use crate::engine::limits::CLASSES;
use crate::render::palette::CLASS;

use super::controls::set_data_kind;
use super::session::Session;
use super::{ctx, Ctx};

/// What a click on the output does while drawing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tool {
    /// Adds a point of this class.
    Class(usize),
    /// Adds a regression point with this target.
    Value(f64),
    /// Removes the points near the click.
    Eraser,
}

/// Drawing state, shared with the output view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Draw {
    /// Drawing is on (clicks on the output draw instead of inspecting).
    pub on: bool,
    pub tool: Tool,
    /// "Clear" was pressed and no point placed since: the output shows no points.
    pub empty: bool,
}

impl Default for Draw {
    fn default() -> Self {
        Draw { on: false, tool: Tool::Class(0), empty: false }
    }
}

/// Least distance between two points painted in one drag (data units).
const PAINT_STEP: f64 = 0.35;
/// Radius the eraser removes (data units).
const ERASER: f64 = 0.3;

/// The current points as custom data (a generated set becomes the start of the drawing).
fn current_points(c: Ctx) -> Option<CustomData> {
    c.with_session(|s| {
        let d = s.trainer.dataset();
        let test: &[Point] = if d.kind.is_truth_table() { &[] } else { &d.test };
        CustomData { points: d.train.iter().chain(test).copied().collect(), task: d.task }
    })
}

/// Replaces the data by `data`, keeping the network's weights when its shape allows.
fn set_points(c: Ctx, data: CustomData) {
    let mut s = c.settings.get_untracked();
    s.cfg.data.custom = Some(data);
    set_data_kind(&mut s, DataKind::Custom);
    let kept = c
        .with_session(|sess| {
            let t = &sess.trainer;
            (t.config().layer_sizes() == s.cfg.layer_sizes() && t.config().layer_activations() == s.cfg.layer_activations())
                .then(|| {
                    // the same weights (f32 → f64 → f32 is exact) and epoch count, on the new data
                    let mut m = ModelFile::from_trainer(t);
                    m.config = s.cfg.clone();
                    m.build_trainer::<f32>().ok()
                })
                .flatten()
        })
        .flatten();
    let session = match kept {
        Some(t) => Session::from_trainer(t),
        None => match Session::new(&s.cfg) {
            Ok(sess) => sess,
            Err(e) => {
                return c.notice.set(Some(crate::ui::i18n::fill(crate::ui::i18n::t("These points cannot be trained: {e}"), &[("e", &e)])))
            }
        },
    };
    c.session.set_value(Some(session));
    c.settings.set(s);
    c.after_change();
}

/// The output view calls this on a press (`first`) or a drag at data point `(x1, x2)`.
pub fn at(c: Ctx, x1: f64, x2: f64, first: bool, last: &mut Option<(f64, f64)>) {
    let d = c.draw.get_untracked();
    if !d.on {
        return;
    }
    if !first && last.is_some_and(|(a, b)| (a - x1).hypot(b - x2) < PAINT_STEP) {
        return;
    }
    *last = Some((x1, x2));
    let mut data = if d.empty { None } else { current_points(c) };
    match d.tool {
        Tool::Eraser => {
            let Some(mut data) = data else { return };
            let before = data.points.len();
            data.points.retain(|p| (p.x1 - x1).hypot(p.x2 - x2) > ERASER);
            if data.points.len() == before {
                return;
            }
            if data.points.is_empty() {
                return c.draw.update(|d| d.empty = true);
            }
            set_points(c, data)
        }
        Tool::Class(k) => {
            let mut data = data
                .take()
                .filter(|d| matches!(d.task, Task::Classification { .. }))
                .unwrap_or(CustomData { points: vec![], task: Task::Classification { n_classes: 2 } });
            let Task::Classification { n_classes } = data.task else { return };
            let n = n_classes.max(k + 1);
            if n != n_classes {
                // more classes: two-class labels ±1 become the indices 0, 1
                if n_classes == 2 {
                    data.points.iter_mut().for_each(|p| p.label = if p.label > 0.0 { 1.0 } else { 0.0 });
                }
                data.task = Task::Classification { n_classes: n };
            }
            let label = if n == 2 {
                if k == 1 {
                    1.0
                } else {
                    -1.0
                }
            } else {
                k as f64
            };
            data.points.push(Point { x1, x2, label });
            c.draw.update(|d| d.empty = false);
            set_points(c, data)
        }
        Tool::Value(v) => {
            let mut data =
                data.take().filter(|d| d.task == Task::Regression).unwrap_or(CustomData { points: vec![], task: Task::Regression });
            data.points.push(Point { x1, x2, label: v });
            c.draw.update(|d| d.empty = false);
            set_points(c, data)
        }
    }
}

/// The drawing tools, under the output.
#[component]
pub fn DrawTools() -> impl IntoView {
    let c = ctx();
    let on = move || c.draw.with(|d| d.on);
    let regression = move || {
        c.frame.track();
        c.with_session(|s| s.trainer.dataset().task == Task::Regression).unwrap_or(false)
    };
    let n_classes = move || {
        c.frame.track();
        c.with_session(|s| s.trainer.dataset().n_classes()).unwrap_or(2)
    };
    let value = RwSignal::new(0.5f64);
    // other data (a data set chosen, a file loaded) ends an empty canvas
    Effect::new(move |prev: Option<crate::engine::data::DataConfig>| {
        let data = c.settings.with(|s| s.cfg.data.clone());
        if prev.is_some_and(|p| p != data) && c.draw.with_untracked(|d| d.empty) {
            c.draw.update(|d| d.empty = false);
        }
        data
    });
    // an empty canvas has nothing to train on
    Effect::new(move |_| {
        if c.playing.get() && c.draw.with_untracked(|d| d.empty) {
            c.playing.set(false);
            c.notice.set(Some(crate::ui::i18n::t("The canvas is empty: draw some points first.").into()));
        }
    });
    let class_button = move |k: usize| {
        let [r, g, b] = CLASS[k];
        view! {
            <button class="draw-class" data-testid=format!("draw-class-{k}")
                aria-pressed=move || (c.draw.with(|d| d.tool == Tool::Class(k))).to_string()
                title=crate::ui::i18n::fill(crate::ui::i18n::t("Draw points of class {k}"), &[("k", &k)]) aria-label=crate::ui::i18n::fill(crate::ui::i18n::t("Class {k}"), &[("k", &k)])
                style=format!("--swatch: rgb({r},{g},{b})")
                on:click=move |_| c.draw.update(|d| d.tool = Tool::Class(k))>{k.to_string()}</button>
        }
    };
    view! {
        <div class="draw-tools" data-testid="draw-tools">
            <button data-testid="draw-points" aria-pressed=move || on().to_string()
                title=t("Click on the output to add points, drag to paint several")
                on:click=move |_| {
                    c.draw.update(|d| d.on = !d.on);
                    // every drawn point shows, the test ones too
                    if c.draw.with_untracked(|d| d.on) && !c.settings.with_untracked(|s| s.show_test) {
                        c.settings.update(|s| s.show_test = true);
                    }
                    if c.draw.with_untracked(|d| d.on) && regression() {
                        c.draw.update(|d| if !matches!(d.tool, Tool::Eraser) { d.tool = Tool::Value(value.get_untracked()) });
                    }
                }>
                {move || if on() { crate::ui::i18n::t("Drawing: on") } else { crate::ui::i18n::t("Draw points") }}
            </button>
            <Show when=on>
                <Show when=move || !regression() fallback=move || view! {
                    <label class="field-label">{t("Value ")}
                        <input type="number" min="-1" max="1" step="0.1" data-testid="draw-value" prop:value=move || value.get().to_string()
                            on:change=move |ev| {
                                if let Ok(v) = super::controls::event_value(&ev).parse::<f64>() {
                                    let v = v.clamp(-1.0, 1.0);
                                    value.set(v);
                                    c.draw.update(|d| d.tool = Tool::Value(v));
                                }
                            } />
                    </label>
                }>
                    <span class="field-label">{t("Class ")}</span>
                    {move || (0..(n_classes() + 1).clamp(CLASSES.0, CLASSES.1)).map(class_button).collect_view()}
                </Show>
                <button data-testid="draw-eraser" aria-pressed=move || c.draw.with(|d| d.tool == Tool::Eraser).to_string()
                    title=t("Remove the points you click on") on:click=move |_| c.draw.update(|d| d.tool = Tool::Eraser)>{t("Eraser")}</button>
                <button data-testid="draw-clear" title=t("Remove every point: start from an empty canvas")
                    on:click=move |_| {
                        c.playing.set(false);
                        c.draw.update(|d| d.empty = true);
                        c.after_change();
                    }>{t("Clear")}</button>
            </Show>
        </div>
    }
}
