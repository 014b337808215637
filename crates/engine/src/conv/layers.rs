//! The layers of a convolutional network, one example at a time.
//!
//! Tensors are flat slices of the engine's [`Real`] (`f32` in the page, `f64`
//! for the checks) in channel-major order: a feature map of
//! shape `(c, h, w)` stores pixel `(ch, y, x)` at `(ch·h + y)·w + x`. Every
//! layer owns its parameters, its gradient buffers (accumulated over a batch,
//! zeroed by `zero_grad`) and whatever it must remember from `forward` for
//! `backward` (the padded input of a convolution, the winning positions of a
//! max pool). `backward` must follow the `forward` of the same example.
//!
//! No allocation happens in `forward` or `backward`. The network runs a
//! mini-batch layer by layer ([`Conv2d::backward_from`], [`Pool2d::backward_from`]
//! take the example's input again instead of relying on the last `forward`).

use crate::math::real::Real;
use serde::{Deserialize, Serialize};

/// The shape of a feature map: channels × height × width (a flat vector of
/// `n` values is `(n, 1, 1)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Shape {
    /// Channels.
    pub c: usize,
    /// Height.
    pub h: usize,
    /// Width.
    pub w: usize,
}

impl Shape {
    /// `(c, h, w)`.
    pub const fn new(c: usize, h: usize, w: usize) -> Shape {
        Shape { c, h, w }
    }
    /// Number of values, `c·h·w`.
    pub const fn len(&self) -> usize {
        self.c * self.h * self.w
    }
    /// `true` when it holds no value.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// A flat vector (`h = w = 1`)?
    pub const fn is_flat(&self) -> bool {
        self.h == 1 && self.w == 1
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_flat() {
            write!(f, "{}", self.c)
        } else {
            write!(f, "{}×{}×{}", self.c, self.h, self.w)
        }
    }
}

/// Zero padding of a convolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Padding {
    /// No padding: the kernel stays inside the image; output `⌊(n − k)/s⌋ + 1`.
    Valid,
    /// Zeros around the image so that the output is `⌈n/s⌉` (the input size at
    /// stride 1); the padding `max((out−1)·s + k − n, 0)` is split, the extra
    /// one (if odd) going to the bottom/right, as TensorFlow does.
    Same,
}

impl Padding {
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Padding::Valid => "valid",
            Padding::Same => "same",
        }
    }

    /// Output length and padding before/after for one axis of length `n`,
    /// kernel `k`, stride `s` (`None` when there is no output).
    pub fn out_len(self, n: usize, k: usize, s: usize) -> Option<(usize, usize, usize)> {
        if s == 0 || k == 0 || n == 0 {
            return None;
        }
        match self {
            Padding::Valid => (n >= k).then(|| ((n - k) / s + 1, 0, 0)),
            Padding::Same => {
                let out = n.div_ceil(s);
                let total = ((out - 1) * s + k).saturating_sub(n);
                Some((out, total / 2, total - total / 2))
            }
        }
    }
}

/// 2-D convolution (cross-correlation, as in every deep-learning library):
///
/// `z[o, y, x] = b[o] + Σ_i Σ_ky Σ_kx w[o, i, ky, kx] · xp[i, y·s + ky, x·s + kx]`
///
/// where `xp` is the input with its zero padding. Weights are stored
/// `w[((o·in_c + i)·k + ky)·k + kx]`: kernel `o` is the `in_c·k·k` values from
/// `o·in_c·k·k`. Input `(in_c, h, w)`, output `(out_c, out_h, out_w)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Conv2d<R: Real = f64> {
    /// Input shape.
    pub input: Shape,
    /// Output shape.
    pub output: Shape,
    /// Kernel size `k` (kernels are `k × k`).
    pub k: usize,
    /// Stride.
    pub stride: usize,
    /// Padding mode.
    pub padding: Padding,
    /// Zero rows added on top, zero columns on the left.
    pub pad_top: usize,
    pub pad_left: usize,
    /// Padded input height and width.
    pub ph: usize,
    pub pw: usize,
    /// Weights, `out_c · in_c · k · k`.
    pub weights: Vec<R>,
    /// Biases, one per output channel.
    pub bias: Vec<R>,
    /// Accumulated `∂L/∂w`.
    pub grad_w: Vec<R>,
    /// Accumulated `∂L/∂b`.
    pub grad_b: Vec<R>,
    /// The padded input of the last `forward`.
    xp: Vec<R>,
    /// `∂L/∂xp` scratch.
    dxp: Vec<R>,
}

