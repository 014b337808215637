//! Points as CSV: the user's own data in, the current data out.
//!
//! Columns `x1, x2, label` and optionally a fourth, `split` (`train` or
//! `test`, what [`to_csv`] writes; read back, it is checked but the split is
//! drawn again by the training fraction). A header line is optional: line 1 is
//! taken for one when none of its first three fields is a number.
//!
//! Labels: with [`Labels::Classes`] a class index `0, 1, …` (fewer than
//! [`CLASSES`]`.1` classes; two classes become the engine's `−1/+1`), with
//! [`Labels::Numbers`] a regression target in [`REGRESSION_TARGET`].
//! Coordinates must lie in the plot's square `[-EXTENT, EXTENT]²`; at most
//! [`MAX_ROWS`] points. Any fault rejects the whole file with the line number
//! and the reason ([`CsvError`]); nothing is half-read.

use crate::data::{class_of, CustomData, Dataset, Point, Task, EXTENT};
use crate::limits::{Limit, CLASSES};

/// Most points a file may hold (the largest generated data set).
pub const MAX_ROWS: usize = crate::limits::N_POINTS.1;
/// The range of a regression target (the output's colour scale).
pub const REGRESSION_TARGET: Limit = Limit::closed(-1.0, 1.0);

/// How to read the label column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Labels {
    /// Class indices `0, 1, …`: a classification task with `max + 1` classes (at least 2).
    Classes,
    /// Real targets: a regression task.
    Numbers,
}

/// Why a file was rejected.
#[derive(Clone, Debug, PartialEq)]
pub enum CsvReason {
    /// A row with other than 3 or 4 fields.
    ColumnCount(usize),
    /// A field that is not a finite number (the column's name and the text).
    NotANumber { column: &'static str, text: String },
    /// A class index that is negative, fractional or too large.
    ClassOutOfRange(String),
    /// A regression target outside [`REGRESSION_TARGET`].
    TargetOutOfRange(f64),
    /// A coordinate outside the plot's square.
    OutsidePlot { column: &'static str, value: f64 },
    /// The fourth column is neither `train` nor `test`.
    BadSplit(String),
    /// More than [`MAX_ROWS`] points.
    TooManyRows,
    /// The CSV itself is broken (an unclosed quote, bad UTF-8).
    Syntax(String),
    /// No point at all.
    Empty,
}

/// A rejected file: the line (1-based, as an editor shows it) and the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvError {
    /// Line of the file (0 when the fault is the whole file: [`CsvReason::Empty`]).
    pub line: usize,
    /// What is wrong there.
    pub reason: CsvReason,
}

impl std::fmt::Display for CsvReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CsvReason::ColumnCount(n) => {
                write!(f, "wrong column count: {n} column{} where 3 (x1, x2, label) or 4 (x1, x2, label, split) are expected", plural(*n))
            }
            CsvReason::NotANumber { column, text } => write!(f, "{column} is not a number: \"{}\"", shorten(text)),
            CsvReason::ClassOutOfRange(t) => write!(
                f,
                "the label \"{}\" is out of range: a class must be a whole number from 0 to {} (or choose \"numbers\" for regression)",
                shorten(t),
                CLASSES.1 - 1
            ),
            CsvReason::TargetOutOfRange(v) => {
                write!(f, "the label {v} is out of range: a regression target must be {}", REGRESSION_TARGET.describe())
            }
            CsvReason::OutsidePlot { column, value } => {
                write!(f, "{column} = {value} is outside the plot's range (from {} to {EXTENT})", -EXTENT)
            }
            CsvReason::BadSplit(t) => write!(f, "the split column says \"{}\"; expected train or test", shorten(t)),
            CsvReason::TooManyRows => write!(f, "too many rows: a file may hold at most {MAX_ROWS} points"),
            CsvReason::Syntax(m) => write!(f, "this is not readable CSV ({m})"),
            CsvReason::Empty => write!(f, "the file holds no points"),
        }
    }
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "The file was not loaded: {}.", self.reason)
        } else {
            write!(f, "The file was not loaded: line {}: {}.", self.line, self.reason)
        }
    }
}

impl std::error::Error for CsvError {}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// At most 24 characters of a user's text (a message never quotes a whole line).
fn shorten(t: &str) -> String {
    let mut s: String = t.chars().take(24).collect();
    if t.chars().count() > 24 {
        s.push('…');
    }
    s
}

/// Points read from a file.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvPoints {
    /// The data, labels in the engine's convention.
    pub data: CustomData,
    /// Whether the file had a split column (read, checked, not used).
    pub had_split: bool,
    /// Whether line 1 was a header.
    pub had_header: bool,
}

/// What a file's points are, as data: the UI writes it in the page's language,
/// [`CustomData::found`] in English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// How many points.
    pub points: usize,
    /// Regression targets, or classes.
    pub kind: FoundKind,
}

