//! A measurement, not part of the app: the big case's training step (spiral,
//! 7 features, 6 × 8 tanh, tanh output, MSE, SGD 0.03, batch 10) written in
//! `f32` with four lanes, timed against the engine's `f64` trainer on the
//! same data and initial weights. It answers "what would single precision
//! buy?" (docs/speed.md) with a figure anyone can rerun:
//!
//! - natively: `cargo run --release --example f32_sketch`
//! - in V8 as raw wasm: `bash scripts/f32_sketch_wasm.sh` (builds this file
//!   for wasm32 with simd128 and runs it under Node).
//!
//! Same structure as the engine (neuron-major batch, lanes over examples,
//! weights splatted, a finiteness check on every `z`), but only what the big
//! case needs: tanh layers, one output, plain SGD, no dropout, no evaluation.
//! It trains (both training losses are printed), but it is a sketch: nothing
//! of the app uses it and nothing checks its gradients.

// Lane loops index several arrays in step, as in the engine's kernels.
#![allow(clippy::needless_range_loop, clippy::field_reassign_with_default)]
#![allow(unsafe_code)]

use neuralscope_engine::bench::spiral_case;
use neuralscope_engine::fastmath::tanh4_block;
use neuralscope_engine::features::fill_features;
use neuralscope_engine::simd::F4;
use neuralscope_engine::trainer::Trainer;

/// Vectors per batch row: 3 × 4 lanes hold the 10 examples (2 lanes idle).
const V: usize = 3;
const S: usize = 4 * V;
const BATCH: usize = 10;
const LR: f32 = 0.03;
const EPOCHS: usize = 300;
const RUNS: usize = 8;

struct Net {
    sizes: Vec<usize>,
    w: Vec<Vec<f32>>,
    b: Vec<Vec<f32>>,
    gw: Vec<Vec<f32>>,
    gb: Vec<Vec<f32>>,
    /// Per layer (inputs first), activations of the batch, `size × S`.
    a: Vec<Vec<f32>>,
    /// Per layer, ∂L/∂z of the batch.
    d: Vec<Vec<f32>>,
}

/// `a = tanh(b + Σ_k W[k, j]·x[k])` for every neuron; returns Σ z·0 (NaN if any z is not finite).
///
/// Safety: `x` holds `ni` rows of `S`, `a` `no` rows; `w`, `b` hold `ni·no`, `no`.
unsafe fn forward(w: &[f32], b: &[f32], ni: usize, no: usize, x: *const f32, a: *mut f32) -> F4 {
    let mut chk = F4::splat(0.0);
    for j in 0..no {
        let mut acc = [F4::splat(*b.get_unchecked(j)); V];
        let (mut wp, mut xp) = (w.as_ptr().add(j), x);
        for _ in 0..ni {
            let wk = F4::splat(*wp);
            for v in 0..V {
                acc[v] = acc[v].add(wk.mul(F4::load(xp.add(4 * v))));
            }
            wp = wp.add(no);
            xp = xp.add(S);
        }
        for v in 0..V {
            chk = chk.add(acc[v].mul(F4::splat(0.0)));
        }
        for (v, t) in tanh4_block(acc).into_iter().enumerate() {
            t.store(a.add(j * S + 4 * v));
        }
    }
    chk
}

/// `prev[k] = (Σ_j W[k, j]·δ[j]) ⊙ (1 − a[k]²)`.
///
/// Safety: `d` holds `no` rows of `S`, `prev` and `a` `ni` rows; `w` holds `ni·no`.
unsafe fn backprop(w: &[f32], ni: usize, no: usize, d: *const f32, prev: *mut f32, a: *const f32) {
    let (one, minus) = (F4::splat(1.0), F4::splat(-1.0));
    for k in 0..ni {
        let mut acc = [F4::splat(0.0); V];
        for j in 0..no {
            let wk = F4::splat(*w.get_unchecked(k * no + j));
            for v in 0..V {
                acc[v] = acc[v].add(wk.mul(F4::load(d.add(j * S + 4 * v))));
            }
        }
        for v in 0..V {
            let av = F4::load(a.add(k * S + 4 * v));
            acc[v].mul(one.add(minus.mul(av.mul(av)))).store(prev.add(k * S + 4 * v));
        }
    }
}

