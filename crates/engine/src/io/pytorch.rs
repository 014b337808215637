//! A trained network as a short PyTorch script: the same architecture in
//! `torch.nn`, the exact weights (the model file's numbers, written so that
//! Python reads back the same doubles, hence the same `float32`s), the same
//! data embedded (raw `x1, x2` and the targets the engine trains towards), and
//! the same optimizer, hyper-parameters, loss, regularization and dropout.
//! It first prints the loss of the weights as exported (the number the page
//! shows), then trains and prints the loss after each epoch.
//!
//! What cannot match bit for bit: the order of the mini-batches (PyTorch draws
//! its own shuffle from the seed) and dropout's masks; the optimizer starts
//! with fresh state, as a loaded model does in the engine.

use crate::data::features::Feature;
use crate::dense::trainer::Trainer;
use crate::io::model_file::ModelFile;
use crate::math::activation::{Activation, LayerActivation, ELU_ALPHA, LEAKY_SLOPE};
use crate::math::loss::Loss;
use crate::math::optimizer::{OptimizerKind, RegularizationKind};
use crate::math::real::Real;
use std::fmt::Write;

/// A number as Python reads it back to the same double (`repr`-style, shortest round trip).
fn py(v: f64) -> String {
    if v.is_finite() {
        format!("{v:?}")
    } else if v.is_nan() {
        "float('nan')".into()
    } else if v > 0.0 {
        "float('inf')".into()
    } else {
        "float('-inf')".into()
    }
}

/// A Python string literal.
fn py_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn py_list(v: impl IntoIterator<Item = f64>) -> String {
    let items: Vec<String> = v.into_iter().map(py).collect();
    format!("[{}]", items.join(", "))
}

fn feature_expr(f: Feature) -> &'static str {
    match f {
        Feature::X1 => "x1",
        Feature::X2 => "x2",
        Feature::X1Squared => "x1 * x1",
        Feature::X2Squared => "x2 * x2",
        Feature::X1TimesX2 => "x1 * x2",
        Feature::SinX1 => "torch.sin(x1)",
        Feature::SinX2 => "torch.sin(x2)",
    }
}

fn module(a: Activation) -> String {
    match a {
        Activation::Identity => "nn.Identity()".into(),
        Activation::Relu => "nn.ReLU()".into(),
        Activation::LeakyRelu => format!("nn.LeakyReLU({})", py(LEAKY_SLOPE)),
        Activation::Elu => format!("nn.ELU({})", py(ELU_ALPHA)),
        Activation::Sigmoid => "nn.Sigmoid()".into(),
        Activation::Tanh => "nn.Tanh()".into(),
        Activation::Softplus => "nn.Softplus()".into(),
        Activation::Gelu => "nn.GELU(approximate='tanh')".into(),
        Activation::Swish => "nn.SiLU()".into(),
        Activation::Sine => "Sine()".into(),
        Activation::Step => "Step()".into(),
    }
}

fn output_expr(out: LayerActivation) -> String {
    match out {
        LayerActivation::Softmax => "torch.softmax(z, dim=1)".into(),
        LayerActivation::Elementwise(a) => format!("{}(z)", module(a)),
    }
}

fn loss_expr(loss: Loss, out: LayerActivation) -> &'static str {
    match (loss, out) {
        (Loss::Mse, _) => "0.5 * ((output(z) - y) ** 2).sum(dim=1).mean()",
        (Loss::Mae, _) => "(output(z) - y).abs().sum(dim=1).mean()",
        (Loss::CrossEntropy, LayerActivation::Softmax) => "(torch.logsumexp(z, dim=1) * y.sum(dim=1) - (y * z).sum(dim=1)).mean()",
        (Loss::CrossEntropy, LayerActivation::Elementwise(Activation::Sigmoid)) => "(F.softplus(z) - y * z).sum(dim=1).mean()",
        (Loss::CrossEntropy, LayerActivation::Elementwise(Activation::Tanh)) => {
            "(F.softplus(2 * z) - (y + 1) / 2 * (2 * z)).sum(dim=1).mean()"
        }
        (Loss::CrossEntropy, _) => {
            "(-(y * output(z).clamp(1e-12, 1 - 1e-12).log() + (1 - y) * (1 - output(z).clamp(1e-12, 1 - 1e-12)).log())).sum(dim=1).mean()"
        }
    }
}

