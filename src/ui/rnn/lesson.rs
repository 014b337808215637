//! The recurrent lab's lesson hook: what its goal checks read (the training
//! accuracy, the epoch, the reach chart's gradient now).

use leptos::prelude::*;

use super::RnnCtx;
use crate::ui::lessons::format::LessonView;
use crate::ui::lessons::goals::Snapshot;
use crate::ui::lessons::labs;

/// Checks the open recurrent lesson after every slow frame.
pub fn watch(ctx: RnnCtx) {
    labs::watch(LessonView::Rnn, ctx.slow, move || {
        ctx.lab.try_with_value(|lab| {
            let t = lab.trainer.as_ref()?;
            let stats = ctx.stats.get_untracked();
            let mut s = Snapshot { epoch: stats.epoch, train_accuracy: stats.accuracy, train_loss: stats.loss, ..Snapshot::default() };
            s.stopped = crate::engine::train::Train::stopped(t).is_some();
            s.lab.reach = lab.reach_now.clone();
            Some(s)
        })?
    });
}
