//! The running experiment, kept off the reactive graph: the trainer, the grids
//! the heatmaps paint, the decimated loss curves, the divergence state and the
//! speed meter. Views read it after the frame trigger fires.

use crate::engine::data::features::Feature;
use crate::engine::dense::config::TrainConfig;
use crate::engine::dense::diagnose::{overshoot, stall};
use crate::engine::dense::trainer::Trainer;
use crate::engine::dense::views::GridBuffers;
use crate::engine::train::Stop;
use crate::render::series::Decimated;
use crate::ui::anim::Speed;

/// Grid resolution of every neuron's heatmap.
pub const GRID: usize = 40;
/// Grid resolution of the output heatmap, the big picture of the decision
/// boundary (scaled up smoothly): at 40 its edges showed steps.
pub const OUTPUT_GRID: usize = 80;
/// Points kept per loss curve (between this and twice this).
const CURVE_CAP: usize = 300;

/// While playing, the heatmap grids take at most about this much time a frame on
/// average (ms): on a slow device the output's and the neurons' grids then refresh
/// on alternate frames or less often, so that training and painting fit the frame
/// (issue 25 item 4). A fast machine refreshes both every frame.
pub const GRID_BUDGET_MS: f64 = 4.0;

/// The heatmaps' time a frame for a frame whose training budget is `train_ms`:
/// [`GRID_BUDGET_MS`] while frames come on time (the frame loop's training budget
/// at its maximum), down to a quarter of it as late frames shrink the training
/// budget to its minimum ([`super::TRAIN_BUDGET_MS`]). On a slow device the
/// pictures then refresh less often and the frame keeps its rate (issue 25 item 4:
/// the big case stood at about 50 frames/s, its two grids in every frame).
pub fn grid_budget(train_ms: f64) -> f64 {
    let (_, min, max) = super::TRAIN_BUDGET_MS;
    let pressure = ((train_ms - min) / (max - min)).clamp(0.0, 1.0);
    GRID_BUDGET_MS * (0.25 + 0.75 * pressure)
}

/// However slow the device, a grid behind the weights is recomputed within this
/// many frames (a picture never starves; tests rely on this count, not on time).
pub const GRID_MAX_FRAMES: u32 = 4;

/// A version number unique across sessions: a grid's picture is repainted only
/// when its version moved.
fn next_version() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// How a frame of play brings the heatmap grids up to the weights: all of them
/// (the lessons' native runs), or paced within their share of the frame as the page
/// does ([`GRID_BUDGET_MS`]; each within [`GRID_MAX_FRAMES`] frames; a pause brings
/// them up to date, [`settle`](Session::settle)).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GridRefresh {
    Every,
    Paced,
}

/// Which grid: the neurons' (GRID, every layer) or the output's (OUTPUT_GRID).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GridKind {
    Neurons = 0,
    Output = 1,
}

/// Every neuron's output over the GRID×GRID input square, from one batched
/// pass of the engine (`Trainer::grid_outputs_in`).
#[derive(Default)]
pub struct Grids {
    buf: GridBuffers,
    /// The same pass at OUTPUT_GRID; only its output layer is read.
    out: GridBuffers,
    /// Per kind: the (epoch, steps) computed, the version, the frames it has
    /// waited behind the weights, and its cost (ms, smoothed).
    keys: [Option<(u64, u64)>; 2],
    versions: [u64; 2],
    waited: [u32; 2],
    cost: [f64; 2],
    /// Grid time left to spend (ms; negative after a forced refresh).
    allowance: f64,
}

impl Grids {
    /// Neuron `j` of network layer `l` over the grid (row 0 = top = x2 high).
    pub fn neuron(&self, l: usize, j: usize) -> &[f32] {
        self.buf.neuron(l + 1, j)
    }

    /// Input feature `f` over the grid.
    pub fn input(&self, f: usize) -> &[f32] {
        self.buf.neuron(0, f)
    }

    /// Output neuron `k` over the OUTPUT_GRID×OUTPUT_GRID square (row 0 = top).
    pub fn output(&self, k: usize) -> &[f32] {
        self.out.neuron(self.out.n_layers() - 1, k)
    }

    /// The version of a grid's values: it changes whenever they are recomputed.
    pub fn version(&self, kind: GridKind) -> u64 {
        self.versions[kind as usize]
    }

