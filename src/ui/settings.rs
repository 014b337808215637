//! One settings table per view: each row is one setting as a link writes it
//! (its key), whether changing it rebuilds the model (and why, in words) or
//! goes to the running trainer, the values it may take (limits from
//! `engine::limits`), the engine field it answers for, and how to read, write
//! and reset it. The URL (both ways), the short link, the notice for a bad
//! value, the rebuild reason and the controls' ranges are all read from it.
//!
//! `S` is what the view keeps its settings in: the playground's `Settings`
//! value, or a lab's context of signals (then `get` reads and `set` writes the
//! signals).

use crate::engine::dense::config::ConfigError;
use crate::engine::limits::Limit;
use crate::ui::i18n::{fill, t, t_owned};
use crate::ui::{url, words};

/// Whether a change goes to the running trainer or rebuilds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Live,
    /// Changing it builds a new model; the words say why ("the data changed").
    Setup(&'static str),
}

/// The values a number setting may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Domain {
    /// Any number within the limit; the controls offer the listed values (none: typed).
    Num(Limit, &'static [f64]),
    /// A fraction within the limit, written as a whole percentage (`noise=20` is 0.2).
    Percent(Limit),
    /// A whole number from `.0` to `.1`.
    Count(usize, usize),
    /// One of these numbers (as the control's `<select>` offers them).
    Choice(&'static [f64]),
    /// One of these whole numbers.
    Counts(&'static [usize]),
}

impl Domain {
    /// A link's value, if it is one of this domain's.
    pub fn parse(self, v: &str) -> Option<f64> {
        let num = || v.parse::<f64>().ok().filter(|x| x.is_finite());
        match self {
            Domain::Num(limit, _) => num().filter(|x| limit.contains(*x)),
            Domain::Percent(limit) => num().map(|p| p / 100.0).filter(|x| limit.contains(*x)),
            Domain::Count(lo, hi) => v.parse::<usize>().ok().filter(|n| (lo..=hi).contains(n)).map(|n| n as f64),
            Domain::Choice(offered) => num().filter(|x| offered.contains(x)),
            Domain::Counts(offered) => v.parse::<usize>().ok().filter(|n| offered.contains(n)).map(|n| n as f64),
        }
    }

    /// The value as a link writes it.
    pub fn write(self, x: f64) -> String {
        match self {
            Domain::Percent(_) => format!("{}", (x * 100.0).round()),
            _ => format!("{x}"),
        }
    }

    /// The range the value lies in.
    pub fn limit(self) -> Limit {
        let ends = |v: &mut dyn Iterator<Item = f64>| v.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
        match self {
            Domain::Num(limit, _) | Domain::Percent(limit) => limit,
            Domain::Count(lo, hi) => Limit::closed(lo as f64, hi as f64),
            Domain::Choice(offered) => {
                let (lo, hi) = ends(&mut offered.iter().copied());
                Limit::closed(lo, hi)
            }
            Domain::Counts(offered) => {
                let (lo, hi) = ends(&mut offered.iter().map(|&n| n as f64));
                Limit::closed(lo, hi)
            }
        }
    }

    /// The whole numbers the control offers, in order (none unless [`Domain::Counts`]).
    pub fn counts(self) -> Vec<usize> {
        match self {
            Domain::Counts(offered) => offered.to_vec(),
            _ => Vec::new(),
        }
    }

    /// The values the control offers, smallest first.
    pub fn offered(self) -> Vec<f64> {
        let mut v: Vec<f64> = match self {
            Domain::Num(_, offered) | Domain::Choice(offered) => offered.to_vec(),
            Domain::Counts(offered) => offered.iter().map(|&n| n as f64).collect(),
            Domain::Percent(_) | Domain::Count(..) => Vec::new(),
        };
        v.sort_by(|a, b| a.total_cmp(b));
        v
    }
}

/// How a row's value is read and written.
pub enum Value<S: 'static> {
    /// A number in its domain.
    Number(Domain, fn(&S) -> f64, fn(&mut S, f64)),
    /// Anything else (an enum by its serde name, a flag, a seed, a list): how it
    /// is written, and how a link's value is applied (false: refused, nothing changed).
    Text(fn(&S) -> String, fn(&mut S, &str) -> bool),
}

/// Puts part of the settings back to the defaults' value.
pub type Reset<S> = fn(&mut S, &S);

/// One setting.
pub struct Setting<S: 'static> {
    /// Its key in a link.
    pub key: &'static str,
    pub when: When,
    pub value: Value<S>,
    /// Whether a link writes it at all (the playground writes `norm`/`skip` only when used).
    pub written: fn(&S) -> bool,
    /// The engine field (path prefix) whose refusal this key answers for, and
    /// how to put that part back to its default.
    pub engine: Option<(&'static str, Reset<S>)>,
    /// Whether two settings differ here, when more than the written value can
    /// differ (custom data points are not in a link).
    pub differs: Option<fn(&S, &S) -> bool>,
}

fn always<S>(_: &S) -> bool {
    true
}

impl<S: 'static> Setting<S> {
    /// A number in `domain`.
    pub const fn num(key: &'static str, when: When, domain: Domain, get: fn(&S) -> f64, put: fn(&mut S, f64)) -> Self {
        Setting { key, when, value: Value::Number(domain, get, put), written: always::<S>, engine: None, differs: None }
    }
    /// Any other value, written by `get` and applied by `set`.
    pub const fn text(key: &'static str, when: When, get: fn(&S) -> String, set: fn(&mut S, &str) -> bool) -> Self {
        Setting { key, when, value: Value::Text(get, set), written: always::<S>, engine: None, differs: None }
    }
    /// Answers for the engine's refusals of `field`; `reset` puts it back.
    pub const fn engine(self, field: &'static str, reset: Reset<S>) -> Self {
        Setting { engine: Some((field, reset)), ..self }
    }
    /// Written only when `written` says so.
    pub const fn written_if(self, written: fn(&S) -> bool) -> Self {
        Setting { written, ..self }
    }
    /// Compared by `differs` for the rebuild reason.
    pub const fn differs_by(self, differs: fn(&S, &S) -> bool) -> Self {
        Setting { differs: Some(differs), ..self }
    }

    /// The value as a link writes it.
    pub fn get(&self, s: &S) -> String {
        match self.value {
            Value::Number(d, get, _) => d.write(get(s)),
            Value::Text(get, _) => get(s),
        }
    }
    /// Applies a link's value; false (and nothing changes) when it is refused.
    pub fn set(&self, s: &mut S, v: &str) -> bool {
        match self.value {
            Value::Number(d, _, put) => d.parse(v).map(|x| put(s, x)).is_some(),
            Value::Text(_, set) => set(s, v),
        }
    }
    /// The number domain (None for other values).
    pub fn domain(&self) -> Option<Domain> {
        match self.value {
            Value::Number(d, ..) => Some(d),
            Value::Text(..) => None,
        }
    }
}

