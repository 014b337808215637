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

// The kernels loop over vector lanes and index several arrays with the same
// lane number in step (accumulators, inputs, outputs): an index reads clearer.
#![allow(clippy::needless_range_loop)]

use crate::activation::{softmax, Activation, LayerActivation};
use crate::fastmath::tanh2_block;
use crate::rng::Rng;
use crate::simd::F2;
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
    /// Scratch for the backward pass: one layer's `∂L/∂z`, example-major.
    pub delta_t: Vec<f64>,
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
        self.delta_t = vec![0.0; net.layers.iter().map(|l| l.n_out()).max().unwrap_or(0) * cap];
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
        net.layers.iter().map(|l| LayerGrads { weights: vec![0.0; l.n_in() * l.n_out()], biases: vec![0.0; l.n_out()] }).collect()
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

// ----- fused kernels ---------------------------------------------------------
//
// The kernels below do the same arithmetic, in the same order, as the plain
// loops they replace (so results are bit-identical), on blocks of up to ten
// examples (or neurons) held in registers as two-lane vectors ([`F2`]:
// SSE2 natively, simd128 in the browser). Indexing is unchecked inside a
// block: every kernel asserts the lengths of its slices once on entry.

/// Calls `$kernel::<V>(.., off)` on blocks of `2V` items covering `0..$n`
/// (`V = 5` while ten remain, then one block of the even remainder), then
/// `$tail(.., off)` on the last item if `$n` is odd.
macro_rules! blocks {
    ($n:expr, $kernel:ident, $tail:ident, |$off:ident| ($($arg:expr),*)) => {{
        let n: usize = $n;
        let mut $off = 0usize;
        while n - $off >= 10 {
            $kernel::<5>($($arg),*);
            $off += 10;
        }
        match (n - $off) / 2 {
            0 => {}
            1 => { $kernel::<1>($($arg),*); $off += 2; }
            2 => { $kernel::<2>($($arg),*); $off += 4; }
            3 => { $kernel::<3>($($arg),*); $off += 6; }
            _ => { $kernel::<4>($($arg),*); $off += 8; }
        }
        if n - $off == 1 {
            $tail($($arg),*);
        }
    }};
}

/// Length a slice needs for `rows` rows of stride `stride` with `bsz` values used in each.
fn rows_len(rows: usize, stride: usize, bsz: usize) -> usize {
    if rows == 0 {
        0
    } else {
        (rows - 1) * stride + bsz
    }
}

/// Raw parts of one dense layer's forward pass.
#[derive(Clone, Copy)]
struct Fwd {
    w: *const f64,
    b: *const f64,
    n_in: usize,
    n_out: usize,
    f: Activation,
    x: *const f64,
    z: *mut f64,
    a: *mut f64,
    stride: usize,
}

/// One block of `2V` examples starting at `off`: for every neuron `j`,
/// `z = b[j] + Σ_k W[k, j]·x[k]` (in order of `k`), `a = f(z)`; adds `z·0`
/// to `chk` (which stays 0 while every `z` is finite).
///
/// Safety: `off + 2V ≤ stride`, and the slices behind `p` hold what
/// [`dense_forward_act`] asserts.
#[inline(always)]
unsafe fn forward_block<const V: usize>(p: Fwd, off: usize, chk: &mut F2) {
    let zero = F2::splat(0.0);
    let mut c = [zero; V];
    for j in 0..p.n_out {
        let mut acc = [F2::splat(*p.b.add(j)); V];
        let mut wp = p.w.add(j);
        let mut xp = p.x.add(off);
        for _ in 0..p.n_in {
            let wkj = F2::splat(*wp);
            for v in 0..V {
                acc[v] = acc[v].add(wkj.mul(F2::load(xp.add(2 * v))));
            }
            wp = wp.add(p.n_out);
            xp = xp.add(p.stride);
        }
        let o = j * p.stride + off;
        for v in 0..V {
            c[v] = c[v].add(acc[v].mul(zero));
            if !p.z.is_null() {
                acc[v].store(p.z.add(o + 2 * v));
            }
        }
        // Same arithmetic as `Activation::apply_slice` (and `f`).
        match p.f {
            Activation::Tanh => {
                for (v, t) in tanh2_block(acc).into_iter().enumerate() {
                    t.store(p.a.add(o + 2 * v));
                }
            }
            Activation::Identity => {
                for v in 0..V {
                    acc[v].store(p.a.add(o + 2 * v));
                }
            }
            f => {
                for v in 0..V {
                    let [l0, l1] = acc[v].lanes();
                    *p.a.add(o + 2 * v) = f.f(l0);
                    *p.a.add(o + 2 * v + 1) = f.f(l1);
                }
            }
        }
    }
    for v in c {
        *chk = chk.add(v);
    }
}

