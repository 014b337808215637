//! The receptive-field highlight of the convolution lab's feature maps: the
//! picked cell outlined on its map, the input pixels it sees lit up on the
//! input image (a pure box computation, natively tested, and its painting).

use super::conv::Tile;

/// The highlight's colour (amber, seen on both the grey input and the diverging maps).
pub const HIGHLIGHT: &str = "#f5a300";

/// A box in CSS pixels: x, y, width, height.
pub type Box4 = (f64, f64, f64, f64);

/// The box over cells `rows` × `cols` (inclusive) of `tile`.
pub fn cells_box(tile: &Tile, rows: (usize, usize), cols: (usize, usize)) -> Box4 {
    (
        tile.x + cols.0 as f64 * tile.cell,
        tile.y + rows.0 as f64 * tile.cell,
        (cols.1 + 1 - cols.0) as f64 * tile.cell,
        (rows.1 + 1 - rows.0) as f64 * tile.cell,
    )
}

/// Paints the highlight: the seen region of `input` washed and outlined, the picked cell of `map` outlined.
pub fn paint_field(
    g: &web_sys::CanvasRenderingContext2d,
    input: &Tile,
    rows: (usize, usize),
    cols: (usize, usize),
    map: &Tile,
    cell: (usize, usize),
) {
    let (x, y, w, h) = cells_box(input, rows, cols);
    g.save();
    g.set_global_alpha(0.35);
    g.set_fill_style_str(HIGHLIGHT);
    g.fill_rect(x, y, w, h);
    g.set_global_alpha(1.0);
    g.set_stroke_style_str(HIGHLIGHT);
    g.set_line_width(2.0);
    g.stroke_rect(x + 1.0, y + 1.0, (w - 2.0).max(1.0), (h - 2.0).max(1.0));
    let (cx, cy, cw, ch) = cells_box(map, (cell.0, cell.0), (cell.1, cell.1));
    g.set_stroke_style_str("#1d2330");
    g.set_line_width(3.0);
    g.stroke_rect(cx - 1.5, cy - 1.5, cw + 3.0, ch + 3.0);
    g.set_stroke_style_str(HIGHLIGHT);
    g.set_line_width(2.0);
    g.stroke_rect(cx - 1.0, cy - 1.0, cw + 2.0, ch + 2.0);
    g.restore();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_covers_the_cells_seen() {
        let t = Tile { group: 0, item: 0, sub: 0, x: 10.0, y: 20.0, cell: 8.0, w: 8, h: 8 };
        assert_eq!(cells_box(&t, (2, 4), (1, 3)), (18.0, 36.0, 24.0, 24.0));
        assert_eq!(cells_box(&t, (0, 0), (7, 7)), (66.0, 20.0, 8.0, 8.0));
    }
}
