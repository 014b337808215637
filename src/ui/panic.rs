//! A panic hook that never leaves a silently dead page: it logs the panic to the
//! console and shows a banner with the message and a "Reload" button.
//! (The release build aborts after the hook, so the banner is plain DOM, not Leptos.)

use wasm_bindgen::JsCast;

/// Installs the hook. Call once, first thing in `start`.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&format!("NeuralScope panicked: {msg}").into());
        show_banner(&msg);
    }));
}

/// Shows the panic banner with `msg` (once; later calls keep the first).
pub fn show_banner(msg: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("panic-banner").is_some() {
        return;
    }
    let Ok(banner) = doc.create_element("div") else { return };
    banner.set_id("panic-banner");
    banner.set_attribute("role", "alert").ok();
    banner.set_attribute("data-testid", "panic-banner").ok();
    let text = doc.create_element("span").ok();
    if let Some(t) = &text {
        t.set_text_content(Some(&format!(
            "{}: {msg}. {}",
            crate::ui::i18n::t("Something went wrong inside NeuralScope and it stopped"),
            crate::ui::i18n::t(crate::ui::i18n::AFRESH)
        )));
        banner.append_child(t).ok();
    }
    if let Ok(btn) = doc.create_element("button") {
        btn.set_text_content(Some(crate::ui::i18n::t("Reload")));
        btn.set_attribute("data-testid", "panic-reload").ok();
        // The listener is the browser's own `location.reload`, bound to the
        // location: no inline handler (the page's CSP refuses those) and no Rust
        // closure (after a panic the wasm instance has aborted and must not be
        // called again).
        if let Some(reload) = reload_function() {
            btn.add_event_listener_with_callback("click", &reload).ok();
        }
        banner.append_child(&btn).ok();
    }
    if let Ok(b) = banner.dyn_into::<web_sys::HtmlElement>() {
        body.prepend_with_node_1(&b).ok();
    }
}

/// `location.reload`, bound to the page's location, as a plain JS function.
fn reload_function() -> Option<js_sys::Function> {
    let location = web_sys::window()?.location();
    let reload = js_sys::Reflect::get(&location, &"reload".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    Some(reload.bind0(&location))
}
