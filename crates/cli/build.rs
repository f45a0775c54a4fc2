//! Which external tools the integration tests can use here, as cfgs the
//! tests read: a test that needs a missing tool is marked `ignore` with the
//! reason, so the test summary counts it as ignored instead of passed.
//! Under CI (`CI` set) nothing is marked: CI installs every tool, and a test
//! whose tool is still missing fails.
//!
//! The script runs again when `PATH` or `CI` change, when a directory on
//! `PATH` gains or loses a file (a tool installed), and when `tests/js`
//! changes (`npm ci` made `node_modules`).

use std::env;
use std::path::{Path, PathBuf};

/// The tools the tests use, by the cfg that says one is missing.
const TOOLS: [(&str, &str); 3] = [
    ("missing_dot", "dot"),
    ("missing_chromium", "chromium"),
    ("missing_node", "node"),
];

fn on_path(name: &str, dirs: &[PathBuf]) -> bool {
    dirs.iter().any(|d| {
        let p = d.join(name);
        p.is_file() && is_executable(&p)
    })
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    true
}

fn main() {
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=CI");
    for (cfg, _) in TOOLS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    let dirs: Vec<PathBuf> = env::var_os("PATH")
        .map(|p| env::split_paths(&p).filter(|d| d.is_dir()).collect())
        .unwrap_or_default();
    for d in &dirs {
        println!("cargo::rerun-if-changed={}", d.display());
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let js = manifest.join("../../tests/js");
    if js.is_dir() {
        println!("cargo::rerun-if-changed={}", js.display());
    }
    if env::var_os("CI").is_some() {
        return;
    }
    for (cfg, tool) in TOOLS {
        let usable =
            on_path(tool, &dirs) && (tool != "node" || js.join("node_modules/mermaid").is_dir());
        if !usable {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
