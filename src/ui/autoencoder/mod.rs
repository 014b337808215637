//! The autoencoder view (`#view=autoencoder`): a dense encoder squeezes each
//! 8×8 digit into a small code, a decoder rebuilds it. Shown live: inputs and
//! their reconstructions, the 2-D code space coloured by digit (click it to
//! decode a point), the worst-rebuilt images, the loss.
//!
//! State follows the recurrent view: the trainer lives off the reactive graph
//! in one [`Lab`]; one requestAnimationFrame loop trains a bounded amount per
//! frame while playing and notifies `tick` (pictures) and `slow` (the codes,
//! anomalies and the loss curve, about ten times a second).

pub(crate) mod controls;
mod lesson;
mod panels;

use leptos::prelude::*;

use crate::engine::autoencoder::AeHyper;
use crate::engine::autoencoder::{AeConfig, AeTrainer};
use crate::engine::data::images::ImageSet;
use crate::engine::history::loss_points;
use crate::engine::math::activation::Activation;
use crate::engine::math::optimizer::OptimizerConfig;
use crate::engine::math::optimizer::OptimizerKind;
use crate::engine::train::{Hyper, Stop, Train};
use crate::ui::anim::{FrameBudget, Speed};
use crate::ui::loss_panel::{LossCurve, LossPanel, CURVE_POINTS};
use crate::ui::run::{self, Run, RunConfig, RunSignals};

/// Training time per animation frame, in milliseconds, while frames come on time (less on a
/// slow device: [`FrameBudget::lab`]); at least one mini-batch is trained.
pub const BUDGET_MS: f64 = 5.0;
/// What the status line says until the digits are in.
const LOADING: &str = crate::ui::i18n::mark("loading the digits…");
/// Noise (standard deviation) of the denoising mode.
pub const DENOISE: f64 = 0.3;
/// Seeds the noise of the denoising pictures and figure (the same noise every frame, so
/// what changes is the net, not the noise).
pub const NOISE_SEED: u64 = 5;
/// Odd images scored among the digits when asked (inverted digits, never trained on).
pub const ODD: usize = 5;
/// Worst-rebuilt images shown.
pub const ANOMALIES: usize = 8;

/// The numbers shown in the toolbar.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Stats {
    pub epoch: u64,
    pub loss: f64,
}

/// Everything off the reactive graph.
#[derive(Default)]
pub struct Lab {
    pub digits: Option<ImageSet>,
    pub trainer: Option<AeTrainer>,
    /// One example of each digit (indices), shown with its reconstruction.
    pub shown: Vec<usize>,
    /// Their reconstructions (from their noisy versions when denoising).
    pub rebuilt: Vec<Vec<f64>>,
    /// When denoising: the shown images with noise added, as the encoder sees them.
    pub noisy: Option<Vec<Vec<f64>>>,
    /// When denoising: the share of the noise the net takes away over every image
    /// ([`AeTrainer::noise_removed`]).
    pub denoised: Option<f64>,
    /// Every image's code (row-major, `code` values each).
    pub codes: Vec<f64>,
    /// The worst-rebuilt images: (index, error); an index past the digits is an odd image's.
    pub worst: Vec<(usize, f64)>,
    /// The odd images scored with the digits (never trained on), when asked.
    pub odd: Option<ImageSet>,
    /// How many of them are among the worst rebuilt.
    pub odd_found: Option<usize>,
    /// The code clicked in the code space, and the image decoded from it.
    pub picked: Option<(Vec<f64>, Vec<f64>)>,
    /// The code-space plot's extent `(x0, x1, y0, y1)`, for a click.
    pub extent: (f64, f64, f64, f64),
    pub dirty: bool,
    /// While playing: the codes and errors being gathered, a few hundred images a frame.
    scan: Option<Scan>,
}

/// The codes and the errors of every image, gathered over several frames while
/// playing: one pass over the 1797 digits took a 4x-throttled classroom device
/// more than a frame, every time the slower panels repainted.
#[derive(Default)]
struct Scan {
    next: usize,
    codes: Vec<f64>,
    errors: Vec<f64>,
}

/// Images a playing frame adds to the [`Scan`] (the digits in six frames, the
/// slower panels' period at 60 frames/s).
const SCAN_IMAGES: usize = 300;

