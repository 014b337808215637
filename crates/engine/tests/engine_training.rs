//! Training behaviour: XOR, perceptrons, linear nets, determinism, batch
//! modes, live setters, divergence, gradient blockers and config errors.

// Tests build configurations by changing a default field by field, and walk
// layers and indices side by side: clearer here than the idioms clippy prefers.
#![allow(clippy::field_reassign_with_default, clippy::needless_range_loop)]

use neuralscope_engine::data::features::Feature;
use neuralscope_engine::data::{DataConfig, DataKind};
use neuralscope_engine::dense::config::{HiddenLayer, TrainConfig};
use neuralscope_engine::dense::network::{InitConfig, InitScheme};
use neuralscope_engine::dense::trainer::{Trainer, HISTORY_CAP};
use neuralscope_engine::math::activation::{Activation, LayerActivation};
use neuralscope_engine::math::loss::Loss;
use neuralscope_engine::math::optimizer::{OptimizerConfig, OptimizerKind, RegularizationKind};
use neuralscope_engine::train::{Cause, Layer, StallCause, Stop};

fn table(kind: DataKind) -> DataConfig {
    DataConfig { kind, n_points: 4, noise: 0.0, train_fraction: 1.0, seed: 1, custom: None }
}

fn xor_net(seed: u64, hidden: usize) -> TrainConfig {
    TrainConfig {
        data: table(DataKind::XorTable),
        features: vec![Feature::X1, Feature::X2],
        hidden: vec![HiddenLayer { neurons: hidden, activation: Activation::Tanh }],
        output_activation: Activation::Tanh.into(),
        loss: Loss::Mse,
        init: InitConfig { scheme: InitScheme::Uniform, bias: 0.0 },
        optimizer: OptimizerConfig::of(OptimizerKind::Sgd),
        learning_rate: 0.1,
        batch_size: 4,
        seed,
        ..TrainConfig::default()
    }
}

/// XOR truth table, 2-2-1 and 2-4-1 tanh nets, full batch SGD (lr 0.1,
/// uniform ±0.5 init): how many of 20 seeds reach 100 % within 3000 epochs.
/// Measured: 2-4-1: 20 of 20 seeds; 2-2-1: 18 of 20 (a 2-2-1 net can stall
/// in a local minimum, which is the textbook story). The assertions leave a
/// little slack below those counts.
#[test]
fn xor_truth_table_is_learned_by_most_seeds() {
    for (hidden, at_least) in [(4usize, 19usize), (2, 15)] {
        let mut ok = 0;
        for seed in 1..=20 {
            let mut t = Trainer::new(&xor_net(seed, hidden)).unwrap();
            for _ in 0..3000 {
                let s = t.train_epoch().unwrap();
                if s.train_accuracy == Some(1.0) {
                    ok += 1;
                    break;
                }
            }
        }
        println!("2-{hidden}-1 tanh: {ok} of 20 seeds reach 100 % on XOR");
        assert!(ok >= at_least, "2-{hidden}-1: only {ok} of 20 seeds");
    }
}

#[test]
fn single_layer_perceptron_never_exceeds_75_percent_on_xor() {
    for seed in 1..=10 {
        for out in [Activation::Step, Activation::Tanh, Activation::Sigmoid] {
            let cfg = TrainConfig { hidden: vec![], output_activation: out.into(), ..xor_net(seed, 1) };
            let mut t = Trainer::new(&cfg).unwrap();
            for _ in 0..300 {
                let s = t.train_epoch().unwrap();
                assert!(s.train_accuracy.unwrap() <= 0.75);
            }
        }
    }
}

#[test]
fn perceptron_rule_learns_and_and_or() {
    for kind in [DataKind::AndTable, DataKind::OrTable] {
        for seed in 1..=5 {
            let cfg = TrainConfig { data: table(kind), hidden: vec![], output_activation: Activation::Step.into(), ..xor_net(seed, 1) };
            let mut t = Trainer::new(&cfg).unwrap();
            assert!(t.is_perceptron());
            let mut best = 0.0;
            for _ in 0..200 {
                best = t.train_epoch().unwrap().train_accuracy.unwrap();
                if best == 1.0 {
                    break;
                }
            }
            assert_eq!(best, 1.0, "{kind:?} seed {seed}");
        }
    }
}

