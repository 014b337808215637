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
/// side `size` at (x0, y0); `radius` in pixels.
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
    for p in points {
        let (x, y) = (x0 + to_px(p.x1), y0 + size - to_px(p.x2));
        let color = css(label_color(task, p.label));
        ctx.begin_path();
        ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU).ok();
        if outlined {
            ctx.set_fill_style_str("#ffffff");
            ctx.fill();
            ctx.set_stroke_style_str(&color);
            ctx.stroke();
        } else {
            ctx.set_fill_style_str(&color);
            ctx.fill();
            ctx.set_stroke_style_str("rgba(255,255,255,0.8)");
            ctx.stroke();
        }
    }
}
