//! Simpler models on the playground's data set, for the question "do we even
//! need a network?": logistic regression (ridge regression for a regression
//! task), k-nearest neighbours, a decision tree and a random forest, each
//! fitted on the same input features the network sees, scored on the same
//! test points, and evaluated over the same grid the output heatmap paints.
//!
//! The models are [smartcore]'s (pure Rust, no BLAS, no threads, seeded
//! random numbers: it builds for `wasm32-unknown-unknown` as it is). The
//! crate names no web crate; [`fit_all`] takes and returns serde types so that
//! the page can run it in a Web Worker.
//!
//! Time: `std::time::Instant` panics on `wasm32-unknown-unknown`, so the
//! caller passes a clock (`performance.now()` on the page, `Instant` natively)
//! and each model's fit is timed with it.

use neuralscope_engine::data::features::Feature;
use neuralscope_engine::data::{Point, Task};
use neuralscope_engine::dense::views::cell_center;
use neuralscope_engine::math::activation::{Activation, LayerActivation};
use neuralscope_engine::math::loss::Loss;
use serde::{Deserialize, Serialize};
use smartcore::linalg::basic::arrays::Array;
use smartcore::linalg::basic::matrix::DenseMatrix;

/// Largest grid side [`fit_all`] accepts (the page's output heatmap is 80).
pub const MAX_GRID: usize = 200;
/// Neighbours the k-NN models vote with (fewer when the training set is smaller).
pub const K_NEIGHBOURS: usize = 5;
/// Trees in each random forest.
pub const N_TREES: u16 = 50;
/// L2 penalty of the logistic regression and the ridge regression.
pub const ALPHA: f64 = 0.01;

/// What to fit: the playground's current data and inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BaselineInput {
    /// Training points (labels as in `engine::data`: `±1` for two classes, a target for regression).
    pub train: Vec<Point>,
    /// Test points; when empty, the scores are on the training points (as the page's readout does).
    pub test: Vec<Point>,
    /// Two-class classification or regression.
    pub task: Task,
    /// The network's input features, computed from each point's `(x1, x2)`.
    pub features: Vec<Feature>,
    /// The network's loss, used for the regression scores (MSE `½·mean(e²)` or MAE `mean|e|`).
    pub loss: Loss,
    /// Half-width of the square the surfaces cover.
    pub extent: f64,
    /// Side of the surface grid (the page's output heatmap uses 80).
    pub grid: usize,
    /// Seed of the random forest (and of the trees' feature sampling).
    pub seed: u64,
}

/// One of the simpler models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ModelKind {
    /// Logistic regression (classification) or ridge regression (regression).
    Linear,
    /// k-nearest neighbours: majority vote or mean of the targets.
    Knn,
    /// One decision tree, grown until its leaves are pure.
    Tree,
    /// A random forest of [`N_TREES`] trees on bootstrap samples.
    Forest,
}

impl ModelKind {
    /// Every model, in table order.
    pub fn all() -> &'static [ModelKind] {
        &[ModelKind::Linear, ModelKind::Knn, ModelKind::Tree, ModelKind::Forest]
    }

    /// Display name for a task.
    pub fn name(self, task: Task) -> String {
        match (self, task) {
            (ModelKind::Linear, Task::Regression) => "Ridge regression".into(),
            (ModelKind::Linear, _) => "Logistic regression".into(),
            (ModelKind::Knn, _) => format!("{K_NEIGHBOURS}-nearest neighbours"),
            (ModelKind::Tree, _) => "Decision tree".into(),
            (ModelKind::Forest, _) => format!("Random forest ({N_TREES} trees)"),
        }
    }
}

/// One fitted model's scores and surface.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelReport {
    /// Which model.
    pub kind: ModelKind,
    /// Display name.
    pub name: String,
    /// Fraction of the scored points classified correctly (classification).
    pub accuracy: Option<f64>,
    /// Mean loss over the scored points, the network's loss (regression).
    pub loss: Option<f64>,
    /// Milliseconds the fit took, by the caller's clock.
    pub train_ms: f64,
    /// Milliseconds the predictions took (the scored points and the surface's
    /// grid): k-NN fits at once but pays here.
    pub predict_ms: f64,
    /// The prediction over the `grid × grid` square, row 0 at the top (`x2`
    /// high), cells centred as in `engine::dense::views::cell_center`: the
    /// layout of the network's output heatmap. Classification: `2·P(+1) − 1`
    /// in `[-1, 1]` (the tanh output's scale); regression: the prediction.
    pub surface: Vec<f32>,
}

