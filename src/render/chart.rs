//! Line charts (loss and accuracy curves) drawn with plotters, generic over the
//! backend: the page draws on a `CanvasBackend`, native tests draw to SVG.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The ink of a chart's main curve (the page's text colour).
pub const DARK: RGBColor = RGBColor(0x1d, 0x23, 0x30);

/// One line on a chart.
pub struct Curve<'a> {
    /// Shown in the legend.
    pub label: &'a str,
    pub color: RGBColor,
    /// (x, y) points in x order; non-finite y values are skipped.
    pub points: &'a [(f64, f64)],
    /// Drawn thinner, for a secondary series (e.g. test beside train).
    pub thin: bool,
}

/// How to draw the axes.
pub struct ChartOptions<'a> {
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// Plot log10(y) (values ≤ 0 are skipped); tick labels show y itself.
    pub log_y: bool,
    /// Fixed y range (e.g. 0..1 for accuracy); otherwise fitted to the data.
    pub y_range: Option<(f64, f64)>,
    /// Font size in backend pixels (scale it with devicePixelRatio).
    pub font_px: u32,
}

impl Default for ChartOptions<'_> {
    fn default() -> Self {
        ChartOptions { x_label: "", y_label: "", log_y: false, y_range: None, font_px: 13 }
    }
}

fn transform(opts: &ChartOptions, y: f64) -> Option<f64> {
    if !y.is_finite() {
        return None;
    }
    if opts.log_y {
        (y > 0.0).then(|| y.log10())
    } else {
        Some(y)
    }
}

/// The x and (transformed) y ranges that hold every curve, padded a little.
pub fn bounds(curves: &[Curve], opts: &ChartOptions) -> ((f64, f64), (f64, f64)) {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for c in curves {
        for &(x, y) in c.points {
            if let Some(ty) = transform(opts, y) {
                x0 = x0.min(x);
                x1 = x1.max(x);
                y0 = y0.min(ty);
                y1 = y1.max(ty);
            }
        }
    }
    if !x0.is_finite() {
        (x0, x1) = (0.0, 1.0);
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    if let Some((a, b)) = opts.y_range {
        let (a, b) = (transform(opts, a).unwrap_or(a), transform(opts, b).unwrap_or(b));
        return ((x0, x1), (a, b));
    }
    if !y0.is_finite() {
        (y0, y1) = (0.0, 1.0);
    }
    if !opts.log_y {
        y0 = y0.min(0.0);
    }
    let pad = ((y1 - y0) * 0.05).max(1e-6);
    ((x0, x1), (if opts.log_y { y0 - pad } else { y0 }, y1 + pad))
}

/// Formats a tick value compactly (0.0005 → "5e−4", 2500 → "2500"): the
/// page's one rule ([`number`](crate::engine::text::number)), whole from 100 up.
pub fn tick_label(v: f64) -> String {
    crate::engine::text::number(v, if v.abs() >= 100.0 { 0 } else { 3 })
}

/// A tick label for a count (epochs): whole values only, blank between them
/// (a run of one epoch would otherwise read "0 1 1", 0.5 rounded up).
pub fn count_tick_label(v: f64) -> String {
    if (v - v.round()).abs() > 1e-9 {
        String::new()
    } else {
        tick_label(v.round())
    }
}

/// Draws `curves` on `area` with axes and a legend.
pub fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[Curve],
    opts: &ChartOptions,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let ((x0, x1), (y0, y1)) = bounds(curves, opts);
    let f = opts.font_px;
    let font = ("sans-serif", f).into_font();
    let styles: Vec<ShapeStyle> =
        curves.iter().map(|c| c.color.stroke_width(if c.thin { (f / 8).max(1) } else { (f / 6).max(2) })).collect();
    // the legend (when there is more than one curve) above the plot, never over it
    let legend: Vec<LegendEntry> = if curves.len() > 1 {
        curves.iter().zip(&styles).map(|(c, &style)| LegendEntry { label: c.label, swatch: Swatch::Line(style) }).collect()
    } else {
        Vec::new()
    };
    let plot = legend_strip(area, &legend, &font.color(&RGBColor(40, 44, 56)))?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(f / 2 + 2)
        // the last x tick label is centred on the right edge: room for half of "30000"
        .margin_right(f * 3 / 2 + 2)
        // tick labels, then the axis name under them
        .x_label_area_size(f * 3)
        // room for five-character ticks ("3.162", "1.2e-3") beside the rotated axis name
        .y_label_area_size(f * 9 / 2)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let log = opts.log_y;
    let fmt_y = move |v: &f64| super::text::drawn(tick_label(if log { 10f64.powf(*v) } else { *v }));
    let fmt_x = |v: &f64| count_tick_label(*v);
    chart
        .configure_mesh()
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .light_line_style(RGBColor(236, 238, 242))
        .bold_line_style(RGBColor(220, 223, 230))
        .axis_style(RGBColor(150, 155, 165))
        .label_style(font.clone().color(&RGBColor(70, 76, 90)))
        .x_desc(opts.x_label)
        .y_desc(if log { format!("{} (log)", opts.y_label) } else { opts.y_label.to_string() })
        .axis_desc_style(font.clone().color(&RGBColor(70, 76, 90)))
        .draw()?;
    for (c, &style) in curves.iter().zip(&styles) {
        let pts = c.points.iter().filter_map(|&(x, y)| transform(opts, y).map(|ty| (x, ty)));
        chart.draw_series(LineSeries::new(pts, style))?;
    }
    Ok(())
}

