//! What each job asks the workers for, from the playground's configuration.
//! Everything is a pure function of its inputs (and the job's seed).

use neuralscope_engine::dense::config::{HiddenLayer, TrainConfig};
use neuralscope_engine::math::activation::Activation;
use neuralscope_engine::math::optimizer::{OptimizerConfig, OptimizerKind, Penalty, RegularizationKind};
use neuralscope_engine::math::rng::Rng;
use serde::{Deserialize, Serialize};

use crate::protocol::Trial;

/// Reports per trial (progress and curves): every `epochs / REPORTS` epochs.
pub const REPORTS: u64 = 25;

fn report_every(epochs: u64) -> u64 {
    (epochs / REPORTS).max(1)
}

/// `n` values from `lo` to `hi` (both included) evenly spaced on a log scale.
pub fn log_space(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if n == 0 || !(lo > 0.0 && hi > 0.0 && lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    if n == 1 {
        return vec![lo];
    }
    let (a, b) = (lo.log10(), hi.log10());
    (0..n).map(|i| 10f64.powf(a + (b - a) * i as f64 / (n - 1) as f64)).map(round_sig).collect()
}

/// Rounds to three significant digits (so a rate reads 0.00316, not 0.0031622776601683794).
pub fn round_sig(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(2 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// The learning-rate sweep: `base` at each rate (same seed, so the same
/// initial weights, shuffling and dropout), `epochs` each. Trial `i` has rate `rates[i]`.
pub fn sweep(base: &TrainConfig, rates: &[f64], epochs: u64) -> Vec<Trial> {
    rates
        .iter()
        .enumerate()
        .map(|(i, &lr)| Trial {
            id: i as u32,
            cfg: TrainConfig { learning_rate: lr, ..base.clone() },
            epochs,
            report_every: report_every(epochs),
        })
        .collect()
}

/// The optimizers of the race, in the order of its trials.
pub const RACERS: [OptimizerKind; 5] =
    [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Nesterov, OptimizerKind::Adam, OptimizerKind::RmsProp];

/// The optimizer race: `base` with each of [`RACERS`] (their default
/// hyper-parameters, the base's learning rate and seed: the same start).
pub fn race(base: &TrainConfig, epochs: u64) -> Vec<Trial> {
    RACERS
        .iter()
        .enumerate()
        .map(|(i, &kind)| Trial {
            id: i as u32,
            cfg: TrainConfig { optimizer: OptimizerConfig { kind, ..base.optimizer }, ..base.clone() },
            epochs,
            report_every: report_every(epochs),
        })
        .collect()
}

/// One point of the search space.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub learning_rate: f64,
    /// Hidden layers (each `neurons` wide).
    pub layers: usize,
    pub neurons: usize,
    /// Of every hidden layer.
    pub activation: Activation,
    pub regularization: Penalty,
    pub batch_size: usize,
}

impl Candidate {
    /// The base configuration with these settings (data, features, output,
    /// loss, initialization, optimizer and seed are the base's).
    pub fn apply(&self, base: &TrainConfig) -> TrainConfig {
        TrainConfig {
            learning_rate: self.learning_rate,
            hidden: vec![HiddenLayer { neurons: self.neurons, activation: self.activation }; self.layers],
            regularization: self.regularization,
            batch_size: self.batch_size,
            ..base.clone()
        }
    }

    /// "2×8 ReLU" / "none": the architecture in a few characters.
    pub fn layers_label(&self) -> String {
        if self.layers == 0 {
            "none".into()
        } else {
            format!("{}×{}", self.layers, self.neurons)
        }
    }

    /// "none", "L2 0.001".
    pub fn regularization_label(&self) -> String {
        match self.regularization.kind {
            RegularizationKind::None => "none".into(),
            RegularizationKind::L1 => format!("L1 {}", self.regularization.rate),
            RegularizationKind::L2 => format!("L2 {}", self.regularization.rate),
        }
    }
}

/// How a search picks its candidates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchMode {
    /// Independent draws: learning rate log-uniform, the rest uniform over [`SPACE`]'s lists.
    Random,
    /// The grid of [`SPACE`]'s lists; a budget smaller than the grid takes a
    /// seeded random subset of its points (without repeats).
    Grid,
}

/// The search space.
pub struct Space {
    /// Learning rate: log-uniform in this range (random search).
    pub learning_rate: (f64, f64),
    /// Learning rates of the grid.
    pub grid_rates: &'static [f64],
    pub layers: &'static [usize],
    pub neurons: &'static [usize],
    pub activations: &'static [Activation],
    pub regularization: &'static [Penalty],
    pub batch_sizes: &'static [usize],
}

/// The space searched.
pub const SPACE: Space = Space {
    learning_rate: (0.001, 1.0),
    grid_rates: &[0.003, 0.01, 0.03, 0.1, 0.3],
    layers: &[1, 2, 3],
    neurons: &[2, 4, 8],
    activations: &[Activation::Tanh, Activation::Relu, Activation::Sigmoid],
    regularization: &[
        Penalty { kind: RegularizationKind::None, rate: 0.0 },
        Penalty { kind: RegularizationKind::L1, rate: 0.001 },
        Penalty { kind: RegularizationKind::L2, rate: 0.001 },
    ],
    batch_sizes: &[5, 10, 30],
};

impl Space {
    /// Number of points of the grid.
    pub fn grid_size(&self) -> usize {
        self.grid_rates.len()
            * self.layers.len()
            * self.neurons.len()
            * self.activations.len()
            * self.regularization.len()
            * self.batch_sizes.len()
    }

    /// Grid point `k` (mixed radix, the learning rate fastest).
    pub fn grid_point(&self, mut k: usize) -> Candidate {
        let mut pick = |n: usize| {
            let i = k % n;
            k /= n;
            i
        };
        let lr = self.grid_rates[pick(self.grid_rates.len())];
        let layers = self.layers[pick(self.layers.len())];
        let neurons = self.neurons[pick(self.neurons.len())];
        let activation = self.activations[pick(self.activations.len())];
        let regularization = self.regularization[pick(self.regularization.len())];
        let batch_size = self.batch_sizes[pick(self.batch_sizes.len())];
        Candidate { learning_rate: lr, layers, neurons, activation, regularization, batch_size }
    }

    /// A random point.
    pub fn draw(&self, rng: &mut Rng) -> Candidate {
        let (lo, hi) = self.learning_rate;
        let lr = round_sig(10f64.powf(rng.uniform_range(lo.log10(), hi.log10())));
        Candidate {
            learning_rate: lr,
            layers: self.layers[rng.below(self.layers.len())],
            neurons: self.neurons[rng.below(self.neurons.len())],
            activation: self.activations[rng.below(self.activations.len())],
            regularization: self.regularization[rng.below(self.regularization.len())],
            batch_size: self.batch_sizes[rng.below(self.batch_sizes.len())],
        }
    }
}

/// The search: `trials` candidates (fewer if the grid is smaller), each trained
/// `epochs` from `base` with the base's seed. The candidates follow from
/// `seed` alone: the same seed, the same trials.
pub fn search(base: &TrainConfig, mode: SearchMode, trials: usize, epochs: u64, seed: u64) -> Vec<(Candidate, Trial)> {
    let mut rng = Rng::stream(seed, 11);
    let candidates: Vec<Candidate> = match mode {
        SearchMode::Random => (0..trials).map(|_| SPACE.draw(&mut rng)).collect(),
        SearchMode::Grid => {
            let mut order: Vec<usize> = (0..SPACE.grid_size()).collect();
            if trials < order.len() {
                rng.shuffle(&mut order);
                order.truncate(trials);
                order.sort_unstable();
            }
            order.into_iter().map(|k| SPACE.grid_point(k)).collect()
        }
    };
    candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| (c, Trial { id: i as u32, cfg: c.apply(base), epochs, report_every: report_every(epochs) }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_space_spans_the_range_evenly_in_log() {
        let v = log_space(0.001, 1.0, 4);
        assert_eq!(v, vec![0.001, 0.01, 0.1, 1.0]);
        let v = log_space(0.0001, 3.0, 10);
        assert_eq!(v.len(), 10);
        assert_eq!((v[0], v[9]), (0.0001, 3.0));
        let ratios: Vec<f64> = v.windows(2).map(|w| w[1] / w[0]).collect();
        assert!(ratios.iter().all(|r| (r / ratios[0] - 1.0).abs() < 0.01), "{ratios:?}");
        assert!(log_space(0.0, 1.0, 5).is_empty() && log_space(0.1, f64::NAN, 5).is_empty());
    }

    #[test]
    fn sweep_and_race_keep_the_seed_and_change_one_thing() {
        let base = TrainConfig::default();
        let s = sweep(&base, &[0.01, 0.1], 50);
        assert_eq!(s.len(), 2);
        assert!(s.iter().all(|t| t.cfg.seed == base.seed && t.cfg.same_setup(&base)));
        assert_eq!(s[1].cfg.learning_rate, 0.1);
        let r = race(&base, 50);
        let kinds: Vec<OptimizerKind> = r.iter().map(|t| t.cfg.optimizer.kind).collect();
        assert_eq!(kinds, RACERS.to_vec());
        assert!(r.iter().all(|t| t.cfg.same_setup(&base) && t.cfg.learning_rate == base.learning_rate));
    }

    #[test]
    fn a_search_follows_from_its_seed_and_stays_in_the_space() {
        let base = TrainConfig::default();
        for mode in [SearchMode::Random, SearchMode::Grid] {
            let a = search(&base, mode, 20, 10, 7);
            let b = search(&base, mode, 20, 10, 7);
            assert_eq!(a, b);
            assert_ne!(a, search(&base, mode, 20, 10, 8), "another seed, other trials");
            for (c, t) in &a {
                assert!((0.001..=1.0).contains(&c.learning_rate));
                assert!(SPACE.layers.contains(&c.layers) && SPACE.batch_sizes.contains(&c.batch_size));
                assert!(t.cfg.validate().is_ok());
            }
        }
        let all = search(&base, SearchMode::Grid, 100_000, 10, 1);
        assert_eq!(all.len(), SPACE.grid_size());
        let mut seen: Vec<String> = all.iter().map(|(c, _)| format!("{c:?}")).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), SPACE.grid_size(), "every grid point once");
    }
}
