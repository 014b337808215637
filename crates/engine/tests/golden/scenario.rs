//! The fixed 100-epoch scenario whose loss history must be bit-identical
//! natively (tests/engine_golden.rs) and in the browser (tests/wasm_engine.rs).
//! It exercises libm (`sin`, `cos`, `exp`, `log1p`, `sqrt`), the fast tanh,
//! the seeded PRNG (data, init, shuffling, dropout), Adam and cross-entropy.
//! It runs in `f64` (history.rs) and in `f32` (history32.rs: the page's precision).
use neuralscope_engine::data::features::Feature;
use neuralscope_engine::data::DataKind;
use neuralscope_engine::dense::config::{HiddenLayer, TrainConfig};
use neuralscope_engine::dense::trainer::Trainer;
use neuralscope_engine::math::activation::Activation;
use neuralscope_engine::math::loss::Loss;
use neuralscope_engine::math::optimizer::{OptimizerConfig, OptimizerKind};
use neuralscope_engine::math::real::Real;

pub fn config() -> TrainConfig {
    let mut c = TrainConfig::default();
    c.data.kind = DataKind::Spiral;
    c.data.n_points = 100;
    c.data.noise = 0.2;
    c.data.seed = 42;
    c.features = vec![Feature::X1, Feature::X2, Feature::SinX1, Feature::X1TimesX2];
    c.hidden = vec![HiddenLayer { neurons: 5, activation: Activation::Tanh }, HiddenLayer { neurons: 4, activation: Activation::Swish }];
    c.output_activation = Activation::Sigmoid.into();
    c.loss = Loss::CrossEntropy;
    c.optimizer = OptimizerConfig::of(OptimizerKind::Adam);
    c.learning_rate = 0.01;
    c.dropout = 0.1;
    c.batch_size = 8;
    c.seed = 2024;
    c
}

/// `(train loss, test loss)` for epochs 0..=100, in `f64`.
pub fn run() -> Vec<(f64, f64)> {
    run_in::<f64>()
}

/// `(train loss, test loss)` for epochs 0..=100, trained in precision `R`.
pub fn run_in<R: Real>() -> Vec<(f64, f64)> {
    let mut t = Trainer::<R>::build(&config()).unwrap();
    t.train_epochs(100).unwrap();
    t.history().iter().map(|s| (s.train_loss, s.test_loss.unwrap())).collect()
}
