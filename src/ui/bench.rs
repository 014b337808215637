//! The benchmark page (`#view=bench`): runs the engine's benchmark cases
//! (`engine::bench`, the same code as `cargo run --release --example bench`) in
//! this browser and prints the figures, as text and as one JSON line.

use leptos::prelude::*;

use crate::engine::bench::{run_all, GRID_WARM_PASSES};
use crate::ui::anim::now_ms;

/// The benchmark page.
#[component]
pub fn BenchPage() -> impl IntoView {
    let result = RwSignal::new(None::<String>);
    // let the page paint "running…" first, then run (it blocks the page for a few seconds)
    set_timeout(
        move || {
            let r = run_all(7, &now_ms);
            let text = format!(
                "median of 7 runs, performance.now() in this browser; training in f32 unless said\n\
                 (a) XOR quadrants 2-4-2-1, eval every epoch : {:>9.0} epochs/s\n\
                 (b) spiral 7-8x6-1, eval every epoch        : {:>9.0} epochs/s\n\
                 (b) spiral 7-8x6-1, training only           : {:>9.0} epochs/s\n\
                 (b) the same in f64 (the reference)         : {:>9.0} epochs/s\n\
                 (b) 100x100 grid of every neuron            : {:>9.3} ms (after {}+ warm-up passes)\n{}",
                r.xor.epochs_per_sec,
                r.spiral.epochs_per_sec,
                r.spiral_train_only.epochs_per_sec,
                r.spiral_train_only_f64.epochs_per_sec,
                r.grid.median_ms,
                GRID_WARM_PASSES,
                serde_json::to_string(&r).unwrap_or_default()
            );
            result.set(Some(text));
        },
        std::time::Duration::from_millis(50),
    );
    view! {
        <main class="bench">
            <h2>"Engine benchmark (in this browser)"</h2>
            <pre data-testid="bench-results">{move || result.get().unwrap_or_else(|| "running…".into())}</pre>
        </main>
    }
}
