//! The recurrent view's charts: the gradient reaching back through time (log
//! scale) and the recurrent weights W_h as a heatmap (the loss curve is the
//! shared [`crate::ui::loss_panel`]).

use crate::ui::i18n::t;
use leptos::prelude::*;
use plotters::style::RGBColor;

use super::RnnCtx;
use crate::engine::rnn::task::Task;
use crate::render::canvas::{self, text_px};
use crate::render::chart::{draw_curves, ChartOptions, Curve, DARK};
use crate::render::conv::begin;
use crate::render::heatmap::max_abs;
use crate::render::rnn::{paint_weights, WeightsLayout};
use crate::render::text::grouped;
use crate::ui::described::{AsText, Described, TextTable};
use crate::ui::words::number_shown as number;

const GREY: RGBColor = RGBColor(0x9a, 0xa1, 0xb0);
const ORANGE: RGBColor = RGBColor(0xe8, 0x85, 0x0c);

/// How strongly the last output depends on the state 0, 1, 2, … steps back:
/// the norm of ∂ŷ_T/∂h_t, averaged over sequences, now and at the start.
#[component]
pub fn Reach(ctx: RnnCtx) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    let summary = RwSignal::new(String::new());
    Effect::new(move |_| {
        ctx.slow.track();
        let Some(cv) = node.get() else { return };
        let mut text = String::new();
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let pts = |r: &[f64]| r.iter().enumerate().map(|(s, &v)| (s as f64, v)).collect::<Vec<_>>();
            let (now, start) = (pts(&lab.reach_now), pts(&lab.reach_start));
            let cfg = t.config();
            let echo = cfg.task == Task::Echo;
            // the echo's distance as a vertical line spanning the curves
            let finite = lab.reach_now.iter().chain(&lab.reach_start).copied().filter(|v| v.is_finite() && *v > 0.0);
            let (lo, hi) = finite.fold((f64::INFINITY, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
            let marker = if echo && lo.is_finite() { vec![(cfg.k as f64, lo), (cfg.k as f64, hi)] } else { Vec::new() };
            let k_label = format!("k = {}", cfg.k);
            let mut curves = vec![
                Curve { label: crate::ui::i18n::t("now"), color: DARK, points: &now, thin: false },
                Curve { label: crate::ui::i18n::t("at the start"), color: GREY, points: &start, thin: true },
            ];
            if echo {
                curves.push(Curve { label: &k_label, color: ORANGE, points: &marker, thin: true });
            }
            canvas::with_plotters(&cv, |area, ratio| {
                let opts = ChartOptions {
                    x_label: crate::ui::i18n::t("steps back from the last output"),
                    y_label: crate::ui::i18n::t("gradient"),
                    log_y: true,
                    font_px: (text_px() * ratio) as u32,
                    ..Default::default()
                };
                draw_curves(area, &curves, &opts).map_err(|e| e.to_string())
            });
            let (Some(&g0), Some(&glast)) = (lab.reach_now.first(), lab.reach_now.last()) else { return };
            let back = lab.reach_now.len() - 1;
            if echo && cfg.k < lab.reach_now.len() && g0 > 0.0 {
                text = format!(
                    "{} steps back (the echo's k), the gradient is {} of its size at the last step.",
                    cfg.k,
                    ratio(lab.reach_now[cfg.k] / g0)
                );
            } else if g0 > 0.0 && back > 0 {
                text = crate::ui::i18n::fill(
                    crate::ui::i18n::t("{back} steps back, the gradient is {ratio} of its size at the last step."),
                    &[("back", &back), ("ratio", &crate::ui::words::num(&ratio(glast / g0)))],
                );
            }
        });
        summary.set(text);
    });
    // the chart's numbers, read only while its "as text" is open
    let read = Callback::new(move |()| {
        let text = summary.get_untracked();
        ctx.lab.with_value(|lab| reach_data(text, &lab.reach_now, &lab.reach_start))
    });
    view! {
        <div class="lab-panel">
            <h2>{t("Gradient flowing back in time")}</h2>
            <canvas node_ref=node class="lab-chart" data-testid="rnn-reach-chart" role="img"
                aria-label=t("Size of the gradient of the last output with respect to the hidden state, for each number of steps back, on a log scale: now and at the start")></canvas>
            <div class="small" data-testid="rnn-reach-text">{move || summary.get()}</div>
            <AsText summary=crate::ui::i18n::t("The chart's values") testid="rnn-reach-as-text" read=read />
        </div>
    }
}

