//! The lessons, as one table: what each sets up (data, network, settings,
//! which controls show), its goal in plain words, what the page says once
//! it is met, and which check decides that (see [`super::goals`]).
//!
//! The settings of lessons 2–4 were measured natively with the engine (see
//! the tests in `playground/lesson_runs.rs`, on the page's own f32 path): on
//! the 4-point XOR table, one tanh neuron at any learning rate from 0.001 to
//! 10 (seeds 1–5, 3,000 epochs) never passes 75 %; two hidden tanh neurons with seed 2 at learning rate 0.3 (full batch)
//! reach 100 % at epoch 11. Seeds 1 and 18 sit at 50 % for good there and
//! are avoided.

use crate::engine::data::features::Feature;
use crate::engine::data::{DataConfig, DataKind};
use crate::engine::dense::config::{HiddenLayer, TrainConfig};
use crate::engine::math::activation::{Activation, LayerActivation};
use crate::engine::math::loss::Loss;
use crate::ui::anim::Speed;

use super::goals::Goal;

/// What a playground lesson sets up: the training setup and how the page shows
/// it (the host turns it into its own settings).
#[derive(Clone, Debug, PartialEq)]
pub struct LessonSetup {
    pub cfg: TrainConfig,
    pub speed: Speed,
    /// Draw the test points over the output.
    pub show_test: bool,
    /// Show the output as two flat colours (the decision boundary).
    pub discretize: bool,
    /// Loss chart on a log scale.
    pub log_loss: bool,
}

/// A part of the playground a lesson can hide, to keep the page on its point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hide {
    /// The input feature toggles.
    Features,
    /// The data sliders (training fraction, noise, points, batch) and regenerate.
    DataSliders,
    /// Adding and removing layers and neurons.
    Architecture,
    /// The regularization choices in the run bar.
    Regularization,
    /// The "More settings" panel.
    Advanced,
    /// The simpler models and the drawing tools under the output (they push what a lesson needs below the fold).
    UnderOutput,
}

impl Hide {
    /// The CSS class the playground gets (style/lessons.css hides the part).
    pub fn class(self) -> &'static str {
        match self {
            Hide::Features => "hide-features",
            Hide::DataSliders => "hide-data-sliders",
            Hide::Architecture => "hide-architecture",
            Hide::Regularization => "hide-regularization",
            Hide::Advanced => "hide-advanced",
            Hide::UnderOutput => "hide-under-output",
        }
    }
}

/// Where a lesson happens.
#[derive(Clone, Copy)]
pub enum Stage {
    /// The playground, set up by this function.
    Playground(fn() -> LessonSetup),
    /// The convolution view on its bars data set.
    ConvBars,
}

/// One lesson.
pub struct Lesson {
    pub title: &'static str,
    /// Its short name in the Lessons menu (the menu stays narrow at 1024×768).
    pub menu: &'static str,
    /// One or two plain sentences: what to do and what to look for.
    pub goal: &'static str,
    /// Shown once the goal is met: what it showed, and why.
    pub met: &'static str,
    /// For a goal in two parts, shown once the first is done (until the whole is met).
    pub first_part: Option<&'static str>,
    pub stage: Stage,
    pub hide: &'static [Hide],
    /// Draw the line each first-layer neuron draws (where its weighted sum is 0) over the output.
    pub lines: bool,
    /// Open the gradient-health chart.
    pub grad_health: bool,
    /// Decides when the goal is met.
    pub check: Goal,
}

/// Two inputs X1, X2 on a truth table, no hidden layer, tanh output, MSE, full batch.
fn truth_table(kind: DataKind, hidden: Vec<HiddenLayer>, lr: f64, seed: u64) -> LessonSetup {
    LessonSetup {
        cfg: TrainConfig {
            data: DataConfig { kind, n_points: 4, noise: 0.0, train_fraction: 1.0, seed: 1, custom: None },
            features: vec![Feature::X1, Feature::X2],
            hidden,
            output_activation: LayerActivation::Elementwise(Activation::Tanh),
            loss: Loss::Mse,
            learning_rate: lr,
            batch_size: 4,
            seed,
            ..TrainConfig::default()
        },
        // slow enough to watch the line turn
        speed: Speed::PerFrame(5),
        show_test: false,
        discretize: true,
        log_loss: false,
    }
}

fn tanh_layer(neurons: usize) -> HiddenLayer {
    HiddenLayer { neurons, activation: Activation::Tanh }
}

