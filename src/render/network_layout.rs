//! Where the network diagram puts things: one column per layer (input features,
//! hidden layers, output), one square tile per neuron, one straight line per
//! weight. Pure geometry in CSS pixels, shared by the painter and the hit-testing
//! of hover and click.

/// One column of neurons.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Left edge of the tiles.
    pub x: f64,
    /// Top edge of each tile.
    pub ys: Vec<f64>,
}

/// The diagram's geometry.
#[derive(Clone, Debug, PartialEq)]
pub struct NetLayout {
    /// Side of a neuron tile.
    pub tile: f64,
    pub columns: Vec<Column>,
}

/// What is under the pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// Neuron `index` of column `column` (0 = the inputs).
    Neuron { column: usize, index: usize },
    /// The weight of network layer `layer` from neuron `from` (column `layer`)
    /// to neuron `to` (column `layer + 1`).
    Weight { layer: usize, from: usize, to: usize },
}

/// Room kept left and right of the outer columns for a ring around a tile
/// (3 px out, 5.25 px thick at most, in presenter mode).
pub const RING: f64 = 6.0;

/// Lays out columns of `sizes[i]` neurons in a `width` × `height` box; the
/// tiles get at most `max_tile` pixels a side.
pub fn layout(sizes: &[usize], width: f64, height: f64, max_tile: f64) -> NetLayout {
    let n_cols = sizes.len().max(1);
    let tallest = sizes.iter().copied().max().unwrap_or(1).max(1) as f64;
    let by_height = height / (tallest * 1.25);
    let by_width = width / (n_cols as f64 * 2.2);
    // whole pixels: at a device-pixel ratio of 1 a tile as large as its heatmap
    // is a plain copy, not a filtered scale (several times cheaper to draw)
    let tile = max_tile.min(by_height).min(by_width).max(6.0).floor();
    let gap_y = tile * 0.25;
    let columns = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            // columns spread evenly, the first and last RING px in from the edges
            // (room for the ring the backprop stepper draws around a tile)
            let x = if n_cols == 1 {
                (width - tile) / 2.0
            } else {
                RING + (width - tile - 2.0 * RING).max(0.0) * i as f64 / (n_cols - 1) as f64
            };
            let total = n as f64 * tile + (n.saturating_sub(1)) as f64 * gap_y;
            let top = ((height - total) / 2.0).max(0.0);
            Column { x: x.round(), ys: (0..n).map(|j| (top + j as f64 * (tile + gap_y)).round()).collect() }
        })
        .collect();
    NetLayout { tile, columns }
}

impl NetLayout {
    /// Start (right-middle of the source tile) and end (left-middle of the target
    /// tile) of a weight's line.
    pub fn edge(&self, layer: usize, from: usize, to: usize) -> Option<((f64, f64), (f64, f64))> {
        let a = self.columns.get(layer)?;
        let b = self.columns.get(layer + 1)?;
        let h = self.tile / 2.0;
        Some(((a.x + self.tile, *a.ys.get(from)? + h), (b.x, *b.ys.get(to)? + h)))
    }

    /// The neuron or weight under (x, y), if any (weights within `slack` pixels).
    pub fn hit(&self, x: f64, y: f64, slack: f64) -> Option<Hit> {
        for (c, col) in self.columns.iter().enumerate() {
            if x >= col.x && x <= col.x + self.tile {
                if let Some(j) = col.ys.iter().position(|&ty| y >= ty && y <= ty + self.tile) {
                    return Some(Hit::Neuron { column: c, index: j });
                }
            }
        }
        let mut best: Option<(f64, Hit)> = None;
        for layer in 0..self.columns.len().saturating_sub(1) {
            let (a, b) = (&self.columns[layer], &self.columns[layer + 1]);
            if x < a.x + self.tile || x > b.x {
                continue;
            }
            for from in 0..a.ys.len() {
                for to in 0..b.ys.len() {
                    let Some((p, q)) = self.edge(layer, from, to) else { continue };
                    let d = dist_to_segment((x, y), p, q);
                    if d <= slack && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, Hit::Weight { layer, from, to }));
                    }
                }
            }
        }
        best.map(|(_, h)| h)
    }
}

/// Distance from `p` to the segment `a`–`b`.
pub fn dist_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0) };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}

/// Line width for a weight: |w| scaled, between 0.5 and 6 pixels.
pub fn weight_width(w: f64) -> f64 {
    if w.is_finite() {
        (w.abs() * 2.0).clamp(0.5, 6.0)
    } else {
        0.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_fit_and_hits_find_them() {
        let l = layout(&[2, 16, 1], 600.0, 400.0, 40.0);
        assert_eq!(l.columns.len(), 3);
        let last = l.columns[1].ys.last().unwrap() + l.tile;
        assert!(last <= 400.0 + 1e-9, "16 tiles fit the height ({last})");
        // the outer columns keep RING px from the edges, for the backprop stepper's ring
        assert_eq!(l.columns[0].x, RING);
        assert!((l.columns[2].x + l.tile - (600.0 - RING)).abs() < 1e-9);
        let c = &l.columns[1];
        assert_eq!(l.hit(c.x + 1.0, c.ys[3] + 1.0, 3.0), Some(Hit::Neuron { column: 1, index: 3 }));
    }

    #[test]
    fn a_point_on_a_line_hits_that_weight() {
        let l = layout(&[2, 3], 300.0, 200.0, 30.0);
        let (p, q) = l.edge(0, 1, 2).unwrap();
        let mid = ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
        assert_eq!(l.hit(mid.0, mid.1, 2.0), Some(Hit::Weight { layer: 0, from: 1, to: 2 }));
        assert_eq!(l.hit(mid.0, -50.0, 2.0), None);
    }

    #[test]
    fn distance_to_a_segment() {
        assert!((dist_to_segment((0.0, 1.0), (-1.0, 0.0), (1.0, 0.0)) - 1.0).abs() < 1e-12);
        assert!((dist_to_segment((3.0, 0.0), (-1.0, 0.0), (1.0, 0.0)) - 2.0).abs() < 1e-12);
    }
}
