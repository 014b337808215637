//! URL state: the whole experiment lives in the address's hash as `key=value`
//! pairs, so a copied link reopens it. Parsing is per field: a malformed field
//! falls back to its default and is named in a notice; the rest still apply.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

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

    #[test]
    fn malformed_pieces_do_not_panic() {
        assert_eq!(parse_pairs("#%zz=%4"), vec![("%zz".into(), "%4".into())]);
        assert_eq!(parse_pairs("#&&k"), vec![("k".into(), String::new())]);
        assert_eq!(parse_pairs(""), vec![]);
    }
}
