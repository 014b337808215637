//! The page's wasm comes in two parts (`scripts/split_wasm.mjs`): what a first visit runs
//! up to its first epochs, and the rest, fetched as soon as the first part runs. The split
//! loader (in the wasm-bindgen glue) sets `globalThis.__nsLater` to a promise that settles
//! once the rest has come; a call into the rest before then still works (the loader fetches
//! it at once, synchronously), but stalls the page, so what a first visit mounts later
//! waits for the promise with [`when_ready`]. A build in one part has no promise.

use wasm_bindgen::JsCast;

/// The global the split loader sets.
pub const READY: &str = "__nsLater";

/// Runs `f` once the rest of the page's code has come (at once when nothing is pending).
pub fn when_ready(f: impl FnOnce() + 'static) {
    let pending = js_sys::Reflect::get(&js_sys::global(), &READY.into()).ok().and_then(|v| v.dyn_into::<js_sys::Promise>().ok());
    match pending {
        None => f(),
        Some(p) => wasm_bindgen_futures::spawn_local(async move {
            // settled either way: on a failed fetch the rest is fetched again when first called
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            f();
        }),
    }
}
