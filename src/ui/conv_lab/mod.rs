//! The convolution lab: a small conv net learns on tiny images; its kernels and
//! feature maps are drawn live.
//!
//! State: the trainer, the loaded digits and the drawn image live OFF the
//! reactive graph in one [`Lab`] (a local `StoredValue`). One
//! requestAnimationFrame loop trains for [`BUDGET_MS`] per frame while playing,
//! runs a forward pass of the chosen input, and notifies `tick`; every canvas
//! effect tracks `tick` and repaints from read-only views of the trainer.
//! Structural changes (data set, architecture, seed, reset) rebuild the trainer
//! in one effect; the learning rate and batch size are passed to the running
//! trainer without a reset.

mod arch;
mod draw;
mod handmade;
mod panels;
mod stepper;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::engine::conv::{ArchError, ConvNetConfig, ConvTrainer, LayerInfo, LayerSpec, Shape, TrainConfig};
use crate::engine::data::images::{self, Generated, ImageSet};
use crate::engine::math::optimizer::{OptimizerConfig, OptimizerKind};

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
    fn key(self) -> &'static str {
        match self {
            DataChoice::Digits => "digits",
            DataChoice::Gen(Generated::Bars) => "bars",
            DataChoice::Gen(Generated::Shapes) => "shapes",
        }
    }
    fn from_key(k: &str) -> DataChoice {
        match k {
            "bars" => DataChoice::Gen(Generated::Bars),
            "shapes" => DataChoice::Gen(Generated::Shapes),
            _ => DataChoice::Digits,
        }
    }
}

/// Where the picture shown under the kernels comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Test image number n.
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
    pub trainer: Option<ConvTrainer>,
    /// The hand-drawn image (input shape, values in [0, 1]).
    pub drawn: Vec<f64>,
    /// Something changed: run a forward pass and repaint next frame.
    pub dirty: bool,
    run_ms: f64,
    last_frame: Option<f64>,
    frames: u64,
    t95: Option<f64>,
    t97: Option<f64>,
    epochs_at_start: usize,
    /// The canvases' resize count last painted at (a canvas that changed size repaints).
    resizes: u64,
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
    pub status: RwSignal<String>,
    pub stats: RwSignal<Stats>,
    pub data_ready: RwSignal<u32>,
    /// The input shape of the current data set.
    pub input_shape: Memo<Shape>,
    /// Shape inference of the edited architecture: the layers that work and the first error.
    pub arch: Memo<(Vec<LayerInfo>, Option<ArchError>)>,
}

impl LabCtx {
    /// Marks the picture for a forward pass and repaint on the next frame.
    pub fn touch(&self) {
        self.lab.update_value(|l| l.dirty = true);
    }
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

fn classes_of(d: DataChoice) -> usize {
    match d {
        DataChoice::Digits => 10,
        DataChoice::Gen(g) => g.class_names().len(),
    }
}

/// Fetches `assets/digits.csv.gz` (relative to the page) and parses it.
async fn fetch_digits() -> Result<ImageSet, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str("assets/digits.csv.gz"))
        .await
        .map_err(|e| format!("could not fetch assets/digits.csv.gz: {e:?}"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "fetch did not return a Response")?;
    if !resp.ok() {
        return Err(format!("assets/digits.csv.gz: HTTP {}", resp.status()));
    }
    let buf = wasm_bindgen_futures::JsFuture::from(resp.array_buffer().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("could not read assets/digits.csv.gz: {e:?}"))?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    images::digits_from_bytes(&bytes)
}

/// Builds a trainer for the current settings (or says why not).
fn build(ctx: LabCtx) -> Result<(), String> {
    let dataset = ctx.dataset.get_untracked();
    let size = ctx.gen_size.get_untracked();
    let seed = ctx.seed.get_untracked();
    let layers = ctx.layers.get_untracked();
    let mut tc = TrainConfig { seed, ..TrainConfig::default() };
    tc.hyper.learning_rate = ctx.lr.get_untracked();
    tc.hyper.optimizer = OptimizerConfig::of(ctx.optimizer.get_untracked());
    tc.hyper.batch_size = ctx.batch.get_untracked();
    let mut result = Ok(());
    ctx.lab.update_value(|lab| {
        let set = match dataset {
            DataChoice::Digits => match &lab.digits {
                Some(d) => d.clone(),
                None => {
                    result = Err("loading the digits…".to_string());
                    return;
                }
            },
            DataChoice::Gen(g) => images::generate(g, 800, size, 0.15, seed),
        };
        let (train, test) = set.split(0.25, seed);
        let cfg = ConvNetConfig { input: set.shape, layers, classes: set.classes() };
        match ConvTrainer::new(&cfg, train, test, tc) {
            Ok(t) => {
                lab.trainer = Some(t);
                lab.run_ms = 0.0;
                lab.t95 = None;
                lab.t97 = None;
                lab.epochs_at_start = 0;
                if lab.drawn.len() != set.shape.len() {
                    lab.drawn = vec![0.0; set.shape.len()];
                }
                lab.dirty = true;
            }
            Err(e) => result = Err(e.to_string()),
        }
    });
    result
}