/// The labels a file's points carry ([`Found`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FoundKind {
    /// Real targets.
    Regression,
    /// Class indices: how many classes, those with points and those without.
    Classes {
        /// The number of classes (the largest label + 1).
        n_classes: usize,
        /// The classes that hold a point, in order.
        present: Vec<usize>,
        /// The classes that hold none, in order.
        empty: Vec<usize>,
    },
}

impl CustomData {
    /// What the points are, as data ([`Found`]).
    pub fn summary(&self) -> Found {
        let kind = match self.task {
            Task::Regression => FoundKind::Regression,
            Task::Classification { n_classes } => {
                let mut count = vec![0usize; n_classes.max(1)];
                let last = count.len() - 1;
                for p in &self.points {
                    count[class_of(self.task, p.label).min(last)] += 1;
                }
                let (present, empty) = (0..n_classes).partition(|&k| count[k] > 0);
                FoundKind::Classes { n_classes, present, empty }
            }
        };
        Found { points: self.points.len(), kind }
    }

    /// What the points are, for a person: "150 points (3 classes)", "1 point
    /// (class 0 only; class 1 is empty)", "60 points (regression targets)".
    pub fn found(&self) -> String {
        self.summary().to_string()
    }
}

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.points;
        let what = match &self.kind {
            FoundKind::Regression if n == 1 => "a regression target".to_string(),
            FoundKind::Regression => "regression targets".to_string(),
            FoundKind::Classes { n_classes, present, empty } => {
                // "3 classes", "class 0 only; class 1 is empty", "4 classes; classes 1 and 2 are empty"
                let head = if present.len() == 1 { format!("class {} only", present[0]) } else { format!("{n_classes} classes") };
                match empty.as_slice() {
                    [] => head,
                    [k] => format!("{head}; class {k} is empty"),
                    ks => format!("{head}; classes {} are empty", and_list(ks)),
                }
            }
        };
        write!(f, "{n} point{} ({what})", plural(n))
    }
}

/// "1 and 2", "0, 1 and 3".
fn and_list(ks: &[usize]) -> String {
    let words: Vec<String> = ks.iter().map(|k| k.to_string()).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.concat(),
    }
}

fn number(field: &str) -> Option<f64> {
    field.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Reads a file of points. Any fault rejects the whole file.
pub fn parse(text: &str, labels: Labels) -> Result<CsvPoints, CsvError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut raw: Vec<(f64, f64, f64)> = Vec::new();
    let (mut had_split, mut had_header) = (false, false);
    let mut record = csv::StringRecord::new();
    let mut seen = 0usize;
    loop {
        let line_of = |r: &csv::StringRecord| r.position().map(|p| p.line() as usize).unwrap_or(0);
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                let msg = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "it is not UTF-8 text".to_string(),
                    _ => e.to_string(),
                };
                return Err(CsvError { line, reason: CsvReason::Syntax(msg) });
            }
        }
        let line = line_of(&record);
        // a blank line (or one of only commas and spaces) is skipped
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let fail = |reason| Err(CsvError { line, reason });
        if record.len() != 3 && record.len() != 4 {
            return fail(CsvReason::ColumnCount(record.len()));
        }
        let first = seen == 0;
        seen += 1;
        if first && record.iter().take(3).all(|f| number(f).is_none()) {
            had_header = true;
            continue;
        }
        if raw.len() == MAX_ROWS {
            return fail(CsvReason::TooManyRows);
        }
        let mut vals = [0.0; 3];
        for (k, column) in ["x1", "x2", "label"].into_iter().enumerate() {
            match number(&record[k]) {
                Some(v) => vals[k] = v,
                None => return fail(CsvReason::NotANumber { column, text: record[k].to_string() }),
            }
        }
        for (k, column) in ["x1", "x2"].into_iter().enumerate() {
            if vals[k].abs() > EXTENT {
                return fail(CsvReason::OutsidePlot { column, value: vals[k] });
            }
        }
        let label = vals[2];
        match labels {
            Labels::Classes => {
                if label < 0.0 || label.fract() != 0.0 || label >= CLASSES.1 as f64 {
                    return fail(CsvReason::ClassOutOfRange(record[2].to_string()));
                }
            }
            Labels::Numbers => {
                if !REGRESSION_TARGET.contains(label) {
                    return fail(CsvReason::TargetOutOfRange(label));
                }
            }
        }
        if record.len() == 4 {
            let s = record[3].to_ascii_lowercase();
            if s != "train" && s != "test" {
                return fail(CsvReason::BadSplit(record[3].to_string()));
            }
            had_split = true;
        }
        raw.push((vals[0], vals[1], label));
    }
    if raw.is_empty() {
        return Err(CsvError { line: 0, reason: CsvReason::Empty });
    }
    let task = match labels {
        Labels::Numbers => Task::Regression,
        Labels::Classes => {
            let top = raw.iter().map(|p| p.2 as usize).max().unwrap_or(0);
            Task::Classification { n_classes: (top + 1).max(CLASSES.0) }
        }
    };
    let points = raw.into_iter().map(|(x1, x2, label)| Point { x1, x2, label: engine_label(task, label) }).collect();
    Ok(CsvPoints { data: CustomData { points, task }, had_split, had_header })
}

