//! One frame loop for every view (the playground and the convolution,
//! recurrent and autoencoder labs): train for the frame's budget at the
//! chosen speed while playing, pause on a [`Stop`], repaint a canvas that
//! changed size and whatever changed while paused, notify the panels (`tick`
//! every frame, `slow` about ten times a second and `after_slow` the frame
//! after), publish the numbers and the stop, and end with the view.
//!
//! A view keeps what it trains off the reactive graph, in a `StoredValue` of
//! a type that implements [`Run`]; the loop and the buttons reach it there.

use leptos::prelude::*;

use crate::engine::history::EpochStats;
use crate::engine::train::{Budget, StepReport, Stop, Train};
use crate::ui::anim::{self, FrameBudget, Speed};
use crate::ui::announce;
use crate::ui::settings;
use crate::ui::stop_at::{self, StopAt};

/// The slower panels (counters, charts) repaint at most this often while training, ms.
pub const SLOW_MS: f64 = 100.0;

/// What a view trains and shows, as the frame loop drives it.
pub trait Run: 'static {
    /// The numbers the view shows beside its buttons.
    type Stats: Clone + PartialEq + Send + Sync + 'static;
    /// Trains one frame's worth at `speed` within `budget_ms` (measured by
    /// `now`; `frame_ms` is the frame's timestamp). Keeps any stop.
    fn train_frame(&mut self, speed: Speed, budget_ms: f64, frame_ms: f64, now: &dyn Fn() -> f64);
    /// Why training stopped, if it did: the loop pauses, and play stays
    /// refused until it is gone (a reset, or a setting that lifts it).
    fn stop(&self) -> Option<Stop>;
    /// Brings the pictures' data up to date before a repaint; `slow` when the
    /// slower panels repaint too.
    fn refresh(&mut self, slow: bool);
    /// Brings every picture's data up to the weights at once (a pause, a step,
    /// a rebuild): what [`refresh`](Self::refresh) may spread over frames while playing.
    fn refresh_all(&mut self) {
        self.refresh(true);
    }
    /// The numbers to show now.
    fn stats(&self) -> Self::Stats;
    /// Epochs trained (0 before there is anything to train).
    fn epoch(&self) -> u64;
    /// Whether something changed while paused that the pictures must show
    /// (cleared by the call).
    fn take_dirty(&mut self) -> bool {
        false
    }
    /// Called when training pauses (or stops): bring what is shown up to the
    /// weights on screen.
    fn settle(&mut self) {}
    /// The last evaluated epoch's figures, for what a screen reader hears ([`announce`])
    /// and what a "stop at" target watches.
    fn last_epoch(&self) -> Option<EpochStats> {
        None
    }
}

/// Trains `t` for one frame: `n` epochs at `n` a frame, else as much as fits
/// in `budget_ms` read on `now`. A stop is kept by the trainer ([`Train::stopped`]).
pub fn train_frame<T: Train>(t: &mut T, speed: Speed, budget_ms: f64, now: &dyn Fn() -> f64) -> StepReport {
    let budget = match speed {
        Speed::PerFrame(n) => Budget::Epochs(n.into()),
        Speed::Max => Budget::Millis { ms: budget_ms, clock: now },
    };
    t.step(budget).unwrap_or_default()
}

/// Trains `t` one epoch (a view's Step button); a stop is kept by the trainer.
pub fn train_one_epoch<T: Train>(t: &mut T) {
    let _ = t.step(Budget::Epochs(1));
}

/// The signals a view's run is published to (all `Copy`).
pub struct RunSignals<S: Clone + PartialEq + Send + Sync + 'static> {
    /// Training runs while true.
    pub running: RwSignal<bool>,
    /// Why training stopped, as [`Run::stop`] said at the last publication.
    pub stop: RwSignal<Option<Stop>>,
    /// The numbers, written only when they changed.
    pub stats: RwSignal<S>,
    /// Every frame that changed something.
    pub tick: Trigger,
    /// About ten times a second while training, and on every change while paused.
    pub slow: Trigger,
    /// The frame after a slow one, for views whose panels spread their
    /// painting over two frames (the playground).
    pub after_slow: Option<Trigger>,
    /// A canvas changed CSS size, for views with panels that paint only on
    /// their own changes (the playground's data thumbnails).
    pub resized: Option<Trigger>,
}

impl<S: Clone + PartialEq + Send + Sync + 'static> Clone for RunSignals<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: Clone + PartialEq + Send + Sync + 'static> Copy for RunSignals<S> {}

impl<S: Clone + PartialEq + Send + Sync + 'static> RunSignals<S> {
    /// A lab's signals: no `after_slow`, no `resized`.
    pub fn lab(running: RwSignal<bool>, stop: RwSignal<Option<Stop>>, stats: RwSignal<S>, tick: Trigger, slow: Trigger) -> Self {
        RunSignals { running, stop, stats, tick, slow, after_slow: None, resized: None }
    }

    /// Fresh signals, paused, with these numbers.
    pub fn new(stats: S) -> Self {
        RunSignals {
            running: RwSignal::new(false),
            stop: RwSignal::new(None),
            stats: RwSignal::new(stats),
            tick: Trigger::new(),
            slow: Trigger::new(),
            after_slow: None,
            resized: None,
        }
    }
}

