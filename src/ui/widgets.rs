//! Form widgets shared by the lab views (recurrent, autoencoder): selects of
//! numbers, of enum values and of speeds, each bound to a signal.
use leptos::prelude::*;

use crate::ui::anim::Speed;
use crate::ui::i18n::t;
use crate::ui::url::enum_name;

/// A labelled `<select>` bound to a signal, one option per `(value, key, text)`:
/// the option's value is the key (as links write it), its text the text.
/// Choosing an option sets the value whose key it carries.
fn keyed_select<T>(
    testid: &'static str,
    label: &'static str,
    title: &'static str,
    options: Vec<(T, String, String)>,
    signal: RwSignal<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let keys: Vec<(T, String)> = options.iter().map(|(v, key, _)| (*v, key.clone())).collect();
    view! {
        <label title=title>{label}" "
            <select data-testid=testid on:change=move |ev| {
                let chosen = event_target_value(&ev);
                if let Some((v, _)) = keys.iter().find(|(_, key)| *key == chosen) { signal.set(*v); }
            }>
                {options.into_iter().map(|(v, key, text)| view! {
                    <option value=key selected=move || signal.get() == v>{text}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// A labelled `<select>` of numbers bound to a signal.
pub fn number_select<T>(
    testid: &'static str,
    label: &'static str,
    title: &'static str,
    values: Vec<T>,
    signal: RwSignal<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + std::fmt::Display + Send + Sync + 'static,
{
    let options = values.into_iter().map(|v| (v, v.to_string(), v.to_string())).collect();
    keyed_select(testid, label, title, options, signal)
}

/// A labelled `<select>` of enum values bound to a signal; each option's value
/// is the enum's serde name (as links write it), its text `name(v)`.
pub fn enum_select<T>(
    testid: &'static str,
    label: &'static str,
    title: &'static str,
    values: &'static [T],
    name: fn(T) -> &'static str,
    signal: RwSignal<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + serde::Serialize + Send + Sync + 'static,
{
    let options = values.iter().map(|&v| (v, enum_name(&v), t(name(v)).to_string())).collect();
    keyed_select(testid, label, title, options, signal)
}

/// A labelled `<select>` of speeds bound to a signal; each option's value is
/// the speed's [`key`](Speed::key) (`5`, `max`), its text `name(speed)`.
pub fn speed_select(
    testid: &'static str,
    title: &'static str,
    offered: &'static [Speed],
    name: fn(Speed) -> String,
    signal: RwSignal<Speed>,
) -> impl IntoView {
    let options = offered.iter().map(|&s| (s, s.key(), name(s))).collect();
    keyed_select(testid, t("Speed"), title, options, signal)
}
