//! The architecture editor: one row per layer with its controls, its output
//! shape, parameter count and receptive field; refused combinations show a
//! message naming the layer (and the previous network keeps running).

use crate::ui::i18n::t;
use leptos::prelude::*;

use super::LabCtx;
use crate::engine::conv::{LayerSpec, Padding, PoolKind};
use crate::engine::limits::{CONV_KERNEL_SIZE, CONV_POOL, CONV_STRIDE};
use crate::engine::math::activation::Activation;

const ACTS: [Activation; 6] =
    [Activation::Relu, Activation::LeakyRelu, Activation::Elu, Activation::Tanh, Activation::Sigmoid, Activation::Identity];

fn act_key(a: Activation) -> String {
    format!("{a:?}")
}

fn act_from(k: &str) -> Activation {
    ACTS.into_iter().find(|a| act_key(*a) == k).unwrap_or(Activation::Relu)
}

/// A `<select>` of numbers.
#[allow(clippy::too_many_arguments)] // one per thing the select shows or sets; a struct would only rename them
fn num_select(
    ctx: LabCtx,
    testid: String,
    title: &'static str,
    options: Vec<usize>,
    current: impl Fn(&LayerSpec) -> usize + Copy + Send + Sync + 'static,
    set: impl Fn(&mut LayerSpec, usize) + Copy + Send + Sync + 'static,
    i: usize,
    fmt: fn(usize) -> String,
) -> impl IntoView {
    view! {
        <select data-testid=testid title=title on:change=move |ev| {
            if let Ok(v) = event_target_value(&ev).parse::<usize>() {
                ctx.layers.update(|ls| if let Some(l) = ls.get_mut(i) { set(l, v) });
            }
        }>
            {options.into_iter().map(|v| view! {
                <option value=v.to_string() selected=move || ctx.layers.with(|ls| ls.get(i).map(current) == Some(v))>{fmt(v)}</option>
            }).collect_view()}
        </select>
    }
}

fn act_select(ctx: LabCtx, i: usize) -> impl IntoView {
    let current = move || {
        ctx.layers.with(|ls| match ls.get(i) {
            Some(LayerSpec::Conv { activation, .. })
            | Some(LayerSpec::Dense { activation, .. })
            | Some(LayerSpec::BatchNorm { activation }) => Some(*activation),
            _ => None,
        })
    };
    view! {
        <select data-testid=format!("conv-layer-{}-act", i + 1) title=t("activation") on:change=move |ev| {
            let a = act_from(&event_target_value(&ev));
            ctx.layers.update(|ls| match ls.get_mut(i) {
                Some(LayerSpec::Conv { activation, .. }) | Some(LayerSpec::Dense { activation, .. }) | Some(LayerSpec::BatchNorm { activation }) => {
                    *activation = a
                }
                _ => {}
            });
        }>
            {ACTS.into_iter().map(|a| view! { <option value=act_key(a) selected=move || current() == Some(a)>{t(a.name())}</option> }).collect_view()}
        </select>
    }
}

/// Every whole number of a limit from `engine::limits`.
fn range((lo, hi): (usize, usize)) -> Vec<usize> {
    (lo..=hi).collect()
}

