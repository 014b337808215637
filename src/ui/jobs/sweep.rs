//! The learning-rate sweep: the playground's setup, from its initial weights
//! (same seed), trained at 8–12 learning rates spaced on a log scale; final and
//! best test loss against the rate, the best marked, one click to use it.

use crate::ui::i18n::t;
use leptos::html::Canvas;
use leptos::prelude::*;
use neuralscope_jobs::plan;

use super::{fmt_loss, jobs, JobKind, Outcome, SweepData};
use crate::engine::dense::config::TrainConfig;
use crate::render::canvas;
use crate::render::jobs_chart::{draw_sweep, SweepLegend, SweepPoint};
use crate::ui::widgets::number_select;

/// The ends of the sweep on offer.
const ENDS: [f64; 8] = [0.00001, 0.0001, 0.001, 0.01, 0.1, 1.0, 3.0, 10.0];

/// The sweep's points for the chart.
fn points(d: &SweepData) -> Vec<SweepPoint> {
    d.rates
        .iter()
        .zip(&d.outcomes)
        .map(|(&lr, o)| {
            let r = o.result();
            SweepPoint {
                learning_rate: lr,
                final_loss: r.map(|r| r.final_loss()),
                best_loss: r.filter(|r| r.diverged.is_none()).map(|r| r.best_loss),
                diverged: r.is_some_and(|r| r.diverged.is_some()),
            }
        })
        .collect()
}

/// The rate whose final test loss is lowest (of the trials done, none diverged).
pub fn best(d: &SweepData) -> Option<usize> {
    d.outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.result().map(|r| (i, r.final_loss())))
        .filter(|(_, l)| l.is_finite())
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The sweep tab (`data-testid="sweep"`).
#[component]
pub fn SweepView() -> impl IntoView {
    let j = jobs();
    let host = j.host;
    let (from, to, count, epochs) = (RwSignal::new(0.0001f64), RwSignal::new(3.0f64), RwSignal::new(10usize), RwSignal::new(100u64));
    let node = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        host.resized.track();
        let (pts, b) = j.sweep.with(|d| (points(d), best(d)));
        let Some(cv) = node.get() else { return };
        let legend = SweepLegend {
            final_loss: t("final test loss"),
            best_loss: t("best test loss"),
            diverged: t("diverged"),
            best: t("best"),
            axes: crate::ui::words::rate_loss_axes(),
        };
        canvas::with_plotters(&cv, |area, ratio| {
            draw_sweep(area, &pts, b, (canvas::text_px() * ratio) as u32, &legend).map_err(|e| e.to_string())
        });
    });
    // a finished sweep, for the lessons: each rate's final test loss (None: diverged or failed)
    Effect::new(move |_| {
        let done = j.sweep.with(|d| {
            (!d.rates.is_empty() && d.outcomes.len() == d.rates.len() && d.outcomes.iter().all(|o| !matches!(o, Outcome::Pending))).then(
                || {
                    d.rates
                        .iter()
                        .zip(&d.outcomes)
                        .map(|(&lr, o)| (lr, o.result().map(|r| r.final_loss()).filter(|l| l.is_finite())))
                        .collect()
                },
            )
        });
        crate::ui::lessons::labs::report(|r| r.sweep = done);
    });
    let run = move |_| {
        let (lo, hi) = (from.get_untracked().min(to.get_untracked()), from.get_untracked().max(to.get_untracked()));
        let rates = plan::log_space(lo, hi, count.get_untracked().clamp(2, 12));
        let base = host.cfg.get_untracked();
        let trials = plan::sweep(&base, &rates, epochs.get_untracked());
        j.sweep.set(SweepData { outcomes: vec![Outcome::Pending; rates.len()], rates });
        j.start(JobKind::Sweep, trials);
    };
    let best_rate = move || j.sweep.with(|d| best(d).map(|i| d.rates[i]));
    let rows = move || {
        j.sweep.with(|d| {
            let b = best(d);
            d.rates
                .iter()
                .zip(&d.outcomes)
                .enumerate()
                .map(|(i, (&lr, o))| {
                    let (fin, bst, note) = match o {
                        Outcome::Pending => ("…".to_string(), "…".to_string(), String::new()),
                        Outcome::Failed(m) => ("—".into(), "—".into(), m.clone()),
                        Outcome::Done(r) if r.diverged.is_some() => ("—".into(), "—".into(), t("diverged").into()),
                        Outcome::Done(r) => {
                            (fmt_loss(r.last.test_loss.or(Some(r.last.train_loss))), fmt_loss(Some(r.best_loss)), String::new())
                        }
                    };
                    let final_attr =
                        o.result().map(|r| r.final_loss()).filter(|l| l.is_finite()).map(|l| l.to_string()).unwrap_or_default();
                    view! {
                        <tr data-testid="sweep-row" class:best={b == Some(i)} data-lr=lr.to_string() data-final=final_attr>
                            <td>{lr.to_string()}</td><td>{fin}</td><td>{bst}</td><td>{note}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let ends: Vec<f64> = ENDS.to_vec();
    view! {
        <div class="job-view" data-testid="sweep">
            <p class="hint">{crate::ui::i18n::t("The playground's network, from the same initial weights (same seed), trained at each learning rate; \
                too small barely moves, too large diverges, the best lies between.")}</p>
            <div class="job-form">
                {number_select("sweep-from", t("From"), t("Smallest learning rate"), ends.clone(), from)}
                {number_select("sweep-to", t("To"), t("Largest learning rate"), ends, to)}
                {number_select("sweep-count", t("Rates"), t("How many learning rates, spaced on a log scale"), (8..=12).collect(), count)}
                {number_select("sweep-epochs", t("Epochs"), t("Epochs each"), vec![25, 50, 100, 200, 500], epochs)}
                <button class="primary" data-testid="sweep-run" on:click=run>{t("Run sweep")}</button>
                <button data-testid="sweep-apply" disabled=move || best_rate().is_none()
                    on:click=move |_| {
                        if let Some(lr) = best_rate() {
                            host.apply.run(TrainConfig { learning_rate: lr, ..host.cfg.get_untracked() })
                        }
                    }>
                    {move || best_rate().map(|lr| crate::ui::i18n::fill(crate::ui::i18n::t("Use the best: {lr}"), &[("lr", &crate::ui::words::num(&crate::render::chart::tick_label(lr)))])).unwrap_or_else(|| crate::ui::i18n::t("Use the best").into())}
                </button>
            </div>
            <div class="job-body">
                <canvas node_ref=node class="job-chart" data-testid="sweep-chart" role="img"
                    aria-label=t("Final and best test loss against the learning rate, both on log scales, the best rate ringed")></canvas>
                <table class="job-table" data-testid="sweep-table">
                    <thead><tr><th>{t("learning rate")}</th><th>{t("final test loss")}</th><th>{t("best")}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}
