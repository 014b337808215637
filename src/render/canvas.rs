//! Canvas plumbing for the page: size a canvas for devicePixelRatio, get its 2-D
//! context, and hand plotters a backend on it.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The device pixel ratio (1 where unknown), or the ratio a snapshot asked for.
pub fn dpr() -> f64 {
    RATIO.with(|r| r.get()).unwrap_or_else(|| web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0))
}

thread_local! {
    static RATIO: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// Paints every canvas at `ratio` backing pixels per CSS pixel (a snapshot at
/// presentation resolution), or at the device's ratio again (`None`).
pub fn set_ratio_override(ratio: Option<f64>) {
    RATIO.with(|r| r.set(ratio));
    notify_resized();
}

/// Makes the canvas's backing store match its CSS size × devicePixelRatio (only
/// when that changed) and returns (backing width, backing height, ratio).
pub fn fit_to_css(canvas: &HtmlCanvasElement) -> (u32, u32, f64) {
    let ratio = dpr();
    let (w, h) = backing_size(css_size(canvas), ratio);
    set_backing_size(canvas, w, h);
    (w, h, ratio)
}

/// The backing store, in pixels, of a canvas of CSS size `css` at device pixel `ratio`
/// (at least one CSS pixel each way).
pub fn backing_size(css: (i32, i32), ratio: f64) -> (u32, u32) {
    ((css.0.max(1) as f64 * ratio).round() as u32, (css.1.max(1) as f64 * ratio).round() as u32)
}

/// Gives the canvas a backing store of `w` × `h` pixels, only where that
/// changes it (setting a size, even the same one, clears the canvas).
pub fn set_backing_size(canvas: &HtmlCanvasElement, w: u32, h: u32) {
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
}

/// The canvas's CSS size (client width and height), without forcing a layout.
///
/// Reading `clientWidth` makes the browser lay the page out again whenever the
/// DOM changed since the last layout — every frame while training, as the
/// counters change — so sizes are read once per canvas and then kept up to date
/// by a `ResizeObserver`, whose callbacks run when layout is already fresh.
pub fn css_size(canvas: &HtmlCanvasElement) -> (i32, i32) {
    SIZES.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(e) = c.entries.iter().find(|e| e.0 == *canvas) {
            return (e.1, e.2);
        }
        let size = (canvas.client_width(), canvas.client_height());
        if c.entries.len() >= 32 {
            c.entries.retain(|e| e.0.is_connected());
        }
        c.entries.push((canvas.clone(), size.0, size.1));
        if let Some(o) = c.observer() {
            o.observe(canvas);
        }
        size
    })
}

type OnResize = dyn FnMut(js_sys::Array);

/// How many times an observed canvas has changed CSS size: a view whose count
/// moved repaints (a canvas's pixels are stretched until it does).
pub fn resize_count() -> u64 {
    SIZES.with(|c| c.borrow().resizes)
}

/// Counts a change that every canvas must repaint for (presenter mode changes
/// the label size even where a canvas keeps its size).
pub fn notify_resized() {
    SIZES.with(|c| c.borrow_mut().resizes += 1);
}

/// Observed canvases and their CSS sizes.
#[derive(Default)]
struct SizeCache {
    entries: Vec<(HtmlCanvasElement, i32, i32)>,
    /// Size changes seen so far.
    resizes: u64,
    observer: Option<(web_sys::ResizeObserver, Closure<OnResize>)>,
}

impl SizeCache {
    fn observer(&mut self) -> Option<&web_sys::ResizeObserver> {
        if self.observer.is_none() {
            let cb = Closure::<OnResize>::new(|entries: js_sys::Array| {
                SIZES.with(|c| {
                    let mut c = c.borrow_mut();
                    for e in entries.iter() {
                        let Ok(e) = e.dyn_into::<web_sys::ResizeObserverEntry>() else { continue };
                        let target = e.target();
                        let size = (target.client_width(), target.client_height());
                        if let Some(slot) = c.entries.iter_mut().find(|s| s.0.as_ref() as &JsValue == target.as_ref() as &JsValue) {
                            if (slot.1, slot.2) != size {
                                (slot.1, slot.2) = size;
                                c.resizes += 1;
                            }
                        }
                    }
                })
            });
            let o = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()).ok()?;
            self.observer = Some((o, cb));
        }
        self.observer.as_ref().map(|o| &o.0)
    }
}

thread_local! {
    static SIZES: RefCell<SizeCache> = RefCell::default();
}

/// The canvas's 2-D context.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok())
}

