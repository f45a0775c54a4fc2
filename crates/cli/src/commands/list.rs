//! `list`: the built-in workflows, optionally by category or persona.

use skill_chains_core::catalog::Programs;
use skill_chains_core::catalog::listing::{self, Listing};
use skill_chains_core::compose::view;

use crate::context::Context;
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this category; without a value, group the list by category.
    #[arg(long, num_args = 0..=1, default_missing_value = "", value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Print the library index as Markdown (LIBRARY.md), with the workflows
    /// the seed names in each category and the built-in that covers each.
    #[arg(long)]
    pub markdown: bool,
    /// Only workflows in which this persona has a step.
    #[arg(long, value_name = "PERSONA")]
    pub persona: Option<String>,
    /// List the built-in programs (workflows joined by handoffs) instead.
    #[arg(long, conflicts_with_all = ["category", "markdown", "persona"])]
    pub programs: bool,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if args.programs {
        let builtin = Programs::builtin(&ctx.catalog.library);
        let programs = builtin.entries().iter().map(|e| &e.program);
        return Ok(Reply::data(view::list(programs)));
    }
    let persona = match &args.persona {
        Some(p) => Some(
            ctx.catalog
                .personas
                .resolve(p)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "unknown persona `{p}`\nhelp: `skill-chains personas` lists them"
                    )
                })?
                .slug
                .clone(),
        ),
        None => None,
    };
    let category = args.category.as_deref().filter(|c| !c.is_empty());
    let workflows = listing::workflows(&ctx.catalog.personas, category, persona.as_deref());
    if args.markdown {
        return Ok(Reply::data(listing::index(workflows)));
    }
    let grouped = args.category.as_deref() == Some("");
    Ok(Reply::data(Listing { grouped, workflows }))
}
