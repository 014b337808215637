//! Lessons as data (issue 26, item 3): one declarative format for the
//! built-in lessons (`builtin.json`, parsed at start) and for a teacher's own
//! (a `.json` file, or a `#lesson=…` link carrying the whole lesson, deflated
//! and base64url-encoded).
//!
//! A lesson is texts (shown as plain text, never as markup), the starting
//! settings as a link (the same `key=value&…` the page's settings table
//! reads), the groups of controls it hides (Prepare for class's `hide=` keys)
//! and its check: a sequence of phases, each a [`Check`] from a fixed set.
//! Nothing runs that the format does not describe. A lesson from someone else
//! is validated like a model file: unknown fields refused, bad fields named,
//! numbers range-checked ([`read`]).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ui::prepare::Group;
use crate::ui::url;

/// What the view a lesson opens in accepts (the playground's are
/// `playground::lesson_link::RULES`): a lesson is checked against them.
pub struct Rules {
    /// What a starting link does not use as written (empty: all of it).
    pub link: fn(&str) -> Vec<String>,
    /// The view's groups of controls (Prepare for class's keys).
    pub groups: &'static [Group],
    /// The keys a `setting` check may name.
    pub setting_keys: fn() -> Vec<&'static str>,
    /// Whether `value` is a value of the setting `key` (a key of `setting_keys`).
    pub setting_ok: fn(&str, &str) -> bool,
    /// The keys a lab lesson's `setting` check may name, by view (`ui::lab_settings`).
    pub lab_setting_keys: fn(LessonView) -> Vec<&'static str>,
    /// Whether `value` is a value of a lab's setting `key`.
    pub lab_setting_ok: fn(LessonView, &str, &str) -> bool,
}

/// Why a lesson or a sequence was refused, as data the page words in its language
/// (`ui::words`, which also gives it `Display`): which lesson of a sequence, which
/// field (its path as the file writes it, `check[0].at_least`; empty for the whole), and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// Lesson `k` of `n`, in a sequence.
    pub lesson: Option<(usize, usize)>,
    /// The field's path (written as in the file, never translated).
    pub field: String,
    pub fault: Fault,
}

/// What is wrong with a field of a lesson (a [`Refusal`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// The text is not JSON (the JSON reader's own words).
    NotJson(String),
    /// The whole is not an object.
    NotObject,
    /// A field the format does not have, with those it has.
    UnknownField { name: String, expected: String },
    /// A field the format needs is missing.
    MissingField(String),
    /// A check's name the format does not have, with those it has.
    UnknownVariant { name: String, expected: String },
    /// The value is of the wrong kind (the JSON reader's own words).
    WrongKind(String),
    /// `version` is not this page's.
    Version { got: String, sequence: bool },
    /// Not a text.
    NotText,
    /// `lessons` is not a list.
    NotList,
    /// Too few or too many lessons, phases or conditions.
    Count { got: usize, most: usize, of: Counted },
    /// An empty text.
    Empty,
    /// A text or link too long (characters).
    TooLong { got: usize, most: usize },
    /// A control character in a text.
    Control,
    /// Not a fraction from 0 to 1.
    Fraction(f64),
    /// Not an epoch count from 1 to `most`.
    Epochs { got: u64, most: u64 },
    /// Not a loss above 0, at most 1000000.
    Loss(f64),
    /// Not a fraction above 0, at most 1.
    AboveZero(f64),
    /// Out of `1..=most` of the `unit`.
    Whole { got: u64, most: u64, unit: Counted },
    /// A check of another view.
    WrongView { check: String, views: Vec<&'static str>, view: &'static str },
    /// A `setting` check names no setting of the view's link (`view`: a lab's, else the playground's).
    NoSetting { key: String, view: Option<&'static str>, keys: Vec<&'static str> },
    /// A `setting` check's value is no value of its setting.
    NotValue { value: String, key: String },
    /// An `all` inside an `all`.
    AllInAll,
    /// The starting link was not read as written (the page's notices about it).
    LinkNotRead(Vec<String>),
    /// A lab lesson names a link or hidden controls (its lab sets itself up).
    LabLink { view: &'static str },
    /// A hidden group the view does not have, with those it has.
    UnknownGroup { name: String, groups: Vec<&'static str> },
    /// A `#lesson=` code too long.
    CodeTooLong { got: usize, most: usize },
    /// A `#lesson=` code cut short or changed.
    CodeBroken,
    /// A `#lesson=` code that is not text.
    CodeNotText,
}

/// What a [`Fault`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Lessons,
    Phases,
    Conditions,
    Steps,
    Pixels,
    Images,
}

