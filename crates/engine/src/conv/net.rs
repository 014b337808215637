//! A small convolutional network: a list of layers, shape inference with typed
//! errors that name the layer, forward and backward over a mini-batch (layer
//! by layer: every layer sees the whole batch, as a batch norm needs; the
//! gradients of the examples add up in batch order), and read-only views for
//! drawing.
//!
//! Generic over the engine's [`Real`]: the page trains `ConvNet<f32>`; the
//! gradient checks and the reference history use `ConvNet<f64>` (the default).

use super::layers::{Conv2d, Padding, Pool2d, PoolKind, Shape};
use super::norm::BatchNorm;
use crate::dense::network::{DenseLayer, LayerGrads};
use crate::math::activation::{softmax, Activation, LayerActivation};
use crate::math::loss::Loss;
use crate::math::real::Real;
use crate::math::rng::Rng;
use serde::{Deserialize, Serialize};

use crate::limits::{CONV_KERNELS, CONV_KERNEL_SIZE, CONV_MACS, CONV_POOL, CONV_STRIDE, CONV_UNITS};

/// `Err` unless `v` lies in `(lo, hi)`: "the kernel size must be 1 to 7 (got 9)".
fn check_range(what: &str, v: usize, (lo, hi): (usize, usize)) -> Result<(), String> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(format!("{what} must be {lo} to {hi} (got {v})"))
    }
}

/// One layer of the user's architecture.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum LayerSpec {
    /// `kernels` convolution kernels of `size × size`, then `activation`.
    Conv { kernels: usize, size: usize, stride: usize, padding: Padding, activation: Activation },
    /// Max or average pooling.
    Pool { kind: PoolKind, size: usize, stride: usize },
    /// Reads a `(c, h, w)` map as one vector of `c·h·w` values.
    Flatten,
    /// A fully connected hidden layer, then `activation`.
    Dense { units: usize, activation: Activation },
    /// Batch normalization per channel (see [`super::norm`]), then `activation`.
    BatchNorm { activation: Activation },
}

impl LayerSpec {
    /// A short label: "conv 3×3 ×8, stride 1, valid, ReLU", "max-pool 2", "dense 32, ReLU".
    pub fn label(&self) -> String {
        match *self {
            LayerSpec::Conv { kernels, size, stride, padding, activation } => {
                format!("conv {size}×{size} ×{kernels}, stride {stride}, {}, {}", padding.name(), activation.name())
            }
            LayerSpec::Pool { kind, size, stride } => {
                let k = if kind == PoolKind::Max { "max" } else { "avg" };
                if stride == size {
                    format!("{k}-pool {size}")
                } else {
                    format!("{k}-pool {size}, stride {stride}")
                }
            }
            LayerSpec::Flatten => "flatten".into(),
            LayerSpec::Dense { units, activation } => format!("dense {units}, {}", activation.name()),
            LayerSpec::BatchNorm { activation } => format!("batch norm, {}", activation.name()),
        }
    }
}

/// The largest kernel value [`ConvNet::set_kernel`] accepts, in magnitude (see [`crate::limits::CONV_KERNEL_VALUE`]).
pub use crate::limits::CONV_KERNEL_VALUE as KERNEL_LIMIT;

/// The architecture: input shape, hidden layers, and the number of classes
/// (the output layer, dense `classes` then softmax with cross-entropy, is
/// always added at the end).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConvNetConfig {
    /// Shape of one input image.
    pub input: Shape,
    /// The hidden layers, in order.
    pub layers: Vec<LayerSpec>,
    /// Number of classes.
    pub classes: usize,
}

impl ConvNetConfig {
    /// The default net of the lab: conv 3×3 ×8 (valid, ReLU) → max-pool 2 → dense `classes` → softmax.
    pub fn default_for(input: Shape, classes: usize) -> ConvNetConfig {
        ConvNetConfig {
            input,
            layers: vec![
                LayerSpec::Conv { kernels: 8, size: 3, stride: 1, padding: Padding::Valid, activation: Activation::Relu },
                LayerSpec::Pool { kind: PoolKind::Max, size: 2, stride: 2 },
            ],
            classes,
        }
    }

    /// Shape inference: one [`LayerInfo`] per hidden layer, then one for the
    /// output layer; or the first layer that cannot work, and why.
    pub fn infer(&self) -> Result<Vec<LayerInfo>, ArchError> {
        match self.infer_partial() {
            (info, None) => Ok(info),
            (_, Some(e)) => Err(e),
        }
    }

