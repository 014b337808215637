//! The playground: a dense network learns 2-D data, live.
//!
//! Data flow (see DESIGN.md): controls write `settings`; an effect compares the
//! structural part with the running session — a change rebuilds it (and says so),
//! a live change (learning rate, regularization, optimizer, dropout, batch size)
//! is passed to the running trainer. One animation loop trains for a time budget
//! each frame, then notifies `frame`; every canvas repaints from the session.

pub mod activation_view;
pub mod as_text;
pub mod backprop;
pub mod controls;
pub mod data_panel;
pub mod draw;
pub mod grad_health;
mod hosts;
pub mod inspector;
pub mod io_panel;
pub mod lesson_author;
pub mod lesson_link;
#[cfg(test)]
mod lesson_runs;
pub mod loss_chart;
pub mod network_view;
pub mod output_view;
pub mod session;
pub mod share;
pub mod state;

use crate::ui::i18n::t;
use leptos::prelude::*;

use crate::ui::anim;
use crate::ui::lessons;
use crate::ui::run;
use crate::ui::url;
use crate::ui::words;
use session::Session;

/// Milliseconds of training per frame at top speed: where it starts, and the
/// bounds it adapts within ([`anim::FrameBudget`]) so that training plus
/// painting fit the display's frame on this machine.
pub const TRAIN_BUDGET_MS: (f64, f64, f64) = (6.0, 2.0, 12.0);

/// Shared handles of the playground, provided as context to its panels.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// Every setting (mirrored in the URL).
    pub settings: RwSignal<state::Settings>,
    /// The running experiment (None only if the settings cannot be built).
    pub session: StoredValue<Option<Session>, LocalStorage>,
    /// Fires after each frame that changed the session.
    pub frame: Trigger,
    /// Fires at most ten times a second while training (and after every other
    /// change): the plotters charts repaint on it, leaving the frame to training
    /// and the heatmaps.
    pub slow_frame: Trigger,
    /// Fires on the frame after each `slow_frame` while training (and with it
    /// otherwise): the activation chart repaints on it, so that the two charts'
    /// costs fall in different frames.
    pub next_slow_frame: Trigger,
    /// Fires when a canvas changed CSS size: views that paint only on their
    /// own changes (the data thumbnails) repaint on it.
    pub resized: Trigger,
    /// True once the first epoch was painted, or once the page has stood paused
    /// [`REST_PAUSED_MS`] after its first paint: pictures a first epoch does not need
    /// (the data thumbnails) are painted from then on (`mount_rest_later`).
    pub settled: RwSignal<bool>,
    /// Training runs while true.
    pub playing: RwSignal<bool>,
    /// Why training stopped (the session's [`Session::stop`], as last published).
    pub stop: RwSignal<Option<crate::engine::train::Stop>>,
    /// A dismissable one-line notice (rebuilds, URL fallbacks).
    pub notice: RwSignal<Option<String>>,
    /// Epoch counter shown in the run bar (updated each frame).
    pub epoch: RwSignal<u64>,
    /// Show the frames/s and epochs/s readout.
    pub show_meter: RwSignal<bool>,
    /// The point the forward-pass inspector and the backprop stepper explain (raw x1, x2).
    pub inspect: RwSignal<(f64, f64)>,
    /// The inspector is open (it computes only then).
    pub inspector_open: RwSignal<bool>,
    /// The gradient-health chart is open (it draws only then).
    pub grad_open: RwSignal<bool>,
    /// The error signals δ the backprop stepper is showing, per layer (output
    /// layer last): while set, the diagram animates them flowing backwards.
    pub flow: RwSignal<Option<Vec<Vec<f64>>>>,
    /// Drawing points on the output (draw.rs).
    pub draw: RwSignal<draw::Draw>,
    /// The settings' target that pauses the run, and the one met.
    pub stop_at: crate::ui::stop_at::StopAt,
}

