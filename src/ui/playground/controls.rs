//! The run bar (play, step, reset, epoch, speed and the common hyper-parameters),
//! the notice line, and the advanced panel (optimizer, loss, output, init,
//! dropout, seed). Every control writes `settings`; the playground decides
//! whether that rebuilds or changes the running trainer.

use crate::ui::i18n::t;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::data::{DataKind, Task};
use crate::engine::dense::network::InitScheme;
use crate::engine::limits::Limit;
use crate::engine::math::activation::{Activation, LayerActivation};
use crate::engine::math::loss::Loss;
use crate::engine::math::optimizer::{OptimizerConfig, OptimizerKind, RegularizationKind};
use crate::ui::anim::Speed;

use super::state::{Settings, TABLE};
use super::{ctx, Ctx};

/// Reads the value of the `<select>`/`<input>` an event came from.
pub fn event_value(ev: &leptos::ev::Event) -> String {
    ev.target()
        .and_then(|t| {
            t.clone()
                .dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .ok()
                .or_else(|| t.dyn_into::<web_sys::HtmlInputElement>().map(|i| i.value()).ok())
        })
        .unwrap_or_default()
}

/// A labelled `<select>` over `options`, showing `get(settings)` and writing `set`.
pub fn setting_select<T: Clone + PartialEq + Send + Sync + 'static>(
    label: &'static str,
    testid: &'static str,
    options: Vec<(T, String)>,
    get: impl Fn(&Settings) -> T + Copy + Send + Sync + 'static,
    set: impl Fn(&mut Settings, T) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let c = ctx();
    let opts = StoredValue::new(options);
    let selected = move || {
        let cur = c.settings.with(get);
        opts.with_value(|o| o.iter().position(|(v, _)| *v == cur)).map(|i| i.to_string()).unwrap_or_default()
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <select data-testid=testid prop:value=selected on:change=move |ev| {
                let idx: Option<usize> = event_value(&ev).parse().ok();
                if let Some(v) = idx.and_then(|i| opts.with_value(|o| o.get(i).map(|(v, _)| v.clone()))) {
                    c.settings.update(|s| set(s, v));
                }
            }>
                {opts.with_value(|o| o.iter().enumerate().map(|(i, (_, name))| {
                    let i = i.to_string();
                    view! { <option value=i.clone() selected=move || selected() == i>{name.clone()}</option> }
                }).collect_view())}
            </select>
        </label>
    }
}

/// Applies the number typed into the input `ev` came from, if it is finite and
/// `accept`ed; otherwise names the field and what is `allowed` in the notice and
/// puts the old value back in the box.
fn apply_typed_number(
    ev: &leptos::ev::Event,
    label: &str,
    allowed: &str,
    accept: impl Fn(f64) -> bool,
    get: impl Fn(&Settings) -> f64,
    set: impl Fn(&mut Settings, f64),
) {
    // A box left edited when a pasted link rebuilt the page fires its change
    // after the page it belonged to is gone: nothing to apply it to.
    let Some(c) = use_context::<super::Ctx>().filter(|c| !c.settings.is_disposed()) else { return };
    let text = event_value(ev);
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && accept(v) => {
            c.notice.set(None);
            c.settings.update(|s| set(s, v));
        }
        _ => {
            c.notice.set(Some(crate::ui::i18n::fill(
                t("{label}: “{text}” was refused; enter {allowed}. The old value is kept."),
                &[("label", &label), ("text", &text), ("allowed", &allowed)],
            )));
            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                input.set_value(&format!("{}", c.settings.with_untracked(get)));
            }
        }
    }
}

/// A labelled number input: a typed value outside `range` (or not a number) is
/// refused with a message naming the field and the allowed range; the old value stays.
pub fn number_field(
    label: &'static str,
    testid: &'static str,
    range: Limit,
    get: impl Fn(&Settings) -> f64 + Copy + Send + Sync + 'static,
    set: impl Fn(&mut Settings, f64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let c = ctx();
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <input type="text" inputmode="decimal" class="num" data-testid=testid
                prop:value=move || format!("{}", c.settings.with(get))
                on:change=move |ev| {
                    apply_typed_number(&ev, label, &crate::ui::words::range_words(&range), |v| range.contains(v), get, set);
                } />
        </label>
    }
}

fn hidden_activation(s: &Settings) -> Activation {
    s.cfg.hidden.first().map(|h| h.activation).unwrap_or(Activation::Tanh)
}