/// Why a configuration cannot be exported as a PyTorch script, if it cannot:
/// normalized or skipping hidden layers are not written (refused, never dropped).
pub fn refusal(c: &crate::dense::config::TrainConfig) -> Option<String> {
    let names: Vec<String> = c
        .layer_options
        .iter()
        .enumerate()
        .filter(|(_, o)| !o.is_plain())
        .map(|(i, o)| {
            let mut what = Vec::new();
            if o.norm != crate::dense::norm::NormKind::None {
                what.push(o.norm.name());
            }
            if o.skip {
                what.push("a skip connection");
            }
            format!("hidden layer {} ({})", i + 1, what.join(" and "))
        })
        .collect();
    (!names.is_empty()).then(|| {
        format!(
            "The PyTorch export does not write normalization or skip connections yet, and {} {} them; \
             turn them off to export (the model file keeps them).",
            names.join(", "),
            if names.len() == 1 { "uses" } else { "use" }
        )
    })
}

/// The script for a trainer's network, data and settings, training `epochs`
/// more epochs. A network the export cannot write ([`refusal`]) gives a
/// script that only stops with that message.
pub fn script<R: Real>(t: &Trainer<R>, epochs: u64) -> String {
    if let Some(why) = refusal(t.config()) {
        return format!("raise SystemExit({})\n", py_str(&why));
    }
    let m = ModelFile::from_trainer(t);
    let c = &m.config;
    let d = t.dataset();
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "\"\"\"NeuralScope → PyTorch: the network exported at epoch {}, its data and its settings.", m.epoch);
    let _ = writeln!(w);
    let _ = writeln!(w, "Run: python3 this_file.py   (needs torch). It prints the loss of the exported");
    let _ = writeln!(w, "weights (as the page showed it), then trains {epochs} epochs as the page would:");
    let _ = writeln!(w, "same architecture, weights, data, optimizer and hyper-parameters. The order of");
    let _ = writeln!(w, "the mini-batches and dropout's masks come from PyTorch's own generator.");
    let _ = writeln!(w, "\"\"\"");
    let _ = writeln!(w, "import torch");
    let _ = writeln!(w, "import torch.nn.functional as F");
    let _ = writeln!(w, "from torch import nn");
    let _ = writeln!(w);
    let _ = writeln!(w, "EPOCHS = {epochs}");
    let _ = writeln!(w, "BATCH_SIZE = {}", c.batch_size);
    let _ = writeln!(w, "LEARNING_RATE = {}", py(c.learning_rate));
    let _ = writeln!(w, "torch.manual_seed({})", c.seed);
    let _ = writeln!(w);
    let _ = writeln!(w, "# the data: (x1, x2) and the targets the network is trained towards (one per output neuron)");
    let pts = |p: &[crate::data::Point]| {
        format!("[{}]", p.iter().map(|p| format!("({}, {})", py(p.x1), py(p.x2))).collect::<Vec<_>>().join(", "))
    };
    let ys = |p: &[crate::data::Point]| format!("[{}]", p.iter().map(|p| py_list(t.encode_label(p.label))).collect::<Vec<_>>().join(", "));
    let _ = writeln!(w, "TRAIN_X = {}", pts(&d.train));
    let _ = writeln!(w, "TRAIN_Y = {}", ys(&d.train));
    let _ = writeln!(w, "TEST_X = {}", pts(&d.test));
    let _ = writeln!(w, "TEST_Y = {}", ys(&d.test));
    let _ = writeln!(w);
    let _ = writeln!(w);
    let _ = writeln!(w, "def features(p):");
    let _ = writeln!(w, "    x1, x2 = p[:, 0], p[:, 1]");
    let feats: Vec<&str> = c.features.iter().map(|f| feature_expr(*f)).collect();
    let _ = writeln!(w, "    return torch.stack([{}], dim=1)", feats.join(", "));
    let _ = writeln!(w);
    let _ = writeln!(w);
    let _ = writeln!(w, "class Sine(nn.Module):");
    let _ = writeln!(w, "    def forward(self, z):");
    let _ = writeln!(w, "        return torch.sin(z)");
    let _ = writeln!(w);
    let _ = writeln!(w);
    let _ = writeln!(w, "class Step(nn.Module):");
    let _ = writeln!(w, "    def forward(self, z):");
    let _ = writeln!(w, "        return (z > 0).to(z.dtype)");
    let _ = writeln!(w);
    let _ = writeln!(w);
    let sizes = c.layer_sizes();
    let _ = writeln!(w, "model = nn.Sequential(");
    for (l, h) in c.hidden.iter().enumerate() {
        let _ = write!(w, "    nn.Linear({}, {}), {},", sizes[l], sizes[l + 1], module(h.activation));
        if c.dropout > 0.0 {
            let _ = write!(w, " nn.Dropout({}),", py(c.dropout));
        }
        let _ = writeln!(w);
    }
    let last = c.hidden.len();
    let _ = writeln!(w, "    nn.Linear({}, {}),  # the output activation is applied by output()", sizes[last], sizes[last + 1]);
    let _ = writeln!(w, ")");
    let _ = writeln!(w);
    let _ = writeln!(w, "# the exact weights: per layer, n_in rows of n_out (row k = the weights leaving input k), then the biases");
    let _ = writeln!(w, "WEIGHTS = [");
    for l in &m.layers {
        let rows: Vec<String> = l.weights.iter().map(|r| py_list(r.iter().copied())).collect();
        let _ = writeln!(w, "    ([{}], {}),", rows.join(", "), py_list(l.biases.iter().copied()));
    }
    let _ = writeln!(w, "]");
    let _ = writeln!(w, "linears = [m for m in model if isinstance(m, nn.Linear)]");
    let _ = writeln!(w, "with torch.no_grad():");
    let _ = writeln!(w, "    for lin, (w, b) in zip(linears, WEIGHTS):");
    let _ = writeln!(w, "        lin.weight.copy_(torch.tensor(w, dtype=torch.float64).t())");
    let _ = writeln!(w, "        lin.bias.copy_(torch.tensor(b, dtype=torch.float64))");
    let _ = writeln!(w);
    let _ = writeln!(w);
    let _ = writeln!(w, "def output(z):");
    let _ = writeln!(w, "    return {}", output_expr(c.output_activation));
    let _ = writeln!(w);
    let _ = writeln!(w);
    let _ = writeln!(w, "def data_loss(z, y):");
    let _ = writeln!(w, "    \"\"\"{}, the mean over the points (as the page reports it).\"\"\"", c.loss.name());
    let _ = writeln!(w, "    return {}", loss_expr(c.loss, c.output_activation));
    let _ = writeln!(w);
    let _ = writeln!(w);
    let o = &c.optimizer;
    let reg = c.regularization;
    let l2 = if reg.kind == RegularizationKind::L2 { reg.rate } else { 0.0 };
    let _ = writeln!(w, "# regularization and weight decay touch the weights only, never the biases");
    let _ = writeln!(w, "weights = [lin.weight for lin in linears]");
    let _ = writeln!(
        w,
        "groups = [{{'params': weights, 'weight_decay': {}}}, {{'params': [lin.bias for lin in linears], 'weight_decay': 0.0}}]",
        py(l2)
    );
    let opt = match o.kind {
        OptimizerKind::Sgd => "torch.optim.SGD(groups, lr=LEARNING_RATE)".to_string(),
        OptimizerKind::Momentum => format!("torch.optim.SGD(groups, lr=LEARNING_RATE, momentum={})", py(o.momentum)),
        OptimizerKind::Nesterov => format!("torch.optim.SGD(groups, lr=LEARNING_RATE, momentum={}, nesterov=True)", py(o.momentum)),
        OptimizerKind::Adam => {
            format!("torch.optim.Adam(groups, lr=LEARNING_RATE, betas=({}, {}), eps={})", py(o.beta1), py(o.beta2), py(o.epsilon))
        }
        OptimizerKind::RmsProp => format!("torch.optim.RMSprop(groups, lr=LEARNING_RATE, alpha={}, eps={})", py(o.rho), py(o.epsilon)),
    };
    let _ = writeln!(w, "optimizer = {opt}");
    let _ = writeln!(w);
    let _ = writeln!(w);
    let _ = writeln!(w, "def penalty():");
    if reg.kind == RegularizationKind::L1 && reg.rate > 0.0 {
        let _ = writeln!(w, "    return {} * sum(w.abs().sum() for w in weights)  # L1", py(reg.rate));
    } else {
        let _ = writeln!(w, "    return 0.0  # (L2 is the optimizer's weight_decay)");
    }
    let _ = writeln!(w);
    let _ = writeln!(w);
    let _ = writeln!(w, "X, Y = features(torch.tensor(TRAIN_X, dtype=torch.float64)).float(), torch.tensor(TRAIN_Y).float()");
    let _ = writeln!(
        w,
        "TX, TY = (features(torch.tensor(TEST_X, dtype=torch.float64)).float(), torch.tensor(TEST_Y).float()) if TEST_X else (None, None)"
    );
    let _ = writeln!(w);
    let _ = writeln!(w);
    let _ = writeln!(w, "def report(epoch):");
    let _ = writeln!(w, "    model.eval()");
    let _ = writeln!(w, "    with torch.no_grad():");
    let _ = writeln!(w, "        line = f'epoch {{epoch}}: train loss {{data_loss(model(X), Y).item():.4f}}'");
    let _ = writeln!(w, "        if TX is not None:");
    let _ = writeln!(w, "            line += f', test loss {{data_loss(model(TX), TY).item():.4f}}'");
    let _ = writeln!(w, "    print(line)");
    let _ = writeln!(w);
    let _ = writeln!(w);
    let _ = writeln!(w, "report({})  # the weights as exported", m.epoch);
    let _ = writeln!(w, "for epoch in range({}, {} + EPOCHS):", m.epoch + 1, m.epoch + 1);
    let _ = writeln!(w, "    model.train()");
    let _ = writeln!(w, "    order = torch.randperm(len(X))");
    let _ = writeln!(w, "    for i in range(0, len(X), BATCH_SIZE):");
    let _ = writeln!(w, "        batch = order[i:i + BATCH_SIZE]");
    let _ = writeln!(w, "        optimizer.zero_grad()");
    let _ = writeln!(w, "        loss = data_loss(model(X[batch]), Y[batch]) + penalty()");
    let _ = writeln!(w, "        loss.backward()");
    let _ = writeln!(w, "        optimizer.step()");
    if o.weight_decay > 0.0 {
        let _ = writeln!(w, "        with torch.no_grad():  # decoupled weight decay, after the step");
        let _ = writeln!(w, "            for wt in weights:");
        let _ = writeln!(w, "                wt.mul_(1 - LEARNING_RATE * {})", py(o.weight_decay));
    }
    let _ = writeln!(w, "    report(epoch)");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DataConfig, DataKind};
    use crate::dense::config::TrainConfig;

    fn xor() -> Trainer<f32> {
        let cfg = TrainConfig {
            data: DataConfig { kind: DataKind::XorQuadrants, n_points: 40, ..DataConfig::default() },
            ..TrainConfig::default()
        };
        let mut t = Trainer::<f32>::build(&cfg).unwrap();
        t.train_epochs(30).unwrap();
        t
    }

    /// The `WEIGHTS = [...]` block's numbers, in order.
    fn weights_in(script: &str) -> Vec<f64> {
        let start = script.find("WEIGHTS = [").unwrap();
        let end = start + script[start..].find("\n]\n").unwrap();
        script[start + "WEIGHTS = [".len()..end]
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e'))
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<f64>().unwrap())
            .collect()
    }

    #[test]
    fn the_script_carries_every_weight_exactly_and_the_settings() {
        let t = xor();
        let s = script(&t, 50);
        let m = ModelFile::from_trainer(&t);
        let want: Vec<f64> =
            m.layers.iter().flat_map(|l| l.weights.iter().flatten().chain(&l.biases).copied().collect::<Vec<_>>()).collect();
        let got = weights_in(&s);
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.to_bits(), w.to_bits(), "{g} vs {w}");
            assert_eq!((*g as f32) as f64, *g, "every weight is a float32");
        }
        assert!(s.contains("nn.Linear(2, 4), nn.Tanh(),"), "{s}");
        assert!(s.contains("nn.Linear(4, 2), nn.Tanh(),"));
        assert!(s.contains("nn.Linear(2, 1),"));
        assert!(s.contains("LEARNING_RATE = 0.03\n") && s.contains("BATCH_SIZE = 10\n") && s.contains("EPOCHS = 50\n"));
        assert!(s.contains("optimizer = torch.optim.SGD(groups, lr=LEARNING_RATE)\n"));
        assert!(s.contains("return 0.5 * ((output(z) - y) ** 2).sum(dim=1).mean()"));
        assert!(s.contains("return nn.Tanh()(z)"));
        assert!(s.contains("report(30)  # the weights as exported") && s.contains("for epoch in range(31, 31 + EPOCHS):"));
        // 20 training points, their ±1 targets
        let train_x = s.lines().find(|l| l.starts_with("TRAIN_X = ")).unwrap();
        assert_eq!(train_x.matches("), (").count() + 1, t.dataset().train.len());
        let train_y = s.lines().find(|l| l.starts_with("TRAIN_Y = ")).unwrap();
        assert_eq!(train_y.matches("[1.0]").count() + train_y.matches("[-1.0]").count(), t.dataset().train.len());
    }

    #[test]
    fn optimizers_regularization_features_and_outputs_map_to_torch() {
        use crate::math::optimizer::{OptimizerConfig, Penalty};
        let mut cfg = TrainConfig {
            data: DataConfig { kind: DataKind::ThreeBlobs, n_points: 30, ..DataConfig::default() },
            output_activation: LayerActivation::Softmax,
            loss: Loss::CrossEntropy,
            features: vec![Feature::X1, Feature::X2, Feature::X1TimesX2, Feature::SinX2],
            optimizer: OptimizerConfig { weight_decay: 0.01, ..OptimizerConfig::of(OptimizerKind::Adam) },
            regularization: Penalty { kind: RegularizationKind::L1, rate: 0.001 },
            dropout: 0.2,
            ..TrainConfig::default()
        };
        cfg.hidden[0].activation = Activation::Relu;
        let t = Trainer::<f32>::build(&cfg).unwrap();
        let s = script(&t, 10);
        assert!(s.contains("torch.optim.Adam(groups, lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-8)"), "{s}");
        assert!(s.contains("return 0.001 * sum(w.abs().sum() for w in weights)  # L1"));
        assert!(s.contains("wt.mul_(1 - LEARNING_RATE * 0.01)"));
        assert!(s.contains("nn.Linear(4, 4), nn.ReLU(), nn.Dropout(0.2),"));
        assert!(s.contains("nn.Linear(2, 3),"));
        assert!(s.contains("torch.stack([x1, x2, x1 * x2, torch.sin(x2)], dim=1)"));
        assert!(s.contains("torch.logsumexp(z, dim=1)"));
        assert!(s.contains("return torch.softmax(z, dim=1)"));
        assert!(s.contains("[1.0, 0.0, 0.0]") || s.contains("[0.0, 1.0, 0.0]"), "one-hot targets");
        cfg.optimizer = OptimizerConfig::of(OptimizerKind::Nesterov);
        cfg.regularization = Penalty { kind: RegularizationKind::L2, rate: 0.003 };
        let s = script(&Trainer::<f32>::build(&cfg).unwrap(), 10);
        assert!(s.contains("momentum=0.9, nesterov=True"));
        assert!(s.contains("'weight_decay': 0.003}, {'params': [lin.bias for lin in linears], 'weight_decay': 0.0}"));
    }

    #[test]
    fn numbers_are_written_as_python_reads_them() {
        assert_eq!(py(0.1), "0.1");
        assert_eq!(py(-0.0), "-0.0");
        assert_eq!(py(1e-7), "1e-7");
        assert_eq!(py(1.0), "1.0");
        assert_eq!(py(f64::NAN), "float('nan')");
        let v = 0.1f32 as f64;
        assert_eq!(py(v).parse::<f64>().unwrap().to_bits(), v.to_bits());
    }
}
