//! The playground's settings and their URL form: one table ([`TABLE`], as
//! TensorFlow Playground's `state.ts`) in which each URL key reads and writes
//! one setting. A malformed field keeps its default and is named in the notice;
//! the other fields still apply.

use crate::engine::data::features::Feature;
use crate::engine::data::DataKind;
use crate::engine::dense::config::{HiddenLayer, TrainConfig};
use crate::engine::dense::norm::{LayerOptions, NormKind};
use crate::engine::limits::{
    BATCH_SIZE, DROPOUT, HIDDEN_LAYERS, INIT_BIAS, LEARNING_RATE, MOMENTUM, NEURONS, NOISE, N_POINTS, REGULARIZATION_RATE, TRAIN_FRACTION,
};
use crate::engine::math::activation::Activation;

use crate::ui::anim::Speed;
use crate::ui::prepare::{self, Group, Prepared};
use crate::ui::settings::{flag, flag_str, Check, Domain, Setting, Table, When};
use crate::ui::stop_at::{self, HasTarget, Target};
use crate::ui::url::{self, enum_name, parse_enum};

/// Why the page cannot show these hidden layers — more than [`HIDDEN_LAYERS`], or a
/// layer of other than [`NEURONS`] neurons — as the field (`hidden`,
/// `hidden[2].neurons`) and what is wrong with it ("is 17; …"). The one check a
/// link's `layers` and a model file pass (the engine's limits are the engine's).
pub fn hidden_refusal(hidden: &[HiddenLayer]) -> Option<(String, String)> {
    let (most, (least_n, most_n)) = (HIDDEN_LAYERS.1, NEURONS);
    if hidden.len() > most {
        let why = crate::ui::i18n::fill(
            crate::ui::i18n::t("has {n} layers; the page shows at most {most}"),
            &[("n", &hidden.len()), ("most", &most)],
        );
        return Some(("hidden".into(), why));
    }
    let (i, h) = hidden.iter().enumerate().find(|(_, h)| !(least_n..=most_n).contains(&h.neurons))?;
    let why = crate::ui::i18n::fill(
        crate::ui::i18n::t("is {n}; the page shows {least} to {most} neurons a layer"),
        &[("n", &h.neurons), ("least", &least_n), ("most", &most_n)],
    );
    Some((format!("hidden[{i}].neurons"), why))
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
    /// The target that pauses the run (`stop_loss`, `stop_acc`, `stop_epoch`).
    pub stop_at: Target,
    /// The groups of controls a teacher hid ([`GROUPS`], `hide=features,advanced`).
    pub hide: Vec<&'static str>,
}

impl Prepared for Settings {
    const GROUPS: &'static [Group] = &GROUPS;
    fn hidden(&self) -> Vec<&'static str> {
        self.hide.clone()
    }
    fn set_hidden(&mut self, keys: Vec<&'static str>) {
        self.hide = keys;
    }
}

/// The playground's groups of controls a teacher may hide for a class (`hide=…`), by the page's own elements.
pub static GROUPS: [Group; 18] = [
    Group {
        key: "data",
        label: crate::ui::i18n::mark("Data sets"),
        selector: ".controls-column > h2:first-child, [data-testid=dataset-picker]",
    },
    Group { key: "sliders", label: crate::ui::i18n::mark("Training data, noise, points, batch size"), selector: ".data-sliders" },
    Group { key: "features", label: crate::ui::i18n::mark("Features"), selector: ".features-block" },
    Group {
        key: "layers",
        label: crate::ui::i18n::mark("Adding layers and neurons, each layer's activation and normalization"),
        selector: ".layer-buttons, .layer-head .neuron-buttons, .layer-head select",
    },
    Group { key: "speed", label: crate::ui::i18n::mark("Speed"), selector: ".field:has(> [data-testid=speed])" },
    Group { key: "rate", label: crate::ui::i18n::mark("Learning rate"), selector: ".field:has([data-testid=learning-rate])" },
    Group { key: "activation", label: crate::ui::i18n::mark("Activation"), selector: ".field:has(> [data-testid=activation])" },
    Group { key: "regularization", label: crate::ui::i18n::mark("Regularization"), selector: ".regularization-fields" },
    Group { key: "problem", label: crate::ui::i18n::mark("Problem type"), selector: ".field:has(> [data-testid=problem-type])" },
    crate::ui::stop_at_bar::PREPARE_GROUP,
    Group {
        key: "output-options",
        label: crate::ui::i18n::mark("Show test data, discretize"),
        selector: "label:has(> [data-testid=show-test]), label:has(> [data-testid=discretize])",
    },
    Group { key: "draw", label: crate::ui::i18n::mark("Drawing points"), selector: "[data-testid=draw-tools]" },
    Group { key: "baselines", label: crate::ui::i18n::mark("Simpler models"), selector: "[data-testid=baselines]" },
    Group { key: "files", label: crate::ui::i18n::mark("Import & export"), selector: "[data-testid=io-panel]" },
    Group {
        key: "inspector",
        label: crate::ui::i18n::mark("Forward pass and backpropagation"),
        selector: "[data-testid=inspector], [data-testid=backprop]",
    },
    Group { key: "gradients", label: crate::ui::i18n::mark("Gradient health"), selector: "[data-testid=grad-health]" },
    Group { key: "advanced", label: crate::ui::i18n::mark("More settings"), selector: "[data-testid=advanced]" },
    Group { key: "jobs", label: crate::ui::i18n::mark("Find the best model"), selector: "[data-testid=jobs]" },
];

