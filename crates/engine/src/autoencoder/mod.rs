//! An autoencoder on images: a dense encoder squeezes each image into a small
//! code (the bottleneck), a dense decoder rebuilds the image from it, and the
//! squared reconstruction error (targets = the clean inputs) is minimised with
//! the engine's optimizers. Optionally denoising: the encoder sees the image
//! with Gaussian noise added, the loss compares with the clean one.
//!
//! Built on [`Network`]: one net `[n, hidden, code, hidden, n]` (linear code,
//! sigmoid output), split at the code for encoding and decoding.

use ndarray::{Array2, ArrayView2};

use crate::data::images::ImageSet;
use crate::dense::config::{check_count, check_learning_rate, ConfigError, Problem};
use crate::dense::network::{InitConfig, InitScheme, Network};
use crate::history::{EpochStats, History};
use crate::math::activation::{Activation, LayerActivation};
use crate::math::loss::Loss;
use crate::math::optimizer::{OptimizerConfig, OptimizerKind, Penalty};
use crate::math::rng::Rng;
use crate::train::params::{self, Bound, Optimizer};
use crate::train::{check_hyper, lift, Cause, Hyper, Stop, Train};

pub use crate::limits::MAX_WEIGHT;
/// Bottleneck and hidden sizes allowed (the limits live in [`crate::limits`]).
pub use crate::limits::{AE_CODE as CODE, AE_HIDDEN as HIDDEN};

/// What to build and how to train it.
#[derive(Clone, Debug, PartialEq)]
pub struct AeConfig {
    /// Units in the bottleneck ([`CODE`]).
    pub code: usize,
    /// Units in the encoder's and the decoder's hidden layer ([`HIDDEN`]).
    pub hidden: usize,
    /// The hidden layers' activation.
    pub activation: Activation,
    pub learning_rate: f64,
    pub optimizer: OptimizerKind,
    /// Images per mini-batch.
    pub batch: usize,
    /// Standard deviation of the Gaussian noise added to the encoder's input (0 = plain autoencoder).
    pub noise: f64,
    /// Seeds the weights, the shuffling and the noise.
    pub seed: u64,
}

impl Default for AeConfig {
    fn default() -> Self {
        AeConfig {
            code: 2,
            hidden: 32,
            activation: Activation::Tanh,
            learning_rate: 0.01,
            optimizer: OptimizerKind::Adam,
            batch: 32,
            noise: 0.0,
            seed: 1,
        }
    }
}

impl AeConfig {
    /// Checks every setting; the error names the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("code", self.code, CODE, "")?;
        check_count("hidden", self.hidden, HIDDEN, "")?;
        check_count("batch", self.batch, crate::limits::AE_BATCH, "")?;
        check_learning_rate(self.learning_rate)?;
        crate::limits::AE_NOISE.check("noise", self.noise).map(|_| ())
    }
}

/// The autoencoder net `[n, hidden, code, hidden, n]`.
pub fn build_net(n: usize, cfg: &AeConfig, rng: &mut Rng) -> Network {
    let a: LayerActivation = cfg.activation.into();
    let acts = [a, Activation::Identity.into(), a, Activation::Sigmoid.into()];
    Network::new(&[n, cfg.hidden, cfg.code, cfg.hidden, n], &acts, InitConfig { scheme: InitScheme::Xavier, bias: 0.0 }, rng)
}

/// The images of `set` at `idx` as a `(len, pixels)` matrix.
fn rows_of(set: &ImageSet, idx: &[usize]) -> Array2<f64> {
    let mut x = Array2::zeros((idx.len(), set.shape.len()));
    for (r, &i) in idx.iter().enumerate() {
        x.row_mut(r).iter_mut().zip(set.image(i)).for_each(|(d, &s)| *d = s);
    }
    x
}

/// `½·Σ (y − x)²` of each row.
fn half_squared_errors(x: &Array2<f64>, y: &Array2<f64>) -> Vec<f64> {
    x.rows().into_iter().zip(y.rows()).map(|(a, b)| 0.5 * a.iter().zip(b.iter()).map(|(p, q)| (p - q) * (p - q)).sum::<f64>()).collect()
}

