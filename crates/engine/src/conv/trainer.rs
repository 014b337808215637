//! Training a [`ConvNet`] on an [`ImageSet`]: seeded shuffling, mini-batches,
//! the shared optimizers (Adam by default), and a history of train and test
//! loss and accuracy per epoch.
//!
//! The trainer does one mini-batch per [`ConvTrainer::step`]; the caller decides
//! how many to run (the page runs as many as fit in a time budget per frame).

use super::net::{argmax, ArchError, ConvNet, ConvNetConfig};
use crate::data::images::ImageSet;
use crate::dense::config::{check_batch_size, ConfigError, Hyper};
use crate::dense::trainer::EpochStats;
use crate::history::History;
use crate::math::optimizer::{OptimizerConfig, OptimizerKind, Penalty};
use crate::math::real::{from_f64, Real};
use crate::math::rng::Rng;
use crate::train::params::{Bound, Optimizer};
use crate::train::{check_hyper, lift, Budget, Cause, StepReport, Stop, Train};
use serde::{Deserialize, Serialize};

/// A conv net's training run: the live hyper-parameters (the same type as the
/// dense playground's) and the seed of its initial weights and shuffling.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Learning rate, optimizer, batch size and penalty: each may change
    /// between steps ([`ConvTrainer::set_hyper`]). The conv nets have no
    /// dropout: it must be 0.
    pub hyper: Hyper,
    /// Seed of the initial weights and of the shuffling.
    pub seed: u64,
}

impl Default for TrainConfig {
    /// Adam, learning rate 0.01, batches of 16, no penalty, seed 1.
    fn default() -> Self {
        TrainConfig {
            hyper: Hyper {
                learning_rate: 0.01,
                regularization: Penalty::NONE,
                optimizer: OptimizerConfig::of(OptimizerKind::Adam),
                dropout: 0.0,
                batch_size: 16,
            },
            seed: 1,
        }
    }
}

/// A network, its data, its optimizer state and its history, in the precision
/// `R` (the page trains `ConvTrainer<f32>`, built with [`ConvTrainer::build`];
/// [`ConvTrainer::new`] is the `f64` one, the reference).
#[derive(Clone, Debug)]
pub struct ConvTrainer<R: Real = f64> {
    /// The network.
    pub net: ConvNet<R>,
    /// Training images (as loaded, in `f64`: for display).
    pub train: ImageSet,
    /// Test images.
    pub test: ImageSet,
    /// Hyper-parameters.
    pub cfg: TrainConfig,
    /// The pixels in `R`, what the net reads.
    train_px: Vec<R>,
    test_px: Vec<R>,
    /// The current mini-batch, gathered: images and labels.
    batch_x: Vec<R>,
    batch_y: Vec<usize>,
    opt: Optimizer<R>,
    order: Vec<usize>,
    pos: usize,
    rng: Rng,
    run_loss: f64,
    run_correct: usize,
    run_seen: usize,
    /// Epochs completed.
    pub epoch: usize,
    /// Mini-batches done.
    pub steps: u64,
    /// One entry per epoch, starting with epoch 0 (bounded: see [`History`]).
    pub history: History,
    stopped: Option<Stop>,
}

impl ConvTrainer<f64> {
    /// [`ConvTrainer::build`] in `f64` (the reference precision).
    pub fn new(config: &ConvNetConfig, train: ImageSet, test: ImageSet, cfg: TrainConfig) -> Result<ConvTrainer<f64>, ArchError> {
        ConvTrainer::build(config, train, test, cfg)
    }
}

impl<R: Real> ConvTrainer<R> {
    /// Builds the net (seeded by `cfg.seed`) and measures epoch 0.
    pub fn build(config: &ConvNetConfig, train: ImageSet, test: ImageSet, cfg: TrainConfig) -> Result<ConvTrainer<R>, ArchError> {
        if train.shape != config.input {
            return Err(ArchError {
                layer: 0,
                label: "input".into(),
                reason: format!("the images are {} but the net expects {}", train.shape, config.input),
            });
        }
        if cfg.hyper.dropout != 0.0 {
            return Err(ArchError {
                layer: 0,
                label: "dropout".into(),
                reason: format!("the conv nets have no dropout (got {})", cfg.hyper.dropout),
            });
        }
        let net = ConvNet::build(config, cfg.seed)?;
        // (each tensor's state is sized at its first step)
        let opt = Optimizer::new(cfg.hyper.optimizer, vec![0; net.param_tensors()]);
        let (train_px, test_px) = (from_f64(&train.pixels), from_f64(&test.pixels));
        let mut rng = Rng::stream(cfg.seed, 0x5AFF);
        let mut order: Vec<usize> = (0..train.len()).collect();
        rng.shuffle(&mut order);
        let mut t = ConvTrainer {
            net,
            train,
            test,
            cfg,
            train_px,
            test_px,
            batch_x: Vec::new(),
            batch_y: Vec::new(),
            opt,
            order,
            pos: 0,
            rng,
            run_loss: 0.0,
            run_correct: 0,
            run_seen: 0,
            epoch: 0,
            steps: 0,
            history: History::default(),
            stopped: None,
        };
        let (train_loss, train_acc) = t.evaluate_train();
        let test = t.evaluate_test_stats();
        t.history.push(EpochStats {
            epoch: 0,
            train_loss,
            train_accuracy: Some(train_acc),
            test_loss: test.map(|t| t.0),
            test_accuracy: test.map(|t| t.1),
        });
        Ok(t)
    }

