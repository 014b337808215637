//! The dense layers' batched kernels, for `f64` and `f32` alike ([`Real`]).
//!
//! The kernels work on *neuron-major* batches: a batch of `B` examples for a
//! layer of `n` neurons is a flat slice of `n * B` values (rows of stride
//! `stride ≥ B`), neuron `j`'s values for all examples contiguous from
//! `j * stride`. Every inner loop is then a contiguous multiply-add over the
//! batch.
//!
//! Two versions of each computation live here:
//! - the **plain** kernels ([`plain`]): obvious loops, the reference;
//! - the **fused** kernels ([`dense_forward_act`], [`dense_grads`],
//!   [`dense_backprop`]): the same arithmetic, in the same order, on blocks
//!   of up to five register vectors ([`Lane`]: two `f64` or four `f32` lanes,
//!   SSE2 natively, simd128 in the browser), with the finiteness checks folded
//!   in. Indexing is unchecked inside a block: every kernel asserts the
//!   lengths of its slices once on entry.
//!
//! Because nothing is fused or reordered, the fused kernels give exactly the
//! plain kernels' bits; the tests below hold them to that.

// The kernels loop over vector lanes and index several arrays with the same
// lane number in step (accumulators, inputs, outputs): an index reads clearer.
#![allow(clippy::needless_range_loop)]
#![allow(unsafe_code)]

use crate::limits::CLASSES;
use crate::math::activation::{softmax, Activation, LayerActivation};
use crate::math::real::{Lane, Real};

/// Lanes per vector of `R`.
#[inline(always)]
fn lanes<R: Real>() -> usize {
    <R::Lane as Lane<R>>::N
}

