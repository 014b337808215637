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
//!
//! The fused kernels live in [`kernels`](crate::dense::kernels); everything here is
//! generic over the float type ([`Real`]): `Network` is `f64`, `Network<f32>` single precision.

use crate::dense::kernels::{activate, all_finite, dense_backprop, dense_forward_act, dense_grads};
use crate::dense::norm::{norm_backward, norm_forward, LayerOptions, Norm, NormBuffers, NormKind};
use crate::math::activation::{Activation, LayerActivation};
use crate::math::real::{r, Real};
use crate::math::rng::Rng;
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
pub struct DenseLayer<R: Real = f64> {
    /// Shape `(n_in, n_out)`, standard (row-major) layout.
    pub weights: Array2<R>,
    /// Shape `(n_out,)`.
    pub biases: Array1<R>,
    /// The layer's activation.
    pub activation: LayerActivation,
    /// Normalization of `z` before the activation (hidden layers only; see [`norm`](crate::dense::norm)).
    pub norm: Option<Norm<R>>,
    /// Adds the layer's input to its output (hidden layers with as many inputs as neurons).
    pub skip: bool,
}

impl<R: Real> DenseLayer<R> {
    /// A zero layer.
    pub fn zeros(n_in: usize, n_out: usize, activation: LayerActivation) -> Self {
        DenseLayer {
            weights: Array2::from_elem((n_in, n_out), R::ZERO),
            biases: Array1::from_elem(n_out, R::ZERO),
            activation,
            norm: None,
            skip: false,
        }
    }
    /// Number of inputs.
    pub fn n_in(&self) -> usize {
        self.weights.nrows()
    }
    /// Number of neurons.
    pub fn n_out(&self) -> usize {
        self.weights.ncols()
    }
    /// Its normalization and skip, as options.
    pub fn options(&self) -> LayerOptions {
        LayerOptions { norm: self.norm.as_ref().map_or(NormKind::None, |n| n.kind), skip: self.skip }
    }
    /// Sets its normalization (fresh γ = 1, β = 0 when the kind changes) and skip.
    pub fn set_options(&mut self, o: LayerOptions) {
        if self.options().norm != o.norm {
            self.norm = match o.norm {
                NormKind::None => None,
                k => Some(Norm::new(k, self.n_out())),
            };
        }
        self.skip = o.skip;
    }
    /// Whether the layer needs the general (normalizing or skipping) pass.
    fn special(&self) -> bool {
        self.norm.is_some() || self.skip
    }
    fn w(&self) -> &[R] {
        self.weights.as_slice().expect("weights are kept in standard layout")
    }
    fn w_mut(&mut self) -> &mut [R] {
        self.weights.as_slice_mut().expect("weights are kept in standard layout")
    }
    /// The weights and the biases as flat slices (read only).
    pub fn params(&self) -> (&[R], &[R]) {
        let b = self.biases.as_slice().expect("biases are contiguous");
        let w = self.weights.as_slice().expect("weights are kept in standard layout");
        (w, b)
    }

    /// The weights and the biases as flat slices (for an optimizer step).
    pub fn params_mut(&mut self) -> (&mut [R], &mut [R]) {
        let b = self.biases.as_slice_mut().expect("biases are contiguous");
        let w = self.weights.as_slice_mut().expect("weights are kept in standard layout");
        (w, b)
    }

    /// One example: `z[j] = b[j] + Σ_i w[i][j]·x[i]`, summed over `i` in
    /// ascending order (the activation is applied by the caller). Any input
    /// shape is read flat, so a flatten before it costs nothing.
    pub fn forward_one(&self, x: &[R], z: &mut [R]) {
        let (w, n) = (self.w(), self.n_out());
        for (j, zj) in z.iter_mut().enumerate() {
            let mut acc = self.b()[j];
            for (i, &xv) in x.iter().enumerate() {
                acc += w[i * n + j] * xv;
            }
            *zj = acc;
        }
    }