/// Every model's report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The task the models were fitted for.
    pub task: Task,
    /// Side of each surface.
    pub grid: usize,
    /// Half-width of the square the surfaces cover.
    pub extent: f64,
    /// Whether the scores are on the training points (there were no test points).
    pub scored_on_training_set: bool,
    /// One report per model, in [`ModelKind::all`] order.
    pub models: Vec<ModelReport>,
}

/// Why the baselines could not be fitted, in plain English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineError(pub String);

impl std::fmt::Display for BaselineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BaselineError {}

fn err<T>(msg: impl Into<String>) -> Result<T, BaselineError> {
    Err(BaselineError(msg.into()))
}

/// Checks the input; the message says what is wrong.
pub fn validate(input: &BaselineInput) -> Result<(), BaselineError> {
    match input.task {
        Task::Classification { n_classes: 2 } | Task::Regression => {}
        Task::Classification { n_classes } => {
            return err(format!("The simpler models are compared on two-class and regression data sets; this one has {n_classes} classes."))
        }
    }
    if input.train.is_empty() {
        return err("There are no training points to fit the simpler models on.");
    }
    if input.features.is_empty() {
        return err("No input feature is selected.");
    }
    if !(2..=MAX_GRID).contains(&input.grid) {
        return err(format!("The surface grid must be 2 to {MAX_GRID} cells wide (got {}).", input.grid));
    }
    if !(input.extent.is_finite() && input.extent > 0.0) {
        return err(format!("The square's half-width must be a positive number (got {}).", input.extent));
    }
    for (split, pts) in [("training", &input.train), ("test", &input.test)] {
        for (i, p) in pts.iter().enumerate() {
            let feats_ok = input.features.iter().all(|f| f.value(p.x1, p.x2).is_finite());
            if !(p.x1.is_finite() && p.x2.is_finite() && p.label.is_finite() && feats_ok) {
                return err(format!("{split} point {i} has a value that is not a finite number."));
            }
            if matches!(input.task, Task::Classification { .. }) && p.label != 1.0 && p.label != -1.0 {
                return err(format!("{split} point {i} has label {}, not −1 or +1.", p.label));
            }
        }
    }
    if matches!(input.task, Task::Classification { .. }) {
        let pos = input.train.iter().filter(|p| p.label > 0.0).count();
        if pos == 0 || pos == input.train.len() {
            return err("The training points are all of one class: a classifier needs both.");
        }
    }
    Ok(())
}

/// Fits every model in [`ModelKind::all`] on `input`, timing each fit with
/// `now` (milliseconds; `performance.now()` on the page). Bad input is an
/// error, never a panic.
pub fn fit_all(input: &BaselineInput, now: &dyn Fn() -> f64) -> Result<Report, BaselineError> {
    validate(input)?;
    let models = ModelKind::all().iter().map(|&k| fit_checked(k, input, now)).collect::<Result<Vec<_>, _>>()?;
    Ok(Report { task: input.task, grid: input.grid, extent: input.extent, scored_on_training_set: input.test.is_empty(), models })
}

/// Fits one model (see [`fit_all`]).
pub fn fit_model(kind: ModelKind, input: &BaselineInput, now: &dyn Fn() -> f64) -> Result<ModelReport, BaselineError> {
    validate(input)?;
    fit_checked(kind, input, now)
}

/// The feature matrix of some points (one row per point).
fn matrix(features: &[Feature], pts: impl Iterator<Item = (f64, f64)>) -> Result<DenseMatrix<f64>, BaselineError> {
    let mut rows = 0;
    let mut values = Vec::new();
    for (x1, x2) in pts {
        values.extend(features.iter().map(|f| f.value(x1, x2)));
        rows += 1;
    }
    DenseMatrix::new(rows, features.len(), values, false).map_err(|e| BaselineError(format!("{e}")))
}