/// The reach chart as a table: one row per number of steps back, the gradient now and at the start.
fn reach_data(text: String, now: &[f64], start: &[f64]) -> Described {
    if now.is_empty() {
        return Described { text: crate::ui::i18n::t("No gradient measured yet.").into(), tables: Vec::new() };
    }
    let cell = |v: Option<&f64>| v.map(|&v| number(v, 4)).unwrap_or_default();
    let rows = (0..now.len().max(start.len())).map(|s| vec![s.to_string(), cell(now.get(s)), cell(start.get(s))]).collect();
    let table = TextTable {
        caption: crate::ui::i18n::t("Size of the gradient of the last output, by steps back").into(),
        head: vec![
            crate::ui::i18n::t("Steps back").into(),
            crate::ui::i18n::t("Gradient now").into(),
            crate::ui::i18n::t("At the start").into(),
        ],
        rows,
    };
    Described { text, tables: vec![table] }
}

/// A ratio in words: "1/8", "1/3,100", "2.5×".
fn ratio(r: f64) -> String {
    if !r.is_finite() || r <= 0.0 {
        crate::ui::i18n::t("none").into()
    } else if r >= 1.0 {
        format!("{}×", number(r, 1))
    } else {
        let d = 1.0 / r;
        let d = if (100.0..1e5).contains(&d) { grouped(d.round() as u64) } else { number(d, 1) };
        format!("1/{d}")
    }
}

/// The recurrent matrix W_h, one cell per weight (row: into unit i; column: from unit j).
#[component]
pub fn RecurrentWeights(ctx: RnnCtx) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        ctx.tick.track();
        let Some(cv) = node.get() else { return };
        let width = canvas::css_size(&cv).0.max(120) as f64;
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let w = t.net.w_h();
            let l = WeightsLayout::new(width, t.net.hidden, text_px());
            let Some((g, _)) = begin(&cv, Some(l.height)) else { return };
            let m = max_abs(w.iter().copied());
            let header = crate::ui::i18n::fill(crate::ui::i18n::t("from unit j →   colour scale ±{m}"), &[("m", &number(m, 2))]);
            paint_weights(&g, &l, w, m, &header, crate::ui::i18n::t("into unit i"));
        });
    });
    view! {
        <div class="lab-panel">
            <h2>{t("Recurrent weights ")}<span class="math">"W_h"</span>
                <span class="legend"><i class="neg"></i>"−"<i class="zero"></i>"0"<i class="pos"></i>"+"</span>
            </h2>
            <div class="rnn-weights-body">
                <canvas node_ref=node data-testid="rnn-weights" role="img"
                    aria-label=t("The recurrent weight matrix as a heatmap: row i, column j is the weight from unit j at the previous step into unit i; blue positive, orange negative")></canvas>
                <p class="small muted">{t("Row i, column j: the weight from unit j's state at step t−1 into unit i at step t. ")}
                    {t("Going back one step, the gradient is multiplied by these weights and by tanh′ (at most 1): ")}
                    {t("small weights make it fade step after step (it vanishes), large ones can make it grow (it explodes).")}</p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{ratio, reach_data};

    #[test]
    fn the_reach_reads_as_a_table_of_steps_back() {
        let d = reach_data("3 steps back …".into(), &[1.0, 0.5, 0.000012], &[1.0, 0.25, 0.0625]);
        assert_eq!(d.tables[0].rows[2], vec!["2".to_string(), "1.2e−5".into(), "0.0625".into()]);
        assert_eq!(reach_data(String::new(), &[], &[]).text, "No gradient measured yet.");
    }

    #[test]
    fn ratios_read_as_fractions() {
        assert_eq!(ratio(0.5), "1/2");
        assert_eq!(ratio(0.125), "1/8");
        assert_eq!(ratio(1.0 / 3100.0), "1/3,100");
        assert_eq!(ratio(2.5), "2.5×");
        assert_eq!(ratio(f64::NAN), "none");
        assert_eq!(ratio(2.4e30), "2.4e30×");
        assert_eq!(ratio(1e-300), "1/1e300");
    }
}
