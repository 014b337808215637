//! How much a trainer trains in one call: whole epochs, or as many units (epochs;
//! mini-batches for the conv net and the autoencoder) as fit in a frame's time budget, in chunks
//! sized by how long the last chunk took.

/// Trains in chunks (`train(n)` trains `n` units: epochs, or the conv net's and
/// the autoencoder's mini-batches) until `budget_ms` since `start` are spent, reading the clock
/// `now` between chunks; at least one unit.
pub fn train_for<E>(budget_ms: f64, start: f64, now: &dyn Fn() -> f64, mut train: impl FnMut(u64) -> Result<(), E>) -> Result<(), E> {
    let mut chunk = 1u64;
    loop {
        let t0 = now();
        train(chunk)?;
        let elapsed = now() - start;
        if elapsed >= budget_ms {
            return Ok(());
        }
        chunk = next_chunk(chunk, now() - t0, budget_ms - elapsed);
    }
}

/// How many units to train next, given that the last `chunk` took `took_ms`
/// and `left_ms` of the frame's budget remain: about half of what fits. The
/// page's clock ticks in 0.1 ms steps (Chromium), so a chunk faster than that
/// reads as taking no time at all: then the chunk only doubles. (Extrapolating
/// from a zero once made one chunk 1,000 epochs — 30 to 90 ms — on a fast
/// machine, and the frame rate fell while the epochs/s rose.)
pub fn next_chunk(chunk: u64, took_ms: f64, left_ms: f64) -> u64 {
    const RESOLUTION_MS: f64 = 0.25;
    if took_ms < RESOLUTION_MS {
        return (chunk * 2).min(1000);
    }
    let per = took_ms / chunk as f64;
    ((left_ms / per) as u64 / 2).clamp(1, 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_below_the_clock_resolution_doubles_instead_of_jumping() {
        assert_eq!(next_chunk(1, 0.0, 5.0), 2, "a zero reading is no measure");
        assert_eq!(next_chunk(64, 0.1, 5.0), 128);
        assert_eq!(next_chunk(600, 0.0, 5.0), 1000);
        assert_eq!(next_chunk(100, 1.0, 4.0), 200, "0.01 ms an epoch: half of the 400 that fit");
        assert_eq!(next_chunk(10, 5.0, 0.1), 1);
    }

    #[test]
    fn a_full_speed_frame_keeps_to_its_budget_with_a_coarse_clock() {
        // simulated time, no real clock: each epoch costs 0.03 ms (a fast day's
        // default page), and the page's clock shows it in 0.1 ms steps
        use std::cell::Cell;
        let t = Cell::new(0.0f64);
        let clock = || (t.get() * 10.0).floor() / 10.0;
        let mut epochs = 0u64;
        train_for::<()>(4.0, clock(), &clock, |n| {
            epochs += n;
            t.set(t.get() + n as f64 * 0.03);
            Ok(())
        })
        .unwrap();
        assert!(t.get() <= 4.0 + 0.6, "a 4 ms budget took {} ms ({epochs} epochs)", t.get());
        assert!(t.get() >= 4.0, "and used it");
        // the same loop extrapolating from a zero reading (the old rule) overshot 7×
        let (t2, mut chunk) = (Cell::new(0.0f64), 1u64);
        let clock2 = || (t2.get() * 10.0).floor() / 10.0;
        while clock2() < 4.0 {
            let t0 = clock2();
            t2.set(t2.get() + chunk as f64 * 0.03);
            let per = ((clock2() - t0) / chunk as f64).max(1e-3);
            chunk = (((4.0 - clock2()) / per) as u64 / 2).clamp(1, 1000);
        }
        assert!(t2.get() > 25.0, "the old rule: {} ms", t2.get());
    }
}
