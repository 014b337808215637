//! The autoencoder view's pictures: inputs over their reconstructions, the
//! code space coloured by digit (a click decodes the point), the worst-rebuilt
//! images (the loss curve is the shared [`crate::ui::loss_panel`]).

use crate::ui::i18n::t;
use leptos::prelude::*;

use super::AeCtx;
use crate::render::autoencoder::{
    paint_anomalies, paint_code_space, paint_picked, paint_reconstructions, AnomalyLayout, CodeLayout, ReconLayout,
};
use crate::render::canvas::{self, text_px};
use crate::render::conv::begin;
use crate::ui::described::{AsText, Described, TextTable};
use crate::ui::words::number_shown as number;

/// One image of each digit, and under it what the net rebuilds from its code.
#[component]
pub fn Reconstructions(ctx: AeCtx) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        ctx.tick.track();
        let Some(cv) = node.get() else { return };
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let Some((g, w)) = begin(&cv, None) else { return };
            let l = ReconLayout::new(w, lab.shown.len(), text_px());
            let Some((g, _)) = begin(&cv, Some(l.height)).or(Some((g, w))) else { return };
            let names = [crate::ui::i18n::t("input"), crate::ui::i18n::t("rebuilt")];
            match &lab.noisy {
                Some(noisy) => paint_reconstructions(&g, &l, noisy.iter().map(Vec::as_slice), &lab.rebuilt, names),
                None => paint_reconstructions(&g, &l, lab.shown.iter().map(|&i| t.data.image(i)), &lab.rebuilt, names),
            }
        });
    });
    let denoised = move || {
        ctx.slow.track();
        ctx.lab.with_value(|lab| lab.denoised.map(|f| crate::ui::words::noise_removed(f, super::DENOISE)))
    };
    let read = Callback::new(move |()| {
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return Described::default() };
            let shown: Vec<(usize, &[f64], &[f64])> =
                lab.shown.iter().zip(&lab.rebuilt).map(|(&i, r)| (t.data.labels[i], t.data.image(i), r.as_slice())).collect();
            recon_data(&shown)
        })
    });
    view! {
        <div class="lab-panel">
            <h2>{t("Inputs and their reconstructions")}</h2>
            <canvas node_ref=node class="ae-recon" data-testid="ae-recon" role="img"
                aria-label=t("One image of each digit, and under it the image the decoder rebuilds from its code")></canvas>
            {move || denoised().map(|line| view! { <div class="small" data-testid="ae-denoised">{line}</div> })}
            <AsText summary=crate::ui::i18n::t("The reconstructions as a table") testid="ae-recon-as-text" read=read />
        </div>
    }
}

