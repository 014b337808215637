//! Painting the network diagram on its three stacked canvases: the weight
//! lines (bottom), the error signals δ flowing backwards along them while the
//! backprop stepper shows them (middle), and the neurons' heatmaps (top).
//!
//! Heatmaps: every neuron's grid goes into one atlas `ImageData`, put once on
//! an offscreen canvas, then `drawImage`d tile by tile onto the diagram canvas.

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::engine::dense::network::Network;
use crate::engine::math::real::Real;
use crate::render::canvas;
use crate::render::heatmap::Scale;
use crate::render::network_layout::{weight_width, Hit, NetLayout};
use crate::render::palette::{css, Lut, NEG, POS};

type Point = (f64, f64);

/// How much thicker lines are in presenter mode (seen from the back of a room).
pub const PRESENTER_THICKER: f64 = 1.75;

/// The weight lines of a network in a layout, as painted: each line's style
/// quantised (sign, opacity, width — so a repaint happens only on a visible
/// change) and its ends; the hovered line; the canvas size; whether lines are
/// drawn thicker (presenter mode).
#[derive(Clone, Default, PartialEq)]
pub struct Lines {
    styled: Vec<(u32, Point, Point)>,
    /// Sign (1 = negative), width and ends of the hovered line.
    hovered: Option<(u32, f64, Point, Point)>,
    /// Every tile's top-left corner and side (their frames are drawn here).
    tiles: Vec<(f64, f64, f64)>,
    size: (u32, u32),
    thick: bool,
    /// Skip connections: the two columns' bottom centres (an arc below the tiles joins them).
    skips: Vec<(Point, Point)>,
    /// Normalized columns: left edge, top, bottom, and the label ("BN", "LN").
    norms: Vec<(f64, f64, f64, &'static str)>,
}

/// The colour of skip arcs and normalization markers (neither a weight sign's blue nor orange).
const OPTION_COLOUR: &str = "rgb(118,72,196)";

/// Least time between two restyles of the weight lines while training, ms (about
/// 16 a second: stroking every line is the costliest canvas work of a frame on a
/// slow device; the heatmaps carry the motion in between).
pub const LINES_MS: f64 = 60.0;

impl Lines {
    /// Whether `next` must be stroked now, `self` having been stroked `since_ms` ago:
    /// only on a change, and while `playing` a change of styles alone waits
    /// [`LINES_MS`]; a new shape, size or hover, or any change while paused (a
    /// step, an edit), is stroked at once.
    pub fn due(&self, next: &Lines, playing: bool, since_ms: f64) -> bool {
        self != next && (!playing || since_ms >= LINES_MS || !self.only_restyled(next))
    }

    /// The lines of `net` in layout `lay`; `hover` marks one.
    pub fn of<R: Real>(net: &Network<R>, lay: &NetLayout, hover: Option<Hit>, size: (u32, u32), thick: bool) -> Lines {
        let tiles = lay.columns.iter().flat_map(|c| c.ys.iter().map(|&y| (c.x, y, lay.tile))).collect();
        let mut out = Lines { size, tiles, thick, ..Lines::default() };
        for (l, layer) in net.layers.iter().enumerate() {
            let wts = &layer.weights;
            for from in 0..layer.n_in() {
                for to in 0..layer.n_out() {
                    let wv = wts[[from, to]].f64();
                    let Some((p, q)) = lay.edge(l, from, to) else { continue };
                    let sign = u32::from(wv < 0.0);
                    let alpha_q = if wv.is_finite() { (wv.abs().min(1.0) * 8.0).round() as u32 } else { 0 };
                    let width_q = (weight_width(wv) * 2.0).round() as u32;
                    out.styled.push(((sign << 16) | (alpha_q << 8) | width_q, p, q));
                    if hover == Some(Hit::Weight { layer: l, from, to }) {
                        out.hovered = Some((sign, weight_width(wv), p, q));
                    }
                }
            }
            let (Some(before), Some(col)) = (lay.columns.get(l), lay.columns.get(l + 1)) else { continue };
            let bottom = |c: &crate::render::network_layout::Column| c.ys.last().map_or(0.0, |y| y + lay.tile);
            if layer.skip {
                out.skips.push(((before.x + lay.tile / 2.0, bottom(before)), (col.x + lay.tile / 2.0, bottom(col))));
            }
            if let Some(n) = &layer.norm {
                out.norms.push((col.x, col.ys.first().copied().unwrap_or(0.0), bottom(col), n.kind.short()));
            }
        }
        out
    }

