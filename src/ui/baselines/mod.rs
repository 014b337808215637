//! "Do we even need a network?": a panel under the playground's output that,
//! on demand, fits simpler models (the `baselines` crate: logistic or ridge
//! regression, k-nearest neighbours, a decision tree, a random forest) on the
//! current data and inputs, paints each one's decision surface like the
//! network's output, and tables their test scores and fit times next to the
//! network's own.

mod surface;

use crate::ui::i18n::t;
use leptos::prelude::*;

use baselines::{BaselineInput, Report};
use neuralscope_jobs::protocol::{Reply, Request};

use crate::engine::data::{DataConfig, Point, Task};
use crate::render::text::fmt_loss;
use crate::ui::jobs::pool::{take_replies_each_frame, Pool};

/// The network's score: (accuracy, loss, epochs trained), each score when it applies.
pub type NetScores = (Option<f64>, Option<f64>, u64);

/// What the panel needs from the page that hosts it (the playground).
#[derive(Clone, Copy)]
pub struct BaselinesHost {
    /// The host's points and inputs as the baselines' input (None: it has no data set).
    pub input: Callback<(), Option<BaselineInput>>,
    /// The setup the host trains on now; a report fitted on another is stale
    /// (read tracked: it changes with the host's slow frame).
    pub setup: Signal<Option<Fitted>>,
    /// The network's score now, tracked like `setup`.
    pub net_scores: Signal<Option<NetScores>>,
    /// The output's look: (discretize, show test points).
    pub look: Signal<(bool, bool)>,
    /// Fires when a canvas changed CSS size: the surfaces repaint.
    pub resized: Trigger,
}

/// What the panel shows.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    /// Nothing fitted yet.
    Idle,
    /// The models are being fitted (in a Web Worker).
    Fitting,
    /// Why fitting failed.
    Failed(String),
    /// The fitted models, the setup they were fitted on and its points.
    Done(Box<Report>, Fitted, Points),
}

/// The setup a report belongs to: when the playground's differs, it is stale.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub data: DataConfig,
    pub features: Vec<crate::engine::data::features::Feature>,
}

/// The training and test points a report was fitted and scored on (drawn over its surfaces).
type Points = std::sync::Arc<(Vec<Point>, Vec<Point>)>;

/// The panel.
#[component]
pub fn BaselinesPanel(
    /// The page the models are compared for.
    host: BaselinesHost,
) -> impl IntoView {
    let status = RwSignal::new(Status::Idle);
    // the fit runs in a Web Worker (the jobs' pool, one worker), so the page keeps painting
    let pool = StoredValue::new_local(Pool::default());
    let pending = StoredValue::new_local(None::<(Fitted, Points)>);
    let run = move |_| {
        let (Some(input), Some(fitted)) = (host.input.run(()), host.setup.get_untracked()) else {
            status.set(Status::Failed("The playground has no data set to fit.".into()));
            return;
        };
        pending.set_value(Some((fitted, std::sync::Arc::new((input.train.clone(), input.test.clone())))));
        status.set(Status::Fitting);
        if let Err(e) = pool.with_value(|p| p.run(vec![Request::Baselines { id: 0, input }], 1)) {
            status.set(Status::Failed(e));
        }
    };
    take_replies_each_frame(pool, move |reply| match reply {
        Reply::Baselines { report, .. } => {
            let next = match pending.try_update_value(Option::take).flatten() {
                Some((fitted, points)) => Status::Done(Box::new(report), fitted, points),
                None => Status::Failed("The fit came back for a request that is gone.".into()),
            };
            status.set(next);
        }
        Reply::Failed { message, why, .. } => status.set(Status::Failed(crate::ui::words::job_failed(&message, &why))),
        _ => {}
    });
    let stale = move || {
        let now = host.setup.get();
        status.with(|s| match s {
            Status::Done(_, f, _) => now.as_ref() != Some(f),
            _ => false,
        })
    };
    // the lessons read the best simpler model's test accuracy while the fit matches the data
    Effect::new(move |_| {
        let best = if stale() { None } else { status.with(best_accuracy) };
        crate::ui::lessons::labs::report(|r| r.simpler = best);
    });
    let fitting = move || status.with(|s| *s == Status::Fitting);
    let state = move || match status.with(|s| s.clone()) {
        Status::Idle => "idle",
        Status::Fitting => "fitting",
        Status::Failed(_) => "failed",
        Status::Done(..) => "done",
    };
    view! {
        <section class="baselines" data-testid="baselines" data-state=state aria-label=t("Simpler models")>
            <div class="baselines-head">
                <h2 class="inline-h2">{t("Simpler models")}</h2>
                <button data-testid="baselines-run" on:click=run disabled=fitting
                    title=t("Fit logistic (or ridge) regression, k-nearest neighbours, a decision tree and a random forest on the current data and inputs")>
                    {move || if fitting() { crate::ui::i18n::t("Fitting…") } else { crate::ui::i18n::t("Compare with simpler models") }}
                </button>
            </div>
            {move || match status.get() {
                Status::Idle => view! {
                    <p class="baselines-note">{t("Do we need a network at all? Fit four classic models on the same points and inputs, and compare.")}</p>
                }.into_any(),
                Status::Fitting => view! { <p class="baselines-note" data-testid="baselines-fitting">{t("fitting…")}</p> }.into_any(),
                Status::Failed(e) => view! { <p class="baselines-error" data-testid="baselines-error" role="alert">{e}</p> }.into_any(),
                Status::Done(r, _, pts) => view! { <Results report=*r points=pts host /> }.into_any(),
            }}
            <Show when=stale>
                <p class="baselines-stale" data-testid="baselines-stale">{t("The data or inputs changed since: compare again to refit.")}</p>
            </Show>
        </section>
    }
}

