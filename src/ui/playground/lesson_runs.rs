//! The lessons' goals reached on the page's own path: each lesson opens from
//! its own settings (seed, learning rate, speed) into the playground's f32
//! [`Session`], which is stepped frame by frame as the animation loop steps it
//! (`Session::play_frame` at the lesson's speed within the frame budget, a
//! simulated 60 Hz clock), and the goal is read as the page reads it: the real
//! [`snapshot`](super::lesson_link::snapshot) after each slow frame (about ten times a second) and
//! after every rebuild, reset or pause, fed to the lesson's [`Tracker`]. The
//! student's clicks are the same changes the controls make to the settings.
//!
//! Each test prints the epoch at which the page marks the goal met
//! (`cargo test lesson_ -- --nocapture`); the convolution lesson is tested on
//! the lab's own trainer in `conv_lab/session.rs`.

use std::cell::Cell;

use super::session::{GridRefresh, Session};
use super::state::{Settings, TABLE};
use super::TRAIN_BUDGET_MS;
use crate::engine::data::DataKind;
use crate::engine::dense::norm::{LayerOptions, NormKind};
use crate::engine::dense::trainer::EpochStats;
use crate::engine::math::activation::Activation;
use crate::engine::math::optimizer::RegularizationKind;
use crate::ui::anim::FrameBudget;
use crate::ui::lessons::compare::{compare_batches, COMPARE_EPOCHS};
use crate::ui::lessons::goals::{Check, Tracker};
use crate::ui::lessons::table::builtin;
use crate::ui::run::SLOW_MS as SLOW_FRAME_MS;

/// The display's frame period (60 Hz), ms.
const FRAME_MS: f64 = 1000.0 / 60.0;
/// How far the clock a frame reads moves per reading, ms (only full speed reads it).
const CLOCK_STEP_MS: f64 = 0.5;

/// One lesson open in the playground, played as a student plays it.
struct Page {
    /// The lesson (1-based).
    n: usize,
    settings: Settings,
    session: Session,
    tracker: Tracker,
    /// The newest history epoch the goal check has read (`lesson_link::snapshot`'s memory).
    seen: Option<u64>,
    /// Lesson 6's comparison has run.
    compared: bool,
    budget: FrameBudget,
    /// The animation frame's timestamp, ms.
    now: f64,
    last_slow: f64,
    /// Every epoch of the current run the goal check has read.
    history: Vec<EpochStats>,
    /// The epoch shown when the goal was first marked met.
    met_at: Option<u64>,
}

impl Page {
    /// Opens lesson `n`: its settings, a fresh session and the check's first reading.
    fn open(n: usize) -> Page {
        assert!(!crate::ui::lessons::is_conv(&builtin()[n - 1]), "lesson {n} is in the convolution view");
        let settings = super::lesson_link::lesson_settings(&builtin()[n - 1]);
        let session = Session::new(&settings.cfg).unwrap_or_else(|e| panic!("lesson {n}: {e}"));
        let (start, min, max) = TRAIN_BUDGET_MS;
        let mut page = Page {
            n,
            settings,
            session,
            tracker: Tracker::new(),
            seen: None,
            compared: false,
            budget: FrameBudget::new(start, min, max),
            now: 1000.0,
            last_slow: 0.0,
            history: Vec::new(),
            met_at: None,
        };
        page.observe();
        page
    }

