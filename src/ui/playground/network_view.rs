//! The network diagram: a column per layer, every neuron a live heatmap of its
//! output over the input square, every weight a line (width |w|, colour its
//! sign). Hover shows a value (and enlarges a neuron); click edits it. Buttons
//! add and remove hidden layers and neurons.
//!
//! Painting is in [`crate::render::network_paint`]: the lines, the tiles, and
//! the error signals δ flowing backwards while the backprop stepper shows them.

use crate::ui::i18n::t;
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::dense::config::HiddenLayer;
use crate::engine::dense::norm::{LayerOptions, NormKind};
use crate::engine::math::activation::{Activation, LayerActivation};
use crate::render::canvas;
use crate::render::heatmap::{max_abs, Scale};
use crate::render::network_layout::{layout, Hit, NetLayout};
use crate::render::network_paint::{flow_still_ms, paint_flow, paint_tiles, Lines, Tiles};
use crate::render::palette::{css, Lut, NEG, POS};
use crate::ui::words::number_shown as number;

use super::controls::event_value;
use super::ctx;
use super::session::{GridKind, Session, GRID};
use crate::engine::limits::{HIDDEN_LAYERS, NEURONS};

/// The largest tile side, in CSS pixels: the heatmaps' own size, so that at a
/// device-pixel ratio of 1 a tile is copied, not scaled.
const MAX_TILE: f64 = GRID as f64;

/// The colour scale of a neuron with activation `act`, given its grid values.
fn neuron_scale(act: LayerActivation, vals: &[f32]) -> Scale {
    let (lo, hi) = match act {
        LayerActivation::Softmax => (0.0, 1.0),
        LayerActivation::Elementwise(a) => a.range(),
    };
    if lo.is_finite() && hi.is_finite() {
        Scale::for_range(lo, hi)
    } else {
        // unbounded (ReLU, identity): symmetric, at least ±1
        Scale::Linear { centre: 0.0, half_range: max_abs(vals.iter().copied()).max(1.0) }
    }
}

/// Column sizes of the diagram: inputs, hidden layers, outputs.
fn column_sizes(s: &Session) -> Vec<usize> {
    let net = s.trainer.network();
    std::iter::once(net.n_inputs()).chain(net.layers.iter().map(|l| l.n_out())).collect()
}

/// The grid of the neuron in `column` (0 = inputs) at `index`, and its scale.
fn tile_values(s: &Session, column: usize, index: usize) -> (&[f32], Scale) {
    if column == 0 {
        let v = s.grids.input(index);
        (v, Scale::symmetric(v.iter().copied()))
    } else {
        let v = s.grids.neuron(column - 1, index);
        (v, neuron_scale(s.trainer.network().layers[column - 1].activation, v))
    }
}

/// The name of a weight or neuron, as the tooltip and the editor both say it
/// ("Weight from X₁ to neuron 1 of hidden layer 1").
fn name_of(s: &Session, hit: Hit) -> String {
    let net = s.trainer.network();
    let feats = &s.trainer.config().features;
    let col_name = |c: usize| {
        if c == 0 {
            "input".to_string()
        } else if c == net.layers.len() {
            t("output").to_string()
        } else {
            crate::ui::i18n::fill(t("hidden layer {n}"), &[("n", &c)])
        }
    };
    match hit {
        Hit::Weight { layer, from, to } => {
            let src = if layer == 0 {
                feats.get(from).map(|f| f.name().to_string()).unwrap_or_default()
            } else {
                crate::ui::i18n::fill(t("neuron {n} of {layer}"), &[("n", &(from + 1)), ("layer", &col_name(layer))])
            };
            crate::ui::i18n::fill(
                t("Weight from {src} to neuron {n} of {layer}"),
                &[("src", &src), ("n", &(to + 1)), ("layer", &col_name(layer + 1))],
            )
        }
        Hit::Neuron { column: 0, index } => {
            crate::ui::i18n::fill(t("Input {name}"), &[("name", &feats.get(index).map(|f| f.name()).unwrap_or(""))])
        }
        Hit::Neuron { column, index } => crate::ui::i18n::fill(
            t("Neuron {n} of {layer} ({act})"),
            &[("n", &(index + 1)), ("layer", &col_name(column)), ("act", &t(net.layers[column - 1].activation.name()))],
        ),
    }
}

