//! "Find the best model": background jobs under the playground — the
//! learning-rate sweep, the optimizer race and the hyper-parameter search —
//! run in Web Workers ([`pool`]) with the engine itself (`crates/jobs`), so
//! the page keeps painting. One job runs at a time; each tab keeps its last
//! results. Replies are taken from the pool on the panel's animation frame
//! (at most ten times a second), which also counts frames (`data-frames` on
//! the panel: the proof that the page keeps painting).

pub mod pool;
pub mod race;
pub mod search;
pub mod status;
pub mod sweep;

use crate::ui::i18n::t;
use leptos::html::Section;
use leptos::prelude::*;
use neuralscope_jobs::plan::Candidate;
use neuralscope_jobs::protocol::{Reply, Request, Trial, TrialResult};

use crate::engine::dense::config::TrainConfig;
use crate::ui::anim;

/// The jobs (and the panel's tabs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    Sweep,
    Race,
    Search,
}

impl JobKind {
    fn label(self) -> &'static str {
        match self {
            JobKind::Sweep => crate::ui::i18n::t("Learning-rate sweep"),
            JobKind::Race => crate::ui::i18n::t("Optimizer race"),
            JobKind::Search => crate::ui::i18n::t("Search"),
        }
    }
    fn testid(self) -> &'static str {
        match self {
            JobKind::Sweep => "jobs-tab-sweep",
            JobKind::Race => "jobs-tab-race",
            JobKind::Search => "jobs-tab-search",
        }
    }
}

/// The progress of the job running (or of the last one).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub kind: Option<JobKind>,
    pub epochs_per_trial: u64,
    /// Epochs done, per trial.
    pub done: Vec<u64>,
    /// Trials finished (done or failed).
    pub finished: usize,
    pub running: bool,
    pub cancelled: bool,
    pub started_ms: f64,
    pub elapsed_ms: f64,
    /// Workers the job runs on.
    pub workers: usize,
    /// A failure of the job as a whole (a worker that would not start or crashed).
    pub error: Option<String>,
}

impl Progress {
    /// Epochs done and to do over all trials.
    pub fn epochs(&self) -> (u64, u64) {
        (self.done.iter().sum(), self.epochs_per_trial * self.done.len() as u64)
    }
}

/// A trial's outcome as the tables show it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Pending,
    Done(TrialResult),
    Failed(String),
}

impl Outcome {
    pub fn result(&self) -> Option<&TrialResult> {
        match self {
            Outcome::Done(r) => Some(r),
            _ => None,
        }
    }
}

/// The sweep's rates and outcomes (index = trial id).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SweepData {
    pub rates: Vec<f64>,
    pub outcomes: Vec<Outcome>,
}

/// The race's curves (epoch, training loss) and outcomes, in [`neuralscope_jobs::plan::RACERS`] order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RaceData {
    pub curves: Vec<Vec<(f64, f64)>>,
    pub outcomes: Vec<Outcome>,
}

/// One trial of the search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchRow {
    pub candidate: Candidate,
    pub cfg: TrainConfig,
    pub outcome: Outcome,
}

/// The search's trials.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchData {
    pub rows: Vec<SearchRow>,
}

/// What the jobs need from the page that hosts them: the setup they start
/// from, a way to load a setup into it, and when to repaint.
#[derive(Clone, Copy)]
pub struct JobsHost {
    /// The host's current training setup (read when a job starts).
    pub cfg: Signal<TrainConfig>,
    /// Loads a setup into the host (a search row, the sweep's best rate).
    pub apply: Callback<TrainConfig>,
    /// Fires when a canvas changed CSS size: the charts repaint.
    pub resized: Trigger,
}

