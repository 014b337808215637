//! The pictures as data (issue 27 item 3): a disclosure beside a picture that says
//! what it shows in words and tables a screen reader can walk (captions, column and
//! row heads). It reads the picture's data only while open, and then once a second
//! (never per frame): a closed one costs nothing, an open one one small read a second.
//! The cells are updated in place (a reader's position in a table survives a refresh);
//! the tables are rebuilt only when their shape changes (a layer added, a neuron removed).

use std::time::Duration;

use leptos::prelude::*;

use crate::engine::history::EpochStats;
use crate::ui::words;

/// How often an open description reads its picture again, ms.
pub const REFRESH_MS: u64 = 1000;

/// A table of words: its caption, its column heads, its rows (each row's first cell
/// is the row's head).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextTable {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What a picture shows: a paragraph, then tables.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Described {
    pub text: String,
    pub tables: Vec<TextTable>,
}

/// A loss chart's last values from its history: "Epoch 1,200: training loss …, test loss …,
/// training accuracy … %, test accuracy … %. Lowest test loss so far: … at epoch 900."
pub fn history_words(h: &[EpochStats]) -> Described {
    let Some(last) = h.last() else { return Described { text: crate::ui::i18n::t("No epoch yet.").into(), tables: Vec::new() } };
    let mut text = words::chart_values(last);
    let best = h.iter().filter_map(|r| r.test_loss.map(|l| (l, r.epoch))).min_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((l, e)) = best {
        text += &crate::ui::i18n::fill(
            crate::ui::i18n::t(" Lowest test loss so far: {loss} at epoch {epoch}."),
            &[("loss", &crate::ui::words::loss_shown(l)), ("epoch", &crate::ui::words::grouped_shown(e))],
        );
    }
    Described { text, tables: Vec::new() }
}

/// A one-curve chart's last values from its (epoch, value) points: "Epoch 120: training loss
/// 0.0123. Lowest on the chart: 0.0119 at epoch 110."
pub fn curve_words(label: &str, points: &[(f64, f64)]) -> Described {
    let Some(&(e, v)) = points.last() else { return Described { text: crate::ui::i18n::t("No epoch yet.").into(), tables: Vec::new() } };
    let mut text = crate::ui::i18n::fill(
        crate::ui::i18n::t("Epoch {epoch}: {label} {loss}."),
        &[
            ("epoch", &crate::ui::words::grouped_shown(e as u64)),
            ("label", &crate::ui::i18n::t_owned(label)),
            ("loss", &crate::ui::words::loss_shown(v)),
        ],
    );
    if let Some(&(be, bv)) = points.iter().filter(|p| p.1.is_finite()).min_by(|a, b| a.1.total_cmp(&b.1)) {
        text += &crate::ui::i18n::fill(
            crate::ui::i18n::t(" Lowest on the chart: {loss} at epoch {epoch}."),
            &[("loss", &crate::ui::words::loss_shown(bv)), ("epoch", &crate::ui::words::grouped_shown(be as u64))],
        );
    }
    Described { text, tables: Vec::new() }
}

/// A "… as text" disclosure: `read` is called when it opens and then every
/// [`REFRESH_MS`] while it stays open (untracked: no frame or signal re-runs it).
#[component]
pub fn AsText(
    /// The disclosure's summary ("The network as a table").
    summary: &'static str,
    /// `data-testid` of the `<details>`; the paragraph is `{testid}-text`.
    testid: &'static str,
    /// Reads the picture's data now.
    read: Callback<(), Described>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let data = RwSignal::new(Described::default());
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    let reads = StoredValue::new(0u64);
    // every access here may come after the view is gone (a timer tick, a late toggle event):
    // try_*, never a panic
    let refresh = move || {
        let Some(d) = untrack(|| read.try_run(())) else { return };
        reads.try_update_value(|n| *n += 1);
        if data.try_with_untracked(|o| *o != d).unwrap_or(false) {
            data.try_set(d);
        }
    };
    let stop = move || {
        if let Some(h) = timer.try_update_value(|t| t.take()).flatten() {
            h.clear();
        }
    };
    Effect::new(move |_| {
        let Some(on) = open.try_get() else { return };
        stop();
        if on {
            refresh();
            let handle = set_interval_with_handle(refresh, Duration::from_millis(REFRESH_MS)).ok();
            if let Some(Some(h)) = timer.try_set_value(handle) {
                h.clear(); // the view went while this ran
            }
        }
    });
    on_cleanup(stop);
    // the tables' shapes (heads and row counts): a change rebuilds them, a new value does not
    let shape = Memo::new(move |_| {
        data.with(|d| d.tables.iter().map(|t| (t.head.clone(), t.rows.iter().map(Vec::len).collect::<Vec<_>>())).collect::<Vec<_>>())
    });
    let cell = move |t: usize, r: usize, k: usize| {
        move || data.with(|d| d.tables.get(t).and_then(|t| t.rows.get(r)).and_then(|r| r.get(k)).cloned().unwrap_or_default())
    };
    let tables = move || {
        shape
            .get()
            .into_iter()
            .enumerate()
            .map(|(t, (head, rows))| {
                view! {
                    <div class="as-text-scroll" tabindex="0">
                        <table class="as-text-table" data-testid=format!("{testid}-table")>
                            <caption>{move || data.with(|d| d.tables.get(t).map(|t| t.caption.clone()).unwrap_or_default())}</caption>
                            <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                            <tbody>
                                {rows.into_iter().enumerate().map(|(r, n)| view! {
                                    <tr>
                                        <th scope="row">{cell(t, r, 0)}</th>
                                        {(1..n).map(|k| view! { <td>{cell(t, r, k)}</td> }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <details class="as-text" data-testid=testid
            on:toggle=move |ev| {
                let o = ev.target().and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok()).and_then(|v| v.as_bool());
                if let Some(o) = o {
                    if open.try_get_untracked().is_some_and(|was| was != o) {
                        open.try_set(o);
                    }
                }
            }>
            <summary>{summary}</summary>
            <Show when=move || open.get()>
                <p class="as-text-words" data-testid=format!("{testid}-text") data-reads=move || { data.track(); reads.get_value() }>
                    {move || data.with(|d| d.text.clone())}
                </p>
                {tables}
            </Show>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_and_a_curve_say_their_last_values_and_their_lowest() {
        let st = |epoch, train_loss, test_loss| EpochStats {
            epoch,
            train_loss,
            test_loss: Some(test_loss),
            train_accuracy: Some(0.98),
            test_accuracy: Some(0.97),
        };
        let d = history_words(&[st(0, 0.7, 0.71), st(900, 0.02, 0.019), st(1200, 0.0213, 0.025)]);
        assert_eq!(
            d.text,
            "Epoch 1,200: training loss 0.0213, test loss 0.025, training accuracy 98.0 %, test accuracy 97.0 %. \
             Lowest test loss so far: 0.019 at epoch 900."
        );
        assert_eq!(history_words(&[]).text, "No epoch yet.");
        let c = curve_words("reconstruction loss", &[(0.0, 0.5), (110.0, 0.0119), (120.0, 0.0123)]);
        assert_eq!(c.text, "Epoch 120: reconstruction loss 0.0123. Lowest on the chart: 0.0119 at epoch 110.");
    }
}
