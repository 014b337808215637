//! Read-only views of a trainer for the UI: every neuron's output over a grid
//! of the input square, one example's forward and backward trace, and
//! summary statistics of a layer's values (for histograms).

use crate::data::features::{fill_features, Feature};
use crate::data::{Point, EXTENT};
use crate::dense::fastgrid::GridF32;
use crate::dense::network::{LayerGrads, Workspace};
use crate::dense::trainer::Trainer;
use crate::math::activation::LayerActivation;
use crate::math::optimizer::{self, OptimizerConfig, Penalty};
use crate::math::real::{from_f64, to_f64, Real};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Buffers for [`Trainer::grid_outputs`], reused between calls (no
/// allocation after the first call while the network shape and `n` stay).
#[derive(Clone, Debug, Default)]
pub struct GridBuffers {
    n: usize,
    extent: f64,
    features: Vec<Feature>,
    /// The grid's features in `f64`, neuron-major.
    input: Vec<f64>,
    /// The `f64` pass's buffers, allocated only for networks the fast path does not serve.
    ws: Workspace,
    n_layers: usize,
    sizes: Vec<usize>,
    fast: GridF32,
    /// What [`layer`](Self::layer) returns: the features, then every layer's outputs.
    out: Vec<Vec<f32>>,
}

impl GridBuffers {
    /// Empty buffers.
    pub fn new() -> Self {
        Self::default()
    }
    /// Grid side `n` of the last fill.
    pub fn n(&self) -> usize {
        self.n
    }
    /// Half-width of the square of the last fill.
    pub fn extent(&self) -> f64 {
        self.extent
    }
    /// Number of layers including the input feature layer (= network layers + 1).
    pub fn n_layers(&self) -> usize {
        self.n_layers
    }
    /// Neurons per layer, input feature layer first.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }
    /// All values of layer `l` (0 = input features, `l ≥ 1` = network layer
    /// `l − 1`): neuron-major, `sizes()[l] * n * n` values; neuron `j`'s image
    /// is `[j·n² .. (j+1)·n²]`, row-major, row 0 at the top (`x2 = +extent`),
    /// column 0 at the left (`x1 = −extent`). Single precision: these are for
    /// painting (storing `f64` had been a third of the grid's time in V8).
    pub fn layer(&self, l: usize) -> &[f32] {
        &self.out[l][..self.sizes[l] * self.n * self.n]
    }
    /// The `n·n` image of neuron `j` of layer `l` (layout as in [`layer`](Self::layer)).
    pub fn neuron(&self, l: usize, j: usize) -> &[f32] {
        let nn = self.n * self.n;
        &self.layer(l)[j * nn..(j + 1) * nn]
    }
    /// The output layer (what the decision heatmap shows; per-class
    /// probabilities for softmax).
    pub fn output(&self) -> &[f32] {
        self.layer(self.n_layers - 1)
    }
    /// The raw coordinates `(x1, x2)` of cell `(row, col)`'s centre.
    pub fn cell_center(&self, row: usize, col: usize) -> (f64, f64) {
        cell_center(self.n, self.extent, row, col)
    }
}

/// Centre of grid cell `(row, col)` on an `n × n` grid over `[-e, e]²`:
/// `x1 = −e + (col + ½)·2e/n`, `x2 = e − (row + ½)·2e/n`.
pub fn cell_center(n: usize, e: f64, row: usize, col: usize) -> (f64, f64) {
    let h = 2.0 * e / n as f64;
    (-e + (col as f64 + 0.5) * h, e - (row as f64 + 0.5) * h)
}

/// One neuron in a forward trace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeuronTrace {
    /// The inputs it receives (previous layer's outputs, or the features).
    pub inputs: Vec<f64>,
    /// Its incoming weights, one per input.
    pub weights: Vec<f64>,
    /// Its bias.
    pub bias: f64,
    /// `z = Σ w·x + b`
    pub z: f64,
    /// `a = f(z)` (softmax for a softmax layer).
    pub a: f64,
}

/// One example's forward pass, neuron by neuron.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForwardTrace {
    /// The data point.
    pub point: Point,
    /// Its feature values (the input layer).
    pub features: Vec<f64>,
    /// Per layer, per neuron.
    pub layers: Vec<Vec<NeuronTrace>>,
    /// The targets (encoded label).
    pub target: Vec<f64>,
    /// This example's loss.
    pub loss: f64,
}

/// One layer in a backward trace.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerBackward {
    /// `δ = ∂L/∂z` per neuron.
    pub delta: Vec<f64>,
    /// `∂L/∂W`, shape `(n_in, n_out)` like the weights.
    pub grad_weights: Array2<f64>,
    /// `∂L/∂b` per neuron.
    pub grad_biases: Vec<f64>,
    /// The change the optimizer would apply to each weight if this example
    /// alone were the batch (includes regularization and optimizer state).
    pub update_weights: Array2<f64>,
    /// The same for the biases.
    pub update_biases: Vec<f64>,
}

