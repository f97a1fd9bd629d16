//! Tidy checks over the source tree, as ordinary tests (rust-analyzer's `tidy.rs`):
//! the crate layering written in ARCHITECTURE.md against what Cargo resolves, no
//! import cycle between the modules of a crate, and a `//!` doc on every module.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// Workspace crate (folder name) → its normal (not dev, not build) dependencies,
/// as Cargo resolves them: `cargo metadata`, not a reading of the manifests.
fn dependencies() -> BTreeMap<String, Vec<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let mut out = BTreeMap::new();
    for package in metadata["packages"].as_array().expect("packages") {
        let manifest = Path::new(package["manifest_path"].as_str().expect("manifest_path"));
        let folder = manifest.parent().and_then(Path::file_name).expect("crate folder").to_string_lossy().into_owned();
        let deps = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|dep| dep["kind"].is_null())
            .map(|dep| dep["name"].as_str().expect("name").to_string())
            .collect();
        out.insert(folder, deps);
    }
    out
}

/// One row of ARCHITECTURE.md's layering table.
struct Layer {
    krate: String,
    /// tidtam crates it may use (`*`: any).
    may_use: Vec<String>,
    /// External crates reserved to the layers that list them.
    owned: Vec<String>,
}

/// The table between `<!-- tidy:layers -->` and `<!-- /tidy:layers -->` in ARCHITECTURE.md.
fn layers() -> Vec<Layer> {
    let text = std::fs::read_to_string(workspace_root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let start = text.find("<!-- tidy:layers -->").expect("ARCHITECTURE.md has the layering table");
    let end = text.find("<!-- /tidy:layers -->").expect("the layering table ends");
    let list = |cell: &str| -> Vec<String> {
        cell.split(',').map(|s| s.trim().trim_matches('`').to_string()).filter(|s| !s.is_empty() && s != "–").collect()
    };
    text[start..end]
        .lines()
        .filter(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').collect();
            assert_eq!(cells.len(), 3, "a layering row has three cells: {line}");
            Layer { krate: list(cells[0]).concat(), may_use: list(cells[1]), owned: list(cells[2]) }
        })
        .collect()
}

#[test]
fn crate_layering_holds() {
    let layers = layers();
    let deps = dependencies();
    let owned: Vec<&String> = layers.iter().flat_map(|layer| &layer.owned).collect();
    let mut problems = Vec::new();
    for (krate, deps) in &deps {
        let Some(layer) = layers.iter().find(|layer| &layer.krate == krate) else {
            problems.push(format!("crates/{krate} is not in ARCHITECTURE.md's layering table"));
            continue;
        };
        for dep in deps {
            if let Some(name) = dep.strip_prefix("tidtam-")
                && !layer.may_use.iter().any(|allowed| allowed == name || allowed == "*")
            {
                problems.push(format!("crates/{krate} must not depend on {dep} (ARCHITECTURE.md)"));
            }
            if owned.contains(&dep) && !layer.owned.contains(dep) {
                problems.push(format!("crates/{krate} uses {dep}, which ARCHITECTURE.md reserves to other layers"));
            }
        }
    }
    for layer in &layers {
        if !deps.contains_key(&layer.krate) {
            problems.push(format!("ARCHITECTURE.md lists crates/{}, which is not a workspace member", layer.krate));
        }
    }
    assert!(problems.is_empty(), "layering broken:\n{}", problems.join("\n"));
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_has_a_doc_comment() {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(workspace_root().join("crates")).expect("crates/").flatten() {
        rust_files(&entry.path().join("src"), &mut files);
    }
    let missing: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let first = text.lines().find(|line| !line.trim().is_empty() && !line.starts_with("#!")).unwrap_or("");
            !first.starts_with("//!")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(missing.is_empty(), "modules without a //! doc:\n{}", missing.join("\n"));
}

/// A file's module path inside its crate: `src/lib.rs` is the root (""),
/// `src/a.rs` and `src/a/mod.rs` are `a`, `src/a/b.rs` is `a::b`.
fn module_path(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("file under src").with_extension("");
    let mut segments: Vec<String> = relative.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    if matches!(segments.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        segments.pop();
    }
    segments.join("::")
}

/// The source without comments and without its `#[cfg(test)]` modules: tests may
/// reach into any module, and a doc link is not a dependency.
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        let next_is_module = lines.peek().is_some_and(|next| next.trim_start().starts_with("mod "));
        if line.trim() == "#[cfg(test)]" && next_is_module {
            // Skip the module: up to the brace that closes the one it opens.
            let mut depth = 0i32;
            let mut opened = false;
            for line in lines.by_ref() {
                for c in line.chars() {
                    match c {
                        '{' => (depth, opened) = (depth + 1, true),
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                if opened && depth <= 0 {
                    break;
                }
            }
            continue;
        }
        out.push_str(line.split("//").next().unwrap_or(""));
        out.push('\n');
    }
    out
}

/// The paths a source names through `crate::` and `super::` (groups `crate::{a, b::c}`
/// expanded), as absolute module paths split into segments.
fn referenced_paths(module: &str, code: &str) -> Vec<Vec<String>> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = code[at..].find(['c', 's']) {
        let start = at + offset;
        at = start + 1;
        if code[..start].ends_with(|c: char| is_ident(c) || c == ':') {
            continue;
        }
        let rest = &code[start..];
        let (base, tail): (Vec<String>, &str) = if let Some(tail) = rest.strip_prefix("crate::") {
            (Vec::new(), tail)
        } else if rest.starts_with("super::") {
            let mut base: Vec<String> = module.split("::").filter(|s| !s.is_empty()).map(String::from).collect();
            let mut tail = rest;
            while let Some(after) = tail.strip_prefix("super::") {
                base.pop();
                tail = after;
            }
            (base, tail)
        } else {
            continue;
        };
        let mut items = vec![(base, tail)];
        while let Some((mut path, text)) = items.pop() {
            let mut text = text.trim_start();
            let mut grouped = false;
            loop {
                let ident: String = text.chars().take_while(|&c| is_ident(c)).collect();
                if ident.is_empty() {
                    if let Some(group) = text.strip_prefix('{') {
                        grouped = true;
                        // One item per top-level comma of the group.
                        let mut depth = 0;
                        let mut item_start = 0;
                        for (index, c) in group.char_indices() {
                            match c {
                                '{' => depth += 1,
                                '}' if depth == 0 => {
                                    items.push((path.clone(), &group[item_start..index]));
                                    break;
                                }
                                '}' => depth -= 1,
                                ',' if depth == 0 => {
                                    items.push((path.clone(), &group[item_start..index]));
                                    item_start = index + 1;
                                }
                                _ => {}
                            }
                        }
                    }
                    break;
                }
                text = &text[ident.len()..];
                path.push(ident);
                match text.strip_prefix("::") {
                    Some(after) => text = after,
                    None => break,
                }
            }
            if !grouped {
                found.push(path);
            }
        }
    }
    found
}

