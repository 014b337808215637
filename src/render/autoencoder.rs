//! The autoencoder view's canvases: inputs over their reconstructions, the code
//! space coloured by digit (a click there decodes the point), the worst-rebuilt
//! images. Each has a pure layout (tested natively: it fits, and a point maps
//! back to what is drawn there) and a `paint_…` function for a 2-D canvas.

use web_sys::CanvasRenderingContext2d;

use super::canvas::label_font;
use super::conv::ink;

/// One colour per digit (Tableau 10).
pub const CLASS: [&str; 10] =
    ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/// Paints a square image (`pixels.len()` a square) as grey cells at `(x, y)`, `size` wide.
pub fn paint_image(g: &CanvasRenderingContext2d, x: f64, y: f64, size: f64, pixels: &[f64]) {
    let side = (pixels.len() as f64).sqrt().round().max(1.0) as usize;
    super::heatmap::paint_cells(g, x, y, size / side as f64, side, side, |k| ink(pixels.get(k).copied().unwrap_or(f64::NAN)));
    g.set_stroke_style_str("#c8ccd4");
    g.stroke_rect(x, y, size, size);
}

/// Where the inputs (top row) and their reconstructions (bottom row) go.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReconLayout {
    /// Width of the row labels, the gap between images, an image's side.
    pub label_w: f64,
    pub gap: f64,
    pub size: f64,
    /// The picture's height.
    pub height: f64,
    /// Images per row.
    pub count: usize,
}

impl ReconLayout {
    /// For `count` images a row in a canvas `width` wide, with labels `text` pixels high.
    pub fn new(width: f64, count: usize, text: f64) -> ReconLayout {
        let (label_w, gap) = (text * 6.5, 6.0);
        let size = ((width - label_w) / count.max(1) as f64 - gap).clamp(16.0, 72.0);
        ReconLayout { label_w, gap, size, height: 2.0 * size + 3.0 * gap, count }
    }

    /// Top-left corner of image `k` in `row` (0: the input, 1: the reconstruction).
    pub fn at(&self, k: usize, row: usize) -> (f64, f64) {
        (self.label_w + k as f64 * (self.size + self.gap), self.gap + row as f64 * (self.size + self.gap))
    }

    /// The (image, row) under (x, y), if any.
    pub fn image_at(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let (fk, fr) = ((x - self.label_w) / (self.size + self.gap), (y - self.gap) / (self.size + self.gap));
        if fk < 0.0 || fr < 0.0 || fk as usize >= self.count || fr as usize >= 2 {
            return None;
        }
        let (k, row) = (fk as usize, fr as usize);
        let (x0, y0) = self.at(k, row);
        (x - x0 < self.size && y - y0 < self.size).then_some((k, row))
    }
}

/// Paints the inputs over what the net rebuilds from them (`rebuilt` may be shorter),
/// the rows named by the caller's `names` ("input", "rebuilt" in the page's language).
pub fn paint_reconstructions<'a>(
    g: &CanvasRenderingContext2d,
    l: &ReconLayout,
    inputs: impl IntoIterator<Item = &'a [f64]>,
    rebuilt: &[Vec<f64>],
    names: [&str; 2],
) {
    g.set_font(&label_font());
    g.set_fill_style_str("#4a5160");
    g.set_text_baseline("middle");
    g.fill_text(names[0], 0.0, l.gap + l.size / 2.0).ok();
    g.fill_text(names[1], 0.0, 2.0 * l.gap + 1.5 * l.size).ok();
    for (k, image) in inputs.into_iter().enumerate() {
        let (x, y) = l.at(k, 0);
        paint_image(g, x, y, l.size, image);
        if let Some(r) = rebuilt.get(k) {
            let (x, y) = l.at(k, 1);
            paint_image(g, x, y, l.size, r);
        }
    }
}

/// The code-space plot: its CSS size and the code range it shows, `(x0, x1, y0, y1)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CodeLayout {
    pub width: f64,
    pub height: f64,
    pub extent: (f64, f64, f64, f64),
}

impl CodeLayout {
    /// The plot's height on a canvas `width` wide.
    pub fn height_for(width: f64) -> f64 {
        (width * 0.75).clamp(200.0, 420.0)
    }

