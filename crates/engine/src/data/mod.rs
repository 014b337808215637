//! Seeded 2-D data sets, following TensorFlow Playground's conventions: points
//! in the square `[-6, 6]²`, two-class labels `−1` / `+1`, noise given as a
//! fraction `0 ..= 0.5` (the UI's 0–50 %), a train/test split after a seeded
//! shuffle.
//!
//! Labels: two classes → `−1.0` (class 0, "negative") or `+1.0` (class 1);
//! three or more classes → the class index `0.0, 1.0, 2.0, …`; regression →
//! a real target in `[-1, 1]`.
//!
//! The inputs a network sees are made from the points by [`features`]; the
//! image sets of the convolution lab (bars, the 8×8 digits) are in [`images`].

pub mod features;
pub mod images;

use crate::dense::config::{check_count, ConfigError, Problem};
use crate::math::rng::Rng;
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// Half-width of the input square: points and the grid lie in `[-6, 6]²`.
pub const EXTENT: f64 = 6.0;

/// One data point: raw coordinates and label (see module docs for labels).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// First coordinate.
    pub x1: f64,
    /// Second coordinate.
    pub x2: f64,
    /// `±1` for two classes, class index for more, target for regression.
    pub label: f64,
}

/// Which kind of learning problem a data set poses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Task {
    /// Classification into `n_classes` (≥ 2) classes.
    Classification {
        /// Number of classes.
        n_classes: usize,
    },
    /// Regression to a real target.
    Regression,
}

/// A named data set generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DataKind {
    /// Inner disc (+1) inside a ring (−1).
    Circle,
    /// XOR over the four quadrants: `+1` where `x1·x2 ≥ 0`.
    XorQuadrants,
    /// Two Gaussian clusters at (2,2) (+1) and (−2,−2) (−1).
    Gaussian,
    /// Two interleaved spirals.
    Spiral,
    /// Two interleaving half circles.
    TwoMoons,
    /// A 4×4 checkerboard of 3-unit squares.
    Checkerboard,
    /// The XOR truth table: 4 points at `(±1, ±1)` (−1 = false, +1 = true).
    XorTable,
    /// The AND truth table (same coordinates).
    AndTable,
    /// The OR truth table (same coordinates).
    OrTable,
    /// Three Gaussian blobs (three classes).
    ThreeBlobs,
    /// Three interleaved spirals (three classes).
    ThreeSpirals,
    /// Regression: a plane, target `(x1 + x2)/10` over noisy inputs.
    RegressPlane,
    /// Regression: six Gaussian bumps of alternating sign.
    RegressGaussian,
    /// Points given in [`DataConfig::custom`].
    Custom,
}

impl DataKind {
    /// Every kind (except `Custom`), in UI order.
    #[rustfmt::skip]
    pub fn all() -> &'static [DataKind] {
        use DataKind::*;
        &[
            Circle, XorQuadrants, Gaussian, Spiral, TwoMoons, Checkerboard, XorTable, AndTable,
            OrTable, ThreeBlobs, ThreeSpirals, RegressPlane, RegressGaussian,
        ]
    }

    /// Display name.
    pub fn name(self) -> &'static str {
        use DataKind::*;
        match self {
            Circle => "circle",
            XorQuadrants => "XOR (quadrants)",
            Gaussian => "Gaussian clusters",
            Spiral => "spiral",
            TwoMoons => "two moons",
            Checkerboard => "checkerboard",
            XorTable => "XOR truth table",
            AndTable => "AND truth table",
            OrTable => "OR truth table",
            ThreeBlobs => "three blobs",
            ThreeSpirals => "three spirals",
            RegressPlane => "plane (regression)",
            RegressGaussian => "multi-Gaussian (regression)",
            Custom => "custom points",
        }
    }

    /// The task this generator poses (`Custom` reports two classes; its real
    /// task is in [`CustomData::task`]).
    pub fn task(self) -> Task {
        use DataKind::*;
        match self {
            ThreeBlobs | ThreeSpirals => Task::Classification { n_classes: 3 },
            RegressPlane | RegressGaussian => Task::Regression,
            _ => Task::Classification { n_classes: 2 },
        }
    }

    /// Truth tables are 4 fixed points used for both training and testing.
    pub fn is_truth_table(self) -> bool {
        matches!(self, DataKind::XorTable | DataKind::AndTable | DataKind::OrTable)
    }

    /// Half-width of the square a view should show: 6 for generated sets,
    /// 1.5 for the truth tables (whose points are at ±1).
    pub fn extent(self) -> f64 {
        if self.is_truth_table() {
            1.5
        } else {
            EXTENT
        }
    }
}

