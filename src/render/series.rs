//! A decimated series for long runs: the loss chart keeps the whole run without
//! slowing down. Points are pushed one per epoch; when more than `2 × cap` are
//! held, neighbours are merged pairwise (their mean), so memory and drawing cost
//! stay bounded while every epoch still counts in some point.

/// An (x, y) series of at most `2 × cap` points, each the mean of `stride` raw points.
#[derive(Clone, Debug)]
pub struct Decimated {
    cap: usize,
    stride: usize,
    points: Vec<(f64, f64)>,
    /// Raw points not yet merged into a full bucket: (sum x, sum y, count).
    pending: (f64, f64, usize),
}

impl Decimated {
    /// An empty series that keeps between `cap` and `2 × cap` points.
    pub fn new(cap: usize) -> Self {
        Decimated { cap: cap.max(2), stride: 1, points: Vec::new(), pending: (0.0, 0.0, 0) }
    }

    /// Removes every point.
    pub fn clear(&mut self) {
        *self = Decimated::new(self.cap);
    }

    /// Adds one raw point (x increasing).
    pub fn push(&mut self, x: f64, y: f64) {
        let (sx, sy, n) = &mut self.pending;
        *sx += x;
        *sy += y;
        *n += 1;
        if *n == self.stride {
            let k = *n as f64;
            self.points.push((*sx / k, *sy / k));
            self.pending = (0.0, 0.0, 0);
            if self.points.len() >= 2 * self.cap {
                self.halve();
            }
        }
    }

    fn halve(&mut self) {
        let merged: Vec<(f64, f64)> = self
            .points
            .chunks(2)
            .map(|c| {
                let k = c.len() as f64;
                (c.iter().map(|p| p.0).sum::<f64>() / k, c.iter().map(|p| p.1).sum::<f64>() / k)
            })
            .collect();
        self.points = merged;
        self.stride *= 2;
    }

    /// The merged points, plus the newest partial bucket, ready to draw.
    pub fn points(&self) -> Vec<(f64, f64)> {
        let mut v = self.points.clone();
        let (sx, sy, n) = self.pending;
        if n > 0 {
            v.push((sx / n as f64, sy / n as f64));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_bounded_and_keeps_the_mean() {
        let mut d = Decimated::new(100);
        let n = 100_000;
        for i in 0..n {
            d.push(i as f64, (i % 2) as f64);
        }
        let pts = d.points();
        assert!(pts.len() <= 200, "{} points", pts.len());
        assert!(pts.len() >= 100);
        // the mean of a 0,1,0,1… series survives merging
        for &(_, y) in &pts[..pts.len() - 1] {
            assert!((y - 0.5).abs() < 1e-12, "{y}");
        }
        // x spans the whole run: old points are merged, not dropped
        assert!(pts[0].0 < 1000.0 && pts.last().unwrap().0 > (n - 1000) as f64);
    }

    #[test]
    fn short_series_are_exact() {
        let mut d = Decimated::new(10);
        for i in 0..5 {
            d.push(i as f64, i as f64 * 2.0);
        }
        assert_eq!(d.points(), vec![(0.0, 0.0), (1.0, 2.0), (2.0, 4.0), (3.0, 6.0), (4.0, 8.0)]);
    }
}
