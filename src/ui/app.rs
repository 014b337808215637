//! The page: a top bar (brand, view tabs, About) over the chosen view — the
//! dense-network playground or the convolution lab.
use leptos::prelude::*;

use super::about::AboutDialog;
use super::bench::BenchPage;
use super::conv_lab::ConvLab;
use super::playground::Playground;
use super::url;

/// The views the top bar switches between; `view=conv` in the URL hash picks the lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Playground,
    Conv,
    /// The benchmark page (no tab; reached by `#view=bench`).
    Bench,
}

impl View {
    fn from_hash(hash: &str) -> View {
        match url::parse_pairs(hash).iter().find(|(k, _)| k == "view") {
            Some((_, v)) if v == "conv" => View::Conv,
            Some((_, v)) if v == "bench" => View::Bench,
            _ => View::Playground,
        }
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let about_open = RwSignal::new(false);
    let view = RwSignal::new(View::from_hash(&url::read_hash()));
    // A link pasted into the open tab changes only the hash: the page then opens
    // it afresh (the view it names, its settings), as a new tab would. The page's
    // own writes use history.replaceState, which fires no hashchange.
    let opened = RwSignal::new(0u32);
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        view.set(View::from_hash(&url::read_hash()));
        opened.update(|n| *n += 1);
    });
    on_cleanup(move || listener.remove());
    let tab = move |v: View, label: &'static str, testid: &'static str| {
        view! {
            <button class="tab" class:active=move || view.get() == v data-testid=testid
                aria-pressed=move || (view.get() == v).to_string()
                on:click=move |_| {
                    if view.get_untracked() != v {
                        // each view writes its own state into the hash; start the new one clean
                        url::write_hash(if v == View::Conv { "view=conv" } else { "" });
                        view.set(v);
                    }
                }>{label}</button>
        }
    };
    view! {
        <div class="app">
            <header class="top-bar" data-testid="top-bar">
                <div class="brand">
                    <img src="assets/favicon.svg" alt="" class="logo" />
                    <h1>"NeuralScope"</h1>
                </div>
                <nav class="tabs" aria-label="Views">
                    {tab(View::Playground, "Playground", "tab-playground")}
                    {tab(View::Conv, "Convolution", "tab-conv")}
                </nav>
                <div class="spacer"></div>
                <button class="link" data-testid="about" on:click=move |_| about_open.set(true)>"About"</button>
            </header>
            {move || {
                opened.track();
                match view.get() {
                    View::Playground => view! { <Playground /> }.into_any(),
                    View::Conv => view! { <ConvLab /> }.into_any(),
                    View::Bench => view! { <BenchPage /> }.into_any(),
                }
            }}
            <AboutDialog open=about_open />
        </div>
    }
}