/// How a legend entry is marked.
pub enum Swatch {
    /// A short line in the series' style.
    Line(ShapeStyle),
    /// A small filled box (bars, areas).
    Box(RGBAColor),
}

/// One line of a legend.
pub struct LegendEntry<'a> {
    pub label: &'a str,
    pub swatch: Swatch,
}

/// Where each legend entry goes in a strip `avail` pixels wide: left to right,
/// wrapping to a new row when the next would not fit. Returns each entry's
/// (x, row) and the number of rows. `widths` are the entries' full widths.
pub fn legend_layout(widths: &[i32], avail: i32, gap: i32) -> (Vec<(i32, i32)>, i32) {
    let (mut x, mut row, mut out) = (0, 0, Vec::with_capacity(widths.len()));
    for &w in widths {
        if x > 0 && x + w > avail {
            x = 0;
            row += 1;
        }
        out.push((x, row));
        x += w + gap;
    }
    (out, if widths.is_empty() { 0 } else { row + 1 })
}

/// Draws a legend as a strip across the top of `area` and returns the area
/// left below it for the plot: the legend never covers a curve.
pub fn legend_strip<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry<'a>],
    font: &TextStyle,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let size = font.font.get_size().round() as i32;
    let (pad, swatch, row) = ((size / 2).max(3), size + size / 3, size + size / 3);
    let mut widths = Vec::with_capacity(entries.len());
    for e in entries {
        widths.push(swatch + pad + area.estimate_text_size(e.label, font)?.0 as i32);
    }
    let (w, _) = area.dim_in_pixel();
    let (at, rows) = legend_layout(&widths, w as i32 - 2 * pad, 2 * size);
    let height = pad + rows * row;
    let (top, rest) = area.split_vertically(height);
    let text = font.pos(Pos::new(HPos::Left, VPos::Center));
    for (e, &(x, r)) in entries.iter().zip(&at) {
        let (x, y) = (pad + x, pad / 2 + r * row + row / 2);
        match e.swatch {
            Swatch::Line(style) => top.draw(&PathElement::new(vec![(x, y), (x + swatch, y)], style))?,
            Swatch::Box(c) => top.draw(&Rectangle::new([(x, y - size / 3), (x + swatch, y + size / 3)], c.filled()))?,
        }
        top.draw(&Text::new(e.label, (x + swatch + pad, y), text.clone()))?;
    }
    Ok(rest)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>)) -> String {
        let mut s = String::new();
        {
            let root = SVGBackend::with_string(&mut s, (480, 300)).into_drawing_area();
            draw(&root);
            root.present().unwrap();
        }
        s
    }

    /// The texts the SVG shows, in drawing order.
    pub(crate) fn texts(s: &str) -> Vec<String> {
        s.split("<text").skip(1).map(|t| t.split_once('>').unwrap().1.split("</text>").next().unwrap().trim().to_string()).collect()
    }

    /// The point lists of the SVG's polylines, in drawing order.
    fn polylines(s: &str) -> Vec<usize> {
        s.split("<polyline")
            .skip(1)
            .map(|p| p.split("points=\"").nth(1).unwrap().split('"').next().unwrap().split_whitespace().count())
            .collect()
    }

    #[test]
    fn the_loss_chart_draws_its_curves_a_legend_and_the_axes_to_svg() {
        let train = [(0.0, 1.0), (1.0, 0.5), (2.0, f64::NAN), (3.0, 0.25)];
        let test = [(0.0, 1.2), (1.0, 0.7), (2.0, 0.4), (3.0, 0.35)];
        let red = RGBColor(200, 62, 77);
        let curves = [
            Curve { label: "training", color: DARK, points: &train, thin: false },
            Curve { label: "test", color: red, points: &test, thin: true },
        ];
        // the axes' names are the caller's words (the views pass them translated)
        let named = ChartOptions { x_label: "epoch", y_label: "loss", ..ChartOptions::default() };
        let s = svg(|a| draw_curves(a, &curves, &named).unwrap());
        let t = texts(&s);
        assert_eq!(t[..4], ["training", "test", "loss", "epoch"], "two curves: a legend, then the axes' names");
        let lines = polylines(&s);
        assert_eq!(lines[lines.len() - 2..], [3, 4], "the curves, last: the NaN point skipped");
        // one curve: no legend
        let s = svg(|a| draw_curves(a, &curves[..1], &named).unwrap());
        assert!(!texts(&s).contains(&"training".to_string()));
        // log scale: the axis says so, and a value ≤ 0 is left out
        let with_zero = [(0.0, 1.0), (1.0, 0.0), (2.0, 0.01)];
        let opts = ChartOptions { log_y: true, ..named };
        let s = svg(|a| draw_curves(a, &[Curve { label: "l", color: DARK, points: &with_zero, thin: false }], &opts).unwrap());
        assert!(texts(&s).contains(&"loss (log)".to_string()));
        assert_eq!(polylines(&s).last(), Some(&2));
        // nothing to draw still draws the axes
        let s = svg(|a| draw_curves(a, &[], &named).unwrap());
        assert!(texts(&s).contains(&"epoch".to_string()));
        // and no words of its own
        let s = svg(|a| draw_curves(a, &curves, &ChartOptions::default()).unwrap());
        assert!(!texts(&s).iter().any(|t| t == "epoch" || t == "loss"), "{:?}", texts(&s));
    }

    #[test]
    fn legend_entries_wrap_into_rows_that_fit() {
        let (at, rows) = legend_layout(&[50, 60, 80], 200, 10);
        assert_eq!((at, rows), (vec![(0, 0), (60, 0), (0, 1)], 2), "the third would end at 210, past 200: it wraps");
        let (at, rows) = legend_layout(&[300], 200, 10);
        assert_eq!((at, rows), (vec![(0, 0)], 1), "one too wide still gets a row of its own");
        assert_eq!(legend_layout(&[], 200, 10).1, 0);
    }

    #[test]
    fn ticks_are_compact_and_count_ticks_whole_or_blank() {
        assert_eq!(count_tick_label(0.0), "0");
        assert_eq!(count_tick_label(0.5), "");
        assert_eq!(count_tick_label(1.0), "1");
        assert_eq!(count_tick_label(2500.0), "2500");
        assert_eq!(count_tick_label(1e-12 + 3.0), "3");
        // value ticks: compact
        assert_eq!(tick_label(0.0005), "5e−4");
        assert_eq!(tick_label(0.25), "0.25");
        assert_eq!(tick_label(2500.4), "2500");
        assert_eq!(tick_label(3e7), "3e7");
    }
}