fn row_controls(ctx: LabCtx, i: usize, spec: LayerSpec) -> AnyView {
    let tid = |what: &str| format!("conv-layer-{}-{what}", i + 1);
    match spec {
        LayerSpec::Conv { .. } => view! {
            <span class="kind">{t("conv")}</span>
            {num_select(ctx, tid("kernels"), crate::ui::i18n::t("number of kernels"), vec![1, 2, 4, 6, 8, 12, 16, 24, 32],
                |l| if let LayerSpec::Conv { kernels, .. } = l { *kernels } else { 0 },
                |l, v| if let LayerSpec::Conv { kernels, .. } = l { *kernels = v }, i, |v| format!("×{v}"))}
            {num_select(ctx, tid("size"), crate::ui::i18n::t("kernel size"), range(CONV_KERNEL_SIZE),
                |l| if let LayerSpec::Conv { size, .. } = l { *size } else { 0 },
                |l, v| if let LayerSpec::Conv { size, .. } = l { *size = v }, i, |v| format!("{v}×{v}"))}
            {num_select(ctx, tid("stride"), crate::ui::i18n::t("stride"), range(CONV_STRIDE),
                |l| if let LayerSpec::Conv { stride, .. } = l { *stride } else { 0 },
                |l, v| if let LayerSpec::Conv { stride, .. } = l { *stride = v }, i, |v| crate::ui::i18n::fill(crate::ui::i18n::t("stride {v}"), &[("v", &v)]))}
            <select data-testid=tid("padding") title=t("zero padding") on:change=move |ev| {
                let p = if event_target_value(&ev) == "same" { Padding::Same } else { Padding::Valid };
                ctx.layers.update(|ls| if let Some(LayerSpec::Conv { padding, .. }) = ls.get_mut(i) { *padding = p });
            }>
                {[Padding::Valid, Padding::Same].into_iter().map(|p| view! {
                    <option value=p.name() selected=move || ctx.layers.with(|ls| matches!(ls.get(i), Some(LayerSpec::Conv { padding, .. }) if *padding == p))>{t(p.name())}</option>
                }).collect_view()}
            </select>
            {act_select(ctx, i)}
        }
        .into_any(),
        LayerSpec::Pool { .. } => view! {
            <select data-testid=tid("pool") title=t("pooling type") on:change=move |ev| {
                let k = if event_target_value(&ev) == "avg" { PoolKind::Avg } else { PoolKind::Max };
                ctx.layers.update(|ls| if let Some(LayerSpec::Pool { kind, .. }) = ls.get_mut(i) { *kind = k });
            }>
                {[(PoolKind::Max, "max"), (PoolKind::Avg, "avg")].into_iter().map(|(p, key)| view! {
                    <option value=key selected=move || ctx.layers.with(|ls| matches!(ls.get(i), Some(LayerSpec::Pool { kind, .. }) if *kind == p))>{if key == "max" { crate::ui::i18n::t("max-pool") } else { crate::ui::i18n::t("avg-pool") }}</option>
                }).collect_view()}
            </select>
            {num_select(ctx, tid("size"), crate::ui::i18n::t("window size"), range(CONV_POOL),
                |l| if let LayerSpec::Pool { size, .. } = l { *size } else { 0 },
                |l, v| if let LayerSpec::Pool { size, .. } = l { *size = v }, i, |v| format!("{v}×{v}"))}
            {num_select(ctx, tid("stride"), crate::ui::i18n::t("stride"), range(CONV_POOL),
                |l| if let LayerSpec::Pool { stride, .. } = l { *stride } else { 0 },
                |l, v| if let LayerSpec::Pool { stride, .. } = l { *stride = v }, i, |v| crate::ui::i18n::fill(crate::ui::i18n::t("stride {v}"), &[("v", &v)]))}
        }
        .into_any(),
        LayerSpec::Flatten => view! { <span class="kind">{t("flatten")}</span> }.into_any(),
        LayerSpec::BatchNorm { .. } => view! {
            <span class="kind">{t("batch norm")}</span>
            {act_select(ctx, i)}
        }
        .into_any(),
        LayerSpec::Dense { .. } => view! {
            <span class="kind">{t("dense")}</span>
            {num_select(ctx, tid("units"), crate::ui::i18n::t("units"), vec![4, 8, 16, 32, 64, 128],
                |l| if let LayerSpec::Dense { units, .. } = l { *units } else { 0 },
                |l, v| if let LayerSpec::Dense { units, .. } = l { *units = v }, i, |v| v.to_string())}
            {act_select(ctx, i)}
        }
        .into_any(),
    }
}

