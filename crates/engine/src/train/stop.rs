//! Why a trainer stopped: one type for every trainer (dense, convolution,
//! recurrent, autoencoder), with where and why as data. The words a student
//! reads are written by the UI from these fields; [`Stop`]'s `Display` is terse,
//! for logs and the command-line examples.

use serde::{Deserialize, Serialize};

/// A layer of the network, as the trainer counts them: `index` 0 is the first
/// layer after the input; `output` says whether it is the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layer {
    pub index: usize,
    pub output: bool,
}

/// What stopped being a finite (or sane) number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cause {
    /// A neuron's weighted sum `z` in the forward pass.
    Activations,
    /// The loss.
    Loss,
    /// A gradient in the backward pass.
    Gradients,
    /// The parameters an optimizer step produced (or would have).
    Weights,
    /// A step would have made a weight larger than [`crate::limits::MAX_WEIGHT`]
    /// in size (the recurrent net's and the autoencoder's guard: the gradient exploded).
    WeightBound,
}

/// Where the gradient stops, in a run that no longer moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StallCause {
    /// Every ReLU unit of the layer has `z ≤ 0` for every training point: it
    /// outputs 0 and passes no gradient.
    DeadLayer,
    /// Every unit of the layer sits on a flat end of its activation for every point.
    Saturated,
    /// No layer is wholly dead or saturated, yet no gradient is left.
    Flat,
    /// The layer uses the step activation (slope zero everywhere) in a network
    /// with more than one layer: gradients cannot flow through it, before any training.
    StepActivation,
}

/// Why training cannot go on, until the user acts (see each variant).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Stop {
    /// A number stopped being finite (or a weight ran past its bound). The step
    /// that did it was not applied when `weights_kept` (every trainer checks a
    /// step before taking it: `false` only when the recurrent net's or the
    /// autoencoder's weights, all within bounds, give a loss that overflows):
    /// the parameters on screen are the last whose losses were finite, and a
    /// new learning rate or optimizer lets training go on. Otherwise only a reset helps.
    Diverged {
        /// The epoch being trained, counting from 1.
        epoch: u64,
        /// The step (mini-batch) within that epoch or overall, counting from 1; 0 when not known.
        step: u64,
        /// The layer, when the trainer can name it.
        layer: Option<Layer>,
        cause: Cause,
        weights_kept: bool,
        /// The learning rate in force.
        learning_rate: f64,
    },
    /// The gradient has vanished while the loss is still high (or cannot flow at all).
    Stalled {
        /// Epochs trained.
        epoch: u64,
        /// The layer the cause names (`None` for [`StallCause::Flat`]).
        layer: Option<Layer>,
        cause: StallCause,
        /// The training loss.
        loss: f64,
        /// Every weight into that layer (into the network, for `Flat`) is
        /// exactly 0: the cure is another initialization, not a smaller step.
        zero_weights: bool,
    },
    /// The steps overshoot: the training loss jumps about and no longer gets
    /// below the best it reached before.
    Overshoot {
        /// Epochs trained.
        epoch: u64,
        /// The lowest and highest training loss of the latest evaluations.
        low: f64,
        high: f64,
        /// The best training loss before them.
        best: f64,
    },
    /// A classifier gives every example about the same answer: right no more
    /// often than chance, its loss no lower than a uniform guess's (`uniform`,
    /// ln `classes`) and not improving.
    Collapsed {
        /// Epochs trained.
        epoch: u64,
        /// Training accuracy, 0 to 1.
        accuracy: f64,
        classes: usize,
        loss: f64,
        uniform: f64,
        learning_rate: f64,
    },
}

impl Stop {
    /// Whether a new learning rate or optimizer lets training go on (no reset needed).
    pub fn lifted_by_new_hyper(&self) -> bool {
        matches!(self, Stop::Diverged { weights_kept: true, .. })
    }

    /// The epoch it names (see each variant for how it counts).
    pub fn epoch(&self) -> u64 {
        match *self {
            Stop::Diverged { epoch, .. } | Stop::Stalled { epoch, .. } | Stop::Overshoot { epoch, .. } | Stop::Collapsed { epoch, .. } => {
                epoch
            }
        }
    }
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = |f: &mut std::fmt::Formatter<'_>, layer: Option<Layer>| match layer {
            Some(Layer { index, output: true }) => write!(f, ", layer {index} (output)"),
            Some(Layer { index, .. }) => write!(f, ", layer {index}"),
            None => Ok(()),
        };
        match *self {
            Stop::Diverged { epoch, step, layer, cause, weights_kept, learning_rate } => {
                write!(f, "diverged: {cause:?}, epoch {epoch} step {step}")?;
                at(f, layer)?;
                write!(f, ", learning rate {learning_rate}, weights {}", if weights_kept { "kept" } else { "damaged" })
            }
            Stop::Stalled { epoch, layer, cause, loss, zero_weights } => {
                write!(f, "stalled: {cause:?}, epoch {epoch}")?;
                at(f, layer)?;
                write!(f, ", loss {loss}{}", if zero_weights { ", zero weights" } else { "" })
            }
            Stop::Overshoot { epoch, low, high, best } => write!(f, "overshoot: epoch {epoch}, loss {low}..{high}, best {best}"),
            Stop::Collapsed { epoch, accuracy, classes, loss, .. } => {
                write!(f, "collapsed: epoch {epoch}, accuracy {accuracy} of {classes} classes, loss {loss}")
            }
        }
    }
}

impl std::error::Error for Stop {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_divergence_with_its_weights_kept_is_lifted_by_new_settings() {
        let d = |weights_kept| Stop::Diverged { epoch: 1, step: 1, layer: None, cause: Cause::Loss, weights_kept, learning_rate: 3.0 };
        assert!(d(true).lifted_by_new_hyper());
        assert!(!d(false).lifted_by_new_hyper());
        let s = Stop::Stalled { epoch: 4, layer: None, cause: StallCause::Flat, loss: 0.7, zero_weights: false };
        assert!(!s.lifted_by_new_hyper());
        assert_eq!(s.epoch(), 4);
    }

    #[test]
    fn display_is_terse_and_names_the_data() {
        let d = Stop::Diverged {
            epoch: 3,
            step: 2,
            layer: Some(Layer { index: 1, output: true }),
            cause: Cause::Loss,
            weights_kept: true,
            learning_rate: 10.0,
        };
        assert_eq!(d.to_string(), "diverged: Loss, epoch 3 step 2, layer 1 (output), learning rate 10, weights kept");
    }
}
