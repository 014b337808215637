//! The autoencoder view's pictures: inputs over their reconstructions, the
//! code space coloured by digit (a click decodes the point), the worst-rebuilt
//! images (the loss curve is the shared [`crate::ui::loss_panel`]).

use leptos::prelude::*;

use super::AeCtx;
use crate::render::canvas::{self, label_font, text_px};
use crate::render::conv::{begin, css, ink};

/// One colour per digit (Tableau 10).
const CLASS: [&str; 10] = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/// Paints an 8×8 (or `side`×`side`) image as a grid of grey cells at `(x, y)`, `size` wide.
fn paint_image(ctx: &web_sys::CanvasRenderingContext2d, x: f64, y: f64, size: f64, pixels: &[f64]) {
    let side = (pixels.len() as f64).sqrt().round().max(1.0) as usize;
    let cell = size / side as f64;
    for (k, &v) in pixels.iter().enumerate() {
        ctx.set_fill_style_str(&css(ink(v)));
        ctx.fill_rect(x + (k % side) as f64 * cell, y + (k / side) as f64 * cell, cell + 0.5, cell + 0.5);
    }
    ctx.set_stroke_style_str("#c8ccd4");
    ctx.stroke_rect(x, y, size, size);
}

/// One image of each digit, and under it what the net rebuilds from its code.
#[component]
pub fn Reconstructions(ctx: AeCtx) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        ctx.tick.track();
        let Some(cv) = node.get() else { return };
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let n = lab.shown.len().max(1) as f64;
            let label_w = text_px() * 6.5;
            let Some((g, w)) = begin(&cv, None) else { return };
            let gap = 6.0;
            let size = ((w - label_w) / n - gap).clamp(16.0, 72.0);
            let h = 2.0 * size + 3.0 * gap;
            let Some((g, _)) = begin(&cv, Some(h)).or(Some((g, w))) else { return };
            g.set_font(&label_font());
            g.set_fill_style_str("#4a5160");
            g.set_text_baseline("middle");
            g.fill_text("input", 0.0, gap + size / 2.0).ok();
            g.fill_text("rebuilt", 0.0, 2.0 * gap + 1.5 * size).ok();
            for (k, &i) in lab.shown.iter().enumerate() {
                let x = label_w + k as f64 * (size + gap);
                paint_image(&g, x, gap, size, t.data.image(i));
                if let Some(r) = lab.rebuilt.get(k) {
                    paint_image(&g, x, 2.0 * gap + size, size, r);
                }
            }
        });
    });
    view! {
        <div class="lab-panel">
            <h2>"Inputs and their reconstructions"</h2>
            <canvas node_ref=node class="ae-recon" data-testid="ae-recon" role="img"
                aria-label="One image of each digit, and under it the image the decoder rebuilds from its code"></canvas>
        </div>
    }
}