    /// The plot of `points` (non-finite ones ignored) on a canvas `width` × `height`,
    /// padded by 8 % of the range on each side; None when no point is finite.
    pub fn fit(width: f64, height: f64, points: impl IntoIterator<Item = (f64, f64)>) -> Option<CodeLayout> {
        let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
        for (x, y) in points {
            if x.is_finite() && y.is_finite() {
                (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            }
        }
        if !x0.is_finite() {
            return None;
        }
        let (px, py) = (0.08 * (x1 - x0).max(1e-6), 0.08 * (y1 - y0).max(1e-6));
        Some(CodeLayout { width, height, extent: (x0 - px, x1 + px, y0 - py, y1 + py) })
    }

    /// Where code point (x, y) is drawn.
    pub fn to_px(&self, x: f64, y: f64) -> (f64, f64) {
        let (ex0, ex1, ey0, ey1) = self.extent;
        ((x - ex0) / (ex1 - ex0) * self.width, self.height - (y - ey0) / (ey1 - ey0) * self.height)
    }

    /// The code point at fractions (`fx`, `fy`) of the canvas's width and height
    /// from its top-left corner (a click), for a plot of `extent`.
    pub fn code_at(extent: (f64, f64, f64, f64), fx: f64, fy: f64) -> (f64, f64) {
        let (x0, x1, y0, y1) = extent;
        (x0 + fx * (x1 - x0), y1 - fy * (y1 - y0))
    }
}

/// Paints the code space: `points[i]` coloured by `labels[i]`, the picked code
/// ringed, and the digits' legend down the right side (labels `text` pixels high).
pub fn paint_code_space(
    g: &CanvasRenderingContext2d,
    l: &CodeLayout,
    points: impl IntoIterator<Item = (f64, f64)>,
    labels: &[usize],
    picked: Option<(f64, f64)>,
    text: f64,
) {
    let (w, h) = (l.width, l.height);
    g.set_fill_style_str("#fbfbfd");
    g.fill_rect(0.0, 0.0, w, h);
    for ((x, y), &label) in points.into_iter().zip(labels) {
        let (sx, sy) = l.to_px(x, y);
        g.set_fill_style_str(CLASS[label % 10]);
        g.fill_rect(sx - 2.0, sy - 2.0, 4.0, 4.0);
    }
    if let Some((x, y)) = picked {
        let (sx, sy) = l.to_px(x, y);
        g.set_stroke_style_str("#111");
        g.set_line_width(2.0);
        g.stroke_rect(sx - 6.0, sy - 6.0, 12.0, 12.0);
        g.set_line_width(1.0);
    }
    // legend
    g.set_font(&label_font());
    g.set_text_baseline("top");
    let step = text * 1.5;
    for (d, colour) in CLASS.iter().enumerate() {
        g.set_fill_style_str(colour);
        g.fill_rect(w - step * 1.6, 4.0 + d as f64 * step, step * 0.6, step * 0.6);
        g.set_fill_style_str("#333");
        g.fill_text(&d.to_string(), w - step * 0.8, 4.0 + d as f64 * step).ok();
    }
}

/// Paints the image decoded from the clicked point, or says to click (`None`: the caller's `hint`).
pub fn paint_picked(g: &CanvasRenderingContext2d, size: f64, image: Option<&[f64]>, hint: &str) {
    match image {
        Some(img) => paint_image(g, 0.0, 0.0, size, img),
        None => {
            g.set_font(&label_font());
            g.set_fill_style_str("#777");
            g.set_text_baseline("top");
            g.fill_text(hint, 0.0, 4.0).ok();
        }
    }
}

/// Where the worst-rebuilt images go: four a row, each with its caption under it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AnomalyLayout {
    pub size: f64,
    pub gap: f64,
    /// Height of a row (image and caption).
    pub row_h: f64,
    /// The picture's height.
    pub height: f64,
    pub count: usize,
}

impl AnomalyLayout {
    const PER_ROW: usize = 4;

    /// For `count` images in a canvas `width` wide, captions `text` pixels high.
    pub fn new(width: f64, count: usize, text: f64) -> AnomalyLayout {
        let per_row = Self::PER_ROW as f64;
        let gap = 8.0;
        let size = ((width - gap * per_row) / per_row).clamp(24.0, 64.0);
        let row_h = size + text * 2.6;
        let rows = (count as f64 / per_row).ceil().max(1.0);
        AnomalyLayout { size, gap, row_h, height: rows * row_h, count }
    }

    /// Top-left corner of image `n`.
    pub fn at(&self, n: usize) -> (f64, f64) {
        ((n % Self::PER_ROW) as f64 * (self.size + self.gap), (n / Self::PER_ROW) as f64 * self.row_h)
    }

    /// The image under (x, y), if any.
    pub fn image_at(&self, x: f64, y: f64) -> Option<usize> {
        let (fc, fr) = (x / (self.size + self.gap), y / self.row_h);
        if fc < 0.0 || fr < 0.0 || fc as usize >= Self::PER_ROW {
            return None;
        }
        let n = fr as usize * Self::PER_ROW + fc as usize;
        let (x0, y0) = self.at(n);
        (n < self.count && x - x0 < self.size && y - y0 < self.size).then_some(n)
    }
}

