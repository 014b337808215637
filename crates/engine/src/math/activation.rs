//! Activation functions and their derivatives.
//!
//! Every transcendental function here comes from `libm` (`exp`, `sin`, `cos`,
//! `log1p`, `expm1`) or, for `tanh`, from [`fastmath`](crate::math::fastmath)
//! (basic IEEE operations only) — never from std's `f64` methods: both are
//! the same Rust code natively and on wasm32, so training runs are
//! bit-identical on both.
//!
//! [`Activation`] is element-wise. Softmax is not element-wise (it couples the
//! neurons of a layer), so it appears only in [`LayerActivation`], used for the
//! output layer.

use crate::math::real::{r, Real};
use serde::{Deserialize, Serialize};

/// Slope of leaky ReLU for negative inputs.
pub const LEAKY_SLOPE: f64 = 0.01;
/// `alpha` of ELU: `f(z) = alpha * (e^z - 1)` for `z < 0`.
pub const ELU_ALPHA: f64 = 1.0;
const SQRT_2_OVER_PI: f64 = 0.797_884_560_802_865_4;
const GELU_C: f64 = 0.044_715;

/// An element-wise activation function `a = f(z)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Activation {
    /// `f(z) = z`
    Identity,
    /// `f(z) = max(0, z)`; derivative taken as 0 at `z = 0`.
    Relu,
    /// `f(z) = z` for `z > 0`, else [`LEAKY_SLOPE`]`· z`.
    LeakyRelu,
    /// `f(z) = z` for `z > 0`, else `e^z − 1`.
    Elu,
    /// `f(z) = 1 / (1 + e^−z)`, computed without overflow for any `z`.
    Sigmoid,
    /// `f(z) = tanh z` (computed by [`fastmath::tanh`](crate::math::fastmath::tanh))
    Tanh,
    /// `f(z) = ln(1 + e^z)`, computed as `max(z,0) + ln(1 + e^−|z|)`.
    Softplus,
    /// GELU, tanh approximation: `½ z (1 + tanh(√(2/π)(z + 0.044715 z³)))`.
    Gelu,
    /// Swish (SiLU): `f(z) = z · sigmoid(z)`.
    Swish,
    /// `f(z) = sin z`
    Sine,
    /// Heaviside step: `f(z) = 1` for `z > 0`, else 0. Its derivative is 0
    /// everywhere it exists, so gradients cannot flow through it; only a
    /// single-layer perceptron with step output can learn (perceptron rule).
    Step,
}

/// Numerically stable logistic sigmoid.
#[inline]
pub fn sigmoid<R: Real>(z: R) -> R {
    if z >= R::ZERO {
        R::ONE / (R::ONE + (-z).exp())
    } else {
        let e = z.exp();
        e / (R::ONE + e)
    }
}

/// The logistic function written directly, `1 / (1 + e^−z)`, for every `z`:
/// the recurrent net's readout ([`rnn`](crate::rnn)). [`sigmoid`] computes
/// `e^z / (1 + e^z)` for `z < 0` instead, which rounds differently: the
/// recurrent net's recorded runs (its golden history) were made with this
/// form, so it keeps it. Still no NaN: for very negative `z`, `e^−z` is ∞
/// and the result 0.
#[inline]
pub fn logistic_direct<R: Real>(z: R) -> R {
    R::ONE / (R::ONE + (-z).exp())
}

/// Numerically stable softplus `ln(1 + e^z)`.
#[inline]
pub fn softplus<R: Real>(z: R) -> R {
    let m = if z > R::ZERO { z } else { R::ZERO };
    m + (-z.abs()).exp().log1p()
}

