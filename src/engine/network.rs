//! Dense (fully connected) networks: parameters, initialization, and the
//! batched forward and backward kernels.
//!
//! **Shapes.** A layer's `weights` is an `Array2` of shape `(n_in, n_out)`
//! (row `k` = the weights leaving input `k`), `biases` has shape `(n_out,)`.
//! The kernels work on *neuron-major* batches: a batch of `B` examples for a
//! layer of `n` neurons is a flat slice of `n * B` values, neuron `j`'s values
//! for all examples contiguous at `j * B .. (j + 1) * B`. This makes every
//! inner loop a contiguous multiply-add over the batch, and makes a grid of
//! `N × N` points directly an image per neuron.

use crate::engine::activation::{softmax, LayerActivation};
use crate::engine::rng::Rng;
use ndarray::{Array1, Array2, ArrayView2};
use serde::{Deserialize, Serialize};

/// How weights are initialised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InitScheme {
    /// Uniform in `[-0.5, 0.5)` (TensorFlow Playground).
    Uniform,
    /// Xavier/Glorot uniform: `U(±√(6 / (n_in + n_out)))`.
    Xavier,
    /// He normal: `N(0, √(2 / n_in))`.
    He,
    /// All weights zero: every neuron of a layer stays identical (symmetry never breaks).
    Zero,
}

impl InitScheme {
    /// All schemes, in UI order.
    pub fn all() -> &'static [InitScheme] {
        &[InitScheme::Uniform, InitScheme::Xavier, InitScheme::He, InitScheme::Zero]
    }
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            InitScheme::Uniform => "uniform ±0.5",
            InitScheme::Xavier => "Xavier/Glorot",
            InitScheme::He => "He",
            InitScheme::Zero => "all zero",
        }
    }
}

/// Initialization of weights and biases.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct InitConfig {
    /// Weight scheme.
    pub scheme: InitScheme,
    /// Every bias starts at this constant (0, or a small value like 0.1).
    pub bias: f64,
}

impl Default for InitConfig {
    fn default() -> Self {
        InitConfig { scheme: InitScheme::Xavier, bias: 0.0 }
    }
}

/// One dense layer: `z = x·W + b`, `a = f(z)`.
#[derive(Clone, Debug, PartialEq)]
pub struct DenseLayer {
    /// Shape `(n_in, n_out)`, standard (row-major) layout.
    pub weights: Array2<f64>,
    /// Shape `(n_out,)`.
    pub biases: Array1<f64>,
    /// The layer's activation.
    pub activation: LayerActivation,
}

impl DenseLayer {
    /// A zero layer.
    pub fn zeros(n_in: usize, n_out: usize, activation: LayerActivation) -> Self {
        DenseLayer { weights: Array2::zeros((n_in, n_out)), biases: Array1::zeros(n_out), activation }
    }
    /// Number of inputs.
    pub fn n_in(&self) -> usize {
        self.weights.nrows()
    }
    /// Number of neurons.
    pub fn n_out(&self) -> usize {
        self.weights.ncols()
    }
    fn w(&self) -> &[f64] {
        self.weights.as_slice().expect("weights are kept in standard layout")
    }
    fn b(&self) -> &[f64] {
        self.biases.as_slice().expect("biases are contiguous")
    }
}

/// Number of free parameters, e.g. "7 free parameters: 4 weights and 3 biases".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamCount {
    /// Number of weights.
    pub weights: usize,
    /// Number of biases.
    pub biases: usize,
}

impl ParamCount {
    /// Weights plus biases.
    pub fn total(&self) -> usize {
        self.weights + self.biases
    }
}

impl std::fmt::Display for ParamCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pl = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        write!(
            f,
            "{} free {}: {} {} and {} {}",
            self.total(),
            pl(self.total(), "parameter", "parameters"),
            self.weights,
            pl(self.weights, "weight", "weights"),
            self.biases,
            pl(self.biases, "bias", "biases")
        )
    }
}

/// A stack of dense layers; the last one is the output layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// Hidden layers then the output layer.
    pub layers: Vec<DenseLayer>,
}

/// Reusable neuron-major buffers for a forward/backward pass over up to
/// `capacity` examples. No allocation happens while the batch fits.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    /// Examples the buffers hold.
    pub capacity: usize,
    /// Input features, `n_in * capacity`.
    pub input: Vec<f64>,
    /// Per layer, pre-activations `z`, `n_out * capacity`.
    pub z: Vec<Vec<f64>>,
    /// Per layer, activations `a = f(z)`, `n_out * capacity`.
    pub a: Vec<Vec<f64>>,
    /// Per layer, `∂L/∂z`, `n_out * capacity`.
    pub delta: Vec<Vec<f64>>,
    /// Per hidden layer, dropout multipliers (0 or `1/(1−p)`), empty when unused.
    pub mask: Vec<Vec<f64>>,
    /// Per hidden layer, `a ⊙ mask` (what the next layer reads) when dropout is on.
    pub dropped: Vec<Vec<f64>>,
    /// Targets, `n_out(last) * capacity`.
    pub target: Vec<f64>,
}