/// `gb[j] = Σ_i δ[j, i]`, `gw[k, j] = Σ_i x[k, i]·δ[j, i]` (idle lanes hold δ = 0).
///
/// Safety: `x` holds `ni` rows of `S`, `d` `no` rows; `gw`, `gb` hold `ni·no`, `no`.
unsafe fn grads(ni: usize, no: usize, x: *const f32, d: *const f32, gw: &mut [f32], gb: &mut [f32]) {
    let hsum = |s: F4| {
        let l = s.lanes();
        (l[0] + l[1]) + (l[2] + l[3])
    };
    for (j, g) in gb.iter_mut().enumerate().take(no) {
        let mut s = F4::load(d.add(j * S));
        for v in 1..V {
            s = s.add(F4::load(d.add(j * S + 4 * v)));
        }
        *g = hsum(s);
    }
    for k in 0..ni {
        let xv: [F4; V] = std::array::from_fn(|v| F4::load(x.add(k * S + 4 * v)));
        for j in 0..no {
            let mut s = xv[0].mul(F4::load(d.add(j * S)));
            for v in 1..V {
                s = s.add(xv[v].mul(F4::load(d.add(j * S + 4 * v))));
            }
            *gw.get_unchecked_mut(k * no + j) = hsum(s);
        }
    }
}

/// Trains `EPOCHS` epochs from the engine's initial weights; returns (epochs/s, training loss after).
fn train_f32(t: &Trainer, x: &[f32], y: &[f32], now: &dyn Fn() -> f64) -> (f64, f32) {
    let net = t.network();
    let sizes = net.sizes();
    let n = y.len();
    let mut m = Net {
        sizes: sizes.clone(),
        w: net.layers.iter().map(|l| l.weights.iter().map(|&v| v as f32).collect()).collect(),
        b: net.layers.iter().map(|l| l.biases.iter().map(|&v| v as f32).collect()).collect(),
        gw: net.layers.iter().map(|l| vec![0.0; l.weights.len()]).collect(),
        gb: net.layers.iter().map(|l| vec![0.0; l.biases.len()]).collect(),
        a: sizes.iter().map(|&s| vec![0.0; s * S]).collect(),
        d: sizes.iter().map(|&s| vec![0.0; s * S]).collect(),
    };
    let last = m.sizes.len() - 1;
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = 12_345u64;
    let t0 = now();
    for _ in 0..EPOCHS {
        for i in (1..n).rev() {
            rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, ((rng >> 33) as usize) % (i + 1));
        }
        let mut c = 0;
        while c < n {
            let bsz = BATCH.min(n - c);
            for f in 0..m.sizes[0] {
                for i in 0..S {
                    m.a[0][f * S + i] = if i < bsz { x[f * n + order[c + i]] } else { 0.0 };
                }
            }
            // SAFETY: every buffer is sized from `sizes` and S above.
            unsafe {
                let mut chk = F4::splat(0.0);
                for l in 1..=last {
                    let (lo, hi) = m.a.split_at_mut(l);
                    chk = chk.add(forward(&m.w[l - 1], &m.b[l - 1], m.sizes[l - 1], m.sizes[l], lo[l - 1].as_ptr(), hi[0].as_mut_ptr()));
                }
                assert!(chk.lanes().iter().all(|&v| v == 0.0), "the sketch diverged");
                for i in 0..S {
                    let a = m.a[last][i];
                    m.d[last][i] = if i < bsz {
                        let e = a - y[order[c + i]];
                        e * (1.0 - a * a) / bsz as f32
                    } else {
                        0.0
                    };
                }
                for l in (1..=last).rev() {
                    let (ni, no) = (m.sizes[l - 1], m.sizes[l]);
                    grads(ni, no, m.a[l - 1].as_ptr(), m.d[l].as_ptr(), &mut m.gw[l - 1], &mut m.gb[l - 1]);
                    if l > 1 {
                        let (dlo, dhi) = m.d.split_at_mut(l);
                        backprop(&m.w[l - 1], ni, no, dhi[0].as_ptr(), dlo[l - 1].as_mut_ptr(), m.a[l - 1].as_ptr());
                    }
                }
            }
            for l in 0..last {
                m.w[l].iter_mut().zip(&m.gw[l]).for_each(|(w, g)| *w -= LR * g);
                m.b[l].iter_mut().zip(&m.gb[l]).for_each(|(b, g)| *b -= LR * g);
            }
            c += bsz;
        }
    }
    let eps = EPOCHS as f64 / ((now() - t0) / 1000.0);
    // The training set's loss (mean of ½(a − y)², as the engine's MSE), in batches of S.
    let mut total = 0.0;
    for c in (0..n).step_by(S) {
        let bsz = S.min(n - c);
        for f in 0..m.sizes[0] {
            for i in 0..S {
                m.a[0][f * S + i] = if i < bsz { x[f * n + c + i] } else { 0.0 };
            }
        }
        for l in 1..=last {
            let (lo, hi) = m.a.split_at_mut(l);
            // SAFETY: as in training.
            unsafe { forward(&m.w[l - 1], &m.b[l - 1], m.sizes[l - 1], m.sizes[l], lo[l - 1].as_ptr(), hi[0].as_mut_ptr()) };
        }
        total += (0..bsz).map(|i| 0.5 * (m.a[last][i] - y[c + i]).powi(2)).sum::<f32>();
    }
    (eps, total / n as f32)
}