    /// Whether `self` and `other` differ only in line styles (same shape,
    /// size and hover): such a change may wait for the next restyle.
    pub fn only_restyled(&self, other: &Lines) -> bool {
        self.tiles == other.tiles
            && self.hovered == other.hovered
            && self.size == other.size
            && self.thick == other.thick
            && self.skips == other.skips
            && self.norms == other.norms
    }

    /// Strokes the lines on `cv` (cleared first), one path per style.
    pub fn paint(&self, cv: &HtmlCanvasElement, ratio: f64) {
        let Some(g) = canvas::context_2d(cv) else { return };
        g.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
        g.clear_rect(0.0, 0.0, self.size.0 as f64, self.size.1 as f64);
        g.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
        let k = if self.thick { PRESENTER_THICKER } else { 1.0 };
        let mut sorted = self.styled.clone();
        sorted.sort_unstable_by_key(|l| l.0);
        for group in sorted.chunk_by(|a, b| a.0 == b.0) {
            let key = group[0].0;
            let [r, gg, b] = if key >> 16 == 1 { NEG } else { POS };
            let alpha = 0.2 + 0.8 * ((key >> 8) & 0xff) as f64 / 8.0;
            g.set_stroke_style_str(&format!("rgba({r},{gg},{b},{alpha:.3})"));
            g.set_line_width(k * (key & 0xff) as f64 / 2.0);
            g.begin_path();
            for &(_, (x0, y0), (x1, y1)) in group {
                g.move_to(x0, y0);
                g.line_to(x1, y1);
            }
            g.stroke();
        }
        // a thin frame just outside every tile (the tiles' canvas covers the inside)
        g.set_stroke_style_str("rgba(29,35,48,0.35)");
        g.set_line_width(k);
        g.begin_path();
        for &(x, y, side) in &self.tiles {
            g.rect(x - 0.5, y - 0.5, side + 1.0, side + 1.0);
        }
        g.stroke();
        self.paint_options(&g, k);
        if let Some((sign, width, (x0, y0), (x1, y1))) = self.hovered {
            g.set_stroke_style_str(&css(if sign == 1 { NEG } else { POS }));
            g.set_line_width(k * width + 3.0);
            g.begin_path();
            g.move_to(x0, y0);
            g.line_to(x1, y1);
            g.stroke();
        }
    }
}

impl Lines {
    /// Skip connections as arcs below the tiles (with an arrowhead at the
    /// layer they feed), normalizations as a bar beside the column with its label.
    fn paint_options(&self, g: &CanvasRenderingContext2d, k: f64) {
        g.set_stroke_style_str(OPTION_COLOUR);
        g.set_fill_style_str(OPTION_COLOUR);
        let max_y = self.size.1 as f64;
        for &((x0, y0), (x1, y1)) in &self.skips {
            let (s0, s1) = ((x0, y0 + 4.0), (x1, y1 + 4.0));
            let depth = (0.25 * (x1 - x0)).clamp(18.0, 46.0);
            let cy = (s0.1.max(s1.1) + depth).min(max_y * 2.0);
            g.set_line_width(2.5 * k);
            g.begin_path();
            g.move_to(s0.0, s0.1);
            g.bezier_curve_to(s0.0, cy, s1.0, cy, s1.0, s1.1 + 6.0);
            g.stroke();
            // arrowhead pointing up into the layer's column
            let a = 6.0 * k;
            g.begin_path();
            g.move_to(s1.0, s1.1);
            g.line_to(s1.0 - a, s1.1 + a * 1.4);
            g.line_to(s1.0 + a, s1.1 + a * 1.4);
            g.close_path();
            g.fill();
        }
        for &(x, top, bottom, label) in &self.norms {
            g.set_line_width(3.0 * k);
            g.begin_path();
            g.move_to(x - 6.0, top);
            g.line_to(x - 6.0, bottom);
            g.stroke();
            g.set_font(&format!("bold {}px sans-serif", (11.0 * k).round()));
            g.set_text_align("right");
            g.set_text_baseline("top");
            g.fill_text(label, x - 9.0, top).ok();
        }
    }
}

/// What the heatmap canvas is painted from: the layout, the column sizes
/// (inputs, hidden layers, outputs), the hovered element, and each tile's
/// values with their colour scale (`tile(column, index)`).
pub struct Tiles<'a, F: Fn(usize, usize) -> (&'a [f32], Scale)> {
    pub lay: &'a NetLayout,
    pub sizes: &'a [usize],
    pub hover: Option<Hit>,
    /// Side of a tile's square grid, in values.
    pub grid: usize,
    pub tile: F,
}

