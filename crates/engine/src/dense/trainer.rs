//! The trainer: a network, its data, optimizer state, and history, with live
//! setters for the UI. Everything is seeded; the same configuration gives a
//! bit-identical history on every run and platform.

use crate::data::features::fill_features;
use crate::data::{class_of, Dataset, Point, Task};
use crate::dense::config::{check_batch_size, check_dropout, check_learning_rate, ConfigError, Hyper, Problem, TrainConfig};
use crate::dense::network::{LayerGrads, Network, Workspace};
use crate::history::History;
use crate::math::activation::{Activation, LayerActivation};
use crate::math::optimizer::{OptimizerConfig, ParamState, Penalty, RegularizationKind};
use crate::math::real::{r, Real};
use crate::math::rng::Rng;
use crate::train::params::{self, losses_finite, Bound, Checkpoint, Optimizer};
use ndarray::{Array1, Array2};

pub use crate::history::{EpochStats, HISTORY_CAP};

pub use crate::train::{Cause, Layer, StallCause, Stop};

/// What one [`Trainer::step_batch`] did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepReport {
    /// Mean loss of the batch, before the update.
    pub batch_loss: f64,
    /// Number of examples in the batch.
    pub batch_size: usize,
    /// Set when this step completed an epoch (and it was evaluated).
    pub epoch_done: Option<EpochStats>,
}

/// A data split prepared for the network: neuron-major features and targets.
#[derive(Clone, Debug, Default)]
pub(crate) struct Prepared<R> {
    pub(crate) n: usize,
    /// `n_features * n`
    pub(crate) x: Vec<R>,
    /// `n_outputs * n`
    pub(crate) y: Vec<R>,
    /// Class index per point (0 for regression).
    pub(crate) class: Vec<usize>,
}

/// How class labels become output targets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Encoding {
    pub(crate) task: Task,
    pub(crate) n_out: usize,
    /// Target of "off" / negative.
    pub(crate) neg: f64,
    /// Target of "on" / positive.
    pub(crate) pos: f64,
}

impl Encoding {
    pub(crate) fn new(task: Task, out: LayerActivation, n_out: usize) -> Self {
        let lower = match out {
            LayerActivation::Softmax => 0.0,
            LayerActivation::Elementwise(a) => a.range().0,
        };
        let neg = if lower >= 0.0 { 0.0 } else { -1.0 };
        Encoding { task, n_out, neg, pos: 1.0 }
    }

    /// Writes the targets of a point with `label` into `y[k * stride + i]`.
    pub(crate) fn encode<R: Real>(&self, label: f64, y: &mut [R], stride: usize, i: usize) {
        match self.task {
            Task::Regression => y[i] = r(label),
            Task::Classification { .. } => {
                let c = class_of(self.task, label);
                if self.n_out == 1 {
                    y[i] = r(if c == 1 { self.pos } else { self.neg });
                } else {
                    for k in 0..self.n_out {
                        y[k * stride + i] = r(if k == c { self.pos } else { self.neg });
                    }
                }
            }
        }
    }

    /// Predicted class from outputs `a[k * stride + i]`.
    pub(crate) fn predict<R: Real>(&self, a: &[R], stride: usize, i: usize) -> usize {
        if self.n_out == 1 {
            usize::from(a[i] > r(0.5 * (self.neg + self.pos)))
        } else {
            let mut best = 0;
            for k in 1..self.n_out {
                if a[k * stride + i] > a[best * stride + i] {
                    best = k;
                }
            }
            best
        }
    }
}

