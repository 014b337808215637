//! The recurrent view's canvases. The net unrolled over time: one row per time
//! step — the step's label, its input, the hidden state as a row of cells, the
//! output, the target — and the recurrent matrix W_h as a heatmap. Each has a
//! pure layout (where each piece goes in CSS pixels, and which piece is under a
//! point; tested natively) and a `paint_…` function that draws it on a 2-D canvas.

use web_sys::CanvasRenderingContext2d;

use super::canvas::label_font;
use super::palette::{css, diverging};
use crate::engine::rnn::net::Trace;
use crate::engine::text::number;

const INK: &str = "#1d2330";
const MUTED: &str = "#5b6475";
const RIGHT: &str = "#1f6fd1";
const WRONG: &str = "#c83e4d";

/// Where the pieces of the unrolled picture go (CSS pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnrolledLayout {
    /// Side of one cell (input, hidden unit, output).
    pub cell: f64,
    /// Height of one time step's row (cell + gap).
    pub row: f64,
    /// Top of the first step's row (below the header).
    pub top: f64,
    /// Left of the input cell.
    pub x_input: f64,
    /// Left of the first hidden cell.
    pub x_hidden: f64,
    /// Left of the output cell.
    pub x_output: f64,
    /// Left of the output's number, the target and the right/wrong mark.
    pub x_out_text: f64,
    pub x_target: f64,
    pub x_mark: f64,
    /// The whole picture's height.
    pub height: f64,
    /// Label size, time steps and hidden units it was laid out for.
    pub text: f64,
    pub steps: usize,
    pub hidden: usize,
}

impl UnrolledLayout {
    /// For `steps` rows of `hidden` units in a canvas `width` wide, with labels
    /// `text` pixels high. Cells are square, between 6 and 30 pixels, smaller
    /// when there are many steps (so 40 steps stay on a screen).
    pub fn new(width: f64, steps: usize, hidden: usize, text: f64) -> UnrolledLayout {
        let label = text * 3.0; // "t=40"
        let arrow = text * 1.6;
        let in_text = text * 3.2; // "−0.53"
        let out_text = text * 4.4; // "−82.64"
        let target = text * 3.2;
        let mark = text * 1.4;
        let fixed = label + in_text + 2.0 * arrow + out_text + target + mark;
        let by_width = (width - fixed) / (hidden as f64 + 2.0);
        let by_height = 480.0 / steps.max(1) as f64 - 2.0;
        let cell = by_width.min(by_height).clamp(6.0, 30.0).floor();
        let gap = (cell * 0.15).clamp(1.0, 4.0).round();
        let row = cell + gap;
        let top = text * 2.6;
        let x_input = label;
        let x_hidden = x_input + cell + in_text + arrow;
        let x_output = x_hidden + hidden as f64 * cell + arrow;
        let x_out_text = x_output + cell + text * 0.4;
        let x_target = x_out_text + out_text;
        let x_mark = x_target + target;
        UnrolledLayout {
            cell,
            row,
            top,
            x_input,
            x_hidden,
            x_output,
            x_out_text,
            x_target,
            x_mark,
            height: top + steps as f64 * row + text * 0.5,
            text,
            steps,
            hidden,
        }
    }

    /// Top of step `t`'s row (0-based).
    pub fn y(&self, t: usize) -> f64 {
        self.top + t as f64 * self.row
    }

    /// The right edge of everything drawn.
    pub fn right(&self, text: f64) -> f64 {
        self.x_mark + text * 1.4
    }

    /// The (step, hidden unit) whose cell is under (x, y), if any.
    pub fn hidden_cell_at(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let (u, t) = ((x - self.x_hidden) / self.cell, (y - self.top) / self.row);
        let in_cell = y - self.y(t.max(0.0) as usize) < self.cell;
        (u >= 0.0 && t >= 0.0 && (u as usize) < self.hidden && (t as usize) < self.steps && in_cell).then_some((t as usize, u as usize))
    }
}

/// What the unrolled picture shows: one training sequence and the net's trace over it.
pub struct UnrolledSequence<'a> {
    /// The input and the target at each step, and whether the step is scored.
    pub inputs: &'a [f64],
    pub targets: &'a [f64],
    pub mask: &'a [bool],
    /// The hidden states and outputs of the net over `inputs`.
    pub trace: &'a Trace,
    /// Inputs are bits (parity, echo): drawn as 0 / 1 on the −1…+1 colours.
    pub bits: bool,
    /// The output is a probability (cross-entropy), judged right or wrong.
    pub binary: bool,
}