/// One animation frame: train for the budget if playing, then forward the
/// chosen input and notify the panels.
fn frame(ctx: LabCtx) {
    let running = ctx.running.get_untracked();
    let source = ctx.source.get_untracked();
    let sample = ctx.sample.get_untracked();
    let start = now();
    let mut stats = None;
    let mut repaint = false;
    let mut slow = false;
    let mut stop = None;
    ctx.lab.update_value(|lab| {
        let dt = lab.last_frame.map(|t| start - t).unwrap_or(0.0);
        lab.last_frame = Some(start);
        // a canvas that changed CSS size (a panel laid out after its first paint, a
        // resized window) repaints at once, paused or not, as in the playground
        let resizes = crate::render::canvas::resize_count();
        if resizes != lab.resizes {
            lab.resizes = resizes;
            lab.dirty = true;
        }
        let input = lab.input(source, sample);
        let Some(t) = lab.trainer.as_mut() else { return };
        if running {
            // wall-clock time spent playing (a hidden tab's long gap is not counted)
            lab.run_ms += dt.min(250.0);
            loop {
                if let Some(s) = t.step() {
                    let at = (lab.run_ms + now() - start) / 1000.0;
                    if s.test_accuracy.unwrap_or(0.0) >= 0.95 && lab.t95.is_none() {
                        lab.t95 = Some(at);
                    }
                    if s.test_accuracy.unwrap_or(0.0) >= 0.97 && lab.t97.is_none() {
                        lab.t97 = Some(at);
                    }
                }
                if now() - start >= BUDGET_MS || t.stopped().is_some() {
                    break;
                }
            }
            stop = t.stopped().map(|s| s.to_string());
        }
        if running || lab.dirty {
            lab.frames += 1;
            slow = !running || lab.dirty || lab.frames % 6 == 0;
            lab.dirty = false;
            if let Some(x) = input {
                t.net.forward(&x);
            }
            repaint = true;
            let last = t.last();
            let run_s = lab.run_ms / 1000.0;
            stats = Some(Stats {
                epoch: t.epoch,
                test_acc: last.test_accuracy.unwrap_or(0.0),
                train_acc: last.train_accuracy.unwrap_or(0.0),
                run_s,
                t95: lab.t95,
                t97: lab.t97,
                epochs_per_s: if run_s > 0.2 { (t.epoch - lab.epochs_at_start) as f64 / run_s } else { 0.0 },
                history_len: t.history.len(),
            });
        }
    });
    if let Some(why) = stop {
        // pause and say why, as the playground does
        ctx.running.set(false);
        ctx.status.set(why);
    }
    if let Some(s) = stats {
        if ctx.stats.get_untracked() != s {
            ctx.stats.set(s);
        }
    }
    if repaint {
        ctx.tick.notify();
    }
    if slow {
        ctx.slow.notify();
    }
}

