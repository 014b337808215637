//! The golden 100-epoch history, natively. tests/wasm_engine.rs checks the
//! same numbers in the browser. To regenerate after an intended change:
//! `cargo test --release --test engine_golden -- --ignored --nocapture print_golden`
//! and paste the output into tests/golden/history.rs.

#[path = "golden/history.rs"]
mod history;
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
#[ignore]
fn print_golden() {
    println!("pub const GOLDEN: [(f64, f64); 101] = {:?};", scenario::run());
}
