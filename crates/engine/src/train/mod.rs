//! What every trainer (dense, convolution, recurrent, autoencoder) shares:
//! the [`Train`] contract — live [`Hyper`]-parameters set with one typed call,
//! a budgeted [`Train::step`], one typed [`Stop`], one bounded history — and
//! the [`budget`] arithmetic behind a frame's step.

pub mod budget;
pub mod params;
pub mod stop;

pub use stop::{Cause, Layer, StallCause, Stop};

use crate::dense::config::{ConfigError, Problem};
use crate::history::EpochStats;
use crate::math::optimizer::{OptimizerConfig, Penalty};
use serde::{Deserialize, Serialize};

/// The live hyper-parameters, shared by every trainer: what may change between
/// two steps without a rebuild (the weights, the optimizer's moments and the
/// history are kept). Everything else in a trainer's configuration is its
/// setup (the dense [`TrainConfig`](crate::dense::config::TrainConfig)'s data,
/// features, layers, activations, loss, initialization, seed): a change there
/// builds a new network. This struct is the one place that says which fields
/// are live; a trainer refuses what it cannot do ([`Train::set_hyper`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hyper {
    pub learning_rate: f64,
    pub regularization: Penalty,
    pub optimizer: OptimizerConfig,
    pub dropout: f64,
    pub batch_size: usize,
}

/// How much one [`Train::step`] trains.
#[derive(Clone, Copy)]
pub enum Budget<'a> {
    /// This many epochs (a speed of n epochs a frame; the Step button: 1).
    Epochs(u64),
    /// As much as fits in `ms` milliseconds read on `clock`, at least one unit
    /// (an epoch; a mini-batch for the conv net and the autoencoder, whose
    /// digits epoch does not fit a slow device's frame).
    Millis { ms: f64, clock: &'a dyn Fn() -> f64 },
}

/// What a [`Train::step`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StepReport {
    /// Epochs completed.
    pub epochs: u64,
    /// The newest evaluation, if one was made.
    pub last: Option<EpochStats>,
}

/// The contract every trainer keeps with the views (and the jobs).
pub trait Train {
    /// The live hyper-parameters it takes: [`Hyper`]; the autoencoder's add its noise.
    type Hyper: Copy + PartialEq;
    /// The hyper-parameters in force.
    fn hyper(&self) -> Self::Hyper;
    /// Applies new live hyper-parameters from the next step on, keeping the
    /// weights and the history (another optimizer starts its moments afresh).
    /// A new learning rate or optimizer lifts a stop whose weights were kept
    /// ([`Stop::lifted_by_new_hyper`]). Refuses, changing nothing, what this
    /// trainer cannot do (a penalty or dropout where it has none).
    fn set_hyper(&mut self, h: Self::Hyper) -> Result<(), ConfigError>;
    /// Trains one epoch (stops, and keeps the stop, when a number overflows).
    fn train_epoch(&mut self) -> Result<EpochStats, Stop>;
    /// Trains the unit a time budget counts in, and returns the epoch's stats
    /// if that unit ended one: an epoch (this default), or a mini-batch where an
    /// epoch may not fit a slow device's frame (the autoencoder).
    fn train_unit(&mut self) -> Result<Option<EpochStats>, Stop> {
        self.train_epoch().map(Some)
    }
    /// Trains within the budget: whole epochs, or units ([`train_unit`](Self::train_unit))
    /// in chunks sized by [`budget::next_chunk`] against the clock.
    fn step(&mut self, budget: Budget<'_>) -> Result<StepReport, Stop> {
        let mut report = StepReport::default();
        match budget {
            Budget::Epochs(n) => {
                for _ in 0..n {
                    report.last = Some(self.train_epoch()?);
                    report.epochs += 1;
                }
            }
            Budget::Millis { ms, clock } => budget::train_for(ms, clock(), clock, |n| {
                for _ in 0..n {
                    if let Some(s) = self.train_unit()? {
                        report.last = Some(s);
                        report.epochs += 1;
                    }
                }
                Ok(())
            })?,
        }
        Ok(report)
    }
    /// Why training stopped, if it did: nothing trains until it is lifted (or a new trainer).
    fn stopped(&self) -> Option<Stop>;
    /// Every evaluation kept, oldest first (bounded: see [`crate::history::History`]).
    fn history(&self) -> &[EpochStats];
    /// Epochs trained.
    fn epoch(&self) -> u64;
}

