// The floor of a second visit: leptos CSR mounting a canvas, a Play button and an epoch
// counter, nothing else (issue 25's 300 ms, measured with tests/e2e/warmload.mjs).
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let epoch = RwSignal::new(0u32);
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move || {
        if let Some(c) = canvas.get() {
            c.set_width(300);
            c.set_height(200);
            let cx: web_sys::CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
            cx.fill_rect(10.0, 10.0, 50.0, 50.0);
        }
    });
    let play = move |_| {
        request_animation_frame(move || epoch.update(|e| *e += 1));
    };
    view! {
        <button data-testid="play" on:click=play>"Play"</button>
        <span data-testid="epoch">{move || format!("Epoch {}", epoch.get())}</span>
        <canvas data-testid="network-canvas" node_ref=canvas></canvas>
    }
}
