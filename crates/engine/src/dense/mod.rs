//! Dense (fully connected) networks: the layers ([`network`]), their batched
//! SIMD kernels and the plain reference kernels they are tested against
//! ([`kernels`]), the setup and live hyper-parameters ([`config`]), training
//! ([`trainer`]), read-only views for drawing ([`views`], with [`fastgrid`]
//! for the output grid), and the explanations of a run that goes wrong
//! ([`diagnose`]).

pub mod config;
pub mod diagnose;
pub mod fastgrid;
pub mod kernels;
pub mod network;
pub mod norm;
pub mod trainer;
pub mod views;
