//! Model files: architecture, every weight, hyper-parameters and seeds as
//! JSON. Saving then loading gives bit-identical weights (see [`crate::io::json`]).
//! Loading checks every field and shape, and every limit of [`crate::limits`] as
//! the page's controls and links apply them (the learning rate's too), and
//! names the offending field by its path in the file; it never panics.
//!
//! Shape: `{"format": "neuralscope-model", "version": 1, "epoch": 0,
//! "config": TrainConfig, "layers": [{"activation": "Tanh",
//! "weights": [[w_00, w_01, …], …] (n_in rows of n_out), "biases": [b_0, …]}, …]}`.
//! Optimizer state is not saved: a loaded model continues with fresh state.

use crate::dense::config::{ConfigError, TrainConfig};
use crate::dense::network::{DenseLayer, Network};
use crate::dense::norm::{Norm, NormKind};
use crate::dense::trainer::Trainer;
use crate::io::json::{self, JsonError, ReadError};
use crate::math::activation::LayerActivation;
use crate::math::real::Real;
use ndarray::{Array1, Array2};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `format` field's value.
pub const FORMAT: &str = "neuralscope-model";
/// The current `version`.
pub const VERSION: u32 = 1;

/// One layer's parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerFile {
    /// The layer's activation.
    pub activation: LayerActivation,
    /// `n_in` rows of `n_out` weights (row `k` = weights leaving input `k`).
    pub weights: Vec<Vec<f64>>,
    /// `n_out` biases.
    pub biases: Vec<f64>,
    /// A normalizing hidden layer's γ, β and running statistics (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub norm: Option<NormFile>,
}

/// A normalization's parameters, `n_out` values each (the kind is in the
/// configuration's `layer_options`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NormFile {
    pub gamma: Vec<f64>,
    pub beta: Vec<f64>,
    pub running_mean: Vec<f64>,
    pub running_var: Vec<f64>,
}

/// A saved model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// File format version ([`VERSION`]).
    pub version: u32,
    /// Epochs trained when saved.
    pub epoch: u64,
    /// Everything needed to regenerate the data and continue training.
    pub config: TrainConfig,
    /// Hidden layers then the output layer.
    pub layers: Vec<LayerFile>,
}

/// Why a model file could not be loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelFileError {
    /// Not valid JSON.
    Syntax(JsonError),
    /// A field is missing, has the wrong type or shape, or holds a bad value.
    Field {
        /// Path of the field, e.g. `layers[1].weights[0][2]` or `config.data.noise`.
        field: String,
        /// Plain-English description (names the field).
        message: String,
        /// What is wrong, as data (the page words it in its language).
        fault: Fault,
    },
}

/// What is wrong with a field of a model file or a scenario, as data: the
/// engine writes it in English ([`ModelFileError::Field`]'s `message`), a page
/// in its own language.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// The field is missing.
    Missing,
    /// The field does not read as its type (the parser's own words).
    Invalid(String),
    /// The field holds a number that is not finite (its text, e.g. `1e999`).
    NotFinite(String),
    /// Not a number.
    NotANumber,
    /// Not a whole number.
    NotAWholeNumber,
    /// Not a list of numbers.
    NotNumbers,
    /// A list of numbers of the wrong length for a layer of `neurons` neurons.
    Length { got: usize, neurons: usize },
    /// Not a JSON object (the whole file when the field is "").
    NotAnObject,
    /// Not a list.
    NotAList,
    /// Not a list of rows.
    NotRows,
    /// The `format` is another one than [`FORMAT`].
    Format(String),
    /// The `version` is another one than [`VERSION`].
    Version(u32),
    /// More epochs than [`crate::limits::EPOCHS`].
    Epoch(u64),
    /// `got` layers where the configuration has `hidden` hidden layers and the output.
    LayerCount { got: usize, hidden: usize },
    /// A layer's activation differs from the configuration's (their display names).
    Activation { got: &'static str, want: &'static str },
    /// `got` rows of weights where layer `layer` has `inputs` inputs.
    RowCount { got: usize, layer: usize, inputs: usize },
    /// The norm parameters are missing though hidden layer `layer` (1-based) is normalized.
    NormMissing { layer: usize },
    /// A scenario with neither `config` nor `model`.
    NoModel,
    /// A setting outside what the engine takes ([`ConfigError`]).
    Setup(crate::dense::config::Problem),
}

