//! "Author a lesson" (`data-testid="author-lesson"`, issue 26 item 3): a
//! teacher builds a lesson from the playground as it stands — its settings are
//! the lesson's start, the groups hidden in Prepare for class are the lesson's
//! hidden controls — writes the texts, picks the check and its numbers, tries
//! it (it opens as a lesson, from its link), and exports it as a `.json` file
//! and as a `#lesson=…` link carrying the whole lesson. A lesson file from
//! someone else opens here too, validated first ([`super::format::read`]).

use crate::ui::i18n::t;
use leptos::prelude::*;

use super::lesson_link::RULES;
use super::state::{Settings, GROUPS, TABLE};
use crate::ui::lessons::format::{self, Check, Counted, Fault, LessonFile, LessonView, Lessons, Refusal, SequenceFile, VERSION};
use crate::ui::url;

/// The checks the panel offers (the format has more, for the built-in lessons).
const KINDS: [(&str, &str); 5] = [
    ("test_accuracy", crate::ui::i18n::mark("test accuracy reaches")),
    ("train_accuracy", crate::ui::i18n::mark("training accuracy reaches")),
    ("test_loss", crate::ui::i18n::mark("test loss falls below")),
    ("gap_closed", crate::ui::i18n::mark("train/test gap closes")),
    ("setting", crate::ui::i18n::mark("a setting is set to")),
];

/// The panel's check from its fields (percent fields are turned into fractions).
pub fn check_of(kind: &str, a: f64, b: f64, key: &str, value: &str) -> Check {
    match kind {
        "train_accuracy" => Check::TrainAccuracy { at_least: a / 100.0 },
        "test_loss" => Check::TestLoss { below: a, within_epochs: if b.is_finite() && b >= 0.0 { b as u64 } else { 0 } },
        "gap_closed" => Check::GapClosed { test_accuracy: a / 100.0, gap: b / 100.0 },
        "setting" => Check::Setting { key: key.to_string(), value: value.trim().to_string() },
        _ => Check::TestAccuracy { at_least: a / 100.0 },
    }
}

/// The page's settings as a lesson's starting link: only what differs from a fresh
/// page, without the hidden groups (the lesson's own field) or a stop target.
pub fn start_link(s: &Settings) -> String {
    let defaults = TABLE.written(&Settings::default());
    url::join_pairs(TABLE.changed(s, &defaults).into_iter().filter(|(k, _)| *k != "hide" && !k.starts_with("stop")))
}

/// The lesson the panel describes.
pub fn lesson_of(title: &str, goal: &str, met: &str, s: &Settings, check: Check) -> LessonFile {
    LessonFile {
        version: VERSION,
        title: title.trim().to_string(),
        menu: String::new(),
        goal: goal.trim().to_string(),
        met: met.trim().to_string(),
        first_part: None,
        view: LessonView::Playground,
        link: start_link(s),
        hide: s.hide.iter().map(|h| h.to_string()).collect(),
        lines: false,
        grad_health: false,
        check: vec![check],
    }
}

/// The page's address with `#lesson=<code>`.
fn link_to(code: &str) -> String {
    let loc = web_sys::window().map(|w| w.location());
    let base = loc.map(|l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default())).unwrap_or_default();
    format!("{base}#lesson={code}")
}

/// Opens a lesson (or a sequence, at its first lesson) as its link would (the page reads the new address afresh).
fn open_code(code: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&format!("lesson={code}"));
    }
}

/// A file name for a lesson (`kind` "lesson") or a sequence: its title's letters and digits.
/// Copies `link` to the clipboard, then says so (`words(its length, copied)`).
fn copy_link(link: String, message: RwSignal<Option<(bool, String)>>, words: fn(usize, bool) -> String) {
    leptos::task::spawn_local(async move {
        let copied = crate::ui::files::copy_text(&link).await.is_ok();
        let _ = message.try_set(Some((true, words(link.len(), copied))));
    });
}

fn file_name(kind: &str, title: &str) -> String {
    let slug: String = title.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let slug: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).take(6).collect();
    format!("{kind}-{}.json", if slug.is_empty() { "untitled".to_string() } else { slug.join("-") })
}