/// A value on the diverging scale as a filled cell with a thin frame.
fn cell(g: &CanvasRenderingContext2d, x: f64, y: f64, side: f64, t: f64) {
    g.set_fill_style_str(&css(diverging(t)));
    g.fill_rect(x, y, side, side);
    g.set_stroke_style_str("#c9ced8");
    g.set_line_width(1.0);
    g.stroke_rect(x + 0.5, y + 0.5, side - 1.0, side - 1.0);
}

/// A number as the unrolled picture writes it: bits as 0 / 1, others signed with two decimals.
pub fn num(v: f64, bits: bool) -> String {
    if bits {
        format!("{v:.0}")
    } else {
        let s = super::text::drawn(number(v, 2));
        if v >= 0.0 && v.is_finite() {
            format!("+{s}")
        } else {
            s
        }
    }
}

/// An arrow from (x0, y0) to (x1, y1).
fn arrow(g: &CanvasRenderingContext2d, x0: f64, y0: f64, x1: f64, y1: f64) {
    g.begin_path();
    g.move_to(x0, y0);
    g.line_to(x1, y1);
    g.stroke();
    let (dx, dy) = (x1 - x0, y1 - y0);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let s = 4.0;
    g.begin_path();
    g.move_to(x1, y1);
    g.line_to(x1 - s * ux - s * 0.6 * uy, y1 - s * uy + s * 0.6 * ux);
    g.line_to(x1 - s * ux + s * 0.6 * uy, y1 - s * uy - s * 0.6 * ux);
    g.close_path();
    g.fill();
}

/// The words drawn in the unrolled picture, in the page's language: the caller
/// passes them in (this module knows no language).
#[derive(Clone, Debug, PartialEq)]
pub struct UnrolledWords {
    pub input: String,
    pub output: String,
    pub target: String,
    /// "hidden state" (before "h_t").
    pub hidden_state: String,
    /// "(8 units)".
    pub units: String,
}

impl UnrolledWords {
    /// The English words, for `hidden` units.
    pub fn english(hidden: usize) -> Self {
        UnrolledWords {
            input: "input".into(),
            output: "output".into(),
            target: "target".into(),
            hidden_state: "hidden state".into(),
            units: format!("({hidden} unit{})", if hidden == 1 { "" } else { "s" }),
        }
    }
}

/// The hidden columns' header: the longest wording that fits in `room` pixels
/// at labels `text` high (a phone's narrow canvas gets "h_t", not text running
/// into the output's header).
pub fn hidden_header(w: &UnrolledWords, room: f64, text: f64) -> String {
    let units = &w.units;
    let long = format!("{} h_t {units}", w.hidden_state);
    let mid = format!("h_t {units}");
    // a label character is at most about 0.6 of the text's height wide
    let fits = |s: &str| s.chars().count() as f64 * text * 0.6 <= room;
    [long, mid].into_iter().find(|s| fits(s)).unwrap_or_else(|| "h_t".into())
}