/// Checks `h` for a trainer `what` ("the recurrent net") that has no weight
/// penalty (`penalty` false) or no dropout (`dropout` false): a positive
/// learning rate, a valid optimizer, and nothing it cannot apply.
pub fn check_hyper(h: &Hyper, what: &'static str, penalty: bool, dropout: bool) -> Result<(), ConfigError> {
    crate::dense::config::check_learning_rate(h.learning_rate)?;
    h.optimizer.validate()?;
    if !penalty && h.regularization != Penalty::NONE {
        return Err(ConfigError::new("regularization", Problem::NotOffered { by: what }));
    }
    if !dropout && h.dropout != 0.0 {
        return Err(ConfigError::new("dropout", Problem::NotOffered { by: what }));
    }
    Ok(())
}

/// Clears `stopped` when it is a stop a new learning rate or optimizer lifts
/// ([`Stop::lifted_by_new_hyper`]) and `new` brings one (`old` → `new`).
pub fn lift(stopped: &mut Option<Stop>, old: &Hyper, new: &Hyper) {
    let new_rate_or_rule = old.learning_rate != new.learning_rate || old.optimizer.kind != new.optimizer.kind;
    if new_rate_or_rule && stopped.is_some_and(|s| s.lifted_by_new_hyper()) {
        *stopped = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// Each epoch costs 1 ms on `clock`; epoch 5 diverges.
    struct Fake<'a> {
        epoch: u64,
        clock: &'a Cell<f64>,
        stopped: Option<Stop>,
        history: Vec<EpochStats>,
    }

    impl Train for Fake<'_> {
        type Hyper = ();
        fn hyper(&self) {}
        fn set_hyper(&mut self, _: ()) -> Result<(), ConfigError> {
            Ok(())
        }
        fn train_epoch(&mut self) -> Result<EpochStats, Stop> {
            if let Some(s) = self.stopped {
                return Err(s);
            }
            self.clock.set(self.clock.get() + 1.0);
            if self.epoch == 4 {
                let s = Stop::Diverged { epoch: 5, step: 1, layer: None, cause: Cause::Loss, weights_kept: true, learning_rate: 1.0 };
                self.stopped = Some(s);
                return Err(s);
            }
            self.epoch += 1;
            let s = EpochStats::train_only(self.epoch, 1.0 / self.epoch as f64, None);
            self.history.push(s);
            Ok(s)
        }
        fn stopped(&self) -> Option<Stop> {
            self.stopped
        }
        fn history(&self) -> &[EpochStats] {
            &self.history
        }
        fn epoch(&self) -> u64 {
            self.epoch
        }
    }

    #[test]
    fn a_step_trains_its_epochs_or_its_milliseconds_and_ends_at_a_stop() {
        let clock = Cell::new(0.0);
        let mut t = Fake { epoch: 0, clock: &clock, stopped: None, history: Vec::new() };
        let r = t.step(Budget::Epochs(2)).unwrap();
        assert_eq!((r.epochs, r.last.map(|s| s.epoch)), (2, Some(2)));
        let now = || clock.get();
        let r = t.step(Budget::Millis { ms: 0.5, clock: &now }).unwrap();
        assert_eq!(r.epochs, 1, "at least one epoch, even past the budget");
        let e = t.step(Budget::Millis { ms: 100.0, clock: &now }).unwrap_err();
        assert_eq!((e.epoch(), t.epoch(), t.stopped()), (5, 4, Some(e)), "the stop ends the step");
        assert_eq!(t.step(Budget::Epochs(1)), Err(e), "and nothing trains after it");
    }

    #[test]
    fn a_new_rate_or_rule_lifts_only_a_stop_with_its_weights_kept() {
        let h = Hyper {
            learning_rate: 10.0,
            regularization: Penalty::NONE,
            optimizer: OptimizerConfig::of(crate::math::optimizer::OptimizerKind::Sgd),
            dropout: 0.0,
            batch_size: 10,
        };
        let kept = Stop::Diverged { epoch: 1, step: 1, layer: None, cause: Cause::Loss, weights_kept: true, learning_rate: 10.0 };
        let mut s = Some(kept);
        lift(&mut s, &h, &Hyper { batch_size: 20, ..h });
        assert_eq!(s, Some(kept), "a new batch size is not what the stop asked for");
        lift(&mut s, &h, &Hyper { learning_rate: 0.1, ..h });
        assert_eq!(s, None);
        let damaged = Stop::Diverged { epoch: 1, step: 1, layer: None, cause: Cause::Weights, weights_kept: false, learning_rate: 10.0 };
        let mut s = Some(damaged);
        lift(&mut s, &h, &Hyper { learning_rate: 0.1, ..h });
        assert_eq!(s, Some(damaged), "damaged weights need a reset");
    }
}
