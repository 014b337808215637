//! Parameters visited through one trait, so the optimizer state, the check
//! that a step stays finite (or within a bound) and the rollback to the last
//! finite parameters are written once for every trainer: the dense net and
//! the autoencoder ([`Net`]), the conv net, and the recurrent net's flat vector.
//!
//! A step is checked on every tensor before any is updated: a step that would
//! break a number is never applied. The arithmetic is the optimizer's
//! ([`optimizer::step`]); plain SGD with the finite check computes each tensor
//! once into a spare buffer ([`optimizer::sgd_into`]) and copies it in.

use crate::dense::network::{LayerGrads, Network};
use crate::history::EpochStats;
use crate::math::optimizer::{self, OptimizerConfig, ParamState, Penalty};
use crate::math::real::Real;
use ndarray::{Array1, Array2};

/// What a tensor is to the optimizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Takes the penalty and the decoupled weight decay.
    Weight,
    /// A bias: neither penalty nor weight decay.
    Bias,
    /// A normalization's γ or β: as a bias, and reported before the weights
    /// when a step would break it.
    Norm,
}

/// One parameter tensor and its gradient.
pub struct Tensor<'a, R> {
    /// The layer it belongs to (what a divergence reports).
    pub layer: usize,
    pub role: Role,
    pub param: &'a mut [R],
    pub grad: &'a [R],
}

/// Something with parameters and their gradients.
pub trait Params<R: Real> {
    /// Every tensor with its gradient, always in the same order (the position
    /// is the index of its optimizer state).
    fn visit(&mut self, f: &mut dyn FnMut(Tensor<'_, R>));

    /// Plain SGD (`p ← p − lr·g`, no penalty, no decay) on every tensor, checked
    /// finite first, when this set does it faster itself (the dense net: into
    /// spare buffers, swapped in); `Err` as [`Optimizer::step`]'s. `None`: the
    /// optimizer does it. The optimizer then counts the step on every state.
    fn plain_sgd(&mut self, _lr: f64) -> Option<Result<(), usize>> {
        None
    }
}

/// What a step must keep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    /// Every parameter and every moment finite (the dense and the conv nets).
    Finite,
    /// Every parameter at most this big in size, NaN failing (the recurrent
    /// net and the autoencoder: [`crate::limits::MAX_WEIGHT`]).
    Magnitude(f64),
}

/// An optimizer rule with the state of every tensor of one set of parameters.
#[derive(Clone, Debug)]
pub struct Optimizer<R: Real> {
    cfg: OptimizerConfig,
    states: Vec<ParamState<R>>,
    /// Plain SGD's results, one buffer per tensor, copied in once all are checked.
    scratch: Vec<Vec<R>>,
    /// A scaled gradient (when the step has a `grad_scale`).
    scaled: Vec<R>,
}

impl<R: Real> Optimizer<R> {
    /// Fresh state for tensors of these lengths, in visit order.
    pub fn new(cfg: OptimizerConfig, lens: impl IntoIterator<Item = usize>) -> Self {
        Optimizer { cfg, states: lens.into_iter().map(ParamState::new).collect(), scratch: Vec::new(), scaled: Vec::new() }
    }

    /// The rule's hyper-parameters.
    pub fn config(&self) -> OptimizerConfig {
        self.cfg
    }

    /// A new rule: the moments start afresh when the kind changes.
    pub fn set_config(&mut self, cfg: OptimizerConfig) {
        if cfg.kind != self.cfg.kind {
            self.reset();
        }
        self.cfg = cfg;
    }

    /// Forgets every moment and step count.
    pub fn reset(&mut self) {
        self.states.iter_mut().for_each(ParamState::reset);
    }

    /// The state of tensor `i` (visit order).
    pub fn state(&self, i: usize) -> &ParamState<R> {
        &self.states[i]
    }