    fn compute_one(&mut self, t: &Trainer<f32>, kind: GridKind, key: (u64, u64)) {
        match kind {
            GridKind::Neurons => t.grid_outputs_in(GRID, t.dataset().extent, &mut self.buf),
            GridKind::Output => t.grid_outputs_in(OUTPUT_GRID, t.dataset().extent, &mut self.out),
        }
        let i = kind as usize;
        self.keys[i] = Some(key);
        self.versions[i] = next_version();
        self.waited[i] = 0;
    }

    /// Both grids up to the weights `key`, now.
    fn compute(&mut self, t: &Trainer<f32>, key: (u64, u64)) {
        for kind in [GridKind::Neurons, GridKind::Output] {
            if self.keys[kind as usize] != Some(key) {
                self.compute_one(t, kind, key);
            }
        }
    }

    /// One playing frame's refresh: the grid that waited longest first, each
    /// only while the frame's grid time lasts (`budget_ms` a frame, [`grid_budget`],
    /// timed on `now`), or when it has waited [`GRID_MAX_FRAMES`] frames.
    fn paced(&mut self, t: &Trainer<f32>, key: (u64, u64), now: &dyn Fn() -> f64, budget_ms: f64) {
        self.allowance = (self.allowance + budget_ms).min(budget_ms * 2.0);
        let mut order = [GridKind::Output, GridKind::Neurons];
        if self.waited[GridKind::Neurons as usize] > self.waited[GridKind::Output as usize] {
            order.swap(0, 1);
        }
        for kind in order {
            let i = kind as usize;
            if self.keys[i] == Some(key) {
                self.waited[i] = 0;
                continue;
            }
            if self.cost[i] <= self.allowance || self.waited[i] + 1 >= GRID_MAX_FRAMES {
                let t0 = now();
                self.compute_one(t, kind, key);
                let dt = (now() - t0).max(0.0);
                self.cost[i] = if self.cost[i] == 0.0 { dt } else { 0.7 * self.cost[i] + 0.3 * dt };
                self.allowance -= dt;
            } else {
                self.waited[i] += 1;
            }
        }
    }
}

/// A feature's values over the grid (for the feature thumbnails).
pub fn feature_grid(feat: Feature, extent: f64) -> Vec<f64> {
    let n = GRID;
    let coord = |k: usize| -extent + 2.0 * extent * (k as f64 + 0.5) / n as f64;
    (0..n * n).map(|i| feat.value(coord(i % n), -coord(i / n))).collect()
}

/// The experiment.
pub struct Session {
    pub trainer: Trainer<f32>,
    pub grids: Grids,
    pub train_curve: Decimated,
    pub test_curve: Decimated,
    pub train_acc: Decimated,
    pub test_acc: Decimated,
    /// Why training stopped (diverged, no gradient, stalled, overshooting),
    /// until a reset (or, for a divergence whose weights were kept, a new
    /// learning rate or optimizer).
    pub stop: Option<Stop>,
    /// Epochs trained by the last frames, for the speed readout.
    pub meter: Meter,
    /// Per layer, the gradient norm of the last step of each frame (by epoch),
    /// for the gradient-health chart.
    pub grad_curves: Vec<Decimated>,
    last_frame_epochs: u64,
    /// The epoch of the newest history entry already on the curves.
    recorded: Option<u64>,
}

/// Frames and epochs per second over the last second or so.
#[derive(Default, Clone, Copy)]
pub struct Meter {
    window_start: f64,
    frames: u32,
    epochs: u64,
    /// Frames per second over the last window.
    pub fps: f64,
    /// Epochs per second over the last window.
    pub eps: f64,
}

impl Meter {
    /// Counts one frame that trained `epochs` epochs, at `now_ms`.
    pub fn tick(&mut self, now_ms: f64, epochs: u64) {
        if self.window_start == 0.0 {
            self.window_start = now_ms;
        }
        self.frames += 1;
        self.epochs += epochs;
        let dt = now_ms - self.window_start;
        if dt >= 1000.0 {
            self.fps = self.frames as f64 * 1000.0 / dt;
            self.eps = self.epochs as f64 * 1000.0 / dt;
            self.window_start = now_ms;
            self.frames = 0;
            self.epochs = 0;
        }
    }
}

