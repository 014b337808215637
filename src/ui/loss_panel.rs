//! A lab's training loss per epoch (the recurrent and autoencoder views): a
//! titled panel with one curve, repainted when the lab's `slow` trigger fires.

use crate::ui::i18n::t;
use leptos::prelude::*;

use crate::render::canvas::{self, text_px};
use crate::render::chart::{draw_curves, ChartOptions, Curve, DARK};

/// Most points drawn (a long history is sampled).
pub const CURVE_POINTS: usize = 600;

/// What the curve shows: its label, the y axis's label, and the points (epoch, loss).
pub struct LossCurve {
    pub label: &'static str,
    pub y_label: &'static str,
    pub points: Vec<(f64, f64)>,
}

/// The panel; `curve` reads the lab's history (None while there is no trainer).
#[component]
pub fn LossPanel(
    testid: &'static str,
    aria_label: &'static str,
    slow: Trigger,
    curve: impl Fn() -> Option<LossCurve> + 'static,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    let curve = StoredValue::new_local(curve);
    let read = Callback::new(move |()| {
        curve.try_with_value(|f| f()).flatten().map(|c| crate::ui::described::curve_words(c.label, &c.points)).unwrap_or_default()
    });
    Effect::new(move |_| {
        slow.track();
        let Some(cv) = node.get() else { return };
        let Some(c) = curve.try_with_value(|f| f()).flatten() else { return };
        canvas::with_plotters(&cv, |area, ratio| {
            let curves = [Curve { label: crate::ui::i18n::t(c.label), color: DARK, points: &c.points, thin: false }];
            let opts = ChartOptions {
                x_label: crate::ui::i18n::t("epoch"),
                y_label: crate::ui::i18n::t(c.y_label),
                font_px: (text_px() * ratio) as u32,
                ..Default::default()
            };
            draw_curves(area, &curves, &opts).map_err(|e| e.to_string())
        });
    });
    view! {
        <div class="lab-panel">
            <h2>{t("Loss")}</h2>
            <canvas node_ref=node class="lab-chart" data-testid=testid role="img" aria-label=aria_label></canvas>
            <crate::ui::described::AsText summary=crate::ui::i18n::t("The chart's last values") testid="lab-loss-as-text" read=read />
        </div>
    }
}
