//! Convolutional networks for the convolution lab: 2-D convolution (several
//! input and output channels, kernel 1–7, stride 1–3, "valid" or "same" zero
//! padding), max and average pooling, flatten, dense, softmax output with
//! cross-entropy; shape inference whose errors name the layer; a seeded trainer
//! using the shared optimizers; read-only views (kernels, feature maps,
//! probabilities); hand-set and frozen kernels; and a step-by-step account of
//! one convolution for the "how convolution works" panel; per-channel batch
//! normalization (a batch norm after a convolution, the lab's toolbar switch).
//!
//! Generic over the engine's [`Real`](crate::math::real::Real): the page trains
//! in `f32` (`ConvTrainer::<f32>::build`), the checks and the reference history
//! run in `f64` (`ConvTrainer::new`), from the same code.

pub mod layers;
pub mod net;
pub mod norm;
pub mod stepper;
pub mod trainer;

pub use layers::{Conv2d, Padding, Pool2d, PoolKind, Shape};
pub use net::{argmax, ArchError, ConvNet, ConvNetConfig, Layer, LayerInfo, LayerSpec, KERNEL_LIMIT};
pub use norm::{has_batch_norm, with_batch_norm, without_batch_norm, BatchNorm};
pub use stepper::{preset_kernel, ConvStep, Preset};
pub use trainer::{evaluate, ConvTrainer, TrainConfig};
