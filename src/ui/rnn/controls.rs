//! The recurrent view's toolbar: play, step, reset; the task and the sizes; the
//! learning rate, optimizer and speed; and the live numbers.

use crate::ui::i18n::t;
use leptos::prelude::*;

use crate::ui::anim::Speed;
use crate::ui::prepare::Group;
use crate::ui::run;
use crate::ui::settings::{self, lab_optimizer_row, lab_seed_row, Domain, Setting, Table, When};
use crate::ui::url::enum_name;
use crate::ui::widgets::{enum_select, number_select, speed_select};

use super::RnnCtx;
use crate::engine::math::optimizer::OptimizerKind;
use crate::engine::rnn::task::Task;

/// Hidden sizes offered (within [`limits::RNN_HIDDEN`](crate::engine::limits::RNN_HIDDEN)).
const HIDDEN: [usize; 7] = [1, 2, 4, 6, 8, 16, 32];
/// Sequence lengths offered (within [`limits::RNN_SEQ_LEN`](crate::engine::limits::RNN_SEQ_LEN)).
const LENGTHS: [usize; 10] = [2, 3, 4, 6, 8, 12, 16, 20, 30, 40];
/// Echo distances offered (within [`limits::RNN_ECHO_K`](crate::engine::limits::RNN_ECHO_K)).
const KS: [usize; 11] = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20];
/// Learning rates offered, up to absurd ones (a class can watch a run diverge).
const RATES: [f64; 9] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 10.0, 100.0];

type Row = Setting<RnnCtx>;
const SEQUENCES: When = When::Setup(crate::ui::i18n::mark("the sequences changed"));
const NETWORK: When = When::Setup(crate::ui::i18n::mark("the network changed"));

/// The settings a link carries (`#view=rnn&task=echo&k=8`), with the values the controls offer.
pub static TABLE: Table<RnnCtx> = Table {
    view: Some("rnn"),
    rows: &[
        Row::text(
            "task",
            SEQUENCES,
            |c| enum_name(&c.task.get()),
            |c, v| settings::offered_enum(v, Task::all()).map(|t| c.task.set(t)).is_some(),
        ),
        Row::num("hidden", NETWORK, Domain::Counts(&HIDDEN), |c| c.hidden.get() as f64, |c, v| c.hidden.set(v as usize)),
        Row::num("steps", SEQUENCES, Domain::Counts(&LENGTHS), |c| c.seq_len.get() as f64, |c, v| c.seq_len.set(v as usize)),
        Row::num("k", SEQUENCES, Domain::Counts(&KS), |c| c.k.get() as f64, |c, v| c.k.set(v as usize)),
        Row::num("lr", When::Live, Domain::Choice(&RATES), |c| c.lr.get(), |c, v| c.lr.set(v)),
        lab_optimizer_row!("optimizer"),
        lab_seed_row!(),
        crate::ui::stop_at::loss_row::<RnnCtx>(),
        crate::ui::stop_at::accuracy_row::<RnnCtx>(),
        crate::ui::stop_at::epoch_row::<RnnCtx>(),
        crate::ui::prepare::hide_row::<RnnCtx>(),
        crate::ui::settings::lang_row::<RnnCtx>(),
    ],
    refused: |k, v| crate::ui::prepare::refused::<RnnCtx>(k, v).unwrap_or_else(|| settings::not_offered(k, v)),
    notice: settings::LAB_NOTICE,
    check: None,
};

crate::ui::stop_at::lab_has_target!(RnnCtx);
crate::ui::prepare::lab_prepared!(RnnCtx, &GROUPS);

/// The groups of controls a teacher may hide for a class (`hide=…`).
pub static GROUPS: [Group; 7] = [
    Group {
        key: "task",
        label: crate::ui::i18n::mark("Task, steps and k"),
        selector: "label:has(> [data-testid=rnn-task]), label:has(> [data-testid=rnn-length]), label:has(> [data-testid=rnn-k])",
    },
    Group { key: "network", label: crate::ui::i18n::mark("Hidden units"), selector: "label:has(> [data-testid=rnn-hidden])" },
    Group {
        key: "training",
        label: crate::ui::i18n::mark("Learning rate and optimizer"),
        selector: "label:has(> [data-testid=rnn-lr]), label:has(> [data-testid=rnn-optimizer])",
    },
    Group { key: "speed", label: crate::ui::i18n::mark("Speed"), selector: "label:has(> [data-testid=rnn-speed])" },
    crate::ui::stop_at_bar::PREPARE_GROUP,
    Group { key: "weights", label: crate::ui::i18n::mark("Recurrent weights"), selector: ".lab-panel:has([data-testid=rnn-weights])" },
    Group {
        key: "reach",
        label: crate::ui::i18n::mark("Gradient flowing back in time"),
        selector: ".lab-panel:has([data-testid=rnn-reach-chart])",
    },
];

