//! The import graph of `src/` holds the map in ARCHITECTURE.md: data flows one way.
//!
//! The test reads every `crate::…`, `super::…`, `self::…` and child-module path of the
//! library's source (test modules left out), resolves each to the module it names and
//! checks two things:
//!
//! - **no loops**: no module imports one that imports it back, directly or through
//!   others. A module is a file: `render::context` and `render::email` are two. The
//!   only edges left out are a folder module's (`render/mod.rs`) own paths into its
//!   files, since a folder's `mod.rs` declares and re-exports its parts;
//! - **no import upward**: every module has a layer in [`LAYERS`], in pipeline order,
//!   and imports only modules of its own layer or below.
//!
//! A new module must be given a layer here; an exception must name its reason, and the
//! test fails once the exception is no longer needed, so the list only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers from the bottom up; a module's layer is that of the longest prefix
/// listed (`media::model` before `media`). `crate` is `lib.rs`.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation",
        &[
            "error",
            "interrupt",
            "input",
            "address",
            "typography",
            "config",
            "funders",
            "i18n",
        ],
    ),
    ("load", &["content", "theme"]),
    ("model", &["site", "media::model", "taxonomy", "results"]),
    ("markdown", &["markdown", "sanitize", "text"]),
    ("read from model and markdown", &["search", "media", "cms"]),
    ("render", &["render", "shortcodes"]),
    ("output", &["output"]),
    // `pipeline` runs load → model → Markdown → render → write, beside `init`/`new`.
    ("pipeline", &["pipeline", "scaffold"]),
    ("commands", &["check", "serve"]),
    // lib.rs is the library's entry points only: it re-exports and calls the commands.
    ("entry points", &["crate"]),
];

