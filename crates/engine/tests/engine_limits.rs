//! Every input (a model file, a CSV file, a configuration) passes through the
//! limits of `engine::limits`: what the engine cannot train, or the page does not
//! offer, is refused with the field named, and nothing panics.

use neuralscope_engine::data::features::Feature;
use neuralscope_engine::data::{CustomData, DataKind, Point, Task};
use neuralscope_engine::dense::config::TrainConfig;
use neuralscope_engine::dense::trainer::Trainer;
use neuralscope_engine::io::csv_points::{self, CsvReason, Labels};
use neuralscope_engine::io::model_file::{ModelFile, ModelFileError};
use neuralscope_engine::limits::CLASSES;
use neuralscope_engine::math::activation::LayerActivation;
use neuralscope_engine::math::loss::Loss;
use serde_json::{json, Value};

/// A single-layer softmax classifier of `n` classes on custom points, as a model file.
fn softmax_model(n: usize) -> String {
    let points: Vec<Point> = (0..n).map(|k| Point { x1: k as f64 / n as f64, x2: 0.0, label: k as f64 }).collect();
    let mut cfg = TrainConfig {
        hidden: vec![],
        features: vec![Feature::X1, Feature::X2],
        output_activation: LayerActivation::Softmax,
        loss: Loss::CrossEntropy,
        ..TrainConfig::default()
    };
    cfg.data.kind = DataKind::Custom;
    cfg.data.custom = Some(CustomData { points, task: Task::Classification { n_classes: n } });
    let layer = json!({"activation": "Softmax", "weights": vec![vec![0.0; n]; 2], "biases": vec![0.0; n]});
    json!({"format": "neuralscope-model", "version": 1, "epoch": 0, "config": cfg, "layers": [layer]}).to_string()
}

fn refusal(text: &str) -> (String, String) {
    match ModelFile::from_json(text) {
        Err(ModelFileError::Field { field, message, .. }) => (field, message),
        Err(e) => panic!("expected a field to be named: {e}"),
        Ok(_) => panic!("expected a refusal"),
    }
}

#[test]
fn a_model_of_more_classes_than_the_limit_is_refused_naming_the_field() {
    let (field, message) = refusal(&softmax_model(65));
    assert_eq!(field, "config.data.custom.task");
    assert_eq!(message, format!("`config.data.custom.task` has 65 classes; it needs {} to {}.", CLASSES.0, CLASSES.1));
    let (field, _) = refusal(&softmax_model(CLASSES.1 + 1));
    assert_eq!(field, "config.data.custom.task");
}

#[test]
fn a_model_of_as_many_classes_as_the_limit_loads_and_trains() {
    let m = ModelFile::from_json(&softmax_model(CLASSES.1)).unwrap();
    let mut t = m.build_trainer::<f32>().unwrap();
    t.train_epochs(2).unwrap();
    let mut t = m.to_trainer().unwrap();
    t.train_epochs(2).unwrap();
}

#[test]
fn a_configuration_of_too_many_classes_is_refused_before_anything_is_built() {
    let text = softmax_model(65);
    let v: Value = serde_json::from_str(&text).unwrap();
    let cfg: TrainConfig = serde_json::from_value(v["config"].clone()).unwrap();
    let e = Trainer::<f32>::build(&cfg).unwrap_err();
    assert_eq!(e.field, "data.custom.task");
    let e = Trainer::<f64>::new(&cfg).unwrap_err();
    assert_eq!(e.field, "data.custom.task");
}

#[test]
fn csv_classes_stop_at_the_same_limit() {
    let top = CLASSES.1 - 1;
    let ok = csv_points::parse(&format!("0,0,0\n1,1,{top}\n"), Labels::Classes).unwrap();
    assert_eq!(ok.data.task, Task::Classification { n_classes: CLASSES.1 });
    let e = csv_points::parse(&format!("0,0,0\n1,1,{}\n", CLASSES.1), Labels::Classes).unwrap_err();
    assert_eq!(e.reason, CsvReason::ClassOutOfRange(CLASSES.1.to_string()));
    assert!(e.to_string().contains(&format!("from 0 to {top}")), "{e}");
}