impl Refusal {
    /// A refusal of `field` (its path, as the file writes it).
    pub fn at(field: impl Into<String>, fault: Fault) -> Refusal {
        Refusal { lesson: None, field: field.into(), fault }
    }
    /// A refusal of the whole file.
    pub fn whole(fault: Fault) -> Refusal {
        Refusal::at("", fault)
    }
}

/// A serde message (without its " at line …") as a [`Fault`]: the shapes the format meets
/// become data; anything else keeps the reader's own words.
fn serde_fault(plain: &str) -> Fault {
    // "unknown field `chek`, expected one of `version`, `title`, …": the name, and the list (`None`: no list)
    let named = |rest: &str| -> (String, Option<String>) {
        let name = rest.split('`').nth(1).unwrap_or_default().to_string();
        let expected = rest.split_once(", expected ").map(|(_, e)| e.strip_prefix("one of ").unwrap_or(e).to_string());
        (name, expected.filter(|e| e.starts_with('`')))
    };
    if let Some((name, Some(expected))) = plain.strip_prefix("unknown field ").map(named) {
        Fault::UnknownField { name: url::shown_key(&name), expected }
    } else if let Some((name, Some(expected))) = plain.strip_prefix("unknown variant ").map(named) {
        Fault::UnknownVariant { name: url::shown_key(&name), expected }
    } else if let Some(rest) = plain.strip_prefix("missing field ") {
        Fault::MissingField(named(rest).0)
    } else {
        Fault::WrongKind(plain.to_string())
    }
}

/// The format's version (the `version` field of every lesson).
pub const VERSION: u32 = 1;
/// The longest title and menu name, goal and met text (characters).
pub const TITLE_CHARS: usize = 80;
pub const TEXT_CHARS: usize = 700;
/// At most this many phases, and conditions in an `all`.
pub const MAX_PHASES: usize = 4;
/// The longest epoch count a check may name.
pub const MAX_EPOCHS: u64 = 1_000_000;
/// The longest `#lesson=…` code read, and the most bytes it may inflate to.
pub const MAX_CODE_CHARS: usize = 8000;
pub const MAX_JSON_BYTES: usize = 64 * 1024;

/// Where a lesson happens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonView {
    #[default]
    Playground,
    /// The convolution lab on its bars (its link is empty: the lab sets itself up).
    Conv,
    /// The recurrent lab, at its defaults (link and hide empty).
    Rnn,
    /// The autoencoder lab, at its defaults (link and hide empty).
    Autoencoder,
}

impl LessonView {
    /// The view's name in a lesson file.
    pub fn key(self) -> &'static str {
        match self {
            LessonView::Playground => "playground",
            LessonView::Conv => "conv",
            LessonView::Rnn => "rnn",
            LessonView::Autoencoder => "autoencoder",
        }
    }
}

