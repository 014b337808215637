//! The output panel: the network's prediction over the input square as a large
//! heatmap (two classes: the diverging scale; three or more: one colour per
//! class, confidence as lightness; regression: the predicted surface), the data
//! points over it, the axes, and the current train and test loss.

use crate::ui::i18n::t;
use leptos::html::Canvas;
use leptos::prelude::*;

use crate::engine::data::Task;
use crate::engine::math::activation::LayerActivation;
use crate::engine::math::real::Real;
use crate::render::canvas;
use crate::render::heatmap::{put, Scale};
use crate::render::output::{paint_neuron_lines, paint_still_layer, PlotBox};
use crate::render::palette::{lighten, Lut, CLASS};

use super::ctx;
use super::session::{GridKind, Session, OUTPUT_GRID};

/// The colour scale of a single output: centred in the middle of its activation's range
/// (softmax: 0.5); regression, or an unbounded range: centred on 0. The output's words
/// (`as_text`) read the class boundary from it, so they never name another class than the colour.
pub fn output_scale(s: &Session) -> Scale {
    let net = s.trainer.network();
    let (lo, hi) = match net.layers[net.layers.len() - 1].activation {
        LayerActivation::Softmax => (0.0, 1.0),
        LayerActivation::Elementwise(a) => a.range(),
    };
    match s.trainer.dataset().task {
        Task::Regression => Scale::Linear { centre: 0.0, half_range: 1.0 },
        _ if lo.is_finite() && hi.is_finite() => Scale::for_range(lo, hi),
        _ => Scale::Linear { centre: 0.0, half_range: 1.0 },
    }
}

