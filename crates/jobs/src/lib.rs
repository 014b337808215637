//! NeuralScope's background jobs, run in Web Workers with the engine itself.
//!
//! - [`protocol`]: the messages between page and worker (one enum each way)
//!   and [`protocol::run`], which serves a request; add a kind of job there.
//! - [`train`]: the trial runner (pure: the engine's `Trainer::<f32>`).
//! - [`plan`]: what each job of the page asks for: the learning-rate sweep,
//!   the optimizer race, the hyper-parameter search (random or grid).
//!
//! The binary (`src/main.rs`) is the worker: it reads JSON requests, runs them
//! and posts JSON replies. Nothing here names a web crate but that binary.

pub mod plan;
pub mod protocol;
pub mod train;