/// Trains a dense network on a 2-D data set. See the module docs.
#[derive(Clone, Debug)]
pub struct Trainer<R: Real = f64> {
    pub(crate) config: TrainConfig,
    pub(crate) data: Dataset,
    pub(crate) net: Network<R>,
    pub(crate) enc: Encoding,
    pub(crate) train: Prepared<R>,
    pub(crate) test: Prepared<R>,
    /// The rule and the state of every tensor ([`params::Net`]'s order).
    opt: Optimizer<R>,
    pub(crate) grads: Vec<LayerGrads<R>>,
    /// Spare parameter buffers the plain-SGD step writes into (swapped with the layers').
    spare: Vec<(Array2<R>, Array1<R>)>,
    ws: Workspace<R>,
    pub(crate) eval_train: Workspace<R>,
    eval_test: Workspace<R>,
    order: Vec<usize>,
    cursor: usize,
    step_in_epoch: u64,
    epoch: u64,
    steps: u64,
    shuffle_rng: Rng,
    dropout_rng: Rng,
    history: History,
    /// The parameters at the last evaluation whose losses were finite (restored on a divergence).
    kept: Checkpoint<Network<R>, R>,
    diverged: Option<Stop>,
    perceptron: bool,
    eval_every: u64,
    last: EpochStats,
}

impl Trainer<f64> {
    /// A double-precision trainer (the precision of the checks and of the
    /// reference comparison): [`build`](Self::build) in `f64`.
    pub fn new(config: &TrainConfig) -> Result<Trainer, ConfigError> {
        Trainer::build(config)
    }

    /// [`build_with`](Self::build_with) in `f64`.
    pub fn with_network(config: &TrainConfig, net: Network) -> Result<Trainer, ConfigError> {
        Trainer::build_with(config, net)
    }
}

impl<R: Real> Trainer<R> {
    /// Validates the configuration, generates the data and initialises the
    /// network from `config.seed`, in precision `R` (`Trainer::<f32>::build`
    /// is what the page trains with). The history starts with the epoch-0
    /// stats. The initial weights are drawn in `f64` and rounded to `R`, so
    /// an `f32` and an `f64` trainer of one configuration start together.
    pub fn build(config: &TrainConfig) -> Result<Trainer<R>, ConfigError> {
        config.validate()?;
        let mut init_rng = Rng::stream(config.seed, 2);
        let net = Network::new(&config.layer_sizes(), &config.layer_activations(), config.init, &mut init_rng);
        // (build_with adds the layers' normalizations and skips from the configuration)
        Trainer::build_with(config, net)
    }

    /// Like [`build`](Self::build) but with given weights (used verbatim).
    /// The network's shape must match the configuration.
    pub fn build_with(config: &TrainConfig, mut net: Network<R>) -> Result<Trainer<R>, ConfigError> {
        config.validate()?;
        let n_hidden = config.hidden.len().min(net.layers.len());
        for (i, layer) in net.layers[..n_hidden].iter_mut().enumerate() {
            layer.set_options(config.layer_option(i));
        }
        let sizes = config.layer_sizes();
        if net.sizes() != sizes {
            let field = if net.n_inputs() != sizes[0] { "features" } else { "layers" };
            return Err(ConfigError::new(field, Problem::ShapeMismatch { net: net.sizes(), config: sizes }));
        }
        for (l, (layer, act)) in net.layers.iter().zip(config.layer_activations()).enumerate() {
            if layer.activation != act {
                let problem = Problem::ActivationMismatch { net: layer.activation, config: act };
                return Err(ConfigError::new(format!("layers[{l}].activation"), problem));
            }
        }
        let data = config.data.generate();
        let n_out = config.n_outputs();
        let enc = Encoding::new(data.task, config.output_activation, n_out);
        let train = prepare(config, &enc, &data.train);
        let test = prepare(config, &enc, &data.test);
        let perceptron = net.layers.len() == 1 && net.output_activation() == Activation::Step.into();
        let eval_train = Workspace::exact(&net, train.n.max(1));
        let eval_test = Workspace::exact(&net, test.n.max(1));
        let mut ws = Workspace::new(&net, config.batch_size.min(train.n).max(1));
        ws.training = true;
        let mut t = Trainer {
            config: config.clone(),
            grads: LayerGrads::for_network(&net),
            opt: Optimizer::new(config.optimizer, params::net_lens(&net)),
            spare: Vec::new(),
            order: (0..train.n).collect(),
            data,
            net,
            enc,
            train,
            test,
            ws,
            eval_train,
            eval_test,
            cursor: 0,
            step_in_epoch: 0,
            epoch: 0,
            steps: 0,
            shuffle_rng: Rng::stream(config.seed, 3),
            dropout_rng: Rng::stream(config.seed, 4),
            history: History::bounded(2 * HISTORY_CAP),
            kept: Checkpoint::default(),
            diverged: None,
            perceptron,
            eval_every: 1,
            last: EpochStats { epoch: 0, train_loss: 0.0, test_loss: None, train_accuracy: None, test_accuracy: None },
        };
        let s = t.evaluate();
        t.record(s);
        Ok(t)
    }

