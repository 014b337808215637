//! The forward-pass inspector: for one point (clicked on the output, or typed),
//! every neuron's weighted sum written out as arithmetic
//! ("0.3 × 0.5 + 0.8 × 0.7 + 0 = 0.71", then "ReLU(0.71) = 0.71"), layer by
//! layer, up to the prediction and the loss for that point. Numbers are
//! rounded for reading; each shows its full value on hover (its title).
//! Weights and biases can be changed right here (click one). It reads
//! `Trainer::forward_trace_point` at most ten times a second while training,
//! and only while open.

use crate::ui::i18n::t;
use leptos::prelude::*;

use crate::engine::dense::norm::{LayerOptions, NormKind};

use crate::engine::data::Point;
use crate::engine::dense::views::ForwardTrace;
use crate::engine::math::activation::{Activation, LayerActivation};
use crate::engine::math::loss::Loss;
use crate::ui::words::number_shown as number;

use super::controls::event_value;
use super::ctx;

/// A factor of a product: negative ones in parentheses.
fn factor(v: f64) -> String {
    let s = number(v, 2);
    if s.starts_with('−') {
        format!("({s})")
    } else {
        s
    }
}

/// "0.3 × 0.5 + 0.8 × 0.7 + 0 = 0.71": weights × inputs, plus the bias, equals z.
pub fn sum_text(weights: &[f64], inputs: &[f64], bias: f64, z: f64) -> String {
    let mut parts: Vec<String> = weights.iter().zip(inputs).map(|(w, x)| format!("{} × {}", factor(*w), factor(*x))).collect();
    parts.push(factor(bias));
    format!("{} = {}", parts.join(" + "), number(z, 2))
}

/// "ReLU(0.71) = 0.71" (a softmax layer: "softmax(…)₂ = 0.4").
pub fn activation_text(act: LayerActivation, z: f64, a: f64, neuron: usize) -> String {
    match act {
        LayerActivation::Elementwise(Activation::Identity) => format!("linear: a = z = {}", number(a, 2)),
        LayerActivation::Elementwise(f) => format!("{}({}) = {}", f.name(), number(z, 2), number(a, 2)),
        LayerActivation::Softmax => format!("softmax(z)_{} = {}", neuron + 1, number(a, 2)),
    }
}

/// The loss of one example, written out (MSE: "½·(0.61 − 1)² = 0.076").
pub fn loss_text(loss: Loss, prediction: &[f64], target: &[f64], value: f64) -> String {
    let terms = |f: &dyn Fn(f64, f64) -> String| prediction.iter().zip(target).map(|(a, y)| f(*a, *y)).collect::<Vec<_>>().join(" + ");
    match loss {
        Loss::Mse => format!("loss = ½·[{}] = {}", terms(&|a, y| format!("({} − {})²", number(a, 2), factor(y))), number(value, 2)),
        Loss::Mae => format!("loss = {} = {}", terms(&|a, y| format!("|{} − {}|", number(a, 2), factor(y))), number(value, 2)),
        Loss::CrossEntropy => format!("loss (cross-entropy) = {}", number(value, 2)),
    }
}

/// A rounded number that shows its full value on hover.
fn num(v: f64) -> impl IntoView {
    view! { <span class="n" title=format!("{v}")>{number(v, 2)}</span> }
}

/// What an edit changes.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Param {
    Weight { layer: usize, from: usize, to: usize },
    Bias { layer: usize, neuron: usize },
}

/// The test id of a weight's or bias's button (the editor gives the focus back to it).
fn param_testid(p: Param) -> String {
    match p {
        Param::Weight { layer, from, to } => format!("insp-w-{layer}-{to}-{from}"),
        Param::Bias { layer, neuron } => format!("insp-b-{layer}-{neuron}"),
    }
}

/// Closes the weight editor and gives the focus back to the number it edited.
fn close_editor(editing: RwSignal<Option<(Param, f64)>>) {
    if let Some((p, _)) = editing.get_untracked() {
        crate::ui::keyboard::focus_later(format!("[data-testid=\"{}\"]", param_testid(p)));
    }
    editing.set(None);
}