/// [`forward_block`] for the single example at `off`.
#[inline(always)]
unsafe fn forward_tail(p: Fwd, off: usize, chk: &mut F2) {
    let mut c = 0.0;
    for j in 0..p.n_out {
        let mut acc = *p.b.add(j);
        for k in 0..p.n_in {
            acc += *p.w.add(k * p.n_out + j) * *p.x.add(k * p.stride + off);
        }
        c += acc * 0.0;
        let o = j * p.stride + off;
        if !p.z.is_null() {
            *p.z.add(o) = acc;
        }
        *p.a.add(o) = p.f.f(acc);
    }
    *chk = chk.add(F2::splat(c));
}

/// Fused dense layer over a neuron-major batch: `z[j, :] = b[j] + Σ_k W[k, j]·x[k, :]`
/// and `a = f(z)`, for `bsz` examples; `x`, `z`, `a` have rows of stride `stride`.
/// Same arithmetic, in the same order, as [`dense_forward`] then
/// [`activate`]. Returns whether every `z` is finite.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn dense_forward_act(
    w: &[f64],
    b: &[f64],
    n_in: usize,
    n_out: usize,
    f: Activation,
    x: &[f64],
    z: &mut [f64],
    a: &mut [f64],
    stride: usize,
    bsz: usize,
) -> bool {
    dense_forward_into(w, b, n_in, n_out, f, x, Some(z), a, stride, bsz)
}

/// [`dense_forward_act`], storing `z` only if asked.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn dense_forward_into(
    w: &[f64],
    b: &[f64],
    n_in: usize,
    n_out: usize,
    f: Activation,
    x: &[f64],
    z: Option<&mut [f64]>,
    a: &mut [f64],
    stride: usize,
    bsz: usize,
) -> bool {
    assert!(bsz <= stride && w.len() >= n_in * n_out && b.len() >= n_out);
    assert!(x.len() >= rows_len(n_in, stride, bsz) && a.len() >= rows_len(n_out, stride, bsz));
    let z = match z {
        Some(z) => {
            assert!(z.len() >= rows_len(n_out, stride, bsz));
            z.as_mut_ptr()
        }
        None => std::ptr::null_mut(),
    };
    let p = Fwd { w: w.as_ptr(), b: b.as_ptr(), n_in, n_out, f, x: x.as_ptr(), z, a: a.as_mut_ptr(), stride };
    let mut chk = F2::splat(0.0);
    // SAFETY: blocks cover 0..bsz ⊆ 0..stride; lengths asserted above.
    unsafe { blocks!(bsz, forward_block, forward_tail, |off| (p, off, &mut chk)) };
    let [c0, c1] = chk.lanes();
    c0 + c1 == 0.0
}