/// The panel's state, provided as context to its parts.
#[derive(Clone, Copy)]
pub struct Jobs {
    /// The page the jobs run for.
    pub host: JobsHost,
    pub tab: RwSignal<JobKind>,
    pub progress: RwSignal<Progress>,
    pub sweep: RwSignal<SweepData>,
    pub race: RwSignal<RaceData>,
    pub search: RwSignal<SearchData>,
    /// Workers a job uses (1 ..= [`pool::max_workers`]).
    pub workers: RwSignal<usize>,
    /// Frames per second of the page over the last second.
    pub fps: RwSignal<f64>,
    pool: StoredValue<pool::Pool, LocalStorage>,
}

impl Jobs {
    /// Starts a job (cancelling any other): its data must have been reset by the caller.
    pub fn start(&self, kind: JobKind, trials: Vec<Trial>) {
        let epochs = trials.first().map(|t| t.epochs).unwrap_or(0);
        let n = trials.len();
        let workers = self.workers.get_untracked().clamp(1, pool::max_workers());
        let requests: Vec<Request> = trials.into_iter().map(Request::Train).collect();
        let started = self.pool.with_value(|p| p.run(requests, workers));
        self.progress.set(Progress {
            kind: Some(kind),
            epochs_per_trial: epochs,
            done: vec![0; n],
            finished: 0,
            running: started.is_ok() && n > 0,
            cancelled: false,
            started_ms: anim::now_ms(),
            elapsed_ms: 0.0,
            workers,
            error: started.err(),
        });
    }

    /// Stops the job: its workers are terminated at once.
    pub fn cancel(&self) {
        self.pool.with_value(|p| p.cancel());
        self.progress.update(|p| {
            if p.running {
                p.running = false;
                p.cancelled = true;
            }
        });
    }

    /// Whether a job runs.
    pub fn running(&self) -> bool {
        self.progress.with(|p| p.running)
    }

    /// Workers alive now.
    pub fn live_workers(&self) -> usize {
        self.pool.with_value(|p| p.live())
    }

    /// Takes the pool's replies into the job's data.
    fn absorb(&self, replies: Vec<Reply>) {
        let Some(kind) = self.progress.with_untracked(|p| p.running.then_some(p.kind).flatten()) else { return };
        let epochs = self.progress.with_untracked(|p| p.epochs_per_trial);
        let mut progress = self.progress.get_untracked();
        let (mut sweep, mut race, mut search) = (None, None, None);
        for reply in replies {
            let (id, outcome) = match reply {
                // the baselines panel and the bench page have their own pools
                Reply::Ready | Reply::Baselines { .. } | Reply::Bench { .. } => continue,
                Reply::Progress { id, epoch, train_loss, .. } => {
                    if let Some(d) = progress.done.get_mut(id as usize) {
                        *d = epoch;
                    }
                    if kind == JobKind::Race {
                        let r = race.get_or_insert_with(|| self.race.get_untracked());
                        if let Some(c) = r.curves.get_mut(id as usize) {
                            c.push((epoch as f64, train_loss));
                        }
                    }
                    continue;
                }
                Reply::Done(r) => (r.id, Outcome::Done(r)),
                Reply::Failed { id: u32::MAX, message, why } => {
                    // the job as a whole failed: stop it, say why
                    self.pool.with_value(|p| p.cancel());
                    progress.running = false;
                    progress.error = Some(crate::ui::words::job_failed(&message, &why));
                    break;
                }
                Reply::Failed { id, message, why } => (id, Outcome::Failed(crate::ui::words::job_failed(&message, &why))),
            };
            let i = id as usize;
            if let Some(d) = progress.done.get_mut(i) {
                *d = epochs;
            }
            progress.finished += 1;
            match kind {
                JobKind::Sweep => set_outcome(&mut sweep.get_or_insert_with(|| self.sweep.get_untracked()).outcomes, i, outcome),
                JobKind::Race => set_outcome(&mut race.get_or_insert_with(|| self.race.get_untracked()).outcomes, i, outcome),
                JobKind::Search => {
                    let s = search.get_or_insert_with(|| self.search.get_untracked());
                    if let Some(row) = s.rows.get_mut(i) {
                        row.outcome = outcome;
                    }
                }
            }
        }
        if progress.finished >= progress.done.len() {
            progress.running = false;
        }
        progress.elapsed_ms = anim::now_ms() - progress.started_ms;
        if let Some(s) = sweep {
            self.sweep.set(s);
        }
        if let Some(r) = race {
            self.race.set(r);
        }
        if let Some(s) = search {
            self.search.set(s);
        }
        self.progress.set(progress);
    }
}

