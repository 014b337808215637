//! Stop at a target (issue 26, item 1): the run pauses when the loss falls
//! below a value, when the accuracy reaches one, or at epoch N. The check is
//! the frame loop's ([`crate::ui::run`]), for every view; this module holds
//! the target, the check, the settings rows a view's table adds (`stop_loss`,
//! `stop_acc`, `stop_epoch`).
//!
//! A met target is spent until it is changed or the run is reset (so Play goes
//! on past it). The run bar's control is [`crate::ui::stop_at_bar`]; the words
//! saying which was met are [`crate::ui::words::target_met`].

use leptos::prelude::*;

use crate::engine::history::EpochStats;
use crate::engine::limits::{STOP_ACCURACY, STOP_EPOCH, STOP_LOSS};
use crate::ui::anim::Speed;
use crate::ui::settings::{Domain, Setting, When};

/// What to stop at (each off when None; the first met stops the run).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Target {
    /// Stop once the loss (the test loss where there is a test set) is below this.
    pub loss: Option<f64>,
    /// Stop once the accuracy (the test accuracy where there is a test set), 0 to 1, reaches this.
    pub accuracy: Option<f64>,
    /// Stop at this epoch.
    pub epoch: Option<u64>,
}

/// Which target was met, with the value measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reached {
    /// The loss fell below `target`; `test` when it is the test set's.
    Loss { test: bool, value: f64, target: f64 },
    /// The accuracy reached `target`; `test` when it is the test set's.
    Accuracy { test: bool, value: f64, target: f64 },
    /// The epoch asked for.
    Epoch,
}

/// A met target: which, the epoch it was measured at, and the epoch the run paused at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Met {
    pub reached: Reached,
    pub measured: u64,
    pub epoch: u64,
}

/// Whether `t` is met by a frame that trained from epoch `before` to `epoch`,
/// its latest evaluation `eval`. An epoch target is met when the frame reached
/// it (not when the run was past it already); the others by the evaluation,
/// once the frame has trained an epoch (a target already met when Play is
/// pressed lets the run train one epoch, then pauses: Play is never refused).
pub fn check(t: &Target, before: u64, epoch: u64, eval: Option<EpochStats>) -> Option<Met> {
    if let Some(n) = t.epoch.filter(|&n| before < n && n <= epoch) {
        return Some(Met { reached: Reached::Epoch, measured: n, epoch });
    }
    let e = eval.filter(|_| epoch > before)?;
    let loss = t.loss.and_then(|target| {
        let (test, value) = e.test_loss.map_or((false, e.train_loss), |v| (true, v));
        (value < target).then_some(Reached::Loss { test, value, target })
    });
    let accuracy = || {
        t.accuracy.and_then(|target| {
            let (test, value) = e.test_accuracy.map(|v| (true, v)).or(e.train_accuracy.map(|v| (false, v)))?;
            (value >= target).then_some(Reached::Accuracy { test, value, target })
        })
    };
    loss.or_else(accuracy).map(|reached| Met { reached, measured: e.epoch, epoch })
}

/// The speed for a frame starting at `epoch` so that it ends on an epoch
/// target rather than past it: at most the epochs left; at full speed, counted
/// out as `fits` (the epochs the frame's budget fits at the last frames' pace, at least 1).
pub fn capped(t: &Target, epoch: u64, speed: Speed, fits: u64) -> Speed {
    let Some(left) = t.epoch.filter(|&n| n > epoch).map(|n| n - epoch) else { return speed };
    let per_frame = |n: u64| Speed::PerFrame(u32::try_from(n).unwrap_or(u32::MAX));
    match speed {
        Speed::PerFrame(k) if left < u64::from(k) => per_frame(left),
        Speed::Max => per_frame(left.min(fits.max(1))),
        s => s,
    }
}

/// What the frame loop reads and writes (both `Copy`).
#[derive(Clone, Copy)]
pub struct StopAt {
    pub target: Signal<Target>,
    /// The target met, until it is changed, the run is reset or trained past it.
    pub met: RwSignal<Option<Met>>,
}

impl StopAt {
    /// On `target`, nothing met yet.
    pub fn new(target: Signal<Target>) -> StopAt {
        StopAt { target, met: RwSignal::new(None) }
    }
}

/// `HasTarget` for a lab's context of signals, on its `target` signal.
macro_rules! lab_has_target {
    ($ctx:ty) => {
        impl $crate::ui::stop_at::HasTarget for $ctx {
            fn target(&self) -> $crate::ui::stop_at::Target {
                leptos::prelude::Get::get(&self.target)
            }
            fn set_target(&mut self, t: $crate::ui::stop_at::Target) {
                leptos::prelude::Set::set(&self.target, t)
            }
        }
    };
}
pub(crate) use lab_has_target;

/// Settings that carry a target (a view's settings value, or a lab's context of signals).
pub trait HasTarget: 'static {
    fn target(&self) -> Target;
    fn set_target(&mut self, t: Target);
}