    fn goal(&self) -> &'static [Check] {
        &builtin()[self.n - 1].check
    }

    fn epoch(&self) -> u64 {
        self.session.trainer.epoch()
    }

    /// The goal check of a slow frame (or of any change to the session).
    fn observe(&mut self) -> bool {
        let snap = super::lesson_link::snapshot(&self.session, &mut self.seen, self.compared, &self.settings);
        if snap.epoch == 0 || self.history.last().is_some_and(|h| h.epoch > snap.epoch) {
            self.history.clear(); // a new run
        }
        self.history.extend(snap.new_history.iter().copied());
        let met = self.tracker.observe(self.goal(), &snap);
        if met && self.met_at.is_none() {
            self.met_at = Some(snap.epoch);
        }
        met
    }

    /// A settings change made by a control: a new setup rebuilds the session
    /// (and every view, the goal check among them, reads it), a live one is
    /// passed to the running trainer.
    fn change(&mut self, f: impl FnOnce(&mut Settings)) {
        f(&mut self.settings);
        if self.session.needs_rebuild(&self.settings.cfg) {
            self.session = Session::new(&self.settings.cfg).unwrap_or_else(|e| panic!("lesson {}: {e}", self.n));
            self.budget.pause(); // a rebuild pauses
            self.observe();
        } else {
            self.session.apply_live(&self.settings.cfg).unwrap_or_else(|e| panic!("lesson {}: {e}", self.n));
        }
    }

    /// The reset button: a new session from the current settings.
    fn reset(&mut self) {
        self.session = Session::new(&self.settings.cfg).unwrap_or_else(|e| panic!("lesson {}: {e}", self.n));
        self.budget.pause();
        self.observe();
    }

    /// One animation frame while playing; false once training has stopped (the
    /// loop then pauses).
    fn frame(&mut self) -> bool {
        self.now += FRAME_MS;
        let budget_ms = self.budget.frame(self.now);
        let clock = Cell::new(self.now);
        let read = || {
            let t = clock.get();
            clock.set(t + CLOCK_STEP_MS);
            t
        };
        if self.session.play_frame(self.settings.speed, budget_ms, self.now, &read, GridRefresh::Every) {
            self.pause();
            return false;
        }
        if self.now - self.last_slow >= SLOW_FRAME_MS {
            self.last_slow = self.now;
            self.observe();
            self.budget.excuse();
        }
        true
    }

    /// Pausing: the shown losses brought up to the weights, and every view notified.
    fn pause(&mut self) {
        self.session.settle();
        self.budget.pause();
        self.observe();
    }

    /// Plays until this run has trained `epochs` epochs (or training stops), then pauses.
    fn play(&mut self, epochs: u64) {
        while self.epoch() < epochs && self.frame() {}
        if !self.session.stopped() {
            self.pause();
        }
    }

    /// Plays until the goal is met, training stops, or this run reaches `epochs`;
    /// returns the epoch the page showed when it marked the goal met.
    fn play_until_met(&mut self, epochs: u64) -> Option<u64> {
        while self.met_at.is_none() && self.epoch() < epochs && self.frame() {}
        if !self.session.stopped() {
            self.pause();
        }
        self.met_at
    }

    /// Lesson `n` opened and played for `epochs` epochs, its goal not met (`why` says why not).
    fn played_unmet(n: usize, epochs: u64, why: &str) -> Page {
        let mut p = Page::open(n);
        p.play(epochs);
        assert_eq!(p.met_at, None, "lesson {n}: {why}");
        p
    }

    /// The first epoch of this run that `pred` holds for (each epoch, not only those the check read last).
    fn first(&self, pred: impl Fn(&EpochStats) -> bool) -> Option<u64> {
        self.history.iter().find(|h| pred(h)).map(|h| h.epoch)
    }

    /// The first epoch of this run with every training point right.
    fn first_solved(&self) -> Option<u64> {
        self.first(|h| h.train_accuracy == Some(1.0))
    }

    /// The first epoch of this run with a test accuracy of 95 % (lesson 8's goal).
    fn first_95(&self) -> Option<u64> {
        self.first(|h| h.test_accuracy.is_some_and(|a| a >= 0.95))
    }

    /// The best training accuracy of this run.
    fn best_accuracy(&self) -> f64 {
        self.history.iter().filter_map(|h| h.train_accuracy).fold(0.0, f64::max)
    }

    /// The lowest test loss of this run.
    fn min_test_loss(&self) -> f64 {
        self.history.iter().filter_map(|h| h.test_loss).fold(f64::INFINITY, f64::min)
    }
}

/// The run bar's Activation select: every hidden layer.
fn set_activation(s: &mut Settings, a: Activation) {
    s.cfg.hidden.iter_mut().for_each(|h| h.activation = a);
}

/// A layer's normalization and skip controls, set on every hidden layer (a skip where it fits).
fn set_layer_options(s: &mut Settings, norm: NormKind, skip: bool) {
    for i in 0..s.cfg.hidden.len() {
        let skip = skip && s.cfg.skip_fits(i);
        s.cfg.set_layer_option(i, LayerOptions { norm, skip });
    }
}

#[test]
fn lesson_1_one_neuron_learns_and_then_or() {
    let mut p = Page::played_unmet(1, 200, "AND alone is not the goal");
    let and_at = p.first_solved().expect("one neuron learns AND");
    assert_eq!(p.session.trainer.last_stats().train_accuracy, Some(1.0), "and keeps it");
    p.change(|s| super::controls::set_data_kind(s, DataKind::OrTable));
    assert_eq!(p.epoch(), 0, "another data set rebuilds");
    let met = p.play_until_met(200);
    println!("lesson 1: AND solved at epoch {and_at}; goal (OR too) met at epoch {met:?} (OR solved at {:?})", p.first_solved());
    assert!(met.is_some(), "OR: {:?}", p.session.trainer.last_stats());
}