/// The convolution lab view.
#[component]
pub fn ConvLab() -> impl IntoView {
    let lesson = crate::ui::lessons::lesson_ctx();
    let conv_goal = move || {
        lesson.and_then(|l| l.lesson_untracked()).and_then(|l| match l.check {
            crate::ui::lessons::goals::Goal::ConvAccuracy { accuracy } => Some(accuracy),
            _ => None,
        })
    };
    // the convolution lesson opens on the bars
    let dataset = RwSignal::new(if conv_goal().is_some() { DataChoice::Gen(Generated::Bars) } else { DataChoice::Digits });
    let gen_size = RwSignal::new(12usize);
    let input_shape = Memo::new(move |_| match dataset.get() {
        DataChoice::Digits => Shape::new(1, 8, 8),
        DataChoice::Gen(_) => {
            let s = gen_size.get().clamp(8, 16);
            Shape::new(1, s, s)
        }
    });
    let layers = RwSignal::new(ConvNetConfig::default_for(Shape::new(1, 8, 8), 10).layers);
    let arch = Memo::new(move |_| {
        ConvNetConfig { input: input_shape.get(), layers: layers.get(), classes: classes_of(dataset.get()) }.infer_partial()
    });
    let ctx = LabCtx {
        lab: StoredValue::new_local(Lab::default()),
        tick: Trigger::new(),
        slow: Trigger::new(),
        running: RwSignal::new(false),
        dataset,
        gen_size,
        layers,
        lr: RwSignal::new(TrainConfig::default().hyper.learning_rate),
        optimizer: RwSignal::new(TrainConfig::default().hyper.optimizer.kind),
        batch: RwSignal::new(TrainConfig::default().hyper.batch_size),
        seed: RwSignal::new(1),
        reset: RwSignal::new(0),
        source: RwSignal::new(Source::Test),
        sample: RwSignal::new(0),
        status: RwSignal::new("loading the digits…".to_string()),
        stats: RwSignal::new(Stats::default()),
        data_ready: RwSignal::new(0),
        input_shape,
        arch,
    };

    // Load the digits once.
    leptos::task::spawn_local(async move {
        match fetch_digits().await {
            Ok(d) => {
                ctx.lab.update_value(|l| l.digits = Some(d));
                ctx.data_ready.update(|n| *n += 1);
            }
            Err(e) => ctx.status.set(format!("The digits could not be loaded: {e}. Try the bars or shapes.")),
        }
    });

    // Structural change → rebuild the trainer (an invalid architecture keeps the old one).
    Effect::new(move |_| {
        ctx.data_ready.track();
        ctx.reset.track();
        ctx.seed.track();
        ctx.dataset.track();
        ctx.gen_size.track();
        ctx.layers.track();
        if ctx.arch.with(|a| a.1.is_some()) {
            return;
        }
        match build(ctx) {
            Ok(()) => ctx.status.set(String::new()),
            Err(e) => ctx.status.set(e),
        }
    });
    // Live changes: no reset.
    Effect::new(move |_| {
        let (lr, batch, kind) = (ctx.lr.get(), ctx.batch.get(), ctx.optimizer.get());
        let mut status = None;
        ctx.lab.update_value(|l| {
            if let Some(t) = l.trainer.as_mut() {
                // another rule starts its moments afresh (weights kept); a stop whose
                // weights are intact is lifted: the user did what it asked
                let was = t.stopped();
                status = Some(match t.set_hyper(lr, batch, kind) {
                    Err(e) => e,
                    Ok(()) => t.stopped().map(|s| s.to_string()).unwrap_or_default(),
                });
                if was.is_none() && status == Some(String::new()) {
                    status = None; // nothing to say, and nothing to clear
                }
            }
        });
        if let Some(s) = status {
            ctx.status.set(s);
        }
    });
    Effect::new(move |_| {
        ctx.source.track();
        ctx.sample.track();
        ctx.touch();
    });

    // the lesson's goal: the test accuracy
    Effect::new(move |_| {
        let acc = ctx.stats.with(|s| s.test_acc);
        if let (Some(target), Some(lc)) = (conv_goal(), lesson) {
            if acc >= target && !lc.met.get_untracked() {
                lc.met.set(true);
            }
        }
    });

    // the same frame loop as the playground's
    let frame_loop = crate::ui::anim::start(move |_| frame(ctx));
    on_cleanup(move || frame_loop.stop());

    view! {
        <section class="conv-lab" data-testid="conv-lab">
            <Toolbar ctx=ctx />
            <div class="conv-grid">
                <div class="conv-col conv-left">
                    <arch::ArchEditor ctx=ctx />
                    <panels::Curves ctx=ctx />
                </div>
                <div class="conv-col conv-mid">
                    <panels::Kernels ctx=ctx />
                    <panels::FeatureMaps ctx=ctx />
                </div>
                <div class="conv-col conv-right">
                    <panels::Probabilities ctx=ctx />
                    <draw::DrawPad ctx=ctx />
                    <handmade::HandMade ctx=ctx />
                </div>
            </div>
            <stepper::Stepper ctx=ctx />
        </section>
    }
}

fn pct(v: f64) -> String {
    format!("{:.1} %", 100.0 * v)
}