/// The best simpler model's test accuracy of a finished fit.
fn best_accuracy(s: &Status) -> Option<f64> {
    match s {
        Status::Done(r, ..) => r.models.iter().filter_map(|m| m.accuracy).filter(|a| a.is_finite()).reduce(f64::max),
        _ => None,
    }
}

/// A duration as the table shows it: browsers coarsen `performance.now()` to
/// 0.1 ms (or 5 µs), so anything shorter reads "< 0.1 ms", never "0.00 ms".
fn fmt_ms(v: f64) -> String {
    if v < 0.1 {
        "< 0.1 ms".into()
    } else if v < 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.0} ms")
    }
}

/// The surfaces and the table.
#[component]
fn Results(report: Report, points: Points, host: BaselinesHost) -> impl IntoView {
    let task = report.task;
    let classify = matches!(task, Task::Classification { .. });
    let training = report.scored_on_training_set;
    let score_head = match (classify, training) {
        (true, true) => crate::ui::i18n::t("Training accuracy"),
        (true, false) => crate::ui::i18n::t("Test accuracy"),
        (false, true) => crate::ui::i18n::t("Training loss"),
        (false, false) => crate::ui::i18n::t("Test loss"),
    };
    let score = move |acc: Option<f64>, loss: Option<f64>| {
        if classify {
            acc.map(|a| format!("{:.1}\u{a0}%", a * 100.0)).unwrap_or_else(|| "–".into())
        } else {
            loss.map(fmt_loss).unwrap_or_else(|| "–".into())
        }
    };
    let ms = |v: f64| fmt_ms(v);
    let grid = report.grid;
    let extent = report.extent;
    let rows = report
        .models
        .iter()
        .map(|m| {
            view! {
                <tr data-testid="baselines-row" data-model=format!("{:?}", m.kind)>
                    <th scope="row">{m.name.clone()}</th>
                    <td data-testid="baselines-score">{score(m.accuracy, m.loss)}</td>
                    <td>{ms(m.train_ms)}</td>
                    <td class="baselines-dim">{ms(m.predict_ms)}</td>
                </tr>
            }
        })
        .collect_view();
    let tiles = report
        .models
        .into_iter()
        .map(|m| {
            let caption = if classify {
                format!("{} · {}", m.name, score(m.accuracy, m.loss))
            } else {
                format!("{} · loss\u{a0}{}", m.name, score(m.accuracy, m.loss))
            };
            view! { <surface::SurfaceTile name=m.name caption surface=m.surface grid extent task points=points.clone() look=host.look resized=host.resized /> }
        })
        .collect_view();
    let net = move || host.net_scores.get();
    view! {
        <div class="baselines-tiles" data-testid="baselines-tiles">{tiles}</div>
        <table class="baselines-table" data-testid="baselines-table">
            <thead>
                <tr><th scope="col">{t("Model")}</th><th scope="col">{score_head}</th><th scope="col">{t("Fit time")}</th><th scope="col" class="baselines-dim">{t("Predict")}</th></tr>
            </thead>
            <tbody>
                {rows}
                <tr class="baselines-network" data-testid="baselines-network-row">
                    <th scope="row">{t("The network (now)")}</th>
                    <td data-testid="baselines-score">{move || net().map(|(a, l, _)| score(a, l)).unwrap_or_else(|| "–".into())}</td>
                    <td colspan="2">{move || net().map(|(_, _, e)| crate::ui::i18n::fill(crate::ui::i18n::t("{e} epochs so far"), &[("e", &e)])).unwrap_or_default()}</td>
                </tr>
            </tbody>
        </table>
        <p class="baselines-note">
            {if classify { crate::ui::i18n::t("Same inputs, same points. ") } else { crate::ui::i18n::t("Same inputs, same points, the network's loss. ") }}
            {crate::ui::i18n::t("Fit and predict times by this browser's clock; the surfaces are computed on the same 80×80 grid as the output.")}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::fmt_ms;

    #[test]
    fn durations_below_the_clocks_resolution_do_not_read_as_zero() {
        assert_eq!(fmt_ms(0.0), "< 0.1 ms");
        assert_eq!(fmt_ms(0.3), "0.3 ms");
        assert_eq!(fmt_ms(12.4), "12 ms");
    }
}
