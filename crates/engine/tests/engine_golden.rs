//! The golden 100-epoch history, natively. tests/wasm_engine.rs checks the
//! same numbers in the browser. To regenerate after an intended change:
//! `cargo test --release --test engine_golden -- --ignored --nocapture print_golden`
//! and paste the output into tests/golden/history.rs (the `f64` run) and
//! tests/golden/history32.rs (the `f32` run, what the page trains in).

#[path = "golden/history.rs"]
mod history;
#[path = "golden/history32.rs"]
mod history32;
#[path = "golden/scenario.rs"]
mod scenario;

#[test]
fn native_history_matches_the_golden_values_bit_for_bit() {
    let h = scenario::run();
    assert_eq!(h.len(), history::GOLDEN.len());
    for (i, (got, want)) in h.iter().zip(history::GOLDEN.iter()).enumerate() {
        assert_eq!(got.0.to_bits(), want.0.to_bits(), "train loss, epoch {i}: {} vs {}", got.0, want.0);
        assert_eq!(got.1.to_bits(), want.1.to_bits(), "test loss, epoch {i}: {} vs {}", got.1, want.1);
    }
}

#[test]
fn native_f32_history_matches_the_golden_values_bit_for_bit() {
    let h = scenario::run_in::<f32>();
    assert_eq!(h.len(), history32::GOLDEN32.len());
    for (i, (got, want)) in h.iter().zip(history32::GOLDEN32.iter()).enumerate() {
        assert_eq!(got.0.to_bits(), want.0.to_bits(), "f32 train loss, epoch {i}: {} vs {}", got.0, want.0);
        assert_eq!(got.1.to_bits(), want.1.to_bits(), "f32 test loss, epoch {i}: {} vs {}", got.1, want.1);
    }
}

#[test]
#[ignore]
fn print_golden() {
    println!("pub const GOLDEN: [(f64, f64); 101] = {:?};", scenario::run());
    println!("pub const GOLDEN32: [(f64, f64); 101] = {:?};", scenario::run_in::<f32>());
}