impl<R: Real> Conv2d<R> {
    /// A convolution with zero weights; `None` when the kernel does not fit.
    pub fn new(input: Shape, out_c: usize, k: usize, stride: usize, padding: Padding) -> Option<Conv2d<R>> {
        let (oh, pt, pb) = padding.out_len(input.h, k, stride)?;
        let (ow, pl, pr) = padding.out_len(input.w, k, stride)?;
        let (ph, pw) = (input.h + pt + pb, input.w + pl + pr);
        let n = out_c * input.c * k * k;
        Some(Conv2d {
            input,
            output: Shape::new(out_c, oh, ow),
            k,
            stride,
            padding,
            pad_top: pt,
            pad_left: pl,
            ph,
            pw,
            weights: vec![R::ZERO; n],
            bias: vec![R::ZERO; out_c],
            grad_w: vec![R::ZERO; n],
            grad_b: vec![R::ZERO; out_c],
            xp: vec![R::ZERO; input.c * ph * pw],
            dxp: vec![R::ZERO; input.c * ph * pw],
        })
    }

    /// Values per kernel, `in_c · k · k`.
    pub fn kernel_len(&self) -> usize {
        self.input.c * self.k * self.k
    }

    /// Multiply-adds of one forward pass.
    pub fn macs(&self) -> usize {
        self.output.len() * self.kernel_len()
    }

    /// Copies `x` into the middle of the zero-padded buffer (the border stays 0).
    fn pad(&mut self, x: &[R]) {
        let Shape { c: ic, h, w } = self.input;
        let (ph, pw) = (self.ph, self.pw);
        debug_assert_eq!(x.len(), self.input.len());
        if ph == h && pw == w {
            self.xp.copy_from_slice(x);
        } else {
            for c in 0..ic {
                for y in 0..h {
                    let dst = (c * ph + y + self.pad_top) * pw + self.pad_left;
                    self.xp[dst..dst + w].copy_from_slice(&x[(c * h + y) * w..(c * h + y + 1) * w]);
                }
            }
        }
    }

