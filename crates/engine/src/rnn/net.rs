//! The Elman recurrent net: one number in per step, a hidden state of `H`
//! units, one number out per step.
//!
//! ```text
//! h_0 = 0
//! h_t = tanh(W_x·x_t + W_h·h_{t−1} + b)          (t = 1..T)
//! z_t = w_y·h_t + b_y,   ŷ_t = σ(z_t) (yes/no tasks) or z_t (regression)
//! ```
//!
//! All parameters live in one flat vector (so one optimizer state and one
//! finite-difference check cover them): `W_x` (H), `W_h` (H×H, row i = the
//! weights into unit i), `b` (H), `w_y` (H), `b_y` (1).
//!
//! Loss per sequence: the mean over its scored steps of cross-entropy (σ
//! readout, computed from `z` stably) or squared error (identity readout).
//! Gradients by backpropagation through time. `tanh` is the engine's
//! deterministic one and `exp`/`log1p` come from libm, so a seed gives the same
//! numbers natively and in the browser.

use crate::math::activation::{logistic_direct, softplus};
use crate::math::fastmath::tanh;
use crate::math::rng::Rng;

/// The net's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Rnn {
    /// Hidden units.
    pub hidden: usize,
    /// Sigmoid readout and cross-entropy (true) or identity and squared error.
    pub binary: bool,
    /// `W_x`, `W_h`, `b`, `w_y`, `b_y`, flat.
    pub params: Vec<f64>,
}

/// One sequence's forward pass, kept for the backward pass and for drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// Hidden states `h_0..h_T`, `H` each (`h_0` = 0).
    pub h: Vec<f64>,
    /// Readout before the output function, per step.
    pub z: Vec<f64>,
    /// Output per step (σ(z) or z).
    pub out: Vec<f64>,
}

impl Trace {
    /// Hidden state after step `t` (1-based; 0 is the zero start state).
    pub fn state(&self, t: usize, hidden: usize) -> &[f64] {
        &self.h[t * hidden..(t + 1) * hidden]
    }
}

impl Rnn {
    /// Parameters for `hidden` units: `H + H² + H + H + 1`.
    pub fn n_params(hidden: usize) -> usize {
        hidden * hidden + 3 * hidden + 1
    }

    /// A net with seeded random weights: `W_x` uniform in ±1, `W_h` and `w_y`
    /// uniform in ±1/√H, biases 0.
    pub fn new(hidden: usize, binary: bool, seed: u64) -> Rnn {
        let mut rng = Rng::stream(seed, 12);
        let h = hidden;
        let s = 1.0 / libm::sqrt(h as f64);
        let mut params = vec![0.0; Rnn::n_params(h)];
        let net = Rnn { hidden, binary, params: Vec::new() };
        for i in 0..h {
            params[net.wx(i)] = rng.uniform_range(-1.0, 1.0);
        }
        for i in 0..h {
            for j in 0..h {
                params[net.wh(i, j)] = rng.uniform_range(-s, s);
            }
        }
        for i in 0..h {
            params[net.wy(i)] = rng.uniform_range(-s, s);
        }
        Rnn { params, ..net }
    }

    /// Index of `W_x[i]`.
    pub fn wx(&self, i: usize) -> usize {
        i
    }
    /// Index of `W_h[i][j]` (from unit j at t−1 into unit i at t).
    pub fn wh(&self, i: usize, j: usize) -> usize {
        self.hidden + i * self.hidden + j
    }
    /// Index of `b[i]`.
    pub fn b(&self, i: usize) -> usize {
        self.hidden + self.hidden * self.hidden + i
    }
    /// Index of `w_y[i]`.
    pub fn wy(&self, i: usize) -> usize {
        2 * self.hidden + self.hidden * self.hidden + i
    }
    /// Index of `b_y`.
    pub fn by(&self) -> usize {
        3 * self.hidden + self.hidden * self.hidden
    }
    /// The recurrent matrix `W_h`, row-major (H×H).
    pub fn w_h(&self) -> &[f64] {
        &self.params[self.hidden..self.hidden + self.hidden * self.hidden]
    }

