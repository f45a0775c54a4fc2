//! `list`: the built-in workflows, optionally by category or persona.

use std::fmt::{self, Write};
use std::process::ExitCode;

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::catalog::{CATEGORIES, normalise};
use skill_chains_core::model::Workflow;

use crate::context::Context;
use crate::output::{Human, Out};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this category; without a value, group the list by category.
    #[arg(long, num_args = 0..=1, default_missing_value = "", value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Only workflows in which this persona has a step.
    #[arg(long, value_name = "PERSONA")]
    pub persona: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: String,
    name: String,
    category: String,
    phases: usize,
    steps: usize,
    timeline: String,
}

#[derive(Serialize)]
struct Listing {
    grouped: bool,
    workflows: Vec<Row>,
}

fn row(w: &Workflow) -> Row {
    Row {
        id: w.id.clone(),
        name: w.name.value.clone(),
        category: w.category.clone().unwrap_or_default(),
        phases: w.phases.len(),
        steps: w.step_count(),
        timeline: w
            .timeline
            .as_ref()
            .map(|t| t.text.clone())
            .unwrap_or_default(),
    }
}

fn table(rows: &[&Row], with_category: bool) -> String {
    let mut t = Table::new();
    t.load_style(UTF8_BORDERS_ONLY);
    let mut header = vec!["ID", "NAME"];
    if with_category {
        header.push("CATEGORY");
    }
    header.extend(["PHASES", "STEPS", "TIMELINE"]);
    t.set_header(header);
    for r in rows {
        let mut cells = vec![r.id.clone(), r.name.clone()];
        if with_category {
            cells.push(r.category.clone());
        }
        cells.extend([
            r.phases.to_string(),
            r.steps.to_string(),
            r.timeline.clone(),
        ]);
        t.add_row(cells);
    }
    t.to_string()
}

impl Human for Listing {
    fn human(&self, out: &mut Out) -> fmt::Result {
        if self.workflows.is_empty() {
            return writeln!(out, "no workflows match");
        }
        if !self.grouped {
            let rows: Vec<&Row> = self.workflows.iter().collect();
            return writeln!(out, "{}\n{} workflow(s)", table(&rows, true), rows.len());
        }
        let mut categories: Vec<&str> = CATEGORIES.to_vec();
        for r in &self.workflows {
            if !categories.contains(&r.category.as_str()) {
                categories.push(&r.category);
            }
        }
        for c in categories {
            let rows: Vec<&Row> = self.workflows.iter().filter(|r| r.category == c).collect();
            if rows.is_empty() {
                continue;
            }
            let title = if c.is_empty() { "Uncategorised" } else { c };
            writeln!(out, "{}\n{}\n", out.heading(title), table(&rows, false))?;
        }
        writeln!(out, "{} workflow(s)", self.workflows.len())
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
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
    let category = args
        .category
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(normalise);
    let workflows = ctx
        .catalog
        .library
        .workflows()
        .filter(|w| {
            category
                .as_ref()
                .is_none_or(|c| w.category.as_deref().map(normalise).as_ref() == Some(c))
        })
        .filter(|w| {
            persona
                .as_ref()
                .is_none_or(|p| w.steps().any(|(_, s)| s.persona.slug.as_ref() == Some(p)))
        })
        .map(row)
        .collect();
    let grouped = args.category.as_deref() == Some("");
    ctx.emit(&Listing { grouped, workflows })?;
    Ok(ExitCode::SUCCESS)
}
