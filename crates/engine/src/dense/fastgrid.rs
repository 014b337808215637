//! The display-only forward pass behind
//! [`Trainer::grid_outputs_in`](crate::dense::trainer::Trainer::grid_outputs_in):
//! every neuron's output over many points, in `f32` with four-lane vectors
//! ([`F4`]: simd128 in the browser, SSE natively) and a rational `f32` tanh
//! ([`crate::math::fastmath::tanh4_block`]). The grid only colours pixels, so single precision is ample;
//! training, evaluation and traces never come here and stay in `f64`,
//! bit-identical across platforms.
//!
//! Points are taken in tiles of [`TILE`]: a tile goes through every layer
//! before the next tile starts, so its values stay in registers and L1; each
//! layer's outputs are stored as `f32` on the way out (half the bytes of `f64`:
//! storing `f64` had been a third of the pass's time in V8).
//! Tanh, ReLU and identity are computed in `f32`; every other activation
//! (and softmax) is applied in `f64` to the `f32` weighted sums.
//! Agreement with [`Network::forward`] is tested in `tests/engine_views.rs`.

use crate::dense::network::Network;
use crate::math::activation::{softmax, Activation, LayerActivation};
use crate::math::fastmath::tanh4_block;
use crate::math::real::Real;
use crate::math::simd::F4;

/// Four-lane vectors per tile.
const V: usize = 4;
/// Points per tile.
pub const TILE: usize = 4 * V;
/// Widest softmax layer: validation refuses more classes (as in [`kernels::activate`](crate::dense::kernels::activate)).
const MAX_CLASSES: usize = crate::limits::CLASSES.1;

/// Inputs converted to `f32` (kept between calls) and per-call scratch.
#[derive(Clone, Debug, Default)]
pub struct GridF32 {
    /// Points.
    n: usize,
    /// Input features.
    n_in: usize,
    /// Tile-major inputs: tile `t`'s feature `k` at `(t·n_in + k)·TILE ..`, zero-padded.
    x: Vec<f32>,
    /// Every layer's weights then biases, in `f32`, concatenated.
    w: Vec<f32>,
    b: Vec<f32>,
    /// One tile of a layer's outputs, and of the next layer's.
    cur: Vec<f32>,
    nxt: Vec<f32>,
}

impl GridF32 {
    /// Whether the fast path serves `net`: every activation but the step
    /// function, whose threshold single-precision sums could flip, and
    /// without normalization or skips (such networks take the `f64` path).
    pub fn serves<R: Real>(net: &Network<R>) -> bool {
        net.layers.iter().all(|l| l.activation != LayerActivation::Elementwise(Activation::Step) && l.norm.is_none() && !l.skip)
    }

    /// Takes `n` points' inputs: `n_in` neuron-major rows of row stride
    /// `stride` (the layout of [`Workspace::input`](crate::dense::network::Workspace)).
    pub fn set_input(&mut self, input: &[f64], n_in: usize, n: usize, stride: usize) {
        assert!(n <= stride && input.len() >= n_in * stride);
        let tiles = n.div_ceil(TILE);
        self.n = n;
        self.n_in = n_in;
        self.x.clear();
        self.x.resize(tiles * n_in * TILE, 0.0);
        for k in 0..n_in {
            for (p, &v) in input[k * stride..k * stride + n].iter().enumerate() {
                self.x[(p / TILE * n_in + k) * TILE + p % TILE] = v as f32;
            }
        }
    }

