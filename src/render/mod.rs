//! Drawing: charts generic over the plotters backend (so native tests render them
//! to SVG), heatmaps as RGBA pixels for `ImageData`, the canvas plumbing, and
//! every view's 2-D canvas painting (`paint_…` functions beside pure layouts
//! whose fit and hit tests run natively).

pub mod activation_chart;
pub mod autoencoder;
pub mod boundary;
pub mod canvas;
pub mod chart;
pub mod conv;
pub mod describe;
pub mod field;
pub mod heatmap;
pub mod jobs_chart;
pub mod network_layout;
pub mod network_paint;
pub mod output;
pub mod palette;
pub mod points;
pub mod rnn;
pub mod series;
pub mod text;

#[cfg(test)]
mod tests {
    /// The renderers know no language: every word they draw comes from their caller
    /// (issue 26 item 5). A `fill_text("…")` of a word in a renderer's source fails here.
    #[test]
    fn no_renderer_draws_a_word_of_its_own() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
        let mut own = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("src/render") {
            let path = entry.expect("an entry").path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                let rest = line.split_once("fill_text(\"").or_else(|| line.split_once("fill_text(&format!(\""));
                if let Some((_, rest)) = rest {
                    let literal = rest.split('"').next().unwrap_or_default();
                    // the words outside the `{…}` of a format
                    let words: String = literal.split('{').map(|p| p.split_once('}').map_or(p, |(_, after)| after)).collect();
                    if words.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                        own.push(format!("{}:{}: {literal}", path.display(), n + 1));
                    }
                }
            }
        }
        assert!(own.is_empty(), "words drawn by a renderer, not passed in: {own:?}");
    }
}