impl Fault {
    /// The English sentence naming `field`.
    pub fn english(&self, field: &str) -> String {
        use Fault::*;
        match self {
            Missing => format!("The field `{field}` is missing."),
            Invalid(e) => format!("The field `{field}` is invalid: {e}."),
            NotFinite(token) => format!("The field `{field}` holds {token}, which is not a finite number."),
            NotANumber => format!("The field `{field}` must be a number."),
            NotAWholeNumber => format!("The field `{field}` must be a whole number."),
            NotNumbers => format!("The field `{field}` must be a list of numbers."),
            Length { got, neurons } => format!("The field `{field}` has {got} values but a layer of {neurons} neurons needs {neurons}."),
            NotAnObject if field.is_empty() => "A model file must be a JSON object.".to_string(),
            NotAnObject => format!("The field `{field}` must be an object."),
            NotAList => format!("The field `{field}` must be a list."),
            NotRows => format!("The field `{field}` must be a list of rows."),
            Format(got) => format!("The field `{field}` is \"{got}\"; expected \"{FORMAT}\"."),
            Version(got) => format!("The field `{field}` is {got}; this build reads version {VERSION}."),
            Epoch(got) => format!("The field `{field}` is {got}; at most {} epochs are counted.", crate::limits::EPOCHS),
            LayerCount { got, hidden } => {
                format!("The field `{field}` has {got} layers but the configuration has {} ({hidden} hidden + output).", hidden + 1)
            }
            Activation { got, want } => format!("The field `{field}` is {got} but the configuration says {want}."),
            RowCount { got, layer, inputs } => format!("The field `{field}` has {got} rows but layer {layer} has {inputs} inputs."),
            NormMissing { layer } => format!("The field `{field}` is missing: the configuration says hidden layer {layer} is normalized."),
            NoModel => "A scenario needs `config` (an architecture) or `model` (a model file).".to_string(),
            Setup(problem) => format!("`{field}` {problem}."),
        }
    }
}

impl std::fmt::Display for ModelFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelFileError::Syntax(e) => write!(f, "The model file is not valid JSON: {e}."),
            ModelFileError::Field { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for ModelFileError {}

impl From<ConfigError> for ModelFileError {
    /// The engine's refusal with its field named by its path in the file
    /// (`config.learning_rate`, `layers[1].activation`): "`config.dropout`
    /// must be a number from 0 to 0.9; it is 0.95."
    fn from(e: ConfigError) -> Self {
        let field = if e.field.starts_with("layers") { e.field.clone() } else { format!("config.{}", e.field) };
        field_err(field, Fault::Setup(e.problem))
    }
}

/// A field's refusal, its English message written from the fault.
pub fn field_err(field: impl Into<String>, fault: Fault) -> ModelFileError {
    let field = field.into();
    ModelFileError::Field { message: fault.english(&field), field, fault }
}

fn get<'v>(obj: &'v Value, key: &str, path: &str) -> Result<&'v Value, ModelFileError> {
    let full = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match obj.get(key) {
        Some(v) => Ok(v),
        None => Err(field_err(full.clone(), Fault::Missing)),
    }
}

fn typed<T: DeserializeOwned>(obj: &Value, key: &str, path: &str) -> Result<T, ModelFileError> {
    let full = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    let v = get(obj, key, path)?;
    serde_json::from_value(v.clone()).map_err(|e| field_err(full.clone(), Fault::Invalid(e.to_string())))
}

/// Parses JSON (floats bit-exact), naming the field of a number that is not finite.
pub(crate) fn read_json(text: &str) -> Result<Value, ModelFileError> {
    json::parse(text).map_err(|e| match e {
        ReadError::Syntax(s) => ModelFileError::Syntax(s),
        ReadError::NonFinite { path, token } => field_err(path.clone(), Fault::NotFinite(token)),
    })
}

fn number(v: &Value, path: &str) -> Result<f64, ModelFileError> {
    v.as_f64().ok_or_else(|| field_err(path, Fault::NotANumber))
}

/// `len` numbers, for a layer of `len` neurons.
fn numbers(v: &Value, path: &str, len: usize) -> Result<Vec<f64>, ModelFileError> {
    let a = v.as_array().ok_or_else(|| field_err(path, Fault::NotNumbers))?;
    if a.len() != len {
        return Err(field_err(path, Fault::Length { got: a.len(), neurons: len }));
    }
    a.iter().enumerate().map(|(i, x)| number(x, &format!("{path}[{i}]"))).collect()
}

