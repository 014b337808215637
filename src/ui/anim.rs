//! The requestAnimationFrame loop (each view's frame loop, [`crate::ui::run`],
//! and the job panels run on it): it calls `on_frame(now_ms)` every display
//! frame until the returned [`FrameLoop`] is stopped; the training speed; the
//! adaptive training budget of a frame.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use wasm_bindgen::prelude::*;

/// A running animation loop; `stop` ends it.
#[derive(Clone)]
pub struct FrameLoop {
    alive: Arc<AtomicBool>, // Send + Sync, so `on_cleanup` can hold it
}

impl FrameLoop {
    /// Ends the loop (idempotent).
    pub fn stop(&self) {
        self.alive.store(false, Ordering::Relaxed);
    }
}

/// Where the frame callback lives: it schedules itself again from inside.
type Slot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Milliseconds since the page loaded (`performance.now()`).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Whether the student asked for less motion (`prefers-reduced-motion: reduce`): decorative
/// animation then stands still. Read through `matchMedia` by name (no extra web-sys feature).
pub fn reduced_motion() -> bool {
    let Some(w) = web_sys::window() else { return false };
    let call = js_sys::Reflect::get(&w, &"matchMedia".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    call.and_then(|f| f.call1(&w, &"(prefers-reduced-motion: reduce)".into()).ok())
        .and_then(|m| js_sys::Reflect::get(&m, &"matches".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Starts a loop that calls `on_frame(now_ms)` once per display frame.
pub fn start(on_frame: impl FnMut(f64) + 'static) -> FrameLoop {
    let alive = Arc::new(AtomicBool::new(true));
    let slot: Slot = Rc::new(RefCell::new(None));
    let on_frame = RefCell::new(on_frame);
    let (alive2, slot2) = (alive.clone(), slot.clone());
    *slot.borrow_mut() = Some(Closure::new(move |t: f64| {
        if !alive2.load(Ordering::Relaxed) {
            // The loop is over: no new frame is requested. The closure is not dropped
            // here (dropping a closure while it runs is an error in wasm-bindgen); its
            // few bytes stay, once per mounted view.
            return;
        }
        (on_frame.borrow_mut())(t);
        request(&slot2);
    }));
    request(&slot);
    FrameLoop { alive }
}

fn request(slot: &Slot) {
    if let (Some(w), Some(cb)) = (web_sys::window(), slot.borrow().as_ref()) {
        w.request_animation_frame(cb.as_ref().unchecked_ref()).ok();
    }
}

/// How fast a view trains: the one choice behind the playground's and the
/// recurrent view's speed menus, and the playground's `speed=` in links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    /// This many epochs per displayed frame (1 is for watching).
    PerFrame(u32),
    /// As many epochs as fit in the frame's time budget.
    Max,
}

impl Speed {
    /// The playground's choices, in menu order.
    pub const PLAYGROUND: [Speed; 5] = [Speed::PerFrame(1), Speed::PerFrame(5), Speed::PerFrame(25), Speed::PerFrame(100), Speed::Max];
    /// The recurrent view's choices, in menu order.
    pub const RNN: [Speed; 4] = [Speed::PerFrame(1), Speed::PerFrame(5), Speed::PerFrame(20), Speed::Max];

    /// Its label: "1 epoch/frame", "25 epochs/frame", "full speed".
    pub fn label(self) -> String {
        match self {
            Speed::PerFrame(n) => crate::ui::i18n::plural(n as usize, "{n} epoch/frame", "{n} epochs/frame"),
            Speed::Max => crate::ui::i18n::t("full speed").into(),
        }
    }

    /// As links and menus write it: the epochs per frame, or `max`.
    pub fn key(self) -> String {
        match self {
            Speed::PerFrame(n) => n.to_string(),
            Speed::Max => "max".into(),
        }
    }

    /// Reads a [`key`](Speed::key), if it is one of `offered`; the number is
    /// read as a number (`05` is 5).
    pub fn parse(s: &str, offered: &[Speed]) -> Option<Speed> {
        let speed = if s == "max" { Speed::Max } else { Speed::PerFrame(s.parse().ok()?) };
        offered.contains(&speed).then_some(speed)
    }
}

/// How long to train each frame so that frames keep coming at the display
/// rate: the budget shrinks by a fifth after a late frame and grows back
/// slowly (a twentieth of a millisecond per punctual frame), so it settles just
/// under what the frame can afford, whatever painting costs on this machine.
#[derive(Clone, Copy, Debug)]
pub struct FrameBudget {
    /// The current budget, ms.
    pub ms: f64,
    min_ms: f64,
    max_ms: f64,
    last_frame: Option<f64>,
    excused: bool,
}

impl FrameBudget {
    /// Display period assumed (60 Hz); a frame is late when it comes more than
    /// a fifth of a period after the previous one.
    const PERIOD_MS: f64 = 1000.0 / 60.0;

    /// A budget starting at `start_ms`, kept within `min_ms..=max_ms`.
    pub fn new(start_ms: f64, min_ms: f64, max_ms: f64) -> FrameBudget {
        FrameBudget { ms: start_ms.clamp(min_ms, max_ms), min_ms, max_ms, last_frame: None, excused: false }
    }

    /// A lab's budget: `ms` a frame while frames come on time, down to a
    /// millisecond on a device where they come late (a fixed budget kept the
    /// labs under 50 frames/s on a 4x-throttled classroom device).
    pub fn lab(ms: f64) -> FrameBudget {
        FrameBudget::new(ms, 1.0_f64.min(ms), ms)
    }

    /// Called at the start of each frame with its timestamp; returns the budget for it.
    pub fn frame(&mut self, now_ms: f64) -> f64 {
        if let (Some(last), false) = (self.last_frame, std::mem::take(&mut self.excused)) {
            let interval = now_ms - last;
            if interval > Self::PERIOD_MS * 1.2 {
                // a long gap (a hidden tab, a pause) says nothing about the budget
                if interval < Self::PERIOD_MS * 4.0 {
                    self.ms = (self.ms * 0.8).max(self.min_ms);
                }
            } else {
                self.ms = (self.ms + 0.05).min(self.max_ms);
            }
        }
        self.last_frame = Some(now_ms);
        self.ms
    }

    /// Says that this frame does extra work (a chart repaint): whether it runs
    /// late does not change the budget.
    pub fn excuse(&mut self) {
        self.excused = true;
    }

    /// Forgets the last frame's time (after a pause, so the gap is not counted).
    pub fn pause(&mut self) {
        self.last_frame = None;
    }
}

#[cfg(test)]
mod tests {
    use super::{FrameBudget, Speed};

    #[test]
    fn a_speed_reads_back_what_it_writes_if_offered() {
        for offered in [&Speed::PLAYGROUND[..], &Speed::RNN[..]] {
            for &s in offered {
                assert_eq!(Speed::parse(&s.key(), offered), Some(s));
            }
        }
        assert_eq!(Speed::parse("20", &Speed::RNN), Some(Speed::PerFrame(20)));
        assert_eq!(Speed::parse("20", &Speed::PLAYGROUND), None, "not offered there");
        assert_eq!(Speed::parse("max", &[Speed::PerFrame(1)]), None);
        assert_eq!(Speed::parse("x", &Speed::PLAYGROUND), None);
    }

    #[test]
    fn a_labs_budget_is_its_own_on_time_and_shrinks_to_a_millisecond_when_late() {
        let mut b = FrameBudget::lab(5.0);
        let mut t = 0.0;
        assert_eq!(b.frame(t), 5.0);
        for _ in 0..100 {
            t += 16.6;
            b.frame(t);
        }
        assert_eq!(b.ms, 5.0, "on time: never above its own");
        for _ in 0..30 {
            t += 33.4;
            b.frame(t);
        }
        assert_eq!(b.ms, 1.0, "late: down to a millisecond");
    }

    #[test]
    fn the_budget_shrinks_after_late_frames_and_grows_back_slowly() {
        let mut b = FrameBudget::new(8.0, 2.0, 12.0);
        let mut t = 0.0;
        assert_eq!(b.frame(t), 8.0);
        t += 16.7;
        assert!((b.frame(t) - 8.05).abs() < 1e-9, "a punctual frame grows it a little");
        t += 33.4;
        assert!((b.frame(t) - 8.05 * 0.8).abs() < 1e-9, "a late frame cuts a fifth");
        for _ in 0..20 {
            t += 33.4;
            b.frame(t);
        }
        assert_eq!(b.ms, 2.0, "never below the minimum");
        for _ in 0..1000 {
            t += 16.6;
            b.frame(t);
        }
        assert_eq!(b.ms, 12.0, "never above the maximum");
        t += 5000.0;
        assert_eq!(b.frame(t), 12.0, "a long gap is not a late frame");
        b.pause();
        assert_eq!(b.frame(t + 40.0), 12.0, "nor is the first frame after a pause");
        b.excuse();
        assert_eq!(b.frame(t + 80.0), 12.0, "nor a frame that was excused");
        assert!(b.frame(t + 120.0) < 12.0, "the next late frame counts again");
    }
}
