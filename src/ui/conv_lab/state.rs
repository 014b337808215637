//! The lab's state: what is chosen (signals, in [`LabCtx`]) and what trains
//! off the reactive graph (the trainer and the images, in [`Lab`]).

use leptos::prelude::*;

use crate::engine::conv::{has_batch_norm, with_batch_norm, without_batch_norm, ArchError, ConvTrainer, LayerInfo, LayerSpec, Shape};
use crate::ui::settings::{self, flag, flag_str, lab_optimizer_row, lab_seed_row, Domain, Setting, Table, When};

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
    /// The choice a key names (as [`key`](Self::key) writes it), if any.
    pub fn from_key(k: &str) -> Option<DataChoice> {
        match k {
            "digits" => Some(DataChoice::Digits),
            "bars" => Some(DataChoice::Gen(Generated::Bars)),
            "shapes" => Some(DataChoice::Gen(Generated::Shapes)),
            _ => None,
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
    /// The target that pauses the run (`stop_loss`, `stop_epoch`… in the link).
    pub target: RwSignal<crate::ui::stop_at::Target>,
    pub stop_at: crate::ui::stop_at::StopAt,
    /// The groups of controls a teacher hid (`hide=…`, the toolbar's GROUPS).
    pub hidden_groups: RwSignal<Vec<&'static str>>,
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

crate::ui::stop_at::lab_has_target!(LabCtx);
crate::ui::prepare::lab_prepared!(LabCtx, &GROUPS);

/// The groups of controls a teacher may hide for a class (`hide=…`).
pub static GROUPS: [crate::ui::prepare::Group; 8] = {
    use crate::ui::prepare::Group;
    [
        Group {
            key: "data",
            label: crate::ui::i18n::mark("Data set and size"),
            selector: "label:has(> [data-testid=conv-dataset]), label:has(> [data-testid=conv-size])",
        },
        Group {
            key: "training",
            label: crate::ui::i18n::mark("Learning rate, batch, optimizer"),
            selector:
                "label:has(> [data-testid=conv-lr]), label:has(> [data-testid=conv-batch]), label:has(> [data-testid=conv-optimizer])",
        },
        Group { key: "batchnorm", label: crate::ui::i18n::mark("Batch norm"), selector: "label:has(> [data-testid=conv-batchnorm])" },
        crate::ui::stop_at_bar::PREPARE_GROUP,
        Group { key: "architecture", label: crate::ui::i18n::mark("Architecture editor"), selector: ".conv-arch" },
        Group { key: "handmade", label: crate::ui::i18n::mark("Hand-made kernel"), selector: ".conv-hand" },
        Group { key: "draw", label: crate::ui::i18n::mark("Drawing a digit"), selector: ".conv-draw" },
        Group { key: "stepper", label: crate::ui::i18n::mark("Convolution step by step"), selector: ".conv-stepper" },
    ]
};

/// Generated image sizes offered (the images are square).
const SIZES: [usize; 5] = [8, 10, 12, 14, 16];
/// Learning rates offered, up to absurd ones (a class can watch a run diverge and be explained).
const RATES: [f64; 9] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 10.0, 100.0];
/// Mini-batch sizes offered.
const BATCHES: [usize; 6] = [1, 4, 8, 16, 32, 64];

type Row = Setting<LabCtx>;
const DATA: When = When::Setup(crate::ui::i18n::mark("the data changed"));

/// The lab's settings as a link carries them
/// (`#view=conv&data=bars&size=12&lr=0.01&batch=16&opt=Adam&bn=1&seed=1`), with the values the toolbar offers.
pub static TABLE: Table<LabCtx> = Table {
    view: Some("conv"),
    rows: &[
        Row::text("data", DATA, |c| c.dataset.get().key().to_string(), |c, v| DataChoice::from_key(v).map(|d| c.dataset.set(d)).is_some()),
        Row::num("size", DATA, Domain::Counts(&SIZES), |c| c.gen_size.get() as f64, |c, v| c.gen_size.set(v as usize)),
        Row::num("lr", When::Live, Domain::Choice(&RATES), |c| c.lr.get(), |c, v| c.lr.set(v)),
        Row::num("batch", When::Live, Domain::Counts(&BATCHES), |c| c.batch.get() as f64, |c, v| c.batch.set(v as usize)),
        lab_optimizer_row!("opt"),
        // a batch norm after every convolution, or none
        Row::text(
            "bn",
            When::Setup(crate::ui::i18n::mark("the architecture changed")),
            |c| flag_str(c.layers.with(|ls| has_batch_norm(ls))),
            |c, v| flag(v).map(|on| c.layers.update(|ls| *ls = if on { with_batch_norm(ls) } else { without_batch_norm(ls) })).is_some(),
        ),
        lab_seed_row!(),
        crate::ui::stop_at::loss_row::<LabCtx>(),
        crate::ui::stop_at::accuracy_row::<LabCtx>(),
        crate::ui::stop_at::epoch_row::<LabCtx>(),
        crate::ui::prepare::hide_row::<LabCtx>(),
        crate::ui::settings::lang_row::<LabCtx>(),
    ],
    refused: |k, v| crate::ui::prepare::refused::<LabCtx>(k, v).unwrap_or_else(|| settings::not_offered(k, v)),
    notice: settings::LAB_NOTICE,
    check: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_keys_read_back_and_the_offered_values_train() {
        for d in [DataChoice::Digits, DataChoice::Gen(Generated::Bars), DataChoice::Gen(Generated::Shapes)] {
            assert_eq!(DataChoice::from_key(d.key()), Some(d));
        }
        assert_eq!(DataChoice::from_key("Digits"), None);
        let d = crate::engine::conv::TrainConfig::default().hyper;
        assert!(TABLE.domain("lr").offered().contains(&d.learning_rate), "the default rate is offered");
        assert!(TABLE.domain("batch").counts().contains(&d.batch_size), "the default batch is offered");
        let keys: Vec<&str> = TABLE.rows.iter().map(|r| r.key).collect();
        assert_eq!(keys, ["data", "size", "lr", "batch", "opt", "bn", "seed", "stop_loss", "stop_acc", "stop_epoch", "hide", "lang"]);
    }
}