fn lesson1() -> LessonSetup {
    truth_table(DataKind::AndTable, vec![], 0.3, 2)
}
fn lesson2() -> LessonSetup {
    truth_table(DataKind::XorTable, vec![], 0.3, 2)
}
fn lesson3() -> LessonSetup {
    truth_table(DataKind::XorTable, vec![tanh_layer(2)], 0.3, 2)
}
fn lesson4() -> LessonSetup {
    truth_table(DataKind::XorTable, vec![HiddenLayer { neurons: 2, activation: Activation::Identity }], 0.3, 2)
}
/// One linear neuron fits a plane; learning rate 0.0001 crawls (test loss 6.5
/// at epoch 50), 0.003–0.1 work, 0.3 and above overflow (measured natively).
fn lesson5() -> LessonSetup {
    LessonSetup {
        cfg: TrainConfig {
            data: DataConfig { kind: DataKind::RegressPlane, n_points: 200, noise: 0.0, train_fraction: 0.5, seed: 1, custom: None },
            hidden: vec![],
            output_activation: LayerActivation::Elementwise(Activation::Identity),
            loss: Loss::Mse,
            learning_rate: 0.0001,
            batch_size: 10,
            seed: 1,
            ..TrainConfig::default()
        },
        speed: Speed::PerFrame(1),
        show_test: false,
        discretize: false,
        log_loss: true,
    }
}
fn lesson6() -> LessonSetup {
    LessonSetup {
        cfg: TrainConfig {
            data: DataConfig { kind: DataKind::Circle, n_points: 200, noise: 0.1, train_fraction: 0.5, seed: 1, custom: None },
            hidden: vec![tanh_layer(4)],
            learning_rate: 0.03,
            batch_size: 10,
            seed: 1,
            ..TrainConfig::default()
        },
        speed: Speed::PerFrame(5),
        show_test: true,
        discretize: false,
        log_loss: false,
    }
}
/// 60 noisy spiral points, three ReLU layers of 8: the test loss is lowest at
/// once and climbs from ~0.43 to ~0.93 by epoch 1,000 while the training loss
/// falls to ~0.006; with 400 points the test loss falls to ~0.03 (measured natively).
fn lesson7() -> LessonSetup {
    LessonSetup {
        cfg: TrainConfig {
            data: DataConfig { kind: DataKind::Spiral, n_points: 60, noise: 0.3, train_fraction: 0.5, seed: 1, custom: None },
            hidden: vec![HiddenLayer { neurons: 8, activation: Activation::Relu }; 3],
            learning_rate: 0.03,
            batch_size: 10,
            seed: 1,
            ..TrainConfig::default()
        },
        speed: Speed::PerFrame(25),
        show_test: true,
        discretize: false,
        log_loss: false,
    }
}
/// Six sigmoid layers of 6 on the circle: ~50 % after 500 epochs, the first
/// layer's gradient ~1e-4 against ~0.5 at the output; tanh or ReLU reach 100 %
/// by epoch 50 (measured natively). Batch norm in every hidden layer, or skip
/// connections at a learning rate of 0.03, cure it too (`playground/lesson_runs.rs`
/// measures when: 95 % at epoch 15 with batch norm, 111 with skips).
fn lesson8() -> LessonSetup {
    LessonSetup {
        cfg: TrainConfig {
            data: DataConfig { kind: DataKind::Circle, n_points: 300, noise: 0.0, train_fraction: 0.5, seed: 1, custom: None },
            hidden: vec![HiddenLayer { neurons: 6, activation: Activation::Sigmoid }; 6],
            learning_rate: 0.1,
            batch_size: 10,
            seed: 1,
            ..TrainConfig::default()
        },
        speed: Speed::PerFrame(5),
        show_test: false,
        discretize: false,
        log_loss: false,
    }
}

use Hide::*;

