//! The backprop stepper: for the inspector's point, one stage at a time —
//! forward pass → loss → the error signal δ of each neuron, output first,
//! flowing backwards → ∂L/∂w for each weight → the update
//! w − learning rate × gradient → the new loss for that example. One line of
//! explanation per stage. The numbers come from the engine's own traces
//! (`forward_trace_point`, `backward_trace_point`); "Apply" takes the real
//! training step on this example alone (the engine's `step_batch` on a
//! one-point batch), so the page can show that it moved every weight by
//! exactly the update shown. Each weight row carries its full-precision
//! numbers as data attributes.

use crate::ui::i18n::{fill, plural, t};
use leptos::prelude::*;

use crate::engine::dense::norm::NormKind;

use crate::engine::data::{CustomData, DataConfig, DataKind, Point};
use crate::engine::dense::config::TrainConfig;
use crate::engine::dense::network::Network;
use crate::engine::dense::trainer::Trainer;
use crate::engine::dense::views::{BackwardTrace, ForwardTrace};
use crate::engine::math::optimizer::OptimizerKind;
use crate::engine::math::real::Real;

use super::ctx;
use super::inspector::example_at;
use crate::ui::words::number_shown as number;

/// The stages, in order, with their one-line explanations.
pub const STAGES: [(&str, &str); 6] = [
    (
        crate::ui::i18n::mark("Forward pass"),
        crate::ui::i18n::mark("The inputs flow forward: each neuron adds up weight × input plus its bias, then applies its activation."),
    ),
    (
        crate::ui::i18n::mark("Loss"),
        crate::ui::i18n::mark("The loss measures how far the prediction is from the target for this one example."),
    ),
    (
        crate::ui::i18n::mark("Error signals δ, backwards"),
        crate::ui::i18n::mark(
            "δ = ∂L/∂z says how the loss changes with a neuron's sum. The output's comes from the loss; each hidden neuron's is \
         the δs after it, weighted by its outgoing weights, times the slope of its own activation. On the diagram, each dot carries \
         one share w × δ back along its line (size: how big; colour: its sign).",
        ),
    ),
    (
        crate::ui::i18n::mark("Gradients ∂L/∂w"),
        crate::ui::i18n::mark("A weight's gradient is the δ of the neuron it feeds times the input it carries: ∂L/∂w = δ × input."),
    ),
    (
        crate::ui::i18n::mark("Update"),
        crate::ui::i18n::mark("Each weight takes a step against its gradient: w ← w − learning rate × ∂L/∂w."),
    ),
    (
        crate::ui::i18n::mark("New loss"),
        crate::ui::i18n::mark("With the updated weights, the same example is passed forward again: its loss has gone down."),
    ),
];

/// The one-point training configuration for `p` with the page's setup (its
/// own optimizer state starts fresh; dropout off, as in the traces).
pub fn one_point_config(cfg: &TrainConfig, task: crate::engine::data::Task, p: Point) -> TrainConfig {
    TrainConfig {
        data: DataConfig {
            kind: DataKind::Custom,
            // unused by custom points, and in range as every configuration's is
            n_points: cfg.data.n_points,
            noise: 0.0,
            train_fraction: 1.0,
            seed: 1,
            custom: Some(CustomData { points: vec![p], task }),
        },
        batch_size: 1,
        dropout: 0.0,
        ..cfg.clone()
    }
}

/// The engine's real training step on `p` alone, from the network `net`:
/// the network after one `step_batch` of a one-point batch.
pub fn real_step<R: Real>(t: &Trainer<R>, p: Point) -> Result<Network<R>, String> {
    let cfg = one_point_config(t.config(), t.dataset().task, p);
    let mut one = Trainer::<R>::build_with(&cfg, t.network().clone()).map_err(|e| e.to_string())?;
    one.step_batch().map_err(|e| e.to_string())?;
    Ok(one.network().clone())
}

/// The loss of `p` after applying the trace's updates (on a copy of the trainer).
pub fn loss_after<R: Real>(t: &Trainer<R>, p: Point, back: &BackwardTrace) -> Option<f64> {
    let mut net = t.network().clone();
    for (layer, lb) in net.layers.iter_mut().zip(&back.layers) {
        for (w, u) in layer.weights.iter_mut().zip(lb.update_weights.iter()) {
            *w = R::of(w.f64() + u);
        }
        for (b, u) in layer.biases.iter_mut().zip(&lb.update_biases) {
            *b = R::of(b.f64() + u);
        }
    }
    let copy = Trainer::<R>::build_with(t.config(), net).ok()?;
    Some(copy.forward_trace_point(p).loss)
}

struct Traces {
    fwd: ForwardTrace,
    back: BackwardTrace,
    new_loss: Option<f64>,
    lr: f64,
    sgd: bool,
    names: Vec<Vec<String>>,
}