impl HasTarget for Settings {
    fn target(&self) -> Target {
        self.stop_at
    }
    fn set_target(&mut self, t: Target) {
        self.stop_at = t;
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cfg: TrainConfig::default(),
            speed: Speed::Max,
            show_test: false,
            discretize: false,
            log_loss: false,
            stop_at: Target::default(),
            hide: Vec::new(),
        }
    }
}

/// The learning rates offered in the list (free entry accepts any positive number in [`LEARNING_RATE`]).
const LEARNING_RATES: [f64; 14] = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 0.00003, 0.0003, 0.05];
/// The penalty rates offered in the list (a link may carry any in [`REGULARIZATION_RATE`]).
const PENALTY_RATES: [f64; 10] = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0];

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

/// Sets `target` to a parsed value; false (nothing changes) when it did not parse.
fn put<T>(target: &mut T, parsed: Option<T>) -> bool {
    parsed.map(|v| *target = v).is_some()
}

type Row = Setting<Settings>;

/// An enum setting by its serde name.
macro_rules! enum_row {
    ($key:literal, $when:expr, $($field:ident).+) => {
        Row::text($key, $when, |s| enum_name(&s.$($field).+), |s, v| put(&mut s.$($field).+, parse_enum(v)))
    };
}

/// A view option: an on/off flag the trainer never sees.
macro_rules! flag_row {
    ($key:literal, $field:ident) => {
        Row::text($key, When::Live, |s| flag_str(s.$field), |s, v| put(&mut s.$field, flag(v)))
    };
}

const DATA: When = When::Setup(crate::ui::i18n::mark("the data changed"));
const ARCHITECTURE: When = When::Setup(crate::ui::i18n::mark("the architecture changed"));
const ACTIVATION: When = When::Setup(crate::ui::i18n::mark("the activation changed"));
const LAYER_OPTIONS: When = When::Setup(crate::ui::i18n::mark("a layer's normalization or skip connection changed"));
const INIT: When = When::Setup(crate::ui::i18n::mark("the initialization changed"));

