//! Hand-made kernels: pick one (vertical edge, horizontal edge, diagonal, blur,
//! sharpen) or type its numbers, see its feature map on the chosen image at
//! once, put it into the network in place of a learned kernel and freeze it
//! there to compare with the kernels that learn.

use crate::ui::i18n::t;
use leptos::prelude::*;

use super::LabCtx;
use crate::engine::conv::stepper::ConvGeometry;
use crate::engine::conv::{preset_kernel, Preset, KERNEL_LIMIT};
use crate::render::conv::{begin, handmade_layout, paint_handmade};
use crate::render::palette::Lut;

/// Kernel size of the first convolution layer (3 when there is none).
fn first_k(ctx: LabCtx) -> (usize, usize) {
    ctx.lab.with_value(|l| {
        l.trainer
            .as_ref()
            .and_then(|t| t.net.conv_layers().first().and_then(|&i| t.net.conv(i)).map(|c| (c.k, c.output.c)))
            .unwrap_or((3, 0))
    })
}

/// The hand-made kernel panel.
#[component]
pub fn HandMade(ctx: LabCtx) -> impl IntoView {
    let values = RwSignal::new(preset_kernel(Preset::VerticalEdge, 3));
    let target = RwSignal::new(0usize);
    let message = RwSignal::new(String::new());
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let size = Memo::new(move |_| {
        ctx.slow.track();
        first_k(ctx)
    });
    // keep the grid the size of the first layer's kernels
    Effect::new(move |_| {
        let (k, _) = size.get();
        if values.with_untracked(|v| v.len()) != k * k {
            values.set(preset_kernel(Preset::VerticalEdge, k));
        }
    });
    // its feature map on the chosen input, at once
    Effect::new(move |_| {
        ctx.slow.track();
        let kern = values.get();
        let Some(cv) = canvas.get() else { return };
        let k = (kern.len() as f64).sqrt() as usize;
        let Some((img, h, w)) = ctx.lab.with_value(|l| {
            l.trainer.as_ref().map(|t| (crate::engine::math::real::to_f64(t.net.last_input()), t.net.config.input.h, t.net.config.input.w))
        }) else {
            return;
        };
        let Some(g) = ConvGeometry::new(h, w, k, 1, crate::engine::conv::Padding::Same) else { return };
        let map = g.map(&img, &kern, 0.0);
        let (tile, height) = handmade_layout(g.out_h, g.out_w);
        let Some((cx, _)) = begin(&cv, Some(height)) else { return };
        paint_handmade(&cx, &tile, &map, &Lut::default(), |m| {
            crate::ui::i18n::fill(crate::ui::i18n::t("its map, ±{m}"), &[("m", &crate::ui::words::number_shown(m, 2))])
        });
    });
    let apply = move |_| {
        let kern = values.get_untracked();
        let o = target.get_untracked();
        let mut msg = String::new();
        ctx.lab.update_value(|l| {
            if let Some(t) = l.trainer.as_mut() {
                if let Some(&li) = t.net.conv_layers().first() {
                    msg = match t.net.set_kernel(li, o, &kern, 0.0) {
                        Ok(()) => format!("kernel {} of layer {} replaced", o + 1, li + 1),
                        Err(e) => format!("Not put in: {e}."),
                    };
                }
            }
            l.dirty = true;
        });
        message.set(msg);
    };
    let frozen = move || {
        ctx.slow.track();
        let o = target.get();
        ctx.lab.with_value(|l| {
            l.trainer.as_ref().map(|t| t.net.conv_layers().first().map(|&li| t.net.is_frozen(li, o)).unwrap_or(false)).unwrap_or(false)
        })
    };
    let set_frozen = move |ev: web_sys::Event| {
        let on = event_target_checked(&ev);
        let o = target.get_untracked();
        ctx.lab.update_value(|l| {
            if let Some(t) = l.trainer.as_mut() {
                if let Some(&li) = t.net.conv_layers().first() {
                    t.net.set_frozen(li, o, on);
                }
            }
            l.dirty = true;
        });
    };
    let grid = move || {
        let k = size.get().0;
        let v = values.get();
        (0..k * k)
            .map(|j| {
                view! {
                    <input type="number" step="0.1" data-testid=format!("conv-hand-{j}")
                        aria-label=crate::ui::i18n::fill(crate::ui::i18n::t("Kernel weight, row {r}, column {c}"), &[("r", &(j / k + 1)), ("c", &(j % k + 1))]) prop:value=format!("{}", (v.get(j).copied().unwrap_or(0.0) * 100.0).round() / 100.0)
                        on:change=move |ev| {
                            // a cell left edited when the lab was closed (a view switch, a pasted
                            // link) fires its change after the lab is gone (the monkey suite found it)
                            if values.is_disposed() || message.is_disposed() {
                                return;
                            }
                            let text = event_target_value(&ev);
                            match text.trim().parse::<f64>() {
                                Ok(x) if x.is_finite() && x.abs() <= KERNEL_LIMIT => {
                                    values.update(|vs| if let Some(s) = vs.get_mut(j) { *s = x });
                                    message.set(String::new());
                                }
                                _ => {
                                    let keep = values.with_untracked(|vs| vs.get(j).copied().unwrap_or(0.0));
                                    message.set(format!(
                                        "Cell {}: “{}” is not a kernel value; type a number between −{KERNEL_LIMIT} and {KERNEL_LIMIT}. The cell keeps {keep}.",
                                        j + 1, text.trim()
                                    ));
                                    values.notify(); // put the kept value back in the box
                                }
                            }
                        } />
                }
            })
            .collect_view()
    };
    view! {
        <div class="conv-panel conv-hand">
            <h2>{t("Hand-made kernel")}</h2>
            <div class="row">
                <select data-testid="conv-hand-preset" aria-label=t("A ready-made kernel") on:change=move |ev| {
                    let key = event_target_value(&ev);
                    if let Some(p) = Preset::all().iter().find(|p| format!("{p:?}") == key) {
                        values.set(preset_kernel(*p, size.get_untracked().0));
                    }
                }>
                    {Preset::all().iter().map(|&p| view! { <option value=format!("{p:?}")>{t(p.name())}</option> }).collect_view()}
                </select>
            </div>
            <div class="conv-hand-body">
                <div class="conv-hand-grid" style=move || format!("grid-template-columns: repeat({}, minmax(0, 3.1rem))", size.get().0)>{grid}</div>
                <canvas class="conv-hand-canvas" node_ref=canvas role="img" aria-label=t("The feature map your kernel makes of the image")></canvas>
            </div>
            <div class="row">
                <button data-testid="conv-hand-apply" on:click=apply>{t("Put into kernel")}</button>
                <select data-testid="conv-hand-target" aria-label=t("Which kernel of the first layer to replace") on:change=move |ev| target.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {move || (0..size.get().1).map(|o| view! { <option value=o.to_string() selected=move || target.get() == o>{format!("#{}", o + 1)}</option> }).collect_view()}
                </select>
                <label><input type="checkbox" data-testid="conv-hand-freeze" prop:checked=frozen on:change=set_frozen />{t(" freeze it")}</label>
            </div>
            <div class="muted small" data-testid="conv-hand-message">{move || message.get()}</div>
        </div>
    }
}
