//! The optimizer race: the playground's network, from the same initial
//! weights, trained by SGD, momentum, Nesterov, Adam and RMSProp at its
//! learning rate; their training-loss curves on one chart, live.

use crate::ui::i18n::{fill, t};
use leptos::html::Canvas;
use leptos::prelude::*;
use neuralscope_jobs::plan::{self, RACERS};
use plotters::style::RGBColor;

use super::{fmt_loss, jobs, JobKind, Outcome, RaceData};
use crate::render::canvas;
use crate::render::chart::{draw_curves, ChartOptions, Curve};
use crate::ui::widgets::number_select;

/// One colour per racer, in [`RACERS`] order.
const COLORS: [RGBColor; 5] = [
    RGBColor(0x1d, 0x23, 0x30),
    RGBColor(0x1e, 0x88, 0xe5),
    RGBColor(0x43, 0xa0, 0x47),
    RGBColor(0xe8, 0x85, 0x0c),
    RGBColor(0x8e, 0x24, 0xaa),
];

/// The race tab (`data-testid="race"`).
#[component]
pub fn RaceView() -> impl IntoView {
    let j = jobs();
    let host = j.host;
    let epochs = RwSignal::new(200u64);
    let node = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        host.resized.track();
        let Some(cv) = node.get() else { return };
        j.race.with(|d| {
            let curves: Vec<Curve> = RACERS
                .iter()
                .zip(COLORS)
                .enumerate()
                .map(|(i, (k, color))| Curve {
                    label: t(k.name()),
                    color,
                    points: d.curves.get(i).map_or(&[][..], |c| &c[..]),
                    thin: false,
                })
                .collect();
            canvas::with_plotters(&cv, |area, ratio| {
                let opts = ChartOptions {
                    x_label: crate::ui::i18n::t("epoch"),
                    y_label: crate::ui::i18n::t("training loss"),
                    log_y: true,
                    font_px: (canvas::text_px() * ratio) as u32,
                    ..Default::default()
                };
                draw_curves(area, &curves, &opts).map_err(|e| e.to_string())
            });
        });
    });
    let run = move |_| {
        let base = host.cfg.get_untracked();
        let trials = plan::race(&base, epochs.get_untracked());
        j.race.set(RaceData { curves: vec![Vec::new(); trials.len()], outcomes: vec![Outcome::Pending; trials.len()] });
        j.start(JobKind::Race, trials);
    };
    let shown = move || j.race.with(|d| d.curves.iter().filter(|c| !c.is_empty()).count());
    let rows = move || {
        j.race.with(|d| {
            RACERS
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    let last = d.curves.get(i).and_then(|c| c.last()).copied();
                    let state = match d.outcomes.get(i) {
                        Some(Outcome::Done(r)) if r.diverged.is_some() => t("diverged").to_string(),
                        Some(Outcome::Done(r)) => fill(t("test loss {loss}"), &[("loss", &fmt_loss(r.last.test_loss))]),
                        Some(Outcome::Failed(m)) => m.clone(),
                        _ => String::new(),
                    };
                    view! {
                        <tr data-testid="race-row">
                            <td><span class="swatch" style=format!("background: rgb({},{},{})", COLORS[i].0, COLORS[i].1, COLORS[i].2)></span>{t(k.name())}</td>
                            <td>{last.map(|(e, _)| format!("{e:.0}")).unwrap_or_default()}</td>
                            <td>{fmt_loss(last.map(|(_, l)| l))}</td>
                            <td>{state}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="job-view" data-testid="race">
            <p class="hint">{t("The playground's network from the same start and at the same learning rate, trained by five optimizers side by side.")}</p>
            <div class="job-form">
                {number_select("race-epochs", t("Epochs"), t("Epochs each"), vec![50, 100, 200, 500, 1000], epochs)}
                <button class="primary" data-testid="race-run" on:click=run>{t("Start the race")}</button>
            </div>
            <div class="job-body">
                <canvas node_ref=node class="job-chart" data-testid="race-chart" data-curves=move || shown().to_string() role="img"
                    aria-label=t("Training loss per epoch of the five optimizers, log scale")></canvas>
                <table class="job-table" data-testid="race-table">
                    <thead><tr><th>{t("optimizer")}</th><th>{t("epoch")}</th><th>{t("training loss")}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}
