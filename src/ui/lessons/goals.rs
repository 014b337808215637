//! The lessons' goal checks: small pure functions of what the page shows
//! (a [`Snapshot`] taken after each slow frame), with the little memory some
//! goals need (a [`Tracker`]: AND solved before OR, the best accuracy so far,
//! the lowest test loss). Unit-tested natively below, some against real runs
//! of the engine.

use crate::engine::data::DataKind;
use crate::engine::dense::trainer::EpochStats;
use crate::engine::math::activation::Activation;

pub use super::format::Check;

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
    /// The page's settings as its link writes them (what a `setting` check reads).
    pub settings: Vec<(String, String)>,
    /// What the labs and the playground's panels measured (the reach, the codes, the picked cell, the sweep, the simpler models).
    pub lab: super::labs::Readings,
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
    /// Per test-loss threshold of the lesson, the first epoch of this run below it.
    first_below: Vec<(f64, Option<u64>)>,
    /// Number of points at the lesson's start (to recognise "more data").
    start_points: Option<usize>,
    /// The phases of the check done so far.
    phase: usize,
    met: bool,
}

impl Tracker {
    /// A fresh tracker for a lesson.
    pub fn new() -> Tracker {
        Tracker::default()
    }

    /// Reads one snapshot and returns whether the goal (every phase of
    /// `checks`, in order) is met; once met, a lesson stays met until it is
    /// opened again. A phase is done when its check holds; the next is checked
    /// from the next snapshot on.
    pub fn observe(&mut self, checks: &[Check], s: &Snapshot) -> bool {
        if self.start_points.is_none() {
            self.start_points = Some(s.n_points);
            let mut thresholds = Vec::new();
            checks.iter().for_each(|c| loss_thresholds(c, &mut thresholds));
            self.first_below = thresholds.into_iter().map(|t| (t, None)).collect();
        }
        if s.epoch < self.last_epoch || (s.epoch == 0 && self.last_epoch > 0) {
            // a reset or rebuild: a new run
            self.best_accuracy = 0.0;
            self.min_test = None;
            self.first_below.iter_mut().for_each(|b| b.1 = None);
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
                for (thr, first) in self.first_below.iter_mut() {
                    if t < *thr && first.is_none() {
                        *first = Some(h.epoch);
                    }
                }
            }
        }
        if let Some(c) = checks.get(self.phase) {
            if self.holds(c, s) {
                self.phase += 1;
            }
        }
        self.met |= !checks.is_empty() && self.phase >= checks.len();
        self.met
    }

    /// Whether the first phase of a check in phases is done (the lesson bar says so before the whole is met).
    pub fn first_part(&self) -> bool {
        self.phase >= 1
    }

    fn holds(&self, c: &Check, s: &Snapshot) -> bool {
        match c {
            Check::TestAccuracy { at_least } => s.test_accuracy.is_some_and(|a| a >= *at_least - 1e-9),
            Check::TrainAccuracy { at_least } => s.train_accuracy.is_some_and(|a| a >= *at_least - 1e-9),
            Check::TestLoss { below, within_epochs } => {
                !s.stopped && self.first_below.iter().any(|(t, first)| t == below && first.is_some_and(|e| e <= *within_epochs))
            }
            Check::GapClosed { test_accuracy, gap } => match (s.train_accuracy, s.test_accuracy) {
                (Some(train), Some(test)) => test >= *test_accuracy - 1e-9 && train - test <= *gap + 1e-9,
                _ => false,
            },
            Check::Setting { key, value } => s.settings.iter().any(|(k, v)| k == key && same_value(v, value)),
            Check::NeverPast { accuracy, epochs } => s.epoch >= *epochs && self.best_accuracy <= *accuracy + 1e-9,
            Check::All(all) => all.iter().all(|c| self.holds(c, s)),
            Check::AndAndOr => self.and_solved && self.or_solved,
            Check::Compared => s.compared,
            Check::Cured { accuracy } => {
                let cure = s.regularization_rate > 0.0 || self.start_points.is_some_and(|p| s.n_points > p);
                cure && s.test_loss.is_some_and(|t| not_overfitting(s.epoch, s.train_loss, t, self.min_test.map(|m| m.0)))
                    && gap_closed(s.train_accuracy, s.test_accuracy, *accuracy)
            }
            Check::DeepLearns { accuracy } => {
                deep_learns(&s.hidden, s.test_accuracy, *accuracy) || cured_deep_learns(s.norm_or_skip, s.test_accuracy, *accuracy)
            }
            Check::ConvAccuracy { accuracy } => s.conv_accuracy.is_some_and(|a| a >= *accuracy),
            Check::GradientReach { steps_back, below } => reach_below(&s.lab.reach, *steps_back, *below),
            Check::CodesSeparate { at_least } => s.lab.separation.is_some_and(|f| f >= *at_least - 1e-9),
            Check::NoiseRemoved { at_least } => s.lab.denoised.is_some_and(|f| f >= *at_least - 1e-9),
            Check::OddOnesFound { at_least } => s.lab.odd_found.is_some_and(|k| k >= *at_least),
            Check::ReceptiveField { at_least, through } => {
                s.lab.field.as_ref().is_some_and(|f| f.side >= *at_least && through.iter().all(|w| f.through.contains(w)))
            }
            Check::SweepMinimumInside => s.lab.sweep.as_deref().is_some_and(minimum_inside),
            Check::SimplerMatch { within } => match (s.lab.simpler, s.test_accuracy) {
                (Some(simple), Some(net)) => net - simple <= *within + 1e-9,
                _ => false,
            },
        }
    }
}