#[test]
fn lesson_2_one_neuron_never_passes_75_percent_on_xor_at_any_offered_learning_rate() {
    let mut p = Page::played_unmet(2, 100, "not before the student has trained a while");
    let met = p.play_until_met(1000);
    println!("lesson 2: goal met at epoch {met:?}");
    assert!(met.is_some());
    for lr in TABLE.domain("lr").offered() {
        let mut p = Page::open(2);
        p.change(|s| s.cfg.learning_rate = lr);
        assert_eq!(p.epoch(), 0, "the learning rate is live");
        p.play(1000);
        let best = p.best_accuracy();
        assert!(best <= 0.75, "lr {lr}: best {best}");
        assert!(p.met_at.is_some(), "lr {lr}: the lesson's point is made after 300 epochs");
    }
}

#[test]
fn lesson_3_two_hidden_neurons_solve_xor_with_the_lessons_seed() {
    let mut p = Page::open(3);
    let cfg = &p.settings.cfg;
    assert_eq!((cfg.seed, cfg.learning_rate, cfg.hidden.len(), cfg.hidden[0].neurons), (2, 0.3, 1, 2));
    assert_eq!(p.met_at, None, "not at epoch 0");
    let met = p.play_until_met(200);
    let solved = p.first_solved();
    println!("lesson 3: solved at epoch {solved:?}, goal met at epoch {met:?}");
    assert!(met.is_some(), "100 % within 200 epochs");
    assert!(solved.is_some_and(|e| e <= 30), "solved at epoch {solved:?}");
    p.play(200);
    assert_eq!(p.session.trainer.last_stats().train_accuracy, Some(1.0), "and stays solved");
}

#[test]
fn lesson_4_linear_hidden_layer_fails_like_one_neuron_and_tanh_then_solves_it() {
    // the linear part: 1,000 epochs never past 75 %; the first part is done, the goal is not met
    let mut p = Page::played_unmet(4, 1000, "the linear net alone does not meet the goal");
    assert!(p.best_accuracy() <= 0.75, "{}", p.best_accuracy());
    assert!(p.tracker.first_part(), "the linear part is done");
    // tanh, as the goal says: the run bar's Activation select
    p.change(|s| set_activation(s, Activation::Tanh));
    assert_eq!(p.epoch(), 0, "another activation rebuilds");
    let met = p.play_until_met(200);
    println!("lesson 4: the linear part done by epoch 300, the goal met with tanh at epoch {met:?}");
    assert!(met.is_some(), "switched to tanh it is lesson 3's net: {:?}", p.session.trainer.last_stats());
    assert_eq!(p.session.trainer.last_stats().train_accuracy, Some(1.0), "met at 100 %");
    // tanh straight away, skipping the linear part: not met
    let mut q = Page::open(4);
    q.change(|s| set_activation(s, Activation::Tanh));
    q.play(300);
    assert!(q.first_solved().is_some() && q.met_at.is_none() && !q.tracker.first_part(), "the linear part is asked for first");
}

#[test]
fn lesson_5_small_rate_crawls_large_rate_diverges_and_0_03_meets_the_goal() {
    let mut p = Page::played_unmet(5, 60, "0.0001 crawls");
    p.change(|s| s.cfg.learning_rate = 10.0);
    p.reset();
    p.play(50);
    assert!(p.session.stopped() && p.met_at.is_none(), "10 diverges: {:?}", p.session.stop);
    p.change(|s| s.cfg.learning_rate = 0.03);
    p.reset();
    let met = p.play_until_met(60);
    let below = p.first(|h| h.test_loss.is_some_and(|t| t < 0.001));
    println!("lesson 5 (learning rate 0.03): test loss below 0.001 at epoch {below:?}, goal met at epoch {met:?}");
    assert!(met.is_some(), "0.03 reaches test loss < 0.001 within 50 epochs: {:?}", p.session.trainer.last_stats());
}

