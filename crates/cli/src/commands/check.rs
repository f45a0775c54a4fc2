//! `check [files...]`: validate workflow files, or the whole built-in library.
//! Exit status: 0 clean or warnings only, 1 errors, 2 a file could not be read.

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::check::{Diagnostic, Severity};

use crate::context::Context;
use crate::diagnostics::{self, Located};
use crate::load::{self, Checked, Origin, Source};
use crate::output::{Human, Out, Reply};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workflow files or built-in ids; none checks every built-in workflow.
    pub files: Vec<String>,
    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    pub deny: Option<String>,
    /// A workflow or program given as text rather than a file (the MCP
    /// tool's `yaml`); checked in memory after the files.
    #[arg(skip)]
    pub yaml: Option<String>,
}

/// The name diagnostics give a source checked from text.
const TEXT_NAME: &str = "<yaml>";

/// Check a workflow or a program given as text, as `check` checks a file.
fn check_text(text: String, ctx: &Context) -> Checked {
    let source = Source {
        origin: Origin::File(TEXT_NAME.into()),
        text,
    };
    if skill_chains_core::compose::is_program_source(&source.text) {
        crate::program::check_text(source, &ctx.catalog).0
    } else {
        load::check_text(source, &ctx.catalog)
    }
}

#[derive(Serialize)]
struct FileReport {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    workflow: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unreadable: Option<String>,
    diagnostics: Vec<Located>,
    #[serde(skip)]
    rendered: Vec<String>,
}

#[derive(Serialize)]
struct CheckReport {
    files: Vec<FileReport>,
    /// How many of the files are programs.
    programs: usize,
    errors: usize,
    warnings: usize,
}

impl Human for CheckReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for f in &self.files {
            if let Some(why) = &f.unreadable {
                writeln!(out, "{}: {}", out.bad("error"), why)?;
            }
            for r in &f.rendered {
                writeln!(out, "{r}")?;
            }
        }
        let clean = self
            .files
            .iter()
            .filter(|f| f.diagnostics.is_empty() && f.unreadable.is_none())
            .count();
        let programs = match self.programs {
            0 => String::new(),
            n => format!(" and {n} program(s)"),
        };
        let summary = format!(
            "checked {} workflow(s){programs}: {} clean, {} error(s), {} warning(s)",
            self.files.len() - self.programs,
            clean,
            self.errors,
            self.warnings
        );
        let summary = if self.errors > 0 {
            out.bad(&summary)
        } else {
            out.good(&summary)
        };
        writeln!(out, "{summary}")
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let checked: Vec<Result<Checked, (String, anyhow::Error)>> =
        if args.files.is_empty() && args.yaml.is_none() {
            crate::parallel::par_map(
                skill_chains_core::catalog::Library::sources(),
                |(file, text)| {
                    let checked = load::check_text(
                        Source {
                            origin: Origin::Builtin(file.to_string()),
                            text: text.to_string(),
                        },
                        &ctx.catalog,
                    );
                    // The programs checked next resolve their members from the library.
                    if let Some(wf) = &checked.workflow {
                        ctx.catalog.library.prime(file, wf);
                    }
                    Ok(checked)
                },
            )
            .into_iter()
            .chain(
                crate::program::builtin_sources()
                    .map(|s| Ok(crate::program::check_text(s, &ctx.catalog).0)),
            )
            .collect()
        } else {
            let mut checked = crate::parallel::par_map(&args.files, |f| {
                crate::program::checked(f, ctx).map_err(|e| (f.clone(), e))
            });
            checked.extend(args.yaml.map(|text| Ok(check_text(text, ctx))));
            checked
        };
    let deny_warnings = args.deny.is_some();
    let mut unreadable = false;
    let mut files = Vec::new();
    for c in &checked {
        match c {
            Err((name, e)) => {
                unreadable = true;
                files.push(FileReport {
                    file: name.clone(),
                    workflow: None,
                    unreadable: Some(
                        crate::output::error_text(e)
                            .trim_start_matches("error: ")
                            .to_string(),
                    ),
                    diagnostics: vec![],
                    rendered: vec![],
                });
            }
            Ok(c) => {
                let file = c.source.origin.display_name();
                unreadable |= c.diagnostics.iter().any(|d| d.code == "SC000");
                let rendered = if ctx.json {
                    vec![]
                } else {
                    c.diagnostics
                        .iter()
                        .map(|d| diagnostics::render(d, &file, &c.source.text, ctx.color))
                        .collect()
                };
                files.push(FileReport {
                    workflow: c.workflow.as_ref().map(|w| w.id.clone()),
                    diagnostics: c
                        .diagnostics
                        .iter()
                        .map(|d| diagnostics::located(&file, d))
                        .collect(),
                    file,
                    unreadable: None,
                    rendered,
                });
            }
        }
    }
    let all: Vec<&Diagnostic> = checked
        .iter()
        .filter_map(|c| c.as_ref().ok())
        .flat_map(|c| &c.diagnostics)
        .collect();
    let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = all.len() - errors;
    let programs = checked
        .iter()
        .filter_map(|c| c.as_ref().ok())
        .filter(|c| skill_chains_core::compose::is_program_source(&c.source.text))
        .count();
    let status = if unreadable {
        2
    } else if errors > 0 || (deny_warnings && warnings > 0) {
        1
    } else {
        0
    };
    Ok(Reply::data(CheckReport {
        files,
        programs,
        errors,
        warnings,
    })
    .with_status(status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_text_is_checked_in_memory_under_its_own_name() {
        let ctx = Context::load(None, true, false).unwrap();
        let yaml = "name: X\nphases:\n  - name: P\n    steps: [{persona: Wizard, action: x}]\n";
        let args = Args {
            files: vec![],
            deny: None,
            yaml: Some(yaml.into()),
        };
        let reply = exec(args, &ctx).unwrap();
        assert_eq!(reply.status(), 1);
        let json = reply.to_json().unwrap();
        let files = json["files"].as_array().unwrap();
        assert_eq!(files.len(), 1, "only the text, not the library: {json}");
        assert_eq!(files[0]["file"], TEXT_NAME);
        let codes: Vec<&str> = files[0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(codes.contains(&"SC001"), "{codes:?}");
    }
}
