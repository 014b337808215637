//! Live panels: the kernels, the feature maps of the chosen input, the class
//! probabilities, and the loss and accuracy curves.

use crate::ui::i18n::t;
use leptos::prelude::*;

use super::{LabCtx, Source};
use crate::engine::conv::{Layer, Padding};
use crate::engine::math::real::{to_f64, Real};
use crate::render::canvas::text_px;
use crate::render::chart::{draw_curves, ChartOptions, Curve};
use crate::render::conv::{
    begin, kernel_layout, paint_feature_maps, paint_kernels, symmetric_scale, FeatureMapsLayout, KernelBlock, MapRow, Tile,
};
use crate::render::palette::{Lut, NEG, POS};
use crate::ui::described::{AsText, Described, TextTable};
use crate::ui::words::number_shown as number;
use plotters::style::RGBColor;

/// Every kernel of every convolution layer as a small diverging image; hovering
/// shows its numbers.
#[component]
pub fn Kernels(ctx: LabCtx) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let tiles = StoredValue::new_local(Vec::<Tile>::new());
    // (layer, kernel, row, col) under the mouse
    let hover = RwSignal::new(None::<(usize, usize, usize, usize)>);
    let lut = StoredValue::new_local(Lut::default());
    Effect::new(move |_| {
        ctx.tick.track();
        let Some(cv) = canvas.get() else { return };
        let width = crate::render::canvas::css_size(&cv).0.max(100) as f64;
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let blocks: Vec<(usize, usize, usize, usize)> =
                t.net.conv_layers().into_iter().filter_map(|i| t.net.conv(i).map(|c| (i, c.output.c, c.input.c, c.k))).collect();
            let px = text_px();
            let (layout, height) = kernel_layout(&blocks, width, px + 4.0);
            let Some((g, _)) = begin(&cv, Some(height.max(40.0))) else { return };
            let weights: Vec<Vec<f64>> = blocks.iter().map(|&(li, ..)| to_f64(&t.net.conv(li).expect("conv layer").weights)).collect();
            let frozen: Vec<Vec<bool>> = blocks.iter().map(|&(li, n, ..)| (0..n).map(|o| t.net.is_frozen(li, o)).collect()).collect();
            let shown: Vec<KernelBlock> = blocks
                .iter()
                .zip(weights.iter().zip(&frozen))
                .map(|(&(layer, kernels, in_c, k), (weights, frozen))| {
                    let caption = crate::ui::words::kernels_caption(layer, kernels, k, in_c, symmetric_scale(weights.iter()).1);
                    KernelBlock { layer, kernels, in_c, k, weights, frozen, caption }
                })
                .collect();
            lut.with_value(|lut| paint_kernels(&g, &layout, &shown, px, hover.get_untracked(), lut));
            tiles.set_value(layout);
        });
    });
    let on_move = move |ev: web_sys::PointerEvent| {
        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
        let hit = tiles.with_value(|ts| ts.iter().find_map(|t| t.hit(x, y).map(|(r, c)| (t.group, t.item, r, c))));
        if hover.get_untracked() != hit {
            hover.set(hit);
            ctx.touch();
        }
    };
    let numbers = move || {
        ctx.tick.track();
        let (li, o, r, c) = hover.get()?;
        ctx.lab.with_value(|lab| {
            let t = lab.trainer.as_ref()?;
            let conv = t.net.conv(li)?;
            let k = conv.k;
            let kern = to_f64(t.net.kernel(li, o)?);
            let rows = (0..k)
                .map(|y| {
                    view! {
                        <tr>{(0..k).map(|x| {
                            let v = kern[y * k + x];
                            let cls = if y == r && x == c { "hot" } else { "" };
                            view! { <td class=cls>{format!("{v:+.2}")}</td> }
                        }).collect_view()}</tr>
                    }
                })
                .collect_view();
            let in_c = if conv.input.c > 1 { " (input channel 1)" } else { "" };
            Some(view! {
                <div class="conv-kernel-numbers" data-testid="conv-kernel-numbers">
                    <div>{format!("layer {} kernel {}{in_c}: w[{},{}] = {:+.4}, bias {:+.3}", li + 1, o + 1, r + 1, c + 1, kern[r * k + c], conv.bias[o].f64())}</div>
                    <table>{rows}</table>
                </div>
            })
        })
    };
    let read = Callback::new(move |()| {
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return Described::default() };
            let kernels: Vec<KernelNumbers> = t
                .net
                .conv_layers()
                .into_iter()
                .filter_map(|li| t.net.conv(li).map(|c| (li, c)))
                .flat_map(|(li, c)| {
                    (0..c.output.c).filter_map(move |o| {
                        let w = to_f64(t.net.kernel(li, o)?);
                        Some(KernelNumbers { layer: li, kernel: o, in_c: c.input.c, k: c.k, weights: w, bias: c.bias[o].f64() })
                    })
                })
                .collect();
            kernels_data(&kernels)
        })
    });
    view! {
        <div class="conv-panel">
            <h2>{t("Kernels")}<span class="legend"><i class="neg"></i>{t("negative")}<i class="zero"></i>"0"<i class="pos"></i>{t("positive")}</span></h2>
            <canvas class="conv-kernels-canvas" data-testid="conv-kernels" node_ref=canvas role="img"
                aria-label=t("Every kernel of every convolution layer as a small image: blue positive weights, orange negative; tap or hover for its numbers")
                on:pointermove=on_move on:pointerdown=on_move
                on:pointerleave=move |ev| if ev.pointer_type() == "mouse" { hover.set(None); ctx.touch(); }></canvas>
            <div class="conv-hover">{numbers}</div>
            <AsText summary=crate::ui::i18n::t("The kernels as tables") testid="conv-kernels-as-text" read=read />
        </div>
    }
}

