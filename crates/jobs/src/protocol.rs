//! The job protocol: what the page asks a worker ([`Request`]) and what the
//! worker answers ([`Reply`]), each one serde-JSON message, and [`run`], the
//! one place that maps a request to the pure function that serves it.
//!
//! To add a kind of job: a variant of [`Request`] carrying its input, a
//! variant of [`Reply`] carrying its result, and an arm in [`run`] calling its
//! pure function (emit a [`Reply::Failed`] with the request's id on bad input).
//! The pool on the page sends any `Request` to the next free worker and hands
//! every `Reply` back to the panel that asked.

use baselines::{BaselineInput, Report};
use neuralscope_engine::bench::BenchReport;
use neuralscope_engine::dense::config::TrainConfig;
use neuralscope_engine::dense::trainer::EpochStats;
use neuralscope_engine::train::Stop;
use serde::{Deserialize, Serialize};

/// One unit of work for a worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Train one configuration for a number of epochs, reporting as it goes.
    Train(Trial),
    /// Fit the simpler models (the `baselines` crate) on a data set.
    Baselines { id: u32, input: BaselineInput },
    /// Run the engine's benchmark cases (`engine::bench::run_all`), each the
    /// median of `runs` runs: the page's `#view=bench` (so the page itself
    /// carries neither the bench nor the f64 trainer it compares with).
    Bench { id: u32, runs: usize },
}

impl Request {
    /// The id the replies to this request carry.
    pub fn id(&self) -> u32 {
        match self {
            Request::Train(t) => t.id,
            Request::Baselines { id, .. } | Request::Bench { id, .. } => *id,
        }
    }
}

/// A training run: the configuration (its seed fixes the initial weights, the
/// shuffling and the dropout, so the run is reproducible), for `epochs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    /// Its number within the job.
    pub id: u32,
    pub cfg: TrainConfig,
    /// Epochs to train (at most [`MAX_EPOCHS`]).
    pub epochs: u64,
    /// A [`Reply::Progress`] every this many epochs (and at the end).
    pub report_every: u64,
}

/// Most runs a [`Request::Bench`] takes the median of (a larger request is cut to this).
pub const MAX_BENCH_RUNS: usize = 15;

/// Most epochs one trial trains (a longer request is cut to this).
pub const MAX_EPOCHS: u64 = 10_000;

/// What a worker says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker's wasm is loaded: it takes requests from now on.
    Ready,
    /// A trial's losses after `epoch` epochs.
    Progress { id: u32, epoch: u64, train_loss: f64, test_loss: Option<f64> },
    /// A trial finished (or stopped on a divergence).
    Done(TrialResult),
    /// The simpler models, fitted.
    Baselines { id: u32, report: Report },
    /// The engine's benchmark figures, measured in the worker.
    Bench { id: u32, report: BenchReport },
    /// A request could not run (bad configuration, bad message): why, in
    /// English (`message`) and as data (`why`, which a page words in its language).
    Failed {
        id: u32,
        message: String,
        #[serde(default)]
        why: Failure,
    },
}

/// Why a request could not run, as data ([`Reply::Failed`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    /// Anything else: `message` says what (the page's own failures, written in its language).
    #[default]
    Other,
    /// The simpler models could not be fitted: `message` holds the fitting library's own words.
    Baselines,
    /// The message was not a request.
    Unreadable,
    /// A setting of the trial was refused (its field).
    Setup { field: String },
    /// A step activation in a network with hidden layers: no gradient flows.
    StepActivation,
}

impl Reply {
    /// Whether this is a request's last reply (the worker is then free for the next).
    pub fn ends_request(&self) -> bool {
        !matches!(self, Reply::Ready | Reply::Progress { .. })
    }
}

/// The outcome of a [`Trial`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrialResult {
    pub id: u32,
    /// The losses and accuracies of the final weights (the last finite ones after a divergence).
    pub last: EpochStats,
    /// The lowest test loss seen at a report (training loss when there is no test split).
    pub best_loss: f64,
    /// The epoch of `best_loss`.
    pub best_epoch: u64,
    /// Set when training stopped early because a number overflowed: where and why.
    pub diverged: Option<Stop>,
    /// Wall time of the trial in the worker, milliseconds (not part of what is reproducible).
    pub ms: f64,
}

impl TrialResult {
    /// The loss a comparison ranks by: the final test loss (training loss
    /// without a test split); infinite after a divergence.
    pub fn final_loss(&self) -> f64 {
        if self.diverged.is_some() {
            return f64::INFINITY;
        }
        let l = self.last.test_loss.unwrap_or(self.last.train_loss);
        if l.is_finite() {
            l
        } else {
            f64::INFINITY
        }
    }
}

/// Serves one request, calling `emit` with each reply as it happens. `now`
/// is a clock in milliseconds (for [`TrialResult::ms`] only).
pub fn run(req: &Request, now: &dyn Fn() -> f64, emit: &mut dyn FnMut(Reply)) {
    match req {
        Request::Train(t) => crate::train::train(t, now, emit),
        Request::Baselines { id, input } => emit(match baselines::fit_all(input, now) {
            Ok(report) => Reply::Baselines { id: *id, report },
            Err(e) => Reply::Failed { id: *id, message: e.to_string(), why: Failure::Baselines },
        }),
        Request::Bench { id, runs } => {
            emit(Reply::Bench { id: *id, report: neuralscope_engine::bench::run_all((*runs).clamp(1, MAX_BENCH_RUNS), now) })
        }
    }
}

/// Serves one JSON message: a message that is not a [`Request`] gets a
/// [`Reply::Failed`] (id 0) saying why. Replies are JSON too.
pub fn run_json(msg: &str, now: &dyn Fn() -> f64, emit: &mut dyn FnMut(String)) {
    let mut send = |r: Reply| emit(serde_json::to_string(&r).unwrap_or_else(|e| failed_json(0, &e.to_string())));
    match serde_json::from_str::<Request>(msg) {
        Ok(req) => run(&req, now, &mut send),
        Err(e) => {
            send(Reply::Failed { id: 0, message: format!("The worker could not read a job message: {e}."), why: Failure::Unreadable })
        }
    }
}

fn failed_json(id: u32, message: &str) -> String {
    serde_json::json!({ "Failed": { "id": id, "message": message } }).to_string()
}
