//! Browser test: the fixed 100-epoch scenario (crates/engine/tests/golden/scenario.rs)
//! must give, in wasm32, exactly the loss history computed natively
//! (crates/engine/tests/golden/history.rs, printed with `{:?}`, i.e. exact round-trip
//! digits). Every transcendental function is libm or basic IEEE arithmetic,
//! so bit-equality is asserted, not a tolerance.
//! Run: `wasm-pack test --headless --chrome -- --test wasm_engine`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../crates/engine/tests/golden/history.rs"]
mod history;
#[path = "../crates/engine/tests/golden/history32.rs"]
mod history32;
#[path = "../crates/engine/tests/golden/rnn_history.rs"]
mod rnn_history;
#[path = "../crates/engine/tests/golden/rnn_scenario.rs"]
mod rnn_scenario;
#[path = "../crates/engine/tests/golden/scenario.rs"]
mod scenario;

/// The recurrent net's 30-epoch run (backpropagation through time, Adam) gives
/// in wasm32 exactly the losses computed natively.
#[wasm_bindgen_test]
fn browser_rnn_history_matches_native_bit_for_bit() {
    let h = rnn_scenario::run();
    assert_eq!(h.len(), rnn_history::GOLDEN_RNN.len());
    for (i, (got, want)) in h.iter().zip(rnn_history::GOLDEN_RNN.iter()).enumerate() {
        assert_eq!(got.to_bits(), want.to_bits(), "rnn loss, epoch {i}: {got} vs {want}");
    }
}

#[wasm_bindgen_test]
fn browser_history_matches_native_bit_for_bit() {
    let h = scenario::run();
    assert_eq!(h.len(), history::GOLDEN.len());
    for (i, (got, want)) in h.iter().zip(history::GOLDEN.iter()).enumerate() {
        assert_eq!(got.0.to_bits(), want.0.to_bits(), "train loss, epoch {i}: {} vs {}", got.0, want.0);
        assert_eq!(got.1.to_bits(), want.1.to_bits(), "test loss, epoch {i}: {} vs {}", got.1, want.1);
    }
}

/// The same in `f32`, the precision the page trains in.
#[wasm_bindgen_test]
fn browser_f32_history_matches_native_bit_for_bit() {
    let h = scenario::run_in::<f32>();
    assert_eq!(h.len(), history32::GOLDEN32.len());
    for (i, (got, want)) in h.iter().zip(history32::GOLDEN32.iter()).enumerate() {
        assert_eq!(got.0.to_bits(), want.0.to_bits(), "f32 train loss, epoch {i}: {} vs {}", got.0, want.0);
        assert_eq!(got.1.to_bits(), want.1.to_bits(), "f32 test loss, epoch {i}: {} vs {}", got.1, want.1);
    }
}

#[wasm_bindgen_test]
fn tanh_and_libm_agree_with_native_on_sample_points() {
    // Computed natively, printed with {:?}.
    let xs = [-3.7, -0.5, 0.1, 0.9, 2.2];
    let tanh: [f64; 5] = [-0.998778241281131, -0.46211715726000974, 0.09966799462495582, 0.7162978701990245, 0.9757431300314515];
    let mix: [f64; 5] = [2.102122176094846, 0.5325702292165948, 1.3003145145268007, 3.884783906956828, 10.996660713059393];
    for i in 0..5 {
        let x = xs[i];
        assert_eq!(neuralscope_engine::math::fastmath::tanh(x).to_bits(), tanh[i].to_bits(), "tanh({x})");
        let m = libm::exp(x) + libm::sin(x) + libm::log1p(x.abs());
        assert_eq!(m.to_bits(), mix[i].to_bits(), "libm at {x}");
    }
}