#[test]
fn all_linear_multilayer_net_never_exceeds_75_percent_on_xor() {
    for seed in 1..=10 {
        let mut cfg = xor_net(seed, 4);
        cfg.hidden = vec![
            HiddenLayer { neurons: 4, activation: Activation::Identity },
            HiddenLayer { neurons: 4, activation: Activation::Identity },
        ];
        cfg.output_activation = Activation::Identity.into();
        cfg.learning_rate = 0.02;
        let mut t = Trainer::new(&cfg).unwrap();
        for _ in 0..500 {
            let s = t.train_epoch().unwrap();
            assert!(s.train_accuracy.unwrap() <= 0.75);
        }
    }
}

#[test]
fn same_seed_gives_bit_identical_histories() {
    let mut cfg = TrainConfig::default();
    cfg.data.kind = DataKind::Spiral;
    cfg.data.noise = 0.1;
    cfg.dropout = 0.1;
    cfg.optimizer = OptimizerConfig::of(OptimizerKind::Adam);
    let run = |cfg: &TrainConfig| {
        let mut t = Trainer::new(cfg).unwrap();
        t.train_epochs(30).unwrap();
        t.history().iter().map(|s| (s.train_loss.to_bits(), s.test_loss.unwrap().to_bits())).collect::<Vec<_>>()
    };
    assert_eq!(run(&cfg), run(&cfg));
    let mut other = cfg.clone();
    other.seed = 2;
    assert_ne!(run(&cfg), run(&other));
}

#[test]
fn batch_modes_take_the_right_number_of_steps() {
    let cfg = TrainConfig::default(); // 250 training points
    for (b, steps) in [(1usize, 250u64), (10, 25), (64, 4), (250, 1), (1000, 1)] {
        let mut t = Trainer::new(&TrainConfig { batch_size: b, ..cfg.clone() }).unwrap();
        t.train_epoch().unwrap();
        assert_eq!(t.steps(), steps, "batch {b}");
        assert_eq!(t.epoch(), 1);
    }
}

#[test]
fn momentum_zero_trains_exactly_like_sgd() {
    let sgd = TrainConfig::default();
    let mut mom = sgd.clone();
    mom.optimizer = OptimizerConfig { momentum: 0.0, ..OptimizerConfig::of(OptimizerKind::Momentum) };
    let mut a = Trainer::new(&sgd).unwrap();
    let mut b = Trainer::new(&mom).unwrap();
    a.train_epochs(20).unwrap();
    b.train_epochs(20).unwrap();
    assert_eq!(a.history(), b.history());
    assert_eq!(a.network(), b.network());
}

#[test]
fn live_setters_keep_state() {
    let mut cfg = TrainConfig::default();
    cfg.optimizer = OptimizerConfig::of(OptimizerKind::Adam);
    cfg.learning_rate = 0.01;
    let mut a = Trainer::new(&cfg).unwrap();
    let mut b = Trainer::new(&cfg).unwrap();
    a.train_epochs(5).unwrap();
    b.train_epochs(5).unwrap();
    // Setting the same values through the live setters changes nothing at all
    // (weights, Adam moments and step counts are kept) ...
    b.set_learning_rate(0.01).unwrap();
    b.set_regularization(RegularizationKind::None, 0.0).unwrap();
    b.set_optimizer(cfg.optimizer).unwrap();
    b.set_dropout(0.0).unwrap();
    b.set_batch_size(10).unwrap();
    a.train_epochs(5).unwrap();
    b.train_epochs(5).unwrap();
    assert_eq!(a.history(), b.history());
    // ... while switching the optimizer kind away and back resets its state, visibly.
    let mut c = Trainer::new(&cfg).unwrap();
    c.train_epochs(5).unwrap();
    c.set_optimizer(OptimizerConfig::of(OptimizerKind::Sgd)).unwrap();
    c.set_optimizer(cfg.optimizer).unwrap();
    c.train_epochs(5).unwrap();
    assert_ne!(a.history(), c.history());
    // A changed learning rate takes effect without a reset, and is recorded.
    a.set_learning_rate(0.05).unwrap();
    assert_eq!(a.config().learning_rate, 0.05);
    assert_eq!(a.epoch(), 10);
}

