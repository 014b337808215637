//! The playground's settings and their URL form.
//!
//! One table of properties (as TensorFlow Playground's `state.ts`): each URL key
//! reads and writes one setting. Enum values use their serde names
//! (`data=Spiral&act=Relu`). A malformed field keeps its default and is named
//! in the notice; the other fields still apply.

use crate::engine::data::features::Feature;
use crate::engine::data::DataKind;
use crate::engine::dense::config::{HiddenLayer, TrainConfig};
use crate::engine::dense::norm::{LayerOptions, NormKind};
use crate::engine::limits::{
    BATCH_SIZE, DROPOUT, INIT_BIAS, LEARNING_RATE, MOMENTUM, NOISE, N_POINTS, REGULARIZATION_RATE, TRAIN_FRACTION,
};
use crate::engine::math::activation::Activation;

use crate::ui::anim::Speed;
use crate::ui::url::{self, enum_name, parse_enum};

/// Most hidden layers the UI offers.
pub const MAX_LAYERS: usize = 8;
/// Most neurons per hidden layer the UI offers.
pub const MAX_NEURONS: usize = 16;

/// Why the page cannot show these hidden layers — more than [`MAX_LAYERS`], or a
/// layer of other than 1 to [`MAX_NEURONS`] neurons — as the field (`hidden`,
/// `hidden[2].neurons`) and what is wrong with it ("is 17; …"). The one check a
/// link's `layers` and a model file pass (the engine's limits are the engine's).
pub fn hidden_refusal(hidden: &[HiddenLayer]) -> Option<(String, String)> {
    if hidden.len() > MAX_LAYERS {
        return Some(("hidden".into(), format!("has {} layers; the page shows at most {MAX_LAYERS}", hidden.len())));
    }
    let (i, h) = hidden.iter().enumerate().find(|(_, h)| !(1..=MAX_NEURONS).contains(&h.neurons))?;
    Some((format!("hidden[{i}].neurons"), format!("is {}; the page shows 1 to {MAX_NEURONS} neurons a layer", h.neurons)))
}

/// Everything on the playground page: the training configuration and the view options.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub cfg: TrainConfig,
    pub speed: Speed,
    /// Draw the test points (outlined) over the output.
    pub show_test: bool,
    /// Show the output heatmap as two flat colours (the decision boundary).
    pub discretize: bool,
    /// Loss chart on a log scale.
    pub log_loss: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { cfg: TrainConfig::default(), speed: Speed::Max, show_test: false, discretize: false, log_loss: false }
    }
}

/// The learning rates offered in the list (free entry accepts any positive number).
pub const LEARNING_RATES: [f64; 14] = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 0.00003, 0.0003, 0.05];

fn list<T>(s: &str, f: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    s.split(',').map(|p| f(p.trim())).collect()
}

/// Each hidden layer's normalization for the link: "-", "BN" or "LN".
fn norm_list(c: &TrainConfig) -> String {
    (0..c.hidden.len())
        .map(|i| if c.layer_option(i).norm == NormKind::None { "-" } else { c.layer_option(i).norm.short() })
        .collect::<Vec<_>>()
        .join(",")
}

/// Each hidden layer's skip for the link: "0" or "1".
fn skip_list(c: &TrainConfig) -> String {
    (0..c.hidden.len()).map(|i| if c.layer_option(i).skip { "1" } else { "0" }).collect::<Vec<_>>().join(",")
}

