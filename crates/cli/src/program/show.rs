//! `show <program>` and `list --programs`: a program as a person reads it
//! (its workflows and how they hand off), or as data with `--json`.

use std::fmt::{self, Write};

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::catalog::Programs;
use skill_chains_core::compose::{Contract, Program};

use crate::context::Context;
use crate::output::{Human, Out, Reply};

#[derive(Serialize)]
pub(crate) struct Shown {
    id: String,
    name: String,
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trigger: Option<String>,
    workflows: Vec<MemberOut>,
    handoffs: Vec<HandoffOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
}

#[derive(Serialize)]
struct MemberOut {
    id: String,
    workflow: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<String>,
    phases: Vec<String>,
    delivers: Vec<String>,
}

#[derive(Serialize)]
struct HandoffOut {
    pattern: &'static str,
    summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    gate: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    requires: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contracts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rollback: Option<String>,
}

fn contracts(list: &[Contract]) -> Vec<String> {
    list.iter().map(Contract::to_string).collect()
}

/// The program as `show` gives it (`--json`: the data).
pub(crate) fn shown(p: &Program) -> Shown {
    Shown {
        id: p.id.clone(),
        name: p.name.value.clone(),
        version: p.version,
        description: p.description.clone(),
        trigger: p.trigger.clone(),
        workflows: p
            .members
            .iter()
            .map(|m| {
                let wf = m.workflow();
                MemberOut {
                    id: m.alias.value.clone(),
                    workflow: m.reference.value.clone(),
                    name: wf.map(|w| w.name.value.clone()).unwrap_or_default(),
                    timeline: wf.and_then(|w| w.timeline.as_ref().map(|t| t.text.clone())),
                    phases: wf
                        .map(|w| w.phases.iter().map(|ph| ph.id.value.clone()).collect())
                        .unwrap_or_default(),
                    delivers: contracts(&m.delivers),
                }
            })
            .collect(),
        handoffs: p
            .patterns()
            .map(|(h, pattern)| HandoffOut {
                pattern: pattern.name(),
                summary: pattern.describe(),
                gate: h.gate.as_ref().and_then(|g| g.text.clone()),
                requires: h
                    .gate
                    .iter()
                    .flat_map(|g| g.requires.iter().map(|r| r.value.clone()))
                    .collect(),
                contracts: contracts(&h.contracts),
                rollback: h.rollback.clone(),
            })
            .collect(),
        notes: p.notes.clone(),
    }
}

impl Human for Shown {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let title = out.bold(&self.name);
        writeln!(
            out,
            "{title}  {}",
            out.dim(&format!("(program {}, v{})", self.id, self.version))
        )?;
        if let Some(d) = &self.description {
            writeln!(out, "{d}")?;
        }
        if let Some(t) = &self.trigger {
            writeln!(out, "{} {t}", out.bold("Trigger:"))?;
        }
        writeln!(out, "\n{}", out.heading("Workflows"))?;
        for m in &self.workflows {
            let timeline = m
                .timeline
                .as_deref()
                .map(|t| format!(" · {t}"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}  {}  {}",
                out.accent(&m.id),
                m.name,
                out.dim(&format!(
                    "{}{timeline} · {} phases",
                    m.workflow,
                    m.phases.len()
                ))
            )?;
            if !m.delivers.is_empty() {
                writeln!(
                    out,
                    "     {}",
                    out.dim(&format!("delivers {}", m.delivers.join(", ")))
                )?;
            }
        }
        writeln!(out, "\n{}", out.heading("Handoffs"))?;
        for (n, h) in self.handoffs.iter().enumerate() {
            writeln!(out, "  {}. {} {}", n + 1, out.bold(h.pattern), h.summary)?;
            if h.gate.is_some() || !h.requires.is_empty() {
                let requires = if h.requires.is_empty() {
                    String::new()
                } else {
                    out.dim(&format!(" [requires {}]", h.requires.join(", ")))
                };
                writeln!(
                    out,
                    "     {} {}{requires}",
                    out.bold("Gate:"),
                    h.gate.as_deref().unwrap_or("")
                )?;
            }
            if !h.contracts.is_empty() {
                writeln!(
                    out,
                    "     {} {}",
                    out.bold("Contracts:"),
                    h.contracts.join(", ")
                )?;
            }
            if let Some(r) = &h.rollback {
                writeln!(out, "     {} {r}", out.bold("Rollback:"))?;
            }
        }
        if !self.notes.is_empty() {
            writeln!(out, "\n{}", out.heading("Notes"))?;
            for n in &self.notes {
                writeln!(out, "  - {n}")?;
            }
        }
        Ok(())
    }
}

/// `show` for a program.
pub fn exec(program: &Program) -> Reply<'static> {
    Reply::data(shown(program))
}

#[derive(Serialize)]
struct Row {
    id: String,
    name: String,
    workflows: Vec<String>,
    patterns: Vec<&'static str>,
}

#[derive(Serialize)]
struct Listing {
    programs: Vec<Row>,
}

impl Human for Listing {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let mut t = Table::new();
        t.load_style(UTF8_BORDERS_ONLY);
        t.set_header(["ID", "NAME", "WORKFLOWS", "HANDOFFS"]);
        for r in &self.programs {
            t.add_row([
                r.id.clone(),
                r.name.clone(),
                r.workflows.join(", "),
                r.patterns.join(", "),
            ]);
        }
        writeln!(
            out,
            "{t}\n{} program(s); `skill-chains show <id>` for one",
            self.programs.len()
        )
    }
}

/// `list --programs`: the built-in programs.
pub fn list(ctx: &Context) -> Reply<'static> {
    let programs = Programs::builtin(&ctx.catalog.library)
        .entries()
        .iter()
        .map(|e| {
            let p = &e.program;
            let mut patterns: Vec<&'static str> = Vec::new();
            for (_, x) in p.patterns() {
                if !patterns.contains(&x.name()) {
                    patterns.push(x.name());
                }
            }
            Row {
                id: p.id.clone(),
                name: p.name.value.clone(),
                workflows: p
                    .members
                    .iter()
                    .map(|m| m.reference.value.clone())
                    .collect(),
                patterns,
            }
        })
        .collect();
    Reply::data(Listing { programs })
}
