//! Read-only views (grid, traces, statistics) and model files.

// Tests build configurations by changing a default field by field, and walk
// layers and indices side by side: clearer here than the idioms clippy prefers.
#![allow(clippy::field_reassign_with_default, clippy::needless_range_loop)]

use neuralscope_engine::data::features::{fill_features, Feature};
use neuralscope_engine::data::DataKind;
use neuralscope_engine::dense::config::{HiddenLayer, TrainConfig};
use neuralscope_engine::dense::network::Workspace;
use neuralscope_engine::dense::trainer::Trainer;
use neuralscope_engine::dense::views::{cell_center, GridBuffers};
use neuralscope_engine::io::model_file::{ModelFile, ModelFileError};
use neuralscope_engine::math::activation::{Activation, LayerActivation};
use neuralscope_engine::math::loss::Loss;
use neuralscope_engine::math::optimizer::{OptimizerConfig, OptimizerKind};

fn trained() -> Trainer {
    let mut cfg = TrainConfig::default();
    cfg.features = vec![Feature::X1, Feature::X2, Feature::X1TimesX2, Feature::SinX1];
    let mut t = Trainer::new(&cfg).unwrap();
    t.train_epochs(10).unwrap();
    t
}

#[test]
fn grid_matches_pointwise_predictions_and_reuses_buffers() {
    let t = trained();
    let mut buf = GridBuffers::new();
    t.grid_outputs(20, &mut buf);
    assert_eq!(buf.sizes(), &[4, 4, 2, 1]);
    assert_eq!(buf.layer(0).len(), 4 * 400);
    assert_eq!(buf.output().len(), 400);
    // Row 0 is the top (x2 = +6 side), column 0 the left (x1 = −6 side).
    assert_eq!(cell_center(20, 6.0, 0, 0), (-5.7, 5.7));
    for &(r, c) in &[(0usize, 0usize), (3, 17), (19, 19), (10, 2)] {
        let (x1, x2) = buf.cell_center(r, c);
        let p = t.predict(x1, x2);
        // The grid is computed and kept in f32 (see `fast_grid_agrees_with_f64_forward_for_every_activation`).
        assert!((f64::from(buf.output()[r * 20 + c]) - p[0]).abs() < 1e-5);
        assert_eq!(buf.neuron(0, 2)[r * 20 + c], (x1 * x2) as f32);
    }
    let ptr = buf.output().as_ptr();
    t.grid_outputs(20, &mut buf);
    assert_eq!(ptr, buf.output().as_ptr(), "no reallocation on the second call");
}

/// Largest `|fast − exact| / max(1, |exact|)` over every neuron of `t`'s
/// `n × n` grid, against the f64 forward pass of the same inputs.
fn grid_error(t: &Trainer, n: usize) -> f64 {
    let mut buf = GridBuffers::new();
    t.grid_outputs(n, &mut buf);
    let net = t.network();
    let nn = n * n;
    let mut ws = Workspace::exact(net, nn);
    // The exact f64 features of the cell centres (the grid's own are single precision).
    let pts = (0..nn).map(|p| buf.cell_center(p / n, p % n));
    fill_features(&t.config().features, pts, &mut ws.input, nn);
    for (&g, &e) in buf.layer(0).iter().zip(&ws.input) {
        assert_eq!(g, e as f32);
    }
    net.forward_ws(&mut ws, nn);
    let mut worst = 0.0f64;
    for (l, layer) in net.layers.iter().enumerate() {
        let exact = &ws.a[l][..layer.n_out() * nn];
        assert_eq!(buf.layer(l + 1).len(), exact.len());
        for (&f, &e) in buf.layer(l + 1).iter().zip(exact) {
            let f = f64::from(f);
            assert!(f.is_finite() && e.is_finite());
            worst = worst.max((f - e).abs() / e.abs().max(1.0));
        }
    }
    worst
}

