//! The receptive field of a feature-map cell (issue 26, item 4): the input
//! pixels a cell sees, traced back through the convolutions and poolings
//! before it (a batch norm keeps the place). The feature-map panel lights
//! that region up on the input when a cell is pointed at, tapped or reached
//! with the keyboard, and says its size in words.

use leptos::prelude::*;

use crate::engine::conv::{ConvNet, Layer, LayerInfo};
use crate::engine::math::real::Real;
use crate::render::conv::{FeatureMapsLayout, Tile};
use crate::ui::lessons::format::Widen;

/// What a picked cell sees: its place, its map's tile, the input rows and columns lit up
/// (clipped to the image) and its layer's receptive field (shape inference's, as the
/// architecture panel says it).
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    /// The layer's index among the net's layers, and its map row's caption.
    pub layer: usize,
    pub label: String,
    pub channel: usize,
    pub row: usize,
    pub col: usize,
    pub tile: Tile,
    pub rows: (usize, usize),
    pub cols: (usize, usize),
    pub field: usize,
    /// What widens the field among the layers up to this one (a stride above 1, a pooling).
    pub through: Vec<Widen>,
}

impl Seen {
    /// The region in words.
    pub fn words(&self) -> String {
        let what = crate::ui::i18n::fill(
            crate::ui::i18n::t("Layer {l} ({label}), map {m}"),
            &[("l", &(self.layer + 1)), ("label", &self.label), ("m", &(self.channel + 1))],
        );
        crate::ui::words::receptive_field(&what, self.row, self.col, self.rows, self.cols, self.field)
    }
}

type Arch = Memo<(Vec<LayerInfo>, Option<crate::engine::conv::ArchError>)>;

/// What the picked cell `(map row, channel, row, column)` sees, if it is still a cell of the
/// maps as laid out (`layers`/`labels`: each map row's layer and caption).
pub fn seen<R: Real>(
    net: &ConvNet<R>,
    l: &FeatureMapsLayout,
    layers: &[usize],
    labels: &[String],
    (group, channel, row, col): (usize, usize, usize, usize),
    arch: Arch,
) -> Option<Seen> {
    let tile = *l.maps.iter().find(|t| t.group == group && t.item == channel)?;
    if row >= tile.h || col >= tile.w {
        return None;
    }
    let layer = *layers.get(group)?;
    let (rows, cols) = clipped(region(net, layer, row, col), l.input.h, l.input.w)?;
    let field = arch.with_untracked(|(info, _)| info.get(layer).map(|i| i.receptive_field))?;
    let through = widened_by(net, layer);
    Some(Seen { layer, label: labels.get(group).cloned().unwrap_or_default(), channel, row, col, tile, rows, cols, field, through })
}

/// What widens a cell's receptive field among the layers up to `layer` (each kind once).
pub fn widened_by<R: Real>(net: &ConvNet<R>, layer: usize) -> Vec<Widen> {
    let mut through = Vec::new();
    for l in net.layers.iter().take(layer + 1) {
        let w = match l {
            Layer::Conv { conv, .. } if conv.stride > 1 => Widen::Stride,
            Layer::Pool(_) => Widen::Pool,
            _ => continue,
        };
        if !through.contains(&w) {
            through.push(w);
        }
    }
    through
}

