//! Normalization and skip connections for the dense hidden layers.
//!
//! A hidden layer may normalize its weighted sums before the activation and
//! may add its input to its output (a skip, or residual, connection):
//!
//! ```text
//! z = x·W + b,   x̂ = (z − μ) / √(σ² + ε),   y = γ ⊙ x̂ + β,   a = f(y) [+ x]
//! ```
//!
//! - **Batch norm** takes μ, σ² per neuron over the examples of the batch
//!   while training, and the running averages of those ([`RUNNING_KEEP`],
//!   [`running_average`]) when evaluating (losses, heatmaps, traces).
//! - **Layer norm** takes μ, σ² per example over the layer's neurons, the
//!   same in training and evaluation.
//!
//! γ and β are learnt by the same optimizer as the weights (without the
//! L1/L2 penalty or weight decay, like the biases). The functions here work
//! on the neuron-major batches of [`network`](crate::dense::network): neuron
//! `j`'s values for `bsz` examples at `j * stride ..`.

use crate::math::real::{r, Real};
use serde::{Deserialize, Serialize};

/// ε added to the variance before the square root.
pub const EPSILON: f64 = 1e-5;
/// Weight of the old value in batch norm's running statistics:
/// `running ← RUNNING_KEEP · running + (1 − RUNNING_KEEP) · batch` (the
/// convolutions' batch norm, [`conv::BatchNorm`](crate::conv::BatchNorm), keeps the same).
pub const RUNNING_KEEP: f64 = 0.9;

/// The next value of a running average, `keep · old + take · new`: the blend
/// of both batch norms, dense and [`conv`](crate::conv::BatchNorm), with
/// `keep` ≈ [`RUNNING_KEEP`] and `take` ≈ 1 − `keep`. Each passes the two
/// weights its recorded runs were made with, rounded as they were: the dense
/// one `1.0 − 0.9` (computed in `f64`, 0.09999999999999998, then rounded to
/// `R`), the conv one `0.1`. In `f64` those differ in the last bit.
#[inline]
pub fn running_average<R: Real>(old: R, new: R, keep: R, take: R) -> R {
    keep * old + take * new
}

/// Which normalization a hidden layer applies to its weighted sums.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NormKind {
    /// No normalization.
    #[default]
    None,
    /// Batch normalization (per neuron, over the batch).
    Batch,
    /// Layer normalization (per example, over the layer's neurons).
    Layer,
}

impl NormKind {
    /// All kinds, in UI order.
    pub fn all() -> &'static [NormKind] {
        &[NormKind::None, NormKind::Batch, NormKind::Layer]
    }
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            NormKind::None => "no normalization",
            NormKind::Batch => "batch norm",
            NormKind::Layer => "layer norm",
        }
    }
    /// Short label for the diagram and the URL: "", "BN", "LN".
    pub fn short(self) -> &'static str {
        match self {
            NormKind::None => "",
            NormKind::Batch => "BN",
            NormKind::Layer => "LN",
        }
    }
    /// Parses a [`short`](Self::short) label (case-insensitive), "" or "none" for none.
    pub fn parse(s: &str) -> Option<NormKind> {
        match s.to_ascii_lowercase().as_str() {
            "" | "none" | "-" => Some(NormKind::None),
            "bn" | "batch" => Some(NormKind::Batch),
            "ln" | "layer" => Some(NormKind::Layer),
            _ => None,
        }
    }
}

/// The options of one hidden layer beyond its width and activation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LayerOptions {
    /// Normalization before the activation.
    #[serde(default)]
    pub norm: NormKind,
    /// Adds the layer's input to its output (needs as many inputs as neurons).
    #[serde(default)]
    pub skip: bool,
}

impl LayerOptions {
    /// No normalization, no skip.
    pub const PLAIN: LayerOptions = LayerOptions { norm: NormKind::None, skip: false };
    /// Whether neither option is on.
    pub fn is_plain(&self) -> bool {
        *self == LayerOptions::PLAIN
    }
}

/// A normalization's parameters (γ, β) and, for batch norm, its running statistics.
#[derive(Clone, Debug, PartialEq)]
pub struct Norm<R: Real = f64> {
    /// Batch or layer (never `None`).
    pub kind: NormKind,
    /// Scale γ per neuron (starts at 1).
    pub gamma: Vec<R>,
    /// Shift β per neuron (starts at 0).
    pub beta: Vec<R>,
    /// Batch norm: running mean per neuron (starts at 0; unused by layer norm).
    pub running_mean: Vec<R>,
    /// Batch norm: running (biased) variance per neuron (starts at 1).
    pub running_var: Vec<R>,
}

