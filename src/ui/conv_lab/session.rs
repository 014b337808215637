//! The lab's session: loading the digits, building a trainer for the chosen
//! settings, and the animation frame that trains within its budget and
//! notifies the panels.

use leptos::prelude::*;

use super::state::*;
use crate::engine::conv::{ConvNetConfig, LayerSpec, TrainConfig};
use crate::engine::data::images::{self, ImageSet};
use crate::engine::math::optimizer::OptimizerConfig;
use crate::engine::math::real::from_f64;
use crate::engine::train::{Stop, Train};
use crate::ui::anim::Speed;
use crate::ui::run::Run;

pub(super) fn classes_of(d: DataChoice) -> usize {
    match d {
        DataChoice::Digits => 10,
        DataChoice::Gen(g) => g.class_names().len(),
    }
}

/// The trainer the lab trains for these settings, or why there is none: the
/// images (the loaded `digits`, or `size`×`size` generated ones, 800 of them,
/// seeded by `tc.seed`), a quarter of them held out for testing (split by the
/// same seed), and the net `layers` on top. Pure: the lab and its lesson-9
/// test build the same trainer here.
pub(super) fn lab_trainer(
    data: DataChoice,
    size: usize,
    layers: Vec<LayerSpec>,
    tc: TrainConfig,
    digits: Option<&ImageSet>,
) -> Result<LabTrainer, String> {
    let set = match data {
        DataChoice::Digits => digits.ok_or_else(|| "loading the digits…".to_string())?.clone(),
        DataChoice::Gen(g) => images::generate(g, 800, size, 0.15, tc.seed),
    };
    let (train, test) = set.split(0.25, tc.seed);
    let cfg = ConvNetConfig { input: set.shape, layers, classes: set.classes() };
    LabTrainer::build(&cfg, train, test, tc).map_err(|e| e.to_string())
}

/// Builds a trainer for the current settings (or says why not). While the
/// edited architecture is refused, the previous network's layers are built
/// (a reset gives the network on screen new weights).
pub(super) fn build(ctx: LabCtx) -> Result<(), String> {
    let dataset = ctx.dataset.get_untracked();
    let size = ctx.gen_size.get_untracked();
    let previous = || ctx.lab.with_value(|l| l.trainer.as_ref().map(|t| t.net.config.layers.clone()));
    let layers = match ctx.arch.with_untracked(|a| a.1.is_some()).then(previous).flatten() {
        Some(kept) => kept,
        None => ctx.layers.get_untracked(),
    };
    let mut tc = TrainConfig { seed: ctx.seed.get_untracked(), ..TrainConfig::default() };
    tc.hyper.learning_rate = ctx.lr.get_untracked();
    tc.hyper.optimizer = OptimizerConfig::of(ctx.optimizer.get_untracked());
    tc.hyper.batch_size = ctx.batch.get_untracked();
    let mut result = Ok(());
    ctx.lab.update_value(|lab| match lab_trainer(dataset, size, layers, tc, lab.digits.as_ref()) {
        Ok(t) => {
            let pixels = t.net.config.input.len();
            lab.trainer = Some(t);
            lab.run_ms = 0.0;
            lab.t95 = None;
            lab.t97 = None;
            lab.epochs_at_start = 0;
            if lab.drawn.len() != pixels {
                lab.drawn = vec![0.0; pixels];
            }
            lab.dirty = true;
        }
        Err(e) => result = Err(e),
    });
    result
}

