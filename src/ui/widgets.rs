//! Form widgets shared by the lab views (recurrent, autoencoder): selects of
//! numbers and of enum values, each bound to a signal.
use leptos::prelude::*;

/// Whether `v` lies in the inclusive range `(lo, hi)` (a limit from `engine::limits`).
pub fn within(v: usize, (lo, hi): (usize, usize)) -> bool {
    (lo..=hi).contains(&v)
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
    T: Copy + PartialEq + std::fmt::Display + std::str::FromStr + Send + Sync + 'static,
{
    view! {
        <label title=title>{label}" "
            <select data-testid=testid on:change=move |ev| {
                if let Ok(v) = event_target_value(&ev).parse::<T>() { signal.set(v); }
            }>
                {values.into_iter().map(|v| view! {
                    <option value=v.to_string() selected=move || signal.get() == v>{v.to_string()}</option>
                }).collect_view()}
            </select>
        </label>
    }
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
    T: Copy + PartialEq + serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
{
    use crate::ui::url::{enum_name, parse_enum};
    view! {
        <label title=title>{label}" "
            <select data-testid=testid on:change=move |ev| {
                if let Some(v) = parse_enum::<T>(&event_target_value(&ev)).filter(|v| values.contains(v)) { signal.set(v); }
            }>
                {values.iter().map(|&v| view! {
                    <option value=enum_name(&v) selected=move || signal.get() == v>{name(v)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