/// Gradients of one dense layer from its `∂L/∂z` (`delta`, `n_out` rows) and
/// its input `x` (`n_in` rows), both of row stride `stride`:
/// `gb[j] = Σ_i δ[j, i]`, `gw[k, j] = Σ_i x[k, i]·δ[j, i]` (sums in order of
/// `i`, as the plain loops do). `dt` is scratch (≥ `n_out·bsz`). Returns
/// whether every gradient is finite.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn dense_grads(
    delta: &[f64],
    x: &[f64],
    n_in: usize,
    n_out: usize,
    stride: usize,
    bsz: usize,
    dt: &mut [f64],
    gw: &mut [f64],
    gb: &mut [f64],
) -> bool {
    assert!(bsz <= stride && delta.len() >= n_out * stride && x.len() >= n_in * stride);
    assert!(gw.len() == n_in * n_out && gb.len() == n_out && dt.len() >= n_out * bsz);
    let mut cb = 0.0;
    for (j, gbj) in gb.iter_mut().enumerate() {
        // Σ_i in order from −0.0, like `Iterator::sum` (the plain loop's form).
        let mut s = -0.0;
        // SAFETY: j < n_out, i < bsz ≤ stride; lengths asserted above.
        unsafe {
            let d = delta.as_ptr().add(j * stride);
            let t = dt.as_mut_ptr().add(j);
            for i in 0..bsz {
                let v = *d.add(i);
                s += v;
                *t.add(i * n_out) = v;
            }
        }
        *gbj = s;
        cb += s * 0.0;
    }
    let g = Grd { x: x.as_ptr(), dt: dt.as_ptr(), gw: gw.as_mut_ptr(), n_in, n_out, stride, bsz };
    let mut chk = F2::splat(cb);
    // SAFETY: blocks cover 0..n_out; lengths asserted above.
    unsafe { blocks!(n_out, grad_block, grad_tail, |j0| (g, j0, &mut chk)) };
    let [c0, c1] = chk.lanes();
    c0 + c1 == 0.0
}

#[derive(Clone, Copy)]
struct Grd {
    x: *const f64,
    dt: *const f64,
    gw: *mut f64,
    n_in: usize,
    n_out: usize,
    stride: usize,
    bsz: usize,
}

/// For every input `k`: `gw[k, j] = Σ_i x[k, i]·δᵀ[i, j]` for the `2V`
/// neurons from `j0`; adds `gw·0` to `chk`.
///
/// Safety: `j0 + 2V ≤ n_out`, lengths as asserted by [`dense_grads`].
#[inline(always)]
unsafe fn grad_block<const V: usize>(g: Grd, j0: usize, chk: &mut F2) {
    let zero = F2::splat(0.0);
    let mut c = [zero; V];
    let mut k = 0;
    // Two inputs at a time share the loads of δᵀ.
    while k + 2 <= g.n_in {
        let (mut a0, mut a1) = ([zero; V], [zero; V]);
        let x0 = g.x.add(k * g.stride);
        let x1 = x0.add(g.stride);
        let mut dp = g.dt.add(j0);
        for i in 0..g.bsz {
            let (s0, s1) = (F2::splat(*x0.add(i)), F2::splat(*x1.add(i)));
            for v in 0..V {
                let d = F2::load(dp.add(2 * v));
                a0[v] = a0[v].add(s0.mul(d));
                a1[v] = a1[v].add(s1.mul(d));
            }
            dp = dp.add(g.n_out);
        }
        let o = k * g.n_out + j0;
        for v in 0..V {
            c[v] = c[v].add(a0[v].mul(zero)).add(a1[v].mul(zero));
            a0[v].store(g.gw.add(o + 2 * v));
            a1[v].store(g.gw.add(o + g.n_out + 2 * v));
        }
        k += 2;
    }
    if k < g.n_in {
        let mut acc = [zero; V];
        let xr = g.x.add(k * g.stride);
        let mut dp = g.dt.add(j0);
        for i in 0..g.bsz {
            let xi = F2::splat(*xr.add(i));
            for v in 0..V {
                acc[v] = acc[v].add(xi.mul(F2::load(dp.add(2 * v))));
            }
            dp = dp.add(g.n_out);
        }
        let o = k * g.n_out + j0;
        for v in 0..V {
            c[v] = c[v].add(acc[v].mul(zero));
            acc[v].store(g.gw.add(o + 2 * v));
        }
    }
    for v in c {
        *chk = chk.add(v);
    }
}