/// The current value of a weight or a neuron's bias (NaN for an input).
fn value_of(s: &Session, hit: Hit) -> f64 {
    let net = s.trainer.network();
    match hit {
        Hit::Weight { layer, from, to } => net.layers.get(layer).map(|l| f64::from(l.weights[[from, to]])).unwrap_or(f64::NAN),
        Hit::Neuron { column: 0, .. } => f64::NAN,
        Hit::Neuron { column, index } => {
            net.layers.get(column - 1).and_then(|l| l.biases.get(index).map(|&b| f64::from(b))).unwrap_or(f64::NAN)
        }
    }
}

/// Words for what is under the pointer, with its current value.
fn describe(s: &Session, hit: Hit) -> String {
    let name = name_of(s, hit);
    match hit {
        Hit::Weight { .. } => crate::ui::i18n::fill(
            t("{name}: {value}  (click to edit)"),
            &[("name", &name), ("value", &crate::ui::words::number_shown(value_of(s, hit), 4))],
        ),
        Hit::Neuron { column: 0, .. } => crate::ui::i18n::fill(t("{name}: its value over the input square"), &[("name", &name)]),
        Hit::Neuron { .. } => crate::ui::i18n::fill(
            t("{name}: bias {value}  (click to edit)"),
            &[("name", &name), ("value", &crate::ui::words::number_shown(value_of(s, hit), 4))],
        ),
    }
}

/// The pointer's position over the event's target in CSS pixels, fractions kept.
/// (web-sys reads `offsetX` as an integer, truncated for pointer moves but rounded
/// for clicks in Chromium: hover and click then hit different lines. Both read here.)
fn pointer_xy(ev: &web_sys::MouseEvent) -> (f64, f64) {
    let get = |k: &str| js_sys::Reflect::get(ev, &k.into()).ok().and_then(|v| v.as_f64());
    match (get("offsetX"), get("offsetY")) {
        (Some(x), Some(y)) => (x, y),
        _ => (ev.offset_x() as f64, ev.offset_y() as f64),
    }
}

/// How near (px) a pointer must come to a weight's line to pick it: a mouse, a finger or pen.
const MOUSE_SLACK: f64 = 4.0;
const TOUCH_SLACK: f64 = 12.0;

/// What the click editor is editing.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Editing {
    hit: Hit,
    x: f64,
    y: f64,
}

