//! The lessons as the playground opens and links them: a lesson's setup as
//! the playground's settings, the address of an open lesson (`#lesson=3&…`),
//! and what the goal checks read from the playground's session.

use super::session::Session;
use super::state::Settings;
use super::state::{GROUPS, TABLE};
use crate::ui::lessons::format::Rules;
use crate::ui::lessons::goals::{has_norm_or_skip, Snapshot};
use crate::ui::lessons::table::Lesson;
use crate::ui::lessons::{is_conv, lesson_in_hash};
use crate::ui::url;

/// The keys a lesson's `setting` check may name: the playground link's, but `hide` and the stop targets.
fn setting_keys() -> Vec<&'static str> {
    TABLE.rows.iter().map(|r| r.key).filter(|k| *k != "hide" && !k.starts_with("stop")).collect()
}

/// What the playground accepts of a lesson (its link, its groups, its settings).
pub static RULES: Rules = Rules {
    link: |link| Settings::from_hash(&format!("#{link}")).1,
    groups: &GROUPS,
    setting_keys,
    setting_ok: |key, value| TABLE.rows.iter().find(|r| r.key == key).is_some_and(|r| r.set(&mut Settings::default(), value)),
    lab_setting_keys: crate::ui::lab_settings::setting_keys,
    lab_setting_ok: crate::ui::lab_settings::setting_ok,
};

/// A lesson's starting settings as link pairs: its link, with its hidden groups as `hide=`.
fn lesson_pairs(l: &Lesson) -> Vec<(String, String)> {
    let mut pairs = url::parse_pairs(&format!("#{}", l.link.trim_start_matches('#')));
    pairs.retain(|(k, _)| k != "hide");
    let hide = l.hidden_groups(&GROUPS);
    if !hide.is_empty() {
        pairs.push(("hide".into(), hide.join(",")));
    }
    pairs
}

/// The playground's settings a lesson starts from.
pub fn lesson_settings(l: &Lesson) -> Settings {
    Settings::from_hash(&format!("#{}", url::join_pairs(lesson_pairs(l).iter().map(|(k, v)| (k.as_str(), v.clone()))))).0
}

/// The playground's settings for a hash: a lesson's setup with the address's
/// own fields over it (a link keeps what the teacher changed), or the plain
/// [`Settings::from_hash`]. The second value names the fields that fell back,
/// a bad lesson number among them.
pub fn settings_from_hash(hash: &str) -> (Settings, Vec<String>) {
    let lesson = lesson_in_hash(hash, &RULES);
    let rest: Vec<(String, String)> = url::parse_pairs(hash).into_iter().filter(|(k, _)| k != "lesson").collect();
    let rest_hash = url::join_pairs(rest.iter().map(|(k, v)| (k.as_str(), v.clone())));
    match lesson {
        Ok(Some(l)) => {
            if is_conv(l) {
                return Settings::from_hash(&rest_hash);
            }
            // the lesson's pairs, in their order, overridden by the address's
            let mut pairs = lesson_pairs(l);
            for (k, v) in &rest {
                match pairs.iter_mut().find(|(pk, _)| pk == k) {
                    Some(p) => p.1 = v.clone(),
                    None => pairs.push((k.clone(), v.clone())),
                }
            }
            Settings::from_hash(&url::join_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.clone()))))
        }
        Ok(None) => Settings::from_hash(hash),
        Err(e) => {
            let (s, mut bad) = Settings::from_hash(&rest_hash);
            bad.insert(0, e);
            (s, bad)
        }
    }
}

/// The hash the playground writes: its settings, after the lesson if one is open.
pub fn hash_with_lesson(lesson: Option<&Lesson>, settings_hash: &str) -> String {
    match lesson {
        Some(l) => format!("lesson={}&{settings_hash}", l.code),
        None => settings_hash.to_string(),
    }
}

