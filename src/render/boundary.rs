//! The straight line a neuron with two inputs draws: where its weighted sum
//! `w1·x1 + w2·x2 + b` is 0, clipped to the square `[-e, e]²`.

/// The part of the line `w1·x1 + w2·x2 + b = 0` inside `[-e, e]²`, as two end
/// points `(x1, x2)`; None when the line misses the square or the weights are 0.
pub fn line_in_square(w1: f64, w2: f64, b: f64, e: f64) -> Option<((f64, f64), (f64, f64))> {
    if !(w1.is_finite() && w2.is_finite() && b.is_finite()) || (w1 == 0.0 && w2 == 0.0) {
        return None;
    }
    let mut pts: Vec<(f64, f64)> = Vec::with_capacity(4);
    let mut add = |p: (f64, f64)| {
        let inside = p.0.abs() <= e * (1.0 + 1e-9) && p.1.abs() <= e * (1.0 + 1e-9);
        if inside && !pts.iter().any(|q| (q.0 - p.0).abs() < 1e-9 && (q.1 - p.1).abs() < 1e-9) {
            pts.push(p);
        }
    };
    if w2 != 0.0 {
        for x1 in [-e, e] {
            add((x1, -(w1 * x1 + b) / w2));
        }
    }
    if w1 != 0.0 {
        for x2 in [-e, e] {
            add((-(w2 * x2 + b) / w1, x2));
        }
    }
    (pts.len() >= 2).then(|| (pts[0], pts[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagonal_vertical_and_missing_lines() {
        // x1 + x2 = 0: the diagonal from (-1, 1) to (1, -1)
        let (a, b) = line_in_square(1.0, 1.0, 0.0, 1.0).unwrap();
        assert_eq!((a, b), ((-1.0, 1.0), (1.0, -1.0)));
        // 2·x1 − 1 = 0: the vertical x1 = 0.5
        let (a, b) = line_in_square(2.0, 0.0, -1.0, 1.0).unwrap();
        assert_eq!((a, b), ((0.5, -1.0), (0.5, 1.0)));
        assert_eq!(line_in_square(1.0, 0.0, -5.0, 1.0), None, "x1 = 5 misses the square");
        assert_eq!(line_in_square(0.0, 0.0, 1.0, 1.0), None);
        assert_eq!(line_in_square(f64::NAN, 1.0, 0.0, 1.0), None);
    }
}