/// The playground's settings, in the order its links write them (`data=Spiral&n=500&…`).
/// Enum values use their serde names (`data=Spiral&act=Relu`).
pub static TABLE: Table<Settings> = Table {
    view: None,
    rows: &[
        // a link cannot carry points: Custom would fail validation and take n, noise… down with it
        Row::text(
            "data",
            DATA,
            |s| enum_name(&s.cfg.data.kind),
            |s, v| put(&mut s.cfg.data.kind, parse_enum(v).filter(|k| *k != DataKind::Custom)),
        )
        .engine("data", |s, d| s.cfg.data = d.cfg.data.clone())
        .differs_by(|a, b| a.cfg.data != b.cfg.data),
        Row::num("n", DATA, Domain::Count(N_POINTS.0, N_POINTS.1), |s| s.cfg.data.n_points as f64, |s, v| s.cfg.data.n_points = v as usize)
            .engine("data.n_points", |s, d| s.cfg.data.n_points = d.cfg.data.n_points),
        Row::num("noise", DATA, Domain::Percent(NOISE), |s| s.cfg.data.noise, |s, v| s.cfg.data.noise = v)
            .engine("data.noise", |s, d| s.cfg.data.noise = d.cfg.data.noise),
        Row::num("train", DATA, Domain::Percent(TRAIN_FRACTION), |s| s.cfg.data.train_fraction, |s, v| s.cfg.data.train_fraction = v)
            .engine("data.train_fraction", |s, d| s.cfg.data.train_fraction = d.cfg.data.train_fraction),
        Row::text("dseed", DATA, |s| s.cfg.data.seed.to_string(), |s, v| put(&mut s.cfg.data.seed, v.parse().ok())),
        Row::text(
            "features",
            When::Setup(crate::ui::i18n::mark("the input features changed")),
            |s| s.cfg.features.iter().map(enum_name).collect::<Vec<_>>().join(","),
            |s, v| put(&mut s.cfg.features, list(v, parse_enum::<Feature>).filter(|f| !f.is_empty())),
        )
        .engine("features", |s, d| s.cfg.features = d.cfg.features.clone()),
        Row::text(
            "layers",
            ARCHITECTURE,
            |s| s.cfg.hidden.iter().map(|h| h.neurons.to_string()).collect::<Vec<_>>().join(","),
            |s, v| {
                let c = &mut s.cfg;
                let act = c.hidden.first().map(|h| h.activation).unwrap_or(Activation::Tanh);
                let layer = |p: &str| p.parse::<usize>().ok().map(|neurons| HiddenLayer { neurons, activation: act });
                let Some(hidden) = list(v, layer).filter(|h| hidden_refusal(h).is_none()) else { return false };
                c.hidden = hidden;
                c.tidy_layer_options();
                true
            },
        )
        .engine("hidden", |s, d| s.cfg.hidden = d.cfg.hidden.clone())
        .differs_by(|a, b| {
            a.cfg.hidden.len() != b.cfg.hidden.len() || a.cfg.hidden.iter().zip(&b.cfg.hidden).any(|(x, y)| x.neurons != y.neurons)
        }),
        // applied after "layers": a single name sets every layer
        Row::text(
            "acts",
            ACTIVATION,
            |s| s.cfg.hidden.iter().map(|h| enum_name(&h.activation)).collect::<Vec<_>>().join(","),
            |s, v| {
                let c = &mut s.cfg;
                let Some(acts) = list(v, parse_enum::<Activation>) else { return false };
                if acts.len() == 1 {
                    c.hidden.iter_mut().for_each(|h| h.activation = acts[0]);
                    true
                } else if acts.len() == c.hidden.len() {
                    c.hidden.iter_mut().zip(acts).for_each(|(h, a)| h.activation = a);
                    true
                } else {
                    acts.is_empty() && c.hidden.is_empty()
                }
            },
        ),
        // applied after "layers": one entry per hidden layer ("-", "BN" or "LN"; "0" or "1");
        // a link without normalization or skips reads as it did before they existed
        Row::text(
            "norm",
            LAYER_OPTIONS,
            |s| norm_list(&s.cfg),
            |s, v| {
                let c = &mut s.cfg;
                let Some(kinds) = list(v, NormKind::parse).filter(|k| k.len() == c.hidden.len()) else { return false };
                for (i, norm) in kinds.into_iter().enumerate() {
                    let o = c.layer_option(i);
                    c.set_layer_option(i, LayerOptions { norm, ..o });
                }
                true
            },
        )
        .written_if(|s| s.cfg.has_layer_options()),
        Row::text(
            "skip",
            LAYER_OPTIONS,
            |s| skip_list(&s.cfg),
            |s, v| {
                let c = &mut s.cfg;
                let Some(skips) = list(v, flag) else { return false };
                if skips.len() != c.hidden.len() || skips.iter().enumerate().any(|(i, &on)| on && !c.skip_fits(i)) {
                    return false;
                }
                for (i, skip) in skips.into_iter().enumerate() {
                    let o = c.layer_option(i);
                    c.set_layer_option(i, LayerOptions { skip, ..o });
                }
                true
            },
        )
        .written_if(|s| s.cfg.has_layer_options())
        .engine("layer_options", |s, d| s.cfg.layer_options = d.cfg.layer_options.clone()),
        enum_row!("out", ACTIVATION, cfg.output_activation)
            .engine("output_activation", |s, d| s.cfg.output_activation = d.cfg.output_activation),
        enum_row!("loss", When::Setup(crate::ui::i18n::mark("the loss changed")), cfg.loss).engine("loss", |s, d| s.cfg.loss = d.cfg.loss),
        enum_row!("init", INIT, cfg.init.scheme).engine("init.scheme", |s, d| s.cfg.init.scheme = d.cfg.init.scheme),
        Row::num("bias", INIT, Domain::Num(INIT_BIAS, &[]), |s| s.cfg.init.bias, |s, v| s.cfg.init.bias = v)
            .engine("init.bias", |s, d| s.cfg.init.bias = d.cfg.init.bias),
        enum_row!("opt", When::Live, cfg.optimizer.kind).engine("optimizer", |s, d| s.cfg.optimizer = d.cfg.optimizer),
        Row::num("mom", When::Live, Domain::Num(MOMENTUM, &[]), |s| s.cfg.optimizer.momentum, |s, v| s.cfg.optimizer.momentum = v),
        Row::num("lr", When::Live, Domain::Num(LEARNING_RATE, &LEARNING_RATES), |s| s.cfg.learning_rate, |s, v| s.cfg.learning_rate = v)
            .engine("learning_rate", |s, d| s.cfg.learning_rate = d.cfg.learning_rate),
        enum_row!("reg", When::Live, cfg.regularization.kind),
        Row::num(
            "rr",
            When::Live,
            Domain::Num(REGULARIZATION_RATE, &PENALTY_RATES),
            |s| s.cfg.regularization.rate,
            |s, v| s.cfg.regularization.rate = v,
        )
        .engine("regularization", |s, d| s.cfg.regularization = d.cfg.regularization),
        Row::num("dropout", When::Live, Domain::Num(DROPOUT, &[]), |s| s.cfg.dropout, |s, v| s.cfg.dropout = v)
            .engine("dropout", |s, d| s.cfg.dropout = d.cfg.dropout),
        Row::num(
            "batch",
            When::Live,
            Domain::Count(BATCH_SIZE.0, BATCH_SIZE.1),
            |s| s.cfg.batch_size as f64,
            |s, v| s.cfg.batch_size = v as usize,
        )
        .engine("batch_size", |s, d| s.cfg.batch_size = d.cfg.batch_size),
        Row::text(
            "seed",
            When::Setup(crate::ui::i18n::mark("the seed changed")),
            |s| s.cfg.seed.to_string(),
            |s, v| put(&mut s.cfg.seed, v.parse().ok()),
        )
        .engine("seed", |s, d| s.cfg.seed = d.cfg.seed),
        Row::text("speed", When::Live, |s| s.speed.key(), |s, v| put(&mut s.speed, Speed::parse(v, &Speed::PLAYGROUND))),
        flag_row!("test", show_test),
        flag_row!("disc", discretize),
        flag_row!("log", log_loss),
        stop_at::loss_row::<Settings>(),
        stop_at::accuracy_row::<Settings>(),
        stop_at::epoch_row::<Settings>(),
        prepare::hide_row::<Settings>(),
        crate::ui::settings::lang_row::<Settings>(),
    ],
    // a malformed field keeps its default and is named alone
    refused: |key, v| prepare::refused::<Settings>(key, v).unwrap_or_else(|| key.to_string()),
    notice: crate::ui::i18n::mark("Some settings in the address were not used as written (fields named alone keep their defaults)"),
    // the whole must be trainable, at the page's own precision: what is accepted here is what trains
    check: Some(Check {
        build: |s| crate::engine::dense::trainer::Trainer::<f32>::build(&s.cfg).map(|_| ()),
        reset_all: |s, d| s.cfg = d.cfg.clone(),
    }),
};