fn loss_of<S: HasTarget>(s: &S) -> f64 {
    s.target().loss.unwrap_or(0.0)
}
fn put_loss<S: HasTarget>(s: &mut S, v: f64) {
    s.set_target(Target { loss: Some(v), ..s.target() })
}
fn has_loss<S: HasTarget>(s: &S) -> bool {
    s.target().loss.is_some()
}
fn accuracy_of<S: HasTarget>(s: &S) -> f64 {
    s.target().accuracy.unwrap_or(0.0)
}
fn put_accuracy<S: HasTarget>(s: &mut S, v: f64) {
    s.set_target(Target { accuracy: Some(v), ..s.target() })
}
fn has_accuracy<S: HasTarget>(s: &S) -> bool {
    s.target().accuracy.is_some()
}
fn epoch_of<S: HasTarget>(s: &S) -> f64 {
    s.target().epoch.unwrap_or(0) as f64
}
fn put_epoch<S: HasTarget>(s: &mut S, v: f64) {
    s.set_target(Target { epoch: Some(v as u64), ..s.target() })
}
fn has_epoch<S: HasTarget>(s: &S) -> bool {
    s.target().epoch.is_some()
}

/// The settings row `stop_loss=0.05` (written only when set).
pub const fn loss_row<S: HasTarget>() -> Setting<S> {
    Setting::num("stop_loss", When::Live, Domain::Num(STOP_LOSS, &[]), loss_of::<S>, put_loss::<S>).written_if(has_loss::<S>)
}
/// The settings row `stop_acc=95` (a whole percentage; written only when set).
pub const fn accuracy_row<S: HasTarget>() -> Setting<S> {
    Setting::num("stop_acc", When::Live, Domain::Percent(STOP_ACCURACY), accuracy_of::<S>, put_accuracy::<S>).written_if(has_accuracy::<S>)
}
/// The settings row `stop_epoch=500` (written only when set).
pub const fn epoch_row<S: HasTarget>() -> Setting<S> {
    Setting::num("stop_epoch", When::Live, Domain::Count(STOP_EPOCH.0, STOP_EPOCH.1), epoch_of::<S>, put_epoch::<S>)
        .written_if(has_epoch::<S>)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(epoch: u64, test_loss: Option<f64>, test_accuracy: Option<f64>) -> Option<EpochStats> {
        Some(EpochStats { epoch, train_loss: 0.5, test_loss, train_accuracy: Some(0.6), test_accuracy })
    }

    #[test]
    fn each_target_is_met_by_its_own_number() {
        let t = Target { loss: Some(0.1), accuracy: Some(0.95), epoch: Some(200) };
        assert_eq!(check(&t, 0, 10, eval(10, Some(0.2), Some(0.9))), None);
        let m = check(&t, 10, 20, eval(20, Some(0.09), Some(0.9))).unwrap();
        assert_eq!((m.reached, m.measured, m.epoch), (Reached::Loss { test: true, value: 0.09, target: 0.1 }, 20, 20));
        let m = check(&t, 10, 25, eval(24, Some(0.2), Some(0.95))).unwrap();
        assert_eq!((m.reached, m.measured, m.epoch), (Reached::Accuracy { test: true, value: 0.95, target: 0.95 }, 24, 25));
        assert_eq!(check(&t, 199, 200, eval(200, Some(0.2), None)).unwrap().reached, Reached::Epoch);
        assert_eq!(check(&t, 200, 300, eval(300, Some(0.2), None)), None, "past the epoch already: not met again");
        // no test set: the training numbers
        let t = Target { loss: Some(0.6), accuracy: Some(0.6), epoch: None };
        let m = check(&t, 0, 1, eval(1, None, None)).unwrap();
        assert_eq!(m.reached, Reached::Loss { test: false, value: 0.5, target: 0.6 });
        let t = Target { accuracy: Some(0.6), ..Target::default() };
        assert_eq!(check(&t, 0, 1, eval(1, None, None)).unwrap().reached, Reached::Accuracy { test: false, value: 0.6, target: 0.6 });
    }

    /// Found by the random-use suite: a loss target of 99,999 set before Play, and a
    /// frame of the conv lab that trained no whole epoch, paused the run at epoch 0.
    #[test]
    fn a_frame_that_trained_no_epoch_meets_no_target() {
        let t = Target { loss: Some(99_999.0), accuracy: Some(0.0), epoch: None };
        assert_eq!(check(&t, 0, 0, eval(0, Some(2.3), Some(0.1))), None);
        assert_eq!(check(&t, 0, 1, eval(1, Some(2.3), Some(0.1))).map(|m| m.measured), Some(1));
    }

    #[test]
    fn a_frame_is_cut_to_end_on_the_epoch_target() {
        let t = Target { epoch: Some(100), ..Target::default() };
        assert_eq!(capped(&t, 90, Speed::PerFrame(25), 25), Speed::PerFrame(10));
        assert_eq!(capped(&t, 50, Speed::PerFrame(25), 25), Speed::PerFrame(25));
        assert_eq!(capped(&t, 40, Speed::Max, 80), Speed::PerFrame(60));
        assert_eq!(capped(&t, 0, Speed::Max, 80), Speed::PerFrame(80), "full speed counted out at its pace");
        assert_eq!(capped(&t, 0, Speed::Max, 0), Speed::PerFrame(1));
        assert_eq!(capped(&t, 100, Speed::Max, 80), Speed::Max, "past it: nothing to cut");
        assert_eq!(capped(&Target::default(), 0, Speed::PerFrame(5), 5), Speed::PerFrame(5));
    }
}
