//! One model's decision surface, painted like the network's output: the same
//! palette and scale (two classes: the diverging scale over `[-1, 1]`, or its
//! sign when "Discretize output" is on; regression: the predicted value), the
//! same lightening, the data points over it.

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::engine::data::Task;
use crate::render::heatmap::{put, Scale};
use crate::render::palette::{lighten, Lut};
use crate::render::{canvas, points};

use super::Points;

/// The RGBA pixels of a surface (row 0 at the top), as the output view colours the network's.
pub fn surface_pixels(values: &[f32], task: Task, discretize: bool, lut: &Lut) -> Vec<u8> {
    let scale = match task {
        Task::Classification { .. } if discretize => Scale::Sign { centre: 0.0 },
        _ => Scale::Linear { centre: 0.0, half_range: 1.0 },
    };
    values.iter().flat_map(|&v| lighten(lut.get(scale.map(f64::from(v))))).collect()
}

/// A small square surface with its caption.
#[component]
pub fn SurfaceTile(
    name: String,
    caption: String,
    surface: Vec<f32>,
    grid: usize,
    extent: f64,
    task: Task,
    points: Points,
    /// The output's look: (discretize, show test points).
    look: Signal<(bool, bool)>,
    /// Fires when a canvas changed CSS size.
    resized: Trigger,
) -> impl IntoView {
    let node = NodeRef::<Canvas>::new();
    let lut = Lut::default();
    Effect::new(move |_| {
        resized.track();
        let (discretize, show_test) = look.get();
        let Some(cv) = node.get() else { return };
        let (w, h, ratio) = canvas::fit_to_css(&cv);
        let Some(g) = canvas::context_2d(&cv) else { return };
        let Some(grid_canvas) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlCanvasElement>(e).ok())
        else {
            return;
        };
        canvas::set_backing_size(&grid_canvas, grid as u32, grid as u32);
        if let Some(gg) = canvas::context_2d(&grid_canvas) {
            put(&gg, &surface_pixels(&surface, task, discretize, &lut), grid as u32, 0.0, 0.0);
        }
        g.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
        g.clear_rect(0.0, 0.0, w as f64, h as f64);
        g.set_image_smoothing_enabled(!discretize);
        g.draw_image_with_html_canvas_element_and_dw_and_dh(&grid_canvas, 0.0, 0.0, w as f64, h as f64).ok();
        g.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok();
        let size = (w as f64 / ratio).min(h as f64 / ratio);
        let r = (size / 90.0).clamp(1.5, 3.0);
        points::draw(&g, &points.0, task, extent, 0.0, 0.0, size, r, false);
        if show_test {
            points::draw(&g, &points.1, task, extent, 0.0, 0.0, size, r, true);
        }
    });
    let label = format!("{name}'s prediction over the input square, with the data points");
    view! {
        <figure class="baselines-tile">
            <canvas node_ref=node class="baselines-canvas" data-testid="baselines-surface" role="img" aria-label=label></canvas>
            <figcaption>{caption}</figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surface_is_coloured_like_the_output_and_snaps_when_discretized() {
        let lut = Lut::default();
        let two = Task::Classification { n_classes: 2 };
        let px = surface_pixels(&[-1.0, 0.0, 1.0], two, false, &lut);
        assert_eq!(px.len(), 12);
        assert_eq!(&px[0..4], &lighten(lut.get(-1.0)));
        assert_eq!(&px[8..12], &lighten(lut.get(1.0)));
        assert_ne!(&px[0..4], &px[8..12], "the two classes differ");
        let snapped = surface_pixels(&[-0.1, 0.1], two, true, &lut);
        assert_eq!(&snapped[0..4], &lighten(lut.get(-1.0)));
        assert_eq!(&snapped[4..8], &lighten(lut.get(1.0)));
        // regression never snaps
        assert_eq!(surface_pixels(&[0.1], Task::Regression, true, &lut), lighten(lut.get(0.1)).to_vec());
    }
}
