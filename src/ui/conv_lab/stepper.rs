//! "How convolution works": the kernel's window slides over the chosen image,
//! position by position; the element-wise products and their sum land in the
//! feature map. Play, pause, step; the stride and padding take effect here.

use crate::ui::i18n::t;
use leptos::prelude::*;
use std::time::Duration;

use super::LabCtx;
use crate::engine::conv::stepper::ConvGeometry;
use crate::engine::conv::{preset_kernel, Padding, Preset};
use crate::engine::math::real::{to_f64, Real};
use crate::render::conv::{begin, paint_stepper, symmetric_scale, StepperLayout};
use crate::render::palette::{ink_on, Lut};

/// Which kernel slides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelChoice {
    /// Kernel `o` of the first convolution layer (as it is being learned).
    Learned(usize),
    /// A hand-made kernel.
    Preset(Preset),
}

/// The kernel values and size for a choice, the image, and the bias.
fn kernel_for(ctx: LabCtx, choice: KernelChoice, k_preset: usize) -> Option<(Vec<f64>, usize, f64)> {
    ctx.lab.with_value(|lab| {
        let t = lab.trainer.as_ref()?;
        match choice {
            KernelChoice::Learned(o) => {
                let li = *t.net.conv_layers().first()?;
                let conv = t.net.conv(li)?;
                let kk = conv.k * conv.k;
                Some((to_f64(t.net.kernel(li, o)?.get(..kk)?), conv.k, conv.bias.get(o).map(|b| b.f64()).unwrap_or(0.0)))
            }
            KernelChoice::Preset(p) => Some((preset_kernel(p, k_preset), k_preset, 0.0)),
        }
    })
}