/// What the engine must accept of a whole setup, and what to fall back to when
/// a refusal names no row.
pub struct Check<S: 'static> {
    pub build: fn(&S) -> Result<(), ConfigError>,
    pub reset_all: Reset<S>,
}

/// A view's settings.
pub struct Table<S: 'static> {
    /// The `view=` a lab's link starts with (None: the playground's links name no view).
    pub view: Option<&'static str>,
    /// In the order links write them.
    pub rows: &'static [Setting<S>],
    /// How a notice names a refused value (key, value).
    pub refused: fn(&str, &str) -> String,
    /// The notice's opening words, before the list of what was not used.
    pub notice: &'static str,
    /// The engine's check of the whole (None: the rows' own checks are all).
    pub check: Option<Check<S>>,
}

impl<S: 'static> Table<S> {
    /// The row of `key` (every key the code asks for is a row: see the views' tests).
    pub fn row(&self, key: &str) -> &Setting<S> {
        self.rows.iter().find(|r| r.key == key).unwrap_or_else(|| panic!("no setting {key}"))
    }

    /// The number domain of `key`'s row.
    pub fn domain(&self, key: &str) -> Domain {
        self.row(key).domain().unwrap_or_else(|| panic!("{key} is not a number"))
    }

    /// Every written `(key, value)`, in order.
    pub fn pairs(&self, s: &S) -> Vec<(&'static str, String)> {
        self.rows.iter().filter(|r| (r.written)(s)).map(|r| (r.key, r.get(s))).collect()
    }

    /// What each row writes for `d` (None where it writes nothing): the defaults a short link leaves out.
    pub fn written(&self, d: &S) -> Vec<Option<String>> {
        self.rows.iter().map(|r| (r.written)(d).then(|| r.get(d))).collect()
    }

    /// The written pairs whose value differs from `defaults` (from [`written`](Self::written)).
    pub fn changed(&self, s: &S, defaults: &[Option<String>]) -> Vec<(&'static str, String)> {
        self.rows
            .iter()
            .zip(defaults)
            .filter(|(r, _)| (r.written)(s))
            .map(|(r, d)| (r.key, r.get(s), d))
            .filter(|(_, v, d)| d.as_ref() != Some(v))
            .map(|(k, v, _)| (k, v))
            .collect()
    }

    /// A lab's link: `lead` (its view), then what differs from `defaults` (all rows where they are None).
    pub fn link(&self, s: &S, defaults: &[Option<String>], lead: (&str, String)) -> String {
        url::join_pairs(std::iter::once(lead).chain(self.changed(s, defaults)))
    }

    /// The row that answers for an engine field path (`hidden[1].neurons`, `data.noise`): the longest matching prefix.
    pub fn by_field(&self, path: &str) -> Option<&Setting<S>> {
        self.rows
            .iter()
            .filter_map(|r| r.engine.map(|(f, _)| (r, f)))
            .filter(|(_, f)| path == *f || path.strip_prefix(f).is_some_and(|rest| rest.starts_with(['.', '['])))
            .max_by_key(|(_, f)| f.len())
            .map(|(r, _)| r)
    }

    /// Applies a link's pairs to `s`, returning what it did not use, as the
    /// notice names it: an odd `view` (see [`url::view_choice`]), refused
    /// values (they keep what they were), keys given more than once (the last
    /// wins), unknown keys (ignored).
    pub fn read(&self, s: &mut S, pairs: &[(String, String)]) -> Vec<String> {
        let mut notes: Vec<String> = url::view_choice(pairs).1.into_iter().collect();
        let mut unknown: Vec<String> = Vec::new();
        for (k, v) in pairs.iter().filter(|(k, _)| k != "view") {
            match self.rows.iter().find(|r| r.key == k) {
                Some(r) if !r.set(s, v) => notes.push((self.refused)(r.key, v)),
                Some(_) => {}
                None => {
                    let k = url::shown_key(k);
                    if !unknown.contains(&k) {
                        unknown.push(k);
                    }
                }
            }
        }
        for (k, n) in url::repeated_keys(pairs) {
            if self.rows.iter().any(|r| r.key == k) && !unknown.contains(&url::shown_key(&k)) {
                notes.push(fill(t("{key} (given {n} times: the last was used)"), &[("key", &url::shown_key(&k)), ("n", &n)]));
            }
        }
        notes.extend(unknown.into_iter().map(|k| fill(t("{key} (unknown key, ignored)"), &[("key", &k)])));
        notes
    }

    /// Makes the whole acceptable to the engine: while it refuses, the row at
    /// fault goes back to `fallback`'s value and is named (one at a time: a
    /// second fault is found once the first is gone); a refusal no row answers
    /// for puts back everything.
    pub fn settle(&self, s: &mut S, fallback: &S) -> Vec<String> {
        let Some(check) = &self.check else { return Vec::new() };
        let mut notes = Vec::new();
        for _ in 0..self.rows.len() {
            let Err(e) = (check.build)(s) else { return notes };
            let Some((key, reset)) = self.by_field(&e.field).and_then(|r| r.engine.map(|(_, reset)| (r.key, reset))) else {
                (check.reset_all)(s, fallback);
                notes.push(words::setup("all", &e.problem));
                break;
            };
            reset(s, fallback);
            notes.push(words::setup(key, &e.problem));
        }
        if (check.build)(s).is_err() {
            (check.reset_all)(s, fallback);
        }
        notes
    }

    /// Why a change from `old` to `new` rebuilds the model: the first setup
    /// row that differs (None when only live rows do).
    pub fn rebuild_reason(&self, old: &S, new: &S) -> Option<&'static str> {
        self.rows.iter().find_map(|r| match r.when {
            When::Setup(why) if r.differs.map_or_else(|| r.get(old) != r.get(new), |d| d(old, new)) => Some(why),
            _ => None,
        })
    }

    /// The setup rows' values as a link writes them. Read through the rows, so
    /// an effect that calls this tracks exactly the settings that rebuild the model.
    pub fn setup_values(&self, s: &S) -> Vec<String> {
        self.rows.iter().filter(|r| matches!(r.when, When::Setup(_))).map(|r| r.get(s)).collect()
    }

    /// Why the setup went from `old` to `new` (two [`setup_values`](Self::setup_values)):
    /// the first setup row whose value differs.
    pub fn setup_change(&self, old: &[String], new: &[String]) -> Option<&'static str> {
        let whys = self.rows.iter().filter_map(|r| match r.when {
            When::Setup(why) => Some(why),
            When::Live => None,
        });
        whys.zip(old.iter().zip(new)).find_map(|(why, (a, b))| (a != b).then_some(why))
    }

    /// The whole notice for `notes` (None when there are none).
    pub fn notice(&self, notes: &[String]) -> Option<String> {
        (!notes.is_empty()).then(|| format!("{}: {}.", t_owned(self.notice), notes.join("; ")))
    }
}

