use super::*;
use neuralscope_engine::data::{DataConfig, DataKind};

fn clock() -> impl Fn() -> f64 {
    let t0 = std::time::Instant::now();
    move || t0.elapsed().as_secs_f64() * 1000.0
}

fn p(x1: f64, x2: f64, label: f64) -> Point {
    Point { x1, x2, label }
}

fn input(train: Vec<Point>, test: Vec<Point>, task: Task) -> BaselineInput {
    BaselineInput { train, test, task, features: vec![Feature::X1, Feature::X2], loss: Loss::Mse, extent: 6.0, grid: 20, seed: 7 }
}

/// Two bands, x2 > 1 (+1) and x2 < −1 (−1), on a 0.5 lattice: separable by a line.
fn bands(offset: f64) -> Vec<Point> {
    let mut v = Vec::new();
    for i in 0..9 {
        for j in 0..4 {
            let x1 = -4.0 + i as f64 + offset;
            let x2 = 1.5 + j as f64 + offset;
            v.push(p(x1, x2, 1.0));
            v.push(p(x1, -x2, -1.0));
        }
    }
    v
}

const TWO: Task = Task::Classification { n_classes: 2 };

#[test]
fn every_classifier_separates_two_bands_and_paints_them_the_right_way_up() {
    let r = fit_all(&input(bands(0.0), bands(0.5), TWO), &clock()).unwrap();
    assert_eq!(r.models.len(), 4);
    assert!(!r.scored_on_training_set);
    for m in &r.models {
        assert_eq!(m.accuracy, Some(1.0), "{}", m.name);
        assert_eq!(m.loss, None);
        assert!(m.train_ms >= 0.0);
        assert_eq!(m.surface.len(), 20 * 20);
        assert!(m.surface.iter().all(|v| v.is_finite() && v.abs() <= 1.0 + 1e-6), "{}", m.name);
        // row 0 is the top (x2 = +5.7): the +1 band; the last row the −1 band
        let top: f32 = m.surface[..20].iter().sum();
        let bottom: f32 = m.surface[20 * 19..].iter().sum();
        assert!(top > 10.0 && bottom < -10.0, "{}: top {top}, bottom {bottom}", m.name);
    }
}

#[test]
fn the_logistic_surface_agrees_with_smartcores_own_prediction() {
    // the surface is σ(w·x + b) from the coefficients: its sign must be the model's class
    use smartcore::linear::logistic_regression::{LogisticRegression, LogisticRegressionParameters};
    let train = bands(0.0);
    let x = matrix(&[Feature::X1, Feature::X2], train.iter().map(|q| (q.x1, q.x2))).unwrap();
    let y: Vec<i32> = train.iter().map(|q| q.label as i32).collect();
    let m =
        LogisticRegression::<f64, i32, DenseMatrix<f64>, Vec<i32>>::fit(&x, &y, LogisticRegressionParameters::default().with_alpha(ALPHA))
            .unwrap();
    let probe: Vec<(f64, f64)> = (0..50).map(|i| (-5.0 + 0.2 * i as f64, 3.0 - 0.13 * i as f64)).collect();
    let xs = matrix(&[Feature::X1, Feature::X2], probe.iter().copied()).unwrap();
    let theirs = m.predict(&xs).unwrap();
    let ours = fit_classifier(ModelKind::Linear, &x, &input(train, vec![], TWO)).unwrap()(&xs).unwrap();
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(*a > 0.0, *b > 0, "{a} vs {b}");
    }
}

#[test]
fn regression_on_a_plane_reaches_near_zero_error() {
    // target (x1 + x2)/10 on a lattice; test points between the lattice points
    let lattice = |o: f64| {
        let mut v = Vec::new();
        for i in 0..25 {
            for j in 0..25 {
                let (x1, x2) = (-3.0 + 0.25 * i as f64 + o, -3.0 + 0.25 * j as f64 + o);
                v.push(p(x1, x2, (x1 + x2) / 10.0));
            }
        }
        v
    };
    let test: Vec<Point> = lattice(0.125).into_iter().filter(|q| q.x1 < 2.9 && q.x2 < 2.9).collect();
    let r = fit_all(&input(lattice(0.0), test, Task::Regression), &clock()).unwrap();
    let names: Vec<&str> = r.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names[0], "Ridge regression");
    for m in &r.models {
        let loss = m.loss.unwrap();
        assert_eq!(m.accuracy, None);
        // ½·mean(e²): the steps of a tree are 0.025 high at most, so e ≤ 0.025 → loss ≤ 3.2e-4
        let bound = if m.kind == ModelKind::Linear { 1e-6 } else { 5e-4 };
        assert!(loss < bound, "{}: loss {loss}", m.name);
    }
}