/// Edges that break the rules for now, with the reason. Each must still exist.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// Stages that must not know each other at all, though layers would allow it: output
/// writes what it is given, and the media survey is part of loading.
const SEPARATE: &[(&str, &str)] = &[("output", "render"), ("media", "render")];

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn modules_import_no_loop_and_nothing_above_their_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = import_graph(&src);
    assert!(
        graph.len() > 30 && graph.contains_key("render::context"),
        "the source was not read: {:?}",
        graph.keys().collect::<Vec<_>>()
    );

    let mut problems = Vec::new();
    let mut checked = graph.clone();
    for (from, to, _) in EXCEPTIONS {
        if !checked.get(*from).is_some_and(|t| t.contains(*to)) {
            problems.push(format!(
                "exception {from} -> {to} is no longer needed: remove it from EXCEPTIONS"
            ));
        }
        if let Some(t) = checked.get_mut(*from) {
            t.remove(*to);
        }
    }
    for (from, targets) in &checked {
        let Some(here) = layer_of(from) else {
            problems.push(format!("module {from} has no layer in LAYERS"));
            continue;
        };
        for to in targets {
            for (a, b) in SEPARATE {
                if is_in(from, a) && is_in(to, b) {
                    problems.push(format!("{from} imports {to}: nothing in {a} may use {b}"));
                }
            }
            match layer_of(to) {
                Some(there) if there > here => problems.push(format!(
                    "{from} ({}) imports {to} ({}), a layer above it",
                    LAYERS[here].0, LAYERS[there].0
                )),
                _ => {}
            }
        }
    }
    let without_folder_faces: Graph = checked
        .iter()
        .map(|(from, targets)| {
            let own = |to: &String| from != "crate" && to.starts_with(&format!("{from}::"));
            (
                from.clone(),
                targets.iter().filter(|t| !own(t)).cloned().collect(),
            )
        })
        .collect();
    for cycle in cycles(&without_folder_faces) {
        problems.push(format!("import loop: {}", cycle.join(" -> ")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Whether `module` is `parent` or inside it.
fn is_in(module: &str, parent: &str) -> bool {
    module == parent || module.starts_with(&format!("{parent}::"))
}

/// The index in [`LAYERS`] of the longest listed prefix of `module`.
fn layer_of(module: &str) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, (_, modules)) in LAYERS.iter().enumerate() {
        for m in *modules {
            if is_in(module, m) && best.is_none_or(|(len, _)| m.len() > len) {
                best = Some((m.len(), i));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// Module path → the modules its code names. `lib.rs` is `crate`; `main.rs` (the
/// binary, on top of everything) is left out.
fn import_graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    collect_files(src, src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut graph = Graph::new();
    for (module, text) in &files {
        let targets = references(module, &code_of(text))
            .into_iter()
            .filter_map(|path| resolve(&modules, &path))
            .filter(|target| target != module)
            .collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

fn collect_files(src: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("src/ is readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_files(src, &path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).expect("under src/");
        let mut parts: Vec<String> = rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match parts.as_slice() {
            [only] if only == "main" => continue,
            [only] if only == "lib" => parts = vec!["crate".to_string()],
            [.., last] if last == "mod" => {
                parts.pop();
            }
            _ => {}
        }
        let text = std::fs::read_to_string(&path).expect("source is UTF-8");
        out.push((parts.join("::"), text));
    }
}

/// The code of a file without its comments and its `#[cfg(test)]` modules.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            let next = lines.peek().map_or("", |l| l.trim_start());
            if next.starts_with("mod ") || next.starts_with("pub mod ") {
                skip_block(&mut lines);
                continue;
            }
        }
        if trimmed.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Skips the lines of the block that starts on the next line, up to its closing brace.
fn skip_block<'a>(lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>) {
    let mut depth = 0i32;
    let mut opened = false;
    for line in lines.by_ref() {
        for c in line.chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        if opened && depth <= 0 || !opened && line.trim_end().ends_with(';') {
            return;
        }
    }
}

/// Every path the code of `module` names, as absolute segments (`["render", "escape"]`).
fn references(module: &str, code: &str) -> Vec<Vec<String>> {
    let here: Vec<String> = if module == "crate" {
        Vec::new()
    } else {
        module.split("::").map(str::to_string).collect()
    };
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != b':';
        if !starts_word || !is_ident(bytes[i]) {
            i += 1;
            continue;
        }
        let (path, end) = parse_path(code, i);
        i = end.max(i + 1);
        let Some(first) = path.first() else { continue };
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => here.clone(),
            "super" => {
                let mut b = here.clone();
                let mut rest = path.iter();
                while rest.next().is_some_and(|s| s == "super") {
                    b.pop();
                }
                b
            }
            // A path into a child module (`context::x` in render/mod.rs, `config::…` in
            // lib.rs) is kept; resolve() drops it when no such module exists.
            _ => here.clone(),
        };
        let skip = path
            .iter()
            .take_while(|s| *s == "super")
            .count()
            .max(usize::from(first == "crate" || first == "self"));
        let rest = &path[skip..];
        let tail_is_group = code[end..].trim_start().starts_with("::{");
        if tail_is_group || code[end..].starts_with("::{") {
            let open = end + code[end..].find('{').expect("a group");
            let close = matching_brace(code, open);
            base.extend(rest.iter().cloned());
            for item in group_paths(&code[open + 1..close]) {
                let mut full = base.clone();
                full.extend(item);
                found.push(full);
            }
            i = close + 1;
        } else if path.len() > 1 || first == "crate" {
            base.extend(rest.iter().cloned());
            found.push(base);
        }
    }
    found
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `a::b::c` starting at `start`: its segments and where it ends (before a `::{`).
fn parse_path(code: &str, start: usize) -> (Vec<String>, usize) {
    let bytes = code.as_bytes();
    let mut segments = Vec::new();
    let mut i = start;
    loop {
        let s = i;
        while i < bytes.len() && is_ident(bytes[i]) {
            i += 1;
        }
        if s == i {
            break;
        }
        segments.push(code[s..i].to_string());
        if code[i..].starts_with("::") && bytes.get(i + 2).is_some_and(|&b| is_ident(b)) {
            i += 2;
        } else {
            break;
        }
    }
    (segments, i)
}

fn matching_brace(code: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// The paths of a use group's inside: `a::B, c::{d, e as f}, self` → a::B, c::d, c::e.
fn group_paths(inside: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut item_start = 0;
    let mut items = Vec::new();
    for (i, c) in inside.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inside[item_start..i]);
                item_start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inside[item_start..]);
    for item in items {
        let item = item.trim();
        if item.is_empty() || item == "self" || item == "*" {
            continue;
        }
        let (path, end) = parse_path(item, 0);
        if let Some(open) = item[end..].find('{').map(|o| end + o) {
            let close = matching_brace(item, open);
            for sub in group_paths(&item[open + 1..close]) {
                let mut full = path.clone();
                full.extend(sub);
                out.push(full);
            }
        } else if !path.is_empty() {
            out.push(path);
        }
    }
    out
}

/// The longest prefix of `path` that is a module; `crate` for an item of lib.rs.
fn resolve(modules: &BTreeSet<String>, path: &[String]) -> Option<String> {
    for n in (1..=path.len()).rev() {
        let candidate = path[..n].join("::");
        if modules.contains(&candidate) {
            return Some(candidate);
        }
    }
    // `crate::Loaded`, `crate::{BuildOptions, …}`: items defined in lib.rs. A path whose
    // first segment is a std or dependency crate never resolves.
    (path.len() == 1 && path[0].chars().next().is_some_and(char::is_uppercase)
        || path.len() == 1 && is_lib_function(&path[0]))
    .then(|| "crate".to_string())
}

/// Functions of lib.rs other modules call as `crate::name`.
fn is_lib_function(name: &str) -> bool {
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs");
    std::fs::read_to_string(lib).is_ok_and(|text| {
        text.contains(&format!("pub fn {name}("))
            || text.contains(&format!("pub(crate) fn {name}("))
    })
}

/// Every loop of the graph, each once, as its modules with the first repeated at the end.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        state: &mut BTreeMap<String, State>,
        stack: &mut Vec<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        state.insert(node.to_string(), State::Open);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(State::Open) => {
                    let from = stack.iter().position(|n| n == next).expect("on the stack");
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    found.push(cycle);
                }
                Some(State::Done) => {}
                None => visit(next, graph, state, stack, found),
            }
        }
        stack.pop();
        state.insert(node.to_string(), State::Done);
    }
    let mut state = BTreeMap::new();
    let mut found = Vec::new();
    for node in graph.keys() {
        if !state.contains_key(node) {
            visit(node, graph, &mut state, &mut Vec::new(), &mut found);
        }
    }
    found
}