/// The playground's run as the one frame loop drives it ([`crate::ui::run`]).
/// The numbers it publishes are the epoch counter's.
impl crate::ui::run::Run for Option<Session> {
    type Stats = u64;
    fn train_frame(&mut self, speed: Speed, budget_ms: f64, frame_ms: f64, now: &dyn Fn() -> f64) {
        if let Some(s) = self.as_mut() {
            s.play_frame(speed, budget_ms, frame_ms, now, GridRefresh::Paced);
        }
    }
    fn stop(&self) -> Option<Stop> {
        self.as_ref().and_then(|s| s.stop)
    }
    /// The grids are brought up to date by each frame and step themselves.
    fn refresh(&mut self, _slow: bool) {}
    fn stats(&self) -> u64 {
        self.as_ref().map_or(0, |s| s.trainer.epoch())
    }
    fn epoch(&self) -> u64 {
        self.stats()
    }
    fn settle(&mut self) {
        if let Some(s) = self.as_mut() {
            s.settle();
        }
    }
    fn last_epoch(&self) -> Option<crate::engine::history::EpochStats> {
        self.as_ref().and_then(|s| s.trainer.history().last().copied())
    }
}

/// A refusal of the engine in words, naming the setting by its link key (its
/// field's path when no row answers for it).
fn setup_error(e: &crate::engine::dense::config::ConfigError) -> String {
    let key = super::state::TABLE.by_field(&e.field).map_or(e.field.as_str(), |r| r.key);
    crate::ui::words::setup_error(key, &e.problem)
}

impl Session {
    /// A fresh session for `cfg`.
    pub fn new(cfg: &TrainConfig) -> Result<Session, String> {
        Ok(Session::from_trainer(Trainer::<f32>::build(cfg).map_err(|e| setup_error(&e))?))
    }

    /// A session around an already built trainer (a loaded model, kept weights on new data).
    pub fn from_trainer(trainer: Trainer<f32>) -> Session {
        let mut s = Session {
            trainer,
            grids: Grids::default(),
            train_curve: Decimated::new(CURVE_CAP),
            test_curve: Decimated::new(CURVE_CAP),
            train_acc: Decimated::new(CURVE_CAP),
            test_acc: Decimated::new(CURVE_CAP),
            stop: None,
            meter: Meter::default(),
            grad_curves: Vec::new(),
            last_frame_epochs: 0,
            recorded: None,
        };
        s.stop = s.trainer.gradient_blocker();
        s.record_new(); // the history starts with epoch 0
        s.refresh_grids();
        s
    }

    /// True when `cfg` differs from the built one in a way that needs a rebuild.
    pub fn needs_rebuild(&self, cfg: &TrainConfig) -> bool {
        !self.trainer.config().same_setup(cfg)
    }

    /// Applies the live settings (learning rate, regularization, optimizer,
    /// dropout, batch size) without resetting anything. A new learning rate or
    /// optimizer lifts a divergence whose weights were kept, as every trainer does.
    pub fn apply_live(&mut self, cfg: &TrainConfig) -> Result<(), String> {
        let (old, new) = (self.trainer.config().hyper(), cfg.hyper());
        self.trainer.set_hyper(new).map_err(|e| setup_error(&e))?;
        crate::engine::train::lift(&mut self.stop, &old, &new);
        Ok(())
    }

    fn record(&mut self, s: &crate::engine::dense::trainer::EpochStats) {
        let x = s.epoch as f64;
        self.train_curve.push(x, s.train_loss);
        if let Some(t) = s.test_loss {
            self.test_curve.push(x, t);
        }
        if let Some(a) = s.train_accuracy {
            self.train_acc.push(x, a);
        }
        if let Some(a) = s.test_accuracy {
            self.test_acc.push(x, a);
        }
    }

    /// Records every epoch of history not yet on the curves.
    fn record_new(&mut self) {
        let new: Vec<_> = self.trainer.history_after(self.recorded).to_vec();
        for s in &new {
            self.record(s);
        }
        if let Some(s) = new.last() {
            self.recorded = Some(s.epoch);
        }
    }

    /// True once training has stopped (see [`Session::stop`]).
    pub fn stopped(&self) -> bool {
        self.stop.is_some()
    }

    /// Notes a stall or an overshoot (see [`stall`], [`overshoot`]) after training.
    fn check_stall(&mut self) {
        if self.stop.is_none() {
            self.stop = stall(&self.trainer).or_else(|| overshoot(&self.trainer));
        }
    }

