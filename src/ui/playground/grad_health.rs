//! Gradient health: each layer's gradient norm over the run, on a log scale,
//! so vanishing (the first layers' lines far below the last's) and exploding
//! gradients show. The divergence and stall messages link here.

use crate::ui::i18n::t;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::style::RGBColor;

use crate::render::canvas;
use crate::render::chart::{draw_curves, ChartOptions, Curve};
use crate::ui::described::{AsText, Described, TextTable};
use crate::ui::words::number_shown as number;

use super::ctx;

/// One colour per layer, input side first (dark → light along the net).
const LAYER_COLORS: [RGBColor; 9] = [
    RGBColor(0xe8, 0x85, 0x0c),
    RGBColor(0xc0, 0x5a, 0x00),
    RGBColor(0x8c, 0x4a, 0x9e),
    RGBColor(0x1f, 0x6f, 0xd1),
    RGBColor(0x12, 0x8a, 0x8a),
    RGBColor(0x3a, 0x8a, 0x2e),
    RGBColor(0x6b, 0x6b, 0x6b),
    RGBColor(0xb0, 0x3a, 0x5b),
    RGBColor(0x1d, 0x23, 0x30),
];

/// A layer's name in the legend ("hidden 1", …, "output").
pub fn layer_name(l: usize, n_layers: usize) -> String {
    if l + 1 == n_layers {
        crate::ui::i18n::t("output").into()
    } else {
        crate::ui::i18n::fill(crate::ui::i18n::t("hidden {n}"), &[("n", &(l + 1))])
    }
}

/// The panel's sentence: the last step's norm of each layer (`(layer, norm)`,
/// input side first, of `n` layers) and what they say.
pub fn summary_text(vals: &[(usize, f64)], n: usize) -> String {
    if vals.is_empty() {
        return t("No step taken yet: press play or step.").to_string();
    }
    let text: Vec<String> = vals.iter().map(|(l, g)| format!("{} {}", layer_name(*l, n), number(*g, 2))).collect();
    format!("Last step: {}{}", text.join(", "), verdict(vals, n))
}

/// Overflowed (a norm that is not finite) before vanishing and exploding: an
/// overflow's ratios and sizes mean nothing.
fn verdict(vals: &[(usize, f64)], n: usize) -> &'static str {
    let (first, last) = (vals[0].1, vals[vals.len() - 1].1);
    if vals.iter().any(|(_, g)| !g.is_finite()) {
        " — a gradient overflowed: it grew too large for a number to hold; try a smaller learning rate."
    } else if n > 1 && first > 0.0 && last / first >= 100.0 {
        " — the first layer's gradient is over 100× smaller than the output's: it is vanishing."
    } else if vals.iter().any(|(_, g)| *g > 1e3) {
        " — a gradient above 1,000: it is exploding; try a smaller learning rate."
    } else {
        ""
    }
}

/// The chart as a table: each layer's norm at the last step, and its lowest and highest on the chart.
pub fn grad_data(curves: &[Vec<(f64, f64)>]) -> Described {
    let n = curves.len();
    let vals: Vec<(usize, f64)> = curves.iter().enumerate().filter_map(|(l, c)| c.last().map(|p| (l, p.1))).collect();
    let text = summary_text(&vals, n);
    if vals.is_empty() {
        return Described { text, tables: Vec::new() };
    }
    let extreme = |c: &[(f64, f64)], pick: fn(f64, f64) -> f64| c.iter().map(|p| p.1).filter(|v| v.is_finite()).reduce(pick);
    let cell = |v: Option<f64>| v.map(|v| number(v, 4)).unwrap_or_else(|| crate::ui::i18n::t("overflowed").into());
    let rows = curves
        .iter()
        .enumerate()
        .map(|(l, c)| vec![layer_name(l, n), cell(c.last().map(|p| p.1)), cell(extreme(c, f64::min)), cell(extreme(c, f64::max))])
        .collect();
    let table = TextTable {
        caption: crate::ui::i18n::t("Each layer's gradient norm over the run").into(),
        head: vec![
            crate::ui::i18n::t("Layer").into(),
            crate::ui::i18n::t("Last step").into(),
            crate::ui::i18n::t("Lowest").into(),
            crate::ui::i18n::t("Highest").into(),
        ],
        rows,
    };
    Described { text, tables: vec![table] }
}