/// A weight or bias in the arithmetic: rounded, full on hover, click to change.
fn param_button(p: Param, v: f64, editing: RwSignal<Option<(Param, f64)>>) -> impl IntoView {
    let testid = param_testid(p);
    view! {
        <button class="n edit" data-testid=testid title=crate::ui::i18n::fill(crate::ui::i18n::t("{v} (click to change)"), &[("v", &crate::ui::words::num(&v.to_string()))]) on:click=move |_| editing.set(Some((p, v)))>
            {factor(v)}
        </button>
    }
}

/// One neuron's two lines of arithmetic.
fn neuron_rows(
    trace: &ForwardTrace,
    acts: &[LayerActivation],
    opts: &[LayerOptions],
    editing: RwSignal<Option<(Param, f64)>>,
) -> impl IntoView {
    let last = trace.layers.len() - 1;
    trace
        .layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let act = acts[l];
            let opt = opts.get(l).copied().unwrap_or_default();
            let name = if l == last { crate::ui::i18n::t("Output").to_string() } else { crate::ui::i18n::fill(crate::ui::i18n::t("Hidden layer {n}"), &[("n", &(l + 1))]) };
            let name = match (opt.norm, opt.skip) {
                (NormKind::None, false) => name,
                (NormKind::None, true) => format!("{name}, skip connection"),
                (k, false) => format!("{name}, {}", k.name()),
                (k, true) => format!("{name}, {} and skip connection", k.name()),
            };
            let rows = layer
                .iter()
                .enumerate()
                .map(|(j, n)| {
                    let who = if l == last { format!("out{}", if layer.len() > 1 { format!("{}", j + 1) } else { String::new() }) } else { format!("h{}", j + 1) };
                    let mut sum = Vec::new();
                    for (i, (w, x)) in n.weights.iter().zip(&n.inputs).enumerate() {
                        if i > 0 {
                            sum.push(view! { <span class="op">" + "</span> }.into_any());
                        }
                        sum.push(param_button(Param::Weight { layer: l, from: i, to: j }, *w, editing).into_any());
                        sum.push(view! { <span class="op">" × "</span> }.into_any());
                        sum.push(num(*x).into_any());
                    }
                    sum.push(view! { <span class="op">" + "</span> }.into_any());
                    sum.push(param_button(Param::Bias { layer: l, neuron: j }, n.bias, editing).into_any());
                    sum.push(view! { <span class="op">" = "</span> }.into_any());
                    // a normalized layer's trace holds y (the activation's input); the sum itself is recomputed here
                    let z = if opt.norm == NormKind::None { n.z } else { n.bias + n.weights.iter().zip(&n.inputs).map(|(w, x)| w * x).sum::<f64>() };
                    sum.push(num(z).into_any());
                    let text = sum_text(&n.weights, &n.inputs, n.bias, z);
                    let act_text = option_text(act, opt, n.z, n.a, n.inputs.get(j).copied(), j);
                    view! {
                        <div class="insp-neuron">
                            <span class="insp-who">{who}</span>
                            <span class="insp-sum" data-testid=format!("insp-sum-{l}-{j}") aria-label=text data-z=format!("{z}")>"z = "{sum}</span>
                            <span class="insp-act" data-testid=format!("insp-act-{l}-{j}") title=format!("{}", n.a) data-a=format!("{}", n.a)>
                                {act_text}
                            </span>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <div class="insp-layer">
                    <div class="insp-layer-name">{format!("{name} ({})", act.name())}</div>
                    {rows}
                </div>
            }
        })
        .collect_view()
}

/// The activation line of a neuron whose layer may normalize (`y` is the
/// normalized sum the activation takes) and may skip (`x` is the input added).
/// The normalization's own arithmetic (mean, variance, γ, β) is named, not shown.
fn option_text(act: LayerActivation, opt: LayerOptions, y: f64, a: f64, x: Option<f64>, neuron: usize) -> String {
    let norm = match opt.norm {
        NormKind::None => String::new(),
        NormKind::Batch => format!("batch norm (running mean and variance, learnt γ, β; steps not shown): y = {} → ", number(y, 2)),
        NormKind::Layer => format!("layer norm (this example's mean and variance, learnt γ, β; steps not shown): y = {} → ", number(y, 2)),
    };
    match (opt.skip, x) {
        (true, Some(x)) => {
            let fy = a - x;
            let f = match act {
                LayerActivation::Elementwise(f) => f.name(),
                LayerActivation::Softmax => "softmax",
            };
            let arg = if opt.norm == NormKind::None { "z" } else { "y" };
            format!("{norm}{f}({arg}) + skip input {} = {} + {} = {}", neuron + 1, number(fy, 2), number(x, 2), number(a, 2))
        }
        _ if opt.norm != NormKind::None => {
            format!("{norm}{}", activation_text(act, y, a, neuron).replace("linear: a = z", "linear: a = y"))
        }
        _ => activation_text(act, y, a, neuron),
    }
}