    /// One example's backward pass given `dz = ∂L/∂z`: adds `∂L/∂W = x dzᵀ`
    /// and `∂L/∂b = dz` to `grads`, and writes `∂L/∂x = W dz` into `dx` if given.
    pub fn backward_one(&self, x: &[R], dz: &[R], grads: &mut LayerGrads<R>, dx: Option<&mut [R]>) {
        let (w, n) = (self.w(), self.n_out());
        for (j, &d) in dz.iter().enumerate() {
            grads.biases[j] += d;
            if d == R::ZERO {
                continue;
            }
            for (i, &xv) in x.iter().enumerate() {
                grads.weights[i * n + j] += d * xv;
            }
        }
        if let Some(dx) = dx {
            dx.fill(R::ZERO);
            for (j, &d) in dz.iter().enumerate() {
                for (i, dv) in dx.iter_mut().enumerate() {
                    *dv += w[i * n + j] * d;
                }
            }
        }
    }

    /// Fills the weights from `draw`, called output-major (neuron `j`'s
    /// incoming weights, then `j + 1`'s), the order a one-example layer
    /// stored as rows of outputs would draw them in.
    pub fn fill_weights_by_neuron(&mut self, mut draw: impl FnMut() -> R) {
        let (n_in, n) = (self.n_in(), self.n_out());
        let w = self.w_mut();
        for j in 0..n {
            for i in 0..n_in {
                w[i * n + j] = draw();
            }
        }
    }
    fn b(&self) -> &[R] {
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
    /// The normalizing layers' learned scales and shifts (γ and β, one each per neuron).
    #[serde(default)]
    pub norm: usize,
}

impl ParamCount {
    /// Weights, biases, and the normalizing layers' γ and β.
    pub fn total(&self) -> usize {
        self.weights + self.biases + self.norm
    }
}

impl std::fmt::Display for ParamCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pl = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        write!(
            f,
            "{} free {}: {} {}",
            self.total(),
            pl(self.total(), "parameter", "parameters"),
            self.weights,
            pl(self.weights, "weight", "weights"),
        )?;
        let biases = pl(self.biases, "bias", "biases");
        if self.norm == 0 {
            write!(f, " and {} {biases}", self.biases)
        } else {
            write!(f, ", {} {biases} and {} normalization scales and shifts (γ, β)", self.biases, self.norm)
        }
    }
}

/// A stack of dense layers; the last one is the output layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Network<R: Real = f64> {
    /// Hidden layers then the output layer.
    pub layers: Vec<DenseLayer<R>>,
}

/// Reusable neuron-major buffers for a forward/backward pass over up to
/// `capacity` examples. No allocation happens while the batch fits.
#[derive(Clone, Debug, Default)]
pub struct Workspace<R: Real = f64> {
    /// Examples the buffers hold: the row stride, a multiple of 4 (at least what was asked).
    pub capacity: usize,
    /// Input features, `n_in * capacity`.
    pub input: Vec<R>,
    /// Per layer, pre-activations `z`, `n_out * capacity`.
    pub z: Vec<Vec<R>>,
    /// Per layer, activations `a = f(z)`, `n_out * capacity`.
    pub a: Vec<Vec<R>>,
    /// Per layer, `∂L/∂z`, `n_out * capacity`.
    pub delta: Vec<Vec<R>>,
    /// Per hidden layer, dropout multipliers (0 or `1/(1−p)`), empty when unused.
    pub mask: Vec<Vec<R>>,
    /// Per hidden layer, `a ⊙ mask` (what the next layer reads) when dropout is on.
    pub dropped: Vec<Vec<R>>,
    /// Targets, `n_out(last) * capacity`.
    pub target: Vec<R>,
    /// Scratch for the backward pass: one layer's `∂L/∂z`, example-major.
    pub delta_t: Vec<R>,
    /// Batch norm uses the batch's statistics (training) rather than the running ones.
    pub training: bool,
    /// Per layer, what a normalizing or skipping layer keeps (empty otherwise).
    pub extra: Vec<NormBuffers<R>>,
}

impl<R: Real> Workspace<R> {
    /// Buffers for `net` and batches of up to `capacity` examples.
    pub fn new(net: &Network<R>, capacity: usize) -> Self {
        let mut ws = Workspace::default();
        ws.ensure(net, capacity);
        ws
    }

    /// Grows the buffers if the network shape or capacity needs it.
    pub fn ensure(&mut self, net: &Network<R>, capacity: usize) {
        let n_layers = net.layers.len();
        let shape_ok = self.z.len() == n_layers
            && net.layers.iter().enumerate().all(|(l, layer)| self.z[l].len() == layer.n_out() * self.capacity)
            && self.input.len() == net.n_inputs() * self.capacity;
        if shape_ok && self.capacity >= capacity {
            return;
        }
        // Rows of a whole number of vectors (4 `f32` lanes, 2 `f64`): a batch
        // that is not one ends in one vector with spare lanes, not item by item.
        self.alloc(net, capacity.max(self.capacity).max(1).next_multiple_of(4));
    }

