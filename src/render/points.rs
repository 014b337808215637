//! Data points drawn over a square plot: filled for training points, outlined
//! (white centre) for test points; colour by class, or by value for regression.

use web_sys::CanvasRenderingContext2d;

use crate::engine::data::{class_of, Point, Task};

use super::palette::{css, diverging, CLASS};

/// The colour of a point's label.
pub fn label_color(task: Task, label: f64) -> [u8; 3] {
    match task {
        Task::Regression => diverging(label),
        Task::Classification { .. } => CLASS[class_of(task, label).min(CLASS.len() - 1)],
    }
}

/// Draws `points` (coordinates in `[-extent, extent]²`) into the square of
/// side `size` at (x0, y0); `radius` in pixels: filled with their label's colour and
/// ringed in white, or (`outlined`, the test points) filled white and ringed in it.
///
/// The points of one colour are one path, filled once and stroked once: a few calls a
/// colour rather than six a point (a thumbnail's 160 points, the output's hundreds, on a
/// slow device's first paint). Where points overlap, a colour's rings lie over the
/// fills of the colours before it, as a later point's fill lay over an earlier ring.
#[allow(clippy::too_many_arguments)]
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    points: &[Point],
    task: Task,
    extent: f64,
    x0: f64,
    y0: f64,
    size: f64,
    radius: f64,
    outlined: bool,
) {
    let to_px = |v: f64| (v + extent) / (2.0 * extent) * size;
    ctx.set_line_width(1.0);
    for (color, at) in by_color(points, task) {
        ctx.begin_path();
        for p in at.iter().map(|&i| &points[i]) {
            let (x, y) = (x0 + to_px(p.x1), y0 + size - to_px(p.x2));
            ctx.move_to(x + radius, y);
            ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU).ok();
        }
        let color = css(color);
        let (fill, ring) = if outlined { ("#ffffff", color.as_str()) } else { (color.as_str(), "rgba(255,255,255,0.8)") };
        ctx.set_fill_style_str(fill);
        ctx.fill();
        ctx.set_stroke_style_str(ring);
        ctx.stroke();
    }
}

/// The points' colours, in the order each first appears, with the indices of the
/// points of that colour (in their order).
pub fn by_color(points: &[Point], task: Task) -> Vec<([u8; 3], Vec<usize>)> {
    let mut groups: Vec<([u8; 3], Vec<usize>)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for (i, p) in points.iter().enumerate() {
        let c = label_color(task, p.label);
        let g = *index.entry(c).or_insert_with(|| {
            groups.push((c, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(label: f64) -> Point {
        Point { x1: 0.0, x2: 0.0, label }
    }

    #[test]
    fn every_point_falls_in_its_colours_group_once_and_in_order() {
        let two = Task::Classification { n_classes: 2 };
        let pts: Vec<Point> = [1.0, -1.0, -1.0, 1.0, 1.0].into_iter().map(at).collect();
        let g = by_color(&pts, two);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].0, g[0].1.clone()), (label_color(two, 1.0), vec![0, 3, 4]));
        assert_eq!((g[1].0, g[1].1.clone()), (label_color(two, -1.0), vec![1, 2]));
        // regression: a colour per distinct value, every index once
        let pts: Vec<Point> = (0..50).map(|i| at(i as f64 / 25.0 - 1.0)).collect();
        let g = by_color(&pts, Task::Regression);
        let mut seen: Vec<usize> = g
            .iter()
            .flat_map(|(c, ix)| {
                ix.iter().inspect(|&&i| assert_eq!(*c, label_color(Task::Regression, pts[i].label))).copied().collect::<Vec<_>>()
            })
            .collect();
        seen.sort();
        assert_eq!(seen, (0..50).collect::<Vec<_>>());
        assert!(g.len() > 10);
    }
}