/// The autoencoder view's run, as the one frame loop drives it (it has no
/// speed menu: as many mini-batches as fit in the budget, at least one; an epoch may
/// span frames).
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
    /// The pictures' data from the trainer: reconstructions always; a pass over
    /// every image's code and error begins when `slow` and is gathered a few
    /// hundred images a frame (the code space and the anomalies show it when whole).
    fn refresh(&mut self, slow: bool) {
        self.refresh_shown();
        let Some(t) = self.trainer.as_ref() else { return };
        if slow && self.scan.is_none() {
            self.scan = Some(Scan::default());
        }
        let Some(scan) = self.scan.as_mut() else { return };
        let end = (scan.next + SCAN_IMAGES).min(t.data.len());
        let (codes, errors) = t.codes_and_errors_in(scan.next..end);
        scan.codes.extend(codes.iter());
        scan.errors.extend(errors);
        scan.next = end;
        if end == t.data.len() {
            let Scan { codes, errors, .. } = self.scan.take().unwrap_or_default();
            self.scanned(codes, errors);
        }
    }
    /// Everything from the weights on screen, at once.
    fn refresh_all(&mut self) {
        self.refresh_shown();
        self.scan = None;
        let Some(t) = self.trainer.as_ref() else { return };
        let (codes, errors) = t.codes_and_errors();
        self.scanned(codes.iter().copied().collect(), errors);
    }
    fn stats(&self) -> Stats {
        let last = self.trainer.as_ref().and_then(|t| t.history().last().copied());
        last.map(|s| Stats { epoch: s.epoch, loss: s.train_loss }).unwrap_or_default()
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
    /// The shown images' reconstructions, and the picked code's image.
    fn refresh_shown(&mut self) {
        let Some(t) = self.trainer.as_ref() else { return };
        let noise = t.config().noise;
        if noise > 0.0 {
            let (noisy, rebuilt) = t.rebuild_noisy(&self.shown, noise, NOISE_SEED);
            (self.noisy, self.rebuilt) = (Some(noisy), rebuilt);
        } else {
            (self.noisy, self.rebuilt) = (None, t.reconstruct_images(&self.shown));
        }
        if let Some((code, img)) = self.picked.as_mut() {
            *img = t.decode(code);
        }
    }

    /// Every image's code and error gathered: the code space, the anomalies
    /// (with the odd images, when asked) and the share of noise removed.
    fn scanned(&mut self, codes: Vec<f64>, mut errs: Vec<f64>) {
        let Some(t) = self.trainer.as_ref() else { return };
        let noise = t.config().noise;
        self.denoised = (noise > 0.0).then(|| t.noise_removed(noise, NOISE_SEED)).flatten();
        self.codes = codes;
        let n = errs.len();
        if let Some(odd) = &self.odd {
            errs.extend(t.errors_of(odd));
        }
        let mut idx: Vec<usize> = (0..errs.len()).collect();
        idx.sort_by(|&a, &b| errs[b].total_cmp(&errs[a]));
        self.worst = idx.into_iter().take(ANOMALIES).map(|i| (i, errs[i])).collect();
        self.odd_found = self.odd.as_ref().map(|_| self.worst.iter().filter(|(i, _)| *i >= n).count());
    }

    /// The pixels and the digit of worst-rebuilt index `i` (a digit's, or past them an odd image's).
    pub fn worst_image(&self, i: usize) -> Option<(&[f64], usize)> {
        let data = &self.trainer.as_ref()?.data;
        let (set, k) = if i < data.len() { (data, i) } else { (self.odd.as_ref()?, i - data.len()) };
        (k < set.len()).then(|| (set.image(k), set.labels[k]))
    }

    /// Scores [`ODD`] inverted digits with the others (`on`), or stops.
    fn score_odd(&mut self, on: bool) {
        self.odd = self.digits.as_ref().filter(|_| on).map(|d| {
            let firsts: Vec<usize> = (0..ODD).filter_map(|c| d.labels.iter().position(|&l| l == c)).collect();
            d.inverted(&firsts, "odd")
        });
        self.odd_found = None;
    }

    /// Trains one epoch (the Step button); a stop is kept by the trainer.
    fn step_epoch(&mut self) {
        self.trainer.as_mut().map(run::train_one_epoch);
    }
}

