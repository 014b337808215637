//! The lab's toolbar: play, step, reset, data and hyper-parameters, and the
//! live numbers.

use crate::ui::i18n::t;
use leptos::prelude::*;

use super::state::*;
use crate::engine::conv::{has_batch_norm, with_batch_norm, without_batch_norm};
use crate::engine::data::images::Generated;
use crate::engine::math::optimizer::OptimizerKind;

pub(super) fn pct(v: f64) -> String {
    format!("{:.1} %", 100.0 * v)
}

/// Play, step, reset, data and hyper-parameters, and the live numbers.
#[component]
pub(super) fn Toolbar(ctx: LabCtx) -> impl IntoView {
    let lrs = TABLE.domain("lr").offered();
    let batches = TABLE.domain("batch").counts();
    let step_epoch = move |_| crate::ui::run::step(ctx.lab, ctx.signals(), |l| l.step_epoch());
    let status = move || ctx.stop.with(|s| s.as_ref().map(crate::ui::words::stopped)).unwrap_or_else(|| ctx.status.get());
    view! {
        <div class="conv-toolbar">
            <button class="play" data-testid="conv-play" title=t("Play / pause")
                on:click=move |_| crate::ui::run::toggle(ctx.lab, ctx.signals())>
                {move || if ctx.running.get() { "❚❚" } else { "▶" }}
            </button>
            <button data-testid="conv-step" title=t("Train one epoch") on:click=step_epoch>{t("Step epoch")}</button>
            <button data-testid="conv-reset" title=t("New random weights")
                on:click=move |_| { ctx.running.set(false); ctx.reset.update(|n| *n += 1); }>{t("Reset")}</button>
            <label>{t("Data ")}
                <select data-testid="conv-dataset" on:change=move |ev| if let Some(d) = DataChoice::from_key(&event_target_value(&ev)) { ctx.dataset.set(d) }>
                    {[DataChoice::Digits, DataChoice::Gen(Generated::Bars), DataChoice::Gen(Generated::Shapes)].into_iter().map(|d| {
                        let label = match d { DataChoice::Digits => crate::ui::i18n::t("digits 8×8 (1797)"), DataChoice::Gen(Generated::Bars) => crate::ui::i18n::t("bars"), DataChoice::Gen(Generated::Shapes) => crate::ui::i18n::t("shapes") };
                        view! { <option value=d.key() selected=move || ctx.dataset.get() == d>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || ctx.dataset.get() != DataChoice::Digits>
                <label>{t("size ")}
                    <select data-testid="conv-size" on:change=move |ev| ctx.gen_size.set(event_target_value(&ev).parse().unwrap_or(12))>
                        {TABLE.domain("size").counts().into_iter().map(|s| view! {
                            <option value=s.to_string() selected=move || ctx.gen_size.get() == s>{format!("{s}×{s}")}</option>
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <label>{t("Learning rate ")}
                <select data-testid="conv-lr" on:change=move |ev| ctx.lr.set(event_target_value(&ev).parse().unwrap_or(0.01))>
                    {lrs.into_iter().map(|v| view! { <option value=v.to_string() selected=move || ctx.lr.get() == v>{v.to_string()}</option> }).collect_view()}
                </select>
            </label>
            <label>{t("Batch ")}
                <select data-testid="conv-batch" on:change=move |ev| ctx.batch.set(event_target_value(&ev).parse().unwrap_or(16))>
                    {batches.into_iter().map(|v| view! { <option value=v.to_string() selected=move || ctx.batch.get() == v>{v.to_string()}</option> }).collect_view()}
                </select>
            </label>
            <label>{t("Optimizer ")}
                <select data-testid="conv-optimizer" title=t("The update rule; changing it keeps the weights and restarts its moments")
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        if let Some(&k) = OptimizerKind::all().iter().find(|k| format!("{k:?}") == key) {
                            ctx.optimizer.set(k);
                        }
                    }>
                    {OptimizerKind::all().iter().map(|&k| view! {
                        <option value=format!("{k:?}") selected=move || ctx.optimizer.get() == k>{t(k.name())}</option>
                    }).collect_view()}
                </select>
            </label>
            <label title=t("A batch normalization after every convolution: each channel normalized over the mini-batch and its positions, then scaled and shifted by a learned γ and β (running statistics when evaluating). Rebuilds the net.")>
                <input type="checkbox" data-testid="conv-batchnorm"
                    prop:checked=move || ctx.layers.with(|ls| has_batch_norm(ls))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ctx.layers.update(|ls| *ls = if on { with_batch_norm(ls) } else { without_batch_norm(ls) });
                    } />
                {crate::ui::i18n::t(" batch norm")}
            </label>
            {crate::ui::stop_at_bar::lab_control!(ctx, || true)}
            <div class="conv-numbers">
                <span>{t("epoch ")}<b data-testid="conv-epoch">{move || ctx.stats.get().epoch}</b></span>
                <span>{t("test ")}<b data-testid="conv-test-acc">{move || pct(ctx.stats.get().test_acc)}</b></span>
                <span class="muted">{t("train ")}{move || pct(ctx.stats.get().train_acc)}</span>
                <span class="muted" data-testid="conv-clock">{move || {
                    let s = ctx.stats.get();
                    let mut out = crate::ui::words::num(&format!("{:.1} s", s.run_s));
                    if s.epochs_per_s > 0.0 { out += &crate::ui::i18n::fill(t(" · {n} epochs/s"), &[("n", &format!("{:.0}", s.epochs_per_s))]); }
                    out
                }}</span>
                <span class="muted" data-testid="conv-t95">{move || ctx.stats.get().t95.map(|s| crate::ui::i18n::fill(t("95 % at {s} s"), &[("s", &crate::ui::words::num(&format!("{s:.2}")))])).unwrap_or_default()}</span>
                <span class="muted" data-testid="conv-t97">{move || ctx.stats.get().t97.map(|t| format!("97 % at {t:.2} s")).unwrap_or_default()}</span>
            </div>
            <Show when=move || !status().is_empty()>
                <span class="conv-status" data-testid="conv-status">{status}</span>
            </Show>
            <crate::ui::prepare::PreparePanel groups=&super::state::GROUPS hidden=ctx.hidden_groups
                set=Callback::new(move |h| ctx.hidden_groups.set(h)) />

        </div>
    }
}