/// Downloads a lesson or sequence file; the panel's message about it.
fn save(name: &str, json: &str) -> (bool, String) {
    match crate::ui::files::download_text(name, "application/json", json) {
        Ok(()) => (true, crate::ui::i18n::fill(t("Saved as {name}."), &[("name", &name)])),
        Err(e) => (false, crate::ui::i18n::fill(t("The file could not be saved: {why}."), &[("why", &e)])),
    }
}

thread_local! {
    /// The sequence being built: kept while the panel is rebuilt (trying a lesson reopens the page's view).
    static DRAFT: std::cell::RefCell<(String, Vec<LessonFile>)> = const { std::cell::RefCell::new((String::new(), Vec::new())) };
}

/// Where the browser keeps the sequence being built, over a reload (`localStorage`).
const STORE_KEY: &str = "neuralscope.sequence-draft";

/// The sequence being built as the browser keeps it: a sequence file whose title may still be empty.
pub fn draft_to_store(title: &str, lessons: &[LessonFile]) -> String {
    serde_json::json!({ "version": VERSION, "title": title, "lessons": lessons }).to_string()
}

/// The kept sequence read back, validated like a lesson file from someone else (each lesson by
/// [`format::read`]); why not, naming the field, for a notice.
pub fn draft_from_store(text: &str) -> Result<(String, Vec<LessonFile>), Refusal> {
    use serde_json::Value;
    let v: Value = serde_json::from_str(text).map_err(|e| Refusal::whole(Fault::NotJson(e.to_string())))?;
    let title = match v.get("title") {
        Some(Value::String(s)) if s.chars().count() > format::TITLE_CHARS => {
            return Err(Refusal::at("title", Fault::TooLong { got: s.chars().count(), most: format::TITLE_CHARS }))
        }
        Some(Value::String(s)) => s.clone(),
        _ => return Err(Refusal::at("title", Fault::NotText)),
    };
    let Some(Value::Array(list)) = v.get("lessons") else { return Err(Refusal::at("lessons", Fault::NotList)) };
    if list.len() > format::MAX_SEQUENCE {
        return Err(Refusal::at("lessons", Fault::Count { got: list.len(), most: format::MAX_SEQUENCE, of: Counted::Lessons }));
    }
    let lessons = list
        .iter()
        .enumerate()
        .map(|(i, l)| format::read(&l.to_string(), &RULES).map_err(|e| Refusal { lesson: Some((i + 1, list.len())), ..e }))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((title, lessons))
}

/// The browser's `localStorage`, if the page may use it (a private window or a setting may forbid it).
fn storage() -> Option<wasm_bindgen::JsValue> {
    let w = web_sys::window()?;
    js_sys::Reflect::get(&w, &"localStorage".into()).ok().filter(|s| s.is_object())
}

/// Calls `localStorage.<method>(args…)`; `None` where the browser refuses.
fn store_call(method: &str, args: &[&str]) -> Option<wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let s = storage()?;
    let f = js_sys::Reflect::get(&s, &method.into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let args: js_sys::Array = args.iter().map(|a| wasm_bindgen::JsValue::from_str(a)).collect();
    f.apply(&s, &args).ok()
}

/// The kept draft's text, if any.
fn stored_draft() -> Option<String> {
    store_call("getItem", &[STORE_KEY])?.as_string()
}

/// Keeps the draft (an empty one is forgotten).
fn store_draft(title: &str, lessons: &[LessonFile]) {
    if title.trim().is_empty() && lessons.is_empty() {
        store_call("removeItem", &[STORE_KEY]);
    } else {
        store_call("setItem", &[STORE_KEY, &draft_to_store(title, lessons)]);
    }
}

