//! Tidy checks over the source tree, as ordinary tests (rust-analyzer's `tidy.rs`):
//! the crate layering written in ARCHITECTURE.md against what Cargo resolves, and
//! a `//!` doc on every module.

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
