//! The autoencoder lab's lesson hook: what its goal checks read (the epoch, the
//! loss, how well the codes tell the digits apart: the code-space panel says it).

use leptos::prelude::*;

use super::AeCtx;
use crate::ui::lessons::format::LessonView;
use crate::ui::lessons::goals::Snapshot;
use crate::ui::lessons::labs;

/// How well the codes tell the digits apart: the fraction of images nearest their own digit's centre.
pub fn separation(lab: &super::Lab) -> Option<f64> {
    let t = lab.trainer.as_ref()?;
    labs::nearest_centre(&lab.codes, t.config().code, &t.data.labels)
}

/// Checks the open autoencoder lesson after every slow frame.
pub fn watch(ctx: AeCtx) {
    labs::watch(LessonView::Autoencoder, ctx.slow, move || {
        ctx.lab.try_with_value(|lab| {
            lab.trainer.as_ref()?;
            let stats = ctx.stats.get_untracked();
            let mut s = Snapshot { epoch: stats.epoch, train_loss: stats.loss, ..Snapshot::default() };
            s.lab.separation = separation(lab);
            s.lab.denoised = lab.denoised;
            s.lab.odd_found = lab.odd_found;
            Some(s)
        })?
    });
}