/// The codes of all images (the first two code units), coloured by digit; a
/// click decodes that point into the image beside.
#[component]
pub fn CodeSpace(ctx: AeCtx) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    let picked = NodeRef::<leptos::html::Canvas>::new();
    let note = RwSignal::new(String::new());
    let separated = RwSignal::new(String::new());
    Effect::new(move |_| {
        ctx.slow.track();
        let Some(cv) = node.get() else { return };
        let mut text = String::new();
        ctx.lab.update_value(|lab| {
            let sep = super::lesson::separation(lab).zip(lab.trainer.as_ref().map(|t| t.config().code));
            separated.set(sep.map(|(f, k)| crate::ui::words::codes_separate(f, k)).unwrap_or_default());
            let Some(t) = lab.trainer.as_ref() else { return };
            let k = t.config().code;
            let labels = &t.data.labels;
            let Some((g, w)) = begin(&cv, None) else { return };
            let h = CodeLayout::height_for(w);
            let Some((g, w)) = begin(&cv, Some(h)).or(Some((g, w))) else { return };
            // x = code unit 1, y = code unit 2 (or the digit, when the code has one unit)
            let point = |i: usize| -> (f64, f64) {
                let c = &lab.codes[i * k..(i + 1) * k];
                (c[0], if k > 1 { c[1] } else { labels[i] as f64 })
            };
            let m = labels.len().min(lab.codes.len() / k.max(1));
            let Some(l) = CodeLayout::fit(w, h, (0..m).map(point)) else { return };
            lab.extent = l.extent;
            let picked = lab.picked.as_ref().map(|(code, _)| (code[0], if k > 1 { code[1] } else { l.extent.2 }));
            paint_code_space(&g, &l, (0..m).map(point), &labels[..m], picked, text_px());
            text = match k {
                1 => crate::ui::i18n::t("One code unit: across is the code, up is the digit (for colour only).").into(),
                2 => crate::ui::i18n::t(
                    "Each dot is an image's 2-unit code. The digits' labels only colour the dots; the net never sees them.",
                )
                .into(),
                _ => crate::ui::i18n::fill(
                    crate::ui::i18n::t("The first 2 of {k} code units; a click sets those two and keeps the others at their average."),
                    &[("k", &k)],
                ),
            };
        });
        note.set(text);
    });
    // the picked code's image
    Effect::new(move |_| {
        ctx.tick.track();
        let Some(cv) = picked.get() else { return };
        let Some((g, w)) = begin(&cv, Some(128.0)) else { return };
        ctx.lab.with_value(|lab| {
            paint_picked(&g, w.min(128.0), lab.picked.as_ref().map(|(_, img)| img.as_slice()), t("click the plot"));
        });
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(cv) = node.get_untracked() else { return };
        let (cw, ch) = canvas::css_size(&cv);
        if cw <= 0 || ch <= 0 {
            return;
        }
        let (fx, fy) = (ev.offset_x() as f64 / cw as f64, ev.offset_y() as f64 / ch as f64);
        ctx.lab.update_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return };
            let k = t.config().code;
            let m = lab.codes.len() / k.max(1);
            if m == 0 {
                return;
            }
            let (cx, cy) = CodeLayout::code_at(lab.extent, fx, fy);
            let mut code: Vec<f64> = (0..k).map(|j| (0..m).map(|i| lab.codes[i * k + j]).sum::<f64>() / m as f64).collect();
            code[0] = cx;
            if k > 1 {
                code[1] = cy;
            }
            let img = t.decode(&code);
            lab.picked = Some((code, img));
            lab.dirty = true;
        });
        ctx.slow.notify();
    };
    let read_codes = Callback::new(move |()| {
        let text = note.get_untracked();
        ctx.lab.with_value(|lab| {
            let Some(t) = lab.trainer.as_ref() else { return Described::default() };
            code_data(text, t.config().code, &lab.codes, &t.data.labels)
        })
    });
    view! {
        <div class="lab-panel">
            <h2>{t("Code space")}</h2>
            <div class="ae-code-body">
                <canvas node_ref=node class="ae-code" data-testid="ae-code-space" role="img" on:click=on_click
                    aria-label=t("The codes of all images as dots coloured by digit; click to decode a point")></canvas>
                <div class="ae-picked">
                    <div class="small">{t("decoded from the clicked point")}</div>
                    <canvas node_ref=picked class="ae-picked-img" data-testid="ae-decoded" role="img"
                        aria-label=t("The image decoded from the clicked point")></canvas>
                </div>
            </div>
            <div class="small" data-testid="ae-code-note">{move || note.get()}</div>
            <div class="small" data-testid="ae-code-separation">{move || separated.get()}</div>
            <AsText summary=crate::ui::i18n::t("The code space as a table") testid="ae-code-as-text" read=read_codes />
        </div>
    }
}

/// The images the net rebuilds worst, with their errors.
#[component]
pub fn Anomalies(ctx: AeCtx) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        ctx.slow.track();
        let Some(cv) = node.get() else { return };
        ctx.lab.with_value(|lab| {
            if lab.trainer.is_none() {
                return;
            }
            let Some((g, w)) = begin(&cv, None) else { return };
            let l = AnomalyLayout::new(w, lab.worst.len(), text_px());
            let Some((g, _)) = begin(&cv, Some(l.height)).or(Some((g, w))) else { return };
            let caption = |digit: usize, e: f64| {
                crate::ui::i18n::fill(crate::ui::i18n::t("a {digit}: {error}"), &[("digit", &digit), ("error", &number(e, 2))])
            };
            paint_anomalies(&g, &l, lab.worst.iter().filter_map(|&(i, e)| lab.worst_image(i).map(|(img, digit)| (img, digit, e))), caption);
        });
    });
    let found = move || {
        ctx.slow.track();
        ctx.lab.with_value(|lab| lab.odd_found.map(|k| crate::ui::words::odd_found(k, super::ODD, super::ANOMALIES)))
    };
    view! {
        <div class="lab-panel">
            <h2>{t("Worst rebuilt (anomalies)")}</h2>
            <canvas node_ref=node class="ae-worst" data-testid="ae-worst" role="img"
                aria-label=t("The images with the largest reconstruction error, with the error")></canvas>
            <div class="small">{t("error = ½·Σ (rebuilt − input)² over the 64 pixels")}</div>
            <label class="small" title=t("Digits with their ink inverted, never trained on: scored with the others, they show what the code has no place for")>
                <input type="checkbox" data-testid="ae-odd" prop:checked=move || ctx.odd.get()
                    on:change=move |ev| ctx.odd.set(event_target_checked(&ev)) />
                {crate::ui::i18n::fill(crate::ui::i18n::t(" Score {n} odd images with them"), &[("n", &super::ODD)])}
            </label>
            {move || found().map(|line| view! { <div class="small" data-testid="ae-odd-found">{line}</div> })}
        </div>
    }
}

