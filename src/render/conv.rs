//! Drawing for the convolution lab: small grids (kernels, feature maps, input
//! images) painted cell by cell on a 2-D canvas, and the layout arithmetic that
//! both painting and mouse hit-testing use (pure, so it is tested natively).

use super::heatmap::Scale;
use super::palette::Lut;

/// The symmetric scale of signed values ([`super::heatmap::max_abs`]) and its half-range, for the legend.
pub fn symmetric_scale<'a>(values: impl IntoIterator<Item = &'a f64>) -> (Scale, f64) {
    let m = super::heatmap::max_abs(values.into_iter().copied());
    (Scale::Linear { centre: 0.0, half_range: m }, m)
}

/// A grey level for an input pixel in [0, 1]: 0 is white paper, 1 is dark ink.
pub fn ink(v: f64) -> [u8; 3] {
    let v = if v.is_finite() { v.clamp(0.0, 1.0) } else { 0.0 };
    let g = (250.0 - 230.0 * v).round() as u8;
    [g, g, (g as f64 * 1.02).min(255.0) as u8]
}

/// `rgb(r,g,b)`.
pub fn css(c: [u8; 3]) -> String {
    format!("rgb({},{},{})", c[0], c[1], c[2])
}

/// A placed tile: which grid it shows and where (CSS pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tile {
    /// Group (e.g. conv layer index into the net's layers, or a map row).
    pub group: usize,
    /// Item within the group (kernel, channel).
    pub item: usize,
    /// Sub-item (input channel of a kernel).
    pub sub: usize,
    /// Top-left corner and cell size.
    pub x: f64,
    pub y: f64,
    pub cell: f64,
    /// Grid width and height in cells.
    pub w: usize,
    pub h: usize,
}

impl Tile {
    /// The (row, column) of the cell under (px, py), if any.
    pub fn hit(&self, px: f64, py: f64) -> Option<(usize, usize)> {
        let (cx, cy) = ((px - self.x) / self.cell, (py - self.y) / self.cell);
        if cx >= 0.0 && cy >= 0.0 && (cx as usize) < self.w && (cy as usize) < self.h {
            Some((cy as usize, cx as usize))
        } else {
            None
        }
    }
    /// Width in CSS pixels.
    pub fn width(&self) -> f64 {
        self.cell * self.w as f64
    }
    /// Height in CSS pixels.
    pub fn height(&self) -> f64 {
        self.cell * self.h as f64
    }
}

/// The kernels of the convolution layers, one block per layer:
/// `layers[g] = (layer index, kernels, input channels, k)`. Kernels of a block
/// flow left to right and wrap; a kernel with several input channels is drawn
/// as that many tiles side by side. Returns the tiles and the total height
/// (label rows of `label_h` above each block, and of `label_h − 4` above
/// each kernel for its number).
pub fn kernel_layout(layers: &[(usize, usize, usize, usize)], width: f64, label_h: f64) -> (Vec<Tile>, f64) {
    let mut tiles = Vec::new();
    let mut y = 0.0;
    let gap = 6.0;
    let number_h = (label_h - 4.0).max(0.0);
    for &(li, n, in_c, k) in layers {
        y += label_h;
        let in_c_shown = in_c.min(8);
        // a kernel block is in_c_shown tiles of k cells, 1 px apart
        let target = if in_c_shown == 1 { 44.0 } else { 14.0 * in_c_shown as f64 + 10.0 };
        let per_row = ((width + gap) / (target + gap)).floor().max(1.0) as usize;
        let per_row = per_row.min(n.max(1));
        let block_w = ((width + gap) / per_row as f64 - gap).min(if in_c_shown == 1 { 56.0 } else { 200.0 });
        let cell = ((block_w - (in_c_shown - 1) as f64) / (in_c_shown * k) as f64).floor().max(1.0);
        let tile_w = cell * k as f64;
        for o in 0..n {
            let (row, col) = (o / per_row, o % per_row);
            let bx = col as f64 * (block_w + gap);
            let by = y + row as f64 * (tile_w + gap + number_h);
            for c in 0..in_c_shown {
                tiles.push(Tile { group: li, item: o, sub: c, x: bx + c as f64 * (tile_w + 1.0), y: by + number_h, cell, w: k, h: k });
            }
        }
        let rows = n.div_ceil(per_row);
        y += rows as f64 * (tile_w + gap + number_h);
    }
    (tiles, y)
}

