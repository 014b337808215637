//! Prints the engine benchmark (medians of several runs):
//! `cargo run --release --example bench [-- runs] [--cpu]`.
//!
//! `--cpu` times with this thread's CPU time (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`,
//! Linux) instead of wall-clock time, which is steadier on a busy machine.
//! (It used to read `/proc/thread-self/schedstat`, which only advances at
//! scheduler ticks: a 4 ms quantum, so the grid always read ≈ 4.0 ms.)
use neuralscope_engine::bench::run_all;
use std::time::Instant;

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
}

const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

fn thread_cpu_ms() -> f64 {
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: a valid out-pointer; this clock exists on Linux.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args.iter().find_map(|s| s.parse().ok()).unwrap_or(7);
    let cpu = args.iter().any(|a| a == "--cpu");
    let start = Instant::now();
    let wall = move || start.elapsed().as_secs_f64() * 1000.0;
    let r = if cpu { run_all(runs, &thread_cpu_ms) } else { run_all(runs, &wall) };
    println!(
        "median of {runs} runs, {} time; training in f32 (the page's precision) unless said",
        if cpu { "thread CPU" } else { "wall-clock" }
    );
    println!("(a) XOR quadrants 2-4-2-1, eval every epoch : {:>9.0} epochs/s", r.xor.epochs_per_sec);
    println!("(b) spiral 7-8x6-1, eval every epoch        : {:>9.0} epochs/s", r.spiral.epochs_per_sec);
    println!("(b) spiral 7-8x6-1, training only           : {:>9.0} epochs/s", r.spiral_train_only.epochs_per_sec);
    println!("(b) the same in f64 (the reference)         : {:>9.0} epochs/s", r.spiral_train_only_f64.epochs_per_sec);
    println!("(b) 100x100 grid of every neuron            : {:>9.3} ms", r.grid.median_ms);
    println!("{}", serde_json::to_string(&r).unwrap());
}