    /// One step with learning rate `lr` (the gradients times `grad_scale`, if
    /// given). Every tensor is checked against `bound` first; if one fails,
    /// nothing changes and the error is the layer to report: the highest layer
    /// with a failing [`Role::Norm`] tensor, else the highest with a failing tensor.
    pub fn step(&mut self, p: &mut impl Params<R>, lr: f64, penalty: Penalty, grad_scale: Option<R>, bound: Bound) -> Result<(), usize> {
        if bound == Bound::Finite && grad_scale.is_none() && optimizer::is_plain_sgd(&self.cfg, penalty) {
            if let Some(done) = p.plain_sgd(lr) {
                done?;
                let cfg = self.cfg;
                // (the states were sized by `new`: `count_step` only counts)
                self.states.iter_mut().for_each(|s| optimizer::count_step(&cfg, s, s.m.len()));
                return Ok(());
            }
        }
        let Optimizer { cfg: rule, states, scratch, scaled } = self;
        let (mut idx, mut bad_norm, mut bad) = (0, None::<usize>, None::<usize>);
        p.visit(&mut |t| {
            let i = idx;
            idx += 1;
            if states.len() <= i {
                states.push(ParamState::default());
            }
            let (cfg, pen) = for_role(rule, t.role, penalty);
            let grad = scale(scaled, t.grad, grad_scale);
            let ok = match bound {
                Bound::Finite if optimizer::is_plain_sgd(&cfg, pen) => {
                    if scratch.len() <= i {
                        scratch.resize_with(i + 1, Vec::new);
                    }
                    let out = &mut scratch[i];
                    out.resize(t.param.len(), R::ZERO);
                    optimizer::sgd_into(lr, t.param, grad, out)
                }
                Bound::Finite => optimizer::step_stays_finite(&cfg, lr, pen, t.param, grad, &states[i]),
                Bound::Magnitude(m) => optimizer::step_stays_within(&cfg, lr, pen, t.param, grad, &states[i], m),
            };
            if !ok {
                let worst = if t.role == Role::Norm { &mut bad_norm } else { &mut bad };
                *worst = Some(worst.map_or(t.layer, |l| l.max(t.layer)));
            }
        });
        if let Some(l) = bad_norm.or(bad) {
            return Err(l);
        }
        let mut idx = 0;
        p.visit(&mut |t| {
            let i = idx;
            idx += 1;
            let (cfg, pen) = for_role(rule, t.role, penalty);
            let state = &mut states[i];
            if bound == Bound::Finite && optimizer::is_plain_sgd(&cfg, pen) {
                t.param.copy_from_slice(&scratch[i]);
                optimizer::count_step(&cfg, state, t.param.len());
            } else {
                let grad = scale(scaled, t.grad, grad_scale);
                optimizer::step(&cfg, lr, pen, t.param, grad, state);
            }
        });
        Ok(())
    }
}

/// The rule and penalty a tensor of `role` gets.
fn for_role(cfg: &OptimizerConfig, role: Role, penalty: Penalty) -> (OptimizerConfig, Penalty) {
    match role {
        Role::Weight => (*cfg, penalty),
        Role::Bias | Role::Norm => (OptimizerConfig { weight_decay: 0.0, ..*cfg }, Penalty::NONE),
    }
}

/// `grad`, or `grad · s` written into `buf`.
fn scale<'a, R: Real>(buf: &'a mut Vec<R>, grad: &'a [R], s: Option<R>) -> &'a [R] {
    match s {
        None => grad,
        Some(s) => {
            buf.clear();
            buf.extend(grad.iter().map(|&g| g * s));
            buf
        }
    }
}

/// A dense [`Network`] with its gradients: per layer the weights and biases
/// (tensors `2l` and `2l + 1`), then the normalizations' γ and β.
pub struct Net<'a, R: Real> {
    pub net: &'a mut Network<R>,
    pub grads: &'a [LayerGrads<R>],
    /// Spare weights and biases for plain SGD, swapped with the layers' (the
    /// playground's hot loop); `None`: the optimizer's general path.
    pub spare: Option<&'a mut Vec<(Array2<R>, Array1<R>)>>,
}

