//! Batch norm, layer norm and skip connections in the dense engine: central
//! finite differences through whole networks (batch norm in training mode, so
//! through the batch statistics), the options off leave the pass untouched,
//! model files keep them, and the cure they bring to a deep sigmoid net.

#![allow(clippy::needless_range_loop)]

use ndarray::Array2;
use neuralscope_engine::data::{DataConfig, DataKind};
use neuralscope_engine::dense::config::{HiddenLayer, TrainConfig};
use neuralscope_engine::dense::network::{InitConfig, InitScheme, Network};
use neuralscope_engine::dense::norm::{LayerOptions, NormKind};
use neuralscope_engine::dense::trainer::Trainer;
use neuralscope_engine::math::activation::{Activation, LayerActivation};
use neuralscope_engine::math::loss::Loss;
use neuralscope_engine::math::rng::Rng;

/// A network with these hidden options; γ and β moved off 1 and 0 so they matter.
fn net(sizes: &[usize], acts: &[LayerActivation], opts: &[LayerOptions], seed: u64) -> Network {
    let mut rng = Rng::new(seed);
    let mut n = Network::new(sizes, acts, InitConfig { scheme: InitScheme::Xavier, bias: 0.1 }, &mut rng);
    for (l, &o) in opts.iter().enumerate() {
        n.layers[l].set_options(o);
        if let Some(norm) = n.layers[l].norm.as_mut() {
            norm.gamma.iter_mut().for_each(|g| *g = rng.uniform_range(0.5, 1.5));
            norm.beta.iter_mut().for_each(|b| *b = rng.uniform_range(-0.5, 0.5));
        }
    }
    n
}

/// Every parameter (weights, biases, γ, β) against central differences of the mean loss.
fn check(net0: &Network, loss: Loss, x: &Array2<f64>, y: &Array2<f64>) {
    let (_, grads) = net0.loss_and_gradients(loss, x.view(), y.view());
    let h = 1e-6;
    let mut checked = 0;
    for l in 0..net0.layers.len() {
        let n_w = net0.layers[l].weights.len();
        let n_b = net0.layers[l].biases.len();
        let n_n = net0.layers[l].norm.as_ref().map_or(0, |n| n.gamma.len());
        for p in 0..n_w + n_b + 2 * n_n {
            let bump = |d: f64| {
                let mut n = net0.clone();
                let layer = &mut n.layers[l];
                if p < n_w {
                    layer.weights.as_slice_mut().unwrap()[p] += d;
                } else if p < n_w + n_b {
                    layer.biases[p - n_w] += d;
                } else if p < n_w + n_b + n_n {
                    layer.norm.as_mut().unwrap().gamma[p - n_w - n_b] += d;
                } else {
                    layer.norm.as_mut().unwrap().beta[p - n_w - n_b - n_n] += d;
                }
                n.loss_and_gradients(loss, x.view(), y.view()).0
            };
            let num = (bump(h) - bump(-h)) / (2.0 * h);
            let g = &grads[l];
            let ana = if p < n_w {
                g.weights[p]
            } else if p < n_w + n_b {
                g.biases[p - n_w]
            } else if p < n_w + n_b + n_n {
                g.gamma[p - n_w - n_b]
            } else {
                g.beta[p - n_w - n_b - n_n]
            };
            let tol = 1e-6 * (1.0 + num.abs());
            assert!((num - ana).abs() < tol, "layer {l} parameter {p} of {:?}: numeric {num} vs analytic {ana}", net0.sizes());
            checked += 1;
        }
    }
    assert!(checked > 0);
}

fn inputs(b: usize, n: usize, seed: u64) -> Array2<f64> {
    let mut r = Rng::new(seed);
    Array2::from_shape_fn((b, n), |_| r.uniform_range(-1.5, 1.5))
}