/// Paints the worst-rebuilt images, each captioned with the caller's `caption` of its digit and error.
pub fn paint_anomalies<'a>(
    g: &CanvasRenderingContext2d,
    l: &AnomalyLayout,
    worst: impl IntoIterator<Item = (&'a [f64], usize, f64)>,
    caption: impl Fn(usize, f64) -> String,
) {
    g.set_font(&label_font());
    g.set_text_baseline("top");
    for (n, (image, digit, e)) in worst.into_iter().enumerate() {
        let (x, y) = l.at(n);
        paint_image(g, x, y, l.size, image);
        g.set_fill_style_str("#333");
        g.fill_text(&caption(digit, e), x, y + l.size + 3.0).ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconstructions_fit_and_map_back() {
        for &(w, n) in &[(620.0, 10), (400.0, 10), (1000.0, 4)] {
            let l = ReconLayout::new(w, n, 12.0);
            assert!(l.at(n - 1, 0).0 + l.size <= w, "{w} {n}: the last image ends inside");
            assert!(l.at(0, 1).1 + l.size <= l.height);
            for k in 0..n {
                for row in 0..2 {
                    let (x, y) = l.at(k, row);
                    assert_eq!(l.image_at(x + l.size / 2.0, y + l.size / 2.0), Some((k, row)));
                }
            }
            let (x, y) = l.at(1, 0);
            assert_eq!(l.image_at(x - l.gap / 2.0, y + 1.0), None, "the gap between images");
            assert_eq!(l.image_at(2.0, y + 1.0), None, "the row label");
        }
        // the page's sizes: 10 digits in 620 px, 12 px labels
        let l = ReconLayout::new(620.0, 10, 12.0);
        assert!(l.label_w == 78.0 && (l.size - 48.2).abs() < 1e-9, "{l:?}");
    }

    #[test]
    fn the_code_space_fits_its_points_and_a_click_maps_back() {
        let pts = [(-1.0, 2.0), (3.0, -2.0), (0.5, f64::NAN), (1.0, 0.0)];
        let l = CodeLayout::fit(400.0, 300.0, pts).unwrap();
        let (x0, x1, y0, y1) = l.extent;
        assert!((x0 + 1.32).abs() < 1e-12 && (x1 - 3.32).abs() < 1e-12, "8 % of the range beyond the points: {:?}", l.extent);
        assert!((y0 + 2.32).abs() < 1e-12 && (y1 - 2.32).abs() < 1e-12);
        for &(x, y) in &[(-1.0, 2.0), (3.0, -2.0), (1.0, 0.0)] {
            let (sx, sy) = l.to_px(x, y);
            assert!((0.0..=400.0).contains(&sx) && (0.0..=300.0).contains(&sy), "({x}, {y}) drawn at ({sx}, {sy})");
            // a click on a drawn point decodes that point
            let (cx, cy) = CodeLayout::code_at(l.extent, sx / l.width, sy / l.height);
            assert!((cx - x).abs() < 1e-9 && (cy - y).abs() < 1e-9, "({x}, {y}) came back as ({cx}, {cy})");
        }
        // the top-left corner is the smallest code unit 1 and the largest code unit 2
        assert_eq!(CodeLayout::code_at(l.extent, 0.0, 0.0), (x0, y1));
        assert!(CodeLayout::fit(400.0, 300.0, [(f64::NAN, 0.0)]).is_none());
        // one point: a tiny range, still finite
        let one = CodeLayout::fit(400.0, 300.0, [(1.0, 1.0)]).unwrap();
        assert!(one.to_px(1.0, 1.0).0.is_finite());
        assert_eq!(CodeLayout::height_for(560.0), 420.0);
        assert_eq!(CodeLayout::height_for(100.0), 200.0);
    }

    #[test]
    fn anomalies_fit_and_map_back() {
        for &(w, n) in &[(340.0, 8), (200.0, 5), (600.0, 0)] {
            let l = AnomalyLayout::new(w, n, 12.0);
            for k in 0..n {
                let (x, y) = l.at(k);
                assert!(x + l.size <= w && y + l.size < l.height, "{w} {n}: image {k}");
                assert_eq!(l.image_at(x + 1.0, y + 1.0), Some(k));
            }
            assert_eq!(l.image_at(1.0, l.size + 2.0), None, "the caption is not an image");
            assert!(l.height >= l.row_h, "at least one row");
        }
        let l = AnomalyLayout::new(340.0, 8, 12.0);
        assert_eq!(l.image_at(l.at(7).0 + 1.0, l.at(7).1 + 1.0), Some(7));
        assert_eq!(AnomalyLayout::new(340.0, 7, 12.0).image_at(l.at(7).0 + 1.0, l.at(7).1 + 1.0), None, "no eighth image");
    }
}
