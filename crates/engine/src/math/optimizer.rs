//! Optimizers working on flat parameter slices, with their state kept apart
//! from the parameters (one [`ParamState`] per parameter tensor), so dense and
//! convolution layers share them.
//!
//! Update rules (`g` = gradient after adding the regularization term, `lr` =
//! learning rate, `t` = step count starting at 1):
//! - SGD: `w ← w − lr·g`
//! - Momentum (PyTorch form): `v ← μ·v + g; w ← w − lr·v`
//! - Nesterov (PyTorch form): `v ← μ·v + g; w ← w − lr·(g + μ·v)`
//! - Adam: `m ← β1·m + (1−β1)·g; s ← β2·s + (1−β2)·g²;
//!   w ← w − lr·(m/(1−β1^t)) / (√(s/(1−β2^t)) + ε)`
//! - RMSProp: `s ← ρ·s + (1−ρ)·g²; w ← w − lr·g/(√s + ε)`
//!
//! Regularization (weights only; biases get [`Penalty::NONE`]) is added to the
//! gradient here, in one place: L2 adds `rate·w` (penalty `½·rate·Σw²`), L1
//! adds `rate·sign(w)` (penalty `rate·Σ|w|`, sign(0) = 0). Decoupled weight
//! decay (`w ← w − lr·decay·w` after the step) is an option of the config.
//!
//! The learning rate and regularization rate are arguments of every step, not
//! state: changing them mid-training resets nothing.

use crate::dense::config::{ConfigError, Problem};
use crate::math::real::{r, Lane, Real};
use serde::{Deserialize, Serialize};

/// Which update rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OptimizerKind {
    /// Plain stochastic gradient descent.
    Sgd,
    /// Heavy-ball momentum.
    Momentum,
    /// Nesterov accelerated gradient.
    Nesterov,
    /// Adam (Kingma & Ba), with bias correction.
    Adam,
    /// RMSProp.
    RmsProp,
}

impl OptimizerKind {
    /// All kinds, in UI order.
    pub fn all() -> &'static [OptimizerKind] {
        use OptimizerKind::*;
        &[Sgd, Momentum, Nesterov, Adam, RmsProp]
    }
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "SGD",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "Nesterov",
            OptimizerKind::Adam => "Adam",
            OptimizerKind::RmsProp => "RMSProp",
        }
    }
}

/// Hyper-parameters of an optimizer (not the learning rate, which is passed to
/// every step).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizerConfig {
    /// The update rule.
    pub kind: OptimizerKind,
    /// μ for momentum and Nesterov (default 0.9).
    pub momentum: f64,
    /// β1 for Adam (default 0.9).
    pub beta1: f64,
    /// β2 for Adam (default 0.999).
    pub beta2: f64,
    /// ρ, the decay of the squared-gradient average for RMSProp (default 0.9).
    pub rho: f64,
    /// ε added to the denominator of Adam and RMSProp (default 1e-8).
    pub epsilon: f64,
    /// Decoupled weight decay (0 = off), applied to weights only.
    pub weight_decay: f64,
}

impl Default for OptimizerConfig {
    fn default() -> Self {
        OptimizerConfig { kind: OptimizerKind::Sgd, momentum: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.9, epsilon: 1e-8, weight_decay: 0.0 }
    }
}

impl OptimizerConfig {
    /// Default hyper-parameters for a kind.
    pub fn of(kind: OptimizerKind) -> Self {
        OptimizerConfig { kind, ..Default::default() }
    }

    /// Checks ranges; the error names the field (`optimizer.beta2`).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let unit = |name: &str, v: f64| crate::limits::MOMENTUM.check(&format!("optimizer.{name}"), v);
        unit("momentum", self.momentum)?;
        unit("beta1", self.beta1)?;
        unit("beta2", self.beta2)?;
        unit("rho", self.rho)?;
        if !(self.epsilon.is_finite() && self.epsilon > 0.0) {
            return Err(ConfigError::new("optimizer.epsilon", Problem::NotPositive { got: self.epsilon }));
        }
        if !(self.weight_decay.is_finite() && self.weight_decay >= 0.0) {
            return Err(ConfigError::new("optimizer.weight_decay", Problem::Negative { got: self.weight_decay }));
        }
        Ok(())
    }
}