/// The weights of every layer, flattened.
fn weights(t: &Trainer) -> Vec<f64> {
    t.network().layers.iter().flat_map(|l| l.weights.iter().chain(l.biases.iter()).copied()).collect()
}

#[test]
fn a_live_learning_rate_change_scales_the_very_next_step() {
    // plain SGD, full batch, no dropout: a step is exactly -lr × gradient, so
    // from the same weights a 4× learning rate moves every weight 4× as far
    let mut cfg = xor_net(3, 3);
    cfg.learning_rate = 0.05;
    let mut a = Trainer::new(&cfg).unwrap();
    a.train_epochs(3).unwrap();
    let mut b = a.clone();
    b.set_learning_rate(0.2).unwrap();
    let w0 = weights(&a);
    a.step_batch().unwrap();
    b.step_batch().unwrap();
    let (wa, wb) = (weights(&a), weights(&b));
    let mut moved = 0;
    for i in 0..w0.len() {
        let (da, db) = (wa[i] - w0[i], wb[i] - w0[i]);
        if da.abs() > 1e-12 {
            moved += 1;
            assert!((db / da - 4.0).abs() < 1e-9, "weight {i}: moved {da} at 0.05 but {db} at 0.2");
        }
    }
    assert!(moved > w0.len() / 2, "most weights moved ({moved} of {})", w0.len());
    assert_eq!(b.epoch(), a.epoch(), "no reset");
}

#[test]
fn huge_learning_rate_diverges_with_a_typed_error_and_finite_weights() {
    for kind in [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam] {
        let mut cfg = TrainConfig::default();
        cfg.hidden = vec![HiddenLayer { neurons: 8, activation: Activation::Relu }; 3];
        cfg.output_activation = Activation::Identity.into();
        cfg.data.kind = DataKind::RegressPlane;
        cfg.learning_rate = 1e150;
        cfg.optimizer = OptimizerConfig::of(kind);
        let mut t = Trainer::new(&cfg).unwrap();
        let mut err = None;
        for _ in 0..100 {
            if let Err(e) = t.train_epoch() {
                err = Some(e);
                break;
            }
        }
        let e = err.expect("a learning rate of 1e150 must diverge");
        match &e {
            Stop::Diverged { epoch, step, cause, weights_kept, learning_rate, .. } => {
                assert!(*epoch >= 1 && *step >= 1);
                // a step of 1e150 leaves the weights finite (|w| ~ 1e150); the next
                // forward pass multiplies two of them through ReLU layers: the
                // weighted sums overflow first
                assert_eq!(*cause, Cause::Activations, "{kind:?}: {e:?}");
                assert!(*weights_kept && *learning_rate == 1e150, "{e:?}");
            }
            other => panic!("expected Diverged, got {other:?}"),
        }
        for l in &t.network().layers {
            assert!(l.weights.iter().chain(l.biases.iter()).all(|w| w.is_finite()));
        }
        // Further training reports the same state, never NaN.
        assert_eq!(t.step_batch().unwrap_err(), e);
        assert!(t.history().iter().all(|s| s.train_loss.is_finite()));
        // A smaller learning rate clears it and training goes on from the last finite weights.
        t.set_learning_rate(1e-6).unwrap();
        assert!(t.diverged().is_none());
    }
}