impl ModelFile {
    /// Captures a trainer's configuration and weights.
    pub fn from_trainer<R: Real>(t: &Trainer<R>) -> ModelFile {
        ModelFile {
            format: FORMAT.to_string(),
            version: VERSION,
            epoch: t.epoch(),
            config: t.config().clone(),
            layers: t
                .network()
                .layers
                .iter()
                .map(|l| LayerFile {
                    activation: l.activation,
                    weights: l.weights.rows().into_iter().map(|r| r.iter().map(|w| w.f64()).collect()).collect(),
                    biases: l.biases.iter().map(|b| b.f64()).collect(),
                    norm: l.norm.as_ref().map(|n| {
                        let c = |v: &[R]| v.iter().map(|x| x.f64()).collect();
                        NormFile { gamma: c(&n.gamma), beta: c(&n.beta), running_mean: c(&n.running_mean), running_var: c(&n.running_var) }
                    }),
                })
                .collect(),
        }
    }

    /// The network these layers describe (call after [`from_json`](Self::from_json), which checks shapes).
    pub fn network(&self) -> Network {
        Network {
            layers: self
                .layers
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let n_in = l.weights.len();
                    let n_out = l.biases.len();
                    let flat: Vec<f64> = l.weights.iter().flatten().copied().collect();
                    DenseLayer {
                        weights: Array2::from_shape_vec((n_in, n_out), flat).expect("checked shape"),
                        biases: Array1::from(l.biases.clone()),
                        activation: l.activation,
                        norm: l.norm.as_ref().map(|n| Norm {
                            kind: self.config.layer_option(i).norm,
                            gamma: n.gamma.clone(),
                            beta: n.beta.clone(),
                            running_mean: n.running_mean.clone(),
                            running_var: n.running_var.clone(),
                        }),
                        skip: self.config.layer_option(i).skip,
                    }
                })
                .collect(),
        }
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("model files always serialize")
    }

    /// Reads and checks a model file.
    pub fn from_json(text: &str) -> Result<ModelFile, ModelFileError> {
        Self::from_value(&read_json(text)?)
    }

    /// Checks and converts an already parsed value (read with [`json::parse`] to keep floats exact).
    pub fn from_value(v: &Value) -> Result<ModelFile, ModelFileError> {
        if !v.is_object() {
            return Err(field_err("", Fault::NotAnObject));
        }
        let format: String = typed(v, "format", "")?;
        if format != FORMAT {
            return Err(field_err("format", Fault::Format(format)));
        }
        let version: u32 = typed(v, "version", "")?;
        if version != VERSION {
            return Err(field_err("version", Fault::Version(version)));
        }
        let epoch: u64 = typed(v, "epoch", "")?;
        if epoch > crate::limits::EPOCHS {
            return Err(field_err("epoch", Fault::Epoch(epoch)));
        }
        let config = config_from_value(get(v, "config", "")?, "config")?;
        // the limits the controls and a link apply, the learning rate's too
        config.validate_offered()?;
        let sizes = config.layer_sizes();
        let acts = config.layer_activations();
        let lv = get(v, "layers", "")?;
        let la = lv.as_array().ok_or_else(|| field_err("layers", Fault::NotAList))?;
        if la.len() != acts.len() {
            return Err(field_err("layers", Fault::LayerCount { got: la.len(), hidden: config.hidden.len() }));
        }
        let mut layers = Vec::with_capacity(la.len());
        for (l, lv) in la.iter().enumerate() {
            let path = format!("layers[{l}]");
            let activation: LayerActivation = typed(lv, "activation", &path)?;
            if activation != acts[l] {
                return Err(field_err(format!("{path}.activation"), Fault::Activation { got: activation.name(), want: acts[l].name() }));
            }
            let (n_in, n_out) = (sizes[l], sizes[l + 1]);
            let wpath = format!("{path}.weights");
            let wv = get(lv, "weights", &path)?;
            let rows = wv.as_array().ok_or_else(|| field_err(&wpath, Fault::NotRows))?;
            if rows.len() != n_in {
                return Err(field_err(&wpath, Fault::RowCount { got: rows.len(), layer: l, inputs: n_in }));
            }
            let weights =
                rows.iter().enumerate().map(|(k, r)| numbers(r, &format!("{wpath}[{k}]"), n_out)).collect::<Result<Vec<_>, _>>()?;
            let biases = numbers(get(lv, "biases", &path)?, &format!("{path}.biases"), n_out)?;
            let norm = if l < config.hidden.len() && config.layer_option(l).norm != NormKind::None {
                let np = format!("{path}.norm");
                let nv = get(lv, "norm", &path).map_err(|_| field_err(&np, Fault::NormMissing { layer: l + 1 }))?;
                let part = |k: &str| numbers(get(nv, k, &np)?, &format!("{np}.{k}"), n_out);
                Some(NormFile {
                    gamma: part("gamma")?,
                    beta: part("beta")?,
                    running_mean: part("running_mean")?,
                    running_var: part("running_var")?,
                })
            } else {
                None
            };
            layers.push(LayerFile { activation, weights, biases, norm });
        }
        Ok(ModelFile { format, version, epoch, config, layers })
    }

    /// A trainer with this file's configuration and weights (used verbatim).
    pub fn to_trainer(&self) -> Result<Trainer, ModelFileError> {
        self.build_trainer()
    }

    /// [`to_trainer`](Self::to_trainer) in precision `R` (the weights rounded to it).
    pub fn build_trainer<R: Real>(&self) -> Result<Trainer<R>, ModelFileError> {
        let mut t = Trainer::build_with(&self.config, self.network().cast())?;
        t.set_epoch_offset(self.epoch);
        Ok(t)
    }
}

