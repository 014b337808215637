//! The "About" dialog: what NeuralScope is and where its data comes from.
use leptos::prelude::*;

/// A modal dialog, shown while `open` is true; closing writes `false`.
#[component]
pub fn AboutDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <div class="modal-backdrop" on:click=move |_| open.set(false)>
                <div class="modal" role="dialog" aria-label="About NeuralScope" data-testid="about-dialog"
                    on:click=|ev| ev.stop_propagation()>
                    <h2>"About NeuralScope"</h2>
                    <p>"A neural-network playground for the classroom. A small training engine, written in Rust and compiled to WebAssembly, runs in this page: every neuron, weight and loss you see is the real one, updated while the network learns."</p>
                    <h3>"About the data"</h3>
                    <p>"The 2-D data sets are generated in the page from a seed. The handwritten digits are the test set of the UCI "<em>"Optical Recognition of Handwritten Digits"</em>" data set (E. Alpaydin and C. Kaynak, 1998), licensed CC BY 4.0, as shipped with scikit-learn."</p>
                    <p>"Inspired by TensorFlow Playground (D. Smilkov and S. Carter)."</p>
                    <button class="primary" on:click=move |_| open.set(false)>"Close"</button>
                </div>
            </div>
        </Show>
    }
}
