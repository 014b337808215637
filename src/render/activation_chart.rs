//! The activation panel: the activation f(z) and its derivative f′(z), and under
//! them a histogram of the pre-activations z of each hidden layer, so a student
//! sees sigmoid units saturate (z far out where f′ ≈ 0) and ReLU units die (z < 0).
//! Generic over the plotters backend.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{legend_strip, tick_label, LegendEntry, Swatch};

/// The z range drawn; values beyond it fall into the edge bins.
pub const Z_RANGE: (f64, f64) = (-5.0, 5.0);

/// Fractions of `values` in `bins` equal bins over [lo, hi] (out-of-range values
/// count in the edge bins; non-finite ones are ignored).
pub fn histogram(values: &[f64], lo: f64, hi: f64, bins: usize) -> Vec<f64> {
    let mut h = vec![0.0; bins.max(1)];
    let mut n = 0usize;
    let w = (hi - lo) / h.len() as f64;
    for &v in values.iter().filter(|v| v.is_finite()) {
        let i = ((v - lo) / w).floor().clamp(0.0, (h.len() - 1) as f64) as usize;
        h[i] += 1.0;
        n += 1;
    }
    if n > 0 {
        h.iter_mut().for_each(|c| *c /= n as f64);
    }
    h
}

/// One layer's histogram of z.
pub struct LayerHistogram {
    pub label: String,
    /// Fractions per bin over [`Z_RANGE`].
    pub bins: Vec<f64>,
}

/// What the panel shows.
pub struct ActivationPanel<'a> {
    pub name: &'a str,
    pub f: &'a dyn Fn(f64) -> f64,
    pub df: &'a dyn Fn(f64) -> f64,
    pub layers: &'a [LayerHistogram],
    pub font_px: u32,
    /// The horizontal axis's name, in the page's language ("z (pre-activation)").
    pub x_name: &'a str,
}

/// Colours of the histogram layers (cycled).
pub const LAYER_COLORS: [RGBColor; 4] = [RGBColor(120, 130, 150), RGBColor(42, 157, 92), RGBColor(142, 76, 196), RGBColor(200, 62, 77)];