/// The centre column.
#[component]
pub fn NetworkView() -> impl IntoView {
    let c = ctx();
    let node = NodeRef::<Canvas>::new();
    let lines_node = NodeRef::<Canvas>::new();
    let wrap = NodeRef::<Div>::new();
    let hover = RwSignal::new(None::<(Hit, f64, f64)>);
    let editing = RwSignal::new(None::<Editing>);
    let lay = StoredValue::new_local(None::<NetLayout>);
    let layout_sig = RwSignal::new(None::<NetLayout>);
    let atlas = StoredValue::new_local(
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok()),
    );
    let lut = StoredValue::new_local(Lut::default());
    let buf = StoredValue::new_local(Vec::<u8>::new());

    // The lines are stroked on their own canvas, under the tiles' canvas, and
    // only when one of them changed visibly, the hover moved or the canvas was
    // resized: stroking every line costs more than all the heatmaps together.
    let painted_lines = StoredValue::new_local((Lines::default(), 0.0));
    type TilesKey = (u64, Option<Hit>, NetLayout, (u32, u32), u64);
    let painted_tiles = StoredValue::new_local(None::<TilesKey>);
    Effect::new(move |_| {
        c.frame.track();
        let hv = hover.get().map(|(h, _, _)| h);
        let (Some(cv), Some(lines_cv)) = (node.get(), lines_node.get()) else { return };
        let Some(atlas_cv) = atlas.with_value(|a| a.clone()) else { return };
        let new_lay = c.with_session(|s| {
            let (w, h, ratio) = canvas::fit_to_css(&cv);
            let sizes = column_sizes(s);
            let lay = layout(&sizes, w as f64 / ratio, h as f64 / ratio, MAX_TILE);
            canvas::set_backing_size(&lines_cv, w, h);
            let lines = Lines::of(s.trainer.network(), &lay, hv, (w, h), canvas::presenter());
            // while training, lines restyle at most about 16 times a second (each restyle
            // strokes them all: `Lines::due`); a new shape, size or hover, or a pause, repaints at once
            let now = crate::ui::anim::now_ms();
            let due = painted_lines.with_value(|(p, at)| p.due(&lines, c.playing.get_untracked(), now - at));
            if due {
                lines.paint(&lines_cv, ratio);
                painted_lines.set_value((lines, now));
            }
            // the tiles only when their grids were recomputed (not every frame on a slow device), or the picture moved
            let key = (s.grids.version(GridKind::Neurons), hv, lay.clone(), (w, h), ratio.to_bits());
            if painted_tiles.with_value(|k| k.as_ref() != Some(&key)) {
                let tiles = Tiles { lay: &lay, sizes: &sizes, hover: hv, grid: GRID, tile: |c, j| tile_values(s, c, j) };
                lut.with_value(|lut| buf.try_update_value(|b| paint_tiles(&cv, &atlas_cv, &tiles, ((w, h), ratio), lut, b)));
                painted_tiles.set_value(Some(key));
            }
            lay
        });
        if layout_sig.with_untracked(|l| *l != new_lay) {
            layout_sig.set(new_lay.clone());
        }
        lay.set_value(new_lay);
    });

    // the backprop stepper's error signals, flowing backwards along the lines
    // (their own canvas between the lines and the tiles, animated only while shown)
    let flow_node = NodeRef::<Canvas>::new();
    let flow_loop = StoredValue::new_local(None::<crate::ui::anim::FrameLoop>);
    // (restarted only when the δs appear or go, not each time they change: the loop reads them)
    let flow_on = Memo::new(move |_| c.flow.with(|f| f.is_some()));
    Effect::new(move |_| {
        let on = flow_on.get();
        if let Some(l) = flow_loop.try_update_value(|l| l.take()).flatten() {
            l.stop();
        }
        let Some(cv) = flow_node.get() else { return };
        if !on {
            // hidden (display: none) while there is nothing to show: no stale pixels, no size to keep
            canvas::set_backing_size(&cv, 1, 1);
            return;
        }
        // less motion asked for: the flow stands still, every δ shown
        let still = crate::ui::anim::reduced_motion();
        let l = crate::ui::anim::start(move |now| {
            let Some(lay) = lay.try_with_value(|l| l.clone()).flatten() else { return };
            let (w, h, ratio) = canvas::fit_to_css(&cv);
            c.flow.with_untracked(|f| {
                let Some(deltas) = f else { return };
                c.with_session(|s| {
                    let net = s.trainer.network();
                    let now = if still { flow_still_ms(net.layers.len().min(deltas.len())) } else { now };
                    paint_flow(&cv, &lay, net, deltas, now, ((w, h), ratio))
                });
            });
        });
        flow_loop.set_value(Some(l));
    });
    on_cleanup(move || {
        if let Some(l) = flow_loop.try_update_value(|l| l.take()).flatten() {
            l.stop();
        }
    });

    // A finger is wider than a mouse: a touch finds a weight within 12 px (a 24 px
    // target), a mouse within 4; a tap shows what hovering shows, then edits.
    let slack = StoredValue::new(MOUSE_SLACK);
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let (x, y) = pointer_xy(&ev);
        let hit = lay.with_value(|l| l.as_ref().and_then(|l| l.hit(x, y, slack.get_value())));
        hover.set(hit.map(|h| (h, x, y)));
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        slack.set_value(if ev.pointer_type() == "mouse" { MOUSE_SLACK } else { TOUCH_SLACK });
        on_move(ev);
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let (x, y) = pointer_xy(&ev);
        let hit = lay.with_value(|l| l.as_ref().and_then(|l| l.hit(x, y, slack.get_value())));
        editing.set(match hit {
            Some(Hit::Neuron { column: 0, .. }) | None => None,
            Some(h) => Some(Editing { hit: h, x, y }),
        });
    };

    // the keyboard (issue 27): the arrows move a focus over neurons and weights (shown as the
    // hover shows it: ringed, with its tooltip, and said in the live region), Enter edits it
    let key_at = StoredValue::new(None::<Hit>);
    let from_keys = StoredValue::new(false);
    let show_key = move |hit: Hit| {
        let at = lay.with_value(|l| l.as_ref().and_then(|l| crate::ui::keyboard::hit_centre(l, hit)));
        if let Some((x, y)) = at {
            hover.set(Some((hit, x, y)));
            if let Some(words) = c.with_session(|s| describe(s, hit).replace("click", "Enter")) {
                crate::ui::announce::say(words);
            }
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let sizes = lay.with_value(|l| l.as_ref().map(|l| l.columns.iter().map(|c| c.ys.len()).collect::<Vec<_>>())).unwrap_or_default();
        let key = ev.key();
        let at = key_at.get_value();
        let next = if key == "Enter" || key == " " {
            if let Some(h @ (Hit::Weight { .. } | Hit::Neuron { column: 1.., .. })) = at {
                let (x, y) = lay.with_value(|l| l.as_ref().and_then(|l| crate::ui::keyboard::hit_centre(l, h))).unwrap_or_default();
                from_keys.set_value(true);
                editing.set(Some(Editing { hit: h, x, y }));
                crate::ui::keyboard::focus_later("[data-testid=value-editor-input]".into());
            }
            at
        } else {
            match crate::ui::keyboard::network_step(&sizes, at, &key) {
                Some(h) => Some(h),
                None => return,
            }
        };
        ev.prevent_default();
        ev.stop_propagation();
        if let Some(h) = next {
            key_at.set_value(Some(h));
            show_key(h);
        }
    };

    let tooltip = move || {
        c.slow_frame.track();
        let (h, x, y) = hover.get()?;
        let text = c.with_session(|s| describe(s, h))?;
        Some((text, x, y))
    };

    let n_hidden = move || c.settings.with(|s| s.cfg.hidden.len());
    let param_text = move || {
        c.slow_frame.track();
        c.with_session(|s| crate::ui::words::params(&s.trainer.param_count())).unwrap_or_default()
    };

    view! {
        <div class="network-head">
            <h2>{t("Network")}</h2>
            <div class="layer-buttons">
                <button class="round small" data-testid="remove-layer" title=t("Remove a hidden layer") aria-label=t("Remove a hidden layer")
                    disabled={move || n_hidden() == 0}
                    on:click=move |_| c.settings.update(|s| { s.cfg.hidden.pop(); s.cfg.tidy_layer_options(); })>"−"</button>
                <span data-testid="layer-count">{move || crate::ui::i18n::plural(n_hidden(), "{n} hidden layer", "{n} hidden layers")}</span>
                <button class="round small" data-testid="add-layer" title=t("Add a hidden layer") aria-label=t("Add a hidden layer")
                    disabled={move || n_hidden() >= HIDDEN_LAYERS.1}
                    on:click=move |_| c.settings.update(|s| {
                        // a first hidden layer gets 4 neurons: with the default seed it solves
                        // XOR (2 cannot separate the quadrants: ~85 % at best); later ones copy the last
                        let activation = s.cfg.hidden.last().map(|h| h.activation).unwrap_or(Activation::Tanh);
                        let neurons = s.cfg.hidden.last().map_or(4, |h| h.neurons);
                        s.cfg.hidden.push(HiddenLayer { neurons, activation });
                    })>"+"</button>
            </div>
            <span class="param-count" data-testid="param-count">{param_text}</span>
        </div>
        <div class="network-stage" node_ref=wrap>
            <LayerHeaders layout=layout_sig />
            <div class="network-canvases">
                <canvas node_ref=lines_node class="network-lines" aria-hidden="true"></canvas>
                <canvas node_ref=flow_node class="network-lines" data-testid="network-flow" aria-hidden="true"
                    style:display=move || if flow_on.get() { "" } else { "none" }></canvas>
                <canvas node_ref=node class="network-canvas" data-testid="network-canvas" role="img"
                    aria-label=crate::ui::i18n::t("The network: one column per layer, each neuron a heatmap of its output over the input square, each weight a line whose width is its size and colour its sign; tap or hover for values, click or tap to edit; \
                        with the keyboard, the arrows move between neurons and weights and Enter edits the one chosen")
                    tabindex="0"
                    on:keydown=on_key
                    on:focus=move |_| {
                        // from the keyboard only: a click focuses the picture too, and its hover stays
                        if node.get_untracked().is_some_and(|cv| cv.matches(":focus-visible").unwrap_or(false)) {
                            show_key(key_at.get_value().unwrap_or(Hit::Neuron { column: 0, index: 0 }))
                        }
                    }
                    on:blur=move |_| if editing.try_get_untracked().is_some_and(|e| e.is_none()) { hover.try_set(None); }
                    on:pointerdown=on_down on:pointermove=on_move on:pointerleave=move |ev| if ev.pointer_type() == "mouse" { hover.try_set(None); } on:click=on_click></canvas>
            </div>
            {move || tooltip().map(|(text, x, y)| view! {
                <div class="tooltip" data-testid="network-tooltip" style=format!("left:{}px;top:{}px", x + 14.0, y + 10.0)>{text}</div>
            })}
            {move || editing.get().map(|e| view! { <ValueEditor editing=e on_close=Callback::new(move |_| {
                editing.set(None);
                // opened by the keyboard: the focus goes back to the picture, on the same weight
                if from_keys.get_value() {
                    from_keys.set_value(false);
                    crate::ui::keyboard::focus_later("[data-testid=network-canvas]".into());
                }
            }) /> })}
        </div>
        <Legend />
        <super::as_text::NetworkAsText />
    }
}

