//! Image data sets: the 8×8 handwritten digits (read from the bytes of the
//! shipped `assets/digits.csv.gz`), and generated sets whose kernels are easy
//! to read: bars (vertical, horizontal, two diagonals) and simple shapes
//! (square, cross, circle, triangle), with noise and random shifts.
//!
//! Pixels are `f64` in `[0, 1]` (digits: `value / 16`), one channel, row-major.

use crate::conv::Shape;
use crate::math::rng::Rng;
use serde::{Deserialize, Serialize};

/// A labelled set of single-channel images of one size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageSet {
    /// Display name.
    pub name: String,
    /// Shape of one image (`c = 1`).
    pub shape: Shape,
    /// All pixels, image after image (`len() · shape.len()` values).
    pub pixels: Vec<f64>,
    /// One label per image, `< class_names.len()`.
    pub labels: Vec<usize>,
    /// The names of the classes.
    pub class_names: Vec<String>,
}

impl ImageSet {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// `true` when empty.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.class_names.len()
    }

    /// Pixels of image `i`.
    pub fn image(&self, i: usize) -> &[f64] {
        let n = self.shape.len();
        &self.pixels[i * n..(i + 1) * n]
    }

    /// The images at `indices`, in that order.
    pub fn subset(&self, indices: &[usize], name: &str) -> ImageSet {
        let mut pixels = Vec::with_capacity(indices.len() * self.shape.len());
        for &i in indices {
            pixels.extend_from_slice(self.image(i));
        }
        ImageSet {
            name: name.into(),
            shape: self.shape,
            pixels,
            labels: indices.iter().map(|&i| self.labels[i]).collect(),
            class_names: self.class_names.clone(),
        }
    }

    /// Inverted copies (`1 − x`: light strokes on a dark ground) of the images at `indices`,
    /// labelled as their originals: images unlike the rest, for an autoencoder to find as
    /// anomalies.
    pub fn inverted(&self, indices: &[usize], name: &str) -> ImageSet {
        let indices: Vec<usize> = indices.iter().copied().filter(|&i| i < self.len()).collect();
        let mut out = self.subset(&indices, name);
        out.pixels.iter_mut().for_each(|v| *v = 1.0 - *v);
        out
    }

    /// A seeded shuffle split into (train, test), `test_fraction` of the images
    /// (rounded) going to test.
    pub fn split(&self, test_fraction: f64, seed: u64) -> (ImageSet, ImageSet) {
        let mut idx: Vec<usize> = (0..self.len()).collect();
        Rng::stream(seed, 0x5B17).shuffle(&mut idx);
        let n_test = ((self.len() as f64) * test_fraction.clamp(0.0, 1.0)).round() as usize;
        let (test, train) = idx.split_at(n_test);
        (self.subset(train, &format!("{} (train)", self.name)), self.subset(test, &format!("{} (test)", self.name)))
    }
}

/// Inflates a gzip file (flate2, which also checks its CRC and length). Bytes
/// that do not start with the gzip magic are returned unchanged (a server may
/// have already decompressed them).
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Read;
    if bytes.len() < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::with_capacity(bytes.len() * 4);
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).map_err(|e| format!("the gzip file could not be read: {e}"))?;
    Ok(out)
}

/// Parses the digits CSV: one image per line, 64 pixels `0..=16` row-major
/// then the label `0..=9`. Errors name the line.
pub fn parse_digits_csv(text: &str) -> Result<ImageSet, String> {
    let mut pixels = Vec::with_capacity(1797 * 64);
    let mut labels = Vec::with_capacity(1797);
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut count = 0;
        for (j, field) in line.split(',').enumerate() {
            let v: u32 =
                field.trim().parse().map_err(|_| format!("digits line {}: field {} is not a whole number: {field:?}", n + 1, j + 1))?;
            if j < 64 {
                if v > 16 {
                    return Err(format!("digits line {}: pixel {} is {v}, above 16", n + 1, j + 1));
                }
                pixels.push(v as f64 / 16.0);
            } else if j == 64 {
                if v > 9 {
                    return Err(format!("digits line {}: label {v} is not a digit", n + 1));
                }
                labels.push(v as usize);
            }
            count += 1;
        }
        if count != 65 {
            return Err(format!("digits line {}: {count} fields, expected 65", n + 1));
        }
    }
    if labels.is_empty() {
        return Err("the digits file holds no image".into());
    }
    Ok(ImageSet {
        name: "digits".into(),
        shape: Shape::new(1, 8, 8),
        pixels,
        labels,
        class_names: (0..10).map(|d| d.to_string()).collect(),
    })
}

/// The digits from the bytes of `digits.csv.gz` (or of the plain CSV).
pub fn digits_from_bytes(bytes: &[u8]) -> Result<ImageSet, String> {
    let raw = gunzip(bytes)?;
    let text = std::str::from_utf8(&raw).map_err(|_| "the digits file is not UTF-8 text".to_string())?;
    parse_digits_csv(text)
}

/// Which generated set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Generated {
    /// A vertical, horizontal, "\" diagonal or "/" diagonal bar.
    Bars,
    /// A square outline, a cross, a circle outline or a filled triangle.
    Shapes,
}

impl Generated {
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Generated::Bars => "bars",
            Generated::Shapes => "shapes",
        }
    }

    /// The class names.
    pub fn class_names(self) -> &'static [&'static str] {
        match self {
            Generated::Bars => &["vertical", "horizontal", "diagonal \\", "diagonal /"],
            Generated::Shapes => &["square", "cross", "circle", "triangle"],
        }
    }
}

