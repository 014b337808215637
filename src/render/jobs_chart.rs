//! The charts of the background jobs, generic over the plotters backend: the
//! learning-rate sweep (loss against a log-scale learning rate, the best
//! marked) and the search's scatter (each trial's test loss against its
//! learning rate, coloured by activation). The optimizer race uses
//! [`chart::draw_curves`](super::chart::draw_curves).

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{legend_strip, tick_label, LegendEntry, Swatch};

const INK: RGBColor = RGBColor(70, 76, 90);
/// Final loss of the sweep.
pub const FINAL: RGBColor = RGBColor(0x1d, 0x23, 0x30);
/// Best loss of the sweep.
pub const BEST: RGBColor = RGBColor(0xe8, 0x85, 0x0c);
/// A run that diverged.
pub const DIVERGED: RGBColor = RGBColor(0xc6, 0x28, 0x28);
/// The highlight of the chosen point.
pub const CHOSEN: RGBColor = RGBColor(0x1e, 0x88, 0xe5);

/// One learning rate of the sweep (losses `None` until its trial is done).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepPoint {
    pub learning_rate: f64,
    pub final_loss: Option<f64>,
    pub best_loss: Option<f64>,
    pub diverged: bool,
}

/// One trial of the search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScatterPoint {
    pub learning_rate: f64,
    pub loss: f64,
    /// Index into the legend's groups (the colour).
    pub group: usize,
}

/// Colours of the scatter's groups.
pub const GROUP_COLORS: [RGBColor; 4] =
    [RGBColor(0x1e, 0x88, 0xe5), RGBColor(0xe8, 0x85, 0x0c), RGBColor(0x43, 0xa0, 0x47), RGBColor(0x8e, 0x24, 0xaa)];

fn finite_log(v: f64) -> Option<f64> {
    (v.is_finite() && v > 0.0).then(|| v.log10())
}

/// (min, max) of `vals` (finite only), padded; `fallback` when there are none.
fn span(vals: impl Iterator<Item = f64>, fallback: (f64, f64)) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in vals.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return fallback;
    }
    let pad = ((hi - lo) * 0.08).max(0.05);
    (lo - pad, hi + pad)
}

fn log_tick(v: &f64) -> String {
    super::text::drawn(tick_label(10f64.powf(*v)))
}

/// The axes both charts draw on: learning rate (log) across, test loss (log) up,
/// over the spans `xs` and `ys` (decades), with a mesh and the axes' names.
#[allow(clippy::type_complexity)]
fn log_log_axes<'a, DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    xs: (f64, f64),
    ys: (f64, f64),
    f: u32,
    axes: Axes,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, DrawingAreaErrorKind<DB::ErrorType>> {
    let font = ("sans-serif", f).into_font();
    let mut chart = ChartBuilder::on(plot)
        .margin(f / 2 + 2)
        .margin_right(f * 3 / 2 + 2)
        .x_label_area_size(f * 3)
        .y_label_area_size(f * 9 / 2)
        .build_cartesian_2d(xs.0..xs.1, ys.0..ys.1)?;
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&log_tick)
        .y_label_formatter(&log_tick)
        .light_line_style(RGBColor(236, 238, 242))
        .bold_line_style(RGBColor(220, 223, 230))
        .axis_style(RGBColor(150, 155, 165))
        .label_style(font.clone().color(&INK))
        .x_desc(axes.rate)
        .y_desc(axes.loss)
        .axis_desc_style(font.color(&INK))
        .draw()?;
    Ok(chart)
}

/// The sweep chart's legend, in the page's language (the caller's words).
#[derive(Clone, Copy, Debug)]
pub struct SweepLegend<'a> {
    pub final_loss: &'a str,
    pub best_loss: &'a str,
    pub diverged: &'a str,
    /// Beside the ringed best rate: "best".
    pub best: &'a str,
    pub axes: Axes<'a>,
}

/// The names of the sweep's and the search's axes, in the page's language (the caller's words).
#[derive(Clone, Copy, Debug)]
pub struct Axes<'a> {
    pub rate: &'a str,
    pub loss: &'a str,
}

impl Axes<'static> {
    /// The English names.
    pub const ENGLISH: Self = Axes { rate: "learning rate (log)", loss: "test loss (log)" };
}

impl SweepLegend<'static> {
    /// The English legend.
    pub const ENGLISH: Self =
        SweepLegend { final_loss: "final test loss", best_loss: "best test loss", diverged: "diverged", best: "best", axes: Axes::ENGLISH };
}

