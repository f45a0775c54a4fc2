//! `init claude`: set a project up for Claude Code. Writes the nine slash
//! commands (`.claude/commands/*.md`), the skill that says when and how to
//! use skill-chains (`.claude/skills/skill-chains/SKILL.md`), and the MCP
//! server entry in `.mcp.json` (merged: the user's other servers stay).
//! Running it again changes nothing; a file the user changed is kept unless
//! `--force`.

use std::fmt::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use skill_chains_core::render::claude::{self, SHORTCUTS};

use crate::context::Context;
use crate::files;
use crate::output::{Failed, Human, Out, Reply};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub target: Target,
}

#[derive(Debug, clap::Subcommand)]
pub enum Target {
    /// Claude Code: slash commands, the skill-chains skill, and the MCP server in .mcp.json.
    Claude(ClaudeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ClaudeArgs {
    /// The project directory (default: the current directory).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The program Claude Code starts for the MCP server (default: `skill-chains`
    /// when it is on PATH, else this binary's full path).
    #[arg(long, value_name = "PATH")]
    pub command: Option<String>,
    /// Replace files (and the .mcp.json entry) that differ from what would be written.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Outcome {
    Created,
    Unchanged,
    Replaced,
    /// Merged into an existing file.
    Updated,
    /// Left alone: the user's file differs (pass --force).
    Kept,
}

#[derive(Serialize)]
struct Written {
    path: String,
    outcome: Outcome,
}

#[derive(Serialize)]
struct Report {
    dir: String,
    command: String,
    /// Where the command is found: `path`, `project` (relative to the
    /// project root), `not-on-path` or `given` (`--command`).
    command_from: CommandFrom,
    files: Vec<Written>,
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for f in &self.files {
            let what = match f.outcome {
                Outcome::Created => out.good("created "),
                Outcome::Replaced => out.accent("replaced"),
                Outcome::Updated => out.good("updated "),
                Outcome::Unchanged => out.dim("unchanged"),
                Outcome::Kept => out.bad("kept    "),
            };
            writeln!(out, "{what} {}", f.path)?;
        }
        if self.files.iter().any(|f| f.outcome == Outcome::Kept) {
            writeln!(out, "{}", out.dim("help: kept files differ from what skill-chains writes; pass --force to replace them"))?;
        }
        let from = match self.command_from {
            CommandFrom::Path => "found on PATH",
            CommandFrom::Project => "relative to the project root",
            CommandFrom::Given => "as given by --command",
            CommandFrom::NotOnPath => {
                "not on PATH yet: install it (`cargo install --path crates/cli`) or pass --command"
            }
        };
        writeln!(
            out,
            "{}",
            out.dim(&format!(
                "MCP server: `{} mcp` ({from}); restart Claude Code to load it, then try /workflow",
                self.command
            ))
        )
    }
}

/// Where `.mcp.json`'s command is found: never an absolute path, which
/// would break once the file is committed and used on another machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum CommandFrom {
    /// `skill-chains` on PATH.
    Path,
    /// This binary, inside the project, by a path relative to its root.
    Project,
    /// `skill-chains`, which is not on PATH yet.
    NotOnPath,
    /// `--command` as given.
    Given,
}

/// `skill-chains` when that name on PATH is an executable; else this
/// binary by a path relative to `dir` when it lies inside it; else
/// `skill-chains`, to be installed.
fn server_command(dir: &Path) -> (String, CommandFrom) {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("skill-chains").is_file()))
        .unwrap_or(false);
    if on_path {
        return ("skill-chains".to_string(), CommandFrom::Path);
    }
    let inside = std::env::current_exe().ok().and_then(|exe| {
        let root = dir.canonicalize().ok()?;
        let exe = exe.canonicalize().ok()?;
        let rel = exe.strip_prefix(&root).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(format!("./{}", parts.join("/")))
    });
    match inside {
        Some(rel) => (rel, CommandFrom::Project),
        None => ("skill-chains".to_string(), CommandFrom::NotOnPath),
    }
}

/// Write `text` to `path` unless it is there already; keep a different file unless `force`.
fn put(path: &Path, text: &str, force: bool) -> anyhow::Result<Outcome> {
    let outcome = match crate::load::read_text(path) {
        Ok(current) if current == text => return Ok(Outcome::Unchanged),
        Ok(_) if !force => return Ok(Outcome::Kept),
        Ok(_) => Outcome::Replaced,
        Err(_) if path.exists() && !force => return Ok(Outcome::Kept),
        Err(_) => Outcome::Created,
    };
    files::write_atomic(path, text.as_bytes())?;
    Ok(outcome)
}

pub fn exec(args: Args, _: &Context) -> anyhow::Result<Reply<'static>> {
    let Target::Claude(args) = args.target;
    let dir = &args.dir;
    let (command, command_from) = match &args.command {
        Some(c) => (c.clone(), CommandFrom::Given),
        None => server_command(dir),
    };
    let mut written = Vec::new();
    let mut record = |path: PathBuf, outcome: Outcome| {
        let shown = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        written.push(Written {
            path: shown,
            outcome,
        });
    };
    for s in &SHORTCUTS {
        let path = dir.join(".claude/commands").join(format!("{}.md", s.name));
        let outcome = put(&path, &claude::slash_command(s), args.force)?;
        record(path, outcome);
    }
    // The schemas the files' `yaml-language-server` lines name, so an editor
    // validates workflows and programs offline (always current: the binary
    // that wrote them knows the format).
    for (name, text) in [
        (
            "workflow.schema.json",
            skill_chains_core::format::schema::workflow_schema_json(),
        ),
        (
            "program.schema.json",
            skill_chains_core::compose::program_schema_json(),
        ),
    ] {
        let path = dir
            .join(skill_chains_core::format::schema::SCHEMA_DIR)
            .join(name);
        let outcome = put(&path, &text, true)?;
        record(path, outcome);
    }
    let skill = dir.join(".claude/skills/skill-chains/SKILL.md");
    let outcome = put(&skill, &claude::skill(), args.force)?;
    record(skill, outcome);

    let mcp = dir.join(".mcp.json");
    let existing = if std::fs::symlink_metadata(&mcp).is_ok() {
        Some(crate::load::read_text(&mcp)?)
    } else {
        None
    };
    let outcome = match claude::merge_mcp_json(existing.as_deref(), &command, args.force) {
        Ok(None) => Outcome::Unchanged,
        Ok(Some(text)) => {
            files::write_atomic(&mcp, text.as_bytes())?;
            if existing.is_some() {
                Outcome::Updated
            } else {
                Outcome::Created
            }
        }
        Err(claude::McpJsonError::DifferentEntry) => Outcome::Kept,
        Err(why) => {
            return Err(Failed {
                status: 2,
                message: format!("{} {why}; it was left as it is\nhelp: fix it by hand, or move it away and run `skill-chains init claude` again", mcp.display()),
            }
            .into());
        }
    };
    record(mcp, outcome);
    Ok(Reply::data(Report {
        dir: dir.display().to_string(),
        command,
        command_from,
        files: written,
    }))
}
