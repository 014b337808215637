//! Pins: the bits of runs that no golden history covers (issue 24, package
//! P0), recorded before the refactor so that it can show it changed none: the
//! default page's plain-SGD path, the other optimizers with a penalty and
//! weight decay, batch norm, layer norm and skips, the perceptron rule, the
//! conv nets with batch norm and with momentum, the autoencoder, two more
//! recurrent runs, and every kind of stop, as data.
//!
//! The constants in golden/pins.rs were printed by
//! `cargo test -p neuralscope-engine --test engine_pins -- --ignored --nocapture print_pins`
//! and pasted. Like the goldens they are never regenerated to make a test
//! pass: other bits here are other behaviour, to be explained.

use neuralscope_engine::autoencoder::{AeConfig, AeTrainer};
use neuralscope_engine::conv::{with_batch_norm, ConvNetConfig, ConvTrainer, TrainConfig as ConvConfig};
use neuralscope_engine::data::images::{self, Generated, ImageSet};
use neuralscope_engine::data::{DataConfig, DataKind};
use neuralscope_engine::dense::config::{HiddenLayer, TrainConfig};
use neuralscope_engine::dense::diagnose::{overshoot, stall};
use neuralscope_engine::dense::network::{InitConfig, InitScheme, Network};
use neuralscope_engine::dense::norm::{LayerOptions, NormKind};
use neuralscope_engine::dense::trainer::Trainer;
use neuralscope_engine::history::EpochStats;
use neuralscope_engine::math::activation::Activation;
use neuralscope_engine::math::optimizer::{OptimizerConfig, OptimizerKind, Penalty, RegularizationKind};
use neuralscope_engine::math::real::Real;
use neuralscope_engine::rnn::task::Task;
use neuralscope_engine::rnn::trainer::{RnnConfig, RnnTrainer};
use neuralscope_engine::train::{Cause, Layer, StallCause, Stop, Train};

#[path = "golden/pins.rs"]
mod pins;

