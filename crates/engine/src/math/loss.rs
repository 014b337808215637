//! Loss functions, their values, and their gradients with respect to the
//! output layer's pre-activation `z` (the output activation's derivative is
//! folded in, and fused stably with sigmoid, tanh and softmax for
//! cross-entropy).
//!
//! Conventions: `a` is the network output, `y` the target, `k` runs over the
//! output neurons, and the reported loss of a batch is the **mean over the
//! batch** of the per-example losses below. Regularization penalties are not
//! included (the engine reports the data loss).

use crate::math::activation::{sigmoid, softplus, Activation, LayerActivation};
use crate::math::real::{r, Real};
use serde::{Deserialize, Serialize};

/// A loss function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Loss {
    /// Squared error, per example `½·Σ_k (a_k − y_k)²`; batch loss is the mean
    /// over examples. `∂L/∂a_k = a_k − y_k`.
    Mse,
    /// Cross-entropy. Per example:
    /// - sigmoid output, `y ∈ [0,1]`: `−Σ_k [y ln a + (1−y) ln(1−a)]`,
    ///   computed as `softplus(z) − y·z`; `∂L/∂z = σ(z) − y`;
    /// - tanh output, `y ∈ [−1,1]` mapped to `p = (y+1)/2` and `a` to
    ///   `(a+1)/2 = σ(2z)`: `softplus(2z) − p·2z`; `∂L/∂z = 2(σ(2z) − p)`;
    /// - softmax output, `y` one-hot: `−Σ_k y_k ln a_k = logsumexp(z) − Σ_k y_k z_k`;
    ///   `∂L/∂z_k = a_k·Σ_j y_j − y_k` (`= a_k − y_k` for one-hot `y`).
    CrossEntropy,
    /// Absolute error, per example `Σ_k |a_k − y_k|`; `∂L/∂a_k = sign(a_k − y_k)`
    /// (0 where equal).
    Mae,
}