    /// Runs `net` over the inputs of [`set_input`](Self::set_input): layer
    /// `l`'s outputs go to `out[l]`, neuron-major with row stride `stride`.
    /// Panics unless [`serves`](Self::serves) and the shapes fit.
    pub fn forward<R: Real>(&mut self, net: &Network<R>, out: &mut [Vec<f32>], stride: usize) {
        assert!(Self::serves(net) && net.n_inputs() == self.n_in && self.n <= stride);
        assert!(out.len() >= net.layers.len());
        for (o, layer) in out.iter().zip(&net.layers) {
            assert!(layer.n_out() == 0 || o.len() >= (layer.n_out() - 1) * stride + self.n);
            // an invariant, not a check of input: validation refuses more classes
            debug_assert!(layer.activation != LayerActivation::Softmax || layer.n_out() <= MAX_CLASSES);
        }
        let GridF32 { n, n_in, x, w, b, cur, nxt } = self;
        w.clear();
        b.clear();
        for layer in &net.layers {
            w.extend(layer.weights.iter().map(|&v| v.f64() as f32));
            b.extend(layer.biases.iter().map(|&v| v.f64() as f32));
        }
        let widest = net.layers.iter().map(|l| l.n_out()).max().unwrap_or(0);
        cur.resize(widest * TILE, 0.0);
        nxt.resize(widest * TILE, 0.0);
        for t in 0..n.div_ceil(TILE) {
            let off = t * TILE;
            let valid = (*n - off).min(TILE);
            let (mut wo, mut bo) = (0, 0);
            for (l, layer) in net.layers.iter().enumerate() {
                let (ni, no) = (layer.n_in(), layer.n_out());
                let (src, dst): (&[f32], &mut [f32]) = match l {
                    0 => (&x[t * *n_in * TILE..(t + 1) * *n_in * TILE], &mut cur[..]),
                    _ if l % 2 == 1 => (&cur[..], &mut nxt[..]),
                    _ => (&nxt[..], &mut cur[..]),
                };
                // SAFETY: `src` holds `ni` rows of TILE, `dst` `no` rows of TILE
                // (sized above); `out[l]` holds `no` rows of stride `stride`
                // with `off + valid ≤ n ≤ stride` (asserted above).
                unsafe {
                    layer_tile(
                        &w[wo..wo + ni * no],
                        &b[bo..bo + no],
                        ni,
                        no,
                        layer.activation,
                        src.as_ptr(),
                        dst.as_mut_ptr(),
                        out[l].as_mut_ptr().add(off),
                        stride,
                        valid,
                    )
                };
                wo += ni * no;
                bo += no;
            }
        }
    }
}

/// One layer over one tile: `y[j] = f(b[j] + Σ_k W[k, j]·x[k])` per lane in
/// `f32` (rows of `TILE`), and the first `valid` lanes of every neuron `j`
/// copied into `out[j·stride ..]`.
///
/// Safety: `x` holds `n_in·TILE`, `y` `n_out·TILE` values; `out` is valid for
/// `(n_out − 1)·stride + valid` values; `w`, `b` hold `n_in·n_out`, `n_out`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn layer_tile(
    w: &[f32],
    b: &[f32],
    n_in: usize,
    n_out: usize,
    act: LayerActivation,
    x: *const f32,
    y: *mut f32,
    out: *mut f32,
    stride: usize,
    valid: usize,
) {
    let zero = F4::splat(0.0);
    for j in 0..n_out {
        let mut acc = [F4::splat(*b.get_unchecked(j)); V];
        let mut wp = w.as_ptr().add(j);
        let mut xp = x;
        for _ in 0..n_in {
            let wk = F4::splat(*wp);
            for (v, a) in acc.iter_mut().enumerate() {
                *a = a.add(wk.mul(F4::load(xp.add(4 * v))));
            }
            wp = wp.add(n_out);
            xp = xp.add(TILE);
        }
        let (yj, oj) = (y.add(j * TILE), out.add(j * stride));
        match act {
            LayerActivation::Elementwise(Activation::Tanh) => acc = tanh4_block(acc),
            // `if z > 0 { z } else { 0 }`, NaN → 0 as in `Activation::f`.
            LayerActivation::Elementwise(Activation::Relu) => acc.iter_mut().for_each(|a| *a = zero.max(*a)),
            LayerActivation::Elementwise(Activation::Identity) | LayerActivation::Softmax => {}
            LayerActivation::Elementwise(f) => {
                // Not worth a vector version: the exact f64 function of the f32 sum.
                for (v, a) in acc.iter().enumerate() {
                    for (i, z) in a.lanes().into_iter().enumerate() {
                        let e = 4 * v + i;
                        let fz = f.f(f64::from(z));
                        *yj.add(e) = fz as f32;
                        if e < valid {
                            *oj.add(e) = fz as f32;
                        }
                    }
                }
                continue;
            }
        }
        for (v, a) in acc.iter().enumerate() {
            a.store(yj.add(4 * v));
        }
        if act == LayerActivation::Softmax {
            continue;
        }
        if valid == TILE {
            for (v, a) in acc.iter().enumerate() {
                a.store(oj.add(4 * v));
            }
        } else {
            for e in 0..valid {
                *oj.add(e) = *yj.add(e);
            }
        }
    }
    if act == LayerActivation::Softmax {
        let (mut zc, mut ac) = ([0.0f64; MAX_CLASSES], [0.0f64; MAX_CLASSES]);
        for i in 0..valid {
            for (j, z) in zc[..n_out].iter_mut().enumerate() {
                *z = f64::from(*y.add(j * TILE + i));
            }
            softmax(&zc[..n_out], &mut ac[..n_out]);
            for (j, &a) in ac[..n_out].iter().enumerate() {
                *out.add(j * stride + i) = a as f32;
            }
        }
    }
}