impl<R: Real> Norm<R> {
    /// A fresh normalization of `n` neurons: γ = 1, β = 0, running mean 0, variance 1.
    pub fn new(kind: NormKind, n: usize) -> Norm<R> {
        Norm { kind, gamma: vec![R::ONE; n], beta: vec![R::ZERO; n], running_mean: vec![R::ZERO; n], running_var: vec![R::ONE; n] }
    }
    /// The same in precision `S`.
    pub fn cast<S: Real>(&self) -> Norm<S> {
        let c = |v: &[R]| v.iter().map(|x| S::of(x.f64())).collect::<Vec<S>>();
        Norm {
            kind: self.kind,
            gamma: c(&self.gamma),
            beta: c(&self.beta),
            running_mean: c(&self.running_mean),
            running_var: c(&self.running_var),
        }
    }
    /// Folds one training batch's statistics into the running ones (batch norm only).
    pub fn update_running(&mut self, buf: &NormBuffers<R>) {
        if self.kind != NormKind::Batch {
            return;
        }
        let (keep, take) = (r::<R>(RUNNING_KEEP), r::<R>(1.0 - RUNNING_KEEP));
        for j in 0..self.gamma.len() {
            self.running_mean[j] = running_average(self.running_mean[j], buf.mean[j], keep, take);
            self.running_var[j] = running_average(self.running_var[j], buf.var[j], keep, take);
        }
    }
}

/// What a normalized or skipping layer keeps from its forward pass for the backward pass.
#[derive(Clone, Debug, Default)]
pub struct NormBuffers<R: Real = f64> {
    /// x̂, neuron-major like `z`.
    pub xhat: Vec<R>,
    /// 1/√(σ² + ε): per neuron (batch norm) or per example (layer norm).
    pub istd: Vec<R>,
    /// Batch norm in training: the batch mean and (biased) variance per neuron.
    pub mean: Vec<R>,
    pub var: Vec<R>,
    /// Skip: `f(y)` before the input is added.
    pub fy: Vec<R>,
    /// Skip: `∂L/∂a` of this layer's output, for its input's gradient.
    pub ga: Vec<R>,
}

impl<R: Real> NormBuffers<R> {
    /// Sizes the buffers for `n` neurons and rows of stride `stride`.
    pub fn ensure(&mut self, n: usize, stride: usize, skip: bool, norm: bool) {
        let rows = n * stride;
        let fit = |v: &mut Vec<R>, len: usize| {
            if v.len() != len {
                *v = vec![R::ZERO; len];
            }
        };
        if norm {
            fit(&mut self.xhat, rows);
            fit(&mut self.istd, n.max(stride));
            fit(&mut self.mean, n);
            fit(&mut self.var, n);
        }
        if skip {
            fit(&mut self.fy, rows);
            fit(&mut self.ga, rows);
        }
    }
}

/// Normalizes `z` (`n` rows) in place into `y = γ ⊙ x̂ + β`, keeping x̂ and
/// the statistics in `buf`. Batch norm uses the batch's statistics when
/// `training`, the running ones otherwise.
pub fn norm_forward<R: Real>(norm: &Norm<R>, training: bool, z: &mut [R], buf: &mut NormBuffers<R>, n: usize, stride: usize, bsz: usize) {
    let eps = r::<R>(EPSILON);
    match norm.kind {
        NormKind::None => {}
        NormKind::Batch => {
            let inv_b = R::ONE / r::<R>(bsz as f64);
            for j in 0..n {
                let row = j * stride..j * stride + bsz;
                let (mean, var) = if training {
                    let mut s = R::ZERO;
                    for &v in &z[row.clone()] {
                        s += v;
                    }
                    let mean = s * inv_b;
                    let mut q = R::ZERO;
                    for &v in &z[row.clone()] {
                        q += (v - mean) * (v - mean);
                    }
                    (mean, q * inv_b)
                } else {
                    (norm.running_mean[j], norm.running_var[j])
                };
                let istd = R::ONE / (var + eps).sqrt();
                buf.mean[j] = mean;
                buf.var[j] = var;
                buf.istd[j] = istd;
                let (g, b) = (norm.gamma[j], norm.beta[j]);
                for i in row {
                    let xh = (z[i] - mean) * istd;
                    buf.xhat[i] = xh;
                    z[i] = g * xh + b;
                }
            }
        }
        NormKind::Layer => {
            let inv_n = R::ONE / r::<R>(n as f64);
            for i in 0..bsz {
                let mut s = R::ZERO;
                for j in 0..n {
                    s += z[j * stride + i];
                }
                let mean = s * inv_n;
                let mut q = R::ZERO;
                for j in 0..n {
                    let d = z[j * stride + i] - mean;
                    q += d * d;
                }
                let istd = R::ONE / (q * inv_n + eps).sqrt();
                buf.istd[i] = istd;
                for j in 0..n {
                    let k = j * stride + i;
                    let xh = (z[k] - mean) * istd;
                    buf.xhat[k] = xh;
                    z[k] = norm.gamma[j] * xh + norm.beta[j];
                }
            }
        }
    }
}