    /// Shape inference as far as it goes: the layers that work (in order) and
    /// the error of the first one that does not (for an editor that shows both).
    pub fn infer_partial(&self) -> (Vec<LayerInfo>, Option<ArchError>) {
        let mut out = Vec::with_capacity(self.layers.len() + 1);
        match self.infer_into(&mut out) {
            Ok(()) => (out, None),
            Err(e) => (out, Some(e)),
        }
    }

    fn infer_into(&self, out: &mut Vec<LayerInfo>) -> Result<(), ArchError> {
        let mut shape = self.input;
        if shape.is_empty() {
            return Err(ArchError { layer: 0, label: "input".into(), reason: "the input image is empty".into() });
        }
        let mut flat = false;
        // Receptive field of one output pixel, in input pixels, and the distance
        // between neighbouring outputs (jump), in input pixels.
        let (mut rf, mut jump) = (1usize, 1usize);
        let mut total_macs = 0usize;
        for (i, spec) in self.layers.iter().enumerate() {
            let err = |reason: String| ArchError { layer: i + 1, label: spec.label(), reason };
            let (next, params, macs) = match *spec {
                LayerSpec::Conv { kernels, size, stride, padding, .. } => {
                    if flat {
                        return Err(err("a convolution needs a 2-D map, but its input was flattened".into()));
                    }
                    check_range("the kernel size", size, CONV_KERNEL_SIZE).map_err(err)?;
                    check_range("the stride", stride, CONV_STRIDE).map_err(err)?;
                    check_range("the number of kernels", kernels, CONV_KERNELS).map_err(err)?;
                    if size > shape.h || size > shape.w {
                        return Err(err(format!("the {size}×{size} kernel is larger than its {}×{} input", shape.h, shape.w)));
                    }
                    let conv = Conv2d::<f64>::new(shape, kernels, size, stride, padding)
                        .ok_or_else(|| err(format!("stride {stride} leaves no output")))?;
                    rf += (size - 1) * jump;
                    jump *= stride;
                    (conv.output, kernels * shape.c * size * size + kernels, conv.macs())
                }
                LayerSpec::Pool { size, stride, .. } => {
                    if flat {
                        return Err(err("pooling needs a 2-D map, but its input was flattened".into()));
                    }
                    check_range("the pooling size", size, CONV_POOL).map_err(err)?;
                    check_range("the pooling stride", stride, CONV_POOL).map_err(err)?;
                    if size > shape.h || size > shape.w {
                        return Err(err(format!("the {size}×{size} window is larger than its {}×{} input", shape.h, shape.w)));
                    }
                    let pool =
                        Pool2d::new(shape, PoolKind::Max, size, stride).ok_or_else(|| err(format!("stride {stride} leaves no output")))?;
                    rf += (size - 1) * jump;
                    jump *= stride;
                    (pool.output, 0, pool.output.len() * size * size)
                }
                LayerSpec::Flatten => {
                    flat = true;
                    (Shape::new(shape.len(), 1, 1), 0, 0)
                }
                LayerSpec::Dense { units, .. } => {
                    check_range("the number of units", units, CONV_UNITS).map_err(err)?;
                    flat = true;
                    (Shape::new(units, 1, 1), units * shape.len() + units, units * shape.len())
                }
                // one multiply-add per value; γ and β per channel
                LayerSpec::BatchNorm { .. } => (shape, 2 * shape.c, shape.len()),
            };
            total_macs += macs;
            if total_macs > CONV_MACS {
                return Err(err(format!(
                    "the net would need {total_macs} multiply-adds per image, more than the {CONV_MACS} that train live"
                )));
            }
            out.push(LayerInfo { label: spec.label(), output: next, params, receptive_field: rf, macs });
            shape = next;
        }
        let n = self.layers.len() + 1;
        check_range("the number of classes", self.classes, (2, CONV_UNITS.1)).map_err(|reason| ArchError {
            layer: n,
            label: "output".into(),
            reason,
        })?;
        let macs = self.classes * shape.len();
        if total_macs + macs > CONV_MACS {
            return Err(ArchError {
                layer: n,
                label: format!("dense {}, softmax", self.classes),
                reason: format!(
                    "the net would need {} multiply-adds per image, more than the {CONV_MACS} that train live",
                    total_macs + macs
                ),
            });
        }
        out.push(LayerInfo {
            label: format!("dense {}, softmax", self.classes),
            output: Shape::new(self.classes, 1, 1),
            params: macs + self.classes,
            receptive_field: rf,
            macs,
        });
        Ok(())
    }
}