    /// Buffers for one example, with rows of stride exactly 1 (so every
    /// neuron's value for it sits at index `j`): for traces and tooltips.
    pub fn single(net: &Network<R>) -> Self {
        Workspace::exact(net, 1)
    }

    /// Buffers with rows of stride exactly `capacity` (not rounded up), so a
    /// layer's values for all `capacity` examples are one contiguous slice.
    pub fn exact(net: &Network<R>, capacity: usize) -> Self {
        let mut ws = Workspace::default();
        ws.alloc(net, capacity.max(1));
        ws
    }

    fn alloc(&mut self, net: &Network<R>, cap: usize) {
        let n_layers = net.layers.len();
        self.capacity = cap;
        self.input = vec![R::ZERO; net.n_inputs() * cap];
        let sized = |f: &dyn Fn(&DenseLayer<R>) -> usize| net.layers.iter().map(|l| vec![R::ZERO; f(l) * cap]).collect::<Vec<_>>();
        self.z = sized(&|l| l.n_out());
        self.a = sized(&|l| l.n_out());
        self.delta = sized(&|l| l.n_out());
        self.mask = vec![Vec::new(); n_layers];
        self.dropped = vec![Vec::new(); n_layers];
        self.target = vec![R::ZERO; net.n_outputs() * cap];
        self.delta_t = vec![R::ZERO; net.layers.iter().map(|l| l.n_out()).max().unwrap_or(0) * cap];
        self.extra = vec![NormBuffers::default(); n_layers];
    }

    /// Activations of layer `l` for a batch of `b`, neuron-major.
    pub fn activations(&self, l: usize, b: usize) -> &[R] {
        &self.a[l][..self.a[l].len() / self.capacity * b]
    }
}

/// Gradients of one layer, same shapes as its parameters (flat, row-major).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerGrads<R: Real = f64> {
    /// `∂L/∂W`, `n_in * n_out`, row-major `(n_in, n_out)`.
    pub weights: Vec<R>,
    /// `∂L/∂b`, `n_out`.
    pub biases: Vec<R>,
    /// `∂L/∂γ` and `∂L/∂β` of a normalizing layer, `n_out` each (empty otherwise).
    pub gamma: Vec<R>,
    pub beta: Vec<R>,
}

impl<R: Real> LayerGrads<R> {
    /// Zero gradients for one layer.
    pub fn zeros_like(l: &DenseLayer<R>) -> LayerGrads<R> {
        let n_norm = if l.norm.is_some() { l.n_out() } else { 0 };
        LayerGrads {
            weights: vec![R::ZERO; l.n_in() * l.n_out()],
            biases: vec![R::ZERO; l.n_out()],
            gamma: vec![R::ZERO; n_norm],
            beta: vec![R::ZERO; n_norm],
        }
    }
    /// Sets every gradient to zero.
    pub fn clear(&mut self) {
        self.weights.fill(R::ZERO);
        self.biases.fill(R::ZERO);
        self.gamma.fill(R::ZERO);
        self.beta.fill(R::ZERO);
    }
    /// Zero gradients for every layer of `net`.
    pub fn for_network(net: &Network<R>) -> Vec<LayerGrads<R>> {
        net.layers.iter().map(LayerGrads::zeros_like).collect()
    }
    /// Euclidean norm over weights and biases (and γ, β of a normalizing layer).
    pub fn norm(&self) -> f64 {
        let s: f64 = self.weights.iter().chain(&self.biases).chain(&self.gamma).chain(&self.beta).map(|g| g.f64() * g.f64()).sum();
        libm::sqrt(s)
    }
}