impl Activation {
    /// Every activation, in the order the UI lists them.
    pub fn all() -> &'static [Activation] {
        use Activation::*;
        &[Identity, Relu, LeakyRelu, Elu, Sigmoid, Tanh, Softplus, Gelu, Swish, Sine, Step]
    }

    /// A short display name ("ReLU", "tanh", ...).
    pub fn name(self) -> &'static str {
        use Activation::*;
        match self {
            Identity => "linear",
            Relu => "ReLU",
            LeakyRelu => "leaky ReLU",
            Elu => "ELU",
            Sigmoid => "sigmoid",
            Tanh => "tanh",
            Softplus => "softplus",
            Gelu => "GELU",
            Swish => "swish",
            Sine => "sine",
            Step => "step",
        }
    }

    /// `false` only for [`Activation::Step`], whose derivative is zero.
    pub fn has_gradient(self) -> bool {
        self != Activation::Step
    }

    /// The range of `f`, `(min, max)` (may be infinite), e.g. for axis limits.
    pub fn range(self) -> (f64, f64) {
        use Activation::*;
        match self {
            Identity | LeakyRelu | Gelu | Swish => (f64::NEG_INFINITY, f64::INFINITY),
            Relu | Softplus => (0.0, f64::INFINITY),
            Elu => (-ELU_ALPHA, f64::INFINITY),
            Sigmoid | Step => (0.0, 1.0),
            Tanh | Sine => (-1.0, 1.0),
        }
    }

    /// `a = f(z)`.
    #[inline]
    pub fn f<R: Real>(self, z: R) -> R {
        use Activation::*;
        match self {
            Identity => z,
            Relu => {
                if z > R::ZERO {
                    z
                } else {
                    R::ZERO
                }
            }
            LeakyRelu => {
                if z > R::ZERO {
                    z
                } else {
                    r::<R>(LEAKY_SLOPE) * z
                }
            }
            Elu => {
                if z > R::ZERO {
                    z
                } else {
                    r::<R>(ELU_ALPHA) * z.expm1()
                }
            }
            Sigmoid => sigmoid(z),
            Tanh => z.tanh(),
            Softplus => softplus(z),
            Gelu => r::<R>(0.5) * z * (R::ONE + (r::<R>(SQRT_2_OVER_PI) * (z + r::<R>(GELU_C) * z * z * z)).tanh()),
            Swish => z * sigmoid(z),
            Sine => z.sin(),
            Step => {
                if z > R::ZERO {
                    R::ONE
                } else {
                    R::ZERO
                }
            }
        }
    }

    /// `f'(z)`, given `z` and `a = f(z)` (some derivatives are cheapest from `a`).
    #[inline]
    pub fn df<R: Real>(self, z: R, a: R) -> R {
        use Activation::*;
        match self {
            Identity => R::ONE,
            Relu => {
                if z > R::ZERO {
                    R::ONE
                } else {
                    R::ZERO
                }
            }
            LeakyRelu => {
                if z > R::ZERO {
                    R::ONE
                } else {
                    r(LEAKY_SLOPE)
                }
            }
            Elu => {
                if z > R::ZERO {
                    R::ONE
                } else {
                    a + r(ELU_ALPHA)
                }
            }
            Sigmoid => a * (R::ONE - a),
            Tanh => R::ONE - a * a,
            Softplus => sigmoid(z),
            Gelu => {
                let (c, k, half) = (r::<R>(SQRT_2_OVER_PI), r::<R>(GELU_C), r::<R>(0.5));
                let u = c * (z + k * z * z * z);
                let t = u.tanh();
                half * (R::ONE + t) + half * z * (R::ONE - t * t) * c * (R::ONE + r::<R>(3.0) * k * z * z)
            }
            Swish => {
                let s = sigmoid(z);
                a + s * (R::ONE - a)
            }
            Sine => z.cos(),
            Step => R::ZERO,
        }
    }

    /// `a[i] = f(z[i])` over slices of equal length. The `match` is outside
    /// the loop so each arm is a tight loop.
    pub fn apply_slice<R: Real>(self, z: &[R], a: &mut [R]) {
        assert_eq!(z.len(), a.len());
        macro_rules! each {
            ($zz:ident => $e:expr) => {
                for (ai, &$zz) in a.iter_mut().zip(z) {
                    *ai = $e;
                }
            };
        }
        use Activation::*;
        match self {
            Identity => a.copy_from_slice(z),
            Relu => each!(x => if x > R::ZERO { x } else { R::ZERO }),
            Tanh => each!(x => x.tanh()),
            Sigmoid => each!(x => sigmoid(x)),
            other => each!(x => other.f(x)),
        }
    }

    /// In place: `v[i] = f(v[i])`.
    pub fn apply_in_place<R: Real>(self, v: &mut [R]) {
        use Activation::*;
        match self {
            Identity => {}
            Relu => v.iter_mut().for_each(|x| *x = if *x > R::ZERO { *x } else { R::ZERO }),
            Tanh => v.iter_mut().for_each(|x| *x = x.tanh()),
            Sigmoid => v.iter_mut().for_each(|x| *x = sigmoid(*x)),
            other => v.iter_mut().for_each(|x| *x = other.f(*x)),
        }
    }

    /// Back-propagation through the activation: `delta[i] *= f'(z[i])`,
    /// with `a[i] = f(z[i])` already computed.
    pub fn mul_derivative<R: Real>(self, z: &[R], a: &[R], delta: &mut [R]) {
        assert!(z.len() == delta.len() && a.len() == delta.len());
        use Activation::*;
        match self {
            Identity => {}
            Tanh => {
                for (d, &ai) in delta.iter_mut().zip(a) {
                    *d *= R::ONE - ai * ai;
                }
            }
            Sigmoid => {
                for (d, &ai) in delta.iter_mut().zip(a) {
                    *d *= ai * (R::ONE - ai);
                }
            }
            Relu => {
                for (d, &zi) in delta.iter_mut().zip(z) {
                    if zi <= R::ZERO {
                        *d = R::ZERO;
                    }
                }
            }
            other => {
                for ((d, &zi), &ai) in delta.iter_mut().zip(z).zip(a) {
                    *d *= other.df(zi, ai);
                }
            }
        }
    }

    /// One element of [`mul_derivative`](Self::mul_derivative): returns
    /// `d · f'(z)` with exactly the same arithmetic (so fused kernels give the
    /// same bits as the slice form).
    #[inline(always)]
    pub fn mul_df<R: Real>(self, z: R, a: R, d: R) -> R {
        use Activation::*;
        match self {
            Identity => d,
            Tanh => d * (R::ONE - a * a),
            Sigmoid => d * (a * (R::ONE - a)),
            Relu => {
                if z <= R::ZERO {
                    R::ZERO
                } else {
                    d
                }
            }
            other => d * other.df(z, a),
        }
    }

    /// `a = f(z)` over ndarray views of any shape (same shape).
    pub fn apply_array<D: ndarray::Dimension>(self, z: ndarray::ArrayView<f64, D>, mut a: ndarray::ArrayViewMut<f64, D>) {
        ndarray::Zip::from(&mut a).and(&z).for_each(|ai, &zi| *ai = self.f(zi));
    }

    /// In place `v = f(v)` over an ndarray view of any shape.
    pub fn apply_array_in_place<D: ndarray::Dimension>(self, mut v: ndarray::ArrayViewMut<f64, D>) {
        v.mapv_inplace(|x| self.f(x));
    }

    /// `delta *= f'(z)` over ndarray views of any shape (same shape).
    pub fn mul_derivative_array<D: ndarray::Dimension>(
        self,
        z: ndarray::ArrayView<f64, D>,
        a: ndarray::ArrayView<f64, D>,
        mut delta: ndarray::ArrayViewMut<f64, D>,
    ) {
        ndarray::Zip::from(&mut delta).and(&z).and(&a).for_each(|d, &zi, &ai| *d *= self.df(zi, ai));
    }
}

