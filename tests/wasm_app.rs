//! Browser tests: mount the real App in headless Chromium and look at the DOM.
//! Run by `make test` through `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

use neuralscope::ui::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts the App into a fresh div and returns that div.
fn mount_app() -> web_sys::HtmlElement {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), App);
    handle.forget();
    host
}

fn by_testid(root: &web_sys::HtmlElement, id: &str) -> Option<web_sys::Element> {
    root.query_selector(&format!("[data-testid='{id}']")).unwrap()
}

#[wasm_bindgen_test]
fn app_mounts_with_its_regions() {
    let root = mount_app();
    for region in ["top-bar", "controls-column", "network-column", "output-column", "run-controls"] {
        assert!(by_testid(&root, region).is_some(), "region {region} is missing");
    }
    assert!(root.text_content().unwrap_or_default().contains("NeuralScope"));
}

#[wasm_bindgen_test]
async fn about_opens_and_closes() {
    let root = mount_app();
    assert!(by_testid(&root, "about-dialog").is_none());
    let about: web_sys::HtmlElement = by_testid(&root, "about").unwrap().unchecked_into();
    about.click();
    leptos::task::tick().await;
    let dialog = by_testid(&root, "about-dialog").expect("About dialog opens");
    assert!(dialog.text_content().unwrap().contains("CC BY 4.0"), "About credits the digits data");
}

#[wasm_bindgen_test]
fn panic_banner_shows_the_message_and_a_reload_button() {
    neuralscope::ui::panic::show_banner("test message 42");
    let banner = document().get_element_by_id("panic-banner").expect("banner shown");
    assert!(banner.text_content().unwrap().contains("test message 42"));
    let button = banner.query_selector("button").unwrap().expect("reload button");
    assert_eq!(button.text_content().unwrap(), "Reload");
    banner.remove();
}