/// The gradient-health panel.
#[component]
pub fn GradHealth() -> impl IntoView {
    let c = ctx();
    let node = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        c.slow_frame.track();
        c.resized.track();
        if !c.grad_open.get() {
            return;
        }
        let Some(cv) = node.get() else { return };
        c.with_session(|s| {
            let n = s.grad_curves.len();
            let names: Vec<String> = (0..n).map(|l| layer_name(l, n)).collect();
            let pts: Vec<Vec<(f64, f64)>> = s.grad_curves.iter().map(|c| c.points()).collect();
            canvas::with_plotters(&cv, |area, ratio| {
                let curves: Vec<Curve> = pts
                    .iter()
                    .enumerate()
                    .map(|(l, p)| Curve { label: &names[l], color: LAYER_COLORS[l % LAYER_COLORS.len()], points: p, thin: false })
                    .collect();
                let opts = ChartOptions {
                    x_label: crate::ui::i18n::t("epoch"),
                    y_label: crate::ui::i18n::t("gradient norm"),
                    log_y: true,
                    font_px: (canvas::text_px() * ratio) as u32,
                    ..Default::default()
                };
                draw_curves(area, &curves, &opts).map_err(|e| e.to_string())
            });
        });
    });
    // the newest norms, full precision, for readers and tests
    let latest = move || {
        c.slow_frame.track();
        c.with_session(|s| {
            let last: Vec<String> =
                s.grad_curves.iter().map(|c| c.points().last().map(|p| format!("{}", p.1)).unwrap_or_default()).collect();
            let count: usize = s.grad_curves.first().map(|c| c.points().len()).unwrap_or(0);
            (last.join(","), count)
        })
        .unwrap_or_default()
    };
    let summary = move || {
        c.slow_frame.track();
        c.with_session(|s| {
            let n = s.grad_curves.len();
            let vals: Vec<(usize, f64)> =
                s.grad_curves.iter().enumerate().filter_map(|(l, c)| c.points().last().map(|p| (l, p.1))).collect();
            summary_text(&vals, n)
        })
        .unwrap_or_default()
    };
    let read = Callback::new(move |()| {
        c.with_session(|s| grad_data(&s.grad_curves.iter().map(|c| c.points()).collect::<Vec<_>>())).unwrap_or_default()
    });
    view! {
        <details class="grad-health" id="grad-health" data-testid="grad-health" prop:open=move || c.grad_open.get()
            data-latest=move || latest().0 data-count=move || latest().1.to_string()
            on:toggle=move |ev| {
                let open = ev.target().and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok()).and_then(|v| v.as_bool());
                if let Some(open) = open {
                    if open != c.grad_open.get_untracked() {
                        c.grad_open.set(open);
                    }
                }
            }>
            <summary><h2 class="inline-h2">{t("Gradient health")}</h2></summary>
            // only while open: a closed panel's canvas would keep a stale size
            <Show when=move || c.grad_open.get()>
                <canvas node_ref=node class="chart-canvas tall" data-testid="grad-health-chart" role="img"
                    aria-label=t("Each layer's gradient norm per epoch, on a log scale")></canvas>
            </Show>
            <div class="chart-readout" data-testid="grad-health-summary">{summary}</div>
        </details>
        // beside the panel, not in it: it reads the norms whether the chart is shown or not
        <AsText summary=crate::ui::i18n::t("The gradient norms as a table") testid="grad-health-as-text" read=read />
    }
}

#[cfg(test)]
mod tests {
    use super::{grad_data, summary_text};

    #[test]
    fn the_chart_reads_as_a_table_of_last_lowest_and_highest() {
        let d = grad_data(&[vec![(0.0, 0.5), (1.0, 0.25), (2.0, 0.3)], vec![(0.0, 2.0), (1.0, f64::NAN), (2.0, 1.0)]]);
        assert_eq!(d.text, "Last step: hidden 1 0.3, output 1");
        assert_eq!(d.tables[0].rows[0], vec!["hidden 1", "0.3", "0.25", "0.5"]);
        assert_eq!(d.tables[0].rows[1], vec!["output", "1", "1", "2"]);
        assert!(grad_data(&[]).tables.is_empty());
    }

    #[test]
    fn an_overflow_is_said_to_have_overflowed_and_huge_norms_are_short() {
        let s = summary_text(&[(0, f64::NAN), (1, f64::INFINITY), (2, 2447253621856650841913087229952.0)], 3);
        assert_eq!(
            s,
            "Last step: hidden 1 overflowed, hidden 2 overflowed, output 2.4e30 — a gradient overflowed: \
             it grew too large for a number to hold; try a smaller learning rate."
        );
        assert!(!s.contains("NaN") && !s.contains("exploding") && !s.contains("vanishing"), "{s}");
    }

    #[test]
    fn finite_norms_read_as_vanishing_exploding_or_nothing() {
        assert!(summary_text(&[(0, 0.001), (1, 0.5)], 2).ends_with("it is vanishing."));
        let s = summary_text(&[(0, 2000.0), (1, 3000.0)], 2);
        assert_eq!(s, "Last step: hidden 1 2000, output 3000 — a gradient above 1,000: it is exploding; try a smaller learning rate.");
        assert_eq!(summary_text(&[(0, 0.25), (1, 0.5)], 2), "Last step: hidden 1 0.25, output 0.5");
        assert_eq!(summary_text(&[], 2), "No step taken yet: press play or step.");
    }
}