/// What the goal checks read from a playground session. `seen` is the epoch
/// of the newest history entry already read (reset when a run restarts).
pub fn snapshot(s: &Session, seen: &mut Option<u64>, compared: bool, page: &Settings) -> Snapshot {
    let t = &s.trainer;
    if seen.is_some_and(|e| t.epoch() < e) {
        *seen = None;
    }
    let new_history = t.history_after(*seen).to_vec();
    if let Some(h) = new_history.last() {
        *seen = Some(h.epoch);
    }
    let stats = t.last_stats();
    let c = t.config();
    Snapshot {
        data: Some(c.data.kind),
        n_points: c.data.n_points,
        epoch: t.epoch(),
        train_accuracy: stats.train_accuracy,
        test_accuracy: stats.test_accuracy,
        train_loss: stats.train_loss,
        test_loss: stats.test_loss,
        new_history,
        hidden: c.hidden.iter().map(|h| h.activation).collect(),
        norm_or_skip: has_norm_or_skip(c),
        regularization_rate: if c.regularization.kind == crate::engine::math::optimizer::RegularizationKind::None {
            0.0
        } else {
            c.regularization.rate
        },
        stopped: s.stopped(),
        compared,
        conv_accuracy: None,
        settings: url::parse_pairs(&page.to_hash()),
        lab: leptos::prelude::Get::get(&crate::ui::lessons::labs::readings()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::dense::trainer::Trainer;
    use crate::ui::lessons::compare::{compare_batches, Run};
    use crate::ui::lessons::format::*;
    use crate::ui::lessons::goals::has_norm_or_skip;
    use crate::ui::lessons::lesson_in_hash;
    use crate::ui::lessons::table::builtin;
    use serde_json::Value;

    // the lessons' own tests that need the playground's settings (the lessons do not import the playground)

    #[test]
    fn a_bad_lesson_number_is_refused_in_plain_words() {
        for bad_n in ["0", "99", "abc", "-1", ""] {
            let bad = lesson_in_hash(&format!("#lesson={bad_n}&lr=0.1"), &RULES).unwrap_err();
            assert!(bad.starts_with("lesson (there is no lesson") && bad.contains(&format!("1 to {}", builtin().len())), "{bad:?}");
        }
        assert_eq!(lesson_in_hash("#lesson=9", &RULES).map(|l| l.and_then(|l| l.number)), Ok(Some(9)));
        assert_eq!(lesson_in_hash("#lr=1", &RULES), Ok(None));
        assert!(is_conv(&builtin()[8]) && !is_conv(&builtin()[2]));
        let bad = lesson_in_hash("#lesson=AAAAAAAAAAAAAAAAAAAAAAAAA", &RULES).unwrap_err();
        assert!(bad.starts_with("lesson (the lesson in this link cannot be opened: the lesson code is not a lesson"), "{bad}");
        let code = builtin()[2].file.to_code();
        let l = lesson_in_hash(&format!("#lesson={code}"), &RULES).unwrap().unwrap();
        assert_eq!((l.number, &l.file), (None, &builtin()[2].file));
        assert!(std::ptr::eq(l, lesson_in_hash(&format!("#lesson={code}"), &RULES).unwrap().unwrap()), "read once");
    }

    /// Layer norm alone is not a cure the lesson names (batch norm and skips are).
    #[test]
    fn layer_norm_is_not_norm_or_skip() {
        use crate::engine::dense::norm::{LayerOptions, NormKind};
        let mut c = lesson_settings(&builtin()[7]).cfg;
        assert!(!has_norm_or_skip(&c));
        for i in 0..c.hidden.len() {
            c.set_layer_option(i, LayerOptions { norm: NormKind::Layer, skip: false });
        }
        assert!(!has_norm_or_skip(&c));
        c.set_layer_option(0, LayerOptions { norm: NormKind::Batch, skip: false });
        assert!(has_norm_or_skip(&c));
    }

    #[test]
    fn every_lesson_builds() {
        assert_eq!(builtin().len(), 14);
        for (i, l) in builtin().iter().enumerate() {
            assert_eq!(crate::ui::lessons::format::validate(l, &RULES), Ok(()), "lesson {}", i + 1);
            if l.view == crate::ui::lessons::format::LessonView::Playground {
                assert!(Trainer::<f32>::build(&lesson_settings(l).cfg).is_ok(), "lesson {}", i + 1);
            }
        }
    }

    #[test]
    fn three_runs_from_the_same_start_and_stochastic_falls_fastest_per_epoch() {
        let cfg = lesson_settings(&builtin()[5]).cfg;
        let runs = compare_batches(&cfg, 30);
        assert_eq!(runs.len(), 3);
        assert_eq!(runs[0].batch, 100);
        assert_eq!(runs[0].losses[0], runs[2].losses[0], "same starting weights");
        assert!(runs.iter().all(|r| r.losses.len() == 31));
        let at = |r: &Run| r.losses[30].1;
        assert!(at(&runs[2]) < at(&runs[1]) && at(&runs[1]) < at(&runs[0]), "{} {} {}", at(&runs[0]), at(&runs[1]), at(&runs[2]));
    }

    fn typical() -> LessonFile {
        LessonFile {
            version: VERSION,
            title: "A circle needs a hidden layer".into(),
            menu: String::new(),
            goal: "Press play and watch the boundary bend round the circle. The goal is 90 % test accuracy.".into(),
            met: "Reached. Four tanh neurons draw four lines; together they enclose the circle.".into(),
            first_part: None,
            view: LessonView::Playground,
            link: "data=Circle&noise=10&layers=4&acts=Tanh&lr=0.03&speed=5".into(),
            hide: vec!["features".into(), "advanced".into()],
            lines: false,
            grad_health: false,
            check: vec![Check::TestAccuracy { at_least: 0.9 }],
        }
    }

    #[test]
    fn a_typical_lesson_round_trips_through_a_short_link() {
        let l = typical();
        assert_eq!(validate(&l, &RULES), Ok(()));
        let code = l.to_code();
        println!("a typical lesson's code: {} characters", code.len());
        assert!(code.len() < 500, "{}", code.len());
        assert_eq!(from_code(&code, &RULES), Ok(l.clone()));
        assert_eq!(read(&l.to_json(), &RULES), Ok(l));
    }

    #[test]
    fn bad_lessons_are_refused_naming_the_field() {
        let json = |f: &dyn Fn(&mut Value)| {
            let mut v = serde_json::to_value(typical()).unwrap();
            f(&mut v);
            read(&v.to_string(), &RULES).unwrap_err().to_string()
        };
        let e = json(&|v| v["chek"] = Value::from(1));
        assert!(e.contains("unknown field `chek`"), "{e}");
        let e = json(&|v| v["check"][0]["test_accuracy"]["at_least"] = Value::from(7));
        assert!(e.starts_with("check[0].at_least: is 7"), "{e}");
        let e = json(&|v| v["check"][0]["test_accuracy"]["at_least"] = Value::from("lots"));
        assert!(e.starts_with("check[0]: the value is of the wrong kind (invalid type"), "{e}");
        let e = json(&|v| v["check"][0] = serde_json::json!({"run_script": {"src": "x"}}));
        assert!(e.starts_with("check[0]: unknown value `run_script`, expected one of `test_accuracy`"), "{e}");
        let e = json(&|v| v["title"] = Value::from(5));
        assert!(e.starts_with("title: the value is of the wrong kind (invalid type"), "{e}");
        let e = json(&|v| v["title"] = Value::from(""));
        assert!(e.starts_with("title: is empty"), "{e}");
        let e = json(&|v| v["hide"] = serde_json::json!(["features", "everything"]));
        assert!(e.starts_with("hide[1]:") && e.contains("everything"), "{e}");
        let e = json(&|v| v["link"] = Value::from("lr=-4&bogus=1"));
        assert!(e.starts_with("link: not read as written") && e.contains("lr") && e.contains("bogus"), "{e}");
        let e = json(&|v| v["check"] = serde_json::json!([{"setting": {"key": "acts", "value": "Magic"}}]));
        assert!(e.starts_with("check[0].value:"), "{e}");
        let e = json(&|v| v["check"] = serde_json::json!([{"test_loss": {"below": 0.01, "within_epochs": 0}}]));
        assert!(e.starts_with("check[0].within_epochs: is 0"), "{e}");
        let e = json(&|v| v["version"] = Value::from(2));
        assert!(e.starts_with("version: is 2"), "{e}");
        assert!(read("<script>alert(1)</script>", &RULES).unwrap_err().to_string().starts_with("the file is not JSON"));
        assert!(from_code("not a lesson!", &RULES).is_err());
        assert!(from_code(&base64url(b"\x00\x01garbage"), &RULES).is_err());
    }

    #[test]
    fn a_lesson_link_opens_its_setup_and_keeps_the_links_own_fields() {
        let (s, bad) = settings_from_hash("#lesson=3");
        assert!(bad.is_empty(), "{bad:?}");
        let three = &crate::ui::lessons::table::builtin()[2];
        assert_eq!(s, lesson_settings(three));
        assert_eq!(s.hide, vec!["sliders", "features", "layers", "regularization", "advanced"], "the lesson's hidden groups");
        let (s, bad) = settings_from_hash("#lesson=3&lr=0.1&seed=7");
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!((s.cfg.learning_rate, s.cfg.seed, s.cfg.hidden.len()), (0.1, 7, 1));
        // what the page writes reads back the same
        let back = settings_from_hash(&format!("#{}", hash_with_lesson(Some(three), &s.to_hash())));
        assert_eq!(back, (s, vec![]));
    }

    #[test]
    fn a_bad_lesson_number_falls_back_with_a_notice_and_keeps_the_rest() {
        for bad_n in ["0", "99", "abc", "-1", ""] {
            let (s, bad) = settings_from_hash(&format!("#lesson={bad_n}&lr=0.1"));
            assert_eq!(s.cfg.learning_rate, 0.1, "the other fields apply");
            assert_eq!(bad.len(), 1, "{bad:?}");
            assert!(bad[0].starts_with("lesson (there is no lesson") && bad[0].contains(&format!("1 to {}", builtin().len())), "{bad:?}");
        }
    }

    fn second() -> LessonFile {
        LessonFile {
            title: "Spirals need depth".into(),
            goal: "Add a second hidden layer and press play: reach 80 % test accuracy.".into(),
            met: "Two layers fold the plane twice.".into(),
            link: "data=Spiral&layers=6,6&acts=Tanh&lr=0.03".into(),
            hide: vec!["features".into()],
            check: vec![Check::Setting { key: "acts".into(), value: "Relu".into() }],
            ..typical()
        }
    }

    fn sequence() -> SequenceFile {
        SequenceFile { version: VERSION, title: "Shapes, then depth".into(), lessons: vec![typical(), second()] }
    }

    #[test]
    fn a_sequence_round_trips_through_a_short_link_and_a_file() {
        let s = sequence();
        let code = s.to_code();
        println!("a two-lesson sequence's code: {} characters", code.len());
        assert!(code.len() < 900, "{}", code.len());
        assert_eq!(any_from_code(&code, &RULES), Ok(Lessons::Sequence(s.clone())));
        assert_eq!(read_any(&s.to_json(), &RULES), Ok(Lessons::Sequence(s.clone())));
        // a lesson alone still reads as it did, by both readers
        let one = typical();
        assert_eq!(read_any(&one.to_json(), &RULES), Ok(Lessons::One(one.clone())));
        assert_eq!(any_from_code(&one.to_code(), &RULES), Ok(Lessons::One(one.clone())));
        assert_eq!(from_code(&one.to_code(), &RULES), Ok(one));
    }

    #[test]
    fn a_sequence_link_opens_the_lesson_it_names_with_its_settings() {
        let code = sequence().to_code();
        let first = lesson_in_hash(&format!("#lesson={code}"), &RULES).unwrap().unwrap();
        let p = first.sequence.as_ref().unwrap();
        assert_eq!((p.index, p.count(), p.title.as_str(), first.code.clone()), (1, 2, "Shapes, then depth", format!("{code}.1")));
        assert_eq!(p.menu, vec!["A circle needs a hidden layer", "Spirals need depth"]);
        let two = lesson_in_hash(&format!("#lesson={code}.2"), &RULES).unwrap().unwrap();
        assert_eq!((two.number, &two.file, two.sequence.as_ref().map(|p| p.index)), (None, &second(), Some(2)));
        assert!(std::ptr::eq(first, lesson_in_hash(&format!("#lesson={code}.1"), &RULES).unwrap().unwrap()), "read once");
        // lesson 2's own start and hidden controls; what the page writes reads back the same
        let (s, bad) = settings_from_hash(&format!("#lesson={code}.2"));
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!((s.cfg.hidden.len(), s.hide.clone()), (2, vec!["features"]));
        let back = settings_from_hash(&format!("#{}", hash_with_lesson(Some(two), &s.to_hash())));
        assert_eq!(back, (s, vec![]));
        // a place the sequence does not have, and a lesson alone has only place 1
        for bad in [format!("{code}.3"), format!("{code}.0"), format!("{code}.x")] {
            let e = lesson_in_hash(&format!("#lesson={bad}"), &RULES).unwrap_err();
            assert!(e.starts_with("lesson (the lesson in this link cannot be opened: "), "{e}");
            assert!(e.contains("no lesson 3 in it; it holds 2 lessons") || e.contains("is not a lesson's place"), "{e}");
        }
        let one = typical().to_code();
        assert_eq!(lesson_in_hash(&format!("#lesson={one}.1"), &RULES).unwrap().unwrap().file, typical());
        assert!(lesson_in_hash(&format!("#lesson={one}.2"), &RULES).unwrap_err().contains("no lesson 2 in it; it holds 1 lesson)"));
    }

    #[test]
    fn bad_sequences_are_refused_naming_the_lesson_and_the_field() {
        let json = |f: &dyn Fn(&mut Value)| {
            let mut v = serde_json::to_value(sequence()).unwrap();
            f(&mut v);
            read_any(&v.to_string(), &RULES).unwrap_err().to_string()
        };
        let e = json(&|v| v["lessons"][1]["check"][0] = serde_json::json!({"test_accuracy": {"at_least": 7}}));
        assert!(e.starts_with("lesson 2 of 2: check[0].at_least: is 7"), "{e}");
        let e = json(&|v| v["lessons"][0]["chek"] = Value::from(1));
        assert!(e.starts_with("lesson 1 of 2: unknown field `chek`"), "{e}");
        let e = json(&|v| v["lessons"][1]["title"] = Value::from(""));
        assert!(e.starts_with("lesson 2 of 2: title: is empty"), "{e}");
        let e = json(&|v| v["lessons"][1]["link"] = Value::from("lr=-4"));
        assert!(e.starts_with("lesson 2 of 2: link: not read as written"), "{e}");
        let e = json(&|v| v["lessons"][0]["check"][0] = serde_json::json!({"run_script": {"src": "x"}}));
        assert!(e.starts_with("lesson 1 of 2: check[0]: unknown value `run_script`"), "{e}");
        let e = json(&|v| v["script"] = Value::from("alert(1)"));
        assert!(e.starts_with("unknown field `script`"), "{e}");
        let e = json(&|v| v["title"] = Value::from(""));
        assert!(e.starts_with("title: is empty"), "{e}");
        let e = json(&|v| v["title"] = Value::from(3));
        assert!(e.starts_with("title: is not a text"), "{e}");
        let e = json(&|v| v["version"] = Value::from(2));
        assert!(e.starts_with("version: is 2"), "{e}");
        let e = json(&|v| {
            v.as_object_mut().unwrap().remove("version");
        });
        assert!(e.starts_with("missing field `version`"), "{e}");
        let e = json(&|v| v["lessons"] = serde_json::json!([]));
        assert!(e.starts_with(&format!("lessons: has 0 lessons; 1 to {MAX_SEQUENCE}")), "{e}");
        let e = json(&|v| v["lessons"] = Value::from("all of them"));
        assert!(e.starts_with("lessons: is not a list"), "{e}");
        let e = json(&|v| v["lessons"] = Value::Array(vec![serde_json::to_value(typical()).unwrap(); MAX_SEQUENCE + 1]));
        assert!(e.starts_with(&format!("lessons: has {} lessons", MAX_SEQUENCE + 1)), "{e}");
        // a link cannot carry a huge sequence: its code is refused before it is inflated
        let huge = "A".repeat(MAX_CODE_CHARS + 1);
        assert!(any_from_code(&huge, &RULES).unwrap_err().to_string().contains(&format!("at most {MAX_CODE_CHARS} are read")));
    }
}