impl Ctx {
    /// Reads the session (None before it exists).
    pub fn with_session<R>(&self, f: impl FnOnce(&Session) -> R) -> Option<R> {
        self.session.try_with_value(|s| s.as_ref().map(f)).flatten()
    }
    /// Changes the session, then notifies the views.
    pub fn update_session(&self, f: impl FnOnce(&mut Session)) {
        self.session.try_update_value(|s| {
            if let Some(s) = s.as_mut() {
                f(s)
            }
        });
        self.after_change();
    }
    /// Notifies every view (after the session was replaced or changed).
    pub fn after_change(&self) {
        run::changed(self.session, self.signals());
    }
    /// The signals the frame loop publishes to: `frame` every frame,
    /// `slow_frame` (with the epoch counter) at most ten times a second while
    /// training (the counter spins too fast to read at 60 Hz anyway, and every
    /// text change costs the page a layout and a repaint), `next_slow_frame`
    /// the frame after.
    pub fn signals(&self) -> run::RunSignals<u64> {
        run::RunSignals {
            running: self.playing,
            stop: self.stop,
            stats: self.epoch,
            tick: self.frame,
            slow: self.slow_frame,
            after_slow: Some(self.next_slow_frame),
            resized: Some(self.resized),
        }
    }
    /// Play or pause (a stopped session stays paused).
    pub fn toggle(&self) {
        run::toggle(self.session, self.signals());
    }
    /// Pauses and trains one epoch (`whole_epoch`) or one mini-batch.
    pub fn step(&self, whole_epoch: bool) {
        run::step(self.session, self.signals(), |s| {
            if let Some(s) = s.as_mut() {
                s.step(whole_epoch)
            }
        });
    }
    /// Rebuilds the session from the current settings (the reset button).
    pub fn reset(&self) {
        let cfg = self.settings.with_untracked(|s| s.cfg.clone());
        self.playing.set(false);
        match Session::new(&cfg) {
            Ok(s) => self.session.set_value(Some(s)),
            Err(e) => self.notice.set(Some(e)),
        }
        self.after_change();
    }
}

