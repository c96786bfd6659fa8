#![cfg(not(target_arch = "wasm32"))]
//! The layout rules of ARCHITECTURE.md, checked: the core's modules depend on each other without cycles,
//! every diagnostic code is documented, and no source file grows past what a reader can hold.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 700;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are module `a::b`; `src/lib.rs` is the crate root, "".
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without its unit tests, which may use anything.
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests").map_or(text, |i| &text[..i])
}

/// Every path a module uses: `use` declarations (re-exports with `pub use` are the module's surface, not
/// its dependencies) and paths written inline, resolved to absolute `a::b::c` form.
fn used_paths(module: &str, code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut statement = String::new();
    for line in code.lines() {
        let trimmed = line.trim_start();
        if statement.is_empty() && !(trimmed.starts_with("use ") || trimmed.starts_with("pub(crate) use ")) {
            for (start, _) in line.match_indices("crate::") {
                let tail: String = line[start + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                paths.push(tail);
            }
            continue;
        }
        statement.push_str(trimmed);
        if !trimmed.ends_with(';') {
            continue;
        }
        let declaration = std::mem::take(&mut statement);
        let body = declaration
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("use ")
            .trim_end_matches(';');
        for path in expand(body) {
            paths.push(path);
        }
    }
    let parent: Vec<&str> = if module.is_empty() {
        vec![]
    } else {
        module.split("::").collect()
    };
    paths
        .into_iter()
        .filter_map(|p| {
            if let Some(rest) = p.strip_prefix("crate::") {
                Some(rest.to_owned())
            } else if let Some(rest) = p.strip_prefix("self::") {
                Some(format!("{module}::{rest}"))
            } else if let Some(rest) = p.strip_prefix("super::") {
                let up = parent
                    .get(..parent.len().saturating_sub(1))
                    .unwrap_or_default()
                    .join("::");
                Some(if up.is_empty() {
                    rest.to_owned()
                } else {
                    format!("{up}::{rest}")
                })
            } else if !p.contains("::") || p.starts_with("std::") || p.starts_with("serde") {
                None
            } else {
                // A path starting at a child module declared in this module (`use condition::X`).
                let first = p.split("::").next().unwrap_or_default();
                code.contains(&format!("mod {first};")).then(|| {
                    if module.is_empty() {
                        p.clone()
                    } else {
                        format!("{module}::{p}")
                    }
                })
            }
        })
        .collect()
}

/// `a::{b, c::{d, e}}` becomes `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.replace(char::is_whitespace, "");
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.len() - 1];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// The longest known module a path starts with.
fn owning_module<'m>(modules: &'m BTreeSet<String>, path: &str) -> Option<&'m String> {
    modules
        .iter()
        .filter(|m| !m.is_empty() && (path == m.as_str() || path.starts_with(&format!("{m}::"))))
        .max_by_key(|m| m.len())
}

#[test]
fn core_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let text = std::fs::read_to_string(file).unwrap();
        for path in used_paths(&module, without_tests(&text)) {
            if let Some(target) = owning_module(&modules, &path)
                && *target != module
                && !module.starts_with(&format!("{target}::"))
            {
                edges.entry(module.clone()).or_default().insert(target.clone());
            }
        }
    }
    // Depth-first search for a back edge; the cycle is printed as the modules on it.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|m| m == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for module in &modules {
        if let Some(cycle) = visit(module, &edges, &mut Vec::new(), &mut done) {
            panic!("import cycle between core modules: {}", cycle.join(" -> "));
        }
    }
    assert!(edges.len() > 20, "the dependency scan found too few modules: {edges:?}");
}

#[test]
fn every_diagnostic_code_is_documented_and_every_documented_code_exists() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md")).unwrap();
    // The codes of the tables: the first cell of each row, one or more codes in backticks.
    let documented: BTreeSet<String> = docs
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .flat_map(|row| {
            let cell = row.split(" |").next().unwrap_or_default();
            cell.split('`')
                .filter(|part| {
                    part.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        && !part.is_empty()
                })
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let registered: BTreeSet<String> = crisscross_core::diagnostic::Code::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let undocumented: Vec<&String> = registered.difference(&documented).collect();
    let unknown: Vec<&String> = documented.difference(&registered).collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from docs/diagnostics.md: {undocumented:?}"
    );
    assert!(
        unknown.is_empty(),
        "docs/diagnostics.md lists codes crisscross never reports: {unknown:?}"
    );
}

#[test]
fn no_source_file_is_too_long_to_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "crates/crisscross-core/src",
        "crates/crisscross-cli/src",
        "crates/crisscross-reference/src",
        "web/src",
    ] {
        rust_files(&root.join(dir), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", f.strip_prefix(&root).unwrap().display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines; split them by what they hold: {long:?}"
    );
}