/// The gradient `steps_back` steps back below `below` times its size at the last step (0 steps back).
pub fn reach_below(reach: &[f64], steps_back: usize, below: f64) -> bool {
    match (reach.first(), reach.get(steps_back)) {
        (Some(&g0), Some(&g)) => g0.is_finite() && g0 > 0.0 && g.is_finite() && g < below * g0,
        _ => false,
    }
}

/// A finished sweep's lowest final loss lies at a rate inside it, not at either end
/// (diverged rates count as worst). The rates are in the sweep's order (rising).
pub fn minimum_inside(sweep: &[(f64, Option<f64>)]) -> bool {
    let best =
        sweep.iter().enumerate().filter_map(|(i, (_, l))| l.filter(|l| l.is_finite()).map(|l| (i, l))).min_by(|a, b| a.1.total_cmp(&b.1));
    sweep.len() >= 3 && best.is_some_and(|(i, _)| i > 0 && i + 1 < sweep.len())
}

/// The test-loss thresholds a check names (the tracker remembers when each was first passed).
fn loss_thresholds(c: &Check, out: &mut Vec<f64>) {
    match c {
        Check::TestLoss { below, .. } => out.push(*below),
        Check::All(all) => all.iter().for_each(|c| loss_thresholds(c, out)),
        _ => {}
    }
}