/// One example's backward pass.
#[derive(Clone, Debug, PartialEq)]
pub struct BackwardTrace {
    /// This example's loss.
    pub loss: f64,
    /// Per layer (same order as the network's layers).
    pub layers: Vec<LayerBackward>,
}

/// Summary of a set of values (e.g. one layer's `z` over the training set).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Number of values.
    pub count: usize,
    /// Minimum.
    pub min: f64,
    /// Maximum.
    pub max: f64,
    /// Mean.
    pub mean: f64,
    /// Standard deviation (population).
    pub std_dev: f64,
}

impl Stats {
    /// Statistics of `v` (`count` 0 and NaNs for an empty slice).
    pub fn of<R: Real>(v: &[R]) -> Stats {
        let count = v.len();
        if count == 0 {
            return Stats { count, min: f64::NAN, max: f64::NAN, mean: f64::NAN, std_dev: f64::NAN };
        }
        let (mut min, mut max, mut s) = (f64::INFINITY, f64::NEG_INFINITY, 0.0);
        for x in v {
            let x = x.f64();
            min = min.min(x);
            max = max.max(x);
            s += x;
        }
        let mean = s / count as f64;
        let var = v.iter().map(|x| (x.f64() - mean) * (x.f64() - mean)).sum::<f64>() / count as f64;
        Stats { count, min, max, mean, std_dev: libm::sqrt(var) }
    }
}

/// Counts of `v` in `bins` equal bins over `[lo, hi]` (values outside are clamped to the end bins).
pub fn histogram<R: Real>(v: &[R], bins: usize, lo: f64, hi: f64) -> Vec<usize> {
    let mut h = vec![0; bins.max(1)];
    let w = (hi - lo) / h.len() as f64;
    for x in v {
        let x = x.f64();
        if !x.is_finite() {
            continue;
        }
        let b = if w > 0.0 { ((x - lo) / w) as isize } else { 0 };
        let top = h.len() as isize - 1;
        h[b.clamp(0, top) as usize] += 1;
    }
    h
}

impl<R: Real> Trainer<R> {
    /// Every neuron's output over an `n × n` grid of `[-6, 6]²`, in one
    /// batched pass; see [`GridBuffers::layer`] for the layout. Display-only:
    /// computed in `f32` ([`fastgrid`](crate::dense::fastgrid)), within
    /// 1e-5·max(1, |v|) of the `f64` forward pass (networks with a step
    /// activation take the `f64` pass), and kept as `f32`.
    pub fn grid_outputs(&self, n: usize, buf: &mut GridBuffers) {
        self.grid_outputs_in(n, EXTENT, buf)
    }

    /// Like [`grid_outputs`](Self::grid_outputs) over `[-extent, extent]²`
    /// (e.g. [`Dataset::extent`](crate::data::Dataset) for the truth tables).
    pub fn grid_outputs_in(&self, n: usize, extent: f64, buf: &mut GridBuffers) {
        let net = &self.net;
        let nn = n * n;
        let sizes = net.sizes();
        let n_feat = self.config.features.len();
        let same_input = buf.n == n
            && buf.extent == extent
            && buf.features == self.config.features
            && buf.input.len() == n_feat * nn
            && buf.sizes == sizes;
        if !same_input {
            let pts = (0..nn).map(|p| cell_center(n, extent, p / n, p % n));
            buf.input = vec![0.0; n_feat * nn];
            fill_features(&self.config.features, pts, &mut buf.input, nn);
            buf.fast.set_input(&buf.input, n_feat, nn, nn);
            buf.out = sizes.iter().map(|&s| vec![0.0; s * nn]).collect();
            for (o, &v) in buf.out[0].iter_mut().zip(&buf.input) {
                *o = v as f32;
            }
        }
        buf.n = n;
        buf.extent = extent;
        buf.features.clone_from(&self.config.features);
        buf.n_layers = net.layers.len() + 1;
        buf.sizes = sizes;
        if GridF32::serves(net) {
            buf.fast.forward(net, &mut buf.out[1..], nn);
        } else {
            // (step networks, and normalized or skipping ones: the general pass, in evaluation mode)
            let net = &net.cast::<f64>();
            buf.ws.ensure(net, nn);
            let cap = buf.ws.capacity;
            for k in 0..n_feat {
                buf.ws.input[k * cap..k * cap + nn].copy_from_slice(&buf.input[k * nn..(k + 1) * nn]);
            }
            net.forward_activations(&mut buf.ws, nn);
            for (l, layer) in net.layers.iter().enumerate() {
                for j in 0..layer.n_out() {
                    let row = &buf.ws.a[l][j * cap..j * cap + nn];
                    for (o, &v) in buf.out[l + 1][j * nn..(j + 1) * nn].iter_mut().zip(row) {
                        *o = v as f32;
                    }
                }
            }
        }
    }