/// One condition of a lesson's check: a fixed set (a lesson names one, with its numbers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// The test accuracy at least `at_least` (0–1).
    TestAccuracy { at_least: f64 },
    /// The training accuracy at least `at_least` (1: every training point right).
    TrainAccuracy { at_least: f64 },
    /// The test loss below `below` at some epoch ≤ `within_epochs` of this run (and training not stopped).
    TestLoss { below: f64, within_epochs: u64 },
    /// The train/test gap closed: the test accuracy at least `test_accuracy` and the training
    /// accuracy no more than `gap` above it.
    GapClosed { test_accuracy: f64, gap: f64 },
    /// A setting of the page's link (`key`, as the link writes it) set to `value`.
    Setting { key: String, value: String },
    /// At least `epochs` trained this run and the training accuracy never above `accuracy`.
    NeverPast { accuracy: f64, epochs: u64 },
    /// Every condition at once.
    All(Vec<Check>),
    /// 100 % on the AND table and on the OR table (either order).
    AndAndOr,
    /// The three-way batch comparison has run (it shows its panel).
    Compared,
    /// After a cure (a penalty at a rate above 0, or more points than at the start), at least
    /// 300 epochs, the test loss not climbing, and the gap closed at this test accuracy.
    Cured { accuracy: f64 },
    /// No sigmoid hidden layer left, or batch norm / skips on, and this test accuracy.
    DeepLearns { accuracy: f64 },
    /// The convolution lab's test accuracy at least this.
    ConvAccuracy { accuracy: f64 },
    /// The recurrent lab's gradient reach: `steps_back` steps back from the last output, the
    /// gradient is below `below` times its size at the last step (the reach chart, now).
    GradientReach { steps_back: usize, below: f64 },
    /// The autoencoder's codes tell the digits apart: at least this fraction of the images lie
    /// nearest their own digit's centre in code space (the code-space panel says it).
    CodesSeparate { at_least: f64 },
    /// The autoencoder, denoising: rebuilt from noisy inputs, its images are closer to the
    /// clean ones by at least this share of the noise (the line under its reconstructions).
    NoiseRemoved { at_least: f64 },
    /// The autoencoder, scoring odd images it never trained on: at least this many of them
    /// among the images it rebuilds worst (the line under "Worst rebuilt").
    OddOnesFound { at_least: usize },
    /// The convolution lab: a feature-map cell picked whose receptive field is at least
    /// `at_least` input pixels a side (its input region lights up), with every widening in
    /// `through` (a stride above 1, a pooling) among the layers up to the cell's: what the
    /// lesson asked for, not a wider field reached another way (more layers).
    ReceptiveField {
        at_least: usize,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        through: Vec<Widen>,
    },
    /// The playground's learning-rate sweep has run to the end, and its lowest final test loss
    /// is at a rate inside it: not its smallest rate, not its largest.
    SweepMinimumInside,
    /// "Compare with simpler models" is fitted on the data as it is, and the best simpler
    /// model's test accuracy is at most `within` below the network's (or above it).
    SimplerMatch { within: f64 },
}

/// What widens a receptive field between the input and a layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Widen {
    /// A convolution with a stride above 1.
    Stride,
    /// A pooling layer.
    Pool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One lesson, as a file holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonFile {
    /// The format's version ([`VERSION`]).
    pub version: u32,
    pub title: String,
    /// Its short name in the Lessons menu (the title when empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub menu: String,
    /// What to do and what to look for.
    pub goal: String,
    /// Shown once the goal is met: what it showed.
    pub met: String,
    /// For a check in phases, shown once the first is done (until the whole is met).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_part: Option<String>,
    #[serde(default, skip_serializing_if = "is_playground")]
    pub view: LessonView,
    /// The starting settings, as the page's link writes them (`data=XorTable&layers=2&…`).
    #[serde(default)]
    pub link: String,
    /// The groups of controls hidden (Prepare for class's keys).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hide: Vec<String>,
    /// Draw each first-layer neuron's line over the output.
    #[serde(default, skip_serializing_if = "is_false")]
    pub lines: bool,
    /// Open the gradient-health chart.
    #[serde(default, skip_serializing_if = "is_false")]
    pub grad_health: bool,
    /// The phases, met in order; the goal is met when the last is.
    pub check: Vec<Check>,
}

fn is_playground(v: &LessonView) -> bool {
    *v == LessonView::Playground
}

impl LessonFile {
    /// The name the menu shows.
    pub fn menu_name(&self) -> &str {
        if self.menu.is_empty() {
            &self.title
        } else {
            &self.menu
        }
    }
    /// The groups hidden, as the page's own keys (validated: unknown keys were refused).
    pub fn hidden_groups(&self, groups: &'static [Group]) -> Vec<&'static str> {
        groups.iter().filter(|g| self.hide.iter().any(|h| h == g.key)).map(|g| g.key).collect()
    }
    /// The lesson as a `.json` file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
    /// The lesson as a `#lesson=…` code: its compact JSON, deflated, base64url.
    pub fn to_code(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        base64url(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10))
    }
}

/// At most this many lessons in a sequence (its link also fits in [`MAX_CODE_CHARS`]).
pub const MAX_SEQUENCE: usize = 12;