/// What shape inference says about one layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerInfo {
    /// The layer's label.
    pub label: String,
    /// Its output shape.
    pub output: Shape,
    /// Its number of learned parameters.
    pub params: usize,
    /// How many input pixels (per side) one of its outputs sees.
    pub receptive_field: usize,
    /// Multiply-adds per example, forward.
    pub macs: usize,
}

/// An architecture that cannot work: which layer (1-based; the output layer is
/// `layers.len() + 1`, 0 is the input), its label, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchError {
    /// 1-based layer number.
    pub layer: usize,
    /// The layer's label.
    pub label: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for ArchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Layer {} ({}): {}", self.layer, self.label, self.reason)
    }
}

impl std::error::Error for ArchError {}

/// One built layer.
#[derive(Clone, Debug)]
pub enum Layer<R: Real = f64> {
    /// Convolution followed by an element-wise activation.
    Conv { conv: Conv2d<R>, act: Activation },
    /// Pooling.
    Pool(Pool2d),
    /// A flatten (a no-op on the flat buffers).
    Flatten(Shape),
    /// A dense layer, the playground's own type, with its element-wise
    /// activation (the output layer's is `Identity`: softmax is applied by the
    /// network), and its gradients accumulated over a mini-batch.
    Dense { dense: DenseLayer<R>, grads: LayerGrads<R> },
    /// Batch normalization per channel, then an element-wise activation.
    BatchNorm { bn: BatchNorm<R>, act: Activation },
}

/// A dense layer of the head, initialised output-major from `rng` with
/// `N(0, gain/n_in)` weights (drawn in `f64`, rounded to `R`) and zero biases.
fn dense_layer<R: Real>(n_in: usize, n_out: usize, act: Activation, gain: f64, rng: &mut Rng) -> Layer<R> {
    let mut dense = DenseLayer::zeros(n_in, n_out, act.into());
    let sd = libm::sqrt(gain / n_in as f64);
    dense.fill_weights_by_neuron(|| R::of(rng.normal_with(0.0, sd)));
    let grads = LayerGrads::zeros_like(&dense);
    Layer::Dense { dense, grads }
}

/// The element-wise activation of a head layer (never softmax: see [`dense_layer`]).
fn head_activation<R: Real>(dense: &DenseLayer<R>) -> Activation {
    dense.activation.elementwise().unwrap_or(Activation::Identity)
}

impl<R: Real> Layer<R> {
    /// Output shape.
    pub fn output(&self) -> Shape {
        match self {
            Layer::Conv { conv, .. } => conv.output,
            Layer::Pool(p) => p.output,
            Layer::Flatten(s) => Shape::new(s.len(), 1, 1),
            Layer::Dense { dense, .. } => Shape::new(dense.n_out(), 1, 1),
            Layer::BatchNorm { bn, .. } => bn.shape,
        }
    }

    /// Whether it keeps its input before the activation (conv, dense, batch norm).
    fn has_pre(&self) -> bool {
        matches!(self, Layer::Conv { .. } | Layer::Dense { .. } | Layer::BatchNorm { .. })
    }
}

/// A convolutional network with softmax output and cross-entropy loss.
///
/// Its buffers hold a whole mini-batch, example after example (grown, never
/// shrunk, to the largest batch seen). The read-only views
/// ([`ConvNet::last_input`], [`ConvNet::pre_activation`], [`ConvNet::output_of`],
/// [`ConvNet::probabilities`]) show the first example of the last forward pass.
#[derive(Clone, Debug)]
pub struct ConvNet<R: Real = f64> {
    /// The architecture it was built from.
    pub config: ConvNetConfig,
    /// Shape inference results (hidden layers then the output layer).
    pub info: Vec<LayerInfo>,
    /// The layers; the last one is the output dense layer.
    pub layers: Vec<Layer<R>>,
    /// For each convolution layer, one flag per kernel: frozen kernels are not trained.
    frozen: Vec<Vec<bool>>,
    /// Values per example of the input and of each layer's output.
    in_len: usize,
    out_len: Vec<usize>,
    /// Examples the buffers hold.
    cap: usize,
    input: Vec<R>,
    /// Pre-activation of conv, dense and batch-norm layers (empty for others).
    pre: Vec<Vec<R>>,
    /// Output of every layer (after its activation).
    post: Vec<Vec<R>>,
    /// `∂L/∂(output of layer i)`.
    delta: Vec<Vec<R>>,
    probs: Vec<R>,
    onehot: Vec<R>,
}

