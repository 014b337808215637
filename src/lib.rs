//! NeuralScope: a neural-network playground in the browser.
//!
//! - [`engine`]: the training engine, pure Rust + ndarray (no web crates), tested natively.
//! - [`render`]: drawing; plotters charts generic over the backend, ImageData heatmaps.
//! - [`ui`]: Leptos components, app state, the animation loop, URL state.
pub mod engine;
pub mod render;
pub mod ui;