impl Workspace {
    /// Buffers for `net` and batches of up to `capacity` examples.
    pub fn new(net: &Network, capacity: usize) -> Self {
        let mut ws = Workspace::default();
        ws.ensure(net, capacity);
        ws
    }

    /// Grows the buffers if the network shape or capacity needs it.
    pub fn ensure(&mut self, net: &Network, capacity: usize) {
        let n_layers = net.layers.len();
        let shape_ok = self.z.len() == n_layers
            && net.layers.iter().enumerate().all(|(l, layer)| self.z[l].len() == layer.n_out() * self.capacity)
            && self.input.len() == net.n_inputs() * self.capacity;
        if shape_ok && self.capacity >= capacity {
            return;
        }
        let cap = capacity.max(self.capacity).max(1);
        self.capacity = cap;
        self.input = vec![0.0; net.n_inputs() * cap];
        let sized = |f: &dyn Fn(&DenseLayer) -> usize| net.layers.iter().map(|l| vec![0.0; f(l) * cap]).collect::<Vec<_>>();
        self.z = sized(&|l| l.n_out());
        self.a = sized(&|l| l.n_out());
        self.delta = sized(&|l| l.n_out());
        self.mask = vec![Vec::new(); n_layers];
        self.dropped = vec![Vec::new(); n_layers];
        self.target = vec![0.0; net.n_outputs() * cap];
    }

    /// Activations of layer `l` for a batch of `b`, neuron-major.
    pub fn activations(&self, l: usize, b: usize) -> &[f64] {
        &self.a[l][..self.a[l].len() / self.capacity * b]
    }
}

/// Gradients of one layer, same shapes as its parameters (flat, row-major).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerGrads {
    /// `∂L/∂W`, `n_in * n_out`, row-major `(n_in, n_out)`.
    pub weights: Vec<f64>,
    /// `∂L/∂b`, `n_out`.
    pub biases: Vec<f64>,
}

impl LayerGrads {
    /// Zero gradients for every layer of `net`.
    pub fn for_network(net: &Network) -> Vec<LayerGrads> {
        net.layers
            .iter()
            .map(|l| LayerGrads { weights: vec![0.0; l.n_in() * l.n_out()], biases: vec![0.0; l.n_out()] })
            .collect()
    }
    /// Euclidean norm over weights and biases.
    pub fn norm(&self) -> f64 {
        let s: f64 = self.weights.iter().chain(&self.biases).map(|g| g * g).sum();
        libm::sqrt(s)
    }
}

/// `z[j, :] = b[j] + Σ_k W[k, j] · x[k, :]` over a neuron-major batch of `bsz`.
/// `x` has `n_in` rows of stride `x_stride` (≥ `bsz`); `z` has `n_out` rows of stride `z_stride`.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn dense_forward(
    w: &[f64],
    b: &[f64],
    n_in: usize,
    n_out: usize,
    x: &[f64],
    x_stride: usize,
    z: &mut [f64],
    z_stride: usize,
    bsz: usize,
) {
    for j in 0..n_out {
        let zr = &mut z[j * z_stride..j * z_stride + bsz];
        zr.fill(b[j]);
        for k in 0..n_in {
            let wkj = w[k * n_out + j];
            let xr = &x[k * x_stride..k * x_stride + bsz];
            for (zp, &xp) in zr.iter_mut().zip(xr) {
                *zp += wkj * xp;
            }
        }
    }
}

/// True when every value is finite (no NaN or ±∞). Branch-free, vectorizable.
#[inline]
pub fn all_finite(v: &[f64]) -> bool {
    v.iter().fold(0.0, |s, &x| s + x * 0.0) == 0.0
}