/// One kernel's numbers: its layer and index, its input channels, its size, its weights
/// (`in_c · k · k`, channel after channel) and bias.
pub struct KernelNumbers {
    pub layer: usize,
    pub kernel: usize,
    pub in_c: usize,
    pub k: usize,
    pub weights: Vec<f64>,
    pub bias: f64,
}

/// The kernels as tables: one per kernel, its input channel 1's k × k weights (as the hover shows them).
pub fn kernels_data(kernels: &[KernelNumbers]) -> Described {
    let text = if kernels.is_empty() {
        crate::ui::i18n::t("No convolution layer.").to_string()
    } else {
        crate::ui::i18n::fill(
            crate::ui::i18n::t("{n} kernels. Each table is one kernel's weights, row by row as on the picture; a kernel reading several channels shows its input channel 1."),
            &[("n", &kernels.len())],
        )
    };
    let tables = kernels
        .iter()
        .map(|n| {
            let ch = if n.in_c > 1 { " (input channel 1)" } else { "" };
            let mut head = vec![crate::ui::i18n::t("Row").to_string()];
            head.extend((1..=n.k).map(|c| crate::ui::i18n::fill(crate::ui::i18n::t("Column {n}"), &[("n", &c)])));
            TextTable {
                caption: crate::ui::i18n::fill(
                    crate::ui::i18n::t("Layer {l} kernel {k}{ch}, bias {b}"),
                    &[("l", &(n.layer + 1)), ("k", &(n.kernel + 1)), ("ch", &ch), ("b", &number(n.bias, 3))],
                ),
                head,
                rows: (0..n.k)
                    .map(|r| {
                        let mut row = vec![crate::ui::i18n::fill(crate::ui::i18n::t("Row {n}"), &[("n", &(r + 1))])];
                        row.extend((0..n.k).map(|c| n.weights.get(r * n.k + c).map(|&v| number(v, 3)).unwrap_or_default()));
                        row
                    })
                    .collect(),
            }
        })
        .collect();
    Described { text, tables }
}