impl ConvNet<f64> {
    /// [`ConvNet::build`] in `f64` (the precision of the checks).
    pub fn new(config: &ConvNetConfig, seed: u64) -> Result<ConvNet<f64>, ArchError> {
        ConvNet::build(config, seed)
    }
}

impl<R: Real> ConvNet<R> {
    /// Builds the net and initialises it from `seed` (He-normal weights
    /// `N(0, 2/fan_in)` before ReLU-like activations, `N(0, 1/fan_in)` otherwise;
    /// zero biases; drawn in `f64` and rounded to `R`, so that an `f32` net
    /// starts where the `f64` one does). Batch norms start at `γ = 1`, `β = 0`.
    pub fn build(config: &ConvNetConfig, seed: u64) -> Result<ConvNet<R>, ArchError> {
        let info = config.infer()?;
        let mut rng = Rng::stream(seed, 0xC0_4E);
        let mut layers = Vec::with_capacity(info.len());
        let mut shape = config.input;
        let gain = |a: Activation| match a {
            Activation::Relu | Activation::LeakyRelu | Activation::Elu | Activation::Gelu | Activation::Swish => 2.0,
            _ => 1.0,
        };
        let specs: Vec<Option<LayerSpec>> = config.layers.iter().copied().map(Some).chain(std::iter::once(None)).collect();
        for (i, spec) in specs.iter().enumerate() {
            let layer = match *spec {
                Some(LayerSpec::Conv { kernels, size, stride, padding, activation }) => {
                    let mut conv = Conv2d::new(shape, kernels, size, stride, padding).expect("checked by infer");
                    // before a batch norm, the init follows the activation after it
                    let act = match specs.get(i + 1) {
                        Some(Some(LayerSpec::BatchNorm { activation: a })) if activation == Activation::Identity => *a,
                        _ => activation,
                    };
                    let sd = libm::sqrt(gain(act) / conv.kernel_len() as f64);
                    conv.weights.iter_mut().for_each(|w| *w = R::of(rng.normal_with(0.0, sd)));
                    Layer::Conv { conv, act: activation }
                }
                Some(LayerSpec::Pool { kind, size, stride }) => {
                    Layer::Pool(Pool2d::new(shape, kind, size, stride).expect("checked by infer"))
                }
                Some(LayerSpec::Flatten) => Layer::Flatten(shape),
                Some(LayerSpec::Dense { units, activation }) => dense_layer(shape.len(), units, activation, gain(activation), &mut rng),
                Some(LayerSpec::BatchNorm { activation }) => Layer::BatchNorm { bn: BatchNorm::new(shape), act: activation },
                None => dense_layer(shape.len(), config.classes, Activation::Identity, 1.0, &mut rng),
            };
            shape = layer.output();
            layers.push(layer);
        }
        let frozen = layers
            .iter()
            .map(|l| match l {
                Layer::Conv { conv, .. } => vec![false; conv.output.c],
                _ => Vec::new(),
            })
            .collect();
        let out_len: Vec<usize> = layers.iter().map(|l| l.output().len()).collect();
        let mut net = ConvNet {
            config: config.clone(),
            info,
            frozen,
            in_len: config.input.len(),
            out_len,
            cap: 0,
            input: Vec::new(),
            pre: vec![Vec::new(); layers.len()],
            post: vec![Vec::new(); layers.len()],
            delta: vec![Vec::new(); layers.len()],
            probs: Vec::new(),
            onehot: vec![R::ZERO; config.classes],
            layers,
        };
        net.ensure(1);
        Ok(net)
    }

    /// Grows the buffers to hold `n` examples.
    fn ensure(&mut self, n: usize) {
        if n <= self.cap {
            return;
        }
        self.cap = n;
        self.input.resize(n * self.in_len, R::ZERO);
        for (i, l) in self.layers.iter().enumerate() {
            let len = n * self.out_len[i];
            if l.has_pre() {
                self.pre[i].resize(len, R::ZERO);
            }
            self.post[i].resize(len, R::ZERO);
            self.delta[i].resize(len, R::ZERO);
        }
        self.probs.resize(n * self.config.classes, R::ZERO);
    }

    /// Number of learned parameters.
    pub fn param_count(&self) -> usize {
        self.info.iter().map(|i| i.params).sum()
    }

    /// Multiply-adds of one forward pass.
    pub fn macs(&self) -> usize {
        self.info.iter().map(|i| i.macs).sum()
    }