impl Settings {
    /// The URL hash body for these settings.
    pub fn to_hash(&self) -> String {
        url::join_pairs(TABLE.pairs(self))
    }

    /// Reads settings from a URL hash: every field that does not parse (or
    /// fails validation) keeps its default and is named in the returned list;
    /// so are unknown keys (ignored), keys given more than once (the last
    /// wins) and an odd `view` (see [`url::view_choice`]).
    pub fn from_hash(hash: &str) -> (Settings, Vec<String>) {
        TABLE.from_hash(hash)
    }
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
        let key = |path: &str| TABLE.by_field(path).map(|r| r.key);
        assert_eq!(key("hidden[1].neurons"), Some("layers"));
        assert_eq!(key("data.noise"), Some("noise"));
        assert_eq!(key("data.custom.points"), Some("data"));
        assert_eq!(key("regularization.rate"), Some("rr"));
        assert_eq!(key("output_activation"), Some("out"));
        assert_eq!(key("layer_options[1].skip"), Some("skip"));
        assert!(key("learning_rates").is_none());
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
    fn the_rows_that_rebuild_are_the_engines_setup_and_name_why() {
        // one change per row, each a valid value other than the default
        let changes = [
            ("data", "Spiral"),
            ("n", "300"),
            ("noise", "20"),
            ("train", "70"),
            ("dseed", "7"),
            ("features", "X1,X2,SinX1"),
            ("layers", "4,3"),
            ("acts", "Relu"),
            ("norm", "BN,-"),
            ("skip", "0,1"),
            ("out", "Sigmoid"),
            ("loss", "Mae"),
            ("init", "He"),
            ("bias", "0.1"),
            ("opt", "Adam"),
            ("mom", "0.8"),
            ("lr", "0.1"),
            ("reg", "L2"),
            ("rr", "0.01"),
            ("dropout", "0.1"),
            ("batch", "5"),
            ("seed", "9"),
            ("speed", "5"),
            ("test", "1"),
            ("disc", "1"),
            ("log", "1"),
            ("stop_loss", "0.1"),
            ("stop_acc", "95"),
            ("stop_epoch", "300"),
            ("hide", "features,advanced"),
        ];
        let keys: Vec<&str> = changes.iter().map(|(k, _)| *k).collect();
        // (lang is the page's language, not a setting of the playground: see i18n's tests)
        assert_eq!(keys, TABLE.rows.iter().map(|r| r.key).filter(|k| *k != "lang").collect::<Vec<_>>(), "every row, in order");
        let d = Settings::default();
        for (key, v) in changes {
            let pre = if key == "skip" { "layers=2,2&" } else { "" };
            let (base, bad) = Settings::from_hash(&format!("#{pre}"));
            assert!(bad.is_empty());
            let (s, bad) = Settings::from_hash(&format!("#{pre}{key}={v}"));
            assert_eq!(bad, Vec::<String>::new(), "{key}={v}");
            assert_ne!(s, base, "{key}={v} changes something");
            let rebuilds = !base.cfg.same_setup(&s.cfg);
            let why = TABLE.rebuild_reason(&base, &s);
            match TABLE.row(key).when {
                When::Setup(reason) => assert_eq!((rebuilds, why), (true, Some(reason)), "{key} rebuilds"),
                When::Live => assert_eq!((rebuilds, why), (false, None), "{key} is live"),
            }
        }
        // drawn points are not in the link but are the data
        let mut custom = d.clone();
        custom.cfg.data.custom = Some(crate::engine::data::CustomData { points: vec![], task: crate::engine::data::Task::Regression });
        assert_eq!(TABLE.rebuild_reason(&d, &custom), Some("the data changed"));
        // the controls' ranges are the link's
        assert_eq!(TABLE.domain("lr").offered().first(), Some(&0.00001));
        assert_eq!(TABLE.domain("lr").limit(), LEARNING_RATE);
        assert_eq!(TABLE.domain("rr").offered().last(), Some(&10.0));
        for key in ["mom", "bias", "dropout"] {
            assert!(TABLE.domain(key).offered().is_empty(), "{key} is typed");
        }
    }

    #[test]
    fn an_empty_hash_is_the_default_without_notice() {
        assert_eq!(Settings::from_hash(""), (Settings::default(), vec![]));
        assert_eq!(Settings::from_hash("#view=playground"), (Settings::default(), vec![]));
    }
}
