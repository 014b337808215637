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
pub fn read_any(json: &str, rules: &Rules) -> Result<Lessons, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| format!("the file is not JSON ({e})"))?;
    let Some(Value::Array(list)) = v.get("lessons") else {
        if v.get("lessons").is_some() {
            return Err("lessons: is not a list of lessons".into());
        }
        return read_value(v, rules).map(Lessons::One);
    };
    let Some(obj) = v.as_object() else { return Err("the file is not a lesson (not an object)".into()) };
    if let Some(k) = obj.keys().find(|k| !["version", "title", "lessons"].contains(&k.as_str())) {
        return Err(format!("unknown field `{}`, expected one of `version`, `title`, `lessons` (a sequence)", url::shown_key(k)));
    }
    match obj.get("version") {
        Some(Value::Number(n)) if n.as_u64() == Some(VERSION as u64) => {}
        Some(other) => return Err(format!("version: is {other}; this page reads sequences of version {VERSION}")),
        None => return Err("missing field `version` (a sequence)".into()),
    }
    let title = match obj.get("title") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err("title: is not a text".into()),
        None => return Err("missing field `title` (a sequence)".into()),
    };
    text("title", &title, TITLE_CHARS, false)?;
    if list.is_empty() || list.len() > MAX_SEQUENCE {
        return Err(format!("lessons: has {} lessons; 1 to {MAX_SEQUENCE}", list.len()));
    }
    let mut lessons = Vec::with_capacity(list.len());
    for (i, l) in list.iter().enumerate() {
        lessons.push(read_value(l.clone(), rules).map_err(|e| format!("lesson {} of {}: {e}", i + 1, list.len()))?);
    }
    Ok(Lessons::Sequence(SequenceFile { version: VERSION, title, lessons }))
}

/// The JSON a `#lesson=…` code carries: decoded and inflated (not yet read).
fn decode(code: &str) -> Result<String, String> {
    if code.len() > MAX_CODE_CHARS {
        return Err(format!("the lesson code is {} characters long; at most {MAX_CODE_CHARS} are read", code.len()));
    }
    let bytes = from_base64url(code).ok_or("the lesson code is not a lesson (it is cut short or changed)")?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_JSON_BYTES)
        .map_err(|_| "the lesson code is not a lesson (it is cut short or changed)".to_string())?;
    String::from_utf8(json).map_err(|_| "the lesson code is not a lesson (not text)".to_string())
}

/// Reads a lesson from a `#lesson=…` code: decoded, inflated and [`read`].
pub fn from_code(code: &str, rules: &Rules) -> Result<LessonFile, String> {
    read(&decode(code)?, rules)
}

/// Reads a lesson or a sequence from a `#lesson=…` code ([`read_any`]).
pub fn any_from_code(code: &str, rules: &Rules) -> Result<Lessons, String> {
    read_any(&decode(code)?, rules)
}

/// Reads and validates a lesson's JSON: unknown fields refused, bad fields named
/// (`check[0].test_accuracy.at_least: is 7; …`), numbers range-checked, the link
/// read by the page's settings table, texts plain.
pub fn read(text: &str, rules: &Rules) -> Result<LessonFile, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("the file is not JSON ({e})"))?;
    read_value(v, rules)
}

/// [`read`] of parsed JSON.
fn read_value(v: Value, rules: &Rules) -> Result<LessonFile, String> {
    let lesson: LessonFile = serde_json::from_value(v.clone()).map_err(|e| name_the_field(&v, e))?;
    validate(&lesson, rules)?;
    Ok(lesson)
}

/// A serde error with the field it is about: serde names unknown and missing
/// fields itself; for a value of the wrong kind, each field is tried alone in a
/// valid lesson to find it (and each phase of `check`).
fn name_the_field(v: &Value, e: serde_json::Error) -> String {
    let msg = e.to_string();
    let plain = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let Value::Object(obj) = v else { return format!("a lesson is a JSON object ({plain})") };
    if plain.starts_with("unknown field") || plain.starts_with("missing field") || plain.starts_with("unknown variant") {
        // serde says which; where it can, name its place too
        if let Some(Value::Array(phases)) = obj.get("check") {
            for (i, p) in phases.iter().enumerate() {
                if let Err(e) = serde_json::from_value::<Check>(p.clone()) {
                    let m = e.to_string();
                    return format!("check[{i}]: {}", m.split(" at line ").next().unwrap_or(&m));
                }
            }
        }
        return plain;
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
                        return format!("check[{i}]: {}", m.split(" at line ").next().unwrap_or(&m));
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
                return format!("{}: {plain}", url::shown_key(k));
            }
        }
    }
    plain
}

/// A text field: not empty (unless `may_be_empty`), at most `most` characters, no control characters but line breaks.
fn text(field: &str, s: &str, most: usize, may_be_empty: bool) -> Result<(), String> {
    let n = s.chars().count();
    if n == 0 && !may_be_empty {
        return Err(format!("{field}: is empty; write a few words"));
    }
    if n > most {
        return Err(format!("{field}: is {n} characters long; at most {most}"));
    }
    if s.chars().any(|c| c.is_control() && c != '\n') {
        return Err(format!("{field}: holds a control character; plain text only"));
    }
    Ok(())
}

fn fraction(field: &str, x: f64) -> Result<(), String> {
    if x.is_finite() && (0.0..=1.0).contains(&x) {
        Ok(())
    } else {
        Err(format!("{field}: is {x}; a fraction from 0 to 1 (0.9 is 90 %)"))
    }
}

