//! The job's status line: a progress bar, what is done, the page's frame rate
//! while it runs, and Cancel; and the choice of how many workers to use.

use crate::ui::i18n::t;
use leptos::prelude::*;

use super::{jobs, pool};

/// How many workers a job uses (one per core the browser reports, at most four).
#[component]
pub fn WorkersSelect() -> impl IntoView {
    let j = jobs();
    let options: Vec<usize> = (1..=pool::max_workers()).collect();
    view! {
        <span class="jobs-workers">
            {crate::ui::widgets::number_select(
                "jobs-workers",
                crate::ui::i18n::t("Workers"),
                crate::ui::i18n::t("Web Workers a job runs on: one per core the browser reports, at most four"),
                options,
                j.workers,
            )}
        </span>
    }
}

/// Progress, timing and Cancel of the job running (or how the last one ended).
#[component]
pub fn JobStatus() -> impl IntoView {
    let j = jobs();
    let text = move || {
        j.progress.with(|p| {
            let Some(kind) = p.kind else {
                return crate::ui::i18n::t(
                    "Each job trains many networks at once in the background (Web Workers, the same engine as the page), \
                        so the playground stays live. Results are reproducible from the job's seed.",
                )
                .to_string();
            };
            if let Some(e) = &p.error {
                return crate::ui::i18n::fill(crate::ui::i18n::t("The job stopped: {e}"), &[("e", &e)]);
            }
            let n = p.done.len();
            let secs = p.elapsed_ms / 1000.0;
            let rate = if secs > 0.0 { p.finished as f64 / secs } else { 0.0 };
            let workers = if p.workers == 1 { "1 worker".to_string() } else { format!("{} workers", p.workers) };
            let what = kind.label().to_lowercase();
            if p.running {
                let fps = j.fps.get();
                let fps = if fps > 0.0 { format!("; the page paints {fps:.0} frames/s") } else { String::new() };
                format!("{what}: {} of {n} trials done on {workers}, {secs:.1} s{fps}", p.finished)
            } else if p.cancelled {
                format!("{what}: cancelled after {} of {n} trials ({secs:.1} s)", p.finished)
            } else {
                format!("{what}: {n} trials in {secs:.1} s on {workers} ({rate:.2} trials/s)")
            }
        })
    };
    let fraction = move || {
        j.progress.with(|p| {
            let (done, total) = p.epochs();
            if total == 0 {
                0.0
            } else {
                done as f64 / total as f64
            }
        })
    };
    let running = move || j.running();
    view! {
        <div class="jobs-status" data-testid="job-status"
            data-running=move || running().to_string()
            data-finished=move || j.progress.with(|p| p.finished).to_string()
            data-epochs=move || j.progress.with(|p| p.epochs().0).to_string()
            data-workers=move || { j.progress.track(); j.live_workers().to_string() }>
            <progress max="1" prop:value=fraction aria-label=t("Progress of the job")></progress>
            <span class="jobs-status-text" role="status">{text}</span>
            <button data-testid="job-cancel" disabled=move || !running() on:click=move |_| j.cancel()>{t("Cancel")}</button>
        </div>
    }
}