/// [`grad_block`] for the single neuron `j0`.
#[inline(always)]
unsafe fn grad_tail(g: Grd, j0: usize, chk: &mut F2) {
    let mut c = 0.0;
    for k in 0..g.n_in {
        let mut acc = 0.0;
        for i in 0..g.bsz {
            acc += *g.x.add(k * g.stride + i) * *g.dt.add(i * g.n_out + j0);
        }
        c += acc * 0.0;
        *g.gw.add(k * g.n_out + j0) = acc;
    }
    *chk = chk.add(F2::splat(c));
}

/// One row `k` of [`dense_backprop`]: `w` is `W[k, :]`, `prev`, `mask`, `z`,
/// `a` point at row `k`.
#[derive(Clone, Copy)]
struct Bwd {
    w: *const f64,
    n_out: usize,
    delta: *const f64,
    prev: *mut f64,
    mask: *const f64,
    z: *const f64,
    a: *const f64,
    f: Activation,
    stride: usize,
}

/// Back-propagates `δ` through a dense layer to the layer below:
/// `prev[k, :] = ((Σ_j W[k, j]·δ[j, :]) ⊙ mask[k, :]) ⊙ f'(z[k, :])`, with
/// `z`, `a` the lower layer's values and `f` its activation; rows of stride `stride`.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn dense_backprop(
    w: &[f64],
    n_in: usize,
    n_out: usize,
    delta: &[f64],
    prev: &mut [f64],
    mask: Option<&[f64]>,
    z: &[f64],
    a: &[f64],
    f: Activation,
    stride: usize,
    bsz: usize,
) {
    assert!(bsz <= stride && w.len() >= n_in * n_out && delta.len() >= n_out * stride);
    assert!(prev.len() >= n_in * stride && z.len() >= n_in * stride && a.len() >= n_in * stride);
    if let Some(m) = mask {
        assert!(m.len() >= n_in * stride);
    }
    for k in 0..n_in {
        let o = k * stride;
        // SAFETY: k < n_in, blocks cover 0..bsz ⊆ 0..stride; lengths asserted above.
        unsafe {
            let p = Bwd {
                w: w.as_ptr().add(k * n_out),
                n_out,
                delta: delta.as_ptr(),
                prev: prev.as_mut_ptr().add(o),
                mask: mask.map_or(std::ptr::null(), |m| m.as_ptr().add(o)),
                z: z.as_ptr().add(o),
                a: a.as_ptr().add(o),
                f,
                stride,
            };
            blocks!(bsz, backprop_block, backprop_tail, |off| (p, off));
        }
    }
}

/// `2V` examples from `off` of one row of [`dense_backprop`].
///
/// Safety: `off + 2V ≤ stride`, lengths as asserted by [`dense_backprop`].
#[inline(always)]
unsafe fn backprop_block<const V: usize>(p: Bwd, off: usize) {
    let mut acc = [F2::splat(0.0); V];
    let mut dp = p.delta.add(off);
    for j in 0..p.n_out {
        let wkj = F2::splat(*p.w.add(j));
        for v in 0..V {
            acc[v] = acc[v].add(wkj.mul(F2::load(dp.add(2 * v))));
        }
        dp = dp.add(p.stride);
    }
    if !p.mask.is_null() {
        for v in 0..V {
            acc[v] = acc[v].mul(F2::load(p.mask.add(off + 2 * v)));
        }
    }
    match p.f {
        Activation::Tanh => {
            let one = F2::splat(1.0);
            for v in 0..V {
                let a = F2::load(p.a.add(off + 2 * v));
                acc[v].mul(one.sub(a.mul(a))).store(p.prev.add(off + 2 * v));
            }
        }
        f => {
            for v in 0..V {
                let [d0, d1] = acc[v].lanes();
                let e = off + 2 * v;
                *p.prev.add(e) = f.mul_df(*p.z.add(e), *p.a.add(e), d0);
                *p.prev.add(e + 1) = f.mul_df(*p.z.add(e + 1), *p.a.add(e + 1), d1);
            }
        }
    }
}