fn epochs(field: &str, n: u64) -> Result<(), String> {
    if (1..=MAX_EPOCHS).contains(&n) {
        Ok(())
    } else {
        Err(format!("{field}: is {n}; from 1 to {MAX_EPOCHS} epochs"))
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

fn check(field: &str, c: &Check, view: LessonView, depth: usize, rules: &Rules) -> Result<(), String> {
    if let Some(views) = check_view(c) {
        if !views.contains(&view) {
            let names: Vec<&str> = views.iter().map(|v| v.key()).collect();
            return Err(format!("{field}: {} is a check of the {} view, not of {}", check_name(c), names.join(" or "), view.key()));
        }
    }
    match c {
        Check::TestAccuracy { at_least } | Check::TrainAccuracy { at_least } => fraction(&format!("{field}.at_least"), *at_least)?,
        Check::TestLoss { below, within_epochs } => {
            if !(below.is_finite() && *below > 0.0 && *below <= 1e6) {
                return Err(format!("{field}.below: is {below}; a loss above 0, at most 1000000"));
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
                return Err(format!(
                    "{field}.key: “{}” is no setting of the {} view's link; one of {}",
                    url::shown_key(key),
                    view.key(),
                    keys.join(", ")
                ));
            }
            if value.len() > 200 || !(rules.lab_setting_ok)(view, key, value) {
                return Err(format!("{field}.value: “{}” is not a value of {key}", url::shown_key(value)));
            }
        }
        Check::Setting { key, value } => {
            let keys = (rules.setting_keys)();
            if !keys.contains(&key.as_str()) {
                return Err(format!(
                    "{field}.key: “{}” is no setting of the playground's link; one of {}",
                    url::shown_key(key),
                    keys.join(", ")
                ));
            }
            if value.len() > 200 || !(rules.setting_ok)(key, value) {
                return Err(format!("{field}.value: “{}” is not a value of {key}", url::shown_key(value)));
            }
        }
        Check::NeverPast { accuracy, epochs: n } => {
            fraction(&format!("{field}.accuracy"), *accuracy)?;
            epochs(&format!("{field}.epochs"), *n)?;
        }
        Check::All(all) => {
            if depth > 0 {
                return Err(format!("{field}: an “all” inside an “all”; list the conditions in one"));
            }
            if all.is_empty() || all.len() > MAX_PHASES {
                return Err(format!("{field}: has {} conditions; 1 to {MAX_PHASES}", all.len()));
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
                return Err(format!("{field}.steps_back: is {steps_back}; from 1 to {}", crate::engine::limits::RNN_SEQ_LEN.1));
            }
            if !(below.is_finite() && *below > 0.0 && *below <= 1.0) {
                return Err(format!("{field}.below: is {below}; a fraction above 0, at most 1"));
            }
        }
        Check::CodesSeparate { at_least } | Check::NoiseRemoved { at_least } => fraction(&format!("{field}.at_least"), *at_least)?,
        Check::ReceptiveField { at_least, .. } => {
            if !(1..=64).contains(at_least) {
                return Err(format!("{field}.at_least: is {at_least}; from 1 to 64 input pixels"));
            }
        }
        Check::OddOnesFound { at_least } => {
            if !(1..=8).contains(at_least) {
                return Err(format!("{field}.at_least: is {at_least}; from 1 to 8 images"));
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
pub fn validate(l: &LessonFile, rules: &Rules) -> Result<(), String> {
    if l.version != VERSION {
        return Err(format!("version: is {}; this page reads lessons of version {VERSION}", l.version));
    }
    text("title", &l.title, TITLE_CHARS, false)?;
    text("menu", &l.menu, TITLE_CHARS, true)?;
    text("goal", &l.goal, TEXT_CHARS, false)?;
    text("met", &l.met, TEXT_CHARS, false)?;
    if let Some(p) = &l.first_part {
        text("first_part", p, TEXT_CHARS, false)?;
    }
    if l.link.len() > 2000 {
        return Err(format!("link: is {} characters long; at most 2000", l.link.len()));
    }
    match l.view {
        LessonView::Playground => {
            let bad = (rules.link)(l.link.trim_start_matches('#'));
            if !bad.is_empty() {
                return Err(format!("link: not read as written: {}", bad.join("; ")));
            }
        }
        LessonView::Conv => {
            if !l.link.is_empty() || !l.hide.is_empty() {
                return Err("link: a convolution lesson opens the lab on its bars; leave link and hide empty".into());
            }
        }
        LessonView::Rnn | LessonView::Autoencoder => {
            if !l.link.is_empty() || !l.hide.is_empty() {
                return Err(format!(
                    "link: a lesson of the {} view opens the lab at its defaults; leave link and hide empty",
                    l.view.key()
                ));
            }
        }
    }
    for (i, h) in l.hide.iter().enumerate() {
        if !rules.groups.iter().any(|g| g.key == h.as_str()) {
            return Err(format!(
                "hide[{i}]: {}",
                crate::ui::words::unknown_groups(&[url::shown_key(h)], rules.groups.iter().map(|g| g.key))
            ));
        }
    }
    if l.check.is_empty() || l.check.len() > MAX_PHASES {
        return Err(format!("check: has {} phases; 1 to {MAX_PHASES}", l.check.len()));
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
