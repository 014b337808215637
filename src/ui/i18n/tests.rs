//! Every string the code looks up exists in every language, with the same
//! parameters; the tables hold nothing else twice.

use super::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The `{name}` parameters of a text.
fn params(s: &str) -> BTreeSet<&str> {
    s.match_indices('{')
        .filter_map(|(i, _)| s[i + 1..].split_once('}').map(|(name, _)| name))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect()
}

/// The Rust string literal starting at `src[0] == '"'`: its value and the rest after it.
fn literal(src: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = src.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &src[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '\\' => out.push('\\'),
                '"' => out.push('"'),
                '\'' => out.push('\''),
                '0' => out.push('\0'),
                'u' => {
                    let mut hex = String::new();
                    for (_, h) in chars.by_ref() {
                        match h {
                            '{' => {}
                            '}' => break,
                            h => hex.push(h),
                        }
                    }
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                '\n' => {
                    while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                        chars.next();
                    }
                }
                other => panic!("escape \\{other} not read"),
            },
            c => out.push(c),
        }
    }
    None
}

/// The keys the code asks for: `t("…")` and both texts of `plural(n, "…", "…")`.
fn keys_in(text: &str, out: &mut BTreeSet<String>) {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    // `t(` or `mark(`, then the literal (rustfmt may put it on the next line)
    for (i, _) in text.match_indices("t(").chain(text.match_indices("mark(").map(|(i, _)| (i + 3, ""))) {
        let marked = text[..i].ends_with("mar");
        if !marked && text[..i].chars().next_back().is_some_and(ident) {
            continue;
        }
        let rest = text[i + 2..].trim_start();
        if rest.starts_with('"') {
            let (k, _) = literal(rest).expect("a closed literal");
            out.insert(k);
        }
    }
    for (i, _) in text.match_indices("plural(") {
        if text[..i].chars().next_back().is_some_and(ident) || text[..i].ends_with("fn ") {
            continue;
        }
        let rest = &text[i..];
        let Some(q) = rest.find('"') else { continue };
        let (one, rest) = literal(&rest[q..]).expect("a closed literal");
        let q = rest.find('"').expect("two forms");
        let (other, _) = literal(&rest[q..]).expect("a closed literal");
        out.insert(one);
        out.insert(other);
    }
}

/// Every key the code and the built-in lessons ask for.
fn wanted() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    crate::ui::tests::sources(&root.join("src/ui"), &mut files);
    let mut keys = BTreeSet::new();
    for f in files.iter().filter(|f| !f.ends_with("i18n/tests.rs")) {
        keys_in(&std::fs::read_to_string(f).expect("readable"), &mut keys);
    }
    // the built-in lessons' texts (a teacher's own lesson stays in its one language)
    let lessons: serde_json::Value = serde_json::from_str(include_str!("../lessons/builtin.json")).expect("json");
    for l in lessons.as_array().expect("a list") {
        for field in LESSON_TEXTS {
            if let Some(text) = l.get(field).and_then(|v| v.as_str()) {
                keys.insert(text.to_string());
            }
        }
    }
    keys
}

#[test]
fn every_language_has_every_key_with_the_same_parameters() {
    let wanted = wanted();
    assert!(wanted.len() > 100 && wanted.contains("Reset"), "the keys are read: {}", wanted.len());
    for l in [Lang::Es, Lang::De] {
        let pairs = parse(l.source());
        let mut seen = BTreeSet::new();
        for (k, v) in &pairs {
            assert!(seen.insert(*k), "{}: {k:?} twice", l.code());
            assert_eq!(params(k), params(v), "{}: {k:?} → {v:?}: the parameters differ", l.code());
            assert!(!v.trim().is_empty(), "{}: {k:?} is empty", l.code());
        }
        let missing: Vec<&String> = wanted.iter().filter(|k| !seen.contains(k.as_str())).collect();
        assert!(missing.is_empty(), "{}: {} keys untranslated: {missing:#?}", l.code(), missing.len());
        let stale: Vec<&&str> = seen.iter().filter(|k| !wanted.contains(**k)).collect();
        assert!(stale.is_empty(), "{}: keys no code asks for: {stale:#?}", l.code());
    }
}

#[test]
fn the_reader_finds_keys_and_parameters() {
    let mut keys = BTreeSet::new();
    keys_in("a(t(\"One {n}\"), fmt(\"x\"), plural(k, \"a \\\"b\\\"\", \"c\\\n     d\"))", &mut keys);
    assert_eq!(keys, ["One {n}", "a \"b\"", "cd"].map(String::from).into_iter().collect());
    assert_eq!(params("{a} and {b}, {}"), ["a", "b"].into_iter().collect());
}

#[test]
fn the_language_comes_from_the_link_then_the_browser() {
    let b = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(choose("#lang=es", &b(&["de-DE"])), (Lang::Es, true));
    assert_eq!(choose("#lr=1", &b(&["fr", "de-AT", "es"])), (Lang::De, false));
    assert_eq!(choose("#lang=fr", &b(&["en-US"])), (Lang::En, false));
    assert_eq!(choose("#lang=ES", &b(&[])), (Lang::En, false));
    assert_eq!(choose("", &b(&[])), (Lang::En, false));
}

#[test]
fn a_lookup_falls_back_to_english_and_fills_parameters() {
    set_lang(Lang::De, false, Lang::De.source());
    assert_eq!(t("no such text"), "no such text");
    assert_eq!(fill("{a}+{a}={b}", &[("a", &1), ("b", &2)]), "1+1=2");
    set_lang(Lang::En, false, "");
}

#[test]
fn each_table_is_copied_into_the_build_where_the_page_fetches_it() {
    let index = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index.html")).expect("index.html");
    assert_eq!(Lang::En.table_url(), None, "English has no table");
    for l in [Lang::Es, Lang::De] {
        let url = l.table_url().expect("a table");
        let file = url.split('?').next().unwrap_or_default();
        assert_eq!(file, format!("i18n/{}.txt", l.code()));
        let copy = format!(r#"<link data-trunk rel="copy-file" href="src/ui/i18n/{}.txt" data-target-path="i18n" />"#, l.code());
        assert!(index.contains(&copy), "index.html copies {}'s table: {copy}", l.code());
    }
    // the query follows the table's text: a new table is a new address
    assert_ne!(content_hash(b"Reset\n= Reiniciar\n"), content_hash(b"Reset\n= Restablecer\n"));
    assert_ne!(Lang::Es.table_url(), Lang::De.table_url());
}