/// The chosen input, then for every 2-D layer its maps: after convolution,
/// after the activation, after pooling.
#[component]
pub fn FeatureMaps(ctx: LabCtx) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let lut = StoredValue::new_local(Lut::default());
    // the picked cell (map row, channel, row, column), the layout and each row's layer, and what the cell sees
    let picked = RwSignal::new(None::<(usize, usize, usize, usize)>);
    let placed = StoredValue::new_local((None::<FeatureMapsLayout>, Vec::<usize>::new()));
    let seen = RwSignal::new(None::<super::field::Seen>);
    Effect::new(move |_| {
        ctx.tick.track();
        let pick = picked.get();
        let Some(cv) = canvas.get() else { return };
        let width = crate::render::canvas::css_size(&cv).0.max(100) as f64;
        let source = ctx.source.get_untracked();
        let sample = ctx.sample.get_untracked();
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let net = &t.net;
            // rows: (label, layer, pre?)
            let mut rows: Vec<(String, usize, bool)> = Vec::new();
            for (i, l) in net.layers.iter().enumerate() {
                match l {
                    Layer::Conv { conv, act } => {
                        let pad = if conv.padding == Padding::Same { crate::ui::i18n::t("same") } else { crate::ui::i18n::t("valid") };
                        rows.push((format!("conv {}×{} s{} {pad}", conv.k, conv.k, conv.stride), i, true));
                        // before a batch norm the convolution has no activation of its own
                        if *act != crate::engine::math::activation::Activation::Identity {
                            rows.push((act.name().to_string(), i, false));
                        }
                    }
                    Layer::BatchNorm { act, .. } => {
                        rows.push((crate::ui::i18n::t("batch norm").to_string(), i, true));
                        rows.push((act.name().to_string(), i, false));
                    }
                    Layer::Pool(p) => rows.push((
                        format!(
                            "{} {}",
                            if p.kind == crate::engine::conv::PoolKind::Max {
                                crate::ui::i18n::t("max-pool")
                            } else {
                                crate::ui::i18n::t("avg-pool")
                            },
                            p.size
                        ),
                        i,
                        false,
                    )),
                    _ => {}
                }
            }
            let shape_rows: Vec<(usize, usize, usize)> = rows
                .iter()
                .map(|&(_, i, _)| {
                    let s = net.layers[i].output();
                    (s.c, s.h, s.w)
                })
                .collect();
            let input = net.config.input;
            let l = FeatureMapsLayout::new(input.h, input.w, &shape_rows, width, text_px());
            let Some((g, _)) = begin(&cv, Some(l.height)) else { return };
            let what = match source {
                Source::Drawn => crate::ui::i18n::t("input: your drawing").to_string(),
                Source::Test => {
                    let n = sample % t.test.len().max(1);
                    let label = t
                        .test
                        .labels
                        .get(n)
                        .and_then(|&c| t.test.class_names.get(c))
                        .map(|n| crate::ui::i18n::t_owned(n))
                        .unwrap_or_default();
                    crate::ui::i18n::fill(
                        crate::ui::i18n::t("input: test image {n} (label {label})"),
                        &[("n", &(n + 1)), ("label", &label)],
                    )
                }
            };
            let values: Vec<Vec<f64>> = rows
                .iter()
                .map(|&(_, i, pre)| to_f64(if pre { net.pre_activation(i).unwrap_or(&[]) } else { net.output_of(i).unwrap_or(&[]) }))
                .collect();
            let map_rows: Vec<MapRow> = rows
                .iter()
                .zip(&values)
                .zip(&shape_rows)
                .map(|(((label, _, _), values), &shape)| MapRow { label, values, shape })
                .collect();
            lut.with_value(|lut| {
                paint_feature_maps(&g, &l, &to_f64(net.last_input()), &what, &map_rows, lut, |label, c, h, w| {
                    crate::ui::i18n::fill(
                        crate::ui::i18n::t("{label} → {c} maps {h}×{w}"),
                        &[("label", &label), ("c", &c), ("h", &h), ("w", &w)],
                    )
                })
            });
            let layers: Vec<usize> = rows.iter().map(|r| r.1).collect();
            let labels: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
            let field = pick.and_then(|p| super::field::seen(net, &l, &layers, &labels, p, ctx.arch));
            if let Some(f) = &field {
                crate::render::field::paint_field(&g, &l.input, f.rows, f.cols, &f.tile, (f.row, f.col));
            }
            placed.set_value((Some(l), layers));
            if seen.get_untracked() != field {
                seen.set(field);
            }
        });
    });
    Effect::new(move |_| {
        let f = seen.get().map(|f| crate::ui::lessons::labs::Field { side: f.field, through: f.through });
        crate::ui::lessons::labs::report(|r| r.field = f);
    });
    let hit = move |ev: &web_sys::PointerEvent| {
        let at = placed.with_value(|(l, _)| l.as_ref().and_then(|l| l.map_at(ev.offset_x() as f64, ev.offset_y() as f64)));
        if at.is_some() && at != picked.get_untracked() {
            picked.set(at);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let next = placed.with_value(|(l, _)| l.as_ref().and_then(|l| super::field::key_move(l, picked.get_untracked(), &ev.key())));
        if let Some(next) = next {
            ev.prevent_default();
            picked.set(Some(next));
        }
    };
    let pick = move |d: isize| {
        ctx.source.set(Source::Test);
        let n = ctx.lab.with_value(|l| l.trainer.as_ref().map(|t| t.test.len()).unwrap_or(1)).max(1) as isize;
        ctx.sample.update(|s| *s = ((*s as isize + d).rem_euclid(n)) as usize);
    };
    view! {
        <div class="conv-panel">
            <h2>{t("Feature maps")}
                <span class="conv-pick">
                    <button data-testid="conv-prev" on:click=move |_| pick(-1) title=t("Previous test image")>"◀"</button>
                    <button data-testid="conv-next" on:click=move |_| pick(1) title=t("Next test image")>"▶"</button>
                </span>
            </h2>
            <canvas class="conv-maps-canvas" data-testid="conv-maps" node_ref=canvas role="img" tabindex="0"
                aria-label=t("The chosen input image and the feature maps every layer makes of it; point at, tap or arrow to a cell to light up the input pixels it sees")
                aria-describedby="conv-field" on:pointermove=move |ev| hit(&ev) on:pointerdown=move |ev| hit(&ev) on:keydown=on_key></canvas>
            <p class="small conv-field" id="conv-field" data-testid="conv-field" aria-live="polite"
                data-rows=move || seen.get().map(|f| (f.rows.1 + 1 - f.rows.0).to_string())
                data-cols=move || seen.get().map(|f| (f.cols.1 + 1 - f.cols.0).to_string())
                data-field=move || seen.get().map(|f| f.field.to_string())
                data-layer=move || seen.get().map(|f| f.layer.to_string())>
                {move || seen.get().map(|f| f.words()).unwrap_or_else(crate::ui::words::receptive_field_hint)}
            </p>
        </div>
    }
}

