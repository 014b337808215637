//! The run bar's "stop at" control (`data-testid="stop-at"`, issue 26 item 1):
//! three boxes (loss below, accuracy at least, epoch) on a view's target
//! ([`crate::ui::stop_at`]), and the words of a met target while paused.

use crate::ui::i18n::t;
use leptos::prelude::*;

use crate::engine::limits::{STOP_ACCURACY, STOP_EPOCH, STOP_LOSS};
use crate::ui::prepare::Group;
use crate::ui::settings::Domain;
use crate::ui::stop_at::{StopAt, Target};

/// The control as a group of "Prepare for class", the same in every view.
pub const PREPARE_GROUP: Group = Group { key: "stop-at", label: "Stop at a target", selector: "[data-testid=stop-at]" };

/// A lab's run-bar control, on its context's `stop_at`, `target`, `running` and
/// (when `accuracy`) its numbers' accuracy.
macro_rules! lab_control {
    ($ctx:expr, $accuracy:expr) => {{
        let ctx = $ctx;
        view! {
            <$crate::ui::stop_at_bar::StopAtControl stop_at=ctx.stop_at
                set=leptos::prelude::Callback::new(move |t| leptos::prelude::Set::set(&ctx.target, t))
                running=ctx.running.into() accuracy=leptos::prelude::Signal::derive($accuracy) />
        }
    }};
}
pub(crate) use lab_control;

/// What every box of the control reads and writes: the target, how to set it, the refusal shown.
#[derive(Clone, Copy)]
struct Boxes {
    target: Signal<Target>,
    set: Callback<Target>,
    error: RwSignal<Option<String>>,
}

/// One box of the control: empty is off; a value outside its range is refused
/// with words naming the range, and the box shows the target in force again.
fn target_box(
    label: &'static str,
    testid: &'static str,
    title: &'static str,
    shown: impl Fn(&Target) -> String + Copy + Send + Sync + 'static,
    read: impl Fn(&str) -> Result<Option<(f64, u64)>, String> + Copy + Send + Sync + 'static,
    put: impl Fn(&mut Target, Option<(f64, u64)>) + Copy + Send + Sync + 'static,
    on: Boxes,
) -> impl IntoView {
    let Boxes { target, set, error } = on;
    view! {
        <label class="stop-at-field" title=title>
            <span>{label}</span>
            <input type="text" inputmode="decimal" class="num" data-testid=testid placeholder=t("off")
                prop:value=move || target.with(shown)
                on:change=move |ev| {
                    // a box left edited when a pasted link or a tab closed its view fires its
                    // change after the view is gone (the random-use suite, seed 777123)
                    if error.is_disposed() || target.try_with_untracked(|_| ()).is_none() {
                        return;
                    }
                    let text = event_target_value(&ev);
                    match read(text.trim()) {
                        Ok(v) => {
                            error.set(None);
                            let mut t = target.get_untracked();
                            put(&mut t, v);
                            let _ = set.try_run(t);
                        }
                        Err(why) => {
                            error.set(Some(why));
                            if let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
                                input.set_value(&target.with_untracked(shown));
                            }
                        }
                    }
                } />
        </label>
    }
}

/// A typed number in `domain`'s range (empty: off), or why it was refused.
fn read_in(domain: Domain, what: &'static str, text: &str) -> Result<Option<(f64, u64)>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    domain
        .parse(text)
        .map(|v| Some((v, v as u64)))
        .ok_or_else(|| crate::ui::words::target_refused(what, text, &domain.limit(), matches!(domain, Domain::Percent(_))))
}

/// The run bar's "stop at" control: three boxes (loss below, accuracy at least
/// when `accuracy` says the view has one, epoch), and the words of a met target while paused.
#[component]
pub fn StopAtControl(stop_at: StopAt, set: Callback<Target>, running: Signal<bool>, #[prop(into)] accuracy: Signal<bool>) -> impl IntoView {
    let target = stop_at.target;
    let error = RwSignal::new(None::<String>);
    let on = Boxes { target, set, error };
    let num = |v: f64| format!("{v}");
    let shown_words = move || stop_at.met.get().filter(|_| !running.get()).map(|m| crate::ui::words::target_met(&m));
    view! {
        <div class="stop-at" data-testid="stop-at" role="group" aria-label=t("Stop at a target")>
            <span class="stop-at-label field-label">{t("Stop at")}</span>
            <span class="stop-at-boxes">
            {target_box(t("loss <"), "stop-at-loss", t("Pause when the loss (the test loss where there is a test set) falls below this (empty: off)"),
                move |t| t.loss.map(num).unwrap_or_default(),
                |s| read_in(Domain::Num(STOP_LOSS, &[]), t("The loss target"), s),
                |t, v| t.loss = v.map(|v| v.0), on)}
            <Show when=move || accuracy.get()>
                {target_box(t("accuracy ≥ %"), "stop-at-accuracy", t("Pause when the accuracy reaches this percentage (empty: off)"),
                    move |t| t.accuracy.map(|a| num((a * 1000.0).round() / 10.0)).unwrap_or_default(),
                    |s| read_in(Domain::Percent(STOP_ACCURACY), t("The accuracy target"), s),
                    |t, v| t.accuracy = v.map(|v| v.0), on)}
            </Show>
            {target_box(t("epoch"), "stop-at-epoch", t("Pause at this epoch (empty: off)"),
                move |t| t.epoch.map(|e| e.to_string()).unwrap_or_default(),
                |s| read_in(Domain::Count(STOP_EPOCH.0, STOP_EPOCH.1), t("The epoch target"), s),
                |t, v| t.epoch = v.map(|v| v.1), on)}
            </span>
        </div>
        // a line of its own in the run bar (it wraps)
        <Show when=move || error.get().is_some()>
            <p class="stop-at-error" role="alert" data-testid="stop-at-error">{move || error.get().unwrap_or_default()}</p>
        </Show>
        <Show when=move || shown_words().is_some()>
            <p class="stop-at-met" role="status" data-testid="stop-at-met">{move || shown_words().unwrap_or_default()}</p>
        </Show>
    }
}
