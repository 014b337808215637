//! The loss chart (and, for classification, accuracy): train and test per
//! epoch over the whole run (decimated, never dropped), a log-scale toggle,
//! and hover for exact values.

use crate::ui::i18n::t;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::style::RGBColor;

use crate::render::canvas;
use crate::render::chart::{draw_curves, ChartOptions, Curve};

use super::ctx;

const TRAIN: RGBColor = RGBColor(0x1d, 0x23, 0x30);
const TEST: RGBColor = RGBColor(0xe8, 0x85, 0x0c);

/// Loss and accuracy charts.
#[component]
pub fn LossChart() -> impl IntoView {
    let c = ctx();
    let loss_node = NodeRef::<Canvas>::new();
    let acc_node = NodeRef::<Canvas>::new();
    let hover_x = RwSignal::new(None::<f64>);
    let has_acc = move || {
        c.slow_frame.track();
        c.with_session(|s| s.trainer.dataset().n_classes() > 0).unwrap_or(false)
    };
    Effect::new(move |_| {
        c.slow_frame.track();
        let log_y = c.settings.with(|s| s.log_loss);
        let Some(cv) = loss_node.get() else { return };
        c.with_session(|s| {
            let (tr, te) = (s.train_curve.points(), s.test_curve.points());
            canvas::with_plotters(&cv, |area, ratio| {
                let curves = [
                    Curve { label: crate::ui::i18n::t("training"), color: TRAIN, points: &tr, thin: false },
                    Curve { label: crate::ui::i18n::t("test"), color: TEST, points: &te, thin: true },
                ];
                let opts = ChartOptions {
                    x_label: crate::ui::i18n::t("epoch"),
                    y_label: crate::ui::i18n::t("loss"),
                    log_y,
                    font_px: (canvas::text_px() * ratio) as u32,
                    ..Default::default()
                };
                draw_curves(area, &curves, &opts).map_err(|e| e.to_string())
            });
            if let Some(acv) = acc_node.get() {
                let (tr, te) = (s.train_acc.points(), s.test_acc.points());
                if !tr.is_empty() {
                    canvas::with_plotters(&acv, |area, ratio| {
                        let curves = [
                            Curve { label: crate::ui::i18n::t("training"), color: TRAIN, points: &tr, thin: false },
                            Curve { label: crate::ui::i18n::t("test"), color: TEST, points: &te, thin: true },
                        ];
                        let opts = ChartOptions {
                            x_label: crate::ui::i18n::t("epoch"),
                            y_label: crate::ui::i18n::t("accuracy"),
                            y_range: Some((0.0, 1.0)),
                            font_px: (canvas::text_px() * ratio) as u32,
                            ..Default::default()
                        };
                        draw_curves(area, &curves, &opts).map_err(|e| e.to_string())
                    });
                }
            }
        });
    });
    let readout = move || {
        c.slow_frame.track();
        let frac = hover_x.get()?;
        c.with_session(|s| {
            let h = s.trainer.history();
            if h.is_empty() {
                return None;
            }
            // the chart's x axis spans the recorded epochs
            let (e0, e1) = (h[0].epoch as f64, h[h.len() - 1].epoch as f64);
            let target = e0 + frac * (e1 - e0);
            let i = h.partition_point(|r| (r.epoch as f64) < target).min(h.len() - 1);
            let r = &h[i];
            let loss = crate::render::text::fmt_loss;
            let mut t = format!("epoch {}: training loss {}", r.epoch, loss(r.train_loss));
            if let Some(v) = r.test_loss {
                t += &format!(", test loss {}", loss(v));
            }
            if let Some(a) = r.test_accuracy {
                t += &format!(", test accuracy {:.1} %", a * 100.0);
            }
            Some(t)
        })
        .flatten()
    };
    // a mouse moving over the chart or a finger tapping it: the epoch under it
    let point_at = move |ev: leptos::ev::PointerEvent| {
        // the plot area starts after the y labels (~4 font sizes) and ends before the margin
        let w = loss_node.get().map(|c| c.client_width() as f64).unwrap_or(1.0);
        let (left, right) = (12.0 * 4.0 + 8.0, 8.0);
        let f = ((ev.offset_x() as f64 - left) / (w - left - right)).clamp(0.0, 1.0);
        hover_x.set(Some(f));
    };
    view! {
        <div class="chart-head">
            <h2>{t("Loss")}</h2>
            <label class="small-toggle"><input type="checkbox" data-testid="log-scale" prop:checked=move || c.settings.with(|s| s.log_loss)
                on:change=move |_| c.settings.update(|s| s.log_loss = !s.log_loss) />{t(" log scale")}</label>
        </div>
        <canvas node_ref=loss_node class="chart-canvas" data-testid="loss-chart" role="img"
            aria-label=t("Training and test loss per epoch")
            on:pointermove=point_at on:pointerdown=point_at
            on:pointerleave=move |ev| if ev.pointer_type() == "mouse" { hover_x.try_set(None); }></canvas>
        <div class="chart-readout" data-testid="loss-readout">{move || readout().unwrap_or_else(|| crate::ui::i18n::t("Tap or hover the chart for exact values.").into())}</div>
        <Show when=has_acc>
            <canvas node_ref=acc_node class="chart-canvas short" data-testid="accuracy-chart" role="img"
            aria-label=t("Training and test accuracy per epoch")></canvas>
        </Show>
        <super::as_text::LossAsText />
    }
}