/// A teacher's sequence of lessons, walked in order with "Next" (a file or a
/// link holds one lesson, or one of these: it is told by its `lessons` field).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SequenceFile {
    /// The format's version ([`VERSION`]).
    pub version: u32,
    /// The sequence's title (the Lessons menu and the lesson bar show it).
    pub title: String,
    /// The lessons, in order (1 to [`MAX_SEQUENCE`]).
    pub lessons: Vec<LessonFile>,
}

impl SequenceFile {
    /// The sequence as a `.json` file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
    /// The sequence as a `#lesson=…` code (like a lesson's).
    pub fn to_code(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        base64url(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10))
    }
}

/// What a lesson file or link holds: one lesson, or a sequence of them.
#[derive(Clone, Debug, PartialEq)]
pub enum Lessons {
    One(LessonFile),
    Sequence(SequenceFile),
}

/// Reads a file or code's JSON as one lesson or a sequence (an object with a
/// `lessons` field), validated; a bad field is named with its lesson's number
/// (`lesson 2: check[0].at_least: is 7; …`).
pub fn read_any(json: &str, rules: &Rules) -> Result<Lessons, Refusal> {
    let v: Value = serde_json::from_str(json).map_err(not_json)?;
    let Some(Value::Array(list)) = v.get("lessons") else {
        if v.get("lessons").is_some() {
            return Err(Refusal::at("lessons", Fault::NotList));
        }
        return read_value(v, rules).map(Lessons::One);
    };
    let Some(obj) = v.as_object() else { return Err(Refusal::whole(Fault::NotObject)) };
    if let Some(k) = obj.keys().find(|k| !["version", "title", "lessons"].contains(&k.as_str())) {
        let expected = "`version`, `title`, `lessons`".to_string();
        return Err(Refusal::whole(Fault::UnknownField { name: url::shown_key(k), expected }));
    }
    match obj.get("version") {
        Some(Value::Number(n)) if n.as_u64() == Some(VERSION as u64) => {}
        Some(other) => return Err(Refusal::at("version", Fault::Version { got: other.to_string(), sequence: true })),
        None => return Err(Refusal::whole(Fault::MissingField("version".into()))),
    }
    let title = match obj.get("title") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(Refusal::at("title", Fault::NotText)),
        None => return Err(Refusal::whole(Fault::MissingField("title".into()))),
    };
    text("title", &title, TITLE_CHARS, false)?;
    if list.is_empty() || list.len() > MAX_SEQUENCE {
        return Err(Refusal::at("lessons", Fault::Count { got: list.len(), most: MAX_SEQUENCE, of: Counted::Lessons }));
    }
    let mut lessons = Vec::with_capacity(list.len());
    for (i, l) in list.iter().enumerate() {
        lessons.push(read_value(l.clone(), rules).map_err(|e| Refusal { lesson: Some((i + 1, list.len())), ..e })?);
    }
    Ok(Lessons::Sequence(SequenceFile { version: VERSION, title, lessons }))
}

/// The JSON a `#lesson=…` code carries: decoded and inflated (not yet read).
fn decode(code: &str) -> Result<String, Refusal> {
    if code.len() > MAX_CODE_CHARS {
        return Err(Refusal::whole(Fault::CodeTooLong { got: code.len(), most: MAX_CODE_CHARS }));
    }
    let bytes = from_base64url(code).ok_or(Refusal::whole(Fault::CodeBroken))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_JSON_BYTES).map_err(|_| Refusal::whole(Fault::CodeBroken))?;
    String::from_utf8(json).map_err(|_| Refusal::whole(Fault::CodeNotText))
}

/// Text that is not JSON, with the reader's words (without its " at line …").
fn not_json(e: serde_json::Error) -> Refusal {
    Refusal::whole(Fault::NotJson(e.to_string()))
}

/// Reads a lesson from a `#lesson=…` code: decoded, inflated and [`read`].
pub fn from_code(code: &str, rules: &Rules) -> Result<LessonFile, Refusal> {
    read(&decode(code)?, rules)
}

/// Reads a lesson or a sequence from a `#lesson=…` code ([`read_any`]).
pub fn any_from_code(code: &str, rules: &Rules) -> Result<Lessons, Refusal> {
    read_any(&decode(code)?, rules)
}