impl<R: Real> Network<R> {
    /// A network with the given layer sizes `[n_inputs, h1, ..., n_outputs]`
    /// and one activation per layer after the input, initialised from `rng`.
    pub fn new(sizes: &[usize], activations: &[LayerActivation], init: InitConfig, rng: &mut Rng) -> Network<R> {
        assert_eq!(sizes.len(), activations.len() + 1, "one activation per layer");
        let layers = sizes
            .windows(2)
            .zip(activations)
            .map(|(w, &act)| {
                let (n_in, n_out) = (w[0], w[1]);
                let mut layer = DenseLayer::zeros(n_in, n_out, act);
                layer.biases.fill(r(init.bias));
                let limit = libm::sqrt(6.0 / (n_in + n_out) as f64);
                let he_sd = libm::sqrt(2.0 / n_in.max(1) as f64);
                for v in layer.weights.iter_mut() {
                    *v = r(match init.scheme {
                        InitScheme::Uniform => rng.uniform_range(-0.5, 0.5),
                        InitScheme::Xavier => rng.uniform_range(-limit, limit),
                        InitScheme::He => rng.normal() * he_sd,
                        InitScheme::Zero => 0.0,
                    });
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
            norm: self.layers.iter().filter_map(|l| l.norm.as_ref()).map(|n| n.gamma.len() + n.beta.len()).sum(),
        }
    }
    /// The same network in precision `S` (rounded to nearest; exact from `f32` to `f64`).
    pub fn cast<S: Real>(&self) -> Network<S> {
        let layers = self
            .layers
            .iter()
            .map(|l| DenseLayer {
                weights: l.weights.mapv(|v| S::of(v.f64())),
                biases: l.biases.mapv(|v| S::of(v.f64())),
                activation: l.activation,
                norm: l.norm.as_ref().map(Norm::cast),
                skip: l.skip,
            })
            .collect();
        Network { layers }
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
    ///
    /// One fused pass per layer (weighted sum, bias, activation and the
    /// finiteness check, on blocks of examples held in registers).
    pub fn forward_ws(&self, ws: &mut Workspace<R>, bsz: usize) -> Option<usize> {
        self.forward_impl(ws, bsz, true)
    }

    /// Like [`forward_ws`](Self::forward_ws) but fills only the activations
    /// `ws.a` (`ws.z` is left as it was, except for a softmax layer): less
    /// memory traffic, for drawing grids. Returns the first layer whose `z`
    /// is not finite, if any.
    pub fn forward_activations(&self, ws: &mut Workspace<R>, bsz: usize) -> Option<usize> {
        self.forward_impl(ws, bsz, false)
    }

    fn forward_impl(&self, ws: &mut Workspace<R>, bsz: usize, keep_z: bool) -> Option<usize> {
        let cap = ws.capacity;
        assert!(bsz <= cap);
        let mut bad = None;
        for (l, layer) in self.layers.iter().enumerate() {
            let (n_in, n_out) = (layer.n_in(), layer.n_out());
            let (lower_a, upper_a) = ws.a.split_at_mut(l);
            let a = &mut upper_a[0];
            let z = &mut ws.z[l];
            let x: &[R] = if l == 0 {
                &ws.input
            } else if !ws.mask[l - 1].is_empty() {
                &ws.dropped[l - 1]
            } else {
                &lower_a[l - 1]
            };
            if layer.special() {
                ws.extra.resize_with(self.layers.len(), NormBuffers::default);
                let buf = &mut ws.extra[l];
                buf.ensure(n_out, cap, layer.skip, layer.norm.is_some());
                let finite = dense_forward_act(layer.w(), layer.b(), n_in, n_out, Activation::Identity, x, Some(&mut *z), a, cap, bsz);
                if bad.is_none() && !finite {
                    bad = Some(l);
                }
                if let Some(norm) = &layer.norm {
                    norm_forward(norm, ws.training, z, buf, n_out, cap, bsz);
                }
                activate(layer.activation, z, a, n_out, cap, bsz);
                if layer.skip {
                    for j in 0..n_out {
                        let row = j * cap..j * cap + bsz;
                        buf.fy[row.clone()].copy_from_slice(&a[row.clone()]);
                        for i in row {
                            a[i] += x[i];
                        }
                    }
                }
                if !ws.mask[l].is_empty() {
                    let (a, m, d) = (&ws.a[l], &ws.mask[l], &mut ws.dropped[l]);
                    for i in 0..n_out * cap {
                        d[i] = a[i] * m[i];
                    }
                }
                continue;
            }
            let finite = match layer.activation {
                LayerActivation::Elementwise(f) => {
                    dense_forward_act(layer.w(), layer.b(), n_in, n_out, f, x, if keep_z { Some(z) } else { None }, a, cap, bsz)
                }
                LayerActivation::Softmax => {
                    let ok = dense_forward_act(layer.w(), layer.b(), n_in, n_out, Activation::Identity, x, Some(&mut *z), a, cap, bsz);
                    activate(layer.activation, z, a, n_out, cap, bsz);
                    ok
                }
            };
            if bad.is_none() && !finite {
                bad = Some(l);
            }
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
    pub fn backward_ws(&self, ws: &mut Workspace<R>, bsz: usize, grads: &mut [LayerGrads<R>]) {
        self.backward_checked(ws, bsz, grads);
    }

    /// [`backward_ws`](Self::backward_ws) that also reports the highest layer
    /// whose gradients (weights or biases) are not all finite, if any.
    pub fn backward_checked(&self, ws: &mut Workspace<R>, bsz: usize, grads: &mut [LayerGrads<R>]) -> Option<usize> {
        let cap = ws.capacity;
        assert!(bsz <= cap);
        let mut bad = None;
        for l in (0..self.layers.len()).rev() {
            let layer = &self.layers[l];
            let (n_in, n_out) = (layer.n_in(), layer.n_out());
            let (lower, upper) = ws.delta.split_at_mut(l);
            let delta = &upper[0];
            let x: &[R] = if l == 0 {
                &ws.input
            } else if !ws.mask[l - 1].is_empty() {
                &ws.dropped[l - 1]
            } else {
                &ws.a[l - 1]
            };
            let g = &mut grads[l];
            let ok = dense_grads(delta, x, n_in, n_out, cap, bsz, &mut ws.delta_t, &mut g.weights, &mut g.biases);
            if bad.is_none() && !ok {
                bad = Some(l);
            }
            if l == 0 {
                break;
            }
            // δ_{l−1}[k, :] = (Σ_j W[k, j] δ_l[j, :]) ⊙ mask ⊙ f'(z_{l−1})
            let f = match self.layers[l - 1].activation {
                LayerActivation::Elementwise(f) => f,
                // unreachable from any input: a configuration's hidden activations are
                // elementwise (`HiddenLayer::activation`), and a model file's layers must match them
                LayerActivation::Softmax => unreachable!("softmax only in the output layer"),
            };
            let mask = if ws.mask[l - 1].is_empty() { None } else { Some(&ws.mask[l - 1][..]) };
            let below = &self.layers[l - 1];
            if !below.special() && !layer.skip {
                dense_backprop(layer.w(), n_in, n_out, delta, &mut lower[l - 1], mask, &ws.z[l - 1], &ws.a[l - 1], f, cap, bsz);
                continue;
            }
            // The general path: ∂L/∂a below = (Wδ + this layer's ∂L/∂a if it skips) ⊙ mask;
            // then back through the activation at y, then through the normalization.
            let prev = &mut lower[l - 1];
            dense_backprop(layer.w(), n_in, n_out, delta, prev, None, &ws.z[l - 1], &ws.a[l - 1], Activation::Identity, cap, bsz);
            let (extra_lo, extra_hi) = ws.extra.split_at_mut(l);
            let rows = |j: usize| j * cap..j * cap + bsz;
            for j in 0..n_in {
                for i in rows(j) {
                    if layer.skip {
                        prev[i] += extra_hi[0].ga[i];
                    }
                    if let Some(m) = mask {
                        prev[i] *= m[i];
                    }
                }
            }
            let buf = &mut extra_lo[l - 1];
            if below.skip {
                for j in 0..n_in {
                    buf.ga[rows(j)].copy_from_slice(&prev[rows(j)]);
                }
            }
            let fy = if below.skip { &buf.fy } else { &ws.a[l - 1] };
            let zl = &ws.z[l - 1];
            for j in 0..n_in {
                for i in rows(j) {
                    prev[i] = f.mul_df(zl[i], fy[i], prev[i]);
                }
            }
            if let Some(norm) = &below.norm {
                let g = &mut grads[l - 1];
                norm_backward(norm, ws.training, prev, buf, &mut g.gamma, &mut g.beta, n_in, cap, bsz);
                if bad.is_none() && !(all_finite(&g.gamma) && all_finite(&g.beta)) {
                    bad = Some(l - 1);
                }
            }
        }
        bad
    }

    /// Convenience forward pass: `x` has shape `(batch, n_inputs)` (one
    /// example per row); returns the outputs, shape `(batch, n_outputs)`.
    /// Allocates; the trainer uses the workspace path instead.
    pub fn forward(&self, x: ArrayView2<R>) -> Array2<R> {
        let b = x.nrows();
        let mut ws = Workspace::new(self, b);
        let cap = ws.capacity;
        for i in 0..b {
            for k in 0..x.ncols() {
                ws.input[k * cap + i] = x[[i, k]];
            }
        }
        self.forward_ws(&mut ws, b);
        let last = self.layers.len() - 1;
        let n_out = self.n_outputs();
        Array2::from_shape_fn((b, n_out), |(i, j)| ws.a[last][j * cap + i])
    }

    /// Mean loss over a batch and its gradients (allocating; for tests and
    /// one-off use), in training mode (batch norm uses the batch's statistics). `x` is `(batch, n_inputs)`, `y` is `(batch, n_outputs)`.
    /// Returns `(mean loss, per-layer gradients of the mean loss)`.
    pub fn loss_and_gradients(&self, loss: crate::math::loss::Loss, x: ArrayView2<R>, y: ArrayView2<R>) -> (R, Vec<LayerGrads<R>>) {
        let b = x.nrows();
        let mut ws = Workspace::new(self, b);
        ws.training = true;
        let (n_out, cap) = (self.n_outputs(), ws.capacity);
        for i in 0..b {
            for k in 0..x.ncols() {
                ws.input[k * cap + i] = x[[i, k]];
            }
            for j in 0..n_out {
                ws.target[j * cap + i] = y[[i, j]];
            }
        }
        self.forward_ws(&mut ws, b);
        let last = self.layers.len() - 1;
        let total = {
            let (z, a, t) = (&ws.z[last], &ws.a[last], &ws.target);
            let d = &mut ws.delta[last];
            loss.batch(self.output_activation(), n_out, b, cap, z, a, t, d)
        };
        let inv = R::ONE / r::<R>(b as f64);
        ws.delta[last].iter_mut().for_each(|d| *d *= inv);
        let mut grads = LayerGrads::for_network(self);
        self.backward_ws(&mut ws, b, &mut grads);
        (total * inv, grads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::activation::Activation;
    use ndarray::Array2;

    /// The one-example pass the conv head uses agrees with the batched pass,
    /// and its gradients with finite differences of `L = Σ_j c_j z_j`.
    #[test]
    fn one_example_pass_matches_the_batched_pass_and_finite_differences() {
        let mut rng = Rng::new(7);
        let mut layer = DenseLayer::<f64>::zeros(5, 3, Activation::Identity.into());
        layer.fill_weights_by_neuron(|| rng.normal_with(0.0, 1.0));
        layer.biases.iter_mut().for_each(|b| *b = rng.normal_with(0.0, 1.0));
        let x: Vec<f64> = (0..5).map(|_| rng.normal_with(0.0, 1.0)).collect();
        let c = [0.3, -1.2, 0.7];
        let mut z = vec![0.0; 3];
        layer.forward_one(&x, &mut z);
        let net = Network { layers: vec![layer.clone()] };
        let batched = net.forward(Array2::from_shape_vec((1, 5), x.clone()).unwrap().view());
        for j in 0..3 {
            assert!((batched[[0, j]] - z[j]).abs() < 1e-12, "z[{j}]: {} vs {}", z[j], batched[[0, j]]);
        }
        let mut grads = LayerGrads::zeros_like(&layer);
        let mut dx = vec![0.0; 5];
        layer.backward_one(&x, &c, &mut grads, Some(&mut dx));
        let loss = |l: &DenseLayer<f64>, x: &[f64]| {
            let mut z = vec![0.0; 3];
            l.forward_one(x, &mut z);
            z.iter().zip(&c).map(|(z, c)| z * c).sum::<f64>()
        };
        let h = 1e-6;
        for k in 0..15 {
            let (mut up, mut down) = (layer.clone(), layer.clone());
            up.params_mut().0[k] += h;
            down.params_mut().0[k] -= h;
            let fd = (loss(&up, &x) - loss(&down, &x)) / (2.0 * h);
            assert!((fd - grads.weights[k]).abs() < 1e-8, "w[{k}]: {fd} vs {}", grads.weights[k]);
        }
        assert_eq!(grads.biases, c.to_vec());
        for i in 0..5 {
            let (mut up, mut down) = (x.clone(), x.clone());
            up[i] += h;
            down[i] -= h;
            let fd = (loss(&layer, &up) - loss(&layer, &down)) / (2.0 * h);
            assert!((fd - dx[i]).abs() < 1e-8, "x[{i}]: {fd} vs {}", dx[i]);
        }
    }
}
