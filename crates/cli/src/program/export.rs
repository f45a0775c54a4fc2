//! `export <program>`: a program as a Mermaid flowchart (`--gantt`: its
//! expected plan as a Mermaid gantt), Graphviz DOT, one HTML page, its YAML
//! source or the `show --json` data.

use std::fmt::{self, Write};
use std::process::ExitCode;

use serde::Serialize;
use skill_chains_core::compose::{diagram, gantt, network::ProgramNetwork};

use crate::commands::export::{Args, Format};
use crate::context::Context;
use crate::files;
use crate::output::{Human, Out};

#[derive(Serialize)]
struct Exported {
    program: String,
    format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

impl Human for Exported {
    fn human(&self, out: &mut Out) -> fmt::Result {
        match (&self.path, &self.text) {
            (Some(p), _) => writeln!(out, "wrote {p}"),
            (None, Some(t)) => out.write_str(t),
            (None, None) => Ok(()),
        }
    }
}

/// Export `args.workflow` when it names a program; `None` when it does not.
pub fn export(args: &Args, ctx: &Context) -> anyhow::Result<Option<ExitCode>> {
    let Some((program, source)) = super::load_with_source(&args.workflow, ctx)? else {
        return Ok(None);
    };
    if args.gantt && args.format != Format::Mermaid {
        anyhow::bail!("--gantt goes with --format mermaid");
    }
    let text = match args.format {
        Format::Mermaid if args.gantt => {
            let pn = ProgramNetwork::build(&program);
            skill_chains_core::plan::gantt::mermaid(&gantt::expected(&program, &pn))
        }
        Format::Mermaid => diagram::mermaid(&program),
        Format::Dot => diagram::dot(&program),
        Format::Html => diagram::html(&program),
        Format::Yaml => source.text.clone(),
        Format::Json => serde_json::to_string_pretty(&super::show::shown(&program))? + "\n",
        _ => anyhow::bail!(
            "a program exports as mermaid, dot, html, yaml or json\nhelp: export one of its workflows for the other formats"
        ),
    };
    let format = format!("{:?}", args.format).to_lowercase();
    let exported = match &args.output {
        Some(path) => {
            files::ensure_writable(path, args.force)?;
            files::write_atomic(path, text.as_bytes())?;
            Exported {
                program: program.id.clone(),
                format,
                path: Some(path.display().to_string()),
                text: None,
            }
        }
        None => Exported {
            program: program.id.clone(),
            format,
            path: None,
            text: Some(text),
        },
    };
    ctx.emit(&exported)?;
    Ok(Some(ExitCode::SUCCESS))
}