    /// Fraction of the current epoch done, in `[0, 1)`.
    pub fn epoch_progress(&self) -> f64 {
        if self.order.is_empty() {
            0.0
        } else {
            self.pos as f64 / self.order.len() as f64
        }
    }

    /// One mini-batch: forward and backward over its images, then one optimizer
    /// step with the mean gradient. At the end of an epoch the test set is
    /// measured, the history grows, the order is reshuffled, and the new
    /// [`EpochStats`] is returned.
    pub fn step_batch(&mut self) -> Option<EpochStats> {
        if self.order.is_empty() || self.stopped.is_some() {
            return None;
        }
        let end = (self.pos + self.cfg.hyper.batch_size.max(1)).min(self.order.len());
        self.net.zero_grad();
        let n = end - self.pos;
        let before = (self.run_loss, self.run_correct, self.run_seen);
        let mut finite = true;
        let n_px = self.train.shape.len();
        self.batch_x.clear();
        self.batch_y.clear();
        for &i in &self.order[self.pos..end] {
            self.batch_x.extend_from_slice(&self.train_px[i * n_px..(i + 1) * n_px]);
            self.batch_y.push(self.train.labels[i]);
        }
        let (run_loss, run_correct, run_seen) = (&mut self.run_loss, &mut self.run_correct, &mut self.run_seen);
        self.net.accumulate_batch(&self.batch_x, &self.batch_y, |loss, ok| {
            finite &= loss.is_finite();
            *run_loss += loss.f64();
            *run_correct += ok as usize;
            *run_seen += 1;
        });
        // a non-finite loss or gradient stops training before the step is taken
        finite &= self.run_loss.is_finite();
        let mut grads_finite = true;
        self.net.for_each_param(|_, _, g, _| grads_finite &= g.iter().all(|v| v.is_finite()));
        if !(finite && grads_finite) {
            (self.run_loss, self.run_correct, self.run_seen) = before;
            self.stop(if finite { Cause::Gradients } else { Cause::Loss });
            return None;
        }
        // the mean gradient; a step that would make a weight or a moment
        // non-finite is not taken
        let scale = R::of(1.0 / n as f64);
        let Hyper { learning_rate: lr, regularization: penalty, .. } = self.cfg.hyper;
        let opt = &mut self.opt;
        if self.net.keep_frozen(|net| opt.step(net, lr, penalty, Some(scale), Bound::Finite)).is_err() {
            (self.run_loss, self.run_correct, self.run_seen) = before;
            self.stop(Cause::Weights);
            return None;
        }
        self.steps += 1;
        self.pos = end;
        if self.pos < self.order.len() {
            return None;
        }
        self.epoch += 1;
        self.pos = 0;
        self.rng.shuffle(&mut self.order);
        let test = self.evaluate_test_stats();
        let seen = self.run_seen.max(1) as f64;
        let train_acc = self.run_correct as f64 / seen;
        let stats = EpochStats {
            epoch: self.epoch as u64,
            train_loss: self.run_loss / seen,
            train_accuracy: Some(train_acc),
            test_loss: test.map(|t| t.0),
            test_accuracy: test.map(|t| t.1),
        };
        self.run_loss = 0.0;
        self.run_correct = 0;
        self.run_seen = 0;
        self.history.push(stats);
        // a collapse: every image gets about the same guess (the loss of a uniform
        // guess is ln K), right no more often than chance, and no longer improving
        let classes = self.net.config.classes;
        let uniform = (classes as f64).ln();
        let prev = self.history[self.history.len() - 2].train_loss;
        if self.epoch >= 3
            && train_acc < 1.5 / classes as f64
            && stats.train_loss >= 0.92 * uniform // at a uniform guess's, or above it (a rate so high the loss jumps about)
            && stats.train_loss >= 0.995 * prev
        {
            self.stopped = Some(Stop::Collapsed {
                epoch: self.epoch as u64,
                accuracy: train_acc,
                classes,
                loss: stats.train_loss,
                uniform,
                learning_rate: self.cfg.hyper.learning_rate,
            });
        }
        Some(stats)
    }

