//! The one diverging palette used everywhere: orange for negative, white at zero,
//! blue for positive (an orange–blue scale stays distinguishable with the common
//! colour-vision deficiencies). The CSS variables `--neg` / `--pos` match it.

/// RGB of the negative end.
pub const NEG: [u8; 3] = [0xe8, 0x85, 0x0c];
/// RGB of the middle (zero).
pub const MID: [u8; 3] = [0xf7, 0xf7, 0xf7];
/// RGB of the positive end.
pub const POS: [u8; 3] = [0x1f, 0x6f, 0xd1];

/// Colours for classes 0, 1, 2, … (the first two are the palette's ends, so a
/// two-class problem looks the same as the ±1 scale).
pub const CLASS: [[u8; 3]; 10] = [
    NEG,
    POS,
    [0x2a, 0x9d, 0x5c],
    [0x8e, 0x4c, 0xc4],
    [0xc8, 0x3e, 0x4d],
    [0x6b, 0x6b, 0x6b],
    [0xd1, 0x9a, 0x00],
    [0x00, 0x8c, 0x99],
    [0x7a, 0x4a, 0x1c],
    [0xd9, 0x5f, 0xb0],
];

/// Colour of `t` in [-1, 1] (clamped; NaN maps to the middle) on the diverging scale.
pub fn diverging(t: f64) -> [u8; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(-1.0, 1.0) };
    let (end, k) = if t < 0.0 { (NEG, -t) } else { (POS, t) };
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * k).round() as u8;
    [mix(MID[0], end[0]), mix(MID[1], end[1]), mix(MID[2], end[2])]
}

/// A 256-entry lookup table of [`diverging`] over [-1, 1], for painting grids fast.
pub struct Lut([[u8; 3]; 256]);

impl Default for Lut {
    fn default() -> Self {
        let mut t = [[0u8; 3]; 256];
        for (i, c) in t.iter_mut().enumerate() {
            *c = diverging(i as f64 / 127.5 - 1.0);
        }
        Lut(t)
    }
}

impl Lut {
    /// Colour of `t` in [-1, 1] (clamped; NaN is the middle).
    #[inline]
    pub fn get(&self, t: f64) -> [u8; 3] {
        let t = if t.is_nan() { 0.0 } else { t };
        let i = ((t.clamp(-1.0, 1.0) + 1.0) * 127.5) as usize;
        self.0[i.min(255)]
    }
}

/// CSS `rgb(...)` of a colour.
pub fn css([r, g, b]: [u8; 3]) -> String {
    format!("rgb({r},{g},{b})")
}