/// Issue 14: learning rate 100, softplus, the regression plane. The weights
/// after epoch 3 are finite but their loss overflows; the trainer used to keep
/// them (the page then showed the losses as `inf`). It now stops there and
/// goes back to the weights of epoch 2, the last whose loss was finite.
#[test]
fn an_overflowed_loss_goes_back_to_the_last_weights_whose_loss_was_finite() {
    let mut cfg = TrainConfig::default();
    cfg.data.kind = DataKind::RegressPlane;
    cfg.hidden =
        vec![HiddenLayer { neurons: 4, activation: Activation::Softplus }, HiddenLayer { neurons: 2, activation: Activation::Softplus }];
    cfg.output_activation = Activation::Identity.into();
    cfg.learning_rate = 100.0;
    let mut t = Trainer::new(&cfg).unwrap();
    let e = t.train_epochs(50).unwrap_err();
    assert!(matches!(e, Stop::Diverged { epoch: 3, cause: Cause::Loss, weights_kept: true, .. }), "{e:?}");
    let s = t.last_stats();
    assert!(s.train_loss.is_finite() && s.test_loss.unwrap().is_finite(), "{s:?}");
    assert_eq!(s.epoch, 2);
    assert!(t.history().iter().all(|h| h.train_loss.is_finite() && h.test_loss.unwrap().is_finite()));
    // the weights kept are exactly those after epoch 2, and their loss is the one shown
    let mut twin = Trainer::new(&cfg).unwrap();
    let at2 = twin.train_epochs(2).unwrap();
    assert_eq!(weights(&t), weights(&twin));
    assert_eq!(t.evaluate().train_loss, at2.train_loss);
    // a sane learning rate then trains on from there
    t.set_learning_rate(0.001).unwrap();
    assert!(t.train_epochs(5).unwrap().train_loss.is_finite());
}

/// Every hidden activation (but step) × every optimizer × learning rates 10
/// and 100 × a classification and a regression set: whatever stops training,
/// the losses shown and the weights kept are finite and evaluate finite.
#[test]
fn absurd_learning_rates_never_leave_an_overflowed_loss() {
    let mut stopped = 0;
    for &data in &[DataKind::XorQuadrants, DataKind::RegressPlane] {
        for &act in Activation::all().iter().filter(|a| **a != Activation::Step) {
            for &opt in OptimizerKind::all() {
                for lr in [10.0, 100.0] {
                    let mut cfg = TrainConfig::default();
                    cfg.data.kind = data;
                    cfg.hidden.iter_mut().for_each(|h| h.activation = act);
                    if data == DataKind::RegressPlane {
                        cfg.output_activation = Activation::Identity.into();
                    }
                    cfg.optimizer = OptimizerConfig::of(opt);
                    cfg.learning_rate = lr;
                    let mut t = Trainer::new(&cfg).unwrap();
                    t.set_eval_every(3); // the rollback may go back several epochs
                    let case = format!("{data:?} {act:?} {opt:?} lr {lr}");
                    if t.train_epochs(60).is_err() {
                        stopped += 1;
                    }
                    let s = t.last_stats();
                    assert!(s.train_loss.is_finite() && s.test_loss.is_none_or(f64::is_finite), "{case}: {s:?}");
                    assert!(weights(&t).iter().all(|w| w.is_finite()), "{case}");
                    assert!(t.history().iter().all(|h| h.train_loss.is_finite()), "{case}");
                    assert!(t.evaluate().train_loss.is_finite(), "{case}: the weights kept evaluate finite");
                }
            }
        }
    }
    assert!(stopped >= 20, "most of these runs diverge ({stopped} did)");
}

#[test]
fn step_activation_in_a_deep_net_reports_no_gradient() {
    let mut cfg = TrainConfig::default();
    cfg.hidden[1].activation = Activation::Step;
    let mut t = Trainer::new(&cfg).unwrap();
    let e = t.train_epoch().unwrap_err();
    let Stop::Stalled { epoch: 0, layer, cause: StallCause::StepActivation, zero_weights: false, .. } = e else { panic!("{e:?}") };
    assert_eq!(layer, Some(Layer { index: 1, output: false }));
    assert_eq!(t.epoch(), 0);
    let mut cfg = TrainConfig::default();
    cfg.output_activation = Activation::Step.into();
    let t = Trainer::new(&cfg).unwrap();
    let blocker = t.gradient_blocker();
    assert!(
        matches!(blocker, Some(Stop::Stalled { cause: StallCause::StepActivation, layer: Some(Layer { index: 2, output: true }), .. })),
        "{blocker:?}"
    );
}

