//! Lessons: guided presets for the classroom (the XOR story first). The
//! Lessons menu in the top bar opens one; a bar under it states the goal,
//! marks it met (checked live after every slow frame) and offers the next.
//! The lesson is in the address (`#lesson=3`), so a teacher can hand out a link.

pub mod compare;
pub mod goals;
pub mod table;

use leptos::prelude::*;

use crate::ui::playground::state::Settings;
use crate::ui::url;
use table::{Lesson, Stage, LESSONS};

/// The lesson state shared by the top bar, the playground and the convolution lab.
#[derive(Clone, Copy)]
pub struct LessonCtx {
    /// The open lesson (1-based), if any.
    pub active: RwSignal<Option<usize>>,
    /// Its goal is met.
    pub met: RwSignal<bool>,
    /// Lesson 6's batch comparison has run.
    pub compared: RwSignal<bool>,
}

impl LessonCtx {
    /// The open lesson's definition.
    pub fn lesson(&self) -> Option<&'static Lesson> {
        self.active.get().map(|n| &LESSONS[n - 1])
    }
    /// The same, untracked.
    pub fn lesson_untracked(&self) -> Option<&'static Lesson> {
        self.active.get_untracked().map(|n| &LESSONS[n - 1])
    }
}

/// The lesson context (None outside the app, e.g. in a browser test mounting one view).
pub fn lesson_ctx() -> Option<LessonCtx> {
    use_context::<LessonCtx>()
}

/// The lesson a hash names: `Ok(None)` without a `lesson` key, `Err` with a
/// plain message for one that is not a lesson number.
pub fn lesson_in_hash(hash: &str) -> Result<Option<usize>, String> {
    let pairs = url::parse_pairs(hash);
    let Some((_, v)) = pairs.iter().find(|(k, _)| k == "lesson") else { return Ok(None) };
    match v.trim().parse::<usize>() {
        Ok(n) if (1..=LESSONS.len()).contains(&n) => Ok(Some(n)),
        _ => Err(format!("lesson (there is no lesson “{v}”; the lessons are 1 to {}: choose one from the Lessons menu)", LESSONS.len())),
    }
}

/// Whether lesson `n` happens in the convolution view.
pub fn is_conv(n: usize) -> bool {
    matches!(LESSONS.get(n.wrapping_sub(1)).map(|l| l.stage), Some(Stage::ConvBars))
}

/// The playground's settings for a hash: a lesson's setup with the address's
/// own fields over it (a link keeps what the teacher changed), or the plain
/// [`Settings::from_hash`]. The second value names the fields that fell back,
/// a bad lesson number among them.
pub fn settings_from_hash(hash: &str) -> (Settings, Vec<String>) {
    let lesson = lesson_in_hash(hash);
    let rest: Vec<(String, String)> = url::parse_pairs(hash).into_iter().filter(|(k, _)| k != "lesson").collect();
    let rest_hash = url::join_pairs(rest.iter().map(|(k, v)| (k.as_str(), v.clone())));
    match lesson {
        Ok(Some(n)) => {
            let Stage::Playground(setup) = LESSONS[n - 1].stage else { return Settings::from_hash(&rest_hash) };
            // the lesson's pairs, in their order, overridden by the address's
            let mut pairs = url::parse_pairs(&setup().to_hash());
            for (k, v) in &rest {
                match pairs.iter_mut().find(|(pk, _)| pk == k) {
                    Some(p) => p.1 = v.clone(),
                    None => pairs.push((k.clone(), v.clone())),
                }
            }
            Settings::from_hash(&url::join_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.clone()))))
        }
        Ok(None) => Settings::from_hash(hash),
        Err(e) => {
            let (s, mut bad) = Settings::from_hash(&rest_hash);
            bad.insert(0, e);
            (s, bad)
        }
    }
}

/// The hash the playground writes: its settings, after the lesson if one is open.
pub fn hash_with_lesson(lesson: Option<usize>, settings_hash: &str) -> String {
    match lesson {
        Some(n) => format!("lesson={n}&{settings_hash}"),
        None => settings_hash.to_string(),
    }
}