/// Paints the unrolled picture laid out by `l` (the canvas already cleared and in CSS pixels).
pub fn paint_unrolled(g: &CanvasRenderingContext2d, l: &UnrolledLayout, d: &UnrolledSequence, w: &UnrolledWords) {
    let (px, steps, hidden, bits) = (l.text, l.steps, l.hidden, d.bits);
    g.set_font(&label_font());
    g.set_text_baseline("middle");
    // header
    g.set_fill_style_str(MUTED);
    let hy = px * 1.1;
    g.fill_text(&w.input, l.x_input, hy).ok();
    g.fill_text(&hidden_header(w, l.x_output - l.x_hidden, px), l.x_hidden, hy).ok();
    g.fill_text(&w.output, l.x_output, hy).ok();
    g.fill_text(&w.target, l.x_target, hy).ok();
    let c = l.cell;
    for s in 0..steps {
        let y = l.y(s);
        let cy = y + c / 2.0;
        g.set_fill_style_str(MUTED);
        g.fill_text(&format!("t={}", s + 1), 0.0, cy).ok();
        // input
        let xv = d.inputs[s];
        cell(g, l.x_input, y, c, if bits { 2.0 * xv - 1.0 } else { xv });
        g.set_fill_style_str(INK);
        g.fill_text(&num(xv, bits), l.x_input + c + px * 0.3, cy).ok();
        // the state
        let h = d.trace.state(s + 1, hidden);
        for (i, &v) in h.iter().enumerate() {
            cell(g, l.x_hidden + i as f64 * c, y, c, v);
        }
        g.set_stroke_style_str(MUTED);
        g.set_fill_style_str(MUTED);
        g.set_line_width(1.0);
        arrow(g, l.x_hidden - px * 1.3, cy, l.x_hidden - 2.0, cy);
        let hx1 = l.x_hidden + hidden as f64 * c;
        arrow(g, hx1 + 2.0, cy, l.x_output - 2.0, cy);
        // recurrence: this state feeds the next step's (drawn on the right of the state row's left edge)
        if s + 1 < steps {
            let ax = l.x_hidden - px * 0.6;
            arrow(g, ax, y + c * 0.8, ax, y + l.row + c * 0.2);
        }
        // output and target
        let (out, target, scored) = (d.trace.out[s], d.targets[s], d.mask[s]);
        cell(g, l.x_output, y, c, if d.binary { 2.0 * out - 1.0 } else { out });
        g.set_fill_style_str(INK);
        g.fill_text(&if d.binary { super::text::drawn(number(out, 2)) } else { num(out, false) }, l.x_out_text, cy).ok();
        if scored {
            g.fill_text(&num(target, d.binary), l.x_target, cy).ok();
            if d.binary {
                let right = (out >= 0.5) == (target >= 0.5);
                g.set_fill_style_str(if right { RIGHT } else { WRONG });
                g.set_font(&format!("bold {}px system-ui, sans-serif", (px * 1.3).round()));
                g.fill_text(if right { "✓" } else { "✗" }, l.x_mark, cy).ok();
                g.set_font(&label_font());
            }
        } else {
            g.set_fill_style_str(MUTED);
            g.fill_text("—", l.x_target, cy).ok();
        }
    }
}

/// Where the W_h heatmap goes: an `hidden × hidden` grid of square cells under a
/// line of text, with the rows' name turned up the left side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeightsLayout {
    /// Side of one cell.
    pub side: f64,
    /// Top-left corner of the grid.
    pub x0: f64,
    pub y0: f64,
    /// The whole picture's height.
    pub height: f64,
    pub hidden: usize,
    /// Label size.
    pub text: f64,
}

impl WeightsLayout {
    /// For `hidden` units in a canvas `width` wide, with labels `text` pixels high.
    pub fn new(width: f64, hidden: usize, text: f64) -> WeightsLayout {
        let side = ((width - text * 3.0) / hidden as f64).clamp(4.0, 28.0).floor();
        let (x0, y0) = (text * 2.5, text * 1.8);
        WeightsLayout { side, x0, y0, height: y0 + side * hidden as f64 + text * 0.5, hidden, text }
    }

    /// The weight (row i: into unit i, column j: from unit j) under (x, y), if any.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let (j, i) = ((x - self.x0) / self.side, (y - self.y0) / self.side);
        (i >= 0.0 && j >= 0.0 && (i as usize) < self.hidden && (j as usize) < self.hidden).then_some((i as usize, j as usize))
    }
}

