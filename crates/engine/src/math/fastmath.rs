//! A fast `tanh` built only from IEEE-754 basic operations (`+ − × ÷`, bit
//! manipulation), so it gives the same bits on every platform, natively and
//! on wasm32, like `libm` — Rust never fuses or reorders floating-point
//! operations. It exists because `libm::tanh` dominated training time
//! (≈ 38 ns a call on the reference machine; this is several times faster
//! and vectorizes), and tanh is the playground's default activation.
//!
//! Accuracy: within a few units in the last place of `libm::tanh` (tested
//! over a dense sweep), ample for training and for the gradient checks.
//! Method: `e^{2|x|}` by a Cody–Waite reduction and Cephes' rational
//! approximation of `e^r` on `|r| ≤ ln2/2`, arranged so that `tanh` costs
//! a single division (see [`tanh`]).

#![allow(clippy::excessive_precision)] // Cephes' constants, kept as published.

use crate::math::simd::{F2, F4};

const LOG2E: f64 = std::f64::consts::LOG2_E;
/// 1.5·2^52: adding it rounds to an integer held in the low mantissa bits.
const MAGIC: f64 = 6_755_399_441_055_744.0;
const C1: f64 = 6.931_457_519_531_25E-1;
const C2: f64 = 1.428_606_820_309_417_232_12E-6;
// Cephes' rational approximation of e^r: e^r = 1 + 2r·P(r²) / (Q(r²) − r·P(r²)).
const P0: f64 = 1.261_771_930_748_105_908_78E-4;
const P1: f64 = 3.029_944_077_074_419_613_00E-2;
const P2: f64 = 9.999_999_999_999_999_999_10E-1;
const Q0: f64 = 3.001_985_051_386_644_550_42E-6;
const Q1: f64 = 2.524_483_403_496_841_041_92E-3;
const Q2: f64 = 2.272_655_482_081_550_287_66E-1;
const Q3: f64 = 2.000_000_000_000_000_000_09E0;

/// Hyperbolic tangent, deterministic across platforms (see module docs).
/// NaN in, NaN out; `±∞ → ±1`; `−0 → −0`.
///
/// With `y = 2|x| = k·ln2 + r`, `|r| ≤ ln2/2`, Cephes' rational form gives
/// `e^r = 1 + N/D` (`N = 2r·P(r²)`, `D = Q(r²) − r·P(r²)`), so
/// `e^y − 1 = (2^k·N + (2^k − 1)·D)/D` without cancellation, and
/// `tanh|x| = (e^y − 1)/(e^y + 1) = (2^k·N + (2^k − 1)·D) / (2^k·N + (2^k + 1)·D)`:
/// one division, no branches (so loops over it vectorize).
#[inline(always)]
pub fn tanh(x: f64) -> f64 {
    let ax = x.abs();
    // tanh(20) rounds to 1.0; clamping keeps 2^k finite. (NaN > 20 is false: NaN passes through.)
    let a = if ax > 20.0 { 20.0 } else { ax };
    let y = 2.0 * a;
    let t = y * LOG2E + MAGIC;
    let kf = t - MAGIC;
    let k = t.to_bits().wrapping_sub(MAGIC.to_bits()) as i64;
    let r = (y - kf * C1) - kf * C2;
    let rr = r * r;
    let px = r * ((P0 * rr + P1) * rr + P2);
    let qx = ((Q0 * rr + Q1) * rr + Q2) * rr + Q3;
    let n = 2.0 * px;
    let d = qx - px;
    let s = f64::from_bits(((k + 1023) as u64) << 52);
    let sn = s * n;
    let th = (sn + (s - 1.0) * d) / (sn + (s + 1.0) * d);
    th.copysign(x)
}

/// `[e(0), …, e(V − 1)]` for an expression `e` of `v` (a vector per block lane).
macro_rules! each {
    ($n:ident, |$v:ident| $e:expr) => {{
        let mut out = [{
            let $v = 0;
            $e
        }; $n];
        for $v in 1..$n {
            out[$v] = $e;
        }
        out
    }};
}