/// Applies a layer activation to neuron-major `z` (`n_out` rows, stride `stride`, `bsz` used).
pub fn activate(act: LayerActivation, z: &[f64], a: &mut [f64], n_out: usize, stride: usize, bsz: usize) {
    match act {
        LayerActivation::Elementwise(f) => {
            for j in 0..n_out {
                f.apply_slice(&z[j * stride..j * stride + bsz], &mut a[j * stride..j * stride + bsz]);
            }
        }
        LayerActivation::Softmax => {
            let mut zc = [0.0f64; 64];
            let mut ac = [0.0f64; 64];
            assert!(n_out <= 64, "softmax supports up to 64 classes");
            for p in 0..bsz {
                for j in 0..n_out {
                    zc[j] = z[j * stride + p];
                }
                softmax(&zc[..n_out], &mut ac[..n_out]);
                for j in 0..n_out {
                    a[j * stride + p] = ac[j];
                }
            }
        }
    }
}

impl Network {
    /// A network with the given layer sizes `[n_inputs, h1, ..., n_outputs]`
    /// and one activation per layer after the input, initialised from `rng`.
    pub fn new(sizes: &[usize], activations: &[LayerActivation], init: InitConfig, rng: &mut Rng) -> Network {
        assert_eq!(sizes.len(), activations.len() + 1, "one activation per layer");
        let layers = sizes
            .windows(2)
            .zip(activations)
            .map(|(w, &act)| {
                let (n_in, n_out) = (w[0], w[1]);
                let mut layer = DenseLayer::zeros(n_in, n_out, act);
                layer.biases.fill(init.bias);
                let limit = libm::sqrt(6.0 / (n_in + n_out) as f64);
                let he_sd = libm::sqrt(2.0 / n_in.max(1) as f64);
                for v in layer.weights.iter_mut() {
                    *v = match init.scheme {
                        InitScheme::Uniform => rng.uniform_range(-0.5, 0.5),
                        InitScheme::Xavier => rng.uniform_range(-limit, limit),
                        InitScheme::He => rng.normal() * he_sd,
                        InitScheme::Zero => 0.0,
                    };
                }
                layer
            })
            .collect();
        Network { layers }
    }