/// Reads and validates a lesson's JSON: unknown fields refused, bad fields named
/// (`check[0].test_accuracy.at_least: is 7; …`), numbers range-checked, the link
/// read by the page's settings table, texts plain.
pub fn read(text: &str, rules: &Rules) -> Result<LessonFile, Refusal> {
    let v: Value = serde_json::from_str(text).map_err(not_json)?;
    read_value(v, rules)
}

/// [`read`] of parsed JSON.
fn read_value(v: Value, rules: &Rules) -> Result<LessonFile, Refusal> {
    let lesson: LessonFile = serde_json::from_value(v.clone()).map_err(|e| name_the_field(&v, e))?;
    validate(&lesson, rules)?;
    Ok(lesson)
}

/// A serde error with the field it is about: serde names unknown and missing
/// fields itself; for a value of the wrong kind, each field is tried alone in a
/// valid lesson to find it (and each phase of `check`).
fn name_the_field(v: &Value, e: serde_json::Error) -> Refusal {
    let msg = e.to_string();
    let plain = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let Value::Object(obj) = v else { return Refusal::whole(Fault::NotObject) };
    if plain.starts_with("unknown field") || plain.starts_with("missing field") || plain.starts_with("unknown variant") {
        // serde says which; where it can, name its place too
        if let Some(Value::Array(phases)) = obj.get("check") {
            for (i, p) in phases.iter().enumerate() {
                if let Err(e) = serde_json::from_value::<Check>(p.clone()) {
                    let m = e.to_string();
                    return Refusal::at(format!("check[{i}]"), serde_fault(m.split(" at line ").next().unwrap_or(&m)));
                }
            }
        }
        return Refusal::whole(serde_fault(&plain));
    }
    let mut template = serde_json::to_value(LessonFile {
        version: VERSION,
        title: "t".into(),
        menu: String::new(),
        goal: "g".into(),
        met: "m".into(),
        first_part: None,
        view: LessonView::Playground,
        link: String::new(),
        hide: vec![],
        lines: false,
        grad_health: false,
        check: vec![Check::Compared],
    })
    .unwrap_or(Value::Null);
    for (k, val) in obj {
        if k == "check" {
            if let Value::Array(phases) = val {
                for (i, p) in phases.iter().enumerate() {
                    if let Err(e) = serde_json::from_value::<Check>(p.clone()) {
                        let m = e.to_string();
                        return Refusal::at(format!("check[{i}]"), serde_fault(m.split(" at line ").next().unwrap_or(&m)));
                    }
                }
            }
        }
        if let Value::Object(t) = &mut template {
            let old = t.insert(k.clone(), val.clone());
            let bad = serde_json::from_value::<LessonFile>(Value::Object(t.clone())).is_err();
            match old {
                Some(o) => t.insert(k.clone(), o),
                None => t.remove(k),
            };
            if bad {
                return Refusal::at(url::shown_key(k), serde_fault(&plain));
            }
        }
    }
    Refusal::whole(serde_fault(&plain))
}

/// A text field: not empty (unless `may_be_empty`), at most `most` characters, no control characters but line breaks.
fn text(field: &str, s: &str, most: usize, may_be_empty: bool) -> Result<(), Refusal> {
    let n = s.chars().count();
    if n == 0 && !may_be_empty {
        return Err(Refusal::at(field, Fault::Empty));
    }
    if n > most {
        return Err(Refusal::at(field, Fault::TooLong { got: n, most }));
    }
    if s.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Refusal::at(field, Fault::Control));
    }
    Ok(())
}

fn fraction(field: &str, x: f64) -> Result<(), Refusal> {
    if x.is_finite() && (0.0..=1.0).contains(&x) {
        Ok(())
    } else {
        Err(Refusal::at(field, Fault::Fraction(x)))
    }
}

fn epochs(field: &str, n: u64) -> Result<(), Refusal> {
    if (1..=MAX_EPOCHS).contains(&n) {
        Ok(())
    } else {
        Err(Refusal::at(field, Fault::Epochs { got: n, most: MAX_EPOCHS }))
    }
}

