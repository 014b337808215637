//! One requestAnimationFrame loop per view: it calls `on_frame(now_ms)` every
//! display frame until the returned [`FrameLoop`] is stopped (views stop it in
//! `on_cleanup`).

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

/// Milliseconds since the page loaded (`performance.now()`).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Starts a loop that calls `on_frame(now_ms)` once per display frame.
pub fn start(on_frame: impl FnMut(f64) + 'static) -> FrameLoop {
    type Slot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;
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

fn request(slot: &Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>) {
    if let (Some(w), Some(cb)) = (web_sys::window(), slot.borrow().as_ref()) {
        w.request_animation_frame(cb.as_ref().unchecked_ref()).ok();
    }
}