#[test]
fn lesson_6_the_comparison_meets_the_goal() {
    let mut p = Page::played_unmet(6, 10, "training alone is not the goal");
    // the Compare button: the running network's configuration, three ways
    let runs = compare_batches(p.session.trainer.config(), COMPARE_EPOCHS);
    assert_eq!(runs.len(), 3);
    for r in &runs {
        assert_eq!(r.losses.len() as u64, COMPARE_EPOCHS + 1, "{} ran every epoch", r.label);
        assert!(r.losses.iter().all(|l| l.1.is_finite()), "{}", r.label);
    }
    p.compared = true;
    p.observe();
    println!("lesson 6: goal met at epoch {:?} (the comparison ran)", p.met_at);
    assert!(p.met_at.is_some());
}

#[test]
fn lesson_7_overfits_then_more_points_cure_it_and_no_l2_rate_passes_for_a_cure() {
    let mut p = Page::played_unmet(7, 1000, "no cure applied");
    let min_test = p.min_test_loss();
    let s = p.session.trainer.last_stats();
    assert!(s.test_loss.unwrap() > 1.5 * min_test && s.train_loss < 0.1, "overfits: {s:?}, min test {min_test}");
    // L2 chosen but its rate left at 0 is no cure; at each offered rate, after a reset,
    // 1,000 epochs do not reach a real cure on these 30 training points (measured: at 0.03
    // the net stalls at 63 % on both sets, which the old check called cured)
    p.change(|s| s.cfg.regularization.kind = RegularizationKind::L2);
    p.play(1300);
    assert_eq!(p.met_at, None, "L2 at rate 0 does nothing");
    for rate in [0.001, 0.003, 0.01, 0.03, 0.1] {
        let mut q = Page::open(7);
        q.change(|s| {
            s.cfg.regularization.kind = RegularizationKind::L2;
            s.cfg.regularization.rate = rate;
        });
        q.reset();
        q.play(1000);
        assert_eq!(q.met_at, None, "L2 {rate}: {:?}", q.session.trainer.last_stats());
    }
    // more points: the real cure
    p.change(|s| s.cfg.data.n_points = 400);
    assert_eq!(p.epoch(), 0, "more points rebuild");
    let met = p.play_until_met(1000);
    println!("lesson 7: goal met with 400 points at epoch {met:?}: {:?}", p.session.trainer.last_stats());
    assert!(met.is_some(), "{:?}", p.session.trainer.last_stats());
    let s = p.session.trainer.last_stats();
    assert!(s.test_accuracy.unwrap() >= 0.85 && s.train_accuracy.unwrap() - s.test_accuracy.unwrap() <= 0.1, "{s:?}");
}

#[test]
fn lesson_8_deep_sigmoid_barely_learns_and_relu_or_tanh_do() {
    let p = Page::played_unmet(8, 300, "sigmoids left: not met");
    let s = p.session.trainer.last_stats();
    assert!(s.test_accuracy.unwrap() < 0.7, "{s:?}");
    let g = p.session.trainer.gradient_norms();
    assert!(g[0] * 100.0 < g[g.len() - 1], "the first layer's gradient vanishes: {g:?}");
    for a in [Activation::Relu, Activation::Tanh] {
        let mut p = Page::open(8);
        p.change(|s| set_activation(s, a));
        let met = p.play_until_met(500);
        println!("lesson 8 ({}): 95 % at epoch {:?}, goal met at epoch {met:?}", a.name(), p.first_95());
        assert!(met.is_some(), "{}: {:?}", a.name(), p.session.trainer.last_stats());
    }
}

/// The cure kept in the sigmoids: batch norm in every hidden layer of lesson
/// 8 meets the goal (95 % test accuracy), and so do skip connections round
/// layers 2–6 at a learning rate of 0.03.
#[test]
fn lesson_8_batch_norm_or_skips_cure_the_sigmoids() {
    let mut p = Page::open(8);
    p.change(|s| set_layer_options(s, NormKind::Batch, false));
    let bn = p.play_until_met(500);
    let bn_95 = p.first_95();
    let mut p = Page::open(8);
    p.change(|s| s.cfg.learning_rate = 0.03);
    p.change(|s| set_layer_options(s, NormKind::None, true));
    let skip = p.play_until_met(500);
    println!(
        "lesson 8: batch norm at 95 % at epoch {bn_95:?}, goal met at epoch {bn:?}; skips (learning rate 0.03) at 95 % at epoch {:?}, goal met at epoch {skip:?}",
        p.first_95()
    );
    assert!(bn.is_some_and(|e| e <= 200), "batch norm: {bn:?}");
    assert!(skip.is_some(), "skips: {skip:?}");
}
