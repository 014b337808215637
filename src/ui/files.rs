//! The browser's file plumbing: offer a download, read a chosen or dropped
//! file as text, copy to the clipboard. Nothing read is ever executed or put
//! into the page as markup: callers get plain strings.

use crate::ui::i18n::{fill, t};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Largest file read (a 2,000-point CSV or a 8×16-neuron model is far smaller).
pub const MAX_FILE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

fn js_err(e: JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the browser refused".to_string())
}

/// Offers `text` as a download named `name`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(js_err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_err)?;
    let r = download_url(name, &url);
    // the download has started by the next task: the object URL can go then
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        web_sys::Url::revoke_object_url(&url).ok();
    });
    if let Some(w) = web_sys::window() {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000).ok();
    }
    r
}

/// Offers the resource at `url` (an object or data URL) as a download named `name`.
pub fn download_url(name: &str, url: &str) -> Result<(), String> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(js_err)?.dyn_into().map_err(|_| "no anchor".to_string())?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// The first file of an `<input type="file">` change event.
pub fn file_of_input(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let f = input.files()?.get(0);
    // the same file chosen again must fire `change` again
    input.set_value("");
    f
}

/// The first file of a drop.
pub fn file_of_drop(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    ev.data_transfer()?.files()?.get(0)
}

/// Reads a file as UTF-8 text (refusing files over [`MAX_FILE_BYTES`]).
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    if file.size() > MAX_FILE_BYTES {
        let (mb, max) = (format!("{:.1}", file.size() / 1048576.0), format!("{:.0}", MAX_FILE_BYTES / 1048576.0));
        return Err(fill(
            t("The file \"{file}\" is {mb} MB; at most {max} MB is read."),
            &[("file", &shorten(&file.name())), ("mb", &mb), ("max", &max)],
        ));
    }
    let v = JsFuture::from(file.text()).await.map_err(|e| fill(t("The file could not be read: {why}."), &[("why", &js_err(e))]))?;
    v.as_string().ok_or_else(|| t("The file could not be read as text.").to_string())
}

/// Copies `text` to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let w = web_sys::window().ok_or("no window")?;
    JsFuture::from(w.navigator().clipboard().write_text(text)).await.map(|_| ()).map_err(js_err)
}

/// A file name as a message may show it (at most 40 characters, no control characters).
pub fn shorten(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > 40 {
        format!("{}…", clean.chars().take(39).collect::<String>())
    } else {
        clean
    }
}

/// Fetches `assets/digits.csv.gz` (relative to the page) and parses it (the
/// convolution and autoencoder views train on it).
pub async fn fetch_digits() -> Result<crate::engine::data::images::ImageSet, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str("assets/digits.csv.gz"))
        .await
        .map_err(|e| format!("could not fetch assets/digits.csv.gz: {e:?}"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "fetch did not return a Response")?;
    if !resp.ok() {
        return Err(format!("assets/digits.csv.gz: HTTP {}", resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("could not read assets/digits.csv.gz: {e:?}"))?;
    crate::engine::data::images::digits_from_bytes(&js_sys::Uint8Array::new(&buf).to_vec())
}
