//! Scenario files for the headless runner (`examples/train.rs`):
//!
//! ```json
//! { "epochs": 500,
//!   "config": { "data": {"kind": "XorTable"}, "hidden": [{"neurons": 4, "activation": "Tanh"}] },
//!   "model": null }
//! ```
//! - `config`: any subset of [`TrainConfig`] fields, merged (recursively)
//!   over `TrainConfig::default()`; points can be given with
//!   `"data": {"kind": "Custom", "custom": {"task": …, "points": […]}}`.
//! - or `model`: a complete model file (its weights are used verbatim; like
//!   every model file, held to the page's limits, the learning rate's too).
//! - `epochs`: how many epochs to train.

use crate::dense::config::TrainConfig;
use crate::dense::trainer::Trainer;
use crate::io::model_file::{config_from_value, field_err, Fault, ModelFile, ModelFileError};
use serde_json::Value;

/// A parsed scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Epochs to train.
    pub epochs: u64,
    /// The trainer to run (from `model`, or from `config`).
    pub trainer: Trainer,
}

fn merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(bv) if bv.is_object() && v.is_object() => merge(bv, v),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
}

impl Scenario {
    /// Parses a scenario; errors name the field.
    pub fn from_json(text: &str) -> Result<Scenario, ModelFileError> {
        let v = crate::io::model_file::read_json(text)?;
        let field = |f: &str, m: String, fault: Fault| ModelFileError::Field { field: f.into(), message: m, fault };
        if !v.is_object() {
            return Err(field("", "A scenario must be a JSON object.".into(), Fault::NotAnObject));
        }
        let epochs = match v.get("epochs") {
            Some(e) => e.as_u64().ok_or_else(|| field_err("epochs", Fault::NotAWholeNumber))?,
            None => return Err(field_err("epochs", Fault::Missing)),
        };
        let trainer = match (v.get("model"), v.get("config")) {
            (Some(m), _) if !m.is_null() => ModelFile::from_value(m).map_err(|e| prefix(e, "model"))?.to_trainer()?,
            (_, Some(c)) if !c.is_null() => {
                let mut base = serde_json::to_value(TrainConfig::default()).expect("config serializes");
                merge(&mut base, c);
                let cfg = config_from_value(&base, "config")?;
                Trainer::new(&cfg)?
            }
            _ => return Err(field_err("config", Fault::NoModel)),
        };
        Ok(Scenario { epochs, trainer })
    }
}

fn prefix(e: ModelFileError, p: &str) -> ModelFileError {
    match e {
        ModelFileError::Field { field, message, fault } => {
            ModelFileError::Field { field: format!("{p}.{field}"), message: message.replacen('`', &format!("`{p}."), 1), fault }
        }
        other => other,
    }
}
