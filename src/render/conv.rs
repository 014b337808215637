//! Drawing for the convolution lab: small grids (kernels, feature maps, input
//! images) painted cell by cell on a 2-D canvas, and the layout arithmetic that
//! both painting and mouse hit-testing use (pure, so it is tested natively).

use super::canvas::label_font;
use super::heatmap::Scale;
use super::palette::Lut;
use crate::engine::conv::stepper::{ConvGeometry, ConvStep};

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
    super::heatmap::paint_cells(ctx, tile.x, tile.y, tile.cell, tile.w, tile.h, |k| color(values.get(k).copied().unwrap_or(f64::NAN)));
    ctx.set_stroke_style_str("rgba(60,70,90,0.45)");
    ctx.set_line_width(1.0);
    ctx.stroke_rect(tile.x - 0.5, tile.y - 0.5, tile.width() + 1.0, tile.height() + 1.0);
}

/// `values` painted on the diverging palette with `scale`.
pub fn paint_diverging(ctx: &web_sys::CanvasRenderingContext2d, tile: &Tile, values: &[f64], scale: Scale, lut: &Lut) {
    paint_tile(ctx, tile, values, |v| lut.get(scale.map(v)));
}

/// One convolution layer's kernels, as the kernel panel shows them.
pub struct KernelBlock<'a> {
    /// The layer's index in the net, its kernels, input channels and kernel side.
    pub layer: usize,
    pub kernels: usize,
    pub in_c: usize,
    pub k: usize,
    /// All its weights, kernel after kernel (`in_c · k · k` each).
    pub weights: &'a [f64],
    /// Whether each kernel is frozen (hand-made and kept).
    pub frozen: &'a [bool],
    /// The layer's caption, in the page's words (its colour scale ±m is [`symmetric_scale`]'s).
    pub caption: String,
}

/// Paints the kernels laid out by [`kernel_layout`] (`tiles`, labels `text`
/// pixels high): a caption per layer, each kernel numbered (🔒 when frozen), on
/// its layer's symmetric scale; `hover` = (layer, kernel, row, column) is ringed.
pub fn paint_kernels(
    g: &web_sys::CanvasRenderingContext2d,
    tiles: &[Tile],
    blocks: &[KernelBlock],
    text: f64,
    hover: Option<(usize, usize, usize, usize)>,
    lut: &Lut,
) {
    g.set_font(&label_font());
    let mut y_label = 0.0;
    for b in blocks {
        let (li, in_c, k) = (b.layer, b.in_c, b.k);
        let (scale, _) = symmetric_scale(b.weights.iter());
        g.set_fill_style_str("#5b6475");
        let first = tiles.iter().find(|tl| tl.group == li).map(|tl| tl.y - text).unwrap_or(y_label);
        g.fill_text(&b.caption, 0.0, first - 4.0).ok();
        y_label = first;
        let kl = in_c * k * k;
        for tl in tiles.iter().filter(|tl| tl.group == li) {
            let kern = b.weights.get(tl.item * kl..(tl.item + 1) * kl).unwrap_or(&[]);
            let kk = k * k;
            let vals = kern.get(tl.sub * kk..(tl.sub + 1) * kk).unwrap_or(&[]);
            paint_diverging(g, tl, vals, scale, lut);
            if tl.sub == 0 {
                g.set_fill_style_str("#5b6475");
                let mark = if b.frozen.get(tl.item).copied().unwrap_or(false) { " 🔒" } else { "" };
                g.fill_text(&format!("{}{mark}", tl.item + 1), tl.x, tl.y - 2.0).ok();
            }
        }
    }
    if let Some((li, o, r, c)) = hover {
        if let Some(tl) = tiles.iter().find(|tl| tl.group == li && tl.item == o && tl.sub == 0) {
            g.set_stroke_style_str("#1d2330");
            g.set_line_width(2.0);
            g.stroke_rect(tl.x + c as f64 * tl.cell, tl.y + r as f64 * tl.cell, tl.cell, tl.cell);
        }
    }
}

/// Where the feature-map panel's pieces go: the input image under its caption,
/// then one row of maps per layer output (each row under its caption).
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureMapsLayout {
    /// The input image.
    pub input: Tile,
    /// The maps: `group` is the row, `item` the channel (at most 16 a row).
    pub maps: Vec<Tile>,
    /// The picture's height.
    pub height: f64,
    /// Label size.
    pub text: f64,
}