/// Which regularization penalty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RegularizationKind {
    /// No penalty.
    None,
    /// `rate·Σ|w|`
    L1,
    /// `½·rate·Σw²`
    L2,
}

/// A regularization penalty and its rate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Penalty {
    /// The penalty.
    pub kind: RegularizationKind,
    /// Its rate (≥ 0).
    pub rate: f64,
}

impl Default for Penalty {
    fn default() -> Self {
        Penalty::NONE
    }
}

impl Penalty {
    /// No regularization (used for biases).
    pub const NONE: Penalty = Penalty { kind: RegularizationKind::None, rate: 0.0 };

    /// The penalty's value for a set of weights.
    pub fn value<R: Real>(&self, w: &[R]) -> f64 {
        match self.kind {
            RegularizationKind::None => 0.0,
            RegularizationKind::L1 => self.rate * w.iter().map(|x| x.f64().abs()).sum::<f64>(),
            RegularizationKind::L2 => 0.5 * self.rate * w.iter().map(|x| x.f64() * x.f64()).sum::<f64>(),
        }
    }

    /// The penalty's derivative with respect to one weight.
    #[inline]
    pub fn grad<R: Real>(&self, w: R) -> R {
        match self.kind {
            RegularizationKind::None => R::ZERO,
            RegularizationKind::L1 => {
                if w > R::ZERO {
                    r(self.rate)
                } else if w < R::ZERO {
                    -r::<R>(self.rate)
                } else {
                    R::ZERO
                }
            }
            RegularizationKind::L2 => r::<R>(self.rate) * w,
        }
    }

    /// `Ok` when the rate is finite and non-negative.
    pub fn validate(&self) -> Result<(), ConfigError> {
        crate::limits::REGULARIZATION_RATE.check("regularization.rate", self.rate).map(|_| ())
    }
}

/// Optimizer state of one parameter tensor: first and second moment buffers
/// (allocated on first use), and the step count.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParamState<R: Real = f64> {
    /// Velocity (momentum, Nesterov) or first moment `m` (Adam).
    pub m: Vec<R>,
    /// Second moment `s` (Adam, RMSProp).
    pub v: Vec<R>,
    /// Number of steps taken.
    pub t: u64,
    /// β1^t, kept as a running product (Adam bias correction).
    pub beta1_pow: f64,
    /// β2^t, kept as a running product.
    pub beta2_pow: f64,
}

impl<R: Real> ParamState<R> {
    /// Fresh state for a tensor of `len` parameters.
    pub fn new(len: usize) -> Self {
        ParamState { m: vec![R::ZERO; len], v: vec![R::ZERO; len], t: 0, beta1_pow: 1.0, beta2_pow: 1.0 }
    }

    /// Forget everything (zero buffers, t = 0), keeping allocations.
    pub fn reset(&mut self) {
        self.m.iter_mut().for_each(|x| *x = R::ZERO);
        self.v.iter_mut().for_each(|x| *x = R::ZERO);
        self.t = 0;
        self.beta1_pow = 1.0;
        self.beta2_pow = 1.0;
    }

    fn ensure(&mut self, len: usize) {
        if self.m.len() != len || self.v.len() != len {
            *self = ParamState::new(len);
        }
        if self.t == 0 {
            self.beta1_pow = 1.0;
            self.beta2_pow = 1.0;
        }
    }
}

/// One optimizer step on a flat weight tensor: `param ← param − update(grad + penalty')`,
/// then decoupled weight decay if the config has one. For biases use [`step_bias`].
///
/// `param`, `grad` and the state's buffers have the same length (the state is
/// (re)allocated on first use or if the length changed).
pub fn step<R: Real>(cfg: &OptimizerConfig, lr: f64, penalty: Penalty, param: &mut [R], grad: &[R], state: &mut ParamState<R>) {
    assert_eq!(param.len(), grad.len(), "optimizer::step: param and grad lengths differ");
    state.ensure(param.len());
    state.t += 1;
    if cfg.kind == OptimizerKind::Adam {
        state.beta1_pow *= cfg.beta1;
        state.beta2_pow *= cfg.beta2;
    }
    let c = Consts::new(cfg, lr, state);
    if cfg.kind == OptimizerKind::Sgd && penalty.kind == RegularizationKind::None && cfg.weight_decay == 0.0 {
        let lr = R::of(lr);
        for (p, &g) in param.iter_mut().zip(grad) {
            *p -= lr * g;
        }
        return;
    }
    for i in 0..param.len() {
        let (p, m, v) = update_one(cfg, &c, penalty, param[i], grad[i], state.m[i], state.v[i]);
        param[i] = p;
        state.m[i] = m;
        state.v[i] = v;
    }
}