/// An sRGB channel in linear light.
fn to_linear(c: u8) -> f64 {
    let v = c as f64 / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG 2 contrast ratio of two colours (1 to 21; text needs 4.5 for AA).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let lum = |c: [u8; 3]| {
        let l = c.map(to_linear);
        0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Black or white, whichever text reads better on `bg` (CSS colour): on every colour of
/// the diverging scale at least 4.5:1, WCAG AA (tested).
pub fn ink_on(bg: [u8; 3]) -> &'static str {
    if contrast(bg, [0, 0, 0]) >= contrast(bg, [255, 255, 255]) {
        "#000"
    } else {
        "#fff"
    }
}

/// How far the output's colours are mixed towards white, so that the data
/// points (drawn in the full class colours) stand out on their own region.
const LIGHTEN: f64 = 0.35;

/// `c` mixed [`LIGHTEN`] of the way towards white, opaque (RGBA): the output
/// heatmap's and the baselines' surfaces' colours.
pub fn lighten(c: [u8; 3]) -> [u8; 4] {
    let l = |v: u8| (v as f64 + (255.0 - v as f64) * LIGHTEN).round() as u8;
    [l(c[0]), l(c[1]), l(c[2]), 255]
}

/// Colour-vision simulation, to check that the palette stays readable for
/// students with a colour-vision deficiency: the matrices of Machado, Oliveira
/// and Fernandes (2009) at full severity, applied in linear RGB, and distances
/// measured as CIE ΔE*ab (76) in Lab under D65.
#[cfg(test)]
pub(crate) mod vision {
    use super::to_linear;

    /// Deuteranopia (no green cones: the commonest form).
    pub const DEUTERANOPIA: [[f64; 3]; 3] =
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]];
    /// Protanopia (no red cones).
    pub const PROTANOPIA: [[f64; 3]; 3] =
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]];
    /// Tritanopia (no blue cones, rare).
    pub const TRITANOPIA: [[f64; 3]; 3] =
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]];

    /// Linear RGB of an sRGB colour as seen with deficiency `m`.
    pub fn simulate(rgb: [u8; 3], m: &[[f64; 3]; 3]) -> [f64; 3] {
        let l = rgb.map(to_linear);
        let row = |r: &[f64; 3]| (r[0] * l[0] + r[1] * l[1] + r[2] * l[2]).clamp(0.0, 1.0);
        [row(&m[0]), row(&m[1]), row(&m[2])]
    }

    /// CIE Lab of a linear RGB colour (sRGB primaries, D65 white).
    pub fn lab(l: [f64; 3]) -> [f64; 3] {
        let x = 0.4124 * l[0] + 0.3576 * l[1] + 0.1805 * l[2];
        let y = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
        let z = 0.0193 * l[0] + 0.1192 * l[1] + 0.9505 * l[2];
        let f = |t: f64| if t > 216.0 / 24389.0 { t.cbrt() } else { (24389.0 / 27.0 * t + 16.0) / 116.0 };
        let (fx, fy, fz) = (f(x / 0.95047), f(y), f(z / 1.08883));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// ΔE*ab between two colours as seen with deficiency `m`.
    pub fn delta_e(a: [u8; 3], b: [u8; 3], m: &[[f64; 3]; 3]) -> f64 {
        let (p, q) = (lab(simulate(a, m)), lab(simulate(b, m)));
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::vision::*;
    use super::*;

    const NORMAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

    #[test]
    fn the_diverging_palette_stays_readable_under_colour_blindness() {
        for (name, m) in [("normal", NORMAL), ("deuteranopia", DEUTERANOPIA), ("protanopia", PROTANOPIA), ("tritanopia", TRITANOPIA)] {
            // the two ends are far apart (ΔE ≥ 60: unmistakable; measured 92–133) ...
            let ends = delta_e(NEG, POS, &m);
            assert!(ends >= 60.0, "{name}: the ends are only ΔE {ends:.1} apart");
            // ... and a weight of +t never looks like one of −t, nor like zero
            for k in 1..=10 {
                let t = k as f64 / 10.0;
                let (neg, pos) = (diverging(-t), diverging(t));
                let apart = delta_e(neg, pos, &m);
                assert!(apart >= 25.0 * t, "{name}: ±{t} only ΔE {apart:.1} apart");
                let from_mid = delta_e(neg, MID, &m).min(delta_e(pos, MID, &m));
                assert!(from_mid >= 8.0 * t, "{name}: ±{t} only ΔE {from_mid:.1} from zero's white");
            }
        }
    }

    #[test]
    fn numbers_on_the_diverging_scale_reach_wcag_aa_contrast() {
        let lut = Lut::default();
        for i in 0..=255 {
            let bg = lut.get(i as f64 / 127.5 - 1.0);
            let ink = if ink_on(bg) == "#000" { [0, 0, 0] } else { [255, 255, 255] };
            assert!(contrast(bg, ink) >= 4.5, "{bg:?}: {} only {:.2}:1", ink_on(bg), contrast(bg, ink));
        }
        // the old rule (white past ±0.6) put white on the orange end: 2.7:1
        assert!(contrast(NEG, [255, 255, 255]) < 3.0);
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn lightening_mixes_35_percent_of_the_way_to_white() {
        assert_eq!(lighten([0, 0, 0]), [89, 89, 89, 255]);
        assert_eq!(lighten([255, 255, 255]), [255, 255, 255, 255]);
        assert_eq!(lighten(NEG), [240, 176, 97, 255]);
    }

    #[test]
    fn the_simulation_would_catch_a_red_green_palette() {
        // the check above can fail: a red–green scale (ΔE 114 to normal eyes)
        // collapses to ΔE 26 under deuteranopia and 20 under protanopia
        let (red, green) = ([0xd7, 0x30, 0x27], [0x1a, 0x98, 0x50]);
        assert!(delta_e(red, green, &NORMAL) > 60.0);
        assert!(delta_e(red, green, &PROTANOPIA) < 60.0);
        assert!(delta_e(red, green, &DEUTERANOPIA) < 60.0, "ΔE {:.1}", delta_e(red, green, &DEUTERANOPIA));
    }
}
