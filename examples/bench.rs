//! Prints the engine benchmark (medians of several runs):
//! `cargo run --release --example bench [-- runs] [--cpu]`.
//!
//! `--cpu` times with this thread's CPU time (Linux `/proc/thread-self/schedstat`)
//! instead of wall-clock time, which is steadier on a busy machine.
use neuralscope::engine::bench::run_all;
use std::time::Instant;

fn thread_cpu_ms() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").expect("Linux schedstat");
    let ns: f64 = s.split_whitespace().next().unwrap().parse().unwrap();
    ns / 1e6
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args.iter().find_map(|s| s.parse().ok()).unwrap_or(7);
    let cpu = args.iter().any(|a| a == "--cpu");
    let start = Instant::now();
    let wall = move || start.elapsed().as_secs_f64() * 1000.0;
    let r = if cpu { run_all(runs, &thread_cpu_ms) } else { run_all(runs, &wall) };
    println!("median of {runs} runs, {} time", if cpu { "thread CPU" } else { "wall-clock" });
    println!("(a) XOR quadrants 2-4-2-1, eval every epoch : {:>9.0} epochs/s", r.xor.epochs_per_sec);
    println!("(b) spiral 7-8x6-1, eval every epoch        : {:>9.0} epochs/s", r.spiral.epochs_per_sec);
    println!("(b) spiral 7-8x6-1, training only           : {:>9.0} epochs/s", r.spiral_train_only.epochs_per_sec);
    println!("(b) 100x100 grid of every neuron            : {:>9.3} ms", r.grid.median_ms);
    println!("{}", serde_json::to_string(&r).unwrap());
}
