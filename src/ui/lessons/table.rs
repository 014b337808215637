//! The lessons, as data: the nine built-in ones are `builtin.json`, in the one
//! lesson format ([`super::format`]), parsed at start; a teacher's own come from
//! a file or a `#lesson=…` link in the same format.
//!
//! The settings of lessons 2–4 were measured natively with the engine (see
//! the tests in `playground/lesson_runs.rs`, on the page's own f32 path): on
//! the 4-point XOR table, one tanh neuron at any learning rate from 0.001 to
//! 10 (seeds 1–5, 3,000 epochs) never passes 75 %; two hidden tanh neurons with seed 2 at learning rate 0.3 (full batch)
//! reach 100 % at epoch 11. Seeds 1 and 18 sit at 50 % for good there and
//! are avoided. Lesson 5: one linear neuron fits a plane; learning rate 0.0001
//! crawls (test loss 6.5 at epoch 50), 0.003–0.1 work, 0.3 and above overflow.
//! Lesson 7: 60 noisy spiral points, three ReLU layers of 8: the test loss is
//! lowest at once and climbs from ~0.43 to ~0.93 by epoch 1,000 while the
//! training loss falls to ~0.006; with 400 points the test loss falls to ~0.03.
//! Lesson 8: six sigmoid layers of 6 on the circle: ~50 % after 500 epochs, the
//! first layer's gradient ~1e-4 against ~0.5 at the output; tanh or ReLU reach
//! 100 % by epoch 50; batch norm 95 % at epoch 15, skips (rate 0.03) at 111.

use std::cell::RefCell;
use std::ops::Deref;
use std::sync::OnceLock;

use super::format::LessonFile;

/// One lesson, built-in or a teacher's.
#[derive(Debug, PartialEq)]
pub struct Lesson {
    /// Its place among the built-in lessons (1-based); None for a teacher's own.
    pub number: Option<usize>,
    /// What `#lesson=` carries for it: its number, or its whole code.
    pub code: String,
    pub file: LessonFile,
    /// Its place in a teacher's sequence (None: a lesson alone, or a built-in one).
    pub sequence: Option<Place>,
}

/// A lesson's place in a teacher's sequence (`#lesson=<the sequence's code>.<k>`).
#[derive(Debug, PartialEq)]
pub struct Place {
    /// The sequence's title.
    pub title: String,
    /// The sequence's code (without the lesson's place).
    pub base: String,
    /// The lesson's place, 1-based.
    pub index: usize,
    /// Every lesson's name in the menu, in order.
    pub menu: Vec<String>,
}

impl Place {
    /// How many lessons the sequence holds.
    pub fn count(&self) -> usize {
        self.menu.len()
    }
    /// What `#lesson=` carries for its lesson `k` (1-based).
    pub fn code_of(&self, k: usize) -> String {
        format!("{}.{k}", self.base)
    }
}

impl Deref for Lesson {
    type Target = LessonFile;
    fn deref(&self) -> &LessonFile {
        &self.file
    }
}

/// The built-in lessons, in order (lesson `n` is `builtin()[n - 1]`).
pub fn builtin() -> &'static [Lesson] {
    static BUILTIN: OnceLock<Vec<Lesson>> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        // valid by the tests (goals.rs: every lesson validates and builds)
        let files: Vec<LessonFile> = serde_json::from_str(include_str!("builtin.json")).unwrap_or_default();
        files
            .into_iter()
            .enumerate()
            .map(|(i, file)| Lesson { number: Some(i + 1), code: (i + 1).to_string(), file: translated(file), sequence: None })
            .collect()
    })
}

/// A built-in lesson in the page's language (its texts are keys of the tables, [`crate::ui::i18n::LESSON_TEXTS`]).
fn translated(mut f: LessonFile) -> LessonFile {
    use crate::ui::i18n::t_owned;
    for text in [&mut f.title, &mut f.menu, &mut f.goal, &mut f.met] {
        *text = t_owned(text);
    }
    if let Some(p) = f.first_part.as_mut() {
        *p = t_owned(p);
    }
    f
}

thread_local! {
    /// The teachers' lessons and sequences opened in this tab, by code (each is kept once for the page's life).
    static AUTHORED: RefCell<Vec<(String, Vec<&'static Lesson>)>> = const { RefCell::new(Vec::new()) };
}

/// A code and the place it names: `<code>` (a lesson, or a sequence's first) or `<code>.<k>`.
fn split_code(code: &str) -> Result<(&str, Option<usize>), String> {
    match code.rsplit_once('.') {
        None => Ok((code, None)),
        Some((base, k)) => match k.parse::<usize>() {
            Ok(k) if k >= 1 => Ok((base, Some(k))),
            _ => Err(crate::ui::i18n::fill(
                crate::ui::i18n::t("“.{k}” after the code is not a lesson's place (1, 2, …)"),
                &[("k", &crate::ui::url::shown_key(k))],
            )),
        },
    }
}

/// The lesson at place `k` of what a code held.
fn pick(lessons: &[&'static Lesson], k: Option<usize>) -> Result<&'static Lesson, String> {
    let k = k.unwrap_or(1);
    lessons.get(k - 1).copied().ok_or_else(|| {
        let holds = crate::ui::i18n::plural(
            lessons.len(),
            "there is no lesson {k} in it; it holds {n} lesson",
            "there is no lesson {k} in it; it holds {n} lessons",
        );
        crate::ui::i18n::fill(&holds, &[("k", &k)])
    })
}

/// A teacher's lesson for a `#lesson=<code>` link, or lesson `k` of a sequence's
/// `#lesson=<code>.<k>` (read once, then kept).
pub fn authored(code: &str, rules: &super::format::Rules) -> Result<&'static Lesson, String> {
    let (base, k) = split_code(code)?;
    if let Some(found) = AUTHORED.with_borrow(|a| a.iter().find(|(b, _)| b == base).map(|(_, ls)| pick(ls, k))) {
        return found;
    }
    let leak = |l: Lesson| -> &'static Lesson { Box::leak(Box::new(l)) };
    let lessons: Vec<&'static Lesson> = match super::format::any_from_code(base, rules).map_err(|e| e.to_string())? {
        super::format::Lessons::One(file) => vec![leak(Lesson { number: None, code: base.to_string(), file, sequence: None })],
        super::format::Lessons::Sequence(seq) => {
            let menu: Vec<String> = seq.lessons.iter().map(|l| l.menu_name().to_string()).collect();
            seq.lessons
                .into_iter()
                .enumerate()
                .map(|(i, file)| {
                    let place = Place { title: seq.title.clone(), base: base.to_string(), index: i + 1, menu: menu.clone() };
                    leak(Lesson { number: None, code: place.code_of(i + 1), file, sequence: Some(place) })
                })
                .collect()
        }
    };
    let found = pick(&lessons, k);
    AUTHORED.with_borrow_mut(|a| a.push((base.to_string(), lessons)));
    found
}
