//! Claude Code skills on this machine: `.claude/skills/<name>/SKILL.md` in the
//! current repository and in `~/.claude/skills`, matched to catalog personas.

use std::path::{Path, PathBuf};

use serde::Serialize;
use skill_chains_core::catalog::PersonaCatalog;

#[derive(Debug, Clone, Serialize)]
pub struct FoundSkill {
    /// The skill directory's name.
    pub name: String,
    pub path: PathBuf,
    /// `repo` or `user`.
    pub scope: &'static str,
    /// The catalog persona it belongs to, when its name resolves to one.
    pub persona: Option<String>,
}

/// The repository root above the current directory (or the directory itself).
pub fn repo_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
        .unwrap_or(cwd)
}

fn scan(dir: &Path, scope: &'static str, personas: &PersonaCatalog, out: &mut Vec<FoundSkill>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut found: Vec<FoundSkill> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join("SKILL.md").is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let persona = personas.resolve(&name).map(|p| p.slug.clone());
            FoundSkill {
                path: e.path().join("SKILL.md"),
                name,
                scope,
                persona,
            }
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    out.extend(found);
}

/// Every skill found, the repository's first.
pub fn discover(personas: &PersonaCatalog) -> Vec<FoundSkill> {
    let mut out = Vec::new();
    scan(
        &repo_root().join(".claude/skills"),
        "repo",
        personas,
        &mut out,
    );
    if let Some(home) = std::env::var_os("HOME") {
        scan(
            &Path::new(&home).join(".claude/skills"),
            "user",
            personas,
            &mut out,
        );
    }
    out
}