/// Whether [`step`] with these arguments would keep every parameter and every
/// state value finite. Changes nothing; the trainer calls it on every tensor
/// before updating any, so a diverging step leaves the last finite parameters.
pub fn step_stays_finite<R: Real>(
    cfg: &OptimizerConfig,
    lr: f64,
    penalty: Penalty,
    param: &[R],
    grad: &[R],
    state: &ParamState<R>,
) -> bool {
    if cfg.kind == OptimizerKind::Sgd && penalty.kind == RegularizationKind::None && cfg.weight_decay == 0.0 {
        // Fast path, same arithmetic as `step`'s.
        let lr = R::of(lr);
        let acc = param.iter().zip(grad).fold(R::ZERO, |acc, (&p, &g)| acc + (p - lr * g) * R::ZERO);
        return acc == R::ZERO;
    }
    let mut acc = R::ZERO;
    each_update(cfg, lr, penalty, param, grad, state, |p, m, v| acc += p * R::ZERO + m * R::ZERO + v * R::ZERO);
    acc == R::ZERO
}

/// Whether [`step`] with these arguments would keep every parameter within
/// `bound` in size (NaN fails): the recurrent net's and the autoencoder's guard
/// ([`crate::limits::MAX_WEIGHT`]), checked on every tensor before any is updated,
/// so a step that would explode is never applied. Changes nothing.
pub fn step_stays_within<R: Real>(
    cfg: &OptimizerConfig,
    lr: f64,
    penalty: Penalty,
    param: &[R],
    grad: &[R],
    state: &ParamState<R>,
    bound: f64,
) -> bool {
    let mut ok = true;
    if cfg.kind == OptimizerKind::Sgd && penalty.kind == RegularizationKind::None && cfg.weight_decay == 0.0 {
        // Fast path, same arithmetic as `step`'s.
        let lr = R::of(lr);
        param.iter().zip(grad).for_each(|(&p, &g)| ok &= (p - lr * g).f64().abs() <= bound);
        return ok;
    }
    each_update(cfg, lr, penalty, param, grad, state, |p, _, _| ok &= p.f64().abs() <= bound);
    ok
}

/// Calls `f(param, m, v)` with each value [`step`] would produce (its general
/// path), changing nothing.
fn each_update<R: Real>(
    cfg: &OptimizerConfig,
    lr: f64,
    penalty: Penalty,
    param: &[R],
    grad: &[R],
    state: &ParamState<R>,
    mut f: impl FnMut(R, R, R),
) {
    let mut st = ParamState { m: Vec::new(), v: Vec::new(), ..state.clone_scalars() };
    if st.t == 0 || state.m.len() != param.len() {
        st.beta1_pow = 1.0;
        st.beta2_pow = 1.0;
    }
    if cfg.kind == OptimizerKind::Adam {
        st.beta1_pow *= cfg.beta1;
        st.beta2_pow *= cfg.beta2;
    }
    let c = Consts::new(cfg, lr, &st);
    let fresh = state.m.len() != param.len() || state.v.len() != param.len();
    for i in 0..param.len() {
        let (m0, v0) = if fresh { (R::ZERO, R::ZERO) } else { (state.m[i], state.v[i]) };
        let (p, m, v) = update_one(cfg, &c, penalty, param[i], grad[i], m0, v0);
        f(p, m, v);
    }
}

/// Whether `cfg` with `penalty` is plain SGD (no penalty, no weight decay),
/// the case [`sgd_into`] computes.
pub fn is_plain_sgd(cfg: &OptimizerConfig, penalty: Penalty) -> bool {
    cfg.kind == OptimizerKind::Sgd && penalty.kind == RegularizationKind::None && cfg.weight_decay == 0.0
}

