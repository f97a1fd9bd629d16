//! Tidy checks over the source tree, as ordinary tests (rust-analyzer's `tidy.rs`):
//! the crate layering written in ARCHITECTURE.md, and a `//!` doc on every module.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// Crate folder → its manifest's dependency names (all tables: normal, dev, build).
fn manifests() -> BTreeMap<String, Vec<(String, bool)>> {
    let mut out = BTreeMap::new();
    let crates = workspace_root().join("crates");
    for entry in std::fs::read_dir(&crates).expect("crates/") {
        let dir = entry.expect("entry").path();
        let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else { continue };
        let mut deps = Vec::new();
        let mut table = String::new();
        for line in manifest.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                table = line.to_string();
                continue;
            }
            let is_dep_table = table.contains("dependencies");
            if let Some((name, _)) = line.split_once('=').filter(|_| is_dep_table && !line.starts_with('#')) {
                let name = name.trim().trim_end_matches(".workspace").to_string();
                deps.push((name, table.contains("dev-dependencies")));
            }
        }
        out.insert(dir.file_name().expect("name").to_string_lossy().into_owned(), deps);
    }
    out
}

/// Which tidtam crates each crate may use (normal dependencies). Nothing points back up.
const ALLOWED: &[(&str, &[&str])] = &[
    ("thai", &[]),
    ("report", &["tidtam-thai"]),
    ("link", &["tidtam-thai"]),
    ("domain", &["tidtam-thai"]),
    ("export", &["tidtam-thai", "tidtam-report", "tidtam-domain"]),
    ("store", &["tidtam-thai", "tidtam-domain"]),
    ("service", &["tidtam-thai", "tidtam-domain", "tidtam-store", "tidtam-report", "tidtam-export", "tidtam-link"]),
    ("web", &["tidtam-thai", "tidtam-domain", "tidtam-service", "tidtam-report", "tidtam-export"]),
    ("test-support", &["tidtam-thai", "tidtam-domain", "tidtam-store", "tidtam-service", "tidtam-report"]),
];

/// External crates that belong to one layer only.
const OWNED: &[(&str, &[&str])] = &[("sqlx", &["store", "test-support"]), ("axum", &["web"]), ("clap", &["cli"])];

#[test]
fn crate_layering_holds() {
    let mut problems = Vec::new();
    for (krate, deps) in manifests() {
        for (dep, dev) in &deps {
            if *dev {
                continue;
            }
            if dep.starts_with("tidtam-") && krate != "cli" {
                match ALLOWED.iter().find(|(name, _)| *name == krate) {
                    Some((_, allowed)) if allowed.contains(&dep.as_str()) => {}
                    Some(_) => problems.push(format!("crates/{krate} must not depend on {dep}")),
                    None => problems.push(format!("crates/{krate} is not in the layering table (ALLOWED)")),
                }
            }
            if let Some((_, owners)) = OWNED.iter().find(|(name, _)| name == dep)
                && !owners.contains(&krate.as_str())
            {
                problems.push(format!("crates/{krate} uses {dep}, which only {owners:?} may use"));
            }
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
