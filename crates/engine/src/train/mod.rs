//! What every trainer (dense, convolution, recurrent, autoencoder) shares:
//! [`Stop`], why training stopped, as data.

pub mod stop;

pub use stop::{Cause, Layer, StallCause, Stop};