const BN: LayerOptions = LayerOptions { norm: NormKind::Batch, skip: false };
const LN: LayerOptions = LayerOptions { norm: NormKind::Layer, skip: false };
const SKIP: LayerOptions = LayerOptions { norm: NormKind::None, skip: true };
const PLAIN: LayerOptions = LayerOptions::PLAIN;

#[test]
fn batch_norm_in_training_mode_matches_finite_differences() {
    let x = inputs(6, 3, 11);
    let mut r = Rng::new(3);
    let y = Array2::from_shape_fn((6, 1), |_| r.uniform_range(-1.0, 1.0));
    for &act in &[Activation::Tanh, Activation::Sigmoid, Activation::Elu] {
        let acts = [act.into(), act.into(), Activation::Identity.into()];
        check(&net(&[3, 4, 3, 1], &acts, &[BN, BN], 7), Loss::Mse, &x, &y);
        check(&net(&[3, 4, 3, 1], &acts, &[PLAIN, BN], 8), Loss::Mse, &x, &y);
        check(&net(&[3, 4, 3, 1], &acts, &[BN, PLAIN], 9), Loss::Mse, &x, &y);
    }
}

#[test]
fn layer_norm_matches_finite_differences() {
    let x = inputs(5, 3, 12);
    let onehot = Array2::from_shape_fn((5, 3), |(i, k)| if i % 3 == k { 1.0 } else { 0.0 });
    let acts = [Activation::Tanh.into(), Activation::Sigmoid.into(), LayerActivation::Softmax];
    check(&net(&[3, 4, 3, 3], &acts, &[LN, LN], 4), Loss::CrossEntropy, &x, &onehot);
    check(&net(&[3, 4, 3, 3], &acts, &[LN, PLAIN], 5), Loss::CrossEntropy, &x, &onehot);
}

#[test]
fn skip_connections_match_finite_differences_alone_and_with_norms() {
    let x = inputs(6, 4, 13);
    let mut r = Rng::new(5);
    let y = Array2::from_shape_fn((6, 1), |_| if r.uniform() < 0.5 { 0.0 } else { 1.0 });
    let s = Activation::Sigmoid.into();
    let acts = [s, s, s, Activation::Sigmoid.into()];
    let both_bn = LayerOptions { norm: NormKind::Batch, skip: true };
    let both_ln = LayerOptions { norm: NormKind::Layer, skip: true };
    // 4 features → 4 → 4 → 4 → 1: a skip fits round every hidden layer, the first included.
    check(&net(&[4, 4, 4, 4, 1], &acts, &[SKIP, SKIP, SKIP], 1), Loss::CrossEntropy, &x, &y);
    check(&net(&[4, 4, 4, 4, 1], &acts, &[PLAIN, SKIP, PLAIN], 2), Loss::CrossEntropy, &x, &y);
    check(&net(&[4, 4, 4, 4, 1], &acts, &[both_bn, SKIP, both_ln], 3), Loss::CrossEntropy, &x, &y);
    check(&net(&[4, 4, 4, 4, 1], &[Activation::Relu.into(), Activation::Tanh.into(), s, s], &[BN, both_ln, SKIP], 4), Loss::Mse, &x, &y);
}

/// A skip adds the input exactly: a layer whose weights and biases are zero
/// and whose activation is the identity passes its input straight through.
#[test]
fn a_zero_layer_with_a_skip_is_the_identity() {
    let mut n = net(&[3, 3, 1], &[Activation::Identity.into(), Activation::Identity.into()], &[SKIP], 1);
    n.layers[0].weights.fill(0.0);
    n.layers[0].biases.fill(0.0);
    let x = inputs(4, 3, 2);
    let out = n.forward(x.view());
    let w = &n.layers[1];
    for i in 0..4 {
        let want: f64 = w.biases[0] + (0..3).map(|k| w.weights[[k, 0]] * x[[i, k]]).sum::<f64>();
        assert!((out[[i, 0]] - want).abs() < 1e-12);
    }
}

