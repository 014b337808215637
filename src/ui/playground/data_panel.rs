//! The left column: data set thumbnails, the data sliders, regenerate, and the
//! input feature toggles (each with a heatmap of what it computes).

use crate::ui::i18n::t;
use leptos::html::Canvas;
use leptos::prelude::*;

use crate::engine::data::features::Feature;
use crate::engine::data::{DataConfig, DataKind};
use crate::render::canvas;
use crate::render::heatmap::{paint_canvas, Scale};
use crate::render::output::paint_thumbnail;
use crate::render::palette::Lut;

use super::controls::{event_value, set_data_kind};
use super::ctx;
use super::session::{feature_grid, GRID};

/// A thumbnail of one data set (painted by [`paint_thumbnails`]).
#[component]
fn DataThumb(
    /// Which data set.
    kind: DataKind,
    /// Its canvas.
    node: NodeRef<Canvas>,
) -> impl IntoView {
    let c = ctx();
    let selected = move || c.settings.with(|s| s.cfg.data.kind == kind);
    view! {
        <button class="thumb" class:selected=selected title=t(kind.name()) aria-label=thumb_name(kind)
            aria-pressed=move || selected().to_string()
            data-testid=format!("dataset-{kind:?}")
            on:click=move |_| c.settings.update(|s| set_data_kind(s, kind))>
            <canvas node_ref=node class="thumb-canvas" aria-hidden="true"></canvas>
            <span class="thumb-label">{caption(kind)}</span>
        </button>
    }
}

/// A thumbnail's caption: short enough to fit under it at 1024×768 (the full
/// name is its title and accessible name).
/// A thumbnail's accessible name: its caption (the words shown, which a voice user says),
/// then the full name where the caption does not already say it.
fn thumb_name(kind: DataKind) -> String {
    let (shown, full) = (caption(kind), t(kind.name()));
    if full.to_lowercase().contains(&shown.to_lowercase()) {
        full.to_string()
    } else {
        format!("{shown}: {full}")
    }
}

fn caption(kind: DataKind) -> &'static str {
    use DataKind::*;
    match kind {
        Circle => t("circle"),
        XorQuadrants => t("XOR"),
        Gaussian => t("2 blobs"),
        Spiral => t("spiral"),
        TwoMoons => t("moons"),
        Checkerboard => t("chess"),
        XorTable => t("XOR table"),
        AndTable => t("AND table"),
        OrTable => t("OR table"),
        ThreeBlobs => t("3 blobs"),
        ThreeSpirals => t("3 spirals"),
        RegressPlane => t("plane"),
        RegressGaussian => t("hills"),
        Custom => t("your data"),
    }
}

/// A labelled range slider writing `set` on release (each release may rebuild).
fn slider(
    label: &'static str,
    testid: &'static str,
    (min, max, step): (f64, f64, f64),
    get: impl Fn(&super::state::Settings) -> f64 + Copy + Send + Sync + 'static,
    set: impl Fn(&mut super::state::Settings, f64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let c = ctx();
    view! {
        <label class="slider">
            <span class="field-label">{label}": "<b>{move || format!("{}", c.settings.with(get))}</b></span>
            <input type="range" min=min max=max step=step data-testid=testid
                prop:value=move || c.settings.with(get).to_string()
                on:change=move |ev| {
                    if let Ok(v) = event_value(&ev).parse::<f64>() {
                        c.settings.update(|s| set(s, v));
                    }
                } />
        </label>
    }
}

/// One input feature: a checkbox and its heatmap.
#[component]
fn FeatureToggle(
    /// The feature.
    feature: Feature,
) -> impl IntoView {
    let c = ctx();
    let node = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let extent = c.settings.with(|s| s.cfg.data.kind.extent());
        let Some(cv) = node.get() else { return };
        let vals = feature_grid(feature, extent);
        let m = vals.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-9);
        paint_canvas(&cv, &vals, GRID, Scale::Linear { centre: 0.0, half_range: m }, &Lut::default(), &mut Vec::new());
    });
    let on = move || c.settings.with(|s| s.cfg.features.contains(&feature));
    view! {
        <label class="feature" class:on=on data-testid=format!("feature-{feature:?}") title=crate::ui::i18n::fill(t("Use {feature} as an input"), &[("feature", &feature.name())])>
            <input type="checkbox" prop:checked=on on:change=move |_| {
                c.settings.update(|s| {
                    let f = &mut s.cfg.features;
                    if let Some(i) = f.iter().position(|x| *x == feature) {
                        if f.len() > 1 { f.remove(i); } else { c.notice.set(Some(crate::ui::i18n::t("The network needs at least one input feature.").into())); }
                    } else {
                        // keep the canonical order X1, X2, X1², …
                        f.push(feature);
                        f.sort_by_key(|x| Feature::all().iter().position(|y| y == x));
                    }
                });
            } />
            <canvas node_ref=node class="feature-canvas" aria-hidden="true"></canvas>
            <span>{feature.name()}</span>
        </label>
    }
}

