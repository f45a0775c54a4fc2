//! `suggest "<situation>"`: the library workflows and programs that fit a
//! situation in plain words, best first, and why each matched.

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::catalog::Programs;
use skill_chains_core::design::retrieval::{Kind, LibraryIndex, Suggestion, program_docs};

use crate::context::Context;
use crate::output::{Human, Out, Reply};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The situation, e.g. "our checkout is down" or "SOC2 before the enterprise deal".
    #[arg(required = true, num_args = 1..)]
    pub situation: Vec<String>,
    /// How many suggestions.
    #[arg(long, short = 'n', default_value_t = 5)]
    pub limit: usize,
}

#[derive(Serialize)]
pub struct Suggestions {
    pub situation: String,
    pub suggestions: Vec<Suggestion>,
}

/// Rank the built-in workflows and programs for a situation.
pub fn suggest(ctx: &Context, situation: &str, limit: usize) -> Suggestions {
    let programs = Programs::builtin(&ctx.catalog.library);
    let index = LibraryIndex::new(&ctx.catalog, program_docs(&programs));
    Suggestions {
        situation: situation.to_string(),
        suggestions: index.suggest(situation, limit),
    }
}

impl Human for Suggestions {
    fn human(&self, out: &mut Out) -> fmt::Result {
        if self.suggestions.is_empty() {
            writeln!(out, "nothing in the library matches \"{}\"", self.situation)?;
            return writeln!(
                out,
                "{}",
                out.dim(
                    "help: describe the situation in other words, or `skill-chains list` to browse"
                )
            );
        }
        for (n, s) in self.suggestions.iter().enumerate() {
            let kind = match s.kind {
                Kind::Workflow => s.category.clone().unwrap_or_default(),
                Kind::Program => "program".to_string(),
            };
            writeln!(
                out,
                "{}. {}  {}",
                n + 1,
                out.bold(&s.name),
                out.dim(&format!("{} · {kind} · score {:.2}", s.id, s.score))
            )?;
            let why: Vec<String> = s
                .why
                .iter()
                .map(|w| {
                    let term = w.shown();
                    let fields: Vec<&str> = w.fields.iter().map(|f| f.name()).collect();
                    format!("{} ({})", out.accent(&term), fields.join(", "))
                })
                .collect();
            writeln!(out, "   matched {}", why.join("; "))?;
        }
        Ok(())
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let situation = args.situation.join(" ");
    let found = suggest(ctx, &situation, args.limit);
    let status = u8::from(found.suggestions.is_empty());
    Ok(Reply::data(found).with_status(status))
}