/// Generates `n` images of `size × size` (clamped to 8..=16), classes in turn
/// (balanced), each shape at a random position and scale, plus Gaussian noise of
/// standard deviation `noise`, clamped to `[0, 1]`. Same seed, same set.
pub fn generate(kind: Generated, n: usize, size: usize, noise: f64, seed: u64) -> ImageSet {
    let size = size.clamp(8, 16);
    let mut rng = Rng::stream(seed, 0x1A6E);
    let mut pixels = vec![0.0; n * size * size];
    let mut labels = Vec::with_capacity(n);
    let classes = kind.class_names().len();
    for i in 0..n {
        let label = i % classes;
        labels.push(label);
        let img = &mut pixels[i * size * size..(i + 1) * size * size];
        match kind {
            Generated::Bars => draw_bar(img, size, label, &mut rng),
            Generated::Shapes => draw_shape(img, size, label, &mut rng),
        }
        if noise > 0.0 {
            for p in img.iter_mut() {
                *p = (*p + rng.normal_with(0.0, noise)).clamp(0.0, 1.0);
            }
        }
    }
    ImageSet {
        name: kind.name().into(),
        shape: Shape::new(1, size, size),
        pixels,
        labels,
        class_names: kind.class_names().iter().map(|s| s.to_string()).collect(),
    }
}

fn set(img: &mut [f64], size: usize, x: isize, y: isize) {
    if x >= 0 && y >= 0 && (x as usize) < size && (y as usize) < size {
        img[y as usize * size + x as usize] = 1.0;
    }
}

/// A bar of length ≥ size/2 (two pixels thick in the 16×16 sets) at a random offset.
fn draw_bar(img: &mut [f64], size: usize, label: usize, rng: &mut Rng) {
    let s = size as isize;
    let len = (size / 2 + rng.below(size / 2 + 1)) as isize;
    let thick = if size >= 12 { 2 } else { 1 };
    match label {
        0 | 1 => {
            let across = rng.below(size - thick as usize + 1) as isize;
            let start = rng.below((s - len + 1) as usize) as isize;
            for t in 0..len {
                for d in 0..thick {
                    if label == 0 {
                        set(img, size, across + d, start + t);
                    } else {
                        set(img, size, start + t, across + d);
                    }
                }
            }
        }
        _ => {
            let x0 = rng.below((s - len + 1) as usize) as isize;
            let y0 = rng.below((s - len + 1) as usize) as isize;
            for t in 0..len {
                for d in 0..thick {
                    if label == 2 {
                        set(img, size, x0 + t + d, y0 + t);
                    } else {
                        set(img, size, x0 + len - 1 - t + d, y0 + t);
                    }
                }
            }
        }
    }
}

/// A shape of side `m` in `[size/2, size−1]` at a random position.
fn draw_shape(img: &mut [f64], size: usize, label: usize, rng: &mut Rng) {
    let lo = (size / 2).max(5);
    let m = lo + rng.below(size - lo);
    let x0 = rng.below(size - m + 1) as isize;
    let y0 = rng.below(size - m + 1) as isize;
    let mi = m as isize;
    match label {
        0 => {
            for t in 0..mi {
                set(img, size, x0 + t, y0);
                set(img, size, x0 + t, y0 + mi - 1);
                set(img, size, x0, y0 + t);
                set(img, size, x0 + mi - 1, y0 + t);
            }
        }
        1 => {
            let c = mi / 2;
            for t in 0..mi {
                set(img, size, x0 + t, y0 + c);
                set(img, size, x0 + c, y0 + t);
            }
        }
        2 => {
            // A ring: pixels whose centre is within half a pixel of radius r.
            let r = (m as f64 - 1.0) / 2.0;
            let (cx, cy) = (x0 as f64 + r, y0 as f64 + r);
            for y in 0..mi {
                for x in 0..mi {
                    let (dx, dy) = (x0 as f64 + x as f64 - cx, y0 as f64 + y as f64 - cy);
                    let d = libm::sqrt(dx * dx + dy * dy);
                    if (d - r).abs() <= 0.55 {
                        set(img, size, x0 + x, y0 + y);
                    }
                }
            }
        }
        _ => {
            // Filled triangle, apex at the top centre, base along the bottom row.
            for y in 0..mi {
                let half = (y as f64 + 1.0) * (m as f64) / (2.0 * m as f64);
                let c = (m as f64 - 1.0) / 2.0;
                for x in 0..mi {
                    if (x as f64 - c).abs() <= half {
                        set(img, size, x0 + x, y0 + y);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_sets_are_seeded_and_balanced() {
        for kind in [Generated::Bars, Generated::Shapes] {
            for size in [8, 12, 16] {
                let a = generate(kind, 40, size, 0.1, 3);
                let b = generate(kind, 40, size, 0.1, 3);
                assert_eq!(a, b);
                assert_eq!(a.pixels.len(), 40 * size * size);
                assert!(a.pixels.iter().all(|p| (0.0..=1.0).contains(p)));
                for c in 0..4 {
                    assert_eq!(a.labels.iter().filter(|&&l| l == c).count(), 10);
                }
                // every image has some ink
                for i in 0..a.len() {
                    assert!(a.image(i).iter().filter(|&&p| p > 0.5).count() >= 3, "{kind:?} {size} {i}");
                }
            }
        }
    }
}