/// The default output activation and loss for a task.
pub fn output_for(task: Task) -> (LayerActivation, Loss) {
    match task {
        Task::Regression => (LayerActivation::Elementwise(Activation::Identity), Loss::Mse),
        Task::Classification { n_classes: 2 } => (LayerActivation::Elementwise(Activation::Tanh), Loss::Mse),
        Task::Classification { .. } => (LayerActivation::Softmax, Loss::CrossEntropy),
    }
}

/// Switches the data set, fixing the output activation and loss to fit its task.
pub fn set_data_kind(s: &mut Settings, kind: DataKind) {
    let old_task = s.cfg.task();
    s.cfg.data.kind = kind;
    let task = s.cfg.task();
    if task != old_task {
        let (out, loss) = output_for(task);
        s.cfg.output_activation = out;
        s.cfg.loss = loss;
    }
}

fn play_button(c: Ctx) -> impl IntoView {
    view! {
        <button class="round play" data-testid="play"
            title=move || if c.playing.get() { crate::ui::i18n::t("Pause") } else { crate::ui::i18n::t("Train") }
            aria-label=move || if c.playing.get() { crate::ui::i18n::t("Pause") } else { crate::ui::i18n::t("Play") }
            on:click=move |_| {
                c.toggle();
            }>
            {move || if c.playing.get() { "❚❚" } else { "▶" }}
        </button>
    }
}

/// Top row of the playground: run controls and the everyday hyper-parameters.
#[component]
pub fn RunBar() -> impl IntoView {
    let c = ctx();
    let lr_options = TABLE.domain("lr").offered();
    let act_options: Vec<(Activation, String)> = Activation::all().iter().map(|a| (*a, t(a.name()).to_string())).collect();
    view! {
        <div class="run-bar" data-testid="run-controls">
            <div class="run-buttons">
                <button class="round" data-testid="reset" title=t("Reset: new weights, epoch 0") aria-label=t("Reset")
                    on:click=move |_| c.reset()>"↺"</button>
                {play_button(c)}
                <button class="round" data-testid="step" title=t("Step one epoch") aria-label=t("Step one epoch")
                    on:click=move |_| c.step(true)>"▶❙"</button>
                <button class="round small" data-testid="step-batch" title=t("Step one mini-batch") aria-label=t("+1: step one mini-batch")
                    on:click=move |_| c.step(false)>"+1"</button>
            </div>
            <div class="epoch">
                <span class="field-label">{t("Epoch")}</span>
                <span class="epoch-value" data-testid="epoch">{move || format_epoch(c.epoch.get())}</span>
            </div>
            {setting_select(t("Speed"), "speed", Speed::PLAYGROUND.iter().map(|s| (*s, s.label())).collect(),
                |s| s.speed, |s, v| s.speed = v)}
            <LearningRate options=lr_options />
            {setting_select(t("Activation"), "activation", act_options,
                hidden_activation, |s, a| s.cfg.hidden.iter_mut().for_each(|h| h.activation = a))}
            <div class="regularization-fields">
            {setting_select(t("Regularization"), "regularization",
                vec![(RegularizationKind::None, t("None").into()), (RegularizationKind::L1, "L1".into()), (RegularizationKind::L2, "L2".into())],
                |s| s.cfg.regularization.kind, |s, k| s.cfg.regularization.kind = k)}
            {setting_select(t("Reg. rate"), "reg-rate",
                TABLE.domain("rr").offered().into_iter().map(|r| (r, crate::ui::words::num(&format!("{r}")))).collect(),
                |s| s.cfg.regularization.rate, |s, r| s.cfg.regularization.rate = r)}
            </div>
            {setting_select(t("Problem type"), "problem-type",
                vec![(false, t("Classification").to_string()), (true, t("Regression").to_string())],
                |s| s.cfg.task() == Task::Regression,
                |s, regression| {
                    let is_reg = s.cfg.task() == Task::Regression;
                    if regression != is_reg {
                        set_data_kind(s, if regression { DataKind::RegressPlane } else { DataKind::Circle });
                    }
                })}
            <crate::ui::stop_at_bar::StopAtControl stop_at=c.stop_at
                set=Callback::new(move |t| c.settings.update(|s| s.stop_at = t))
                running=c.playing.into()
                accuracy=Signal::derive(move || c.settings.with(|s| s.cfg.task() != Task::Regression)) />
            <button class="link meter-toggle" data-testid="meter-toggle" title=t("Show frames and epochs per second")
                on:click=move |_| c.show_meter.update(|m| *m = !*m)>{t("fps")}</button>
            <Show when=move || c.show_meter.get()>
                <span class="meter" data-testid="meter">{move || {
                    c.slow_frame.track();
                    c.with_session(|s| crate::ui::i18n::fill(crate::ui::i18n::t("{fps} frames/s · {eps} epochs/s"), &[("fps", &format!("{:.0}", s.meter.fps)), ("eps", &format!("{:.0}", s.meter.eps))])).unwrap_or_default()
                }}</span>
            </Show>
            <crate::ui::prepare::PreparePanel groups=&super::state::GROUPS
                hidden=Signal::derive(move || c.settings.with(|s| s.hide.clone()))
                set=Callback::new(move |h| c.settings.update(|s| s.hide = h)) />
        </div>
    }
}