impl FeatureMapsLayout {
    /// For an `input_h × input_w` input and map rows of `(channels, h, w)`, in a
    /// canvas `width` wide with labels `text` pixels high.
    pub fn new(input_h: usize, input_w: usize, rows: &[(usize, usize, usize)], width: f64, text: f64) -> FeatureMapsLayout {
        let cell_in = (64.0 / input_h as f64).clamp(4.0, 8.0);
        let head = text + 2.0 + cell_in * input_h as f64 + 8.0;
        let (maps, h) = map_layout(rows, width, 0.0, text + 4.0, 16.0);
        let maps = maps.into_iter().map(|t| Tile { y: t.y + head, ..t }).collect();
        let input = Tile { group: 0, item: 0, sub: 0, x: 0.0, y: text + 2.0, cell: cell_in, w: input_w, h: input_h };
        FeatureMapsLayout { input, maps, height: head + h + 4.0, text }
    }

    /// The (row, channel, cell row, cell column) of the map under (x, y), if any.
    pub fn map_at(&self, x: f64, y: f64) -> Option<(usize, usize, usize, usize)> {
        self.maps.iter().find_map(|t| t.hit(x, y).map(|(r, c)| (t.group, t.item, r, c)))
    }
}

/// One row of the feature-map panel: its caption and the values of all its maps, channel after channel.
pub struct MapRow<'a> {
    pub label: &'a str,
    pub values: &'a [f64],
    /// Channels, height and width of the maps.
    pub shape: (usize, usize, usize),
}

/// Paints the feature-map panel: the input (`caption` over it) and every row of maps on its own
/// symmetric scale, each row under the caller's `row_caption(label, maps, h, w)` ("conv 3×3 → 8 maps 6×6").
pub fn paint_feature_maps(
    g: &web_sys::CanvasRenderingContext2d,
    l: &FeatureMapsLayout,
    input: &[f64],
    caption: &str,
    rows: &[MapRow],
    lut: &Lut,
    row_caption: impl Fn(&str, usize, usize, usize) -> String,
) {
    g.set_font(&label_font());
    paint_tile(g, &l.input, input, ink);
    g.set_fill_style_str("#5b6475");
    g.fill_text(caption, l.input.x, l.text - 2.0).ok();
    for (r, row) in rows.iter().enumerate() {
        let (scale, _) = symmetric_scale(row.values.iter());
        let (c, h, w) = row.shape;
        let area = h * w;
        for tl in l.maps.iter().filter(|tl| tl.group == r) {
            let m = row.values.get(tl.item * area..(tl.item + 1) * area).unwrap_or(&[]);
            paint_diverging(g, tl, m, scale, lut);
        }
        if let Some(first) = l.maps.iter().find(|tl| tl.group == r) {
            g.set_fill_style_str("#1d2330");
            g.fill_text(&row_caption(row.label, c, h, w), 0.0, first.y - 4.0).ok();
        }
    }
}

/// Where the hand-made kernel's map goes: cells of at most 96 px together, the caption under them.
pub fn handmade_layout(out_h: usize, out_w: usize) -> (Tile, f64) {
    let cell = (96.0 / out_w.max(out_h) as f64).floor();
    (Tile { group: 0, item: 0, sub: 0, x: 1.0, y: 1.0, cell, w: out_w, h: out_h }, cell * out_h as f64 + 18.0)
}

/// Paints the hand-made kernel's feature map and its caption: the caller's `caption(max)` of the scale ±max.
pub fn paint_handmade(g: &web_sys::CanvasRenderingContext2d, tile: &Tile, map: &[f64], lut: &Lut, caption: impl Fn(f64) -> String) {
    let (scale, m) = symmetric_scale(map.iter());
    paint_diverging(g, tile, map, scale, lut);
    g.set_font(&label_font());
    g.set_fill_style_str("#5b6475");
    g.fill_text(&caption(m), 1.0, tile.cell * tile.h as f64 + 14.0).ok();
}

/// Where the convolution stepper's pieces go: the padded image (padding cells
/// in grey) on the left, the feature map it fills on the right, each under its
/// caption.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepperLayout {
    pub geometry: ConvGeometry,
    /// Side of an image cell.
    pub cell: f64,
    /// Rows and columns drawn of the padded image (the window's reach, at least the image).
    pub padded_rows: usize,
    pub padded_cols: usize,
    /// Side of a feature-map cell and the map's left edge.
    pub map_cell: f64,
    pub map_x: f64,
    /// The picture's height.
    pub height: f64,
}

impl StepperLayout {
    /// Left edge of the padded image, and top of both grids.
    pub const LEFT: f64 = 4.0;
    pub const TOP: f64 = 18.0;