    /// Stops at the step being taken (`steps + 1`, counted over the whole run) of
    /// the epoch being trained, the step not applied.
    fn stop(&mut self, cause: Cause) {
        self.stopped = Some(Stop::Diverged {
            epoch: self.epoch as u64 + 1,
            step: self.steps + 1,
            layer: None,
            cause,
            weights_kept: true,
            learning_rate: self.cfg.hyper.learning_rate,
        });
    }

    /// Runs until `epochs` more epochs are done, or training stops.
    pub fn train_epochs(&mut self, epochs: usize) {
        let target = self.epoch + epochs;
        while self.epoch < target && !self.order.is_empty() && self.stopped.is_none() {
            self.step_batch();
        }
    }

    /// Mean loss and accuracy on the test set.
    pub fn evaluate_test(&mut self) -> (f64, f64) {
        evaluate_px(&mut self.net, &self.test_px, &self.test.labels)
    }

    /// Mean loss and accuracy on the test set, `None` when it is empty.
    fn evaluate_test_stats(&mut self) -> Option<(f64, f64)> {
        (!self.test.is_empty()).then(|| self.evaluate_test())
    }

    /// Mean loss and accuracy on the training set.
    pub fn evaluate_train(&mut self) -> (f64, f64) {
        evaluate_px(&mut self.net, &self.train_px, &self.train.labels)
    }

    /// The latest history entry.
    pub fn last(&self) -> EpochStats {
        *self.history.last().expect("epoch 0 is always there")
    }

    /// Forgets the optimizer's moments (e.g. after a kernel was set by hand).
    pub fn reset_optimizer(&mut self) {
        self.opt.reset();
    }
}

/// Mean cross-entropy and accuracy of `net` on `set` (0, 0 for an empty set),
/// in evaluation mode (batch norms use their running statistics).
pub fn evaluate<R: Real>(net: &mut ConvNet<R>, set: &ImageSet) -> (f64, f64) {
    evaluate_px(net, &from_f64(&set.pixels), &set.labels)
}

/// [`evaluate`] of images already in `R` (one after the other) and their labels.
fn evaluate_px<R: Real>(net: &mut ConvNet<R>, pixels: &[R], labels: &[usize]) -> (f64, f64) {
    if labels.is_empty() {
        return (0.0, 0.0);
    }
    let n_px = pixels.len() / labels.len();
    let (mut loss, mut correct) = (0.0, 0usize);
    for (x, &label) in pixels.chunks_exact(n_px).zip(labels) {
        loss += net.loss(x, label).f64();
        correct += (argmax(net.probabilities()) == label) as usize;
    }
    (loss / labels.len() as f64, correct as f64 / labels.len() as f64)
}

/// The conv net's side of the contract: the live [`Hyper`] (its penalty too;
/// no dropout: refused), and a budget in mini-batches (a digits epoch does not
/// fit a frame).
impl<R: Real> Train for ConvTrainer<R> {
    type Hyper = Hyper;
    fn hyper(&self) -> Hyper {
        self.cfg.hyper
    }
    /// Checks the learning rate against the range the page offers too
    /// ([`crate::limits::LEARNING_RATE`]); a new optimizer kind starts its moments afresh.
    fn set_hyper(&mut self, h: Hyper) -> Result<(), ConfigError> {
        check_hyper(&h, "the convolutional net", true, false)?;
        crate::limits::LEARNING_RATE.check("learning_rate", h.learning_rate)?;
        check_batch_size(h.batch_size)?;
        h.regularization.validate()?;
        let old = self.cfg.hyper;
        self.cfg.hyper = h;
        self.opt.set_config(h.optimizer);
        lift(&mut self.stopped, &old, &h);
        Ok(())
    }
    fn train_epoch(&mut self) -> Result<EpochStats, Stop> {
        self.train_epochs(1);
        self.stopped.map_or(Ok(self.last()), Err)
    }
    fn step(&mut self, budget: Budget<'_>) -> Result<StepReport, Stop> {
        let (e0, mut last) = (self.epoch, None);
        match budget {
            Budget::Epochs(n) => {
                self.train_epochs(n as usize);
                last = (self.epoch > e0).then(|| self.last());
            }
            Budget::Millis { ms, clock } => {
                let start = clock();
                while self.stopped.is_none() && !self.order.is_empty() {
                    last = self.step_batch().or(last);
                    if clock() - start >= ms {
                        break;
                    }
                }
            }
        }
        match self.stopped {
            Some(s) => Err(s),
            None => Ok(StepReport { epochs: (self.epoch - e0) as u64, last }),
        }
    }
    /// [`Stop::Diverged`] (a non-finite loss, gradient or step: the step not
    /// taken, the weights kept) or [`Stop::Collapsed`].
    fn stopped(&self) -> Option<Stop> {
        self.stopped
    }
    fn history(&self) -> &[EpochStats] {
        &self.history
    }
    fn epoch(&self) -> u64 {
        self.epoch as u64
    }
}