    /// Whether it has a batch norm (whose training forward depends on the batch).
    pub fn has_batch_norm(&self) -> bool {
        self.layers.iter().any(|l| matches!(l, Layer::BatchNorm { .. }))
    }

    /// Forward pass of the `n` examples in the input buffer, every layer over
    /// the whole batch before the next. `train`: batch norms use (and update)
    /// the batch's statistics; otherwise their running ones.
    fn forward_batch(&mut self, n: usize, train: bool) {
        let il = self.in_len;
        for i in 0..self.layers.len() {
            let (before, after) = self.post.split_at_mut(i);
            let (inp, ilen): (&[R], usize) = if i == 0 { (&self.input, il) } else { (&before[i - 1], self.out_len[i - 1]) };
            let inp = &inp[..n * ilen];
            let ol = self.out_len[i];
            let out = &mut after[0][..n * ol];
            let pre = &mut self.pre[i];
            match &mut self.layers[i] {
                Layer::Conv { conv, act } => {
                    for (x, z) in inp.chunks_exact(ilen).zip(pre.chunks_exact_mut(ol)) {
                        conv.forward(x, z);
                    }
                    act.apply_slice(&pre[..n * ol], out);
                }
                Layer::Pool(p) => {
                    for (x, o) in inp.chunks_exact(ilen).zip(out.chunks_exact_mut(ol)) {
                        p.forward(x, o);
                    }
                }
                Layer::Flatten(_) => out.copy_from_slice(inp),
                Layer::Dense { dense, .. } => {
                    for (x, z) in inp.chunks_exact(ilen).zip(pre.chunks_exact_mut(ol)) {
                        dense.forward_one(x, z);
                    }
                    head_activation(dense).apply_slice(&pre[..n * ol], out);
                }
                Layer::BatchNorm { bn, act } => {
                    if train {
                        bn.forward_train(inp, pre, n);
                    } else {
                        bn.forward_eval(inp, pre, n);
                    }
                    act.apply_slice(&pre[..n * ol], out);
                }
            }
        }
        let k = self.config.classes;
        let logits = self.post.last().expect("an output layer");
        for (z, p) in logits[..n * k].chunks_exact(k).zip(self.probs.chunks_exact_mut(k)) {
            softmax(z, p);
        }
    }

    /// Backward pass of the last training forward of `n` examples, from the
    /// `∂L/∂logits` in the last layer's delta: adds every example's gradient,
    /// in batch order, to the layers' gradient buffers.
    fn backward_batch(&mut self, n: usize) {
        let last = self.layers.len() - 1;
        for i in (0..=last).rev() {
            let (dbefore, dafter) = self.delta.split_at_mut(i);
            let ol = self.out_len[i];
            let ilen = if i == 0 { self.in_len } else { self.out_len[i - 1] };
            let d = &mut dafter[0][..n * ol];
            let mut dx: Option<&mut [R]> = if i == 0 { None } else { Some(&mut dbefore[i - 1][..n * ilen]) };
            let inp: &[R] = if i == 0 { &self.input[..n * ilen] } else { &self.post[i - 1][..n * ilen] };
            let (pre, post) = (&self.pre[i], &self.post[i][..n * ol]);
            // the example j's slice of the input gradient, if there is one
            macro_rules! dx_of {
                ($j:expr) => {
                    dx.as_deref_mut().map(|v| &mut v[$j * ilen..($j + 1) * ilen])
                };
            }
            match &mut self.layers[i] {
                Layer::Conv { conv, act } => {
                    act.mul_derivative(&pre[..n * ol], post, d);
                    if n == 1 {
                        conv.backward(d, dx); // its padded input is this example's
                    } else {
                        for j in 0..n {
                            conv.backward_from(&inp[j * ilen..(j + 1) * ilen], &d[j * ol..(j + 1) * ol], dx_of!(j));
                        }
                    }
                }
                Layer::Pool(p) => match dx {
                    Some(dx) if n == 1 => p.backward(d, dx), // its winners are this example's
                    Some(_) => {
                        for j in 0..n {
                            if let Some(dxj) = dx_of!(j) {
                                p.backward_from(&inp[j * ilen..(j + 1) * ilen], &d[j * ol..(j + 1) * ol], dxj);
                            }
                        }
                    }
                    None => {}
                },
                Layer::Flatten(_) => {
                    if let Some(dx) = dx {
                        dx.copy_from_slice(d);
                    }
                }
                Layer::Dense { dense, grads } => {
                    head_activation(dense).mul_derivative(&pre[..n * ol], post, d);
                    for j in 0..n {
                        dense.backward_one(&inp[j * ilen..(j + 1) * ilen], &d[j * ol..(j + 1) * ol], grads, dx_of!(j));
                    }
                }
                Layer::BatchNorm { bn, act } => {
                    act.mul_derivative(&pre[..n * ol], post, d);
                    bn.backward(d, dx, n);
                }
            }
        }
    }

