//! The training engine: pure Rust and ndarray. It must never name a web crate
//! (leptos, web_sys, js_sys, wasm_bindgen, plotters); `make test` checks that.
//!
//! Every transcendental function in the engine comes from `libm`, never from
//! std's `f64` methods, so the same seed gives bit-identical runs natively and
//! in the browser (wasm32).

pub mod activation;
pub mod loss;
pub mod optimizer;
pub mod rng;

pub mod conv;
pub mod images;
pub mod data;
pub mod features;
pub mod network;
pub mod views;