/// The net, the images and the optimizer, trained epoch by epoch.
pub struct AeTrainer {
    cfg: AeConfig,
    pub net: Network,
    pub data: ImageSet,
    opt: Optimizer<f64>,
    rng: Rng,
    order: Vec<usize>,
    /// Where the epoch under way has reached in `order` (0: at an epoch's start, not yet shuffled).
    pos: usize,
    /// Mini-batches trained in the epoch under way.
    batch_step: u64,
    epoch: u64,
    history: History,
    stopped: Option<Stop>,
}

impl AeTrainer {
    /// A trainer for `cfg` on `data` (checked first), with its epoch-0 loss recorded.
    pub fn new(cfg: &AeConfig, data: ImageSet) -> Result<AeTrainer, ConfigError> {
        cfg.validate()?;
        if data.is_empty() {
            return Err(ConfigError::new("data", Problem::NoData));
        }
        let mut rng = Rng::new(cfg.seed);
        let net = build_net(data.shape.len(), cfg, &mut rng);
        let opt = Optimizer::new(OptimizerConfig::of(cfg.optimizer), params::net_lens(&net));
        let mut t = AeTrainer {
            cfg: cfg.clone(),
            net,
            opt,
            rng: Rng::stream(cfg.seed, 17),
            order: (0..data.len()).collect(),
            pos: 0,
            batch_step: 0,
            data,
            epoch: 0,
            history: History::default(),
            stopped: None,
        };
        let loss = t.evaluate();
        t.history.push(EpochStats::train_only(0, loss, None));
        Ok(t)
    }

    pub fn config(&self) -> &AeConfig {
        &self.cfg
    }
    pub fn epoch(&self) -> u64 {
        self.epoch
    }
    pub fn history(&self) -> &[EpochStats] {
        self.history.as_slice()
    }
    /// Pixels per image.
    pub fn pixels(&self) -> usize {
        self.data.shape.len()
    }

    /// The images at `idx` as a `(len, pixels)` matrix.
    fn rows(&self, idx: &[usize]) -> Array2<f64> {
        rows_of(&self.data, idx)
    }

    /// Reconstructions of `x` (one image per row).
    pub fn reconstruct(&self, x: ArrayView2<f64>) -> Array2<f64> {
        self.net.forward(x)
    }

    /// Reconstructions of the images at `idx`, one `Vec` each.
    pub fn reconstruct_images(&self, idx: &[usize]) -> Vec<Vec<f64>> {
        let idx: Vec<usize> = idx.iter().copied().filter(|&i| i < self.data.len()).collect();
        self.net.forward(self.rows(&idx).view()).rows().into_iter().map(|r| r.to_vec()).collect()
    }

    /// The codes of `x` (one image per row → one code per row).
    pub fn encode(&self, x: ArrayView2<f64>) -> Array2<f64> {
        Network { layers: self.net.layers[..2].to_vec() }.forward(x)
    }

    /// The image decoded from one code.
    pub fn decode(&self, code: &[f64]) -> Vec<f64> {
        let z = Array2::from_shape_fn((1, code.len()), |(_, j)| code[j]);
        if code.len() != self.cfg.code {
            return vec![0.0; self.pixels()];
        }
        Network { layers: self.net.layers[2..].to_vec() }.forward(z.view()).iter().copied().collect()
    }

    /// The codes of every image.
    pub fn codes(&self) -> Array2<f64> {
        let all: Vec<usize> = (0..self.data.len()).collect();
        self.encode(self.rows(&all).view())
    }

    /// [`Self::codes`] and [`Self::errors`] from one pass: every image through
    /// the encoder, then its code through the decoder (the same numbers, the
    /// encoder run once instead of twice: the lab asks for both ten times a second).
    pub fn codes_and_errors(&self) -> (Array2<f64>, Vec<f64>) {
        self.codes_and_errors_in(0..self.data.len())
    }