impl<S: Default + 'static> Table<S> {
    /// Reads settings from a URL hash: what the link names over the defaults,
    /// then made acceptable to the engine ([`settle`](Self::settle)); with what
    /// was not used as written.
    pub fn from_hash(&self, hash: &str) -> (S, Vec<String>) {
        let mut s = S::default();
        let pairs = url::parse_pairs(hash);
        let mut notes = self.read(&mut s, &pairs);
        if pairs.iter().any(|(k, _)| k != "view") {
            notes.extend(self.settle(&mut s, &S::default()));
        }
        (s, notes)
    }
}

/// How a lab's notice names a value its control does not offer.
pub fn not_offered(key: &str, v: &str) -> String {
    fill(t("{key} (\"{v}\" is not one of the values offered: the default was kept)"), &[("key", &key), ("v", &url::shown_key(v))])
}

/// A lab's notice's opening words.
pub const LAB_NOTICE: &str = crate::ui::i18n::mark("The address was not used as written");

/// An enum value by its serde name, if it is one of `offered` (as the menus offer them).
pub fn offered_enum<T: serde::de::DeserializeOwned + PartialEq>(v: &str, offered: &[T]) -> Option<T> {
    url::parse_enum(v).filter(|x| offered.contains(x))
}

/// A lab's optimizer row (`optimizer=Adam`, live) under `key`, on its context's `optimizer` signal (of a `Row` alias).
macro_rules! lab_optimizer_row {
    ($key:literal) => {
        Row::text(
            $key,
            When::Live,
            |c| crate::ui::url::enum_name(&c.optimizer.get()),
            |c, v| {
                $crate::ui::settings::offered_enum(v, crate::engine::math::optimizer::OptimizerKind::all())
                    .map(|k| c.optimizer.set(k))
                    .is_some()
            },
        )
    };
}
pub(crate) use lab_optimizer_row;

