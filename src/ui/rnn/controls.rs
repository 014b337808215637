//! The recurrent view's toolbar: play, step, reset; the task and the sizes; the
//! learning rate, optimizer and speed; and the live numbers.

use leptos::prelude::*;

use crate::ui::anim::Speed;
use crate::ui::link_state::Field;
use crate::ui::run;
use crate::ui::widgets::{enum_select, number_select, speed_select, within};

use super::RnnCtx;
use crate::engine::limits;
use crate::engine::math::optimizer::OptimizerKind;
use crate::engine::rnn::task::Task;

/// Hidden sizes offered (within [`limits::RNN_HIDDEN`]).
const HIDDEN: [usize; 7] = [1, 2, 4, 6, 8, 16, 32];
/// Sequence lengths offered (within [`limits::RNN_SEQ_LEN`]).
const LENGTHS: [usize; 10] = [2, 3, 4, 6, 8, 12, 16, 20, 30, 40];
/// Echo distances offered (within [`limits::RNN_ECHO_K`]).
const KS: [usize; 11] = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20];
/// Learning rates offered, up to absurd ones (a class can watch a run diverge).
const RATES: [f64; 9] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 10.0, 100.0];

fn hiddens() -> Vec<usize> {
    HIDDEN.into_iter().filter(|&v| within(v, limits::RNN_HIDDEN)).collect()
}
fn lengths() -> Vec<usize> {
    LENGTHS.into_iter().filter(|&v| within(v, limits::RNN_SEQ_LEN)).collect()
}
fn ks() -> Vec<usize> {
    KS.into_iter().filter(|&v| within(v, limits::RNN_ECHO_K)).collect()
}

/// The settings a link carries (`#view=rnn&task=echo&k=8`), with the values the controls offer.
pub fn link_fields(ctx: RnnCtx) -> Vec<Field> {
    vec![
        Field::enumeration("task", ctx.task, Task::all()),
        Field::choice("hidden", ctx.hidden, hiddens()),
        Field::choice("steps", ctx.seq_len, lengths()),
        Field::choice("k", ctx.k, ks()),
        Field::choice("lr", ctx.lr, RATES.to_vec()),
        Field::enumeration("optimizer", ctx.optimizer, OptimizerKind::all()),
        Field::seed("seed", ctx.seed),
    ]
}

/// A speed as this view's menu names it: as the playground's, but full speed
/// is "fastest" here.
fn speed_name(s: Speed) -> String {
    match s {
        Speed::Max => "fastest".into(),
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
            <button class="play" data-testid="rnn-play" title="Play / pause"
                aria-label=move || if ctx.running.get() { "Pause" } else { "Play" }
                on:click=play>
                {move || if ctx.running.get() { "❚❚" } else { "▶" }}
            </button>
            <button data-testid="rnn-step" title="Train one epoch" on:click=step>"Step"</button>
            <button data-testid="rnn-reset" title="New random weights (and new sequences with a new seed)"
                on:click=move |_| { ctx.running.set(false); ctx.reset.update(|n| *n += 1); }>"Reset"</button>
            {enum_select("rnn-task", "Task", "The sequence task", Task::all(), Task::name, ctx.task)}
            {number_select("rnn-hidden", "Hidden", "Hidden units: the width of the state h", hiddens(), ctx.hidden)}
            {number_select("rnn-length", "Steps", "Time steps per sequence", lengths(), ctx.seq_len)}
            <Show when=move || ctx.task.get() == Task::Echo>
                {number_select("rnn-k", "k", "How many steps back the echo recalls", ks(), ctx.k)}
            </Show>
            {number_select("rnn-lr", "Learning rate", "Step size (changing it keeps the weights)", RATES.to_vec(), ctx.lr)}
            {enum_select("rnn-optimizer", "Optimizer", "The update rule; changing it keeps the weights and restarts its moments", OptimizerKind::all(), OptimizerKind::name, ctx.optimizer)}
            {speed_select("rnn-speed", "Epochs trained per frame (about 60 frames a second)", &Speed::RNN, speed_name, ctx.speed)}
            <div class="lab-numbers">
                <span>"epoch "<b data-testid="rnn-epoch">{move || ctx.stats.get().epoch}</b></span>
                <span>"loss "<b data-testid="rnn-loss">{move || crate::engine::text::number(ctx.stats.get().loss, 4)}</b></span>
                <Show when=move || ctx.stats.get().accuracy.is_some()>
                    <span>"right "<b data-testid="rnn-accuracy">{move || ctx.stats.get().accuracy.map(pct).unwrap_or_default()}</b></span>
                </Show>
            </div>
            <Show when=move || !status().is_empty()>
                <div class="lab-status" role="status" data-testid="rnn-status">{status}</div>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