/// The lab's run, as the one frame loop drives it (it has no speed menu: as
/// many mini-batches as fit in the budget). It times the run, for the
/// seconds to 95 % and 97 % test accuracy.
impl Run for Lab {
    type Stats = Stats;
    fn train_frame(&mut self, speed: Speed, budget_ms: f64, frame_ms: f64, now: &dyn Fn() -> f64) {
        let Some(t) = self.trainer.as_mut() else { return };
        // wall-clock time spent playing (a hidden tab's long gap is not counted)
        let dt = self.last_frame.map_or(0.0, |last| frame_ms - last);
        self.last_frame = Some(frame_ms);
        self.run_ms += dt.clamp(0.0, 250.0);
        let start = now();
        let report = crate::ui::run::train_frame(t, speed, budget_ms, now);
        // to the resolution of a frame (at most the budget)
        let acc = report.last.and_then(|s| s.test_accuracy).unwrap_or(0.0);
        let at = (self.run_ms + now() - start) / 1000.0;
        if acc >= 0.95 && self.t95.is_none() {
            self.t95 = Some(at);
        }
        if acc >= 0.97 && self.t97.is_none() {
            self.t97 = Some(at);
        }
    }
    fn epoch(&self) -> u64 {
        self.trainer.as_ref().map_or(0, |t| t.epoch as u64)
    }
    fn stop(&self) -> Option<Stop> {
        self.trainer.as_ref().and_then(Train::stopped)
    }
    /// The forward pass of the input shown, for the feature maps.
    fn refresh(&mut self, _slow: bool) {
        let (source, sample) = self.shown;
        let input = self.input(source, sample);
        if let (Some(t), Some(x)) = (self.trainer.as_mut(), input) {
            t.net.forward(&from_f64(&x));
        }
    }
    fn stats(&self) -> Stats {
        let Some(t) = self.trainer.as_ref() else { return Stats::default() };
        let last = t.last();
        let run_s = self.run_ms / 1000.0;
        Stats {
            epoch: t.epoch,
            test_acc: last.test_accuracy.unwrap_or(0.0),
            train_acc: last.train_accuracy.unwrap_or(0.0),
            run_s,
            t95: self.t95,
            t97: self.t97,
            epochs_per_s: if run_s > 0.2 { (t.epoch - self.epochs_at_start) as f64 / run_s } else { 0.0 },
            history_len: t.history.len(),
        }
    }
    fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }
    fn settle(&mut self) {
        self.last_frame = None;
    }
    fn last_epoch(&self) -> Option<crate::engine::history::EpochStats> {
        self.trainer.as_ref().map(|t| t.last())
    }
}

impl Lab {
    /// Trains one epoch (the Step button); a stop is kept by the trainer.
    pub(super) fn step_epoch(&mut self) {
        self.trainer.as_mut().map(crate::ui::run::train_one_epoch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::conv::Shape;
    use crate::engine::data::images::Generated;
    use crate::ui::lessons::goals::{Snapshot, Tracker};
    use crate::ui::lessons::table::builtin;

    /// What the lab's lesson effect reads after a frame: the latest epoch's test accuracy.
    fn snapshot(t: &LabTrainer) -> Snapshot {
        Snapshot { epoch: t.epoch as u64, conv_accuracy: Some(t.last().test_accuracy.unwrap_or(0.0)), ..Snapshot::default() }
    }

    /// Lesson 9 on the lab's own trainer: the bars at 12×12, seed 1, the
    /// default net and training settings (what `ConvLab` opens with when the
    /// lesson is a convolution one, `mod.rs`), stepped a mini-batch at a time as
    /// the frame steps it, the goal read through the lesson's own check.
    #[test]
    fn lesson_9_the_bars_reach_the_goal_on_the_labs_own_trainer() {
        let lesson = &builtin()[8];
        assert!(crate::ui::lessons::is_conv(lesson));
        let layers = ConvNetConfig::default_for(Shape::new(1, 8, 8), 10).layers;
        let mut t = lab_trainer(DataChoice::Gen(Generated::Bars), 12, layers, TrainConfig::default(), None).unwrap();
        let mut tracker = Tracker::new();
        assert!(!tracker.observe(&lesson.check, &snapshot(&t)), "not at epoch 0");
        let mut met = None;
        while met.is_none() && t.epoch < 30 && Train::stopped(&t).is_none() {
            if t.step_batch().is_some() && tracker.observe(&lesson.check, &snapshot(&t)) {
                met = Some(t.epoch);
            }
        }
        println!("lesson 9: goal met at epoch {met:?} (test accuracy {:.3})", t.last().test_accuracy.unwrap_or(0.0));
        assert!(met.is_some(), "{:?}, stopped: {:?}", t.last(), Train::stopped(&t));
    }

    #[test]
    fn the_digits_are_waited_for() {
        let layers = ConvNetConfig::default_for(Shape::new(1, 8, 8), 10).layers;
        let e = lab_trainer(DataChoice::Digits, 12, layers, TrainConfig::default(), None).err();
        assert_eq!(e.as_deref(), Some("loading the digits…"));
    }
}
