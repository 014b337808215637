//! Why training has stopped making progress, as data ([`Stop`]; the page
//! writes the words a student can act on).
//!
//! A learning rate that is too high does not always make the loss overflow
//! (that is [`Stop::Diverged`]): one
//! huge step can instead push every ReLU unit of a layer below zero for every
//! point ("dead" units pass no gradient), or push tanh and sigmoid units to the
//! flat ends of their curves (saturated units pass almost none). The loss then
//! stays where it is forever. [`stall`] recognises that state from the
//! trainer's read-only views and names the layer.

use crate::dense::trainer::Trainer;
use crate::math::activation::{Activation, LayerActivation};
use crate::math::real::Real;
use crate::train::{Layer, StallCause, Stop};

/// Below this Euclidean norm (over every weight and bias) the last step's
/// gradient counts as gone: with a learning rate of 10 such a step moves no
/// weight by more than 10⁻⁷.
pub const VANISHED: f64 = 1e-8;
/// A training loss above this is not "done" (the playground's tasks have
/// targets of ±1 or 0/1, so a solved run sits far below it).
pub const UNSOLVED_LOSS: f64 = 0.1;
/// `f′(z)` below this counts as a flat end of the curve: a tanh output with
/// |z| > 5.3, a sigmoid output with |z| > 9.2. Each step then moves the
/// weights by less than 10⁻⁴ of what an unsaturated unit would.
pub const FLAT: f64 = 1e-4;

/// Two evaluations in a row whose training losses differ by less than this
/// (relative to the loss, or absolute below 1) count as "the loss stays".
pub const STEADY: f64 = 1e-4;

/// The stall `t` is in, if any: after at least one epoch, while the training
/// loss is above [`UNSOLVED_LOSS`] and steady ([`STEADY`]: a loss still
/// falling is progress; one still growing is heading for a divergence), when
/// - a hidden ReLU layer is dead for every training point (permanent: no
///   gradient reaches it again, and the layers above see a constant), or a
///   hidden ELU, softplus, GELU or swish layer sits on its flat negative end
///   for every point (the same, up to a slope below [`FLAT`]); after
///   [`OVERSHOOT_EPOCHS`] these count even while the output still moves the loss;
/// - the output (tanh or sigmoid) is saturated for every training point, so
///   every gradient is scaled by less than [`FLAT`];
/// - or the last step's whole gradient is below [`VANISHED`].
///
/// (The perceptron rule uses no gradient, so a perceptron never stalls here.)
pub fn stall<R: Real>(t: &Trainer<R>) -> Option<Stop> {
    let stats = t.last_stats();
    let steady = match t.history() {
        [.., a, b] => (b.train_loss - a.train_loss).abs() <= STEADY * a.train_loss.abs().max(1.0),
        _ => false,
    };
    let unsolved = stats.train_loss > UNSOLVED_LOSS; // false for NaN: that is a divergence
    if t.epoch() == 0 || t.is_perceptron() || !unsolved {
        return None;
    }
    let net = t.network();
    let zs = t.layer_preactivations();
    let acts = t.layer_activations();
    let last = net.layers.len() - 1;
    // A hidden layer whose every unit is switched off for every point (ReLU's
    // z ≤ 0; ELU, softplus, GELU, swish on their flat negative end) outputs a
    // constant: the net can only fit the mean, however much its output layer
    // still moves the loss (Adam at a high rate keeps it jumping: not steady).
    let off = |l: usize, f: Activation| {
        matches!(f, Activation::Elu | Activation::Softplus | Activation::Gelu | Activation::Swish)
            && !zs[l].is_empty()
            && zs[l].iter().zip(acts[l]).all(|(&z, &a)| z < R::ZERO && f.df(z.f64(), a.f64()).abs() < FLAT)
    };
    let switched_off = net.layers.iter().enumerate().take(last).find_map(|(l, layer)| match layer.activation {
        LayerActivation::Elementwise(Activation::Relu) if !zs[l].is_empty() && zs[l].iter().all(|&z| z <= R::ZERO) => {
            Some((StallCause::DeadLayer, Some(Layer { index: l, output: false })))
        }
        LayerActivation::Elementwise(f) if off(l, f) => Some((StallCause::Saturated, Some(Layer { index: l, output: false }))),
        _ => None,
    });
    // (Early on the output may still be settling towards the mean: wait for a
    // steady loss then, as below; after OVERSHOOT_EPOCHS a loss still moving
    // over a dead layer is an output jumping about at too high a rate.)
    if let Some((cause, layer)) = switched_off.filter(|_| steady || t.epoch() >= OVERSHOOT_EPOCHS) {
        return Some(stalled(t, cause, layer));
    }
    if !steady {
        return None;
    }
    let flat = |l: usize, f: Activation| {
        matches!(f, Activation::Tanh | Activation::Sigmoid)
            && !zs[l].is_empty()
            && zs[l].iter().zip(acts[l]).all(|(&z, &a)| f.df(z.f64(), a.f64()).abs() < FLAT)
    };
    let mut cause = None;
    for (l, layer) in net.layers.iter().enumerate() {
        let LayerActivation::Elementwise(f) = layer.activation else { continue };
        if l < last && f == Activation::Relu && !zs[l].is_empty() && zs[l].iter().all(|&z| z <= R::ZERO) {
            cause = Some((StallCause::DeadLayer, Some(Layer { index: l, output: false })));
            break;
        }
        if l == last && flat(l, f) {
            cause = Some((StallCause::Saturated, Some(Layer { index: l, output: true })));
        }
    }
    let cause = cause.or_else(|| {
        let norm = t.gradient_norms().iter().map(|n| n * n).sum::<f64>().sqrt();
        (norm < VANISHED).then(|| {
            let hidden = net.layers.iter().enumerate().take(last).find_map(|(l, layer)| match layer.activation {
                LayerActivation::Elementwise(f) if flat(l, f) => Some((StallCause::Saturated, Some(Layer { index: l, output: false }))),
                _ => None,
            });
            hidden.unwrap_or((StallCause::Flat, None))
        })
    })?;
    Some(stalled(t, cause.0, cause.1))
}