/// How a view's loop paces itself.
pub struct RunConfig {
    /// The training time per frame.
    pub budget: FrameBudget,
    /// The speed chosen (views without a speed menu train at [`Speed::Max`]).
    pub speed: Signal<Speed>,
    /// The target that pauses the run, and the one met.
    pub stop_at: StopAt,
}

/// Publishes the run's stop and numbers (each only when it changed).
fn publish<R: Run>(run: StoredValue<R, LocalStorage>, sig: RunSignals<R::Stats>) {
    let Some((stop, stats)) = run.try_with_value(|r| (r.stop(), r.stats())) else { return };
    if sig.stop.with_untracked(|s| *s != stop) {
        sig.stop.set(stop);
        stop.inspect(announce::stopped);
    }
    if sig.stats.with_untracked(|s| *s != stats) {
        sig.stats.set(stats);
    }
}

/// Something changed outside the loop (a rebuild, a setting, a step, a
/// pause): refresh the pictures' data, publish, and notify every panel.
pub fn changed<R: Run>(run: StoredValue<R, LocalStorage>, sig: RunSignals<R::Stats>) {
    run.try_update_value(|r| r.refresh_all());
    publish(run, sig);
    sig.tick.notify();
    sig.slow.notify();
    sig.after_slow.inspect(Trigger::notify);
}

/// Pauses, does `f` to the run (a step), and shows the result.
pub fn step<R: Run>(run: StoredValue<R, LocalStorage>, sig: RunSignals<R::Stats>, f: impl FnOnce(&mut R)) {
    sig.running.set(false);
    run.try_update_value(f);
    changed(run, sig);
}

/// Play or pause; a stopped run stays paused.
pub fn toggle<R: Run>(run: StoredValue<R, LocalStorage>, sig: RunSignals<R::Stats>) {
    let stopped = run.try_with_value(|r| r.stop().is_some()).unwrap_or(true);
    if stopped && !sig.running.get_untracked() {
        let shown = sig.stop.get_untracked();
        publish(run, sig); // says why, if it did not yet
        shown.inspect(announce::stopped); // and a screen reader hears it again
        return;
    }
    sig.running.update(|r| *r = !*r);
}

/// Starts the view's frame loop; it ends when the current owner (the view) is cleaned up.
pub fn start<R: Run>(run: StoredValue<R, LocalStorage>, sig: RunSignals<R::Stats>, cfg: RunConfig) {
    let RunConfig { mut budget, speed, stop_at } = cfg;
    let mut resizes = crate::render::canvas::resize_count();
    // epochs trained per millisecond at the last frames' pace (full speed counts out an epoch target by it)
    let mut pace = 0.0;
    let mut last_slow = f64::NEG_INFINITY;
    let mut was_slow = false;
    let frame_loop = anim::start(move |now| {
        let seen = crate::render::canvas::resize_count();
        let resized = seen != resizes;
        if resized {
            resizes = seen;
            sig.resized.inspect(Trigger::notify);
        }
        if !sig.running.get_untracked() {
            budget.pause();
            // a reset (or a rebuild) takes the run back before the target it met: armed again
            if stop_at.met.with_untracked(|m| m.is_some_and(|m| run.try_with_value(|r| r.epoch() < m.epoch).unwrap_or(false))) {
                stop_at.met.set(None);
            }
            let dirty = run.try_update_value(|r| r.take_dirty()).unwrap_or(false);
            if resized || dirty {
                changed(run, sig);
            }
            return;
        }
        let budget_ms = budget.frame(now);
        // a target met is spent until changed or reset: Play goes on past it
        let target = stop_at.met.with_untracked(Option::is_none).then(|| stop_at.target.get_untracked());
        let before = run.try_with_value(|r| r.epoch()).unwrap_or(0);
        let fits = (pace * budget_ms) as u64;
        let speed = target.map_or(speed.get_untracked(), |t| stop_at::capped(&t, before, speed.get_untracked(), fits));
        let started = anim::now_ms();
        let stopped = run
            .try_update_value(|r| {
                r.train_frame(speed, budget_ms, now, &anim::now_ms);
                r.stop().is_some()
            })
            .unwrap_or(true);
        if stopped {
            sig.running.set(false); // the pause below settles and shows everything
            return;
        }
        let (epoch, eval) = run.try_with_value(|r| (r.epoch(), r.last_epoch())).unwrap_or((before, None));
        // (the clock may tick in 0.1 ms steps: a frame shorter than that counts as one)
        pace = epoch.saturating_sub(before) as f64 / (anim::now_ms() - started).max(0.1);
        if let Some(met) = target.and_then(|t| stop_at::check(&t, before, epoch, eval)) {
            stop_at.met.set(Some(met));
            sig.running.set(false); // paused at the target: the pause below settles and shows everything
            return;
        }
        let (slow, after_slow) = if was_slow {
            (false, true)
        } else if now - last_slow >= SLOW_MS {
            last_slow = now;
            (true, false)
        } else {
            (false, false)
        };
        was_slow = slow;
        run.try_update_value(|r| {
            r.take_dirty();
            r.refresh(slow);
        });
        sig.tick.notify();
        if slow {
            publish(run, sig);
            sig.slow.notify();
            announce::progress(now, || run.try_with_value(R::last_epoch).flatten());
        }
        if after_slow {
            sig.after_slow.inspect(Trigger::notify);
        }
        // a frame that repaints the charts may run late: that says nothing about training's share
        if slow || after_slow {
            budget.excuse();
        }
    });
    // pausing (or a stop) settles the run and shows its final numbers and pictures
    Effect::new(move |was_running: Option<bool>| {
        let running = sig.running.get();
        if was_running == Some(true) && !running {
            run.try_update_value(|r| r.settle());
            changed(run, sig);
        }
        if was_running.is_some_and(|w| w != running) {
            announce::running(running, sig.stop.get_untracked());
        }
        running
    });
    // a new target is armed
    Effect::new(move |was: Option<stop_at::Target>| {
        let t = stop_at.target.get();
        if was.is_some_and(|w| w != t) {
            stop_at.met.set(None);
        }
        t
    });
    on_cleanup(move || frame_loop.stop());
}

