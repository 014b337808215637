//! The activation panel: the hidden layers' activation f(z) and f′(z), with a
//! live histogram of each hidden layer's pre-activations z over the training set.

use crate::ui::i18n::t;
use leptos::html::Canvas;
use leptos::prelude::*;

use crate::engine::math::activation::Activation;
use crate::render::activation_chart::{draw, histogram, ActivationPanel, LayerHistogram, Z_RANGE};
use crate::render::canvas;
use crate::ui::described::{AsText, Described, TextTable};
use crate::ui::words::number_shown as number;

use super::ctx;

/// Bins of each histogram.
const BINS: usize = 40;

/// The activation panel.
#[component]
pub fn ActivationView() -> impl IntoView {
    let c = ctx();
    let node = NodeRef::<Canvas>::new();
    let chosen = move || c.settings.with(|s| s.cfg.hidden.first().map(|h| h.activation).unwrap_or(Activation::Tanh));
    Effect::new(move |_| {
        c.next_slow_frame.track();
        let act = chosen();
        let Some(cv) = node.get() else { return };
        let layers: Vec<LayerHistogram> = c
            .with_session(|s| {
                let zs = s.trainer.layer_preactivations();
                let n_hidden = zs.len().saturating_sub(1);
                zs[..n_hidden]
                    .iter()
                    .enumerate()
                    .map(|(l, z)| LayerHistogram {
                        label: crate::ui::i18n::fill(crate::ui::i18n::t("z of hidden layer {n}"), &[("n", &(l + 1))]),
                        bins: histogram(&z.iter().map(|&v| f64::from(v)).collect::<Vec<_>>(), Z_RANGE.0, Z_RANGE.1, BINS),
                    })
                    .collect()
            })
            .unwrap_or_default();
        canvas::with_plotters(&cv, |area, ratio| {
            let f = move |z: f64| act.f(z);
            let df = move |z: f64| act.df(z, act.f(z));
            let panel = ActivationPanel {
                name: act.name(),
                f: &f,
                df: &df,
                layers: &layers,
                font_px: (canvas::text_px() * ratio) as u32,
                x_name: crate::ui::i18n::t("z (pre-activation)"),
            };
            draw(area, &panel).map_err(|e| e.to_string())
        });
    });
    let read = Callback::new(move |()| {
        let act = untrack(chosen);
        c.with_session(|s| {
            let zs = s.trainer.layer_preactivations();
            let hidden: Vec<Vec<f64>> =
                zs[..zs.len().saturating_sub(1)].iter().map(|z| z.iter().map(|&v| f64::from(v)).collect()).collect();
            activation_data(act, &hidden)
        })
        .unwrap_or_default()
    });
    view! {
        <h2 class="section">{t("Activation")}</h2>
        <canvas node_ref=node class="chart-canvas tall" data-testid="activation-chart" role="img"
            aria-label=t("The activation function and its slope, with bars showing where each hidden layer's weighted sums fall")></canvas>
        <AsText summary=crate::ui::i18n::t("The chart's values") testid="activation-as-text" read=read />
        <p class="hint">{t("Bars: where each hidden layer's weighted sums z fall. Far from 0 under sigmoid or tanh, f′ ≈ 0 and learning stalls; below 0 under ReLU, a unit is silent.")}</p>
    }
}

/// Below this slope f′(z), a unit barely learns (the share of such z is said per layer).
const FLAT: f64 = 0.1;

/// The chart as a table: per hidden layer, where its weighted sums z fall over the
/// training set, and the share of them where the slope f′(z) is below [`FLAT`].
pub fn activation_data(act: Activation, hidden: &[Vec<f64>]) -> Described {
    let text = crate::ui::i18n::fill(
        crate::ui::i18n::t("Activation {act}: its slope f′(z) is below {flat} for the share of weighted sums z the last column gives (there a unit barely learns)."),
        &[("act", &crate::ui::i18n::t(act.name())), ("flat", &crate::ui::words::num(&FLAT.to_string()))],
    );
    let rows = hidden
        .iter()
        .enumerate()
        .map(|(l, z)| {
            let n = z.len().max(1) as f64;
            let mean = z.iter().sum::<f64>() / n;
            let lo = z.iter().copied().reduce(f64::min).unwrap_or(0.0);
            let hi = z.iter().copied().reduce(f64::max).unwrap_or(0.0);
            let flat = z.iter().filter(|&&v| act.df(v, act.f(v)).abs() < FLAT).count() as f64 / n;
            vec![
                crate::ui::i18n::fill(crate::ui::i18n::t("Hidden layer {n}"), &[("n", &(l + 1))]),
                number(mean, 3),
                number(lo, 3),
                number(hi, 3),
                format!("{} %", number(100.0 * flat, 1)),
            ]
        })
        .collect();
    let table = TextTable {
        caption: crate::ui::i18n::t("Each hidden layer's weighted sums z over the training set").into(),
        head: vec![
            crate::ui::i18n::t("Layer").into(),
            crate::ui::i18n::t("Mean z").into(),
            crate::ui::i18n::t("Lowest z").into(),
            crate::ui::i18n::t("Highest z").into(),
            crate::ui::i18n::fill(
                crate::ui::i18n::t("Share with f′(z) below {flat}"),
                &[("flat", &crate::ui::words::num(&FLAT.to_string()))],
            ),
        ],
        rows,
    };
    Described { text, tables: if hidden.is_empty() { Vec::new() } else { vec![table] } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relu_says_its_silent_share() {
        let d = activation_data(Activation::Relu, &[vec![-1.0, -0.5, 0.5, 3.0]]);
        assert_eq!(d.tables[0].rows[0], vec!["Hidden layer 1", "0.5", "−1", "3", "50 %"]);
        assert!(activation_data(Activation::Tanh, &[]).tables.is_empty());
    }
}
