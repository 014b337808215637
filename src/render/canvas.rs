//! Canvas plumbing for the page: size a canvas for devicePixelRatio, get its 2-D
//! context, and hand plotters a backend on it.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The device pixel ratio (1 where unknown).
pub fn dpr() -> f64 {
    web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0)
}

/// Makes the canvas's backing store match its CSS size × devicePixelRatio (only
/// when that changed) and returns (backing width, backing height, ratio).
pub fn fit_to_css(canvas: &HtmlCanvasElement) -> (u32, u32, f64) {
    let ratio = dpr();
    let w = (canvas.client_width().max(1) as f64 * ratio).round() as u32;
    let h = (canvas.client_height().max(1) as f64 * ratio).round() as u32;
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    (w, h, ratio)
}

/// The canvas's 2-D context.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok())
}

/// Runs `draw` on a plotters root area covering the whole (DPR-sized) canvas,
/// with the font size scaled by the ratio. Drawing errors are logged, never panicked on.
pub fn with_plotters<F>(canvas: &HtmlCanvasElement, draw: F)
where
    F: FnOnce(&plotters::drawing::DrawingArea<plotters_canvas::CanvasBackend, plotters::coord::Shift>, f64) -> Result<(), String>,
{
    use plotters::prelude::IntoDrawingArea;
    let (_, _, ratio) = fit_to_css(canvas);
    let Some(backend) = plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone()) else { return };
    let root = backend.into_drawing_area();
    if let Err(e) = draw(&root, ratio) {
        web_sys::console::warn_1(&format!("chart drawing failed: {e}").into());
    }
    root.present().ok();
}
