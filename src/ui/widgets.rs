//! Form widgets shared by the lab views (recurrent, autoencoder).
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