/// Per hidden layer: − / + neuron buttons, the count, and an activation override,
/// positioned over that layer's column.
#[component]
fn LayerHeaders(
    /// The diagram's current layout (for the columns' x positions).
    layout: RwSignal<Option<NetLayout>>,
) -> impl IntoView {
    let c = ctx();
    let acts: Vec<Activation> = Activation::all().to_vec();
    let acts = StoredValue::new(acts);
    move || {
        let Some(lay) = layout.get() else { return ().into_any() };
        let (hidden, options, fits) = c.settings.with(|s| {
            let n = s.cfg.hidden.len();
            (
                s.cfg.hidden.clone(),
                (0..n).map(|i| s.cfg.layer_option(i)).collect::<Vec<_>>(),
                (0..n).map(|i| s.cfg.skip_fits(i)).collect::<Vec<_>>(),
            )
        });
        let tile = lay.tile;
        hidden
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let col = lay.columns.get(i + 1)?;
                let left = col.x + tile / 2.0;
                let n = h.neurons;
                let act = h.activation;
                let opt = options[i];
                let fits = fits[i];
                Some(view! {
                    <div class="layer-head" style=format!("left:{left}px")>
                        <div class="neuron-buttons">
                            <button class="mini" data-testid=format!("remove-neuron-{i}") aria-label=t("Remove a neuron") disabled={n <= 1}
                                on:click=move |_| c.settings.update(|s| if let Some(h) = s.cfg.hidden.get_mut(i) { h.neurons = h.neurons.saturating_sub(1).max(1); s.cfg.tidy_layer_options(); })>"−"</button>
                            <button class="mini" data-testid=format!("add-neuron-{i}") aria-label=t("Add a neuron") disabled={n >= NEURONS.1}
                                on:click=move |_| c.settings.update(|s| if let Some(h) = s.cfg.hidden.get_mut(i) { h.neurons = (h.neurons + 1).min(NEURONS.1); s.cfg.tidy_layer_options(); })>"+"</button>
                        </div>
                        <div class="layer-label">{crate::ui::i18n::plural(n, "{n} neuron", "{n} neurons")}</div>
                        <select class="layer-act" data-testid=format!("layer-activation-{i}") title=t("Activation of this layer")
                            on:change=move |ev| {
                                let k: Option<usize> = event_value(&ev).parse().ok();
                                if let Some(a) = k.and_then(|k| acts.with_value(|v| v.get(k).copied())) {
                                    c.settings.update(|s| if let Some(h) = s.cfg.hidden.get_mut(i) { h.activation = a });
                                }
                            }>
                            {acts.with_value(|v| v.iter().enumerate().map(|(k, a)| view! {
                                <option value=k.to_string() selected=*a == act>{t(a.name())}</option>
                            }).collect_view())}
                        </select>
                        <LayerOptionsControls i=i opt=opt fits=fits />
                    </div>
                })
            })
            .collect_view()
            .into_any()
    }
}