/// The codes of all images (the first two code units), coloured by digit; a
/// click decodes that point into the image beside.
#[component]
pub fn CodeSpace(ctx: AeCtx) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    let picked = NodeRef::<leptos::html::Canvas>::new();
    let note = RwSignal::new(String::new());
    Effect::new(move |_| {
        ctx.slow.track();
        let Some(cv) = node.get() else { return };
        let mut text = String::new();
        ctx.lab.update_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let k = t.config().code;
            let labels = &t.data.labels;
            let Some((g, w)) = begin(&cv, None) else { return };
            let h = (w * 0.75).clamp(200.0, 420.0);
            let Some((g, w)) = begin(&cv, Some(h)).or(Some((g, w))) else { return };
            // x = code unit 1, y = code unit 2 (or the digit, when the code has one unit)
            let point = |i: usize| -> (f64, f64) {
                let c = &lab.codes[i * k..(i + 1) * k];
                (c[0], if k > 1 { c[1] } else { labels[i] as f64 })
            };
            let m = labels.len().min(lab.codes.len() / k.max(1));
            let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
            for i in 0..m {
                let (x, y) = point(i);
                if x.is_finite() && y.is_finite() {
                    (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
                }
            }
            if !x0.is_finite() {
                return;
            }
            let (px, py) = (0.08 * (x1 - x0).max(1e-6), 0.08 * (y1 - y0).max(1e-6));
            lab.extent = (x0 - px, x1 + px, y0 - py, y1 + py);
            let (ex0, ex1, ey0, ey1) = lab.extent;
            let sx = |x: f64| (x - ex0) / (ex1 - ex0) * w;
            let sy = |y: f64| h - (y - ey0) / (ey1 - ey0) * h;
            g.set_fill_style_str("#fbfbfd");
            g.fill_rect(0.0, 0.0, w, h);
            for i in 0..m {
                let (x, y) = point(i);
                g.set_fill_style_str(CLASS[labels[i] % 10]);
                g.fill_rect(sx(x) - 2.0, sy(y) - 2.0, 4.0, 4.0);
            }
            if let Some((code, _)) = lab.picked.as_ref() {
                let (x, y) = (code[0], if k > 1 { code[1] } else { ey0 });
                g.set_stroke_style_str("#111");
                g.set_line_width(2.0);
                g.stroke_rect(sx(x) - 6.0, sy(y) - 6.0, 12.0, 12.0);
                g.set_line_width(1.0);
            }
            // legend
            g.set_font(&label_font());
            g.set_text_baseline("top");
            let step = text_px() * 1.5;
            for (d, colour) in CLASS.iter().enumerate() {
                g.set_fill_style_str(colour);
                g.fill_rect(w - step * 1.6, 4.0 + d as f64 * step, step * 0.6, step * 0.6);
                g.set_fill_style_str("#333");
                g.fill_text(&d.to_string(), w - step * 0.8, 4.0 + d as f64 * step).ok();
            }
            text = match k {
                1 => "One code unit: across is the code, up is the digit (for colour only).".into(),
                2 => "Each dot is an image's 2-unit code. The digits' labels only colour the dots; the net never sees them.".into(),
                _ => format!("The first 2 of {k} code units; a click sets those two and keeps the others at their average."),
            };
        });
        note.set(text);
    });
    // the picked code's image
    Effect::new(move |_| {
        ctx.tick.track();
        let Some(cv) = picked.get() else { return };
        let Some((g, w)) = begin(&cv, Some(128.0)) else { return };
        ctx.lab.with_value(|lab| {
            let size = w.min(128.0);
            match lab.picked.as_ref() {
                Some((_, img)) => paint_image(&g, 0.0, 0.0, size, img),
                None => {
                    g.set_font(&label_font());
                    g.set_fill_style_str("#777");
                    g.set_text_baseline("top");
                    g.fill_text("click the plot", 0.0, 4.0).ok();
                }
            }
        });
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(cv) = node.get_untracked() else { return };
        let (cw, ch) = canvas::css_size(&cv);
        if cw <= 0 || ch <= 0 {
            return;
        }
        let (fx, fy) = (ev.offset_x() as f64 / cw as f64, ev.offset_y() as f64 / ch as f64);
        ctx.lab.update_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let k = t.config().code;
            let m = lab.codes.len() / k.max(1);
            if m == 0 {
                return;
            }
            let (x0, x1, y0, y1) = lab.extent;
            let mut code: Vec<f64> = (0..k).map(|j| (0..m).map(|i| lab.codes[i * k + j]).sum::<f64>() / m as f64).collect();
            code[0] = x0 + fx * (x1 - x0);
            if k > 1 {
                code[1] = y1 - fy * (y1 - y0);
            }
            let img = t.decode(&code);
            lab.picked = Some((code, img));
            lab.dirty = true;
        });
        ctx.slow.notify();
    };
    view! {
        <div class="lab-panel">
            <h2>"Code space"</h2>
            <div class="ae-code-body">
                <canvas node_ref=node class="ae-code" data-testid="ae-code-space" role="img" on:click=on_click
                    aria-label="The codes of all images as dots coloured by digit; click to decode a point"></canvas>
                <div class="ae-picked">
                    <div class="small">"decoded from the clicked point"</div>
                    <canvas node_ref=picked class="ae-picked-img" data-testid="ae-decoded" role="img"
                        aria-label="The image decoded from the clicked point"></canvas>
                </div>
            </div>
            <div class="small" data-testid="ae-code-note">{move || note.get()}</div>
        </div>
    }
}

/// The images the net rebuilds worst, with their errors.
#[component]
pub fn Anomalies(ctx: AeCtx) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        ctx.slow.track();
        let Some(cv) = node.get() else { return };
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let Some((g, w)) = begin(&cv, None) else { return };
            let per_row = 4.0;
            let gap = 8.0;
            let size = ((w - gap * per_row) / per_row).clamp(24.0, 64.0);
            let row_h = size + text_px() * 2.6;
            let rows = (lab.worst.len() as f64 / per_row).ceil().max(1.0);
            let Some((g, _)) = begin(&cv, Some(rows * row_h)).or(Some((g, w))) else { return };
            g.set_font(&label_font());
            g.set_text_baseline("top");
            for (n, &(i, e)) in lab.worst.iter().enumerate() {
                let (x, y) = ((n % 4) as f64 * (size + gap), (n / 4) as f64 * row_h);
                paint_image(&g, x, y, size, t.data.image(i));
                g.set_fill_style_str("#333");
                let digit = t.data.labels.get(i).copied().unwrap_or(0);
                g.fill_text(&format!("a {digit}: {}", crate::engine::text::number(e, 2)), x, y + size + 3.0).ok();
            }
        });
    });
    view! {
        <div class="lab-panel">
            <h2>"Worst rebuilt (anomalies)"</h2>
            <canvas node_ref=node class="ae-worst" data-testid="ae-worst" role="img"
                aria-label="The images with the largest reconstruction error, with the error"></canvas>
            <div class="small">"error = ½·Σ (rebuilt − input)² over the 64 pixels"</div>
        </div>
    }
}