/// Whether one module contains the other (`a` and `a::b`; the root contains all):
/// a parent and its children are one unit (the parent declares and re-exports
/// them, they use its items), so edges between them are not dependencies.
fn nested(a: &str, b: &str) -> bool {
    let within = |inner: &str, outer: &str| {
        outer.is_empty() || inner.strip_prefix(outer).is_some_and(|rest| rest.starts_with("::"))
    };
    within(a, b) || within(b, a)
}

/// Module → the modules of the same crate it names (the longest module prefix of each path).
fn module_graph(files: &[(String, String)]) -> BTreeMap<String, std::collections::BTreeSet<String>> {
    let modules: std::collections::BTreeSet<&str> = files.iter().map(|(module, _)| module.as_str()).collect();
    let mut graph: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for (module, source) in files {
        let edges = graph.entry(module.clone()).or_default();
        for path in referenced_paths(module, &code_only(source)) {
            let target = (0..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|candidate| modules.contains(candidate.as_str()))
                .unwrap_or_default();
            if &target != module && !nested(&target, module) {
                edges.insert(target);
            }
        }
    }
    graph
}

/// Every cycle of the graph, one per strongly connected part, as the modules along it.
fn cycles(graph: &BTreeMap<String, std::collections::BTreeSet<String>>) -> Vec<Vec<String>> {
    // The path from `from` back to `to`, by depth-first search.
    fn path_back(
        graph: &BTreeMap<String, std::collections::BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        for next in graph.get(from).into_iter().flatten() {
            if next == to {
                return Some(vec![from.to_string(), to.to_string()]);
            }
            if seen.insert(next.clone())
                && let Some(mut rest) = path_back(graph, next, to, seen)
            {
                rest.insert(0, from.to_string());
                return Some(rest);
            }
        }
        None
    }
    let mut found: Vec<Vec<String>> = Vec::new();
    for start in graph.keys() {
        if found.iter().any(|cycle| cycle.contains(start)) {
            continue;
        }
        if let Some(cycle) = path_back(graph, start, start, &mut Default::default()) {
            found.push(cycle);
        }
    }
    found
}

#[test]
fn no_module_import_cycles_inside_a_crate() {
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(workspace_root().join("crates")).expect("crates/").flatten() {
        let src = entry.path().join("src");
        let mut paths = Vec::new();
        rust_files(&src, &mut paths);
        // A binary's `main.rs` and a library's `lib.rs` are separate crates when both exist.
        paths.retain(|path| !path.ends_with("main.rs") || !src.join("lib.rs").exists());
        let files: Vec<(String, String)> = paths
            .iter()
            .map(|path| (module_path(&src, path), std::fs::read_to_string(path).expect("source file")))
            .collect();
        let krate = entry.file_name().to_string_lossy().into_owned();
        for cycle in cycles(&module_graph(&files)) {
            let named: Vec<&str> =
                cycle.iter().map(|m| if m.is_empty() { "(crate root)" } else { m.as_str() }).collect();
            problems.push(format!("{krate}: {}", named.join(" → ")));
        }
    }
    assert!(problems.is_empty(), "module import cycles:\n{}", problems.join("\n"));
}

#[test]
fn the_cycle_check_sees_use_super_and_groups_but_not_tests_or_comments() {
    let file = |module: &str, source: &str| (module.to_string(), source.to_string());
    let graph = |files: &[(String, String)]| cycles(&module_graph(files));
    // a → b through a group, b → c through super::, c → a through a path in code.
    let files = [
        file("a", "use crate::{error::Error, b::Thing};\n"),
        file("b", "fn f() { super::c::run() }\n"),
        file("c", "fn g() -> crate::a::Kind { todo!() }\n"),
        file("error", "pub struct Error;\n"),
    ];
    assert_eq!(graph(&files), vec![vec!["a".to_string(), "b".into(), "c".into(), "a".into()]]);
    // The same edge back written only in a comment or a test module is no cycle.
    let files = [
        file("a", "use crate::b::Thing;\n"),
        file("b", "//! See [`crate::a`].\n// crate::a::x\n#[cfg(test)]\nmod tests {\n    use crate::a::Kind;\n}\n"),
    ];
    assert!(graph(&files).is_empty());
}
