//! Prints the engine benchmark (medians of several runs):
//! `cargo run --release --example bench [-- runs]`.
use neuralscope::engine::bench::run_all;
use std::time::Instant;

fn main() {
    let runs = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(7);
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    let r = run_all(runs, &now);
    println!("median of {runs} runs");
    println!("(a) XOR quadrants 2-4-2-1, eval every epoch : {:>9.0} epochs/s", r.xor.epochs_per_sec);
    println!("(b) spiral 7-8x6-1, eval every epoch        : {:>9.0} epochs/s", r.spiral.epochs_per_sec);
    println!("(b) spiral 7-8x6-1, training only           : {:>9.0} epochs/s", r.spiral_train_only.epochs_per_sec);
    println!("(b) 100x100 grid of every neuron            : {:>9.3} ms", r.grid.median_ms);
    println!("{}", serde_json::to_string(&r).unwrap());
}
