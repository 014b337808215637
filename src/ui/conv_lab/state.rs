//! The lab's state: what is chosen (signals, in [`LabCtx`]) and what trains
//! off the reactive graph (the trainer and the images, in [`Lab`]).

use leptos::prelude::*;

use crate::engine::conv::{ArchError, ConvTrainer, LayerInfo, LayerSpec, Shape};

/// The lab trains in single precision, like the playground (the engine's `f64`
/// instantiation of the same code is the reference of its tests).
pub type LabTrainer = ConvTrainer<f32>;
use crate::engine::data::images::{Generated, ImageSet};
use crate::engine::math::optimizer::OptimizerKind;
use crate::engine::train::Stop;

/// Training time per animation frame, in milliseconds.
pub const BUDGET_MS: f64 = 10.0;

/// Which images.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataChoice {
    /// The 8×8 handwritten digits.
    Digits,
    /// Generated bars or shapes.
    Gen(Generated),
}

impl DataChoice {
    pub fn key(self) -> &'static str {
        match self {
            DataChoice::Digits => "digits",
            DataChoice::Gen(Generated::Bars) => "bars",
            DataChoice::Gen(Generated::Shapes) => "shapes",
        }
    }
    pub fn from_key(k: &str) -> DataChoice {
        match k {
            "bars" => DataChoice::Gen(Generated::Bars),
            "shapes" => DataChoice::Gen(Generated::Shapes),
            _ => DataChoice::Digits,
        }
    }
}

/// Where the picture shown under the kernels comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Source {
    /// Test image number n.
    #[default]
    Test,
    /// The image drawn by hand.
    Drawn,
}

/// Numbers shown in the toolbar (written by the frame loop when they change).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Stats {
    pub epoch: usize,
    pub test_acc: f64,
    pub train_acc: f64,
    pub run_s: f64,
    pub t95: Option<f64>,
    pub t97: Option<f64>,
    pub epochs_per_s: f64,
    pub history_len: usize,
}

/// Everything off the reactive graph.
#[derive(Default)]
pub struct Lab {
    pub digits: Option<ImageSet>,
    pub trainer: Option<LabTrainer>,
    /// The hand-drawn image (input shape, values in [0, 1]).
    pub drawn: Vec<f64>,
    /// Something changed: run a forward pass and repaint next frame.
    pub dirty: bool,
    /// The input shown under the kernels: where from, and which test image.
    pub shown: (Source, usize),
    /// Wall-clock milliseconds spent playing.
    pub run_ms: f64,
    /// The last played frame's timestamp (cleared on pause).
    pub last_frame: Option<f64>,
    /// Seconds of play until the test accuracy first reached 95 % and 97 %.
    pub t95: Option<f64>,
    pub t97: Option<f64>,
    pub epochs_at_start: usize,
}

impl Lab {
    /// The input image currently shown, copied.
    pub fn input(&self, source: Source, sample: usize) -> Option<Vec<f64>> {
        let t = self.trainer.as_ref()?;
        match source {
            Source::Drawn if self.drawn.len() == t.net.config.input.len() => Some(self.drawn.clone()),
            _ => {
                if t.test.is_empty() {
                    None
                } else {
                    Some(t.test.image(sample % t.test.len()).to_vec())
                }
            }
        }
    }
}

/// Handles shared by the panels (all `Copy`).
#[derive(Clone, Copy)]
pub struct LabCtx {
    pub lab: StoredValue<Lab, LocalStorage>,
    pub tick: Trigger,
    /// Like `tick`, but about ten times a second while training (for the
    /// panels that need not move at display rate: stepper, hand-made kernel,
    /// probabilities), and on every change while paused.
    pub slow: Trigger,
    pub running: RwSignal<bool>,
    pub dataset: RwSignal<DataChoice>,
    pub gen_size: RwSignal<usize>,
    pub layers: RwSignal<Vec<LayerSpec>>,
    pub lr: RwSignal<f64>,
    pub optimizer: RwSignal<OptimizerKind>,
    pub batch: RwSignal<usize>,
    pub seed: RwSignal<u64>,
    pub reset: RwSignal<u32>,
    pub source: RwSignal<Source>,
    pub sample: RwSignal<usize>,
    /// Loading, or why the settings were refused ("" when all is well).
    pub status: RwSignal<String>,
    /// Why training stopped, if it did.
    pub stop: RwSignal<Option<Stop>>,
    pub stats: RwSignal<Stats>,
    pub data_ready: RwSignal<u32>,
    /// The input shape of the current data set.
    pub input_shape: Memo<Shape>,
    /// Shape inference of the edited architecture: the layers that work and the first error.
    pub arch: Memo<(Vec<LayerInfo>, Option<ArchError>)>,
}

impl LabCtx {
    /// The signals the frame loop publishes to.
    pub fn signals(&self) -> crate::ui::run::RunSignals<Stats> {
        crate::ui::run::RunSignals::lab(self.running, self.stop, self.stats, self.tick, self.slow)
    }

    /// Marks the picture for a forward pass and repaint on the next frame.
    pub fn touch(&self) {
        self.lab.update_value(|l| l.dirty = true);
    }
}
