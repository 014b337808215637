//! The recurrent view (`#view=rnn`): an Elman net learns a sequence task; the
//! net unrolled over time, its recurrent weights, the loss and the gradient
//! reaching back through time are drawn live.
//!
//! State: the trainer lives OFF the reactive graph in one [`Lab`] (a local
//! `StoredValue`). One requestAnimationFrame loop trains while playing — a set
//! number of epochs per frame, or as many as fit in [`BUDGET_MS`] — and
//! notifies `tick`; every canvas effect tracks it and repaints. Structural
//! settings (task, sizes, k, seed, reset) rebuild the trainer in one effect;
//! the learning rate and optimizer go to the running trainer without a reset.

pub(crate) mod controls;
mod lesson;
mod panels;
mod unrolled;

use leptos::prelude::*;

use crate::engine::history::loss_points;
use crate::engine::math::optimizer::OptimizerConfig;
use crate::engine::math::optimizer::OptimizerKind;
use crate::engine::rnn::net::Trace;
use crate::engine::rnn::task::Task;
use crate::engine::rnn::trainer::{RnnConfig, RnnTrainer};
use crate::engine::train::{Hyper, Stop, Train};
use crate::ui::anim::{FrameBudget, Speed};
use crate::ui::loss_panel::{LossCurve, LossPanel, CURVE_POINTS};
use crate::ui::run::{self, Run, RunConfig, RunSignals};

/// Training time per animation frame at full speed, in milliseconds.
pub const BUDGET_MS: f64 = 8.0;
/// Sequences averaged for the gradient-reach chart.
const REACH_SEQUENCES: usize = 16;

/// The numbers shown in the toolbar.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Stats {
    pub epoch: u64,
    pub loss: f64,
    pub accuracy: Option<f64>,
}

/// Everything off the reactive graph.
#[derive(Default)]
pub struct Lab {
    pub trainer: Option<RnnTrainer>,
    /// The gradient reach of the net as built (before training), for comparison.
    pub reach_start: Vec<f64>,
    /// The same, now.
    pub reach_now: Vec<f64>,
    /// The shown sequence's forward pass.
    pub trace: Trace,
    /// Which training sequence the unrolled picture shows.
    pub sample: usize,
    /// Something changed: repaint next frame.
    pub dirty: bool,
}

/// The recurrent view's run, as the one frame loop drives it.
impl Run for Lab {
    type Stats = Stats;
    fn train_frame(&mut self, speed: Speed, budget_ms: f64, _frame_ms: f64, now: &dyn Fn() -> f64) {
        if let Some(t) = self.trainer.as_mut() {
            run::train_frame(t, speed, budget_ms, now);
        }
    }
    fn stop(&self) -> Option<Stop> {
        self.trainer.as_ref().and_then(Train::stopped)
    }
    fn refresh(&mut self, _slow: bool) {
        let Some(t) = self.trainer.as_ref() else { return };
        let n = t.data.count();
        if n > 0 {
            self.trace = t.net.forward(&t.data.inputs[self.sample % n]);
        }
        self.reach_now = t.reach(REACH_SEQUENCES);
    }
    fn stats(&self) -> Stats {
        let Some(t) = self.trainer.as_ref() else { return Stats::default() };
        if Train::stopped(t).is_some() {
            // the steps of the stopped epoch before the exploding one were taken: show where they left the net
            let (loss, accuracy) = t.evaluate();
            return Stats { epoch: t.epoch(), loss, accuracy };
        }
        t.history().last().map(|s| Stats { epoch: s.epoch, loss: s.train_loss, accuracy: s.train_accuracy }).unwrap_or_default()
    }
    fn epoch(&self) -> u64 {
        self.trainer.as_ref().map_or(0, Train::epoch)
    }
    fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }
    fn last_epoch(&self) -> Option<crate::engine::history::EpochStats> {
        self.trainer.as_ref().and_then(|t| t.history().last().copied())
    }
}

impl Lab {
    /// Trains one epoch (the Step button); a stop is kept by the trainer.
    fn step_epoch(&mut self) {
        self.trainer.as_mut().map(run::train_one_epoch);
    }
}

/// Handles shared by the panels (all `Copy`).
#[derive(Clone, Copy)]
pub struct RnnCtx {
    pub lab: StoredValue<Lab, LocalStorage>,
    /// Every frame that changed something.
    pub tick: Trigger,
    /// About ten times a second while training, and on every change while paused (the charts).
    pub slow: Trigger,
    pub running: RwSignal<bool>,
    pub task: RwSignal<Task>,
    pub hidden: RwSignal<usize>,
    pub seq_len: RwSignal<usize>,
    pub k: RwSignal<usize>,
    pub lr: RwSignal<f64>,
    pub optimizer: RwSignal<OptimizerKind>,
    pub speed: RwSignal<Speed>,
    pub seed: RwSignal<u64>,
    pub reset: RwSignal<u32>,
    /// Which training sequence the unrolled picture shows.
    pub sample: RwSignal<usize>,
    /// Why the settings were refused ("" when all is well).
    pub status: RwSignal<String>,
    /// Why training stopped, if it did.
    pub stop: RwSignal<Option<Stop>>,
    pub stats: RwSignal<Stats>,
    /// The target that pauses the run (`stop_loss`, `stop_acc`, `stop_epoch` in the link).
    pub target: RwSignal<crate::ui::stop_at::Target>,
    pub stop_at: crate::ui::stop_at::StopAt,
    /// The groups of controls a teacher hid (`hide=…`, the toolbar's GROUPS).
    pub hidden_groups: RwSignal<Vec<&'static str>>,
}

