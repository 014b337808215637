//! The hyper-parameter search: random or grid search over learning rate,
//! hidden layers and neurons, activation, regularization and batch size, with
//! a budget (trials, epochs each); a sortable table of the trials (one click
//! loads a row into the playground) and a scatter of test loss against
//! learning rate.

use crate::ui::i18n::t;
use leptos::html::Canvas;
use leptos::prelude::*;
use neuralscope_jobs::plan::{self, SearchMode, SPACE};

use super::{fmt_loss, jobs, JobKind, Outcome, SearchData, SearchRow};
use crate::render::canvas;
use crate::render::jobs_chart::{draw_scatter, ScatterPoint};
use crate::ui::widgets::number_select;

/// The columns the table sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Trial,
    Rate,
    Layers,
    Activation,
    Regularization,
    Batch,
    Loss,
    Accuracy,
    Time,
}

const COLUMNS: [(Column, &str); 9] = [
    (Column::Trial, "#"),
    (Column::Rate, crate::ui::i18n::mark("learning rate")),
    (Column::Layers, crate::ui::i18n::mark("layers")),
    (Column::Activation, crate::ui::i18n::mark("activation")),
    (Column::Regularization, crate::ui::i18n::mark("regularization")),
    (Column::Batch, crate::ui::i18n::mark("batch")),
    (Column::Loss, crate::ui::i18n::mark("test loss")),
    (Column::Accuracy, crate::ui::i18n::mark("accuracy")),
    (Column::Time, crate::ui::i18n::mark("time")),
];

/// A number for sorting: pending and failed trials last.
fn key(i: usize, r: &SearchRow, c: Column) -> f64 {
    let res = r.outcome.result();
    let v = match c {
        Column::Trial => i as f64,
        Column::Rate => r.candidate.learning_rate,
        Column::Layers => (r.candidate.layers * 100 + r.candidate.neurons) as f64,
        Column::Activation => SPACE.activations.iter().position(|a| *a == r.candidate.activation).unwrap_or(0) as f64,
        Column::Regularization => SPACE.regularization.iter().position(|p| *p == r.candidate.regularization).unwrap_or(0) as f64,
        Column::Batch => r.candidate.batch_size as f64,
        Column::Loss => res.map_or(f64::INFINITY, |r| r.final_loss()),
        Column::Accuracy => res.and_then(|r| r.last.test_accuracy).map_or(f64::INFINITY, |a| -a),
        Column::Time => res.map_or(f64::INFINITY, |r| r.ms),
    };
    if v.is_nan() {
        f64::INFINITY
    } else {
        v
    }
}

/// The row order for a sort (ascending; accuracy best first).
fn order(d: &SearchData, c: Column, descending: bool) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..d.rows.len()).collect();
    idx.sort_by(|&a, &b| {
        let (ka, kb) = (key(a, &d.rows[a], c), key(b, &d.rows[b], c));
        let o = ka.total_cmp(&kb);
        if descending && ka.is_finite() && kb.is_finite() {
            o.reverse()
        } else {
            o
        }
    });
    idx
}

fn activation_index(r: &SearchRow) -> usize {
    SPACE.activations.iter().position(|a| *a == r.candidate.activation).unwrap_or(0)
}

