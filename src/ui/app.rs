//! The page layout: a top bar, then three columns (data and controls, the network,
//! the output and charts).
use leptos::prelude::*;

use super::about::AboutDialog;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let about_open = RwSignal::new(false);
    view! {
        <div class="app">
            <header class="top-bar" data-testid="top-bar">
                <div class="brand">
                    <img src="assets/favicon.svg" alt="" class="logo" />
                    <h1>"NeuralScope"</h1>
                </div>
                <div class="run-controls" data-testid="run-controls"></div>
                <button class="link" data-testid="about" on:click=move |_| about_open.set(true)>"About"</button>
            </header>
            <main class="columns">
                <section class="column controls-column" data-testid="controls-column" aria-label="Data and controls">
                    <h2>"Data"</h2>
                </section>
                <section class="column network-column" data-testid="network-column" aria-label="The network">
                    <h2>"Network"</h2>
                </section>
                <section class="column output-column" data-testid="output-column" aria-label="Output and charts">
                    <h2>"Output"</h2>
                </section>
            </main>
            <AboutDialog open=about_open />
        </div>
    }
}