/// `1234567` → `001,234,567`-style counter (at least six digits, as in the classic playground).
pub fn format_epoch(e: u64) -> String {
    let s = format!("{e:06}");
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    crate::ui::words::num(&out)
}

/// The learning rate: a list of the classic values plus free entry.
#[component]
fn LearningRate(
    /// The values offered in the list, ascending.
    options: Vec<f64>,
) -> impl IntoView {
    let c = ctx();
    let opts = StoredValue::new(options);
    let current = move || c.settings.with(|s| s.cfg.learning_rate);
    view! {
        <label class="field">
            <span class="field-label">{t("Learning rate")}</span>
            <span class="lr-pair">
            <select data-testid="learning-rate" prop:value=move || format!("{}", current())
                on:change=move |ev| {
                    if let Ok(v) = event_value(&ev).parse::<f64>() {
                        c.settings.update(|s| s.cfg.learning_rate = v);
                    }
                }>
                {move || {
                    let cur = current();
                    let mut vals = opts.get_value();
                    if !vals.contains(&cur) {
                        vals.push(cur);
                        vals.sort_by(|a, b| a.total_cmp(b));
                    }
                    vals.into_iter().map(|v| view! {
                        <option value=format!("{v}") selected=v == cur>{crate::ui::words::num(&format!("{v}"))}</option>
                    }).collect_view()
                }}
            </select>
            <input type="text" inputmode="decimal" class="num lr-input" data-testid="learning-rate-input" title=t("Type any learning rate")
                prop:value=move || format!("{}", current())
                on:change=move |ev| {
                    let limit = TABLE.domain("lr").limit();
                    apply_typed_number(&ev, crate::ui::i18n::t("Learning rate"), &crate::ui::words::range_words(&limit), |v| limit.contains(v), |s| s.cfg.learning_rate, |s, v| s.cfg.learning_rate = v);
                } />
            </span>
        </label>
    }
}

/// One dismissable line: rebuild notices, refused input, URL fallbacks; in red,
/// why training stopped (divergence, no gradient, a stall) with the way out;
/// and a hint when training has levelled off below what the data allows.
#[component]
pub fn NoticeLine() -> impl IntoView {
    let c = ctx();
    let error = move || c.stop.with(|s| s.as_ref().map(crate::ui::words::stop));
    // computed once per slow frame, read by the Show and its text; latched, so a
    // loss hovering at the diagnosis' threshold does not make the hint (and its
    // button, under the user's pointer) come and go: it stays until a reset or
    // ~2 s of slow frames without the diagnosis
    let latched = Memo::new(move |prev: Option<&Option<(String, u64, u32)>>| {
        c.slow_frame.track();
        let (now, epoch) = c
            .with_session(|s| {
                (crate::engine::dense::diagnose::plateau(&s.trainer).map(|p| crate::ui::words::plateau(&p)), s.trainer.epoch())
            })
            .unwrap_or((None, 0));
        match (now, prev.cloned().flatten()) {
            (Some(m), _) => Some((m, epoch, 0)),
            (None, Some((m, at, misses))) if epoch >= at && misses < 20 => Some((m, at, misses + 1)),
            _ => None,
        }
    });
    let plateau = Memo::new(move |_| latched.with(|l| l.as_ref().map(|(m, _, _)| m.clone())));
    view! {
        <Show when=move || error().is_some()>
            <div class="notice error" role="alert" data-testid="train-error">
                <strong>{t("Training stopped. ")}</strong>
                <span>{move || error().unwrap_or_default()}</span>
                <button class="link" data-testid="error-grad-health" title=t("Open the gradient-health chart: each layer's gradient over the run")
                    on:click=move |_| {
                        c.grad_open.set(true);
                        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("grad-health")) {
                            el.scroll_into_view();
                        }
                    }>{t("See the gradients")}</button>
                <button class="primary" data-testid="error-reset" on:click=move |_| c.reset()>{t("Reset")}</button>
            </div>
        </Show>
        <Show when=move || error().is_none() && plateau.with(Option::is_some)>
            <div class="notice hint" role="status" data-testid="plateau">
                <span>{move || plateau.get().unwrap_or_default()}</span>
                <button data-testid="plateau-new-seed" title=t("Start again from other random weights")
                    on:click=move |_| c.settings.update(|s| s.cfg.seed = s.cfg.seed.wrapping_add(1))>{t("New seed")}</button>
            </div>
        </Show>
        <Show when=move || c.notice.get().is_some()>
            <div class="notice" role="status" data-testid="notice">
                <span>{move || c.notice.get().unwrap_or_default()}</span>
                <button class="link" aria-label=t("Dismiss") on:click=move |_| c.notice.set(None)>{t("Dismiss")}</button>
            </div>
        </Show>
    }
}

