//! Reading JSON for model files and scenarios: serde_json with its
//! `float_roundtrip` feature (every float is read back bit for bit, so save →
//! load is exact), and serde_path_to_error to say where a number that is not
//! finite sits (`1e999`, or the non-standard `NaN`, `Infinity` some writers
//! emit), so the loader can name that field.

use serde_json::Value;

/// A syntax error with its 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {}, column {}", self.message, self.line, self.column)
    }
}

impl std::error::Error for JsonError {}

/// Why a text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Not JSON.
    Syntax(JsonError),
    /// A number that is not finite, at `path` (`layers[0].biases[2]`).
    NonFinite { path: String, token: String },
}

/// Parses one JSON value (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Value, ReadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v: Value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        classify(text, path, e.into_inner())
    })?;
    de.end().map_err(|e| classify(text, String::new(), e))?;
    Ok(v)
}

fn classify(text: &str, path: String, e: serde_json::Error) -> ReadError {
    let token = token_at(text, e.line(), e.column());
    let nonfinite =
        matches!(token.trim_start_matches(['-', '+']), "NaN" | "Infinity" | "inf") || token.parse::<f64>().is_ok_and(|v| !v.is_finite());
    if nonfinite && !path.is_empty() && path != "." {
        return ReadError::NonFinite { path, token };
    }
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
    ReadError::Syntax(JsonError { line: e.line(), column: e.column(), message })
}

/// The number-like word at (or just before) a 1-based line and column.
fn token_at(text: &str, line: usize, column: usize) -> String {
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else { return String::new() };
    let b = l.as_bytes();
    let is_tok = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.');
    let mut i = column.saturating_sub(1).min(b.len());
    if (i == b.len() || !is_tok(b[i])) && i > 0 && is_tok(b[i - 1]) {
        i -= 1;
    }
    if i >= b.len() || !is_tok(b[i]) {
        return String::new();
    }
    let (mut s, mut t) = (i, i);
    while s > 0 && is_tok(b[s - 1]) {
        s -= 1;
    }
    while t < b.len() && is_tok(b[t]) {
        t += 1;
    }
    l[s..t].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_round_trip_bit_for_bit() {
        for x in [0.1, 1.0 / 3.0, -2.5e-308, 1.7976931348623157e308, 0.30000000000000004, 123456.78901234567] {
            let text = serde_json::to_string(&serde_json::json!({ "w": [x] })).unwrap();
            let back = parse(&text).unwrap()["w"][0].as_f64().unwrap();
            assert_eq!(back.to_bits(), f64::to_bits(x), "{text}");
        }
    }

    #[test]
    fn non_finite_numbers_are_named_by_path_and_syntax_errors_by_place() {
        let e = parse("{\"a\": {\"b\": [1, 2, 1e999]}}").unwrap_err();
        assert_eq!(e, ReadError::NonFinite { path: "a.b[2]".into(), token: "1e999".into() });
        let e = parse("{\"lr\":\n  NaN}").unwrap_err();
        assert_eq!(e, ReadError::NonFinite { path: "lr".into(), token: "NaN".into() });
        let e = parse("{\"x\": -Infinity}").unwrap_err();
        assert!(matches!(e, ReadError::NonFinite { ref token, .. } if token == "-Infinity"), "{e:?}");
        let ReadError::Syntax(s) = parse("{\"a\": 1,").unwrap_err() else { panic!() };
        assert_eq!(s.line, 1);
        let ReadError::Syntax(s) = parse("{\"a\": 1} x").unwrap_err() else { panic!() };
        assert!(s.message.contains("trailing"), "{s}");
    }
}