/// Paints every neuron's heatmap (and the hovered one, enlarged) on `cv`, a
/// transparent canvas over the lines' canvas, sized `size` device pixels.
pub fn paint_tiles<'a, F: Fn(usize, usize) -> (&'a [f32], Scale)>(
    cv: &HtmlCanvasElement,
    atlas: &HtmlCanvasElement,
    t: &Tiles<'a, F>,
    (size, ratio): ((u32, u32), f64),
    lut: &Lut,
    buf: &mut Vec<u8>,
) -> Option<()> {
    let (lay, sizes, grid) = (t.lay, t.sizes, t.grid);
    let g = canvas::context_2d(cv)?;
    g.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
    g.clear_rect(0.0, 0.0, size.0 as f64, size.1 as f64);
    g.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
    let (cw, ch) = (size.0 as f64 / ratio, size.1 as f64 / ratio);

    // every tile's pixels into one atlas row: tile k occupies columns k*grid..(k+1)*grid.
    // The tiles are gathered first and the pixels written by slices, with no call and no
    // index arithmetic across tiles in the loop. (In WebKitGTK 2.50 the old loop now and then
    // panicked with a tile offset no tile has: "range start index 423,720,852", 4 × an odd
    // number, where every offset is a multiple of 160. Not seen since in 24 runs, but the
    // same defect shows elsewhere: see the top of tests/cross/run.mjs.)
    let tiles: Vec<(&[f32], Scale)> =
        sizes.iter().enumerate().flat_map(|(c, &n)| (0..n).map(move |j| (c, j))).map(|(c, j)| (t.tile)(c, j)).collect();
    let row_px = tiles.len() * grid;
    buf.resize(row_px * grid * 4, 255);
    for (r, row) in buf.chunks_exact_mut((row_px * 4).max(1)).enumerate().take(grid) {
        for ((vals, scale), dst) in tiles.iter().zip(row.chunks_exact_mut((grid * 4).max(1))) {
            let Some(src) = vals.get(r * grid..(r + 1) * grid).filter(|_| vals.len() == grid * grid) else { continue };
            for (px, &v) in dst.chunks_exact_mut(4).zip(src) {
                let [rr, gg, bb] = lut.get(scale.map(f64::from(v)));
                px.copy_from_slice(&[rr, gg, bb, 255]);
            }
        }
    }
    canvas::set_backing_size(atlas, row_px as u32, grid as u32);
    let ag = canvas::context_2d(atlas)?;
    crate::render::heatmap::put(&ag, buf, row_px as u32, 0.0, 0.0);

    // tiles are drawn at most at the heatmaps' size: smoothing would only cost
    // time (a filtered copy) without changing how a smooth field looks
    g.set_image_smoothing_enabled(lay.tile * ratio > grid as f64);
    let copy = |k: usize, x: f64, y: f64, side: f64| {
        g.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            atlas,
            (k * grid) as f64,
            0.0,
            grid as f64,
            grid as f64,
            x,
            y,
            side,
            side,
        )
        .ok();
    };
    let mut k = 0;
    for (c, col) in lay.columns.iter().enumerate() {
        for (j, &y) in col.ys.iter().enumerate() {
            copy(k, col.x, y, lay.tile);
            if t.hover == Some(Hit::Neuron { column: c, index: j }) {
                g.set_stroke_style_str("#1d2330");
                g.set_line_width(2.5);
                g.stroke_rect(col.x, y, lay.tile, lay.tile);
            }
            k += 1;
        }
    }
    // the hovered neuron, enlarged beside itself
    if let Some(Hit::Neuron { column, index }) = t.hover {
        let first_tile: usize = sizes[..column].iter().sum::<usize>() + index;
        if let (Some(col), true) = (lay.columns.get(column), index < sizes[column]) {
            let big = (lay.tile * 3.5).min(ch - 4.0).max(lay.tile);
            let right = col.x + lay.tile + 10.0;
            let x = if right + big <= cw { right } else { (col.x - 10.0 - big).max(0.0) };
            let y = (col.ys[index] + lay.tile / 2.0 - big / 2.0).clamp(0.0, (ch - big).max(0.0));
            g.set_image_smoothing_enabled(true);
            copy(first_tile, x, y, big);
            g.set_stroke_style_str("#1d2330");
            g.set_line_width(2.0);
            g.stroke_rect(x, y, big, big);
        }
    }
    Some(())
}

