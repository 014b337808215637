//! A small canvas to draw an image (a digit) with the mouse or a finger; the
//! net classifies it live and the feature maps show it.

use crate::ui::i18n::t;
use leptos::prelude::*;

use super::{LabCtx, Source};
use crate::render::conv::{begin, ink, paint_tile, Tile};

/// Adds a soft round brush stroke at (x, y) in grid units to an `h × w` image.
pub fn brush(img: &mut [f64], h: usize, w: usize, x: f64, y: f64, radius: f64) {
    for r in 0..h {
        for c in 0..w {
            let (dx, dy) = (c as f64 + 0.5 - x, r as f64 + 0.5 - y);
            let d2 = dx * dx + dy * dy;
            let a = 1.0 - d2 / (radius * radius);
            if a > 0.0 {
                let v = &mut img[r * w + c];
                *v = (*v + 0.6 * a).min(1.0);
            }
        }
    }
}

/// The brush's radius on a pad `w` cells wide.
fn radius(w: usize) -> f64 {
    0.9 * w as f64 / 8.0
}

/// The keyboard's pen: a ring as wide as the brush with a dot in the middle, pink edged in white
/// (neither the ink nor the paper).
fn paint_pen(g: &web_sys::CanvasRenderingContext2d, x: f64, y: f64, r: f64) {
    for (colour, width) in [("#fff", 4.0), ("#d6336c", 2.0)] {
        g.set_stroke_style_str(colour);
        g.set_line_width(width);
        g.begin_path();
        g.arc(x, y, r, 0.0, std::f64::consts::TAU).ok();
        g.move_to(x + 2.0, y);
        g.arc(x, y, 2.0, 0.0, std::f64::consts::TAU).ok();
        g.stroke();
    }
}

/// The drawing pad.
#[component]
pub fn DrawPad(ctx: LabCtx) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let down = StoredValue::new(false);
    // the keyboard's pen (issue 27): a cursor in grid units, shown while the pad has the focus
    let cursor = RwSignal::new(None::<(f64, f64)>);
    let left_at = StoredValue::new(None::<(f64, f64)>);
    Effect::new(move |_| {
        ctx.slow.track();
        let pen = cursor.get();
        let Some(cv) = canvas.get() else { return };
        ctx.lab.with_value(|l| {
            let Some(t) = l.trainer.as_ref() else { return };
            let s = t.net.config.input;
            let Some((g, width)) = begin(&cv, None) else { return };
            let cell = width / s.w as f64;
            let tile = Tile { group: 0, item: 0, sub: 0, x: 0.0, y: 0.0, cell, w: s.w, h: s.h };
            if l.drawn.len() == s.len() {
                paint_tile(&g, &tile, &l.drawn, ink);
            }
            if let Some((x, y)) = pen {
                paint_pen(&g, x * cell, y * cell, radius(s.w) * cell);
            }
        });
    });
    // a brush stroke at (fx, fy), fractions of the pad's width and height
    let paint_at = move |fx: f64, fy: f64| {
        ctx.lab.update_value(|l| {
            let Some(t) = l.trainer.as_ref() else { return };
            let s = t.net.config.input;
            if l.drawn.len() != s.len() {
                l.drawn = vec![0.0; s.len()];
            }
            brush(&mut l.drawn, s.h, s.w, fx * s.w as f64, fy * s.h as f64, radius(s.w));
            l.dirty = true;
        });
        if ctx.source.get_untracked() != Source::Drawn {
            ctx.source.set(Source::Drawn);
        }
    };
    let stroke = move |ev: &web_sys::PointerEvent| {
        let Some(cv) = canvas.get_untracked() else { return };
        let (cw, ch) = (cv.client_width().max(1) as f64, cv.client_height().max(1) as f64);
        paint_at(ev.offset_x() as f64 / cw, ev.offset_y() as f64 / ch);
    };
    // the keyboard: the arrows move the pen (Shift: painting on the way), Space or Enter paints
    // where it is; the page's own shortcuts (Space: play) wait
    let size = move || ctx.lab.with_value(|l| l.trainer.as_ref().map(|t| (t.net.config.input.w, t.net.config.input.h)));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some((w, h)) = size() else { return };
        let (x, y) = cursor.get_untracked().unwrap_or((w as f64 / 2.0, h as f64 / 2.0));
        let step = (w as f64 / 14.0).max(1.0);
        let key = ev.key();
        let moved = match key.as_str() {
            "ArrowLeft" => (x - step, y),
            "ArrowRight" => (x + step, y),
            "ArrowUp" => (x, y - step),
            "ArrowDown" => (x, y + step),
            " " | "Enter" => (x, y),
            _ => return,
        };
        ev.prevent_default();
        ev.stop_propagation();
        // (kept on the pad: at most the middle of an edge cell)
        let p = (moved.0.clamp(0.5, w as f64 - 0.5), moved.1.clamp(0.5, h as f64 - 0.5));
        if key == " " || key == "Enter" || ev.shift_key() {
            paint_at(p.0 / w as f64, p.1 / h as f64);
        }
        left_at.set_value(Some(p));
        cursor.set(Some(p));
    };
    view! {
        <div class="conv-panel conv-draw">
            <h2>{t("Draw a digit")}</h2>
            <div class="conv-draw-body">
                <canvas class="conv-draw-canvas" data-testid="conv-draw-canvas" node_ref=canvas role="img"
                    aria-label=t("A canvas to draw a digit on with the mouse or a finger; with the keyboard, the arrows move a pen, Space paints where it is, Shift with an arrow paints along the way")
                    tabindex="0"
                    on:keydown=on_key
                    on:focus=move |_| cursor.set(Some(left_at.get_value().unwrap_or_else(|| size().map(|(w, h)| (w as f64 / 2.0, h as f64 / 2.0)).unwrap_or_default())))
                    on:blur=move |_| { cursor.try_set(None); }
                    on:pointerdown=move |ev: web_sys::PointerEvent| {
                        ev.prevent_default();
                        down.set_value(true);
                        if let Some(cv) = canvas.get_untracked() { cv.set_pointer_capture(ev.pointer_id()).ok(); }
                        stroke(&ev);
                    }
                    on:pointermove=move |ev: web_sys::PointerEvent| if down.get_value() { stroke(&ev) }
                    on:pointerup=move |_| down.set_value(false)
                    on:pointercancel=move |_| down.set_value(false)></canvas>
                <div class="conv-draw-buttons">
                    <button data-testid="conv-draw-clear" on:click=move |_| {
                        ctx.lab.update_value(|l| { l.drawn.iter_mut().for_each(|v| *v = 0.0); l.dirty = true; });
                        ctx.source.set(Source::Drawn);
                    }>{t("clear")}</button>
                    <button data-testid="conv-use-test" on:click=move |_| ctx.source.set(Source::Test)>{t("show test image")}</button>
                    <span class="muted small">{move || if ctx.source.get() == Source::Drawn { crate::ui::i18n::t("showing your drawing") } else { crate::ui::i18n::t("showing a test image") }}</span>
                </div>
            </div>
        </div>
    }
}
