//! The net unrolled over time: one row per step — input, hidden state (a row of
//! coloured cells on the diverging palette), output and target — with the
//! recurrent arrow from each step's state to the next.

use crate::ui::i18n::t;
use leptos::prelude::*;

use super::RnnCtx;
use crate::engine::rnn::task::Task;
use crate::render::canvas::text_px;
use crate::render::conv::begin;
use crate::render::rnn::{paint_unrolled, UnrolledLayout, UnrolledSequence, UnrolledWords};

/// The unrolled picture of the chosen training sequence.
#[component]
pub fn Unrolled(ctx: RnnCtx) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        ctx.tick.track();
        let Some(cv) = canvas.get() else { return };
        let width = crate::render::canvas::css_size(&cv).0.max(200) as f64;
        let sample = ctx.sample.get_untracked();
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let (steps, hidden) = (t.data.len, t.net.hidden);
            let n = t.data.count().max(1);
            let (xs, ys) = (&t.data.inputs[sample % n], &t.data.targets[sample % n]);
            let tr = &lab.trace;
            if tr.out.len() != steps {
                return;
            }
            let l = UnrolledLayout::new(width, steps, hidden, text_px());
            let Some((g, _)) = begin(&cv, Some(l.height)) else { return };
            let bits = matches!(t.config().task, Task::Parity | Task::Echo);
            let data = UnrolledSequence { inputs: xs, targets: ys, mask: &t.data.mask, trace: tr, bits, binary: t.net.binary };
            let words = UnrolledWords {
                input: crate::ui::i18n::t("input").into(),
                output: crate::ui::i18n::t("output").into(),
                target: crate::ui::i18n::t("target").into(),
                hidden_state: crate::ui::i18n::t("hidden state").into(),
                units: crate::ui::i18n::plural(hidden, "({n} unit)", "({n} units)"),
            };
            paint_unrolled(&g, &l, &data, &words);
        });
    });
    let count = move || {
        ctx.tick.track();
        ctx.lab.with_value(|l| l.trainer.as_ref().map(|t| t.data.count()).unwrap_or(1)).max(1)
    };
    let pick = move |d: isize| {
        let n = count() as isize;
        ctx.sample.update(|s| *s = ((*s as isize + d).rem_euclid(n)) as usize);
    };
    view! {
        <div class="lab-panel rnn-unrolled">
            <h2>{t("Unrolled over time")}
                <span class="legend"><i class="neg"></i>"−1"<i class="zero"></i>"0"<i class="pos"></i>"+1"</span>
            </h2>
            <div class="rnn-pick">
                <button data-testid="rnn-prev" aria-label=t("Previous sequence") on:click=move |_| pick(-1)>"◀"</button>
                <span data-testid="rnn-sample">{move || crate::ui::i18n::fill(crate::ui::i18n::t("sequence {k} of {n}"), &[("k", &(ctx.sample.get() % count() + 1)), ("n", &count())])}</span>
                <button data-testid="rnn-next" aria-label=t("Next sequence") on:click=move |_| pick(1)>"▶"</button>
                <span class="muted small">{t("Each row is one time step; the arrow down is the state passed on through W_h.")}</span>
            </div>
            <canvas node_ref=canvas data-testid="rnn-unrolled" role="img"
                aria-label=t("The network unrolled over time: for each step, the input, the hidden state as coloured cells (blue positive, orange negative), the output and the target")></canvas>
        </div>
    }
}