#[test]
fn the_regression_loss_is_the_networks_half_mean_square_or_mean_absolute() {
    let pts = [p(0.0, 0.0, 1.0), p(0.0, 0.0, -1.0)];
    // predictions 0.5 and 0: errors −0.5 and 1
    assert!((regression_loss(Loss::Mse, &[0.5, 0.0], &pts) - 0.5 * (0.25 + 1.0) / 2.0).abs() < 1e-12);
    assert!((regression_loss(Loss::Mae, &[0.5, 0.0], &pts) - (0.5 + 1.0) / 2.0).abs() < 1e-12);
}

fn spiral() -> BaselineInput {
    let d = DataConfig { kind: DataKind::Spiral, n_points: 300, noise: 0.2, ..Default::default() }.generate();
    BaselineInput { grid: 30, ..input(d.train, d.test, d.task) }
}

#[test]
fn a_random_forest_is_reproducible_from_its_seed() {
    let a = fit_model(ModelKind::Forest, &spiral(), &|| 0.0).unwrap();
    let b = fit_model(ModelKind::Forest, &spiral(), &|| 0.0).unwrap();
    assert_eq!(a, b);
    let c = fit_model(ModelKind::Forest, &BaselineInput { seed: 8, ..spiral() }, &|| 0.0).unwrap();
    assert_ne!(a.surface, c.surface, "another seed grows another forest");
}

#[test]
fn on_the_spiral_the_local_models_beat_the_line() {
    let r = fit_all(&spiral(), &clock()).unwrap();
    let acc = |k: ModelKind| r.models.iter().find(|m| m.kind == k).unwrap().accuracy.unwrap();
    assert!(acc(ModelKind::Linear) < 0.75, "a line cannot follow a spiral: {}", acc(ModelKind::Linear));
    for k in [ModelKind::Knn, ModelKind::Forest] {
        assert!(acc(k) > 0.85, "{k:?}: {}", acc(k));
    }
}

#[test]
fn without_test_points_the_scores_are_on_the_training_points() {
    let r = fit_all(&input(bands(0.0), vec![], TWO), &clock()).unwrap();
    assert!(r.scored_on_training_set);
    assert!(r.models.iter().all(|m| m.accuracy == Some(1.0)));
}

#[test]
fn bad_input_is_an_error_never_a_panic() {
    let ok = input(bands(0.0), bands(0.5), TWO);
    let bad = |f: &dyn Fn(&mut BaselineInput)| {
        let mut i = ok.clone();
        f(&mut i);
        let e = fit_all(&i, &|| 0.0).unwrap_err();
        assert!(!e.0.is_empty());
        assert_eq!(fit_model(ModelKind::Forest, &i, &|| 0.0).unwrap_err(), e);
        e.0
    };
    assert!(bad(&|i| i.train.clear()).contains("no training points"));
    assert!(bad(&|i| i.train[3].x1 = f64::NAN).contains("training point 3"));
    assert!(bad(&|i| i.test[0].label = f64::INFINITY).contains("test point 0"));
    assert!(bad(&|i| i.train[1].label = 0.5).contains("label 0.5"));
    assert!(bad(&|i| i.train.retain(|q| q.label > 0.0)).contains("one class"));
    assert!(bad(&|i| i.task = Task::Classification { n_classes: 3 }).contains("3 classes"));
    assert!(bad(&|i| i.features.clear()).contains("feature"));
    assert!(bad(&|i| i.grid = 0).contains("grid"));
    assert!(bad(&|i| i.extent = f64::NAN).contains("half-width"));
    // a feature that overflows (x1² of 1e200) is caught before smartcore sees it
    assert!(bad(&|i| {
        i.features.push(Feature::X1Squared);
        i.train[0].x1 = 1e200;
    })
    .contains("not a finite number"));
    // regression: empty set and NaN too
    let reg = input(vec![p(0.0, 0.0, f64::NAN)], vec![], Task::Regression);
    assert!(fit_all(&reg, &|| 0.0).is_err());
    // a single training point per class: k-NN votes with what there is
    let tiny = input(vec![p(-1.0, -1.0, -1.0), p(1.0, 1.0, 1.0)], vec![], TWO);
    let r = fit_all(&tiny, &|| 0.0).unwrap();
    assert_eq!(r.models.len(), 4);
}

#[test]
fn input_and_report_go_through_json() {
    let i = input(bands(0.0), bands(0.5), TWO);
    let back: BaselineInput = serde_json::from_str(&serde_json::to_string(&i).unwrap()).unwrap();
    assert_eq!(back, i);
    let r = fit_all(&i, &|| 0.0).unwrap();
    let back: Report = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
}
