//! URL state: the whole experiment lives in the address's hash as `key=value`
//! pairs, so a copied link reopens it. Parsing is per field: a malformed field
//! falls back to its default and is named in a notice; the rest still apply.

use crate::ui::i18n::{fill, t};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The `key=value` pairs of a hash like `#view=conv&lr=0.03` (percent-decoded).
pub fn parse_pairs(hash: &str) -> Vec<(String, String)> {
    hash.trim_start_matches('#')
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(kv), String::new()),
        })
        .collect()
}

/// Joins pairs into a hash body (without the leading `#`).
pub fn join_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> String {
    pairs.into_iter().map(|(k, v)| format!("{k}={}", encode(&v))).collect::<Vec<_>>().join("&")
}

/// What a value keeps as is: letters, digits and `-_.~,` (lists stay readable:
/// `layers=4,2`); everything else is percent-encoded.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b',');

fn encode(s: &str) -> String {
    utf8_percent_encode(s, KEEP).to_string()
}

/// Percent-decodes, reading `+` as a space (as forms write it); a malformed
/// escape is kept as typed, invalid UTF-8 becomes U+FFFD.
fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// Serde name of an enum value, as links write it (`Activation::Relu` → `Relu`).
pub fn enum_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_string)).unwrap_or_default()
}

/// Parses an enum value from its serde name.
pub fn parse_enum<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// The views a link can name with `view=`, as written in the link.
pub const VIEWS: [&str; 5] = ["playground", "conv", "rnn", "autoencoder", "bench"];

/// The view a link opens and, when the link is odd about it, a note naming the
/// `view` key that says which view was opened: a key given more than once (the
/// last wins, as for every key), or a name that is no view (the playground opens).
pub fn view_choice(pairs: &[(String, String)]) -> (&'static str, Option<String>) {
    let given: Vec<&str> = pairs.iter().filter(|(k, _)| k == "view").map(|(_, v)| v.as_str()).collect();
    let Some(&last) = given.last() else { return ("playground", None) };
    let chosen = VIEWS.iter().copied().find(|v| *v == last);
    let opened = chosen.unwrap_or("playground");
    let note = match (given.len(), chosen) {
        (1, Some(_)) => None,
        (n, Some(v)) => Some(fill(t("view (given {n} times: the last, {v}, was opened)"), &[("n", &n), ("v", &v)])),
        (_, None) => Some(fill(t("view (no view is called \"{name}\": the playground was opened)"), &[("name", &shown_key(last))])),
    };
    (opened, note)
}

/// Keys given more than once (other than `view`, see [`view_choice`]), each
/// once, in link order, with how many times.
pub fn repeated_keys(pairs: &[(String, String)]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for (k, _) in pairs.iter().filter(|(k, _)| k != "view") {
        match out.iter_mut().find(|(seen, _)| seen == k) {
            Some((_, n)) => *n += 1,
            None => out.push((k.clone(), 1)),
        }
    }
    out.retain(|(_, n)| *n > 1);
    out
}

/// A key or value from a link as a notice may show it: at most 24 characters
/// (a longer one is cut, with "…"), control characters dropped. The notice is
/// text, never markup, so `<script>` shows as typed. An empty key shows as `""`.
pub fn shown_key(k: &str) -> String {
    let clean: String = k.chars().filter(|c| !c.is_control()).collect();
    if clean.is_empty() {
        "\"\"".to_string()
    } else if clean.chars().count() > 24 {
        format!("{}…", clean.chars().take(23).collect::<String>())
    } else {
        clean
    }
}

/// The current hash of the page (empty when unavailable).
pub fn read_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Replaces the hash without adding a history entry or scrolling.
pub fn write_hash(body: &str) {
    let Some(w) = web_sys::window() else { return };
    let url = format!("#{body}");
    if w.location().hash().ok().as_deref() == Some(url.as_str()) {
        return;
    }
    if let Ok(h) = w.history() {
        h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)).ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip_with_odd_characters() {
        let body = join_pairs([("a", "1,2".to_string()), ("b", "x y&z=%".to_string())]);
        assert_eq!(parse_pairs(&format!("#{body}")), vec![("a".into(), "1,2".into()), ("b".into(), "x y&z=%".into())]);
    }

    fn pairs(h: &str) -> Vec<(String, String)> {
        parse_pairs(h)
    }

    #[test]
    fn the_view_a_link_opens_and_what_it_says_about_it() {
        assert_eq!(view_choice(&pairs("#lr=1")), ("playground", None));
        assert_eq!(view_choice(&pairs("#view=conv")), ("conv", None));
        let (v, note) = view_choice(&pairs("#view=playground&view=conv"));
        assert_eq!((v, note.as_deref()), ("conv", Some("view (given 2 times: the last, conv, was opened)")));
        let (v, note) = view_choice(&pairs("#view=%3Cb%3E"));
        assert_eq!((v, note.as_deref()), ("playground", Some("view (no view is called \"<b>\": the playground was opened)")));
    }

    #[test]
    fn repeated_keys_are_counted_once_each() {
        assert_eq!(repeated_keys(&pairs("#lr=1&n=4&lr=2&view=a&view=b&lr=3")), vec![("lr".to_string(), 3)]);
        assert_eq!(shown_key(&"x".repeat(100)).chars().count(), 24);
        assert_eq!(shown_key("a\u{0}b"), "ab");
        assert_eq!(shown_key(""), "\"\"");
    }

    #[test]
    fn malformed_pieces_do_not_panic() {
        assert_eq!(parse_pairs("#%zz=%4"), vec![("%zz".into(), "%4".into())]);
        assert_eq!(parse_pairs("#&&k"), vec![("k".into(), String::new())]);
        assert_eq!(parse_pairs(""), vec![]);
    }
}
