//! Headless runner: `cargo run --release -p neuralscope-engine --example train -- scenario.json`.
//!
//! Reads a scenario (see `neuralscope_engine::scenario`): a model file with
//! weights, or an architecture; a data set by name + seed or as points;
//! hyper-parameters; an epoch count. Trains, printing one JSON line per epoch
//! (`epoch`, `train_loss`, `test_loss`, `train_accuracy`, `test_accuracy`),
//! then one line `{"final_model": …}`. If training diverges it prints
//! `{"diverged": "…"}` before the final (last finite) model and exits with 2.
use neuralscope_engine::model_file::ModelFile;
use neuralscope_engine::scenario::Scenario;
use std::io::Write;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: train <scenario.json>");
        std::process::exit(64);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(66);
    });
    let mut sc = Scenario::from_json(&text).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(65);
    });
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut code = 0;
    for _ in 0..sc.epochs {
        match sc.trainer.train_epoch() {
            Ok(s) => writeln!(out, "{}", serde_json::to_string(&s).unwrap()).unwrap(),
            Err(e) => {
                writeln!(out, "{}", serde_json::json!({ "diverged": e.to_string(), "error": e })).unwrap();
                code = 2;
                break;
            }
        }
    }
    let model = serde_json::to_value(ModelFile::from_trainer(&sc.trainer)).unwrap();
    writeln!(out, "{}", serde_json::json!({ "final_model": model })).unwrap();
    std::process::exit(code);
}
