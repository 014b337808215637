//! The labs' settings a lab lesson's `setting` check may name, read from the
//! labs' own tables (the lessons do not import the labs: the labs import the
//! lessons; the playground hands these to the lesson format's `Rules`).

use crate::engine::math::optimizer::OptimizerKind;
use crate::engine::rnn::task::Task;
use crate::ui::lessons::format::LessonView;
use crate::ui::settings::{self, Table, Value};

/// A lab's rows a `setting` check may name: numbers in their domain, and the texts
/// whose values are known here (task, optimizer, seed, denoise, odd).
fn checkable<S>(table: &'static Table<S>) -> Vec<&'static str> {
    table
        .rows
        .iter()
        .filter(|r| matches!(r.value, Value::Number(..)) || TEXTS.contains(&r.key))
        .map(|r| r.key)
        .filter(|k| *k != "hide" && !k.starts_with("stop"))
        .collect()
}

const TEXTS: [&str; 5] = ["task", "optimizer", "seed", "denoise", "odd"];

/// The keys a lab lesson's `setting` check may name (none for the playground: its own rules name them).
pub fn setting_keys(view: LessonView) -> Vec<&'static str> {
    match view {
        LessonView::Playground => Vec::new(),
        LessonView::Conv => checkable(&crate::ui::conv_lab::TABLE),
        LessonView::Rnn => checkable(&crate::ui::rnn::controls::TABLE),
        LessonView::Autoencoder => checkable(&crate::ui::autoencoder::controls::TABLE),
    }
}

fn value_ok<S>(table: &'static Table<S>, key: &str, v: &str) -> bool {
    table.rows.iter().find(|r| r.key == key).is_some_and(|r| match r.value {
        Value::Number(d, ..) => d.parse(v).is_some(),
        Value::Text(..) => match key {
            "task" => settings::offered_enum(v, Task::all()).is_some(),
            "optimizer" => settings::offered_enum(v, OptimizerKind::all()).is_some(),
            "seed" => v.parse::<u64>().is_ok(),
            "denoise" | "odd" => settings::flag(v).is_some(),
            _ => false,
        },
    })
}

/// Whether `value` is a value of a lab's setting `key` (one of [`setting_keys`]).
pub fn setting_ok(view: LessonView, key: &str, value: &str) -> bool {
    setting_keys(view).contains(&key)
        && match view {
            LessonView::Playground => false,
            LessonView::Conv => value_ok(&crate::ui::conv_lab::TABLE, key, value),
            LessonView::Rnn => value_ok(&crate::ui::rnn::controls::TABLE, key, value),
            LessonView::Autoencoder => value_ok(&crate::ui::autoencoder::controls::TABLE, key, value),
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::lessons::format::{read, Rules};

    /// The lesson format's rules with the labs' settings and no playground at all.
    static LABS: Rules = Rules {
        link: |_| Vec::new(),
        groups: &[],
        setting_keys: Vec::new,
        setting_ok: |_, _| false,
        lab_setting_keys: setting_keys,
        lab_setting_ok: setting_ok,
    };

    #[test]
    fn lab_setting_checks_know_their_keys_and_values() {
        assert!(setting_ok(LessonView::Rnn, "task", "echo") && !setting_ok(LessonView::Rnn, "task", "Tetris"));
        assert!(setting_ok(LessonView::Rnn, "k", "12") && !setting_ok(LessonView::Rnn, "k", "7"));
        assert!(setting_ok(LessonView::Autoencoder, "code", "8") && setting_ok(LessonView::Autoencoder, "denoise", "1"));
        assert!(!setting_keys(LessonView::Rnn).contains(&"hide") && !setting_keys(LessonView::Rnn).contains(&"stop_loss"));
    }

    #[test]
    fn a_lab_lesson_is_validated_as_strictly_as_a_playground_one() {
        let lesson = |view: &str, link: &str, check: &str| {
            format!(r#"{{"version":1,"title":"t","goal":"g","met":"m","view":"{view}","link":"{link}","check":[{check}]}}"#)
        };
        let ok = read(&lesson("rnn", "", r#"{"gradient_reach":{"steps_back":12,"below":0.001}}"#), &LABS);
        assert!(ok.is_ok(), "{ok:?}");
        let err = |v, l, c| read(&lesson(v, l, c), &LABS).unwrap_err().to_string();
        assert!(err("rnn", "", r#"{"test_accuracy":{"at_least":0.9}}"#)
            .starts_with("check[0]: test_accuracy is a check of the playground view"));
        assert!(err("playground", "", r#"{"codes_separate":{"at_least":0.9}}"#).contains("a check of the autoencoder view"));
        assert!(err("autoencoder", "code=2", r#"{"codes_separate":{"at_least":0.9}}"#).starts_with("link: "));
        assert!(err("autoencoder", "", r#"{"codes_separate":{"at_least":9}}"#).starts_with("check[0].at_least: is 9"));
        assert!(err("rnn", "", r#"{"setting":{"key":"tasks","value":"echo"}}"#)
            .starts_with("check[0].key: “tasks” is no setting of the rnn view"));
        assert!(err("rnn", "", r#"{"setting":{"key":"k","value":"7"}}"#).starts_with("check[0].value: “7” is not a value of k"));
        assert!(err("conv", "", r#"{"receptive_field":{"at_least":3,"script":1}}"#).contains("unknown field `script`"));
        let e = err("lab", "", r#"{"receptive_field":{"at_least":3}}"#);
        assert!(e.contains("unknown value `lab`"), "{e}");
    }
}