/// A hidden layer's normalization (none / batch / layer) and, when it has as
/// many inputs as neurons, its skip connection.
#[component]
fn LayerOptionsControls(i: usize, opt: LayerOptions, fits: bool) -> impl IntoView {
    let c = ctx();
    let set = move |f: &dyn Fn(&mut LayerOptions)| {
        c.settings.update(|s| {
            let mut o = s.cfg.layer_option(i);
            f(&mut o);
            s.cfg.set_layer_option(i, o);
        })
    };
    view! {
        <select class="layer-norm" data-testid=format!("layer-norm-{i}") title=t("Normalization of this layer's weighted sums, before the activation")
            aria-label=crate::ui::i18n::fill(t("Normalization of hidden layer {n}"), &[("n", &(i + 1))])
            on:change=move |ev| {
                let v = event_value(&ev);
                if let Some(k) = NormKind::all().iter().copied().find(|k| norm_label(*k) == v) {
                    set(&|o| o.norm = k);
                }
            }>
            {NormKind::all().iter().map(|&k| view! { <option value=norm_label(k) selected=k == opt.norm>{norm_label(k)}</option> }).collect_view()}
        </select>
        {fits.then(|| view! {
            <label class="layer-skip" title=t("Skip connection: add this layer's input to its output (the layer learns a correction to its input)")>
                <input type="checkbox" data-testid=format!("layer-skip-{i}") prop:checked=opt.skip
                    on:change=move |ev| { let on = event_target_checked(&ev); set(&|o| o.skip = on); } />
                {crate::ui::i18n::t("skip")}
            </label>
        })}
    }
}

