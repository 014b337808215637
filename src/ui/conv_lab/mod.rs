//! The convolution lab: a small conv net learns on tiny images; kernels and feature maps live.
use leptos::prelude::*;

/// The convolution lab view.
#[component]
pub fn ConvLab() -> impl IntoView {
    view! { <section class="conv-lab" data-testid="conv-lab"><p>"The convolution lab is being built."</p></section> }
}
