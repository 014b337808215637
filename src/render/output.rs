//! The playground's output panel and data thumbnails: where the square plot sits
//! on its canvas and how a point of the canvas maps to the data's coordinates
//! (pure, tested natively), and the painting of its still layer (points, frame,
//! axes) and of the first layer's lines over the prediction.

use web_sys::CanvasRenderingContext2d;

use super::canvas::label_font;
use super::points;
use crate::engine::data::Dataset;

/// The square plot on a canvas: left, top and side in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotBox {
    pub x0: f64,
    pub y0: f64,
    pub size: f64,
}

impl PlotBox {
    /// Where the square plot sits on a canvas of CSS size `cw × ch`: 30 px for the
    /// x₂ labels on the left, 32 px for the x₁ labels and name below, 6 px elsewhere.
    pub fn new(cw: f64, ch: f64) -> PlotBox {
        let (pad_l, pad_b) = (30.0, 32.0);
        let size = (cw - pad_l - 6.0).min(ch - pad_b - 6.0).max(10.0);
        PlotBox { x0: pad_l, y0: 6.0, size }
    }

    /// The data point (x₁, x₂) under canvas point (px, py), for data in ±`extent`.
    pub fn to_data(&self, px: f64, py: f64, extent: f64) -> (f64, f64) {
        let e = extent;
        (-e + (px - self.x0) / self.size * 2.0 * e, e - (py - self.y0) / self.size * 2.0 * e)
    }

    /// Where data point (x₁, x₂) is drawn, for data in ±`extent`.
    pub fn to_px(&self, x1: f64, x2: f64, extent: f64) -> (f64, f64) {
        let e = extent;
        (self.x0 + (x1 + e) / (2.0 * e) * self.size, self.y0 + (e - x2) / (2.0 * e) * self.size)
    }
}

/// Tick labels along the axes, in data units.
pub fn paint_axes(g: &CanvasRenderingContext2d, b: &PlotBox, extent: f64) {
    let (x0, y0, size) = (b.x0, b.y0, b.size);
    g.set_fill_style_str("#5b6475");
    g.set_font(&label_font());
    let ticks = [-extent, -extent / 2.0, 0.0, extent / 2.0, extent];
    for (i, t) in ticks.iter().enumerate() {
        let f = i as f64 / 4.0;
        let label = super::text::drawn(format!("{}", (t * 10.0).round() / 10.0));
        g.set_text_align(match i {
            0 => "left",
            4 => "right",
            _ => "center",
        });
        g.fill_text(&label, x0 + f * size, y0 + size + 14.0).ok();
        g.set_text_align("right");
        let nudge = match i {
            0 => 0.0,
            4 => 9.0,
            _ => 4.0,
        };
        g.fill_text(&label, x0 - 4.0, y0 + size - f * size + nudge).ok();
    }
    g.set_text_align("center");
    g.fill_text("X₁", x0 + size / 2.0, y0 + size + 28.0).ok();
}

/// The output's still layer: the training points (and the test points, hollow,
/// when `show_test`), unless the data is `empty`, then the frame and the axes.
pub fn paint_still_layer(g: &CanvasRenderingContext2d, b: &PlotBox, d: &Dataset, show_test: bool, empty: bool) {
    let (x0, y0, size) = (b.x0, b.y0, b.size);
    let r = if d.kind.is_truth_table() { 9.0 } else { (size / 80.0).clamp(3.0, 5.0) };
    if !empty {
        points::draw(g, &d.train, d.task, d.extent, x0, y0, size, r, false);
    }
    if show_test && !empty {
        points::draw(g, &d.test, d.task, d.extent, x0, y0, size, r, true);
    }
    g.set_stroke_style_str("rgba(29,35,48,0.4)");
    g.set_line_width(1.0);
    g.stroke_rect(x0, y0, size, size);
    paint_axes(g, b, d.extent);
}