    /// Number of input features.
    pub fn n_inputs(&self) -> usize {
        self.layers.first().map_or(0, |l| l.n_in())
    }
    /// Number of output neurons.
    pub fn n_outputs(&self) -> usize {
        self.layers.last().map_or(0, |l| l.n_out())
    }
    /// Layer sizes `[n_inputs, h1, …, n_outputs]`.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![self.n_inputs()];
        s.extend(self.layers.iter().map(|l| l.n_out()));
        s
    }
    /// Number of free parameters.
    pub fn param_count(&self) -> ParamCount {
        ParamCount {
            weights: self.layers.iter().map(|l| l.weights.len()).sum(),
            biases: self.layers.iter().map(|l| l.biases.len()).sum(),
        }
    }
    /// The output activation.
    pub fn output_activation(&self) -> LayerActivation {
        self.layers.last().expect("network has layers").activation
    }

    /// Batched forward pass over the `bsz` examples already in `ws.input`
    /// (neuron-major, `n_inputs` rows of stride `ws.capacity`), filling `ws.z`
    /// and `ws.a` for every layer. Dropout masks in `ws.mask` (if non-empty
    /// for a hidden layer) are applied to that layer's output.
    /// Returns the index of the first layer whose `z` is not finite, if any.
    pub fn forward_ws(&self, ws: &mut Workspace, bsz: usize) -> Option<usize> {
        let cap = ws.capacity;
        assert!(bsz <= cap);
        let mut bad = None;
        for (l, layer) in self.layers.iter().enumerate() {
            let (n_in, n_out) = (layer.n_in(), layer.n_out());
            let (before_z, rest_z) = ws.z.split_at_mut(l);
            let _ = before_z;
            let z = &mut rest_z[0];
            {
                let x: &[f64] = if l == 0 {
                    &ws.input
                } else if !ws.mask[l - 1].is_empty() {
                    &ws.dropped[l - 1]
                } else {
                    &ws.a[l - 1]
                };
                dense_forward(layer.w(), layer.b(), n_in, n_out, x, cap, z, cap, bsz);
            }
            if bad.is_none() && !(0..n_out).all(|j| all_finite(&z[j * cap..j * cap + bsz])) {
                bad = Some(l);
            }
            activate(layer.activation, z, &mut ws.a[l], n_out, cap, bsz);
            if !ws.mask[l].is_empty() {
                let (a, m, d) = (&ws.a[l], &ws.mask[l], &mut ws.dropped[l]);
                for i in 0..n_out * cap {
                    d[i] = a[i] * m[i];
                }
            }
        }
        bad
    }

    /// Backward pass for `bsz` examples whose output-layer `∂L/∂z` (already
    /// divided by the batch size if a mean is wanted) is in `ws.delta[last]`.
    /// Fills `grads` (overwritten) and the hidden layers' `ws.delta`.
    pub fn backward_ws(&self, ws: &mut Workspace, bsz: usize, grads: &mut [LayerGrads]) {
        let cap = ws.capacity;
        for l in (0..self.layers.len()).rev() {
            let layer = &self.layers[l];
            let (n_in, n_out) = (layer.n_in(), layer.n_out());
            let (lower, upper) = ws.delta.split_at_mut(l);
            let delta = &upper[0];
            let x: &[f64] = if l == 0 {
                &ws.input
            } else if !ws.mask[l - 1].is_empty() {
                &ws.dropped[l - 1]
            } else {
                &ws.a[l - 1]
            };
            let g = &mut grads[l];
            for j in 0..n_out {
                let d = &delta[j * cap..j * cap + bsz];
                g.biases[j] = d.iter().sum();
            }
            for k in 0..n_in {
                let xr = &x[k * cap..k * cap + bsz];
                for j in 0..n_out {
                    let d = &delta[j * cap..j * cap + bsz];
                    let mut s = 0.0;
                    for (a, b) in xr.iter().zip(d) {
                        s += a * b;
                    }
                    g.weights[k * n_out + j] = s;
                }
            }
            if l == 0 {
                break;
            }
            // δ_{l−1}[k, :] = (Σ_j W[k, j] δ_l[j, :]) ⊙ mask ⊙ f'(z_{l−1})
            let prev = &mut lower[l - 1];
            let w = layer.w();
            for k in 0..n_in {
                let pr = &mut prev[k * cap..k * cap + bsz];
                pr.fill(0.0);
                for j in 0..n_out {
                    let wkj = w[k * n_out + j];
                    let d = &delta[j * cap..j * cap + bsz];
                    for (p, &dv) in pr.iter_mut().zip(d) {
                        *p += wkj * dv;
                    }
                }
                if !ws.mask[l - 1].is_empty() {
                    let m = &ws.mask[l - 1][k * cap..k * cap + bsz];
                    for (p, &mv) in pr.iter_mut().zip(m) {
                        *p *= mv;
                    }
                }
                let prev_act = self.layers[l - 1].activation;
                let zr = &ws.z[l - 1][k * cap..k * cap + bsz];
                let ar = &ws.a[l - 1][k * cap..k * cap + bsz];
                match prev_act {
                    LayerActivation::Elementwise(f) => f.mul_derivative(zr, ar, pr),
                    LayerActivation::Softmax => unreachable!("softmax only in the output layer"),
                }
            }
        }
    }

    /// Convenience forward pass: `x` has shape `(batch, n_inputs)` (one
    /// example per row); returns the outputs, shape `(batch, n_outputs)`.
    /// Allocates; the trainer uses the workspace path instead.
    pub fn forward(&self, x: ArrayView2<f64>) -> Array2<f64> {
        let b = x.nrows();
        let mut ws = Workspace::new(self, b);
        for i in 0..b {
            for k in 0..x.ncols() {
                ws.input[k * b + i] = x[[i, k]];
            }
        }
        self.forward_ws(&mut ws, b);
        let last = self.layers.len() - 1;
        let n_out = self.n_outputs();
        Array2::from_shape_fn((b, n_out), |(i, j)| ws.a[last][j * b + i])
    }

    /// Mean loss over a batch and its gradients (allocating; for tests and
    /// one-off use). `x` is `(batch, n_inputs)`, `y` is `(batch, n_outputs)`.
    /// Returns `(mean loss, per-layer gradients of the mean loss)`.
    pub fn loss_and_gradients(
        &self,
        loss: crate::engine::loss::Loss,
        x: ArrayView2<f64>,
        y: ArrayView2<f64>,
    ) -> (f64, Vec<LayerGrads>) {
        let b = x.nrows();
        let mut ws = Workspace::new(self, b);
        let n_out = self.n_outputs();
        for i in 0..b {
            for k in 0..x.ncols() {
                ws.input[k * b + i] = x[[i, k]];
            }
            for j in 0..n_out {
                ws.target[j * b + i] = y[[i, j]];
            }
        }
        self.forward_ws(&mut ws, b);
        let last = self.layers.len() - 1;
        let total = {
            let (z, a, t) = (&ws.z[last], &ws.a[last], &ws.target);
            let d = &mut ws.delta[last];
            loss.batch(self.output_activation(), n_out, b, b, z, a, t, d)
        };
        let inv = 1.0 / b as f64;
        ws.delta[last].iter_mut().for_each(|d| *d *= inv);
        let mut grads = LayerGrads::for_network(self);
        self.backward_ws(&mut ws, b, &mut grads);
        (total * inv, grads)
    }
}