impl RnnCtx {
    /// The signals the frame loop publishes to.
    pub fn signals(&self) -> RunSignals<Stats> {
        RunSignals::lab(self.running, self.stop, self.stats, self.tick, self.slow)
    }

    /// The settings as an engine config.
    fn config(&self) -> RnnConfig {
        RnnConfig {
            task: self.task.get_untracked(),
            hidden: self.hidden.get_untracked(),
            seq_len: self.seq_len.get_untracked(),
            k: self.k.get_untracked(),
            learning_rate: self.lr.get_untracked(),
            optimizer: self.optimizer.get_untracked(),
            seed: self.seed.get_untracked(),
            ..RnnConfig::default()
        }
    }
}

/// Builds a trainer for the current settings (or says why not, keeping the old one).
fn build(ctx: RnnCtx) -> Result<(), String> {
    let t = RnnTrainer::new(&ctx.config()).map_err(|e| crate::ui::settings::lab_refusal(&e, &[("seq_len", "steps")]))?;
    ctx.lab.update_value(|lab| {
        lab.reach_start = t.reach(REACH_SEQUENCES);
        lab.trainer = Some(t);
    });
    Ok(())
}

/// The recurrent-net view.
#[component]
pub fn RnnView() -> impl IntoView {
    let d = RnnConfig::default();
    let target = RwSignal::new(crate::ui::stop_at::Target::default());
    let ctx = RnnCtx {
        lab: StoredValue::new_local(Lab::default()),
        tick: Trigger::new(),
        slow: Trigger::new(),
        running: RwSignal::new(false),
        task: RwSignal::new(d.task),
        hidden: RwSignal::new(d.hidden),
        seq_len: RwSignal::new(d.seq_len),
        k: RwSignal::new(d.k),
        lr: RwSignal::new(d.learning_rate),
        optimizer: RwSignal::new(d.optimizer),
        speed: RwSignal::new(Speed::PerFrame(1)),
        seed: RwSignal::new(d.seed),
        reset: RwSignal::new(0),
        sample: RwSignal::new(0),
        status: RwSignal::new(String::new()),
        stop: RwSignal::new(None),
        stats: RwSignal::new(Stats::default()),
        target,
        stop_at: crate::ui::stop_at::StopAt::new(target.into()),
        hidden_groups: RwSignal::new(Vec::new()),
    };
    // the link's settings first, so the first build uses them
    let link_note = crate::ui::lessons::labs::bind_lab(&controls::TABLE, ctx, crate::ui::lessons::format::LessonView::Rnn);
    // A setup row of the table changed, or Reset → rebuild (refused settings keep the old net and say why).
    run::rebuild_on_setup(
        &controls::TABLE,
        ctx,
        ctx.reset,
        || (),
        move |_| {
            ctx.running.set(false);
            match build(ctx) {
                Ok(()) => ctx.status.set(String::new()),
                Err(e) => ctx.status.set(format!("Not applied: {e}.")),
            }
            run::changed(ctx.lab, ctx.signals());
        },
    );
    // Live changes: no reset.
    Effect::new(move |_| {
        let (lr, kind) = (ctx.lr.get(), ctx.optimizer.get());
        let mut err = None;
        ctx.lab.update_value(|l| {
            if let Some(t) = l.trainer.as_mut() {
                err = t.set_hyper(Hyper { learning_rate: lr, optimizer: OptimizerConfig::of(kind), ..t.hyper() }).err();
            }
        });
        if let Some(e) = err {
            ctx.status.set(e.to_string());
        }
        run::changed(ctx.lab, ctx.signals()); // a new rate may have lifted a stop
    });
    Effect::new(move |_| {
        let sample = ctx.sample.get();
        ctx.lab.update_value(|l| {
            l.sample = sample;
            l.dirty = true;
        });
    });
    lesson::watch(ctx);
    let speed = ctx.speed.into();
    run::start(ctx.lab, ctx.signals(), RunConfig { budget: FrameBudget::lab(BUDGET_MS), speed, stop_at: ctx.stop_at });

    view! {
        {link_note.map(|text| view! { <crate::ui::notice::LinkNotice text /> })}
        <section class="lab rnn-lab" data-testid="rnn-lab">
            <controls::Toolbar ctx=ctx />
            <div class="lab-grid rnn-grid">
                <div class="lab-col">
                    <unrolled::Unrolled ctx=ctx />
                    <panels::RecurrentWeights ctx=ctx />
                </div>
                <div class="lab-col">
                    <LossPanel testid="rnn-loss-chart" aria_label=crate::ui::i18n::t("Training loss per epoch") slow=ctx.slow
                        curve=move || ctx.lab.with_value(|lab| lab.trainer.as_ref().map(|t| LossCurve {
                            label: crate::ui::i18n::mark("training loss"),
                            y_label: if t.net.binary { crate::ui::i18n::mark("cross-entropy") } else { crate::ui::i18n::mark("squared error") },
                            points: loss_points(t.history(), CURVE_POINTS),
                        })) />
                    <panels::Reach ctx=ctx />
                </div>
            </div>
        </section>
    }
}
