//! Leptos components and app state.