/// Why a lab builds its model again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rebuild {
    /// The view opened.
    First,
    /// The reset button (new weights, same settings).
    Reset,
    /// A setup row of the table changed: its words.
    Setup(&'static str),
    /// Something else the view tracks (its data finished loading).
    Other,
}

/// Builds a lab's model now, and again whenever a setup row of its `table`
/// changes, `reset` moves, or `also` tracks a change: the table says what
/// rebuilds, not a list of signals in the view. A change of setting is said
/// to a screen reader in the playground's words.
pub fn rebuild_on_setup<S: Copy + 'static>(
    table: &'static settings::Table<S>,
    s: S,
    reset: RwSignal<u32>,
    also: impl Fn() + 'static,
    build: impl Fn(Rebuild) + 'static,
) {
    Effect::new(move |prev: Option<(Vec<String>, u32)>| {
        also();
        let now = (table.setup_values(&s), reset.get());
        let why = match &prev {
            None => Rebuild::First,
            Some((_, r)) if *r != now.1 => Rebuild::Reset,
            Some((old, _)) => table.setup_change(old, &now.0).map_or(Rebuild::Other, Rebuild::Setup),
        };
        if let Rebuild::Setup(why) = why {
            announce::say(crate::ui::words::rebuilt(why));
        }
        build(why);
        now
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::train::{Cause, Stop};

    /// A run that trains one "epoch" per frame and diverges at epoch 3.
    #[derive(Default)]
    struct Counter {
        epoch: u64,
        stop: Option<Stop>,
        refreshed: u32,
    }

    impl Run for Counter {
        type Stats = u64;
        fn train_frame(&mut self, _: Speed, _: f64, _: f64, _: &dyn Fn() -> f64) {
            if self.stop.is_none() {
                self.epoch += 1;
                if self.epoch == 3 {
                    self.stop = Some(Stop::Diverged {
                        epoch: 3,
                        step: 1,
                        layer: None,
                        cause: Cause::Loss,
                        weights_kept: true,
                        learning_rate: 10.0,
                    });
                }
            }
        }
        fn stop(&self) -> Option<Stop> {
            self.stop
        }
        fn refresh(&mut self, _: bool) {
            self.refreshed += 1;
        }
        fn stats(&self) -> u64 {
            self.epoch
        }
        fn epoch(&self) -> u64 {
            self.epoch
        }
        fn last_epoch(&self) -> Option<EpochStats> {
            Some(EpochStats::train_only(self.epoch, 1.0 / self.epoch.max(1) as f64, None))
        }
    }

    #[test]
    fn a_step_pauses_trains_and_publishes_and_a_stopped_run_will_not_play() {
        let owner = Owner::new();
        owner.with(|| {
            let run = StoredValue::new_local(Counter::default());
            let sig = RunSignals::new(0u64);
            toggle(run, sig);
            assert!(sig.running.get_untracked(), "play");
            let f = |r: &mut Counter| r.train_frame(Speed::Max, 1.0, 0.0, &|| 0.0);
            step(run, sig, f);
            assert!(!sig.running.get_untracked(), "a step pauses");
            assert_eq!((sig.stats.get_untracked(), sig.stop.get_untracked()), (1, None));
            step(run, sig, f);
            step(run, sig, f);
            assert_eq!(sig.stats.get_untracked(), 3);
            assert!(sig.stop.get_untracked().is_some_and(|s| s.lifted_by_new_hyper()), "the stop is published");
            assert_eq!(run.with_value(|r| r.refreshed), 3, "each step refreshed the pictures once");
            toggle(run, sig);
            assert!(!sig.running.get_untracked(), "a stopped run stays paused");
            run.update_value(|r| r.stop = None); // a new learning rate lifted it
            changed(run, sig);
            assert_eq!(sig.stop.get_untracked(), None);
            toggle(run, sig);
            assert!(sig.running.get_untracked(), "and it plays again");
        });
    }
}
