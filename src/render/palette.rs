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