/// The architecture editor.
#[component]
pub fn ArchEditor(ctx: LabCtx) -> impl IntoView {
    let add = move |spec: LayerSpec| {
        ctx.layers.update(|ls| {
            if ls.len() < 8 {
                ls.push(spec)
            }
        })
    };
    // Rows are rebuilt when the number or the kinds of layers change, not on every value change.
    let kinds = Memo::new(move |_| ctx.layers.with(|ls| ls.iter().map(std::mem::discriminant).collect::<Vec<_>>()));
    // One row per layer, keyed by its place and kind: a new, removed or re-kinded
    // layer gets a fresh row (a rebuilt list of rows kept the old ones' controls).
    let row_keys = move || kinds.get().into_iter().enumerate().collect::<Vec<_>>();
    let row = move |i: usize| {
        ctx.layers.with_untracked(|ls| ls.get(i).cloned()).map(|spec| {
            let info = move || {
                ctx.arch.with(|(info, err)| match (info.get(i), err) {
                    (Some(li), _) => {
                        // Maps keep their three sides even at 1×1 ("8×1×1"); flatten and dense give a count.
                        let o = li.output;
                        let out = match spec {
                            LayerSpec::Conv { .. } | LayerSpec::Pool { .. } => format!("{}×{}×{}", o.c, o.h, o.w),
                            LayerSpec::Flatten | LayerSpec::Dense { .. } => o.to_string(),
                            LayerSpec::BatchNorm { .. } => {
                                if o.is_flat() {
                                    o.to_string()
                                } else {
                                    format!("{}×{}×{}", o.c, o.h, o.w)
                                }
                            }
                        };
                        crate::ui::i18n::fill(
                            t("→ {out} · {params} params · sees {r}×{r}"),
                            &[("out", &out), ("params", &li.params), ("r", &li.receptive_field)],
                        )
                    }
                    (None, Some(e)) if e.layer == i + 1 => crate::ui::i18n::t("refused").to_string(),
                    _ => String::new(),
                })
            };
            let bad = move || ctx.arch.with(|(_, err)| err.as_ref().map(|e| e.layer == i + 1).unwrap_or(false));
            view! {
                <li class="conv-layer" class:bad=bad data-testid=format!("conv-layer-{}", i + 1)>
                    <div class="controls">
                        <span class="num">{i + 1}</span>
                        {row_controls(ctx, i, spec)}
                        <button class="remove" title=t("Remove this layer") data-testid=format!("conv-layer-{}-remove", i + 1)
                            on:click=move |_| ctx.layers.update(|ls| { if i < ls.len() { ls.remove(i); } })>"×"</button>
                    </div>
                    <div class="shape">{info}</div>
                </li>
            }
        })
    };
    let output_row = move || {
        ctx.arch.with(|(info, err)| {
            let out = if err.is_none() { info.last().cloned() } else { None };
            out.map(|li| {
                crate::ui::i18n::fill(
                    t("{label} → {out} · {params} params"),
                    &[("label", &crate::ui::words::conv_output(li.output.c)), ("out", &li.output), ("params", &li.params)],
                )
            })
            .unwrap_or_else(|| t("dense → softmax").into())
        })
    };
    let totals = move || {
        ctx.arch.with(|(info, err)| {
            if err.is_some() {
                String::new()
            } else {
                let p: usize = info.iter().map(|l| l.params).sum();
                let m: usize = info.iter().map(|l| l.macs).sum();
                crate::ui::i18n::fill(t("{p} parameters · {m} multiply-adds per image (forward)"), &[("p", &p), ("m", &m)])
            }
        })
    };
    view! {
        <div class="conv-panel conv-arch">
            <h2>{t("Architecture")}</h2>
            <div class="conv-input-row">{move || crate::ui::i18n::fill(t("input {h}×{w} (1 channel)"), &[("h", &ctx.input_shape.get().h), ("w", &ctx.input_shape.get().w)])}</div>
            <ol class="conv-layers">
                <For each=row_keys key=|k| *k children=move |(i, _)| row(i) />
            </ol>
            <div class="conv-output-row">{output_row}</div>
            <div class="conv-add">
                <button data-testid="conv-add-conv" on:click=move |_| add(LayerSpec::Conv { kernels: 8, size: 3, stride: 1, padding: Padding::Same, activation: Activation::Relu })>{t("+ conv")}</button>
                <button data-testid="conv-add-pool" on:click=move |_| add(LayerSpec::Pool { kind: PoolKind::Max, size: 2, stride: 2 })>{t("+ pool")}</button>
                <button data-testid="conv-add-dense" on:click=move |_| add(LayerSpec::Dense { units: 32, activation: Activation::Relu })>{t("+ dense")}</button>
                <button data-testid="conv-arch-default" on:click=move |_| ctx.layers.set(crate::engine::conv::ConvNetConfig::default_for(ctx.input_shape.get_untracked(), 10).layers)>{t("default")}</button>
            </div>
            <div class="conv-params" data-testid="conv-params">{totals}</div>
            <Show when=move || ctx.arch.with(|a| a.1.is_some())>
                <div class="conv-arch-error" data-testid="conv-arch-error" role="alert">
                    {move || ctx.arch.with(|a| a.1.as_ref().map(|e| crate::ui::i18n::fill(t("Refused. {e}. The previous network keeps its weights."), &[("e", &e)])).unwrap_or_default())}
                </div>
            </Show>
        </div>
    }
}