    /// [`Self::codes_and_errors`] of the images in `range` (clipped to the images):
    /// a view can gather them over several frames.
    pub fn codes_and_errors_in(&self, range: std::ops::Range<usize>) -> (Array2<f64>, Vec<f64>) {
        let all: Vec<usize> = range.filter(|&i| i < self.data.len()).collect();
        let x = self.rows(&all);
        let codes = Network { layers: self.net.layers[..2].to_vec() }.forward(x.view());
        let y = Network { layers: self.net.layers[2..].to_vec() }.forward(codes.view());
        (codes, half_squared_errors(&x, &y))
    }

    /// Per-image reconstruction error `½·Σ (x̂ − x)²` of every image.
    pub fn errors(&self) -> Vec<f64> {
        self.errors_of(&self.data)
    }

    /// [`Self::errors`] of every image of `set`, which the net may never have trained on (an
    /// anomaly is an image it rebuilds badly). Images of another size: none.
    pub fn errors_of(&self, set: &ImageSet) -> Vec<f64> {
        if set.shape.len() != self.pixels() {
            return Vec::new();
        }
        let x = rows_of(set, &(0..set.len()).collect::<Vec<_>>());
        let y = self.net.forward(x.view());
        half_squared_errors(&x, &y)
    }

    /// The images at `idx` with Gaussian noise of standard deviation `sd` added (clamped to
    /// 0…1, drawn from `seed`: the same noise on every call), and what the net rebuilds from
    /// them: a denoising autoencoder's rebuilt images are closer to the clean ones than its
    /// noisy inputs.
    pub fn rebuild_noisy(&self, idx: &[usize], sd: f64, seed: u64) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let (noisy, rebuilt) = self.noisy_rows(idx, sd, seed);
        let rows = |a: Array2<f64>| a.rows().into_iter().map(|r| r.to_vec()).collect();
        (rows(noisy), rows(rebuilt))
    }

    fn noisy_rows(&self, idx: &[usize], sd: f64, seed: u64) -> (Array2<f64>, Array2<f64>) {
        let idx: Vec<usize> = idx.iter().copied().filter(|&i| i < self.data.len()).collect();
        let mut rng = Rng::stream(seed, 29);
        let mut noisy = self.rows(&idx);
        noisy.iter_mut().for_each(|v| *v = (*v + rng.normal() * sd).clamp(0.0, 1.0));
        let rebuilt = self.net.forward(noisy.view());
        (noisy, rebuilt)
    }

    /// The share of the noise the net takes away, over every image with noise `sd` (from
    /// `seed`): 1 − Σ‖rebuilt − clean‖² / Σ‖noisy − clean‖². 1: every image rebuilt clean;
    /// 0: rebuilt as far from clean as the noisy input; below 0: further. None with no noise.
    pub fn noise_removed(&self, sd: f64, seed: u64) -> Option<f64> {
        let all: Vec<usize> = (0..self.data.len()).collect();
        let clean = self.rows(&all);
        let (noisy, rebuilt) = self.noisy_rows(&all, sd, seed);
        let d2 = |a: &Array2<f64>| a.iter().zip(clean.iter()).map(|(p, q)| (p - q) * (p - q)).sum::<f64>();
        let noise = d2(&noisy);
        (noise > 0.0).then(|| 1.0 - d2(&rebuilt) / noise)
    }

    /// Mean reconstruction loss over all (clean) images.
    pub fn evaluate(&self) -> f64 {
        let e = self.errors();
        e.iter().sum::<f64>() / e.len().max(1) as f64
    }

    /// One pass over the shuffled images in mini-batches (the rest of the
    /// epoch under way, if [`step_batch`](Self::step_batch) began one).
    pub fn train_epoch(&mut self) -> Result<EpochStats, Stop> {
        loop {
            if let Some(done) = self.step_batch()? {
                return Ok(done);
            }
        }
    }

    /// One mini-batch of the epoch under way (the images shuffled at its
    /// start); the batch that ends the epoch evaluates it and returns its
    /// stats. Batch by batch gives exactly the weights of whole epochs: a
    /// frame on a slow device trains what fits, not a whole epoch.
    pub fn step_batch(&mut self) -> Result<Option<EpochStats>, Stop> {
        if let Some(s) = self.stopped {
            return Err(s);
        }
        let n = self.order.len();
        if self.pos == 0 {
            self.rng.shuffle(&mut self.order);
            self.batch_step = 0;
        }
        if self.pos < n {
            let step = self.batch_step + 1;
            let end = (self.pos + self.cfg.batch).min(n);
            let idx = self.order[self.pos..end].to_vec();
            let clean = self.rows(&idx);
            let mut noisy = clean.clone();
            if self.cfg.noise > 0.0 {
                let s = self.cfg.noise;
                noisy.iter_mut().for_each(|v| *v = (*v + self.rng.normal() * s).clamp(0.0, 1.0));
            }
            let (loss, grads) = self.net.loss_and_gradients(Loss::Mse, noisy.view(), clean.view());
            if !loss.is_finite() {
                return Err(self.stop(step, Cause::Loss, true));
            }
            if !grads.iter().all(|g| g.norm().is_finite()) {
                return Err(self.stop(step, Cause::Gradients, true));
            }
            // the step is taken only if it keeps every weight within MAX_WEIGHT (NaN fails)
            let mut net = params::Net { net: &mut self.net, grads: &grads, spare: None };
            if self.opt.step(&mut net, self.cfg.learning_rate, Penalty::NONE, None, Bound::Magnitude(MAX_WEIGHT)).is_err() {
                return Err(self.stop(step, Cause::WeightBound, true));
            }
            self.batch_step = step;
            self.pos = end;
            if end < n {
                return Ok(None);
            }
        }
        // the epoch's last batch: a lifted stop below starts the next epoch afresh
        self.pos = 0;
        let loss = self.evaluate();
        if !loss.is_finite() {
            // every step stayed within bounds, yet these weights' loss overflows
            return Err(self.stop(self.batch_step, Cause::Loss, false));
        }
        self.epoch += 1;
        let stat = EpochStats::train_only(self.epoch, loss, None);
        self.history.push(stat);
        Ok(Some(stat))
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
}