/// The line each first-layer neuron draws (where its weighted sum `w1·x₁ + w2·x₂ + b`
/// is 0) over the output, for data in ±`extent`: solid for a lone output neuron,
/// dashed and numbered h1, h2, … for `hidden` neurons (lessons 1–4).
pub fn paint_neuron_lines(
    g: &CanvasRenderingContext2d,
    b: &PlotBox,
    extent: f64,
    lines: impl IntoIterator<Item = (f64, f64, f64)>,
    hidden: bool,
) {
    let e = extent;
    g.set_line_width(if hidden { 2.5 } else { 3.0 });
    g.set_stroke_style_str("#1d2330");
    g.set_fill_style_str("#1d2330");
    g.set_font("bold 14px system-ui, sans-serif");
    for (j, (w1, w2, bias)) in lines.into_iter().enumerate() {
        let Some((a, bb)) = super::boundary::line_in_square(w1, w2, bias, e) else { continue };
        let (pa, pb) = (b.to_px(a.0, a.1, e), b.to_px(bb.0, bb.1, e));
        let dash = js_sys::Array::new();
        if hidden {
            dash.push(&wasm_bindgen::JsValue::from_f64(8.0));
            dash.push(&wasm_bindgen::JsValue::from_f64(6.0));
        }
        g.set_line_dash(&dash).ok();
        g.begin_path();
        g.move_to(pa.0, pa.1);
        g.line_to(pb.0, pb.1);
        g.stroke();
        if hidden {
            // name the line at its middle
            let (mx, my) = ((pa.0 + pb.0) / 2.0, (pa.1 + pb.1) / 2.0);
            g.fill_text(&format!("h{}", j + 1), mx + 6.0, my - 6.0).ok();
        }
    }
    g.set_line_dash(&js_sys::Array::new()).ok();
}

/// A data set's thumbnail on a canvas `w × h` backing pixels: a grey ground and its
/// training points (big dots for a truth table's four).
pub fn paint_thumbnail(g: &CanvasRenderingContext2d, w: f64, h: f64, d: &Dataset) {
    g.set_fill_style_str("#f7f7f7");
    g.fill_rect(0.0, 0.0, w, h);
    let size = w.min(h);
    let r = if d.kind.is_truth_table() { size / 10.0 } else { size / 40.0 };
    points::draw(g, &d.train, d.task, d.extent, 0.0, 0.0, size, r.max(1.5), false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plot_is_square_inside_its_canvas_and_leaves_room_for_the_labels() {
        for &(cw, ch) in &[(500.0, 500.0), (700.0, 420.0), (300.0, 600.0), (20.0, 20.0)] {
            let b = PlotBox::new(cw, ch);
            assert_eq!((b.x0, b.y0), (30.0, 6.0));
            if cw > 60.0 {
                assert!(b.x0 + b.size <= cw - 6.0 && b.y0 + b.size + 32.0 <= ch, "{cw}×{ch}: {b:?}");
                assert!(b.x0 + b.size == cw - 6.0 || b.y0 + b.size + 32.0 == ch, "{cw}×{ch}: as large as fits");
            } else {
                assert_eq!(b.size, 10.0, "never smaller than 10 px");
            }
        }
    }

    #[test]
    fn a_point_of_the_canvas_maps_to_the_data_and_back() {
        let b = PlotBox::new(500.0, 500.0);
        let e = 6.0;
        assert_eq!(b.to_data(b.x0, b.y0, e), (-e, e), "the top-left corner");
        assert_eq!(b.to_data(b.x0 + b.size, b.y0 + b.size, e), (e, -e), "the bottom-right corner");
        assert_eq!(b.to_data(b.x0 + b.size / 2.0, b.y0 + b.size / 2.0, e), (0.0, 0.0));
        for &(x1, x2) in &[(1.5, -2.0), (-6.0, 6.0), (0.25, 5.5)] {
            let (px, py) = b.to_px(x1, x2, e);
            let (a, c) = b.to_data(px, py, e);
            assert!((a - x1).abs() < 1e-12 && (c - x2).abs() < 1e-12, "({x1}, {x2}) came back as ({a}, {c})");
        }
    }
}
