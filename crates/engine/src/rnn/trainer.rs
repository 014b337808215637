//! Training the recurrent net on a task: mini-batches of whole sequences,
//! backpropagation through time, the engine's optimizers on the flat
//! parameter vector, a loss (and accuracy) history, and a stop — never a
//! panic — when a step would make a number infinite or NaN.

use crate::limits;
use crate::math::optimizer::{OptimizerConfig, OptimizerKind, Penalty};
use crate::math::rng::Rng;

use super::net::Rnn;
use super::task::{generate, SeqSet, Task};
use crate::dense::config::{check_count, check_learning_rate, ConfigError, Problem};
use crate::history::{EpochStats, History};
use crate::train::params::{Bound, Flat, Optimizer};
use crate::train::{check_hyper, lift, Cause, Hyper, Stop, Train};

pub use crate::limits::MAX_WEIGHT;

/// What to train.
#[derive(Clone, Debug, PartialEq)]
pub struct RnnConfig {
    pub task: Task,
    /// Hidden units ([`limits::RNN_HIDDEN`]).
    pub hidden: usize,
    /// Steps per sequence ([`limits::RNN_SEQ_LEN`]).
    pub seq_len: usize,
    /// Echo distance ([`limits::RNN_ECHO_K`], below `seq_len`); other tasks ignore it.
    pub k: usize,
    /// Training sequences ([`limits::RNN_SEQUENCES`]).
    pub sequences: usize,
    /// Sequences per mini-batch (1 to `sequences`).
    pub batch: usize,
    pub learning_rate: f64,
    pub optimizer: OptimizerKind,
    /// Seeds the data, the initial weights and the shuffling.
    pub seed: u64,
}

impl Default for RnnConfig {
    fn default() -> Self {
        RnnConfig {
            task: Task::Parity,
            hidden: 8,
            seq_len: 6,
            k: 2,
            sequences: 64,
            batch: 8,
            learning_rate: 0.03,
            optimizer: OptimizerKind::Adam,
            seed: 1,
        }
    }
}

impl RnnConfig {
    /// Checks every number against its limit; the error names the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("hidden", self.hidden, limits::RNN_HIDDEN, "")?;
        check_count("seq_len", self.seq_len, limits::RNN_SEQ_LEN, "")?;
        check_count("sequences", self.sequences, limits::RNN_SEQUENCES, "")?;
        check_count("batch", self.batch, (1, self.sequences), "")?;
        if self.task == Task::Echo {
            check_count("k", self.k, limits::RNN_ECHO_K, "")?;
            if self.k >= self.seq_len {
                return Err(ConfigError::new("k", Problem::EchoTooFar { k: self.k, seq_len: self.seq_len }));
            }
        }
        check_learning_rate(self.learning_rate)
    }
}

/// The net, its data and its optimizer, trained epoch by epoch.
pub struct RnnTrainer {
    cfg: RnnConfig,
    pub net: Rnn,
    pub data: SeqSet,
    opt: Optimizer<f64>,
    rng: Rng,
    order: Vec<usize>,
    grad: Vec<f64>,
    epoch: u64,
    history: History,
    last_grad_norm: f64,
    stopped: Option<Stop>,
}

impl RnnTrainer {
    /// A trainer for `cfg` (checked first), with its epoch-0 figures recorded.
    pub fn new(cfg: &RnnConfig) -> Result<RnnTrainer, ConfigError> {
        cfg.validate()?;
        let data = generate(cfg.task, cfg.sequences, cfg.seq_len, cfg.k, cfg.seed);
        let net = Rnn::new(cfg.hidden, cfg.task.binary(), cfg.seed);
        let n = net.params.len();
        let mut t = RnnTrainer {
            cfg: cfg.clone(),
            net,
            data,
            opt: Optimizer::new(OptimizerConfig::of(cfg.optimizer), [n]),
            rng: Rng::stream(cfg.seed, 13),
            order: (0..cfg.sequences).collect(),
            grad: vec![0.0; n],
            epoch: 0,
            history: History::default(),
            last_grad_norm: 0.0,
            stopped: None,
        };
        let (loss, accuracy) = t.evaluate();
        t.history.push(EpochStats::train_only(0, loss, accuracy));
        Ok(t)
    }

    pub fn config(&self) -> &RnnConfig {
        &self.cfg
    }
    /// Epochs trained.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }
    /// Figures of epoch 0 (before training) and of the epochs since: every
    /// epoch (bounded: see [`History`]).
    pub fn history(&self) -> &[EpochStats] {
        self.history.as_slice()
    }
    /// The norm of the last mini-batch's gradient.
    pub fn last_grad_norm(&self) -> f64 {
        self.last_grad_norm
    }

