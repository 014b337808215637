//! Languages: English, Spanish and German. English is written in the code and
//! is the key (gettext's model): `t("Reset")` looks the English text up in the
//! chosen language's table (`es.txt`, `de.txt`), so the source stays readable
//! and English needs no table. The tables are not in the wasm: the build copies
//! them to `i18n/` (index.html), and a page in Spanish or German fetches its own
//! before the app mounts ([`load`]; the service worker keeps it for offline use), so
//! an English page downloads neither. Parameters are named, `{n}`,
//! filled by [`fill`]; plurals pick one of two keys ([`plural`]). The choice is
//! made once, before the app mounts (`#lang=es`, else the browser's
//! `navigator.languages`, else English): strings are not reactive, and the menu
//! changes the language by writing `lang=` into the address and reloading
//! (every setting lives in the address). See docs/i18n.md.

use std::cell::Cell;
use std::collections::HashMap;

/// A language of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
    De,
}

impl Lang {
    /// Every language, in the menu's order.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::De];

    /// The code links and `<html lang>` write (`es`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::De => "de",
        }
    }

    /// The language's own name, as the menu shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::De => "Deutsch",
        }
    }

    /// The language of a code or a browser's tag (`de-AT` is German).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The table of this language, compiled in for the native tests only (the page fetches it: [`load`]).
    #[cfg(test)]
    pub(crate) fn source(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Es => include_str!("es.txt"),
            Lang::De => include_str!("de.txt"),
        }
    }

    /// Where the page fetches this language's table: the file the build copies
    /// (index.html), with its content's hash as a query, so that a new table is
    /// never taken from an old HTTP cache (the service worker's lookup ignores it).
    pub fn table_url(self) -> Option<String> {
        let version = match self {
            Lang::En => return None,
            Lang::Es => TABLE_ES,
            Lang::De => TABLE_DE,
        };
        Some(format!("i18n/{}.txt?v={version:016x}", self.code()))
    }

    /// True where numbers are written with a decimal comma (0,5).
    pub fn decimal_comma(self) -> bool {
        self != Lang::En
    }
}

/// FNV-1a of a table, computed by the compiler: only the hash is in the wasm.
const fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}
const TABLE_ES: u64 = content_hash(include_bytes!("es.txt"));
const TABLE_DE: u64 = content_hash(include_bytes!("de.txt"));

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
    static FROM_LINK: Cell<bool> = const { Cell::new(false) };
    static TABLE: Cell<Option<&'static HashMap<&'static str, &'static str>>> = const { Cell::new(None) };
}

/// The page's language.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Whether the link named the language (then links keep `lang=`).
pub fn from_link() -> bool {
    FROM_LINK.with(Cell::get)
}

/// Sets the page's language (`from_link`: the address named it, so links keep it)
/// with its table's text (`""` for English).
pub fn set_lang(l: Lang, from_link: bool, source: &'static str) {
    LANG.with(|c| c.set(l));
    crate::render::text::set_decimal_comma(l.decimal_comma());
    FROM_LINK.with(|c| c.set(from_link));
    let table: &'static HashMap<&'static str, &'static str> = Box::leak(Box::new(parse(source).into_iter().collect()));
    TABLE.with(|c| c.set(Some(table)));
}

/// A table's pairs: an English line, then its translation on a line starting
/// with `= `; `#` starts a comment line; `\n` in either stands for a line break
/// (none of the texts has one today).
pub fn parse(src: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    let mut key: Option<&'static str> = None;
    for line in src.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match (line.strip_prefix("= "), key.take()) {
            (Some(text), Some(k)) => out.push((k, text)),
            (None, _) => key = Some(line),
            (Some(_), None) => {}
        }
    }
    out
}