/// A lab's seed row (`seed=7`, any whole number to 2⁶⁴ − 1), on its context's `seed` signal (of a `Row` alias).
macro_rules! lab_seed_row {
    () => {
        Row::text(
            "seed",
            When::Setup(crate::ui::i18n::mark("the seed changed")),
            |c| c.seed.get().to_string(),
            |c, v| v.parse::<u64>().ok().map(|x| c.seed.set(x)).is_some(),
        )
    };
}
pub(crate) use lab_seed_row;

/// Binds a lab's settings (its context of signals) to the address: applies the
/// current link's values (returning the notice naming what it did not use),
/// then keeps the address in step with every change: `view=…` and the rows
/// that differ from their values when called (the defaults).
pub fn bind<S: Copy + 'static>(table: &'static Table<S>, s: S) -> Option<String> {
    bind_under(table, s, ("view", table.view.unwrap_or_default().to_string()), true)
}

/// [`bind`], with the link led by `lead` (`view=conv`, or `lesson=9` when a
/// lesson set the lab up: then that key is the lesson's, not a setting) and,
/// unless `short`, every row written (defaults too).
pub fn bind_under<S: Copy + 'static>(table: &'static Table<S>, s: S, lead: (&'static str, String), short: bool) -> Option<String> {
    use leptos::prelude::{untrack, Effect};
    let defaults = if short { untrack(|| table.written(&s)) } else { vec![None; table.rows.len()] };
    let pairs: Vec<(String, String)> =
        url::parse_pairs(&url::read_hash()).into_iter().filter(|(k, _)| lead.0 == "view" || k != lead.0).collect();
    let notes = table.read(&mut s.clone(), &pairs);
    Effect::new(move |_| url::write_hash(&table.link(&s, &defaults, (lead.0, lead.1.clone()))));
    table.notice(&notes)
}