/// Points supplied by the user instead of a generator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomData {
    /// The points (labels per the module docs).
    pub points: Vec<Point>,
    /// The task.
    pub task: Task,
}

/// How to make the data set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataConfig {
    /// Generator.
    pub kind: DataKind,
    /// Number of points (ignored by the truth tables, which have 4).
    pub n_points: usize,
    /// Noise, `0.0 ..= 0.5` (TF Playground's 0–50 %): what validation accepts,
    /// [`limits::NOISE`](crate::limits::NOISE).
    pub noise: f64,
    /// Fraction of points used for training, `0.1 ..= 1.0`
    /// ([`limits::TRAIN_FRACTION`](crate::limits::TRAIN_FRACTION)); the rest are test points.
    pub train_fraction: f64,
    /// Seed of the generator and of the split.
    pub seed: u64,
    /// The points, when `kind` is `Custom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<CustomData>,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig { kind: DataKind::XorQuadrants, n_points: 500, noise: 0.0, train_fraction: 0.5, seed: 1, custom: None }
    }
}

/// A generated (or given) data set, split into training and test points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Which generator made it.
    pub kind: DataKind,
    /// The task.
    pub task: Task,
    /// Training points.
    pub train: Vec<Point>,
    /// Test points (may be empty).
    pub test: Vec<Point>,
    /// Half-width of the square a view should show (see [`DataKind::extent`]).
    pub extent: f64,
}

impl Dataset {
    /// Number of classes (0 for regression).
    pub fn n_classes(&self) -> usize {
        match self.task {
            Task::Classification { n_classes } => n_classes,
            Task::Regression => 0,
        }
    }

    /// The class index of a label (two classes: `label > 0` → 1, else 0).
    pub fn class_of(&self, label: f64) -> usize {
        class_of(self.task, label)
    }
}

/// The class index of a label for a task (0 for regression).
pub fn class_of(task: Task, label: f64) -> usize {
    match task {
        Task::Classification { n_classes: 2 } => usize::from(label > 0.0),
        Task::Classification { .. } => label.max(0.0) as usize,
        Task::Regression => 0,
    }
}

impl CustomData {
    /// Checks the points (as many as a generated set may have, at most), the
    /// number of classes and every label; the error names the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("data.custom.points", self.points.len(), (1, crate::limits::N_POINTS.1), "points")?;
        if let Task::Classification { n_classes } = self.task {
            check_count("data.custom.task", n_classes, crate::limits::CLASSES, "classes")?;
        }
        self.points.iter().enumerate().try_for_each(|(i, p)| check_point(self.task, i, p))
    }
}

/// Checks custom point `i`: finite, with a label the task allows.
fn check_point(task: Task, i: usize, p: &Point) -> Result<(), ConfigError> {
    if !(p.x1.is_finite() && p.x2.is_finite() && p.label.is_finite()) {
        return Err(ConfigError::new(format!("data.custom.points[{i}]"), Problem::NotFinite));
    }
    let ok = match task {
        Task::Regression => true,
        Task::Classification { n_classes: 2 } => p.label == 1.0 || p.label == -1.0,
        Task::Classification { n_classes } => p.label >= 0.0 && p.label.fract() == 0.0 && (p.label as usize) < n_classes,
    };
    if ok {
        return Ok(());
    }
    Err(ConfigError::new(format!("data.custom.points[{i}].label"), Problem::BadLabel { label: p.label }))
}

impl DataConfig {
    /// Checks the fields; the error names the field. The number of points is
    /// checked whatever the kind: a kind that ignores it may hand it on to the next.
    pub fn validate(&self) -> Result<(), ConfigError> {
        use crate::limits::{NOISE, TRAIN_FRACTION};
        NOISE.check("data.noise", self.noise)?;
        TRAIN_FRACTION.check("data.train_fraction", self.train_fraction)?;
        check_count("data.n_points", self.n_points, crate::limits::N_POINTS, "")?;
        match (&self.custom, self.kind) {
            (Some(c), DataKind::Custom) => c.validate(),
            (None, DataKind::Custom) => Err(ConfigError::new("data.custom", Problem::CustomMissing)),
            _ => Ok(()),
        }
    }