/// A trial's wall time: "85 ms", "1.2 s".
fn fmt_ms(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

/// The search tab (`data-testid="search"`).
#[component]
pub fn SearchView() -> impl IntoView {
    let j = jobs();
    let host = j.host;
    let mode = RwSignal::new(SearchMode::Random);
    let (trials, epochs) = (RwSignal::new(20usize), RwSignal::new(100u64));
    let seed = RwSignal::new(host.cfg.with_untracked(|c| c.seed));
    let sort = RwSignal::new((Column::Loss, false));
    let chosen = RwSignal::new(None::<usize>);
    let node = NodeRef::<Canvas>::new();
    let names: Vec<&'static str> = SPACE.activations.iter().map(|a| a.name()).collect();
    Effect::new(move |_| {
        host.resized.track();
        let ch = chosen.get();
        let Some(cv) = node.get() else { return };
        let (pts, at): (Vec<ScatterPoint>, Option<usize>) = j.search.with(|d| {
            let mut at = None;
            let mut pts = Vec::new();
            for (i, r) in d.rows.iter().enumerate() {
                if let Some(res) = r.outcome.result() {
                    if ch == Some(i) {
                        at = Some(pts.len());
                    }
                    pts.push(ScatterPoint { learning_rate: r.candidate.learning_rate, loss: res.final_loss(), group: activation_index(r) });
                }
            }
            (pts, at)
        });
        let names = names.clone();
        canvas::with_plotters(&cv, |area, ratio| {
            draw_scatter(area, &pts, &names, at, (canvas::text_px() * ratio) as u32, crate::ui::words::rate_loss_axes())
                .map_err(|e| e.to_string())
        });
    });
    let run = move |_| {
        let base = host.cfg.get_untracked();
        let plan =
            plan::search(&base, mode.get_untracked(), trials.get_untracked().clamp(1, 200), epochs.get_untracked(), seed.get_untracked());
        let rows = plan.iter().map(|(c, t)| SearchRow { candidate: *c, cfg: t.cfg.clone(), outcome: Outcome::Pending }).collect();
        j.search.set(SearchData { rows });
        chosen.set(None);
        j.start(JobKind::Search, plan.into_iter().map(|(_, t)| t).collect());
    };
    let load = move |i: usize| {
        let Some(cfg) = j.search.with_untracked(|d| d.rows.get(i).map(|r| r.cfg.clone())) else { return };
        chosen.set(Some(i));
        host.apply.run(cfg);
    };
    let head = move || {
        COLUMNS
            .iter()
            .map(|&(c, label)| {
                let mark = move || match sort.get() {
                    (s, false) if s == c => " ▲",
                    (s, true) if s == c => " ▼",
                    _ => "",
                };
                view! {
                    <th aria-sort=move || match sort.get() { (s, d) if s == c => if d { "descending" } else { "ascending" }, _ => "none" }>
                        <button class="link sort" data-testid=format!("search-sort-{}", label.replace(' ', "-"))
                            on:click=move |_| sort.update(|(s, d)| { if *s == c { *d = !*d } else { (*s, *d) = (c, false) } })>
                            {crate::ui::i18n::t(label)}{mark}
                        </button>
                    </th>
                }
            })
            .collect_view()
    };
    let rows = move || {
        let (c, desc) = sort.get();
        let ch = chosen.get();
        j.search.with(|d| {
            order(d, c, desc)
                .into_iter()
                .map(|i| {
                    let r = &d.rows[i];
                    let cand = r.candidate;
                    let (loss, acc, time) = match &r.outcome {
                        Outcome::Pending => ("…".to_string(), String::new(), String::new()),
                        Outcome::Failed(m) => (m.clone(), String::new(), String::new()),
                        Outcome::Done(res) if res.diverged.is_some() => (t("diverged").into(), String::new(), fmt_ms(res.ms)),
                        Outcome::Done(res) => (
                            fmt_loss(Some(res.final_loss())),
                            res.last.test_accuracy.map(|a| crate::ui::words::num(&format!("{:.1} %", a * 100.0))).unwrap_or_default(),
                            fmt_ms(res.ms),
                        ),
                    };
                    let loss_attr =
                        r.outcome.result().map(|x| x.final_loss()).filter(|l| l.is_finite()).map(|l| l.to_string()).unwrap_or_default();
                    view! {
                        <tr data-testid="search-row" data-trial=i.to_string() data-loss=loss_attr class:chosen={ch == Some(i)}>
                            <td>{i + 1}</td>
                            <td>{cand.learning_rate.to_string()}</td>
                            <td>{cand.layers_label()}</td>
                            <td>{cand.activation.name()}</td>
                            <td>{cand.regularization_label()}</td>
                            <td>{cand.batch_size}</td>
                            <td>{loss}</td>
                            <td>{acc}</td>
                            <td>{time}</td>
                            <td><button data-testid="search-load" title=t("Load these settings into the playground")
                                on:click=move |_| load(i)>{t("Load")}</button></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let grid_note = move || (mode.get() == SearchMode::Grid).then(|| format!("grid of {} points", SPACE.grid_size()));
    view! {
        <div class="job-view" data-testid="search">
            <p class="hint">"Trains many settings of the playground's data: learning rate, hidden layers and neurons, activation, \
                regularization and batch size. The same seed gives the same trials."</p>
            <div class="job-form">
                <label title=t("Random: independent draws; grid: points of a fixed grid")>{t("Search ")}
                    <select data-testid="search-mode" on:change=move |ev| mode.set(if event_target_value(&ev) == "grid" { SearchMode::Grid } else { SearchMode::Random })>
                        <option value="random" selected=move || mode.get() == SearchMode::Random>{t("random")}</option>
                        <option value="grid" selected=move || mode.get() == SearchMode::Grid>{t("grid")}</option>
                    </select>
                </label>
                {number_select("search-trials", t("Trials"), t("How many settings to train"), vec![5, 10, 20, 40, 80, 160], trials)}
                {number_select("search-epochs", t("Epochs"), t("Epochs each"), vec![25, 50, 100, 200, 500], epochs)}
                <label title=t("The search's seed: the same seed draws the same trials")>{t("Seed ")}
                    <input class="num" type="number" min="0" data-testid="search-seed" prop:value=move || seed.get().to_string()
                        on:change=move |ev| { if let Ok(v) = event_target_value(&ev).trim().parse::<u64>() { seed.set(v) } } />
                </label>
                <span class="hint">{grid_note}</span>
                <button class="primary" data-testid="search-run" on:click=run>{t("Run search")}</button>
            </div>
            <div class="job-body stacked">
                <canvas node_ref=node class="job-chart" data-testid="search-scatter" role="img"
                    aria-label=t("Each finished trial's test loss against its learning rate, both on log scales, coloured by activation")></canvas>
                <div class="job-table-wrap">
                    <table class="job-table" data-testid="search-table">
                        <thead><tr>{head}<th></th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </div>
        </div>
    }
}