/// The class probabilities of the chosen input as bars.
#[component]
pub fn Probabilities(ctx: LabCtx) -> impl IntoView {
    let bars = move || {
        ctx.slow.track();
        ctx.lab.with_value(|lab| {
            let t = lab.trainer.as_ref()?;
            let p = to_f64(t.net.probabilities());
            let names: Vec<String> = t.test.class_names.iter().map(|n| crate::ui::i18n::t_owned(n)).collect();
            let best = crate::engine::conv::argmax(&p);
            Some(view! {
                <div class="conv-top" data-testid="conv-prediction" data-class=names.get(best).cloned().unwrap_or_default()>
                    {crate::ui::i18n::fill(crate::ui::i18n::t("prediction: {name} ({p} %)"), &[("name", &names.get(best).cloned().unwrap_or_default()), ("p", &format!("{:.0}", 100.0 * p.get(best).copied().unwrap_or(0.0)))])}
                </div>
                <div class="conv-bars">
                    {p.iter().enumerate().map(|(k, &v)| {
                        let cls = if k == best { "bar best" } else { "bar" };
                        view! {
                            <div class="conv-bar-row">
                                <span class="name">{names.get(k).cloned().unwrap_or_default()}</span>
                                <span class="track"><span class=cls style=format!("width:{:.1}%", 100.0 * v)></span></span>
                                <span class="val">{format!("{:.0}%", 100.0 * v)}</span>
                            </div>
                        }
                    }).collect_view()}
                </div>
            })
        })
    };
    view! { <div class="conv-panel"><h2>{t("Class probabilities")}</h2>{bars}</div> }
}

