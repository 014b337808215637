//! Prepare for class (issue 26, item 2): a panel (`data-testid="prepare-class"`)
//! in every view lists the view's groups of controls, each with a show tick;
//! the groups hidden travel in the link (`hide=features,advanced`), so students
//! open a page with only what the lesson needs, and the teacher shows them
//! again from the same panel (which is never hidden).
//!
//! Each view lists its groups once, beside its settings table: a key (as the
//! link writes it), words for the tick, and the CSS selector of what it hides
//! (the page's own elements, by their test ids). A `<style>` the panel writes
//! hides them, so a panel drawn later (a `Show`) is hidden too.

use crate::ui::i18n::t;
use leptos::prelude::*;

use crate::ui::settings::{Setting, When};

/// One group of controls a teacher may hide.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Group {
    /// Its name in a link's `hide=`.
    pub key: &'static str,
    /// What the tick says.
    pub label: &'static str,
    /// What it hides (a CSS selector list).
    pub selector: &'static str,
}

/// Settings that carry the hidden groups (a view's settings value, or a lab's context of signals).
pub trait Prepared: 'static {
    /// The view's groups, in the order the panel lists them and links write them.
    const GROUPS: &'static [Group];
    /// The keys of the hidden groups, in [`GROUPS`](Self::GROUPS) order.
    fn hidden(&self) -> Vec<&'static str>;
    fn set_hidden(&mut self, keys: Vec<&'static str>);
}

/// A link's `hide=` value read against `groups`: the known keys (in the
/// groups' order) and the names no group has.
pub fn parse(groups: &'static [Group], v: &str) -> (Vec<&'static str>, Vec<String>) {
    let names: Vec<&str> = v.split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
    let known = groups.iter().filter(|g| names.contains(&g.key)).map(|g| g.key).collect();
    let unknown = names.iter().filter(|n| !groups.iter().any(|g| g.key == **n)).map(|n| crate::ui::url::shown_key(n)).collect();
    (known, unknown)
}

fn hide_of<S: Prepared>(s: &S) -> String {
    s.hidden().join(",")
}
/// Hides the known groups; false (the notice names the others) when a name is no group's.
fn put_hide<S: Prepared>(s: &mut S, v: &str) -> bool {
    let (known, unknown) = parse(S::GROUPS, v);
    s.set_hidden(known);
    unknown.is_empty()
}
fn has_hidden<S: Prepared>(s: &S) -> bool {
    !s.hidden().is_empty()
}

/// The settings row `hide=features,advanced` (written only when a group is hidden).
pub const fn hide_row<S: Prepared>() -> Setting<S> {
    Setting::text("hide", When::Live, hide_of::<S>, put_hide::<S>).written_if(has_hidden::<S>)
}

/// How a notice names the `hide=` names no group of `S` has (None for another key).
pub fn refused<S: Prepared>(key: &str, v: &str) -> Option<String> {
    (key == "hide")
        .then(|| crate::ui::words::unknown_groups(&parse(S::GROUPS, v).1, S::GROUPS.iter().map(|g| g.key)))
        .or_else(|| crate::ui::settings::lang_refused(key, v))
}

/// `Prepared` for a lab's context of signals, on its `hidden_groups` signal, with its `GROUPS`.
macro_rules! lab_prepared {
    ($ctx:ty, $groups:expr) => {
        impl $crate::ui::prepare::Prepared for $ctx {
            const GROUPS: &'static [$crate::ui::prepare::Group] = $groups;
            fn hidden(&self) -> Vec<&'static str> {
                leptos::prelude::Get::get(&self.hidden_groups)
            }
            fn set_hidden(&mut self, keys: Vec<&'static str>) {
                leptos::prelude::Set::set(&self.hidden_groups, keys)
            }
        }
    };
}
pub(crate) use lab_prepared;

/// The CSS that hides `hidden` of `groups`.
pub fn hiding_css(groups: &[Group], hidden: &[&str]) -> String {
    groups.iter().filter(|g| hidden.contains(&g.key)).map(|g| format!("{} {{ display: none !important; }}\n", g.selector)).collect()
}

/// The panel: a tick per group (ticked: shown), "Copy link", and the style that hides.
#[component]
pub fn PreparePanel(
    groups: &'static [Group],
    #[prop(into)] hidden: Signal<Vec<&'static str>>,
    set: Callback<Vec<&'static str>>,
) -> impl IntoView {
    let message = RwSignal::new(String::new());
    let toggle = move |key: &'static str, show: bool| {
        let now = hidden.get_untracked();
        let next = groups.iter().map(|g| g.key).filter(|k| if *k == key { !show } else { now.contains(k) }).collect();
        set.run(next);
        message.set(String::new());
    };
    let copy = move |_| {
        let link = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        leptos::task::spawn_local(async move {
            let copied = crate::ui::files::copy_text(&link).await.is_ok();
            // the view may have gone while the clipboard answered (found by the random-use
            // suite: Copy link, then Back): then there is nobody to tell
            let _ = message.try_set(crate::ui::words::prepared_link(&link, copied));
        });
    };
    view! {
        <style data-testid="prepare-style">{move || hidden.with(|h| hiding_css(groups, h))}</style>
        <details class="prepare-class" data-testid="prepare-class">
            <summary>{t("Prepare for class")}
                <Show when=move || hidden.with(|h| !h.is_empty())>
                    <span class="prepare-count">{move || crate::ui::i18n::fill(crate::ui::i18n::t(" ({n} hidden)"), &[("n", &hidden.with(Vec::len))])}</span>
                </Show>
            </summary>
            <p class="hint">{t("Untick what your students should not see; then copy the link: it opens the page with only the ticked controls. Tick them again here.")}</p>
            <div class="prepare-groups">
                {groups.iter().map(|g| {
                    let key = g.key;
                    view! {
                        <label class="prepare-group">
                            <input type="checkbox" data-testid=format!("prepare-show-{key}")
                                prop:checked=move || hidden.with(|h| !h.contains(&key))
                                on:change=move |ev| toggle(key, event_target_checked(&ev)) />
                            " "{crate::ui::i18n::t(g.label)}
                        </label>
                    }
                }).collect_view()}
            </div>
            <button data-testid="prepare-copy-link" title=t("Copy the address of this page, with what is hidden") on:click=copy>{t("Copy link")}</button>
            <Show when=move || !message.with(String::is_empty)>
                <p class="prepare-message" role="status" data-testid="prepare-message">{move || message.get()}</p>
            </Show>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static GROUPS: [Group; 3] = [
        Group { key: "data", label: crate::ui::i18n::mark("Data"), selector: ".data" },
        Group { key: "features", label: crate::ui::i18n::mark("Features"), selector: ".features" },
        Group { key: "advanced", label: crate::ui::i18n::mark("More"), selector: "[data-testid=advanced]" },
    ];

    #[test]
    fn a_hide_list_reads_in_the_groups_order_and_names_strangers() {
        assert_eq!(parse(&GROUPS, "advanced,data"), (vec!["data", "advanced"], vec![]));
        assert_eq!(parse(&GROUPS, "features, bogus,,x<y"), (vec!["features"], vec!["bogus".to_string(), "x<y".to_string()]));
        assert_eq!(hiding_css(&GROUPS, &["advanced"]), "[data-testid=advanced] { display: none !important; }\n");
        assert_eq!(hiding_css(&GROUPS, &[]), "");
    }
}
