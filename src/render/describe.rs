//! The pictures as words (issue 27 item 3): where each class lies on the output
//! square, said the way a person would ("blue on the left and top, orange in the
//! lower right"). Pure geometry over a grid of class indices, tested natively.

/// The class colours' names, as the points and the output show them ([`super::palette::CLASS`]).
pub const CLASS_WORDS: [&str; 10] = ["orange", "blue", "green", "purple", "red", "grey", "yellow", "teal", "brown", "pink"];

/// The nine zones of the square, a 3 × 3 split, row by row from the top left.
const ZONE_WORDS: [&str; 9] =
    ["upper left", "top centre", "upper right", "centre left", "centre", "centre right", "lower left", "bottom centre", "lower right"];

/// Whole sides: their words and zones.
const SIDES: [(&str, [usize; 3]); 4] = [("left", [0, 3, 6]), ("top", [0, 1, 2]), ("right", [2, 5, 8]), ("bottom", [6, 7, 8])];

/// The share of a zone's cells a class needs to be said to lie there.
pub const HOLDS: f64 = 0.6;

/// Where one class lies: its share of the square and the words for its zones.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub class: usize,
    /// Fraction of the square's cells.
    pub share: f64,
    /// "on the left and top", "in the centre", "in small patches".
    pub place: String,
}

/// Words for a set of zones (`held[z]`): whole sides first, then the centre and
/// single zones; a class holding every zone is "everywhere".
fn place_words(held: &[bool; 9]) -> String {
    let count = held.iter().filter(|h| **h).count();
    if count == 9 {
        return "everywhere".into();
    }
    if count == 0 {
        return "in patches".into();
    }
    if count == 8 && !held[4] {
        return "all around the edges".into();
    }
    if count == 4 && held[0] && held[2] && held[6] && held[8] {
        return "in the four corners".into();
    }
    let mut covered = [false; 9];
    let mut parts: Vec<&str> = Vec::new();
    for (word, zones) in SIDES {
        // a side counts when all its zones are held and it adds one not yet said
        if zones.iter().all(|&z| held[z]) && zones.iter().any(|&z| !covered[z]) {
            parts.push(word);
            zones.iter().for_each(|&z| covered[z] = true);
        }
    }
    let sides = parts.len();
    for (z, word) in ZONE_WORDS.iter().enumerate() {
        if held[z] && !covered[z] {
            parts.push(word);
        }
    }
    let list = join_and(&parts);
    if sides > 0 {
        format!("on the {list}")
    } else {
        format!("in the {list}")
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The regions of each class present on an `n × n` grid of class indices (row 0 at
/// the top), largest first. A zone belongs to a class holding at least [`HOLDS`] of its
/// cells; a zone where the classes mix is said of none.
pub fn regions(classes: &[usize], n: usize, n_classes: usize) -> Vec<Region> {
    if n == 0 || classes.len() < n * n || n_classes == 0 {
        return Vec::new();
    }
    let mut per_zone = vec![[0usize; 9]; n_classes];
    let mut total = vec![0usize; n_classes];
    for r in 0..n {
        for c in 0..n {
            let k = classes[r * n + c].min(n_classes - 1);
            let z = (r * 3 / n) * 3 + c * 3 / n;
            per_zone[k][z] += 1;
            total[k] += 1;
        }
    }
    let mut out: Vec<Region> = (0..n_classes)
        .filter(|&k| total[k] > 0)
        .map(|k| {
            let mut held = [false; 9];
            for (z, h) in held.iter_mut().enumerate() {
                let in_zone: usize = per_zone.iter().map(|p| p[z]).sum();
                *h = in_zone > 0 && per_zone[k][z] as f64 >= HOLDS * in_zone as f64;
            }
            Region { class: k, share: total[k] as f64 / (n * n) as f64, place: place_words(&held) }
        })
        .collect();
    out.sort_by(|a, b| b.share.total_cmp(&a.share));
    out
}

/// The whole picture in one sentence, without the figures the caller adds:
/// "Blue on the left and top (61 %), orange in the lower right (39 %)"; class k is
/// called `names[k]`.
pub fn output_words(classes: &[usize], n: usize, names: &[&str]) -> String {
    let regions = regions(classes, n, names.len());
    let parts: Vec<String> = regions
        .iter()
        .map(|r| {
            let name = names.get(r.class).copied().unwrap_or("another class");
            format!("{name} {} ({:.0} %)", r.place, 100.0 * r.share)
        })
        .collect();
    let mut s = parts.join(", ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An n × n grid from a rule on (column, row) fractions in [0, 1), row 0 at the top.
    fn grid(n: usize, f: impl Fn(f64, f64) -> usize) -> Vec<usize> {
        (0..n * n).map(|i| f((i % n) as f64 / n as f64, (i / n) as f64 / n as f64)).collect()
    }

    #[test]
    fn a_vertical_split_is_left_and_right() {
        let g = grid(30, |x, _| usize::from(x >= 0.5));
        assert_eq!(output_words(&g, 30, &CLASS_WORDS[..2]), "Orange on the left (50 %), blue on the right (50 %)");
    }

    #[test]
    fn a_corner_and_the_rest() {
        // blue everywhere but the lower right third by third
        let g = grid(30, |x, y| usize::from(!(x >= 2.0 / 3.0 && y >= 2.0 / 3.0)));
        assert_eq!(
            output_words(&g, 30, &CLASS_WORDS[..2]),
            "Blue on the left, top, centre, centre right and bottom centre (89 %), orange in the lower right (11 %)"
        );
    }

    #[test]
    fn a_disc_in_the_middle_and_a_ring() {
        let g = grid(60, |x, y| usize::from((x - 0.5).powi(2) + (y - 0.5).powi(2) < 0.04));
        let r = regions(&g, 60, 2);
        assert_eq!(r[0].place, "all around the edges");
        assert_eq!(r[1].place, "in the centre");
        assert!(r[0].share > r[1].share);
    }

    #[test]
    fn one_class_everywhere_and_xor_corners() {
        assert_eq!(output_words(&[1; 9], 3, &CLASS_WORDS[..2]), "Blue everywhere (100 %)");
        // XOR: blue in the upper left and lower right quadrants; the zones between are mixed, said of neither
        let g = grid(30, |x, y| usize::from((x < 0.5) == (y < 0.5)));
        assert_eq!(
            output_words(&g, 30, &CLASS_WORDS[..2]),
            "Orange in the upper right and lower left (50 %), blue in the upper left and lower right (50 %)"
        );
    }

    #[test]
    fn a_small_class_is_in_patches_and_three_classes_are_named() {
        let g = grid(30, |x, y| if x < 0.05 && y < 0.05 { 2 } else { usize::from(y >= 0.5) });
        let s = output_words(&g, 30, &CLASS_WORDS[..3]);
        assert!(s.contains("green in patches"), "{s}");
        assert!(s.starts_with("Orange on the top") || s.starts_with("Blue on the bottom"), "{s}");
        assert_eq!(output_words(&[], 0, &CLASS_WORDS[..2]), "");
    }

    #[test]
    fn four_corners_and_lists() {
        let middle = 1.0 / 3.0..2.0 / 3.0;
        let g = grid(30, |x, y| usize::from(!middle.contains(&x) && !middle.contains(&y)));
        assert!(output_words(&g, 30, &CLASS_WORDS[..2]).contains("blue in the four corners"));
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }
}