/// Play, step, reset, data and hyper-parameters, and the live numbers.
#[component]
fn Toolbar(ctx: LabCtx) -> impl IntoView {
    // up to absurd rates, so a class can watch a run diverge and be explained
    let lrs = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 10.0, 100.0];
    let batches = [1usize, 4, 8, 16, 32, 64];
    let step_epoch = move |_| {
        ctx.running.set(false);
        let mut stop = None;
        ctx.lab.update_value(|l| {
            if let Some(t) = l.trainer.as_mut() {
                t.train_epochs(1);
                stop = t.stopped().map(|s| s.to_string());
            }
            l.dirty = true;
        });
        if let Some(why) = stop {
            ctx.status.set(why);
        }
    };
    view! {
        <div class="conv-toolbar">
            <button class="play" data-testid="conv-play" title="Play / pause"
                on:click=move |_| ctx.running.update(|r| *r = !*r)>
                {move || if ctx.running.get() { "❚❚" } else { "▶" }}
            </button>
            <button data-testid="conv-step" title="Train one epoch" on:click=step_epoch>"Step epoch"</button>
            <button data-testid="conv-reset" title="New random weights"
                on:click=move |_| { ctx.running.set(false); ctx.reset.update(|n| *n += 1); }>"Reset"</button>
            <label>"Data "
                <select data-testid="conv-dataset" on:change=move |ev| ctx.dataset.set(DataChoice::from_key(&event_target_value(&ev)))>
                    {[DataChoice::Digits, DataChoice::Gen(Generated::Bars), DataChoice::Gen(Generated::Shapes)].into_iter().map(|d| {
                        let label = match d { DataChoice::Digits => "digits 8×8 (1797)", DataChoice::Gen(Generated::Bars) => "bars", DataChoice::Gen(Generated::Shapes) => "shapes" };
                        view! { <option value=d.key() selected=move || ctx.dataset.get() == d>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || ctx.dataset.get() != DataChoice::Digits>
                <label>"size "
                    <select data-testid="conv-size" on:change=move |ev| ctx.gen_size.set(event_target_value(&ev).parse().unwrap_or(12))>
                        {[8usize, 10, 12, 14, 16].into_iter().map(|s| view! {
                            <option value=s.to_string() selected=move || ctx.gen_size.get() == s>{format!("{s}×{s}")}</option>
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <label>"Learning rate "
                <select data-testid="conv-lr" on:change=move |ev| ctx.lr.set(event_target_value(&ev).parse().unwrap_or(0.01))>
                    {lrs.into_iter().map(|v| view! { <option value=v.to_string() selected=move || ctx.lr.get() == v>{v.to_string()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Batch "
                <select data-testid="conv-batch" on:change=move |ev| ctx.batch.set(event_target_value(&ev).parse().unwrap_or(16))>
                    {batches.into_iter().map(|v| view! { <option value=v.to_string() selected=move || ctx.batch.get() == v>{v.to_string()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Optimizer "
                <select data-testid="conv-optimizer" title="The update rule; changing it keeps the weights and restarts its moments"
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        if let Some(&k) = OptimizerKind::all().iter().find(|k| format!("{k:?}") == key) {
                            ctx.optimizer.set(k);
                        }
                    }>
                    {OptimizerKind::all().iter().map(|&k| view! {
                        <option value=format!("{k:?}") selected=move || ctx.optimizer.get() == k>{k.name()}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="conv-numbers">
                <span>"epoch "<b data-testid="conv-epoch">{move || ctx.stats.get().epoch}</b></span>
                <span>"test "<b data-testid="conv-test-acc">{move || pct(ctx.stats.get().test_acc)}</b></span>
                <span class="muted">"train "{move || pct(ctx.stats.get().train_acc)}</span>
                <span class="muted" data-testid="conv-clock">{move || {
                    let s = ctx.stats.get();
                    let mut out = format!("{:.1} s", s.run_s);
                    if s.epochs_per_s > 0.0 { out += &format!(" · {:.0} epochs/s", s.epochs_per_s); }
                    out
                }}</span>
                <span class="muted" data-testid="conv-t95">{move || ctx.stats.get().t95.map(|t| format!("95 % at {t:.2} s")).unwrap_or_default()}</span>
                <span class="muted" data-testid="conv-t97">{move || ctx.stats.get().t97.map(|t| format!("97 % at {t:.2} s")).unwrap_or_default()}</span>
            </div>
            <Show when=move || !ctx.status.get().is_empty()>
                <span class="conv-status" data-testid="conv-status">{move || ctx.status.get()}</span>
            </Show>
        </div>
    }
}