    // ----- read-only views -------------------------------------------------

    /// The configuration, including live changes made through the setters.
    pub fn config(&self) -> &TrainConfig {
        &self.config
    }
    /// The network (weights `(n_in, n_out)`, biases `(n_out,)` per layer).
    pub fn network(&self) -> &Network<R> {
        &self.net
    }
    /// The data set (train and test points with raw coordinates and labels).
    pub fn dataset(&self) -> &Dataset {
        &self.data
    }
    /// Completed epochs.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }
    /// Optimizer steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }
    /// Position in the current epoch: `(steps done, training points consumed)`.
    pub fn epoch_progress(&self) -> (u64, usize) {
        (self.step_in_epoch, self.cursor)
    }
    /// Stats per evaluated epoch, starting with epoch 0 (initial weights), in
    /// epoch order. A long run is thinned (to between [`HISTORY_CAP`] and twice as many): the entries
    /// kept are spread over the whole run and the newest is always there.
    pub fn history(&self) -> &[EpochStats] {
        self.history.as_slice()
    }
    /// The history entries after epoch `epoch` (what a chart has not seen yet).
    pub fn history_after(&self, epoch: Option<u64>) -> &[EpochStats] {
        self.history.after(epoch)
    }
    /// The latest evaluation.
    pub fn last_stats(&self) -> EpochStats {
        self.last
    }
    /// Number of free parameters (`Display`: "7 free parameters: 4 weights and 3 biases").
    pub fn param_count(&self) -> crate::dense::network::ParamCount {
        self.net.param_count()
    }
    /// `Some` once training diverged (cleared by any setter or weight edit).
    pub fn diverged(&self) -> Option<&Stop> {
        self.diverged.as_ref()
    }
    /// The first layer gradients cannot flow through (a step activation in a
    /// network with more than one layer), if any: [`StallCause::StepActivation`].
    pub fn gradient_blocker(&self) -> Option<Stop> {
        if self.perceptron {
            return None;
        }
        let last = self.net.layers.len() - 1;
        self.net.layers.iter().position(|l| !l.activation.has_gradient()).map(|index| Stop::Stalled {
            epoch: self.epoch,
            layer: Some(Layer { index, output: index == last }),
            cause: StallCause::StepActivation,
            loss: self.last.train_loss,
            zero_weights: false,
        })
    }
    /// Whether this is a single-layer step network trained by the perceptron rule.
    pub fn is_perceptron(&self) -> bool {
        self.perceptron
    }
    /// Per layer, the Euclidean norm of the last step's gradient (weights and biases).
    pub fn gradient_norms(&self) -> Vec<f64> {
        self.grads.iter().map(|g| g.norm()).collect()
    }
    /// Per layer, the last step's gradients (flat, weights row-major `(n_in, n_out)`).
    pub fn gradients(&self) -> &[LayerGrads<R>] {
        &self.grads
    }
    /// Per layer, the pre-activations `z` over the whole training set at the
    /// last evaluation: neuron-major, neuron `j`'s values at
    /// `[j * n_train .. (j + 1) * n_train]`.
    pub fn layer_preactivations(&self) -> Vec<&[R]> {
        let n = self.train.n;
        self.net.layers.iter().enumerate().map(|(l, layer)| &self.eval_train.z[l][..layer.n_out() * n]).collect()
    }
    /// Per layer, the activations `a` over the training set at the last evaluation (same layout).
    pub fn layer_activations(&self) -> Vec<&[R]> {
        let n = self.train.n;
        self.net.layers.iter().enumerate().map(|(l, layer)| &self.eval_train.a[l][..layer.n_out() * n]).collect()
    }
    /// The targets the network is trained towards for a label, one per output
    /// neuron (e.g. `[-1.0]`/`[1.0]` for tanh, `[0,1,0]` for softmax).
    pub fn encode_label(&self, label: f64) -> Vec<f64> {
        let mut y = vec![0.0f64; self.enc.n_out];
        self.enc.encode(label, &mut y, 1, 0);
        y
    }

