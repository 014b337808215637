//! Lessons in the labs (issue 26, item 4): which view a lesson opens, the
//! settings a lab lesson's `setting` check may name, what the labs and the
//! playground's panels report for the checks ([`Readings`]), and the hooks a
//! lab calls: [`bind_lab`] (its link, led by `lesson=` when a lesson set it up)
//! and [`watch`] (the open lesson's goal, checked after every slow frame).

use leptos::prelude::*;

use super::format::LessonView;
use super::goals::{Snapshot, Tracker};
use super::table::Lesson;
use crate::ui::settings::{self, Table};

/// What the labs and the playground's panels measured, for the checks that read them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Readings {
    /// The recurrent lab's gradient reach now: its size 0, 1, 2, … steps back from the last output.
    pub reach: Vec<f64>,
    /// The autoencoder's codes: the fraction of images nearest their own digit's centre.
    pub separation: Option<f64>,
    /// The denoising autoencoder: the share of the noise it takes away (None: not denoising).
    pub denoised: Option<f64>,
    /// The autoencoder: how many odd images it rebuilds among its worst (None: none scored).
    pub odd_found: Option<usize>,
    /// The convolution lab's picked feature-map cell: its layer's receptive field.
    pub field: Option<Field>,
    /// The playground's last finished learning-rate sweep: each rate's final test loss (None: diverged).
    pub sweep: Option<Vec<(f64, Option<f64>)>>,
    /// The best simpler model's test accuracy, fitted on the data as it is now (None: not fitted, or stale).
    pub simpler: Option<f64>,
}

/// A picked cell's receptive field: its side in input pixels, and what widens it among the
/// layers up to its own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Field {
    pub side: usize,
    pub through: Vec<super::format::Widen>,
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

/// The lab a lesson opens in (None: the playground).
pub fn lab_view(l: &'static Lesson) -> Option<LessonView> {
    (l.view != LessonView::Playground).then_some(l.view)
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
        s.lab.denoised = s.lab.denoised.or(r.denoised);
        s.lab.odd_found = s.lab.odd_found.or(r.odd_found);
        s.lab.field = s.lab.field.take().or(r.field);
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
}