/// [`tanh`] of two lanes at once: the same operations in the same order,
/// so each lane gives exactly the bits of the scalar function.
#[inline(always)]
pub fn tanh2(x: F2) -> F2 {
    tanh2_block([x])[0]
}

/// [`tanh2`] of `V` vectors, interleaved: every step is done for all `V`
/// before the next, so the `V` independent chains of dependent operations
/// (each ~80 cycles long) overlap instead of running one after the other
/// (the forward pass was latency-bound on them). Same bits as [`tanh`].
#[inline(always)]
pub fn tanh2_block<const V: usize>(x: [F2; V]) -> [F2; V] {
    let c = F2::splat;
    let y = each!(V, |v| c(2.0).mul(x[v].abs().min_gt(20.0)));
    let t = each!(V, |v| y[v].mul(c(LOG2E)).add(c(MAGIC)));
    let kf = each!(V, |v| t[v].sub(c(MAGIC)));
    let r = each!(V, |v| y[v].sub(kf[v].mul(c(C1))).sub(kf[v].mul(c(C2))));
    let rr = each!(V, |v| r[v].mul(r[v]));
    let px = each!(V, |v| r[v].mul(c(P0).mul(rr[v]).add(c(P1)).mul(rr[v]).add(c(P2))));
    let qx = each!(V, |v| c(Q0).mul(rr[v]).add(c(Q1)).mul(rr[v]).add(c(Q2)).mul(rr[v]).add(c(Q3)));
    // 2^k with k = bits(t) − bits(MAGIC): bits (k + 1023) << 52.
    let s = each!(V, |v| t[v].bits_sub_shl52(MAGIC.to_bits().wrapping_sub(1023)));
    let sn = each!(V, |v| s[v].mul(c(2.0).mul(px[v])));
    let d = each!(V, |v| qx[v].sub(px[v]));
    let num = each!(V, |v| sn[v].add(s[v].sub(c(1.0)).mul(d[v])));
    let den = each!(V, |v| sn[v].add(s[v].add(c(1.0)).mul(d[v])));
    each!(V, |v| num[v].div(den[v]).copysign(x[v]))
}

/// Clamp of [`tanh4`]'s argument: beyond it the rational form is 1 in `f32`.
const TANH32_CLAMP: f32 = 7.90531110763549805;
// Eigen's single-precision minimax rational for tanh: x·P(x²)/Q(x²) on |x| ≤ TANH32_CLAMP.
const TA: [f32; 7] = [
    -2.76076847742355e-16,
    2.00018790482477e-13,
    -8.60467152213735e-11,
    5.12229709037114e-08,
    1.48572235717979e-05,
    6.37261928875436e-04,
    4.89352455891786e-03,
];
const TB: [f32; 4] = [1.19825839466702e-06, 1.18534705686654e-04, 2.26843463243900e-03, 4.89352518554385e-03];

/// Single-precision `tanh` of four lanes (the grid of every neuron's output,
/// and `f32` training): within about 1e-6 of the exact value, `±∞ → ±1`.
/// Basic IEEE operations only, so each lane gives the bits of [`tanh32`] on
/// every platform.
#[inline(always)]
pub fn tanh4(x: F4) -> F4 {
    tanh4_block([x])[0]
}

/// [`tanh4`] of one value: the same operations in the same order, so the same bits.
#[inline(always)]
pub fn tanh32(x: f32) -> f32 {
    // pmin / pmax order, as F4::min / F4::max: NaN passes through.
    let x = if TANH32_CLAMP < x { TANH32_CLAMP } else { x };
    let x = if x < -TANH32_CLAMP { -TANH32_CLAMP } else { x };
    let x2 = x * x;
    let mut p = TA[0];
    for &a in &TA[1..] {
        p = p * x2 + a;
    }
    let mut q = TB[0];
    for &b in &TB[1..] {
        q = q * x2 + b;
    }
    p * x / q
}