    /// One animation frame while playing: trains at `speed` within `budget_ms`,
    /// ticks the meter, and brings the heatmap grids up to the weights as `grids`
    /// says. Returns true once training has stopped.
    pub fn play_frame(&mut self, speed: Speed, budget_ms: f64, frame_ms: f64, now: &dyn Fn() -> f64, grids: GridRefresh) -> bool {
        let epochs = self.run_frame(speed, budget_ms, now);
        self.meter.tick(frame_ms, epochs);
        match grids {
            GridRefresh::Every => self.refresh_grids(),
            GridRefresh::Paced => {
                let key = self.grid_key();
                self.grids.paced(&self.trainer, key, now, grid_budget(budget_ms));
            }
        }
        self.stopped()
    }

    /// Trains one frame's worth at `speed`, for at most `budget_ms` (measured by
    /// `now`). Returns the epochs completed. Stops (and keeps the reason) on
    /// divergence or a stall.
    pub fn run_frame(&mut self, speed: Speed, budget_ms: f64, now: &dyn Fn() -> f64) -> u64 {
        if self.stopped() {
            return 0;
        }
        let start = now();
        let e0 = self.trainer.epoch();
        // Evaluating the whole train and test sets costs about as much as an epoch
        // of training: at top speed, evaluate about twice a frame, not every epoch
        // (the charts repaint ten times a second; the last evaluation of a frame is
        // what the counters show).
        let k = match speed {
            Speed::PerFrame(_) => 1,
            Speed::Max => (self.last_frame_epochs / 2).clamp(1, 500),
        };
        self.trainer.set_eval_every(k);
        let result = match speed {
            Speed::PerFrame(n) => self.trainer.train_epochs(n as u64).map(|_| ()),
            Speed::Max => crate::engine::train::budget::train_for(budget_ms, start, now, |n| self.trainer.train_epochs(n).map(|_| ())),
        };
        if let Err(e) = result {
            self.stop = Some(e);
        }
        self.record_new();
        self.record_grads();
        self.check_stall();
        self.last_frame_epochs = self.trainer.epoch() - e0;
        self.last_frame_epochs
    }

    /// Brings the shown losses up to the current weights: at top speed they are
    /// evaluated only every few epochs, so a pause could show the loss of
    /// weights some epochs older than the ones on screen. Called on pause.
    pub fn settle(&mut self) {
        if !self.stopped() && self.trainer.last_stats().epoch != self.trainer.epoch() {
            self.trainer.evaluate();
        }
        self.refresh_grids(); // the heatmaps too (while playing they may lag a few frames)
    }

    /// Steps one epoch or one mini-batch (the step buttons).
    pub fn step(&mut self, whole_epoch: bool) {
        if self.stopped() {
            return;
        }
        self.trainer.set_eval_every(1);
        let r = if whole_epoch { self.trainer.train_epoch().map(|_| ()) } else { self.trainer.step_batch().map(|_| ()) };
        if let Err(e) = r {
            self.stop = Some(e);
        }
        if !whole_epoch {
            self.trainer.evaluate(); // show the losses after this one mini-batch
        }
        self.record_new();
        self.record_grads();
        self.check_stall();
        self.refresh_grids();
    }

    /// Adds each layer's gradient norm of the last step to the gradient-health curves.
    fn record_grads(&mut self) {
        if self.trainer.steps() == 0 {
            return;
        }
        let norms = self.trainer.gradient_norms();
        self.grad_curves.resize_with(norms.len(), || Decimated::new(CURVE_CAP));
        let (epoch, (_, done)) = (self.trainer.epoch() as f64, self.trainer.epoch_progress());
        let x = epoch + done as f64 / self.trainer.dataset().train.len().max(1) as f64;
        for (c, g) in self.grad_curves.iter_mut().zip(norms) {
            c.push(x, g);
        }
    }

    /// Recomputes the heatmap grids if the parameters changed since the last time.
    pub fn refresh_grids(&mut self) {
        let key = self.grid_key();
        self.grids.compute(&self.trainer, key);
    }

    /// What the grids are computed from: the weights after this epoch and step.
    fn grid_key(&self) -> (u64, u64) {
        (self.trainer.epoch(), self.trainer.steps())
    }