/// The playground view.
#[component]
pub fn Playground() -> impl IntoView {
    let (initial, bad) = lesson_link::settings_from_hash(&url::read_hash());
    let lesson = lessons::lesson_ctx();
    let first = Session::new(&initial.cfg).ok();
    let first_point = first.as_ref().and_then(|s| s.trainer.dataset().train.first().map(|p| (p.x1, p.x2))).unwrap_or((0.0, 0.0));
    let settings = RwSignal::new(initial);
    let ctx = Ctx {
        settings,
        session: StoredValue::new_local(first),
        frame: Trigger::new(),
        slow_frame: Trigger::new(),
        next_slow_frame: Trigger::new(),
        resized: Trigger::new(),
        settled: RwSignal::new(false),
        playing: RwSignal::new(false),
        stop: RwSignal::new(None),
        notice: RwSignal::new(state::TABLE.notice(&bad)),
        epoch: RwSignal::new(0),
        show_meter: RwSignal::new(false),
        inspect: RwSignal::new(first_point),
        inspector_open: RwSignal::new(false),
        grad_open: RwSignal::new(lesson.and_then(|l| l.lesson_untracked()).is_some_and(|l| l.grad_health)),
        flow: RwSignal::new(None),
        draw: RwSignal::new(draw::Draw::default()),
        stop_at: crate::ui::stop_at::StopAt::new(Signal::derive(move || settings.with(|s| s.stop_at))),
    };
    provide_context(ctx);

    // settings → URL, and settings → session (rebuild or live change)
    Effect::new(move |_| {
        let s = ctx.settings.get();
        let open = lesson.and_then(|l| l.active.get_untracked());
        url::write_hash(&lesson_link::hash_with_lesson(open, &s.to_hash()));
        let rebuild = ctx.with_session(|sess| sess.needs_rebuild(&s.cfg)).unwrap_or(true);
        if rebuild {
            let old = ctx.with_session(|sess| sess.trainer.config().clone());
            match Session::new(&s.cfg) {
                Ok(new) => {
                    if let Some(old) = old {
                        // the settings the running network was built from (the view options do not matter here)
                        let old = state::Settings { cfg: old, ..s.clone() };
                        let why = state::TABLE.rebuild_reason(&old, &s).unwrap_or(crate::ui::i18n::mark("the setup changed"));
                        ctx.notice.set(Some(words::rebuilt(why)));
                    }
                    ctx.session.set_value(Some(new));
                    ctx.playing.set(false);
                }
                Err(e) => ctx.notice.set(Some(format!("These settings cannot be trained: {e}"))),
            }
            ctx.after_change();
        } else {
            let mut err = None;
            ctx.session.try_update_value(|sess| {
                if let Some(sess) = sess.as_mut() {
                    err = sess.apply_live(&s.cfg).err();
                }
            });
            if let Some(e) = err {
                ctx.notice.set(Some(e));
            }
            ctx.after_change(); // a new rate may have lifted a stop
        }
    });

    // the one frame loop: train for an adaptive budget, then notify the views; pausing settles
    let (start, min, max) = TRAIN_BUDGET_MS;
    let speed = Signal::derive(move || ctx.settings.with(|s| s.speed));
    run::start(ctx.session, ctx.signals(), run::RunConfig { budget: anim::FrameBudget::new(start, min, max), speed, stop_at: ctx.stop_at });

    // keyboard: space plays and pauses, → steps an epoch, r resets (never while typing)
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let tag = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .map(|e| e.tag_name().to_ascii_lowercase())
            .unwrap_or_default();
        let typing = matches!(tag.as_str(), "input" | "select" | "textarea");
        match shortcut(&ev.key(), typing, matches!(tag.as_str(), "button" | "summary" | "a")) {
            Some(Shortcut::PlayPause) => {
                ev.prevent_default();
                ctx.toggle();
            }
            Some(Shortcut::Step) => {
                ev.prevent_default();
                ctx.step(true);
            }
            Some(Shortcut::Reset) => ctx.reset(),
            None => {}
        }
    });
    on_cleanup(move || keys.remove());

    // the open lesson's goal, checked after every slow frame
    let tracker = StoredValue::new_local((lessons::goals::Tracker::new(), None::<u64>));
    Effect::new(move |_| {
        ctx.slow_frame.track();
        let Some(lc) = lesson else { return };
        let compared = lc.compared.get();
        let Some(l) = lc.lesson_untracked() else { return };
        let (met, part) = tracker
            .try_update_value(|(tr, seen)| {
                let page = ctx.settings.get_untracked();
                ctx.with_session(|s| lesson_link::snapshot(s, seen, compared, &page))
                    .map(|snap| (tr.observe(&l.check, &snap), tr.first_part()))
            })
            .flatten()
            .unwrap_or((false, false));
        if met != lc.met.get_untracked() {
            lc.met.set(met);
        }
        if part != lc.part.get_untracked() {
            lc.part.set(part);
        }
    });
    let classes = move || {
        let mut c = String::from("playground");
        // the groups a lesson hides are the page's own (Prepare for class's `hide=`, set from the lesson)
        if lesson.and_then(|l| l.lesson()).is_some() {
            c.push_str(" in-lesson");
        }
        c
    };

    // the first visit's order: the run bar, the data, the network and the output mount
    // first; the rest (charts, drawing, comparisons, the panels below) once the first epoch
    // is trained, or when the page has stood paused for a moment (see `mount_rest_later`)
    let rest = mount_rest_later(ctx);
    let later = move |v: fn() -> AnyView| move || rest.get().then(v);

    view! {
        // data-mounting: the rest is still to mount (the e2e fixture waits for it to go)
        <div class=classes data-mounting=move || (!rest.get()).then_some("rest")>
            <controls::RunBar />
            <controls::NoticeLine />
            <main class="columns">
                <section class="column controls-column" data-testid="controls-column" aria-label=t("Data and controls")>
                    <data_panel::DataPanel />
                    {later(|| view! { <io_panel::IoPanel /> }.into_any())}
                </section>
                <section class="column network-column" data-testid="network-column" aria-label=t("The network")>
                    <network_view::NetworkView />
                </section>
                <section class="column output-column" data-testid="output-column" aria-label=t("Output and charts")>
                    <output_view::OutputView />
                    {later(move || {
                        let ctx = self::ctx();
                        let compare = move || lessons::lesson_ctx().and_then(|l| l.lesson()).is_some_and(|l| l.check.contains(&lessons::goals::Check::Compared));
                        view! {
                            <draw::DrawTools />
                            <crate::ui::baselines::BaselinesPanel host=hosts::baselines_host(ctx) />
                            <Show when=compare>
                                <lessons::compare::BatchCompare cfg=hosts::compared_cfg(ctx) resized=ctx.resized />
                            </Show>
                            <loss_chart::LossChart />
                            <grad_health::GradHealth />
                            <activation_view::ActivationView />
                        }
                        .into_any()
                    })}
                </section>
            </main>
            {later(|| {
                let ctx = self::ctx();
                view! {
                    <inspector::Inspector />
                    <backprop::Backprop />
                    <controls::AdvancedPanel />
                    <crate::ui::jobs::JobsPanel host=hosts::jobs_host(ctx) />
                    <lesson_author::AuthorPanel />
                }
                .into_any()
            })}
        </div>
    }
}

