//! The autoencoder view's toolbar: play, step, reset; the bottleneck and
//! hidden sizes, the activation; the learning rate, optimizer, denoising; the numbers.

use crate::ui::i18n::t;
use leptos::prelude::*;

use crate::ui::prepare::Group;
use crate::ui::run;
use crate::ui::settings::{self, flag, flag_str, lab_optimizer_row, lab_seed_row, Domain, Setting, Table, When};
use crate::ui::url::enum_name;
use crate::ui::widgets::{enum_select, number_select};

use super::AeCtx;
use crate::engine::math::activation::Activation;
use crate::engine::math::optimizer::OptimizerKind;

/// Bottleneck sizes offered (within [`autoencoder::CODE`](crate::engine::autoencoder::CODE)).
const CODES: [usize; 8] = [1, 2, 3, 4, 6, 8, 12, 16];
/// Hidden sizes offered (within [`autoencoder::HIDDEN`](crate::engine::autoencoder::HIDDEN)).
const HIDDENS: [usize; 6] = [8, 16, 32, 64, 96, 128];
static ACTIVATIONS: [Activation; 4] = [Activation::Tanh, Activation::Relu, Activation::Sigmoid, Activation::Elu];
/// Learning rates offered, up to absurd ones (a class can watch a run diverge).
const RATES: [f64; 9] = [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 1.0, 10.0, 100.0];

type Row = Setting<AeCtx>;
const NETWORK: When = When::Setup(crate::ui::i18n::mark("the network changed"));

/// The settings a link carries (`#view=autoencoder&code=3&denoise=1`), with the values the controls offer.
pub static TABLE: Table<AeCtx> = Table {
    view: Some("autoencoder"),
    rows: &[
        Row::num("code", NETWORK, Domain::Counts(&CODES), |c| c.code.get() as f64, |c, v| c.code.set(v as usize)),
        Row::num("hidden", NETWORK, Domain::Counts(&HIDDENS), |c| c.hidden.get() as f64, |c, v| c.hidden.set(v as usize)),
        Row::text(
            "activation",
            NETWORK,
            |c| enum_name(&c.activation.get()),
            |c, v| settings::offered_enum(v, &ACTIVATIONS).map(|a| c.activation.set(a)).is_some(),
        ),
        Row::num("lr", When::Live, Domain::Choice(&RATES), |c| c.lr.get(), |c, v| c.lr.set(v)),
        lab_optimizer_row!("optimizer"),
        Row::text("denoise", When::Live, |c| flag_str(c.denoise.get()), |c, v| flag(v).map(|on| c.denoise.set(on)).is_some()),
        Row::text("odd", When::Live, |c| flag_str(c.odd.get()), |c, v| flag(v).map(|on| c.odd.set(on)).is_some()),
        lab_seed_row!(),
        crate::ui::stop_at::loss_row::<AeCtx>(),
        crate::ui::stop_at::epoch_row::<AeCtx>(),
        crate::ui::prepare::hide_row::<AeCtx>(),
        crate::ui::settings::lang_row::<AeCtx>(),
    ],
    refused: |k, v| crate::ui::prepare::refused::<AeCtx>(k, v).unwrap_or_else(|| settings::not_offered(k, v)),
    notice: settings::LAB_NOTICE,
    check: None,
};

crate::ui::stop_at::lab_has_target!(AeCtx);
crate::ui::prepare::lab_prepared!(AeCtx, &GROUPS);