/// Handles shared by the panels (all `Copy`).
#[derive(Clone, Copy)]
pub struct AeCtx {
    pub lab: StoredValue<Lab, LocalStorage>,
    pub tick: Trigger,
    pub slow: Trigger,
    pub running: RwSignal<bool>,
    pub code: RwSignal<usize>,
    pub hidden: RwSignal<usize>,
    pub activation: RwSignal<Activation>,
    pub lr: RwSignal<f64>,
    pub optimizer: RwSignal<OptimizerKind>,
    pub denoise: RwSignal<bool>,
    /// Score odd images (inverted digits, never trained on) with the digits (`odd=1`).
    pub odd: RwSignal<bool>,
    pub seed: RwSignal<u64>,
    pub reset: RwSignal<u32>,
    pub data_ready: RwSignal<u32>,
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
}

impl AeCtx {
    /// The signals the frame loop publishes to.
    pub fn signals(&self) -> RunSignals<Stats> {
        RunSignals::lab(self.running, self.stop, self.stats, self.tick, self.slow)
    }

    fn config(&self) -> AeConfig {
        AeConfig {
            code: self.code.get_untracked(),
            hidden: self.hidden.get_untracked(),
            activation: self.activation.get_untracked(),
            learning_rate: self.lr.get_untracked(),
            optimizer: self.optimizer.get_untracked(),
            noise: if self.denoise.get_untracked() { DENOISE } else { 0.0 },
            seed: self.seed.get_untracked(),
            ..AeConfig::default()
        }
    }
}

/// What a build did.
enum Built {
    /// A new trainer is in place.
    Ready,
    /// Nothing yet: the digits are still loading.
    Loading,
}

/// Builds a trainer for the current settings (or says why not, keeping the old one).
fn build(ctx: AeCtx) -> Result<Built, String> {
    let cfg = ctx.config();
    let mut result = Ok(Built::Loading);
    ctx.lab.update_value(|lab| {
        let Some(d) = lab.digits.clone() else { return };
        result = AeTrainer::new(&cfg, d).map_err(|e| crate::ui::settings::lab_refusal(&e, &[])).map(|t| {
            lab.shown = (0..10).filter_map(|c| t.data.labels.iter().position(|&l| l == c)).collect();
            lab.trainer = Some(t);
            lab.picked = None;
            Built::Ready
        });
    });
    result
}