/// Best of `RUNS` runs each: (f32 sketch epochs/s, f64 engine epochs/s, the
/// sketch's training loss after `EPOCHS`, the engine's).
/// Alternating the two, so a drift in the machine's speed hits both.
pub fn compare(now: &dyn Fn() -> f64) -> (f64, f64, f32, f64) {
    let t = Trainer::new(&spiral_case()).expect("the bench case is valid");
    let pts = &t.dataset().train;
    let n = pts.len();
    let feats = &t.config().features;
    let mut x64 = vec![0.0; feats.len() * n];
    fill_features(feats, pts.iter().map(|p| (p.x1, p.x2)), &mut x64, n);
    let x: Vec<f32> = x64.iter().map(|&v| v as f32).collect();
    let y: Vec<f32> = pts.iter().map(|p| if p.label > 0.0 { 1.0 } else { -1.0 }).collect();
    let (mut best32, mut best64, mut loss32, mut loss64) = (0.0f64, 0.0f64, 0.0, 0.0);
    for _ in 0..RUNS {
        let (e, s) = train_f32(&t, &x, &y, now);
        best32 = best32.max(e);
        loss32 = s;
        let mut t64 = Trainer::new(&spiral_case()).expect("the bench case is valid");
        t64.set_eval_every(u64::MAX);
        let t0 = now();
        t64.train_epochs(EPOCHS as u64).expect("the bench case trains");
        best64 = best64.max(EPOCHS as f64 / ((now() - t0) / 1000.0));
        loss64 = t64.evaluate().train_loss;
    }
    (best32, best64, loss32, loss64)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let start = std::time::Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    for _ in 0..3 {
        let (a, b, l32, l64) = compare(&now);
        println!(
            "best of {RUNS}: f32 sketch {a:>6.0} epochs/s | f64 engine {b:>6.0} epochs/s | ratio {:.2} \
             (training loss after {EPOCHS} epochs: sketch {l32:.4}, engine {l64:.4})",
            a / b
        );
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

/// Raw-wasm exports for `scripts/f32_sketch_wasm.sh` (no wasm-bindgen; the host supplies `env.now_ms`).
#[cfg(target_arch = "wasm32")]
mod wasm {
    extern "C" {
        fn now_ms() -> f64;
    }
    static mut LAST: (f64, f64, f32, f64) = (0.0, 0.0, 0.0, 0.0);
    /// Runs [`super::compare`]; returns the sketch's epochs/s (the rest via the getters).
    #[no_mangle]
    pub extern "C" fn compare_f32() -> f64 {
        // SAFETY: the host's clock; single-threaded module.
        let r = super::compare(&|| unsafe { now_ms() });
        unsafe { LAST = r };
        r.0
    }
    /// The engine's epochs/s of the last [`compare_f32`].
    #[no_mangle]
    pub extern "C" fn last_f64() -> f64 {
        // SAFETY: single-threaded module.
        unsafe { LAST.1 }
    }
    /// The sketch's and the engine's training losses of the last [`compare_f32`].
    #[no_mangle]
    pub extern "C" fn last_loss32() -> f64 {
        // SAFETY: single-threaded module.
        f64::from(unsafe { LAST.2 })
    }
    #[no_mangle]
    pub extern "C" fn last_loss64() -> f64 {
        // SAFETY: single-threaded module.
        unsafe { LAST.3 }
    }
}
