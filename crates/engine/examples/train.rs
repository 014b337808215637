//! Headless runner: `cargo run --release -p neuralscope-engine --example train -- scenario.json`.
//!
//! Reads a scenario (see `neuralscope_engine::io::scenario`): a model file with
//! weights, or an architecture; a data set by name + seed or as points;
//! hyper-parameters; an epoch count. Trains, printing one JSON line per epoch
//! (`epoch`, `train_loss`, `test_loss`, `train_accuracy`, `test_accuracy`),
//! then one line `{"final_model": …}`. If training diverges it prints
//! `{"diverged": "…"}` before the final model (the last weights whose loss was
//! finite) and exits with 2.
//!
//! A figure is `null` only when it does not exist (`test_loss` with no test
//! points, an accuracy in a regression). A loss that overflowed is printed as
//! the string `"inf"` (`"-inf"`, `"nan"`), never as `null` (JSON has no
//! infinity): `{"epoch":3,"train_loss":"inf",…}`.
use neuralscope_engine::dense::trainer::EpochStats;
use neuralscope_engine::io::model_file::ModelFile;
use neuralscope_engine::io::scenario::Scenario;
use std::io::Write;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: train <scenario.json>");
        std::process::exit(64);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(66);
    });
    let mut sc = Scenario::from_json(&text).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(65);
    });
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut code = 0;
    for _ in 0..sc.epochs {
        match sc.trainer.train_epoch() {
            Ok(s) => writeln!(out, "{}", epoch_line(&s)).unwrap(),
            Err(e) => {
                writeln!(out, "{}", serde_json::json!({ "diverged": e.to_string(), "error": e })).unwrap();
                code = 2;
                break;
            }
        }
    }
    let model = serde_json::to_value(ModelFile::from_trainer(&sc.trainer)).unwrap();
    writeln!(out, "{}", serde_json::json!({ "final_model": model })).unwrap();
    std::process::exit(code);
}

/// One epoch as a JSON line, a non-finite figure written as `"inf"`, `"-inf"` or `"nan"`.
fn epoch_line(s: &EpochStats) -> String {
    let num = |v: f64| match v {
        v if v.is_nan() => serde_json::json!("nan"),
        v if v == f64::INFINITY => serde_json::json!("inf"),
        v if v == f64::NEG_INFINITY => serde_json::json!("-inf"),
        v => serde_json::json!(v),
    };
    let opt = |v: Option<f64>| v.map_or(serde_json::Value::Null, num);
    // written by hand to keep the fields in the order they always had
    format!(
        r#"{{"epoch":{},"train_loss":{},"test_loss":{},"train_accuracy":{},"test_accuracy":{}}}"#,
        s.epoch,
        num(s.train_loss),
        opt(s.test_loss),
        opt(s.train_accuracy),
        opt(s.test_accuracy)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overflowed_loss_is_written_as_inf_and_a_missing_one_as_null() {
        let s = EpochStats { epoch: 3, train_loss: f64::INFINITY, test_loss: None, train_accuracy: Some(0.5), test_accuracy: None };
        assert_eq!(epoch_line(&s), r#"{"epoch":3,"train_loss":"inf","test_loss":null,"train_accuracy":0.5,"test_accuracy":null}"#);
        let s = EpochStats { train_loss: 0.25, test_loss: Some(f64::NAN), ..s };
        assert!(epoch_line(&s).contains(r#""train_loss":0.25"#) && epoch_line(&s).contains(r#""test_loss":"nan""#));
    }
}
