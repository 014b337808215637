//! Heatmaps as RGBA pixels: a grid of values becomes an `ImageData`-ready byte
//! buffer (pure; tested natively), and [`put`] paints it onto a canvas. Canvases
//! scale it with CSS or `drawImage` (plotters' per-pixel drawing is too slow for this).

use super::palette::Lut;

/// How grid values map to the palette's [-1, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    /// value v ↦ (v − centre) / half_range
    Linear { centre: f64, half_range: f64 },
    /// like Linear, then snapped to −1 or +1 (the "discretize" view)
    Sign { centre: f64 },
}

/// The largest finite |v| of `values`: the half-range of the one symmetric
/// colour scale every signed picture uses (weights, kernels, feature maps,
/// inputs), so that ±it maps to the palette's ends and 0 to white. Values all
/// (nearly) zero, or none, give 1.
pub fn max_abs<T: Into<f64>>(values: impl IntoIterator<Item = T>) -> f64 {
    let m = values.into_iter().map(Into::into).fold(0.0f64, |a, v| if v.is_finite() { a.max(v.abs()) } else { a });
    if m > 1e-12 {
        m
    } else {
        1.0
    }
}

impl Scale {
    /// The symmetric scale of signed values: ±[`max_abs`] to the palette's ends.
    pub fn symmetric<T: Into<f64>>(values: impl IntoIterator<Item = T>) -> Scale {
        Scale::Linear { centre: 0.0, half_range: max_abs(values) }
    }
    /// For a neuron's activation range (lo, hi): centred between them.
    pub fn for_range(lo: f64, hi: f64) -> Scale {
        let (lo, hi) = (if lo.is_finite() { lo } else { -1.0 }, if hi.is_finite() { hi } else { 1.0 });
        Scale::Linear { centre: 0.5 * (lo + hi), half_range: (0.5 * (hi - lo)).max(1e-9) }
    }
    /// The value the scale puts at its middle (white; the class boundary of a sign).
    pub fn centre(self) -> f64 {
        match self {
            Scale::Linear { centre, .. } | Scale::Sign { centre } => centre,
        }
    }
    #[inline]
    pub fn map(self, v: f64) -> f64 {
        match self {
            Scale::Linear { centre, half_range } => (v - centre) / half_range,
            Scale::Sign { centre } => {
                if v >= centre {
                    1.0
                } else {
                    -1.0
                }
            }
        }
    }
}

/// Writes `values` (row-major, any length) as opaque RGBA pixels into `out`
/// (4 bytes per value; `out` is resized to fit). Values in `f64` or `f32`.
pub fn fill_rgba<T: Copy + Into<f64>>(values: &[T], scale: Scale, lut: &Lut, out: &mut Vec<u8>) {
    out.resize(values.len() * 4, 255);
    for (px, &v) in out.chunks_exact_mut(4).zip(values) {
        let [r, g, b] = lut.get(scale.map(v.into()));
        px[0] = r;
        px[1] = g;
        px[2] = b;
        px[3] = 255;
    }
}

/// Paints RGBA `pixels` (width × height) at (x, y) on a 2-D context.
pub fn put(ctx: &web_sys::CanvasRenderingContext2d, pixels: &[u8], width: u32, x: f64, y: f64) {
    use wasm_bindgen::Clamped;
    if let Ok(img) = web_sys::ImageData::new_with_u8_clamped_array(Clamped(pixels), width) {
        ctx.put_image_data(&img, x, y).ok();
    }
}

thread_local! {
    /// A small canvas off the page for [`paint_cells`], its context, and its pixels' bytes.
    static CELLS: std::cell::RefCell<Option<(web_sys::HtmlCanvasElement, web_sys::CanvasRenderingContext2d, Vec<u8>)>> =
        const { std::cell::RefCell::new(None) };
}

/// Paints a `w`×`h` grid of square cells, `cell` CSS pixels each, at `(x, y)`:
/// cell `k` (row-major) in `colour(k)`. The grid becomes one small image, scaled
/// up without smoothing by one `drawImage` (crisp, no seams between cells); a
/// `fillRect` a cell, each with its colour as a string, cost a 4x-throttled
/// classroom device milliseconds a frame in the labs (an 8×8 digit is 64 cells).
pub fn paint_cells(
    ctx: &web_sys::CanvasRenderingContext2d,
    x: f64,
    y: f64,
    cell: f64,
    w: usize,
    h: usize,
    colour: impl Fn(usize) -> [u8; 3],
) {
    use wasm_bindgen::JsCast;
    if w == 0 || h == 0 {
        return;
    }
    CELLS.with_borrow_mut(|slot| {
        if slot.is_none() {
            let canvas = web_sys::window()
                .and_then(|win| win.document())
                .and_then(|d| d.create_element("canvas").ok())
                .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok());
            *slot = canvas.and_then(|c| super::canvas::context_2d(&c).map(|g| (c, g, Vec::new())));
        }
        let Some((scratch, g, buf)) = slot.as_mut() else { return };
        if (scratch.width(), scratch.height()) != (w as u32, h as u32) {
            scratch.set_width(w as u32);
            scratch.set_height(h as u32);
        }
        buf.clear();
        buf.extend((0..w * h).flat_map(|k| {
            let [r, gr, b] = colour(k);
            [r, gr, b, 255]
        }));
        put(g, buf, w as u32, 0.0, 0.0);
        ctx.set_image_smoothing_enabled(false);
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(scratch, x, y, cell * w as f64, cell * h as f64).ok();
        ctx.set_image_smoothing_enabled(true);
    });
}

/// Paints an `n`×`n` grid onto a canvas whose backing store is exactly `n`×`n`
/// (CSS scales it up; smoothing or `image-rendering: pixelated` decides the look).
pub fn paint_canvas<T: Copy + Into<f64>>(
    canvas: &web_sys::HtmlCanvasElement,
    values: &[T],
    n: usize,
    scale: Scale,
    lut: &Lut,
    buf: &mut Vec<u8>,
) {
    super::canvas::set_backing_size(canvas, n as u32, n as u32);
    fill_rgba(values, scale, lut, buf);
    if let Some(ctx) = super::canvas::context_2d(canvas) {
        put(&ctx, buf, n as u32, 0.0, 0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_symmetric_scale_maps_the_largest_magnitude_to_an_end_and_zero_to_white() {
        let s = Scale::symmetric([0.5f32, -2.0, f32::NAN, 1.0, f32::INFINITY]);
        assert_eq!(s, Scale::Linear { centre: 0.0, half_range: 2.0 });
        assert_eq!((s.map(-2.0), s.map(0.0), s.map(1.0)), (-1.0, 0.0, 0.5));
        // nothing to scale by: ±1, not a division by zero
        assert_eq!(max_abs([0.0f64; 3]), 1.0);
        assert_eq!(max_abs(Vec::<f64>::new()), 1.0);
    }
}
