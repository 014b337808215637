//! Everything a training run needs, in one serde struct, and its validation.

use crate::data::features::Feature;
use crate::data::{DataConfig, DataKind, Task};
use crate::dense::network::{InitConfig, InitScheme};
use crate::dense::norm::LayerOptions;
use crate::limits::Limit;
use crate::math::activation::{Activation, LayerActivation};
use crate::math::loss::Loss;
use crate::math::optimizer::{OptimizerConfig, Penalty, RegularizationKind};
use serde::{Deserialize, Serialize};

/// One hidden layer: its width and activation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HiddenLayer {
    /// Number of neurons (≥ 1).
    pub neurons: usize,
    /// Activation.
    pub activation: Activation,
}

pub use crate::train::Hyper;

/// A complete training configuration. `Default` is the XOR-quadrants
/// playground: features X1, X2; hidden layers 4 and 2 tanh; tanh output; MSE;
/// Xavier init; SGD, learning rate 0.03, batch 10.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Data set.
    pub data: DataConfig,
    /// Input features computed from each point (at least one, no repeats).
    pub features: Vec<Feature>,
    /// Hidden layers, input side first (may be empty: a single-layer net).
    pub hidden: Vec<HiddenLayer>,
    /// Output activation: identity for regression, sigmoid/tanh for two
    /// classes, softmax for three or more (or two with two outputs).
    pub output_activation: LayerActivation,
    /// Loss.
    pub loss: Loss,
    /// Initialization.
    pub init: InitConfig,
    /// Optimizer and its hyper-parameters.
    pub optimizer: OptimizerConfig,
    /// Learning rate (> 0).
    pub learning_rate: f64,
    /// L1/L2 penalty on weights (not biases).
    pub regularization: Penalty,
    /// Dropout probability for hidden-layer outputs during training, `[0, 1)`.
    pub dropout: f64,
    /// Mini-batch size: 1 = stochastic; ≥ number of training points = full batch.
    pub batch_size: usize,
    /// Seed for initialization, shuffling and dropout (the data has its own).
    pub seed: u64,
    /// Per hidden layer, its normalization and skip connection (a missing
    /// entry, or an empty list, means neither; at most one per hidden layer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layer_options: Vec<LayerOptions>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            data: DataConfig::default(),
            features: vec![Feature::X1, Feature::X2],
            hidden: vec![
                HiddenLayer { neurons: 4, activation: Activation::Tanh },
                HiddenLayer { neurons: 2, activation: Activation::Tanh },
            ],
            output_activation: LayerActivation::Elementwise(Activation::Tanh),
            loss: Loss::Mse,
            init: InitConfig { scheme: InitScheme::Xavier, bias: 0.0 },
            optimizer: OptimizerConfig::default(),
            learning_rate: 0.03,
            regularization: Penalty { kind: RegularizationKind::None, rate: 0.0 },
            dropout: 0.0,
            batch_size: 10,
            seed: 1,
            layer_options: Vec::new(),
        }
    }
}

/// A configuration that cannot be trained, with a plain-English message that
/// names the offending field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Path of the field, e.g. `hidden[1].neurons` or `learning_rate`.
    pub field: String,
    /// What is wrong, in plain English (also names the field).
    pub message: String,
}

