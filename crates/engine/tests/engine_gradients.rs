//! Gradients proven three ways: central finite differences (f64) through
//! whole networks for every activation, loss and output type; small cases
//! worked out by hand; and paths that must agree (batch = mean of examples,
//! momentum 0 = SGD).

// Tests build configurations by changing a default field by field, and walk
// layers and indices side by side: clearer here than the idioms clippy prefers.
#![allow(clippy::field_reassign_with_default, clippy::needless_range_loop)]

use ndarray::{array, Array2};
use neuralscope_engine::dense::network::{DenseLayer, InitConfig, InitScheme, Network};
use neuralscope_engine::math::activation::{Activation, LayerActivation};
use neuralscope_engine::math::loss::Loss;
use neuralscope_engine::math::rng::Rng;

fn net(sizes: &[usize], acts: &[LayerActivation], seed: u64) -> Network {
    let mut rng = Rng::new(seed);
    Network::new(sizes, acts, InitConfig { scheme: InitScheme::Xavier, bias: 0.1 }, &mut rng)
}

/// Compares analytic gradients with central differences for every parameter.
fn check(net0: &Network, loss: Loss, x: &Array2<f64>, y: &Array2<f64>) {
    let (_, grads) = net0.loss_and_gradients(loss, x.view(), y.view());
    let h = 1e-6;
    for l in 0..net0.layers.len() {
        let (n_in, n_out) = (net0.layers[l].n_in(), net0.layers[l].n_out());
        for k in 0..=n_in {
            for j in 0..n_out {
                let eval = |d: f64| {
                    let mut n = net0.clone();
                    if k < n_in {
                        n.layers[l].weights[[k, j]] += d;
                    } else {
                        n.layers[l].biases[j] += d;
                    }
                    n.loss_and_gradients(loss, x.view(), y.view()).0
                };
                let num = (eval(h) - eval(-h)) / (2.0 * h);
                let ana = if k < n_in { grads[l].weights[k * n_out + j] } else { grads[l].biases[j] };
                let tol = 1e-6 * (1.0 + num.abs());
                assert!(
                    (num - ana).abs() < tol,
                    "{loss:?} layer {l} param ({k},{j}) of {:?}: numeric {num} vs analytic {ana}",
                    net0.sizes()
                );
            }
        }
    }
}

fn inputs(b: usize, n: usize, seed: u64) -> Array2<f64> {
    let mut r = Rng::new(seed);
    Array2::from_shape_fn((b, n), |_| r.uniform_range(-1.5, 1.5))
}

#[test]
fn every_hidden_activation_through_a_three_layer_net() {
    // Inputs avoid the kinks of ReLU-like functions with probability 1.
    let x = inputs(5, 3, 11);
    let mut r = Rng::new(3);
    let y = Array2::from_shape_fn((5, 1), |_| r.uniform_range(-1.0, 1.0));
    for &act in Activation::all() {
        if !act.has_gradient() {
            continue;
        }
        let n = net(&[3, 4, 3, 1], &[act.into(), act.into(), Activation::Identity.into()], 7);
        check(&n, Loss::Mse, &x, &y);
    }
}

#[test]
fn every_loss_and_output_type() {
    use Activation::*;
    let x = inputs(6, 2, 5);
    let onehot = Array2::from_shape_fn((6, 3), |(i, k)| if i % 3 == k { 1.0 } else { 0.0 });
    let pm = Array2::from_shape_fn((6, 1), |(i, _)| if i % 2 == 0 { 1.0 } else { -1.0 });
    let zo = pm.mapv(|v| if v > 0.0 { 1.0 } else { 0.0 });
    let mut r = Rng::new(9);
    let reg = Array2::from_shape_fn((6, 1), |_| r.uniform_range(-1.0, 1.0));
    let cases: Vec<(LayerActivation, Loss, &Array2<f64>)> = vec![
        (Identity.into(), Loss::Mse, &reg),
        (Identity.into(), Loss::Mae, &reg),
        (Sigmoid.into(), Loss::CrossEntropy, &zo),
        (Sigmoid.into(), Loss::Mse, &zo),
        (Tanh.into(), Loss::CrossEntropy, &pm),
        (Tanh.into(), Loss::Mse, &pm),
        (Tanh.into(), Loss::Mae, &pm),
        (LayerActivation::Softmax, Loss::CrossEntropy, &onehot),
        (LayerActivation::Softmax, Loss::Mse, &onehot),
    ];
    for (out, loss, y) in cases {
        let n_out = y.ncols();
        // Two layers and three layers.
        check(&net(&[2, 3, n_out], &[Tanh.into(), out], 1), loss, &x, y);
        check(&net(&[2, 4, 3, n_out], &[Relu.into(), Elu.into(), out], 2), loss, &x, y);
        // A single dense layer.
        check(&net(&[2, n_out], &[out], 3), loss, &x, y);
    }
}