    /// Forward pass of one image (`x`: the input shape, flat) → class
    /// probabilities (`classes` values), in evaluation mode (batch norms use
    /// their running statistics). Every layer's maps stay readable through
    /// [`ConvNet::pre_activation`] and [`ConvNet::output_of`] until the next call.
    pub fn forward(&mut self, x: &[R]) -> &[R] {
        assert_eq!(x.len(), self.in_len, "ConvNet::forward: input length");
        self.input[..self.in_len].copy_from_slice(x);
        self.forward_batch(1, false);
        &self.probs[..self.config.classes]
    }

    /// The class probabilities of the first example of the last forward pass.
    pub fn probabilities(&self) -> &[R] {
        &self.probs[..self.config.classes]
    }

    /// Cross-entropy `−ln p[label]` of one image (forward only, evaluation mode).
    pub fn loss(&mut self, x: &[R], label: usize) -> R {
        self.forward(x);
        self.example_loss(0, label, false)
    }

    /// Cross-entropy of example `j` of the last forward pass; with `grad`, also
    /// writes `∂L/∂logits = p − y` (softmax and cross-entropy fused in loss.rs)
    /// into the last layer's delta.
    fn example_loss(&mut self, j: usize, label: usize, grad: bool) -> R {
        self.onehot.fill(R::ZERO);
        if let Some(v) = self.onehot.get_mut(label) {
            *v = R::ONE;
        }
        let k = self.config.classes;
        let last = self.layers.len() - 1;
        let (z, p) = (&self.post[last][j * k..(j + 1) * k], &self.probs[j * k..(j + 1) * k]);
        let dz = if grad { Some(&mut self.delta[last][j * k..(j + 1) * k]) } else { None };
        Loss::CrossEntropy.example(LayerActivation::Softmax, z, p, &self.onehot, dz)
    }

    /// Forward and backward for one image: adds its gradient (not divided by
    /// anything) to every layer's gradient buffers. Returns the loss
    /// `−ln p[label]` and whether the top class was `label`. (A batch of one:
    /// batch norms normalize over the image's positions alone.)
    pub fn accumulate(&mut self, x: &[R], label: usize) -> (R, bool) {
        let mut out = (R::ZERO, false);
        self.accumulate_batch(x, &[label], |loss, ok| out = (loss, ok));
        out
    }

    /// Forward (training mode) and backward for a mini-batch: `xs` holds
    /// `labels.len()` images one after the other. Adds the sum of their
    /// gradients to every layer's gradient buffers and calls
    /// `each(loss, correct)` for every image, in order.
    pub fn accumulate_batch(&mut self, xs: &[R], labels: &[usize], mut each: impl FnMut(R, bool)) {
        let n = labels.len();
        assert_eq!(xs.len(), n * self.in_len, "ConvNet::accumulate_batch: input length");
        if n == 0 {
            return;
        }
        let k = self.config.classes;
        if !self.has_batch_norm() {
            // the examples are independent: each one forward and back at once,
            // its maps still in cache (the same sums in the same order as below)
            for (x, &label) in xs.chunks_exact(self.in_len).zip(labels) {
                self.input[..self.in_len].copy_from_slice(x);
                self.forward_batch(1, true);
                let correct = argmax(&self.probs[..k]) == label;
                let loss = self.example_loss(0, label, true);
                each(loss, correct);
                self.backward_batch(1);
            }
            return;
        }
        self.ensure(n);
        self.input[..xs.len()].copy_from_slice(xs);
        self.forward_batch(n, true);
        for (j, &label) in labels.iter().enumerate() {
            let correct = argmax(&self.probs[j * k..(j + 1) * k]) == label;
            let loss = self.example_loss(j, label, true);
            each(loss, correct);
        }
        self.backward_batch(n);
    }

    /// Sum of the cross-entropies of a mini-batch in training mode (batch
    /// norms use the batch's statistics), forward only: the function whose
    /// gradient [`ConvNet::accumulate_batch`] adds up (for finite differences).
    pub fn batch_loss(&mut self, xs: &[R], labels: &[usize]) -> R {
        let n = labels.len();
        assert_eq!(xs.len(), n * self.in_len, "ConvNet::batch_loss: input length");
        self.ensure(n.max(1));
        self.input[..xs.len()].copy_from_slice(xs);
        self.forward_batch(n, true);
        let mut sum = R::ZERO;
        for (j, &label) in labels.iter().enumerate() {
            sum += self.example_loss(j, label, false);
        }
        sum
    }