    /// Generates the data set (deterministic in `seed`). Call [`validate`](Self::validate) first.
    pub fn generate(&self) -> Dataset {
        let kind = self.kind;
        let mut rng = Rng::stream(self.seed, 1);
        let (mut points, task) = match kind {
            DataKind::Custom => {
                let c = self.custom.as_ref().expect("validated: custom points present");
                (c.points.clone(), c.task)
            }
            _ => (generate_points(kind, self.n_points, self.noise, &mut rng), kind.task()),
        };
        if kind.is_truth_table() {
            return Dataset { kind, task, test: points.clone(), train: points, extent: kind.extent() };
        }
        rng.shuffle(&mut points);
        let n_train = ((points.len() as f64 * self.train_fraction).round() as usize).clamp(1, points.len());
        let test = points.split_off(n_train);
        Dataset { kind, task, train: points, test, extent: kind.extent() }
    }
}

fn generate_points(kind: DataKind, n: usize, noise: f64, rng: &mut Rng) -> Vec<Point> {
    use DataKind::*;
    let mut pts = Vec::with_capacity(n);
    let p = |x1, x2, label| Point { x1, x2, label };
    match kind {
        Circle => {
            let radius = 5.0;
            let label_of = |x: f64, y: f64| if libm::sqrt(x * x + y * y) < radius * 0.5 { 1.0 } else { -1.0 };
            for i in 0..n {
                let (lo, hi) = if i < n / 2 { (0.0, radius * 0.5) } else { (radius * 0.7, radius) };
                let r = rng.uniform_range(lo, hi);
                let angle = rng.uniform_range(0.0, 2.0 * PI);
                let (x, y) = (r * libm::sin(angle), r * libm::cos(angle));
                let nx = rng.uniform_range(-radius, radius) * noise;
                let ny = rng.uniform_range(-radius, radius) * noise;
                pts.push(p(x, y, label_of(x + nx, y + ny)));
            }
        }
        XorQuadrants => {
            for _ in 0..n {
                let pad = 0.3;
                let mut x = rng.uniform_range(-5.0, 5.0);
                x += if x > 0.0 { pad } else { -pad };
                let mut y = rng.uniform_range(-5.0, 5.0);
                y += if y > 0.0 { pad } else { -pad };
                let nx = rng.uniform_range(-5.0, 5.0) * noise;
                let ny = rng.uniform_range(-5.0, 5.0) * noise;
                let label = if (x + nx) * (y + ny) >= 0.0 { 1.0 } else { -1.0 };
                pts.push(p(x, y, label));
            }
        }
        Gaussian => {
            // Variance grows linearly from 0.5 (no noise) to 4 (noise 0.5).
            let variance = 0.5 + (noise / 0.5) * 3.5;
            let sd = libm::sqrt(variance);
            for i in 0..n {
                let (c, label) = if i < n / 2 { (2.0, 1.0) } else { (-2.0, -1.0) };
                pts.push(p(rng.normal_with(c, sd), rng.normal_with(c, sd), label));
            }
        }
        Spiral => spirals(&mut pts, n, 2, noise, rng, |arm| if arm == 0 { 1.0 } else { -1.0 }),
        ThreeSpirals => spirals(&mut pts, n, 3, noise, rng, |arm| arm as f64),
        TwoMoons => {
            for i in 0..n {
                let upper = i < n / 2;
                let t = rng.uniform_range(0.0, PI);
                let (mut x, mut y) = if upper { (libm::cos(t), libm::sin(t)) } else { (1.0 - libm::cos(t), 0.5 - libm::sin(t)) };
                x = (x - 0.5) * 3.5;
                y = (y - 0.25) * 3.5;
                x += rng.normal() * noise * 2.0;
                y += rng.normal() * noise * 2.0;
                pts.push(p(x, y, if upper { 1.0 } else { -1.0 }));
            }
        }
        Checkerboard => {
            for _ in 0..n {
                let x = rng.uniform_range(-EXTENT, EXTENT);
                let y = rng.uniform_range(-EXTENT, EXTENT);
                let nx = rng.uniform_range(-EXTENT, EXTENT) * noise;
                let ny = rng.uniform_range(-EXTENT, EXTENT) * noise;
                let cell = libm::floor((x + nx) / 3.0) + libm::floor((y + ny) / 3.0);
                let even = (cell as i64).rem_euclid(2) == 0;
                pts.push(p(x, y, if even { 1.0 } else { -1.0 }));
            }
        }
        XorTable | AndTable | OrTable => {
            for &(a, b) in &[(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)] {
                let (ta, tb) = (a > 0.0, b > 0.0);
                let t = match kind {
                    XorTable => ta ^ tb,
                    AndTable => ta && tb,
                    _ => ta || tb,
                };
                pts.push(p(a, b, if t { 1.0 } else { -1.0 }));
            }
        }
        ThreeBlobs => {
            let variance = 0.5 + (noise / 0.5) * 3.5;
            let sd = libm::sqrt(variance);
            for i in 0..n {
                let c = i * 3 / n.max(1);
                let angle = PI / 2.0 + c as f64 * 2.0 * PI / 3.0;
                let (cx, cy) = (3.5 * libm::cos(angle), 3.5 * libm::sin(angle));
                pts.push(p(rng.normal_with(cx, sd), rng.normal_with(cy, sd), c as f64));
            }
        }
        RegressPlane => {
            let radius = EXTENT;
            for _ in 0..n {
                let x = rng.uniform_range(-radius, radius);
                let y = rng.uniform_range(-radius, radius);
                let nx = rng.uniform_range(-radius, radius) * noise;
                let ny = rng.uniform_range(-radius, radius) * noise;
                pts.push(p(x, y, (x + nx + y + ny) / 10.0));
            }
        }
        RegressGaussian => {
            const G: [(f64, f64, f64); 6] =
                [(-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0)];
            let label_of = |x: f64, y: f64| {
                let mut label: f64 = 0.0;
                for &(cx, cy, sign) in &G {
                    let d = libm::sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                    // 1 at the centre, falling linearly to 0 at distance 2.
                    let v = sign * (1.0 - d / 2.0).clamp(0.0, 1.0);
                    if v.abs() > label.abs() {
                        label = v;
                    }
                }
                label
            };
            for _ in 0..n {
                let x = rng.uniform_range(-EXTENT, EXTENT);
                let y = rng.uniform_range(-EXTENT, EXTENT);
                let nx = rng.uniform_range(-EXTENT, EXTENT) * noise;
                let ny = rng.uniform_range(-EXTENT, EXTENT) * noise;
                pts.push(p(x, y, label_of(x + nx, y + ny)));
            }
        }
        Custom => unreachable!("custom points are not generated"),
    }
    pts
}

