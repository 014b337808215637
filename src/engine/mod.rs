//! The training engine: pure Rust and ndarray. It must never name a web crate
//! (leptos, web_sys, js_sys, wasm_bindgen, plotters); `make test` checks that.
