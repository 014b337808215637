//! A trial: one configuration trained for a number of epochs, in the page's
//! precision (`f32`), exactly as the playground trains it.

use neuralscope_engine::dense::trainer::{EpochStats, Trainer};

use crate::protocol::{Failure, Reply, Trial, TrialResult, MAX_EPOCHS};

/// The loss a trial is judged by at a report: test loss, else training loss.
fn judged(s: &EpochStats) -> f64 {
    s.test_loss.unwrap_or(s.train_loss)
}

/// Trains `t`, emitting a [`Reply::Progress`] every `t.report_every` epochs and
/// a [`Reply::Done`] at the end (or a [`Reply::Failed`] when it cannot start).
pub fn train(t: &Trial, now: &dyn Fn() -> f64, emit: &mut dyn FnMut(Reply)) {
    let start = now();
    let mut tr = match Trainer::<f32>::build(&t.cfg) {
        Ok(tr) => tr,
        Err(e) => return emit(Reply::Failed { id: t.id, message: e.to_string(), why: Failure::Setup { field: e.field.clone() } }),
    };
    if tr.gradient_blocker().is_some() {
        let message = "Gradients cannot flow through a step activation in a network with hidden layers: pick another activation.";
        return emit(Reply::Failed { id: t.id, message: message.into(), why: Failure::StepActivation });
    }
    let epochs = t.epochs.min(MAX_EPOCHS);
    let every = t.report_every.clamp(1, epochs.max(1));
    tr.set_eval_every(every);
    let first = tr.last_stats();
    let (mut best_loss, mut best_epoch) = (judged(&first), 0);
    let mut diverged = None;
    while tr.epoch() < epochs {
        let n = every.min(epochs - tr.epoch());
        if let Err(e) = tr.train_epochs(n) {
            diverged = Some(e);
            break;
        }
        let s = if tr.last_stats().epoch == tr.epoch() { tr.last_stats() } else { tr.evaluate() };
        if judged(&s) < best_loss || !best_loss.is_finite() {
            (best_loss, best_epoch) = (judged(&s), s.epoch);
        }
        emit(Reply::Progress { id: t.id, epoch: s.epoch, train_loss: s.train_loss, test_loss: s.test_loss });
    }
    let last = tr.last_stats();
    emit(Reply::Done(TrialResult { id: t.id, last, best_loss, best_epoch, diverged, ms: now() - start }));
}