/// The groups of controls a teacher may hide for a class (`hide=…`).
pub static GROUPS: [Group; 6] = [
    Group {
        key: "network",
        label: crate::ui::i18n::mark("Bottleneck, hidden units, activation"),
        selector: "label:has(> [data-testid=ae-code]), label:has(> [data-testid=ae-hidden]), label:has(> [data-testid=ae-activation])",
    },
    Group {
        key: "training",
        label: crate::ui::i18n::mark("Learning rate and optimizer"),
        selector: "label:has(> [data-testid=ae-lr]), label:has(> [data-testid=ae-optimizer])",
    },
    Group { key: "denoise", label: crate::ui::i18n::mark("Denoise"), selector: "label:has(> [data-testid=ae-denoise])" },
    crate::ui::stop_at_bar::PREPARE_GROUP,
    Group { key: "codes", label: crate::ui::i18n::mark("Code space"), selector: ".lab-panel:has([data-testid=ae-code-space])" },
    Group { key: "worst", label: crate::ui::i18n::mark("Worst rebuilt (anomalies)"), selector: ".lab-panel:has([data-testid=ae-worst])" },
];

/// Play, step, reset, the settings and the numbers.
#[component]
pub fn Toolbar(ctx: AeCtx) -> impl IntoView {
    let step = move |_| run::step(ctx.lab, ctx.signals(), |l| l.step_epoch());
    // a stopped (diverged) run stays stopped until a new rate or optimizer, or a
    // reset; Play pressed while the digits load starts the first net once they are in
    // (as in the convolution lab)
    let play = move |_| run::toggle(ctx.lab, ctx.signals());
    let status = move || ctx.stop.with(|s| s.as_ref().map(crate::ui::words::stopped)).unwrap_or_else(|| ctx.status.get());
    view! {
        <div class="lab-toolbar">
            <button class="play" data-testid="ae-play" title=t("Play / pause")
                aria-label=move || if ctx.running.get() { crate::ui::i18n::t("Pause") } else { crate::ui::i18n::t("Play") }
                on:click=play>
                {move || if ctx.running.get() { "❚❚" } else { "▶" }}
            </button>
            <button data-testid="ae-step" title=t("Train one epoch") on:click=step>{t("Step")}</button>
            <button data-testid="ae-reset" title=t("New random weights")
                on:click=move |_| { ctx.running.set(false); ctx.reset.update(|n| *n += 1); }>{t("Reset")}</button>
            {number_select("ae-code", t("Bottleneck"), t("Units in the code the image is squeezed through"), TABLE.domain("code").counts(), ctx.code)}
            {number_select("ae-hidden", t("Hidden"), t("Units in the encoder's and the decoder's hidden layer"), TABLE.domain("hidden").counts(), ctx.hidden)}
            {enum_select("ae-activation", t("Activation"), t("The hidden layers' activation (the code is linear, the output sigmoid)"), &ACTIVATIONS, Activation::name, ctx.activation)}
            {number_select("ae-lr", t("Learning rate"), t("Step size (changing it keeps the weights)"), TABLE.domain("lr").offered(), ctx.lr)}
            {enum_select("ae-optimizer", t("Optimizer"), t("The update rule; changing it keeps the weights and restarts its moments"), OptimizerKind::all(), OptimizerKind::name, ctx.optimizer)}
            <label title=t("Denoising: the encoder sees each image with noise added; the loss compares with the clean image")>
                <input type="checkbox" data-testid="ae-denoise" prop:checked=move || ctx.denoise.get()
                    on:change=move |ev| ctx.denoise.set(event_target_checked(&ev)) />
                {crate::ui::i18n::t(" Denoise")}
            </label>
            {crate::ui::stop_at_bar::lab_control!(ctx, || false)}
            <div class="lab-numbers">
                <span>{t("epoch ")}<b data-testid="ae-epoch">{move || ctx.stats.get().epoch}</b></span>
                <span>{t("loss ")}<b data-testid="ae-loss">{move || crate::ui::words::number_shown(ctx.stats.get().loss, 3)}</b></span>
            </div>
            <Show when=move || !status().is_empty()>
                <div class="lab-status" role="status" data-testid="ae-status">{status}</div>
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
        use crate::engine::autoencoder::{CODE, HIDDEN};
        for (key, (lo, hi)) in [("code", CODE), ("hidden", HIDDEN)] {
            let offered = TABLE.domain(key).counts();
            assert!(!offered.is_empty() && offered.iter().all(|v| (lo..=hi).contains(v)), "{key}: {offered:?}");
        }
    }
}