/// The normalization choice as the layer header lists it.
fn norm_label(k: NormKind) -> &'static str {
    match k {
        NormKind::None => t("no norm"),
        NormKind::Batch => t("batch norm"),
        NormKind::Layer => t("layer norm"),
    }
}

/// Types a new weight or bias; Enter applies it at once, Escape closes.
#[component]
fn ValueEditor(
    /// What is edited and where the click was.
    editing: Editing,
    /// Called to close the editor.
    on_close: Callback<()>,
) -> impl IntoView {
    let c = ctx();
    let (name, current) = c.with_session(|s| (name_of(s, editing.hit), value_of(s, editing.hit))).unwrap_or_default();
    let what = match editing.hit {
        Hit::Weight { .. } => "weight",
        Hit::Neuron { .. } => "bias",
    };
    let error = RwSignal::new(None::<String>);
    let apply = move |text: String| {
        let Ok(v) = text.trim().parse::<f64>() else {
            error.set(Some(format!("“{text}” is not a number; the {what} keeps {}.", number(current, 4))));
            return;
        };
        if !v.is_finite() || v.abs() > 1e6 {
            error.set(Some(format!("Enter a number between -1000000 and 1000000; the {what} keeps {}.", number(current, 4))));
            return;
        }
        let mut res = Ok(());
        c.update_session(|s| {
            res = match editing.hit {
                Hit::Weight { layer, from, to } => s.trainer.set_weight(layer, from, to, v),
                Hit::Neuron { column, index } => s.trainer.set_bias(column - 1, index, v),
            };
            s.invalidate_grids();
        });
        match res {
            Ok(()) => on_close.run(()),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <div class="editor" data-testid="value-editor" style=format!("left:{}px;top:{}px", editing.x + 8.0, editing.y + 8.0)>
            <div class="editor-name" data-testid="value-editor-name">{name}</div>
            <label>{format!("New {what}: ")}
                <input type="text" inputmode="decimal" data-testid="value-editor-input" value=format!("{current:.4}") autofocus
                    on:keydown=move |ev| {
                        // no keypress after it (WebKit would press whatever has the focus by then)
                        if ev.key() == "Enter" { ev.prevent_default(); apply(event_value(&ev)) }
                        else if ev.key() == "Escape" { on_close.run(()) }
                    } />
            </label>
            <button class="link" on:click=move |_| on_close.run(())>{t("Close")}</button>
            {move || error.get().map(|e| view! { <div class="editor-error">{e}</div> })}
        </div>
    }
}

/// The colour scale legend (shared by every heatmap and weight).
#[component]
pub fn Legend() -> impl IntoView {
    view! {
        <div class="legend" data-testid="legend">
            <span>{t("negative")}</span>
            <span class="legend-bar" style=format!("background: linear-gradient(to right, {}, #f7f7f7, {})", css(NEG), css(POS))></span>
            <span>{t("positive")}</span>
            <span class="legend-note">{t("Colours: a neuron's output, a weight's sign (line width: its size), a point's class.")}</span>
        </div>
    }
}
