//! Lessons in the labs (issue 26, item 4): which view a lesson opens, the
//! settings a lab lesson's `setting` check may name, what the labs and the
//! playground's panels report for the checks ([`Readings`]), and the hooks a
//! lab calls: [`bind_lab`] (its link, led by `lesson=` when a lesson set it up)
//! and [`watch`] (the open lesson's goal, checked after every slow frame).

use leptos::prelude::*;

use super::format::LessonView;
use super::goals::{Snapshot, Tracker};
use super::table::Lesson;
use crate::engine::math::optimizer::OptimizerKind;
use crate::engine::rnn::task::Task;
use crate::ui::app::View;
use crate::ui::settings::{self, Table, Value};

/// What the labs and the playground's panels measured, for the checks that read them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Readings {
    /// The recurrent lab's gradient reach now: its size 0, 1, 2, … steps back from the last output.
    pub reach: Vec<f64>,
    /// The autoencoder's codes: the fraction of images nearest their own digit's centre.
    pub separation: Option<f64>,
    /// The convolution lab's picked feature-map cell: its layer's receptive field (a side, in input pixels).
    pub field: Option<usize>,
    /// The playground's last finished learning-rate sweep: each rate's final test loss (None: diverged).
    pub sweep: Option<Vec<(f64, Option<f64>)>>,
    /// The best simpler model's test accuracy, fitted on the data as it is now (None: not fitted, or stale).
    pub simpler: Option<f64>,
}

thread_local! {
    /// Reference-counted, so no view's owner disposes of it when the view goes.
    static READINGS: ArcRwSignal<Readings> = ArcRwSignal::new(Readings::default());
}

/// The page's readings (one signal for the page's life).
pub fn readings() -> ArcRwSignal<Readings> {
    READINGS.with(Clone::clone)
}

/// Changes the readings (only when `f` changes them).
pub fn report(f: impl FnOnce(&mut Readings)) {
    let r = readings();
    let mut next = r.get_untracked();
    f(&mut next);
    if next != r.get_untracked() {
        r.set(next);
    }
}

/// The view a lesson opens in.
pub fn view_of(l: &Lesson) -> View {
    match l.view {
        LessonView::Playground => View::Playground,
        LessonView::Conv => View::Conv,
        LessonView::Rnn => View::Rnn,
        LessonView::Autoencoder => View::Autoencoder,
    }
}

/// The lab a lesson opens in (None: the playground).
pub fn lab_view(l: &'static Lesson) -> Option<View> {
    (l.view != LessonView::Playground).then(|| view_of(l))
}

/// A lab's setting rows a `setting` check may name: numbers in their domain, and the
/// texts whose values are known here (task, optimizer, seed, denoise).
fn checkable<S>(table: &'static Table<S>) -> Vec<&'static str> {
    table
        .rows
        .iter()
        .filter(|r| matches!(r.value, Value::Number(..)) || TEXTS.contains(&r.key))
        .map(|r| r.key)
        .filter(|k| *k != "hide" && !k.starts_with("stop"))
        .collect()
}

const TEXTS: [&str; 4] = ["task", "optimizer", "seed", "denoise"];

/// The keys a lab lesson's `setting` check may name.
pub fn setting_keys(view: LessonView) -> Vec<&'static str> {
    match view {
        LessonView::Playground => Vec::new(),
        LessonView::Conv => checkable(&crate::ui::conv_lab::TABLE),
        LessonView::Rnn => checkable(&crate::ui::rnn::controls::TABLE),
        LessonView::Autoencoder => checkable(&crate::ui::autoencoder::controls::TABLE),
    }
}

fn number_ok<S>(table: &'static Table<S>, key: &str, v: &str) -> bool {
    table.rows.iter().find(|r| r.key == key).is_some_and(|r| match r.value {
        Value::Number(d, ..) => d.parse(v).is_some(),
        Value::Text(..) => match key {
            "task" => settings::offered_enum(v, Task::all()).is_some(),
            "optimizer" => settings::offered_enum(v, OptimizerKind::all()).is_some(),
            "seed" => v.parse::<u64>().is_ok(),
            "denoise" => settings::flag(v).is_some(),
            _ => false,
        },
    })
}

/// Whether `value` is a value of a lab's setting `key` (one of [`setting_keys`]).
pub fn setting_ok(view: LessonView, key: &str, value: &str) -> bool {
    setting_keys(view).contains(&key)
        && match view {
            LessonView::Playground => false,
            LessonView::Conv => number_ok(&crate::ui::conv_lab::TABLE, key, value),
            LessonView::Rnn => number_ok(&crate::ui::rnn::controls::TABLE, key, value),
            LessonView::Autoencoder => number_ok(&crate::ui::autoencoder::controls::TABLE, key, value),
        }
}

/// The open lesson, if it happens in `view`.
pub fn open_in(view: LessonView) -> Option<&'static Lesson> {
    super::lesson_ctx().and_then(|lc| lc.lesson_untracked()).filter(|l| l.view == view)
}

/// Binds a lab's settings to the address ([`settings::bind`]); when a lesson of this
/// view is open, its link is led by `lesson=<n>` (not read as a setting).
pub fn bind_lab<S: Copy + 'static>(table: &'static Table<S>, s: S, view: LessonView) -> Option<String> {
    match open_in(view) {
        Some(l) => settings::bind_under(table, s, ("lesson", l.code.clone()), true),
        None => settings::bind(table, s),
    }
}

