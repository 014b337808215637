//! A recurrent net (Elman) and its toy sequence tasks, for the recurrent view:
//! the hidden state carries what came before; training is backpropagation
//! through time, and [`net::Rnn::reach`] measures how the gradient fades as
//! it goes back in time.
//!
//! - [`task`]: the sequence tasks (running parity, trend, noisy sine, echo);
//! - [`net`]: the net, its forward pass and backpropagation through time;
//! - [`trainer`]: mini-batches, optimizer, history, divergence.

pub mod net;
pub mod task;
pub mod trainer;