#[test]
fn fast_grid_agrees_with_f64_forward_for_every_activation() {
    // Tolerance: 1e-5 absolute, relative above 1 (ReLU/linear values can exceed 1).
    const TOL: f64 = 1e-5;
    // Every hidden activation, 7 features (X1² up to 36), 23 × 23 grid (a partial tile).
    for &act in Activation::all() {
        let mut cfg = TrainConfig::default();
        cfg.data.kind = DataKind::Spiral;
        cfg.features = Feature::all().to_vec();
        cfg.hidden = vec![HiddenLayer { neurons: 8, activation: act }, HiddenLayer { neurons: 5, activation: act }];
        let mut t = Trainer::new(&cfg).unwrap();
        let _ = t.train_epochs(3);
        let e = grid_error(&t, 23);
        assert!(e <= TOL, "{act:?}: {e}");
        if act == Activation::Step {
            // the f64 pass, then only the rounding of the stored values to f32
            assert!(e <= f64::from(f32::EPSILON), "step networks take the f64 path: {e}");
        }
    }
    // Every output activation (softmax included), on the big case's shape.
    let mut outs: Vec<LayerActivation> = Activation::all().iter().map(|&a| a.into()).collect();
    outs.push(LayerActivation::Softmax);
    for out in outs {
        let mut cfg = neuralscope_engine::bench::spiral_case();
        cfg.output_activation = out;
        if out == LayerActivation::Softmax {
            cfg.data.kind = DataKind::ThreeSpirals;
            cfg.loss = Loss::CrossEntropy;
        }
        let mut t = Trainer::new(&cfg).unwrap();
        let _ = t.train_epochs(3);
        let e = grid_error(&t, 37);
        assert!(e <= TOL, "output {out:?}: {e}");
    }
}

#[test]
fn softmax_grid_gives_class_probabilities() {
    let mut cfg = TrainConfig::default();
    cfg.data.kind = DataKind::ThreeSpirals;
    cfg.output_activation = LayerActivation::Softmax;
    cfg.loss = Loss::CrossEntropy;
    let t = Trainer::new(&cfg).unwrap();
    let mut buf = GridBuffers::new();
    t.grid_outputs(8, &mut buf);
    let out = buf.output();
    for p in 0..64 {
        // each probability rounded to f32 (the grid keeps single precision)
        let s: f64 = (0..3).map(|k| f64::from(out[k * 64 + p])).sum();
        assert!((s - 1.0).abs() < 1e-6);
    }
}

#[test]
fn forward_trace_shows_every_sum() {
    let t = trained();
    let tr = t.forward_trace(3);
    assert_eq!(tr.point, t.dataset().train[3]);
    for layer in &tr.layers {
        for n in layer {
            let z: f64 = n.bias + n.inputs.iter().zip(&n.weights).map(|(x, w)| w * x).sum::<f64>();
            assert!((z - n.z).abs() < 1e-12);
            assert_eq!(n.a, neuralscope_engine::math::fastmath::tanh(n.z));
        }
    }
    // Layer l+1's inputs are layer l's outputs.
    let a0: Vec<f64> = tr.layers[0].iter().map(|n| n.a).collect();
    assert_eq!(tr.layers[1][0].inputs, a0);
}

#[test]
fn backward_trace_gradients_and_sgd_update() {
    let t = trained();
    let bt = t.backward_trace(5);
    let ft = t.forward_trace(5);
    let lr = t.config().learning_rate;
    for (l, lb) in bt.layers.iter().enumerate() {
        for k in 0..lb.grad_weights.nrows() {
            for j in 0..lb.grad_weights.ncols() {
                // ∂L/∂w_kj = δ_j · input_k, and plain SGD applies −lr·∂L/∂w.
                let expect = lb.delta[j] * ft.layers[l][j].inputs[k];
                assert!((lb.grad_weights[[k, j]] - expect).abs() < 1e-15);
                let w = t.network().layers[l].weights[[k, j]];
                assert_eq!(lb.update_weights[[k, j]], (w - lr * lb.grad_weights[[k, j]]) - w);
            }
        }
    }
    assert!(bt.loss.is_finite() && (bt.loss - ft.loss).abs() == 0.0);
}

#[test]
fn statistics_and_gradient_norms() {
    let t = trained();
    let z = t.layer_preactivations();
    assert_eq!(z.len(), 3);
    assert_eq!(z[0].len(), 4 * t.dataset().train.len());
    let st = t.preactivation_stats();
    assert!(st[0].min <= st[0].mean && st[0].mean <= st[0].max && st[0].std_dev > 0.0);
    let g = t.gradient_norms();
    assert_eq!(g.len(), 3);
    assert!(g.iter().all(|v| v.is_finite() && *v > 0.0));
    // 4 features → 4 → 2 → 1: 16 + 8 + 2 weights, 4 + 2 + 1 biases.
    assert_eq!(t.param_count().to_string(), "33 free parameters: 26 weights and 7 biases");
}