    /// Side of an image cell for geometry `g` (at most 26 px, the padded image at most 240 px tall).
    fn cell_for(g: &ConvGeometry) -> f64 {
        26.0f64.min(240.0 / (g.h + 2 * g.pad_top + 1) as f64).floor()
    }

    /// The picture's height for geometry `g` (whatever the width).
    pub fn height_for(g: &ConvGeometry) -> f64 {
        let pad_h = g.h + 2 * g.pad_top + 1; // a little extra for the bottom/right padding
        Self::cell_for(g) * pad_h as f64 + 30.0
    }

    /// For geometry `g` on a canvas `width` wide.
    pub fn new(g: ConvGeometry, width: f64) -> StepperLayout {
        let cell = Self::cell_for(&g);
        let padded_rows = ((g.out_h - 1) * g.stride + g.k).max(g.h + g.pad_top);
        let padded_cols = ((g.out_w - 1) * g.stride + g.k).max(g.w + g.pad_left);
        // (the map's room is measured with the window's row reach, as the page always has)
        let ph = (g.out_h - 1) * g.stride + g.k;
        let map_cell = cell.min(((width - 4.0 - (ph + 1) as f64 * cell - 30.0) / g.out_w as f64).floor()).max(4.0);
        let map_x = Self::LEFT + (ph.max(g.w + g.pad_left) + 1) as f64 * cell + 20.0;
        StepperLayout { geometry: g, cell, padded_rows, padded_cols, map_cell, map_x, height: Self::height_for(&g) }
    }

    /// The image's grid (without its padding).
    pub fn image(&self) -> Tile {
        let g = &self.geometry;
        let (x, y) = (Self::LEFT + g.pad_left as f64 * self.cell, Self::TOP + g.pad_top as f64 * self.cell);
        Tile { group: 0, item: 0, sub: 0, x, y, cell: self.cell, w: g.w, h: g.h }
    }

    /// The feature map's grid.
    pub fn map(&self) -> Tile {
        let g = &self.geometry;
        Tile { group: 0, item: 0, sub: 0, x: self.map_x, y: Self::TOP, cell: self.map_cell, w: g.out_w, h: g.out_h }
    }

    /// The window's top-left corner and side when its top-left pixel is (`top`, `left`) of the image.
    pub fn window(&self, top: isize, left: isize) -> (f64, f64, f64) {
        let t = self.image();
        (t.x + left as f64 * self.cell, t.y + top as f64 * self.cell, self.geometry.k as f64 * self.cell)
    }
}

