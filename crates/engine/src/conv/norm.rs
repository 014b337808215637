//! Batch normalization per channel (Ioffe & Szegedy, 2015), for the
//! convolution lab: every channel of a `(c, h, w)` map is normalized over the
//! mini-batch *and* the positions (`m = batch · h · w` values per channel),
//! then scaled and shifted by a learned `γ` and `β`:
//!
//! `x̂ = (x − μ_c) / √(σ²_c + ε)`, `y = γ_c · x̂ + β_c`,
//!
//! with `μ_c`, `σ²_c` the mean and (biased) variance of the channel's `m`
//! values. Training uses these batch statistics; the running averages
//! `μ ← k μ + (1 − k) μ_c`, `σ² ← k σ² + (1 − k) · m/(m−1) · σ²_c`
//! (k = [`RUNNING_KEEP`], as in the dense batch norm; see [`running_average`])
//! replace them in evaluation, so that one image's answer does not depend on
//! which other images share its batch.
//!
//! The layer sees the whole mini-batch at once (`n` examples one after the
//! other, each of the input shape); the network runs every layer over the
//! batch before the next (see [`ConvNet`](super::net::ConvNet)).
//!
//! Backward (training mode), per channel, with `g = ∂L/∂y`:
//! `∂L/∂β = Σ g`, `∂L/∂γ = Σ g·x̂`,
//! `∂L/∂x = γ / √(σ² + ε) · (g − (Σ g)/m − x̂ · (Σ g·x̂)/m)`.
//!
//! A flat input `(n, 1, 1)` is normalized per feature over the batch alone.
//! The helpers at the end put a batch norm after every convolution of an
//! architecture, or take them out again (the lab's toolbar switch).

use super::layers::Shape;
use super::net::LayerSpec;
use crate::dense::norm::{running_average, RUNNING_KEEP};
use crate::math::activation::Activation;
use crate::math::real::Real;

/// `ε` added to the variance.
pub const EPSILON: f64 = 1e-5;
/// Weight of the new batch in the running statistics, `1 −` [`RUNNING_KEEP`],
/// written as its own literal: the conv runs were recorded with `0.1`, and
/// `1.0 − 0.9` is 0.09999999999999998 in `f64`. (Their weight of the old value
/// was `1 − 0.1` computed in `R`: the same bits as `RUNNING_KEEP` in `f32`
/// and `f64`, see the test below.)
const RUNNING_TAKE: f64 = 0.1;

/// Per-channel batch normalization with learned scale `γ` and shift `β`.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNorm<R: Real = f64> {
    /// Input (and output) shape of one example.
    pub shape: Shape,
    /// Scale, one per channel (starts at 1).
    pub gamma: Vec<R>,
    /// Shift, one per channel (starts at 0).
    pub beta: Vec<R>,
    /// Accumulated `∂L/∂γ`.
    pub grad_gamma: Vec<R>,
    /// Accumulated `∂L/∂β`.
    pub grad_beta: Vec<R>,
    /// Running mean per channel (used in evaluation; starts at 0).
    pub running_mean: Vec<R>,
    /// Running variance per channel (used in evaluation; starts at 1).
    pub running_var: Vec<R>,
    /// `x̂` of the last training forward (batch × shape).
    xhat: Vec<R>,
    /// `1/√(σ²_c + ε)` of the last training forward.
    inv_std: Vec<R>,
}

impl<R: Real> BatchNorm<R> {
    /// `γ = 1`, `β = 0`, running mean 0 and variance 1.
    pub fn new(shape: Shape) -> BatchNorm<R> {
        let c = shape.c;
        BatchNorm {
            shape,
            gamma: vec![R::ONE; c],
            beta: vec![R::ZERO; c],
            grad_gamma: vec![R::ZERO; c],
            grad_beta: vec![R::ZERO; c],
            running_mean: vec![R::ZERO; c],
            running_var: vec![R::ONE; c],
            xhat: Vec::new(),
            inv_std: vec![R::ZERO; c],
        }
    }

    /// Training mode over a batch of `n` examples (`x`, `y`: `n` × shape):
    /// normalizes with the batch's statistics, remembers `x̂` for
    /// [`BatchNorm::backward`], and moves the running statistics.
    pub fn forward_train(&mut self, x: &[R], y: &mut [R], n: usize) {
        let (c, area, len) = (self.shape.c, self.shape.h * self.shape.w, self.shape.len());
        debug_assert!(x.len() >= n * len && y.len() >= n * len);
        if self.xhat.len() < n * len {
            self.xhat.resize(n * len, R::ZERO);
        }
        let m = n * area;
        let inv_m = R::of(1.0 / m as f64);
        let eps = R::of(EPSILON);
        let (keep, take) = (R::of(RUNNING_KEEP), R::of(RUNNING_TAKE));
        let unbias = R::of(if m > 1 { m as f64 / (m - 1) as f64 } else { 1.0 });
        for ch in 0..c {
            let span = |j: usize| j * len + ch * area..j * len + (ch + 1) * area;
            let mut sum = R::ZERO;
            for j in 0..n {
                for &v in &x[span(j)] {
                    sum += v;
                }
            }
            let mean = sum * inv_m;
            let mut sq = R::ZERO;
            for j in 0..n {
                for &v in &x[span(j)] {
                    let d = v - mean;
                    sq += d * d;
                }
            }
            let var = sq * inv_m;
            let inv = R::ONE / (var + eps).sqrt();
            self.inv_std[ch] = inv;
            let (g, b) = (self.gamma[ch], self.beta[ch]);
            for j in 0..n {
                for ((&v, xh), yv) in x[span(j)].iter().zip(&mut self.xhat[span(j)]).zip(&mut y[span(j)]) {
                    *xh = (v - mean) * inv;
                    *yv = g * *xh + b;
                }
            }
            self.running_mean[ch] = running_average(self.running_mean[ch], mean, keep, take);
            self.running_var[ch] = running_average(self.running_var[ch], var * unbias, keep, take);
        }
    }

