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

mod controls;
mod panels;
mod unrolled;

use leptos::prelude::*;

use crate::engine::history::loss_points;
use crate::engine::math::optimizer::OptimizerKind;
use crate::engine::rnn::net::Trace;
use crate::engine::rnn::task::Task;
use crate::engine::rnn::trainer::{RnnConfig, RnnTrainer};
use crate::ui::anim::{FrameOutcome, Speed};
use crate::ui::loss_panel::{LossCurve, LossPanel, CURVE_POINTS};

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
    /// Something changed: repaint next frame.
    pub dirty: bool,
    frames: u64,
    resizes: u64,
}

impl Lab {
    fn refresh(&mut self, sample: usize) {
        let Some(t) = self.trainer.as_ref() else { return };
        let n = t.data.count();
        if n > 0 {
            self.trace = t.net.forward(&t.data.inputs[sample % n]);
        }
        self.reach_now = t.reach(REACH_SEQUENCES);
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
    /// Why the settings were refused or training stopped ("" when all is well).
    pub status: RwSignal<String>,
    pub stats: RwSignal<Stats>,
}

impl RnnCtx {
    /// The signals a frame's outcome is published to.
    pub fn signals(&self) -> crate::ui::anim::LabSignals<Stats> {
        crate::ui::anim::LabSignals { running: self.running, status: self.status, stats: self.stats, tick: self.tick, slow: self.slow }
    }

    /// Marks the pictures for a repaint on the next frame.
    pub fn touch(&self) {
        self.lab.update_value(|l| l.dirty = true);
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
    let t = RnnTrainer::new(&ctx.config())?;
    let sample = ctx.sample.get_untracked();
    ctx.lab.update_value(|lab| {
        lab.reach_start = t.reach(REACH_SEQUENCES);
        lab.trainer = Some(t);
        lab.refresh(sample);
        lab.dirty = true;
    });
    Ok(())
}

/// One animation frame: train if playing, then refresh the pictures' data and notify the panels.
fn frame(ctx: RnnCtx) {
    let now = crate::ui::anim::now_ms;
    let running = ctx.running.get_untracked();
    let speed = ctx.speed.get_untracked();
    let sample = ctx.sample.get_untracked();
    let (mut stats, mut stop, mut repaint, mut slow) = (None, None, false, false);
    ctx.lab.update_value(|lab| {
        let resizes = crate::render::canvas::resize_count();
        if resizes != lab.resizes {
            lab.resizes = resizes;
            lab.dirty = true;
        }
        let Some(t) = lab.trainer.as_mut() else { return };
        if running {
            let start = now();
            let result = match speed {
                Speed::PerFrame(n) => t.train_epochs(n as u64),
                Speed::Max => {
                    let mut r = Ok(());
                    while r.is_ok() && now() - start < BUDGET_MS {
                        r = t.train_epochs(4);
                    }
                    r
                }
            };
            if let Err(e) = result {
                stop = Some(e.to_string());
            }
        }
        if running || lab.dirty {
            lab.frames += 1;
            slow = !running || lab.dirty || lab.frames % 6 == 0 || stop.is_some();
            lab.dirty = false;
            lab.refresh(sample);
            repaint = true;
            if let Some(t) = lab.trainer.as_ref() {
                let last = t.history().last().copied();
                stats = last.map(|s| Stats { epoch: s.epoch, loss: s.train_loss, accuracy: s.train_accuracy });
                if stop.is_some() {
                    // the steps of the stopped epoch before the exploding one were taken: show where they left the net
                    let (loss, accuracy) = t.evaluate();
                    stats = Some(Stats { epoch: t.epoch(), loss, accuracy });
                }
            }
        }
    });
    FrameOutcome { stop, stats, repaint, slow }.publish(ctx.signals());
}

/// The recurrent-net view.
#[component]
pub fn RnnView() -> impl IntoView {
    let d = RnnConfig::default();
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
        stats: RwSignal::new(Stats::default()),
    };
    // the link's settings first, so the first build uses them
    let link_note = crate::ui::link_state::bind("rnn", controls::link_fields(ctx));
    // Structural change → rebuild (refused settings keep the old net and say why).
    Effect::new(move |_| {
        ctx.reset.track();
        ctx.seed.track();
        ctx.task.track();
        ctx.hidden.track();
        ctx.seq_len.track();
        ctx.k.track();
        ctx.running.set(false);
        match build(ctx) {
            Ok(()) => ctx.status.set(String::new()),
            Err(e) => ctx.status.set(format!("Not applied: {e}.")),
        }
    });
    // Live changes: no reset.
    Effect::new(move |_| {
        let (lr, kind) = (ctx.lr.get(), ctx.optimizer.get());
        let mut err = None;
        ctx.lab.update_value(|l| {
            if let Some(t) = l.trainer.as_mut() {
                err = t.set_live(lr, kind).err();
            }
        });
        if let Some(e) = err {
            ctx.status.set(e);
        }
    });
    Effect::new(move |_| {
        ctx.sample.track();
        ctx.touch();
    });
    let frame_loop = crate::ui::anim::start(move |_| frame(ctx));
    on_cleanup(move || frame_loop.stop());

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
                    <LossPanel testid="rnn-loss-chart" aria_label="Training loss per epoch" slow=ctx.slow
                        curve=move || ctx.lab.with_value(|lab| lab.trainer.as_ref().map(|t| LossCurve {
                            label: "training loss",
                            y_label: if t.net.binary { "cross-entropy" } else { "squared error" },
                            points: loss_points(t.history(), CURVE_POINTS),
                        })) />
                    <panels::Reach ctx=ctx />
                </div>
            </div>
        </section>
    }
}
