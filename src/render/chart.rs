//! Line charts (loss and accuracy curves) drawn with plotters, generic over the
//! backend: the page draws on a `CanvasBackend`, native tests draw to SVG.

use plotters::coord::Shift;
use plotters::prelude::*;

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
        .x_label_area_size(f * 5 / 2)
        .y_label_area_size(f * 4)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let log = opts.log_y;
    let fmt_y = move |v: &f64| tick_label(if log { 10f64.powf(*v) } else { *v });
    let fmt_x = |v: &f64| tick_label(v.round());
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
    for c in curves {
        let width = if c.thin { (f / 8).max(1) } else { (f / 6).max(2) };
        let style = c.color.stroke_width(width);
        let pts = c.points.iter().filter_map(|&(x, y)| transform(opts, y).map(|ty| (x, ty)));
        chart.draw_series(LineSeries::new(pts, style))?.label(c.label).legend(move |(x, y)| {
            PathElement::new(vec![(x, y), (x + 16, y)], style)
        });
    }
    if curves.len() > 1 {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(220, 223, 230))
            .label_font(font)
            .draw()?;
    }
    Ok(())
}