#[test]
fn invalid_configurations_are_rejected_with_the_field_named() {
    let base = TrainConfig::default();
    let cases: Vec<(TrainConfig, &str)> = vec![
        (TrainConfig { hidden: vec![HiddenLayer { neurons: 0, activation: Activation::Tanh }], ..base.clone() }, "hidden[0].neurons"),
        (TrainConfig { learning_rate: 0.0, ..base.clone() }, "learning_rate"),
        (TrainConfig { learning_rate: -1.0, ..base.clone() }, "learning_rate"),
        (TrainConfig { learning_rate: f64::NAN, ..base.clone() }, "learning_rate"),
        (TrainConfig { learning_rate: f64::INFINITY, ..base.clone() }, "learning_rate"),
        (TrainConfig { batch_size: 0, ..base.clone() }, "batch_size"),
        (TrainConfig { features: vec![], ..base.clone() }, "features"),
        (TrainConfig { dropout: 1.0, ..base.clone() }, "dropout"),
        (TrainConfig { loss: Loss::CrossEntropy, output_activation: Activation::Relu.into(), ..base.clone() }, "loss"),
        (TrainConfig { data: DataConfig { n_points: 0, ..base.data.clone() }, ..base.clone() }, "data.n_points"),
        (
            TrainConfig {
                data: DataConfig { kind: DataKind::RegressPlane, ..base.data.clone() },
                output_activation: LayerActivation::Softmax,
                ..base.clone()
            },
            "output_activation",
        ),
    ];
    for (cfg, field) in cases {
        let e = Trainer::new(&cfg).unwrap_err();
        assert_eq!(e.field, field, "{e}");
        assert!(e.to_string().contains(field), "message should name {field}: {e}");
    }
    // Live setters validate too, and keep the old value on error.
    let mut t = Trainer::new(&base).unwrap();
    assert_eq!(t.set_learning_rate(0.0).unwrap_err().field, "learning_rate");
    assert_eq!(t.set_batch_size(0).unwrap_err().field, "batch_size");
    assert_eq!(t.config().learning_rate, 0.03);
    // Input size not matching the features.
    let mut other = base.clone();
    other.features = vec![Feature::X1, Feature::X2, Feature::X1Squared];
    let net3 = Trainer::new(&other).unwrap().network().clone();
    assert_eq!(Trainer::with_network(&base, net3).unwrap_err().field, "features");
}

#[test]
fn three_classes_with_softmax_learn() {
    let mut cfg = TrainConfig::default();
    cfg.data.kind = DataKind::ThreeBlobs;
    cfg.output_activation = LayerActivation::Softmax;
    cfg.loss = Loss::CrossEntropy;
    cfg.hidden = vec![HiddenLayer { neurons: 6, activation: Activation::Relu }];
    let mut t = Trainer::new(&cfg).unwrap();
    assert_eq!(t.network().n_outputs(), 3);
    let s = t.train_epochs(40).unwrap();
    assert!(s.train_accuracy.unwrap() > 0.9, "{s:?}");
}

#[test]
fn regression_has_no_accuracy_and_learns() {
    let mut cfg = TrainConfig::default();
    cfg.data.kind = DataKind::RegressPlane;
    cfg.output_activation = Activation::Identity.into();
    cfg.hidden = vec![];
    cfg.learning_rate = 0.01;
    let mut t = Trainer::new(&cfg).unwrap();
    let s = t.train_epochs(50).unwrap();
    assert!(s.train_accuracy.is_none() && s.test_accuracy.is_none());
    assert!(s.train_loss < 1e-4, "{s:?}");
}

#[test]
fn all_zero_init_never_breaks_symmetry() {
    let mut cfg = TrainConfig::default();
    cfg.init = InitConfig { scheme: InitScheme::Zero, bias: 0.1 };
    let mut t = Trainer::new(&cfg).unwrap();
    t.train_epochs(20).unwrap();
    let w = &t.network().layers[1].weights; // 4 → 2
    for k in 0..w.nrows() {
        assert_eq!(w[[k, 0]], w[[k, 1]]);
    }
    let w0 = &t.network().layers[0].weights; // 2 → 4: all 4 neurons identical
    for k in 0..w0.nrows() {
        assert!(w0.row(k).iter().all(|&v| v == w0[[k, 0]]));
    }
}