    /// Zeroes every gradient buffer.
    pub fn zero_grad(&mut self) {
        for l in &mut self.layers {
            match l {
                Layer::Conv { conv, .. } => conv.zero_grad(),
                Layer::Dense { grads, .. } => grads.clear(),
                Layer::BatchNorm { bn, .. } => bn.zero_grad(),
                _ => {}
            }
        }
    }

    /// Visits every parameter tensor with its gradient, in a fixed order:
    /// `f(index, params, grad, is_bias)` (a batch norm's `γ` and `β` count as
    /// biases: no weight penalty). Frozen kernels have their gradient
    /// zeroed first, so any optimizer leaves them as they are (Adam's update of
    /// a zero gradient with zero moments is zero).
    pub fn for_each_param(&mut self, mut f: impl FnMut(usize, &mut [R], &[R], bool)) {
        let mut idx = 0;
        for (li, l) in self.layers.iter_mut().enumerate() {
            match l {
                Layer::Conv { conv, .. } => {
                    let kl = conv.kernel_len();
                    for (o, &fz) in self.frozen[li].iter().enumerate() {
                        if fz {
                            conv.grad_w[o * kl..(o + 1) * kl].fill(R::ZERO);
                            conv.grad_b[o] = R::ZERO;
                        }
                    }
                    f(idx, &mut conv.weights, &conv.grad_w, false);
                    f(idx + 1, &mut conv.bias, &conv.grad_b, true);
                    idx += 2;
                }
                Layer::Dense { dense, grads, .. } => {
                    let (w, b) = dense.params_mut();
                    f(idx, w, &grads.weights, false);
                    f(idx + 1, b, &grads.biases, true);
                    idx += 2;
                }
                Layer::BatchNorm { bn, .. } => {
                    f(idx, &mut bn.gamma, &bn.grad_gamma, true);
                    f(idx + 1, &mut bn.beta, &bn.grad_beta, true);
                    idx += 2;
                }
                _ => {}
            }
        }
    }

    /// Runs `update` (an optimizer step) and then puts every frozen kernel and
    /// its bias back exactly as they were, so momentum or weight decay cannot
    /// move them either.
    pub fn keep_frozen<T>(&mut self, update: impl FnOnce(&mut ConvNet<R>) -> T) -> T {
        let mut saved: Vec<(usize, usize, Vec<R>, R)> = Vec::new();
        for (li, flags) in self.frozen.iter().enumerate() {
            for (o, &fz) in flags.iter().enumerate() {
                if fz {
                    if let (Some(k), Some(conv)) = (self.kernel(li, o), self.conv(li)) {
                        saved.push((li, o, k.to_vec(), conv.bias[o]));
                    }
                }
            }
        }
        let r = update(self);
        for (li, o, k, b) in saved {
            if let Some(Layer::Conv { conv, .. }) = self.layers.get_mut(li) {
                let kl = conv.kernel_len();
                conv.weights[o * kl..(o + 1) * kl].copy_from_slice(&k);
                conv.bias[o] = b;
            }
        }
        r
    }

    /// Number of parameter tensors visited by [`ConvNet::for_each_param`].
    pub fn param_tensors(&self) -> usize {
        self.layers.iter().filter(|l| matches!(l, Layer::Conv { .. } | Layer::Dense { .. } | Layer::BatchNorm { .. })).count() * 2
    }

    /// All parameters in one vector (the order of [`ConvNet::for_each_param`]).
    pub fn params_flat(&mut self) -> Vec<R> {
        let mut v = Vec::new();
        self.for_each_param(|_, p, _, _| v.extend_from_slice(p));
        v
    }

    /// All accumulated gradients in one vector (same order).
    pub fn grads_flat(&mut self) -> Vec<R> {
        let mut v = Vec::new();
        self.for_each_param(|_, _, g, _| v.extend_from_slice(g));
        v
    }

    /// Sets all parameters from one vector (same order and length as [`ConvNet::params_flat`]).
    pub fn set_params_flat(&mut self, values: &[R]) {
        let mut at = 0;
        self.for_each_param(|_, p, _, _| {
            p.copy_from_slice(&values[at..at + p.len()]);
            at += p.len();
        });
    }