    // ----- live setters (they keep weights, optimizer state and history) ---

    /// Applies every live hyper-parameter that differs (see [`Hyper`]): the
    /// same as calling each setter for the changed fields, in one call. On an
    /// error the fields before the bad one are applied.
    pub fn set_hyper(&mut self, h: Hyper) -> Result<(), ConfigError> {
        let c = self.config.hyper();
        if c.learning_rate != h.learning_rate {
            self.set_learning_rate(h.learning_rate)?;
        }
        if c.regularization != h.regularization {
            self.set_regularization(h.regularization.kind, h.regularization.rate)?;
        }
        if c.optimizer != h.optimizer {
            self.set_optimizer(h.optimizer)?;
        }
        if c.dropout != h.dropout {
            self.set_dropout(h.dropout)?;
        }
        if c.batch_size != h.batch_size {
            self.set_batch_size(h.batch_size)?;
        }
        Ok(())
    }

    /// Changes the learning rate; optimizer state is kept.
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<(), ConfigError> {
        check_learning_rate(lr)?;
        self.config.learning_rate = lr;
        self.diverged = None;
        Ok(())
    }
    /// Changes the regularization penalty and rate; optimizer state is kept.
    pub fn set_regularization(&mut self, kind: RegularizationKind, rate: f64) -> Result<(), ConfigError> {
        let p = Penalty { kind, rate };
        p.validate()?;
        self.config.regularization = p;
        self.diverged = None;
        Ok(())
    }
    /// Changes the optimizer; its state is kept if the kind is unchanged, else reset.
    pub fn set_optimizer(&mut self, cfg: OptimizerConfig) -> Result<(), ConfigError> {
        cfg.validate()?;
        self.opt.set_config(cfg);
        self.config.optimizer = cfg;
        self.diverged = None;
        Ok(())
    }
    /// Changes the dropout probability (training only).
    pub fn set_dropout(&mut self, p: f64) -> Result<(), ConfigError> {
        check_dropout(p)?;
        self.config.dropout = p;
        self.diverged = None;
        Ok(())
    }
    /// Changes the batch size, from the next step on.
    pub fn set_batch_size(&mut self, b: usize) -> Result<(), ConfigError> {
        check_batch_size(b)?;
        self.config.batch_size = b;
        self.diverged = None;
        Ok(())
    }
    /// Evaluate (and record history) every `k` epochs (default 1). A larger
    /// `k` trains faster when the losses are not needed every epoch.
    pub fn set_eval_every(&mut self, k: u64) {
        self.eval_every = k.max(1);
    }
    /// Sets one weight: `layer` indexes [`Network::layers`], `from` the input
    /// (row), `to` the neuron (column). Re-evaluates the losses (not recorded in history).
    pub fn set_weight(&mut self, layer: usize, from: usize, to: usize, v: f64) -> Result<(), ConfigError> {
        let field = format!("layers[{layer}].weights[{from}][{to}]");
        let w = self
            .net
            .layers
            .get_mut(layer)
            .and_then(|l| l.weights.get_mut((from, to)))
            .ok_or_else(|| ConfigError::new(field.clone(), Problem::NoSuch))?;
        let v = R::of(v);
        if !v.is_finite() {
            return Err(ConfigError::new(field, Problem::NotFinite));
        }
        *w = v;
        self.diverged = None;
        self.evaluate();
        Ok(())
    }
    /// Sets one bias. Re-evaluates the losses (not recorded in history).
    pub fn set_bias(&mut self, layer: usize, neuron: usize, v: f64) -> Result<(), ConfigError> {
        let field = format!("layers[{layer}].biases[{neuron}]");
        let b = self
            .net
            .layers
            .get_mut(layer)
            .and_then(|l| l.biases.get_mut(neuron))
            .ok_or_else(|| ConfigError::new(field.clone(), Problem::NoSuch))?;
        let v = R::of(v);
        if !v.is_finite() {
            return Err(ConfigError::new(field, Problem::NotFinite));
        }
        *b = v;
        self.diverged = None;
        self.evaluate();
        Ok(())
    }

