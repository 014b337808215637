//! "How convolution works", one position at a time: a single `k × k` kernel
//! slides over a single-channel image with a stride and a padding; at each
//! output position the window's pixels (zeros in the padding), their
//! element-wise products with the kernel, and the sum that lands in the
//! feature map. Also the hand-made kernels (edges, blur, sharpen).

use super::layers::Padding;
use crate::math::real::Real;
use serde::{Deserialize, Serialize};

/// One position of the sliding window, in the net's precision `R`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvStep<R: Real = f64> {
    /// Output row and column (where the sum lands in the feature map).
    pub out_y: usize,
    pub out_x: usize,
    /// Top-left corner of the window in image coordinates (negative in the padding).
    pub top: isize,
    pub left: isize,
    /// The `k·k` pixels under the window, row-major (0 where it is padding).
    pub inputs: Vec<R>,
    /// `inputs[i] · kernel[i]`.
    pub products: Vec<R>,
    /// `Σ products` (+ bias): the feature-map value.
    pub sum: R,
}

/// The geometry of a single-channel convolution: output size and padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvGeometry {
    /// Image height and width.
    pub h: usize,
    pub w: usize,
    /// Kernel size, stride.
    pub k: usize,
    pub stride: usize,
    /// Output height and width.
    pub out_h: usize,
    pub out_w: usize,
    /// Padding on top and on the left.
    pub pad_top: usize,
    pub pad_left: usize,
}

impl ConvGeometry {
    /// `None` when the kernel is larger than the image or the stride is 0.
    pub fn new(h: usize, w: usize, k: usize, stride: usize, padding: Padding) -> Option<ConvGeometry> {
        if k > h || k > w {
            return None;
        }
        let (out_h, pad_top, _) = padding.out_len(h, k, stride)?;
        let (out_w, pad_left, _) = padding.out_len(w, k, stride)?;
        Some(ConvGeometry { h, w, k, stride, out_h, out_w, pad_top, pad_left })
    }

    /// Number of output positions.
    pub fn positions(&self) -> usize {
        self.out_h * self.out_w
    }

    /// The window at output position `index` (row-major), computed on `image`
    /// (`h·w`) with `kernel` (`k·k`) and `bias`.
    pub fn step<R: Real>(&self, image: &[R], kernel: &[R], bias: R, index: usize) -> Option<ConvStep<R>> {
        if index >= self.positions() || image.len() != self.h * self.w || kernel.len() != self.k * self.k {
            return None;
        }
        let (out_y, out_x) = (index / self.out_w, index % self.out_w);
        let top = (out_y * self.stride) as isize - self.pad_top as isize;
        let left = (out_x * self.stride) as isize - self.pad_left as isize;
        let mut inputs = Vec::with_capacity(self.k * self.k);
        for ky in 0..self.k as isize {
            for kx in 0..self.k as isize {
                let (y, x) = (top + ky, left + kx);
                let inside = y >= 0 && x >= 0 && (y as usize) < self.h && (x as usize) < self.w;
                inputs.push(if inside { image[y as usize * self.w + x as usize] } else { R::ZERO });
            }
        }
        let products: Vec<R> = inputs.iter().zip(kernel).map(|(&a, &b)| a * b).collect();
        let sum = products.iter().copied().sum::<R>() + bias;
        Some(ConvStep { out_y, out_x, top, left, inputs, products, sum })
    }

    /// The whole feature map (`out_h · out_w`), the sum of every step.
    pub fn map<R: Real>(&self, image: &[R], kernel: &[R], bias: R) -> Vec<R> {
        (0..self.positions()).filter_map(|i| self.step(image, kernel, bias, i).map(|s| s.sum)).collect()
    }
}

/// A hand-made kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Preset {
    /// Dark on the left, bright on the right: −1 left of the centre column, +1 right of it.
    VerticalEdge,
    /// −1 above the centre row, +1 below.
    HorizontalEdge,
    /// `sign(y − x)`: −1 above the main diagonal, +1 below it.
    DiagonalEdge,
    /// The mean of the window: every weight `1/k²`.
    Blur,
    /// `2·identity − blur`: the centre pushed up against its neighbours.
    Sharpen,
}

impl Preset {
    /// All presets in UI order.
    pub fn all() -> &'static [Preset] {
        &[Preset::VerticalEdge, Preset::HorizontalEdge, Preset::DiagonalEdge, Preset::Blur, Preset::Sharpen]
    }
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Preset::VerticalEdge => "vertical edge",
            Preset::HorizontalEdge => "horizontal edge",
            Preset::DiagonalEdge => "diagonal edge",
            Preset::Blur => "blur",
            Preset::Sharpen => "sharpen",
        }
    }
}

/// The `k × k` weights of a preset (row-major). For `k = 3`: vertical edge
/// `[-1 0 1; -1 0 1; -1 0 1]`, horizontal its transpose, blur all `1/9`,
/// sharpen `[-1/9 …; … 17/9 …; …]` (= 2·identity − blur).
pub fn preset_kernel(p: Preset, k: usize) -> Vec<f64> {
    let c = (k as f64 - 1.0) / 2.0;
    let sign = |v: f64| {
        if v > 1e-9 {
            1.0
        } else if v < -1e-9 {
            -1.0
        } else {
            0.0
        }
    };
    let n = (k * k) as f64;
    let mut out = Vec::with_capacity(k * k);
    for y in 0..k {
        for x in 0..k {
            let (fy, fx) = (y as f64, x as f64);
            out.push(match p {
                Preset::VerticalEdge => sign(fx - c),
                Preset::HorizontalEdge => sign(fy - c),
                Preset::DiagonalEdge => sign(fy - fx),
                Preset::Blur => 1.0 / n,
                Preset::Sharpen => {
                    let id = if y * 2 + 1 == k && x * 2 + 1 == k { 2.0 } else { 0.0 };
                    id - 1.0 / n
                }
            });
        }
    }
    out
}