/// The example at `(x1, x2)`: a data point there keeps its label (true says
/// it is one); any other spot takes the first training point's label, so
/// that a loss can still be shown.
pub fn example_at(d: &crate::engine::data::Dataset, x1: f64, x2: f64) -> (Point, bool) {
    let near = d.train.iter().chain(&d.test).find(|p| (p.x1 - x1).abs() < 1e-9 && (p.x2 - x2).abs() < 1e-9).copied();
    let label = near.or(d.train.first().copied()).map(|p| p.label).unwrap_or(0.0);
    (Point { x1, x2, label }, near.is_some())
}

/// The inspector panel (closed by default; it computes nothing while closed).
#[component]
pub fn Inspector() -> impl IntoView {
    let c = ctx();
    let editing = RwSignal::new(None::<(Param, f64)>);
    let edit_error = RwSignal::new(None::<String>);
    // while training, the arithmetic is rewritten every fourth slow frame (2.5 times a
    // second: readable, and its many text nodes cost the big case ~15 frames/s at 10 Hz);
    // when paused, at every change
    let tick = Trigger::new();
    let slow_frames = StoredValue::new(0u32);
    Effect::new(move |_| {
        c.slow_frame.track();
        let n = slow_frames.get_value().wrapping_add(1);
        slow_frames.set_value(n);
        if !c.playing.get_untracked() || n.is_multiple_of(4) {
            tick.notify();
        }
    });
    let trace = move || {
        if !c.inspector_open.get() {
            return None;
        }
        tick.track();
        let (x1, x2) = c.inspect.get();
        c.with_session(|s| {
            let t = &s.trainer;
            let (p, is_point) = example_at(t.dataset(), x1, x2);
            let acts = t.config().layer_activations();
            let opts: Vec<LayerOptions> = (0..t.config().hidden.len()).map(|i| t.config().layer_option(i)).collect();
            (t.forward_trace_point(p), acts, opts, is_point, t.config().loss)
        })
    };
    let apply = move |text: String| {
        let Some((p, _)) = editing.get_untracked() else { return };
        let Ok(v) = text.trim().replace('−', "-").parse::<f64>() else {
            edit_error.set(Some(format!("“{text}” is not a number; the old value is kept.")));
            return;
        };
        let mut res = Ok(());
        c.update_session(|s| {
            res = match p {
                Param::Weight { layer, from, to } => s.trainer.set_weight(layer, from, to, v),
                Param::Bias { layer, neuron } => s.trainer.set_bias(layer, neuron, v),
            };
            s.invalidate_grids();
        });
        match res {
            Ok(()) => {
                close_editor(editing);
                edit_error.set(None);
            }
            Err(e) => edit_error.set(Some(e.to_string())),
        }
    };
    let coord_input = move |label: &'static str, testid: &'static str, pick: fn((f64, f64)) -> f64, put: fn(&mut (f64, f64), f64)| {
        view! {
            <label class="field inline">
                <span>{label}</span>
                <input type="text" inputmode="decimal" class="num" data-testid=testid aria-label=crate::ui::i18n::fill(crate::ui::i18n::t("inspected point {label}"), &[("label", &label)])
                    prop:value=move || format!("{}", pick(c.inspect.get()))
                    on:change=move |ev| {
                        match event_value(&ev).trim().replace('−', "-").parse::<f64>() {
                            Ok(v) if v.is_finite() && v.abs() <= 1e6 => c.inspect.update(|p| put(p, v)),
                            _ => c.notice.set(Some(format!("The inspector's {label} must be a number; the old value is kept."))),
                        }
                    } />
            </label>
        }
    };
    view! {
        <details class="panel inspector" data-testid="inspector" prop:open=move || c.inspector_open.get()
            on:toggle=move |ev| {
                let open = ev.target().and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok()).and_then(|v| v.as_bool());
                if let Some(open) = open {
                    if open != c.inspector_open.get_untracked() {
                        c.inspector_open.set(open);
                    }
                }
            }>
            <summary>{t("The numbers behind each neuron (forward pass): click a point on the output, or type x₁ and x₂")}</summary>
            <div class="insp-point">
                {coord_input("x₁", "inspector-x1", |p| p.0, |p, v| p.0 = v)}
                {coord_input("x₂", "inspector-x2", |p| p.1, |p, v| p.1 = v)}
                <span class="hint">{t("Rounded for reading: hover a number for its full value; click a weight or bias to change it.")}</span>
            </div>
            {move || editing.get().map(|(p, v)| {
                let what = match p {
                    Param::Weight { layer, from, to } => format!("Weight from input {} into neuron {} of layer {}", from + 1, to + 1, layer + 1),
                    Param::Bias { layer, neuron } => format!("Bias of neuron {} of layer {}", neuron + 1, layer + 1),
                };
                // the editor takes the focus as it opens (autofocus works only as a page loads)
                let input = NodeRef::<leptos::html::Input>::new();
                Effect::new(move |_| {
                    if let Some(el) = input.get() {
                        let _ = el.focus();
                        el.select();
                    }
                });
                view! {
                    <div class="insp-editor">
                        <span>{what.clone()}": "</span>
                        <input type="text" inputmode="decimal" data-testid="insp-edit-input" value=format!("{v}") autofocus aria-label=what node_ref=input
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" {
                                    // no keypress to follow: WebKit clicks a focused button on
                                    // Enter's keypress, and the focus goes back to the number's
                                    // button, which would open this editor again
                                    ev.prevent_default();
                                    apply(event_value(&ev.into()));
                                } else if ev.key() == "Escape" {
                                    close_editor(editing);
                                }
                            } />
                        <button class="link" on:click=move |_| close_editor(editing)>{t("Cancel")}</button>
                        {move || edit_error.get().map(|e| view! { <span class="editor-error">{e}</span> })}
                    </div>
                }
            })}
            {move || trace().map(|(tr, acts, opts, is_point, loss)| {
                let last = tr.layers.len() - 1;
                let pred: Vec<f64> = tr.layers[last].iter().map(|n| n.a).collect();
                let lt = loss_text(loss, &pred, &tr.target, tr.loss);
                let inputs = tr.features.iter().map(|v| number(*v, 2)).collect::<Vec<_>>().join(", ");
                view! {
                    <div class="insp-inputs">{crate::ui::i18n::fill(crate::ui::i18n::t("Inputs (features): {inputs}"), &[("inputs", &inputs)])}</div>
                    {neuron_rows(&tr, &acts, &opts, editing)}
                    <div class="insp-loss" data-testid="insp-loss" title=format!("{}", tr.loss)>
                        {if is_point {
                            format!("Prediction {} · target {} · {lt}", pred.iter().map(|v| number(*v, 2)).collect::<Vec<_>>().join(", "),
                                tr.target.iter().map(|v| number(*v, 2)).collect::<Vec<_>>().join(", "))
                        } else {
                            format!("Prediction {} (not a data point: the loss uses the first point's label: {lt})",
                                pred.iter().map(|v| number(*v, 2)).collect::<Vec<_>>().join(", "))
                        }}
                    </div>
                }
            })}
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_arithmetic_reads_as_written() {
        let (w, x, b) = ([0.3, 0.8], [0.5, 0.7], 0.0);
        let z: f64 = 0.3 * 0.5 + 0.8 * 0.7 + 0.0;
        assert_eq!(sum_text(&w, &x, b, z), "0.3 × 0.5 + 0.8 × 0.7 + 0 = 0.71");
        assert_eq!(activation_text(Activation::Relu.into(), z, z.max(0.0), 0), "ReLU(0.71) = 0.71");
    }

    #[test]
    fn sums_round_their_numbers_and_write_huge_ones_short() {
        assert_eq!(sum_text(&[-0.25], &[2.0], -1.0, -1.5), "(−0.25) × 2 + (−1) = −1.5");
        assert_eq!(loss_text(Loss::Mse, &[0.6], &[1.0], 0.08), "loss = ½·[(0.6 − 1)²] = 0.08");
        assert_eq!(sum_text(&[2.4e30, -0.004], &[1.0, 1.0], 0.0, 2.4e30), "2.4e30 × 1 + (−4e−3) × 1 + 0 = 2.4e30");
        assert_eq!(activation_text(Activation::Tanh.into(), f64::NAN, f64::NAN, 0), "tanh(overflowed) = overflowed");
    }
}
