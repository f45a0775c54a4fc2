//! A program as `show <program>` and `list --programs` give it: its
//! workflows and how they hand off, as plain data (`--json` prints it; the
//! text view is in `render::report::program`). Computes nothing new: it reads
//! the checked program.

use serde::Serialize;

use super::{Contract, Program};

#[derive(Serialize)]
pub struct ProgramView {
    pub id: String,
    pub name: String,
    pub version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    pub workflows: Vec<MemberView>,
    pub handoffs: Vec<HandoffView>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct MemberView {
    pub id: String,
    pub workflow: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<String>,
    pub phases: Vec<String>,
    pub delivers: Vec<String>,
}

#[derive(Serialize)]
pub struct HandoffView {
    pub pattern: &'static str,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollback: Option<String>,
}

fn contracts(list: &[Contract]) -> Vec<String> {
    list.iter().map(Contract::to_string).collect()
}

/// The program as `show` gives it (`--json`: the data).
pub fn view(p: &Program) -> ProgramView {
    ProgramView {
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
                MemberView {
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
            .map(|(h, pattern)| HandoffView {
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

#[derive(Serialize)]
pub struct ProgramRow {
    pub id: String,
    pub name: String,
    pub workflows: Vec<String>,
    pub patterns: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct ProgramList {
    pub programs: Vec<ProgramRow>,
}

/// `list --programs`: one row per program, with the patterns its handoffs use.
pub fn list<'a>(programs: impl IntoIterator<Item = &'a Program>) -> ProgramList {
    let programs = programs
        .into_iter()
        .map(|p| {
            let mut patterns: Vec<&'static str> = Vec::new();
            for (_, x) in p.patterns() {
                if !patterns.contains(&x.name()) {
                    patterns.push(x.name());
                }
            }
            ProgramRow {
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
    ProgramList { programs }
}