/// Paints the stepper at position `index`: the padded image with the window at
/// `step` (its pixels written in when cells are wide enough), and the feature
/// map `map` filled up to `index` (given as a pair) on its symmetric scale; `captions` (the image's,
/// the map's) are the caller's words.
pub fn paint_stepper(
    ctx: &web_sys::CanvasRenderingContext2d,
    l: &StepperLayout,
    image: &[f64],
    step: &ConvStep,
    (map, index): (&[f64], usize),
    lut: &Lut,
    captions: [&str; 2],
) {
    let g = &l.geometry;
    let cell = l.cell;
    ctx.set_font(&label_font());
    ctx.set_fill_style_str("#1d2330");
    ctx.fill_text(captions[0], 4.0, 12.0).ok();
    // padding ring
    for y in 0..l.padded_rows {
        for x in 0..l.padded_cols {
            let (iy, ix) = (y as isize - g.pad_top as isize, x as isize - g.pad_left as isize);
            if iy < 0 || ix < 0 || iy >= g.h as isize || ix >= g.w as isize {
                ctx.set_fill_style_str("#e6e8ee");
                ctx.fill_rect(StepperLayout::LEFT + x as f64 * cell, StepperLayout::TOP + y as f64 * cell, cell - 1.0, cell - 1.0);
            }
        }
    }
    paint_tile(ctx, &l.image(), image, ink);
    // window
    let (wx, wy, side) = l.window(step.top, step.left);
    ctx.set_stroke_style_str("#e8850c");
    ctx.set_line_width(3.0);
    ctx.stroke_rect(wx, wy, side, side);
    // the numbers under the window, where a cell holds three characters at a legible 12 px
    if cell >= 24.0 {
        ctx.set_font(&label_font());
        for (j, v) in step.inputs.iter().enumerate() {
            let (ky, kx) = (j / g.k, j % g.k);
            ctx.set_fill_style_str(if *v > 0.5 { "#ffffff" } else { "#1d2330" });
            ctx.fill_text(&super::text::drawn(format!("{v:.1}")), wx + kx as f64 * cell + 3.0, wy + ky as f64 * cell + cell * 0.6).ok();
        }
    }
    // output map, filled up to the current position
    let (scale, _) = symmetric_scale(map.iter());
    ctx.set_font(&label_font());
    ctx.set_fill_style_str("#1d2330");
    ctx.fill_text(captions[1], l.map_x, 12.0).ok();
    let shown: Vec<f64> = map.iter().enumerate().map(|(j, &v)| if j <= index { v } else { f64::NAN }).collect();
    let mt = l.map();
    paint_tile(ctx, &mt, &shown, |v| if v.is_nan() { [255, 255, 255] } else { lut.get(scale.map(v)) });
    ctx.set_stroke_style_str("#e8850c");
    ctx.set_line_width(3.0);
    ctx.stroke_rect(mt.x + step.out_x as f64 * mt.cell, mt.y + step.out_y as f64 * mt.cell, mt.cell, mt.cell);
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

    #[test]
    fn feature_maps_sit_under_the_input_and_map_back() {
        let rows = [(8, 6, 6), (8, 6, 6), (8, 3, 3), (20, 2, 2)];
        let l = FeatureMapsLayout::new(8, 8, &rows, 400.0, 12.0);
        assert_eq!(l.maps.len(), 8 + 8 + 8 + 16, "at most 16 maps a row");
        let input_bottom = l.input.y + l.input.height();
        assert!(l.maps.iter().all(|t| t.y > input_bottom && t.x + t.width() <= 400.0 && t.y + t.height() <= l.height));
        for t in &l.maps {
            assert_eq!(l.map_at(t.x + t.cell * 0.5, t.y + t.cell * 1.5), Some((t.group, t.item, 1, 0)));
        }
        assert_eq!(l.map_at(l.input.x + 1.0, l.input.y + 1.0), None, "the input is not a map");
        // rows go down the page
        let top = |r: usize| l.maps.iter().find(|t| t.group == r).unwrap().y;
        assert!(top(0) < top(1) && top(1) < top(2) && top(2) < top(3));
        let (tile, h) = handmade_layout(8, 8);
        assert_eq!((tile.cell, tile.width()), (12.0, 96.0));
        assert!(tile.y + tile.height() + 14.0 <= h, "the caption is inside");
    }

    #[test]
    fn the_stepper_fits_and_its_grids_map_back() {
        use crate::engine::conv::Padding;
        for (h, k, stride, padding) in
            [(8, 3, 1, Padding::Valid), (8, 3, 2, Padding::Same), (12, 5, 1, Padding::Same), (6, 2, 3, Padding::Valid)]
        {
            let g = ConvGeometry::new(h, h, k, stride, padding).unwrap();
            let l = StepperLayout::new(g, 560.0);
            let (img, map) = (l.image(), l.map());
            // the padded image, then the map to its right, all inside the canvas
            let padded_right = StepperLayout::LEFT + l.padded_cols as f64 * l.cell;
            assert!(padded_right < map.x, "{h} {k} {stride}: the map starts after the padded image");
            assert!(map.x + map.width() <= 560.0, "{h} {k} {stride}: the map ends at {}", map.x + map.width());
            assert!(img.y + img.height() <= l.height && map.y + map.height() <= l.height);
            assert!(l.padded_rows >= g.h + g.pad_top && l.padded_cols >= g.w + g.pad_left);
            // each window position lands on the map cell it fills, and its window on the pixels it reads
            for i in 0..g.positions() {
                let s = g.step(&vec![0.0; h * h], &vec![0.0; k * k], 0.0, i).unwrap();
                let c = map.cell;
                assert_eq!(map.hit(map.x + (s.out_x as f64 + 0.5) * c, map.y + (s.out_y as f64 + 0.5) * c), Some((s.out_y, s.out_x)));
                let (wx, wy, side) = l.window(s.top, s.left);
                assert_eq!(side, k as f64 * l.cell);
                let inside = img.hit(wx + l.cell / 2.0, wy + l.cell / 2.0);
                let expect = (s.top >= 0 && s.left >= 0).then_some((s.top as usize, s.left as usize));
                assert_eq!(inside, expect, "position {i}: the window's first pixel");
            }
        }
        // an 8×8 image, 3×3 kernel, stride 1, no padding: 26 px cells (the numbers are written in)
        let l = StepperLayout::new(ConvGeometry::new(8, 8, 3, 1, Padding::Valid).unwrap(), 560.0);
        assert_eq!((l.cell, l.height), (26.0, 26.0 * 9.0 + 30.0));
    }
}