/// The sequence the panel describes, validated as a file from someone else would be, and its link short enough.
pub fn sequence_of(title: &str, lessons: &[LessonFile]) -> Result<SequenceFile, String> {
    if lessons.is_empty() {
        return Err(crate::ui::i18n::t("it has no lessons yet: add the lesson written above").to_string());
    }
    let seq = SequenceFile { version: VERSION, title: title.trim().to_string(), lessons: lessons.to_vec() };
    format::read_any(&seq.to_json(), &RULES).map_err(|e| e.to_string())?;
    let n = seq.to_code().len();
    if n > format::MAX_CODE_CHARS {
        return Err(crate::ui::i18n::fill(
            crate::ui::i18n::t("its link would be {n} characters long; at most {most}: fewer lessons or shorter texts"),
            &[("n", &n), ("most", &format::MAX_CODE_CHARS)],
        ));
    }
    Ok(seq)
}

/// The panel (in the playground).
#[component]
pub fn AuthorPanel() -> impl IntoView {
    let ctx = crate::ui::playground::ctx();
    // an open lesson of a teacher's own fills the fields, so it can be changed and handed out again
    let own = crate::ui::lessons::lesson_ctx().and_then(|l| l.lesson_untracked()).filter(|l| l.number.is_none());
    let title = RwSignal::new(own.map(|l| l.title.clone()).unwrap_or_default());
    let goal = RwSignal::new(own.map(|l| l.goal.clone()).unwrap_or_default());
    let met = RwSignal::new(own.map(|l| l.met.clone()).unwrap_or_default());
    let (k0, a0, b0, key0, val0) = match own.and_then(|l| l.check.first().cloned()) {
        Some(Check::TrainAccuracy { at_least }) => ("train_accuracy", at_least * 100.0, 50.0, "acts".to_string(), String::new()),
        Some(Check::TestLoss { below, within_epochs }) => ("test_loss", below, within_epochs as f64, "acts".to_string(), String::new()),
        Some(Check::GapClosed { test_accuracy, gap }) => {
            ("gap_closed", test_accuracy * 100.0, gap * 100.0, "acts".to_string(), String::new())
        }
        Some(Check::Setting { key, value }) => ("setting", 90.0, 50.0, key, value),
        Some(Check::TestAccuracy { at_least }) => ("test_accuracy", at_least * 100.0, 50.0, "acts".to_string(), String::new()),
        _ => ("test_accuracy", 90.0, 50.0, "acts".to_string(), String::new()),
    };
    let kind = RwSignal::new(k0.to_string());
    let a = RwSignal::new(a0);
    let b = RwSignal::new(b0);
    let key = RwSignal::new(key0);
    let value = RwSignal::new(val0);
    // the sequence being built: the draft kept in this tab, else the one the browser kept over a reload
    // (validated: a bad one is dropped with a notice), else the open sequence (to change it and hand it out again)
    let (mut t0, mut l0) = DRAFT.with_borrow(|d| d.clone());
    let mut notice = None;
    if l0.is_empty() && t0.is_empty() {
        match stored_draft().map(|text| draft_from_store(&text)) {
            Some(Ok(d)) => (t0, l0) = d,
            Some(Err(why)) => notice = Some((false, crate::ui::words::draft_dropped(&why.to_string()))),
            None => {}
        }
    }
    if l0.is_empty() {
        if let Some(p) = own.and_then(|l| l.sequence.as_ref()) {
            let read: Vec<LessonFile> = (1..=p.count())
                .filter_map(|k| crate::ui::lessons::table::authored(&p.code_of(k), &RULES).ok().map(|l| l.file.clone()))
                .collect();
            if read.len() == p.count() {
                (t0, l0) = (p.title.clone(), read);
            }
        }
    }
    let message = RwSignal::new(notice);
    let seq_title = RwSignal::new(t0);
    let seq = RwSignal::new(l0);
    Effect::new(move |_| {
        let d = (seq_title.get(), seq.get());
        store_draft(&d.0, &d.1);
        DRAFT.with_borrow_mut(|k| *k = d);
    });
    let seq_valid = move || seq.with(|ls| sequence_of(&seq_title.get(), ls));
    let seq_code = Memo::new(move |_| seq_valid().ok().map(|s| s.to_code()));
    let seq_act = move |f: &dyn Fn(SequenceFile)| match seq_valid() {
        Ok(s) => f(s),
        Err(e) => message.set(Some((false, crate::ui::i18n::fill(t("The sequence is not ready: {why}."), &[("why", &e)])))),
    };

    let lesson = move || {
        let s = ctx.settings.get();
        let check = check_of(&kind.get(), a.get(), b.get(), &key.get(), &value.get());
        lesson_of(&title.get(), &goal.get(), &met.get(), &s, check)
    };
    let valid = move || {
        let l = lesson();
        format::validate(&l, &RULES).map(|_| l)
    };
    let code = Memo::new(move |_| valid().ok().map(|l| l.to_code()));
    let act = move |f: &dyn Fn(LessonFile)| match valid() {
        Ok(l) => f(l),
        Err(e) => message.set(Some((false, crate::ui::i18n::fill(t("The lesson is not ready: {why}."), &[("why", &e.to_string())])))),
    };
    let try_it = move |_| act(&|l| open_code(&l.to_code()));
    let add = move |_| {
        act(&|l| {
            if seq.with(|s| s.len()) >= format::MAX_SEQUENCE {
                message.set(Some((
                    false,
                    crate::ui::i18n::fill(t("The sequence holds {n} lessons, the most one link carries."), &[("n", &format::MAX_SEQUENCE)]),
                )));
                return;
            }
            let title = l.title.clone();
            seq.update(|s| s.push(l));
            let n = seq.with(|s| s.len());
            message.set(Some((
                true,
                crate::ui::i18n::fill(t("Added “{title}” as lesson {n} of the sequence."), &[("title", &title), ("n", &n)]),
            )));
        })
    };
    let seq_try = move |_| seq_act(&|s| open_code(&s.to_code()));
    let seq_download = move |_| {
        seq_act(&|s| {
            message.set(Some(save(&file_name("sequence", &s.title), &s.to_json())));
        })
    };
    let seq_copy = move |_| seq_act(&|s| copy_link(link_to(&s.to_code()), message, crate::ui::words::sequence_link));
    let download = move |_| {
        act(&|l| {
            message.set(Some(save(&file_name("lesson", &l.title), &l.to_json())));
        })
    };
    let copy = move |_| act(&|l| copy_link(link_to(&l.to_code()), message, crate::ui::words::lesson_link));
    let open_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::ui::files::file_of_input(&ev) else { return };
        let name = crate::ui::files::shorten(&file.name());
        leptos::task::spawn_local(async move {
            let read = crate::ui::files::read_text(&file).await.and_then(|t| format::read_any(&t, &RULES).map_err(|e| e.to_string()));
            match read {
                Ok(Lessons::One(l)) => open_code(&l.to_code()),
                // a sequence comes into the panel, to be tried, changed or handed out
                Ok(Lessons::Sequence(s)) => {
                    let n = s.lessons.len();
                    let text = crate::ui::i18n::fill(
                        t("Opened the sequence “{title}”: {n} lessons, listed below."),
                        &[("title", &s.title), ("n", &n)],
                    );
                    let _ = seq_title.try_set(s.title);
                    let _ = seq.try_set(s.lessons);
                    let _ = message.try_set(Some((true, text)));
                }
                Err(e) => {
                    let _ = message.try_set(Some((false, crate::ui::words::lesson_refused(&name, &e))));
                }
            }
        });
    };
    let hidden = move || {
        ctx.settings.with(|s| {
            let names: Vec<&str> = GROUPS.iter().filter(|g| s.hide.contains(&g.key)).map(|g| crate::ui::i18n::t(g.label)).collect();
            if names.is_empty() {
                crate::ui::i18n::t("none (untick them in Prepare for class to hide them)").to_string()
            } else {
                names.join("; ")
            }
        })
    };
    let number = move |sig: RwSignal<f64>, testid: &'static str, label: &'static str, step: &'static str| {
        view! {
            <label class="author-field">
                {label}
                <input type="number" class="num" data-testid=testid step=step prop:value=move || { let x = sig.get(); if x.is_finite() { x.to_string() } else { String::new() } }
                    on:input=move |ev| sig.set(event_target_value(&ev).trim().parse().unwrap_or(f64::NAN)) />
            </label>
        }
    };
    view! {
        <details class="panel author-lesson" data-testid="author-lesson">
            <summary>{t("Author a lesson")}</summary>
            <p class="hint">{t("A lesson starts from this page as it stands: its data, network and settings, with the controls hidden in Prepare for class hidden. Write what to do, pick what counts as done, try it, then hand it out as a link or a file.")}</p>
            <div class="author-grid">
                <label class="author-field wide">{t("Title")}
                    <input type="text" data-testid="author-title" maxlength=format::TITLE_CHARS.to_string() prop:value=move || title.get()
                        on:input=move |ev| title.set(event_target_value(&ev)) />
                </label>
                <label class="author-field wide">{t("Goal: what to do, what to look for")}
                    <textarea data-testid="author-goal" rows="3" maxlength=format::TEXT_CHARS.to_string() prop:value=move || goal.get()
                        on:input=move |ev| goal.set(event_target_value(&ev))></textarea>
                </label>
                <label class="author-field wide">{t("Shown when the goal is met")}
                    <textarea data-testid="author-met" rows="2" maxlength=format::TEXT_CHARS.to_string() prop:value=move || met.get()
                        on:input=move |ev| met.set(event_target_value(&ev))></textarea>
                </label>
                <label class="author-field">{t("The goal is met when")}
                    <select data-testid="author-check" prop:value=move || kind.get() on:change=move |ev| {
                        let k = event_target_value(&ev);
                        // sensible numbers for the check chosen
                        match k.as_str() {
                            "test_loss" => { a.set(0.01); b.set(100.0); }
                            "gap_closed" => { a.set(85.0); b.set(10.0); }
                            "train_accuracy" => a.set(100.0),
                            _ => a.set(90.0),
                        }
                        kind.set(k);
                    }>
                        {KINDS.iter().map(|(k, label)| view! { <option value=*k>{crate::ui::i18n::t(label)}</option> }).collect_view()}
                    </select>
                </label>
                <div class="author-numbers">
                    {move || match kind.get().as_str() {
                        "test_loss" => view! {
                            {number(a, "author-a", crate::ui::i18n::t("test loss below"), "0.001")}
                            {number(b, "author-b", crate::ui::i18n::t("within epochs"), "10")}
                        }.into_any(),
                        "gap_closed" => view! {
                            {number(a, "author-a", crate::ui::i18n::t("test accuracy at least (%)"), "1")}
                            {number(b, "author-b", crate::ui::i18n::t("training at most this many points above"), "1")}
                        }.into_any(),
                        "setting" => view! {
                            <label class="author-field">{t("setting")}
                                <select data-testid="author-setting-key" prop:value=move || key.get() on:change=move |ev| key.set(event_target_value(&ev))>
                                    {(RULES.setting_keys)().into_iter().map(|k| view! { <option value=k>{k}</option> }).collect_view()}
                                </select>
                            </label>
                            <label class="author-field">{t("set to")}
                                <input type="text" data-testid="author-setting-value" prop:value=move || value.get()
                                    on:input=move |ev| value.set(event_target_value(&ev)) />
                            </label>
                        }.into_any(),
                        "train_accuracy" => number(a, "author-a", crate::ui::i18n::t("training accuracy at least (%)"), "1").into_any(),
                        _ => number(a, "author-a", crate::ui::i18n::t("test accuracy at least (%)"), "1").into_any(),
                    }}
                </div>
            </div>
            <p class="author-hidden" data-testid="author-hidden"><strong>{t("Hidden controls: ")}</strong>{hidden}</p>
            <div class="author-buttons">
                <button class="primary" data-testid="author-try" on:click=try_it>{t("Try it")}</button>
                <button data-testid="author-copy" on:click=copy>{t("Copy link")}</button>
                <button data-testid="author-download" on:click=download>{t("Download .json")}</button>
                <button data-testid="author-seq-add" on:click=add>{t("Add to the sequence")}</button>
                <label class="author-open">{t("Open a lesson file… ")}
                    <input type="file" accept=".json,application/json" data-testid="author-open" on:change=open_file />
                </label>
            </div>
            <label class="author-field wide">
                {move || match code.get() {
                    Some(c) => crate::ui::i18n::fill(crate::ui::i18n::t("The lesson's link ({n} characters)"), &[("n", &link_to(&c).len())]),
                    None => crate::ui::i18n::t("The lesson's link (write a title, goal and met text first)").to_string(),
                }}
                <input type="text" readonly data-testid="author-link" prop:value=move || code.get().map(|c| link_to(&c)).unwrap_or_default() />
            </label>
            <section class="author-sequence" data-testid="author-sequence" aria-label=t("A sequence of lessons")>
                <h3>{t("A sequence of lessons")}</h3>
                <p class="hint">{t("“Add to the sequence” puts the lesson written above into this list, with the page's settings as they stand; “Next” walks the lessons in this order. Change the page and the texts between two lessons.")}</p>
                <label class="author-field wide">{t("Title of the sequence")}
                    <input type="text" data-testid="author-seq-title" maxlength=format::TITLE_CHARS.to_string() prop:value=move || seq_title.get()
                        on:input=move |ev| seq_title.set(event_target_value(&ev)) />
                </label>
                <ol class="author-seq-list" data-testid="author-seq-list">
                    {move || seq.with(|ls| ls.iter().enumerate().map(|(i, l)| {
                        let n = i + 1;
                        view! {
                            <li data-testid="author-seq-item">
                                <span class="author-seq-name">{l.title.clone()}</span>
                                <button class="icon" data-testid="author-seq-up" disabled=i == 0
                                    aria-label=crate::ui::i18n::fill(t("Move lesson {n} up"), &[("n", &n)])
                                    on:click=move |_| seq.update(|s| if i > 0 && i < s.len() { s.swap(i - 1, i) })>"↑"</button>
                                <button class="icon" data-testid="author-seq-remove"
                                    aria-label=crate::ui::i18n::fill(t("Remove lesson {n}"), &[("n", &n)])
                                    on:click=move |_| seq.update(|s| if i < s.len() { s.remove(i); })>"✕"</button>
                            </li>
                        }
                    }).collect_view())}
                </ol>
                <Show when=move || seq.with(|s| s.is_empty())>
                    <p class="hint" data-testid="author-seq-empty">{t("No lessons in the sequence yet.")}</p>
                </Show>
                <div class="author-buttons">
                    <button data-testid="author-seq-try" on:click=seq_try>{t("Try the sequence")}</button>
                    <button data-testid="author-seq-copy" on:click=seq_copy>{t("Copy the sequence's link")}</button>
                    <button data-testid="author-seq-download" on:click=seq_download>{t("Download the sequence .json")}</button>
                </div>
                <label class="author-field wide">
                    {move || match seq_code.get() {
                        Some(c) => crate::ui::i18n::fill(crate::ui::i18n::t("The sequence's link ({n} characters)"), &[("n", &link_to(&c).len())]),
                        None => crate::ui::i18n::t("The sequence's link (give it a title and add lessons first)").to_string(),
                    }}
                    <input type="text" readonly data-testid="author-seq-link" prop:value=move || seq_code.get().map(|c| link_to(&c)).unwrap_or_default() />
                </label>
            </section>
            {move || message.get().map(|(ok, text)| view! {
                <p class="author-message" class:error=!ok role=if ok { "status" } else { "alert" }
                    data-testid=if ok { "author-message" } else { "author-error" }>{text}</p>
            })}
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_as_it_stands_becomes_a_valid_lesson_with_a_short_link() {
        let (mut s, _) = Settings::from_hash("#data=Circle&layers=4&acts=Tanh&lr=0.03&speed=5&stop_acc=0.9");
        s.hide = vec!["features", "advanced"];
        let l = lesson_of(
            " Circles ",
            "Press play and watch the boundary bend round the circle: reach 90 % test accuracy.",
            "Reached: four tanh neurons enclose the circle.",
            &s,
            check_of("test_accuracy", 90.0, 0.0, "", ""),
        );
        assert_eq!(l.title, "Circles");
        assert!(!l.link.contains("stop") && !l.link.contains("hide") && l.link.contains("data=Circle"), "{}", l.link);
        assert_eq!(l.hide, vec!["features", "advanced"]);
        assert_eq!(format::validate(&l, &RULES), Ok(()));
        // the lesson starts from exactly these settings
        let back = crate::ui::playground::lesson_link::settings_from_hash(&format!("#lesson={}", l.to_code())).0;
        assert_eq!((back.cfg, back.speed, back.hide), (s.cfg.clone(), s.speed, s.hide.clone()));
        println!("typical authored lesson: code {} characters", l.to_code().len());
        assert!(l.to_code().len() < 400);
        assert_eq!(check_of("test_loss", 0.01, 50.0, "", ""), Check::TestLoss { below: 0.01, within_epochs: 50 });
        assert_eq!(file_name("lesson", "Circles: the 2nd try!"), "lesson-circles-the-2nd-try.json");
    }

    #[test]
    fn the_sequence_built_is_validated_and_named_lesson_by_lesson() {
        let (s, _) = Settings::from_hash("#data=Circle&layers=4&acts=Tanh");
        let good = lesson_of("Circles", "Reach 90 % test accuracy.", "Done.", &s, check_of("test_accuracy", 90.0, 0.0, "", ""));
        let bad = lesson_of("Too much", "Reach 900 %.", "Never.", &s, check_of("test_accuracy", 900.0, 0.0, "", ""));
        assert!(sequence_of("A class", &[]).unwrap_err().starts_with("it has no lessons yet"));
        assert!(sequence_of("  ", std::slice::from_ref(&good)).unwrap_err().starts_with("title: is empty"));
        let e = sequence_of("A class", &[good.clone(), bad]).unwrap_err();
        assert!(e.starts_with("lesson 2 of 2: check[0].at_least: is 9"), "{e}");
        let seq = sequence_of(" A class ", &[good.clone(), good.clone()]).unwrap();
        assert_eq!((seq.title.as_str(), seq.lessons.len()), ("A class", 2));
        assert_eq!(file_name("sequence", &seq.title), "sequence-a-class.json");
        // a sequence whose link would be too long is refused, with the length
        let text = |k: u32| -> String {
            (0..600).map(|i: u32| char::from_u32(0x4e00 + (i * 7919 + k * 104_729) % 20000).unwrap_or('x')).collect()
        };
        let wordy: Vec<LessonFile> =
            (0..format::MAX_SEQUENCE as u32).map(|k| LessonFile { goal: text(2 * k), met: text(2 * k + 1), ..good.clone() }).collect();
        let e = sequence_of("A class", &wordy).err().unwrap_or_default();
        assert!(e.starts_with("its link would be") && e.contains(&format!("at most {}", format::MAX_CODE_CHARS)), "{e}");
    }

    #[test]
    fn the_sequence_being_built_is_kept_and_read_back_validated() {
        let (s, _) = Settings::from_hash("#data=Circle&layers=4&acts=Tanh");
        let good = lesson_of("Circles", "Reach 90 % test accuracy.", "Done.", &s, check_of("test_accuracy", 90.0, 0.0, "", ""));
        // an untitled draft is kept as it is
        let kept = draft_to_store("", &[good.clone(), good.clone()]);
        assert_eq!(draft_from_store(&kept), Ok((String::new(), vec![good.clone(), good.clone()])));
        // a corrupt store is refused, naming what is wrong, never a panic
        let why = |text: &str| draft_from_store(text).unwrap_err().to_string();
        assert!(why("{").starts_with("the file is not JSON"));
        assert!(why("[]").starts_with("title: is not a text"));
        assert!(why(r#"{"title":"A","lessons":3}"#).starts_with("lessons: is not a list"));
        let bad = kept.replace("0.9", "9.0");
        assert!(why(&bad).starts_with("lesson 1 of 2: check[0].at_least: is 9"), "{bad}");
        let many = draft_to_store("A", &vec![good; format::MAX_SEQUENCE + 1]);
        assert!(why(&many).starts_with("lessons: has 13 lessons; 1 to 12"));
    }
}
