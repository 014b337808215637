//! The worker pool: up to [`max_workers`] Web Workers, each running the
//! worker binary of `crates/jobs` (the engine itself, in its own small wasm).
//! Requests wait in a queue and go to the next free worker; replies wait in an
//! inbox the panel drains on its animation frame. Cancelling terminates every
//! worker at once (a trial in progress stops mid-epoch); the next job spawns
//! fresh ones.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use neuralscope_jobs::protocol::{Failure, Reply, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The worker's loader shim, written by trunk next to index.html
/// (`<link data-trunk rel="rust" data-type="worker" data-loader-shim …>`).
const WORKER_URL: &str = "neuralscope-worker_loader.js";

/// Hands `pool`'s replies to `on_reply` on every animation frame for as long as
/// the calling view lives; when the view is cleaned up, the loop stops and the
/// workers are terminated. (The jobs panel, which also counts its frames and
/// drains ten times a second, runs its own loop.)
pub fn take_replies_each_frame(pool: StoredValue<Pool, LocalStorage>, mut on_reply: impl FnMut(Reply) + 'static) {
    let frame_loop = crate::ui::anim::start(move |_| {
        for reply in pool.with_value(|p| p.drain()) {
            on_reply(reply);
        }
    });
    on_cleanup(move || {
        frame_loop.stop();
        pool.with_value(|p| p.cancel());
    });
}

/// Most workers a job uses: one per core the browser reports, at most four.
pub fn max_workers() -> usize {
    let cores = web_sys::window().map(|w| w.navigator().hardware_concurrency()).unwrap_or(1.0);
    if cores.is_finite() {
        (cores as usize).clamp(1, 4)
    } else {
        1
    }
}

/// One worker and the two callbacks it calls. The callbacks live exactly as long
/// as the slot, and the slot unregisters them (and ends the worker) before it
/// drops them: a message already on its way must find no handler rather than a
/// freed closure ("closure invoked recursively or after being dropped").
struct Slot {
    worker: Worker,
    ready: bool,
    busy: bool,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

#[derive(Default)]
struct Inner {
    slots: Vec<Slot>,
    queue: VecDeque<String>,
    inbox: Vec<Reply>,
    /// Bumped by every cancel: a message from a terminated worker is ignored.
    generation: u32,
}

/// The pool (cheap to clone: one shared state).
#[derive(Clone, Default)]
pub struct Pool(Rc<RefCell<Inner>>);

impl Pool {
    /// Runs `requests` on `workers` workers (clamped to 1..=[`max_workers`]),
    /// cancelling whatever ran before. Idle workers of the right number are
    /// reused; otherwise fresh ones are spawned. Err: the browser refused a worker.
    pub fn run(&self, requests: Vec<Request>, workers: usize) -> Result<(), String> {
        let workers = workers.clamp(1, max_workers());
        let reuse = {
            let inner = self.0.borrow();
            inner.slots.len() == workers && inner.slots.iter().all(|s| !s.busy) && inner.queue.is_empty()
        };
        if !reuse {
            self.cancel();
        }
        {
            let mut inner = self.0.borrow_mut();
            inner.inbox.clear();
            inner.queue = requests.iter().filter_map(|r| serde_json::to_string(r).ok()).collect();
        }
        if !reuse {
            for i in 0..workers {
                let slot = self.spawn(i)?;
                self.0.borrow_mut().slots.push(slot);
            }
        }
        let n = self.0.borrow().slots.len();
        for i in 0..n {
            dispatch(&mut self.0.borrow_mut(), i);
        }
        Ok(())
    }

    /// Stops everything now: every worker terminated, the queue emptied.
    pub fn cancel(&self) {
        let mut inner = self.0.borrow_mut();
        inner.slots.clear(); // each slot unregisters its callbacks and ends its worker (Drop)
        inner.queue.clear();
        inner.generation = inner.generation.wrapping_add(1);
    }

    /// The replies received since the last call.
    pub fn drain(&self) -> Vec<Reply> {
        std::mem::take(&mut self.0.borrow_mut().inbox)
    }

    /// Workers alive (spawned and not terminated).
    pub fn live(&self) -> usize {
        self.0.borrow().slots.len()
    }

    /// Workers running a request now.
    pub fn busy(&self) -> usize {
        self.0.borrow().slots.iter().filter(|s| s.busy).count()
    }

    fn spawn(&self, index: usize) -> Result<Slot, String> {
        let worker = Worker::new(WORKER_URL).map_err(|e| format!("The browser would not start a worker: {e:?}"))?;
        let generation = self.0.borrow().generation;
        let weak: Weak<RefCell<Inner>> = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(rc) = weak.upgrade() else { return };
            let mut inner = rc.borrow_mut();
            if inner.generation != generation || index >= inner.slots.len() {
                return;
            }
            let text = ev.data().as_string().unwrap_or_default();
            let reply = serde_json::from_str::<Reply>(&text).unwrap_or_else(|e| Reply::Failed {
                id: u32::MAX,
                message: crate::ui::i18n::fill(crate::ui::i18n::t("A worker sent a message the page cannot read ({why})."), &[("why", &e)]),
                why: Failure::Other,
            });
            if matches!(reply, Reply::Ready) {
                inner.slots[index].ready = true;
            } else {
                if reply.ends_request() {
                    inner.slots[index].busy = false;
                }
                inner.inbox.push(reply);
            }
            dispatch(&mut inner, index);
        });
        let weak: Weak<RefCell<Inner>> = Rc::downgrade(&self.0);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            ev.prevent_default();
            let Some(rc) = weak.upgrade() else { return };
            let mut inner = rc.borrow_mut();
            if inner.generation == generation {
                inner.inbox.push(Reply::Failed {
                    id: u32::MAX,
                    message: crate::ui::i18n::t("A worker stopped with an error (see the browser console).").into(),
                    why: Failure::Other,
                });
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Slot { worker, ready: false, busy: false, _on_message: on_message, _on_error: on_error })
    }
}

/// Gives slot `i` the next request if it is ready and idle.
fn dispatch(inner: &mut Inner, i: usize) {
    let Some(slot) = inner.slots.get(i) else { return };
    if !slot.ready || slot.busy {
        return;
    }
    let Some(msg) = inner.queue.pop_front() else { return };
    let slot = &mut inner.slots[i];
    if slot.worker.post_message(&JsValue::from_str(&msg)).is_ok() {
        slot.busy = true;
    }
}
