//! Layout of the recurrent net unrolled over time (pure, tested natively): one
//! row per time step — the step's label, its input, the hidden state as a row
//! of cells, the output, the target — and where each piece goes in CSS pixels.

/// Where the pieces of the unrolled picture go (CSS pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnrolledLayout {
    /// Side of one cell (input, hidden unit, output).
    pub cell: f64,
    /// Height of one time step's row (cell + gap).
    pub row: f64,
    /// Top of the first step's row (below the header).
    pub top: f64,
    /// Left of the input cell.
    pub x_input: f64,
    /// Left of the first hidden cell.
    pub x_hidden: f64,
    /// Left of the output cell.
    pub x_output: f64,
    /// Left of the output's number, the target and the right/wrong mark.
    pub x_out_text: f64,
    pub x_target: f64,
    pub x_mark: f64,
    /// The whole picture's height.
    pub height: f64,
}

impl UnrolledLayout {
    /// For `steps` rows of `hidden` units in a canvas `width` wide, with labels
    /// `text` pixels high. Cells are square, between 6 and 30 pixels, smaller
    /// when there are many steps (so 40 steps stay on a screen).
    pub fn new(width: f64, steps: usize, hidden: usize, text: f64) -> UnrolledLayout {
        let label = text * 3.0; // "t=40"
        let arrow = text * 1.6;
        let in_text = text * 3.2; // "−0.53"
        let out_text = text * 4.4; // "−82.64"
        let target = text * 3.2;
        let mark = text * 1.4;
        let fixed = label + in_text + 2.0 * arrow + out_text + target + mark;
        let by_width = (width - fixed) / (hidden as f64 + 2.0);
        let by_height = 480.0 / steps.max(1) as f64 - 2.0;
        let cell = by_width.min(by_height).clamp(6.0, 30.0).floor();
        let gap = (cell * 0.15).clamp(1.0, 4.0).round();
        let row = cell + gap;
        let top = text * 2.6;
        let x_input = label;
        let x_hidden = x_input + cell + in_text + arrow;
        let x_output = x_hidden + hidden as f64 * cell + arrow;
        let x_out_text = x_output + cell + text * 0.4;
        let x_target = x_out_text + out_text;
        let x_mark = x_target + target;
        UnrolledLayout {
            cell,
            row,
            top,
            x_input,
            x_hidden,
            x_output,
            x_out_text,
            x_target,
            x_mark,
            height: top + steps as f64 * row + text * 0.5,
        }
    }

    /// Top of step `t`'s row (0-based).
    pub fn y(&self, t: usize) -> f64 {
        self.top + t as f64 * self.row
    }

    /// The right edge of everything drawn.
    pub fn right(&self, text: f64) -> f64 {
        self.x_mark + text * 1.4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unrolled_picture_fits_its_canvas() {
        for &(w, steps, hidden) in &[(700.0, 6, 8), (560.0, 40, 32), (420.0, 2, 1), (900.0, 20, 16)] {
            let l = UnrolledLayout::new(w, steps, hidden, 12.0);
            assert!(l.right(12.0) <= w + 0.5 || l.cell == 6.0, "{w} {steps} {hidden}: right edge {} in {w}", l.right(12.0));
            assert!(l.x_input < l.x_hidden && l.x_hidden + hidden as f64 * l.cell < l.x_output, "columns in order");
            assert!((6.0..=30.0).contains(&l.cell));
            assert!(l.height < 700.0, "{steps} steps: {} px tall", l.height);
        }
        // few steps and few units: big cells; many: small ones
        assert_eq!(UnrolledLayout::new(700.0, 6, 8, 12.0).cell, 30.0);
        assert!(UnrolledLayout::new(700.0, 40, 8, 12.0).cell < 14.0);
    }
}
