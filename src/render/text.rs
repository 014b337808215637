//! Numbers as the page's panels and charts write them, by the one rule of
//! [`number`](crate::engine::text::number).

/// A loss as the page shows it: the page's one rule for numbers
/// ([`number`](crate::engine::text::number)) with four decimals, so a huge one is
/// `1.2e12` and one that overflowed says so in words, never `inf` or `NaN`.
pub fn fmt_loss(v: f64) -> String {
    crate::engine::text::number(v, 4)
}

thread_local! {
    static DECIMAL_COMMA: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the numbers drawn in canvases take a decimal comma (0,5): set once by
/// the page for its language (`ui::i18n::set_lang`), so renderers stay free of its words.
pub fn set_decimal_comma(on: bool) {
    DECIMAL_COMMA.with(|c| c.set(on));
}

/// A number written the English way with its separators swapped (`1,200.5` → `1.200,5`).
pub fn comma_decimal(en: &str) -> String {
    en.chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect()
}

/// A number written the English way as the canvases draw it ([`set_decimal_comma`]).
pub fn drawn(en: String) -> String {
    if DECIMAL_COMMA.with(std::cell::Cell::get) {
        comma_decimal(&en)
    } else {
        en
    }
}

/// A whole number with its thousands grouped: "3,100", "10,000".
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{fmt_loss, grouped};

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(
            (grouped(0), grouped(999), grouped(3100), grouped(10_000), grouped(1_234_567)),
            ("0".into(), "999".into(), "3,100".into(), "10,000".into(), "1,234,567".into())
        );
    }

    #[test]
    fn losses_read_as_numbers_or_say_they_overflowed() {
        assert_eq!(fmt_loss(0.12345), "0.1235");
        assert_eq!(fmt_loss(1.2345678e12), "1.2e12");
        assert_eq!(fmt_loss(f64::INFINITY), "overflowed");
        assert_eq!(fmt_loss(f64::NAN), "overflowed");
    }
}