/// Paints `w_h` (row-major, `l.hidden` squared) on the diverging scale ±`m`, with its
/// labels in the page's language from the caller: `header` ("from unit j →   colour scale ±0.52")
/// across the top, `side_label` ("into unit i") down the left.
pub fn paint_weights(g: &CanvasRenderingContext2d, l: &WeightsLayout, w_h: &[f64], m: f64, header: &str, side_label: &str) {
    let (h, side, px) = (l.hidden, l.side, l.text);
    let (x0, y0) = (l.x0, l.y0);
    g.set_font(&label_font());
    g.set_text_baseline("middle");
    g.set_fill_style_str(MUTED);
    g.fill_text(header, x0, px * 0.8).ok();
    g.save();
    g.translate(px * 0.9, y0 + side * h as f64 / 2.0).ok();
    g.rotate(-std::f64::consts::FRAC_PI_2).ok();
    g.set_text_align("center");
    g.fill_text(side_label, 0.0, 0.0).ok();
    g.restore();
    for i in 0..h {
        for j in 0..h {
            g.set_fill_style_str(&css(diverging(w_h[i * h + j] / m)));
            g.fill_rect(x0 + j as f64 * side, y0 + i as f64 * side, side, side);
        }
    }
    g.set_stroke_style_str("#c9ced8");
    g.set_line_width(1.0);
    g.stroke_rect(x0 - 0.5, y0 - 0.5, side * h as f64 + 1.0, side * h as f64 + 1.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unrolled_picture_fits_its_canvas() {
        for &(w, steps, hidden) in &[(700.0, 6, 8), (560.0, 40, 32), (420.0, 2, 1), (900.0, 20, 16)] {
            let l = UnrolledLayout::new(w, steps, hidden, 12.0);
            assert!(l.right(12.0) <= w + 0.5 || l.cell == 6.0, "{w} {steps} {hidden}: right edge {} in {w}", l.right(12.0));
            assert!(l.x_input < l.x_hidden && l.x_hidden + hidden as f64 * l.cell < l.x_output, "columns in order");
            assert!((6.0..=30.0).contains(&l.cell));
            assert!(l.height < 700.0, "{steps} steps: {} px tall", l.height);
        }
        // few steps and few units: big cells; many: small ones
        assert_eq!(UnrolledLayout::new(700.0, 6, 8, 12.0).cell, 30.0);
        assert!(UnrolledLayout::new(700.0, 40, 8, 12.0).cell < 14.0);
    }

    #[test]
    fn the_unrolled_hit_test_maps_each_hidden_cell_back() {
        let l = UnrolledLayout::new(700.0, 6, 8, 12.0);
        for t in 0..6 {
            for u in 0..8 {
                let (x, y) = (l.x_hidden + (u as f64 + 0.5) * l.cell, l.y(t) + 0.5 * l.cell);
                assert_eq!(l.hidden_cell_at(x, y), Some((t, u)));
            }
        }
        // the gap between rows, the input cell, and past the last row or unit hit nothing
        assert_eq!(l.hidden_cell_at(l.x_hidden + 1.0, l.y(1) - 0.5), None);
        assert_eq!(l.hidden_cell_at(l.x_input + 1.0, l.y(0) + 1.0), None);
        assert_eq!(l.hidden_cell_at(l.x_hidden + 1.0, l.y(6) + 1.0), None);
        assert_eq!(l.hidden_cell_at(l.x_hidden + 8.0 * l.cell + 1.0, l.y(0) + 1.0), None);
        assert!(l.y(5) + l.cell <= l.height, "the last row is inside the picture");
    }

    #[test]
    fn the_weights_heatmap_fits_and_maps_back() {
        for &(w, h) in &[(300.0, 8), (160.0, 32), (600.0, 1), (120.0, 16)] {
            let l = WeightsLayout::new(w, h, 12.0);
            let right = l.x0 + l.side * h as f64;
            assert!(right <= w || l.side == 4.0, "{w} {h}: right edge {right}");
            assert!(l.y0 + l.side * h as f64 <= l.height);
            for (i, j) in [(0, 0), (h - 1, 0), (0, h - 1), (h - 1, h - 1), (h / 2, h / 3)] {
                let (x, y) = (l.x0 + (j as f64 + 0.5) * l.side, l.y0 + (i as f64 + 0.5) * l.side);
                assert_eq!(l.cell_at(x, y), Some((i, j)), "{w} {h}");
            }
            assert_eq!(l.cell_at(l.x0 - 1.0, l.y0 + 1.0), None);
            assert_eq!(l.cell_at(l.x0 + 1.0, l.y0 + l.side * h as f64 + 1.0), None);
        }
        // the layout the page had: 8 units in 300 px at 12 px labels
        let l = WeightsLayout::new(300.0, 8, 12.0);
        assert_eq!((l.side, l.x0), (28.0, 30.0));
    }

    #[test]
    fn unrolled_numbers_are_bits_or_signed() {
        assert_eq!(num(1.0, true), "1");
        assert_eq!(num(0.5, false), "+0.5");
        assert_eq!(num(-0.25, false), "−0.25");
        assert_eq!(num(f64::NAN, false), "overflowed");
    }

    #[test]
    fn the_hidden_header_fits_its_columns() {
        // a desktop canvas has room for the whole wording; a phone's gets a shorter one
        assert_eq!(hidden_header(&UnrolledWords::english(8), 400.0, 13.0), "hidden state h_t (8 units)");
        assert_eq!(hidden_header(&UnrolledWords::english(8), 110.0, 13.0), "h_t (8 units)");
        assert_eq!(hidden_header(&UnrolledWords::english(1), 30.0, 13.0), "h_t");
        for width in [340.0, 390.0, 600.0, 900.0] {
            for hidden in [1, 4, 8, 16] {
                let l = UnrolledLayout::new(width, 6, hidden, 13.0);
                let h = hidden_header(&UnrolledWords::english(hidden), l.x_output - l.x_hidden, 13.0);
                assert!(h == "h_t" || h.chars().count() as f64 * 13.0 * 0.6 <= l.x_output - l.x_hidden, "{h} at {width}");
            }
        }
    }
}
