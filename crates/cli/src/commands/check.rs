//! `check [files...]`: validate workflow files, or the whole built-in library,
//! with the advice of a reviewer who knows the ten principles (SC2NN).
//! `--review` prints each workflow's report card instead; `--fix` makes the
//! safe fixes the advice carries. Exit status: 0 clean, warnings or advice
//! only, 1 errors (or what `--deny` names), 2 a file could not be read.

use std::path::Path;

use skill_chains_core::check::{Diagnostic, Severity};
use skill_chains_core::format::schema::workflow_modeline;
use skill_chains_core::format::write::to_yaml;
use skill_chains_engine::project::check::{CheckReport, Fixed, Outcome, ReviewReport, add_advice};
use skill_chains_engine::project::programs;

use crate::context::Context;
use crate::diagnostics;
use crate::load::{self, Origin, Source};
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workflow files or built-in ids; none checks every built-in workflow.
    pub files: Vec<String>,
    /// Fail (exit 1) on warnings (`--deny warnings`), or on warnings and
    /// advice (`--deny advice`).
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings", "advice"])]
    pub deny: Option<String>,
    /// Print each workflow's report card: one line per principle (met,
    /// advice, or not applicable, with the evidence) and a summary.
    #[arg(long)]
    pub review: bool,
    /// Make the safe fixes the advice carries (drop an `after` that carries
    /// no data, add a checkpoint stub) and rewrite the files.
    #[arg(long)]
    pub fix: bool,
    /// A workflow or program given as text rather than a file (the MCP
    /// tool's `yaml`); checked in memory after the files.
    #[arg(skip)]
    pub yaml: Option<String>,
}

/// The name diagnostics give a source checked from text.
const TEXT_NAME: &str = "<yaml>";

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let checked: Vec<Outcome> = if args.files.is_empty() && args.yaml.is_none() {
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
        .chain(programs::builtin_sources().map(|s| Ok(programs::check_text(s, &ctx.catalog).0)))
        .collect()
    } else {
        let mut checked = crate::parallel::par_map(&args.files, |f| {
            programs::checked(f, &ctx.catalog).map_err(|e| {
                let why = crate::output::error_text(&anyhow::Error::from(e));
                (f.clone(), why.trim_start_matches("error: ").to_string())
            })
        });
        checked.extend(args.yaml.map(|text| {
            let source = Source {
                origin: Origin::File(TEXT_NAME.into()),
                text,
            };
            Ok(programs::check_any_text(source, &ctx.catalog))
        }));
        checked
    };
    let mut checked = checked;
    add_advice(&mut checked, &ctx.catalog.personas);
    let deny = match args.deny.as_deref() {
        Some("advice") => Some(Severity::Advice),
        Some(_) => Some(Severity::Warning),
        None => None,
    };
    let fixed = if args.fix {
        fix(&mut checked, ctx)?
    } else {
        Vec::new()
    };
    if args.review {
        let report = ReviewReport::new(&checked, &ctx.catalog.personas);
        let status = report.status(deny);
        return Ok(Reply::data(report).with_status(status));
    }
    let render =
        |d: &Diagnostic, file: &str, text: &str| diagnostics::render(d, file, text, ctx.color);
    let mut report = CheckReport::new(&checked, (!ctx.json).then_some(&render as _));
    report.fixed = fixed;
    let status = report.status(deny);
    Ok(Reply::data(report).with_status(status))
}

/// Make the fixes the advice of each workflow file carries, rewrite the file
/// and check it again; a built-in is left as it is.
fn fix(checked: &mut [Outcome], ctx: &Context) -> anyhow::Result<Vec<Fixed>> {
    let personas = &ctx.catalog.personas;
    let mut fixed = Vec::new();
    for outcome in checked.iter_mut() {
        let Ok(c) = outcome else { continue };
        let Some(wf) = &c.workflow else { continue };
        let Some((new, fixes)) = skill_chains_core::review::fix(wf, &c.diagnostics, personas)
        else {
            continue;
        };
        let file = c.source.origin.display_name();
        let path = match &c.source.origin {
            Origin::File(p) if p.as_os_str() != TEXT_NAME => p.clone(),
            _ => {
                fixed.push(Fixed {
                    file,
                    fixes,
                    not_written: Some("not a file; copy it to one and fix that".into()),
                });
                continue;
            }
        };
        let text = format!("{}\n{}", workflow_modeline(), to_yaml(&new));
        crate::files::write_with_schema(Path::new(&path), &text)?;
        let mut again = vec![Ok(load::check_text(
            Source {
                origin: c.source.origin.clone(),
                text: std::fs::read_to_string(&path)?,
            },
            &ctx.catalog,
        ))];
        add_advice(&mut again, personas);
        if let Some(Ok(a)) = again.pop() {
            *c = a;
        }
        fixed.push(Fixed {
            file,
            fixes,
            not_written: None,
        });
    }
    Ok(fixed)
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
            review: false,
            fix: false,
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
