//! Keyboard access (issue 27 item 4): where the focus goes when the element that held it
//! is replaced (a committed weight, the next lesson), so it never falls to the page's body.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// After the next frame (once the new view has rendered), focuses the first element
/// `selector` finds, if any.
pub fn focus_later(selector: String) {
    request_animation_frame(move || {
        let el = document().query_selector(&selector).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    });
}
