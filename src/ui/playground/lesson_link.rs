//! The lessons as the playground opens and links them: a lesson's setup as
//! the playground's settings, the address of an open lesson (`#lesson=3&…`),
//! and what the goal checks read from the playground's session.

use super::session::Session;
use super::state::Settings;
use crate::ui::lessons::goals::{has_norm_or_skip, Snapshot};
use crate::ui::lessons::table::Lesson;
use crate::ui::lessons::{is_conv, lesson_in_hash};
use crate::ui::url;

/// A lesson's starting settings as link pairs: its link, with its hidden groups as `hide=`.
fn lesson_pairs(l: &Lesson) -> Vec<(String, String)> {
    let mut pairs = url::parse_pairs(&format!("#{}", l.link.trim_start_matches('#')));
    pairs.retain(|(k, _)| k != "hide");
    let hide = l.hidden_groups();
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
    let lesson = lesson_in_hash(hash);
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for bad_n in ["0", "10", "abc", "-1", ""] {
            let (s, bad) = settings_from_hash(&format!("#lesson={bad_n}&lr=0.1"));
            assert_eq!(s.cfg.learning_rate, 0.1, "the other fields apply");
            assert_eq!(bad.len(), 1, "{bad:?}");
            assert!(bad[0].starts_with("lesson (there is no lesson") && bad[0].contains("1 to 9"), "{bad:?}");
        }
    }
}