/// [`tanh4`] of `V` vectors, interleaved step by step (see [`tanh2_block`]).
#[inline(always)]
pub fn tanh4_block<const V: usize>(x: [F4; V]) -> [F4; V] {
    let x = each!(V, |v| x[v].min(F4::splat(TANH32_CLAMP)).max(F4::splat(-TANH32_CLAMP)));
    let x2 = each!(V, |v| x[v].mul(x[v]));
    let mut p = [F4::splat(TA[0]); V];
    for &a in &TA[1..] {
        p = each!(V, |v| p[v].mul(x2[v]).add(F4::splat(a)));
    }
    let mut q = [F4::splat(TB[0]); V];
    for &b in &TB[1..] {
        q = each!(V, |v| q[v].mul(x2[v]).add(F4::splat(b)));
    }
    each!(V, |v| p[v].mul(x[v]).div(q[v]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn close_to_libm_everywhere() {
        let mut worst = 0;
        let mut x = -25.0;
        while x < 25.0 {
            let (a, b) = (tanh(x), libm::tanh(x));
            let u = ulps(a, b);
            worst = worst.max(u);
            assert!(u <= 4 || (a - b).abs() < 1e-16, "x = {x}: {a} vs {b}");
            x += 0.000_731;
        }
        for &x in &[0.0, -0.0, 1e-300, -1e-10, 0.625, -0.625, 0.624_999_999, 20.0, 1e300, f64::INFINITY] {
            assert!(ulps(tanh(x), libm::tanh(x)) <= 4, "{x}");
        }
        assert!(tanh(f64::NAN).is_nan());
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
        assert!(worst <= 4);
    }

    #[test]
    fn four_lanes_single_precision_within_1e6() {
        let mut worst = 0.0f64;
        let mut x = -30.0f32;
        while x < 30.0 {
            let got = tanh4(F4::splat(x)).lanes()[2];
            worst = worst.max((f64::from(got) - libm::tanh(f64::from(x))).abs());
            x += 0.000_37;
        }
        assert!(worst < 1e-6, "worst {worst}");
        assert_eq!(tanh4(F4::splat(f32::INFINITY)).lanes()[0], tanh4(F4::splat(30.0)).lanes()[0]);
        assert!(tanh4(F4::splat(30.0)).lanes()[0] > 0.999_999);
    }

    #[test]
    fn four_lanes_give_the_scalar_bits() {
        let mut x = -31.0f32;
        while x < 31.0 {
            let xs = [x, -x * 0.37, x * 0.01, 1.0 / (x + 0.5)];
            let mut out = [0.0f32; 4];
            unsafe { tanh4(F4::load(xs.as_ptr())).store(out.as_mut_ptr()) };
            for i in 0..4 {
                assert_eq!(out[i].to_bits(), tanh32(xs[i]).to_bits(), "{}", xs[i]);
            }
            x += 0.000_77;
        }
        for &x in &[0.0f32, -0.0, 1e-30, -1e-40, 7.9, -8.0, 1e30, f32::INFINITY, f32::NEG_INFINITY] {
            assert_eq!(tanh4(F4::splat(x)).lanes()[3].to_bits(), tanh32(x).to_bits(), "{x}");
        }
        assert!(tanh32(f32::NAN).is_nan() && tanh4(F4::splat(f32::NAN)).lanes()[0].is_nan());
    }

    #[test]
    fn two_lanes_give_the_scalar_bits() {
        let mut x = -23.0;
        while x < 23.0 {
            let y = -x * 0.37;
            let v = tanh2(F2::splat(x));
            assert_eq!(v.lanes()[0].to_bits(), tanh(x).to_bits(), "{x}");
            let mut both = [0.0; 2];
            unsafe { tanh2(F2::load([x, y].as_ptr())).store(both.as_mut_ptr()) };
            assert_eq!((both[0].to_bits(), both[1].to_bits()), (tanh(x).to_bits(), tanh(y).to_bits()), "{x} {y}");
            x += 0.000_913;
        }
        for &x in &[0.0, -0.0, 1e-300, -1e-310, 20.0, -20.5, 1e300, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(tanh2(F2::splat(x)).lanes()[1].to_bits(), tanh(x).to_bits(), "{x}");
        }
        assert!(tanh2(F2::splat(f64::NAN)).lanes()[0].is_nan());
    }
}
