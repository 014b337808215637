//! One polite live region (issue 27, item 2): a screen reader hears what a sighted
//! student sees change: play, pause, a stop and its reason, a lesson's goal met and,
//! while training, at most every [`PROGRESS_MS`], the epoch and the test figures.
//! Nothing floods the reader: the progress waits that long after anything said.
//!
//! [`Announcer`] mounts the region once (in the app); the frame loop
//! ([`crate::ui::run`]) calls [`running`], [`stopped`] and [`progress`].

use std::cell::{Cell, RefCell};

use leptos::prelude::*;

use crate::engine::history::EpochStats;
use crate::engine::train::Stop;
use crate::ui::words;

/// The least time between the progress and anything said before it, ms.
pub const PROGRESS_MS: f64 = 10_000.0;

thread_local! {
    /// The region's text (None until the region is mounted, e.g. in a test mounting one view).
    static REGION: RefCell<Option<RwSignal<String>>> = const { RefCell::new(None) };
    /// When the region last spoke, ms on the frame clock.
    static LAST: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
}

/// Whether progress may be said at `now`, the region having last spoken at `last`.
fn due(last: f64, now: f64) -> bool {
    now - last >= PROGRESS_MS
}

/// The frame clock (performance.now) in the browser; natively a test's zero.
fn now_ms() -> f64 {
    if cfg!(target_arch = "wasm32") {
        crate::ui::anim::now_ms()
    } else {
        0.0
    }
}

/// Says `text` in the region (politely: after what the reader is saying). The same
/// words twice are said twice (the text changes by a no-break space).
pub fn say(text: String) {
    LAST.set(now_ms());
    REGION.with_borrow(|r| {
        if let Some(region) = r {
            region.update(|s| *s = if *s == text { format!("{text}\u{a0}") } else { text });
        }
    });
}

/// Training started, or paused without a stop (a stop says itself: [`stopped`]).
pub fn running(on: bool, stop: Option<Stop>) {
    if on {
        say(crate::ui::i18n::t(words::PLAYING).to_string());
    } else if stop.is_none() {
        say(crate::ui::i18n::t(words::PAUSED).to_string());
    }
}

/// Training stopped (or play was refused) and why.
pub fn stopped(s: &Stop) {
    say(words::stopped(s));
}

/// While training, on a slow frame at `now`: the epoch and the test figures
/// (`last` is asked only when due), at most every [`PROGRESS_MS`].
pub fn progress(now: f64, last: impl FnOnce() -> Option<EpochStats>) {
    if REGION.with_borrow(Option::is_none) || !due(LAST.get(), now) {
        return;
    }
    if let Some(s) = last() {
        say(words::progress(&s));
        LAST.set(now);
    }
}

/// The live region itself, visually hidden: mounted once, by the app.
#[component]
pub fn Announcer() -> impl IntoView {
    let text = RwSignal::new(String::new());
    REGION.set(Some(text));
    on_cleanup(|| REGION.set(None));
    // a lesson's goal met, with what it showed
    if let Some(lc) = crate::ui::lessons::lesson_ctx() {
        Effect::new(move |was: Option<bool>| {
            let met = lc.met.get();
            if met && was == Some(false) {
                if let Some(l) = lc.lesson_untracked() {
                    say(words::goal_met(&l.met));
                }
            }
            met
        });
    }
    view! {
        <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announce">{move || text.get()}</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_waits_ten_seconds_after_anything_said() {
        assert!(due(f64::NEG_INFINITY, 0.0));
        assert!(!due(1_000.0, 10_999.0));
        assert!(due(1_000.0, 11_000.0));
    }

    #[test]
    fn the_region_says_each_event_and_rate_limits_the_progress() {
        let owner = Owner::new();
        owner.with(|| {
            let text = RwSignal::new(String::new());
            REGION.set(Some(text));
            LAST.set(f64::NEG_INFINITY);
            let stats =
                EpochStats { epoch: 1200, train_loss: 0.02, test_loss: Some(0.021), train_accuracy: Some(0.99), test_accuracy: Some(0.98) };
            running(true, None);
            assert_eq!(text.get_untracked(), words::PLAYING);
            // said at 0 (the native clock): the progress waits until 10 s
            let mut asked = 0;
            progress(9_999.0, || {
                asked += 1;
                Some(stats)
            });
            assert_eq!((asked, text.get_untracked().as_str()), (0, words::PLAYING));
            progress(10_000.0, || Some(stats));
            assert_eq!(text.get_untracked(), "Epoch 1,200: test loss 0.021, test accuracy 98 %.");
            progress(15_000.0, || Some(stats));
            progress(19_999.0, || Some(stats));
            assert_eq!(text.get_untracked(), "Epoch 1,200: test loss 0.021, test accuracy 98 %.");
            // the same words again are still a change the reader hears
            progress(20_000.0, || Some(stats));
            assert_eq!(text.get_untracked(), "Epoch 1,200: test loss 0.021, test accuracy 98 %.\u{a0}");
            running(false, None);
            assert_eq!(text.get_untracked(), words::PAUSED);
            REGION.set(None);
        });
    }
}
