//! The labs' settings in the address (`#view=rnn&task=echo&k=8`), so a copied
//! link reopens the same experiment. A lab names each field once ([`Field`]):
//! its key, its signal, and which values a link may carry (the ones its control
//! offers). When the lab opens, the link's values are applied (a malformed or
//! unknown one keeps its default and is named in a notice, the rest still
//! apply); from then on every change writes back `view=…` and the fields that
//! differ from their defaults.

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use super::url::{self, enum_name, parse_enum};

/// One setting a link carries.
pub struct Field {
    key: &'static str,
    /// The value as a link writes it (tracks the signal).
    show: Box<dyn Fn() -> String>,
    /// Applies a value from a link; false (and nothing changes) when it is not one the control offers.
    apply: Box<dyn Fn(&str) -> bool>,
}

impl Field {
    /// A number chosen from `offered` (the values of its `<select>`).
    pub fn choice<T>(key: &'static str, signal: RwSignal<T>, offered: Vec<T>) -> Field
    where
        T: Copy + PartialEq + std::fmt::Display + std::str::FromStr + Send + Sync + 'static,
    {
        Field {
            key,
            show: Box::new(move || signal.get().to_string()),
            apply: Box::new(move |v| match v.parse::<T>() {
                Ok(x) if offered.contains(&x) => {
                    signal.set(x);
                    true
                }
                _ => false,
            }),
        }
    }

    /// An enum value, by its serde name (as the menus name it), from `offered`.
    pub fn enumeration<T>(key: &'static str, signal: RwSignal<T>, offered: &'static [T]) -> Field
    where
        T: Copy + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
    {
        Field {
            key,
            show: Box::new(move || enum_name(&signal.get())),
            apply: Box::new(move |v| match parse_enum::<T>(v) {
                Some(x) if offered.contains(&x) => {
                    signal.set(x);
                    true
                }
                _ => false,
            }),
        }
    }

    /// An on/off switch, written `1` or `0`.
    pub fn flag(key: &'static str, signal: RwSignal<bool>) -> Field {
        Field {
            key,
            show: Box::new(move || if signal.get() { "1" } else { "0" }.to_string()),
            apply: Box::new(move |v| match v {
                "1" | "true" => {
                    signal.set(true);
                    true
                }
                "0" | "false" => {
                    signal.set(false);
                    true
                }
                _ => false,
            }),
        }
    }

    /// A seed: any whole number from 0 to 2⁶⁴ − 1.
    pub fn seed(key: &'static str, signal: RwSignal<u64>) -> Field {
        Field {
            key,
            show: Box::new(move || signal.get().to_string()),
            apply: Box::new(move |v| match v.parse::<u64>() {
                Ok(x) => {
                    signal.set(x);
                    true
                }
                Err(_) => false,
            }),
        }
    }
}

/// What a link did not use, as a notice names it (None when it used everything).
fn apply_pairs(fields: &[Field], pairs: &[(String, String)]) -> Option<String> {
    let mut notes: Vec<String> = url::view_choice(pairs).1.into_iter().collect();
    let mut unknown: Vec<String> = Vec::new();
    for (k, v) in pairs.iter().filter(|(k, _)| k != "view") {
        match fields.iter().find(|f| f.key == k) {
            Some(f) => {
                if !(f.apply)(v) {
                    notes.push(format!("{} (\"{}\" is not one of the values offered: the default was kept)", f.key, url::shown_key(v)));
                }
            }
            None => {
                let k = url::shown_key(k);
                if !unknown.contains(&k) {
                    unknown.push(k);
                }
            }
        }
    }
    for (k, n) in url::repeated_keys(pairs) {
        if fields.iter().any(|f| f.key == k) {
            notes.push(format!("{} (given {n} times: the last was used)", url::shown_key(&k)));
        }
    }
    notes.extend(unknown.into_iter().map(|k| format!("{k} (unknown key, ignored)")));
    (!notes.is_empty()).then(|| format!("The address was not used as written: {}.", notes.join("; ")))
}

/// Binds a lab's `fields` to the address: applies the current link's values
/// (returning the notice naming what it did not use), then keeps the address in
/// step with every change. The defaults are the fields' values when called.
pub fn bind(view: &'static str, fields: Vec<Field>) -> Option<String> {
    let defaults: Vec<String> = fields.iter().map(|f| untrack(|| (f.show)())).collect();
    let note = apply_pairs(&fields, &url::parse_pairs(&url::read_hash()));
    Effect::new(move |_| {
        let mut pairs = vec![("view", view.to_string())];
        for (f, d) in fields.iter().zip(&defaults) {
            let v = (f.show)();
            if v != *d {
                pairs.push((f.key, v));
            }
        }
        url::write_hash(&url::join_pairs(pairs));
    });
    note
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::math::optimizer::OptimizerKind;

    /// Four signals and their fields.
    struct Lab {
        fields: Vec<Field>,
        n: RwSignal<usize>,
        opt: RwSignal<OptimizerKind>,
        on: RwSignal<bool>,
        seed: RwSignal<u64>,
    }

    fn lab() -> Lab {
        let (n, opt, on, seed) = (RwSignal::new(4usize), RwSignal::new(OptimizerKind::Adam), RwSignal::new(false), RwSignal::new(1u64));
        let fields = vec![
            Field::choice("n", n, vec![2, 4, 8]),
            Field::enumeration("opt", opt, OptimizerKind::all()),
            Field::flag("on", on),
            Field::seed("seed", seed),
        ];
        Lab { fields, n, opt, on, seed }
    }

    #[test]
    fn a_link_sets_what_it_names_and_names_what_it_did_not_use() {
        let owner = Owner::new();
        owner.with(|| {
            let Lab { fields: f, n, opt, on, seed } = lab();
            let sgd = enum_name(&OptimizerKind::Sgd);
            let note = apply_pairs(&f, &url::parse_pairs(&format!("#view=rnn&n=8&opt={sgd}&on=1&seed=77")));
            assert_eq!(note, None);
            assert_eq!(
                (n.get_untracked(), opt.get_untracked(), on.get_untracked(), seed.get_untracked()),
                (8, OptimizerKind::Sgd, true, 77)
            );

            let note = apply_pairs(&f, &url::parse_pairs("#n=5&opt=Fast&on=maybe&seed=-1&zz=1&n=2")).unwrap();
            // n=5 is not offered but the later n=2 is: the last wins
            assert_eq!(n.get_untracked(), 2);
            assert_eq!(
                (opt.get_untracked(), on.get_untracked(), seed.get_untracked()),
                (OptimizerKind::Sgd, true, 77),
                "bad values change nothing"
            );
            for part in ["n (\"5\"", "opt (\"Fast\"", "on (\"maybe\"", "seed (\"-1\"", "n (given 2 times", "zz (unknown key, ignored)"] {
                assert!(note.contains(part), "{part} missing from: {note}");
            }
        });
    }

    #[test]
    fn the_labs_links_are_written_as_before() {
        let owner = Owner::new();
        owner.with(|| {
            let written: Vec<(&str, String)> = lab().fields.iter().map(|f| (f.key, untrack(|| (f.show)()))).collect();
            assert_eq!(url::join_pairs(written), "n=4&opt=Adam&on=0&seed=1");
            // the recurrent view's menus, by their serde names
            use crate::engine::rnn::task::Task;
            let tasks: Vec<String> = Task::all().iter().map(enum_name).collect();
            assert_eq!(tasks, ["parity", "trend", "sine", "echo"]);
            let kinds: Vec<String> = OptimizerKind::all().iter().map(enum_name).collect();
            assert_eq!(kinds, ["Sgd", "Momentum", "Nesterov", "Adam", "RmsProp"]);
            assert_eq!(parse_enum::<Task>("echo"), Some(Task::Echo));
            assert_eq!(parse_enum::<Task>("Echo"), None);
            assert_eq!(parse_enum::<OptimizerKind>("RmsProp"), Some(OptimizerKind::RmsProp));
        });
    }

    #[test]
    fn what_a_field_writes_it_reads_back() {
        let owner = Owner::new();
        owner.with(|| {
            let f = lab().fields;
            let written: Vec<(&str, String)> = f.iter().map(|f| (f.key, untrack(|| (f.show)()))).collect();
            let Lab { fields: g, n, opt, on, seed } = lab();
            n.set(2);
            opt.set(OptimizerKind::Sgd);
            on.set(true);
            seed.set(9);
            assert_eq!(apply_pairs(&g, &url::parse_pairs(&url::join_pairs(written))), None);
            assert_eq!(
                (n.get_untracked(), opt.get_untracked(), on.get_untracked(), seed.get_untracked()),
                (4, OptimizerKind::Adam, false, 1)
            );
        });
    }
}
