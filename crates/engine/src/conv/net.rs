//! A small convolutional network: a list of layers, shape inference with typed
//! errors that name the layer, forward and backward one example at a time
//! (gradients accumulate over a mini-batch), and read-only views for drawing.

use super::layers::{Conv2d, Padding, Pool2d, PoolKind, Shape};
use crate::dense::network::{DenseLayer, LayerGrads};
use crate::math::activation::{softmax, Activation, LayerActivation};
use crate::math::loss::Loss;
use crate::math::rng::Rng;
use serde::{Deserialize, Serialize};

/// Largest kernel size offered.
pub const MAX_KERNEL: usize = 7;
/// Largest stride offered.
pub const MAX_STRIDE: usize = 3;
/// Largest number of kernels in one convolution.
pub const MAX_KERNELS: usize = 32;
/// Largest pooling window.
pub const MAX_POOL: usize = 4;
/// Largest dense layer.
pub const MAX_UNITS: usize = 256;
/// A network above this many multiply-adds per example (forward) is refused:
/// it would not train live.
pub const MAX_MACS: usize = 400_000;

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
        }
    }
}

/// The largest kernel value [`ConvNet::set_kernel`] accepts, in magnitude: far
/// beyond any useful hand-made kernel (presets stay within ±8), far below overflow.
pub const KERNEL_LIMIT: f64 = 100.0;

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
                    if !(1..=MAX_KERNEL).contains(&size) {
                        return Err(err(format!("the kernel size must be 1 to {MAX_KERNEL} (got {size})")));
                    }
                    if !(1..=MAX_STRIDE).contains(&stride) {
                        return Err(err(format!("the stride must be 1 to {MAX_STRIDE} (got {stride})")));
                    }
                    if !(1..=MAX_KERNELS).contains(&kernels) {
                        return Err(err(format!("the number of kernels must be 1 to {MAX_KERNELS} (got {kernels})")));
                    }
                    if size > shape.h || size > shape.w {
                        return Err(err(format!("the {size}×{size} kernel is larger than its {}×{} input", shape.h, shape.w)));
                    }
                    let conv = Conv2d::new(shape, kernels, size, stride, padding)
                        .ok_or_else(|| err(format!("stride {stride} leaves no output")))?;
                    rf += (size - 1) * jump;
                    jump *= stride;
                    (conv.output, kernels * shape.c * size * size + kernels, conv.macs())
                }
                LayerSpec::Pool { size, stride, .. } => {
                    if flat {
                        return Err(err("pooling needs a 2-D map, but its input was flattened".into()));
                    }
                    if !(1..=MAX_POOL).contains(&size) {
                        return Err(err(format!("the pooling size must be 1 to {MAX_POOL} (got {size})")));
                    }
                    if !(1..=MAX_POOL).contains(&stride) {
                        return Err(err(format!("the pooling stride must be 1 to {MAX_POOL} (got {stride})")));
                    }
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
                    if !(1..=MAX_UNITS).contains(&units) {
                        return Err(err(format!("the number of units must be 1 to {MAX_UNITS} (got {units})")));
                    }
                    flat = true;
                    (Shape::new(units, 1, 1), units * shape.len() + units, units * shape.len())
                }
            };
            total_macs += macs;
            if total_macs > MAX_MACS {
                return Err(err(format!(
                    "the net would need {total_macs} multiply-adds per image, more than the {MAX_MACS} that train live"
                )));
            }
            out.push(LayerInfo { label: spec.label(), output: next, params, receptive_field: rf, macs });
            shape = next;
        }
        let n = self.layers.len() + 1;
        if !(2..=MAX_UNITS).contains(&self.classes) {
            return Err(ArchError {
                layer: n,
                label: "output".into(),
                reason: format!("the number of classes must be 2 to {MAX_UNITS} (got {})", self.classes),
            });
        }
        let macs = self.classes * shape.len();
        if total_macs + macs > MAX_MACS {
            return Err(ArchError {
                layer: n,
                label: format!("dense {}, softmax", self.classes),
                reason: format!(
                    "the net would need {} multiply-adds per image, more than the {MAX_MACS} that train live",
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
pub enum Layer {
    /// Convolution followed by an element-wise activation.
    Conv { conv: Conv2d, act: Activation },
    /// Pooling.
    Pool(Pool2d),
    /// A flatten (a no-op on the flat buffers).
    Flatten(Shape),
    /// A dense layer, the playground's own type, with its element-wise
    /// activation (the output layer's is `Identity`: softmax is applied by the
    /// network), and its gradients accumulated over a mini-batch.
    Dense { dense: DenseLayer<f64>, grads: LayerGrads<f64> },
}

/// A dense layer of the head, initialised output-major from `rng` with
/// `N(0, gain/n_in)` weights and zero biases.
fn dense_layer(n_in: usize, n_out: usize, act: Activation, gain: f64, rng: &mut Rng) -> Layer {
    let mut dense = DenseLayer::zeros(n_in, n_out, act.into());
    let sd = libm::sqrt(gain / n_in as f64);
    dense.fill_weights_by_neuron(|| rng.normal_with(0.0, sd));
    let grads = LayerGrads::zeros_like(&dense);
    Layer::Dense { dense, grads }
}

/// The element-wise activation of a head layer (never softmax: see [`dense_layer`]).
fn head_activation(dense: &DenseLayer<f64>) -> Activation {
    dense.activation.elementwise().unwrap_or(Activation::Identity)
}

impl Layer {
    /// Output shape.
    pub fn output(&self) -> Shape {
        match self {
            Layer::Conv { conv, .. } => conv.output,
            Layer::Pool(p) => p.output,
            Layer::Flatten(s) => Shape::new(s.len(), 1, 1),
            Layer::Dense { dense, .. } => Shape::new(dense.n_out(), 1, 1),
        }
    }
}

/// A convolutional network with softmax output and cross-entropy loss.
#[derive(Clone, Debug)]
pub struct ConvNet {
    /// The architecture it was built from.
    pub config: ConvNetConfig,
    /// Shape inference results (hidden layers then the output layer).
    pub info: Vec<LayerInfo>,
    /// The layers; the last one is the output dense layer.
    pub layers: Vec<Layer>,
    /// For each convolution layer, one flag per kernel: frozen kernels are not trained.
    frozen: Vec<Vec<bool>>,
    input: Vec<f64>,
    /// Pre-activation of conv and dense layers (empty for others).
    pre: Vec<Vec<f64>>,
    /// Output of every layer (after its activation).
    post: Vec<Vec<f64>>,
    /// `∂L/∂(output of layer i)`.
    delta: Vec<Vec<f64>>,
    probs: Vec<f64>,
    onehot: Vec<f64>,
}

impl ConvNet {
    /// Builds the net and initialises it from `seed` (He-normal weights
    /// `N(0, 2/fan_in)` before ReLU-like activations, `N(0, 1/fan_in)` otherwise;
    /// zero biases).
    pub fn new(config: &ConvNetConfig, seed: u64) -> Result<ConvNet, ArchError> {
        let info = config.infer()?;
        let mut rng = Rng::stream(seed, 0xC0_4E);
        let mut layers = Vec::with_capacity(info.len());
        let mut shape = config.input;
        let gain = |a: Activation| match a {
            Activation::Relu | Activation::LeakyRelu | Activation::Elu | Activation::Gelu | Activation::Swish => 2.0,
            _ => 1.0,
        };
        let specs = config.layers.iter().copied().map(Some).chain(std::iter::once(None));
        for spec in specs {
            let layer = match spec {
                Some(LayerSpec::Conv { kernels, size, stride, padding, activation }) => {
                    let mut conv = Conv2d::new(shape, kernels, size, stride, padding).expect("checked by infer");
                    let sd = libm::sqrt(gain(activation) / conv.kernel_len() as f64);
                    conv.weights.iter_mut().for_each(|w| *w = rng.normal_with(0.0, sd));
                    Layer::Conv { conv, act: activation }
                }
                Some(LayerSpec::Pool { kind, size, stride }) => {
                    Layer::Pool(Pool2d::new(shape, kind, size, stride).expect("checked by infer"))
                }
                Some(LayerSpec::Flatten) => Layer::Flatten(shape),
                Some(LayerSpec::Dense { units, activation }) => dense_layer(shape.len(), units, activation, gain(activation), &mut rng),
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
        let pre = layers
            .iter()
            .map(|l| match l {
                Layer::Conv { .. } | Layer::Dense { .. } => vec![0.0; l.output().len()],
                _ => Vec::new(),
            })
            .collect();
        let post = layers.iter().map(|l| vec![0.0; l.output().len()]).collect();
        let delta = layers.iter().map(|l| vec![0.0; l.output().len()]).collect();
        Ok(ConvNet {
            config: config.clone(),
            info,
            layers,
            frozen,
            input: vec![0.0; config.input.len()],
            pre,
            post,
            delta,
            probs: vec![0.0; config.classes],
            onehot: vec![0.0; config.classes],
        })
    }

    /// Number of learned parameters.
    pub fn param_count(&self) -> usize {
        self.info.iter().map(|i| i.params).sum()
    }

    /// Multiply-adds of one forward pass.
    pub fn macs(&self) -> usize {
        self.info.iter().map(|i| i.macs).sum()
    }

    /// Forward pass of one image (`x`: the input shape, flat) → class
    /// probabilities (`classes` values). Every layer's maps stay readable
    /// through [`ConvNet::pre_activation`] and [`ConvNet::output_of`] until the next call.
    pub fn forward(&mut self, x: &[f64]) -> &[f64] {
        assert_eq!(x.len(), self.input.len(), "ConvNet::forward: input length");
        self.input.copy_from_slice(x);
        for i in 0..self.layers.len() {
            let (before, after) = self.post.split_at_mut(i);
            let inp: &[f64] = if i == 0 { &self.input } else { &before[i - 1] };
            let out = &mut after[0];
            match &mut self.layers[i] {
                Layer::Conv { conv, act } => {
                    conv.forward(inp, &mut self.pre[i]);
                    act.apply_slice(&self.pre[i], out);
                }
                Layer::Pool(p) => p.forward(inp, out),
                Layer::Flatten(_) => out.copy_from_slice(inp),
                Layer::Dense { dense, .. } => {
                    dense.forward_one(inp, &mut self.pre[i]);
                    head_activation(dense).apply_slice(&self.pre[i], out);
                }
            }
        }
        softmax(self.post.last().expect("an output layer"), &mut self.probs);
        &self.probs
    }

    /// The class probabilities of the last forward pass.
    pub fn probabilities(&self) -> &[f64] {
        &self.probs
    }

    /// Cross-entropy `−ln p[label]` of one image (forward only).
    pub fn loss(&mut self, x: &[f64], label: usize) -> f64 {
        self.forward(x);
        self.set_onehot(label);
        let last = self.layers.len() - 1;
        Loss::CrossEntropy.example(LayerActivation::Softmax, &self.post[last], &self.probs, &self.onehot, Some(&mut self.delta[last]))
    }

    fn set_onehot(&mut self, label: usize) {
        self.onehot.fill(0.0);
        if let Some(v) = self.onehot.get_mut(label) {
            *v = 1.0;
        }
    }

    /// Forward and backward for one image: adds its gradient (not divided by
    /// anything) to every layer's gradient buffers. Returns the loss
    /// `−ln p[label]` and whether the top class was `label`.
    pub fn accumulate(&mut self, x: &[f64], label: usize) -> (f64, bool) {
        self.forward(x);
        let correct = argmax(&self.probs) == label;
        self.set_onehot(label);
        let last = self.layers.len() - 1;
        // ∂L/∂z of the logits = p − y (softmax + cross-entropy, fused in loss.rs).
        let loss =
            Loss::CrossEntropy.example(LayerActivation::Softmax, &self.post[last], &self.probs, &self.onehot, Some(&mut self.delta[last]));
        for i in (0..=last).rev() {
            let (dbefore, dafter) = self.delta.split_at_mut(i);
            let d = &mut dafter[0];
            let dx: Option<&mut [f64]> = if i == 0 { None } else { Some(&mut dbefore[i - 1][..]) };
            let inp: &[f64] = if i == 0 { &self.input } else { &self.post[i - 1] };
            match &mut self.layers[i] {
                Layer::Conv { conv, act } => {
                    act.mul_derivative(&self.pre[i], &self.post[i], d);
                    conv.backward(d, dx);
                }
                Layer::Pool(p) => {
                    if let Some(dx) = dx {
                        p.backward(d, dx);
                    }
                }
                Layer::Flatten(_) => {
                    if let Some(dx) = dx {
                        dx.copy_from_slice(d);
                    }
                }
                Layer::Dense { dense, grads } => {
                    head_activation(dense).mul_derivative(&self.pre[i], &self.post[i], d);
                    dense.backward_one(inp, d, grads, dx);
                }
            }
        }
        (loss, correct)
    }

    /// Zeroes every gradient buffer.
    pub fn zero_grad(&mut self) {
        for l in &mut self.layers {
            match l {
                Layer::Conv { conv, .. } => conv.zero_grad(),
                Layer::Dense { grads, .. } => grads.clear(),
                _ => {}
            }
        }
    }

    /// Visits every parameter tensor with its gradient, in a fixed order:
    /// `f(index, params, grad, is_bias)`. Frozen kernels have their gradient
    /// zeroed first, so any optimizer leaves them as they are (Adam's update of
    /// a zero gradient with zero moments is zero).
    pub fn for_each_param(&mut self, mut f: impl FnMut(usize, &mut [f64], &[f64], bool)) {
        let mut idx = 0;
        for (li, l) in self.layers.iter_mut().enumerate() {
            match l {
                Layer::Conv { conv, .. } => {
                    let kl = conv.kernel_len();
                    for (o, &fz) in self.frozen[li].iter().enumerate() {
                        if fz {
                            conv.grad_w[o * kl..(o + 1) * kl].fill(0.0);
                            conv.grad_b[o] = 0.0;
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
                _ => {}
            }
        }
    }

    /// Runs `update` (an optimizer step) and then puts every frozen kernel and
    /// its bias back exactly as they were, so momentum or weight decay cannot
    /// move them either.
    pub fn keep_frozen<R>(&mut self, update: impl FnOnce(&mut ConvNet) -> R) -> R {
        let mut saved: Vec<(usize, usize, Vec<f64>, f64)> = Vec::new();
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
            let _ = self.set_kernel(li, o, &k, b);
        }
        r
    }

    /// Number of parameter tensors visited by [`ConvNet::for_each_param`].
    pub fn param_tensors(&self) -> usize {
        self.layers.iter().filter(|l| matches!(l, Layer::Conv { .. } | Layer::Dense { .. })).count() * 2
    }

    /// All parameters in one vector (the order of [`ConvNet::for_each_param`]).
    pub fn params_flat(&mut self) -> Vec<f64> {
        let mut v = Vec::new();
        self.for_each_param(|_, p, _, _| v.extend_from_slice(p));
        v
    }

    /// All accumulated gradients in one vector (same order).
    pub fn grads_flat(&mut self) -> Vec<f64> {
        let mut v = Vec::new();
        self.for_each_param(|_, _, g, _| v.extend_from_slice(g));
        v
    }

    /// Sets all parameters from one vector (same order and length as [`ConvNet::params_flat`]).
    pub fn set_params_flat(&mut self, values: &[f64]) {
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
    pub fn conv(&self, i: usize) -> Option<&Conv2d> {
        match self.layers.get(i) {
            Some(Layer::Conv { conv, .. }) => Some(conv),
            _ => None,
        }
    }

    /// Kernel `o` of the convolution at layer `i`: `in_c · k · k` values
    /// (channel-major, row-major), or `None`.
    pub fn kernel(&self, i: usize, o: usize) -> Option<&[f64]> {
        let conv = self.conv(i)?;
        let kl = conv.kernel_len();
        conv.weights.get(o * kl..(o + 1) * kl)
    }

    /// Overwrites kernel `o` of the convolution at layer `i` (and its bias);
    /// `values` has `in_c · k · k` entries. Errors name what does not fit.
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
                        let v = if v.abs() >= 1e6 { format!("{v:e}") } else { format!("{v}") };
                        return Err(format!(
                            "{what} is {v}: a kernel value must be a number between −{KERNEL_LIMIT} and {KERNEL_LIMIT}; the kernel is unchanged"
                        ));
                    }
                }
                conv.weights[o * kl..(o + 1) * kl].copy_from_slice(values);
                conv.bias[o] = bias;
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

    /// The input of the last forward pass.
    pub fn last_input(&self) -> &[f64] {
        &self.input
    }

    /// Pre-activation maps of layer `i` from the last forward pass (conv and dense only).
    pub fn pre_activation(&self, i: usize) -> Option<&[f64]> {
        self.pre.get(i).filter(|v| !v.is_empty()).map(|v| &v[..])
    }

    /// Output of layer `i` (after its activation) from the last forward pass.
    pub fn output_of(&self, i: usize) -> Option<&[f64]> {
        self.post.get(i).map(|v| &v[..])
    }
}

/// Index of the largest value (the first one on ties; 0 for an empty slice).
pub fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}
