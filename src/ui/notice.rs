//! Notices shared by the views: the line naming what a link did not use.

use crate::ui::i18n::t;
use leptos::prelude::*;

/// A dismissable line naming what a link to a lab did not use.
#[component]
pub fn LinkNotice(text: String) -> impl IntoView {
    let open = RwSignal::new(true);
    view! {
        <Show when=move || open.get()>
            <div class="notice link-notice" role="status" data-testid="link-notice">
                <span>{text.clone()}</span>
                <button class="link" aria-label=t("Dismiss") on:click=move |_| open.set(false)>{t("Dismiss")}</button>
            </div>
        </Show>
    }
}
