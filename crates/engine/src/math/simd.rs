//! A two-lane `f64` vector for the dense kernels: wasm `simd128` in the
//! browser (when compiled with `-C target-feature=+simd128`, see
//! `.cargo/config.toml`), SSE2 natively on x86-64, plain pairs elsewhere.
//!
//! Only lane-wise IEEE-754 operations (`+ − × ÷`, sign-bit operations,
//! comparisons, integer bit manipulation) are offered, and nothing is fused
//! or reordered, so code written with [`F2`] gives exactly the bits of the
//! same scalar code on every platform. Explicit vectors are used because
//! LLVM's auto-vectoriser leaves the small fixed-size blocks scalar on wasm32.
//!
//! [`F4`], four `f32` lanes, serves display-only paths (the grid of every
//! neuron's output), where single precision is ample and bit-identity across
//! platforms is not required.

#![allow(unsafe_code)]

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    /// Two `f64` lanes.
    #[derive(Clone, Copy)]
    #[repr(transparent)]
    pub struct F2(v128);

    impl F2 {
        #[inline(always)]
        pub fn splat(x: f64) -> F2 {
            F2(f64x2_splat(x))
        }
        /// # Safety
        /// `p` is valid for reading two `f64`.
        #[inline(always)]
        pub unsafe fn load(p: *const f64) -> F2 {
            F2(v128_load(p as *const v128))
        }
        /// # Safety
        /// `p` is valid for writing two `f64`.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f64) {
            v128_store(p as *mut v128, self.0)
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)] // plain lane ops, named as the instructions; no operator overloading
        pub fn add(self, o: F2) -> F2 {
            F2(f64x2_add(self.0, o.0))
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn sub(self, o: F2) -> F2 {
            F2(f64x2_sub(self.0, o.0))
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn mul(self, o: F2) -> F2 {
            F2(f64x2_mul(self.0, o.0))
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn div(self, o: F2) -> F2 {
            F2(f64x2_div(self.0, o.0))
        }
        /// Clears the sign bits (`f64::abs`).
        #[inline(always)]
        pub fn abs(self) -> F2 {
            F2(f64x2_abs(self.0))
        }
        /// Magnitude of `self`, sign of `s` (`f64::copysign`).
        #[inline(always)]
        pub fn copysign(self, s: F2) -> F2 {
            F2(v128_bitselect(s.0, self.0, f64x2_splat(-0.0)))
        }
        /// `if self > hi { hi } else { self }` per lane (NaN stays NaN).
        #[inline(always)]
        pub fn min_gt(self, hi: f64) -> F2 {
            // pmin(a, b) = if b < a { b } else { a }: exactly the scalar form, NaN included.
            F2(f64x2_pmin(self.0, f64x2_splat(hi)))
        }
        /// `f64::from_bits((self.to_bits() − c) << 52)` per lane (wrapping).
        #[inline(always)]
        pub fn bits_sub_shl52(self, c: u64) -> F2 {
            F2(i64x2_shl(i64x2_sub(self.0, i64x2_splat(c as i64)), 52))
        }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            [f64x2_extract_lane::<0>(self.0), f64x2_extract_lane::<1>(self.0)]
        }
    }

    /// Four `f32` lanes (display-only paths, see [`crate::dense::fastgrid`]).
    #[derive(Clone, Copy)]
    #[repr(transparent)]
    pub struct F4(v128);

    #[allow(clippy::should_implement_trait)] // named like F2's lane operations
    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> F4 {
            F4(f32x4_splat(x))
        }
        /// # Safety
        /// `p` is valid for reading four `f32`.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> F4 {
            F4(v128_load(p as *const v128))
        }
        /// # Safety
        /// `p` is valid for writing four `f32`.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            v128_store(p as *mut v128, self.0)
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)] // plain lane ops, named as the instructions; no operator overloading
        pub fn add(self, o: F4) -> F4 {
            F4(f32x4_add(self.0, o.0))
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn sub(self, o: F4) -> F4 {
            F4(f32x4_sub(self.0, o.0))
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn mul(self, o: F4) -> F4 {
            F4(f32x4_mul(self.0, o.0))
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn div(self, o: F4) -> F4 {
            F4(f32x4_div(self.0, o.0))
        }
        /// `if o < self { o } else { self }` per lane.
        #[inline(always)]
        pub fn min(self, o: F4) -> F4 {
            F4(f32x4_pmin(self.0, o.0))
        }
        /// `if self < o { o } else { self }` per lane.
        #[inline(always)]
        pub fn max(self, o: F4) -> F4 {
            F4(f32x4_pmax(self.0, o.0))
        }
        #[inline(always)]
        pub fn lanes(self) -> [f32; 4] {
            [
                f32x4_extract_lane::<0>(self.0),
                f32x4_extract_lane::<1>(self.0),
                f32x4_extract_lane::<2>(self.0),
                f32x4_extract_lane::<3>(self.0),
            ]
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use core::arch::x86_64::*;

    /// Two `f64` lanes.
    #[derive(Clone, Copy)]
    #[repr(transparent)]
    pub struct F2(__m128d);

    // SAFETY (all blocks below): SSE2 is part of the x86-64 baseline.
    impl F2 {
        #[inline(always)]
        pub fn splat(x: f64) -> F2 {
            unsafe { F2(_mm_set1_pd(x)) }
        }
        /// # Safety
        /// `p` is valid for reading two `f64`.
        #[inline(always)]
        pub unsafe fn load(p: *const f64) -> F2 {
            F2(_mm_loadu_pd(p))
        }
        /// # Safety
        /// `p` is valid for writing two `f64`.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f64) {
            _mm_storeu_pd(p, self.0)
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)] // plain lane ops, named as the instructions; no operator overloading
        pub fn add(self, o: F2) -> F2 {
            unsafe { F2(_mm_add_pd(self.0, o.0)) }
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn sub(self, o: F2) -> F2 {
            unsafe { F2(_mm_sub_pd(self.0, o.0)) }
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn mul(self, o: F2) -> F2 {
            unsafe { F2(_mm_mul_pd(self.0, o.0)) }
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn div(self, o: F2) -> F2 {
            unsafe { F2(_mm_div_pd(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn abs(self) -> F2 {
            unsafe { F2(_mm_andnot_pd(_mm_set1_pd(-0.0), self.0)) }
        }
        #[inline(always)]
        pub fn copysign(self, s: F2) -> F2 {
            unsafe {
                let m = _mm_set1_pd(-0.0);
                F2(_mm_or_pd(_mm_and_pd(m, s.0), _mm_andnot_pd(m, self.0)))
            }
        }
        #[inline(always)]
        pub fn min_gt(self, hi: f64) -> F2 {
            // MINPD(a, b) = if a < b { a } else { b }: exactly the scalar form, NaN included.
            unsafe { F2(_mm_min_pd(_mm_set1_pd(hi), self.0)) }
        }
        #[inline(always)]
        pub fn bits_sub_shl52(self, c: u64) -> F2 {
            unsafe {
                let i = _mm_sub_epi64(_mm_castpd_si128(self.0), _mm_set1_epi64x(c as i64));
                F2(_mm_castsi128_pd(_mm_slli_epi64::<52>(i)))
            }
        }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            let mut out = [0.0; 2];
            unsafe { _mm_storeu_pd(out.as_mut_ptr(), self.0) };
            out
        }
    }

    /// Four `f32` lanes (display-only paths, see [`crate::dense::fastgrid`]).
    #[derive(Clone, Copy)]
    #[repr(transparent)]
    pub struct F4(__m128);

    // SAFETY (all blocks below): SSE and SSE2 are part of the x86-64 baseline.
    #[allow(clippy::should_implement_trait)] // named like F2's lane operations
    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> F4 {
            unsafe { F4(_mm_set1_ps(x)) }
        }
        /// # Safety
        /// `p` is valid for reading four `f32`.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> F4 {
            F4(_mm_loadu_ps(p))
        }
        /// # Safety
        /// `p` is valid for writing four `f32`.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            _mm_storeu_ps(p, self.0)
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)] // plain lane ops, named as the instructions; no operator overloading
        pub fn add(self, o: F4) -> F4 {
            unsafe { F4(_mm_add_ps(self.0, o.0)) }
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn sub(self, o: F4) -> F4 {
            unsafe { F4(_mm_sub_ps(self.0, o.0)) }
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn mul(self, o: F4) -> F4 {
            unsafe { F4(_mm_mul_ps(self.0, o.0)) }
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn div(self, o: F4) -> F4 {
            unsafe { F4(_mm_div_ps(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn min(self, o: F4) -> F4 {
            // MINPS(a, b) = if a < b { a } else { b }.
            unsafe { F4(_mm_min_ps(o.0, self.0)) }
        }
        #[inline(always)]
        pub fn max(self, o: F4) -> F4 {
            // MAXPS(a, b) = if a > b { a } else { b }.
            unsafe { F4(_mm_max_ps(o.0, self.0)) }
        }
        #[inline(always)]
        pub fn lanes(self) -> [f32; 4] {
            let mut out = [0.0; 4];
            unsafe { _mm_storeu_ps(out.as_mut_ptr(), self.0) };
            out
        }
    }
}

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
mod imp {
    /// Two `f64` lanes.
    #[derive(Clone, Copy)]
    pub struct F2([f64; 2]);

    impl F2 {
        #[inline(always)]
        fn map2(self, o: F2, f: impl Fn(f64, f64) -> f64) -> F2 {
            F2([f(self.0[0], o.0[0]), f(self.0[1], o.0[1])])
        }
        #[inline(always)]
        pub fn splat(x: f64) -> F2 {
            F2([x, x])
        }
        /// # Safety
        /// `p` is valid for reading two `f64`.
        #[inline(always)]
        pub unsafe fn load(p: *const f64) -> F2 {
            F2([*p, *p.add(1)])
        }
        /// # Safety
        /// `p` is valid for writing two `f64`.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f64) {
            *p = self.0[0];
            *p.add(1) = self.0[1];
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)] // plain lane ops, named as the instructions; no operator overloading
        pub fn add(self, o: F2) -> F2 {
            self.map2(o, |a, b| a + b)
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn sub(self, o: F2) -> F2 {
            self.map2(o, |a, b| a - b)
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn mul(self, o: F2) -> F2 {
            self.map2(o, |a, b| a * b)
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn div(self, o: F2) -> F2 {
            self.map2(o, |a, b| a / b)
        }
        #[inline(always)]
        pub fn abs(self) -> F2 {
            F2([self.0[0].abs(), self.0[1].abs()])
        }
        #[inline(always)]
        pub fn copysign(self, s: F2) -> F2 {
            self.map2(s, f64::copysign)
        }
        #[inline(always)]
        pub fn min_gt(self, hi: f64) -> F2 {
            F2(self.0.map(|x| if x > hi { hi } else { x }))
        }
        #[inline(always)]
        pub fn bits_sub_shl52(self, c: u64) -> F2 {
            F2(self.0.map(|x| f64::from_bits(x.to_bits().wrapping_sub(c) << 52)))
        }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            self.0
        }
    }

    /// Four `f32` lanes.
    #[derive(Clone, Copy)]
    pub struct F4([f32; 4]);

    #[allow(clippy::should_implement_trait)] // named like F2's lane operations
    impl F4 {
        #[inline(always)]
        fn map2(self, o: F4, f: impl Fn(f32, f32) -> f32) -> F4 {
            F4([f(self.0[0], o.0[0]), f(self.0[1], o.0[1]), f(self.0[2], o.0[2]), f(self.0[3], o.0[3])])
        }
        #[inline(always)]
        pub fn splat(x: f32) -> F4 {
            F4([x; 4])
        }
        /// # Safety
        /// `p` is valid for reading four `f32`.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> F4 {
            F4([*p, *p.add(1), *p.add(2), *p.add(3)])
        }
        /// # Safety
        /// `p` is valid for writing four `f32`.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            for (i, &x) in self.0.iter().enumerate() {
                *p.add(i) = x;
            }
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)] // plain lane ops, named as the instructions; no operator overloading
        pub fn add(self, o: F4) -> F4 {
            self.map2(o, |a, b| a + b)
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn sub(self, o: F4) -> F4 {
            self.map2(o, |a, b| a - b)
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn mul(self, o: F4) -> F4 {
            self.map2(o, |a, b| a * b)
        }
        #[inline(always)]
        #[allow(clippy::should_implement_trait)]
        pub fn div(self, o: F4) -> F4 {
            self.map2(o, |a, b| a / b)
        }
        #[inline(always)]
        pub fn min(self, o: F4) -> F4 {
            self.map2(o, |a, b| if b < a { b } else { a })
        }
        #[inline(always)]
        pub fn max(self, o: F4) -> F4 {
            self.map2(o, |a, b| if a < b { b } else { a })
        }
        #[inline(always)]
        pub fn lanes(self) -> [f32; 4] {
            self.0
        }
    }
}

pub use imp::{F2, F4};

#[cfg(test)]
mod tests {
    use super::{F2, F4};

    #[test]
    fn lane_ops_match_scalar() {
        let xs = [1.5, -2.25, 0.0, -0.0, 1e308, -3.0, f64::INFINITY, f64::NAN, 25.0, -30.0];
        for &a in &xs {
            for &b in &xs {
                let (va, vb) = (F2::splat(a), F2::splat(b));
                let same = |v: F2, s: f64| v.lanes().iter().all(|l| l.to_bits() == s.to_bits());
                assert!(same(va.add(vb), a + b) && same(va.sub(vb), a - b));
                assert!(same(va.mul(vb), a * b) && same(va.div(vb), a / b));
                assert!(same(va.abs(), a.abs()) && same(va.copysign(vb), a.copysign(b)));
                assert!(same(va.min_gt(20.0), if a > 20.0 { 20.0 } else { a }));
            }
        }
        let t = 6_755_399_441_055_744.0f64 + 5.0;
        let c = 6_755_399_441_055_744.0f64.to_bits().wrapping_sub(1023);
        assert_eq!(F2::splat(t).bits_sub_shl52(c).lanes()[0], 32.0);
        let mut out = [0.0; 2];
        unsafe { F2::load([3.0, 4.0].as_ptr()).store(out.as_mut_ptr()) };
        assert_eq!(out, [3.0, 4.0]);
    }

    #[test]
    fn four_lanes_match_scalar() {
        let xs = [1.5f32, -2.25, 0.0, -3.0, 25.0, 1e30];
        for &a in &xs {
            for &b in &xs {
                let (va, vb) = (F4::splat(a), F4::splat(b));
                let same = |v: F4, s: f32| v.lanes().iter().all(|l| l.to_bits() == s.to_bits());
                assert!(same(va.add(vb), a + b) && same(va.mul(vb), a * b) && same(va.div(vb), a / b));
                assert!(same(va.min(vb), a.min(b)) && same(va.max(vb), a.max(b)));
            }
        }
        let v = unsafe { F4::load([1.0f32, -2.5, 3.25, 1e-3].as_ptr()) };
        let mut o32 = [0.0f32; 4];
        unsafe { v.store(o32.as_mut_ptr()) };
        assert_eq!(o32, [1.0, -2.5, 3.25, 1e-3]);
        let (nan, zero) = (F4::splat(f32::NAN), F4::splat(0.0));
        assert!(nan.max(zero).lanes()[0].is_nan() && nan.min(zero).lanes()[0].is_nan());
        assert_eq!((zero.max(nan).lanes()[0], zero.min(nan).lanes()[0]), (0.0, 0.0));
    }
}