/// Feature-map rows: `rows[r] = (channels, h, w)`; every map of a row sits side
/// by side after a label column of `label_w`, below a label line of `label_h`.
/// One cell size for all rows, the largest that fits `width` (at most `max_cell`).
pub fn map_layout(rows: &[(usize, usize, usize)], width: f64, label_w: f64, label_h: f64, max_cell: f64) -> (Vec<Tile>, f64) {
    let gap = 4.0;
    let avail = (width - label_w).max(20.0);
    let mut cell = max_cell;
    for &(c, _, w) in rows {
        let c = c.min(16);
        let fit = (avail - gap * (c as f64 - 1.0)) / (c * w.max(1)) as f64;
        cell = cell.min(fit);
    }
    let cell = cell.max(1.0).floor();
    let mut tiles = Vec::new();
    let mut y = 0.0;
    for (r, &(c, h, w)) in rows.iter().enumerate() {
        y += label_h;
        for ch in 0..c.min(16) {
            tiles.push(Tile { group: r, item: ch, sub: 0, x: label_w + ch as f64 * (cell * w as f64 + gap), y, cell, w, h });
        }
        y += (cell * h as f64).max(14.0) + gap + 2.0;
    }
    (tiles, y)
}

/// Paints a grid of `tile.w × tile.h` values with `color(value)`.
pub fn paint_tile(ctx: &web_sys::CanvasRenderingContext2d, tile: &Tile, values: &[f64], color: impl Fn(f64) -> [u8; 3]) {
    for r in 0..tile.h {
        for c in 0..tile.w {
            let v = values.get(r * tile.w + c).copied().unwrap_or(f64::NAN);
            ctx.set_fill_style_str(&css(color(v)));
            // overlap by a hair so no seams show between cells
            ctx.fill_rect(tile.x + c as f64 * tile.cell, tile.y + r as f64 * tile.cell, tile.cell + 0.3, tile.cell + 0.3);
        }
    }
    ctx.set_stroke_style_str("rgba(60,70,90,0.45)");
    ctx.set_line_width(1.0);
    ctx.stroke_rect(tile.x - 0.5, tile.y - 0.5, tile.width() + 1.0, tile.height() + 1.0);
}

/// `values` painted on the diverging palette with `scale`.
pub fn paint_diverging(ctx: &web_sys::CanvasRenderingContext2d, tile: &Tile, values: &[f64], scale: Scale, lut: &Lut) {
    paint_tile(ctx, tile, values, |v| lut.get(scale.map(v)));
}

/// Clears a canvas sized for devicePixelRatio and sets the transform so that
/// drawing uses CSS pixels. Returns the context and the CSS width.
pub fn begin(canvas: &web_sys::HtmlCanvasElement, css_height: Option<f64>) -> Option<(web_sys::CanvasRenderingContext2d, f64)> {
    use wasm_bindgen::JsCast;
    if let Some(h) = css_height {
        let el: &web_sys::HtmlElement = canvas.unchecked_ref();
        let want = format!("{}px", h.ceil());
        if el.style().get_property_value("height").ok().as_deref() != Some(want.as_str()) {
            el.style().set_property("height", &want).ok();
        }
    }
    let (w, h, ratio) = super::canvas::fit_to_css(canvas);
    let ctx = super::canvas::context_2d(canvas)?;
    ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
    ctx.clear_rect(0.0, 0.0, w as f64, h as f64);
    Some((ctx, w as f64 / ratio))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_fit_and_hit() {
        let (tiles, h) = kernel_layout(&[(0, 8, 1, 3)], 300.0, 16.0);
        assert_eq!(tiles.len(), 8);
        assert!(tiles.iter().all(|t| t.x + t.width() <= 300.0));
        assert!(h > 0.0);
        let t = tiles[3];
        assert_eq!(t.hit(t.x + 0.5, t.y + t.cell * 2.5), Some((2, 0)));
        assert_eq!(t.hit(t.x - 1.0, t.y), None);
        let (tiles, _) = map_layout(&[(8, 6, 6), (8, 6, 6), (8, 3, 3)], 400.0, 80.0, 0.0, 12.0);
        assert_eq!(tiles.len(), 24);
        assert!(tiles.iter().all(|t| t.x + t.width() <= 400.0));
    }
}