/// A run's record: the losses of epochs 0, 1, … (train and test loss in turn
/// where there is a test set), and a hash of every number of the net at the end.
type Run = (Vec<f64>, u64);
/// Where a dense run diverged: `(epoch, step, layer, output layer, what)`.
type DenseStop = (u64, u64, usize, bool, &'static str);

/// A hash of numbers' bits (FNV-1a over 64-bit words): the same bits, the same hash.
fn hash<R: Real>(values: impl IntoIterator<Item = R>) -> u64 {
    values.into_iter().fold(0xcbf2_9ce4_8422_2325, |h, v| (h ^ v.f64().to_bits()).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Every number a dense net holds: weights, biases, γ, β and the running statistics.
fn net_hash<R: Real>(net: &Network<R>) -> u64 {
    hash(net.layers.iter().flat_map(|l| {
        let norm = l.norm.iter().flat_map(|n| n.gamma.iter().chain(&n.beta).chain(&n.running_mean).chain(&n.running_var));
        l.weights.iter().chain(l.biases.iter()).chain(norm).copied()
    }))
}

fn losses(history: &[EpochStats]) -> Vec<f64> {
    history.iter().flat_map(|s| std::iter::once(s.train_loss).chain(s.test_loss)).collect()
}

/// `got` has the bits of the pin `want`.
fn check(what: &str, got: Run, want: (&[f64], u64)) {
    assert_eq!(got.0.len(), want.0.len(), "{what}: number of losses");
    for (i, (g, w)) in got.0.iter().zip(want.0).enumerate() {
        assert_eq!(g.to_bits(), w.to_bits(), "{what}, loss {i}: {g:?} vs {w:?}");
    }
    assert_eq!(got.1, want.1, "{what}: the net's numbers");
}

fn dense<R: Real>(cfg: &TrainConfig, epochs: u64) -> Run {
    let mut t = Trainer::<R>::build(cfg).unwrap();
    t.train_epochs(epochs).unwrap();
    (losses(t.history()), net_hash(t.network()))
}

fn what_name(what: Cause) -> &'static str {
    match what {
        Cause::Activations => "Activations",
        Cause::Loss => "Loss",
        Cause::Gradients => "Gradients",
        Cause::Weights => "Weights",
        Cause::WeightBound => "WeightBound",
    }
}

fn dense_stop(e: &Stop) -> DenseStop {
    match *e {
        Stop::Diverged { epoch, step, layer: Some(Layer { index, output }), cause, weights_kept: true, .. } => {
            (epoch, step, index, output, what_name(cause))
        }
        ref other => panic!("expected a divergence with its weights kept, got {other:?}"),
    }
}

/// The epoch a recurrent or autoencoder stop names, as pinned: 0-based (the
/// stops then counted the epochs done; [`Stop`] names the epoch being trained).
fn pinned_epoch(e: &Stop) -> u64 {
    let Stop::Diverged { epoch, weights_kept: true, .. } = *e else { panic!("expected a divergence with its weights kept, got {e:?}") };
    epoch - 1
}

// ---------- runs ----------

/// The page's default: XOR quadrants, SGD 0.03, batches of 10 (the `sgd_into` path), 40 epochs.
fn default_page<R: Real>() -> Run {
    dense::<R>(&TrainConfig::default(), 40)
}

/// The default page with an L2 penalty of 0.001 and weight decay 1e-4 (the general step), 15 epochs.
fn penalized(kind: OptimizerKind) -> Run {
    let cfg = TrainConfig {
        optimizer: OptimizerConfig { weight_decay: 1e-4, ..OptimizerConfig::of(kind) },
        regularization: Penalty { kind: RegularizationKind::L2, rate: 0.001 },
        ..TrainConfig::default()
    };
    dense::<f64>(&cfg, 15)
}

/// Three sigmoid layers of 6 on the circle (as in tests/engine_norm.rs), each
/// with `norm`, and a skip round every layer it fits if `skip`: 20 epochs.
fn normed<R: Real>(norm: NormKind, skip: bool) -> Run {
    let mut cfg = TrainConfig {
        data: DataConfig { kind: DataKind::Circle, n_points: 300, noise: 0.0, train_fraction: 0.5, seed: 1, custom: None },
        hidden: vec![HiddenLayer { neurons: 6, activation: Activation::Sigmoid }; 3],
        learning_rate: 0.1,
        ..TrainConfig::default()
    };
    for i in 0..3 {
        let skip = skip && cfg.skip_fits(i);
        cfg.set_layer_option(i, LayerOptions { norm, skip });
    }
    dense::<R>(&cfg, 20)
}

/// The perceptron rule on the AND table (no test set), 20 epochs.
fn perceptron() -> Run {
    let cfg = TrainConfig {
        data: DataConfig { kind: DataKind::AndTable, n_points: 4, noise: 0.0, train_fraction: 1.0, seed: 1, custom: None },
        hidden: vec![],
        output_activation: Activation::Step.into(),
        init: InitConfig { scheme: InitScheme::Uniform, bias: 0.0 },
        learning_rate: 0.1,
        batch_size: 4,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&cfg).unwrap();
    assert!(t.is_perceptron());
    t.train_epochs(20).unwrap();
    (losses(t.history()), net_hash(t.network()))
}

/// The conv goldens' run (shapes of 8×8, the default net, seed 3), 2 epochs.
fn conv<R: Real>(batch_norm: bool, tc: ConvConfig) -> Run {
    let (train, test) = images::generate(Generated::Shapes, 120, 8, 0.1, 3).split(0.25, 3);
    let mut cfg = ConvNetConfig::default_for(train.shape, 4);
    if batch_norm {
        cfg.layers = with_batch_norm(&cfg.layers);
    }
    let mut t = ConvTrainer::<R>::build(&cfg, train, test, tc).unwrap();
    t.train_epochs(2);
    (losses(&t.history), hash(t.net.params_flat()))
}

/// The goldens' run (Adam) with a batch norm after the convolution.
fn conv_bn<R: Real>() -> Run {
    conv::<R>(true, ConvConfig { seed: 3, ..ConvConfig::default() })
}

/// The goldens' run with momentum instead of Adam, in `f64`.
fn conv_momentum() -> Run {
    let mut tc = ConvConfig { seed: 3, ..ConvConfig::default() };
    tc.hyper.optimizer = OptimizerConfig::of(OptimizerKind::Momentum);
    conv::<f64>(false, tc)
}

fn digits() -> ImageSet {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/digits.csv.gz")).unwrap();
    images::digits_from_bytes(&bytes).unwrap()
}

/// The autoencoder lab on the digits.
fn autoencoder(cfg: &AeConfig, epochs: u64) -> Run {
    let mut t = AeTrainer::new(cfg, digits()).unwrap();
    t.train_epochs(epochs).unwrap();
    (losses(t.history()), net_hash(&t.net))
}

fn rnn(cfg: &RnnConfig, epochs: u64) -> Run {
    let mut t = RnnTrainer::new(cfg).unwrap();
    t.train_epochs(epochs).unwrap();
    (losses(t.history()), hash(t.net.params.iter().copied()))
}

#[test]
fn default_page_f64() {
    check("DEFAULT_F64", default_page::<f64>(), pins::DEFAULT_F64);
}

#[test]
fn default_page_f32() {
    check("DEFAULT_F32", default_page::<f32>(), pins::DEFAULT_F32);
}

#[test]
fn momentum_nesterov_rmsprop_with_l2_and_weight_decay() {
    check("MOMENTUM_L2_DECAY", penalized(OptimizerKind::Momentum), pins::MOMENTUM_L2_DECAY);
    check("NESTEROV_L2_DECAY", penalized(OptimizerKind::Nesterov), pins::NESTEROV_L2_DECAY);
    check("RMSPROP_L2_DECAY", penalized(OptimizerKind::RmsProp), pins::RMSPROP_L2_DECAY);
}

#[test]
fn batch_norm_layer_norm_and_skips() {
    check("BATCH_NORM_F32", normed::<f32>(NormKind::Batch, false), pins::BATCH_NORM_F32);
    // in f64 too: `1.0 - 0.9` is not `0.1` there, and batch norm blends with the former
    check("BATCH_NORM_F64", normed::<f64>(NormKind::Batch, false), pins::BATCH_NORM_F64);
    check("LAYER_NORM_F32", normed::<f32>(NormKind::Layer, false), pins::LAYER_NORM_F32);
    check("SKIPS_F32", normed::<f32>(NormKind::None, true), pins::SKIPS_F32);
}

#[test]
fn the_perceptron_rule() {
    check("PERCEPTRON", perceptron(), pins::PERCEPTRON);
}

#[test]
fn conv_with_batch_norm_and_with_momentum() {
    check("CONV_BN_F32", conv_bn::<f32>(), pins::CONV_BN_F32);
    check("CONV_BN_F64", conv_bn::<f64>(), pins::CONV_BN_F64);
    check("CONV_MOMENTUM", conv_momentum(), pins::CONV_MOMENTUM);
}

#[test]
fn the_autoencoder_plain_and_denoising() {
    check("AUTOENCODER", autoencoder(&AeConfig::default(), 3), pins::AUTOENCODER);
    check("DENOISING", autoencoder(&AeConfig { noise: 0.3, ..AeConfig::default() }, 2), pins::DENOISING);
}

#[test]
fn rnn_echo_with_momentum_and_batches_of_one() {
    let echo = RnnConfig { task: Task::Echo, k: 3, optimizer: OptimizerKind::Momentum, ..RnnConfig::default() };
    check("RNN_ECHO_MOMENTUM", rnn(&echo, 10), pins::RNN_ECHO_MOMENTUM);
    check("RNN_BATCH_ONE", rnn(&RnnConfig { batch: 1, ..RnnConfig::default() }, 5), pins::RNN_BATCH_ONE);
}

// ---------- stops ----------

/// The default page's net on the regression plane (identity output), with `kind` at `learning_rate`.
fn plane(kind: OptimizerKind, learning_rate: f64) -> TrainConfig {
    TrainConfig {
        data: DataConfig { kind: DataKind::RegressPlane, ..DataConfig::default() },
        output_activation: Activation::Identity.into(),
        optimizer: OptimizerConfig::of(kind),
        learning_rate,
        ..TrainConfig::default()
    }
}

/// Learning rate 1e150, three ReLU layers on the regression plane (as in
/// tests/engine_training.rs): where each optimizer diverges.
fn huge_rate_stops() -> Vec<(&'static str, DenseStop)> {
    let stop = |kind: OptimizerKind| {
        let cfg = TrainConfig { hidden: vec![HiddenLayer { neurons: 8, activation: Activation::Relu }; 3], ..plane(kind, 1e150) };
        (kind.name(), dense_stop(&Trainer::new(&cfg).unwrap().train_epochs(100).unwrap_err()))
    };
    OptimizerKind::all().iter().map(|&k| stop(k)).collect()
}

/// Issue 14's softplus run at learning rate 100: where it stopped, and the
/// epoch and (train, test) losses of the weights it kept.
fn softplus_stop() -> (DenseStop, (u64, f64, f64)) {
    let softplus = |neurons| HiddenLayer { neurons, activation: Activation::Softplus };
    let cfg = TrainConfig { hidden: vec![softplus(4), softplus(2)], ..plane(OptimizerKind::Sgd, 100.0) };
    let mut t = Trainer::new(&cfg).unwrap();
    let e = t.train_epochs(50).unwrap_err();
    let s = t.last_stats();
    (dense_stop(&e), (s.epoch, s.train_loss, s.test_loss.unwrap()))
}

/// Plain SGD at 1e6 on the sine (as in tests/engine_rnn.rs): the stop's epoch, and the weights kept.
fn rnn_stop() -> (u64, u64) {
    let cfg =
        RnnConfig { task: Task::Sine, hidden: 16, seq_len: 20, learning_rate: 1e6, optimizer: OptimizerKind::Sgd, ..RnnConfig::default() };
    let mut t = RnnTrainer::new(&cfg).unwrap();
    let epoch = pinned_epoch(&t.train_epochs(50).unwrap_err());
    (epoch, hash(t.net.params.iter().copied()))
}

/// ELU, momentum, learning rate 10 (as in tests/engine_autoencoder.rs): the stop's epoch, and the weights kept.
fn ae_stop() -> (u64, u64) {
    let cfg = AeConfig { learning_rate: 10.0, optimizer: OptimizerKind::Momentum, activation: Activation::Elu, ..AeConfig::default() };
    let mut t = AeTrainer::new(&cfg, digits()).unwrap();
    let epoch = pinned_epoch(&t.train_epochs(50).unwrap_err());
    (epoch, net_hash(&t.net))
}

/// Bars of 8×8 as the lab makes them (800, noise 0.15, seed 1), plain SGD at
/// 10: the stop's kind and epoch, the steps taken and the last training loss.
fn conv_stop() -> (&'static str, usize, u64, f64) {
    let (train, test) = images::generate(Generated::Bars, 800, 8, 0.15, 1).split(0.25, 1);
    let cfg = ConvNetConfig::default_for(train.shape, 4);
    let mut tc = ConvConfig::default();
    tc.hyper.learning_rate = 10.0;
    tc.hyper.optimizer = OptimizerConfig::of(OptimizerKind::Sgd);
    let mut t = ConvTrainer::new(&cfg, train, test, tc).unwrap();
    t.train_epochs(60);
    let (kind, epoch) = match t.stopped().expect("SGD at 10 stops") {
        // as pinned: a divergence's epoch 0-based (the epochs done), a collapse's the epochs done
        Stop::Diverged { epoch, weights_kept: true, .. } => ("Diverged", epoch as usize - 1),
        Stop::Diverged { epoch, weights_kept: false, .. } => ("Diverged, damaged", epoch as usize - 1),
        Stop::Collapsed { epoch, .. } => ("Stalled", epoch as usize),
        other => panic!("a conv net stops by diverging or collapsing, not {other:?}"),
    };
    (kind, epoch, t.steps, t.last().train_loss)
}

/// What [`stall`] or [`overshoot`], asked after every epoch, says first.
enum Said {
    /// `(epoch, cause, layer, output layer, zero weights, training loss)`
    Stall(u64, &'static str, usize, bool, bool, f64),
    /// `(epoch, low, high, best)`
    Overshoot(u64, f64, f64, f64),
}

fn first_said(cfg: &TrainConfig, max: u64) -> Said {
    let mut t = Trainer::new(cfg).unwrap();
    for _ in 0..max {
        t.train_epoch().unwrap();
        if let Some(Stop::Stalled { epoch, layer, cause, loss, zero_weights }) = stall(&t) {
            let (index, output) = layer.map_or((0, false), |l| (l.index, l.output));
            let cause = match cause {
                StallCause::DeadLayer => "DeadLayer",
                StallCause::Saturated => "Saturated",
                StallCause::Flat => "Flat",
                StallCause::StepActivation => "StepActivation",
            };
            return Said::Stall(epoch, cause, index, output, zero_weights, loss);
        }
        if let Some(Stop::Overshoot { epoch, low, high, best }) = overshoot(&t) {
            return Said::Overshoot(epoch, low, high, best);
        }
    }
    panic!("nothing said in {max} epochs")
}

/// ReLU at learning rate 10 on the default problem (as in tests/engine_diagnose.rs).
fn relu_stall() -> Said {
    let cfg = TrainConfig {
        hidden: vec![HiddenLayer { neurons: 4, activation: Activation::Relu }, HiddenLayer { neurons: 2, activation: Activation::Relu }],
        init: InitConfig { scheme: InitScheme::Uniform, bias: 0.0 },
        learning_rate: 10.0,
        seed: 3,
        ..TrainConfig::default()
    };
    first_said(&cfg, 50)
}

/// Adam at learning rate 10 on the regression plane.
fn adam_overshoot() -> Said {
    first_said(&plane(OptimizerKind::Adam, 10.0), 1000)
}

#[test]
fn a_huge_learning_rate_diverges_in_the_same_place_for_every_optimizer() {
    assert_eq!(huge_rate_stops(), pins::HUGE_RATE.to_vec());
}

#[test]
fn softplus_at_100_stops_and_keeps_the_same_weights() {
    let (stop, (epoch, train, test)) = softplus_stop();
    let (want_stop, (want_epoch, want_train, want_test)) = pins::SOFTPLUS;
    assert_eq!(stop, want_stop);
    assert_eq!((epoch, train.to_bits(), test.to_bits()), (want_epoch, want_train.to_bits(), want_test.to_bits()));
}

#[test]
fn rnn_and_autoencoder_stops() {
    assert_eq!(rnn_stop(), pins::RNN_STOP);
    assert_eq!(ae_stop(), pins::AE_STOP);
}

#[test]
fn conv_sgd_at_ten_stops() {
    let (kind, epoch, steps, loss) = conv_stop();
    let (want_kind, want_epoch, want_steps, want_loss) = pins::CONV_STOP;
    assert_eq!((kind, epoch, steps, loss.to_bits()), (want_kind, want_epoch, want_steps, want_loss.to_bits()));
}

#[test]
fn relu_at_ten_stalls_and_adam_at_ten_overshoots() {
    let Said::Stall(epoch, cause, layer, output, zero, loss) = relu_stall() else { panic!("ReLU at 10: no stall") };
    let (e, c, l, o, z, want) = pins::RELU_STALL;
    assert_eq!((epoch, cause, layer, output, zero, loss.to_bits()), (e, c, l, o, z, want.to_bits()));
    let Said::Overshoot(epoch, low, high, best) = adam_overshoot() else { panic!("Adam at 10: no overshoot") };
    let (e, lo, hi, be) = pins::ADAM_OVERSHOOT;
    assert_eq!((epoch, low.to_bits(), high.to_bits(), best.to_bits()), (e, lo.to_bits(), hi.to_bits(), be.to_bits()));
}

/// Prints golden/pins.rs.
#[test]
#[ignore]
fn print_pins() {
    let run = |name: &str, (l, h): Run| println!("pub const {name}: (&[f64], u64) = (&{l:?}, {h});");
    run("DEFAULT_F64", default_page::<f64>());
    run("DEFAULT_F32", default_page::<f32>());
    run("MOMENTUM_L2_DECAY", penalized(OptimizerKind::Momentum));
    run("NESTEROV_L2_DECAY", penalized(OptimizerKind::Nesterov));
    run("RMSPROP_L2_DECAY", penalized(OptimizerKind::RmsProp));
    run("BATCH_NORM_F32", normed::<f32>(NormKind::Batch, false));
    run("BATCH_NORM_F64", normed::<f64>(NormKind::Batch, false));
    run("LAYER_NORM_F32", normed::<f32>(NormKind::Layer, false));
    run("SKIPS_F32", normed::<f32>(NormKind::None, true));
    run("PERCEPTRON", perceptron());
    run("CONV_BN_F32", conv_bn::<f32>());
    run("CONV_BN_F64", conv_bn::<f64>());
    run("CONV_MOMENTUM", conv_momentum());
    run("AUTOENCODER", autoencoder(&AeConfig::default(), 3));
    run("DENOISING", autoencoder(&AeConfig { noise: 0.3, ..AeConfig::default() }, 2));
    let echo = RnnConfig { task: Task::Echo, k: 3, optimizer: OptimizerKind::Momentum, ..RnnConfig::default() };
    run("RNN_ECHO_MOMENTUM", rnn(&echo, 10));
    run("RNN_BATCH_ONE", rnn(&RnnConfig { batch: 1, ..RnnConfig::default() }, 5));
    let stops = huge_rate_stops();
    println!("pub const HUGE_RATE: [(&str, super::DenseStop); {}] = {stops:?};", stops.len());
    println!("pub const SOFTPLUS: (super::DenseStop, (u64, f64, f64)) = {:?};", softplus_stop());
    println!("pub const RNN_STOP: (u64, u64) = {:?};", rnn_stop());
    println!("pub const AE_STOP: (u64, u64) = {:?};", ae_stop());
    println!("pub const CONV_STOP: (&str, usize, u64, f64) = {:?};", conv_stop());
    if let Said::Stall(a, b, c, d, e, f) = relu_stall() {
        println!("pub const RELU_STALL: (u64, &str, usize, bool, bool, f64) = {:?};", (a, b, c, d, e, f));
    }
    if let Said::Overshoot(a, b, c, d) = adam_overshoot() {
        println!("pub const ADAM_OVERSHOOT: (u64, f64, f64, f64) = {:?};", (a, b, c, d));
    }
}
