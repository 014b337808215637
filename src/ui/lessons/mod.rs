//! Lessons: guided presets for the classroom (the XOR story first). The
//! Lessons menu in the top bar opens one; a bar under it states the goal,
//! marks it met (checked live after every slow frame) and offers the next.
//! The lesson is in the address (`#lesson=3`, or a teacher's whole lesson:
//! `#lesson=<code>`, see [`format`]), so a teacher can hand out a link.

pub mod compare;
pub mod format;
pub mod goals;
pub mod labs;
pub mod reasons;
pub mod table;

use crate::ui::i18n::t;
use leptos::prelude::*;

use crate::ui::url;
use format::LessonView;
use table::{builtin, Lesson};

/// The lesson state shared by the top bar, the playground and the convolution lab.
#[derive(Clone, Copy)]
pub struct LessonCtx {
    /// The open lesson, if any.
    pub active: RwSignal<Option<&'static Lesson>>,
    /// Its goal is met.
    pub met: RwSignal<bool>,
    /// The first part of a two-part goal is done (see [`Lesson::first_part`]).
    pub part: RwSignal<bool>,
    /// Lesson 6's batch comparison has run.
    pub compared: RwSignal<bool>,
}

impl LessonCtx {
    /// The open lesson's definition.
    pub fn lesson(&self) -> Option<&'static Lesson> {
        self.active.get()
    }
    /// The same, untracked.
    pub fn lesson_untracked(&self) -> Option<&'static Lesson> {
        self.active.get_untracked()
    }
}

/// The lesson context (None outside the app, e.g. in a browser test mounting one view).
pub fn lesson_ctx() -> Option<LessonCtx> {
    use_context::<LessonCtx>()
}

/// The lesson a hash names: `Ok(None)` without a `lesson` key, `Err` with a
/// plain message for one that is neither a lesson number nor a lesson's code.
pub fn lesson_in_hash(hash: &str, rules: &format::Rules) -> Result<Option<&'static Lesson>, String> {
    let pairs = url::parse_pairs(hash);
    let Some((_, v)) = pairs.iter().find(|(k, _)| k == "lesson") else { return Ok(None) };
    let v = v.trim();
    let n = builtin().len();
    if v.len() < 8 {
        return match v.parse::<usize>() {
            Ok(k) if (1..=n).contains(&k) => Ok(Some(&builtin()[k - 1])),
            _ => Err(crate::ui::i18n::fill(
                t("lesson (there is no lesson “{v}”; the lessons are 1 to {n}: choose one from the Lessons menu)"),
                &[("v", &url::shown_key(v)), ("n", &n)],
            )),
        };
    }
    table::authored(v, rules)
        .map(Some)
        .map_err(|e| crate::ui::i18n::fill(t("lesson (the lesson in this link cannot be opened: {e})"), &[("e", &e)]))
}

/// Whether a lesson happens in the convolution view.
pub fn is_conv(l: &Lesson) -> bool {
    l.view == LessonView::Conv
}

/// Opens lesson `k` of the open lesson's sequence, as its link would (the page
/// reads the new address afresh: its view, its settings, its hidden controls).
pub fn open_in_sequence(place: &table::Place, k: usize) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&format!("lesson={}", place.code_of(k)));
    }
}

/// The Lessons menu (top bar): choosing one opens it, "Free play" leaves.
#[component]
pub fn LessonsMenu(
    /// Opens lesson `n` (0 = none) afresh.
    open: Callback<usize>,
) -> impl IntoView {
    let lc = lesson_ctx().expect("LessonCtx is provided by App");
    let value = move || match lc.active.get() {
        Some(l) if l.sequence.is_some() => format!("s{}", l.sequence.as_ref().map_or(0, |p| p.index)),
        l => l.and_then(|l| l.number).unwrap_or(0).to_string(),
    };
    // a lesson of the open sequence ("s2": its lesson 2), else a built-in lesson's number
    let in_sequence = move |v: &str| -> Option<usize> { v.strip_prefix('s').and_then(|k| k.parse().ok()) };
    let to_sequence = move |k: usize| {
        if let Some(p) = lc.active.get_untracked().and_then(|l| l.sequence.as_ref()) {
            if k != p.index {
                open_in_sequence(p, k);
            }
        }
    };
    // arrowing through the closed menu only shows the lessons; Enter (or leaving the menu) opens
    // the one shown, a pick with the mouse opens at once
    let browsing = StoredValue::new(false);
    let commit = move |ev: &leptos::ev::Event| {
        browsing.set_value(false);
        let v = event_target_value(ev);
        if let Some(k) = in_sequence(&v) {
            return to_sequence(k);
        }
        let n: usize = v.parse().unwrap_or(0);
        if Some(n) != lc.active.get_untracked().and_then(|l| l.number) {
            open.run(n);
        }
    };
    view! {
        <label class="lessons-menu">
            <select data-testid="lessons" aria-label=t("Lessons") prop:value=value
                on:keydown=move |ev| match ev.key().as_str() {
                    "ArrowUp" | "ArrowDown" | "PageUp" | "PageDown" | "Home" | "End" => browsing.set_value(true),
                    "Enter" => commit(&ev),
                    _ => {}
                }
                on:blur=move |ev| {
                    if browsing.get_value() {
                        commit(&ev);
                    }
                }
                on:change=move |ev| {
                    if !browsing.get_value() {
                        let v = event_target_value(&ev);
                        match in_sequence(&v) {
                            Some(k) => to_sequence(k),
                            None => open.run(v.parse().unwrap_or(0)),
                        }
                    }
                }>
                <option value="0" selected=move || lc.active.get().is_none_or(|l| l.number.is_none() && l.sequence.is_none())>
                    {move || match lc.active.get() {
                        Some(l) if l.number.is_none() => crate::ui::i18n::t("Your lesson").to_string(),
                        _ => crate::ui::i18n::t("Lessons…").to_string(),
                    }}
                </option>
                {builtin().iter().enumerate().map(|(i, l)| {
                    let n = i + 1;
                    view! { <option value=n.to_string() selected=move || lc.active.get().and_then(|l| l.number) == Some(n)>{format!("{n}. {}", l.menu_name())}</option> }
                }).collect_view()}
                // the open sequence's lessons (a teacher's), under its title
                {move || lc.active.get().and_then(|l| l.sequence.as_ref()).map(|p| {
                    let here = p.index;
                    view! {
                        <optgroup label=p.title.clone() data-testid="lessons-sequence">
                            {p.menu.iter().enumerate().map(|(i, name)| {
                                let k = i + 1;
                                view! { <option value=format!("s{k}") selected=k == here>{format!("{k}. {name}")}</option> }
                            }).collect_view()}
                        </optgroup>
                    }
                })}
                <option value="0">{t("Free play")}</option>
            </select>
        </label>
    }
}