/// The reconstructions as a table: each shown image's digit and its reconstruction
/// error ½·Σ (x̂ − x)² (`(digit, image, rebuilt)`).
pub fn recon_data(shown: &[(usize, &[f64], &[f64])]) -> Described {
    let err = |x: &[f64], y: &[f64]| 0.5 * x.iter().zip(y).map(|(a, b)| (a - b) * (a - b)).sum::<f64>();
    let errs: Vec<(usize, f64)> = shown.iter().map(|(d, x, y)| (*d, err(x, y))).collect();
    let Some(&(wd, we)) = errs.iter().max_by(|a, b| a.1.total_cmp(&b.1)) else {
        return Described { text: crate::ui::i18n::t("No reconstruction yet.").into(), tables: Vec::new() };
    };
    let text = format!(
        "One example of each digit, rebuilt from its code; its error is ½·Σ (x̂ − x)² over its pixels. Worst rebuilt: the {wd}, error {}.",
        number(we, 3)
    );
    let table = TextTable {
        caption: crate::ui::i18n::t("Reconstruction error of each example").into(),
        head: vec![crate::ui::i18n::t("Digit").into(), crate::ui::i18n::t("Reconstruction error").into()],
        rows: errs.iter().map(|(d, e)| vec![d.to_string(), number(*e, 3)]).collect(),
    };
    Described { text, tables: vec![table] }
}

/// The code space as a table: where each digit's codes lie (their mean, the centroid),
/// for the first two code units (`codes`: `k` numbers per image, in `labels`' order).
pub fn code_data(text: String, k: usize, codes: &[f64], labels: &[usize]) -> Described {
    let m = labels.len().min(codes.len() / k.max(1));
    let units = k.min(2);
    let mut digits: Vec<usize> = labels[..m].to_vec();
    digits.sort_unstable();
    digits.dedup();
    let rows = digits
        .iter()
        .map(|&d| {
            let idx: Vec<usize> = (0..m).filter(|&i| labels[i] == d).collect();
            let mean = |j: usize| idx.iter().map(|&i| codes[i * k + j]).sum::<f64>() / idx.len() as f64;
            let mut row = vec![d.to_string(), idx.len().to_string()];
            row.extend((0..units).map(|j| number(mean(j), 3)));
            row
        })
        .collect();
    let mut head = vec![crate::ui::i18n::t("Digit").to_string(), crate::ui::i18n::t("Images").into()];
    head.extend((0..units).map(|j| crate::ui::i18n::fill(crate::ui::i18n::t("Mean of code unit {n}"), &[("n", &(j + 1))])));
    let table = TextTable { caption: crate::ui::i18n::t("Where each digit's codes lie: their mean (centroid)").into(), head, rows };
    Described { text, tables: if m == 0 { Vec::new() } else { vec![table] } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconstructions_and_codes_read_as_tables() {
        let d = recon_data(&[(3, &[1.0, 0.0], &[0.5, 0.0]), (7, &[1.0, 1.0], &[0.0, 1.0])]);
        assert!(d.text.ends_with("Worst rebuilt: the 7, error 0.5."), "{}", d.text);
        assert_eq!(d.tables[0].rows, vec![vec!["3", "0.125"], vec!["7", "0.5"]]);
        let c = code_data(String::new(), 2, &[0.0, 1.0, 2.0, 3.0, 5.0, 5.0], &[1, 1, 0]);
        assert_eq!(c.tables[0].rows, vec![vec!["0", "1", "5", "5"], vec!["1", "2", "1", "2"]]);
    }
}
