//! The playground's pictures as data (issue 27 item 3), read from the session by
//! [`crate::ui::described::AsText`] only while open, once a second: the network as
//! tables (one per layer: each neuron's bias, incoming weights and output range, its
//! activation in the caption), the output as a sentence, the loss chart's last values.

use leptos::prelude::*;

use crate::engine::data::Task;
use crate::render::describe::{output_words, CLASS_WORDS};
use crate::ui::described::{history_words, AsText, Described, TextTable};
use crate::ui::words;
use crate::ui::words::number_shown as number;

use super::ctx;
use super::output_view::output_scale;
use super::session::{Session, OUTPUT_GRID};

/// "hidden layer 2", "output layer".
fn layer_words(l: usize, n_layers: usize) -> String {
    if l + 1 == n_layers {
        crate::ui::i18n::t("Output layer").into()
    } else {
        crate::ui::i18n::fill(crate::ui::i18n::t("Hidden layer {n}"), &[("n", &(l + 1))])
    }
}

/// The network as tables: one per layer.
pub fn network_data(s: &Session) -> Described {
    let net = s.trainer.network();
    let feats = &s.trainer.config().features;
    let inputs: Vec<&str> = feats.iter().map(|f| f.name()).collect();
    let n_layers = net.layers.len();
    let tables = net
        .layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let from =
                |i: usize| if l == 0 { inputs.get(i).map(|s| s.to_string()).unwrap_or_default() } else { format!("neuron {}", i + 1) };
            let mut head = vec![crate::ui::i18n::t("Neuron").to_string(), crate::ui::i18n::t("Bias").to_string()];
            head.extend((0..layer.n_in()).map(|i| crate::ui::i18n::fill(crate::ui::i18n::t("Weight from {src}"), &[("src", &from(i))])));
            head.push(crate::ui::i18n::t("Output over the square").into());
            let rows = (0..layer.n_out())
                .map(|j| {
                    let mut row = vec![
                        crate::ui::i18n::fill(crate::ui::i18n::t("Neuron {n}"), &[("n", &(j + 1))]),
                        number(f64::from(layer.biases[j]), 3),
                    ];
                    row.extend((0..layer.n_in()).map(|i| number(f64::from(layer.weights[[i, j]]), 3)));
                    let vals = s.grids.neuron(l, j);
                    let (lo, hi) =
                        vals.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(f64::from(v)), b.max(f64::from(v))));
                    row.push(if lo <= hi { format!("{} to {}", number(lo, 2), number(hi, 2)) } else { "–".into() });
                    row
                })
                .collect();
            let n = layer.n_out();
            TextTable {
                caption: crate::ui::i18n::fill(
                    if n == 1 {
                        crate::ui::i18n::t("{layer}: {n} neuron, {act} activation")
                    } else {
                        crate::ui::i18n::t("{layer}: {n} neurons, {act} activation")
                    },
                    &[("layer", &layer_words(l, n_layers)), ("n", &n), ("act", &crate::ui::i18n::t(layer.activation.name()))],
                ),
                head,
                rows,
            }
        })
        .collect();
    let line = if n_layers == 1 {
        crate::ui::i18n::t("Inputs: {inputs}. {n} layer of weights, {params}. Each table: a layer's neurons, each with its bias, the weights of its inputs, and the range of its output over the input square.")
    } else {
        crate::ui::i18n::t("Inputs: {inputs}. {n} layers of weights, {params}. Each table: a layer's neurons, each with its bias, the weights of its inputs, and the range of its output over the input square.")
    };
    let text = crate::ui::i18n::fill(
        line,
        &[("inputs", &inputs.join(", ")), ("n", &n_layers), ("params", &crate::ui::words::params(&s.trainer.param_count()))],
    );
    Described { text, tables }
}

/// The class shown at cell `i` of the output grid: the highest output; one output: above
/// or below the middle of its activation's range (regression: its sign).
fn class_at(s: &Session, i: usize) -> usize {
    let net = s.trainer.network();
    let n_out = net.n_outputs();
    if n_out >= 2 {
        return (0..n_out).fold(0, |best, k| if s.grids.output(k).get(i) > s.grids.output(best).get(i) { k } else { best });
    }
    let centre = output_scale(s).centre();
    usize::from(s.grids.output(0).get(i).is_some_and(|&v| f64::from(v) > centre))
}

/// The names of the classes (or signs) the output shows.
fn class_names(s: &Session) -> Vec<&'static str> {
    match s.trainer.dataset().task {
        Task::Regression => vec!["negative (orange)", "positive (blue)"],
        _ => CLASS_WORDS.iter().copied().take(s.trainer.network().n_outputs().max(2)).collect(),
    }
}

/// What the output shows at (x1, x2), for the keyboard's cursor: "x₁ 1.8, x₂ 0.6: blue."
pub fn point_words(s: &Session, x1: f64, x2: f64) -> String {
    let e = s.trainer.dataset().extent;
    let cell = |v: f64| (((v + e) / (2.0 * e) * OUTPUT_GRID as f64).floor().max(0.0) as usize).min(OUTPUT_GRID - 1);
    // row 0 is the top (x2 high)
    let i = cell(-x2) * OUTPUT_GRID + cell(x1);
    let names = class_names(s);
    format!("x₁ {}, x₂ {}: {}.", number(x1, 3), number(x2, 3), names.get(class_at(s, i)).copied().unwrap_or(""))
}

/// The output as a sentence: which class where, then the accuracy (the loss for regression).
pub fn output_data(s: &Session) -> Described {
    let task = s.trainer.dataset().task;
    let classes: Vec<usize> = (0..OUTPUT_GRID * OUTPUT_GRID).map(|i| class_at(s, i)).collect();
    let names = class_names(s);
    let mut text = output_words(&classes, OUTPUT_GRID, &names);
    if matches!(task, Task::Regression) {
        if let Some(first) = text.get(..1) {
            text = format!("Predictions: {}{}", first.to_lowercase(), &text[1..]);
        }
    }
    text += ".";
    text += " ";
    text += &words::progress(&s.trainer.last_stats());
    Described { text, tables: Vec::new() }
}

/// "The network as a table", below the network picture.
#[component]
pub fn NetworkAsText() -> impl IntoView {
    let c = ctx();
    let read = Callback::new(move |()| c.with_session(network_data).unwrap_or_default());
    view! { <AsText summary=crate::ui::i18n::t("The network as a table") testid="network-as-text" read=read /> }
}

/// "The output in words", below the output picture.
#[component]
pub fn OutputAsText() -> impl IntoView {
    let c = ctx();
    let read = Callback::new(move |()| c.with_session(output_data).unwrap_or_default());
    view! { <AsText summary=crate::ui::i18n::t("The output in words") testid="output-as-text" read=read /> }
}

/// "The chart's last values", below the loss chart.
#[component]
pub fn LossAsText() -> impl IntoView {
    let c = ctx();
    let read = Callback::new(move |()| c.with_session(|s| history_words(s.trainer.history())).unwrap_or_default());
    view! { <AsText summary=crate::ui::i18n::t("The chart's last values") testid="loss-as-text" read=read /> }
}