/// The default model file with `edit` applied to its JSON.
fn default_model_with(edit: impl Fn(&mut Value)) -> String {
    let t = Trainer::new(&TrainConfig::default()).unwrap();
    let mut v: Value = serde_json::from_str(&t.to_model_json()).unwrap();
    edit(&mut v);
    v.to_string()
}

#[test]
fn a_model_file_is_held_to_the_page_s_learning_rate() {
    let (field, message) = refusal(&default_model_with(|v| v["config"]["learning_rate"] = json!(1e308)));
    assert_eq!(field, "config.learning_rate");
    assert_eq!(message, "`config.learning_rate` must be a number above 0 and at most 100; it is 1e308.");
    let (field, _) = refusal(&default_model_with(|v| v["config"]["learning_rate"] = json!(100.5)));
    assert_eq!(field, "config.learning_rate");
    assert!(ModelFile::from_json(&default_model_with(|v| v["config"]["learning_rate"] = json!(100.0))).is_ok());
}

#[test]
fn every_limited_field_of_a_model_file_is_refused_by_name_out_of_range() {
    // (the field the refusal names, where the value goes, the value)
    let cases = [
        ("config.dropout", "/config/dropout", json!(0.95)),
        ("config.optimizer.momentum", "/config/optimizer/momentum", json!(1.0)),
        ("config.optimizer.beta2", "/config/optimizer/beta2", json!(1e300)),
        ("config.regularization.rate", "/config/regularization/rate", json!(11.0)),
        ("config.data.noise", "/config/data/noise", json!(0.6)),
        ("config.data.train_fraction", "/config/data/train_fraction", json!(0.05)),
        ("config.batch_size", "/config/batch_size", json!(0)),
        ("config.batch_size", "/config/batch_size", json!(2001)),
        ("config.data.n_points", "/config/data/n_points", json!(3)),
        ("config.data.n_points", "/config/data/n_points", json!(1_000_000_000u64)),
        ("config.init.bias", "/config/init/bias", json!(-2.0)),
        ("config.learning_rate", "/config/learning_rate", json!(0.0)),
    ];
    for (want, at, value) in cases {
        let (field, message) = refusal(&default_model_with(|v| *v.pointer_mut(at).unwrap() = value.clone()));
        assert_eq!(field, want, "{message}");
        assert!(message.contains(want), "the message names {want}: {message}");
        assert!(message.len() < 200, "no number written out in full: {message}");
    }
    let (_, message) = refusal(&default_model_with(|v| v["config"]["optimizer"]["beta2"] = json!(1e300)));
    assert_eq!(message, "`config.optimizer.beta2` must be a number from 0 to 0.999; it is 1e300.");
}

#[test]
fn a_model_file_s_custom_points_are_no_more_than_a_generated_set_s() {
    let max = neuralscope_engine::limits::N_POINTS.1;
    let points =
        |n: usize| json!((0..n).map(|i| json!({"x1": 0.0, "x2": 0.0, "label": if i % 2 == 0 { 1.0 } else { -1.0 }})).collect::<Vec<_>>());
    let with = |n: usize| {
        default_model_with(move |v| {
            v["config"]["data"]["kind"] = json!("Custom");
            v["config"]["data"]["custom"] = json!({"task": {"Classification": {"n_classes": 2}}, "points": points(n)});
        })
    };
    assert!(ModelFile::from_json(&with(max)).is_ok());
    let (field, message) = refusal(&with(max + 1));
    assert_eq!(field, "config.data.custom.points");
    assert_eq!(message, format!("`config.data.custom.points` has {} points; it needs 1 to {max}.", max + 1));
}

#[test]
fn a_model_file_s_epoch_count_cannot_overflow() {
    let (field, message) = refusal(&default_model_with(|v| v["epoch"] = json!(u64::MAX)));
    assert_eq!(field, "epoch");
    assert!(message.contains("`epoch`"), "{message}");
    let most = neuralscope_engine::limits::EPOCHS;
    let mut t = ModelFile::from_json(&default_model_with(|v| v["epoch"] = json!(most))).unwrap().to_trainer().unwrap();
    t.train_epochs(1).unwrap();
    assert_eq!(t.epoch(), most + 1);
}
