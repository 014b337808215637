//! Numbers as the page's panels and charts write them, by the one rule of
//! [`number`](crate::engine::text::number).

/// A loss as the page shows it: the page's one rule for numbers
/// ([`number`](crate::engine::text::number)) with four decimals, so a huge one is
/// `1.2e12` and one that overflowed says so in words, never `inf` or `NaN`.
pub fn fmt_loss(v: f64) -> String {
    crate::engine::text::number(v, 4)
}

#[cfg(test)]
mod tests {
    use super::fmt_loss;

    #[test]
    fn losses_read_as_numbers_or_say_they_overflowed() {
        assert_eq!(fmt_loss(0.12345), "0.1235");
        assert_eq!(fmt_loss(1.2345678e12), "1.2e12");
        assert_eq!(fmt_loss(f64::INFINITY), "overflowed");
        assert_eq!(fmt_loss(f64::NAN), "overflowed");
    }
}