impl Loss {
    /// All losses, in UI order.
    pub fn all() -> &'static [Loss] {
        &[Loss::Mse, Loss::CrossEntropy, Loss::Mae]
    }

    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Loss::Mse => "mean squared error",
            Loss::CrossEntropy => "cross-entropy",
            Loss::Mae => "mean absolute error",
        }
    }

    /// Whether this loss can be used with this output activation.
    /// Cross-entropy needs sigmoid, tanh or softmax outputs; MSE and MAE work
    /// with any output.
    pub fn supports(self, out: LayerActivation) -> bool {
        match self {
            Loss::CrossEntropy => matches!(
                out,
                LayerActivation::Softmax
                    | LayerActivation::Elementwise(Activation::Sigmoid)
                    | LayerActivation::Elementwise(Activation::Tanh)
            ),
            _ => true,
        }
    }

    /// Loss of one example and, if `dz` is given, `∂L/∂z` for that example.
    /// `z`, `a`, `y`, `dz` have one entry per output neuron.
    pub fn example<R: Real>(self, act: LayerActivation, z: &[R], a: &[R], y: &[R], dz: Option<&mut [R]>) -> R {
        let n = z.len();
        let mut tmp = [R::ZERO; 16];
        let mut heap;
        let buf: &mut [R] = match dz {
            Some(d) => d,
            None if n <= 16 => &mut tmp[..n],
            None => {
                heap = vec![R::ZERO; n];
                &mut heap[..]
            }
        };
        self.batch(act, n, 1, 1, z, a, y, buf)
    }

    /// Sum over a batch of per-example losses, writing `∂L_i/∂z` for every
    /// example into `dz` (not divided by the batch size).
    ///
    /// Layout is neuron-major: entry `k * stride + i` of `z`, `a`, `y`, `dz`
    /// belongs to output neuron `k`, example `i` (`i < batch ≤ stride`).
    #[allow(clippy::too_many_arguments)]
    pub fn batch<R: Real>(
        self,
        act: LayerActivation,
        n_out: usize,
        batch: usize,
        stride: usize,
        z: &[R],
        a: &[R],
        y: &[R],
        dz: &mut [R],
    ) -> R {
        assert!(batch <= stride);
        let len = if n_out == 0 { 0 } else { (n_out - 1) * stride + batch };
        assert!(z.len() >= len && a.len() >= len && y.len() >= len && dz.len() >= len);
        let mut total = R::ZERO;
        match (self, act) {
            (Loss::CrossEntropy, LayerActivation::Softmax) => {
                for i in 0..batch {
                    let mut m = R::NEG_INFINITY;
                    for k in 0..n_out {
                        m = m.max(z[k * stride + i]);
                    }
                    let (mut s, mut ysum, mut yz) = (R::ZERO, R::ZERO, R::ZERO);
                    for k in 0..n_out {
                        let j = k * stride + i;
                        s += (z[j] - m).exp();
                        ysum += y[j];
                        yz += y[j] * z[j];
                    }
                    let lse = m + s.ln();
                    total += ysum * lse - yz;
                    for k in 0..n_out {
                        let j = k * stride + i;
                        dz[j] = a[j] * ysum - y[j];
                    }
                }
            }
            (Loss::Mse, LayerActivation::Softmax) | (Loss::Mae, LayerActivation::Softmax) => {
                for k in 0..n_out {
                    let r = k * stride..k * stride + batch;
                    total += Self::row_dloss_da(self, &a[r.clone()], &y[r.clone()], &mut dz[r]);
                }
                // ∂L/∂z_k = a_k (g_k − Σ_j g_j a_j), g = ∂L/∂a
                for i in 0..batch {
                    let mut dot = R::ZERO;
                    for k in 0..n_out {
                        let j = k * stride + i;
                        dot += dz[j] * a[j];
                    }
                    for k in 0..n_out {
                        let j = k * stride + i;
                        dz[j] = a[j] * (dz[j] - dot);
                    }
                }
            }
            (_, LayerActivation::Elementwise(f)) => {
                for k in 0..n_out {
                    let r = k * stride..k * stride + batch;
                    total += self.row_elementwise(f, &z[r.clone()], &a[r.clone()], &y[r.clone()], &mut dz[r]);
                }
            }
        }
        total
    }

    /// `dz = ∂L/∂a` for one row of MSE or MAE; returns the row's loss sum.
    fn row_dloss_da<R: Real>(self, a: &[R], y: &[R], dz: &mut [R]) -> R {
        let mut total = R::ZERO;
        if self == Loss::Mse {
            for i in 0..a.len() {
                let d = a[i] - y[i];
                total += r::<R>(0.5) * d * d;
                dz[i] = d;
            }
        } else {
            for i in 0..a.len() {
                let d = a[i] - y[i];
                total += d.abs();
                dz[i] = if d > R::ZERO {
                    R::ONE
                } else if d < R::ZERO {
                    -R::ONE
                } else {
                    R::ZERO
                };
            }
        }
        total
    }

    fn row_elementwise<R: Real>(self, f: Activation, z: &[R], a: &[R], y: &[R], dz: &mut [R]) -> R {
        let mut total = R::ZERO;
        match (self, f) {
            (Loss::CrossEntropy, Activation::Sigmoid) => {
                for i in 0..z.len() {
                    total += softplus(z[i]) - y[i] * z[i];
                    dz[i] = sigmoid(z[i]) - y[i];
                }
            }
            (Loss::CrossEntropy, Activation::Tanh) => {
                for i in 0..z.len() {
                    let p = r::<R>(0.5) * (y[i] + R::ONE);
                    let z2 = r::<R>(2.0) * z[i];
                    total += softplus(z2) - p * z2;
                    dz[i] = r::<R>(2.0) * (sigmoid(z2) - p);
                }
            }
            (Loss::CrossEntropy, other) => {
                // Not offered (see `supports`); generic, clamped form.
                let eps = r::<R>(1e-12);
                for i in 0..z.len() {
                    let ai = Real::clamp(a[i], eps, R::ONE - eps);
                    total += -(y[i] * ai.ln() + (R::ONE - y[i]) * (R::ONE - ai).ln());
                    let da = (ai - y[i]) / (ai * (R::ONE - ai));
                    dz[i] = da * other.df(z[i], a[i]);
                }
            }
            _ => {
                total = self.row_dloss_da(a, y, dz);
                f.mul_derivative(z, a, dz);
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::activation::softmax;

    fn forward(act: LayerActivation, z: &[f64]) -> Vec<f64> {
        let mut a = vec![0.0; z.len()];
        match act {
            LayerActivation::Softmax => softmax(z, &mut a),
            LayerActivation::Elementwise(f) => f.apply_slice(z, &mut a),
        }
        a
    }

    #[test]
    fn gradients_match_central_differences() {
        use Activation::*;
        let outs = [LayerActivation::Softmax, Sigmoid.into(), Tanh.into(), Identity.into(), Relu.into(), Elu.into()];
        let z = [0.37, -1.3, 0.81];
        let h = 1e-6;
        for &loss in Loss::all() {
            for &act in &outs {
                if !loss.supports(act) {
                    continue;
                }
                let y: Vec<f64> = match (loss, act) {
                    (Loss::CrossEntropy, LayerActivation::Softmax) => vec![0.0, 1.0, 0.0],
                    (Loss::CrossEntropy, LayerActivation::Elementwise(Tanh)) => vec![1.0, -1.0, 0.2],
                    _ => vec![1.0, 0.0, 0.3],
                };
                let a = forward(act, &z);
                let mut dz = vec![0.0; 3];
                loss.example(act, &z, &a, &y, Some(&mut dz));
                for k in 0..3 {
                    let mut zp = z;
                    zp[k] += h;
                    let mut zm = z;
                    zm[k] -= h;
                    let lp = loss.example(act, &zp, &forward(act, &zp), &y, None);
                    let lm = loss.example(act, &zm, &forward(act, &zm), &y, None);
                    let num = (lp - lm) / (2.0 * h);
                    assert!((num - dz[k]).abs() < 1e-7, "{loss:?} {act:?} k={k}: {num} vs {}", dz[k]);
                }
            }
        }
    }

    #[test]
    fn cross_entropy_matches_textbook_and_is_stable() {
        let z = [0.4];
        let a = [sigmoid(0.4)];
        let l = Loss::CrossEntropy.example(Activation::Sigmoid.into(), &z, &a, &[1.0], None);
        assert!((l - (-(a[0].ln()))).abs() < 1e-15);
        let l = Loss::CrossEntropy.example(Activation::Sigmoid.into(), &[800.0], &[1.0], &[0.0], None);
        assert_eq!(l, 800.0);
        let mse = Loss::Mse.example(Activation::Identity.into(), &[0.0; 2], &[1.0, 3.0], &[0.0, 1.0], None);
        assert_eq!(mse, 0.5 * (1.0 + 4.0));
    }
}