/// A setting's value as the link writes it against the one a check names: numbers by value, names exactly.
fn same_value(written: &str, wanted: &str) -> bool {
    match (written.parse::<f64>(), wanted.trim().parse::<f64>()) {
        (Ok(a), Ok(b)) => (a - b).abs() <= 1e-12 * a.abs().max(b.abs()),
        _ => written == wanted.trim(),
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

    #[test]
    fn lab_checks_read_what_the_labs_measured() {
        assert!(reach_below(&[1.0, 0.1, 0.0005], 2, 0.001) && !reach_below(&[1.0, 0.1, 0.002], 2, 0.001));
        assert!(!reach_below(&[1.0, 0.1], 5, 0.001), "not that many steps");
        assert!(minimum_inside(&[(0.001, Some(0.6)), (0.01, Some(0.1)), (1.0, None)]));
        assert!(!minimum_inside(&[(0.00001, Some(0.7)), (0.0001, Some(0.6)), (0.001, Some(0.5))]), "still falling at the end");
        assert!(!minimum_inside(&[]));
        let mut s = Snapshot { test_accuracy: Some(0.9), ..Snapshot::default() };
        let mut tr = Tracker::new();
        assert!(!tr.observe(&[Check::SimplerMatch { within: 0.05 }], &s), "not compared yet");
        s.lab.simpler = Some(0.8);
        assert!(!Tracker::new().observe(&[Check::SimplerMatch { within: 0.05 }], &s), "the network is 10 points ahead");
        s.lab.simpler = Some(0.87);
        assert!(tr.observe(&[Check::SimplerMatch { within: 0.05 }], &s));
        let denoise = [Check::NoiseRemoved { at_least: 0.4 }];
        assert!(!Tracker::new().observe(&denoise, &s), "not denoising");
        s.lab.denoised = Some(0.35);
        assert!(!Tracker::new().observe(&denoise, &s));
        s.lab.denoised = Some(0.45);
        assert!(Tracker::new().observe(&denoise, &s));
        let odd = [Check::OddOnesFound { at_least: 4 }];
        assert!(!Tracker::new().observe(&odd, &s), "none scored");
        s.lab.odd_found = Some(3);
        assert!(!Tracker::new().observe(&odd, &s));
        s.lab.odd_found = Some(4);
        assert!(Tracker::new().observe(&odd, &s));
        use crate::ui::lessons::format::Widen;
        let field = |side, through: &[Widen]| Some(crate::ui::lessons::labs::Field { side, through: through.to_vec() });
        s.lab.field = field(4, &[Widen::Pool]);
        assert!(!Tracker::new().observe(&[Check::ReceptiveField { at_least: 5, through: vec![] }], &s));
        assert!(Tracker::new().observe(&[Check::ReceptiveField { at_least: 4, through: vec![Widen::Pool] }], &s));
        // 5×5 from a second convolution, no stride: not the stride the lesson asked for
        s.lab.field = field(5, &[]);
        let strided = [Check::ReceptiveField { at_least: 5, through: vec![Widen::Stride, Widen::Pool] }];
        assert!(Tracker::new().observe(&[Check::ReceptiveField { at_least: 5, through: vec![] }], &s));
        assert!(!Tracker::new().observe(&strided, &s));
        s.lab.field = field(5, &[Widen::Pool, Widen::Stride]);
        assert!(Tracker::new().observe(&strided, &s));
    }

    #[test]
    fn a_reset_starts_a_new_run_and_a_met_goal_stays_met() {
        let mut tr = Tracker::new();
        let goal = [Check::TestLoss { below: 0.001, within_epochs: 50 }];
        let s = |epoch, test| Snapshot { epoch, test_loss: Some(test), ..Snapshot::default() };
        assert!(!tr.observe(&goal, &s(60, 0.0001)), "too late");
        assert!(!tr.observe(&goal, &s(30, 0.5)), "reset: new run");
        assert!(tr.observe(&goal, &s(45, 0.0005)));
        assert!(tr.observe(&goal, &s(0, 0.5)), "stays met");
    }

    #[test]
    fn phases_are_met_in_order_and_a_setting_is_read_from_the_link() {
        let goal = [
            Check::All(vec![
                Check::Setting { key: "acts".into(), value: "Identity".into() },
                Check::NeverPast { accuracy: 0.75, epochs: 300 },
            ]),
            Check::All(vec![Check::Setting { key: "acts".into(), value: "Tanh".into() }, Check::TrainAccuracy { at_least: 1.0 }]),
        ];
        let s = |act: &str, epoch, acc| Snapshot {
            epoch,
            train_accuracy: Some(acc),
            settings: vec![("acts".into(), act.into()), ("lr".into(), "0.30".into())],
            ..Snapshot::default()
        };
        let mut tr = Tracker::new();
        assert!(!tr.observe(&goal, &s("Tanh", 20, 1.0)), "the second phase alone is not the goal");
        assert!(!tr.first_part());
        let mut tr = Tracker::new();
        assert!(!tr.observe(&goal, &s("Identity", 300, 0.75)) && tr.first_part());
        assert!(!tr.observe(&goal, &s("Identity", 301, 0.75)), "still linear");
        assert!(tr.observe(&goal, &s("Tanh", 12, 1.0)));
        assert!(same_value("0.30", "0.3") && !same_value("Tanh", "tanh"));
    }
}