/// The view a check reads (None: any view's setting or its training figures).
fn check_view(c: &Check) -> Option<&'static [LessonView]> {
    use LessonView::*;
    match c {
        Check::TestAccuracy { .. } | Check::TestLoss { .. } | Check::GapClosed { .. } => Some(&[Playground]),
        Check::TrainAccuracy { .. } | Check::NeverPast { .. } => Some(&[Playground, Rnn]),
        Check::Setting { .. } | Check::All(_) => None,
        Check::AndAndOr | Check::Compared | Check::Cured { .. } | Check::DeepLearns { .. } => Some(&[Playground]),
        Check::SweepMinimumInside | Check::SimplerMatch { .. } => Some(&[Playground]),
        Check::ConvAccuracy { .. } | Check::ReceptiveField { .. } => Some(&[Conv]),
        Check::GradientReach { .. } => Some(&[Rnn]),
        Check::CodesSeparate { .. } | Check::NoiseRemoved { .. } | Check::OddOnesFound { .. } => Some(&[Autoencoder]),
    }
}

fn check(field: &str, c: &Check, view: LessonView, depth: usize, rules: &Rules) -> Result<(), Refusal> {
    if let Some(views) = check_view(c) {
        if !views.contains(&view) {
            let views = views.iter().map(|v| v.key()).collect();
            return Err(Refusal::at(field, Fault::WrongView { check: check_name(c), views, view: view.key() }));
        }
    }
    match c {
        Check::TestAccuracy { at_least } | Check::TrainAccuracy { at_least } => fraction(&format!("{field}.at_least"), *at_least)?,
        Check::TestLoss { below, within_epochs } => {
            if !(below.is_finite() && *below > 0.0 && *below <= 1e6) {
                return Err(Refusal::at(format!("{field}.below"), Fault::Loss(*below)));
            }
            epochs(&format!("{field}.within_epochs"), *within_epochs)?;
        }
        Check::GapClosed { test_accuracy, gap } => {
            fraction(&format!("{field}.test_accuracy"), *test_accuracy)?;
            fraction(&format!("{field}.gap"), *gap)?;
        }
        Check::Setting { key, value } if view != LessonView::Playground => {
            let keys = (rules.lab_setting_keys)(view);
            if !keys.contains(&key.as_str()) {
                return Err(Refusal::at(
                    format!("{field}.key"),
                    Fault::NoSetting { key: url::shown_key(key), view: Some(view.key()), keys },
                ));
            }
            if value.len() > 200 || !(rules.lab_setting_ok)(view, key, value) {
                return Err(Refusal::at(format!("{field}.value"), Fault::NotValue { value: url::shown_key(value), key: key.clone() }));
            }
        }
        Check::Setting { key, value } => {
            let keys = (rules.setting_keys)();
            if !keys.contains(&key.as_str()) {
                return Err(Refusal::at(format!("{field}.key"), Fault::NoSetting { key: url::shown_key(key), view: None, keys }));
            }
            if value.len() > 200 || !(rules.setting_ok)(key, value) {
                return Err(Refusal::at(format!("{field}.value"), Fault::NotValue { value: url::shown_key(value), key: key.clone() }));
            }
        }
        Check::NeverPast { accuracy, epochs: n } => {
            fraction(&format!("{field}.accuracy"), *accuracy)?;
            epochs(&format!("{field}.epochs"), *n)?;
        }
        Check::All(all) => {
            if depth > 0 {
                return Err(Refusal::at(field, Fault::AllInAll));
            }
            if all.is_empty() || all.len() > MAX_PHASES {
                return Err(Refusal::at(field, Fault::Count { got: all.len(), most: MAX_PHASES, of: Counted::Conditions }));
            }
            for (i, c) in all.iter().enumerate() {
                check(&format!("{field}.all[{i}]"), c, view, depth + 1, rules)?;
            }
        }
        Check::AndAndOr | Check::Compared => {}
        Check::Cured { accuracy } | Check::DeepLearns { accuracy } => fraction(&format!("{field}.accuracy"), *accuracy)?,
        Check::ConvAccuracy { accuracy } => fraction(&format!("{field}.accuracy"), *accuracy)?,
        Check::GradientReach { steps_back, below } => {
            if !(1..=crate::engine::limits::RNN_SEQ_LEN.1).contains(steps_back) {
                let (got, most) = (*steps_back as u64, crate::engine::limits::RNN_SEQ_LEN.1 as u64);
                return Err(Refusal::at(format!("{field}.steps_back"), Fault::Whole { got, most, unit: Counted::Steps }));
            }
            if !(below.is_finite() && *below > 0.0 && *below <= 1.0) {
                return Err(Refusal::at(format!("{field}.below"), Fault::AboveZero(*below)));
            }
        }
        Check::CodesSeparate { at_least } | Check::NoiseRemoved { at_least } => fraction(&format!("{field}.at_least"), *at_least)?,
        Check::ReceptiveField { at_least, .. } => {
            if !(1..=64).contains(at_least) {
                let got = *at_least as u64;
                return Err(Refusal::at(format!("{field}.at_least"), Fault::Whole { got, most: 64, unit: Counted::Pixels }));
            }
        }
        Check::OddOnesFound { at_least } => {
            if !(1..=8).contains(at_least) {
                let got = *at_least as u64;
                return Err(Refusal::at(format!("{field}.at_least"), Fault::Whole { got, most: 8, unit: Counted::Images }));
            }
        }
        Check::SweepMinimumInside => {}
        Check::SimplerMatch { within } => fraction(&format!("{field}.within"), *within)?,
    }
    Ok(())
}

