//! The benchmark page (`#view=bench`): runs the engine's benchmark cases
//! (`engine::bench`, the same code as `cargo run --release --example bench`) in
//! this browser, in a Web Worker running the same engine code as the page (the
//! jobs' worker), and prints the figures, as text and as one JSON line. The page's
//! own wasm so carries neither the bench nor the f64 trainer it compares with.

use crate::ui::i18n::t;
use leptos::prelude::*;

use crate::engine::bench::{BenchReport, GRID_WARM_PASSES};
use crate::ui::jobs::pool::{take_replies_each_frame, Pool};
use neuralscope_jobs::protocol::{Reply, Request};

/// Runs each case this many times and prints the medians.
const RUNS: usize = 7;

/// The figures, in the page's language, then one JSON line (the one the bench scripts read: tests/e2e/bench.mjs).
fn report_text(r: &BenchReport) -> String {
    use crate::ui::i18n::fill;
    use crate::ui::words::num;
    let rate = |x: f64| fill(t("{n} epochs/s"), &[("n", &num(&format!("{x:.0}")))]);
    let rows = [
        (t("(a) XOR quadrants 2-4-2-1, evaluated every epoch"), rate(r.xor.epochs_per_sec)),
        (t("(b) spiral 7-8x6-1, evaluated every epoch"), rate(r.spiral.epochs_per_sec)),
        (t("(b) spiral 7-8x6-1, training only"), rate(r.spiral_train_only.epochs_per_sec)),
        (t("(b) the same in f64 (the reference)"), rate(r.spiral_train_only_f64.epochs_per_sec)),
        (
            t("(b) 100x100 grid of every neuron"),
            fill(t("{ms} ms (after {n}+ warm-up passes)"), &[("ms", &num(&format!("{:.3}", r.grid.median_ms))), ("n", &GRID_WARM_PASSES)]),
        ),
    ];
    let width = rows.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    let mut out =
        fill(t("median of {n} runs, performance.now() in a Web Worker of this browser; training in f32 unless said"), &[("n", &RUNS)]);
    for (label, figure) in rows {
        out += &format!("\n{label}{} : {figure:>14}", " ".repeat(width - label.chars().count()));
    }
    out + "\n" + &serde_json::to_string(r).unwrap_or_default()
}

/// The benchmark page.
#[component]
pub fn BenchPage() -> impl IntoView {
    let result = RwSignal::new(None::<String>);
    let pool = StoredValue::new_local(Pool::default());
    if let Err(e) = pool.with_value(|p| p.run(vec![Request::Bench { id: 0, runs: RUNS }], 1)) {
        result.set(Some(crate::ui::i18n::fill(t("The benchmark could not start: {why}"), &[("why", &e)])));
    }
    // the worker answers once, after a few seconds; the page stays live meanwhile
    take_replies_each_frame(pool, move |reply| match reply {
        Reply::Bench { report, .. } => result.set(Some(report_text(&report))),
        Reply::Failed { message, why, .. } => result.set(Some(crate::ui::i18n::fill(
            crate::ui::i18n::t("The benchmark failed: {why}"),
            &[("why", &crate::ui::words::job_failed(&message, &why))],
        ))),
        _ => {}
    });
    view! {
        <main class="bench">
            <h2>{t("Engine benchmark (in this browser, in a Web Worker)")}</h2>
            <pre data-testid="bench-results">{move || result.get().unwrap_or_else(|| t("running…").into())}</pre>
        </main>
    }
}
