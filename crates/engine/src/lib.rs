//! The training engine: pure Rust and ndarray. It must never name a web crate
//! (the UI framework, browser bindings or chart crates); `make test` checks that.
//!
//! Every transcendental function in the engine comes from `libm`, never from
//! std's `f64` methods, so the same seed gives bit-identical runs natively and
//! in the browser (wasm32).
//!
//! Map: [`activation`], [`loss`], [`optimizer`], [`rng`] are shared building
//! blocks; [`data`] and [`features`] make the inputs; [`network`] holds dense
//! layers and the batched kernels; [`config`] + [`trainer`] run training;
//! [`views`] are read-only views for drawing ([`fastgrid`]: their `f32` grid pass); [`model_file`] saves and loads;
//! [`bench`] is the benchmark used natively and in the browser.

pub mod activation;
pub mod loss;
pub mod optimizer;
pub mod real;
pub mod rng;

pub mod conv;
pub mod images;

pub mod bench;
pub mod config;
pub mod data;
pub mod diagnose;
pub mod fastgrid;
pub mod fastmath;
pub mod features;
pub mod json;
pub mod kernels;
pub mod limits;
pub mod model_file;
pub mod network;
pub mod scenario;
pub mod simd;
pub mod trainer;
pub mod views;