fn set_outcome(v: &mut [Outcome], i: usize, o: Outcome) {
    if let Some(slot) = v.get_mut(i) {
        *slot = o;
    }
}

/// The panel's context (panics only if used outside the panel, which no component does).
pub fn jobs() -> Jobs {
    expect_context::<Jobs>()
}

/// Formats a loss for the tables ("—" when there is none).
pub fn fmt_loss(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => crate::ui::words::loss_shown(v),
        _ => "—".into(),
    }
}

/// "Find the best model": the three jobs in tabs, their status and results.
#[component]
pub fn JobsPanel(
    /// The page the jobs run for.
    host: JobsHost,
) -> impl IntoView {
    let j = Jobs {
        host,
        tab: RwSignal::new(JobKind::Sweep),
        progress: RwSignal::new(Progress::default()),
        sweep: RwSignal::new(SweepData::default()),
        race: RwSignal::new(RaceData::default()),
        search: RwSignal::new(SearchData::default()),
        workers: RwSignal::new(pool::max_workers()),
        fps: RwSignal::new(0.0),
        pool: StoredValue::new_local(pool::Pool::default()),
    };
    provide_context(j);
    let root = NodeRef::<Section>::new();
    // every frame: count it (data-frames); ten times a second: take the replies in
    let (mut frames, mut last_drain, mut window_start, mut window_frames) = (0u64, 0.0, 0.0, 0u32);
    let frame_loop = anim::start(move |now| {
        frames += 1;
        window_frames += 1;
        if let Some(el) = root.get_untracked() {
            el.set_attribute("data-frames", &frames.to_string()).ok();
        }
        if now - window_start >= 1000.0 {
            let fps = window_frames as f64 * 1000.0 / (now - window_start).max(1.0);
            (window_start, window_frames) = (now, 0);
            if let Some(el) = root.get_untracked() {
                el.set_attribute("data-fps", &format!("{fps:.1}")).ok();
            }
            if j.progress.with_untracked(|p| p.running) {
                j.fps.set(fps);
            }
        }
        if now - last_drain >= 100.0 {
            last_drain = now;
            let replies = j.pool.with_value(|p| p.drain());
            if !replies.is_empty() || j.progress.with_untracked(|p| p.running) {
                j.absorb(replies);
            }
        }
    });
    on_cleanup(move || {
        frame_loop.stop();
        j.pool.with_value(|p| p.cancel());
    });
    let tab = move |k: JobKind| {
        view! {
            <button class="tab" class:active=move || j.tab.get() == k data-testid=k.testid()
                aria-pressed=move || (j.tab.get() == k).to_string()
                on:click=move |_| j.tab.set(k)>{k.label()}</button>
        }
    };
    view! {
        <section class="jobs-panel" node_ref=root data-testid="jobs" aria-label=t("Find the best model: background jobs")>
            <div class="jobs-head">
                <h2>{t("Find the best model")}</h2>
                <nav class="jobs-tabs" aria-label=t("Jobs")>
                    {tab(JobKind::Sweep)}
                    {tab(JobKind::Race)}
                    {tab(JobKind::Search)}
                </nav>
                <status::WorkersSelect />
            </div>
            <status::JobStatus />
            {move || match j.tab.get() {
                JobKind::Sweep => view! { <sweep::SweepView /> }.into_any(),
                JobKind::Race => view! { <race::RaceView /> }.into_any(),
                JobKind::Search => view! { <search::SearchView /> }.into_any(),
            }}
        </section>
    }
}