/// The activation of a whole layer: an element-wise [`Activation`], or softmax
/// (output layer only, three or more classes — or two with one-hot targets).
///
/// In JSON it is just the name: `"Tanh"`, `"Sigmoid"`, `"Softmax"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LayerActivation {
    /// `a_k = e^{z_k} / Σ_j e^{z_j}`, computed after subtracting `max z`.
    Softmax,
    /// Any element-wise activation.
    #[serde(untagged)]
    Elementwise(Activation),
}

impl From<Activation> for LayerActivation {
    fn from(a: Activation) -> Self {
        LayerActivation::Elementwise(a)
    }
}

impl LayerActivation {
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            LayerActivation::Softmax => "softmax",
            LayerActivation::Elementwise(a) => a.name(),
        }
    }

    /// `false` for step.
    pub fn has_gradient(self) -> bool {
        match self {
            LayerActivation::Softmax => true,
            LayerActivation::Elementwise(a) => a.has_gradient(),
        }
    }

    /// The element-wise activation, if it is one.
    pub fn elementwise(self) -> Option<Activation> {
        match self {
            LayerActivation::Softmax => None,
            LayerActivation::Elementwise(a) => Some(a),
        }
    }
}

/// Softmax of one vector, `a = softmax(z)`, stable (subtracts `max z`).
pub fn softmax<R: Real>(z: &[R], a: &mut [R]) {
    let m = z.iter().cloned().fold(R::NEG_INFINITY, R::max);
    let mut s = R::ZERO;
    for (ai, &zi) in a.iter_mut().zip(z) {
        *ai = (zi - m).exp();
        s += *ai;
    }
    for ai in a.iter_mut() {
        *ai /= s;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_central_differences() {
        let h = 1e-6;
        for &act in Activation::all() {
            if !act.has_gradient() {
                continue;
            }
            for &z in &[-3.1, -1.2, -0.4, 0.3, 0.9, 2.5] {
                let num = (act.f(z + h) - act.f(z - h)) / (2.0 * h);
                let ana = act.df(z, act.f(z));
                assert!((num - ana).abs() < 1e-7, "{act:?} at {z}: {num} vs {ana}");
            }
        }
    }

    #[test]
    fn slices_match_scalar() {
        let z: Vec<f64> = (0..21).map(|i| -3.0 + 0.3 * i as f64).collect();
        for &act in Activation::all() {
            let mut a = vec![0.0; z.len()];
            act.apply_slice(&z, &mut a);
            let mut b = z.clone();
            act.apply_in_place(&mut b);
            let mut d = vec![1.0; z.len()];
            act.mul_derivative(&z, &a, &mut d);
            for i in 0..z.len() {
                assert_eq!(a[i], act.f(z[i]));
                assert_eq!(b[i], a[i]);
                assert_eq!(d[i], act.df(z[i], a[i]));
            }
        }
    }

    #[test]
    fn stable_at_extremes() {
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(softplus(1000.0), 1000.0);
        assert_eq!(softplus(-1000.0), 0.0);
        let mut a = [0.0; 3];
        softmax(&[1000.0, 1000.0, -1000.0], &mut a);
        assert_eq!(a, [0.5, 0.5, 0.0]);
    }

    #[test]
    fn layer_activation_json_is_the_name() {
        let s = serde_json::to_string(&LayerActivation::Elementwise(Activation::Tanh)).unwrap();
        assert_eq!(s, "\"Tanh\"");
        let s = serde_json::to_string(&LayerActivation::Softmax).unwrap();
        assert_eq!(s, "\"Softmax\"");
        let back: LayerActivation = serde_json::from_str("\"Relu\"").unwrap();
        assert_eq!(back, LayerActivation::Elementwise(Activation::Relu));
        let back: LayerActivation = serde_json::from_str("\"Softmax\"").unwrap();
        assert_eq!(back, LayerActivation::Softmax);
    }
}