/// Neuron names per layer: x1.. for inputs (features), h1.. per hidden layer, out.
fn names(sizes: &[usize], features: &[String]) -> Vec<Vec<String>> {
    let n = sizes.len();
    sizes
        .iter()
        .enumerate()
        .map(|(l, &k)| {
            (0..k)
                .map(|j| {
                    if l == 0 {
                        features.get(j).cloned().unwrap_or_else(|| format!("x{}", j + 1))
                    } else if l + 1 == n {
                        if k > 1 {
                            format!("out{}", j + 1)
                        } else {
                            "out".into()
                        }
                    } else if n > 3 {
                        format!("h{l}.{}", j + 1)
                    } else {
                        format!("h{}", j + 1)
                    }
                })
                .collect()
        })
        .collect()
}

/// The stepper panel (closed by default; it computes nothing while closed).
#[component]
pub fn Backprop() -> impl IntoView {
    let c = ctx();
    let open = RwSignal::new(false);
    let stage = RwSignal::new(0usize);
    let message = RwSignal::new(None::<String>);
    let traces = move || {
        if !open.get() {
            return None;
        }
        c.slow_frame.track();
        let (x1, x2) = c.inspect.get();
        c.with_session(|s| {
            let t = &s.trainer;
            let (p, _) = example_at(t.dataset(), x1, x2);
            let back = t.backward_trace_point(p);
            let feats: Vec<String> = t.config().features.iter().map(|f| f.name().to_string()).collect();
            Traces {
                fwd: t.forward_trace_point(p),
                new_loss: loss_after(t, p, &back),
                back,
                lr: t.config().learning_rate,
                sgd: t.config().optimizer.kind == OptimizerKind::Sgd,
                names: names(&t.network().sizes(), &feats),
            }
        })
    };
    // the δ stage (and the gradients, δ × input) animate the error signals
    // flowing backwards along the diagram's lines
    Effect::new(move |_| {
        let flow = if matches!(stage.get(), 2 | 3) {
            traces().map(|t| t.back.layers.iter().map(|l| l.delta.clone()).collect::<Vec<_>>())
        } else {
            None
        };
        if c.flow.with_untracked(|f| *f != flow) {
            c.flow.set(flow);
        }
    });
    on_cleanup(move || {
        c.flow.try_set(None);
    });
    let apply = move |_| {
        let (x1, x2) = c.inspect.get_untracked();
        let mut result = Ok(());
        c.update_session(|s| {
            let (p, _) = example_at(s.trainer.dataset(), x1, x2);
            result = real_step(&s.trainer, p).and_then(|net| {
                for (l, layer) in net.layers.iter().enumerate() {
                    for ((i, j), w) in layer.weights.indexed_iter() {
                        s.trainer.set_weight(l, i, j, w.f64()).map_err(|e| e.to_string())?;
                    }
                    for (j, b) in layer.biases.iter().enumerate() {
                        s.trainer.set_bias(l, j, b.f64()).map_err(|e| e.to_string())?;
                    }
                }
                Ok(())
            });
            s.invalidate_grids();
        });
        message.set(Some(match result {
            Ok(()) => {
                t("Applied: the engine took one training step on this example alone; the weights below are the new ones.").to_string()
            }
            Err(e) => fill(t("The step could not be taken: {why}"), &[("why", &e)]),
        }));
    };
    // what the stepper does not show: a normalization's own steps
    let unshown = move || {
        c.settings.with(|s| {
            let c = &s.cfg;
            let norms: Vec<String> =
                (0..c.hidden.len()).filter(|&i| c.layer_option(i).norm != NormKind::None).map(|i| (i + 1).to_string()).collect();
            let skips = (0..c.hidden.len()).any(|i| c.layer_option(i).skip);
            (norms, skips)
        })
    };
    let body = move || {
        let (norms, skips) = unshown();
        if !norms.is_empty() {
            return Some(
                view! {
                    <p class="bp-message" data-testid="bp-not-shown">
                        {fill(
                            &plural(
                                norms.len(),
                                "The stepper does not show normalization: hidden layer {layers} normalizes its sums (a mean, a variance, learnt γ and β, each with its own gradient), and those steps are not written out here. Turn normalization off in the network's layer controls to step through backpropagation.",
                                "The stepper does not show normalization: hidden layers {layers} normalize their sums (a mean, a variance, learnt γ and β, each with its own gradient), and those steps are not written out here. Turn normalization off in the network's layer controls to step through backpropagation.",
                            ),
                            &[("layers", &norms.join(", "))],
                        )}
                    </p>
                }
                .into_any(),
            );
        }
        let tr = traces()?;
        let k = stage.get();
        let Traces { fwd, back, new_loss, lr, sgd, names } = tr;
        let last = fwd.layers.len() - 1;
        let forward = fwd
            .layers
            .iter()
            .enumerate()
            .flat_map(|(l, layer)| layer.iter().enumerate().map(move |(j, n)| (l, j, n.a)))
            .map(|(l, j, a)| format!("{} = {}", names[l + 1][j], number(a, 2)))
            .collect::<Vec<_>>()
            .join(" · ");
        let deltas = (0..=last)
            .rev()
            .map(|l| {
                let items = back.layers[l]
                    .delta
                    .iter()
                    .enumerate()
                    .map(|(j, d)| {
                        view! { <span class="bp-delta" data-testid=format!("bp-delta-{l}-{j}") data-delta=format!("{d}") title=format!("{d}")>
                            {format!("δ({}) = {}", names[l + 1][j], number(*d, 2))}
                        </span> }
                    })
                    .collect_view();
                view! { <div class="bp-row">{items}</div> }
            })
            .collect_view();
        let weights = (0..=last)
            .rev()
            .map(|l| {
                let lb = &back.layers[l];
                let layer = &fwd.layers[l];
                let rows = layer
                    .iter()
                    .enumerate()
                    .flat_map(|(j, n)| {
                        let mut v: Vec<(String, String, f64, f64, f64, f64)> = n
                            .weights
                            .iter()
                            .enumerate()
                            .map(|(i, w)| {
                                let g = lb.grad_weights[[i, j]];
                                (
                                    format!("bp-w-{l}-{j}-{i}"),
                                    format!("w({}→{})", names[l][i], names[l + 1][j]),
                                    *w,
                                    g,
                                    lb.update_weights[[i, j]],
                                    n.inputs[i],
                                )
                            })
                            .collect();
                        v.push((
                            format!("bp-b-{l}-{j}"),
                            format!("b({})", names[l + 1][j]),
                            n.bias,
                            lb.grad_biases[j],
                            lb.update_biases[j],
                            1.0,
                        ));
                        v
                    })
                    .map(|(id, name, w, g, u, input)| {
                        let new = w + u;
                        let grad_text = format!("∂L/∂{name} = δ × {} = {}", number(input, 2), number(g, 2));
                        let update_text = if sgd {
                            format!("{name}: {} − {} × {} = {}", number(w, 2), number(lr, 2), number(g, 2), number(new, 2))
                        } else {
                            fill(
                                t("{name}: {w} + ({u}) = {new} (the optimizer's own step)"),
                                &[("name", &name), ("w", &number(w, 2)), ("u", &number(u, 2)), ("new", &number(new, 2))],
                            )
                        };
                        view! {
                            <div class="bp-weight" data-testid=id data-old=format!("{w}") data-grad=format!("{g}")
                                data-update=format!("{u}") data-new=format!("{new}")>
                                {(k >= 3).then(|| view! { <span class="bp-grad" title=format!("{g}")>{grad_text}</span> })}
                                {(k >= 4).then(|| view! { <span class="bp-update" title=format!("{new}")>{update_text}</span> })}
                            </div>
                        }
                    })
                    .collect_view();
                view! { <div class="bp-layer">{rows}</div> }
            })
            .collect_view();
        let target = fwd.target.iter().map(|v| number(*v, 2)).collect::<Vec<_>>().join(", ");
        let pred = fwd.layers[last].iter().map(|n| number(n.a, 2)).collect::<Vec<_>>().join(", ");
        Some(view! {
            <div class="bp-stage-body">
                <div class="bp-line" class:current={k == 0}>{crate::ui::i18n::fill(crate::ui::i18n::t("Forward: {forward}"), &[("forward", &forward)])}</div>
                {(k >= 1).then(|| view! {
                    <div class="bp-line" class:current={k == 1} data-testid="bp-loss" data-loss=format!("{}", fwd.loss)>
                        {fill(t("Loss: prediction {pred}, target {target} → loss {loss}"), &[("pred", &pred), ("target", &target), ("loss", &number(fwd.loss, 2))])}
                    </div>
                })}
                {(k >= 2).then(|| view! {
                    <div class="bp-line" class:current={k == 2}>{t("Error signals, from the output back:")}</div>
                    {skips.then(|| view! { <div class="bp-line" data-testid="bp-skip-note">{t("With a skip connection, a layer's input also receives the error of the layer's output directly (the skip adds it), besides the weighted δs.")}</div> })}
                    {deltas}
                })}
                {(k >= 3).then_some(weights)}
                {(k >= 5).then(|| view! {
                    <div class="bp-line current" data-testid="bp-new-loss" data-loss=format!("{}", new_loss.unwrap_or(f64::NAN))>
                        {fill(t("New loss for this example: {new} (was {old})"), &[("new", &new_loss.map(|v| number(v, 2)).unwrap_or_else(|| "–".into())), ("old", &number(fwd.loss, 2))])}
                    </div>
                    <button class="primary" data-testid="bp-apply" disabled=!sgd
                        title=if sgd { t("Take this training step for real: the engine trains on this example alone") } else { t("Apply works with plain SGD (another optimizer would restart its moments)") }
                        on:click=apply>{t("Apply this step")}</button>
                })}
            </div>
        }.into_any())
    };
    view! {
        <details class="panel backprop" data-testid="backprop" prop:open=move || open.get()
            on:toggle=move |ev| {
                let o = ev.target().and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok()).and_then(|v| v.as_bool());
                if let Some(o) = o {
                    if o != open.get_untracked() {
                        open.set(o);
                    }
                }
            }>
            <summary>{t("Backpropagation, step by step (for the inspector's point)")}</summary>
            <div class="bp-nav">
                <button data-testid="bp-prev" aria-label=t("Back to the previous stage") disabled=move || stage.get() == 0
                    on:click=move |_| { stage.update(|s| *s = s.saturating_sub(1)); stage_said(stage.get_untracked()) }>{t("◀ Back")}</button>
                <span class="bp-stage" data-testid="bp-stage">{move || crate::ui::i18n::fill(crate::ui::i18n::t("Stage {k} of {n}: {name}"), &[("k", &(stage.get() + 1)), ("n", &STAGES.len()), ("name", &crate::ui::i18n::t(STAGES[stage.get()].0))])}</span>
                <button class="primary" data-testid="bp-next" aria-label=t("Next stage") disabled=move || { stage.get() + 1 >= STAGES.len() }
                    on:click=move |_| { message.set(None); stage.update(|s| *s = (*s + 1).min(STAGES.len() - 1)); stage_said(stage.get_untracked()) }>{t("Next ▶")}</button>
            </div>
            <p class="bp-explain" data-testid="bp-explain">{move || crate::ui::i18n::t(STAGES[stage.get()].1)}</p>
            {move || message.get().map(|m| view! { <p class="bp-message" data-testid="bp-message">{m}</p> })}
            {body}
        </details>
    }
}

