//! `check [files...]`: validate workflow files, or the whole built-in library.
//! Exit status: 0 clean or warnings only, 1 errors, 2 a file could not be read.

use skill_chains_core::check::Diagnostic;
use skill_chains_engine::project::check::{CheckReport, Outcome};
use skill_chains_engine::project::programs;

use crate::context::Context;
use crate::diagnostics;
use crate::load::{self, Origin, Source};
use crate::output::Reply;

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
    let render =
        |d: &Diagnostic, file: &str, text: &str| diagnostics::render(d, file, text, ctx.color);
    let report = CheckReport::new(&checked, (!ctx.json).then_some(&render as _));
    let status = report.status(args.deny.is_some());
    Ok(Reply::data(report).with_status(status))
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