/// Plain SGD ([`is_plain_sgd`]) without touching the parameters:
/// `out = param − lr·grad` (the arithmetic of [`step`]); returns whether every
/// result is finite. Apply it with [`count_step`] on the state.
pub fn sgd_into<R: Real>(lr: f64, param: &[R], grad: &[R], out: &mut [R]) -> bool {
    let lr = R::of(lr);
    let n_l = <R::Lane as Lane<R>>::N;
    let n = param.len();
    assert!(grad.len() == n && out.len() == n, "optimizer::sgd_into: lengths differ");
    let (l, zero) = (R::Lane::splat(lr), R::Lane::splat(R::ZERO));
    let mut c = [zero; 2];
    let mut i = 0;
    // SAFETY: i + 4 ≤ n for every access; lengths asserted above.
    unsafe {
        let (p, g, o) = (param.as_ptr(), grad.as_ptr(), out.as_mut_ptr());
        while i + 2 * n_l <= n {
            for (u, cu) in c.iter_mut().enumerate() {
                let v = R::Lane::load(p.add(i + n_l * u)).sub(l.mul(R::Lane::load(g.add(i + n_l * u))));
                *cu = cu.add(v.mul(zero));
                v.store(o.add(i + n_l * u));
            }
            i += 2 * n_l;
        }
    }
    let mut chk = c[0].add(c[1]).sum();
    while i < n {
        let v = param[i] - lr * grad[i];
        chk += v * R::ZERO;
        out[i] = v;
        i += 1;
    }
    chk == R::ZERO
}

/// The bookkeeping [`step`] does on the state of a tensor of `len`
/// parameters (allocation on first use, step count, Adam's powers), for
/// updates computed elsewhere (e.g. by [`sgd_into`]).
pub fn count_step<R: Real>(cfg: &OptimizerConfig, state: &mut ParamState<R>, len: usize) {
    state.ensure(len);
    state.t += 1;
    if cfg.kind == OptimizerKind::Adam {
        state.beta1_pow *= cfg.beta1;
        state.beta2_pow *= cfg.beta2;
    }
}

struct Consts<R> {
    lr: R,
    c1: R,
    c2: R,
}

impl<R: Real> Consts<R> {
    fn new(_cfg: &OptimizerConfig, lr: f64, st: &ParamState<R>) -> Self {
        Consts { lr: r(lr), c1: r(1.0 - st.beta1_pow), c2: r(1.0 - st.beta2_pow) }
    }
}

impl<R: Real> ParamState<R> {
    fn clone_scalars(&self) -> ParamState<R> {
        ParamState { m: Vec::new(), v: Vec::new(), t: self.t, beta1_pow: self.beta1_pow, beta2_pow: self.beta2_pow }
    }
}

/// The update of one parameter: returns `(new param, new m, new v)`.
#[inline(always)]
fn update_one<R: Real>(cfg: &OptimizerConfig, c: &Consts<R>, penalty: Penalty, p: R, g: R, m: R, v: R) -> (R, R, R) {
    let g = if penalty.kind == RegularizationKind::None { g } else { g + penalty.grad(p) };
    let lr = c.lr;
    let (mut p, m, v) = match cfg.kind {
        OptimizerKind::Sgd => (p - lr * g, m, v),
        OptimizerKind::Momentum => {
            let m = r::<R>(cfg.momentum) * m + g;
            (p - lr * m, m, v)
        }
        OptimizerKind::Nesterov => {
            let mu = r::<R>(cfg.momentum);
            let m = mu * m + g;
            (p - lr * (g + mu * m), m, v)
        }
        OptimizerKind::Adam => {
            let m = r::<R>(cfg.beta1) * m + r::<R>(1.0 - cfg.beta1) * g;
            let v = r::<R>(cfg.beta2) * v + r::<R>(1.0 - cfg.beta2) * g * g;
            (p - lr * (m / c.c1) / ((v / c.c2).sqrt() + r(cfg.epsilon)), m, v)
        }
        OptimizerKind::RmsProp => {
            let v = r::<R>(cfg.rho) * v + r::<R>(1.0 - cfg.rho) * g * g;
            (p - lr * g / (v.sqrt() + r(cfg.epsilon)), m, v)
        }
    };
    if cfg.weight_decay > 0.0 {
        p -= lr * r::<R>(cfg.weight_decay) * p;
    }
    (p, m, v)
}

