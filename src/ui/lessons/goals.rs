//! The lessons' goal checks: small pure functions of what the page shows
//! (a [`Snapshot`] taken after each slow frame), with the little memory some
//! goals need (a [`Tracker`]: AND solved before OR, the best accuracy so far,
//! the lowest test loss). Unit-tested natively below, some against real runs
//! of the engine.

use crate::engine::data::DataKind;
use crate::engine::dense::trainer::EpochStats;
use crate::engine::math::activation::Activation;

/// What decides that a lesson's goal is met.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    /// 100 % on the AND table and on the OR table (in either order).
    AndAndOr,
    /// At least `epochs` trained and the accuracy never above 75 %.
    NeverPast75 { epochs: u64 },
    /// 100 % training accuracy.
    Solve,
    /// Two parts: first, with linear hidden layers only, at least `epochs`
    /// trained and the accuracy never above 75 %; then, with a non-linear
    /// hidden layer, 100 % training accuracy.
    LinearThenSolve { epochs: u64 },
    /// The test loss below `loss` at some epoch ≤ `epochs` of this run.
    LossWithin { loss: f64, epochs: u64 },
    /// The three-way batch comparison has run.
    Compared,
    /// After a cure (a penalty at a rate above 0, or more points than the
    /// lesson's start), at least 300 epochs trained, the test loss not climbing,
    /// the test accuracy at least `accuracy` and the training accuracy no more
    /// than 10 points above it: a real cure, not a net too penalised to learn.
    Cured { accuracy: f64 },
    /// No sigmoid hidden layer left and this test accuracy reached.
    DeepLearns { accuracy: f64 },
    /// The convolution lab's test accuracy reached this.
    ConvAccuracy { accuracy: f64 },
}

/// What a check reads from the page, after a frame.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub data: Option<DataKind>,
    /// Number of points of the data set (the truth tables ignore it).
    pub n_points: usize,
    pub epoch: u64,
    pub train_accuracy: Option<f64>,
    pub test_accuracy: Option<f64>,
    pub train_loss: f64,
    pub test_loss: Option<f64>,
    /// The history entries evaluated since the last snapshot.
    pub new_history: Vec<EpochStats>,
    pub hidden: Vec<Activation>,
    /// Some hidden layer has batch norm or a skip connection (the cures for vanishing gradients).
    pub norm_or_skip: bool,
    pub regularization_rate: f64,
    /// Training stopped (diverged or stalled).
    pub stopped: bool,
    /// The batch comparison ran on this data.
    pub compared: bool,
    /// The convolution lab's test accuracy.
    pub conv_accuracy: Option<f64>,
}

/// The memory of one lesson run.
#[derive(Clone, Debug, Default)]
pub struct Tracker {
    and_solved: bool,
    or_solved: bool,
    /// Best training accuracy of this training run (a reset clears it).
    best_accuracy: f64,
    last_epoch: u64,
    /// Lowest test loss of this run and the epoch it was seen.
    min_test: Option<(f64, u64)>,
    /// First epoch of this run with the test loss below the lesson's threshold.
    first_below: Option<u64>,
    /// Number of points at the lesson's start (to recognise "more data").
    start_points: Option<usize>,
    /// The first part of a two-part goal is done.
    first_part: bool,
    met: bool,
}

impl Tracker {
    /// A fresh tracker for a lesson.
    pub fn new() -> Tracker {
        Tracker::default()
    }