fn circle(hidden: usize, opts: LayerOptions) -> TrainConfig {
    circle_at(hidden, opts, 0.1)
}

fn circle_at(hidden: usize, opts: LayerOptions, learning_rate: f64) -> TrainConfig {
    let mut cfg = TrainConfig {
        data: DataConfig { kind: DataKind::Circle, n_points: 300, noise: 0.0, train_fraction: 0.5, seed: 1, custom: None },
        hidden: vec![HiddenLayer { neurons: 6, activation: Activation::Sigmoid }; hidden],
        learning_rate,
        batch_size: 10,
        seed: 1,
        ..TrainConfig::default()
    };
    for i in 0..hidden {
        let o = LayerOptions { skip: opts.skip && cfg.skip_fits(i), ..opts };
        cfg.set_layer_option(i, o);
    }
    cfg
}

/// Test accuracy after `epochs` and the first and last layers' gradient norms at the end.
fn run(cfg: &TrainConfig, epochs: u64) -> (f64, f64, f64) {
    let mut t = Trainer::<f32>::build(cfg).unwrap();
    let s = t.train_epochs(epochs).unwrap();
    let g = t.gradient_norms();
    (s.test_accuracy.unwrap(), g[0], g[g.len() - 1])
}

/// The cure made visible. Ten sigmoid layers of 6 on the circle (the
/// vanishing-gradient lesson's data, batches of 10, tanh output, MSE) in
/// `f32` as the page trains, 500 epochs. Measured (`--nocapture` prints them):
///
/// | learning rate | plain | batch norm | skips (layers 2–10) | layer norm |
/// |---|---|---|---|---|
/// | 0.1  | 0.493 (first-layer gradient 4e-8) | 1.000 | 0.493 (saturated) | 0.493 |
/// | 0.03 | 0.493 | 1.000 | 1.000 | 0.493 |
///
/// Batch norm cures it at the lesson's rate; skips need the smaller rate (the
/// sum of ten layers' outputs drives the output neuron into saturation at 0.1).
/// Layer norm over six neurons does not cure it (its first-layer gradient stays ~1e-6).
#[test]
fn batch_norm_or_skips_cure_a_deep_sigmoid_net() {
    let mut rows = Vec::new();
    for lr in [0.1, 0.03] {
        let r = [PLAIN, BN, SKIP, LN].map(|o| run(&circle_at(10, o, lr), 500));
        rows.push(r);
        println!("10 sigmoid layers, 500 epochs, learning rate {lr}: test accuracy (first-layer, output gradient norm)");
        for (name, r) in ["plain", "batch norm", "skips", "layer norm"].iter().zip(r) {
            println!("  {name:<11} {:.3}  ({:.2e}, {:.2e})", r.0, r.1, r.2);
        }
    }
    for (lr, r) in [0.1, 0.03].iter().zip(&rows) {
        assert!(r[0].0 < 0.7, "the plain deep sigmoid net should barely learn at {lr}: {}", r[0].0);
        assert!(r[0].1 < 1e-4 * r[0].2, "its first layer's gradient should vanish at {lr}: {:?}", r[0]);
        assert!(r[1].0 >= 0.95, "batch norm should cure it at {lr}: {}", r[1].0);
    }
    assert!(rows[1][2].0 >= 0.95, "skip connections should cure it at 0.03: {}", rows[1][2].0);
}

/// With no option on, the options code is not reached: a configuration with
/// an explicit all-plain list trains to the bit-identical history.
#[test]
fn plain_options_change_nothing() {
    let cfg = circle(3, PLAIN);
    assert!(cfg.layer_options.is_empty(), "plain options are tidied away");
    let mut listed = cfg.clone();
    listed.layer_options = vec![PLAIN; 3];
    let mut a = Trainer::<f32>::build(&cfg).unwrap();
    let mut b = Trainer::<f32>::build(&listed).unwrap();
    a.train_epochs(5).unwrap();
    b.train_epochs(5).unwrap();
    assert_eq!(a.history(), b.history());
}