#[test]
fn hand_worked_relu_neuron() {
    // Inputs 0.5 and 0.8, weights 0.3 and 0.7, bias 0: z = 0.15 + 0.56 = 0.71, ReLU → 0.71.
    let n: Network = Network {
        layers: vec![DenseLayer {
            weights: array![[0.3], [0.7]],
            biases: array![0.0],
            activation: Activation::Relu.into(),
            norm: None,
            skip: false,
        }],
    };
    let out = n.forward(array![[0.5, 0.8]].view());
    assert!((out[[0, 0]] - 0.71).abs() < 1e-15);
    // MSE (½(a−y)²) with target 1: δ = a − y = −0.29; ∂L/∂w = δ·x = (−0.145, −0.232); ∂L/∂b = −0.29.
    let (l, g) = n.loss_and_gradients(Loss::Mse, array![[0.5, 0.8]].view(), array![[1.0]].view());
    assert!((l - 0.5 * 0.29 * 0.29).abs() < 1e-15);
    assert!((g[0].weights[0] + 0.145).abs() < 1e-15);
    assert!((g[0].weights[1] + 0.232).abs() < 1e-15);
    assert!((g[0].biases[0] + 0.29).abs() < 1e-15);
    // The same neuron with z < 0 passes no gradient.
    let (_, g) = n.loss_and_gradients(Loss::Mse, array![[-0.5, -0.8]].view(), array![[1.0]].view());
    assert_eq!(g[0].weights, vec![0.0, 0.0]);
}

#[test]
fn hand_worked_two_layer_sigmoid() {
    // x = 1; hidden: w = 0.5, b = 0 → z1 = 0.5, a1 = σ(0.5); output: w = 2, b = −1, identity.
    let n = Network {
        layers: vec![
            DenseLayer { weights: array![[0.5]], biases: array![0.0], activation: Activation::Sigmoid.into(), norm: None, skip: false },
            DenseLayer { weights: array![[2.0]], biases: array![-1.0], activation: Activation::Identity.into(), norm: None, skip: false },
        ],
    };
    let s = 1.0 / (1.0 + (-0.5f64).exp());
    let a2 = 2.0 * s - 1.0;
    let (_, g) = n.loss_and_gradients(Loss::Mse, array![[1.0]].view(), array![[0.0]].view());
    // δ2 = a2 − 0; ∂L/∂w2 = δ2·a1; δ1 = δ2·w2·σ'(z1) = δ2·2·s(1−s); ∂L/∂w1 = δ1·x.
    assert!((g[1].weights[0] - a2 * s).abs() < 1e-15);
    assert!((g[1].biases[0] - a2).abs() < 1e-15);
    assert!((g[0].weights[0] - a2 * 2.0 * s * (1.0 - s)).abs() < 1e-15);
}

#[test]
fn batch_gradient_is_mean_of_example_gradients() {
    let n = net(&[2, 4, 3], &[Activation::Tanh.into(), LayerActivation::Softmax], 4);
    let x = inputs(7, 2, 8);
    let y = Array2::from_shape_fn((7, 3), |(i, k)| if (i + 1) % 3 == k { 1.0 } else { 0.0 });
    let (lb, gb) = n.loss_and_gradients(Loss::CrossEntropy, x.view(), y.view());
    let mut mean_l = 0.0;
    let mut mean_g: Vec<Vec<f64>> = Vec::new();
    for i in 0..7 {
        let xi = x.slice(ndarray::s![i..i + 1, ..]);
        let yi = y.slice(ndarray::s![i..i + 1, ..]);
        let (l, g) = n.loss_and_gradients(Loss::CrossEntropy, xi, yi);
        mean_l += l / 7.0;
        let flat: Vec<Vec<f64>> = g.iter().map(|g| g.weights.iter().chain(&g.biases).copied().collect()).collect();
        if mean_g.is_empty() {
            mean_g = flat.iter().map(|v| vec![0.0; v.len()]).collect();
        }
        for (m, f) in mean_g.iter_mut().zip(&flat) {
            for (a, b) in m.iter_mut().zip(f) {
                *a += b / 7.0;
            }
        }
    }
    assert!((lb - mean_l).abs() < 1e-14);
    for (g, m) in gb.iter().zip(&mean_g) {
        let flat: Vec<f64> = g.weights.iter().chain(&g.biases).copied().collect();
        for (a, b) in flat.iter().zip(m) {
            assert!((a - b).abs() < 1e-14, "{a} vs {b}");
        }
    }
}
