//! The activation panel: the hidden layers' activation f(z) and f′(z), with a
//! live histogram of each hidden layer's pre-activations z over the training set.

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::engine::math::activation::Activation;
use crate::render::activation_chart::{draw, histogram, ActivationPanel, LayerHistogram, Z_RANGE};
use crate::render::canvas;

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
                        label: format!("z of hidden layer {}", l + 1),
                        bins: histogram(&z.iter().map(|&v| f64::from(v)).collect::<Vec<_>>(), Z_RANGE.0, Z_RANGE.1, BINS),
                    })
                    .collect()
            })
            .unwrap_or_default();
        canvas::with_plotters(&cv, |area, ratio| {
            let f = move |z: f64| act.f(z);
            let df = move |z: f64| act.df(z, act.f(z));
            let panel = ActivationPanel { name: act.name(), f: &f, df: &df, layers: &layers, font_px: (canvas::text_px() * ratio) as u32 };
            draw(area, &panel).map_err(|e| e.to_string())
        });
    });
    view! {
        <h2 class="section">"Activation"</h2>
        <canvas node_ref=node class="chart-canvas tall" data-testid="activation-chart" role="img"
            aria-label="The activation function and its slope, with bars showing where each hidden layer's weighted sums fall"></canvas>
        <p class="hint">"Bars: where each hidden layer's weighted sums z fall. Far from 0 under sigmoid or tanh, f′ ≈ 0 and learning stalls; below 0 under ReLU, a unit is silent."</p>
    }
}
