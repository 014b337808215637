//! What the panels the playground hosts (the jobs, the simpler models, lesson
//! 6's batch comparison) receive from it: its setup, callbacks into it, and
//! its repaint triggers. They import nothing of the playground.

use leptos::prelude::*;

use super::session::OUTPUT_GRID;
use super::Ctx;
use crate::ui::baselines::{BaselinesHost, Fitted};
use crate::ui::jobs::JobsHost;

/// The jobs start from the playground's setup and can load one into it.
pub fn jobs_host(c: Ctx) -> JobsHost {
    JobsHost {
        cfg: Signal::derive(move || c.settings.with(|s| s.cfg.clone())),
        apply: Callback::new(move |cfg| c.settings.update(|s| s.cfg = cfg)),
        resized: c.resized,
    }
}

/// The simpler models fit the playground's points and inputs, on its output's grid.
pub fn baselines_host(c: Ctx) -> BaselinesHost {
    BaselinesHost {
        input: Callback::new(move |()| {
            c.with_session(|s| {
                let d = s.trainer.dataset();
                let cfg = s.trainer.config();
                baselines::BaselineInput {
                    train: d.train.clone(),
                    test: d.test.clone(),
                    task: d.task,
                    features: cfg.features.clone(),
                    loss: cfg.loss,
                    extent: d.extent,
                    grid: OUTPUT_GRID,
                    seed: cfg.data.seed,
                }
            })
        }),
        setup: Signal::derive(move || {
            c.slow_frame.track();
            c.with_session(|s| Fitted { data: s.trainer.config().data.clone(), features: s.trainer.config().features.clone() })
        }),
        net_scores: Signal::derive(move || {
            c.slow_frame.track();
            c.with_session(|s| {
                let st = s.trainer.last_stats();
                (st.test_accuracy.or(st.train_accuracy), st.test_loss.or(Some(st.train_loss)), s.trainer.epoch())
            })
        }),
        look: Signal::derive(move || c.settings.with(|s| (s.discretize, s.show_test))),
        resized: c.resized,
    }
}

/// Lesson 6 compares batch sizes on the playground's setup.
pub fn compared_cfg(c: Ctx) -> Signal<Option<crate::engine::dense::config::TrainConfig>> {
    Signal::derive(move || c.with_session(|s| s.trainer.config().clone()))
}
