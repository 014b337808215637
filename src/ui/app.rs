//! The page: a top bar (brand, view tabs, lessons, About) over the chosen view —
//! the dense-network playground, the convolution, recurrent or autoencoder lab,
//! or the benchmark page.
use crate::ui::i18n::{fill, t};
use leptos::prelude::*;

use super::about::AboutDialog;
use super::bench::BenchPage;
use super::conv_lab::ConvLab;
use super::lessons::{self, LessonBar, LessonCtx, LessonsMenu};
use super::notice::LinkNotice;
use super::playground::Playground;
use super::url;

/// The views the top bar switches between; `view=conv` in the URL hash picks the lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Playground,
    Conv,
    /// The recurrent-net view (`view=rnn`).
    Rnn,
    /// The autoencoder view (`view=autoencoder`).
    Autoencoder,
    /// The benchmark page (no tab; reached by `#view=bench`).
    Bench,
}

impl View {
    /// The view a lesson happens in.
    fn of_lesson(v: lessons::format::LessonView) -> View {
        use lessons::format::LessonView as L;
        match v {
            L::Playground => View::Playground,
            L::Conv => View::Conv,
            L::Rnn => View::Rnn,
            L::Autoencoder => View::Autoencoder,
        }
    }

    fn from_hash(hash: &str) -> View {
        if let Some(v) =
            lessons::lesson_in_hash(hash, &super::playground::lesson_link::RULES).ok().flatten().and_then(lessons::labs::lab_view)
        {
            return View::of_lesson(v);
        }
        match url::view_choice(&url::parse_pairs(hash)).0 {
            "conv" => View::Conv,
            "rnn" => View::Rnn,
            "autoencoder" => View::Autoencoder,
            "bench" => View::Bench,
            _ => View::Playground,
        }
    }
}

/// What a link opening the bench page did not use: it keeps no settings in the
/// address, so every key but `view` is ignored, and said to be. (The other
/// views name what they did not use of their own settings.)
fn ignored_link_keys(hash: &str) -> Option<String> {
    let pairs = url::parse_pairs(hash);
    let mut notes: Vec<String> = url::view_choice(&pairs).1.into_iter().collect();
    let mut keys: Vec<String> = Vec::new();
    for (k, _) in pairs.iter().filter(|(k, _)| k != "view" && k != "lang") {
        let k = url::shown_key(k);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    if !keys.is_empty() {
        notes.push(fill(t("ignored, as this view keeps no settings in the address: {keys}"), &[("keys", &keys.join(", "))]));
    }
    (!notes.is_empty()).then(|| fill(t("The address was not used as written: {notes}."), &[("notes", &notes.join("; "))]))
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let about_open = RwSignal::new(false);
    let view = RwSignal::new(View::from_hash(&url::read_hash()));
    // A link pasted into the open tab changes only the hash: the page then opens
    // it afresh (the view it names, its settings), as a new tab would. The page's
    // own writes use history.replaceState, which fires no hashchange.
    let opened = RwSignal::new(0u32);
    let lesson_ctx = LessonCtx {
        active: RwSignal::new(lessons::lesson_in_hash(&url::read_hash(), &super::playground::lesson_link::RULES).ok().flatten()),
        met: RwSignal::new(false),
        part: RwSignal::new(false),
        compared: RwSignal::new(false),
    };
    provide_context(lesson_ctx);
    // presenter mode: a class on the root element (the CSS raises every size, canvases read it too)
    let presenter = RwSignal::new(false);
    Effect::new(move |_| {
        let on = presenter.get();
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            root.set_class_name(if on { "presenter" } else { "" });
        }
        // canvases size their labels from it: repaint them at their new sizes
        crate::render::canvas::notify_resized();
    });
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = url::read_hash();
        // a pasted link in another language opens the page afresh in it (the strings are not reactive)
        let (l, named) = super::i18n::choose(&hash, &[]);
        if named && l != super::i18n::lang() {
            super::i18n::switch_to(l);
            return;
        }
        lesson_ctx.active.set(lessons::lesson_in_hash(&hash, &super::playground::lesson_link::RULES).ok().flatten());
        lesson_ctx.met.set(false);
        lesson_ctx.part.set(false);
        lesson_ctx.compared.set(false);
        view.set(View::from_hash(&hash));
        opened.update(|n| *n += 1);
    });
    // opens lesson n afresh (0: leaves the lesson), as its link would
    let open_lesson = Callback::new(move |n: usize| {
        lesson_ctx.met.set(false);
        lesson_ctx.part.set(false);
        lesson_ctx.compared.set(false);
        if n == 0 {
            url::write_hash("");
            lesson_ctx.active.set(None);
            view.set(View::Playground);
        } else if let Some(l) = lessons::table::builtin().get(n - 1) {
            url::write_hash(&format!("lesson={n}"));
            lesson_ctx.active.set(Some(l));
            view.set(View::of_lesson(l.view));
        }
        opened.update(|k| *k += 1);
    });
    on_cleanup(move || listener.remove());
    let tab = move |v: View, label: &'static str, testid: &'static str| {
        view! {
            <button class="tab" class:active=move || view.get() == v data-testid=testid
                aria-pressed=move || (view.get() == v).to_string()
                on:click=move |_| {
                    if view.get_untracked() != v {
                        // each view writes its own state into the hash; start the new one clean
                        lesson_ctx.active.set(None);
                        lesson_ctx.met.set(false);
                        lesson_ctx.part.set(false);
                        url::write_hash(match v { View::Conv => "view=conv", View::Rnn => "view=rnn", View::Autoencoder => "view=autoencoder", _ => "" });
                        view.set(v);
                    }
                }>{label}</button>
        }
    };
    view! {
        <div class="app">
            <header class="top-bar" data-testid="top-bar">
                <div class="brand">
                    <img src="assets/favicon.svg" alt="" class="logo" />
                    <h1>"NeuralScope"</h1>
                </div>
                <nav class="tabs" aria-label=t("Views")>
                    {tab(View::Playground, t("Playground"), "tab-playground")}
                    {tab(View::Conv, t("Convolution"), "tab-conv")}
                    {tab(View::Rnn, t("Recurrent"), "tab-rnn")}
                    {tab(View::Autoencoder, t("Autoencoder"), "tab-autoencoder")}
                </nav>
                <LessonsMenu open=open_lesson />
                <div class="spacer"></div>
                <super::i18n::LangMenu />
                <button class="tab" class:active=move || presenter.get() data-testid="presenter"
                    aria-pressed=move || presenter.get().to_string()
                    title=t("Presenter mode: larger type and fewer controls, for a projector")
                    on:click=move |_| presenter.update(|p| *p = !*p)>{t("Presenter")}</button>
                <button class="link" data-testid="about" on:click=move |_| about_open.set(true)>{t("About")}</button>
            </header>
            <LessonBar open=open_lesson />
            {move || {
                opened.track();
                let v = view.get();
                // the playground and the labs read their own settings and name what they did not use
                let note = (v == View::Bench).then(|| ignored_link_keys(&url::read_hash())).flatten();
                let page = match v {
                    View::Playground => view! { <Playground /> }.into_any(),
                    View::Conv => view! { <ConvLab /> }.into_any(),
                    View::Rnn => view! { <super::rnn::RnnView /> }.into_any(),
                    View::Autoencoder => view! { <super::autoencoder::AutoencoderView /> }.into_any(),
                    View::Bench => view! { <BenchPage /> }.into_any(),
                };
                view! { {note.map(|text| view! { <LinkNotice text /> })} {page} }.into_any()
            }}
            <AboutDialog open=about_open />
            <super::announce::Announcer />
        </div>
    }
}
