//! Benchmarks as pure functions taking a clock (`now()` in milliseconds), so
//! `examples/bench.rs` natively and a browser page run exactly the same code.
//! No `std::time` here: it panics on wasm32.
//!
//! Cases: (a) XOR quadrants, 2-4-2-1 tanh; (b) spiral, 250 training points,
//! features X1 X2 X1² X2² X1X2 sinX1 sinX2, 6 hidden layers × 8 tanh,
//! batch 10, SGD; and a 100 × 100 grid of every neuron's output on (b).

use crate::data::features::Feature;
use crate::data::DataKind;
use crate::dense::config::{HiddenLayer, TrainConfig};
use crate::dense::trainer::Trainer;
use crate::dense::views::GridBuffers;
use crate::math::activation::Activation;
use crate::math::real::Real;
use serde::{Deserialize, Serialize};

/// Case (a): XOR quadrants, features X1 X2, hidden 4 and 2 tanh, tanh output, batch 10.
pub fn xor_case() -> TrainConfig {
    let mut c = TrainConfig::default();
    c.data.kind = DataKind::XorQuadrants;
    c
}

/// Case (b): spiral, 500 points (250 for training), 7 features, 6 × 8 tanh, batch 10, SGD.
pub fn spiral_case() -> TrainConfig {
    let mut c = TrainConfig::default();
    c.data.kind = DataKind::Spiral;
    c.data.n_points = 500;
    c.data.train_fraction = 0.5;
    c.features = Feature::all().to_vec();
    c.hidden = vec![HiddenLayer { neurons: 8, activation: Activation::Tanh }; 6];
    c.batch_size = 10;
    c
}

/// Training speed.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainBench {
    /// Epochs timed per run.
    pub epochs: u64,
    /// Median over runs of the time per run, milliseconds.
    pub median_ms: f64,
    /// `epochs / median time`.
    pub epochs_per_sec: f64,
    /// Whether every epoch was evaluated (train and test loss), as the UI does.
    pub with_eval: bool,
}

/// Grid speed.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridBench {
    /// Grid side.
    pub n: usize,
    /// Median time of one full grid pass, milliseconds.
    pub median_ms: f64,
}

/// All figures. Training is timed in `f32`, the precision the page trains in;
/// `spiral_train_only_f64` is the same case in `f64`, for the ratio.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    /// Case (a), evaluated every epoch.
    pub xor: TrainBench,
    /// Case (b), evaluated every epoch.
    pub spiral: TrainBench,
    /// Case (b), training only (no per-epoch evaluation).
    pub spiral_train_only: TrainBench,
    /// Case (b), training only, in `f64`.
    pub spiral_train_only_f64: TrainBench,
    /// 100 × 100 grid on case (b).
    pub grid: GridBench,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// Times `runs` runs of `epochs` epochs each in precision `R` (fresh trainer
/// per run) and reports the median. Untimed warm-up runs come first: at least
/// one, and for at least [`WARM_MS`] (in a browser, V8's optimized code
/// for this case's functions arrives only after they have run a while: see
/// [`GRID_WARM_PASSES`]; a Web Worker, unlike a page, gets no cached code from an
/// earlier load, so without it the f64 case measured half its speed there).
pub fn bench_training<R: Real>(cfg: &TrainConfig, epochs: u64, runs: usize, with_eval: bool, now: &dyn Fn() -> f64) -> TrainBench {
    let run = || {
        let mut t = Trainer::<R>::build(cfg).expect("bench configs are valid");
        if !with_eval {
            t.set_eval_every(u64::MAX);
        }
        let t0 = now();
        t.train_epochs(epochs).expect("bench configs train");
        now() - t0
    };
    let warm_start = now();
    run();
    while now() - warm_start < WARM_MS {
        run();
    }
    let times = (0..runs).map(|_| run()).collect();
    let m = median(times);
    TrainBench { epochs, median_ms: m, epochs_per_sec: epochs as f64 / (m / 1000.0), with_eval }
}

/// Grid passes run before timing starts: at least this many, and for at
/// least [`WARM_MS`]. In a browser, V8 first runs a wasm function with its
/// baseline compiler (Liftoff) and swaps in optimized code (TurboFan) only
/// after the function has run for a while; the first dozen grid passes there
/// take 2–4× longer. The playground repaints the grid every frame for minutes,
/// so the optimized steady state is what the figure should describe.
pub const GRID_WARM_PASSES: usize = 40;
/// Least warm-up, in milliseconds, before any case is timed: every training
/// case and the grid (see [`GRID_WARM_PASSES`] for why).
pub const WARM_MS: f64 = 300.0;

/// Times `reps` grid passes of side `n` over a trainer of `cfg` (after the
/// warm-up of [`GRID_WARM_PASSES`]) and reports the median.
pub fn bench_grid(cfg: &TrainConfig, n: usize, reps: usize, now: &dyn Fn() -> f64) -> GridBench {
    let t = Trainer::<f32>::build(cfg).expect("bench configs are valid");
    let mut buf = GridBuffers::new();
    let t0 = now();
    let mut warm = 0;
    while warm < GRID_WARM_PASSES || now() - t0 < WARM_MS {
        t.grid_outputs(n, &mut buf);
        warm += 1;
    }
    let times = (0..reps)
        .map(|_| {
            let t0 = now();
            t.grid_outputs(n, &mut buf);
            now() - t0
        })
        .collect();
    GridBench { n, median_ms: median(times) }
}

/// Runs every case with the given effort (`runs` per case; 5 is a good value).
pub fn run_all(runs: usize, now: &dyn Fn() -> f64) -> BenchReport {
    BenchReport {
        xor: bench_training::<f32>(&xor_case(), 1000, runs, true, now),
        spiral: bench_training::<f32>(&spiral_case(), 300, runs, true, now),
        spiral_train_only: bench_training::<f32>(&spiral_case(), 300, runs, false, now),
        spiral_train_only_f64: bench_training::<f64>(&spiral_case(), 300, runs, false, now),
        grid: bench_grid(&spiral_case(), 100, runs.max(5) * 4, now),
    }
}
