//! Leptos components, app state, the animation loop and URL state.
//!
//! `start` installs the panic hook and mounts [`app::App`].

pub mod about;
pub mod anim;
pub mod app;
pub mod autoencoder;
pub mod baselines;
pub mod bench;
pub mod conv_lab;
pub mod files;
pub mod jobs;
pub mod lessons;
pub mod link_state;
pub mod loss_panel;
pub mod notice;
pub mod panic;
pub mod playground;
pub mod rnn;
pub mod run;
pub mod settings;
pub mod url;
pub mod widgets;
pub mod words;

/// Entry point of the web app (called by `main`).
pub fn start() {
    panic::install();
    leptos::mount::mount_to_body(app::App);
}
