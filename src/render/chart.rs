//! Line charts (loss and accuracy curves) drawn with plotters, generic over the
//! backend: the page draws on a `CanvasBackend`, native tests draw to SVG.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
        ChartOptions { x_label: "epoch", y_label: "loss", log_y: false, y_range: None, font_px: 13 }
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

/// Formats a tick value compactly (0.0012 → "1.2e-3", 2500 → "2500").
pub fn tick_label(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.1e}");
        s.replace(".0e", "e")
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
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
    let mut chart = ChartBuilder::on(area)
        .margin(f / 2 + 2)
        // the last x tick label is centred on the right edge: room for half of "30000"
        .margin_right(f * 3 / 2 + 2)
        // tick labels, then the axis name under them
        .x_label_area_size(f * 3)
        // room for five-character ticks ("3.162", "1.2e-3") beside the rotated axis name
        .y_label_area_size(f * 9 / 2)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let log = opts.log_y;
    let fmt_y = move |v: &f64| tick_label(if log { 10f64.powf(*v) } else { *v });
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
    let mut legend = Vec::new();
    for c in curves {
        let width = if c.thin { (f / 8).max(1) } else { (f / 6).max(2) };
        let style = c.color.stroke_width(width);
        let pts = c.points.iter().filter_map(|&(x, y)| transform(opts, y).map(|ty| (x, ty)));
        chart.draw_series(LineSeries::new(pts, style))?;
        legend.push(LegendEntry { label: c.label, swatch: Swatch::Line(style) });
    }
    if curves.len() > 1 {
        draw_legend(&chart.plotting_area().strip_coord_spec(), &legend, &font.color(&RGBColor(40, 44, 56)), Corner::UpperRight)?;
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

/// Where a legend sits in its plotting area.
#[derive(Clone, Copy, PartialEq)]
pub enum Corner {
    UpperLeft,
    UpperRight,
}

/// Draws a legend box in a corner of `area` (a chart's plotting area, in pixels).
///
/// Replaces plotters' series labels, which measure their text through the font
/// (in the browser: a `<span>` added to the page and measured, a forced layout
/// per label, every repaint); this measures through the backend instead.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    font: &TextStyle,
    corner: Corner,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    if entries.is_empty() {
        return Ok(());
    }
    let size = font.font.get_size().round() as i32;
    let (pad, swatch, row) = ((size / 2).max(3), size + size / 3, size + size / 2);
    let mut text_w = 0;
    for e in entries {
        text_w = text_w.max(area.estimate_text_size(e.label, font)?.0 as i32);
    }
    let (box_w, box_h) = (3 * pad + swatch + text_w, 2 * pad + row * entries.len() as i32);
    let (w, _) = area.dim_in_pixel();
    let x0 = if corner == Corner::UpperRight { w as i32 - box_w - pad } else { pad };
    let y0 = pad;
    area.draw(&Rectangle::new([(x0, y0), (x0 + box_w, y0 + box_h)], WHITE.mix(0.85).filled()))?;
    area.draw(&Rectangle::new([(x0, y0), (x0 + box_w, y0 + box_h)], RGBColor(220, 223, 230)))?;
    let text = font.pos(Pos::new(HPos::Left, VPos::Center));
    for (i, e) in entries.iter().enumerate() {
        let y = y0 + pad + row * i as i32 + row / 2;
        let x = x0 + pad;
        match e.swatch {
            Swatch::Line(style) => area.draw(&PathElement::new(vec![(x, y), (x + swatch, y)], style))?,
            Swatch::Box(c) => area.draw(&Rectangle::new([(x, y - size / 3), (x + swatch, y + size / 3)], c.filled()))?,
        }
        area.draw(&Text::new(e.label, (x + swatch + pad, y), text.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_ticks_are_whole_numbers_or_blank() {
        assert_eq!(count_tick_label(0.0), "0");
        assert_eq!(count_tick_label(0.5), "");
        assert_eq!(count_tick_label(1.0), "1");
        assert_eq!(count_tick_label(2500.0), "2500");
        assert_eq!(count_tick_label(1e-12 + 3.0), "3");
    }
}
