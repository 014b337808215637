//! Keyboard access (issue 27 item 4): where the focus goes when the element that held it
//! is replaced (a committed weight, the next lesson), so it never falls to the page's body.
//! And the network picture by keyboard: which neuron or weight an arrow key moves to.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::render::network_layout::{Hit, NetLayout};

/// After the next frame (once the new view has rendered), focuses the first element
/// `selector` finds, if any.
pub fn focus_later(selector: String) {
    focus_first_later(vec![selector]);
}

/// After the next frame, focuses the element the first of `selectors` that finds one finds,
/// unless the focus has moved on by then: the user (or a driver typing fast) may already
/// have opened the next editor, and a stale move would take its keys (a weight committed
/// with Enter, then the next one clicked before the frame: the old number's button took
/// the focus and the keys meant for the new editor). The focus still where it was when
/// this was asked, or fallen to the page's body, is moved. A later request supersedes an
/// earlier one still waiting: WebKit may run a frame's callbacks 100 ms late, after the next
/// weight was opened and committed too, and the first weight's button then took the focus.
pub fn focus_first_later(selectors: Vec<String>) {
    thread_local!(static LATEST: std::cell::Cell<u64> = const { std::cell::Cell::new(0) });
    let mine = LATEST.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
    let asked_at = document().active_element();
    request_animation_frame(move || {
        if LATEST.with(std::cell::Cell::get) != mine {
            return;
        }
        let now = document().active_element();
        let body = document().body().map(web_sys::Element::from);
        if now.is_some() && now != asked_at && now != body {
            return;
        }
        let el = selectors
            .iter()
            .find_map(|s| document().query_selector(s).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    });
}

/// The network picture by keyboard: where `key` takes the focus from `at` over a diagram
/// with `sizes[c]` neurons in column `c` (0 = the inputs). None: the key is not the
/// diagram's. The picture reads as columns: the neurons of a column, then the weights
/// into the next one (grouped by the neuron they enter), and so on.
/// ↑/↓: the previous or next neuron or weight of the same group (Home/End: the first,
/// the last); →/←: from a neuron to its first outgoing weight (to the same-numbered
/// neuron where there is one) or from a weight to the neuron it enters; ← the reverse.
pub fn network_step(sizes: &[usize], at: Option<Hit>, key: &str) -> Option<Hit> {
    let n_cols = sizes.len();
    if n_cols == 0 || sizes.contains(&0) {
        return None;
    }
    let at = at.unwrap_or(Hit::Neuron { column: 0, index: 0 });
    // a hit left over from a larger network: back inside
    let at = match at {
        Hit::Neuron { column, index } if column < n_cols => Hit::Neuron { column, index: index.min(sizes[column] - 1) },
        Hit::Weight { layer, from, to } if layer + 1 < n_cols => {
            Hit::Weight { layer, from: from.min(sizes[layer] - 1), to: to.min(sizes[layer + 1] - 1) }
        }
        _ => Hit::Neuron { column: 0, index: 0 },
    };
    // the weights of a layer in order: by the neuron they enter, then by where they come from
    let weight_at = |layer: usize, k: usize| Hit::Weight { layer, from: k % sizes[layer], to: k / sizes[layer] };
    let next = match (key, at) {
        ("ArrowDown", Hit::Neuron { column, index }) => Hit::Neuron { column, index: (index + 1).min(sizes[column] - 1) },
        ("ArrowUp", Hit::Neuron { column, index }) => Hit::Neuron { column, index: index.saturating_sub(1) },
        ("Home", Hit::Neuron { column, .. }) => Hit::Neuron { column, index: 0 },
        ("End", Hit::Neuron { column, .. }) => Hit::Neuron { column, index: sizes[column] - 1 },
        ("ArrowDown", Hit::Weight { layer, from, to }) => {
            weight_at(layer, (to * sizes[layer] + from + 1).min(sizes[layer] * sizes[layer + 1] - 1))
        }
        ("ArrowUp", Hit::Weight { layer, from, to }) => weight_at(layer, (to * sizes[layer] + from).saturating_sub(1)),
        ("Home", Hit::Weight { layer, .. }) => weight_at(layer, 0),
        ("End", Hit::Weight { layer, .. }) => weight_at(layer, sizes[layer] * sizes[layer + 1] - 1),
        ("ArrowRight", Hit::Neuron { column, index }) if column + 1 < n_cols => {
            Hit::Weight { layer: column, from: index, to: index.min(sizes[column + 1] - 1) }
        }
        ("ArrowRight", Hit::Weight { layer, to, .. }) => Hit::Neuron { column: layer + 1, index: to },
        ("ArrowLeft", Hit::Neuron { column, index }) if column > 0 => {
            Hit::Weight { layer: column - 1, from: index.min(sizes[column - 1] - 1), to: index }
        }
        ("ArrowLeft", Hit::Weight { layer, from, .. }) => Hit::Neuron { column: layer, index: from },
        ("ArrowRight" | "ArrowLeft", h) => h,
        _ => return None,
    };
    Some(next)
}

/// Where a hit is drawn: a neuron's tile centre, a weight line's middle (CSS pixels).
pub fn hit_centre(lay: &NetLayout, hit: Hit) -> Option<(f64, f64)> {
    match hit {
        Hit::Neuron { column, index } => {
            let col = lay.columns.get(column)?;
            Some((col.x + lay.tile / 2.0, col.ys.get(index)? + lay.tile / 2.0))
        }
        Hit::Weight { layer, from, to } => {
            let (p, q) = lay.edge(layer, from, to)?;
            Some(((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: fn(usize, usize) -> Hit = |column, index| Hit::Neuron { column, index };
    const W: fn(usize, usize, usize) -> Hit = |layer, from, to| Hit::Weight { layer, from, to };

    #[test]
    fn the_arrows_walk_neurons_and_weights() {
        let sizes = [2, 3, 1];
        let go = |at, key| network_step(&sizes, Some(at), key).unwrap();
        assert_eq!(network_step(&sizes, None, "ArrowDown"), Some(N(0, 1)));
        assert_eq!(go(N(0, 1), "ArrowDown"), N(0, 1), "stays at the end");
        assert_eq!(go(N(0, 1), "ArrowRight"), W(0, 1, 1));
        // the weights into neuron 1 of the hidden layer, then into neuron 2
        assert_eq!(go(W(0, 1, 1), "ArrowDown"), W(0, 0, 2));
        assert_eq!(go(W(0, 0, 2), "ArrowUp"), W(0, 1, 1));
        assert_eq!(go(W(0, 0, 0), "ArrowUp"), W(0, 0, 0));
        assert_eq!(go(W(0, 0, 0), "End"), W(0, 1, 2));
        assert_eq!(go(W(0, 1, 2), "ArrowRight"), N(1, 2));
        assert_eq!(go(N(1, 2), "ArrowRight"), W(1, 2, 0));
        assert_eq!(go(W(1, 2, 0), "ArrowRight"), N(2, 0));
        assert_eq!(go(N(2, 0), "ArrowRight"), N(2, 0), "the output is the last column");
        assert_eq!(go(N(2, 0), "ArrowLeft"), W(1, 0, 0));
        assert_eq!(go(W(1, 0, 0), "ArrowLeft"), N(1, 0));
        assert_eq!(go(N(0, 0), "ArrowLeft"), N(0, 0));
        assert_eq!(network_step(&sizes, Some(N(0, 0)), "a"), None);
        // a hit of a larger network is brought back inside
        assert_eq!(go(N(1, 9), "Home"), N(1, 0));
        assert_eq!(go(W(5, 0, 0), "ArrowDown"), N(0, 1));
    }

    #[test]
    fn centres_are_on_the_tile_and_the_line() {
        let lay = crate::render::network_layout::layout(&[2, 3], 300.0, 200.0, 30.0);
        let (x, y) = hit_centre(&lay, N(1, 2)).unwrap();
        assert_eq!(lay.hit(x, y, 0.0), Some(N(1, 2)));
        let (x, y) = hit_centre(&lay, W(0, 1, 0)).unwrap();
        assert_eq!(lay.hit(x, y, 1.0), Some(W(0, 1, 0)));
        assert_eq!(hit_centre(&lay, N(4, 0)), None);
    }
}