/// A check's name in a lesson file.
fn check_name(c: &Check) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| match v {
            Value::String(s) => Some(s),
            Value::Object(o) => o.keys().next().cloned(),
            _ => None,
        })
        .unwrap_or_default()
}

/// Everything a read lesson must be beyond its JSON shape.
pub fn validate(l: &LessonFile, rules: &Rules) -> Result<(), Refusal> {
    if l.version != VERSION {
        return Err(Refusal::at("version", Fault::Version { got: l.version.to_string(), sequence: false }));
    }
    text("title", &l.title, TITLE_CHARS, false)?;
    text("menu", &l.menu, TITLE_CHARS, true)?;
    text("goal", &l.goal, TEXT_CHARS, false)?;
    text("met", &l.met, TEXT_CHARS, false)?;
    if let Some(p) = &l.first_part {
        text("first_part", p, TEXT_CHARS, false)?;
    }
    if l.link.len() > 2000 {
        return Err(Refusal::at("link", Fault::TooLong { got: l.link.len(), most: 2000 }));
    }
    match l.view {
        LessonView::Playground => {
            let bad = (rules.link)(l.link.trim_start_matches('#'));
            if !bad.is_empty() {
                return Err(Refusal::at("link", Fault::LinkNotRead(bad)));
            }
        }
        LessonView::Conv | LessonView::Rnn | LessonView::Autoencoder => {
            if !l.link.is_empty() || !l.hide.is_empty() {
                return Err(Refusal::at("link", Fault::LabLink { view: l.view.key() }));
            }
        }
    }
    for (i, h) in l.hide.iter().enumerate() {
        if !rules.groups.iter().any(|g| g.key == h.as_str()) {
            let groups = rules.groups.iter().map(|g| g.key).collect();
            return Err(Refusal::at(format!("hide[{i}]"), Fault::UnknownGroup { name: url::shown_key(h), groups }));
        }
    }
    if l.check.is_empty() || l.check.len() > MAX_PHASES {
        return Err(Refusal::at("check", Fault::Count { got: l.check.len(), most: MAX_PHASES, of: Counted::Phases }));
    }
    for (i, c) in l.check.iter().enumerate() {
        check(&format!("check[{i}]"), c, l.view, 0, rules)?;
    }
    Ok(())
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Bytes as unpadded base64url (RFC 4648 §5).
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | ((*b as u32) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Unpadded base64url back to bytes (None for any other character or a cut length).
pub fn from_base64url(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= (B64.iter().position(|b| b == c)? as u32) << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for n in 0..40u8 {
            let b: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(n)).collect();
            assert_eq!(from_base64url(&base64url(&b)), Some(b));
        }
        assert_eq!(base64url(b"Man"), "TWFu");
        assert_eq!(from_base64url("a*b"), None);
        assert_eq!(from_base64url("abcde"), None);
    }
}