    /// Reads one snapshot and returns whether the goal is met (once met, a
    /// lesson stays met until it is opened again).
    pub fn observe(&mut self, goal: Goal, s: &Snapshot) -> bool {
        if self.start_points.is_none() {
            self.start_points = Some(s.n_points);
        }
        if s.epoch < self.last_epoch || (s.epoch == 0 && self.last_epoch > 0) {
            // a reset or rebuild: a new run
            self.best_accuracy = 0.0;
            self.min_test = None;
            self.first_below = None;
        }
        self.last_epoch = s.epoch;
        let acc = s.train_accuracy.unwrap_or(0.0);
        self.best_accuracy = self.best_accuracy.max(acc);
        if acc >= 1.0 {
            match s.data {
                Some(DataKind::AndTable) => self.and_solved = true,
                Some(DataKind::OrTable) => self.or_solved = true,
                _ => {}
            }
        }
        for h in s.new_history.iter().chain(std::iter::once(&EpochStats {
            epoch: s.epoch,
            train_loss: s.train_loss,
            test_loss: s.test_loss,
            train_accuracy: s.train_accuracy,
            test_accuracy: s.test_accuracy,
        })) {
            if let Some(t) = h.test_loss.filter(|t| t.is_finite()) {
                if self.min_test.is_none_or(|(m, _)| t < m) {
                    self.min_test = Some((t, h.epoch));
                }
                if let Goal::LossWithin { loss, .. } = goal {
                    if t < loss && self.first_below.is_none() {
                        self.first_below = Some(h.epoch);
                    }
                }
            }
        }
        if let Goal::LinearThenSolve { epochs } = goal {
            let linear = !s.hidden.is_empty() && s.hidden.iter().all(|a| *a == Activation::Identity);
            self.first_part |= linear && never_past_75(s.epoch, self.best_accuracy, epochs);
        }
        let now = self.check(goal, s);
        self.met |= now;
        self.met
    }

    /// Whether the first part of a two-part goal is done (the lesson bar says so before the whole is met).
    pub fn first_part(&self) -> bool {
        self.first_part
    }

    fn check(&self, goal: Goal, s: &Snapshot) -> bool {
        match goal {
            Goal::AndAndOr => self.and_solved && self.or_solved,
            Goal::NeverPast75 { epochs } => never_past_75(s.epoch, self.best_accuracy, epochs),
            Goal::Solve => solved(s.train_accuracy),
            Goal::LinearThenSolve { .. } => {
                self.first_part && s.hidden.iter().any(|a| *a != Activation::Identity) && solved(s.train_accuracy)
            }
            Goal::LossWithin { epochs, .. } => !s.stopped && self.first_below.is_some_and(|e| e <= epochs),
            Goal::Compared => s.compared,
            Goal::Cured { accuracy } => {
                let cure = s.regularization_rate > 0.0 || self.start_points.is_some_and(|p| s.n_points > p);
                cure && s.test_loss.is_some_and(|t| not_overfitting(s.epoch, s.train_loss, t, self.min_test.map(|m| m.0)))
                    && gap_closed(s.train_accuracy, s.test_accuracy, accuracy)
            }
            Goal::DeepLearns { accuracy } => {
                deep_learns(&s.hidden, s.test_accuracy, accuracy) || cured_deep_learns(s.norm_or_skip, s.test_accuracy, accuracy)
            }
            Goal::ConvAccuracy { accuracy } => s.conv_accuracy.is_some_and(|a| a >= accuracy),
        }
    }
}

/// At least `epochs` epochs trained and never above 75 % (one line on XOR).
pub fn never_past_75(epoch: u64, best_accuracy: f64, epochs: u64) -> bool {
    epoch >= epochs && best_accuracy <= 0.75 + 1e-9
}

/// Every training point right.
pub fn solved(train_accuracy: Option<f64>) -> bool {
    train_accuracy.is_some_and(|a| a >= 1.0)
}

/// After at least 300 epochs, the test loss within 15 % of its lowest and
/// within 0.15 of the training loss: not climbing away.
pub fn not_overfitting(epoch: u64, train_loss: f64, test_loss: f64, min_test: Option<f64>) -> bool {
    epoch >= 300 && min_test.is_some_and(|m| test_loss <= 1.15 * m) && test_loss - train_loss <= 0.15
}

/// The test accuracy at least `target`, and the training accuracy no more than 10 points above it.
pub fn gap_closed(train_accuracy: Option<f64>, test_accuracy: Option<f64>, target: f64) -> bool {
    match (train_accuracy, test_accuracy) {
        (Some(train), Some(test)) => test >= target && train - test <= 0.1 + 1e-9,
        _ => false,
    }
}