    /// `z = conv(x) + b`. `x`: input shape, `z`: output shape.
    pub fn forward(&mut self, x: &[R], z: &mut [R]) {
        let Shape { c: ic, .. } = self.input;
        let Shape { c: oc, h: oh, w: ow } = self.output;
        let (k, s, ph, pw) = (self.k, self.stride, self.ph, self.pw);
        debug_assert_eq!(z.len(), self.output.len());
        self.pad(x);
        let area = oh * ow;
        for o in 0..oc {
            let zo = &mut z[o * area..(o + 1) * area];
            zo.fill(self.bias[o]);
            for c in 0..ic {
                let plane = &self.xp[c * ph * pw..(c + 1) * ph * pw];
                let kern = &self.weights[(o * ic + c) * k * k..(o * ic + c + 1) * k * k];
                for ky in 0..k {
                    for kx in 0..k {
                        let wv = kern[ky * k + kx];
                        for y in 0..oh {
                            let row = &plane[(y * s + ky) * pw + kx..];
                            let zr = &mut zo[y * ow..(y + 1) * ow];
                            if s == 1 {
                                for (zv, &xv) in zr.iter_mut().zip(&row[..ow]) {
                                    *zv += wv * xv;
                                }
                            } else {
                                for (xo, zv) in zr.iter_mut().enumerate() {
                                    *zv += wv * row[xo * s];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// [`Conv2d::backward`] for the example whose input was `x` (whatever the
    /// last `forward` was): the same arithmetic, in the same order.
    pub fn backward_from(&mut self, x: &[R], dz: &[R], dx: Option<&mut [R]>) {
        self.pad(x);
        self.backward(dz, dx);
    }

    /// Given `dz = ∂L/∂z` for the last `forward`, adds `∂L/∂w`, `∂L/∂b` to the
    /// gradient buffers and, if `dx` is given, writes `∂L/∂x` there.
    pub fn backward(&mut self, dz: &[R], dx: Option<&mut [R]>) {
        let Shape { c: ic, h, w } = self.input;
        let Shape { c: oc, h: oh, w: ow } = self.output;
        let (k, s, ph, pw) = (self.k, self.stride, self.ph, self.pw);
        let area = oh * ow;
        let want_dx = dx.is_some();
        if want_dx {
            self.dxp.fill(R::ZERO);
        }
        for o in 0..oc {
            let dzo = &dz[o * area..(o + 1) * area];
            self.grad_b[o] += dzo.iter().copied().sum::<R>();
            for c in 0..ic {
                let base = (o * ic + c) * k * k;
                for ky in 0..k {
                    for kx in 0..k {
                        let plane = &self.xp[c * ph * pw..(c + 1) * ph * pw];
                        let mut g = R::ZERO;
                        for y in 0..oh {
                            let row = &plane[(y * s + ky) * pw + kx..];
                            let dr = &dzo[y * ow..(y + 1) * ow];
                            if s == 1 {
                                for (&d, &xv) in dr.iter().zip(&row[..ow]) {
                                    g += d * xv;
                                }
                            } else {
                                for (xo, &d) in dr.iter().enumerate() {
                                    g += d * row[xo * s];
                                }
                            }
                        }
                        self.grad_w[base + ky * k + kx] += g;
                        if want_dx {
                            let wv = self.weights[base + ky * k + kx];
                            let dplane = &mut self.dxp[c * ph * pw..(c + 1) * ph * pw];
                            for y in 0..oh {
                                let drow = &mut dplane[(y * s + ky) * pw + kx..];
                                let dr = &dzo[y * ow..(y + 1) * ow];
                                if s == 1 {
                                    for (dv, &d) in drow[..ow].iter_mut().zip(dr) {
                                        *dv += wv * d;
                                    }
                                } else {
                                    for (xo, &d) in dr.iter().enumerate() {
                                        drow[xo * s] += wv * d;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let Some(dx) = dx {
            for c in 0..ic {
                for y in 0..h {
                    let src = (c * ph + y + self.pad_top) * pw + self.pad_left;
                    dx[(c * h + y) * w..(c * h + y + 1) * w].copy_from_slice(&self.dxp[src..src + w]);
                }
            }
        }
    }

    /// Zeroes the gradient buffers.
    pub fn zero_grad(&mut self) {
        self.grad_w.fill(R::ZERO);
        self.grad_b.fill(R::ZERO);
    }
}

/// Max or average pooling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PoolKind {
    /// The largest value of each window (the gradient goes to the winner; ties
    /// go to the first in row-major order).
    Max,
    /// The mean of each window (the gradient is shared equally).
    Avg,
}

impl PoolKind {
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            PoolKind::Max => "max",
            PoolKind::Avg => "average",
        }
    }
}

/// Pooling over `size × size` windows moved by `stride`, per channel, without
/// padding: output `⌊(n − size)/stride⌋ + 1` on each axis.
///
/// Max: `out[c, y, x] = max_{dy, dx < size} x[c, y·s + dy, x·s + dx]`;
/// average: the same windows' mean.
#[derive(Clone, Debug, PartialEq)]
pub struct Pool2d {
    /// Max or average.
    pub kind: PoolKind,
    /// Window size.
    pub size: usize,
    /// Stride.
    pub stride: usize,
    /// Input shape.
    pub input: Shape,
    /// Output shape.
    pub output: Shape,
    /// For max pooling: the index in the input of each output's winner.
    argmax: Vec<u32>,
}

impl Pool2d {
    /// `None` when the window does not fit in the input.
    pub fn new(input: Shape, kind: PoolKind, size: usize, stride: usize) -> Option<Pool2d> {
        let (oh, _, _) = Padding::Valid.out_len(input.h, size, stride)?;
        let (ow, _, _) = Padding::Valid.out_len(input.w, size, stride)?;
        let output = Shape::new(input.c, oh, ow);
        Some(Pool2d { kind, size, stride, input, output, argmax: vec![0; output.len()] })
    }

    /// The largest value of the window of output `(ch, y, xo)` and its index
    /// in `x` (the first in row-major order on ties).
    #[inline]
    fn winner<R: Real>(&self, x: &[R], ch: usize, y: usize, xo: usize) -> (R, usize) {
        let Shape { h, w, .. } = self.input;
        let (p, s) = (self.size, self.stride);
        let mut best = R::NEG_INFINITY;
        let mut at = 0usize;
        for dy in 0..p {
            let row = (ch * h + y * s + dy) * w + xo * s;
            for (dx, &v) in x[row..row + p].iter().enumerate() {
                if v > best {
                    best = v;
                    at = row + dx;
                }
            }
        }
        (best, at)
    }

    /// `out = pool(x)`. `x`: input shape; `out`: output shape.
    pub fn forward<R: Real>(&mut self, x: &[R], out: &mut [R]) {
        let Shape { c, h, w } = self.input;
        let Shape { h: oh, w: ow, .. } = self.output;
        let (p, s) = (self.size, self.stride);
        let inv = R::of(1.0 / (p * p) as f64);
        for ch in 0..c {
            for y in 0..oh {
                for xo in 0..ow {
                    let o = (ch * oh + y) * ow + xo;
                    match self.kind {
                        PoolKind::Max => {
                            let (best, at) = self.winner(x, ch, y, xo);
                            out[o] = best;
                            self.argmax[o] = at as u32;
                        }
                        PoolKind::Avg => {
                            let mut sum = R::ZERO;
                            for dy in 0..p {
                                let row = (ch * h + y * s + dy) * w + xo * s;
                                sum += x[row..row + p].iter().copied().sum::<R>();
                            }
                            out[o] = sum * inv;
                        }
                    }
                }
            }
        }
    }

    /// [`Pool2d::backward`] for the example whose input was `x` (whatever the
    /// last `forward` was): a max pool finds its winners in `x` again.
    pub fn backward_from<R: Real>(&mut self, x: &[R], dout: &[R], dx: &mut [R]) {
        if self.kind == PoolKind::Max {
            let Shape { c, .. } = self.input;
            let Shape { h: oh, w: ow, .. } = self.output;
            for ch in 0..c {
                for y in 0..oh {
                    for xo in 0..ow {
                        self.argmax[(ch * oh + y) * ow + xo] = self.winner(x, ch, y, xo).1 as u32;
                    }
                }
            }
        }
        self.backward(dout, dx);
    }

    /// Writes `∂L/∂x` into `dx` given `dout = ∂L/∂out` of the last `forward`.
    pub fn backward<R: Real>(&self, dout: &[R], dx: &mut [R]) {
        dx.fill(R::ZERO);
        match self.kind {
            PoolKind::Max => {
                for (o, &d) in dout.iter().enumerate() {
                    dx[self.argmax[o] as usize] += d;
                }
            }
            PoolKind::Avg => {
                let Shape { c, h, w } = self.input;
                let Shape { h: oh, w: ow, .. } = self.output;
                let (p, s) = (self.size, self.stride);
                let inv = R::of(1.0 / (p * p) as f64);
                for ch in 0..c {
                    for y in 0..oh {
                        for xo in 0..ow {
                            let d = dout[(ch * oh + y) * ow + xo] * inv;
                            for dy in 0..p {
                                let row = (ch * h + y * s + dy) * w + xo * s;
                                dx[row..row + p].iter_mut().for_each(|v| *v += d);
                            }
                        }
                    }
                }
            }
        }
    }
}