/// The keyboard (issue 27): a stage reached is said in the live region, and where the
/// button pressed is now disabled (Next at the last stage, Back at the first) the focus
/// moves to the stepper's other way on, never to the page's body.
fn stage_said(k: usize) {
    crate::ui::announce::say(crate::ui::i18n::fill(
        crate::ui::i18n::t("Stage {k} of {n}: {name}"),
        &[("k", &(k + 1)), ("n", &STAGES.len()), ("name", &crate::ui::i18n::t(STAGES[k].0))],
    ));
    if k + 1 == STAGES.len() {
        crate::ui::keyboard::focus_first_later(vec!["[data-testid=bp-apply]:not([disabled])".into(), "[data-testid=bp-prev]".into()]);
    } else if k == 0 {
        crate::ui::keyboard::focus_later("[data-testid=bp-next]".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::dense::config::HiddenLayer;
    use crate::engine::math::activation::Activation;

    /// The update the stepper shows (from the backward trace) is the one the
    /// engine's real step on that example alone takes, to 1e-12.
    #[test]
    fn the_shown_update_is_the_real_steps_update() {
        for act in [Activation::Tanh, Activation::Relu, Activation::Sigmoid] {
            let cfg = TrainConfig {
                hidden: vec![HiddenLayer { neurons: 3, activation: act }, HiddenLayer { neurons: 2, activation: act }],
                learning_rate: 0.1,
                ..TrainConfig::default()
            };
            let mut t = Trainer::new(&cfg).unwrap();
            t.train_epochs(3).unwrap();
            let p = t.dataset().train[7];
            let back = t.backward_trace_point(p);
            let net = real_step(&t, p).unwrap();
            for (l, (after, lb)) in net.layers.iter().zip(&back.layers).enumerate() {
                let before = &t.network().layers[l];
                for ((i, j), w) in after.weights.indexed_iter() {
                    let shown = before.weights[[i, j]] + lb.update_weights[[i, j]];
                    assert!((w - shown).abs() <= 1e-12, "{act:?} layer {l} w[{i},{j}]: real {w} shown {shown}");
                }
                for (j, b) in after.biases.iter().enumerate() {
                    assert!((b - (before.biases[j] + lb.update_biases[j])).abs() <= 1e-12);
                }
            }
            let after = loss_after(&t, p, &back).unwrap();
            assert!(after < back.loss, "{act:?}: one small step on this example lowers its loss ({} → {after})", back.loss);
        }
    }
}