#[test]
fn every_optimizer_and_regularizer_trains_the_default_playground() {
    for &kind in OptimizerKind::all() {
        for reg in [RegularizationKind::None, RegularizationKind::L1, RegularizationKind::L2] {
            let mut cfg = TrainConfig::default();
            cfg.optimizer = OptimizerConfig::of(kind);
            cfg.learning_rate = if kind == OptimizerKind::Sgd { 0.03 } else { 0.01 };
            cfg.regularization = neuralscope_engine::math::optimizer::Penalty { kind: reg, rate: 0.001 };
            let mut t = Trainer::new(&cfg).unwrap();
            let s = t.train_epochs(100).unwrap();
            assert!(s.test_accuracy.unwrap() > 0.9, "{kind:?} {reg:?}: {s:?}");
        }
    }
}

#[test]
fn a_long_run_keeps_a_bounded_history_spread_over_the_whole_run() {
    let mut t = Trainer::new(&xor_net(1, 2)).unwrap();
    let epochs = 2 * HISTORY_CAP as u64 + 700;
    t.train_epochs(epochs).unwrap();
    let h = t.history();
    assert!(h.len() <= 2 * HISTORY_CAP && h.len() >= HISTORY_CAP, "{} entries", h.len());
    assert_eq!(h[0].epoch, 0, "epoch 0 stays");
    assert_eq!(h[h.len() - 1].epoch, epochs, "the newest stays");
    assert!(h.windows(2).all(|w| w[0].epoch < w[1].epoch), "in epoch order");
    assert!(h.windows(2).all(|w| w[1].epoch - w[0].epoch <= 2), "spread evenly: no gap wider than the thinning");
    assert_eq!(t.history_after(Some(epochs - 1)).len(), 1);
    assert_eq!(t.history_after(None).len(), h.len());
    // the buffer does not grow on: ten times longer, the same capacity
    let before = h.len();
    t.train_epochs(10 * epochs).unwrap();
    assert!(t.history().len() <= 2 * HISTORY_CAP && t.history().len() >= before.min(HISTORY_CAP));
}

#[test]
fn setup_and_live_hyper_parameters_split_where_a_rebuild_is_needed() {
    let base = TrainConfig::default();
    let live = [
        TrainConfig { learning_rate: 0.3, ..base.clone() },
        TrainConfig { dropout: 0.2, ..base.clone() },
        TrainConfig { batch_size: 3, ..base.clone() },
        TrainConfig { optimizer: OptimizerConfig::of(OptimizerKind::Adam), ..base.clone() },
    ];
    for c in &live {
        assert!(base.same_setup(c), "a live change needs no rebuild: {:?}", c.hyper());
        assert_eq!(base.with_hyper(c.hyper()), *c);
    }
    let mut setup = vec![
        TrainConfig { seed: 2, ..base.clone() },
        TrainConfig { loss: Loss::Mae, ..base.clone() },
        TrainConfig { output_activation: Activation::Sigmoid.into(), ..base.clone() },
    ];
    let mut wider = base.clone();
    wider.hidden[0].neurons = 5;
    setup.push(wider);
    let mut noisier = base.clone();
    noisier.data.noise = 0.1;
    setup.push(noisier);
    for c in &setup {
        assert!(!base.same_setup(c), "a setup change rebuilds");
    }
    // set_hyper applies every changed live field at once, exactly as the setters do one by one
    let target = TrainConfig { learning_rate: 0.1, dropout: 0.1, batch_size: 5, ..base.clone() };
    let mut a = Trainer::new(&base).unwrap();
    let mut b = Trainer::new(&base).unwrap();
    a.train_epochs(3).unwrap();
    b.train_epochs(3).unwrap();
    a.set_hyper(target.hyper()).unwrap();
    b.set_learning_rate(0.1).unwrap();
    b.set_dropout(0.1).unwrap();
    b.set_batch_size(5).unwrap();
    assert_eq!(a.config(), &target);
    a.train_epochs(3).unwrap();
    b.train_epochs(3).unwrap();
    assert_eq!(a.history(), b.history());
    assert_eq!(a.epoch(), 6, "no reset");
}