    // ----- training --------------------------------------------------------

    /// Trains one mini-batch (the next `batch_size` points of the epoch's
    /// shuffled order; the data is reshuffled from the seed at the start of
    /// every epoch). Completing an epoch evaluates train/test loss and
    /// accuracy and appends them to the history.
    pub fn step_batch(&mut self) -> Result<StepReport, Stop> {
        if let Some(e) = self.diverged {
            return Err(e);
        }
        if let Some(e) = self.gradient_blocker() {
            return Err(e);
        }
        let n = self.train.n;
        if self.cursor == 0 {
            self.shuffle_rng.shuffle(&mut self.order);
        }
        let bsz = self.config.batch_size.min(n - self.cursor);
        self.ws.ensure(&self.net, bsz);
        let cap = self.ws.capacity;
        let n_feat = self.config.features.len();
        let n_out = self.enc.n_out;
        let idx = &self.order[self.cursor..self.cursor + bsz];
        for f in 0..n_feat {
            let src = &self.train.x[f * n..(f + 1) * n];
            let dst = &mut self.ws.input[f * cap..f * cap + bsz];
            for (d, &i) in dst.iter_mut().zip(idx) {
                *d = src[i];
            }
        }
        for k in 0..n_out {
            let src = &self.train.y[k * n..(k + 1) * n];
            let dst = &mut self.ws.target[k * cap..k * cap + bsz];
            for (d, &i) in dst.iter_mut().zip(idx) {
                *d = src[i];
            }
        }
        self.fill_dropout_masks(bsz);

        let epoch = self.epoch + 1;
        let step = self.step_in_epoch + 1;
        let last = self.net.layers.len() - 1;
        let learning_rate = self.config.learning_rate;
        // the step is never applied, and set_diverged keeps the last finite weights
        let diverge = move |index: usize, cause| Stop::Diverged {
            epoch,
            step,
            layer: Some(Layer { index, output: index == last }),
            cause,
            weights_kept: true,
            learning_rate,
        };

        if let Some(layer) = self.net.forward_ws(&mut self.ws, bsz) {
            return Err(self.set_diverged(diverge(layer, Cause::Activations)));
        }
        let total = if self.perceptron {
            // Rosenblatt's rule: δ = ŷ − y, so w ← w + lr·(y − ŷ)·x. Reported loss: the configured loss.
            let ws = &mut self.ws;
            let t = self.config.loss.batch(
                self.net.output_activation(),
                n_out,
                bsz,
                cap,
                &ws.z[last],
                &ws.a[last],
                &ws.target,
                &mut ws.delta[last],
            );
            for k in 0..n_out {
                for i in 0..bsz {
                    let j = k * cap + i;
                    ws.delta[last][j] = ws.a[last][j] - ws.target[j];
                }
            }
            t
        } else {
            let ws = &mut self.ws;
            self.config.loss.batch(self.net.output_activation(), n_out, bsz, cap, &ws.z[last], &ws.a[last], &ws.target, &mut ws.delta[last])
        };
        if !total.is_finite() {
            return Err(self.set_diverged(diverge(last, Cause::Loss)));
        }
        let inv = R::ONE / r::<R>(bsz as f64);
        for k in 0..n_out {
            self.ws.delta[last][k * cap..k * cap + bsz].iter_mut().for_each(|d| *d *= inv);
        }
        if let Some(l) = self.net.backward_checked(&mut self.ws, bsz, &mut self.grads) {
            return Err(self.set_diverged(diverge(l, Cause::Gradients)));
        }
        let (lr, pen) = (self.config.learning_rate, self.config.regularization);
        let mut net = params::Net { net: &mut self.net, grads: &self.grads, spare: Some(&mut self.spare) };
        if let Err(l) = self.opt.step(&mut net, lr, pen, None, Bound::Finite) {
            return Err(self.set_diverged(diverge(l, Cause::Weights)));
        }
        self.update_running();
        self.cursor += bsz;
        self.step_in_epoch += 1;
        self.steps += 1;
        let mut epoch_done = None;
        if self.cursor >= n {
            self.cursor = 0;
            self.step_in_epoch = 0;
            self.epoch += 1;
            if self.epoch.is_multiple_of(self.eval_every) {
                let s = self.evaluate();
                if !losses_finite(&s) {
                    // finite weights whose loss overflows: go back to the last whose loss did not
                    return Err(self.set_diverged(diverge(last, Cause::Loss)));
                }
                self.record(s);
                epoch_done = Some(s);
            }
        }
        Ok(StepReport { batch_loss: (total * inv).f64(), batch_size: bsz, epoch_done })
    }