/// No sigmoid hidden layer, and the test accuracy at least `target`.
pub fn deep_learns(hidden: &[Activation], test_accuracy: Option<f64>, target: f64) -> bool {
    !hidden.is_empty() && !hidden.contains(&Activation::Sigmoid) && test_accuracy.is_some_and(|a| a >= target)
}

/// The sigmoids kept, but batch norm or skip connections on, and the test accuracy at least `target`.
pub fn cured_deep_learns(norm_or_skip: bool, test_accuracy: Option<f64>, target: f64) -> bool {
    norm_or_skip && test_accuracy.is_some_and(|a| a >= target)
}

/// Whether a configuration has a hidden layer with batch norm or a skip connection.
pub fn has_norm_or_skip(c: &crate::engine::dense::config::TrainConfig) -> bool {
    use crate::engine::dense::norm::NormKind;
    (0..c.hidden.len()).any(|i| c.layer_option(i).norm == NormKind::Batch || c.layer_option(i).skip)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::dense::trainer::Trainer;
    use crate::ui::lessons::table::{Stage, LESSONS};

    #[test]
    fn pure_checks() {
        assert!(!never_past_75(299, 0.75, 300));
        assert!(never_past_75(300, 0.75, 300));
        assert!(!never_past_75(1000, 1.0, 300));
        assert!(!solved(Some(0.75)) && solved(Some(1.0)) && !solved(None));
        assert!(!not_overfitting(100, 0.1, 0.2, Some(0.2)), "too early");
        assert!(not_overfitting(400, 0.1, 0.2, Some(0.19)));
        assert!(!not_overfitting(400, 0.01, 0.9, Some(0.43)), "climbing");
        assert!(gap_closed(Some(0.98), Some(0.935), 0.85));
        assert!(!gap_closed(Some(0.633), Some(0.633), 0.85), "too penalised to learn: 63 % is no cure");
        assert!(!gap_closed(Some(1.0), Some(0.86), 0.85), "the gap is still open");
        assert!(!deep_learns(&[], Some(1.0), 0.95));
        assert!(!deep_learns(&[Activation::Sigmoid; 6], Some(1.0), 0.95), "a sigmoid left");
        assert!(deep_learns(&[Activation::Relu; 6], Some(0.95), 0.95));
        assert!(!cured_deep_learns(false, Some(1.0), 0.95) && cured_deep_learns(true, Some(0.95), 0.95));
    }

    /// Layer norm alone is not a cure the lesson names (batch norm and skips are).
    #[test]
    fn layer_norm_is_not_norm_or_skip() {
        use crate::engine::dense::norm::{LayerOptions, NormKind};
        let Stage::Playground(f) = LESSONS[7].stage else { panic!("lesson 8 is in the playground") };
        let mut c = f().cfg;
        assert!(!has_norm_or_skip(&c));
        for i in 0..c.hidden.len() {
            c.set_layer_option(i, LayerOptions { norm: NormKind::Layer, skip: false });
        }
        assert!(!has_norm_or_skip(&c));
        c.set_layer_option(0, LayerOptions { norm: NormKind::Batch, skip: false });
        assert!(has_norm_or_skip(&c));
    }

    #[test]
    fn a_reset_starts_a_new_run_and_a_met_goal_stays_met() {
        let mut tr = Tracker::new();
        let goal = Goal::LossWithin { loss: 0.001, epochs: 50 };
        let s = |epoch, test| Snapshot { epoch, test_loss: Some(test), ..Snapshot::default() };
        assert!(!tr.observe(goal, &s(60, 0.0001)), "too late");
        assert!(!tr.observe(goal, &s(30, 0.5)), "reset: new run");
        assert!(tr.observe(goal, &s(45, 0.0005)));
        assert!(tr.observe(goal, &s(0, 0.5)), "stays met");
    }

    #[test]
    fn every_lesson_builds() {
        for (i, l) in LESSONS.iter().enumerate() {
            assert!(!l.goal.is_empty() && !l.met.is_empty() && !l.title.is_empty());
            if let Stage::Playground(f) = l.stage {
                assert!(Trainer::<f32>::build(&f().cfg).is_ok(), "lesson {}", i + 1);
            }
        }
    }
}