/// A file's label (class index or target) in the engine's convention.
pub fn engine_label(task: Task, label: f64) -> f64 {
    match task {
        Task::Classification { n_classes: 2 } => {
            if label > 0.0 {
                1.0
            } else {
                -1.0
            }
        }
        _ => label,
    }
}

/// An engine label as the file writes it (class index, or the target).
pub fn file_label(task: Task, label: f64) -> f64 {
    match task {
        Task::Regression => label,
        _ => class_of(task, label) as f64,
    }
}

/// The data set's train then test points: `x1,x2,label,split`.
pub fn to_csv(data: &Dataset) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut rows: Vec<[String; 4]> = vec![["x1".into(), "x2".into(), "label".into(), "split".into()]];
    // truth tables use the same 4 points for both: written once, as training points
    let test: &[Point] = if data.kind.is_truth_table() { &[] } else { &data.test };
    for (pts, split) in [(&data.train[..], "train"), (test, "test")] {
        for p in pts {
            rows.push([format!("{}", p.x1), format!("{}", p.x2), format!("{}", file_label(data.task, p.label)), split.to_string()]);
        }
    }
    for r in &rows {
        // writing to a Vec cannot fail
        let _ = w.write_record(r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DataConfig, DataKind};

    fn err(text: &str, labels: Labels) -> CsvError {
        parse(text, labels).expect_err("should be rejected")
    }

    #[test]
    fn reads_points_with_or_without_a_header() {
        let a = parse("x1,x2,label\n1,2,0\n-3.5,0.25,1\n", Labels::Classes).unwrap();
        assert!(a.had_header && !a.had_split);
        assert_eq!(a.data.task, Task::Classification { n_classes: 2 });
        assert_eq!(a.data.points, vec![Point { x1: 1.0, x2: 2.0, label: -1.0 }, Point { x1: -3.5, x2: 0.25, label: 1.0 }]);
        let b = parse("1,2,0\n\n -3.5 , 0.25 ,2\n", Labels::Classes).unwrap();
        assert!(!b.had_header);
        assert_eq!(b.data.task, Task::Classification { n_classes: 3 });
        assert_eq!(b.data.points[1], Point { x1: -3.5, x2: 0.25, label: 2.0 });
        let r = parse("a,b,c\n1,1,-0.5\n", Labels::Numbers).unwrap();
        assert_eq!(r.data.task, Task::Regression);
        assert_eq!(r.data.points[0].label, -0.5);
    }

    #[test]
    fn each_fault_names_its_line_and_reason() {
        let e = err("x1,x2,label\n1,2,0\n1,2\n", Labels::Classes);
        assert_eq!((e.line, e.reason.clone()), (3, CsvReason::ColumnCount(2)));
        assert!(e.to_string().contains("line 3: wrong column count: 2 columns"), "{e}");
        let e = err("1,2,0\n1,2,0,train,x\n", Labels::Classes);
        assert_eq!((e.line, e.reason), (2, CsvReason::ColumnCount(5)));
        let e = err("1,2,0\n1,abc,1\n", Labels::Classes);
        assert_eq!((e.line, e.reason.clone()), (2, CsvReason::NotANumber { column: "x2", text: "abc".into() }));
        assert!(e.to_string().contains("line 2: x2 is not a number: \"abc\""), "{e}");
        assert_eq!(err("1,2,NaN\n", Labels::Numbers).reason, CsvReason::NotANumber { column: "label", text: "NaN".into() });
        assert_eq!(err("1,2,inf\n", Labels::Numbers).reason, CsvReason::NotANumber { column: "label", text: "inf".into() });
        let e = err("1,2,0\n1,1,1.5\n", Labels::Classes);
        assert_eq!((e.line, e.reason), (2, CsvReason::ClassOutOfRange("1.5".into())));
        assert_eq!(err("1,2,-1\n", Labels::Classes).reason, CsvReason::ClassOutOfRange("-1".into()));
        assert_eq!(err("1,2,10\n", Labels::Classes).reason, CsvReason::ClassOutOfRange("10".into()));
        let e = err("1,2,1.5\n", Labels::Numbers);
        assert_eq!((e.line, e.reason.clone()), (1, CsvReason::TargetOutOfRange(1.5)));
        assert!(e.to_string().contains("a number from -1 to 1"), "{e}");
        let e = err("x1,x2,label\n1,2,0\n7,0,1\n", Labels::Classes);
        assert_eq!((e.line, e.reason.clone()), (3, CsvReason::OutsidePlot { column: "x1", value: 7.0 }));
        assert!(e.to_string().contains("outside the plot's range (from -6 to 6)"), "{e}");
        assert_eq!(err("0,-6.01,0\n", Labels::Classes).reason, CsvReason::OutsidePlot { column: "x2", value: -6.01 });
        assert_eq!(err("0,0,0,validation\n", Labels::Classes).reason, CsvReason::BadSplit("validation".into()));
        // an unclosed quote swallows the rest of the file into one field: too few columns
        let e = err("1,\"2,0\n3,4,1\n", Labels::Classes);
        assert_eq!((e.line, e.reason), (1, CsvReason::ColumnCount(2)));
        assert_eq!(err("x1,x2,label\n\n", Labels::Classes), CsvError { line: 0, reason: CsvReason::Empty });
        assert_eq!(err("", Labels::Classes).reason, CsvReason::Empty);
        // a header is only ever line 1
        let e = err("1,2,0\nx1,x2,label\n", Labels::Classes);
        assert_eq!((e.line, e.reason), (2, CsvReason::NotANumber { column: "x1", text: "x1".into() }));
    }

    #[test]
    fn too_many_rows_states_the_limit_at_the_first_row_too_many() {
        let mut text = String::from("x1,x2,label\n");
        for i in 0..MAX_ROWS {
            text.push_str(&format!("{},0,{}\n", (i % 10) as f64 * 0.5, i % 2));
        }
        assert_eq!(parse(&text, Labels::Classes).unwrap().data.points.len(), MAX_ROWS);
        text.push_str("0,0,0\n");
        let e = err(&text, Labels::Classes);
        assert_eq!((e.line, e.reason.clone()), (MAX_ROWS + 2, CsvReason::TooManyRows));
        assert!(e.to_string().contains("at most 2000 points"), "{e}");
    }

    #[test]
    fn class_nine_is_the_largest_and_makes_ten_classes() {
        // 9 is the largest class: ten classes
        let a = parse("0,0,9\n1,1,0\n", Labels::Classes).unwrap();
        assert_eq!(a.data.task, Task::Classification { n_classes: 10 });
    }

    #[test]
    fn export_then_import_gives_the_same_points_bit_for_bit() {
        for kind in [DataKind::Spiral, DataKind::ThreeBlobs, DataKind::RegressGaussian, DataKind::XorTable] {
            // noise-free: noisy generated points may lie outside the plot, which a file may not
            let d = DataConfig { kind, n_points: 300, noise: 0.0, ..DataConfig::default() }.generate();
            let text = to_csv(&d);
            assert!(text.starts_with("x1,x2,label,split\n"));
            let labels = if d.task == Task::Regression { Labels::Numbers } else { Labels::Classes };
            let back = parse(&text, labels).unwrap();
            assert!(back.had_header && back.had_split);
            let test: &[Point] = if kind.is_truth_table() { &[] } else { &d.test };
            let all: Vec<Point> = d.train.iter().chain(test).copied().collect();
            assert_eq!(back.data.points, all, "{kind:?}");
            assert_eq!(back.data.task, d.task);
            assert_eq!(text.matches(",test\n").count(), test.len());
        }
    }

    #[test]
    fn what_was_found_is_counted_in_words() {
        let found = |text: &str, labels| parse(text, labels).unwrap().data.found();
        assert_eq!(found("0,0,0\n", Labels::Classes), "1 point (class 0 only; class 1 is empty)");
        assert_eq!(found("0,0,1\n1,1,1\n", Labels::Classes), "2 points (class 1 only; class 0 is empty)");
        assert_eq!(found("0,0,0\n1,1,1\n", Labels::Classes), "2 points (2 classes)");
        assert_eq!(found("0,0,0\n1,1,2\n", Labels::Classes), "2 points (3 classes; class 1 is empty)");
        assert_eq!(found("0,0,3\n", Labels::Classes), "1 point (class 3 only; classes 0, 1 and 2 are empty)");
        assert_eq!(found("0,0,0.5\n", Labels::Numbers), "1 point (a regression target)");
        assert_eq!(found("0,0,0.5\n1,1,0\n", Labels::Numbers), "2 points (regression targets)");
    }

    #[test]
    fn quoted_fields_and_windows_line_ends_are_read_by_the_csv_reader() {
        let a = parse("\"x1\",\"x2\",\"label\"\r\n\"1.5\",2,1\r\n", Labels::Classes).unwrap();
        assert_eq!(a.data.points, vec![Point { x1: 1.5, x2: 2.0, label: 1.0 }]);
    }
}