    /// Forces the grids to be recomputed (after a hand edit of a weight).
    pub fn invalidate_grids(&mut self) {
        self.grids.keys = [None; 2];
        self.refresh_grids();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// Plays `frames` frames of one epoch each on a clock that advances `ms` at
    /// every reading; returns, per frame, which grids were recomputed.
    fn refreshed(ms: f64, frames: usize) -> Vec<[bool; 2]> {
        refreshed_late(ms, frames, super::super::TRAIN_BUDGET_MS.2)
    }

    /// [`refreshed`] with the frame loop's training budget at `train_ms` (it shrinks when frames come late).
    fn refreshed_late(ms: f64, frames: usize, train_ms: f64) -> Vec<[bool; 2]> {
        let mut s = Session::new(&TrainConfig::default()).unwrap();
        let clock = Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + ms);
            clock.get()
        };
        (0..frames)
            .map(|_| {
                let before = [GridKind::Neurons, GridKind::Output].map(|k| s.grids.version(k));
                s.play_frame(Speed::PerFrame(1), train_ms, clock.get(), &now, GridRefresh::Paced);
                [GridKind::Neurons, GridKind::Output].map(|k| s.grids.version(k) != before[k as usize])
            })
            .collect()
    }

    #[test]
    fn on_a_fast_device_both_grids_refresh_every_frame() {
        assert!(refreshed(0.1, 20).iter().all(|r| *r == [true, true]));
    }

    #[test]
    fn when_frames_come_late_the_grids_take_less_of_the_frame() {
        // each grid costs half the on-time budget: on time both fit every frame; once late
        // frames have shrunk the training budget to its minimum, only a quarter of the grid
        // budget is left, so they take turns (never both in a frame), each within the limit
        let (_, min, max) = super::super::TRAIN_BUDGET_MS;
        assert_eq!((grid_budget(max), grid_budget(min)), (GRID_BUDGET_MS, GRID_BUDGET_MS / 4.0));
        assert!(refreshed(GRID_BUDGET_MS / 4.0, 20).iter().all(|r| *r == [true, true]), "on time: both, every frame");
        let late = refreshed_late(GRID_BUDGET_MS / 4.0, 40, min);
        let both: Vec<usize> = (1..late.len()).filter(|&f| late[f] == [true, true]).collect();
        assert!(both.is_empty(), "late: both grids in frames {both:?}");
        for kind in [GridKind::Neurons, GridKind::Output] {
            let at: Vec<usize> = (0..late.len()).filter(|&f| late[f][kind as usize]).collect();
            assert!(at.len() < late.len() * 2 / 3, "{kind:?} refreshed in {} of {} frames", at.len(), late.len());
            assert!(at.windows(2).all(|w| w[1] - w[0] <= GRID_MAX_FRAMES as usize), "{kind:?}: {at:?}");
        }
    }

    #[test]
    fn the_grid_that_waited_longest_goes_first() {
        // each grid costs one and a half budgets: one fits a frame now and then, and it is
        // the one that waited longest (the other waits its turn), so no frame but the first
        // pays for both (the order had been reversed: the newer grid went first, the older
        // one was then forced in beside it)
        let frames = refreshed(GRID_BUDGET_MS * 1.5, 40);
        let both: Vec<usize> = (1..frames.len()).filter(|&f| frames[f] == [true, true]).collect();
        assert!(both.is_empty(), "both grids in frames {both:?}: {frames:?}");
    }

    #[test]
    fn on_a_slow_device_grids_refresh_less_often_but_each_within_the_frame_limit() {
        // every grid costs five budgets: each waits, but never more than GRID_MAX_FRAMES frames
        let frames = refreshed(GRID_BUDGET_MS * 5.0, 40);
        for kind in [GridKind::Neurons, GridKind::Output] {
            let at: Vec<usize> = (0..frames.len()).filter(|&f| frames[f][kind as usize]).collect();
            assert!(at.len() < frames.len() / 2, "{kind:?} refreshed in {} of {} frames", at.len(), frames.len());
            let longest = at.windows(2).map(|w| w[1] - w[0]).max().unwrap();
            assert!(longest <= GRID_MAX_FRAMES as usize, "{kind:?} waited {longest} frames");
            assert!(at[0] < GRID_MAX_FRAMES as usize);
        }
        // and a pause brings both up to the weights
        let mut s = Session::new(&TrainConfig::default()).unwrap();
        let slow = Cell::new(0.0);
        let now = || {
            slow.set(slow.get() + 100.0);
            slow.get()
        };
        for _ in 0..3 {
            s.play_frame(Speed::PerFrame(1), 0.0, 0.0, &now, GridRefresh::Paced);
        }
        s.settle();
        let key = Some(s.grid_key());
        assert_eq!(s.grids.keys, [key, key]);
    }
}
