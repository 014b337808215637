//! Toy sequence tasks, generated from a seed: each is a set of sequences of one
//! number per time step, with a target at the steps where the task asks for one.
//!
//! - running parity: bits in, the XOR of every bit so far out, at every step
//!   (it needs memory: one forgotten bit flips every later answer);
//! - trend: a random walk in, at the last step "did it end above where it
//!   started?" (the net must keep the first value in mind to the end);
//! - sine: a noisy sine wave in, the next (clean) value out, at every step
//!   (regression);
//! - echo: bits in, the bit of `k` steps ago out, from step `k` on (memory of
//!   an adjustable length: the gradient must reach `k` steps back).

use serde::{Deserialize, Serialize};

use crate::math::rng::Rng;

/// Which sequence task (named in links and menus by its serde name: `parity`, `trend`, `sine`, `echo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Task {
    /// Running XOR of a bit stream.
    Parity,
    /// Up or down overall.
    Trend,
    /// Next value of a noisy sine.
    Sine,
    /// The input of `k` steps ago.
    Echo,
}

impl Task {
    /// Every task, in menu order.
    pub fn all() -> &'static [Task] {
        &[Task::Parity, Task::Trend, Task::Sine, Task::Echo]
    }
    /// The task in words.
    pub fn name(self) -> &'static str {
        match self {
            Task::Parity => "running parity (XOR of the bits so far)",
            Task::Trend => "up or down overall?",
            Task::Sine => "next value of a noisy sine",
            Task::Echo => "echo the bit of k steps ago",
        }
    }
    /// True for the yes/no tasks (sigmoid readout, cross-entropy); false for
    /// the sine (identity readout, mean squared error).
    pub fn binary(self) -> bool {
        !matches!(self, Task::Sine)
    }
}

/// A set of sequences of one task, all of the same length.
#[derive(Clone, Debug, PartialEq)]
pub struct SeqSet {
    pub task: Task,
    /// Time steps per sequence.
    pub len: usize,
    /// Each sequence's inputs, one per step.
    pub inputs: Vec<Vec<f64>>,
    /// Each sequence's targets, one per step (meaningless where `mask` is false).
    pub targets: Vec<Vec<f64>>,
    /// The steps that have a target (the same for every sequence).
    pub mask: Vec<bool>,
}

impl SeqSet {
    /// Number of sequences.
    pub fn count(&self) -> usize {
        self.inputs.len()
    }
    /// Number of steps with a target, per sequence.
    pub fn scored_steps(&self) -> usize {
        self.mask.iter().filter(|&&m| m).count()
    }
}

/// `n` sequences of `len` steps of `task` (echo recalls `k` steps back), from `seed`.
/// The caller keeps `k < len` (see [`crate::limits::RNN_ECHO_K`]); a larger `k`
/// leaves the echo with no scored step.
pub fn generate(task: Task, n: usize, len: usize, k: usize, seed: u64) -> SeqSet {
    let mut rng = Rng::stream(seed, 11);
    let mut inputs = Vec::with_capacity(n);
    let mut targets = Vec::with_capacity(n);
    let bit = |rng: &mut Rng| if rng.bernoulli(0.5) { 1.0 } else { 0.0 };
    for _ in 0..n {
        let (x, y): (Vec<f64>, Vec<f64>) = match task {
            Task::Parity => {
                let x: Vec<f64> = (0..len).map(|_| bit(&mut rng)).collect();
                let mut acc = 0.0;
                let y = x
                    .iter()
                    .map(|&b| {
                        acc = if (acc == 1.0) != (b == 1.0) { 1.0 } else { 0.0 };
                        acc
                    })
                    .collect();
                (x, y)
            }
            Task::Trend => {
                let mut v = rng.uniform_range(-0.5, 0.5);
                let x: Vec<f64> = (0..len)
                    .map(|t| {
                        if t > 0 {
                            v = (v + rng.normal_with(0.0, 0.3)).clamp(-1.5, 1.5);
                        }
                        v
                    })
                    .collect();
                let up = if x[len - 1] > x[0] { 1.0 } else { 0.0 };
                (x, vec![up; len])
            }
            Task::Sine => {
                let w = rng.uniform_range(0.3, 0.8);
                let phase = rng.uniform_range(0.0, 2.0 * core::f64::consts::PI);
                let clean = |t: usize| libm::sin(w * t as f64 + phase);
                let x = (0..len).map(|t| clean(t) + rng.normal_with(0.0, 0.1)).collect();
                let y = (0..len).map(|t| clean(t + 1)).collect();
                (x, y)
            }
            Task::Echo => {
                let x: Vec<f64> = (0..len).map(|_| bit(&mut rng)).collect();
                let y = (0..len).map(|t| if t >= k { x[t - k] } else { 0.0 }).collect();
                (x, y)
            }
        };
        inputs.push(x);
        targets.push(y);
    }
    let mask = (0..len)
        .map(|t| match task {
            Task::Parity | Task::Sine => true,
            Task::Trend => t + 1 == len,
            Task::Echo => t >= k,
        })
        .collect();
    SeqSet { task, len, inputs, targets, mask }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_follow_their_rules() {
        let p = generate(Task::Parity, 20, 6, 0, 3);
        for (x, y) in p.inputs.iter().zip(&p.targets) {
            for t in 0..6 {
                let ones = x[..=t].iter().filter(|&&b| b == 1.0).count();
                assert_eq!(y[t], (ones % 2) as f64);
            }
        }
        let e = generate(Task::Echo, 20, 9, 3, 3);
        assert_eq!(e.mask, vec![false, false, false, true, true, true, true, true, true]);
        for (x, y) in e.inputs.iter().zip(&e.targets) {
            for t in 3..9 {
                assert_eq!(y[t], x[t - 3]);
            }
        }
        let tr = generate(Task::Trend, 200, 10, 0, 3);
        assert_eq!(tr.scored_steps(), 1);
        let ups = tr.targets.iter().filter(|y| y[9] == 1.0).count();
        assert!((60..140).contains(&ups), "trend classes roughly balanced: {ups} of 200 go up");
        for (x, y) in tr.inputs.iter().zip(&tr.targets) {
            assert_eq!(y[9] == 1.0, x[9] > x[0]);
        }
        let s = generate(Task::Sine, 5, 12, 0, 3);
        for (x, y) in s.inputs.iter().zip(&s.targets) {
            for t in 0..11 {
                assert!((x[t + 1] - y[t]).abs() < 0.6, "the next input is the target plus a little noise");
            }
        }
        assert_eq!(generate(Task::Sine, 5, 12, 0, 3), s, "same seed, same set");
        assert_ne!(generate(Task::Sine, 5, 12, 0, 4), s);
    }
}