    /// Indices (into `layers`) of the convolution layers.
    pub fn conv_layers(&self) -> Vec<usize> {
        (0..self.layers.len()).filter(|&i| matches!(self.layers[i], Layer::Conv { .. })).collect()
    }

    /// The convolution at layer `i`, if it is one.
    pub fn conv(&self, i: usize) -> Option<&Conv2d<R>> {
        match self.layers.get(i) {
            Some(Layer::Conv { conv, .. }) => Some(conv),
            _ => None,
        }
    }

    /// Kernel `o` of the convolution at layer `i`: `in_c · k · k` values
    /// (channel-major, row-major), or `None`.
    pub fn kernel(&self, i: usize, o: usize) -> Option<&[R]> {
        let conv = self.conv(i)?;
        let kl = conv.kernel_len();
        conv.weights.get(o * kl..(o + 1) * kl)
    }

    /// Overwrites kernel `o` of the convolution at layer `i` (and its bias);
    /// `values` has `in_c · k · k` entries (typed by a person, so in `f64`;
    /// rounded to `R`). Errors name what does not fit.
    /// Values that are not finite or beyond ±[`KERNEL_LIMIT`] are refused (the kernel is then unchanged).
    pub fn set_kernel(&mut self, i: usize, o: usize, values: &[f64], bias: f64) -> Result<(), String> {
        match self.layers.get_mut(i) {
            Some(Layer::Conv { conv, .. }) => {
                let kl = conv.kernel_len();
                if o >= conv.output.c {
                    return Err(format!("layer {} has no kernel {}", i + 1, o + 1));
                }
                if values.len() != kl {
                    return Err(format!("kernel {} of layer {} needs {kl} values, got {}", o + 1, i + 1, values.len()));
                }
                for (j, v) in values.iter().chain([&bias]).enumerate() {
                    if !(v.is_finite() && v.abs() <= KERNEL_LIMIT) {
                        let what = if j < kl { format!("cell {}", j + 1) } else { "the bias".to_string() };
                        let v = crate::text::number(*v, 6);
                        return Err(format!(
                            "{what} is {v}: a kernel value must be a number between −{KERNEL_LIMIT} and {KERNEL_LIMIT}; the kernel is unchanged"
                        ));
                    }
                }
                for (w, &v) in conv.weights[o * kl..(o + 1) * kl].iter_mut().zip(values) {
                    *w = R::of(v);
                }
                conv.bias[o] = R::of(bias);
                Ok(())
            }
            _ => Err(format!("layer {} is not a convolution", i + 1)),
        }
    }

    /// Freezes (or thaws) kernel `o` of the convolution at layer `i`.
    pub fn set_frozen(&mut self, i: usize, o: usize, frozen: bool) {
        if let Some(f) = self.frozen.get_mut(i).and_then(|v| v.get_mut(o)) {
            *f = frozen;
        }
    }

    /// Whether kernel `o` of layer `i` is frozen.
    pub fn is_frozen(&self, i: usize, o: usize) -> bool {
        self.frozen.get(i).and_then(|v| v.get(o)).copied().unwrap_or(false)
    }

    /// The input of the last forward pass (its first example).
    pub fn last_input(&self) -> &[R] {
        &self.input[..self.in_len]
    }

    /// Pre-activation maps of layer `i` from the last forward pass (its first
    /// example; conv, dense and batch-norm layers only).
    pub fn pre_activation(&self, i: usize) -> Option<&[R]> {
        let len = *self.out_len.get(i)?;
        self.pre.get(i).filter(|v| !v.is_empty()).map(|v| &v[..len])
    }

    /// Output of layer `i` (after its activation) from the last forward pass (its first example).
    pub fn output_of(&self, i: usize) -> Option<&[R]> {
        let len = *self.out_len.get(i)?;
        self.post.get(i).map(|v| &v[..len])
    }
}

/// Index of the largest value (the first one on ties; 0 for an empty slice).
pub fn argmax<R: PartialOrd>(v: &[R]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

/// The conv net's tensors in [`ConvNet::for_each_param`]'s order (a batch
/// norm's `γ` and `β` as biases), each in its parameter layer.
impl<R: Real> crate::train::params::Params<R> for ConvNet<R> {
    fn visit(&mut self, f: &mut dyn FnMut(crate::train::params::Tensor<'_, R>)) {
        use crate::train::params::{Role, Tensor};
        self.for_each_param(|k, param, grad, is_bias| {
            f(Tensor { layer: k / 2, role: if is_bias { Role::Bias } else { Role::Weight }, param, grad })
        });
    }
}
