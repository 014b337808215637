//! The engine's floating-point type, as a type parameter: [`Real`] is `f64`
//! (the precision of the gradient checks and of the reference comparison) or
//! `f32` (what the page trains in: twice the SIMD lanes, half the memory).
//! The same code is compiled for both; nothing is written twice.
//!
//! Determinism holds in both: every operation is a plain IEEE-754 operation
//! (never fused, never reordered) or a function from `libm` / [`fastmath`](crate::math::fastmath),
//! which are the same Rust code natively and on wasm32, so a seed gives the
//! same bits on both for either type.

use crate::math::simd::{F2, F4};
use std::fmt::{Debug, Display};
use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// A vector of [`Lane::N`] values of one [`Real`] type, for the kernels'
/// register blocks: [`F2`] for `f64`, [`F4`] for `f32`. Lane-wise IEEE
/// operations only, so a lane gives exactly the bits of the scalar code.
pub trait Lane<R>: Copy {
    /// Lanes per vector.
    const N: usize;
    /// Every lane `x`.
    fn splat(x: R) -> Self;
    /// Reads `N` values.
    ///
    /// # Safety
    /// `p` is valid for reading `N` values.
    unsafe fn load(p: *const R) -> Self;
    /// Writes `N` values.
    ///
    /// # Safety
    /// `p` is valid for writing `N` values.
    unsafe fn store(self, p: *mut R);
    /// Lane-wise `+`.
    fn add(self, o: Self) -> Self;
    /// Lane-wise `−`.
    fn sub(self, o: Self) -> Self;
    /// Lane-wise `×`.
    fn mul(self, o: Self) -> Self;
    /// The lanes summed in order (for the finiteness checks: `Σ v·0` is 0 exactly when every `v` is finite).
    fn sum(self) -> R;
}

impl Lane<f64> for F2 {
    const N: usize = 2;
    #[inline(always)]
    fn splat(x: f64) -> Self {
        F2::splat(x)
    }
    #[inline(always)]
    unsafe fn load(p: *const f64) -> Self {
        F2::load(p)
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f64) {
        F2::store(self, p)
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        F2::add(self, o)
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        F2::sub(self, o)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        F2::mul(self, o)
    }
    #[inline(always)]
    fn sum(self) -> f64 {
        let [a, b] = self.lanes();
        a + b
    }
}

impl Lane<f32> for F4 {
    const N: usize = 4;
    #[inline(always)]
    fn splat(x: f32) -> Self {
        F4::splat(x)
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        F4::load(p)
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        F4::store(self, p)
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        F4::add(self, o)
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        F4::sub(self, o)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        F4::mul(self, o)
    }
    #[inline(always)]
    fn sum(self) -> f32 {
        let [a, b, c, d] = self.lanes();
        ((a + b) + c) + d
    }
}

/// `f64` or `f32`: the arithmetic the engine needs, the transcendental
/// functions it uses (from `libm`, or [`fastmath`](crate::math::fastmath) for tanh), and its lane type.
pub trait Real:
    Copy
    + Default
    + PartialEq
    + PartialOrd
    + Debug
    + Display
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
    + Sum
{
    /// The register vector of this type.
    type Lane: Lane<Self>;
    /// "f64" or "f32".
    const NAME: &'static str;
    /// `0`.
    const ZERO: Self;
    /// `1`.
    const ONE: Self;
    /// `−∞`.
    const NEG_INFINITY: Self;
    /// `x` rounded to this type (exact for `f64`).
    fn of(x: f64) -> Self;
    /// This value as `f64` (always exact).
    fn f64(self) -> f64;
    /// `e^x`.
    fn exp(self) -> Self;
    /// `e^x − 1`.
    fn expm1(self) -> Self;
    /// `ln(1 + x)`.
    fn log1p(self) -> Self;
    /// `ln x`.
    fn ln(self) -> Self;
    /// `sin x`.
    fn sin(self) -> Self;
    /// `cos x`.
    fn cos(self) -> Self;
    /// `√x`.
    fn sqrt(self) -> Self;
    /// `|x|`.
    fn abs(self) -> Self;
    /// `tanh x`, with the same bits as one lane of [`Real::tanh_block`].
    fn tanh(self) -> Self;
    /// `tanh` of `V` vectors, interleaved (see [`fastmath`](crate::math::fastmath)).
    fn tanh_block<const V: usize>(x: [Self::Lane; V]) -> [Self::Lane; V];
    /// Neither NaN nor ±∞.
    fn is_finite(self) -> bool;
    /// The larger of two (NaN-free inputs).
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        if o > self {
            o
        } else {
            self
        }
    }
    /// `self` limited to `[lo, hi]`.
    #[inline(always)]
    fn clamp(self, lo: Self, hi: Self) -> Self {
        if self < lo {
            lo
        } else if self > hi {
            hi
        } else {
            self
        }
    }
}