/// Back through [`norm_forward`]: `d` holds `∂L/∂y` (`n` rows) and becomes
/// `∂L/∂z`; `dgamma`, `dbeta` are overwritten with `∂L/∂γ`, `∂L/∂β`.
/// Batch norm in training differentiates through the batch statistics too:
/// `∂L/∂z = γ·istd/B · (B·dy − Σdy − x̂·Σ(dy·x̂))`.
#[allow(clippy::too_many_arguments)]
pub fn norm_backward<R: Real>(
    norm: &Norm<R>,
    training: bool,
    d: &mut [R],
    buf: &NormBuffers<R>,
    dgamma: &mut [R],
    dbeta: &mut [R],
    n: usize,
    stride: usize,
    bsz: usize,
) {
    for j in 0..n {
        let row = j * stride..j * stride + bsz;
        let (mut sdy, mut sdyx) = (R::ZERO, R::ZERO);
        for i in row {
            sdy += d[i];
            sdyx += d[i] * buf.xhat[i];
        }
        dbeta[j] = sdy;
        dgamma[j] = sdyx;
    }
    match norm.kind {
        NormKind::None => {}
        NormKind::Batch => {
            let bf = r::<R>(bsz as f64);
            for j in 0..n {
                let row = j * stride..j * stride + bsz;
                let (g, istd) = (norm.gamma[j], buf.istd[j]);
                if training {
                    let (sdy, sdyx) = (dbeta[j], dgamma[j]);
                    let k = g * istd / bf;
                    for i in row {
                        d[i] = k * (bf * d[i] - sdy - buf.xhat[i] * sdyx);
                    }
                } else {
                    for i in row {
                        d[i] *= g * istd;
                    }
                }
            }
        }
        NormKind::Layer => {
            let nf = r::<R>(n as f64);
            for i in 0..bsz {
                let (mut s1, mut s2) = (R::ZERO, R::ZERO);
                for j in 0..n {
                    let k = j * stride + i;
                    let dx = norm.gamma[j] * d[k];
                    s1 += dx;
                    s2 += dx * buf.xhat[k];
                }
                let c = buf.istd[i] / nf;
                for j in 0..n {
                    let k = j * stride + i;
                    d[k] = c * (nf * norm.gamma[j] * d[k] - s1 - buf.xhat[k] * s2);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Batch norm by hand: one neuron, batch (1, 2, 3): μ = 2, σ² = 2/3,
    /// x̂ = ∓1/√(2/3 + 1e-5), y = 2x̂ + 0.5; the running mean becomes 0.1·2.
    #[test]
    fn batch_norm_forward_by_hand() {
        let mut norm = Norm::<f64>::new(NormKind::Batch, 1);
        norm.gamma[0] = 2.0;
        norm.beta[0] = 0.5;
        let mut buf = NormBuffers::default();
        buf.ensure(1, 4, false, true);
        let mut z = vec![1.0, 2.0, 3.0, 0.0];
        norm_forward(&norm, true, &mut z, &mut buf, 1, 4, 3);
        let s = (2.0f64 / 3.0 + 1e-5).sqrt();
        for (got, want) in z[..3].iter().zip([-1.0 / s, 0.0, 1.0 / s]) {
            assert!((got - (2.0 * want + 0.5)).abs() < 1e-12, "{got} vs {}", 2.0 * want + 0.5);
        }
        assert_eq!(z[3], 0.0, "the padding is left alone");
        assert!((buf.mean[0] - 2.0).abs() < 1e-15 && (buf.var[0] - 2.0 / 3.0).abs() < 1e-15);
        norm.update_running(&buf);
        assert!((norm.running_mean[0] - 0.2).abs() < 1e-15);
        assert!((norm.running_var[0] - (0.9 + 0.1 * 2.0 / 3.0)).abs() < 1e-15);
        // Evaluation uses the running statistics: (2 − 0.2)/√(running var + ε)·2 + 0.5.
        let mut z = vec![2.0, 0.0, 0.0, 0.0];
        norm_forward(&norm, false, &mut z, &mut buf, 1, 4, 1);
        let want = 2.0 * (2.0 - 0.2) / (norm.running_var[0] + 1e-5).sqrt() + 0.5;
        assert!((z[0] - want).abs() < 1e-12, "{} vs {want}", z[0]);
    }

    #[test]
    fn layer_norm_makes_each_example_zero_mean_unit_variance() {
        let norm = Norm::<f64>::new(NormKind::Layer, 3);
        let mut buf = NormBuffers::default();
        buf.ensure(3, 2, false, true);
        // two examples, neuron-major: neuron j at j*2
        let mut z = vec![1.0, -4.0, 2.0, 0.0, 6.0, 4.0];
        norm_forward(&norm, true, &mut z, &mut buf, 3, 2, 2);
        for i in 0..2 {
            let col: Vec<f64> = (0..3).map(|j| z[j * 2 + i]).collect();
            let mean = col.iter().sum::<f64>() / 3.0;
            let var = col.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / 3.0;
            assert!(mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-4, "example {i}: mean {mean}, var {var}");
        }
    }

    #[test]
    fn short_labels_parse_back() {
        for &k in NormKind::all() {
            assert_eq!(NormKind::parse(k.short()), Some(k));
        }
        assert_eq!(NormKind::parse("xx"), None);
    }
}