/// A speed as this view's menu names it: as the playground's, but full speed
/// is "fastest" here.
fn speed_name(s: Speed) -> String {
    match s {
        Speed::Max => t("fastest").into(),
        s => s.label(),
    }
}

/// Play, step, reset, the settings and the numbers.
#[component]
pub fn Toolbar(ctx: RnnCtx) -> impl IntoView {
    let step = move |_| run::step(ctx.lab, ctx.signals(), |l| l.step_epoch());
    // a stopped (diverged) run stays stopped until a new rate or optimizer, or a reset
    let play = move |_| run::toggle(ctx.lab, ctx.signals());
    let status = move || ctx.stop.with(|s| s.as_ref().map(crate::ui::words::stopped)).unwrap_or_else(|| ctx.status.get());
    let pct = |v: f64| format!("{:.1} %", 100.0 * v);
    view! {
        <div class="lab-toolbar">
            <button class="play" data-testid="rnn-play" title=t("Play / pause")
                aria-label=move || if ctx.running.get() { crate::ui::i18n::t("Pause") } else { crate::ui::i18n::t("Play") }
                on:click=play>
                {move || if ctx.running.get() { "❚❚" } else { "▶" }}
            </button>
            <button data-testid="rnn-step" title=t("Train one epoch") on:click=step>{t("Step")}</button>
            <button data-testid="rnn-reset" title=t("New random weights (and new sequences with a new seed)")
                on:click=move |_| { ctx.running.set(false); ctx.reset.update(|n| *n += 1); }>{t("Reset")}</button>
            {enum_select("rnn-task", t("Task"), t("The sequence task"), Task::all(), Task::name, ctx.task)}
            {number_select("rnn-hidden", t("Hidden"), t("Hidden units: the width of the state h"), TABLE.domain("hidden").counts(), ctx.hidden)}
            {number_select("rnn-length", t("Steps"), t("Time steps per sequence"), TABLE.domain("steps").counts(), ctx.seq_len)}
            <Show when=move || ctx.task.get() == Task::Echo>
                {number_select("rnn-k", t("k"), t("How many steps back the echo recalls"), TABLE.domain("k").counts(), ctx.k)}
            </Show>
            {number_select("rnn-lr", t("Learning rate"), t("Step size (changing it keeps the weights)"), TABLE.domain("lr").offered(), ctx.lr)}
            {enum_select("rnn-optimizer", t("Optimizer"), t("The update rule; changing it keeps the weights and restarts its moments"), OptimizerKind::all(), OptimizerKind::name, ctx.optimizer)}
            {speed_select("rnn-speed", t("Epochs trained per frame (about 60 frames a second)"), &Speed::RNN, speed_name, ctx.speed)}
            {crate::ui::stop_at_bar::lab_control!(ctx, move || ctx.stats.with(|s| s.accuracy.is_some()))}
            <div class="lab-numbers">
                <span>{t("epoch ")}<b data-testid="rnn-epoch">{move || ctx.stats.get().epoch}</b></span>
                <span>{t("loss ")}<b data-testid="rnn-loss">{move || crate::ui::words::number_shown(ctx.stats.get().loss, 4)}</b></span>
                <Show when=move || ctx.stats.get().accuracy.is_some()>
                    <span>{t("right ")}<b data-testid="rnn-accuracy">{move || ctx.stats.get().accuracy.map(pct).unwrap_or_default()}</b></span>
                </Show>
            </div>
            <Show when=move || !status().is_empty()>
                <div class="lab-status" role="status" data-testid="rnn-status">{status}</div>
            </Show>
            <crate::ui::prepare::PreparePanel groups=&GROUPS hidden=ctx.hidden_groups
                set=Callback::new(move |h| ctx.hidden_groups.set(h)) />

        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_values_lie_within_the_engines_limits() {
        use crate::engine::limits::{RNN_ECHO_K, RNN_HIDDEN, RNN_SEQ_LEN};
        for (key, (lo, hi)) in [("hidden", RNN_HIDDEN), ("steps", RNN_SEQ_LEN), ("k", RNN_ECHO_K)] {
            let offered = TABLE.domain(key).counts();
            assert!(!offered.is_empty() && offered.iter().all(|v| (lo..=hi).contains(v)), "{key}: {offered:?}");
        }
    }

    #[test]
    fn the_speed_select_keeps_its_option_values() {
        let offered = Speed::RNN;
        assert_eq!(offered.map(Speed::key), ["1", "5", "20", "max"]);
        assert_eq!(offered.map(speed_name), ["1 epoch/frame", "5 epochs/frame", "20 epochs/frame", "fastest"]);
        for s in offered {
            assert_eq!(Speed::parse(&s.key(), &Speed::RNN), Some(s));
        }
    }
}
