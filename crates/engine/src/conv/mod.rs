//! Convolutional networks for the convolution lab: 2-D convolution (several
//! input and output channels, kernel 1–7, stride 1–3, "valid" or "same" zero
//! padding), max and average pooling, flatten, dense, softmax output with
//! cross-entropy; shape inference whose errors name the layer; a seeded trainer
//! using the shared optimizers; read-only views (kernels, feature maps,
//! probabilities); hand-set and frozen kernels; and a step-by-step account of
//! one convolution for the "how convolution works" panel.

pub mod layers;
pub mod net;
pub mod stepper;
pub mod trainer;

pub use layers::{Conv2d, Padding, Pool2d, PoolKind, Shape};
pub use net::{argmax, ArchError, ConvNet, ConvNetConfig, Layer, LayerInfo, LayerSpec, KERNEL_LIMIT};
pub use stepper::{preset_kernel, ConvStep, Preset};
pub use trainer::{evaluate, ConvStop, ConvTrainer, TrainConfig};