    /// The network's outputs at one raw point `(x1, x2)` (allocates; for tooltips).
    pub fn predict(&self, x1: f64, x2: f64) -> Vec<f64> {
        let mut ws = Workspace::single(&self.net);
        let mut input = vec![0.0; self.net.n_inputs()];
        fill_features(&self.config.features, std::iter::once((x1, x2)), &mut input, 1);
        ws.input = from_f64(&input);
        self.net.forward_ws(&mut ws, 1);
        to_f64(&ws.a[self.net.layers.len() - 1])
    }

    /// One example's forward pass in the trainer's precision: the workspace, the target, the loss.
    fn single(&self, p: Point) -> (Workspace<R>, Vec<f64>, f64) {
        let net = &self.net;
        let mut ws = Workspace::single(net);
        let mut input = vec![0.0; net.n_inputs()];
        fill_features(&self.config.features, std::iter::once((p.x1, p.x2)), &mut input, 1);
        ws.input = from_f64(&input);
        let target = self.encode_label(p.label);
        ws.target = from_f64(&target);
        net.forward_ws(&mut ws, 1);
        let last = net.layers.len() - 1;
        let n_out = net.n_outputs();
        let loss = {
            let (z, a, t) = (&ws.z[last], &ws.a[last], &ws.target);
            let d = &mut ws.delta[last];
            self.config.loss.batch(net.output_activation(), n_out, 1, 1, z, a, t, d)
        };
        if self.is_perceptron() {
            for k in 0..n_out {
                ws.delta[last][k] = ws.a[last][k] - ws.target[k];
            }
        }
        (ws, target, loss.f64())
    }

    /// Forward trace of training example `example` (index into `dataset().train`).
    /// Panics if the index is out of range.
    pub fn forward_trace(&self, example: usize) -> ForwardTrace {
        self.forward_trace_point(self.data.train[example])
    }

    /// Forward trace of any point.
    pub fn forward_trace_point(&self, p: Point) -> ForwardTrace {
        let (ws, target, loss) = self.single(p);
        let features = to_f64(&ws.input);
        let layers = self
            .net
            .layers
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                let inputs = to_f64(if l == 0 { &ws.input } else { &ws.a[l - 1] });
                (0..layer.n_out())
                    .map(|j| NeuronTrace {
                        inputs: inputs.clone(),
                        weights: layer.weights.column(j).iter().map(|w| w.f64()).collect(),
                        bias: layer.biases[j].f64(),
                        z: ws.z[l][j].f64(),
                        a: ws.a[l][j].f64(),
                    })
                    .collect()
            })
            .collect();
        ForwardTrace { point: p, features, layers, target, loss }
    }

    /// Backward trace of training example `example`: δ per neuron, gradient
    /// per weight, and the update the optimizer would apply if this example
    /// alone were the batch (with the current learning rate, regularization
    /// and optimizer state). No dropout.
    pub fn backward_trace(&self, example: usize) -> BackwardTrace {
        self.backward_trace_point(self.data.train[example])
    }

    /// Backward trace of any point.
    pub fn backward_trace_point(&self, p: Point) -> BackwardTrace {
        let (mut ws, _, loss) = self.single(p);
        let mut grads = LayerGrads::for_network(&self.net);
        self.net.backward_ws(&mut ws, 1, &mut grads);
        let cfg = self.config.optimizer;
        let lr = self.config.learning_rate;
        let layers = self
            .net
            .layers
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                let g = &grads[l];
                let mut w = layer.weights.as_slice().unwrap().to_vec();
                let mut st = self.state_w(l).clone();
                optimizer::step(&cfg, lr, self.config.regularization, &mut w, &g.weights, &mut st);
                let uw: Vec<f64> = w.iter().zip(layer.weights.iter()).map(|(&new, &old)| (new - old).f64()).collect();
                let mut b = layer.biases.to_vec();
                let mut sb = self.state_b(l).clone();
                optimizer::step(&OptimizerConfig { weight_decay: 0.0, ..cfg }, lr, Penalty::NONE, &mut b, &g.biases, &mut sb);
                let ub = b.iter().zip(layer.biases.iter()).map(|(&new, &old)| (new - old).f64()).collect();
                let shape = (layer.n_in(), layer.n_out());
                LayerBackward {
                    delta: to_f64(&ws.delta[l]),
                    grad_weights: Array2::from_shape_vec(shape, to_f64(&g.weights)).unwrap(),
                    grad_biases: to_f64(&g.biases),
                    update_weights: Array2::from_shape_vec(shape, uw).unwrap(),
                    update_biases: ub,
                }
            })
            .collect();
        BackwardTrace { loss, layers }
    }

    /// Statistics of every layer's pre-activations over the training set at the last evaluation.
    pub fn preactivation_stats(&self) -> Vec<Stats> {
        self.layer_preactivations().iter().map(|z| Stats::of(z)).collect()
    }

    /// Whether a layer's activation is softmax (the heatmap then shows per-class probabilities).
    pub fn output_is_softmax(&self) -> bool {
        self.net.output_activation() == LayerActivation::Softmax
    }
}