/// The cell the keyboard moves to from `from` (arrows: a cell; Page Up/Down: the map row above or
/// below; Home: the first cell), None for any other key.
pub fn key_move(l: &FeatureMapsLayout, from: Option<(usize, usize, usize, usize)>, key: &str) -> Option<(usize, usize, usize, usize)> {
    let first = l.maps.first()?;
    let Some((g, ch, r, c)) = from else {
        return matches!(key, "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "PageUp" | "PageDown" | "Home" | "Enter" | " ")
            .then_some((first.group, first.item, first.h / 2, first.w / 2));
    };
    let tile = l.maps.iter().find(|t| t.group == g && t.item == ch).unwrap_or(first);
    let last_group = l.maps.iter().map(|t| t.group).max().unwrap_or(0);
    Some(match key {
        "ArrowUp" => (g, ch, r.saturating_sub(1), c),
        "ArrowDown" => (g, ch, (r + 1).min(tile.h - 1), c),
        "ArrowLeft" => (g, ch, r, c.saturating_sub(1)),
        "ArrowRight" => (g, ch, r, (c + 1).min(tile.w - 1)),
        "PageUp" | "PageDown" => {
            let ng = if key == "PageUp" { g.saturating_sub(1) } else { (g + 1).min(last_group) };
            let t = l.maps.iter().find(|t| t.group == ng)?;
            // the same place, as a fraction of the map
            (ng, t.item, (r * t.h / tile.h.max(1)).min(t.h - 1), (c * t.w / tile.w.max(1)).min(t.w - 1))
        }
        "Home" => (first.group, first.item, 0, 0),
        _ => return None,
    })
}

/// The input rows and columns (inclusive, 0-based) layer `layer`'s cell (`row`, `col`) sees,
/// before clipping to the image: the padding's zeros lie outside it.
pub fn region<R: Real>(net: &ConvNet<R>, layer: usize, row: usize, col: usize) -> ((isize, isize), (isize, isize)) {
    let (mut r, mut c) = ((row as isize, row as isize), (col as isize, col as isize));
    for l in net.layers.iter().take(layer + 1).rev() {
        match l {
            Layer::Conv { conv, .. } => {
                let (s, k) = (conv.stride as isize, conv.k as isize);
                r = (r.0 * s - conv.pad_top as isize, r.1 * s - conv.pad_top as isize + k - 1);
                c = (c.0 * s - conv.pad_left as isize, c.1 * s - conv.pad_left as isize + k - 1);
            }
            Layer::Pool(p) => {
                let (s, k) = (p.stride as isize, p.size as isize);
                r = (r.0 * s, r.1 * s + k - 1);
                c = (c.0 * s, c.1 * s + k - 1);
            }
            _ => {}
        }
    }
    (r, c)
}

/// [`region`] clipped to an `h × w` image (None: it lies wholly in the padding).
pub fn clipped(rc: ((isize, isize), (isize, isize)), h: usize, w: usize) -> Option<((usize, usize), (usize, usize))> {
    let clip = |(a, b): (isize, isize), n: usize| {
        let (a, b) = (a.max(0), b.min(n as isize - 1));
        (a <= b).then_some((a as usize, b as usize))
    };
    Some((clip(rc.0, h)?, clip(rc.1, w)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::conv::{ConvNetConfig, LayerSpec, Padding, PoolKind, Shape};
    use crate::engine::math::activation::Activation;

    fn net(layers: Vec<LayerSpec>) -> (ConvNet<f64>, Vec<usize>) {
        let cfg = ConvNetConfig { input: Shape::new(1, 16, 16), layers, classes: 3 };
        let rf = cfg.infer_partial().0.iter().map(|l| l.receptive_field).collect();
        (ConvNet::new(&cfg, 1).expect("a valid net"), rf)
    }

    fn conv(size: usize, stride: usize) -> LayerSpec {
        LayerSpec::Conv { kernels: 2, size, stride, padding: Padding::Same, activation: Activation::Relu }
    }

    #[test]
    fn a_middle_cell_sees_what_shape_inference_says_and_stride_and_pooling_widen_it() {
        let (n, rf) = net(vec![conv(3, 1), LayerSpec::Pool { kind: PoolKind::Max, size: 2, stride: 2 }, conv(3, 2)]);
        for (layer, (row, col)) in [(0, (8, 8)), (1, (4, 4)), (2, (2, 2))] {
            let ((r0, r1), (c0, c1)) = region(&n, layer, row, col);
            assert_eq!(((r1 - r0 + 1) as usize, (c1 - c0 + 1) as usize), (rf[layer], rf[layer]), "layer {layer}");
        }
        assert_eq!(rf[..3], [3, 4, 8]);
        // the first conv's cell (0, 0) sees rows −1…1: clipped to 0…1 at the edge
        assert_eq!(clipped(region(&n, 0, 0, 0), 16, 16), Some(((0, 1), (0, 1))));
        assert_eq!(region(&n, 0, 5, 7), ((4, 6), (6, 8)));
        // what widened each layer's field: nothing, the pool, the pool then the stride
        assert_eq!(
            [widened_by(&n, 0), widened_by(&n, 1), widened_by(&n, 2)],
            [vec![], vec![Widen::Pool], vec![Widen::Pool, Widen::Stride]]
        );
        // two plain convolutions widen it too (5×5), through neither
        let (deep, rf) = net(vec![conv(3, 1), conv(3, 1)]);
        assert_eq!((rf[1], widened_by(&deep, 1)), (5, vec![]));
    }
}