/// The autoencoder's live settings: the shared [`Hyper`] and the denoising noise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AeHyper {
    pub hyper: Hyper,
    /// Standard deviation of the noise added to the encoder's input.
    pub noise: f64,
}

/// The autoencoder's side of the contract: learning rate, optimizer, batch
/// size and noise are live; it has no penalty and no dropout (refused).
impl Train for AeTrainer {
    type Hyper = AeHyper;
    fn hyper(&self) -> AeHyper {
        let c = &self.cfg;
        let hyper = Hyper {
            learning_rate: c.learning_rate,
            regularization: Penalty::NONE,
            optimizer: self.opt.config(),
            dropout: 0.0,
            batch_size: c.batch,
        };
        AeHyper { hyper, noise: c.noise }
    }
    fn set_hyper(&mut self, AeHyper { hyper: h, noise }: AeHyper) -> Result<(), ConfigError> {
        check_hyper(&h, "the autoencoder", false, false)?;
        check_count("batch_size", h.batch_size, crate::limits::AE_BATCH, "")?;
        crate::limits::AE_NOISE.check("noise", noise)?;
        let next = AeConfig { learning_rate: h.learning_rate, optimizer: h.optimizer.kind, batch: h.batch_size, noise, ..self.cfg.clone() };
        let old = self.hyper().hyper;
        lift(&mut self.stopped, &old, &h);
        self.cfg = next;
        self.opt.set_config(h.optimizer);
        Ok(())
    }
    fn train_epoch(&mut self) -> Result<EpochStats, Stop> {
        AeTrainer::train_epoch(self)
    }
    /// A time budget counts mini-batches, as the conv net's does: a frame on a
    /// slow device trains what fits (an epoch of the digits may not), at least one batch.
    fn train_unit(&mut self) -> Result<Option<EpochStats>, Stop> {
        self.step_batch()
    }
    fn stopped(&self) -> Option<Stop> {
        self.stopped
    }
    fn history(&self) -> &[EpochStats] {
        AeTrainer::history(self)
    }
    fn epoch(&self) -> u64 {
        self.epoch
    }
}