    /// Runs the net over `xs`.
    pub fn forward(&self, xs: &[f64]) -> Trace {
        let h = self.hidden;
        let p = &self.params;
        let mut tr = Trace { h: vec![0.0; (xs.len() + 1) * h], z: Vec::with_capacity(xs.len()), out: Vec::with_capacity(xs.len()) };
        for (t, &x) in xs.iter().enumerate() {
            let (prev, next) = tr.h.split_at_mut((t + 1) * h);
            let prev = &prev[t * h..];
            for i in 0..h {
                let mut a = p[self.wx(i)] * x + p[self.b(i)];
                let row = &p[self.wh(i, 0)..self.wh(i, 0) + h];
                for j in 0..h {
                    a += row[j] * prev[j];
                }
                next[i] = tanh(a);
            }
            let mut z = p[self.by()];
            for i in 0..h {
                z += p[self.wy(i)] * next[i];
            }
            tr.z.push(z);
            tr.out.push(if self.binary { logistic_direct(z) } else { z });
        }
        tr
    }

    /// The loss of one step: cross-entropy from the logit, or squared error.
    pub fn step_loss(&self, z: f64, y: f64) -> f64 {
        if self.binary {
            // cross-entropy of target y for logit z, stable for any z
            softplus(z) - y * z
        } else {
            (z - y) * (z - y)
        }
    }

    /// One sequence's loss: the mean over the scored steps.
    pub fn seq_loss(&self, tr: &Trace, ys: &[f64], mask: &[bool]) -> f64 {
        let n = mask.iter().filter(|&&m| m).count().max(1) as f64;
        let mut s = 0.0;
        for ((&m, &z), &y) in mask.iter().zip(&tr.z).zip(ys) {
            if m {
                s += self.step_loss(z, y);
            }
        }
        s / n
    }

    /// Backpropagation through time of `scale` × this sequence's loss: adds
    /// its gradient to `grad` (same layout as the parameters).
    pub fn backward(&self, xs: &[f64], tr: &Trace, ys: &[f64], mask: &[bool], scale: f64, grad: &mut [f64]) {
        let n = mask.iter().filter(|&&m| m).count().max(1) as f64;
        let dz: Vec<f64> = (0..xs.len())
            .map(|t| {
                if !mask[t] {
                    0.0
                } else if self.binary {
                    scale * (logistic_direct(tr.z[t]) - ys[t]) / n
                } else {
                    scale * 2.0 * (tr.z[t] - ys[t]) / n
                }
            })
            .collect();
        self.backprop(xs, tr, &dz, Some(grad), None);
    }

    /// How far the gradient reaches back: for the last step's readout `z_T`,
    /// the norm of `∂z_T/∂h_t` for `t = T, T−1, …, 1` (index 0 is the last
    /// step, index `s` is `s` steps back). It shrinks as it goes back when the
    /// recurrent weights are small or the units saturate: vanishing gradients.
    pub fn reach(&self, xs: &[f64], tr: &Trace) -> Vec<f64> {
        let mut dz = vec![0.0; xs.len()];
        if let Some(last) = dz.last_mut() {
            *last = 1.0;
        }
        let mut norms = vec![0.0; xs.len()];
        self.backprop(xs, tr, &dz, None, Some(&mut norms));
        norms
    }

    /// The backward pass for readout gradients `dz`: parameter gradients into
    /// `grad`, and/or the norm of `∂/∂h_t` per step (indexed steps back) into `norms`.
    fn backprop(&self, xs: &[f64], tr: &Trace, dz: &[f64], mut grad: Option<&mut [f64]>, mut norms: Option<&mut [f64]>) {
        let h = self.hidden;
        let p = &self.params;
        let big_t = xs.len();
        let mut dh_next = vec![0.0; h];
        let mut da = vec![0.0; h];
        for t in (0..big_t).rev() {
            let ht = tr.state(t + 1, h);
            let hprev = tr.state(t, h);
            // ∂/∂h_t: from this step's readout and from the next step
            let mut sq = 0.0;
            for i in 0..h {
                let dh = p[self.wy(i)] * dz[t] + dh_next[i];
                sq += dh * dh;
                da[i] = dh * (1.0 - ht[i] * ht[i]);
            }
            if let Some(nm) = norms.as_deref_mut() {
                nm[big_t - 1 - t] = libm::sqrt(sq);
            }
            if let Some(g) = grad.as_deref_mut() {
                for i in 0..h {
                    g[self.wy(i)] += dz[t] * ht[i];
                    g[self.wx(i)] += da[i] * xs[t];
                    g[self.b(i)] += da[i];
                    let row = self.wh(i, 0);
                    for j in 0..h {
                        g[row + j] += da[i] * hprev[j];
                    }
                }
                g[self.by()] += dz[t];
            }
            for (j, d) in dh_next.iter_mut().enumerate() {
                let mut s = 0.0;
                for i in 0..h {
                    s += p[self.wh(i, j)] * da[i];
                }
                *d = s;
            }
        }
    }
}
