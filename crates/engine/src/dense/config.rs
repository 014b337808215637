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

/// A setup that cannot be trained: the field (its path, e.g. `hidden[1].neurons`,
/// `learning_rate`, `data.custom.points[3].label`) and what is wrong with it,
/// as data. `Display` is terse and technical (`learning_rate: must be a
/// positive, finite number; it is -1`); the words for people are the page's.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub field: String,
    pub problem: Problem,
}

/// What is wrong with a setup's field.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A number outside its range (NaN and the infinities too).
    OutOfRange { got: f64, limit: Limit },
    /// A whole number outside `min..=max`: of `what` ("classes", "points") when
    /// the field holds things, not a number ("" for a batch size).
    Count { got: usize, min: usize, max: usize, what: &'static str },
    /// Not a positive, finite number.
    NotPositive { got: f64 },
    /// Not zero or a positive, finite number.
    Negative { got: f64 },
    /// An empty list that needs at least one entry (the features).
    Empty,
    /// An entry listed twice (a feature, by its name).
    Repeated { name: String },
    /// A hidden layer without neurons.
    ZeroNeurons,
    /// More layer options than hidden layers.
    TooManyOptions { options: usize, hidden: usize },
    /// A skip connection round a layer whose inputs and neurons differ.
    SkipWidth { inputs: usize, neurons: usize },
    /// A softmax output on a regression data set.
    SoftmaxNeedsClasses,
    /// Cross-entropy on a regression data set.
    CrossEntropyNeedsClasses,
    /// Cross-entropy with an output that is not a probability.
    CrossEntropyNeedsOutput { output: LayerActivation },
    /// The data kind is custom but no points were given.
    CustomMissing,
    /// A value that is not a finite number.
    NotFinite,
    /// A custom point's label that is not one of the task's classes.
    BadLabel { label: f64 },
    /// A given network's layer sizes are not the configuration's.
    ShapeMismatch { net: Vec<usize>, config: Vec<usize> },
    /// A given network's layer activation is not the configuration's.
    ActivationMismatch { net: LayerActivation, config: LayerActivation },
    /// There is no such weight or bias.
    NoSuch,
    /// The trainer `by` ("the recurrent net") has no such setting (a penalty, dropout).
    NotOffered { by: &'static str },
    /// An echo `k` steps back in sequences of `seq_len` steps (k must be below it).
    EchoTooFar { k: usize, seq_len: usize },
    /// A data set with nothing in it.
    NoData,
}

impl ConfigError {
    /// A new error.
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        ConfigError { field: field.into(), problem }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for ConfigError {}

/// What is wrong, as a predicate of the field: "must be 1 to 2000; it is 0".
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::limits::shown;
        match self {
            Problem::OutOfRange { got, limit } => write!(f, "must be {}; it is {}", limit.describe(), shown(*got)),
            Problem::Count { got, min, max, what: "" } => write!(f, "must be {min} to {max}; it is {got}"),
            Problem::Count { got, min, max, what } => write!(f, "has {got} {what}; it needs {min} to {max}"),
            Problem::NotPositive { got } => write!(f, "must be a positive, finite number; it is {}", shown(*got)),
            Problem::Negative { got } => write!(f, "must be zero or positive; it is {}", shown(*got)),
            Problem::Empty => f.write_str("is empty"),
            Problem::Repeated { name } => write!(f, "lists {name} twice"),
            Problem::ZeroNeurons => f.write_str("is 0; a layer needs at least one neuron"),
            Problem::TooManyOptions { options, hidden } => write!(f, "has {options} entries for {hidden} hidden layers"),
            Problem::SkipWidth { inputs, neurons } => {
                write!(f, "needs as many inputs as neurons; the layer has {inputs} inputs and {neurons} neurons")
            }
            Problem::SoftmaxNeedsClasses => f.write_str("softmax needs a classification data set"),
            Problem::CrossEntropyNeedsClasses => f.write_str("cross-entropy needs a classification data set"),
            Problem::CrossEntropyNeedsOutput { output } => {
                write!(f, "cross-entropy needs a sigmoid, tanh or softmax output, not {}", output.name())
            }
            Problem::CustomMissing => f.write_str("is missing (the data kind is custom)"),
            Problem::NotFinite => f.write_str("is not a finite number"),
            Problem::BadLabel { label } => write!(f, "is {}, not a class (-1/+1 for two classes, 0..n-1 for more)", shown(*label)),
            Problem::ShapeMismatch { net, config } => write!(f, "the network's layer sizes {net:?} are not the configuration's {config:?}"),
            Problem::ActivationMismatch { net, config } => {
                write!(f, "the network has {} where the configuration has {}", net.name(), config.name())
            }
            Problem::NoSuch => f.write_str("does not exist"),
            Problem::NotOffered { by } => write!(f, "is not offered by {by}"),
            Problem::EchoTooFar { k, seq_len } => write!(f, "must be below seq_len ({seq_len}); it is {k}"),
            Problem::NoData => f.write_str("is empty: nothing to train on"),
        }
    }
}

