//! Numbers as people read them: one rule for every message, readout and label,
//! the engine's and the page's (which uses it through `crate::engine::text`).

/// Magnitudes from this one up are written in scientific form.
const LARGE: f64 = 1e5;

/// `v` for reading: at most `decimals` decimals, trailing zeros dropped
/// ("0.1235", "0.5", "3"); in scientific form with two significant digits where
/// decimals would not do — from 100,000 up, or not zero but below the last
/// decimal ("2.4e30", "1e−7"); a true minus sign. A value that is not finite can
/// only come of an overflow (every input is checked finite), and says so:
/// "overflowed", never `NaN` or `inf`.
pub fn number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "overflowed".into();
    }
    let a = v.abs();
    let s = if a >= LARGE || (a > 0.0 && a < 10f64.powi(-(decimals as i32))) { scientific(v) } else { fixed(v, decimals) };
    s.replace('-', "−")
}

/// "2.4e30", "1e-7": two significant digits, a zero decimal dropped.
fn scientific(v: f64) -> String {
    format!("{v:.1e}").replace(".0e", "e")
}

/// At most `decimals` decimals without trailing zeros; never "-0".
fn fixed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn overflow_is_said_in_words() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(number(v, 2), "overflowed");
        }
    }

    #[test]
    fn huge_and_tiny_numbers_are_written_in_scientific_form() {
        assert_eq!(number(1e30, 2), "1e30");
        assert_eq!(number(2447253621856650841913087229952.0, 2), "2.4e30");
        assert_eq!(number(-1e308, 4), "−1e308");
        assert_eq!(number(123456.0, 2), "1.2e5");
        assert_eq!(number(1e-7, 2), "1e−7");
        assert_eq!(number(-0.0042, 2), "−4.2e−3");
        assert_eq!(number(0.00005, 4), "5e−5");
    }

    #[test]
    fn ordinary_numbers_keep_their_decimals_without_trailing_zeros() {
        assert_eq!(number(0.0, 2), "0");
        assert_eq!(number(-0.0, 2), "0");
        assert_eq!(number(-0.001, 2), "−1e−3");
        assert_eq!(number(0.30000000000000004, 2), "0.3");
        assert_eq!(number(-0.5, 2), "−0.5");
        assert_eq!(number(0.12345, 4), "0.1235");
        assert_eq!(number(0.5, 4), "0.5");
        assert_eq!(number(1234.4, 2), "1234.4");
        assert_eq!(number(99999.4, 0), "99999");
        assert_eq!(number(3.0, 1), "3");
        assert_eq!(number(2500.0, 0), "2500");
    }
}