/// Reads a `TrainConfig`, naming the failing field (`config.data.noise`, …).
pub fn config_from_value(v: &Value, path: &str) -> Result<TrainConfig, ModelFileError> {
    if !v.is_object() {
        return Err(field_err(path, Fault::NotAnObject));
    }
    use crate::data::features::Feature;
    use crate::data::{DataKind, Task};
    use crate::dense::config::HiddenLayer;
    use crate::dense::network::InitConfig;
    use crate::math::activation::LayerActivation as LA;
    use crate::math::loss::Loss;
    use crate::math::optimizer::{OptimizerConfig, Penalty};
    let data = get(v, "data", path)?;
    let dpath = format!("{path}.data");
    if !data.is_object() {
        return Err(field_err(&dpath, Fault::NotAnObject));
    }
    let _: DataKind = typed(data, "kind", &dpath)?;
    let _: usize = typed(data, "n_points", &dpath)?;
    let _: f64 = typed(data, "noise", &dpath)?;
    let _: f64 = typed(data, "train_fraction", &dpath)?;
    let _: u64 = typed(data, "seed", &dpath)?;
    if let Some(c) = data.get("custom") {
        let cpath = format!("{dpath}.custom");
        if !c.is_null() {
            let _: Task = typed(c, "task", &cpath)?;
            get(c, "points", &cpath)?;
        }
    }
    let _: Vec<Feature> = typed(v, "features", path)?;
    let _: Vec<HiddenLayer> = typed(v, "hidden", path)?;
    let _: LA = typed(v, "output_activation", path)?;
    let _: Loss = typed(v, "loss", path)?;
    let _: InitConfig = typed(v, "init", path)?;
    let _: OptimizerConfig = typed(v, "optimizer", path)?;
    let _: f64 = typed(v, "learning_rate", path)?;
    let _: Penalty = typed(v, "regularization", path)?;
    let _: f64 = typed(v, "dropout", path)?;
    let _: usize = typed(v, "batch_size", path)?;
    let _: u64 = typed(v, "seed", path)?;
    if v.get("layer_options").is_some() {
        let _: Vec<crate::dense::norm::LayerOptions> = typed(v, "layer_options", path)?;
    }
    serde_json::from_value(v.clone()).map_err(|e| field_err(path, Fault::Invalid(e.to_string())))
}

impl<R: Real> Trainer<R> {
    /// Saves the model (configuration, weights, epoch) as pretty JSON.
    pub fn to_model_json(&self) -> String {
        ModelFile::from_trainer(self).to_json()
    }

    /// Loads a model file into a new trainer in precision `R` (weights verbatim in `f64`, rounded in `f32`).
    pub fn load_model_json(text: &str) -> Result<Trainer<R>, ModelFileError> {
        ModelFile::from_json(text)?.build_trainer()
    }
}

impl Trainer<f64> {
    /// [`load_model_json`](Self::load_model_json) in `f64`.
    pub fn from_model_json(text: &str) -> Result<Trainer, ModelFileError> {
        Trainer::load_model_json(text)
    }
}