/// Runs `draw` on a plotters root area covering the whole (DPR-sized) canvas,
/// with the font size scaled by the ratio. Drawing errors are logged, never panicked on.
pub fn with_plotters<F>(canvas: &HtmlCanvasElement, draw: F)
where
    F: FnOnce(&plotters::drawing::DrawingArea<MeasuredCanvas, plotters::coord::Shift>, f64) -> Result<(), String>,
{
    use plotters::prelude::IntoDrawingArea;
    let (_, _, ratio) = fit_to_css(canvas);
    let Some(backend) = MeasuredCanvas::new(canvas) else { return };
    let root = backend.into_drawing_area();
    if let Err(e) = draw(&root, ratio) {
        web_sys::console::warn_1(&format!("chart drawing failed: {e}").into());
    }
    root.present().ok();
}

/// plotters' canvas backend, measuring text with the canvas's own `measureText`.
///
/// plotters measures text (to place tick labels) by adding a `<span>` to the
/// page and reading its `offsetWidth`: a forced layout of the whole page per
/// label. `measureText` on the canvas gives the same answer without touching
/// the page. Everything else is the canvas backend's.
pub struct MeasuredCanvas {
    inner: plotters_canvas::CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl MeasuredCanvas {
    /// The backend on `canvas` (None if it has no 2-D context).
    pub fn new(canvas: &HtmlCanvasElement) -> Option<MeasuredCanvas> {
        Some(MeasuredCanvas { context: context_2d(canvas)?, inner: plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone())? })
    }
}

/// A drawing error of the canvas backend, as text.
#[derive(Debug)]
pub struct CanvasDrawError(String);

impl std::fmt::Display for CanvasDrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasDrawError {}

mod backend {
    use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};

    use super::{CanvasDrawError, MeasuredCanvas};

    type Res = Result<(), DrawingErrorKind<CanvasDrawError>>;

    fn cast<E: std::error::Error + Send + Sync>(r: Result<(), DrawingErrorKind<E>>) -> Res {
        r.map_err(|e| match e {
            DrawingErrorKind::DrawingError(e) => DrawingErrorKind::DrawingError(CanvasDrawError(e.to_string())),
            DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
        })
    }

    impl DrawingBackend for MeasuredCanvas {
        type ErrorType = CanvasDrawError;

        fn get_size(&self) -> (u32, u32) {
            self.inner.get_size()
        }
        fn ensure_prepared(&mut self) -> Res {
            cast(self.inner.ensure_prepared())
        }
        fn present(&mut self) -> Res {
            cast(self.inner.present())
        }
        fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Res {
            cast(self.inner.draw_pixel(point, color))
        }
        fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Res {
            cast(self.inner.draw_line(from, to, style))
        }
        fn draw_rect<S: BackendStyle>(&mut self, ul: BackendCoord, br: BackendCoord, style: &S, fill: bool) -> Res {
            cast(self.inner.draw_rect(ul, br, style, fill))
        }
        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Res {
            cast(self.inner.draw_path(path, style))
        }
        fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Res {
            cast(self.inner.draw_circle(center, radius, style, fill))
        }
        fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Res {
            cast(self.inner.fill_polygon(vert, style))
        }
        fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Res {
            cast(self.inner.draw_text(text, style, pos))
        }
        fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<CanvasDrawError>> {
            let size = style.size();
            // the font string the canvas backend draws with
            self.context.set_font(&format!("{} {}px {}", style.style().as_str(), size, style.family().as_str()));
            let m = self.context.measure_text(text).map_err(|e| DrawingErrorKind::DrawingError(CanvasDrawError(format!("{e:?}"))))?;
            let height = m.font_bounding_box_ascent() + m.font_bounding_box_descent();
            let height = if height.is_finite() && height > 0.0 { height } else { size * 1.2 };
            Ok((m.width().ceil().max(0.0) as u32, height.ceil() as u32))
        }
        fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Res {
            cast(self.inner.blit_bitmap(pos, size, src))
        }
    }
}

/// Whether the page is in presenter mode (the root element has the class `presenter`).
pub fn presenter() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .is_some_and(|e| e.class_name().split_whitespace().any(|c| c == "presenter"))
}

/// The size of canvas labels in CSS pixels: 12, or 14 in presenter mode (read
/// from the back of a room).
pub fn text_px() -> f64 {
    if presenter() {
        14.0
    } else {
        12.0
    }
}

/// The canvas label font at [`text_px`].
pub fn label_font() -> String {
    format!("{}px system-ui, sans-serif", text_px())
}
