//! Scenario files for the headless runner, and the shipped examples.

use neuralscope_engine::io::model_file::{ModelFile, ModelFileError};
use neuralscope_engine::io::scenario::Scenario;

#[test]
fn shipped_scenarios_parse_and_train() {
    for f in ["examples/xor_table.json", "examples/spiral.json"] {
        let text = std::fs::read_to_string(f).unwrap();
        let mut sc = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(sc.epochs > 0);
        sc.trainer.train_epochs(3).unwrap();
    }
}

#[test]
fn partial_config_is_merged_over_the_default() {
    let sc = Scenario::from_json(r#"{"epochs": 5, "config": {"data": {"kind": "Circle"}, "learning_rate": 0.1}}"#).unwrap();
    let c = sc.trainer.config();
    assert_eq!(c.learning_rate, 0.1);
    assert_eq!(c.data.n_points, 500); // from the default
    assert_eq!(sc.epochs, 5);
}

#[test]
fn model_weights_are_used_verbatim_and_continue_bit_identically() {
    let mut a = Scenario::from_json(r#"{"epochs": 1, "config": {"seed": 9}}"#).unwrap().trainer;
    a.train_epochs(4).unwrap();
    let model = ModelFile::from_trainer(&a).to_json();
    let b = Scenario::from_json(&format!("{{\"epochs\": 3, \"model\": {model}}}")).unwrap().trainer;
    assert_eq!(b.network(), a.network());
    assert_eq!(b.epoch(), 4);
}

#[test]
fn given_points_and_errors() {
    let sc = Scenario::from_json(
        r#"{"epochs": 1, "config": {"data": {"kind": "Custom", "custom": {"task": {"Classification": {"n_classes": 2}},
            "points": [{"x1": 1, "x2": 1, "label": 1}, {"x1": -1, "x2": -1, "label": -1}]}, "train_fraction": 1.0}}}"#,
    )
    .unwrap();
    assert_eq!(sc.trainer.dataset().train.len(), 2);
    let e = Scenario::from_json(r#"{"epochs": 1, "config": {"batch_size": 0}}"#).unwrap_err();
    assert!(matches!(&e, ModelFileError::Field { field, .. } if field == "config.batch_size"), "{e}");
    let e = Scenario::from_json(r#"{"config": {}}"#).unwrap_err();
    assert!(e.to_string().contains("epochs"));
    let e = Scenario::from_json(r#"{"epochs": 1, "config": {"learning_rate": "fast"}}"#).unwrap_err();
    assert!(matches!(&e, ModelFileError::Field { field, .. } if field == "config.learning_rate"), "{e}");
}