/// Paints the data thumbnails, once the page has settled (their 160 points each are not
/// what a first epoch waits for: [`super::Ctx::settled`]) and again when a canvas changes
/// size: every size is read before any canvas is written, so the page is laid out once,
/// not once a thumbnail.
fn paint_thumbnails(thumbs: Vec<(DataKind, NodeRef<Canvas>)>) {
    let c = ctx();
    Effect::new(move |_| {
        c.resized.track();
        if !c.settled.get() {
            return;
        }
        let canvases: Vec<_> = thumbs.iter().filter_map(|(kind, node)| Some((*kind, node.get()?))).collect();
        let sizes: Vec<_> = canvases.iter().map(|(_, cv)| canvas::css_size(cv)).collect();
        let ratio = canvas::dpr();
        for ((kind, cv), css) in canvases.iter().zip(sizes) {
            let (w, h) = canvas::backing_size(css, ratio);
            canvas::set_backing_size(cv, w, h);
            let Some(g) = canvas::context_2d(cv) else { continue };
            let cfg = DataConfig { kind: *kind, n_points: 160, noise: 0.0, train_fraction: 1.0, seed: 7, custom: None };
            if cfg.validate().is_err() {
                continue;
            }
            paint_thumbnail(&g, w as f64, h as f64, &cfg.generate());
        }
    });
}

/// The data column.
#[component]
pub fn DataPanel() -> impl IntoView {
    let c = ctx();
    let thumbs: Vec<(DataKind, NodeRef<Canvas>)> = DataKind::all().iter().map(|k| (*k, NodeRef::new())).collect();
    paint_thumbnails(thumbs.clone());
    view! {
        <h2>{t("Data")}</h2>
        <div class="thumbs" data-testid="dataset-picker">
            {thumbs.into_iter().map(|(kind, node)| view! { <DataThumb kind node /> }).collect_view()}
        </div>
        <div class="data-sliders">
        {slider(t("Training data"), "train-ratio", (10.0, 90.0, 10.0), |s| (s.cfg.data.train_fraction * 100.0).round(), |s, v| s.cfg.data.train_fraction = v / 100.0)}
        {slider(t("Noise"), "noise", (0.0, 50.0, 5.0), |s| (s.cfg.data.noise * 100.0).round(), |s, v| s.cfg.data.noise = v / 100.0)}
        {slider(t("Points"), "n-points", (50.0, 1000.0, 50.0), |s| s.cfg.data.n_points as f64, |s, v| s.cfg.data.n_points = v as usize)}
        {slider(t("Batch size"), "batch-size", (1.0, 50.0, 1.0), |s| s.cfg.batch_size as f64, |s, v| s.cfg.batch_size = v as usize)}
        <button data-testid="regenerate" title=t("New random points (a new data seed)")
            on:click=move |_| c.settings.update(|s| s.cfg.data.seed = s.cfg.data.seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) % 1_000_000)>
            {crate::ui::i18n::t("Regenerate data")}
        </button>
        </div>
        <div class="features-block">
            <h2 class="section">{t("Features")}</h2>
            <p class="hint">{t("Which properties of each point go in.")}</p>
            <div class="features">
                {Feature::all().iter().map(|f| view! { <FeatureToggle feature=*f /> }).collect_view()}
            </div>
        </div>
    }
}