/// The less common settings: optimizer and its parameter, loss, output
/// activation, initialization, dropout, batch size and seeds.
#[component]
pub fn AdvancedPanel() -> impl IntoView {
    let c = ctx();
    let out_options: Vec<(LayerActivation, String)> = std::iter::once((LayerActivation::Softmax, t("softmax").to_string()))
        .chain(Activation::all().iter().map(|a| (LayerActivation::Elementwise(*a), t(a.name()).to_string())))
        .collect();
    view! {
        <details class="advanced" data-testid="advanced">
            <summary>{t("More settings: optimizer, loss, output, initialization, dropout, seed")}</summary>
            <div class="advanced-grid">
                {setting_select(t("Optimizer"), "optimizer",
                    OptimizerKind::all().iter().map(|k| (*k, t(k.name()).to_string())).collect(),
                    |s| s.cfg.optimizer.kind, |s, k| s.cfg.optimizer = OptimizerConfig { kind: k, ..s.cfg.optimizer })}
                {number_field(t("Momentum μ"), "momentum", TABLE.domain("mom").limit(), |s| s.cfg.optimizer.momentum, |s, v| s.cfg.optimizer.momentum = v)}
                {setting_select(t("Loss"), "loss",
                    vec![(Loss::Mse, t("mean squared error").into()), (Loss::CrossEntropy, t("cross-entropy").into()), (Loss::Mae, t("mean absolute error").into())],
                    |s| s.cfg.loss, |s, l| s.cfg.loss = l)}
                {setting_select(t("Output activation"), "output-activation", out_options, |s| s.cfg.output_activation, |s, a| s.cfg.output_activation = a)}
                {setting_select(t("Initialization"), "init",
                    InitScheme::all().iter().map(|k| (*k, t(k.name()).to_string())).collect(),
                    |s| s.cfg.init.scheme, |s, k| s.cfg.init.scheme = k)}
                {number_field(t("Initial bias"), "init-bias", TABLE.domain("bias").limit(), |s| s.cfg.init.bias, |s, v| s.cfg.init.bias = v)}
                {number_field(t("Dropout"), "dropout", TABLE.domain("dropout").limit(), |s| s.cfg.dropout, |s, v| s.cfg.dropout = v)}
                {number_field(t("Seed"), "seed", Limit::closed(0.0, 4_294_967_295.0), |s| s.cfg.seed as f64, |s, v| s.cfg.seed = v as u64)}
                <div class="field">
                    <span class="field-label">{t("Model type")}</span>
                    <span class="model-type" data-testid="model-type">{move || c.settings.with(model_type)}</span>
                </div>
            </div>
        </details>
    }
}

/// "Regression (linear output)", "Classification, 2 classes (tanh output)", …
pub fn model_type(s: &Settings) -> String {
    let out = t(s.cfg.output_activation.name());
    match s.cfg.task() {
        Task::Regression => crate::ui::i18n::fill(t("Regression ({out} output)"), &[("out", &out)]),
        Task::Classification { n_classes } => {
            crate::ui::i18n::fill(t("Classification, {n} classes ({out} output)"), &[("n", &n_classes), ("out", &out)])
        }
    }
}
