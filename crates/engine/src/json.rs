//! A small, strict JSON reader producing `serde_json::Value`, used to load
//! model files. It exists for one reason: serde_json (without its
//! `float_roundtrip` feature, which this crate does not enable) may parse a
//! 17-digit float one unit in the last place off, so weights would not
//! round-trip exactly. Here every float is parsed with Rust's correctly
//! rounded `str::parse::<f64>`, and `serde_json` (which prints the shortest
//! round-tripping form) writes them, so save → load is bit-exact.

use serde_json::{Map, Number, Value};

/// Numbers that are not finite f64 (`1e999`, and the non-standard `NaN`,
/// `Infinity`, `-Infinity` some writers emit) are not syntax errors: they
/// become the string `NONFINITE_PREFIX + token`, so the model-file loader can
/// name the field that holds them.
pub const NONFINITE_PREFIX: &str = "\u{0}nonfinite:";

/// Whether a value is a non-finite number read by [`parse`]; returns its token.
pub fn nonfinite_token(v: &Value) -> Option<&str> {
    v.as_str().and_then(|s| s.strip_prefix(NONFINITE_PREFIX))
}

/// A syntax error with its 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based, in characters).
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

/// Parses a JSON text (one value, surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser { s: text.as_bytes(), i: 0, text };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("unexpected characters after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl<'a> Parser<'a> {
    fn err(&self, msg: &str) -> JsonError {
        let before = &self.text[..self.i.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        JsonError { line, column, message: msg.to_string() }
    }
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn lit(&mut self, word: &str, v: Value) -> Result<Value, JsonError> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("unexpected word (expected true, false or null)"))
        }
    }
    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > 128 {
            return Err(self.err("nesting too deep"));
        }
        match self.peek() {
            None => Err(self.err("unexpected end of input")),
            Some(b'{') => {
                self.i += 1;
                let mut map = Map::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Value::Object(map));
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(self.err("expected a quoted key"));
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.peek() != Some(b':') {
                        return Err(self.err("expected ':'"));
                    }
                    self.i += 1;
                    self.ws();
                    let v = self.value(depth + 1)?;
                    map.insert(k, v);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Value::Object(map));
                        }
                        _ => return Err(self.err("expected ',' or '}'")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut v = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(Value::Array(v));
                }
                loop {
                    self.ws();
                    v.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Value::Array(v));
                        }
                        _ => return Err(self.err("expected ',' or ']'")),
                    }
                }
            }
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.lit("true", Value::Bool(true)),
            Some(b'f') => self.lit("false", Value::Bool(false)),
            Some(b'n') => self.lit("null", Value::Null),
            Some(b'N') => self.lit("NaN", Value::String(format!("{NONFINITE_PREFIX}NaN"))),
            Some(b'I') => self.lit("Infinity", Value::String(format!("{NONFINITE_PREFIX}Infinity"))),
            Some(b'-') if self.s[self.i..].starts_with(b"-Infinity") => {
                self.lit("-Infinity", Value::String(format!("{NONFINITE_PREFIX}-Infinity")))
            }
            Some(c) if c == b'-' || c.is_ascii_digit() => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.i;
        let mut float = false;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.i += 1;
            }
            p.i - s
        };
        if digits(self) == 0 {
            return Err(self.err("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            float = true;
            if digits(self) == 0 {
                return Err(self.err("invalid number: digits expected after '.'"));
            }
        }
        if matches!(self.peek(), Some(b'e') | Some(b'E')) {
            self.i += 1;
            float = true;
            if matches!(self.peek(), Some(b'+') | Some(b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("invalid number: digits expected in the exponent"));
            }
        }
        let tok = &self.text[start..self.i];
        if !float {
            if let Ok(u) = tok.parse::<u64>() {
                return Ok(Value::Number(u.into()));
            }
            if let Ok(i) = tok.parse::<i64>() {
                return Ok(Value::Number(i.into()));
            }
        }
        let f: f64 = tok.parse().map_err(|_| self.err("invalid number"))?;
        Ok(Number::from_f64(f).map_or_else(|| Value::String(format!("{NONFINITE_PREFIX}{tok}")), Value::Number))
    }
    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.peek().is_some_and(|c| c != b'"' && c != b'\\' && c >= 0x20) {
                self.i += 1;
            }
            out.push_str(&self.text[start..self.i]);
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.peek().ok_or_else(|| self.err("unterminated escape"))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                if !self.s[self.i..].starts_with(b"\\u") {
                                    return Err(self.err("unpaired surrogate"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("invalid low surrogate"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(cp).ok_or_else(|| self.err("invalid \\u escape"))?);
                        }
                        _ => return Err(self.err("invalid escape")),
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let h = self.s.get(self.i..self.i + 4).ok_or_else(|| self.err("short \\u escape"))?;
        let s = std::str::from_utf8(h).map_err(|_| self.err("invalid \\u escape"))?;
        let v = u32::from_str_radix(s, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn floats_round_trip_exactly() {
        let mut r = Rng::new(5);
        let xs: Vec<f64> = (0..20_000)
            .map(|i| match i % 3 {
                0 => r.normal(),
                1 => r.uniform() * 1e-7,
                _ => f64::from_bits(r.next_u64() >> 2),
            })
            .collect();
        let text = serde_json::to_string(&xs).unwrap();
        let back: Vec<f64> = serde_json::from_value(parse(&text).unwrap()).unwrap();
        assert!(xs.iter().zip(&back).all(|(a, b)| a.to_bits() == b.to_bits()));
    }

    #[test]
    fn values_and_errors() {
        let v = parse(r#" {"a": [1, -2, 3.5e2, true, null, "x\n\u00e9\ud83d\ude00"], "b": {}} "#).unwrap();
        assert_eq!(v["a"][0], Value::from(1u64));
        assert_eq!(v["a"][1], Value::from(-2i64));
        assert_eq!(v["a"][2], Value::from(350.0));
        assert_eq!(v["a"][5], Value::from("x\né😀"));
        let v = parse("{\n \"a\": 1e999, \"b\": [NaN, -Infinity]}").unwrap();
        assert_eq!(nonfinite_token(&v["a"]), Some("1e999"));
        assert_eq!(nonfinite_token(&v["b"][1]), Some("-Infinity"));
        let e = parse("{\n \"a\": x}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 7));
        assert!(parse("[1,]").is_err());
        assert!(parse("{\"a\" 1}").is_err());
        assert!(parse("[1] x").is_err());
    }
}