/// [`backprop_block`] for the single example at `off`.
#[inline(always)]
unsafe fn backprop_tail(p: Bwd, off: usize) {
    let mut acc = 0.0;
    for j in 0..p.n_out {
        acc += *p.w.add(j) * *p.delta.add(j * p.stride + off);
    }
    if !p.mask.is_null() {
        acc *= *p.mask.add(off);
    }
    *p.prev.add(off) = p.f.mul_df(*p.z.add(off), *p.a.add(off), acc);
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
        ParamCount { weights: self.layers.iter().map(|l| l.weights.len()).sum(), biases: self.layers.iter().map(|l| l.biases.len()).sum() }
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
    pub fn forward_ws(&self, ws: &mut Workspace, bsz: usize) -> Option<usize> {
        self.forward_impl(ws, bsz, true)
    }

    /// Like [`forward_ws`](Self::forward_ws) but fills only the activations
    /// `ws.a` (`ws.z` is left as it was, except for a softmax layer): less
    /// memory traffic, for drawing grids. Returns the first layer whose `z`
    /// is not finite, if any.
    pub fn forward_activations(&self, ws: &mut Workspace, bsz: usize) -> Option<usize> {
        self.forward_impl(ws, bsz, false)
    }

    fn forward_impl(&self, ws: &mut Workspace, bsz: usize, keep_z: bool) -> Option<usize> {
        let cap = ws.capacity;
        assert!(bsz <= cap);
        let mut bad = None;
        for (l, layer) in self.layers.iter().enumerate() {
            let (n_in, n_out) = (layer.n_in(), layer.n_out());
            let (lower_a, upper_a) = ws.a.split_at_mut(l);
            let a = &mut upper_a[0];
            let z = &mut ws.z[l];
            let x: &[f64] = if l == 0 {
                &ws.input
            } else if !ws.mask[l - 1].is_empty() {
                &ws.dropped[l - 1]
            } else {
                &lower_a[l - 1]
            };
            let finite = match layer.activation {
                LayerActivation::Elementwise(f) => {
                    dense_forward_into(layer.w(), layer.b(), n_in, n_out, f, x, if keep_z { Some(z) } else { None }, a, cap, bsz)
                }
                LayerActivation::Softmax => {
                    let ok = dense_forward_into(layer.w(), layer.b(), n_in, n_out, Activation::Identity, x, Some(&mut *z), a, cap, bsz);
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
    pub fn backward_ws(&self, ws: &mut Workspace, bsz: usize, grads: &mut [LayerGrads]) {
        self.backward_checked(ws, bsz, grads);
    }

    /// [`backward_ws`](Self::backward_ws) that also reports the highest layer
    /// whose gradients (weights or biases) are not all finite, if any.
    pub fn backward_checked(&self, ws: &mut Workspace, bsz: usize, grads: &mut [LayerGrads]) -> Option<usize> {
        let cap = ws.capacity;
        assert!(bsz <= cap);
        let mut bad = None;
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
                LayerActivation::Softmax => unreachable!("softmax only in the output layer"),
            };
            let mask = if ws.mask[l - 1].is_empty() { None } else { Some(&ws.mask[l - 1][..]) };
            dense_backprop(layer.w(), n_in, n_out, delta, &mut lower[l - 1], mask, &ws.z[l - 1], &ws.a[l - 1], f, cap, bsz);
        }
        bad
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
    pub fn loss_and_gradients(&self, loss: crate::loss::Loss, x: ArrayView2<f64>, y: ArrayView2<f64>) -> (f64, Vec<LayerGrads>) {
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
