//! The training engine: pure Rust and ndarray. It must never name a web crate
//! (the UI framework, browser bindings or chart crates); `make test` checks that.
//!
//! Every transcendental function in the engine comes from `libm`, never from
//! std's `f64` methods, so the same seed gives bit-identical runs natively and
//! in the browser (wasm32).
//!
//! Map, by idea:
//! - [`math`]: the float type ([`math::real`]: `f64` for checks and reference,
//!   `f32` for the page: one code, a type parameter), SIMD lanes, the seeded
//!   generator, activations, losses, optimizers;
//! - [`data`]: the 2-D data sets, the input [`data::features`], the image sets;
//! - [`dense`]: dense networks, their SIMD kernels (and the plain reference
//!   kernels they are tested against), configuration, training, views for
//!   drawing, diagnosis of a run that goes wrong;
//! - [`conv`]: convolutional networks for the lab;
//! - [`rnn`]: a recurrent (Elman) net and its toy sequence tasks;
//! - [`autoencoder`]: an image autoencoder (dense encoder, bottleneck, decoder);
//! - [`history`]: the stats every trainer records per epoch, and their bounded list;
//! - [`train`]: what every trainer shares: [`train::Stop`], why training stopped, as data;
//! - [`io`]: model files and scenarios;
//! - [`limits`]: the ranges shared by the engine, the controls and the URL;
//!   [`text`]: numbers written for people, by the engine's messages and the page;
//!   [`mod@bench`]: the benchmark used natively and in the browser.

pub mod autoencoder;
pub mod bench;
pub mod conv;
pub mod data;
pub mod dense;
pub mod history;
pub mod io;
pub mod limits;
pub mod math;
pub mod rnn;
pub mod text;
pub mod train;