/// Checks the open lesson of `view` after every `slow` frame: `snap` reads what the lab
/// computed (its settings are the address's pairs). Met and first part go to the lesson bar.
pub fn watch(view: LessonView, slow: Trigger, snap: impl Fn() -> Option<Snapshot> + 'static) {
    let Some(lc) = super::lesson_ctx() else { return };
    if open_in(view).is_none() {
        return;
    }
    let tracker = StoredValue::new_local(Tracker::new());
    Effect::new(move |_| {
        slow.track();
        let Some(l) = lc.lesson_untracked().filter(|l| l.view == view) else { return };
        let Some(mut s) = snap() else { return };
        s.settings = crate::ui::url::parse_pairs(&crate::ui::url::read_hash());
        // what the lab measured in this frame, over what was reported (a pick, a fit)
        let r = readings().get();
        if s.lab.reach.is_empty() {
            s.lab.reach = r.reach;
        }
        s.lab.separation = s.lab.separation.or(r.separation);
        s.lab.field = s.lab.field.or(r.field);
        s.lab.sweep = s.lab.sweep.take().or(r.sweep);
        s.lab.simpler = s.lab.simpler.or(r.simpler);
        let Some((met, part)) = tracker.try_update_value(|tr| (tr.observe(&l.check, &s), tr.first_part())) else { return };
        if met != lc.met.get_untracked() {
            lc.met.set(met);
        }
        if part != lc.part.get_untracked() {
            lc.part.set(part);
        }
    });
}

/// The fraction of points nearest their own class's centre (`codes`: `dim` values a point).
pub fn nearest_centre(codes: &[f64], dim: usize, labels: &[usize]) -> Option<f64> {
    let n = labels.len();
    if dim == 0 || codes.len() != n * dim || n == 0 {
        return None;
    }
    let classes = labels.iter().max().map_or(0, |m| m + 1);
    let mut centre = vec![0.0; classes * dim];
    let mut count = vec![0usize; classes];
    for (i, &l) in labels.iter().enumerate() {
        count[l] += 1;
        for j in 0..dim {
            centre[l * dim + j] += codes[i * dim + j];
        }
    }
    for l in 0..classes {
        for j in 0..dim {
            centre[l * dim + j] /= count[l].max(1) as f64;
        }
    }
    let d2 = |i: usize, l: usize| (0..dim).map(|j| (codes[i * dim + j] - centre[l * dim + j]).powi(2)).sum::<f64>();
    let right = (0..n)
        .filter(|&i| {
            let own = d2(i, labels[i]);
            (0..classes).filter(|&l| count[l] > 0 && l != labels[i]).all(|l| d2(i, l) > own)
        })
        .count();
    Some(right as f64 / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_centre_counts_the_points_by_their_own_centre() {
        // two clusters apart: all right; one point sitting in the other cluster: 3 of 4
        assert_eq!(nearest_centre(&[0.0, 0.0, 0.1, 0.0, 5.0, 5.0, 5.1, 5.0], 2, &[0, 0, 1, 1]), Some(1.0));
        assert_eq!(nearest_centre(&[0.0, 0.0, 5.0, 5.0, 5.1, 5.0, 5.2, 5.0], 2, &[0, 0, 1, 1]), Some(0.75));
        assert_eq!(nearest_centre(&[0.0], 2, &[0]), None);
    }

    #[test]
    fn a_lab_lesson_is_validated_as_strictly_as_a_playground_one() {
        use crate::ui::lessons::format::read;
        use crate::ui::playground::lesson_link::RULES;
        let lesson = |view: &str, link: &str, check: &str| {
            format!(r#"{{"version":1,"title":"t","goal":"g","met":"m","view":"{view}","link":"{link}","check":[{check}]}}"#)
        };
        let ok = read(&lesson("rnn", "", r#"{"gradient_reach":{"steps_back":12,"below":0.001}}"#), &RULES);
        assert!(ok.is_ok(), "{ok:?}");
        let err = |v, l, c| read(&lesson(v, l, c), &RULES).unwrap_err();
        assert!(err("rnn", "", r#"{"test_accuracy":{"at_least":0.9}}"#)
            .starts_with("check[0]: test_accuracy is a check of the playground view"));
        assert!(err("playground", "", r#"{"codes_separate":{"at_least":0.9}}"#).contains("a check of the autoencoder view"));
        assert!(err("autoencoder", "code=2", r#"{"codes_separate":{"at_least":0.9}}"#).starts_with("link: "));
        assert!(err("autoencoder", "", r#"{"codes_separate":{"at_least":9}}"#).starts_with("check[0].at_least: is 9"));
        assert!(err("rnn", "", r#"{"setting":{"key":"tasks","value":"echo"}}"#)
            .starts_with("check[0].key: “tasks” is no setting of the rnn view"));
        assert!(err("rnn", "", r#"{"setting":{"key":"k","value":"7"}}"#).starts_with("check[0].value: “7” is not a value of k"));
        assert!(err("conv", "", r#"{"receptive_field":{"at_least":3,"script":1}}"#).contains("unknown field `script`"));
        let e = err("lab", "", r#"{"receptive_field":{"at_least":3}}"#);
        assert!(e.contains("unknown variant `lab`"), "{e}");
    }

    #[test]
    fn lab_setting_checks_know_their_keys_and_values() {
        assert!(setting_ok(LessonView::Rnn, "task", "echo") && !setting_ok(LessonView::Rnn, "task", "Tetris"));
        assert!(setting_ok(LessonView::Rnn, "k", "12") && !setting_ok(LessonView::Rnn, "k", "7"));
        assert!(setting_ok(LessonView::Autoencoder, "code", "8") && setting_ok(LessonView::Autoencoder, "denoise", "1"));
        assert!(!setting_keys(LessonView::Rnn).contains(&"hide") && !setting_keys(LessonView::Rnn).contains(&"stop_loss"));
    }
}