    /// Evaluation mode over `n` examples: normalizes with the running statistics.
    pub fn forward_eval(&self, x: &[R], y: &mut [R], n: usize) {
        let (c, area, len) = (self.shape.c, self.shape.h * self.shape.w, self.shape.len());
        let eps = R::of(EPSILON);
        for ch in 0..c {
            let scale = self.gamma[ch] / (self.running_var[ch] + eps).sqrt();
            let mean = self.running_mean[ch];
            let b = self.beta[ch];
            for j in 0..n {
                let span = j * len + ch * area..j * len + (ch + 1) * area;
                for (&v, yv) in x[span.clone()].iter().zip(&mut y[span]) {
                    *yv = scale * (v - mean) + b;
                }
            }
        }
    }

    /// Given `dy = ∂L/∂y` for the last [`BatchNorm::forward_train`] over `n`
    /// examples, adds `∂L/∂γ`, `∂L/∂β` to the gradient buffers and, if `dx` is
    /// given, writes `∂L/∂x` there (through the batch statistics).
    pub fn backward(&mut self, dy: &[R], dx: Option<&mut [R]>, n: usize) {
        let (c, area, len) = (self.shape.c, self.shape.h * self.shape.w, self.shape.len());
        let m = n * area;
        let inv_m = R::of(1.0 / m as f64);
        let mut dx = dx;
        for ch in 0..c {
            let span = |j: usize| j * len + ch * area..j * len + (ch + 1) * area;
            let (mut sg, mut sgx) = (R::ZERO, R::ZERO);
            for j in 0..n {
                for (&g, &xh) in dy[span(j)].iter().zip(&self.xhat[span(j)]) {
                    sg += g;
                    sgx += g * xh;
                }
            }
            self.grad_beta[ch] += sg;
            self.grad_gamma[ch] += sgx;
            if let Some(dx) = dx.as_deref_mut() {
                let k = self.gamma[ch] * self.inv_std[ch];
                let (mg, mgx) = (sg * inv_m, sgx * inv_m);
                for j in 0..n {
                    for ((&g, &xh), d) in dy[span(j)].iter().zip(&self.xhat[span(j)]).zip(&mut dx[span(j)]) {
                        *d = k * (g - mg - xh * mgx);
                    }
                }
            }
        }
    }

    /// Zeroes the gradient buffers.
    pub fn zero_grad(&mut self) {
        self.grad_gamma.fill(R::ZERO);
        self.grad_beta.fill(R::ZERO);
    }
}

/// Whether the architecture has a batch norm.
pub fn has_batch_norm(layers: &[LayerSpec]) -> bool {
    layers.iter().any(|l| matches!(l, LayerSpec::BatchNorm { .. }))
}

/// The architecture with a batch norm after every convolution that has none,
/// in the usual order convolution → batch norm → activation: the convolution's
/// activation moves to the batch norm (the convolution keeps none).
pub fn with_batch_norm(layers: &[LayerSpec]) -> Vec<LayerSpec> {
    let mut out = Vec::with_capacity(layers.len() * 2);
    for (i, l) in layers.iter().enumerate() {
        match *l {
            LayerSpec::Conv { kernels, size, stride, padding, activation }
                if !matches!(layers.get(i + 1), Some(LayerSpec::BatchNorm { .. })) =>
            {
                out.push(LayerSpec::Conv { kernels, size, stride, padding, activation: Activation::Identity });
                out.push(LayerSpec::BatchNorm { activation });
            }
            other => out.push(other),
        }
    }
    out
}

/// The architecture without its batch norms: each one's activation goes back
/// to the convolution before it (when that one has none), so that
/// `without_batch_norm(&with_batch_norm(a)) == a`.
pub fn without_batch_norm(layers: &[LayerSpec]) -> Vec<LayerSpec> {
    let mut out: Vec<LayerSpec> = Vec::with_capacity(layers.len());
    for l in layers {
        match *l {
            LayerSpec::BatchNorm { activation } => {
                if let Some(LayerSpec::Conv { activation: a @ Activation::Identity, .. }) = out.last_mut() {
                    *a = activation;
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The weight of the old value was `1 − 0.1` computed in `R`; [`RUNNING_KEEP`]
    /// rounded to `R` has the same bits in both precisions (while `1.0 − 0.9`
    /// is not `0.1`: the new batch's weight keeps its own literal).
    #[test]
    fn the_running_weights_keep_their_bits() {
        fn keep_bits<R: Real>() -> (u64, u64) {
            (R::of(RUNNING_KEEP).f64().to_bits(), (R::ONE - R::of(RUNNING_TAKE)).f64().to_bits())
        }
        let (a, b) = keep_bits::<f64>();
        assert_eq!(a, b);
        let (a, b) = keep_bits::<f32>();
        assert_eq!(a, b);
        assert_ne!(1.0 - RUNNING_KEEP, RUNNING_TAKE);
    }
}