fn graph_of(edges: &[(&str, &str)]) -> Graph {
    let mut g = Graph::new();
    for (a, b) in edges {
        g.entry(a.to_string()).or_default().insert(b.to_string());
        g.entry(b.to_string()).or_default();
    }
    g
}

#[test]
fn the_cycle_finder_finds_a_loop_through_three_modules_and_none_in_a_tree() {
    let looped = graph_of(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]);
    assert_eq!(cycles(&looped), vec![vec!["a", "b", "c", "a"]]);
    let direct = graph_of(&[("render", "shortcodes"), ("shortcodes", "render")]);
    assert_eq!(
        cycles(&direct),
        vec![vec!["render", "shortcodes", "render"]]
    );
    let tree = graph_of(&[("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")]);
    assert!(cycles(&tree).is_empty());
}

#[test]
fn references_are_read_from_uses_groups_super_and_inline_paths() {
    let code = code_of(
        "use crate::{config::Config, content::{slug, When}};\n\
         use super::xml::escape;\n\
         // crate::commented::out\n\
         fn f() { crate::output::ics::feed_url(x); }\n\
         #[cfg(test)]\nmod tests {\n    use crate::serve::x;\n}\n",
    );
    let found = references("output::feeds", &code);
    let joined: BTreeSet<String> = found.iter().map(|p| p.join("::")).collect();
    let expected: BTreeSet<String> = [
        "config::Config",
        "content::slug",
        "content::When",
        "output::xml::escape",
        "output::ics::feed_url",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        joined.intersection(&expected).count(),
        expected.len(),
        "{joined:?}"
    );
    assert!(!joined
        .iter()
        .any(|p| p.contains("commented") || p.contains("serve")));
}

#[test]
fn layers_go_by_the_longest_listed_prefix() {
    let model = LAYERS.iter().position(|(n, _)| *n == "model");
    let derived = LAYERS.iter().position(|(_, m)| m.contains(&"media"));
    assert_eq!(layer_of("media::model"), model);
    assert_eq!(layer_of("media::resize"), derived);
    assert_eq!(layer_of("nowhere"), None);
}