    /// Mean loss over the training set, and the accuracy of the yes/no tasks.
    pub fn evaluate(&self) -> (f64, Option<f64>) {
        let d = &self.data;
        let (mut loss, mut right, mut scored) = (0.0, 0usize, 0usize);
        for (xs, ys) in d.inputs.iter().zip(&d.targets) {
            let tr = self.net.forward(xs);
            loss += self.net.seq_loss(&tr, ys, &d.mask);
            for ((&m, &out), &y) in d.mask.iter().zip(&tr.out).zip(ys) {
                if m {
                    scored += 1;
                    right += usize::from((out >= 0.5) == (y >= 0.5));
                }
            }
        }
        let loss = loss / d.count().max(1) as f64;
        let acc = self.net.binary.then(|| right as f64 / scored.max(1) as f64);
        (loss, acc)
    }

    /// One pass over the shuffled training set in mini-batches.
    pub fn train_epoch(&mut self) -> Result<EpochStats, Stop> {
        if let Some(s) = self.stopped {
            return Err(s);
        }
        self.rng.shuffle(&mut self.order);
        let n = self.order.len();
        let mut start = 0;
        let mut step = 0;
        while start < n {
            step += 1;
            let end = (start + self.cfg.batch).min(n);
            self.grad.iter_mut().for_each(|g| *g = 0.0);
            let scale = 1.0 / (end - start) as f64;
            for &s in &self.order[start..end] {
                let (xs, ys) = (&self.data.inputs[s], &self.data.targets[s]);
                let tr = self.net.forward(xs);
                self.net.backward(xs, &tr, ys, &self.data.mask, scale, &mut self.grad);
            }
            let norm = libm::sqrt(self.grad.iter().map(|g| g * g).sum::<f64>());
            if !norm.is_finite() {
                return Err(self.stop(step, Cause::Gradients, true));
            }
            // the step is taken only if it keeps every weight within MAX_WEIGHT (NaN fails)
            let mut p = Flat { param: &mut self.net.params, grad: &self.grad };
            if self.opt.step(&mut p, self.cfg.learning_rate, Penalty::NONE, None, Bound::Magnitude(MAX_WEIGHT)).is_err() {
                return Err(self.stop(step, Cause::WeightBound, true));
            }
            self.last_grad_norm = norm;
            start = end;
        }
        let (loss, accuracy) = self.evaluate();
        if !loss.is_finite() {
            // every step stayed within bounds, yet these weights' loss overflows
            return Err(self.stop(step, Cause::Loss, false));
        }
        self.epoch += 1;
        let stat = EpochStats::train_only(self.epoch, loss, accuracy);
        self.history.push(stat);
        Ok(stat)
    }

    /// Stops in the epoch being trained, at mini-batch `step` of it.
    fn stop(&mut self, step: u64, cause: Cause, weights_kept: bool) -> Stop {
        let s = Stop::Diverged { epoch: self.epoch + 1, step, layer: None, cause, weights_kept, learning_rate: self.cfg.learning_rate };
        self.stopped = Some(s);
        s
    }

    /// Up to `n` epochs (stops at the first error).
    pub fn train_epochs(&mut self, n: u64) -> Result<(), Stop> {
        for _ in 0..n {
            self.train_epoch()?;
        }
        Ok(())
    }

    /// [`Rnn::reach`] averaged over the first `m` training sequences: the
    /// gradient of the last step's output with respect to the hidden state
    /// 0, 1, 2, … steps back.
    pub fn reach(&self, m: usize) -> Vec<f64> {
        let m = m.clamp(1, self.data.count().max(1)).min(self.data.count());
        let mut acc = vec![0.0; self.data.len];
        for xs in self.data.inputs.iter().take(m) {
            let tr = self.net.forward(xs);
            for (a, v) in acc.iter_mut().zip(self.net.reach(xs, &tr)) {
                *a += v;
            }
        }
        acc.iter_mut().for_each(|a| *a /= m.max(1) as f64);
        acc
    }
}

/// The recurrent net's side of the contract: learning rate, optimizer and
/// batch size are live; it has no penalty and no dropout (refused).
impl Train for RnnTrainer {
    type Hyper = Hyper;
    fn hyper(&self) -> Hyper {
        Hyper {
            learning_rate: self.cfg.learning_rate,
            regularization: Penalty::NONE,
            optimizer: self.opt.config(),
            dropout: 0.0,
            batch_size: self.cfg.batch,
        }
    }
    fn set_hyper(&mut self, h: Hyper) -> Result<(), ConfigError> {
        check_hyper(&h, "the recurrent net", false, false)?;
        check_count("batch_size", h.batch_size, (1, self.cfg.sequences), "")?;
        let next = RnnConfig { learning_rate: h.learning_rate, optimizer: h.optimizer.kind, batch: h.batch_size, ..self.cfg.clone() };
        let old = self.hyper();
        lift(&mut self.stopped, &old, &h);
        self.cfg = next;
        self.opt.set_config(h.optimizer);
        Ok(())
    }
    fn train_epoch(&mut self) -> Result<EpochStats, Stop> {
        RnnTrainer::train_epoch(self)
    }
    fn stopped(&self) -> Option<Stop> {
        self.stopped
    }
    fn history(&self) -> &[EpochStats] {
        RnnTrainer::history(self)
    }
    fn epoch(&self) -> u64 {
        self.epoch
    }
}