/// Fills `buf` with the output grid's RGBA pixels.
fn output_pixels(s: &Session, discretize: bool, lut: &Lut, buf: &mut Vec<u8>) {
    let net = s.trainer.network();
    let n_out = net.n_outputs();
    buf.resize(OUTPUT_GRID * OUTPUT_GRID * 4, 255);
    let task = s.trainer.dataset().task;
    if n_out >= 2 {
        // one colour per class, lightness from confidence
        let outs: Vec<&[f32]> = (0..n_out).map(|k| s.grids.output(k)).collect();
        for (i, px) in buf.chunks_exact_mut(4).enumerate() {
            let (best, p) =
                (0..n_out).map(|k| (k, f64::from(outs[k][i]))).fold((0, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
            let conf = if discretize { 1.0 } else { ((p - 1.0 / n_out as f64) / (1.0 - 1.0 / n_out as f64)).clamp(0.0, 1.0) };
            let c = CLASS[best.min(CLASS.len() - 1)];
            let mix = |v: u8| (247.0 + (v as f64 - 247.0) * (0.25 + 0.75 * conf)).round() as u8;
            px.copy_from_slice(&lighten([mix(c[0]), mix(c[1]), mix(c[2])]));
        }
        return;
    }
    let vals = s.grids.output(0);
    let scale = output_scale(s);
    let scale = match (discretize, scale, task) {
        (true, Scale::Linear { centre, .. }, Task::Classification { .. }) => Scale::Sign { centre },
        (_, s, _) => s,
    };
    for (px, &v) in buf.chunks_exact_mut(4).zip(vals) {
        px.copy_from_slice(&lighten(lut.get(scale.map(f64::from(v)))));
    }
}

/// The first layer's lines over the output, when the inputs are exactly X1 and X2
/// ([`paint_neuron_lines`]).
/// The keyboard's cursor: a ring with a cross, dark inside white, readable on either class's colour.
fn paint_cursor(g: &web_sys::CanvasRenderingContext2d, x: f64, y: f64) {
    for (colour, width) in [("#fff", 5.0), ("#1d2330", 2.0)] {
        g.set_stroke_style_str(colour);
        g.set_line_width(width);
        g.begin_path();
        g.arc(x, y, 9.0, 0.0, std::f64::consts::TAU).ok();
        g.move_to(x - 15.0, y);
        g.line_to(x - 5.0, y);
        g.move_to(x + 5.0, y);
        g.line_to(x + 15.0, y);
        g.move_to(x, y - 15.0);
        g.line_to(x, y - 5.0);
        g.move_to(x, y + 5.0);
        g.line_to(x, y + 15.0);
        g.stroke();
    }
}

fn draw_neuron_lines(g: &web_sys::CanvasRenderingContext2d, s: &Session, b: &PlotBox) {
    use crate::engine::data::features::Feature;
    let t = &s.trainer;
    if t.config().features != [Feature::X1, Feature::X2] {
        return;
    }
    let net = t.network();
    let first = &net.layers[0];
    let lines = (0..first.n_out()).map(|j| (first.weights[[0, j]].f64(), first.weights[[1, j]].f64(), first.biases[j].f64()));
    paint_neuron_lines(g, b, t.dataset().extent, lines, net.layers.len() > 1);
}

/// The output panel.
#[component]
pub fn OutputView() -> impl IntoView {
    let c = ctx();
    let node = NodeRef::<Canvas>::new();
    let new_canvas = || {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlCanvasElement>(e).ok())
    };
    let grid_canvas = StoredValue::new_local(new_canvas());
    // the points, frame and axes change only with the data: drawn once on a layer
    let points_layer = StoredValue::new_local(new_canvas());
    let layer_key = StoredValue::new_local(None::<(u32, u32, bool, bool, crate::engine::data::DataConfig)>);
    let painted = StoredValue::new_local(None::<(f64, f64)>);
    let painted_grid = StoredValue::new_local(None::<(u64, u32, u32, u64, bool, Option<(f64, f64)>)>);
    let lut = StoredValue::new_local(Lut::default());
    let buf = StoredValue::new_local(Vec::<u8>::new());
    let lesson = crate::ui::lessons::lesson_ctx();
    // the keyboard's cursor on the plot (data units), shown while the canvas has the focus;
    // it starts in the middle and stays where it was left
    let cursor = RwSignal::new(None::<(f64, f64)>);
    let left_at = StoredValue::new((0.0, 0.0));
    Effect::new(move |_| {
        c.frame.track();
        let at = cursor.get();
        let lines = lesson.and_then(|l| l.lesson()).is_some_and(|l| l.lines);
        let (discretize, show_test) = c.settings.with(|s| (s.discretize, s.show_test));
        let Some(cv) = node.get() else { return };
        let (Some(gc), Some(layer)) = (grid_canvas.get_value(), points_layer.get_value()) else { return };
        let (w, h, ratio) = canvas::fit_to_css(&cv);
        let Some(g) = canvas::context_2d(&cv) else { return };
        let (cw, ch) = (w as f64 / ratio, h as f64 / ratio);
        let pb = PlotBox::new(cw, ch);
        c.with_session(|s| {
            let empty = c.draw.with(|d| d.empty);
            let key = Some((w, h, show_test, empty, s.trainer.config().data.clone()));
            let new_layer = layer_key.with_value(|k| *k != key);
            // repainted only when the output's grid was recomputed (not every frame on a slow device) or the picture moved
            let shown = (s.grids.version(GridKind::Output), w, h, ratio.to_bits(), discretize, at);
            if !new_layer && !lines && painted_grid.with_value(|p| *p == Some(shown)) {
                return;
            }
            painted_grid.set_value(Some(shown));
            if new_layer {
                layer.set_width(w);
                layer.set_height(h);
                if let Some(lg) = canvas::context_2d(&layer) {
                    lg.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
                    paint_still_layer(&lg, &pb, s.trainer.dataset(), show_test, empty);
                }
                layer_key.set_value(key);
            }
            buf.update_value(|b| lut.with_value(|lut| output_pixels(s, discretize, lut, b)));
            canvas::set_backing_size(&gc, OUTPUT_GRID as u32, OUTPUT_GRID as u32);
            if let Some(gg) = canvas::context_2d(&gc) {
                buf.with_value(|b| put(&gg, b, OUTPUT_GRID as u32, 0.0, 0.0));
            }
            g.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
            g.clear_rect(0.0, 0.0, w as f64, h as f64);
            g.set_image_smoothing_enabled(!discretize);
            g.draw_image_with_html_canvas_element_and_dw_and_dh(&gc, pb.x0 * ratio, pb.y0 * ratio, pb.size * ratio, pb.size * ratio).ok();
            g.draw_image_with_html_canvas_element(&layer, 0.0, 0.0).ok();
            if lines {
                g.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
                draw_neuron_lines(&g, s, &pb);
            }
            if let Some((x1, x2)) = at {
                g.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
                let (px, py) = pb.to_px(x1, x2, s.trainer.dataset().extent);
                paint_cursor(&g, px, py);
            }
        });
    });
    // the keyboard: arrows move the cursor (Shift: finer), Enter or Space inspects the point
    // under it, or places (or erases) one while drawing; the page's own shortcuts wait
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let e = c.with_session(|s| s.trainer.dataset().extent).unwrap_or(crate::engine::data::EXTENT);
        let step = if ev.shift_key() { e / 40.0 } else { e / 10.0 };
        let (x1, x2) = cursor.get_untracked().unwrap_or((0.0, 0.0));
        let moved = match ev.key().as_str() {
            "ArrowLeft" => Some((x1 - step, x2)),
            "ArrowRight" => Some((x1 + step, x2)),
            "ArrowUp" => Some((x1, x2 + step)),
            "ArrowDown" => Some((x1, x2 - step)),
            "Enter" | " " => {
                if c.draw.with_untracked(|d| d.on) {
                    super::draw::at(c, x1, x2, true, &mut None);
                } else {
                    c.inspect.set((x1, x2));
                    c.inspector_open.set(true);
                }
                None
            }
            _ => return,
        };
        ev.prevent_default();
        ev.stop_propagation();
        if let Some((a, b)) = moved {
            let round = |v: f64| (v.clamp(-e, e) * 1000.0).round() / 1000.0;
            let p = (round(a), round(b));
            left_at.set_value(p);
            cursor.set(Some(p));
            // said too: where the cursor is and what the output shows there
            if let Some(words) = c.with_session(|s| super::as_text::point_words(s, p.0, p.1)) {
                crate::ui::announce::say(words);
            }
        }
    };
    // drawing: a press adds a point (or erases), a drag paints more
    let draw_at = move |ev: &web_sys::PointerEvent, first: bool| {
        if !c.draw.with_untracked(|d| d.on) {
            return;
        }
        let Some(cv) = node.get() else { return };
        let pb = PlotBox::new(cv.client_width() as f64, cv.client_height() as f64);
        let e = c.with_session(|s| s.trainer.dataset().extent).unwrap_or(crate::engine::data::EXTENT);
        let (x1, x2) = pb.to_data(ev.offset_x() as f64, ev.offset_y() as f64, e);
        if x1.abs() <= e && x2.abs() <= e {
            painted.update_value(|last| super::draw::at(c, x1, x2, first, last));
        }
    };
    let stats = move || {
        c.slow_frame.track();
        c.with_session(|s| s.trainer.last_stats())
    };
    let fmt = |v: Option<f64>| v.map(crate::ui::words::loss_shown).unwrap_or_else(|| "–".into());
    view! {
        <h2>{t("Output")}</h2>
        <div class="losses">
            <span>{t("Test loss ")}<b data-testid="test-loss">{move || fmt(stats().and_then(|s| s.test_loss))}</b></span>
            <span>{t("Training loss ")}<b data-testid="train-loss">{move || fmt(stats().map(|s| s.train_loss))}</b></span>
            <Show when=move || stats().and_then(|s| s.test_accuracy.or(s.train_accuracy)).is_some()>
                <span>{t("Test accuracy ")}<b data-testid="test-accuracy">{move || stats().and_then(|s| s.test_accuracy.or(s.train_accuracy)).map(|a| crate::ui::words::num(&format!("{:.1} %", a * 100.0))).unwrap_or_default()}</b></span>
            </Show>
        </div>
        <canvas node_ref=node class="output-canvas" data-testid="output-canvas" role="img" tabindex="0"
            class:drawing=move || c.draw.with(|d| d.on)
            aria-label=crate::ui::i18n::t("The network's prediction over the input square, with the data points; click a point to see its arithmetic in the inspector; \
                with the keyboard, the arrows move a cursor and Enter inspects the point under it (or, while drawing, places a point)")
            on:keydown=on_key
            on:focus=move |_| cursor.set(Some(left_at.get_value()))
            on:blur=move |_| { cursor.try_set(None); }
            on:pointerdown=move |ev| draw_at(&ev, true)
            on:pointermove=move |ev| if ev.buttons() & 1 == 1 { draw_at(&ev, false) }
            on:pointerup=move |_| painted.set_value(None)
            on:pointercancel=move |_| painted.set_value(None)
            on:click=move |ev| {
                if c.draw.with_untracked(|d| d.on) {
                    return; // drawing: the press already placed a point
                }
                // the nearest data point within 12 px (else the spot itself) goes to the inspector
                let Some(cv) = node.get() else { return };
                let (cw, ch) = (cv.client_width() as f64, cv.client_height() as f64);
                let pb = PlotBox::new(cw, ch);
                let (px, py) = (ev.offset_x() as f64, ev.offset_y() as f64);
                c.with_session(|s| {
                    let d = s.trainer.dataset();
                    let e = d.extent;
                    let (x1, x2) = pb.to_data(px, py, e);
                    let per_px = 2.0 * e / pb.size;
                    let near = d.train.iter().chain(&d.test)
                        .map(|p| (p, ((p.x1 - x1).powi(2) + (p.x2 - x2).powi(2)).sqrt()))
                        .filter(|(_, dist)| *dist <= 12.0 * per_px)
                        .min_by(|a, b| a.1.total_cmp(&b.1))
                        .map(|(p, _)| (p.x1, p.x2));
                    let inside = (x1.abs() <= e && x2.abs() <= e).then_some((x1, x2));
                    if let Some(pt) = near.or(inside) {
                        c.inspect.set(pt);
                        c.inspector_open.set(true);
                        reveal_inspector();
                    }
                });
            }></canvas>
        <div class="toggles">
            <label><input type="checkbox" data-testid="show-test" prop:checked=move || c.settings.with(|s| s.show_test)
                on:change=move |_| c.settings.update(|s| s.show_test = !s.show_test) />{t(" Show test data")}</label>
            <label><input type="checkbox" data-testid="discretize" prop:checked=move || c.settings.with(|s| s.discretize)
                on:change=move |_| c.settings.update(|s| s.discretize = !s.discretize) />{t(" Discretize output")}</label>
        </div>
        <super::as_text::OutputAsText />
    }
}

/// Where the panels stack (a tablet held upright, a phone), the inspector opens
/// far below the output: bring it into view once it has opened. Side by side
/// (a projector, a laptop) the page stays where the teacher left it.
fn reveal_inspector() {
    request_animation_frame(|| {
        let Some(w) = web_sys::window() else { return };
        let stacked = w.inner_width().ok().and_then(|v| v.as_f64()).is_some_and(|v| v <= STACKED_MAX_WIDTH);
        let below = |el: &web_sys::Element| {
            el.get_bounding_client_rect().top() > w.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(f64::MAX) - 40.0
        };
        if let Some(el) = w.document().and_then(|d| d.query_selector("[data-testid=inspector]").ok().flatten()) {
            if stacked && below(&el) {
                el.scroll_into_view();
            }
        }
    });
}

/// The widest viewport at which style/devices.css stacks the playground's panels.
const STACKED_MAX_WIDTH: f64 = 900.0;