/// How long the error signals take to cross one layer, ms.
pub const FLOW_LAYER_MS: f64 = 1200.0;

/// Where the flow of error signals is at `now_ms`, for a net of `n_layers`
/// layers: the layer whose weights the signals are crossing (the output
/// layer's first, then backwards) and how far along, 0 (at the neuron the
/// weight feeds) to 1 (at the neuron it comes from). The flow loops, with a
/// pause of one layer's time at the inputs.
pub fn flow_phase(now_ms: f64, n_layers: usize) -> Option<(usize, f64)> {
    if n_layers == 0 || !now_ms.is_finite() {
        return None;
    }
    let t = now_ms.rem_euclid(FLOW_LAYER_MS * (n_layers + 1) as f64) / FLOW_LAYER_MS;
    let step = t.floor() as usize;
    (step < n_layers).then(|| (n_layers - 1 - step, t - step as f64))
}

/// The moment the flow stands still at when motion is reduced: every δ known and ringed,
/// the dots halfway along the first layer's weights.
pub fn flow_still_ms(n_layers: usize) -> f64 {
    FLOW_LAYER_MS * (n_layers as f64 - 0.5)
}

/// Paints the error signals δ flowing backwards at `now_ms` on `cv` (cleared
/// first): along every weight of the layer being crossed, a dot travels from
/// the neuron the weight feeds back to the neuron it comes from, carrying
/// `w × δ` (its share of that neuron's own δ): its area grows with `|w × δ|`
/// and its colour is the sign. The neurons whose δ is known are ringed in
/// their δ's colour. `deltas[l][j]` is the δ of neuron `j` of layer `l`.
pub fn paint_flow<R: Real>(
    cv: &HtmlCanvasElement,
    lay: &NetLayout,
    net: &Network<R>,
    deltas: &[Vec<f64>],
    now_ms: f64,
    (size, ratio): ((u32, u32), f64),
) -> Option<()> {
    let g = canvas::context_2d(cv)?;
    g.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
    g.clear_rect(0.0, 0.0, size.0 as f64, size.1 as f64);
    g.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
    let n = net.layers.len().min(deltas.len());
    let Some((layer, u)) = flow_phase(now_ms, n) else { return Some(()) };
    let thick = if canvas::presenter() { PRESENTER_THICKER } else { 1.0 };
    // neurons whose δ is known by now: the layer being crossed and every one after it
    for (l, d) in deltas.iter().enumerate().take(n).skip(layer) {
        let Some(col) = lay.columns.get(l + 1) else { continue };
        ring(&g, lay, col.x, &col.ys, d, thick);
    }
    let w = &net.layers[layer].weights;
    let d = &deltas[layer];
    let carried = |from: usize, to: usize| w[[from, to]].f64() * d.get(to).copied().unwrap_or(0.0);
    let biggest = (0..w.nrows())
        .flat_map(|i| (0..w.ncols()).map(move |j| (i, j)))
        .map(|(i, j)| carried(i, j).abs())
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    for from in 0..w.nrows() {
        for to in 0..w.ncols() {
            let Some(((x0, y0), (x1, y1))) = lay.edge(layer, from, to) else { continue };
            let v = carried(from, to);
            if !v.is_finite() {
                continue;
            }
            let share = if biggest > 0.0 { (v.abs() / biggest).sqrt() } else { 0.0 };
            let r = thick * (1.5 + 4.5 * share);
            let (x, y) = (x1 + (x0 - x1) * u, y1 + (y0 - y1) * u);
            g.set_fill_style_str(&css(if v < 0.0 { NEG } else { POS }));
            g.begin_path();
            g.arc(x, y, r, 0.0, std::f64::consts::TAU).ok();
            g.fill();
            g.set_stroke_style_str("rgba(29,35,48,0.6)");
            g.set_line_width(1.0);
            g.stroke();
        }
    }
    Some(())
}