/// The Lessons menu (top bar): choosing one opens it, "Free play" leaves.
#[component]
pub fn LessonsMenu(
    /// Opens lesson `n` (0 = none) afresh.
    open: Callback<usize>,
) -> impl IntoView {
    let lc = lesson_ctx().expect("LessonCtx is provided by App");
    let value = move || lc.active.get().unwrap_or(0).to_string();
    view! {
        <label class="lessons-menu">
            <select data-testid="lessons" aria-label="Lessons" prop:value=value
                on:change=move |ev| {
                    let n: usize = event_target_value(&ev).parse().unwrap_or(0);
                    open.run(n);
                }>
                <option value="0" selected=move || lc.active.get().is_none()>"Lessons…"</option>
                {LESSONS.iter().enumerate().map(|(i, l)| {
                    let n = i + 1;
                    view! { <option value=n.to_string() selected=move || lc.active.get() == Some(n)>{format!("{n}. {}", l.menu)}</option> }
                }).collect_view()}
                <option value="0">"Free play"</option>
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
    view! {
        <Show when=move || lc.active.get().is_some()>
            {move || {
                let n = lc.active.get().unwrap_or(1);
                let l = &LESSONS[n - 1];
                view! {
                    <section class="lesson-bar" class:met=move || lc.met.get() data-testid="lesson-bar" aria-label="Lesson">
                        <div class="lesson-text">
                            <div class="lesson-title">{format!("Lesson {n} of {}: {}", LESSONS.len(), l.title)}</div>
                            <p class="lesson-goal" data-testid="lesson-goal">{l.goal}</p>
                            <Show when=move || lc.met.get()>
                                <p class="lesson-met" data-testid="lesson-met" role="status">
                                    <strong>"✓ Goal met. "</strong>{l.met}
                                </p>
                            </Show>
                        </div>
                        <div class="lesson-buttons">
                            <Show when=move || { n < LESSONS.len() }>
                                <button class:primary=move || lc.met.get() data-testid="lesson-next"
                                    on:click=move |_| open.run(n + 1)>{format!("Next: lesson {} →", n + 1)}</button>
                            </Show>
                            <button class="link" data-testid="lesson-leave" on:click=move |_| open.run(0)>"Leave lesson"</button>
                        </div>
                    </section>
                }
            }}
        </Show>
    }
}

/// What the goal checks read from a playground session. `seen` is the epoch
/// of the newest history entry already read (reset when a run restarts).
pub fn snapshot(s: &crate::ui::playground::session::Session, seen: &mut Option<u64>, compared: bool) -> goals::Snapshot {
    let t = &s.trainer;
    if seen.is_some_and(|e| t.epoch() < e) {
        *seen = None;
    }
    let new_history = t.history_after(*seen).to_vec();
    if let Some(h) = new_history.last() {
        *seen = Some(h.epoch);
    }
    let stats = t.last_stats();
    let c = t.config();
    goals::Snapshot {
        data: Some(c.data.kind),
        n_points: c.data.n_points,
        epoch: t.epoch(),
        train_accuracy: stats.train_accuracy,
        test_accuracy: stats.test_accuracy,
        train_loss: stats.train_loss,
        test_loss: stats.test_loss,
        new_history,
        hidden: c.hidden.iter().map(|h| h.activation).collect(),
        norm_or_skip: goals::has_norm_or_skip(c),
        regularization_rate: if c.regularization.kind == crate::engine::math::optimizer::RegularizationKind::None {
            0.0
        } else {
            c.regularization.rate
        },
        stopped: s.stopped(),
        compared,
        conv_accuracy: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_link_opens_its_setup_and_keeps_the_links_own_fields() {
        let (s, bad) = settings_from_hash("#lesson=3");
        assert!(bad.is_empty(), "{bad:?}");
        let Stage::Playground(f) = LESSONS[2].stage else { panic!() };
        assert_eq!(s, f());
        let (s, bad) = settings_from_hash("#lesson=3&lr=0.1&seed=7");
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!((s.cfg.learning_rate, s.cfg.seed, s.cfg.hidden.len()), (0.1, 7, 1));
        // what the page writes reads back the same
        let back = settings_from_hash(&format!("#{}", hash_with_lesson(Some(3), &s.to_hash())));
        assert_eq!(back, (s, vec![]));
    }

    #[test]
    fn a_bad_lesson_number_falls_back_with_a_notice_and_keeps_the_rest() {
        for bad_n in ["0", "10", "abc", "-1", ""] {
            let (s, bad) = settings_from_hash(&format!("#lesson={bad_n}&lr=0.1"));
            assert_eq!(s.cfg.learning_rate, 0.1, "the other fields apply");
            assert_eq!(bad.len(), 1, "{bad:?}");
            assert!(bad[0].starts_with("lesson (there is no lesson") && bad[0].contains("1 to 9"), "{bad:?}");
            assert!(lesson_in_hash(&format!("#lesson={bad_n}")).is_err());
        }
        assert_eq!(lesson_in_hash("#lesson=9"), Ok(Some(9)));
        assert_eq!(lesson_in_hash("#lr=1"), Ok(None));
        assert!(is_conv(9) && !is_conv(3) && !is_conv(0) && !is_conv(10));
    }
}