/// The sweep: final (and best) test loss against the learning rate on a log
/// axis, losses on a log axis too; runs that diverged as red crosses along the
/// top; `best` (an index into `points`) ringed.
pub fn draw_sweep<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[SweepPoint],
    best: Option<usize>,
    font_px: u32,
    words: &SweepLegend,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let f = font_px;
    let font = ("sans-serif", f).into_font();
    let (thick, thin) = (FINAL.stroke_width((f / 6).max(2)), BEST.stroke_width((f / 8).max(1)));
    let legend = [
        LegendEntry { label: words.final_loss, swatch: Swatch::Line(thick) },
        LegendEntry { label: words.best_loss, swatch: Swatch::Line(thin) },
        LegendEntry { label: words.diverged, swatch: Swatch::Box(DIVERGED.to_rgba()) },
    ];
    let plot = legend_strip(area, &legend, &font.color(&INK))?;
    let xs = span(points.iter().filter_map(|p| finite_log(p.learning_rate)), (-3.0, 0.0));
    let ys = span(points.iter().flat_map(|p| [p.final_loss, p.best_loss]).flatten().filter_map(finite_log), (-2.0, 0.0));
    let mut chart = log_log_axes(&plot, xs, ys, f, words.axes)?;
    let line = |get: fn(&SweepPoint) -> Option<f64>| -> Vec<(f64, f64)> {
        points.iter().filter(|p| !p.diverged).filter_map(|p| Some((finite_log(p.learning_rate)?, finite_log(get(p)?)?))).collect()
    };
    let (fin, bst) = (line(|p| p.final_loss), line(|p| p.best_loss));
    chart.draw_series(LineSeries::new(bst.clone(), thin))?;
    chart.draw_series(bst.iter().map(|&c| Circle::new(c, (f / 5).max(2) as i32, BEST.filled())))?;
    chart.draw_series(LineSeries::new(fin.clone(), thick))?;
    chart.draw_series(fin.iter().map(|&c| Circle::new(c, (f / 3).max(3) as i32, FINAL.filled())))?;
    let top = ys.1 - (ys.1 - ys.0) * 0.04;
    let cross = (f / 2).max(4) as i32;
    for p in points.iter().filter(|p| p.diverged) {
        if let Some(x) = finite_log(p.learning_rate) {
            chart.draw_series(std::iter::once(Cross::new((x, top), cross, DIVERGED.stroke_width((f / 6).max(2)))))?;
        }
    }
    if let Some(b) = best.and_then(|i| points.get(i)) {
        if let (Some(x), Some(y)) = (finite_log(b.learning_rate), b.final_loss.and_then(finite_log)) {
            chart.draw_series(std::iter::once(Circle::new((x, y), f as i32, CHOSEN.stroke_width((f / 6).max(2)))))?;
            let label = format!("{}: {}", words.best, super::text::drawn(tick_label(b.learning_rate)));
            let style = font.clone().color(&CHOSEN);
            chart.draw_series(std::iter::once(Text::new(label, (x, y), style)))?;
        }
    }
    Ok(())
}

/// The search: each finished trial's test loss (log) against its learning
/// rate (log), coloured by `groups` (the legend); `chosen` ringed.
pub fn draw_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[ScatterPoint],
    groups: &[&str],
    chosen: Option<usize>,
    font_px: u32,
    axes: Axes,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let f = font_px;
    let font = ("sans-serif", f).into_font();
    let legend: Vec<LegendEntry> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| LegendEntry { label: g, swatch: Swatch::Box(GROUP_COLORS[i % GROUP_COLORS.len()].to_rgba()) })
        .collect();
    let plot = legend_strip(area, &legend, &font.color(&INK))?;
    let xs = span(points.iter().filter_map(|p| finite_log(p.learning_rate)), (-3.0, 0.0));
    let ys = span(points.iter().filter_map(|p| finite_log(p.loss)), (-2.0, 0.0));
    let mut chart = log_log_axes(&plot, xs, ys, f, axes)?;
    let r = (f / 3).max(3) as i32;
    chart.draw_series(points.iter().filter_map(|p| {
        let c = GROUP_COLORS[p.group % GROUP_COLORS.len()];
        Some(Circle::new((finite_log(p.learning_rate)?, finite_log(p.loss)?), r, c.mix(0.8).filled()))
    }))?;
    if let Some(p) = chosen.and_then(|i| points.get(i)) {
        if let (Some(x), Some(y)) = (finite_log(p.learning_rate), finite_log(p.loss)) {
            chart.draw_series(std::iter::once(Circle::new((x, y), r * 2, FINAL.stroke_width((f / 6).max(2)))))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>)) -> String {
        let mut s = String::new();
        {
            let root = SVGBackend::with_string(&mut s, (640, 400)).into_drawing_area();
            draw(&root);
            root.present().unwrap();
        }
        s
    }

    #[test]
    fn the_sweep_marks_its_best_and_its_divergences_and_survives_empty_input() {
        let pts = [
            SweepPoint { learning_rate: 0.001, final_loss: Some(0.4), best_loss: Some(0.4), diverged: false },
            SweepPoint { learning_rate: 0.01, final_loss: Some(0.1), best_loss: Some(0.08), diverged: false },
            SweepPoint { learning_rate: 1.0, final_loss: Some(f64::INFINITY), best_loss: None, diverged: true },
            SweepPoint { learning_rate: 3.0, final_loss: None, best_loss: None, diverged: false },
        ];
        let s = svg(|a| draw_sweep(a, &pts, Some(1), 13, &SweepLegend::ENGLISH).unwrap());
        // the legend's words are the caller's
        let words = SweepLegend {
            final_loss: "pérdida final",
            best_loss: "mejor pérdida",
            diverged: "divergió",
            best: "mejor",
            axes: Axes::ENGLISH,
        };
        let theirs = svg(|a| draw_sweep(a, &pts, Some(1), 13, &words).unwrap());
        assert!(theirs.contains("pérdida final") && theirs.contains("divergió") && !theirs.contains("diverged"), "{theirs}");
        assert!(s.contains("best: 0.01"), "the best is labelled");
        assert!(s.contains("learning rate (log)"));
        let s = svg(|a| draw_sweep(a, &[], None, 13, &SweepLegend::ENGLISH).unwrap());
        assert!(s.contains("final test loss"));
    }

    #[test]
    fn the_scatter_draws_a_dot_per_finite_trial() {
        let pts = [
            ScatterPoint { learning_rate: 0.01, loss: 0.2, group: 0 },
            ScatterPoint { learning_rate: 0.1, loss: 0.05, group: 1 },
            ScatterPoint { learning_rate: 0.3, loss: f64::NAN, group: 1 },
        ];
        let s = svg(|a| draw_scatter(a, &pts, &["tanh", "ReLU"], Some(1), 13, Axes::ENGLISH).unwrap());
        assert_eq!(s.matches("<circle").count(), 3, "two dots and the ring of the chosen one");
    }
}