impl<R: Real> Params<R> for Net<'_, R> {
    fn visit(&mut self, f: &mut dyn FnMut(Tensor<'_, R>)) {
        for (layer, (l, g)) in self.net.layers.iter_mut().zip(self.grads).enumerate() {
            let (w, b) = l.params_mut();
            f(Tensor { layer, role: Role::Weight, param: w, grad: &g.weights });
            f(Tensor { layer, role: Role::Bias, param: b, grad: &g.biases });
        }
        for (layer, (l, g)) in self.net.layers.iter_mut().zip(self.grads).enumerate() {
            if let Some(n) = l.norm.as_mut() {
                f(Tensor { layer, role: Role::Norm, param: &mut n.gamma, grad: &g.gamma });
                f(Tensor { layer, role: Role::Norm, param: &mut n.beta, grad: &g.beta });
            }
        }
    }

    /// One pass per tensor into the spare buffers, swapped in only if every
    /// layer stays finite (γ and β updated in place after their check).
    fn plain_sgd(&mut self, lr: f64) -> Option<Result<(), usize>> {
        let spare = self.spare.as_deref_mut()?;
        let (layers, grads) = (&mut self.net.layers, self.grads);
        let norm_ok = |l: usize| {
            layers[l].norm.as_ref().is_none_or(|n| {
                let g = &grads[l];
                optimizer::step_stays_finite(&SGD, lr, Penalty::NONE, &n.gamma, &g.gamma, &ParamState::default())
                    && optimizer::step_stays_finite(&SGD, lr, Penalty::NONE, &n.beta, &g.beta, &ParamState::default())
            })
        };
        if let Some(l) = (0..layers.len()).rev().find(|&l| !norm_ok(l)) {
            return Some(Err(l));
        }
        spare.resize_with(layers.len(), || (Array2::from_elem((0, 0), R::ZERO), Array1::from_elem(0, R::ZERO)));
        let mut bad = None;
        for l in (0..layers.len()).rev() {
            let layer = &layers[l];
            let (nw, nb) = &mut spare[l];
            if nw.dim() != layer.weights.dim() {
                *nw = Array2::from_elem(layer.weights.dim(), R::ZERO);
            }
            if nb.len() != layer.biases.len() {
                *nb = Array1::from_elem(layer.biases.len(), R::ZERO);
            }
            let g = &grads[l];
            let (w, b) = layer.params();
            let ok_w = optimizer::sgd_into(lr, w, &g.weights, nw.as_slice_mut().expect("standard layout"));
            let ok_b = optimizer::sgd_into(lr, b, &g.biases, nb.as_slice_mut().expect("contiguous"));
            if bad.is_none() && !(ok_w && ok_b) {
                bad = Some(l);
            }
        }
        if let Some(l) = bad {
            return Some(Err(l));
        }
        let lr = R::of(lr);
        for ((layer, (nw, nb)), g) in layers.iter_mut().zip(spare.iter_mut()).zip(grads) {
            std::mem::swap(&mut layer.weights, nw);
            std::mem::swap(&mut layer.biases, nb);
            if let Some(n) = layer.norm.as_mut() {
                n.gamma.iter_mut().zip(&g.gamma).for_each(|(p, &g)| *p -= lr * g);
                n.beta.iter_mut().zip(&g.beta).for_each(|(p, &g)| *p -= lr * g);
            }
        }
        Some(Ok(()))
    }
}

/// Plain SGD's rule (what [`Params::plain_sgd`] checks with).
const SGD: OptimizerConfig = OptimizerConfig {
    kind: crate::math::optimizer::OptimizerKind::Sgd,
    momentum: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    rho: 0.9,
    epsilon: 1e-8,
    weight_decay: 0.0,
};

/// The parameter lengths of a dense network, in [`Net`]'s visit order.
pub fn net_lens<R: Real>(net: &Network<R>) -> Vec<usize> {
    let wb = net.layers.iter().flat_map(|l| [l.weights.len(), l.biases.len()]);
    let norms = net.layers.iter().filter_map(|l| l.norm.as_ref()).flat_map(|n| [n.gamma.len(), n.beta.len()]);
    wb.chain(norms).collect()
}

/// A flat parameter vector and its gradient: one weight tensor (layer 0).
pub struct Flat<'a, R> {
    pub param: &'a mut [R],
    pub grad: &'a [R],
}

impl<R: Real> Params<R> for Flat<'_, R> {
    fn visit(&mut self, f: &mut dyn FnMut(Tensor<'_, R>)) {
        f(Tensor { layer: 0, role: Role::Weight, param: self.param, grad: self.grad });
    }
}

/// Whether an evaluation's losses are finite numbers (an empty test split counts as finite).
pub fn losses_finite(s: &EpochStats) -> bool {
    s.train_loss.is_finite() && s.test_loss.is_none_or(f64::is_finite)
}

/// The parameters and optimizer state at the last evaluation whose losses
/// were finite, to go back to when training diverges.
#[derive(Clone, Debug)]
pub struct Checkpoint<P, R: Real> {
    kept: Option<Box<Kept<P, R>>>,
}

/// Parameters, every tensor's optimizer state, and their evaluation.
type Kept<P, R> = (P, Vec<ParamState<R>>, EpochStats);

impl<P, R: Real> Default for Checkpoint<P, R> {
    fn default() -> Self {
        Checkpoint { kept: None }
    }
}

impl<P: Clone, R: Real> Checkpoint<P, R> {
    /// Keeps `p` and `o`'s state if `s`'s losses are finite.
    pub fn save(&mut self, p: &P, o: &Optimizer<R>, s: EpochStats) {
        if !losses_finite(&s) {
            return;
        }
        match self.kept.as_deref_mut() {
            Some((kp, ks, kst)) => {
                kp.clone_from(p);
                ks.clone_from(&o.states);
                *kst = s;
            }
            None => self.kept = Some(Box::new((p.clone(), o.states.clone(), s))),
        }
    }