/// A refused lab setup in the page's words, naming the setting by its link key
/// (`aliases`: the engine fields a lab's table keys differently; `learning_rate`
/// is `lr` in every lab).
pub fn lab_refusal(e: &ConfigError, aliases: &[(&str, &'static str)]) -> String {
    let key = aliases.iter().chain(&[("learning_rate", "lr")]).find(|(f, _)| *f == e.field).map_or(e.field.as_str(), |(_, k)| k);
    words::setup(key, &e.problem)
}

/// The settings row `lang=es` of every view's table: written when the link
/// named the language (a link then opens in it); a code that is no language
/// offered is refused (the notice says so, see [`lang_refused`]).
pub const fn lang_row<S>() -> Setting<S> {
    Setting::text("lang", When::Live, lang_of::<S>, put_lang::<S>).written_if(lang_written::<S>)
}
fn lang_of<S>(_: &S) -> String {
    crate::ui::i18n::lang().code().to_string()
}
fn put_lang<S>(_: &mut S, v: &str) -> bool {
    crate::ui::i18n::Lang::ALL.iter().any(|l| l.code() == v)
}
fn lang_written<S>(_: &S) -> bool {
    crate::ui::i18n::from_link()
}

/// How a notice names a `lang=` that is no language offered (None for another key).
pub fn lang_refused(key: &str, v: &str) -> Option<String> {
    (key == "lang").then(|| {
        fill(
            t("lang (\"{v}\" is not a language offered: {langs}; {used} was used)"),
            &[("v", &crate::ui::url::shown_key(v)), ("langs", &"en, es, de"), ("used", &crate::ui::i18n::lang().name())],
        )
    })
}

/// A flag as links write it: `1`/`0` (`true`/`false` are read too).
pub fn flag(v: &str) -> Option<bool> {
    match v {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

/// A flag's written value.
pub fn flag_str(on: bool) -> String {
    (on as u8).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::dense::config::Problem;

    #[derive(Default, Debug, PartialEq)]
    struct T {
        rate: f64,
        n: usize,
        on: bool,
    }

    static TABLE: Table<T> = Table {
        view: Some("t"),
        rows: &[
            Setting::<T>::num("rate", When::Live, Domain::Choice(&[0.1, 0.3]), |s| s.rate, |s, v| s.rate = v),
            Setting::<T>::num("n", When::Setup("n changed"), Domain::Count(1, 4), |s| s.n as f64, |s, v| s.n = v as usize)
                .engine("n", |s, d| s.n = d.n),
            Setting::<T>::text("on", When::Setup("on changed"), |s| flag_str(s.on), |s, v| flag(v).map(|b| s.on = b).is_some())
                .written_if(|s| s.on),
        ],
        refused: |k, v| format!("{k}={v}"),
        notice: "Not used",
        check: Some(Check {
            build: |s| if s.n == 3 { Err(ConfigError::new("n", Problem::Count { got: 3, min: 0, max: 2, what: "" })) } else { Ok(()) },
            reset_all: |s, d| s.n = d.n,
        }),
    };

    #[test]
    fn a_table_reads_writes_and_names_what_it_did_not_use() {
        let (s, notes) = TABLE.from_hash("#rate=0.3&n=4&on=1");
        assert_eq!((s, notes), (T { rate: 0.3, n: 4, on: true }, vec![]));
        let (s, notes) = TABLE.from_hash("#rate=0.2&n=3&on=x&zz=1&n=2&zz=2");
        assert_eq!(s, T { rate: 0.0, n: 2, on: false }, "refused values keep the default, the last n wins");
        assert_eq!(notes, ["rate=0.2", "on=x", "n (given 2 times: the last was used)", "zz (unknown key, ignored)"]);
        let (s, notes) = TABLE.from_hash("#n=3");
        assert_eq!((s.n, notes), (0, vec!["n (must be 0 to 2; it is 3)".to_string()]), "the engine's refusal, named by its link key");
        let defaults = TABLE.written(&T::default());
        assert_eq!(TABLE.link(&T { rate: 0.3, n: 0, on: false }, &defaults, ("view", "t".into())), "view=t&rate=0.3");
        assert_eq!(url::join_pairs(TABLE.pairs(&T::default())), "rate=0&n=0");
        assert_eq!(url::join_pairs(TABLE.pairs(&T { on: true, ..T::default() })), "rate=0&n=0&on=1");
        assert_eq!(TABLE.rebuild_reason(&T::default(), &T { rate: 0.3, ..T::default() }), None);
        assert_eq!(TABLE.rebuild_reason(&T::default(), &T { rate: 0.3, on: true, n: 1 }), Some("n changed"));
        let (a, b) = (TABLE.setup_values(&T::default()), TABLE.setup_values(&T { rate: 0.3, ..T::default() }));
        assert_eq!(TABLE.setup_change(&a, &b), None, "a live row is not a setup value");
        let c = TABLE.setup_values(&T { n: 2, ..T::default() });
        assert_eq!(TABLE.setup_change(&a, &c), Some("n changed"));
        assert_eq!(TABLE.domain("rate").offered(), [0.1, 0.3]);
        assert_eq!(TABLE.domain("n").limit(), Limit::closed(1.0, 4.0));
    }

    #[test]
    fn domains_read_only_their_values() {
        let pct = Domain::Percent(Limit::closed(0.0, 0.5));
        assert_eq!((pct.parse("20"), pct.parse("60"), pct.write(0.2)), (Some(0.2), None, "20".to_string()));
        let counts = Domain::Counts(&[2, 4]);
        assert_eq!((counts.parse("4"), counts.parse("4.0"), counts.parse("3")), (Some(4.0), None, None));
        let num = Domain::Num(Limit::above(0.0, 1.0), &[]);
        assert_eq!((num.parse("1"), num.parse("0"), num.parse("NaN"), num.parse("inf")), (Some(1.0), None, None, None));
    }

    /// A lab's settings: four signals.
    #[derive(Clone, Copy)]
    struct Lab {
        n: leptos::prelude::RwSignal<usize>,
        opt: leptos::prelude::RwSignal<crate::engine::math::optimizer::OptimizerKind>,
        on: leptos::prelude::RwSignal<bool>,
        seed: leptos::prelude::RwSignal<u64>,
    }

    static LAB: Table<Lab> = {
        use crate::engine::math::optimizer::OptimizerKind;
        use leptos::prelude::{Get, Set};
        Table {
            view: Some("rnn"),
            rows: &[
                Setting::<Lab>::num("n", When::Setup("n"), Domain::Counts(&[2, 4, 8]), |c| c.n.get() as f64, |c, v| c.n.set(v as usize)),
                Setting::<Lab>::text(
                    "opt",
                    When::Live,
                    |c| url::enum_name(&c.opt.get()),
                    |c, v| offered_enum(v, OptimizerKind::all()).map(|k| c.opt.set(k)).is_some(),
                ),
                Setting::<Lab>::text("on", When::Live, |c| flag_str(c.on.get()), |c, v| flag(v).map(|b| c.on.set(b)).is_some()),
                Setting::<Lab>::text(
                    "seed",
                    When::Setup("seed"),
                    |c| c.seed.get().to_string(),
                    |c, v| v.parse::<u64>().ok().map(|x| c.seed.set(x)).is_some(),
                ),
            ],
            refused: not_offered,
            notice: LAB_NOTICE,
            check: None,
        }
    };

    #[test]
    fn a_labs_link_sets_its_signals_and_names_what_it_did_not_use() {
        use crate::engine::math::optimizer::OptimizerKind;
        use leptos::prelude::*;
        let owner = Owner::new();
        owner.with(|| {
            let lab =
                Lab { n: RwSignal::new(4), opt: RwSignal::new(OptimizerKind::Adam), on: RwSignal::new(false), seed: RwSignal::new(1) };
            let defaults = LAB.written(&lab);
            assert_eq!(LAB.link(&lab, &defaults, ("view", "rnn".into())), "view=rnn", "the defaults are left out");
            let values = |l: Lab| (l.n.get_untracked(), l.opt.get_untracked(), l.on.get_untracked(), l.seed.get_untracked());
            let notes = LAB.read(&mut lab.clone(), &url::parse_pairs("#view=rnn&n=8&opt=Sgd&on=1&seed=77"));
            assert_eq!((notes, values(lab)), (vec![], (8, OptimizerKind::Sgd, true, 77)));
            assert_eq!(LAB.link(&lab, &defaults, ("view", "rnn".into())), "view=rnn&n=8&opt=Sgd&on=1&seed=77");

            let notes = LAB.read(&mut lab.clone(), &url::parse_pairs("#n=5&opt=Fast&on=maybe&seed=-1&zz=1&n=2"));
            // n=5 is not offered but the later n=2 is: the last wins; bad values change nothing
            assert_eq!(values(lab), (2, OptimizerKind::Sgd, true, 77));
            assert_eq!(
                LAB.notice(&notes).unwrap(),
                "The address was not used as written: n (\"5\" is not one of the values offered: the default was kept); \
                 opt (\"Fast\" is not one of the values offered: the default was kept); \
                 on (\"maybe\" is not one of the values offered: the default was kept); \
                 seed (\"-1\" is not one of the values offered: the default was kept); \
                 n (given 2 times: the last was used); zz (unknown key, ignored)."
            );
            // what it writes it reads back
            let other =
                Lab { n: RwSignal::new(4), opt: RwSignal::new(OptimizerKind::Adam), on: RwSignal::new(false), seed: RwSignal::new(1) };
            let notes = LAB.read(&mut other.clone(), &url::parse_pairs(&LAB.link(&lab, &defaults, ("view", "rnn".into()))));
            assert_eq!((notes, values(other)), (vec![], values(lab)));
        });
    }
}