/// A step for a bias tensor: no regularization, no weight decay.
pub fn step_bias<R: Real>(cfg: &OptimizerConfig, lr: f64, param: &mut [R], grad: &[R], state: &mut ParamState<R>) {
    let mut c = *cfg;
    c.weight_decay = 0.0;
    step(&c, lr, Penalty::NONE, param, grad, state);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn momentum_zero_is_sgd() {
        let grads = [[0.3, -1.2, 0.5], [0.1, 0.4, -0.7], [2.0, -0.3, 0.05]];
        for kind in [OptimizerKind::Momentum, OptimizerKind::Nesterov] {
            let mut a = vec![0.2, -0.4, 1.0];
            let mut b = a.clone();
            let (mut sa, mut sb) = (ParamState::default(), ParamState::default());
            let sgd = OptimizerConfig::of(OptimizerKind::Sgd);
            let mom = OptimizerConfig { momentum: 0.0, ..OptimizerConfig::of(kind) };
            for g in &grads {
                step(&sgd, 0.1, Penalty::NONE, &mut a, g, &mut sa);
                step(&mom, 0.1, Penalty::NONE, &mut b, g, &mut sb);
                assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn adam_first_steps_by_hand() {
        let cfg = OptimizerConfig::of(OptimizerKind::Adam);
        let mut w = vec![1.0];
        let mut s = ParamState::default();
        // Step 1, g = 0.5: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25 → Δ = lr·0.5/(0.5+ε).
        step(&cfg, 0.1, Penalty::NONE, &mut w, &[0.5], &mut s);
        let expected1 = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8);
        assert!((w[0] - expected1).abs() < 1e-15);
        // Step 2, g = -0.25: m = 0.9·0.05 − 0.025 = 0.02, v = 0.999·0.00025 + 0.001·0.0625.
        step(&cfg, 0.1, Penalty::NONE, &mut w, &[-0.25], &mut s);
        let m: f64 = 0.02;
        let v: f64 = 0.999 * 0.00025 + 0.001 * 0.0625;
        let mh = m / (1.0 - 0.81);
        let vh = v / (1.0 - 0.999 * 0.999);
        let expected2 = expected1 - 0.1 * mh / (vh.sqrt() + 1e-8);
        assert!((w[0] - expected2).abs() < 1e-14, "{} vs {}", w[0], expected2);
        assert_eq!(s.t, 2);
    }

    #[test]
    fn sgd_into_matches_step() {
        for n in [0, 1, 3, 4, 7, 8, 13] {
            let p: Vec<f64> = (0..n).map(|i| 0.3 * i as f64 - 1.1).collect();
            let g: Vec<f64> = (0..n).map(|i| 0.7 - 0.2 * i as f64).collect();
            let cfg = OptimizerConfig::of(OptimizerKind::Sgd);
            let (mut a, mut sa) = (p.clone(), ParamState::default());
            step(&cfg, 0.03, Penalty::NONE, &mut a, &g, &mut sa);
            let (mut b, mut sb) = (vec![9.0; n], ParamState::default());
            assert!(sgd_into(0.03, &p, &g, &mut b));
            count_step(&cfg, &mut sb, n);
            assert_eq!(a, b);
            assert_eq!(sa, sb);
            if n > 0 {
                let mut g2 = g.clone();
                g2[n - 1] = f64::INFINITY;
                assert!(!sgd_into(0.03, &p, &g2, &mut b));
                g2[n - 1] = 1e308;
                assert!(!sgd_into(1e10, &p, &g2, &mut b));
            }
        }
    }

    #[test]
    fn l2_and_l1_add_to_gradient() {
        let cfg = OptimizerConfig::of(OptimizerKind::Sgd);
        let mut w = vec![2.0, -2.0, 0.0];
        let mut s = ParamState::default();
        step(&cfg, 0.1, Penalty { kind: RegularizationKind::L2, rate: 0.5 }, &mut w, &[0.0; 3], &mut s);
        assert_eq!(w, vec![2.0 - 0.1 * 1.0, -2.0 + 0.1 * 1.0, 0.0]);
        let mut w = vec![2.0, -2.0, 0.0];
        step(&cfg, 0.1, Penalty { kind: RegularizationKind::L1, rate: 0.5 }, &mut w, &[0.0; 3], &mut s);
        assert_eq!(w, vec![2.0 - 0.05, -2.0 + 0.05, 0.0]);
    }
}