impl ConfigError {
    /// A new error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError { field: field.into(), message: message.into() }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Checks `v` against `limit`: the refusal names `field` (`what` says it in words).
fn check_limit(limit: Limit, field: &str, what: &str, v: f64) -> Result<(), ConfigError> {
    limit.check(&format!("{what} ({field})"), v).map(|_| ()).map_err(|m| ConfigError::new(field, m))
}

/// Checks a learning rate: any positive finite rate trains (a headless run may
/// want one that overflows on purpose).
pub fn check_learning_rate(lr: f64) -> Result<(), ConfigError> {
    if lr.is_finite() && lr > 0.0 {
        Ok(())
    } else {
        let m = format!("The learning rate (learning_rate) must be a positive, finite number; it is {}.", crate::text::number(lr, 10));
        Err(ConfigError::new("learning_rate", m))
    }
}

/// Checks a learning rate against what the page offers, [`limits::LEARNING_RATE`](crate::limits::LEARNING_RATE).
pub fn check_offered_learning_rate(lr: f64) -> Result<(), ConfigError> {
    check_limit(crate::limits::LEARNING_RATE, "learning_rate", "The learning rate", lr)
}

/// Checks a dropout probability.
pub fn check_dropout(p: f64) -> Result<(), ConfigError> {
    check_limit(crate::limits::DROPOUT, "dropout", "The dropout rate", p)
}

/// Checks a batch size.
pub fn check_batch_size(b: usize) -> Result<(), ConfigError> {
    if (crate::limits::BATCH_SIZE.0..=crate::limits::BATCH_SIZE.1).contains(&b) {
        Ok(())
    } else {
        Err(ConfigError::new(
            "batch_size",
            format!("The batch size (batch_size) must be {} to {}; got {b}.", crate::limits::BATCH_SIZE.0, crate::limits::BATCH_SIZE.1),
        ))
    }
}

impl TrainConfig {
    /// Its live hyper-parameters.
    pub fn hyper(&self) -> Hyper {
        let TrainConfig { learning_rate, regularization, optimizer, dropout, batch_size, .. } = *self;
        Hyper { learning_rate, regularization, optimizer, dropout, batch_size }
    }

    /// The same setup with these live hyper-parameters.
    pub fn with_hyper(&self, h: Hyper) -> TrainConfig {
        let Hyper { learning_rate, regularization, optimizer, dropout, batch_size } = h;
        TrainConfig { learning_rate, regularization, optimizer, dropout, batch_size, ..self.clone() }
    }

    /// Whether `other` builds the same network (it differs at most in live
    /// hyper-parameters): exactly when a change needs no rebuild.
    pub fn same_setup(&self, other: &TrainConfig) -> bool {
        self.with_hyper(other.hyper()) == *other
    }

    /// The task the data set poses.
    pub fn task(&self) -> Task {
        match (&self.data.kind, &self.data.custom) {
            (DataKind::Custom, Some(c)) => c.task,
            (k, _) => k.task(),
        }
    }

    /// Number of output neurons this configuration implies: 1 for regression
    /// and for two classes (unless softmax: 2), else the number of classes.
    pub fn n_outputs(&self) -> usize {
        match self.task() {
            Task::Regression => 1,
            Task::Classification { n_classes: 2 } => {
                if self.output_activation == LayerActivation::Softmax {
                    2
                } else {
                    1
                }
            }
            Task::Classification { n_classes } => n_classes,
        }
    }

    /// Layer sizes `[n_features, hidden…, n_outputs]`.
    pub fn layer_sizes(&self) -> Vec<usize> {
        let mut s = vec![self.features.len()];
        s.extend(self.hidden.iter().map(|h| h.neurons));
        s.push(self.n_outputs());
        s
    }

    /// Activations of the hidden layers then the output layer.
    pub fn layer_activations(&self) -> Vec<LayerActivation> {
        let mut v: Vec<LayerActivation> = self.hidden.iter().map(|h| h.activation.into()).collect();
        v.push(self.output_activation);
        v
    }

    /// Hidden layer `i`'s normalization and skip (plain when not listed).
    pub fn layer_option(&self, i: usize) -> LayerOptions {
        self.layer_options.get(i).copied().unwrap_or_default()
    }

    /// Sets hidden layer `i`'s options, keeping the list no longer than it needs to be.
    pub fn set_layer_option(&mut self, i: usize, o: LayerOptions) {
        if self.layer_options.len() <= i {
            self.layer_options.resize(i + 1, LayerOptions::PLAIN);
        }
        self.layer_options[i] = o;
        self.tidy_layer_options();
    }

    /// Drops options beyond the hidden layers and trailing plain ones (so a
    /// configuration without any has an empty list, as before they existed),
    /// and skips whose layer no longer has as many inputs as neurons.
    pub fn tidy_layer_options(&mut self) {
        self.layer_options.truncate(self.hidden.len());
        for i in 0..self.layer_options.len() {
            if self.layer_options[i].skip && !self.skip_fits(i) {
                self.layer_options[i].skip = false;
            }
        }
        while self.layer_options.last().is_some_and(LayerOptions::is_plain) {
            self.layer_options.pop();
        }
    }