    /// Appends an evaluation to the (bounded) history.
    fn record(&mut self, s: EpochStats) {
        self.history.push(s);
    }

    /// Trains until the current epoch is complete (a whole epoch when called
    /// at an epoch boundary). Returns the epoch's stats (evaluated now if
    /// `eval_every` skipped it).
    pub fn train_epoch(&mut self) -> Result<EpochStats, Stop> {
        loop {
            let r = self.step_batch()?;
            if self.cursor == 0 {
                return Ok(r.epoch_done.unwrap_or(self.last));
            }
        }
    }

    /// Trains `n` epochs, stopping at the first error.
    pub fn train_epochs(&mut self, n: u64) -> Result<EpochStats, Stop> {
        let mut s = self.last;
        for _ in 0..n {
            s = self.train_epoch()?;
        }
        Ok(s)
    }

    /// Starts the epoch count at `epoch` (a loaded model continues its count).
    pub(crate) fn set_epoch_offset(&mut self, epoch: u64) {
        self.epoch = epoch;
        self.last.epoch = epoch;
        if let Some(h) = self.history.last_mut() {
            h.epoch = epoch;
        }
    }

    /// Folds the batch's statistics into batch norm's running ones.
    fn update_running(&mut self) {
        for (l, layer) in self.net.layers.iter_mut().enumerate() {
            if let (Some(n), Some(buf)) = (layer.norm.as_mut(), self.ws.extra.get(l)) {
                n.update_running(buf);
            }
        }
    }

    /// Stops training with `e`, keeping the last parameters whose losses were
    /// finite: the current ones if their evaluation is, else the last kept.
    fn set_diverged(&mut self, e: Stop) -> Stop {
        let s = self.evaluate();
        if !losses_finite(&s) {
            if let Some(kept) = self.kept.restore(&mut self.net, &mut self.opt) {
                self.last = kept;
            }
        }
        self.diverged = Some(e);
        e
    }

    fn fill_dropout_masks(&mut self, bsz: usize) {
        let p = self.config.dropout;
        let last = self.net.layers.len() - 1;
        let cap = self.ws.capacity;
        for l in 0..last {
            if p > 0.0 {
                let len = self.net.layers[l].n_out() * cap;
                let (mask, dropped) = (&mut self.ws.mask[l], &mut self.ws.dropped[l]);
                mask.resize(len, R::ZERO);
                dropped.resize(len, R::ZERO);
                let keep = r::<R>(1.0 / (1.0 - p));
                let n_out = self.net.layers[l].n_out();
                for j in 0..n_out {
                    for i in 0..bsz {
                        mask[j * cap + i] = if self.dropout_rng.bernoulli(p) { R::ZERO } else { keep };
                    }
                }
            } else {
                self.ws.mask[l].clear();
            }
        }
        self.ws.mask[last].clear();
    }