/// Draws the panel on `area`.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, p: &ActivationPanel) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let (z0, z1) = Z_RANGE;
    let n = 200;
    let zs: Vec<f64> = (0..=n).map(|i| z0 + (z1 - z0) * i as f64 / n as f64).collect();
    let fs: Vec<(f64, f64)> = zs.iter().map(|&z| (z, (p.f)(z))).filter(|(_, y)| y.is_finite()).collect();
    let ds: Vec<(f64, f64)> = zs.iter().map(|&z| (z, (p.df)(z))).filter(|(_, y)| y.is_finite()).collect();
    let (mut y0, mut y1) = (0.0f64, 1.0f64);
    for &(_, y) in fs.iter().chain(&ds) {
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let (y0, y1) = (y0.max(-5.0) - 0.05, y1.min(5.0) + 0.1);
    let f = p.font_px;
    let font = ("sans-serif", f).into_font().color(&RGBColor(70, 76, 90));
    let max_bin = p.layers.iter().flat_map(|l| l.bins.iter().copied()).fold(0.0, f64::max);
    let fcol = RGBColor(0x1f, 0x6f, 0xd1);
    let dcol = RGBColor(0xe8, 0x85, 0x0c);
    let f_label = format!("f(z) = {}", p.name);
    let mut legend = vec![
        LegendEntry { label: &f_label, swatch: Swatch::Line(fcol.stroke_width(3)) },
        LegendEntry { label: "f′(z)", swatch: Swatch::Line(dcol.stroke_width(3)) },
    ];
    if max_bin > 0.0 {
        for (li, layer) in p.layers.iter().enumerate() {
            let color = LAYER_COLORS[li % LAYER_COLORS.len()];
            legend.push(LegendEntry { label: layer.label.as_str(), swatch: Swatch::Box(color.mix(0.5)) });
        }
    }
    // the legend above the plot, never over the curves
    let plot = legend_strip(area, &legend, &font)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(f / 2 + 2)
        // tick labels, then the axis name under them (f × 2 put the name on the ticks)
        .x_label_area_size(f * 3)
        .y_label_area_size(f * 3)
        .build_cartesian_2d(z0..z1, y0..y1)?;
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|v| super::text::drawn(tick_label(*v)))
        .y_label_formatter(&|v| super::text::drawn(tick_label(*v)))
        .light_line_style(RGBColor(240, 241, 245))
        .bold_line_style(RGBColor(225, 228, 234))
        .axis_style(RGBColor(150, 155, 165))
        .label_style(font.clone())
        .x_desc(p.x_name)
        .axis_desc_style(font.clone())
        .draw()?;
    // histograms: bars from the bottom, the tallest bin reaching 60 % of the height
    if max_bin > 0.0 {
        let scale = 0.6 * (y1 - y0) / max_bin;
        for (li, layer) in p.layers.iter().enumerate() {
            let color = LAYER_COLORS[li % LAYER_COLORS.len()];
            let w = (z1 - z0) / layer.bins.len().max(1) as f64;
            chart.draw_series(layer.bins.iter().enumerate().filter(|(_, c)| **c > 0.0).map(|(i, &c)| {
                let x = z0 + i as f64 * w;
                Rectangle::new([(x, y0), (x + w, y0 + c * scale)], color.mix(0.28).filled())
            }))?;
        }
    }
    chart.draw_series(LineSeries::new(fs, fcol.stroke_width((f / 5).max(2))))?;
    chart.draw_series(DashedLineSeries::new(ds, 6, 4, dcol.stroke_width((f / 6).max(2))))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_counts_edges_and_ignores_nan() {
        let h = histogram(&[-100.0, -4.9, 0.1, 4.99, 100.0, f64::NAN], -5.0, 5.0, 10);
        assert_eq!(h.len(), 10);
        assert!((h[0] - 0.4).abs() < 1e-12);
        assert!((h[5] - 0.2).abs() < 1e-12);
        assert!((h[9] - 0.4).abs() < 1e-12);
        assert!((h.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    fn svg(p: &ActivationPanel) -> String {
        let mut s = String::new();
        {
            let root = SVGBackend::with_string(&mut s, (480, 320)).into_drawing_area();
            draw(&root, p).unwrap();
            root.present().unwrap();
        }
        s
    }

    #[test]
    fn the_activation_panel_draws_f_its_derivative_and_a_bar_per_filled_bin_to_svg() {
        let f = |z: f64| z.tanh();
        let df = |z: f64| 1.0 - z.tanh().powi(2);
        let layers = [
            LayerHistogram { label: "layer 1".into(), bins: histogram(&[-1.0, -0.9, 0.2, 3.0], Z_RANGE.0, Z_RANGE.1, 20) },
            LayerHistogram { label: "layer 2".into(), bins: histogram(&[0.1, 0.1], Z_RANGE.0, Z_RANGE.1, 20) },
        ];
        let panel = ActivationPanel { name: "tanh", f: &f, df: &df, layers: &layers, font_px: 13, x_name: "z (pre-activation)" };
        let s = svg(&panel);
        let t = super::super::chart::tests::texts(&s);
        assert_eq!(t[..4], ["f(z) = tanh", "f′(z)", "layer 1", "layer 2"], "the legend names both curves and each layer's histogram");
        assert!(t.contains(&"z (pre-activation)".to_string()));
        let bars = |s: &str| s.matches("opacity=\"0.28\"").count();
        assert_eq!(bars(&s), 3 + 1, "layer 1 fills three bins (−1 and −0.9 share one), layer 2 one");
        // no pre-activations yet: no bars, no layer in the legend
        let empty = [LayerHistogram { label: "layer 1".into(), bins: vec![0.0; 20] }];
        let s = svg(&ActivationPanel { layers: &empty, ..panel });
        assert_eq!(bars(&s), 0);
        assert!(!super::super::chart::tests::texts(&s).contains(&"layer 1".to_string()));
    }
}
