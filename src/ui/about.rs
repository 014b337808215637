//! The "About" dialog: what NeuralScope is and where its data comes from.
use crate::ui::i18n::t;
use leptos::prelude::*;

/// A modal dialog, shown while `open` is true; closing writes `false`. It
/// takes the keyboard focus when it opens (its Close button), Escape or a click
/// outside closes it, and the focus goes back to where it was.
#[component]
pub fn AboutDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
) -> impl IntoView {
    let close_btn = NodeRef::<leptos::html::Button>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        if open.get() {
            if let Some(b) = close_btn.get() {
                let active = document().active_element().and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
                opener.set_value(active);
                let _ = b.focus();
            }
        } else if let Some(e) = opener.try_update_value(|o| o.take()).flatten() {
            let _ = e.focus();
        }
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.prevent_default();
            open.set(false);
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        <Show when=move || open.get()>
            <div class="modal-backdrop" on:click=move |_| open.set(false)>
                <div class="modal" role="dialog" aria-label=t("About NeuralScope") data-testid="about-dialog"
                    on:click=|ev| ev.stop_propagation()>
                    <h2>{t("About NeuralScope")}</h2>
                    <p>{t("A neural-network playground for the classroom. A small training engine, written in Rust and compiled to WebAssembly, runs in this page: every neuron, weight and loss you see is the real one, updated while the network learns.")}</p>
                    <h3>{t("About the data")}</h3>
                    <p>{t("The 2-D data sets are generated in the page from a seed. The handwritten digits are the test set of the UCI ")}<em>{t("Optical Recognition of Handwritten Digits")}</em>{t(" data set (E. Alpaydin and C. Kaynak, 1998), licensed CC BY 4.0, as shipped with scikit-learn.")}</p>
                    <p>{t("Inspired by TensorFlow Playground (D. Smilkov and S. Carter).")}</p>
                    <button class="primary" node_ref=close_btn data-testid="about-close" on:click=move |_| open.set(false)>{t("Close")}</button>
                </div>
            </div>
        </Show>
    }
}