/// Rings the tiles of one column in the colour of each neuron's δ.
fn ring(g: &CanvasRenderingContext2d, lay: &NetLayout, x: f64, ys: &[f64], deltas: &[f64], thick: f64) {
    for (&y, &d) in ys.iter().zip(deltas) {
        if !d.is_finite() || d == 0.0 {
            continue;
        }
        g.set_stroke_style_str(&css(if d < 0.0 { NEG } else { POS }));
        g.set_line_width(3.0 * thick);
        g.stroke_rect(x - 3.0, y - 3.0, lay.tile + 6.0, lay.tile + 6.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn while_training_restyles_wait_but_shapes_hovers_and_pauses_do_not() {
        let line = |style: u32| (style, (0.0, 0.0), (10.0, 10.0));
        let a = Lines { styled: vec![line(3)], size: (100, 100), ..Lines::default() };
        let restyled = Lines { styled: vec![line(5)], ..a.clone() };
        let resized = Lines { size: (120, 100), ..restyled.clone() };
        let hovered = Lines { hovered: Some((0, 1.0, (0.0, 0.0), (10.0, 10.0))), ..restyled.clone() };
        // nothing changed: never
        assert!(!a.due(&a, true, 1e9) && !a.due(&a, false, 1e9));
        // a restyle while training waits LINES_MS, then comes
        assert!(!a.due(&restyled, true, 0.0));
        assert!(!a.due(&restyled, true, LINES_MS - 1.0));
        assert!(a.due(&restyled, true, LINES_MS));
        // paused (a step, an edit): at once
        assert!(a.due(&restyled, false, 0.0));
        // a new size or hover: at once, even while training
        assert!(a.due(&resized, true, 0.0));
        assert!(a.due(&hovered, true, 0.0));
        // at most about 16 restyles a second while training, at least 15
        assert!((15.0..=20.0).contains(&(1000.0 / LINES_MS)));
    }

    #[test]
    fn the_flow_crosses_the_layers_backwards_then_rests() {
        // three layers: output layer (2) first, then 1, then 0, then a pause
        assert_eq!(flow_phase(0.0, 3), Some((2, 0.0)));
        assert_eq!(flow_phase(FLOW_LAYER_MS * 0.5, 3), Some((2, 0.5)));
        assert_eq!(flow_phase(FLOW_LAYER_MS * 1.25, 3), Some((1, 0.25)));
        assert_eq!(flow_phase(FLOW_LAYER_MS * 2.0, 3), Some((0, 0.0)));
        assert_eq!(flow_phase(FLOW_LAYER_MS * 3.5, 3), None);
        assert_eq!(flow_phase(FLOW_LAYER_MS * 4.0, 3), Some((2, 0.0)));
        assert_eq!(flow_phase(5.0, 0), None);
        // reduced motion: the still frame crosses the first layer, so every δ is ringed
        assert_eq!(flow_phase(flow_still_ms(3), 3), Some((0, 0.5)));
        assert_eq!(flow_phase(flow_still_ms(1), 1), Some((0, 0.5)));
    }
}