/// Milliseconds the page stands paused after its first paint before the rest of it
/// mounts (a first epoch started sooner mounts it at once); [`REST_PLAYING_MS`] when
/// playing without an epoch yet (a session that cannot train still gets its panels).
pub const REST_PAUSED_MS: u64 = 200;
/// See [`REST_PAUSED_MS`].
pub const REST_PLAYING_MS: u64 = 1000;

/// A first visit on a slow device spends most of a second mounting the page after the
/// wasm arrives: the part a first epoch needs (run bar, data, network, output) mounts
/// first, the rest when the returned signal turns true (once, and never back): in the
/// task after the first trained epoch was painted, or [`REST_PAUSED_MS`] after the first
/// paint if paused then, and in either case not before the rest of the page's code has come
/// ([`crate::ui::later`]). [`Ctx::settled`] turns true at the same moments, without waiting
/// for that code.
fn mount_rest_later(ctx: Ctx) -> ReadSignal<bool> {
    let (rest, set_rest) = signal(false);
    let mount = move || {
        if ctx.settled.try_get_untracked() == Some(false) {
            ctx.settled.try_set(true);
        }
        // the panels' code may still be on its way (crate::ui::later)
        crate::ui::later::when_ready(move || {
            // (try_: a timer may come after the view was left)
            if rest.try_get_untracked() == Some(false) {
                set_rest.try_set(true);
            }
        })
    };
    // the first epoch is painted first: the rest mounts in the task after that frame
    let after_paint = move || request_animation_frame(move || set_timeout(mount, std::time::Duration::ZERO));
    Effect::new(move |scheduled: Option<bool>| {
        // (once scheduled, the effect reads nothing more and never runs again)
        if scheduled != Some(true) && ctx.epoch.get() > 0 {
            after_paint();
            return true;
        }
        scheduled.unwrap_or(false)
    });
    request_animation_frame(move || {
        set_timeout(
            move || {
                if ctx.playing.try_get_untracked() != Some(true) {
                    mount();
                } else {
                    set_timeout(mount, std::time::Duration::from_millis(REST_PLAYING_MS));
                }
            },
            std::time::Duration::from_millis(REST_PAUSED_MS),
        )
    });
    rest
}

/// What a key does on the playground.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    PlayPause,
    Step,
    Reset,
}

/// The shortcut of `key`: none while typing in a field; space is left to a
/// focused button (it presses it).
pub fn shortcut(key: &str, typing: bool, on_button: bool) -> Option<Shortcut> {
    if typing {
        return None;
    }
    match key {
        " " if !on_button => Some(Shortcut::PlayPause),
        "ArrowRight" => Some(Shortcut::Step),
        "r" | "R" => Some(Shortcut::Reset),
        _ => None,
    }
}

/// The playground's context (panics only if used outside the playground,
/// which no component does).
pub fn ctx() -> Ctx {
    expect_context::<Ctx>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_never_fire_while_typing() {
        assert_eq!(shortcut(" ", false, false), Some(Shortcut::PlayPause));
        assert_eq!(shortcut(" ", false, true), None, "a focused button takes its own space");
        assert_eq!(shortcut("ArrowRight", false, true), Some(Shortcut::Step));
        assert_eq!(shortcut("r", false, false), Some(Shortcut::Reset));
        for k in [" ", "ArrowRight", "r"] {
            assert_eq!(shortcut(k, true, false), None);
        }
        assert_eq!(shortcut("x", false, false), None);
    }
}