/// The stall of `t` at `layer` (every layer when `None`), noting whether every
/// weight into it is exactly 0 (all-zero initialization: the symmetry is
/// never broken, and the cure is another initialization, not a smaller step).
fn stalled<R: Real>(t: &Trainer<R>, cause: StallCause, layer: Option<Layer>) -> Stop {
    let zeros = |l: &crate::dense::network::DenseLayer<R>| l.weights.iter().all(|&w| w == R::ZERO);
    let layers = &t.network().layers;
    let zero_weights = match layer {
        Some(l) => zeros(&layers[l.index]),
        None => layers.iter().all(zeros),
    };
    Stop::Stalled { epoch: t.epoch(), layer, cause, loss: t.last_stats().train_loss, zero_weights }
}

/// How many epochs without progress make a [`Plateau`].
pub const PLATEAU_EPOCHS: u64 = 2000;

/// Training that has levelled off below what the data allows: on a data set
/// without noise (which some network classifies perfectly) the training
/// accuracy has not moved for [`PLATEAU_EPOCHS`] epochs and the loss has
/// fallen by less than 5 %. Unlike a stall this does not stop training:
/// small networks on XOR sit like this from some starting weights, and some
/// leave after thousands of epochs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plateau {
    /// Epochs without progress (at least [`PLATEAU_EPOCHS`]).
    pub epochs: u64,
    pub accuracy: f64,
    pub loss_then: f64,
    pub loss_now: f64,
}

/// The plateau `t` is on, if any (see [`Plateau`]).
pub fn plateau<R: Real>(t: &Trainer<R>) -> Option<Plateau> {
    let h = t.history();
    let now = *h.last()?;
    let acc = now.train_accuracy?;
    if t.config().data.noise != 0.0 || acc >= 0.99 || now.epoch < PLATEAU_EPOCHS || t.is_perceptron() {
        return None;
    }
    let start = h.partition_point(|s| s.epoch + PLATEAU_EPOCHS <= now.epoch).checked_sub(1)?;
    let window = &h[start..];
    let then = window[0];
    let flat_acc = window.iter().all(|s| s.train_accuracy.is_some_and(|a| (a - acc).abs() <= 0.01));
    let flat_loss = then.train_loss - now.train_loss < 0.05 * then.train_loss;
    (flat_acc && flat_loss).then_some(Plateau {
        epochs: now.epoch - then.epoch,
        accuracy: acc,
        loss_then: then.train_loss,
        loss_now: now.train_loss,
    })
}

/// How many of the latest evaluations an overshoot looks at.
pub const OVERSHOOT_WINDOW: usize = 20;
/// An overshoot needs at least this many epochs trained.
pub const OVERSHOOT_EPOCHS: u64 = 200;
/// Highest over lowest training loss within the window for the loss to count as jumping.
pub const OVERSHOOT_SPREAD: f64 = 10.0;
/// The window's lowest loss over the best before it, for what was learnt to count as lost.
pub const OVERSHOOT_LOST: f64 = 10.0;

/// Training whose steps overshoot: a learning rate far too high for the
/// optimizer to overflow (Adam and RMSProp move each weight by at most about
/// the learning rate a step) or to kill a layer, so the weights jump about and
/// the loss with them. The training loss is above [`UNSOLVED_LOSS`] and, over
/// the last [`OVERSHOOT_WINDOW`] evaluations, either stays above the untrained
/// network's (epoch 0), or jumps by [`OVERSHOOT_SPREAD`]× (up past the
/// untrained network's) without getting below the best it reached before them,
/// or stays above [`UNSOLVED_LOSS`] and [`OVERSHOOT_LOST`]× above that best.
///
/// The overshoot `t` is in, if any, as [`Stop::Overshoot`].
pub fn overshoot<R: Real>(t: &Trainer<R>) -> Option<Stop> {
    let h = t.history();
    if t.epoch() < OVERSHOOT_EPOCHS || h.len() <= OVERSHOOT_WINDOW {
        return None;
    }
    let (before, window) = h.split_at(h.len() - OVERSHOOT_WINDOW);
    let best = before.iter().map(|s| s.train_loss).fold(f64::INFINITY, f64::min);
    let low = window.iter().map(|s| s.train_loss).fold(f64::INFINITY, f64::min);
    let high = window.iter().map(|s| s.train_loss).fold(f64::NEG_INFINITY, f64::max);
    let start = h[0].train_loss;
    let now = h[h.len() - 1].train_loss;
    let worse_than_untrained = low > start;
    let jumping = low >= best && high >= OVERSHOOT_SPREAD * low && high > start;
    let lost = low > UNSOLVED_LOSS && low >= OVERSHOOT_LOST * best;
    (now > UNSOLVED_LOSS && (worse_than_untrained || jumping || lost)).then_some(Stop::Overshoot { epoch: t.epoch(), low, high, best })
}
