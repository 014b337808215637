//! NeuralScope: a neural-network playground in the browser.
//!
//! - [`engine`]: the training engine, its own crate (`crates/engine`, pure Rust; its
//!   manifest names no web crate), re-exported here so the page says `crate::engine`.
//! - [`render`]: drawing; plotters charts generic over the backend, ImageData heatmaps.
//! - [`ui`]: Leptos components, app state, the animation loop, URL state.
pub use neuralscope_engine as engine;
pub mod render;
pub mod ui;
