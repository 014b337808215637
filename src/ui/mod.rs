//! Leptos components, app state, the animation loop and URL state.
//!
//! `start` installs the panic hook and mounts [`app::App`].

pub mod about;
pub mod anim;
pub mod announce;
pub mod app;
pub mod autoencoder;
pub mod baselines;
pub mod bench;
pub mod conv_lab;
pub mod described;
pub mod files;
pub mod i18n;
pub mod jobs;
pub mod keyboard;
pub mod lab_settings;
pub mod later;
pub mod lessons;
pub mod loss_panel;
pub mod notice;
pub mod panic;
pub mod playground;
pub mod prepare;
pub mod rnn;
pub mod run;
pub mod settings;
pub mod stop_at;
pub mod stop_at_bar;
pub mod url;
pub mod widgets;
pub mod words;

/// Entry point of the web app (called by `main`).
pub fn start() {
    panic::install();
    // a page in Spanish or German mounts once its table is here: no first frame in English
    match i18n::init() {
        None => leptos::mount::mount_to_body(app::App),
        Some((l, from_link)) => {
            // the body carries data-mounting while the table comes, as the playground does while
            // its panels come: the e2e fixture waits until nothing carries it
            let body = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body());
            if let Some(b) = &body {
                b.set_attribute("data-mounting", "").ok();
            }
            wasm_bindgen_futures::spawn_local(async move {
                i18n::load(l, from_link).await;
                leptos::mount::mount_to_body(app::App);
                if let Some(b) = body {
                    b.remove_attribute("data-mounting").ok();
                }
            });
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// The `.rs` files under `dir`, recursively.
    pub(crate) fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src/ui is readable").flatten() {
            let p = entry.path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }

    /// Each top-level module of `ui` and the other top-level modules it names
    /// (`crate::ui::x`, or `super::x` from a file directly in `src/ui`).
    fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut files = Vec::new();
        sources(&root, &mut files);
        let module_of = |p: &Path| -> String {
            let rel = p.strip_prefix(&root).expect("under src/ui");
            let first = rel.components().next().expect("a file").as_os_str().to_string_lossy().into_owned();
            first.trim_end_matches(".rs").to_string()
        };
        let modules: BTreeSet<String> = files.iter().map(|p| module_of(p)).filter(|m| m != "mod").collect();
        let mut graph: BTreeMap<String, BTreeSet<String>> = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
        for p in &files {
            let from = module_of(p);
            if from == "mod" {
                continue;
            }
            let top_level = p.parent() == Some(root.as_path());
            // the code only: a comment naming a module (`[`crate::ui::run`]`) is no import
            let text: String = std::fs::read_to_string(p)
                .expect("readable")
                .lines()
                .map(|line| line.split("//").next().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n");
            let mut prefixes = vec!["crate::ui::"];
            if top_level {
                prefixes.push("super::");
            }
            for prefix in prefixes {
                for (i, _) in text.match_indices(prefix) {
                    let name: String = text[i + prefix.len()..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    if name != from && modules.contains(&name) {
                        graph.get_mut(&from).expect("a module").insert(name);
                    }
                }
            }
        }
        graph
    }

    /// A cycle through the graph, as the modules along it (None: there is none).
    fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
        fn visit(
            m: &str,
            graph: &BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) -> Option<Vec<String>> {
            if let Some(i) = path.iter().position(|p| p == m) {
                let mut cycle = path[i..].to_vec();
                cycle.push(m.to_string());
                return Some(cycle);
            }
            if done.contains(m) {
                return None;
            }
            path.push(m.to_string());
            for next in graph.get(m).into_iter().flatten() {
                if let Some(c) = visit(next, graph, path, done) {
                    return Some(c);
                }
            }
            path.pop();
            done.insert(m.to_string());
            None
        }
        let mut done = BTreeSet::new();
        graph.keys().find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
    }

    #[test]
    fn the_ui_modules_import_each_other_without_cycles() {
        let mut graph = import_graph();
        assert!(graph["app"].contains("playground") && graph["playground"].contains("anim"), "the graph is read: {graph:?}");
        assert_eq!(find_cycle(&graph), None, "a cycle among the ui modules");
        // the panels the playground hosts receive what they need (issue 24): they do not import it
        for panel in ["lessons", "jobs", "baselines"] {
            assert!(!graph[panel].contains("playground"), "{panel} imports the playground");
        }
        // and the check finds one
        graph.get_mut("anim").expect("anim").insert("app".into());
        assert!(find_cycle(&graph).is_some());
    }
}
