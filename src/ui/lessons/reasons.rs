//! Why a lesson or a sequence was refused, in the page's language: the format's
//! [`Refusal`] (data) worded here, at the page's edge, as `ui::words` words the
//! engine's faults. Field paths, check names and keys stay as the file writes them.

use super::format::{Counted, Fault, Refusal, VERSION};
use crate::ui::i18n::{fill, t};
use crate::ui::words::{grouped_shown, num};

/// Why a lesson or sequence was refused, in the page's language ([`Refusal`]): "lesson 2 of 2: check[0].at_least: is 7; a fraction
/// from 0 to 1 (0.9 is 90 %)". Field paths, names and keys stay as the file writes them.
pub fn lesson_refusal(r: &Refusal) -> String {
    let why = lesson_fault(&r.fault);
    let why = if r.field.is_empty() { why } else { format!("{}: {why}", r.field) };
    match r.lesson {
        Some((k, n)) => fill(t("lesson {k} of {n}: {why}"), &[("k", &k), ("n", &n), ("why", &why)]),
        None => why,
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&lesson_refusal(self))
    }
}

/// What is wrong with a lesson's field ([`lesson_refusal`]).
fn lesson_fault(fault: &Fault) -> String {
    use Fault::*;
    let x = |v: &f64| num(&v.to_string());
    match fault {
        NotJson(e) => fill(t("the file is not JSON ({e})"), &[("e", e)]),
        NotObject => t("the file is not a lesson (not an object)").to_string(),
        UnknownField { name, expected } => {
            fill(t("unknown field `{name}`, expected one of {expected}"), &[("name", name), ("expected", expected)])
        }
        MissingField(name) => fill(t("missing field `{name}`"), &[("name", name)]),
        UnknownVariant { name, expected } => {
            fill(t("unknown value `{name}`, expected one of {expected}"), &[("name", name), ("expected", expected)])
        }
        WrongKind(e) => fill(t("the value is of the wrong kind ({e})"), &[("e", e)]),
        Version { got, sequence: false } => fill(t("is {got}; this page reads lessons of version {v}"), &[("got", got), ("v", &VERSION)]),
        Version { got, sequence: true } => fill(t("is {got}; this page reads sequences of version {v}"), &[("got", got), ("v", &VERSION)]),
        NotText => t("is not a text").to_string(),
        NotList => t("is not a list of lessons").to_string(),
        Count { got, most, of } => {
            let line = match of {
                Counted::Phases => t("has {n} phases; 1 to {most}"),
                Counted::Conditions => t("has {n} conditions; 1 to {most}"),
                _ => t("has {n} lessons; 1 to {most}"),
            };
            fill(line, &[("n", got), ("most", most)])
        }
        Empty => t("is empty; write a few words").to_string(),
        TooLong { got, most } => fill(t("is {n} characters long; at most {most}"), &[("n", got), ("most", most)]),
        Control => t("holds a control character; plain text only").to_string(),
        Fraction(v) => fill(t("is {x}; a fraction from 0 to 1 ({example} is 90 %)"), &[("x", &x(v)), ("example", &num("0.9"))]),
        Epochs { got, most } => fill(t("is {n}; from 1 to {most} epochs"), &[("n", got), ("most", &grouped_shown(*most))]),
        Loss(v) => fill(t("is {x}; a loss above 0, at most {most}"), &[("x", &x(v)), ("most", &grouped_shown(1_000_000))]),
        AboveZero(v) => fill(t("is {x}; a fraction above 0, at most 1"), &[("x", &x(v))]),
        Whole { got, most, unit } => {
            let line = match unit {
                Counted::Pixels => t("is {n}; from 1 to {most} input pixels"),
                Counted::Images => t("is {n}; from 1 to {most} images"),
                _ => t("is {n}; from 1 to {most}"),
            };
            fill(line, &[("n", got), ("most", most)])
        }
        WrongView { check, views, view } => fill(
            t("{check} is a check of the {views} view, not of {view}"),
            &[("check", check), ("views", &views.join(&format!(" {} ", t("or")))), ("view", view)],
        ),
        NoSetting { key, view: Some(view), keys } => fill(
            t("“{key}” is no setting of the {view} view's link; one of {keys}"),
            &[("key", key), ("view", view), ("keys", &keys.join(", "))],
        ),
        NoSetting { key, view: None, keys } => {
            fill(t("“{key}” is no setting of the playground's link; one of {keys}"), &[("key", key), ("keys", &keys.join(", "))])
        }
        NotValue { value, key } => fill(t("“{value}” is not a value of {key}"), &[("value", value), ("key", key)]),
        AllInAll => t("an “all” inside an “all”; list the conditions in one").to_string(),
        LinkNotRead(bad) => fill(t("not read as written: {why}"), &[("why", &bad.join("; "))]),
        LabLink { view: "conv" } => t("a convolution lesson opens the lab on its bars; leave link and hide empty").to_string(),
        LabLink { view } => {
            fill(t("a lesson of the {view} view opens the lab at its defaults; leave link and hide empty"), &[("view", view)])
        }
        UnknownGroup { name, groups } => fill(
            t("“{name}” is not a group of controls of this view; its groups are {groups}"),
            &[("name", name), ("groups", &groups.join(", "))],
        ),
        CodeTooLong { got, most } => {
            fill(t("the lesson code is {n} characters long; at most {most} are read"), &[("n", got), ("most", most)])
        }
        CodeBroken => t("the lesson code is not a lesson (it is cut short or changed)").to_string(),
        CodeNotText => t("the lesson code is not a lesson (not text)").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_lesson_refusal_is_worded_in_the_page_language_with_its_field_as_written() {
        let r = Refusal { lesson: Some((2, 3)), field: "check[0].at_least".into(), fault: Fault::Fraction(7.5) };
        assert_eq!(r.to_string(), "lesson 2 of 3: check[0].at_least: is 7.5; a fraction from 0 to 1 (0.9 is 90 %)");
        crate::ui::i18n::set_lang(crate::ui::i18n::Lang::De, false, crate::ui::i18n::Lang::De.source());
        assert_eq!(r.to_string(), "Lektion 2 von 3: check[0].at_least: ist 7,5; ein Anteil von 0 bis 1 (0,9 sind 90 %)");
        let view =
            Refusal::at("check[1]", Fault::WrongView { check: "test_accuracy".into(), views: vec!["playground", "rnn"], view: "conv" });
        assert_eq!(view.to_string(), "check[1]: test_accuracy ist eine Prüfung der Ansicht playground oder rnn, nicht von conv");
        crate::ui::i18n::set_lang(crate::ui::i18n::Lang::Es, false, crate::ui::i18n::Lang::Es.source());
        assert_eq!(Refusal::at("title", Fault::Empty).to_string(), "title: está vacío; escribe unas palabras");
        crate::ui::i18n::set_lang(crate::ui::i18n::Lang::En, false, "");
    }
}