/// The stepper panel.
#[component]
pub fn Stepper(ctx: LabCtx) -> impl IntoView {
    let idx = RwSignal::new(0usize);
    let playing = RwSignal::new(false);
    let choice = RwSignal::new(KernelChoice::Preset(Preset::VerticalEdge));
    let stride = RwSignal::new(1usize);
    let padding = RwSignal::new(Padding::Valid);
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let lut = StoredValue::new_local(Lut::default());

    // geometry + data of the current setting
    let current = move || {
        let (kern, k, bias) = kernel_for(ctx, choice.get_untracked(), 3)?;
        let (img, h, w) = ctx.lab.with_value(|lab| {
            let t = lab.trainer.as_ref()?;
            let s = t.net.config.input;
            Some((to_f64(t.net.last_input()), s.h, s.w))
        })?;
        let g = ConvGeometry::new(h, w, k, stride.get_untracked(), padding.get_untracked())?;
        Some((g, img, kern, bias))
    };

    if let Ok(handle) = set_interval_with_handle(
        move || {
            if playing.get_untracked() {
                let n = current().map(|c| c.0.positions()).unwrap_or(1).max(1);
                idx.update(|i| *i = (*i + 1) % n);
            }
        },
        Duration::from_millis(450),
    ) {
        on_cleanup(move || handle.clear());
    }

    Effect::new(move |_| {
        ctx.slow.track();
        idx.track();
        choice.track();
        stride.track();
        padding.track();
        let Some(cv) = canvas.get() else { return };
        let Some((g, img, kern, bias)) = current() else { return };
        let i = idx.get_untracked() % g.positions().max(1);
        let Some(step) = g.step(&img, &kern, bias, i) else { return };
        let Some((cx, width)) = begin(&cv, Some(StepperLayout::height_for(&g))) else { return };
        let l = StepperLayout::new(g, width);
        let map = g.map(&img, &kern, bias);
        let map_caption = crate::ui::i18n::fill(crate::ui::i18n::t("feature map {h}×{w}"), &[("h", &g.out_h), ("w", &g.out_w)]);
        let captions = [crate::ui::i18n::t("image (grey: zero padding)"), map_caption.as_str()];
        lut.with_value(|lut| paint_stepper(&cx, &l, &img, &step, (&map, i), lut, captions));
    });

    // the numbers of the current position
    let numbers = move || {
        ctx.slow.track();
        idx.track();
        choice.track();
        stride.track();
        padding.track();
        let (g, img, kern, bias) = current()?;
        let i = idx.get() % g.positions().max(1);
        let s = g.step(&img, &kern, bias, i)?;
        let k = g.k;
        let cells = (0..k * k)
            .map(|j| {
                view! {
                    <div class="cell">
                        <span class="x">{format!("{:.2}×{:+.2}", s.inputs[j], kern[j])}</span>
                        <span class="p">{format!("{:+.2}", s.products[j])}</span>
                    </div>
                }
            })
            .collect_view();
        let bias_txt = if bias != 0.0 {
            crate::ui::i18n::fill(crate::ui::i18n::t(" + bias {b}"), &[("b", &crate::ui::words::num(&format!("{bias:+.2}")))])
        } else {
            String::new()
        };
        Some(view! {
            <div class="conv-products" style=format!("grid-template-columns: repeat({k}, auto)")>{cells}</div>
            <div class="conv-sum" data-testid="conv-step-sum">
                {crate::ui::i18n::fill(crate::ui::i18n::t("position {i} of {n} (row {r}, column {c}): sum of the {k} products{bias} = {sum} → feature map [{r}, {c}]"),
                    &[("i", &(i + 1)), ("n", &g.positions()), ("r", &(s.out_y + 1)), ("c", &(s.out_x + 1)), ("k", &(k * k)), ("bias", &bias_txt), ("sum", &crate::ui::words::num(&format!("{:+.3}", s.sum)))])}
            </div>
        })
    };
    let kernel_view = move || {
        ctx.slow.track();
        choice.track();
        let (kern, k, _) = kernel_for(ctx, choice.get(), 3)?;
        let (scale, _) = symmetric_scale(kern.iter());
        let lut = Lut::default();
        Some(view! {
            <div class="conv-kernel-table" style=format!("grid-template-columns: repeat({k}, auto)")>
                {kern.iter().map(|&v| {
                    let c = lut.get(scale.map(v));
                    let fg = ink_on(c);
                    view! { <span style=format!("background:rgb({},{},{});color:{fg}", c[0], c[1], c[2])>{format!("{v:+.2}")}</span> }
                }).collect_view()}
            </div>
        })
    };
    let n_learned = move || {
        ctx.slow.track();
        ctx.lab.with_value(|l| {
            l.trainer.as_ref().and_then(|t| t.net.conv_layers().first().and_then(|&i| t.net.conv(i)).map(|c| c.output.c)).unwrap_or(0)
        })
    };
    let choice_key = move || match choice.get() {
        KernelChoice::Learned(o) => format!("k{o}"),
        KernelChoice::Preset(p) => format!("{p:?}"),
    };
    view! {
        <div class="conv-panel conv-stepper" data-testid="conv-stepper">
            <h2>{t("How convolution works")}</h2>
            <div class="conv-stepper-controls">
                <button data-testid="conv-stepper-play" on:click=move |_| playing.update(|p| *p = !*p)>{move || if playing.get() { crate::ui::i18n::t("❚❚ pause") } else { crate::ui::i18n::t("▶ play") }}</button>
                <button data-testid="conv-stepper-step" on:click=move |_| {
                    playing.set(false);
                    let n = current().map(|c| c.0.positions()).unwrap_or(1).max(1);
                    idx.update(|i| *i = (*i + 1) % n);
                }>{t("step ›")}</button>
                <button on:click=move |_| { playing.set(false); idx.set(0); }>{t("⟲ start")}</button>
                <label>{t("kernel ")}
                    <select data-testid="conv-stepper-kernel" prop:value=choice_key on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(o) = v.strip_prefix('k').and_then(|s| s.parse().ok()) {
                            choice.set(KernelChoice::Learned(o));
                        } else if let Some(p) = Preset::all().iter().find(|p| format!("{p:?}") == v) {
                            choice.set(KernelChoice::Preset(*p));
                        }
                        idx.set(0);
                    }>
                        {Preset::all().iter().map(|&p| view! { <option value=format!("{p:?}")>{crate::ui::i18n::fill(t("{kernel} (hand-made)"), &[("kernel", &t(p.name()))])}</option> }).collect_view()}
                        {move || (0..n_learned()).map(|o| view! { <option value=format!("k{o}")>{crate::ui::i18n::fill(crate::ui::i18n::t("learned kernel {n}"), &[("n", &(o + 1))])}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t("stride ")}
                    <select data-testid="conv-stepper-stride" on:change=move |ev| { stride.set(event_target_value(&ev).parse().unwrap_or(1)); idx.set(0); }>
                        {(1..=3usize).map(|s| view! { <option value=s.to_string() selected=move || stride.get() == s>{s.to_string()}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t("padding ")}
                    <select data-testid="conv-stepper-padding" on:change=move |ev| {
                        padding.set(if event_target_value(&ev) == "same" { Padding::Same } else { Padding::Valid });
                        idx.set(0);
                    }>
                        <option value="valid">{t("valid")}</option>
                        <option value="same">{t("same")}</option>
                    </select>
                </label>
            </div>
            <div class="conv-stepper-body">
                <canvas class="conv-stepper-canvas" node_ref=canvas role="img"
                    aria-label=t("The image with the kernel's window at the current position, and the feature map filled in up to it")></canvas>
                <div class="conv-stepper-numbers">
                    <div class="conv-stepper-kernel"><span class="muted">{t("kernel")}</span>{kernel_view}</div>
                    <div><span class="muted">{t("pixel × weight, and the product")}</span>{numbers}</div>
                </div>
            </div>
        </div>
    }
}