/// A fitted model: a value per row of a feature matrix (see [`ModelReport::surface`]).
type Predictor = Box<dyn Fn(&DenseMatrix<f64>) -> Result<Vec<f64>, smartcore::error::Failed>>;

fn fit_checked(kind: ModelKind, input: &BaselineInput, now: &dyn Fn() -> f64) -> Result<ModelReport, BaselineError> {
    let name = kind.name(input.task);
    let failed = |e: smartcore::error::Failed| BaselineError(format!("{name}: {e}"));
    let x = matrix(&input.features, input.train.iter().map(|p| (p.x1, p.x2)))?;
    let t0 = now();
    let predict = match input.task {
        Task::Regression => fit_regressor(kind, &x, input).map_err(failed)?,
        Task::Classification { .. } => fit_classifier(kind, &x, input).map_err(failed)?,
    };
    let train_ms = (now() - t0).max(0.0);
    let t1 = now();
    let scored = if input.test.is_empty() { &input.train } else { &input.test };
    let xs = matrix(&input.features, scored.iter().map(|p| (p.x1, p.x2)))?;
    let pred = predict(&xs).map_err(failed)?;
    let (accuracy, loss) = match input.task {
        Task::Regression => (None, Some(regression_loss(input.loss, &pred, scored))),
        Task::Classification { .. } => {
            let right = pred.iter().zip(scored).filter(|(v, p)| (**v > 0.0) == (p.label > 0.0)).count();
            (Some(right as f64 / scored.len() as f64), None)
        }
    };
    let (n, e) = (input.grid, input.extent);
    let xg = matrix(&input.features, (0..n * n).map(|i| cell_center(n, e, i / n, i % n)))?;
    let surface = predict(&xg).map_err(failed)?.into_iter().map(|v| v as f32).collect();
    let predict_ms = (now() - t1).max(0.0);
    Ok(ModelReport { kind, name, accuracy, loss, train_ms, predict_ms, surface })
}

/// The mean per-example loss of predictions against the points' targets,
/// by the engine's own loss (an identity output: cross-entropy, which a
/// regression output cannot use, falls back to MSE).
fn regression_loss(loss: Loss, pred: &[f64], pts: &[Point]) -> f64 {
    let loss = if loss == Loss::Mae { Loss::Mae } else { Loss::Mse };
    let act = LayerActivation::Elementwise(Activation::Identity);
    let sum: f64 = pred.iter().zip(pts).map(|(&a, p)| loss.example(act, &[a], &[a], &[p.label], None)).sum();
    sum / pts.len() as f64
}