#[test]
fn a_skip_round_a_layer_of_another_width_is_refused_by_name() {
    let mut cfg = circle(2, PLAIN);
    cfg.layer_options = vec![SKIP];
    let e = cfg.validate().unwrap_err();
    assert_eq!(e.field, "layer_options[0].skip");
    assert_eq!(e.problem, neuralscope_engine::dense::config::Problem::SkipWidth { inputs: 2, neurons: 6 });
    cfg.layer_options = vec![PLAIN, PLAIN, PLAIN];
    assert_eq!(cfg.validate().unwrap_err().field, "layer_options");
}

/// Batch norm evaluates with its running statistics: the trainer's test loss
/// is that of the network in evaluation mode, and a model file keeps γ, β,
/// the running statistics and the skips (the reloaded net predicts the same bits).
#[test]
fn model_files_keep_norms_and_skips() {
    let mut cfg = circle(3, PLAIN);
    cfg.set_layer_option(0, BN);
    cfg.set_layer_option(1, LayerOptions { norm: NormKind::Layer, skip: true });
    cfg.set_layer_option(2, SKIP);
    let mut t = Trainer::new(&cfg).unwrap();
    t.train_epochs(3).unwrap();
    let bn = t.network().layers[0].norm.as_ref().unwrap();
    assert!(bn.running_mean.iter().any(|&m| m != 0.0), "running statistics moved");
    let json = t.to_model_json();
    assert!(json.contains("running_var") && json.contains("layer_options"));
    let back = Trainer::from_model_json(&json).unwrap();
    assert_eq!(back.network(), t.network());
    for p in [(0.3, -1.0), (2.0, 2.5), (-4.0, 0.1)] {
        assert_eq!(back.predict(p.0, p.1), t.predict(p.0, p.1));
    }
    // The norm's numbers are required when the configuration names one.
    let broken = json.replacen("\"gamma\"", "\"gamma_\"", 1);
    let e = Trainer::from_model_json(&broken).unwrap_err().to_string();
    assert!(e.contains("layers[0].norm.gamma"), "{e}");
}

/// The PyTorch export refuses normalized or skipping layers by name (it does not drop them).
#[test]
fn the_pytorch_export_refuses_norms_and_skips_by_name() {
    let mut cfg = circle(3, PLAIN);
    assert_eq!(neuralscope_engine::io::pytorch::refusal(&cfg), None);
    cfg.set_layer_option(1, BN);
    cfg.set_layer_option(2, SKIP);
    let why = neuralscope_engine::io::pytorch::refusal(&cfg).unwrap();
    assert!(why.contains("hidden layer 2 (batch norm), hidden layer 3 (a skip connection)"), "{why}");
    let t = Trainer::new(&cfg).unwrap();
    let script = neuralscope_engine::io::pytorch::script(&t, 5);
    assert!(script.starts_with("raise SystemExit(") && script.contains("batch norm"), "{script}");
}

/// The heatmap grid of a normalized net is its evaluation-mode output.
#[test]
fn the_grid_shows_the_evaluation_mode_output() {
    let mut cfg = circle(2, BN);
    cfg.set_layer_option(1, LayerOptions { norm: NormKind::Batch, skip: true });
    let mut t = Trainer::<f32>::build(&cfg).unwrap();
    t.train_epochs(3).unwrap();
    let mut buf = neuralscope_engine::dense::views::GridBuffers::default();
    t.grid_outputs(8, &mut buf);
    let mut worst: f64 = 0.0;
    for p in 0..64 {
        let (x1, x2) = buf.cell_center(p / 8, p % 8);
        let want = t.predict(x1, x2)[0];
        worst = worst.max((buf.output()[p] as f64 - want).abs());
    }
    assert!(worst < 1e-5, "grid vs predict: {worst}");
}
