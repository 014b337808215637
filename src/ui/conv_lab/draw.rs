//! A small canvas to draw an image (a digit) with the mouse or a finger; the
//! net classifies it live and the feature maps show it.

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

/// The drawing pad.
#[component]
pub fn DrawPad(ctx: LabCtx) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let down = StoredValue::new(false);
    Effect::new(move |_| {
        ctx.slow.track();
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
        });
    });
    let stroke = move |ev: &web_sys::PointerEvent| {
        let Some(cv) = canvas.get_untracked() else { return };
        let (cw, ch) = (cv.client_width().max(1) as f64, cv.client_height().max(1) as f64);
        let (px, py) = (ev.offset_x() as f64, ev.offset_y() as f64);
        ctx.lab.update_value(|l| {
            let Some(t) = l.trainer.as_ref() else { return };
            let s = t.net.config.input;
            if l.drawn.len() != s.len() {
                l.drawn = vec![0.0; s.len()];
            }
            let (x, y) = (px / cw * s.w as f64, py / ch * s.h as f64);
            brush(&mut l.drawn, s.h, s.w, x, y, 0.9 * s.w as f64 / 8.0);
            l.dirty = true;
        });
        if ctx.source.get_untracked() != Source::Drawn {
            ctx.source.set(Source::Drawn);
        }
    };
    view! {
        <div class="conv-panel conv-draw">
            <h2>"Draw a digit"</h2>
            <div class="conv-draw-body">
                <canvas class="conv-draw-canvas" data-testid="conv-draw-canvas" node_ref=canvas role="img"
                    aria-label="A canvas to draw a digit on with the mouse or a finger"
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
                    }>"clear"</button>
                    <button data-testid="conv-use-test" on:click=move |_| ctx.source.set(Source::Test)>"show test image"</button>
                    <span class="muted small">{move || if ctx.source.get() == Source::Drawn { "showing your drawing" } else { "showing a test image" }}</span>
                </div>
            </div>
        </div>
    }
}