fn spirals(pts: &mut Vec<Point>, n: usize, arms: usize, noise: f64, rng: &mut Rng, label: impl Fn(usize) -> f64) {
    for arm in 0..arms {
        let m = n / arms + usize::from(arm < n % arms);
        let delta = arm as f64 * 2.0 * PI / arms as f64;
        for i in 0..m {
            let frac = i as f64 / m as f64;
            let r = frac * 5.0;
            let t = 1.75 * frac * 2.0 * PI + delta;
            let x = r * libm::sin(t) + rng.uniform_range(-1.0, 1.0) * noise;
            let y = r * libm::cos(t) + rng.uniform_range(-1.0, 1.0) * noise;
            pts.push(Point { x1: x, x2: y, label: label(arm) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generators_are_seeded_and_in_range() {
        for &kind in DataKind::all() {
            let cfg = DataConfig { kind, n_points: 200, noise: 0.2, ..Default::default() };
            let a = cfg.generate();
            assert_eq!(a, cfg.generate());
            let all: Vec<_> = a.train.iter().chain(&a.test).collect();
            if kind.is_truth_table() {
                assert_eq!(a.train.len(), 4);
            } else {
                assert_eq!(all.len(), 200, "{kind:?}");
                assert_eq!(a.train.len(), 100);
            }
            for p in all {
                assert!(p.x1.abs() <= 8.0 && p.x2.abs() <= 8.0, "{kind:?} {p:?}");
                match kind.task() {
                    Task::Regression => assert!(p.label.abs() <= 2.0),
                    Task::Classification { n_classes: 2 } => assert!(p.label == 1.0 || p.label == -1.0),
                    Task::Classification { n_classes } => assert!((p.label as usize) < n_classes),
                }
            }
        }
    }

    #[test]
    fn validation_accepts_exactly_the_documented_ranges() {
        // DataConfig's docs say noise 0 ..= 0.5 and train_fraction 0.1 ..= 1
        let ok = |noise, train_fraction| DataConfig { noise, train_fraction, ..Default::default() }.validate().is_ok();
        assert!(ok(0.0, 0.5) && ok(0.5, 0.5) && !ok(-0.01, 0.5) && !ok(0.51, 0.5) && !ok(f64::NAN, 0.5));
        assert!(ok(0.0, 0.1) && ok(0.0, 1.0) && !ok(0.0, 0.09) && !ok(0.0, 1.01));
    }
}