fn num(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn flag(s: &str) -> Option<bool> {
    match s {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

impl Settings {
    /// The URL hash body for these settings.
    pub fn to_hash(&self) -> String {
        let c = &self.cfg;
        let acts: Vec<String> = c.hidden.iter().map(|h| enum_name(&h.activation)).collect();
        let pairs: Vec<(&str, String)> = vec![
            ("data", enum_name(&c.data.kind)),
            ("n", c.data.n_points.to_string()),
            ("noise", format!("{}", (c.data.noise * 100.0).round())),
            ("train", format!("{}", (c.data.train_fraction * 100.0).round())),
            ("dseed", c.data.seed.to_string()),
            ("features", c.features.iter().map(enum_name).collect::<Vec<_>>().join(",")),
            ("layers", c.hidden.iter().map(|h| h.neurons.to_string()).collect::<Vec<_>>().join(",")),
            ("acts", acts.join(",")),
            ("norm", norm_list(c)),
            ("skip", skip_list(c)),
            ("out", enum_name(&c.output_activation)),
            ("loss", enum_name(&c.loss)),
            ("init", enum_name(&c.init.scheme)),
            ("bias", format!("{}", c.init.bias)),
            ("opt", enum_name(&c.optimizer.kind)),
            ("mom", format!("{}", c.optimizer.momentum)),
            ("lr", format!("{}", c.learning_rate)),
            ("reg", enum_name(&c.regularization.kind)),
            ("rr", format!("{}", c.regularization.rate)),
            ("dropout", format!("{}", c.dropout)),
            ("batch", c.batch_size.to_string()),
            ("seed", c.seed.to_string()),
            ("speed", self.speed.key()),
            ("test", (self.show_test as u8).to_string()),
            ("disc", (self.discretize as u8).to_string()),
            ("log", (self.log_loss as u8).to_string()),
        ];
        // a link without normalization or skips reads as it did before they existed
        let pairs: Vec<(&str, String)> =
            pairs.into_iter().filter(|(k, _)| !matches!(*k, "norm" | "skip") || c.has_layer_options()).collect();
        url::join_pairs(pairs)
    }

    /// Reads settings from a URL hash: every field that does not parse (or
    /// fails validation) keeps its default and is named in the returned list;
    /// so are unknown keys (ignored), keys given more than once (the last
    /// wins) and an odd `view` (see [`url::view_choice`]).
    pub fn from_hash(hash: &str) -> (Settings, Vec<String>) {
        let mut s = Settings::default();
        let pairs = url::parse_pairs(hash);
        let mut bad: Vec<String> = url::view_choice(&pairs).1.into_iter().collect();
        if pairs.iter().all(|(k, _)| k == "view") {
            return (s, bad);
        }
        let mut unknown: Vec<String> = Vec::new();
        for (k, v) in &pairs {
            match s.apply(k, v) {
                Some(true) => {}
                Some(false) => bad.push(k.clone()),
                None => {
                    let k = url::shown_key(k);
                    if !unknown.contains(&k) {
                        unknown.push(k);
                    }
                }
            }
        }
        for (k, n) in url::repeated_keys(&pairs) {
            if !unknown.contains(&url::shown_key(&k)) {
                bad.push(format!("{} (given {n} times: the last was used)", url::shown_key(&k)));
            }
        }
        bad.extend(unknown.into_iter().map(|k| format!("{k} (unknown key, ignored)")));
        // the whole must be trainable: if not, only the field at fault falls back
        // (one at a time: a second fault is found once the first is gone)
        let fallback = Settings::default();
        for _ in 0..LINK_FIELDS.len() {
            // the page's own precision: what is accepted here is what trains
            let Err(e) = crate::engine::dense::trainer::Trainer::<f32>::build(&s.cfg) else { break };
            let Some(f) = link_field(&e.field) else {
                s.cfg = fallback.cfg.clone();
                bad.push(format!("all ({})", in_link_terms(&e.message)));
                break;
            };
            (f.reset)(&mut s.cfg, &fallback.cfg);
            bad.push(format!("{} ({})", f.key, in_link_terms(&e.message)));
        }
        if crate::engine::dense::trainer::Trainer::<f32>::build(&s.cfg).is_err() {
            s.cfg = fallback.cfg;
        }
        (s, bad)
    }

    /// Applies one URL field: `Some(false)` when the value is malformed or out
    /// of range, `None` when no field has this key.
    fn apply(&mut self, key: &str, v: &str) -> Option<bool> {
        let c = &mut self.cfg;
        macro_rules! set {
            ($target:expr, $parsed:expr) => {{
                match $parsed {
                    Some(x) => {
                        $target = x;
                        true
                    }
                    None => false,
                }
            }};
        }
        let known = match key {
            "view" => true,
            // a link cannot carry points: Custom would fail validation and take n, noise… down with it
            "data" => set!(c.data.kind, parse_enum(v).filter(|k| *k != DataKind::Custom)),
            "n" => set!(c.data.n_points, v.parse().ok().filter(|n| (N_POINTS.0..=N_POINTS.1).contains(n))),
            "noise" => set!(c.data.noise, num(v).map(|p| p / 100.0).filter(|p| NOISE.contains(*p))),
            "train" => set!(c.data.train_fraction, num(v).map(|p| p / 100.0).filter(|p| TRAIN_FRACTION.contains(*p))),
            "dseed" => set!(c.data.seed, v.parse().ok()),
            "features" => set!(c.features, list(v, parse_enum::<Feature>).filter(|f| !f.is_empty())),
            "layers" => {
                let act = c.hidden.first().map(|h| h.activation).unwrap_or(Activation::Tanh);
                let layer = |p: &str| p.parse::<usize>().ok().map(|neurons| HiddenLayer { neurons, activation: act });
                let Some(hidden) = list(v, layer).filter(|h| hidden_refusal(h).is_none()) else { return Some(false) };
                c.hidden = hidden;
                c.tidy_layer_options();
                true
            }
            // applied after "layers": one entry per hidden layer ("-", "BN" or "LN"; "0" or "1")
            "norm" => {
                let Some(kinds) = list(v, NormKind::parse) else { return Some(false) };
                if kinds.len() != c.hidden.len() {
                    return Some(false);
                }
                for (i, norm) in kinds.into_iter().enumerate() {
                    let o = c.layer_option(i);
                    c.set_layer_option(i, LayerOptions { norm, ..o });
                }
                true
            }
            "skip" => {
                let Some(skips) = list(v, flag) else { return Some(false) };
                if skips.len() != c.hidden.len() || skips.iter().enumerate().any(|(i, &on)| on && !c.skip_fits(i)) {
                    return Some(false);
                }
                for (i, skip) in skips.into_iter().enumerate() {
                    let o = c.layer_option(i);
                    c.set_layer_option(i, LayerOptions { skip, ..o });
                }
                true
            }
            "acts" => {
                // applied after "layers" (to_hash writes it after); a single name sets every layer
                let Some(acts) = list(v, parse_enum::<Activation>) else { return Some(false) };
                if acts.len() == 1 {
                    c.hidden.iter_mut().for_each(|h| h.activation = acts[0]);
                    true
                } else if acts.len() == c.hidden.len() {
                    c.hidden.iter_mut().zip(acts).for_each(|(h, a)| h.activation = a);
                    true
                } else {
                    acts.is_empty() && c.hidden.is_empty()
                }
            }
            "out" => set!(c.output_activation, parse_enum(v)),
            "loss" => set!(c.loss, parse_enum(v)),
            "init" => set!(c.init.scheme, parse_enum(v)),
            "bias" => set!(c.init.bias, num(v).filter(|b| INIT_BIAS.contains(*b))),
            "opt" => set!(c.optimizer.kind, parse_enum(v)),
            "mom" => set!(c.optimizer.momentum, num(v).filter(|m| MOMENTUM.contains(*m))),
            "lr" => set!(c.learning_rate, num(v).filter(|lr| LEARNING_RATE.contains(*lr))),
            "reg" => set!(c.regularization.kind, parse_enum(v)),
            "rr" => set!(c.regularization.rate, num(v).filter(|r| REGULARIZATION_RATE.contains(*r))),
            "dropout" => set!(c.dropout, num(v).filter(|d| DROPOUT.contains(*d))),
            "batch" => set!(c.batch_size, v.parse().ok().filter(|b| (BATCH_SIZE.0..=BATCH_SIZE.1).contains(b))),
            "seed" => set!(c.seed, v.parse().ok()),
            "speed" => set!(self.speed, Speed::parse(v, &Speed::PLAYGROUND)),
            "test" => set!(self.show_test, flag(v)),
            "disc" => set!(self.discretize, flag(v)),
            "log" => set!(self.log_loss, flag(v)),
            _ => return None, // an unknown key (a typo, or from a newer version) is ignored, and named
        };
        Some(known)
    }
}

/// A link key and the engine field (path prefix) it sets, with how to put that
/// field back to its default. Used to fall back only the field at fault and to
/// name it as the link does (`out`, not `output_activation`).
pub struct LinkField {
    pub key: &'static str,
    pub field: &'static str,
    reset: fn(&mut TrainConfig, &TrainConfig),
}

/// Every link key whose value the engine validates, by engine field.
pub const LINK_FIELDS: [LinkField; 18] = [
    LinkField { key: "data", field: "data.kind", reset: |c, d| c.data.kind = d.data.kind },
    LinkField { key: "n", field: "data.n_points", reset: |c, d| c.data.n_points = d.data.n_points },
    LinkField { key: "noise", field: "data.noise", reset: |c, d| c.data.noise = d.data.noise },
    LinkField { key: "train", field: "data.train_fraction", reset: |c, d| c.data.train_fraction = d.data.train_fraction },
    LinkField { key: "data", field: "data", reset: |c, d| c.data = d.data.clone() },
    LinkField { key: "features", field: "features", reset: |c, d| c.features = d.features.clone() },
    LinkField { key: "layers", field: "hidden", reset: |c, d| c.hidden = d.hidden.clone() },
    LinkField { key: "out", field: "output_activation", reset: |c, d| c.output_activation = d.output_activation },
    LinkField { key: "loss", field: "loss", reset: |c, d| c.loss = d.loss },
    LinkField { key: "init", field: "init.scheme", reset: |c, d| c.init.scheme = d.init.scheme },
    LinkField { key: "bias", field: "init.bias", reset: |c, d| c.init.bias = d.init.bias },
    LinkField { key: "opt", field: "optimizer", reset: |c, d| c.optimizer = d.optimizer },
    LinkField { key: "lr", field: "learning_rate", reset: |c, d| c.learning_rate = d.learning_rate },
    LinkField { key: "rr", field: "regularization", reset: |c, d| c.regularization = d.regularization },
    LinkField { key: "dropout", field: "dropout", reset: |c, d| c.dropout = d.dropout },
    LinkField { key: "batch", field: "batch_size", reset: |c, d| c.batch_size = d.batch_size },
    LinkField { key: "seed", field: "seed", reset: |c, d| c.seed = d.seed },
    LinkField { key: "skip", field: "layer_options", reset: |c, d| c.layer_options = d.layer_options.clone() },
];

/// The link field an engine field path (`hidden[1].neurons`, `data.noise`) belongs to:
/// the longest matching prefix.
pub fn link_field(path: &str) -> Option<&'static LinkField> {
    LINK_FIELDS
        .iter()
        .filter(|f| path == f.field || path.strip_prefix(f.field).is_some_and(|rest| rest.starts_with(['.', '['])))
        .max_by_key(|f| f.field.len())
}

/// An engine message with its field names replaced by the link's keys
/// ("… not identity (output_activation)" → "… not identity (out)").
pub fn in_link_terms(message: &str) -> String {
    let mut fields: Vec<&LinkField> = LINK_FIELDS.iter().collect();
    fields.sort_by_key(|f| std::cmp::Reverse(f.field.len()));
    let mut out = message.to_string();
    for f in fields {
        out = out.replace(&format!("({})", f.field), &format!("({})", f.key));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_url() {
        let mut s = Settings::default();
        s.cfg.data.kind = DataKind::Spiral;
        s.cfg.data.noise = 0.2;
        s.cfg.features = vec![Feature::X1, Feature::SinX2];
        s.cfg.hidden =
            vec![HiddenLayer { neurons: 3, activation: Activation::Relu }, HiddenLayer { neurons: 5, activation: Activation::Sigmoid }];
        s.cfg.learning_rate = 0.003;
        s.speed = Speed::PerFrame(5);
        s.discretize = true;
        let (back, bad) = Settings::from_hash(&format!("#{}", s.to_hash()));
        assert_eq!(bad, Vec::<String>::new());
        assert_eq!(back, s);
    }

    #[test]
    fn malformed_fields_fall_back_and_are_named() {
        let (s, bad) = Settings::from_hash("#lr=abc&layers=3,99&data=Spiral&noise=-4&act=zzz");
        assert_eq!(s.cfg.data.kind, DataKind::Spiral, "good fields still apply");
        assert_eq!(s.cfg.learning_rate, TrainConfig::default().learning_rate);
        assert_eq!(s.cfg.hidden, TrainConfig::default().hidden);
        assert_eq!(bad, vec!["lr", "layers", "noise", "act (unknown key, ignored)"]);
    }

    #[test]
    fn unknown_repeated_and_view_keys_are_named_too() {
        let (s, bad) = Settings::from_hash("#lr=0.1&zzz=1&lr=0.3&view=conv&view=playground&zzz=2");
        assert_eq!(s.cfg.learning_rate, 0.3, "the last wins");
        assert_eq!(
            bad,
            vec![
                "view (given 2 times: the last, playground, was opened)",
                "lr (given 2 times: the last was used)",
                "zzz (unknown key, ignored)"
            ]
        );
        // found by the malformed-links suite: data=Custom failed validation and the fallback reset all of data (n too)
        let (s, bad) = Settings::from_hash("#n=4&data=Custom");
        assert_eq!((s.cfg.data.n_points, bad), (4, vec!["data".to_string()]));
        let (s, bad) = Settings::from_hash("#%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1");
        assert_eq!(s, Settings::default());
        assert_eq!(bad, vec!["<img src=x onerror=aler… (unknown key, ignored)"]);
    }

    #[test]
    fn a_rejected_combination_falls_back_only_the_field_at_fault_named_by_its_link_key() {
        let (s, bad) = Settings::from_hash("#data=Spiral&lr=0.1&loss=CrossEntropy&out=Identity");
        assert_eq!(s.cfg.data.kind, DataKind::Spiral, "the data is not at fault and stays");
        assert_eq!(s.cfg.learning_rate, 0.1, "the learning rate is not at fault and stays");
        assert_eq!(s.cfg.loss, TrainConfig::default().loss, "the loss is at fault and falls back");
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].starts_with("loss ("), "{bad:?}");
        assert!(bad[0].contains("(out)") && !bad[0].contains("output_activation"), "named by link keys: {bad:?}");
        assert!(crate::engine::dense::trainer::Trainer::new(&s.cfg).is_ok());
    }

    #[test]
    fn the_link_and_the_engine_accept_the_same_ranges() {
        // (link key, the limit's ends in link units, just outside them)
        let cases = [
            ("lr", vec!["0.000001", "100"], vec!["0", "100.5"]),
            ("dropout", vec!["0", "0.9"], vec!["-0.1", "0.91"]),
            ("mom", vec!["0", "0.999"], vec!["-0.1", "1"]),
            ("bias", vec!["-1", "1"], vec!["-1.01", "1.01"]),
            ("rr", vec!["0", "10"], vec!["-1", "10.5"]),
            ("noise", vec!["0", "50"], vec!["-5", "55"]),
            ("train", vec!["10", "100"], vec!["5", "101"]),
            ("n", vec!["4", "2000"], vec!["3", "2001"]),
            ("batch", vec!["1", "2000"], vec!["0", "2001"]),
        ];
        for (key, ok, bad) in cases {
            for v in ok {
                let (s, refused) = Settings::from_hash(&format!("#{key}={v}"));
                assert_eq!(refused, Vec::<String>::new(), "{key}={v} is in range");
                assert!(crate::engine::dense::trainer::Trainer::new(&s.cfg).is_ok(), "the engine takes {key}={v} too");
            }
            for v in bad {
                let (_, refused) = Settings::from_hash(&format!("#{key}={v}"));
                assert_eq!(refused, vec![key.to_string()], "{key}={v} is out of range");
            }
        }
        // and the engine refuses what the link refuses
        let cfg = TrainConfig { dropout: 0.91, ..TrainConfig::default() };
        assert_eq!(crate::engine::dense::trainer::Trainer::new(&cfg).unwrap_err().field, "dropout");
    }

    #[test]
    fn the_page_shows_up_to_eight_layers_of_one_to_sixteen_neurons() {
        let layers = |sizes: &[usize]| -> Vec<HiddenLayer> {
            sizes.iter().map(|&neurons| HiddenLayer { neurons, activation: Activation::Tanh }).collect()
        };
        assert_eq!(hidden_refusal(&layers(&[16; 8])), None);
        assert_eq!(hidden_refusal(&layers(&[2; 9])), Some(("hidden".into(), "has 9 layers; the page shows at most 8".into())));
        let why = |n: usize| Some(("hidden[1].neurons".to_string(), format!("is {n}; the page shows 1 to 16 neurons a layer")));
        assert_eq!(hidden_refusal(&layers(&[3, 17])), why(17));
        assert_eq!(hidden_refusal(&layers(&[3, 0])), why(0));
        // a link's layers pass the same check
        assert_eq!(Settings::from_hash("#layers=3,17").1, vec!["layers"]);
        assert_eq!(Settings::from_hash("#layers=1,1,1,1,1,1,1,1,1").1, vec!["layers"]);
        assert_eq!(Settings::from_hash("#layers=16,16,16,16,16,16,16,16").0.cfg.hidden, layers(&[16; 8]));
    }

    #[test]
    fn engine_fields_map_to_link_keys() {
        assert_eq!(link_field("hidden[1].neurons").map(|f| f.key), Some("layers"));
        assert_eq!(link_field("data.noise").map(|f| f.key), Some("noise"));
        assert_eq!(link_field("data.custom.points").map(|f| f.key), Some("data"));
        assert_eq!(link_field("regularization.rate").map(|f| f.key), Some("rr"));
        assert_eq!(link_field("output_activation").map(|f| f.key), Some("out"));
        assert!(link_field("learning_rates").is_none());
    }

    #[test]
    fn normalization_and_skips_round_trip_and_bad_ones_are_named() {
        let mut s = Settings::default();
        s.cfg.hidden = vec![HiddenLayer { neurons: 6, activation: Activation::Sigmoid }; 3];
        s.cfg.set_layer_option(0, LayerOptions { norm: NormKind::Batch, skip: false });
        s.cfg.set_layer_option(1, LayerOptions { norm: NormKind::Layer, skip: true });
        s.cfg.set_layer_option(2, LayerOptions { norm: NormKind::None, skip: true });
        let hash = s.to_hash();
        assert!(hash.contains("norm=BN,LN,-") && hash.contains("skip=0,1,1"), "{hash}");
        let (back, bad) = Settings::from_hash(&format!("#{hash}"));
        assert_eq!(bad, Vec::<String>::new());
        assert_eq!(back, s);
        // none on: the link has neither key
        assert!(!Settings::default().to_hash().contains("norm="));
        // a skip round the first layer (2 inputs, 6 neurons) does not fit; a wrong count or kind is refused
        let (s, bad) = Settings::from_hash("#layers=6,6&skip=1,0");
        assert_eq!((s.cfg.layer_options.len(), bad), (0, vec!["skip".to_string()]));
        let (_, bad) = Settings::from_hash("#layers=6,6&norm=BN");
        assert_eq!(bad, vec!["norm".to_string()]);
        let (_, bad) = Settings::from_hash("#layers=6,6&norm=BN,XX");
        assert_eq!(bad, vec!["norm".to_string()]);
    }

    /// The playground's speed as links write it (`speed=…`) and as its select
    /// labels it, pinned before the one shared `Speed` replaced the page's own.
    const SPEED_LINKS: [(&str, Speed, &str); 5] = [
        ("1", Speed::PerFrame(1), "1 epoch/frame"),
        ("5", Speed::PerFrame(5), "5 epochs/frame"),
        ("25", Speed::PerFrame(25), "25 epochs/frame"),
        ("100", Speed::PerFrame(100), "100 epochs/frame"),
        ("max", Speed::Max, "full speed"),
    ];

    #[test]
    fn speed_links_read_and_write_as_before() {
        let offered: Vec<(Speed, String)> = Speed::PLAYGROUND.iter().map(|s| (*s, s.label())).collect();
        let pinned: Vec<(Speed, String)> = SPEED_LINKS.iter().map(|(_, s, label)| (*s, label.to_string())).collect();
        assert_eq!(offered, pinned, "the select offers these, in this order, with these labels");
        for (key, speed, _) in SPEED_LINKS {
            let (s, bad) = Settings::from_hash(&format!("#speed={key}"));
            assert_eq!((s.speed, bad), (speed, vec![]), "speed={key}");
            let hash = Settings { speed, ..Settings::default() }.to_hash();
            assert!(hash.contains(&format!("&speed={key}&")), "{hash}");
            assert_eq!(Settings::from_hash(&format!("#{hash}")).0.speed, speed);
        }
        // a number is read as a number: these are 5 and 25, written back plainly (a bare "+" is a space in a link)
        for (key, speed, written) in [("05", Speed::PerFrame(5), "5"), ("%2B25", Speed::PerFrame(25), "25")] {
            let (s, bad) = Settings::from_hash(&format!("#speed={key}"));
            assert_eq!((s.speed, bad), (speed, vec![]), "speed={key}");
            assert!(s.to_hash().contains(&format!("&speed={written}&")));
        }
        for key in ["2", "20", "0", "-1", "1.0", "+25", "MAX", "Max", "full", ""] {
            let (s, bad) = Settings::from_hash(&format!("#speed={key}"));
            assert_eq!((s.speed, bad), (Speed::Max, vec!["speed".to_string()]), "speed={key:?} is refused");
        }
    }

    /// The default page's link and one that changes every setting, as written
    /// before the URL codecs (`enum_name`, `parse_enum`, `Speed`) moved.
    const DEFAULT_LINK: &str = "data=XorQuadrants&n=500&noise=0&train=50&dseed=1&features=X1,X2&layers=4,2&acts=Tanh,Tanh\
        &out=Tanh&loss=Mse&init=Xavier&bias=0&opt=Sgd&mom=0.9&lr=0.03&reg=None&rr=0&dropout=0&batch=10&seed=1&speed=max&test=0&disc=0&log=0";
    const OTHER_LINK: &str = "data=Spiral&n=300&noise=20&train=70&dseed=7&features=X1,X2,SinX1&layers=6,6&acts=Relu,Sigmoid\
        &norm=BN,-&skip=0,1&out=Tanh&loss=Mae&init=He&bias=0.1&opt=Adam&mom=0.8&lr=0.003&reg=L2&rr=0.001&dropout=0.1&batch=5\
        &seed=42&speed=25&test=1&disc=1&log=1";

    #[test]
    fn links_are_written_as_before() {
        assert_eq!(Settings::default().to_hash(), DEFAULT_LINK);
        assert_eq!(Settings::from_hash(&format!("#{DEFAULT_LINK}")), (Settings::default(), vec![]));
        let (s, bad) = Settings::from_hash(&format!("#{OTHER_LINK}"));
        assert_eq!(bad, Vec::<String>::new());
        assert_eq!(s.speed, Speed::PerFrame(25));
        assert_eq!(s.to_hash(), OTHER_LINK);
    }

    #[test]
    fn an_empty_hash_is_the_default_without_notice() {
        assert_eq!(Settings::from_hash(""), (Settings::default(), vec![]));
        assert_eq!(Settings::from_hash("#view=playground"), (Settings::default(), vec![]));
    }
}