/// `en` in the page's language (itself when the table has no entry: the
/// languages test names every such string).
pub fn t(en: &'static str) -> &'static str {
    TABLE.with(Cell::get).and_then(|m| m.get(en).copied()).unwrap_or(en)
}

/// [`t`] for a text known only at run time (a built-in lesson's texts).
pub fn t_owned(en: &str) -> String {
    TABLE.with(Cell::get).and_then(|m| m.get(en).copied()).unwrap_or(en).to_string()
}

/// Marks an English text as a key where it is kept for later (a table's
/// notice, a setting's "why"): the text itself; [`t`] or [`t_owned`] translates it where it is shown.
pub const fn mark(en: &'static str) -> &'static str {
    en
}

/// The engine's names shown in the menus and pictures (`Activation::name` and the
/// like): the code shows them through [`t`]; listed here so the tables hold them.
pub const ENGINE_NAMES: &[&str] = &[
    mark("SGD"),
    mark("momentum"),
    mark("Nesterov"),
    mark("Adam"),
    mark("RMSProp"),
    mark("linear"),
    mark("ReLU"),
    mark("leaky ReLU"),
    mark("ELU"),
    mark("sigmoid"),
    mark("tanh"),
    mark("softplus"),
    mark("GELU"),
    mark("swish"),
    mark("sine"),
    mark("step"),
    mark("softmax"),
    mark("mean squared error"),
    mark("cross-entropy"),
    mark("mean absolute error"),
    mark("valid"),
    mark("same"),
    mark("max"),
    mark("average"),
    mark("vertical edge"),
    mark("horizontal edge"),
    mark("diagonal edge"),
    mark("blur"),
    mark("sharpen"),
    mark("bars"),
    mark("shapes"),
    mark("circle"),
    mark("XOR (quadrants)"),
    mark("Gaussian clusters"),
    mark("spiral"),
    mark("two moons"),
    mark("checkerboard"),
    mark("XOR truth table"),
    mark("AND truth table"),
    mark("OR truth table"),
    mark("three blobs"),
    mark("three spirals"),
    mark("plane (regression)"),
    mark("multi-Gaussian (regression)"),
    mark("custom points"),
    mark("uniform ±0.5"),
    mark("Xavier/Glorot"),
    mark("He"),
    mark("all zero"),
    mark("no normalization"),
    mark("batch norm"),
    mark("layer norm"),
    mark("running parity (XOR of the bits so far)"),
    mark("up or down overall?"),
    mark("next value of a noisy sine"),
    mark("echo the bit of k steps ago"),
    mark("vertical"),
    mark("horizontal"),
    mark("diagonal \\"),
    mark("diagonal /"),
    mark("square"),
    mark("cross"),
    mark("triangle"),
];

/// `text` with each `{name}` replaced by its value.
pub fn fill(text: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = text.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// `one` or `other` (English keys, both translated) by `n`, with `{n}` filled.
pub fn plural(n: usize, one: &'static str, other: &'static str) -> String {
    fill(t(if n == 1 { one } else { other }), &[("n", &n)])
}

/// The fields of a built-in lesson shown to people (`lessons::table` translates them when it reads `builtin.json`).
pub const LESSON_TEXTS: [&str; 5] = ["title", "menu", "goal", "met", "first_part"];

/// The language a page opens in: `lang=` in the hash (a valid one), else the
/// first of the browser's languages that is offered, else English; and
/// whether the link named it.
pub fn choose(hash: &str, browser: &[String]) -> (Lang, bool) {
    // (this module reads the link by itself: every other module of the page uses it)
    let given = hash.trim_start_matches('#').split('&').filter_map(|kv| kv.strip_prefix("lang=")).next_back();
    if let Some(l) = given.and_then(|v| Lang::parse(v).filter(|l| l.code() == v)) {
        return (l, true);
    }
    (browser.iter().find_map(|b| Lang::parse(b)).unwrap_or(Lang::En), false)
}

/// The browser's languages, most wanted first (`navigator.languages`).
fn browser_languages() -> Vec<String> {
    let Some(w) = web_sys::window() else { return Vec::new() };
    w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()
}

/// Chooses the language before the app mounts: English is set at once (`None`);
/// another language is returned, with whether the link named it, for [`load`].
pub fn init() -> Option<(Lang, bool)> {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let (l, from_link) = choose(&hash, &browser_languages());
    if l == Lang::En {
        set_lang(l, from_link, "");
        set_html_lang(l);
        return None;
    }
    Some((l, from_link))
}

/// Fetches `l`'s table and sets the language (before the app mounts, so the first
/// frame is in it). A table that cannot be had (offline before any visit) leaves the
/// page in English, and says why in the console.
pub async fn load(l: Lang, from_link: bool) {
    match fetch_text(&l.table_url().unwrap_or_default()).await {
        Ok(text) => {
            set_lang(l, from_link, Box::leak(text.into_boxed_str()));
            set_html_lang(l);
        }
        Err(e) => {
            web_sys::console::warn_1(&format!("the {} table could not be loaded ({e}); the page stays in English", l.code()).into());
            set_lang(Lang::En, false, "");
            set_html_lang(Lang::En);
        }
    }
}

/// The body of a file of the site, as text.
async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| format!("{e:?}"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a Response")?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))?;
    text.as_string().ok_or_else(|| "not text".to_string())
}

/// Writes the language into `<html lang>`.
fn set_html_lang(l: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        root.set_attribute("lang", l.code()).ok();
    }
    set_banner_words();
}

/// What a banner saying the page stopped adds after its message (the panic banner's, and the
/// split loader's: [`set_banner_words`]).
pub const AFRESH: &str = mark("Reloading starts it afresh (your settings are kept in the address).");

/// The words of the banner the split loader shows from JavaScript when the rest of the
/// page's code cannot come (scripts/split_loader.js, `nsLaterFailed`), in the page's
/// language: `window.nsBannerWords` (JavaScript keeps its English words until then).
fn set_banner_words() {
    let Some(w) = web_sys::window() else { return };
    let words = js_sys::Object::new();
    for (key, text) in [
        ("reload", t("Reload")),
        ("afresh", t(AFRESH)),
        ("load", t("NeuralScope could not load the rest of its code")),
        ("damaged", t("NeuralScope's code came damaged")),
    ] {
        js_sys::Reflect::set(&words, &key.into(), &text.into()).ok();
    }
    js_sys::Reflect::set(&w, &"nsBannerWords".into(), &words).ok();
}

/// Opens the page afresh in `l`: `lang=` in the address, then a reload (the
/// strings are not reactive; every setting is in the address).
pub fn switch_to(l: Lang) {
    let Some(w) = web_sys::window() else { return };
    let hash = w.location().hash().unwrap_or_default();
    let code = format!("lang={}", l.code());
    let kept = hash.trim_start_matches('#').split('&').filter(|kv| !kv.is_empty() && *kv != "lang" && !kv.starts_with("lang="));
    let body = kept.chain([code.as_str()]).collect::<Vec<_>>().join("&");
    if let Ok(h) = w.history() {
        h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{body}"))).ok();
    }
    w.location().reload().ok();
}

/// The language menu of the top bar (`data-testid="lang"`): each language by its code (EN, ES, DE: the
/// top bar keeps to one line in presenter mode at 1024 px), its own name as the option's title.
#[leptos::component]
pub fn LangMenu() -> impl leptos::IntoView {
    use leptos::prelude::*;
    let now = lang();
    view! {
        <select class="lang-menu" data-testid="lang" aria-label=t("Language") title=t("Language")
            on:change=move |ev| {
                if let Some(l) = Lang::parse(&event_target_value(&ev)).filter(|l| *l != lang()) {
                    switch_to(l);
                }
            }>
            {Lang::ALL.into_iter().map(|l| view! {
                <option value=l.code() selected=l == now lang=l.code() title=l.name()>{l.code().to_uppercase()}</option>
            }).collect_view()}
        </select>
    }
}

#[cfg(test)]
mod tests;
