//! The allowed range of the number settings, each defined once: the engine's
//! validation, the page's controls and the URL parser all read these.
//!
//! The learning rate is the one the engine checks more loosely (any positive
//! finite rate trains: a headless run or a test may want a rate that overflows
//! on purpose); the page and its links offer [`LEARNING_RATE`], and a model
//! file is held to it too ([`TrainConfig::validate_offered`](crate::dense::config::TrainConfig::validate_offered)).

use crate::dense::config::{ConfigError, Problem};

/// A closed range of numbers, or one open at the bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limit {
    pub min: f64,
    pub max: f64,
    /// `min` itself is not allowed (a learning rate above 0).
    pub min_open: bool,
}

impl Limit {
    /// `min ≤ v ≤ max`.
    pub const fn closed(min: f64, max: f64) -> Limit {
        Limit { min, max, min_open: false }
    }
    /// `min < v ≤ max`.
    pub const fn above(min: f64, max: f64) -> Limit {
        Limit { min, max, min_open: true }
    }
    /// Whether `v` is a finite number in the range.
    pub fn contains(self, v: f64) -> bool {
        v.is_finite() && (if self.min_open { v > self.min } else { v >= self.min }) && v <= self.max
    }
    /// The range in words: "a number above 0 and at most 100", "a number from 0 to 0.9".
    pub fn describe(self) -> String {
        if self.min_open {
            format!("a number above {} and at most {}", self.min, self.max)
        } else {
            format!("a number from {} to {}", self.min, self.max)
        }
    }
    /// `v` if in the range, else the refusal of `field`.
    pub fn check(self, field: &str, v: f64) -> Result<f64, ConfigError> {
        if self.contains(v) {
            Ok(v)
        } else {
            Err(ConfigError::new(field, Problem::OutOfRange { got: v, limit: self }))
        }
    }
}

/// A refused value as people read it: `1e308`, not 309 digits.
pub fn shown(v: f64) -> String {
    if v.is_finite() {
        crate::text::number(v, 10)
    } else {
        "not a finite number".into()
    }
}

/// The largest weight (in size) a step of the recurrent net or the autoencoder
/// may make: past it the run has exploded (a net that learns needs nothing near
/// it), and training stops with the weights before that step. NaN fails the test too.
pub const MAX_WEIGHT: f64 = 1e4;

/// The learning rate the page offers (the engine accepts any positive rate).
pub const LEARNING_RATE: Limit = Limit::above(0.0, 100.0);
/// The fraction of units dropped while training.
pub const DROPOUT: Limit = Limit::closed(0.0, 0.9);
/// Momentum's μ (and Adam's β₁, β₂, RMSProp's ρ).
pub const MOMENTUM: Limit = Limit::closed(0.0, 0.999);
/// The initial bias of every neuron.
pub const INIT_BIAS: Limit = Limit::closed(-1.0, 1.0);
/// The L1/L2 penalty rate.
pub const REGULARIZATION_RATE: Limit = Limit::closed(0.0, 10.0);
/// The data's noise (a fraction of the plot's half-width).
pub const NOISE: Limit = Limit::closed(0.0, 0.5);
/// The fraction of the points used for training (the rest test).
pub const TRAIN_FRACTION: Limit = Limit::closed(0.1, 1.0);
/// Points in a generated data set.
pub const N_POINTS: (usize, usize) = (4, 2000);
/// Classes of a classification task: at least two; at most ten, one for each
/// colour the page gives a class. The softmax kernels' stack buffers are this
/// wide, so validation refusing more (the configuration's, the CSV reader's, a
/// model file's) is what keeps them in bounds.
pub const CLASSES: (usize, usize) = (2, 10);
/// Most epochs a model file may say were trained: the largest whole number a
/// page's number holds exactly (2⁵³), far from where counting on would overflow.
pub const EPOCHS: u64 = 1 << 53;
/// Points per mini-batch.
pub const BATCH_SIZE: (usize, usize) = (1, 2000);
/// Hidden layers of a dense network as the page shows them (and a model file or a link may carry).
pub const HIDDEN_LAYERS: (usize, usize) = (0, 8);
/// Neurons in one hidden layer of a dense network as the page shows them.
pub const NEURONS: (usize, usize) = (1, 16);
/// Hidden units of the recurrent net (its state's width).
pub const RNN_HIDDEN: (usize, usize) = (1, 32);
/// Time steps in one sequence of the recurrent net's tasks.
pub const RNN_SEQ_LEN: (usize, usize) = (2, 40);
/// How many steps back the echo task asks the recurrent net to recall (below the sequence length).
pub const RNN_ECHO_K: (usize, usize) = (1, 30);
/// Sequences in a recurrent task's training set.
pub const RNN_SEQUENCES: (usize, usize) = (4, 1000);
/// Kernel sizes of a convolution (the lab's architecture, a link's layers).
pub const CONV_KERNEL_SIZE: (usize, usize) = (1, 7);
/// Strides of a convolution.
pub const CONV_STRIDE: (usize, usize) = (1, 3);
/// Kernels in one convolution.
pub const CONV_KERNELS: (usize, usize) = (1, 32);
/// Pooling windows and their strides.
pub const CONV_POOL: (usize, usize) = (1, 4);
/// Units of a dense layer of the convolutional net (and most classes).
pub const CONV_UNITS: (usize, usize) = (1, 256);
/// Most multiply-adds per example (forward) of a convolutional net: above, it
/// would not train live and is refused.
pub const CONV_MACS: usize = 400_000;
/// The largest kernel value a hand-made kernel may hold, in magnitude: far
/// beyond any useful one (presets stay within ±8), far below overflow.
pub const CONV_KERNEL_VALUE: f64 = 100.0;

/// Units in the autoencoder's bottleneck (its code).
pub const AE_CODE: (usize, usize) = (1, 16);
/// Units in the autoencoder's encoder and decoder hidden layers.
pub const AE_HIDDEN: (usize, usize) = (2, 128);
/// Images in one of the autoencoder's mini-batches.
pub const AE_BATCH: (usize, usize) = (1, 4096);
/// Standard deviation of the denoising autoencoder's input noise.
pub const AE_NOISE: Limit = Limit::closed(0.0, 2.0);

/// A "stop at" target's loss: the run pauses once the (test) loss falls below it.
pub const STOP_LOSS: Limit = Limit::above(0.0, 1e6);
/// A "stop at" target's accuracy, a fraction: the run pauses once the (test) accuracy reaches it.
pub const STOP_ACCURACY: Limit = Limit::above(0.0, 1.0);
/// A "stop at" target's epoch: the run pauses there (within what a 32-bit page counts).
pub const STOP_EPOCH: (usize, usize) = (1, 1_000_000_000);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_include_their_ends_unless_open() {
        assert!(DROPOUT.contains(0.0) && DROPOUT.contains(0.9) && !DROPOUT.contains(0.91));
        assert!(!LEARNING_RATE.contains(0.0) && LEARNING_RATE.contains(100.0) && !LEARNING_RATE.contains(f64::NAN));
        assert_eq!(LEARNING_RATE.describe(), "a number above 0 and at most 100");
        assert_eq!(DROPOUT.describe(), "a number from 0 to 0.9");
        assert_eq!(DROPOUT.check("dropout", 0.9), Ok(0.9));
        assert_eq!(
            LEARNING_RATE.check("learning_rate", 1e308).unwrap_err().to_string(),
            "learning_rate: must be a number above 0 and at most 100; it is 1e308"
        );
        assert!(DROPOUT.check("d", f64::NAN).unwrap_err().to_string().ends_with("it is not a finite number"));
    }
}