/// Checks a learning rate: any positive finite rate trains (a headless run may
/// want one that overflows on purpose).
pub fn check_learning_rate(lr: f64) -> Result<(), ConfigError> {
    if lr.is_finite() && lr > 0.0 {
        Ok(())
    } else {
        Err(ConfigError::new("learning_rate", Problem::NotPositive { got: lr }))
    }
}

/// Checks a learning rate against what the page offers, [`limits::LEARNING_RATE`](crate::limits::LEARNING_RATE).
pub fn check_offered_learning_rate(lr: f64) -> Result<(), ConfigError> {
    crate::limits::LEARNING_RATE.check("learning_rate", lr).map(|_| ())
}

/// Checks a dropout probability.
pub fn check_dropout(p: f64) -> Result<(), ConfigError> {
    crate::limits::DROPOUT.check("dropout", p).map(|_| ())
}

/// Checks a whole number of `field` (a count of `what`: see [`Problem::Count`]) against `min..=max`.
pub fn check_count(field: &str, got: usize, (min, max): (usize, usize), what: &'static str) -> Result<(), ConfigError> {
    if (min..=max).contains(&got) {
        Ok(())
    } else {
        Err(ConfigError::new(field, Problem::Count { got, min, max, what }))
    }
}

/// Checks a batch size.
pub fn check_batch_size(b: usize) -> Result<(), ConfigError> {
    check_count("batch_size", b, crate::limits::BATCH_SIZE, "")
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
        self.data.validate()?;
        if self.features.is_empty() {
            return Err(ConfigError::new("features", Problem::Empty));
        }
        for (i, f) in self.features.iter().enumerate() {
            if self.features[..i].contains(f) {
                return Err(ConfigError::new(format!("features[{i}]"), Problem::Repeated { name: f.name().to_string() }));
            }
        }
        if let Some(i) = self.hidden.iter().position(|h| h.neurons == 0) {
            return Err(ConfigError::new(format!("hidden[{i}].neurons"), Problem::ZeroNeurons));
        }
        if self.layer_options.len() > self.hidden.len() {
            let (options, hidden) = (self.layer_options.len(), self.hidden.len());
            return Err(ConfigError::new("layer_options", Problem::TooManyOptions { options, hidden }));
        }
        for (i, o) in self.layer_options.iter().enumerate() {
            if o.skip && !self.skip_fits(i) {
                let inputs = if i == 0 { self.features.len() } else { self.hidden[i - 1].neurons };
                let neurons = self.hidden[i].neurons;
                return Err(ConfigError::new(format!("layer_options[{i}].skip"), Problem::SkipWidth { inputs, neurons }));
            }
        }
        check_learning_rate(self.learning_rate)?;
        check_batch_size(self.batch_size)?;
        check_dropout(self.dropout)?;
        self.regularization.validate()?;
        self.optimizer.validate()?;
        crate::limits::INIT_BIAS.check("init.bias", self.init.bias)?;
        let task = self.task();
        if (task, self.output_activation) == (Task::Regression, LayerActivation::Softmax) {
            return Err(ConfigError::new("output_activation", Problem::SoftmaxNeedsClasses));
        }
        if self.loss == crate::math::loss::Loss::CrossEntropy {
            if task == Task::Regression {
                return Err(ConfigError::new("loss", Problem::CrossEntropyNeedsClasses));
            }
            if !self.loss.supports(self.output_activation) {
                return Err(ConfigError::new("loss", Problem::CrossEntropyNeedsOutput { output: self.output_activation }));
            }
        }
        Ok(())
    }
}
