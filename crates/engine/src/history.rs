//! What every trainer records after an epoch ([`EpochStats`]: the dense nets,
//! the conv net, the recurrent net and the autoencoder all use it) and the
//! bounded list that keeps them ([`History`]).

use serde::{Deserialize, Serialize};

/// Losses and accuracies after an epoch (or at epoch 0, before training).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochStats {
    /// Epochs completed when measured (0 = initial weights).
    pub epoch: u64,
    /// Mean loss over the training set.
    pub train_loss: f64,
    /// Mean loss over the test set (`None` when there are no test points).
    pub test_loss: Option<f64>,
    /// Fraction of training points classified correctly (`None` for regression).
    pub train_accuracy: Option<f64>,
    /// Fraction of test points classified correctly (`None` for regression or no test points).
    pub test_accuracy: Option<f64>,
}

impl EpochStats {
    /// Stats of a trainer with no test set.
    pub fn train_only(epoch: u64, train_loss: f64, train_accuracy: Option<f64>) -> EpochStats {
        EpochStats { epoch, train_loss, test_loss: None, train_accuracy, test_accuracy: None }
    }
}

/// The most entries a history keeps by default (at least half as many once a
/// run is that long): enough for any chart, bounded for a run of hours.
pub const HISTORY_CAP: usize = 4096;

/// Stats per evaluated epoch, in epoch order, starting with epoch 0. When it
/// is full (its bound, [`HISTORY_CAP`] by default) every other one goes (epoch 0 and the
/// newest stay), so the entries kept are spread over the whole run and the
/// buffer never grows past that: a run of hours holds its memory flat.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    entries: Vec<EpochStats>,
    bound: usize,
}

impl Default for History {
    fn default() -> Self {
        History::bounded(HISTORY_CAP)
    }
}

/// A history reads as the slice of its entries (`iter`, `len`, `last`, `[i]`).
impl std::ops::Deref for History {
    type Target = [EpochStats];
    fn deref(&self) -> &[EpochStats] {
        &self.entries
    }
}

impl<'a> IntoIterator for &'a History {
    type Item = &'a EpochStats;
    type IntoIter = std::slice::Iter<'a, EpochStats>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl History {
    /// An empty history that keeps at most `bound` entries (at least 2).
    pub fn bounded(bound: usize) -> History {
        History { entries: Vec::new(), bound: bound.max(2) }
    }
    /// Appends an evaluation, thinning first when full.
    pub fn push(&mut self, s: EpochStats) {
        if self.entries.len() >= self.bound {
            let last = self.entries.len() - 1;
            let mut i = 0;
            self.entries.retain(|_| {
                let keep = i % 2 == 0 || i == last;
                i += 1;
                keep
            });
        }
        self.entries.push(s);
    }
    /// The entries, oldest first.
    pub fn as_slice(&self) -> &[EpochStats] {
        &self.entries
    }
    /// The entries after epoch `epoch` (what a chart has not seen yet).
    pub fn after(&self, epoch: Option<u64>) -> &[EpochStats] {
        let from = epoch.map_or(0, |e| self.entries.partition_point(|s| s.epoch <= e));
        &self.entries[from..]
    }
    /// The newest entry, to amend (a re-evaluation of the same weights).
    pub fn last_mut(&mut self) -> Option<&mut EpochStats> {
        self.entries.last_mut()
    }
    /// Forgets everything.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// At most `max_points` of a history's training losses as chart points
/// (epoch, loss): every k-th entry, and always the newest.
pub fn loss_points(h: &[EpochStats], max_points: usize) -> Vec<(f64, f64)> {
    let stride = h.len().div_ceil(max_points.max(1)).max(1);
    let mut pts: Vec<(f64, f64)> = h.iter().step_by(stride).map(|s| (s.epoch as f64, s.train_loss)).collect();
    if let Some(last) = h.last() {
        if pts.last().map(|p| p.0) != Some(last.epoch as f64) {
            pts.push((last.epoch as f64, last.train_loss));
        }
    }
    pts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_history_is_thinned_keeping_the_first_and_the_newest() {
        let mut h = History::default();
        for e in 0..(5 * HISTORY_CAP as u64) {
            h.push(EpochStats::train_only(e, e as f64, None));
            assert!(h.as_slice().len() <= HISTORY_CAP);
        }
        let s = h.as_slice();
        assert_eq!(s[0].epoch, 0);
        assert_eq!(s.last().unwrap().epoch, 5 * HISTORY_CAP as u64 - 1);
        assert!(s.len() > HISTORY_CAP / 2);
        assert!(s.windows(2).all(|w| w[0].epoch < w[1].epoch));
        assert_eq!(h.after(Some(s[s.len() - 3].epoch)).len(), 2);
    }

    #[test]
    fn loss_points_keep_the_newest_and_stay_few() {
        let h: Vec<EpochStats> = (0..1001).map(|e| EpochStats::train_only(e, 1.0 / (1 + e) as f64, None)).collect();
        let p = loss_points(&h, 100);
        assert!(p.len() <= 101, "{}", p.len());
        assert_eq!(p[0], (0.0, 1.0));
        assert_eq!(*p.last().unwrap(), (1000.0, 1.0 / 1001.0));
        assert_eq!(loss_points(&h[..3], 100).len(), 3);
        assert!(loss_points(&[], 100).is_empty());
    }
}