    /// Computes train/test loss and accuracy with the current weights (no
    /// dropout), refreshes [`layer_preactivations`](Self::layer_preactivations),
    /// and returns the stats (not added to the history). Parameters whose
    /// losses are finite become the ones a divergence goes back to.
    pub fn evaluate(&mut self) -> EpochStats {
        let test = eval_split(&self.net, &self.config, &self.enc, &self.test, &mut self.eval_test);
        let train = eval_split(&self.net, &self.config, &self.enc, &self.train, &mut self.eval_train);
        let s = EpochStats {
            epoch: self.epoch,
            train_loss: train.map_or(f64::NAN, |t| t.0),
            test_loss: test.map(|t| t.0),
            train_accuracy: train.and_then(|t| t.1),
            test_accuracy: test.and_then(|t| t.1),
        };
        self.last = s;
        self.kept.save(&self.net, &self.opt, s);
        s
    }

    pub(crate) fn state_w(&self, l: usize) -> &ParamState<R> {
        self.opt.state(2 * l)
    }
    pub(crate) fn state_b(&self, l: usize) -> &ParamState<R> {
        self.opt.state(2 * l + 1)
    }
}

fn prepare<R: Real>(config: &TrainConfig, enc: &Encoding, pts: &[Point]) -> Prepared<R> {
    let n = pts.len();
    let mut x64 = vec![0.0; config.features.len() * n];
    fill_features(&config.features, pts.iter().map(|p| (p.x1, p.x2)), &mut x64, n);
    let x = crate::math::real::from_f64(&x64);
    let mut y = vec![R::ZERO; enc.n_out * n];
    for (i, p) in pts.iter().enumerate() {
        enc.encode(p.label, &mut y, n, i);
    }
    let class = pts.iter().map(|p| class_of(enc.task, p.label)).collect();
    Prepared { n, x, y, class }
}

/// Mean loss and accuracy over a split; `None` for an empty split.
fn eval_split<R: Real>(
    net: &Network<R>,
    config: &TrainConfig,
    enc: &Encoding,
    set: &Prepared<R>,
    ws: &mut Workspace<R>,
) -> Option<(f64, Option<f64>)> {
    let n = set.n;
    if n == 0 {
        return None;
    }
    // Exactly `n` per row: the layers' values over the whole split stay one
    // slice each (`layer_preactivations`).
    if ws.capacity != n || ws.z.len() != net.layers.len() || ws.input.len() != net.n_inputs() * n {
        *ws = Workspace::exact(net, n);
    }
    let cap = ws.capacity;
    let n_feat = net.n_inputs();
    for f in 0..n_feat {
        ws.input[f * cap..f * cap + n].copy_from_slice(&set.x[f * n..(f + 1) * n]);
    }
    for k in 0..enc.n_out {
        ws.target[k * cap..k * cap + n].copy_from_slice(&set.y[k * n..(k + 1) * n]);
    }
    net.forward_ws(ws, n);
    let last = net.layers.len() - 1;
    let total = config.loss.batch(net.output_activation(), enc.n_out, n, cap, &ws.z[last], &ws.a[last], &ws.target, &mut ws.delta[last]);
    let acc = match enc.task {
        Task::Regression => None,
        Task::Classification { .. } => {
            let correct = (0..n).filter(|&i| enc.predict(&ws.a[last], cap, i) == set.class[i]).count();
            Some(correct as f64 / n as f64)
        }
    };
    Some(((total / r::<R>(n as f64)).f64(), acc))
}

/// The dense net's side of the contract (the page adds its watch for stalls
/// and overshoots: [`crate::dense::diagnose`]).
impl<R: Real> crate::train::Train for Trainer<R> {
    type Hyper = Hyper;
    fn hyper(&self) -> Hyper {
        self.config.hyper()
    }
    fn set_hyper(&mut self, h: Hyper) -> Result<(), ConfigError> {
        Trainer::set_hyper(self, h)
    }
    fn train_epoch(&mut self) -> Result<EpochStats, Stop> {
        Trainer::train_epoch(self)
    }
    fn stopped(&self) -> Option<Stop> {
        self.diverged
    }
    fn history(&self) -> &[EpochStats] {
        Trainer::history(self)
    }
    fn epoch(&self) -> u64 {
        self.epoch
    }
}
