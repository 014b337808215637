//! The convolution lab: a small conv net learns on tiny images; its kernels and
//! feature maps are drawn live.
//!
//! State: the trainer, the loaded digits and the drawn image live OFF the
//! reactive graph in one [`Lab`] (a local `StoredValue`). One
//! requestAnimationFrame loop trains for up to [`BUDGET_MS`] per frame while playing (less where frames come late),
//! runs a forward pass of the chosen input, and notifies `tick`; every canvas
//! effect tracks `tick` and repaints from read-only views of the trainer.
//! Structural changes (data set, architecture, seed, reset) rebuild the trainer
//! in one effect; the learning rate, batch size and optimizer are passed to the
//! running trainer without a reset. The settings a link carries are the rows of
//! [`TABLE`] (`#view=conv&data=bars&…&bn=1&seed=1`); a lesson's link keeps
//! `lesson=9` in front instead of the view.
//!
//! Laid out like the playground: `state` (the signals and the off-graph
//! [`Lab`]), `session` (loading, building, the frame), `toolbar`, and one file
//! per panel (`arch`, `panels`, `stepper`, `handmade`, `draw`).

mod arch;
mod draw;
mod field;
mod handmade;
mod panels;
mod session;
mod state;
mod stepper;
mod toolbar;

use leptos::prelude::*;

use crate::engine::conv::{ConvNetConfig, Shape, TrainConfig};
use crate::engine::data::images::Generated;
use crate::engine::math::optimizer::OptimizerConfig;
use crate::engine::train::{Hyper, Train};
use crate::ui::run;
use crate::ui::run::Rebuild;
use session::*;
pub use state::*;
use toolbar::Toolbar;

/// The convolution lab view.
#[component]
pub fn ConvLab() -> impl IntoView {
    let lesson = crate::ui::lessons::lesson_ctx();
    let conv_goal = move || {
        lesson.and_then(|l| l.lesson_untracked()).and_then(|l| {
            l.check.iter().find_map(|c| match c {
                crate::ui::lessons::goals::Check::ConvAccuracy { accuracy } => Some(*accuracy),
                _ => None,
            })
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
    let target = RwSignal::new(crate::ui::stop_at::Target::default());
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
        status: RwSignal::new(crate::ui::i18n::t("loading the digits…").to_string()),
        stop: RwSignal::new(None),
        stats: RwSignal::new(Stats::default()),
        target,
        stop_at: crate::ui::stop_at::StopAt::new(target.into()),
        hidden_groups: RwSignal::new(Vec::new()),
        data_ready: RwSignal::new(0),
        input_shape,
        arch,
    };
    // the link's settings first, so the first build uses them (over the lesson's setup, when one is open)
    let lead = match lesson.and_then(|l| l.active.get_untracked()).filter(|l| crate::ui::lessons::is_conv(l)) {
        Some(l) => ("lesson", l.code.clone()),
        None => ("view", "conv".to_string()),
    };
    let link_note = crate::ui::settings::bind_under(&TABLE, ctx, lead, false);

    // Load the digits once.
    leptos::task::spawn_local(async move {
        match crate::ui::files::fetch_digits().await {
            Ok(d) => {
                ctx.lab.update_value(|l| l.digits = Some(d));
                ctx.data_ready.update(|n| *n += 1);
            }
            Err(e) => ctx.status.set(crate::ui::i18n::fill(
                crate::ui::i18n::t("The digits could not be loaded: {e}. Try the bars or shapes."),
                &[("e", &e)],
            )),
        }
    });

    // Structural change → rebuild the trainer. A refused architecture keeps the
    // old network and its weights, but Reset still gives it new ones (a stopped
    // run must have a way out while the edit is refused).
    // (the layers beyond `bn` are edited in the architecture panel, not carried by the link: tracked here)
    let also = move || {
        ctx.data_ready.track();
        ctx.layers.track();
    };
    run::rebuild_on_setup(&state::TABLE, ctx, ctx.reset, also, move |why| {
        if ctx.arch.with(|a| a.1.is_some()) && !matches!(why, Rebuild::First | Rebuild::Reset) {
            return;
        }
        match build(ctx) {
            Ok(()) => ctx.status.set(String::new()),
            Err(e) => ctx.status.set(e),
        }
        run::changed(ctx.lab, ctx.signals());
    });
    // Live changes: no reset.
    Effect::new(move |_| {
        let (lr, batch, kind) = (ctx.lr.get(), ctx.batch.get(), ctx.optimizer.get());
        let mut refused = None;
        ctx.lab.update_value(|l| {
            if let Some(t) = l.trainer.as_mut() {
                // another rule starts its moments afresh (weights kept); a stop whose
                // weights are intact is lifted: the user did what it asked
                let optimizer = if kind == t.hyper().optimizer.kind { t.hyper().optimizer } else { OptimizerConfig::of(kind) };
                refused = t.set_hyper(Hyper { learning_rate: lr, batch_size: batch, optimizer, ..t.hyper() }).err();
            }
        });
        if let Some(e) = refused {
            ctx.status.set(e.to_string());
        }
        run::changed(ctx.lab, ctx.signals());
    });
    Effect::new(move |_| {
        let shown = (ctx.source.get(), ctx.sample.get());
        ctx.lab.update_value(|l| {
            l.shown = shown;
            l.dirty = true;
        });
    });

    // the lesson's goal: the test accuracy, the picked cell's receptive field (reported by the maps)
    crate::ui::lessons::labs::watch(crate::ui::lessons::format::LessonView::Conv, ctx.slow, move || {
        let s = ctx.stats.get_untracked();
        Some(crate::ui::lessons::goals::Snapshot { epoch: s.epoch as u64, conv_accuracy: Some(s.test_acc), ..Default::default() })
    });

    // the one frame loop, at a fixed budget
    let budget = crate::ui::anim::FrameBudget::lab(BUDGET_MS);
    run::start(ctx.lab, ctx.signals(), run::RunConfig { budget, speed: Signal::stored(crate::ui::anim::Speed::Max), stop_at: ctx.stop_at });

    view! {
        {link_note.map(|text| view! { <crate::ui::notice::LinkNotice text /> })}
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
