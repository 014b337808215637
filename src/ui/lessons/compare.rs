//! Lesson 6: the same network trained three ways on one data set (full batch,
//! mini-batches of 10, one point at a time), their training-loss curves side
//! by side on one chart.

use crate::ui::i18n::t;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::style::RGBColor;

use crate::engine::dense::config::TrainConfig;
use crate::engine::dense::trainer::Trainer;
use crate::render::canvas;
use crate::render::chart::{draw_curves, ChartOptions, Curve};

/// Epochs each way is trained.
pub const COMPARE_EPOCHS: u64 = 60;

/// One way of batching and its training loss per epoch.
pub struct Run {
    pub label: &'static str,
    pub batch: usize,
    pub losses: Vec<(f64, f64)>,
}

/// Trains `cfg` three ways (full batch, 10, 1) from the same starting weights
/// for `epochs` epochs each. A run that diverges stops where it did.
pub fn compare_batches(cfg: &TrainConfig, epochs: u64) -> Vec<Run> {
    let n_train = Trainer::<f32>::build(cfg).map(|t| t.dataset().train.len()).unwrap_or(1).max(1);
    use crate::ui::i18n::mark;
    [(mark("full batch"), n_train), (mark("mini-batch of 10"), 10.min(n_train)), (mark("one point at a time"), 1)]
        .into_iter()
        .map(|(label, batch)| {
            let c = TrainConfig { batch_size: batch, ..cfg.clone() };
            let mut losses = Vec::new();
            if let Ok(mut t) = Trainer::<f32>::build(&c) {
                losses.push((0.0, t.last_stats().train_loss));
                for _ in 0..epochs {
                    match t.train_epoch() {
                        Ok(s) => losses.push((s.epoch as f64, s.train_loss)),
                        Err(_) => break,
                    }
                }
            }
            Run { label, batch, losses }
        })
        .collect()
}

const COLORS: [RGBColor; 3] = [RGBColor(0x1d, 0x23, 0x30), RGBColor(0x1f, 0x6f, 0xd1), RGBColor(0xe8, 0x85, 0x0c)];

/// The comparison panel (lesson 6).
#[component]
pub fn BatchCompare(
    /// The host's training setup now (None: it has none).
    cfg: Signal<Option<TrainConfig>>,
    /// Fires when a canvas changed CSS size: the chart repaints.
    resized: Trigger,
) -> impl IntoView {
    let lc = super::lesson_ctx();
    let runs = StoredValue::new_local(Vec::<Run>::new());
    let version = RwSignal::new(0u32);
    let node = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        version.track();
        resized.track();
        let Some(cv) = node.get() else { return };
        runs.with_value(|runs| {
            if runs.is_empty() {
                return;
            }
            canvas::with_plotters(&cv, |area, ratio| {
                let curves: Vec<Curve> = runs
                    .iter()
                    .zip(COLORS)
                    .map(|(r, color)| Curve { label: crate::ui::i18n::t(r.label), color, points: &r.losses, thin: false })
                    .collect();
                let opts = ChartOptions {
                    x_label: crate::ui::i18n::t("epoch"),
                    y_label: crate::ui::i18n::t("training loss"),
                    font_px: (canvas::text_px() * ratio) as u32,
                    ..Default::default()
                };
                draw_curves(area, &curves, &opts).map_err(|e| e.to_string())
            });
        });
    });
    let run = move |_| {
        let Some(cfg) = cfg.get_untracked() else { return };
        runs.set_value(compare_batches(&cfg, COMPARE_EPOCHS));
        version.update(|v| *v += 1);
        if let Some(lc) = lc {
            lc.compared.set(true);
        }
    };
    let summary = move || {
        version.track();
        runs.with_value(|runs| {
            runs.iter()
                .map(|r| {
                    let last = r.losses.last().map(|p| p.1).unwrap_or(f64::NAN);
                    crate::ui::i18n::fill(
                        t("{label} (batch {batch}): loss {loss}"),
                        &[("label", &t(r.label)), ("batch", &r.batch), ("loss", &crate::ui::words::number_shown(last, 3))],
                    )
                })
                .collect::<Vec<_>>()
                .join(" · ")
        })
    };
    view! {
        <div class="batch-compare" data-testid="batch-compare">
            <div class="chart-head">
                <h2>{t("Batch sizes compared")}</h2>
                <button class="primary" data-testid="compare-batches" on:click=run>{format!("Compare ({COMPARE_EPOCHS} epochs each)")}</button>
            </div>
            <canvas node_ref=node class="chart-canvas tall" data-testid="batch-compare-chart"
                role="img" aria-label=t("Training loss per epoch for full batch, mini-batches of 10 and one point at a time")></canvas>
            <div class="chart-readout" data-testid="batch-compare-summary">{summary}</div>
        </div>
    }
}
