//! Benchmark of the convolution lab's default net on the 8×8 digits, natively.
//!
//! `cargo run --release --example bench_conv [runs] [epochs] [learning rate] [batch size] [optimizer] [precision] [bn]`
//! (optimizer: sgd, momentum, nesterov, adam (the default), rmsprop; precision:
//! f32 (the default: what the page trains in) or f64; `bn`: a batch norm after
//! the convolution, the lab's toolbar switch)
//!
//! Prints, per seed: epochs per second, the time (and epoch) at which the test
//! accuracy first passed 95 % and 97 %, then the medians. The time counts only
//! training and the end-of-epoch test measurement (as in the page, where the
//! clock starts when play is pressed).

use neuralscope_engine::conv::{with_batch_norm, ConvNetConfig, ConvTrainer, TrainConfig};
use neuralscope_engine::data::images;
use neuralscope_engine::math::optimizer::{OptimizerConfig, OptimizerKind};
use neuralscope_engine::math::real::Real;
use std::time::Instant;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let epochs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let lr: f64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(TrainConfig::default().hyper.learning_rate);
    let batch: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(TrainConfig::default().hyper.batch_size);
    let kind = match args.get(5).map(|s| s.to_lowercase()) {
        None => TrainConfig::default().hyper.optimizer.kind,
        Some(name) => *OptimizerKind::all()
            .iter()
            .find(|k| k.name().to_lowercase() == name)
            .unwrap_or_else(|| panic!("unknown optimizer {name:?}: sgd, momentum, nesterov, adam, rmsprop")),
    };
    let precision = args.get(6).map(|s| s.as_str()).unwrap_or("f32");
    let bn = args.get(7).is_some_and(|s| s == "bn");
    let mut tc = TrainConfig::default();
    (tc.hyper.learning_rate, tc.hyper.batch_size, tc.hyper.optimizer) = (lr, batch, OptimizerConfig::of(kind));
    println!(
        "{}, learning rate {lr}, batch {batch}, {epochs} epochs, {runs} seeds, {precision}{}",
        kind.name(),
        if bn { ", batch norm" } else { "" }
    );
    match precision {
        "f32" => run::<f32>(runs, epochs, tc, bn),
        "f64" => run::<f64>(runs, epochs, tc, bn),
        other => panic!("unknown precision {other:?}: f32 or f64"),
    }
}

fn run<R: Real>(runs: u64, epochs: usize, tc: TrainConfig, bn: bool) {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/digits.csv.gz")).expect("assets/digits.csv.gz");
    let digits = images::digits_from_bytes(&bytes).expect("digits");
    let (mut eps, mut t95, mut t97, mut e95, mut e97, mut fin) = (vec![], vec![], vec![], vec![], vec![], vec![]);
    for seed in 1..=runs {
        let (train, test) = digits.split(0.25, seed);
        let mut cfg = ConvNetConfig::default_for(train.shape, 10);
        if bn {
            cfg.layers = with_batch_norm(&cfg.layers);
        }
        let mut t = ConvTrainer::<R>::build(&cfg, train, test, TrainConfig { seed, ..tc }).expect("default net");
        if seed == 1 {
            println!(
                "net: {} params, {} multiply-adds forward per image, {} train / {} test images",
                t.net.param_count(),
                t.net.macs(),
                t.train.len(),
                t.test.len()
            );
        }
        let start = Instant::now();
        let (mut a95, mut a97) = (None, None);
        for _ in 0..epochs {
            t.train_epochs(1);
            let s = t.last();
            let el = start.elapsed().as_secs_f64();
            if s.test_accuracy.unwrap_or(0.0) >= 0.95 && a95.is_none() {
                a95 = Some((el, s.epoch));
            }
            if s.test_accuracy.unwrap_or(0.0) >= 0.97 && a97.is_none() {
                a97 = Some((el, s.epoch));
            }
        }
        let total = start.elapsed().as_secs_f64();
        let s = t.last();
        println!(
            "seed {seed}: {:.1} epochs/s, 95 % at {}, 97 % at {}, after {epochs} epochs test {:.1} % (train {:.1} %)",
            epochs as f64 / total,
            a95.map_or("never".into(), |(t, e)| format!("{:.3} s (epoch {e})", t)),
            a97.map_or("never".into(), |(t, e)| format!("{:.3} s (epoch {e})", t)),
            100.0 * s.test_accuracy.unwrap_or(0.0),
            100.0 * s.train_accuracy.unwrap_or(0.0)
        );
        eps.push(epochs as f64 / total);
        t95.push(a95.map_or(f64::INFINITY, |x| x.0));
        t97.push(a97.map_or(f64::INFINITY, |x| x.0));
        e95.push(a95.map_or(f64::INFINITY, |x| x.1 as f64));
        e97.push(a97.map_or(f64::INFINITY, |x| x.1 as f64));
        fin.push(s.test_accuracy.unwrap_or(0.0));
    }
    println!(
        "median over {runs} seeds: {:.1} epochs/s; 95 % at {:.3} s (epoch {}); 97 % at {:.3} s (epoch {}); final test {:.1} %",
        median(&mut eps),
        median(&mut t95),
        median(&mut e95),
        median(&mut t97),
        median(&mut e97),
        100.0 * median(&mut fin)
    );
}
