//! `personas`: the catalog, where each persona is used, and the Claude Code
//! skills found for them.

use std::fmt::{self, Write};

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::catalog::{Library, normalise};

use crate::context::Context;
use crate::output::{Human, Out, Reply};
use skill_chains_engine::skills::{self, FoundSkill};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only personas of this group (e.g. "Operations & Reliability").
    #[arg(long)]
    pub group: Option<String>,
    /// Only personas that no built-in workflow uses.
    #[arg(long)]
    pub unused: bool,
    /// List the Claude Code skills found in this repository and ~/.claude/skills.
    #[arg(long)]
    pub skills: bool,
}

#[derive(Serialize)]
struct Row {
    name: String,
    slug: String,
    group: String,
    aliases: Vec<String>,
    used_in: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skill: Option<String>,
}

#[derive(Serialize)]
struct Personas {
    /// The project file that added personas, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<String>,
    personas: Vec<Row>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skills: Option<Vec<FoundSkill>>,
}

impl Human for Personas {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let mut t = Table::new();
        t.load_style(UTF8_BORDERS_ONLY);
        t.set_header(["PERSONA", "SLUG", "GROUP", "ALIASES", "USED IN"]);
        for r in &self.personas {
            let used = match r.used_in.len() {
                0 => "-".to_string(),
                n if n <= 2 => r.used_in.join(", "),
                n => format!("{}, … ({n} workflows)", r.used_in[..2].join(", ")),
            };
            t.add_row([
                r.name.clone(),
                r.slug.clone(),
                r.group.clone(),
                r.aliases.join(", "),
                used,
            ]);
        }
        writeln!(out, "{t}\n{} persona(s)", self.personas.len())?;
        if let Some(c) = &self.config {
            writeln!(out, "{}", out.dim(&format!("project personas from {c}")))?;
        }
        if let Some(skills) = &self.skills {
            writeln!(out, "\n{}", out.heading("Claude Code skills"))?;
            if skills.is_empty() {
                writeln!(out, "none found in .claude/skills or ~/.claude/skills")?;
            }
            for s in skills {
                let persona = s.persona.as_deref().unwrap_or("(no catalog persona)");
                writeln!(
                    out,
                    "  {} [{}] {} -> {persona}",
                    s.name,
                    s.scope,
                    s.path.display()
                )?;
            }
        }
        Ok(())
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let group = args.group.as_deref().map(normalise);
    let found = args.skills.then(|| skills::discover(&ctx.catalog.personas));
    let personas = ctx
        .catalog
        .personas
        .all()
        .iter()
        .filter(|p| group.as_ref().is_none_or(|g| &normalise(&p.group) == g))
        .map(|p| {
            let used_in: Vec<String> = Library::summaries()
                .iter()
                .filter(|s| {
                    s.personas.iter().any(|w| {
                        ctx.catalog
                            .personas
                            .resolve(w)
                            .is_some_and(|q| q.slug == p.slug)
                    })
                })
                .map(|s| s.file.to_string())
                .collect();
            let skill = p.skill.clone().or_else(|| {
                found
                    .as_ref()?
                    .iter()
                    .find(|s| s.persona.as_deref() == Some(&p.slug))
                    .map(|s| s.path.display().to_string())
            });
            Row {
                name: p.name.clone(),
                slug: p.slug.clone(),
                group: p.group.clone(),
                aliases: p.aliases.clone(),
                used_in,
                skill,
            }
        })
        .filter(|r| !args.unused || r.used_in.is_empty())
        .collect();
    let config = ctx
        .config_path
        .as_ref()
        .filter(|_| !ctx.config.personas.is_empty())
        .map(|p| p.display().to_string());
    Ok(Reply::data(Personas {
        config,
        personas,
        skills: found,
    }))
}