fn fit_classifier(kind: ModelKind, x: &DenseMatrix<f64>, input: &BaselineInput) -> Result<Predictor, smartcore::error::Failed> {
    use smartcore::ensemble::random_forest_classifier::{RandomForestClassifier, RandomForestClassifierParameters};
    use smartcore::linear::logistic_regression::{LogisticRegression, LogisticRegressionParameters};
    use smartcore::neighbors::knn_classifier::{KNNClassifier, KNNClassifierParameters};
    use smartcore::tree::decision_tree_classifier::{DecisionTreeClassifier, DecisionTreeClassifierParameters};
    let y: Vec<i32> = input.train.iter().map(|p| if p.label > 0.0 { 1 } else { -1 }).collect();
    // classes are sorted, so probability column 1 is P(+1); values are 2·P(+1) − 1
    let from_proba = |m: DenseMatrix<f64>| (0..m.shape().0).map(|i| 2.0 * *m.get((i, 1)) - 1.0).collect::<Vec<f64>>();
    Ok(match kind {
        ModelKind::Linear => {
            let params = LogisticRegressionParameters::default().with_alpha(ALPHA);
            let m = LogisticRegression::<f64, i32, DenseMatrix<f64>, Vec<i32>>::fit(x, &y, params)?;
            // P(+1) = σ(w·x + b) from the fitted coefficients, for a smooth surface
            let w: Vec<f64> = m.coefficients().iterator(0).copied().collect();
            let b = *m.intercept().get((0, 0));
            Box::new(move |xs: &DenseMatrix<f64>| {
                Ok((0..xs.shape().0)
                    .map(|i| {
                        let z = b + w.iter().enumerate().map(|(j, wj)| wj * xs.get((i, j))).sum::<f64>();
                        2.0 / (1.0 + (-z).exp()) - 1.0
                    })
                    .collect())
            })
        }
        ModelKind::Knn => {
            let k = K_NEIGHBOURS.min(input.train.len());
            let params = KNNClassifierParameters::default()
                .with_k(k)
                .with_algorithm(smartcore::algorithm::neighbour::KNNAlgorithmName::LinearSearch);
            let m = KNNClassifier::<f64, i32, DenseMatrix<f64>, Vec<i32>, _>::fit(x, &y, params)?;
            Box::new(move |xs: &DenseMatrix<f64>| Ok(m.predict_proba(xs)?.into_iter().map(|p| 2.0 * p[1] - 1.0).collect()))
        }
        ModelKind::Tree => {
            let params = DecisionTreeClassifierParameters { seed: Some(input.seed), ..Default::default() };
            let m = DecisionTreeClassifier::<f64, i32, DenseMatrix<f64>, Vec<i32>>::fit(x, &y, params)?;
            Box::new(move |xs: &DenseMatrix<f64>| Ok(from_proba(m.predict_proba(xs)?)))
        }
        ModelKind::Forest => {
            let params = RandomForestClassifierParameters::default().with_n_trees(N_TREES).with_seed(input.seed);
            let m = RandomForestClassifier::<f64, i32, DenseMatrix<f64>, Vec<i32>>::fit(x, &y, params)?;
            // smartcore's forest reports the majority class, not the vote share
            Box::new(move |xs: &DenseMatrix<f64>| Ok(m.predict(xs)?.into_iter().map(f64::from).collect()))
        }
    })
}

fn fit_regressor(kind: ModelKind, x: &DenseMatrix<f64>, input: &BaselineInput) -> Result<Predictor, smartcore::error::Failed> {
    use smartcore::ensemble::random_forest_regressor::{RandomForestRegressor, RandomForestRegressorParameters};
    use smartcore::linear::ridge_regression::{RidgeRegression, RidgeRegressionParameters};
    use smartcore::neighbors::knn_regressor::{KNNRegressor, KNNRegressorParameters};
    use smartcore::tree::decision_tree_regressor::{DecisionTreeRegressor, DecisionTreeRegressorParameters};
    let y: Vec<f64> = input.train.iter().map(|p| p.label).collect();
    Ok(match kind {
        ModelKind::Linear => {
            let params = RidgeRegressionParameters::default().with_alpha(ALPHA);
            let m = RidgeRegression::<f64, f64, DenseMatrix<f64>, Vec<f64>>::fit(x, &y, params)?;
            Box::new(move |xs: &DenseMatrix<f64>| m.predict(xs))
        }
        ModelKind::Knn => {
            let k = K_NEIGHBOURS.min(input.train.len());
            let params =
                KNNRegressorParameters::default().with_k(k).with_algorithm(smartcore::algorithm::neighbour::KNNAlgorithmName::LinearSearch);
            let m = KNNRegressor::<f64, f64, DenseMatrix<f64>, Vec<f64>, _>::fit(x, &y, params)?;
            Box::new(move |xs: &DenseMatrix<f64>| m.predict(xs))
        }
        ModelKind::Tree => {
            let params = DecisionTreeRegressorParameters { seed: Some(input.seed), ..Default::default() };
            let m = DecisionTreeRegressor::<f64, f64, DenseMatrix<f64>, Vec<f64>>::fit(x, &y, params)?;
            Box::new(move |xs: &DenseMatrix<f64>| m.predict(xs))
        }
        ModelKind::Forest => {
            let params = RandomForestRegressorParameters::default().with_n_trees(N_TREES as usize).with_seed(input.seed);
            let m = RandomForestRegressor::<f64, f64, DenseMatrix<f64>, Vec<f64>>::fit(x, &y, params)?;
            Box::new(move |xs: &DenseMatrix<f64>| m.predict(xs))
        }
    })
}

#[cfg(test)]
mod tests;