    /// Whether hidden layer `i` has as many inputs as neurons (a skip connection can go round it).
    pub fn skip_fits(&self, i: usize) -> bool {
        let n_in = if i == 0 { self.features.len() } else { self.hidden.get(i - 1).map_or(0, |h| h.neurons) };
        self.hidden.get(i).is_some_and(|h| h.neurons == n_in)
    }

    /// Whether any hidden layer normalizes or skips.
    pub fn has_layer_options(&self) -> bool {
        self.layer_options.iter().any(|o| !o.is_plain())
    }

    /// [`validate`](Self::validate) with the learning rate held to what the page
    /// offers ([`limits::LEARNING_RATE`](crate::limits::LEARNING_RATE)), not just
    /// any positive rate: every limit of [`crate::limits`], as the controls and a
    /// link apply them. What a model file must pass.
    pub fn validate_offered(&self) -> Result<(), ConfigError> {
        check_offered_learning_rate(self.learning_rate)?;
        self.validate()
    }

    /// Checks everything before training starts.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.data.validate().map_err(|(f, m)| ConfigError::new(f, m))?;
        if self.features.is_empty() {
            return Err(ConfigError::new("features", "Choose at least one input feature (features is empty)."));
        }
        for (i, f) in self.features.iter().enumerate() {
            if self.features[..i].contains(f) {
                return Err(ConfigError::new(format!("features[{i}]"), format!("The feature {} is listed twice in features.", f.name())));
            }
        }
        for (i, h) in self.hidden.iter().enumerate() {
            if h.neurons == 0 {
                return Err(ConfigError::new(
                    format!("hidden[{i}].neurons"),
                    format!("Hidden layer {} has zero neurons (hidden[{i}].neurons); every layer needs at least one.", i + 1),
                ));
            }
        }
        if self.layer_options.len() > self.hidden.len() {
            return Err(ConfigError::new(
                "layer_options",
                format!(
                    "The layer options (layer_options) list {} entries but there are {} hidden layers; options belong to hidden layers only.",
                    self.layer_options.len(),
                    self.hidden.len()
                ),
            ));
        }
        for (i, o) in self.layer_options.iter().enumerate() {
            if o.skip && !self.skip_fits(i) {
                let n_in = if i == 0 { self.features.len() } else { self.hidden[i - 1].neurons };
                return Err(ConfigError::new(
                    format!("layer_options[{i}].skip"),
                    format!(
                        "Hidden layer {} has a skip connection (layer_options[{i}].skip) but {n_in} inputs and {} neurons: \
                         a skip adds the layer's input to its output, so the two must be equal.",
                        i + 1,
                        self.hidden[i].neurons
                    ),
                ));
            }
        }
        check_learning_rate(self.learning_rate)?;
        check_batch_size(self.batch_size)?;
        check_dropout(self.dropout)?;
        self.regularization.validate().map_err(|m| ConfigError::new("regularization.rate", m))?;
        self.optimizer.validate().map_err(|m| ConfigError::new("optimizer", m))?;
        check_limit(crate::limits::INIT_BIAS, "init.bias", "The initial bias", self.init.bias)?;
        let task = self.task();
        match (task, self.output_activation) {
            (Task::Regression, LayerActivation::Softmax) => {
                return Err(ConfigError::new(
                    "output_activation",
                    "Softmax output (output_activation) needs a classification data set, not regression.",
                ))
            }
            (Task::Classification { .. }, _) | (Task::Regression, _) => {}
        }
        if self.loss == crate::math::loss::Loss::CrossEntropy {
            if task == Task::Regression {
                return Err(ConfigError::new(
                    "loss",
                    "Cross-entropy (loss) needs a classification data set; use MSE or MAE for regression.",
                ));
            }
            if !self.loss.supports(self.output_activation) {
                return Err(ConfigError::new(
                    "loss",
                    format!(
                        "Cross-entropy (loss) needs a sigmoid, tanh or softmax output, not {} (output_activation).",
                        self.output_activation.name()
                    ),
                ));
            }
        }
        Ok(())
    }
}
