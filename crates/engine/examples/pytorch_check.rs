//! The PyTorch export checked against the engine (issue 11):
//! `cargo run --release -p neuralscope-engine --example pytorch_check -- out.py [optimizer]`
//! trains the default page (XOR quadrants, 2-4-2 tanh) in f32 for 100 epochs
//! with full batches (so the order of the mini-batches cannot differ), writes
//! the PyTorch script for 20 more epochs to `out.py`, then reloads the model
//! file (so its optimizer starts afresh, as the script's does), trains those
//! 20 epochs itself and prints its training loss per epoch in the script's
//! format. `python3 out.py` prints PyTorch's; the two columns should agree to
//! float32 rounding. `optimizer` is sgd (default), momentum, nesterov, adam or rmsprop.
use neuralscope_engine::dense::config::TrainConfig;
use neuralscope_engine::dense::trainer::Trainer;
use neuralscope_engine::math::optimizer::{OptimizerConfig, OptimizerKind};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(out) = args.get(1) else {
        eprintln!("usage: pytorch_check <out.py> [sgd|momentum|nesterov|adam|rmsprop]");
        std::process::exit(64);
    };
    let kind = match args.get(2).map(|s| s.to_ascii_lowercase()).as_deref() {
        None | Some("sgd") => OptimizerKind::Sgd,
        Some("momentum") => OptimizerKind::Momentum,
        Some("nesterov") => OptimizerKind::Nesterov,
        Some("adam") => OptimizerKind::Adam,
        Some("rmsprop") => OptimizerKind::RmsProp,
        Some(o) => {
            eprintln!("unknown optimizer {o}");
            std::process::exit(64);
        }
    };
    let mut cfg = TrainConfig { optimizer: OptimizerConfig::of(kind), ..TrainConfig::default() };
    let n_train = Trainer::<f32>::build(&cfg).expect("the default page builds").dataset().train.len();
    cfg.batch_size = n_train;
    let mut t = Trainer::<f32>::build(&cfg).expect("the default page builds");
    t.train_epochs(100).expect("the default page trains");
    let script = neuralscope_engine::io::pytorch::script(&t, 20);
    std::fs::write(out, script).unwrap_or_else(|e| {
        eprintln!("cannot write {out}: {e}");
        std::process::exit(73);
    });
    println!(
        "engine (f32), {kind:?}, full batches of {n_train}: exported at epoch {}, train loss {:.4}",
        t.epoch(),
        t.last_stats().train_loss
    );
    let model = neuralscope_engine::io::model_file::ModelFile::from_trainer(&t);
    let mut t = model.build_trainer::<f32>().expect("the exported model loads");
    for _ in 0..20 {
        let s = t.train_epoch().expect("trains");
        println!("epoch {}: train loss {:.4}", s.epoch, s.train_loss);
    }
}