/// The bar under the top bar while a lesson is open: its goal, whether it is
/// met (and what that showed), next, and leave.
#[component]
pub fn LessonBar(
    /// Opens lesson `n` (0 = none) afresh.
    open: Callback<usize>,
) -> impl IntoView {
    let lc = lesson_ctx().expect("LessonCtx is provided by App");
    // a sequence's Next opens its lesson through the address (read a task later): the focus
    // goes to the new lesson's buttons once it is open, not while the old bar still stands
    let refocus = StoredValue::new(false);
    Effect::new(move |_| {
        lc.active.track();
        if refocus.get_value() {
            refocus.set_value(false);
            crate::ui::keyboard::focus_later(r#"[data-testid="lesson-next"], [data-testid="lesson-leave"]"#.into());
        }
    });
    view! {
        <Show when=move || lc.active.get().is_some()>
            {move || {
                let Some(l) = lc.active.get() else { return ().into_any() };
                let n = l.number.unwrap_or(0);
                let place = l.sequence.as_ref();
                let title = match (l.number, place) {
                    (Some(n), _) => crate::ui::i18n::fill(crate::ui::i18n::t("Lesson {n} of {m}: {title}"), &[("n", &n), ("m", &builtin().len()), ("title", &l.title)]),
                    (None, Some(p)) => crate::ui::i18n::fill(
                        crate::ui::i18n::t("{sequence}, lesson {n} of {m}: {title}"),
                        &[("sequence", &p.title), ("n", &p.index), ("m", &p.count()), ("title", &l.title)],
                    ),
                    (None, None) => crate::ui::i18n::fill(crate::ui::i18n::t("Your lesson: {title}"), &[("title", &l.title)]),
                };
                let last = place.is_some_and(|p| p.index == p.count());
                view! {
                    <section class="lesson-bar" class:met=move || lc.met.get() data-testid="lesson-bar" aria-label=t("Lesson")>
                        <div class="lesson-text">
                            <div class="lesson-title" data-testid="lesson-title">{title}</div>
                            <p class="lesson-goal" data-testid="lesson-goal">{l.goal.clone()}</p>
                            <Show when=move || lc.met.get()>
                                <p class="lesson-met" data-testid="lesson-met" role="status">
                                    <strong>{t("✓ Goal met. ")}</strong>{l.met.clone()}
                                </p>
                            </Show>
                            {l.first_part.clone().map(|text| view! {
                                <Show when=move || lc.part.get() && !lc.met.get()>
                                    <p class="lesson-met lesson-part" data-testid="lesson-part" role="status">
                                        <strong>{t("✓ First part done. ")}</strong>{text.clone()}
                                    </p>
                                </Show>
                            })}
                            <Show when=move || last && lc.met.get()>
                                <p class="lesson-met" data-testid="lesson-sequence-done" role="status">
                                    <strong>{t("✓ Sequence done. ")}</strong>{t("That was its last lesson.")}
                                </p>
                            </Show>
                        </div>
                        <div class="lesson-buttons">
                            <Show when=move || { n >= 1 && n < builtin().len() }>
                                <button class:primary=move || lc.met.get() data-testid="lesson-next"
                                    on:click=move |_| {
                                        open.run(n + 1);
                                        // the focus goes to the new lesson's buttons, not the page's body
                                        crate::ui::keyboard::focus_later(r#"[data-testid="lesson-next"], [data-testid="lesson-leave"]"#.into());
                                    }>{crate::ui::i18n::fill(crate::ui::i18n::t("Next: lesson {n} →"), &[("n", &(n + 1))])}</button>
                            </Show>
                            {place.filter(|p| p.index < p.count()).map(|p| {
                                let k = p.index + 1;
                                let label = crate::ui::i18n::fill(crate::ui::i18n::t("Next: lesson {n} of {m} →"), &[("n", &k), ("m", &p.count())]);
                                view! {
                                    <button class:primary=move || lc.met.get() data-testid="lesson-next"
                                        on:click=move |_| {
                                            if let Some(p) = lc.active.get_untracked().and_then(|l| l.sequence.as_ref()) {
                                                refocus.set_value(true);
                                                open_in_sequence(p, k);
                                            }
                                        }>{label}</button>
                                }
                            })}
                            <button class="link" data-testid="lesson-leave" on:click=move |_| open.run(0)>{t("Leave lesson")}</button>
                        </div>
                    </section>
                }
                .into_any()
            }}
        </Show>
    }
}
