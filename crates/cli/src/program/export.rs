//! `export <program>`: a program as a Mermaid flowchart (`--gantt`: its
//! expected plan as a Mermaid gantt), Graphviz DOT, one HTML page, its YAML
//! source or the `show --json` data.

use skill_chains_core::compose::{gantt, network::ProgramNetwork};
use skill_chains_core::render::program as diagram;

use crate::commands::export::{Args, Format, Subject, deliver};
use crate::context::Context;
use crate::output::Reply;

/// Export `args.workflow` when it names a program; `None` when it does not.
pub fn export(args: &Args, ctx: &Context) -> anyhow::Result<Option<Reply<'static>>> {
    let Some((program, source)) = super::load_with_source(&args.workflow, ctx)? else {
        return Ok(None);
    };
    if args.gantt && args.format != Format::Mermaid {
        anyhow::bail!("--gantt goes with --format mermaid");
    }
    let text = match args.format {
        Format::Mermaid if args.gantt => {
            let pn = ProgramNetwork::build(&program);
            skill_chains_core::render::gantt::mermaid(&gantt::expected(&program, &pn))
        }
        Format::Mermaid => diagram::mermaid(&program),
        Format::Dot => diagram::dot(&program),
        Format::Html => diagram::html(&program),
        Format::Yaml => source.text.clone(),
        Format::Json => {
            serde_json::to_string_pretty(&skill_chains_core::compose::view::view(&program))? + "\n"
        }
        _ => anyhow::bail!(
            "a program exports as mermaid, dot, html, yaml or json\nhelp: export one of its workflows for the other formats"
        ),
    };
    deliver(Subject::Program(program.id.clone()), text, args).map(Some)
}
