//! The fixed recurrent-net run whose loss history must be bit-identical natively
//! (tests/engine_rnn.rs) and in the browser (tests/wasm_engine.rs): running
//! parity over 6 bits, 6 hidden units, Adam, 30 epochs. It exercises the seeded
//! data and weights, the engine's tanh, libm's exp and log1p, shuffling and Adam.
use neuralscope_engine::rnn::task::Task;
use neuralscope_engine::rnn::trainer::{RnnConfig, RnnTrainer};

pub fn config() -> RnnConfig {
    RnnConfig {
        task: Task::Parity,
        hidden: 6,
        seq_len: 6,
        sequences: 32,
        batch: 8,
        learning_rate: 0.03,
        seed: 2024,
        ..RnnConfig::default()
    }
}

/// The training loss of epochs 0..=30.
pub fn run() -> Vec<f64> {
    let mut t = RnnTrainer::new(&config()).unwrap();
    t.train_epochs(30).unwrap();
    t.history().iter().map(|s| s.train_loss).collect()
}