/// The autoencoder view.
#[component]
pub fn AutoencoderView() -> impl IntoView {
    let d = AeConfig::default();
    let target = RwSignal::new(crate::ui::stop_at::Target::default());
    let ctx = AeCtx {
        lab: StoredValue::new_local(Lab::default()),
        tick: Trigger::new(),
        slow: Trigger::new(),
        running: RwSignal::new(false),
        code: RwSignal::new(d.code),
        hidden: RwSignal::new(d.hidden),
        activation: RwSignal::new(d.activation),
        lr: RwSignal::new(d.learning_rate),
        optimizer: RwSignal::new(d.optimizer),
        denoise: RwSignal::new(false),
        odd: RwSignal::new(false),
        seed: RwSignal::new(d.seed),
        reset: RwSignal::new(0),
        data_ready: RwSignal::new(0),
        status: RwSignal::new(LOADING.to_string()),
        stop: RwSignal::new(None),
        stats: RwSignal::new(Stats::default()),
        target,
        stop_at: crate::ui::stop_at::StopAt::new(target.into()),
        hidden_groups: RwSignal::new(Vec::new()),
    };
    // the link's settings first, so the first build uses them
    let link_note = crate::ui::lessons::labs::bind_lab(&controls::TABLE, ctx, crate::ui::lessons::format::LessonView::Autoencoder);
    leptos::task::spawn_local(async move {
        match crate::ui::files::fetch_digits().await {
            Ok(d) => {
                ctx.lab.update_value(|l| l.digits = Some(d));
                ctx.data_ready.update(|n| *n += 1);
            }
            Err(e) => ctx.status.set(format!("The digits could not be loaded: {e}.")),
        }
    });
    // A setup row of the table changed, Reset, or the digits loaded → rebuild
    // (refused settings keep the old net and say why).
    run::rebuild_on_setup(
        &controls::TABLE,
        ctx,
        ctx.reset,
        move || ctx.data_ready.track(),
        move |_| {
            // a run under way pauses for the new net; Play pressed while the digits load
            // (nothing to pause yet) starts the first net once they are in
            if ctx.lab.with_value(|l| l.trainer.is_some()) {
                ctx.running.set(false);
            }
            match build(ctx) {
                Ok(Built::Ready) => ctx.status.set(String::new()),
                Ok(Built::Loading) => ctx.status.set(LOADING.to_string()),
                Err(e) => ctx.status.set(format!("Not applied: {e}.")),
            }
            run::changed(ctx.lab, ctx.signals());
        },
    );
    // Live changes: no reset.
    Effect::new(move |_| {
        let (lr, kind, denoise) = (ctx.lr.get(), ctx.optimizer.get(), ctx.denoise.get());
        let mut err = None;
        ctx.lab.update_value(|l| {
            if let Some(t) = l.trainer.as_mut() {
                let hyper = Hyper { learning_rate: lr, optimizer: OptimizerConfig::of(kind), ..t.hyper().hyper };
                err = t.set_hyper(AeHyper { hyper, noise: if denoise { DENOISE } else { 0.0 } }).err();
            }
        });
        if let Some(e) = err {
            ctx.status.set(e.to_string());
        }
        run::changed(ctx.lab, ctx.signals()); // a new rate may have lifted a stop
    });
    // odd images scored (not trained on): no reset either
    Effect::new(move |_| {
        let on = ctx.odd.get();
        ctx.data_ready.track();
        ctx.lab.update_value(|l| l.score_odd(on));
        run::changed(ctx.lab, ctx.signals());
    });
    lesson::watch(ctx);
    let budget = FrameBudget::lab(BUDGET_MS);
    run::start(ctx.lab, ctx.signals(), RunConfig { budget, speed: Signal::stored(Speed::Max), stop_at: ctx.stop_at });

    view! {
        {link_note.map(|text| view! { <crate::ui::notice::LinkNotice text /> })}
        <section class="lab ae-lab" data-testid="ae-lab">
            <controls::Toolbar ctx=ctx />
            <div class="lab-grid ae-grid">
                <div class="lab-col">
                    <panels::Reconstructions ctx=ctx />
                    <panels::CodeSpace ctx=ctx />
                </div>
                <div class="lab-col">
                    <LossPanel testid="ae-loss-chart" aria_label=crate::ui::i18n::t("Reconstruction loss per epoch") slow=ctx.slow
                        curve=move || ctx.lab.with_value(|lab| lab.trainer.as_ref().map(|t| LossCurve {
                            label: crate::ui::i18n::mark("reconstruction loss"),
                            y_label: crate::ui::i18n::mark("squared error"),
                            points: loss_points(t.history(), CURVE_POINTS),
                        })) />
                    <panels::Anomalies ctx=ctx />
                </div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::data::images::digits_from_bytes;

    fn lab() -> Lab {
        let digits = digits_from_bytes(include_bytes!("../../../assets/digits.csv.gz")).unwrap();
        let trainer = AeTrainer::new(&AeConfig::default(), digits).ok();
        Lab { trainer, shown: vec![0, 1], ..Lab::default() }
    }

    /// While playing, the codes and the errors of every image are gathered a
    /// few hundred images a frame and shown whole; a pause (or a step) gathers
    /// them at once. Both give the numbers of one pass.
    #[test]
    fn the_code_space_is_gathered_over_frames_while_playing_and_at_once_otherwise() {
        let mut l = lab();
        let (codes, errors) = l.trainer.as_ref().unwrap().codes_and_errors();
        let n = errors.len();
        l.refresh(true);
        assert!(l.codes.is_empty() && l.worst.is_empty(), "one frame does not pass over the {n} digits");
        assert_eq!(l.rebuilt.len(), 2, "the shown images are rebuilt every frame");
        let mut frames = 1;
        while l.codes.is_empty() {
            l.refresh(false);
            frames += 1;
        }
        assert_eq!(frames, n.div_ceil(SCAN_IMAGES));
        assert_eq!(l.codes, codes.iter().copied().collect::<Vec<_>>());
        let worst = errors.iter().copied().fold(f64::MIN, f64::max);
        assert_eq!(l.worst[0].1, worst, "the worst-rebuilt image leads");
        let mut paused = lab();
        paused.refresh_all();
        assert_eq!((paused.codes, paused.worst), (l.codes, l.worst));
    }
}
