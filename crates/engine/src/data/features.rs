//! Derived input features computed from a point's raw coordinates `(x1, x2)`,
//! as in TensorFlow Playground: X1, X2, X1², X2², X1·X2, sin X1, sin X2.

use serde::{Deserialize, Serialize};

/// One input feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Feature {
    /// `x1`
    X1,
    /// `x2`
    X2,
    /// `x1²`
    X1Squared,
    /// `x2²`
    X2Squared,
    /// `x1·x2`
    X1TimesX2,
    /// `sin x1` (libm)
    SinX1,
    /// `sin x2` (libm)
    SinX2,
}

impl Feature {
    /// All features, in UI order.
    pub fn all() -> &'static [Feature] {
        use Feature::*;
        &[X1, X2, X1Squared, X2Squared, X1TimesX2, SinX1, SinX2]
    }

    /// Display name ("X₁", "X₁²", "sin(X₁)", ...).
    pub fn name(self) -> &'static str {
        use Feature::*;
        match self {
            X1 => "X₁",
            X2 => "X₂",
            X1Squared => "X₁²",
            X2Squared => "X₂²",
            X1TimesX2 => "X₁X₂",
            SinX1 => "sin(X₁)",
            SinX2 => "sin(X₂)",
        }
    }

    /// The feature's value at `(x1, x2)`.
    #[inline]
    pub fn value(self, x1: f64, x2: f64) -> f64 {
        use Feature::*;
        match self {
            X1 => x1,
            X2 => x2,
            X1Squared => x1 * x1,
            X2Squared => x2 * x2,
            X1TimesX2 => x1 * x2,
            SinX1 => libm::sin(x1),
            SinX2 => libm::sin(x2),
        }
    }
}

/// Fills a neuron-major feature matrix: `out[f * stride + i]` = feature `f` of
/// point `i`, for the points yielded by `points` (`(x1, x2)` pairs).
pub fn fill_features(features: &[Feature], points: impl Iterator<Item = (f64, f64)> + Clone, out: &mut [f64], stride: usize) {
    for (f, feat) in features.iter().enumerate() {
        let row = &mut out[f * stride..(f + 1) * stride];
        for (slot, (x1, x2)) in row.iter_mut().zip(points.clone()) {
            *slot = feat.value(x1, x2);
        }
    }
}
