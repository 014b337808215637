//! The worker: NeuralScope's job runner in a Web Worker (trunk builds this
//! binary as its own wasm, `data-type="worker"`, loaded by a shim with
//! `importScripts`). It posts `Ready` once loaded, then serves each message:
//! a JSON [`Request`](neuralscope_jobs::protocol::Request), answered by JSON
//! replies posted one by one as they happen. Cancelling is the page
//! terminating the worker.

#[cfg(target_arch = "wasm32")]
fn main() {
    use neuralscope_jobs::protocol::{run_json, Reply};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post_scope = scope.clone();
    let now = {
        let perf = scope.performance();
        move || perf.as_ref().map(|p| p.now()).unwrap_or(0.0)
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let msg = ev.data().as_string().unwrap_or_default();
        run_json(&msg, &now, &mut |reply: String| {
            post_scope.post_message(&JsValue::from_str(&reply)).ok();
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker
    if let Ok(ready) = serde_json::to_string(&Reply::Ready) {
        scope.post_message(&JsValue::from_str(&ready)).ok();
    }
}

/// Natively there is no worker: the library is tested directly.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