#[test]
fn param_count_text() {
    let mut cfg = TrainConfig::default();
    cfg.hidden = vec![neuralscope_engine::dense::config::HiddenLayer { neurons: 2, activation: Activation::Tanh }];
    // 2 inputs → 2 hidden → 1 output: 4 + 2 weights, 2 + 1 biases.
    let t = Trainer::new(&cfg).unwrap();
    assert_eq!(t.param_count().to_string(), "9 free parameters: 6 weights and 3 biases");
    cfg.hidden.clear();
    let t = Trainer::new(&cfg).unwrap();
    assert_eq!(t.param_count().to_string(), "3 free parameters: 2 weights and 1 bias");
    // a batch-normalized hidden layer of 2 learns a γ and a β per neuron: 4 more
    cfg.hidden = vec![neuralscope_engine::dense::config::HiddenLayer { neurons: 2, activation: Activation::Tanh }];
    cfg.layer_options =
        vec![neuralscope_engine::dense::norm::LayerOptions { norm: neuralscope_engine::dense::norm::NormKind::Batch, skip: false }];
    let t = Trainer::new(&cfg).unwrap();
    assert_eq!(t.param_count().norm, 4);
    assert_eq!(t.param_count().to_string(), "13 free parameters: 6 weights, 3 biases and 4 normalization scales and shifts (γ, β)");
}

#[test]
fn model_file_round_trips_exactly() {
    let mut cfg = TrainConfig::default();
    cfg.optimizer = OptimizerConfig::of(OptimizerKind::Adam);
    cfg.learning_rate = 0.003;
    let mut t = Trainer::new(&cfg).unwrap();
    t.train_epochs(7).unwrap();
    let text = t.to_model_json();
    let back = Trainer::from_model_json(&text).unwrap();
    assert_eq!(back.network(), t.network());
    for (a, b) in back.network().layers.iter().zip(&t.network().layers) {
        assert!(a.weights.iter().zip(b.weights.iter()).all(|(x, y)| x.to_bits() == y.to_bits()));
    }
    assert_eq!(back.config(), t.config());
    assert_eq!(back.epoch(), 7);
    assert_eq!(back.to_model_json(), text);
    // Same weights → same evaluation.
    assert_eq!(back.last_stats().train_loss, t.last_stats().train_loss);
}

fn load_err(text: &str) -> (String, String) {
    match ModelFile::from_json(text).and_then(|m| m.to_trainer().map(|_| m)) {
        Err(ModelFileError::Field { field, message, .. }) => (field, message),
        Err(e) => (String::new(), e.to_string()),
        Ok(_) => panic!("expected an error"),
    }
}

#[test]
fn bad_model_files_name_the_field() {
    let t = Trainer::new(&TrainConfig::default()).unwrap();
    let good = t.to_model_json();
    let v: serde_json::Value = serde_json::from_str(&good).unwrap();

    let mut m = v.clone();
    m["config"].as_object_mut().unwrap().remove("learning_rate");
    let (f, msg) = load_err(&m.to_string());
    assert_eq!(f, "config.learning_rate");
    assert!(msg.contains("config.learning_rate") && msg.contains("missing"), "{msg}");

    let mut m = v.clone();
    m["config"]["data"].as_object_mut().unwrap().remove("noise");
    assert_eq!(load_err(&m.to_string()).0, "config.data.noise");

    let mut m = v.clone();
    m["layers"][1]["weights"][0].as_array_mut().unwrap().pop();
    let (f, msg) = load_err(&m.to_string());
    assert_eq!(f, "layers[1].weights[0]");
    assert!(msg.contains("1 values") && msg.contains("2"), "{msg}");

    let mut m = v.clone();
    m["layers"][0]["biases"] = serde_json::json!([0.0, 0.0, 0.0]);
    assert_eq!(load_err(&m.to_string()).0, "layers[0].biases");

    let mut m = v.clone();
    m["layers"].as_array_mut().unwrap().pop();
    assert_eq!(load_err(&m.to_string()).0, "layers");

    let text = good.replacen("\"biases\": [\n        0.0", "\"biases\": [\n        1e999", 1);
    assert_ne!(text, good);
    let (f, msg) = load_err(&text);
    assert_eq!(f, "layers[0].biases[0]");
    assert!(msg.contains("not a finite number"), "{msg}");

    let text = good.replacen("\"learning_rate\": 0.03", "\"learning_rate\": NaN", 1);
    assert_eq!(load_err(&text).0, "config.learning_rate");

    let mut m = v.clone();
    m["config"]["learning_rate"] = serde_json::json!(-1.0);
    assert_eq!(load_err(&m.to_string()).0, "config.learning_rate");

    let mut m = v.clone();
    m["config"]["hidden"][0]["neurons"] = serde_json::json!(0);
    assert_eq!(load_err(&m.to_string()).0, "config.hidden[0].neurons");

    let mut m = v.clone();
    m["layers"][0]["activation"] = serde_json::json!("Relu");
    assert_eq!(load_err(&m.to_string()).0, "layers[0].activation");

    let (f, msg) = load_err("{\"format\": \"neuralscope-model\",");
    assert_eq!(f, "");
    assert!(msg.contains("not valid JSON") && msg.contains("line 1"), "{msg}");
}