/// Every lesson, in order (lesson `n` is `LESSONS[n - 1]`).
pub static LESSONS: [Lesson; 9] = [
    Lesson {
        title: "One neuron learns AND and OR",
        menu: "AND and OR",
        goal: "Press play: one neuron learns AND, and its single straight line splits the four points. \
               Then choose the OR table and train again: both reach 100 %.",
        met: "Both AND and OR are learned. Each is one straight cut through the square: the neuron's line \
              is where w₁·x₁ + w₂·x₂ + b = 0.",
        first_part: None,
        stage: Stage::Playground(lesson1),
        hide: &[Features, DataSliders, Architecture, Regularization, Advanced],
        lines: true,
        grad_health: false,
        check: Goal::AndAndOr,
    },
    Lesson {
        title: "One neuron cannot learn XOR",
        menu: "XOR: one neuron fails",
        goal: "XOR is true when exactly one input is true. Train one neuron on it, with any learning rate \
               you like: watch the accuracy.",
        met: "Stuck at 75 % or less, whatever the learning rate: one neuron draws one straight line, and no \
              straight line puts the two true corners on one side and the two false corners on the other.",
        first_part: None,
        stage: Stage::Playground(lesson2),
        hide: &[Features, DataSliders, Architecture, Regularization, Advanced],
        lines: true,
        grad_health: false,
        check: Goal::NeverPast75 { epochs: 300 },
    },
    Lesson {
        title: "A hidden layer of two neurons solves XOR",
        menu: "XOR: a hidden layer",
        goal: "Now two hidden neurons come first. Press play and watch their two lines: XOR is solved when \
               every point is right (100 %).",
        met: "Solved. Each hidden neuron cuts the square with its own line (dashed); the output neuron adds \
              their outputs with its weights, so it fires between the two lines and not outside them.",
        first_part: None,
        stage: Stage::Playground(lesson3),
        hide: &[Features, DataSliders, Architecture, Regularization, Advanced],
        lines: true,
        grad_health: false,
        check: Goal::Solve,
    },
    Lesson {
        title: "Linear activations collapse",
        menu: "Linear activations",
        goal: "The same two hidden neurons, but with linear activations (f(z) = z). Train it: does it \
               solve XOR? Then switch the activation to tanh and train again.",
        met: "With tanh it is solved, 100 %: the same two neurons failed while linear, because a linear function \
              of a linear function is still linear. The bend of a non-linear activation is what adds power.",
        first_part: Some(
            "It failed like one neuron, stuck at 75 % or less: a linear function of a linear function is still \
             linear, so the whole net is one linear function, no better than one neuron. Now switch the activation to tanh.",
        ),
        stage: Stage::Playground(lesson4),
        hide: &[Features, DataSliders, Regularization, Advanced],
        lines: true,
        grad_health: false,
        check: Goal::LinearThenSolve { epochs: 300 },
    },
    Lesson {
        title: "Learning rate: crawl, diverge, or learn",
        menu: "Learning rate",
        goal: "A learning rate of 0.0001 crawls. Try 10: it diverges. Find one that brings the test loss \
               below 0.001 within 50 epochs (press reset after each change).",
        met: "Found it. Too small a step crawls; too large a step overshoots further each time until the \
              numbers overflow; in between, the loss falls fast.",
        first_part: None,
        stage: Stage::Playground(lesson5),
        hide: &[Features, DataSliders, Architecture, Regularization, Advanced],
        lines: false,
        grad_health: false,
        check: Goal::LossWithin { loss: 0.001, epochs: 50 },
    },
    Lesson {
        title: "Batch, mini-batch and stochastic descent",
        menu: "Batch sizes",
        goal: "Press “Compare” (right, under the output) to train the same network three ways on this data: full batch, \
               mini-batches of 10, and one point at a time. Compare the three loss curves.",
        met: "One point at a time takes many small noisy steps per epoch; the full batch takes one smooth \
              step per epoch and needs many more epochs; mini-batches sit in between.",
        first_part: None,
        stage: Stage::Playground(lesson6),
        hide: &[Features, Architecture, Advanced, UnderOutput],
        lines: false,
        grad_health: false,
        check: Goal::Compared,
    },
    Lesson {
        title: "Overfitting",
        menu: "Overfitting",
        goal: "Few noisy points and a big network: play and watch the test loss rise while the training loss \
               falls. Then cure it, so that the test accuracy reaches 85 % with the training accuracy at most 10 points \
               above it. Try L2: choose L2 and set its rate beside it (at 0 it does nothing), then reset; \
               or give it more points (the Points slider).",
        met: "Cured: the test loss no longer climbs away from the training loss, and the test accuracy is as good as \
              the training accuracy. The big net had learned the noise of a few points by heart. A penalty on large \
              weights keeps the net simpler, but on 30 training points of a spiral it cannot find the shape (too \
              large a rate and it learns nothing); more data is the real cure here.",
        first_part: None,
        stage: Stage::Playground(lesson7),
        hide: &[Features, Advanced],
        lines: false,
        grad_health: false,
        check: Goal::Cured { accuracy: 0.85 },
    },
    Lesson {
        title: "Vanishing gradients",
        menu: "Vanishing gradients",
        goal: "Six sigmoid layers barely learn: the gradient-health chart shows the first layers' gradients \
               a thousand times smaller than the last. Switch the activation to ReLU or tanh and reach 95 %. \
               Or keep the sigmoids: choose batch norm under each hidden layer, press play, and watch the first \
               layers' gradients come back. (Skip connections work too, with the learning rate lowered to 0.03.)",
        met: "Learned. A sigmoid's slope is at most ¼, so the error signal shrinks at every layer on its way \
              back; ReLU (slope 1) and tanh (slope up to 1) let it through. Batch norm cures it another way: it \
              re-centres each layer's sums on the sigmoid's steep middle; a skip connection carries the signal round the layer.",
        first_part: None,
        stage: Stage::Playground(lesson8),
        hide: &[Features, DataSliders, Advanced],
        lines: false,
        grad_health: true,
        check: Goal::DeepLearns { accuracy: 0.95 },
    },
    Lesson {
        title: "Convolution: kernels become edge detectors",
        menu: "Convolution",
        goal: "Press play: a small convolutional network learns to tell the bars apart. Watch the kernels: \
               they turn into edge detectors. The goal is 90 % test accuracy.",
        met: "90 % reached. Look at the kernels: light beside dark, an edge detector that answers where a \
              bar's border runs along it.",
        first_part: None,
        stage: Stage::ConvBars,
        hide: &[],
        lines: false,
        grad_health: false,
        check: Goal::ConvAccuracy { accuracy: 0.9 },
    },
];