impl Real for f64 {
    type Lane = F2;
    const NAME: &'static str = "f64";
    const ZERO: f64 = 0.0;
    const ONE: f64 = 1.0;
    const NEG_INFINITY: f64 = f64::NEG_INFINITY;
    #[inline(always)]
    fn of(x: f64) -> f64 {
        x
    }
    #[inline(always)]
    fn f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn exp(self) -> f64 {
        libm::exp(self)
    }
    #[inline(always)]
    fn expm1(self) -> f64 {
        libm::expm1(self)
    }
    #[inline(always)]
    fn log1p(self) -> f64 {
        libm::log1p(self)
    }
    #[inline(always)]
    fn ln(self) -> f64 {
        libm::log(self)
    }
    #[inline(always)]
    fn sin(self) -> f64 {
        libm::sin(self)
    }
    #[inline(always)]
    fn cos(self) -> f64 {
        libm::cos(self)
    }
    #[inline(always)]
    fn sqrt(self) -> f64 {
        libm::sqrt(self)
    }
    #[inline(always)]
    fn abs(self) -> f64 {
        libm::fabs(self)
    }
    #[inline(always)]
    fn tanh(self) -> f64 {
        crate::math::fastmath::tanh(self)
    }
    #[inline(always)]
    fn tanh_block<const V: usize>(x: [F2; V]) -> [F2; V] {
        crate::math::fastmath::tanh2_block(x)
    }
    #[inline(always)]
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
}

impl Real for f32 {
    type Lane = F4;
    const NAME: &'static str = "f32";
    const ZERO: f32 = 0.0;
    const ONE: f32 = 1.0;
    const NEG_INFINITY: f32 = f32::NEG_INFINITY;
    #[inline(always)]
    fn of(x: f64) -> f32 {
        x as f32
    }
    #[inline(always)]
    fn f64(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn exp(self) -> f32 {
        libm::expf(self)
    }
    #[inline(always)]
    fn expm1(self) -> f32 {
        libm::expm1f(self)
    }
    #[inline(always)]
    fn log1p(self) -> f32 {
        libm::log1pf(self)
    }
    #[inline(always)]
    fn ln(self) -> f32 {
        libm::logf(self)
    }
    #[inline(always)]
    fn sin(self) -> f32 {
        libm::sinf(self)
    }
    #[inline(always)]
    fn cos(self) -> f32 {
        libm::cosf(self)
    }
    #[inline(always)]
    fn sqrt(self) -> f32 {
        libm::sqrtf(self)
    }
    #[inline(always)]
    fn abs(self) -> f32 {
        libm::fabsf(self)
    }
    #[inline(always)]
    fn tanh(self) -> f32 {
        crate::math::fastmath::tanh32(self)
    }
    #[inline(always)]
    fn tanh_block<const V: usize>(x: [F4; V]) -> [F4; V] {
        crate::math::fastmath::tanh4_block(x)
    }
    #[inline(always)]
    fn is_finite(self) -> bool {
        f32::is_finite(self)
    }
}

/// `x` in the type `R` (shorthand for constants in generic code).
#[inline(always)]
pub fn r<R: Real>(x: f64) -> R {
    R::of(x)
}

/// A slice converted to `f64` (exact).
pub fn to_f64<R: Real>(v: &[R]) -> Vec<f64> {
    v.iter().map(|x| x.f64()).collect()
}

/// A slice converted to `R` (rounded to nearest).
pub fn from_f64<R: Real>(v: &[f64]) -> Vec<R> {
    v.iter().map(|&x| R::of(x)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_sums_and_tanh_match_the_scalar_code() {
        let x4 = [0.3f32, -1.7, 4.25, -0.0];
        let v = unsafe { <F4 as Lane<f32>>::load(x4.as_ptr()) };
        assert_eq!(Lane::sum(v), ((0.3f32 + -1.7) + 4.25) + -0.0);
        let t = <f32 as Real>::tanh_block([v])[0].lanes();
        for i in 0..4 {
            assert_eq!(t[i].to_bits(), Real::tanh(x4[i]).to_bits(), "{}", x4[i]);
        }
        let x2 = [0.3f64, -1.7];
        let v = unsafe { <F2 as Lane<f64>>::load(x2.as_ptr()) };
        let t = <f64 as Real>::tanh_block([v])[0].lanes();
        assert_eq!((t[0].to_bits(), t[1].to_bits()), (Real::tanh(0.3f64).to_bits(), Real::tanh(-1.7f64).to_bits()));
    }
}
