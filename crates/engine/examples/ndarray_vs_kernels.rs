//! Why the engine's hot loops are its own fused kernels and not ndarray's
//! matrix product (issue 15: "use ndarray for what it is for, or drop it;
//! decide by measurement"):
//! `cargo run --release -p neuralscope-engine --example ndarray_vs_kernels`
//! times the forward pass of the big case (7 inputs, 6 tanh layers of 8, one
//! tanh output; batches of 10, f32) three ways: the engine's fused kernels
//! (`Network::forward_ws`), ndarray's `dot` plus a broadcast bias and a `mapv`
//! activation per layer, and ndarray's `general_mat_mul` into preallocated
//! buffers. Prints the median of 9 rounds per way, and checks the three agree.
use ndarray::{linalg::general_mat_mul, Array2};
use neuralscope_engine::dense::network::{InitConfig, Network, Workspace};
use neuralscope_engine::math::activation::{Activation, LayerActivation};
use neuralscope_engine::math::rng::Rng;
use std::hint::black_box;
use std::time::Instant;

const BATCH: usize = 10;
const ITERS: usize = 20_000;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let sizes = [7, 8, 8, 8, 8, 8, 8, 1];
    let acts = vec![LayerActivation::from(Activation::Tanh); sizes.len() - 1];
    let net: Network<f32> = Network::new(&sizes, &acts, InitConfig::default(), &mut Rng::new(1));
    let mut rng = Rng::new(2);
    let x = Array2::from_shape_fn((BATCH, 7), |_| rng.normal_with(0.0, 1.0) as f32);

    // 1. the engine's fused kernels
    let mut ws = Workspace::new(&net, BATCH);
    let cap = ws.capacity;
    for i in 0..BATCH {
        for k in 0..7 {
            ws.input[k * cap + i] = x[[i, k]];
        }
    }
    let fused = || {
        let mut ws = ws.clone();
        let mut times = Vec::new();
        for _ in 0..9 {
            let t = Instant::now();
            for _ in 0..ITERS {
                black_box(net.forward_ws(black_box(&mut ws), BATCH));
            }
            times.push(t.elapsed().as_secs_f64() / ITERS as f64 * 1e6);
        }
        (median(times), ws.activations(net.layers.len() - 1, BATCH).to_vec())
    };
    // 2. ndarray: dot, broadcast bias, mapv
    let tanh = |z: f32| z.tanh();
    let dot = || {
        let mut times = Vec::new();
        let mut out = Array2::zeros((0, 0));
        for _ in 0..9 {
            let t = Instant::now();
            for _ in 0..ITERS {
                let mut a = black_box(&x).to_owned();
                for l in &net.layers {
                    a = (a.dot(&l.weights) + &l.biases).mapv(tanh);
                }
                out = black_box(a);
            }
            times.push(t.elapsed().as_secs_f64() / ITERS as f64 * 1e6);
        }
        (median(times), out)
    };
    // 3. ndarray: general_mat_mul into preallocated buffers
    let gemm = || {
        let mut bufs: Vec<Array2<f32>> = net.layers.iter().map(|l| Array2::zeros((BATCH, l.n_out()))).collect();
        let mut times = Vec::new();
        for _ in 0..9 {
            let t = Instant::now();
            for _ in 0..ITERS {
                for (li, l) in net.layers.iter().enumerate() {
                    let (before, after) = bufs.split_at_mut(li);
                    let input = if li == 0 { x.view() } else { before[li - 1].view() };
                    let z = &mut after[0];
                    z.assign(&l.biases.broadcast((BATCH, l.n_out())).expect("bias broadcasts"));
                    general_mat_mul(1.0, &input, &l.weights, 1.0, z);
                    z.mapv_inplace(tanh);
                }
                black_box(&bufs);
            }
            times.push(t.elapsed().as_secs_f64() / ITERS as f64 * 1e6);
        }
        (median(times), bufs.pop().expect("an output layer"))
    };
    let (t_fused, y_fused) = fused();
    let (t_dot, y_dot) = dot();
    let (t_gemm, y_gemm) = gemm();
    // the engine's tanh is its own (exactly rounded lanes), so the three agree to f32 rounding, not bits
    let worst = (0..BATCH).map(|i| (y_fused[i] - y_dot[[i, 0]]).abs().max((y_fused[i] - y_gemm[[i, 0]]).abs())).fold(0.0f32, f32::max);
    println!("forward pass, big case (7 → 6×8 tanh → 1), batch {BATCH}, f32; median of 9 rounds of {ITERS}:");
    println!("  engine fused kernels (forward_ws)          {t_fused:7.3} µs");
    println!("  ndarray dot + bias + mapv per layer        {t_dot:7.3} µs  ({:.1}× the fused kernels)", t_dot / t_fused);
    println!("  ndarray general_mat_mul, preallocated      {t_gemm:7.3} µs  ({:.1}× the fused kernels)", t_gemm / t_fused);
    println!("  largest difference between the outputs: {worst:.2e}");
}
