//! The net unrolled over time: one row per step — input, hidden state (a row of
//! coloured cells on the diverging palette), output and target — with the
//! recurrent arrow from each step's state to the next.

use leptos::prelude::*;
use web_sys::CanvasRenderingContext2d;

use super::RnnCtx;
use crate::engine::rnn::task::Task;
use crate::engine::text::number;
use crate::render::canvas::{label_font, text_px};
use crate::render::conv::begin;
use crate::render::palette::{css, diverging};
use crate::render::rnn::UnrolledLayout;

const INK: &str = "#1d2330";
const MUTED: &str = "#5b6475";
const RIGHT: &str = "#1f6fd1";
const WRONG: &str = "#c83e4d";

/// A value on the diverging scale as a filled cell with a thin frame.
fn cell(g: &CanvasRenderingContext2d, x: f64, y: f64, side: f64, t: f64) {
    g.set_fill_style_str(&css(diverging(t)));
    g.fill_rect(x, y, side, side);
    g.set_stroke_style_str("#c9ced8");
    g.set_line_width(1.0);
    g.stroke_rect(x + 0.5, y + 0.5, side - 1.0, side - 1.0);
}

/// A number as the page writes it: bits as 0 / 1, others with two decimals.
fn num(v: f64, bits: bool) -> String {
    if bits {
        format!("{v:.0}")
    } else {
        let s = number(v, 2);
        if v >= 0.0 && v.is_finite() {
            format!("+{s}")
        } else {
            s
        }
    }
}

/// An arrow from (x0, y0) to (x1, y1).
fn arrow(g: &CanvasRenderingContext2d, x0: f64, y0: f64, x1: f64, y1: f64) {
    g.begin_path();
    g.move_to(x0, y0);
    g.line_to(x1, y1);
    g.stroke();
    let (dx, dy) = (x1 - x0, y1 - y0);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let s = 4.0;
    g.begin_path();
    g.move_to(x1, y1);
    g.line_to(x1 - s * ux - s * 0.6 * uy, y1 - s * uy + s * 0.6 * ux);
    g.line_to(x1 - s * ux + s * 0.6 * uy, y1 - s * uy - s * 0.6 * ux);
    g.close_path();
    g.fill();
}

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
            let px = text_px();
            let l = UnrolledLayout::new(width, steps, hidden, px);
            let Some((g, _)) = begin(&cv, Some(l.height)) else { return };
            g.set_font(&label_font());
            g.set_text_baseline("middle");
            let task = t.config().task;
            let bits = matches!(task, Task::Parity | Task::Echo);
            // header
            g.set_fill_style_str(MUTED);
            let hy = px * 1.1;
            g.fill_text("input", l.x_input, hy).ok();
            g.fill_text(&format!("hidden state h_t ({hidden} unit{})", if hidden == 1 { "" } else { "s" }), l.x_hidden, hy).ok();
            g.fill_text("output", l.x_output, hy).ok();
            g.fill_text("target", l.x_target, hy).ok();
            let c = l.cell;
            for s in 0..steps {
                let y = l.y(s);
                let cy = y + c / 2.0;
                g.set_fill_style_str(MUTED);
                g.fill_text(&format!("t={}", s + 1), 0.0, cy).ok();
                // input
                let xv = xs[s];
                cell(&g, l.x_input, y, c, if bits { 2.0 * xv - 1.0 } else { xv });
                g.set_fill_style_str(INK);
                g.fill_text(&num(xv, bits), l.x_input + c + px * 0.3, cy).ok();
                // the state
                let h = tr.state(s + 1, hidden);
                for (i, &v) in h.iter().enumerate() {
                    cell(&g, l.x_hidden + i as f64 * c, y, c, v);
                }
                g.set_stroke_style_str(MUTED);
                g.set_fill_style_str(MUTED);
                g.set_line_width(1.0);
                arrow(&g, l.x_hidden - px * 1.3, cy, l.x_hidden - 2.0, cy);
                let hx1 = l.x_hidden + hidden as f64 * c;
                arrow(&g, hx1 + 2.0, cy, l.x_output - 2.0, cy);
                // recurrence: this state feeds the next step's (drawn on the right of the state row's left edge)
                if s + 1 < steps {
                    let ax = l.x_hidden - px * 0.6;
                    arrow(&g, ax, y + c * 0.8, ax, y + l.row + c * 0.2);
                }
                // output and target
                let (out, target, scored) = (tr.out[s], ys[s], t.data.mask[s]);
                cell(&g, l.x_output, y, c, if t.net.binary { 2.0 * out - 1.0 } else { out });
                g.set_fill_style_str(INK);
                g.fill_text(&if t.net.binary { number(out, 2) } else { num(out, false) }, l.x_out_text, cy).ok();
                if scored {
                    g.fill_text(&num(target, t.net.binary), l.x_target, cy).ok();
                    if t.net.binary {
                        let right = (out >= 0.5) == (target >= 0.5);
                        g.set_fill_style_str(if right { RIGHT } else { WRONG });
                        g.set_font(&format!("bold {}px system-ui, sans-serif", (px * 1.3).round()));
                        g.fill_text(if right { "✓" } else { "✗" }, l.x_mark, cy).ok();
                        g.set_font(&label_font());
                    }
                } else {
                    g.set_fill_style_str(MUTED);
                    g.fill_text("—", l.x_target, cy).ok();
                }
            }
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
            <h2>"Unrolled over time"
                <span class="legend"><i class="neg"></i>"−1"<i class="zero"></i>"0"<i class="pos"></i>"+1"</span>
            </h2>
            <div class="rnn-pick">
                <button data-testid="rnn-prev" aria-label="Previous sequence" on:click=move |_| pick(-1)>"◀"</button>
                <span data-testid="rnn-sample">{move || format!("sequence {} of {}", ctx.sample.get() % count() + 1, count())}</span>
                <button data-testid="rnn-next" aria-label="Next sequence" on:click=move |_| pick(1)>"▶"</button>
                <span class="muted small">"Each row is one time step; the arrow down is the state passed on through W_h."</span>
            </div>
            <canvas node_ref=canvas data-testid="rnn-unrolled" role="img"
                aria-label="The network unrolled over time: for each step, the input, the hidden state as coloured cells (blue positive, orange negative), the output and the target"></canvas>
        </div>
    }
}
