//! Prints every baseline's score and fit time on the playground's default data
//! (XOR, 500 points, half for training), the spiral (noise 0) and the
//! multi-Gaussian regression set: `cargo run --release -p baselines --example scores`.

use baselines::{fit_all, BaselineInput};
use neuralscope_engine::data::features::Feature;
use neuralscope_engine::data::{DataConfig, DataKind};
use neuralscope_engine::math::loss::Loss;

fn main() {
    let t0 = std::time::Instant::now();
    let now = move || t0.elapsed().as_secs_f64() * 1000.0;
    for kind in [DataKind::XorQuadrants, DataKind::Spiral, DataKind::Circle, DataKind::RegressGaussian] {
        let d = DataConfig { kind, ..Default::default() }.generate();
        let input = BaselineInput {
            train: d.train,
            test: d.test,
            task: d.task,
            features: vec![Feature::X1, Feature::X2],
            loss: Loss::Mse,
            extent: d.extent,
            grid: 80,
            seed: 1,
        };
        let t = now();
        match fit_all(&input, &now) {
            Ok(r) => {
                println!("{} (all fits and surfaces {:.0} ms):", kind.name(), now() - t);
                for m in r.models {
                    let score = match (m.accuracy, m.loss) {
                        (Some(a), _) => format!("accuracy {:.1} %", a * 100.0),
                        (_, Some(l)) => format!("loss {l:.4}"),
                        _ => String::new(),
                    };
                    println!("  {:<28} {score:<18} fit {:.2} ms, predict {:.1} ms", m.name, m.train_ms, m.predict_ms);
                }
            }
            Err(e) => println!("{}: {e}", kind.name()),
        }
    }
}