    /// Puts the kept parameters and state back; their evaluation, if any was kept.
    pub fn restore(&self, p: &mut P, o: &mut Optimizer<R>) -> Option<EpochStats> {
        let (kp, ks, s) = self.kept.as_deref()?;
        p.clone_from(kp);
        o.states.clone_from(ks);
        Some(*s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::optimizer::{OptimizerKind, RegularizationKind};

    /// Two weight tensors in layers 0 and 1, a norm in layer 0.
    struct Three {
        w: [Vec<f64>; 3],
        g: [Vec<f64>; 3],
    }
    impl Params<f64> for Three {
        fn visit(&mut self, f: &mut dyn FnMut(Tensor<'_, f64>)) {
            let roles = [(0, Role::Weight), (1, Role::Weight), (0, Role::Norm)];
            for ((w, g), (layer, role)) in self.w.iter_mut().zip(&self.g).zip(roles) {
                f(Tensor { layer, role, param: w, grad: g });
            }
        }
    }

    #[test]
    fn the_step_is_the_optimizers_per_tensor_and_a_failing_check_changes_nothing() {
        let pen = Penalty { kind: RegularizationKind::L2, rate: 0.1 };
        for kind in OptimizerKind::all() {
            let cfg = OptimizerConfig { weight_decay: 0.01, ..OptimizerConfig::of(*kind) };
            let mut p = Three { w: [vec![0.5, -1.0], vec![2.0], vec![1.0, 0.3]], g: [vec![0.1, 0.2], vec![-0.4], vec![0.05, -0.3]] };
            let mut o = Optimizer::new(cfg, [2, 1, 2]);
            let (mut by_hand, mut st) = (p.w.clone(), vec![ParamState::new(2), ParamState::new(1), ParamState::new(2)]);
            for _ in 0..3 {
                o.step(&mut p, 0.1, pen, Some(0.5), Bound::Finite).unwrap();
                for (i, (w, s)) in by_hand.iter_mut().zip(&mut st).enumerate() {
                    let g: Vec<f64> = p.g[i].iter().map(|g| g * 0.5).collect();
                    if i == 2 {
                        optimizer::step_bias(&cfg, 0.1, w, &g, s);
                    } else {
                        optimizer::step(&cfg, 0.1, pen, w, &g, s);
                    }
                }
                assert_eq!(p.w, by_hand, "{kind:?}");
            }
            let before = (p.w.clone(), o.states.clone());
            p.g[1][0] = f64::INFINITY;
            assert_eq!(o.step(&mut p, 0.1, pen, None, Bound::Finite), Err(1));
            p.g[2][0] = f64::NAN;
            assert_eq!(o.step(&mut p, 0.1, pen, None, Bound::Finite), Err(0), "a norm is reported first");
            assert_eq!((p.w.clone(), o.states.clone()), before);
            p.g = [vec![0.0; 2], vec![1e3], vec![0.0; 2]];
            let mut fresh = Optimizer::new(OptimizerConfig::of(*kind), [2, 1, 2]);
            let lr = if *kind == OptimizerKind::Sgd { 10.0 } else { 1e6 };
            assert_eq!(fresh.step(&mut p, lr, Penalty::NONE, None, Bound::Magnitude(100.0)), Err(1), "{kind:?}");
            assert_eq!(p.w, before.0);
        }
    }

    #[test]
    fn a_checkpoint_gives_back_what_it_kept_and_keeps_only_finite_losses() {
        let stats = |loss| EpochStats { epoch: 1, train_loss: loss, test_loss: None, train_accuracy: None, test_accuracy: None };
        let mut o = Optimizer::<f64>::new(OptimizerConfig::of(OptimizerKind::Adam), [1]);
        let mut w = vec![1.0];
        o.step(&mut Flat { param: &mut w, grad: &[0.5] }, 0.1, Penalty::NONE, None, Bound::Finite).unwrap();
        let mut c = Checkpoint::default();
        assert_eq!(c.restore(&mut w, &mut o), None);
        c.save(&w, &o, stats(0.5));
        let kept = (w.clone(), o.state(0).clone());
        c.save(&vec![7.0], &Optimizer::new(OptimizerConfig::default(), [1]), stats(f64::NAN));
        w[0] = 3.0;
        o.reset();
        assert_eq!(c.restore(&mut w, &mut o), Some(stats(0.5)));
        assert_eq!((w, o.state(0).clone()), kept);
    }
}