/// Loss and accuracy per epoch, train (thick) and test (thin).
#[component]
pub fn Curves(ctx: LabCtx) -> impl IntoView {
    let loss_cv = NodeRef::<leptos::html::Canvas>::new();
    let acc_cv = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        let len = ctx.stats.get().history_len;
        let _ = len;
        let (Some(lc), Some(ac)) = (loss_cv.get(), acc_cv.get()) else { return };
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let h = &t.history;
            let tl: Vec<(f64, f64)> = h.iter().map(|s| (s.epoch as f64, s.train_loss)).collect();
            let vl: Vec<(f64, f64)> = h.iter().filter_map(|s| Some((s.epoch as f64, s.test_loss?))).collect();
            let ta: Vec<(f64, f64)> = h.iter().filter_map(|s| Some((s.epoch as f64, s.train_accuracy?))).collect();
            let va: Vec<(f64, f64)> = h.iter().filter_map(|s| Some((s.epoch as f64, s.test_accuracy?))).collect();
            let (neg, pos) = (RGBColor(NEG[0], NEG[1], NEG[2]), RGBColor(POS[0], POS[1], POS[2]));
            crate::render::canvas::with_plotters(&lc, |area, dpr| {
                let curves = [
                    Curve { label: crate::ui::i18n::t("train"), color: pos, points: &tl, thin: false },
                    Curve { label: crate::ui::i18n::t("test"), color: neg, points: &vl, thin: true },
                ];
                let opts = ChartOptions {
                    x_label: crate::ui::i18n::t("epoch"),
                    y_label: crate::ui::i18n::t("loss"),
                    log_y: true,
                    font_px: (text_px() * dpr) as u32,
                    ..Default::default()
                };
                draw_curves(area, &curves, &opts).map_err(|e| e.to_string())
            });
            crate::render::canvas::with_plotters(&ac, |area, dpr| {
                let curves = [
                    Curve { label: crate::ui::i18n::t("train"), color: pos, points: &ta, thin: false },
                    Curve { label: crate::ui::i18n::t("test"), color: neg, points: &va, thin: true },
                ];
                let opts = ChartOptions {
                    x_label: crate::ui::i18n::t("epoch"),
                    y_label: crate::ui::i18n::t("accuracy"),
                    y_range: Some((0.0, 1.0)),
                    font_px: (text_px() * dpr) as u32,
                    ..Default::default()
                };
                draw_curves(area, &curves, &opts).map_err(|e| e.to_string())
            });
        });
    });
    view! {
        <div class="conv-panel">
            <h2>{t("Loss and accuracy")}</h2>
            <canvas class="conv-chart" data-testid="conv-loss-chart" node_ref=loss_cv role="img" aria-label=t("Training and test loss per epoch")></canvas>
            <canvas class="conv-chart" data-testid="conv-acc-chart" node_ref=acc_cv role="img" aria-label=t("Training and test accuracy per epoch")></canvas>
            <crate::ui::described::AsText summary=crate::ui::i18n::t("The charts' last values") testid="conv-loss-as-text"
                read=Callback::new(move |()| ctx.lab.with_value(|l| l.trainer.as_ref().map(|t| crate::ui::described::history_words(&t.history))).unwrap_or_default()) />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kernel_reads_as_a_table_row_by_row() {
        let n = KernelNumbers { layer: 0, kernel: 1, in_c: 2, k: 2, weights: vec![0.5, -1.0, 0.25, 2.0, 9.0, 9.0, 9.0, 9.0], bias: -0.125 };
        let d = kernels_data(&[n]);
        assert_eq!(d.tables[0].caption, "Layer 1 kernel 2 (input channel 1), bias −0.125");
        assert_eq!(d.tables[0].rows, vec![vec!["Row 1", "0.5", "−1"], vec!["Row 2", "0.25", "2"]]);
    }
}
