//! The arithmetic every network shares: the float type ([`real`]: `f32` for
//! the page, `f64` for checks), SIMD lanes ([`simd`]) and fast approximations
//! ([`fastmath`]), the seeded generator ([`rng`]), and the building blocks a
//! layer is made of: [`activation`]s, [`loss`]es and [`optimizer`]s.

pub mod activation;
pub mod fastmath;
pub mod loss;
pub mod optimizer;
pub mod real;
pub mod rng;
pub mod simd;