/// Calls `$kernel::<V>(.., off)` on blocks of `V` vectors covering `0..$n`
/// (`V = 5` while five vectors' worth remain, then one block of the whole
/// vectors left). What remains (fewer than a vector's lanes) is done by one
/// more one-vector block if `$room` (the items that may be computed: the row
/// stride) leaves space for its spare lanes, else item by item with `$tail`.
/// Spare lanes compute on whatever finite values the padding holds; nothing
/// reads their results.
macro_rules! blocks {
    ($n:expr, $room:expr, $l:expr, $kernel:ident, $tail:ident, |$off:ident| ($($arg:expr),*)) => {{
        let n: usize = $n;
        let l: usize = $l;
        let mut $off = 0usize;
        while n - $off >= 5 * l {
            $kernel::<R, 5>($($arg),*);
            $off += 5 * l;
        }
        match (n - $off) / l {
            0 => {}
            1 => { $kernel::<R, 1>($($arg),*); $off += l; }
            2 => { $kernel::<R, 2>($($arg),*); $off += 2 * l; }
            3 => { $kernel::<R, 3>($($arg),*); $off += 3 * l; }
            _ => { $kernel::<R, 4>($($arg),*); $off += 4 * l; }
        }
        if $off < n && $off + l <= $room {
            $kernel::<R, 1>($($arg),*);
        } else {
            while $off < n {
                $tail($($arg),*);
                $off += 1;
            }
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
struct Fwd<R> {
    w: *const R,
    b: *const R,
    n_in: usize,
    n_out: usize,
    f: Activation,
    x: *const R,
    z: *mut R,
    a: *mut R,
    stride: usize,
}

/// One block of `V` vectors of examples starting at `off`: for every neuron
/// `j`, `z = b[j] + Σ_k W[k, j]·x[k]` (in order of `k`), `a = f(z)`; adds
/// `z·0` to `chk` (which stays 0 while every `z` is finite).
///
/// Safety: `off + V·N ≤ stride`, and the slices behind `p` hold what
/// [`dense_forward_act`] asserts.
#[inline(always)]
unsafe fn forward_block<R: Real, const V: usize>(p: Fwd<R>, off: usize, chk: &mut R::Lane) {
    let n = lanes::<R>();
    let zero = R::Lane::splat(R::ZERO);
    let mut c = [zero; V];
    for j in 0..p.n_out {
        let mut acc = [R::Lane::splat(*p.b.add(j)); V];
        let mut wp = p.w.add(j);
        let mut xp = p.x.add(off);
        for _ in 0..p.n_in {
            let wkj = R::Lane::splat(*wp);
            for v in 0..V {
                acc[v] = acc[v].add(wkj.mul(R::Lane::load(xp.add(n * v))));
            }
            wp = wp.add(p.n_out);
            xp = xp.add(p.stride);
        }
        let o = j * p.stride + off;
        for v in 0..V {
            c[v] = c[v].add(acc[v].mul(zero));
            if !p.z.is_null() {
                acc[v].store(p.z.add(o + n * v));
            }
        }
        // Same arithmetic as `Activation::f`, lane by lane.
        match p.f {
            Activation::Tanh => {
                for (v, t) in R::tanh_block(acc).into_iter().enumerate() {
                    t.store(p.a.add(o + n * v));
                }
            }
            Activation::Identity => {
                for v in 0..V {
                    acc[v].store(p.a.add(o + n * v));
                }
            }
            f => {
                for v in 0..V {
                    let out = p.a.add(o + n * v);
                    acc[v].store(out);
                    for i in 0..n {
                        *out.add(i) = f.f(*out.add(i));
                    }
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
unsafe fn forward_tail<R: Real>(p: Fwd<R>, off: usize, chk: &mut R::Lane) {
    let mut c = R::ZERO;
    for j in 0..p.n_out {
        let mut acc = *p.b.add(j);
        for k in 0..p.n_in {
            acc += *p.w.add(k * p.n_out + j) * *p.x.add(k * p.stride + off);
        }
        c += acc * R::ZERO;
        let o = j * p.stride + off;
        if !p.z.is_null() {
            *p.z.add(o) = acc;
        }
        *p.a.add(o) = p.f.f(acc);
    }
    *chk = chk.add(R::Lane::splat(c));
}

/// Fused dense layer over a neuron-major batch: `z[j, :] = b[j] + Σ_k W[k, j]·x[k, :]`
/// and `a = f(z)`, for `bsz` examples; `x`, `z`, `a` have rows of stride `stride`.
/// Same arithmetic, in the same order, as [`plain::forward`] then the
/// activation applied element by element. Stores `z` only if given. Returns whether every `z` is finite.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn dense_forward_act<R: Real>(
    w: &[R],
    b: &[R],
    n_in: usize,
    n_out: usize,
    f: Activation,
    x: &[R],
    z: Option<&mut [R]>,
    a: &mut [R],
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
    let mut chk = R::Lane::splat(R::ZERO);
    // SAFETY: blocks cover 0..bsz ⊆ 0..stride; lengths asserted above.
    unsafe { blocks!(bsz, stride, lanes::<R>(), forward_block, forward_tail, |off| (p, off, &mut chk)) };
    chk.sum() == R::ZERO
}

/// Gradients of one dense layer from its `∂L/∂z` (`delta`, `n_out` rows) and
/// its input `x` (`n_in` rows), both of row stride `stride`:
/// `gb[j] = Σ_i δ[j, i]`, `gw[k, j] = Σ_i x[k, i]·δ[j, i]` (sums in order of
/// `i`, as [`plain::grads`] does). `dt` is scratch (≥ `n_out·bsz`). Returns
/// whether every gradient is finite.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn dense_grads<R: Real>(
    delta: &[R],
    x: &[R],
    n_in: usize,
    n_out: usize,
    stride: usize,
    bsz: usize,
    dt: &mut [R],
    gw: &mut [R],
    gb: &mut [R],
) -> bool {
    assert!(bsz <= stride && delta.len() >= rows_len(n_out, stride, bsz) && x.len() >= rows_len(n_in, stride, bsz));
    assert!(gw.len() == n_in * n_out && gb.len() == n_out && dt.len() >= n_out * bsz);
    let mut cb = R::ZERO;
    for (j, gbj) in gb.iter_mut().enumerate() {
        // Σ_i in order from −0.0, like `Iterator::sum` (the plain loop's form).
        let mut s = -R::ZERO;
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
        cb += s * R::ZERO;
    }
    let g = Grd { x: x.as_ptr(), dt: dt.as_ptr(), gw: gw.as_mut_ptr(), n_in, n_out, stride, bsz };
    let mut chk = R::Lane::splat(R::ZERO);
    // SAFETY: blocks cover 0..n_out; lengths asserted above.
    unsafe { blocks!(n_out, n_out, lanes::<R>(), grad_block, grad_tail, |j0| (g, j0, &mut chk)) };
    (chk.sum() + cb) == R::ZERO
}

#[derive(Clone, Copy)]
struct Grd<R> {
    x: *const R,
    dt: *const R,
    gw: *mut R,
    n_in: usize,
    n_out: usize,
    stride: usize,
    bsz: usize,
}

/// For every input `k`: `gw[k, j] = Σ_i x[k, i]·δᵀ[i, j]` for the `V·N`
/// neurons from `j0`; adds `gw·0` to `chk`.
///
/// Safety: `j0 + V·N ≤ n_out`, lengths as asserted by [`dense_grads`].
#[inline(always)]
unsafe fn grad_block<R: Real, const V: usize>(g: Grd<R>, j0: usize, chk: &mut R::Lane) {
    let n = lanes::<R>();
    let zero = R::Lane::splat(R::ZERO);
    let mut c = [zero; V];
    let mut k = 0;
    // Two inputs at a time share the loads of δᵀ.
    while k + 2 <= g.n_in {
        let (mut a0, mut a1) = ([zero; V], [zero; V]);
        let x0 = g.x.add(k * g.stride);
        let x1 = x0.add(g.stride);
        let mut dp = g.dt.add(j0);
        for i in 0..g.bsz {
            let (s0, s1) = (R::Lane::splat(*x0.add(i)), R::Lane::splat(*x1.add(i)));
            for v in 0..V {
                let d = R::Lane::load(dp.add(n * v));
                a0[v] = a0[v].add(s0.mul(d));
                a1[v] = a1[v].add(s1.mul(d));
            }
            dp = dp.add(g.n_out);
        }
        let o = k * g.n_out + j0;
        for v in 0..V {
            c[v] = c[v].add(a0[v].mul(zero)).add(a1[v].mul(zero));
            a0[v].store(g.gw.add(o + n * v));
            a1[v].store(g.gw.add(o + g.n_out + n * v));
        }
        k += 2;
    }
    if k < g.n_in {
        let mut acc = [zero; V];
        let xr = g.x.add(k * g.stride);
        let mut dp = g.dt.add(j0);
        for i in 0..g.bsz {
            let xi = R::Lane::splat(*xr.add(i));
            for v in 0..V {
                acc[v] = acc[v].add(xi.mul(R::Lane::load(dp.add(n * v))));
            }
            dp = dp.add(g.n_out);
        }
        let o = k * g.n_out + j0;
        for v in 0..V {
            c[v] = c[v].add(acc[v].mul(zero));
            acc[v].store(g.gw.add(o + n * v));
        }
    }
    for v in c {
        *chk = chk.add(v);
    }
}

/// [`grad_block`] for the single neuron `j0`.
#[inline(always)]
unsafe fn grad_tail<R: Real>(g: Grd<R>, j0: usize, chk: &mut R::Lane) {
    let mut c = R::ZERO;
    for k in 0..g.n_in {
        let mut acc = R::ZERO;
        for i in 0..g.bsz {
            acc += *g.x.add(k * g.stride + i) * *g.dt.add(i * g.n_out + j0);
        }
        c += acc * R::ZERO;
        *g.gw.add(k * g.n_out + j0) = acc;
    }
    *chk = chk.add(R::Lane::splat(c));
}

/// One row `k` of [`dense_backprop`]: `w` is `W[k, :]`, `prev`, `mask`, `z`,
/// `a` point at row `k`.
#[derive(Clone, Copy)]
struct Bwd<R> {
    w: *const R,
    n_out: usize,
    delta: *const R,
    prev: *mut R,
    mask: *const R,
    z: *const R,
    a: *const R,
    f: Activation,
    stride: usize,
}

/// Back-propagates `δ` through a dense layer to the layer below:
/// `prev[k, :] = ((Σ_j W[k, j]·δ[j, :]) ⊙ mask[k, :]) ⊙ f'(z[k, :])`, with
/// `z`, `a` the lower layer's values and `f` its activation; rows of stride `stride`.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn dense_backprop<R: Real>(
    w: &[R],
    n_in: usize,
    n_out: usize,
    delta: &[R],
    prev: &mut [R],
    mask: Option<&[R]>,
    z: &[R],
    a: &[R],
    f: Activation,
    stride: usize,
    bsz: usize,
) {
    assert!(bsz <= stride && w.len() >= n_in * n_out && delta.len() >= rows_len(n_out, stride, bsz));
    let need = rows_len(n_in, stride, bsz);
    assert!(prev.len() >= need && z.len() >= need && a.len() >= need);
    if let Some(m) = mask {
        assert!(m.len() >= need);
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
            blocks!(bsz, stride, lanes::<R>(), backprop_block, backprop_tail, |off| (p, off));
        }
    }
}

/// `V·N` examples from `off` of one row of [`dense_backprop`].
///
/// Safety: `off + V·N ≤ stride`, lengths as asserted by [`dense_backprop`].
#[inline(always)]
unsafe fn backprop_block<R: Real, const V: usize>(p: Bwd<R>, off: usize) {
    let n = lanes::<R>();
    let mut acc = [R::Lane::splat(R::ZERO); V];
    let mut dp = p.delta.add(off);
    for j in 0..p.n_out {
        let wkj = R::Lane::splat(*p.w.add(j));
        for v in 0..V {
            acc[v] = acc[v].add(wkj.mul(R::Lane::load(dp.add(n * v))));
        }
        dp = dp.add(p.stride);
    }
    if !p.mask.is_null() {
        for v in 0..V {
            acc[v] = acc[v].mul(R::Lane::load(p.mask.add(off + n * v)));
        }
    }
    match p.f {
        Activation::Tanh => {
            let one = R::Lane::splat(R::ONE);
            for v in 0..V {
                let a = R::Lane::load(p.a.add(off + n * v));
                acc[v].mul(one.sub(a.mul(a))).store(p.prev.add(off + n * v));
            }
        }
        f => {
            for v in 0..V {
                let e = off + n * v;
                acc[v].store(p.prev.add(e));
                for i in e..e + n {
                    *p.prev.add(i) = f.mul_df(*p.z.add(i), *p.a.add(i), *p.prev.add(i));
                }
            }
        }
    }
}

/// [`backprop_block`] for the single example at `off`.
#[inline(always)]
unsafe fn backprop_tail<R: Real>(p: Bwd<R>, off: usize) {
    let mut acc = R::ZERO;
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
pub fn all_finite<R: Real>(v: &[R]) -> bool {
    v.iter().fold(R::ZERO, |s, &x| s + x * R::ZERO) == R::ZERO
}

/// Applies a layer activation to neuron-major `z` (`n_out` rows, stride `stride`, `bsz` used).
pub fn activate<R: Real>(act: LayerActivation, z: &[R], a: &mut [R], n_out: usize, stride: usize, bsz: usize) {
    match act {
        LayerActivation::Elementwise(f) => {
            for j in 0..n_out {
                f.apply_slice(&z[j * stride..j * stride + bsz], &mut a[j * stride..j * stride + bsz]);
            }
        }
        LayerActivation::Softmax => {
            // an internal invariant, not a check of input: every configuration is
            // validated first, and validation refuses more classes than limits::CLASSES
            // (the slices below would still panic, never read out of bounds)
            let mut zc = [R::ZERO; CLASSES.1];
            let mut ac = [R::ZERO; CLASSES.1];
            debug_assert!(n_out <= CLASSES.1, "softmax supports up to {} classes", CLASSES.1);
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

/// The reference kernels: the same computations as the fused kernels, as
/// plain loops. The fused kernels are tested against them bit for bit.
pub mod plain {
    use crate::math::activation::Activation;
    use crate::math::real::Real;

    /// `z[j, :] = b[j] + Σ_k W[k, j] · x[k, :]` over a neuron-major batch of `bsz`
    /// (rows of stride `stride`).
    #[allow(clippy::too_many_arguments)]
    pub fn forward<R: Real>(w: &[R], b: &[R], n_in: usize, n_out: usize, x: &[R], z: &mut [R], stride: usize, bsz: usize) {
        for j in 0..n_out {
            let zr = &mut z[j * stride..j * stride + bsz];
            zr.fill(b[j]);
            for k in 0..n_in {
                let wkj = w[k * n_out + j];
                let xr = &x[k * stride..k * stride + bsz];
                for (zp, &xp) in zr.iter_mut().zip(xr) {
                    *zp += wkj * xp;
                }
            }
        }
    }

    /// `gb[j] = Σ_i δ[j, i]`, `gw[k, j] = Σ_i x[k, i]·δ[j, i]`.
    #[allow(clippy::too_many_arguments)]
    pub fn grads<R: Real>(delta: &[R], x: &[R], n_in: usize, n_out: usize, stride: usize, bsz: usize, gw: &mut [R], gb: &mut [R]) {
        for j in 0..n_out {
            gb[j] = delta[j * stride..j * stride + bsz].iter().copied().sum();
            for k in 0..n_in {
                let mut acc = R::ZERO;
                for i in 0..bsz {
                    acc += x[k * stride + i] * delta[j * stride + i];
                }
                gw[k * n_out + j] = acc;
            }
        }
    }

    /// `prev[k, :] = ((Σ_j W[k, j]·δ[j, :]) ⊙ mask[k, :]) ⊙ f'(z[k, :])`.
    #[allow(clippy::too_many_arguments)]
    pub fn backprop<R: Real>(
        w: &[R],
        n_in: usize,
        n_out: usize,
        delta: &[R],
        prev: &mut [R],
        mask: Option<&[R]>,
        z: &[R],
        a: &[R],
        f: Activation,
        stride: usize,
        bsz: usize,
    ) {
        for k in 0..n_in {
            for i in 0..bsz {
                let mut acc = R::ZERO;
                for j in 0..n_out {
                    acc += w[k * n_out + j] * delta[j * stride + i];
                }
                let e = k * stride + i;
                if let Some(m) = mask {
                    acc *= m[e];
                }
                prev[e] = f.mul_df(z[e], a[e], acc);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::rng::Rng;

    fn random<R: Real>(rng: &mut Rng, n: usize) -> Vec<R> {
        (0..n).map(|_| R::of(rng.uniform_range(-1.5, 1.5))).collect()
    }

    fn bits<R: Real>(v: &[R]) -> Vec<u64> {
        v.iter().map(|x| x.f64().to_bits()).collect()
    }

    /// The used part of `rows` rows of stride `stride` (`bsz` values each), as bits.
    fn used<R: Real>(v: &[R], rows: usize, stride: usize, bsz: usize) -> Vec<u64> {
        (0..rows).flat_map(|j| bits(&v[j * stride..j * stride + bsz])).collect()
    }

    /// Every fused kernel equals its plain version bit for bit, over batch
    /// sizes and layer widths that exercise every block size, the scalar
    /// tails and the spare-lane blocks,
    /// every activation, with and without a dropout mask.
    fn fused_equals_plain<R: Real>() {
        let mut rng = Rng::new(7);
        for &(n_in, n_out) in &[(1, 1), (2, 3), (7, 8), (8, 2), (3, 23)] {
            // stride = bsz: the last items item by item; bsz + 3: one vector with spare lanes
            for (bsz, stride) in [1, 2, 3, 5, 9, 10, 17, 40, 43].into_iter().flat_map(|b| [(b, b), (b, b + 3)]) {
                let w: Vec<R> = random(&mut rng, n_in * n_out);
                let b: Vec<R> = random(&mut rng, n_out);
                let x: Vec<R> = random(&mut rng, n_in * stride);
                for &f in Activation::all() {
                    let (mut z1, mut a1) = (vec![R::ZERO; n_out * stride], vec![R::ZERO; n_out * stride]);
                    let (mut z2, mut a2) = (z1.clone(), a1.clone());
                    assert!(dense_forward_act(&w, &b, n_in, n_out, f, &x, Some(&mut z1), &mut a1, stride, bsz));
                    plain::forward(&w, &b, n_in, n_out, &x, &mut z2, stride, bsz);
                    for j in 0..n_out {
                        let r = j * stride..j * stride + bsz;
                        f.apply_slice(&z2[r.clone()], &mut a2[r]);
                    }
                    let u = |v: &[R]| used(v, n_out, stride, bsz);
                    assert_eq!(u(&z1), u(&z2), "{} forward z {n_in}x{n_out} b{bsz} {f:?}", R::NAME);
                    assert_eq!(u(&a1), u(&a2), "{} forward a {n_in}x{n_out} b{bsz} {f:?}", R::NAME);
                }
                let delta: Vec<R> = random(&mut rng, n_out * stride);
                let (mut gw1, mut gb1, mut dt) = (vec![R::ZERO; n_in * n_out], vec![R::ZERO; n_out], vec![R::ZERO; n_out * bsz]);
                let (mut gw2, mut gb2) = (gw1.clone(), gb1.clone());
                assert!(dense_grads(&delta, &x, n_in, n_out, stride, bsz, &mut dt, &mut gw1, &mut gb1));
                plain::grads(&delta, &x, n_in, n_out, stride, bsz, &mut gw2, &mut gb2);
                assert_eq!(bits(&gw1), bits(&gw2), "{} grads w {n_in}x{n_out} b{bsz}", R::NAME);
                assert_eq!(bits(&gb1), bits(&gb2), "{} grads b {n_in}x{n_out} b{bsz}", R::NAME);
                let z: Vec<R> = random(&mut rng, n_in * stride);
                let mask: Vec<R> = (0..n_in * stride).map(|i| if i % 3 == 0 { R::ZERO } else { R::of(1.25) }).collect();
                for &f in Activation::all() {
                    let mut a = vec![R::ZERO; n_in * stride];
                    f.apply_slice(&z, &mut a);
                    for m in [None, Some(&mask[..])] {
                        let (mut p1, mut p2) = (vec![R::ZERO; n_in * stride], vec![R::ZERO; n_in * stride]);
                        dense_backprop(&w, n_in, n_out, &delta, &mut p1, m, &z, &a, f, stride, bsz);
                        plain::backprop(&w, n_in, n_out, &delta, &mut p2, m, &z, &a, f, stride, bsz);
                        let u = |v: &[R]| used(v, n_in, stride, bsz);
                        assert_eq!(u(&p1), u(&p2), "{} backprop {n_in}x{n_out} b{bsz} {f:?} mask {}", R::NAME, m.is_some());
                    }
                }
            }
        }
    }

    #[test]
    fn fused_kernels_equal_the_plain_kernels_f64() {
        fused_equals_plain::<f64>();
    }

    #[test]
    fn fused_kernels_equal_the_plain_kernels_f32() {
        fused_equals_plain::<f32>();
    }

    fn checks_catch_non_finite<R: Real>() {
        let (n_in, n_out, bsz, stride) = (3, 5, 13, 13);
        let mut rng = Rng::new(3);
        let w: Vec<R> = random(&mut rng, n_in * n_out);
        let b: Vec<R> = random(&mut rng, n_out);
        for bad in [0, 6, 12, 2 * stride + 12] {
            let mut x: Vec<R> = random(&mut rng, n_in * stride);
            x[bad] = R::of(f64::INFINITY);
            let mut a = vec![R::ZERO; n_out * stride];
            assert!(!dense_forward_act(&w, &b, n_in, n_out, Activation::Tanh, &x, None, &mut a, stride, bsz), "{} x[{bad}]", R::NAME);
            let delta: Vec<R> = random(&mut rng, n_out * stride);
            let (mut gw, mut gb, mut dt) = (vec![R::ZERO; n_in * n_out], vec![R::ZERO; n_out], vec![R::ZERO; n_out * bsz]);
            assert!(!dense_grads(&delta, &x, n_in, n_out, stride, bsz, &mut dt, &mut gw, &mut gb), "{} grads x[{bad}]", R::NAME);
        }
    }

    #[test]
    fn the_fused_checks_catch_a_non_finite_value_anywhere() {
        checks_catch_non_finite::<f64>();
        checks_catch_non_finite::<f32>();
    }
}
