//! /checkpoint --expand: propose the gates a workflow lacks (principle 7:
//! checkpoints prevent rework), and complete the ones that name no approver
//! or require nothing.
//!
//! A gate validates what a phase hands on, so it requires the phase's
//! deliverable and the outputs later phases consume. Its approver is whoever
//! approves the most similar library gates, when that persona works in this
//! workflow; otherwise the persona who consumes the outputs next (the one
//! who pays for a bad handoff); otherwise the phase's lead. Its criteria are
//! the workflow's success metrics that this phase's work speaks to. The whole
//! workflow, with the gates, is checked.

use std::collections::BTreeSet;

use serde::Serialize;

use super::adapt::{DesignError, phase_text, render_yaml};
use super::expand::find_phase;
use super::retrieval::{DocText, Field, Index, Query};
use crate::catalog::Catalog;
use crate::check::{Diagnostic, Severity, check_source};
use crate::format::raw::RawCheckpoint;
use crate::format::write::to_raw;
use crate::model::{PersonaRef, Phase, Workflow};
use crate::span::Sp;
use crate::text::words::stems;

/// A gate proposed for (or completed on) one phase.
#[derive(Debug, Clone, Serialize)]
pub struct ProposedGate {
    pub phase: String,
    pub phase_name: String,
    /// `new` for a phase without a gate, `completed` for a gate that lacked
    /// an approver or requirements.
    pub kind: &'static str,
    pub approver: String,
    /// Why this approver.
    pub approver_why: String,
    pub requires: Vec<String>,
    /// Success metrics the gate checks, by name.
    pub criteria: Vec<String>,
    pub text: String,
    /// Library gates (`workflow-id/phase-id`) it drew on, best first.
    pub similar: Vec<String>,
}

/// The proposed gates and the workflow they make.
#[derive(Debug, Clone, Serialize)]
pub struct GateDesign {
    pub workflow: String,
    pub proposed: Vec<ProposedGate>,
    pub diagnostics: Vec<Diagnostic>,
    /// The whole workflow with the gates.
    pub yaml: String,
}

impl GateDesign {
    pub fn passes_check(&self) -> bool {
        !self
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// A gated library phase.
struct LibGate<'a> {
    wf: &'a Workflow,
    index: usize,
}

impl LibGate<'_> {
    fn phase(&self) -> &Phase {
        &self.wf.phases[self.index]
    }
    fn id(&self) -> String {
        format!("{}/{}", self.wf.id, self.phase().id.value)
    }
}

/// Propose gates for every phase of `wf` that lacks one (or only `phase`).
pub fn propose_gates(
    wf: &Workflow,
    phase: Option<&str>,
    catalog: &Catalog,
) -> Result<GateDesign, DesignError> {
    let only = match phase {
        Some(p) => Some(find_phase(wf, p)?.0),
        None => None,
    };
    let lib: Vec<LibGate<'_>> = catalog
        .library
        .workflows()
        .filter(|w| w.id != wf.id)
        .flat_map(|w| (0..w.phases.len()).map(move |index| LibGate { wf: w, index }))
        .filter(|g| g.phase().checkpoint.is_some())
        .collect();
    let texts: Vec<DocText> = lib
        .iter()
        .map(|g| {
            let mut d = phase_text(&to_raw(g.wf).phases[g.index].value);
            d.add(Field::Description, &g.wf.name.value);
            d
        })
        .collect();
    let index = Index::new(&texts);
    let slug = |name: &str| {
        catalog
            .personas
            .resolve(name)
            .map(|x| x.slug.clone())
            .unwrap_or_else(|| name.to_string())
    };
    // Who works in this workflow, in order of appearance, as it writes them.
    let mut people: Vec<(String, String)> = Vec::new();
    for (_, s) in wf.steps() {
        let key = slug(&s.persona.written);
        if !people.iter().any(|(k, _)| *k == key) {
            people.push((key, s.persona.written.clone()));
        }
    }

    let mut raw = to_raw(wf);
    let mut proposed = Vec::new();
    for (k, p) in wf.phases.iter().enumerate() {
        if only.is_some_and(|o| o != k) {
            continue;
        }
        let existing = p.checkpoint.as_ref();
        let complete = existing.is_some_and(|c| c.approver.is_some() && !c.requires.is_empty());
        if complete {
            continue;
        }
        let query = Query::new(&phase_query(wf, p));
        let similar: Vec<&LibGate<'_>> = index
            .search(&query, 5)
            .iter()
            .map(|s| &lib[s.doc])
            .collect();
        let (approver, approver_why) = match existing.and_then(|c| c.approver.as_ref()) {
            Some(a) => (a.written.clone(), "the gate's own approver".to_string()),
            None => choose_approver(wf, k, &similar, &people, catalog),
        };
        let mut requires: Vec<String> = existing
            .map(|c| c.requires.iter().map(|r| r.value.clone()).collect())
            .unwrap_or_default();
        if requires.is_empty() {
            requires = handoff(wf, k);
        }
        let mut criteria: Vec<String> = existing
            .map(|c| c.criteria.iter().map(|r| r.value.clone()).collect())
            .unwrap_or_default();
        if criteria.is_empty() {
            criteria = metrics_for(wf, p, k + 1 == wf.phases.len());
        }
        let text = existing.and_then(|c| c.text.clone()).unwrap_or_else(|| {
            let what = p
                .deliverable
                .as_ref()
                .map(|d| lower_first(d.text.trim_end_matches('.')))
                .unwrap_or_else(|| format!("the outputs of {}", p.name.value));
            match wf.phases.get(k + 1) {
                Some(next) => format!(
                    "{approver} validates {what} before {} starts",
                    next.name.value
                ),
                None => format!("{approver} signs off {what} and the workflow's success criteria"),
            }
        });
        let gate = RawCheckpoint {
            approver: Some(Sp::bare(approver.clone())),
            requires: requires.iter().map(|r| Sp::bare(r.clone())).collect(),
            criteria: criteria.iter().map(|r| Sp::bare(r.clone())).collect(),
            text: Some(text.clone()),
        };
        raw.phases[k].value.checkpoint = Some(Sp::bare(gate));
        proposed.push(ProposedGate {
            phase: p.id.value.clone(),
            phase_name: p.name.value.clone(),
            kind: if existing.is_some() {
                "completed"
            } else {
                "new"
            },
            approver,
            approver_why,
            requires,
            criteria,
            text,
            similar: similar.iter().map(|g| g.id()).collect(),
        });
    }
    let yaml = render_yaml(
        &raw,
        "Checkpoints proposed by `skill-chains checkpoint --expand`; review each gate",
    );
    let report = check_source(&yaml, &catalog.personas);
    Ok(GateDesign {
        workflow: wf.id.clone(),
        proposed,
        diagnostics: report.diagnostics,
        yaml,
    })
}

/// A phase as a retrieval query: its name, deliverable and actions.
fn phase_query(wf: &Workflow, p: &Phase) -> String {
    let mut q = format!("{} {}", p.name.value, wf.name.value);
    if let Some(d) = &p.deliverable {
        q.push(' ');
        q.push_str(&d.text);
    }
    for s in &p.steps {
        q.push(' ');
        q.push_str(&s.action.value);
    }
    q
}

/// The approver, who should not be judging only their own work: a similar
/// library gate's approver who works here, else the next consumer of this
/// phase's outputs, else a similar gate's approver who leads engineering,
/// else the phase's lead.
fn choose_approver(
    wf: &Workflow,
    k: usize,
    similar: &[&LibGate<'_>],
    people: &[(String, String)],
    catalog: &Catalog,
) -> (String, String) {
    let name = |slug: &str| {
        people
            .iter()
            .find(|(k, _)| k == slug)
            .map(|(_, w)| w.clone())
            .unwrap_or_else(|| slug.to_string())
    };
    let p = &wf.phases[k];
    let producers: BTreeSet<&str> = p.steps.iter().map(|s| s.persona.key()).collect();
    let self_review = |key: &str| producers.len() == 1 && producers.contains(key);
    let approvers: Vec<(&PersonaRef, String)> = similar
        .iter()
        .filter_map(|g| {
            let a = g.phase().checkpoint.as_ref()?.approver.as_ref()?;
            Some((a, g.id()))
        })
        .collect();
    if let Some((a, id)) = approvers
        .iter()
        .find(|(a, _)| people.iter().any(|(p, _)| p == a.key()) && !self_review(a.key()))
    {
        return (name(a.key()), format!("approves the similar gate {id}"));
    }
    let outputs: BTreeSet<&str> = p
        .steps
        .iter()
        .flat_map(|s| s.outputs.iter().map(|o| o.value.as_str()))
        .chain(p.deliverable.as_ref().and_then(|d| d.artifact.as_deref()))
        .collect();
    for q in &wf.phases[k + 1..] {
        if let Some(s) = q.steps.iter().find(|s| {
            !producers.contains(s.persona.key())
                && s.inputs.iter().any(|i| outputs.contains(i.value.as_str()))
        }) {
            return (
                name(s.persona.key()),
                format!("uses this phase's outputs next ({})", q.name.value),
            );
        }
    }
    // From outside the workflow only an engineering leader, whose sign-off
    // carries over between domains (a compliance approver does not).
    let leader = |a: &PersonaRef| {
        catalog.personas.resolve(&a.written).is_some_and(|x| {
            x.group == "Management & Leadership Hierarchy"
                || x.group == "Technical Leadership & Architecture"
        })
    };
    if let Some((a, id)) = approvers.iter().find(|(a, _)| leader(a)) {
        return (a.written.clone(), format!("approves the similar gate {id}"));
    }
    let lead = p
        .steps
        .first()
        .map(|s| s.persona.key().to_string())
        .or_else(|| people.first().map(|(k, _)| k.clone()))
        .unwrap_or_default();
    (name(&lead), "leads the phase".to_string())
}

/// "Migration plan" reads "migration plan" mid-sentence (not "API plan").
fn lower_first(text: &str) -> String {
    let mut c = text.chars();
    match (c.next(), c.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => a
            .to_lowercase()
            .chain(text[a.len_utf8()..].chars())
            .collect(),
        _ => text.to_string(),
    }
}

/// What the phase hands on: its deliverable, and the outputs later phases
/// use (all its outputs when none are used later), at most four.
fn handoff(wf: &Workflow, k: usize) -> Vec<String> {
    let p = &wf.phases[k];
    let later: BTreeSet<&str> = wf.phases[k + 1..]
        .iter()
        .flat_map(|q| q.steps.iter().flat_map(|s| s.inputs.iter()))
        .map(|i| i.value.as_str())
        .collect();
    let outputs: Vec<&str> = p
        .steps
        .iter()
        .flat_map(|s| s.outputs.iter().map(|o| o.value.as_str()))
        .collect();
    let mut out: Vec<String> = p
        .deliverable
        .as_ref()
        .and_then(|d| d.artifact.clone())
        .into_iter()
        .collect();
    let used: Vec<&str> = outputs
        .iter()
        .copied()
        .filter(|o| later.contains(o))
        .collect();
    let pick = if used.is_empty() { outputs } else { used };
    for o in pick {
        if out.len() >= 4 {
            break;
        }
        if !out.iter().any(|x| x == o) {
            out.push(o.to_string());
        }
    }
    out
}

/// Success metrics whose words this phase's work mentions; all of them at
/// the last phase, whose gate is the final sign-off.
fn metrics_for(wf: &Workflow, p: &Phase, last: bool) -> Vec<String> {
    let metrics = wf.success_criteria.iter().flat_map(|c| {
        c.metrics.iter().map(move |m| {
            (
                m.name.clone(),
                format!("{} {}", m.name.replace('_', " "), c.text),
            )
        })
    });
    if last {
        return metrics.map(|(n, _)| n).collect();
    }
    let mut text = phase_query(wf, p);
    text.push(' ');
    text.push_str(
        &p.steps
            .iter()
            .flat_map(|s| s.outputs.iter().map(|o| o.value.replace('-', " ")))
            .collect::<Vec<_>>()
            .join(" "),
    );
    let here: BTreeSet<String> = stems(&text).into_iter().collect();
    metrics
        .filter(|(_, words)| {
            let s = stems(words);
            // Two shared words, so "the" or "rate" alone does not count.
            s.iter().filter(|w| here.contains(*w)).count() >= 2
        })
        .map(|(n, _)| n)
        .take(2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::load_workflow;

    const UNGATED: &str = "name: Data Warehouse Migration\ntimeline: 3 months\nsuccess_criteria:\n  - text: p95 query latency under 2 s\n    metrics: [{name: p95_query_latency, op: \"<\", target: 2, unit: s}]\nphases:\n  - id: assess\n    name: Assessment & Planning\n    window: Month 1\n    skills: [Data Engineer, FinOps Optimizer]\n    steps:\n      - {persona: Data Engineer, action: Inventory the warehouse tables and jobs, outputs: [warehouse-inventory]}\n      - {persona: FinOps Optimizer, action: Estimate the new warehouse's cost, inputs: [warehouse-inventory], outputs: [cost-model]}\n    deliverable: {text: Migration plan with costs, artifact: migration-plan}\n  - id: migrate\n    name: Migration\n    window: Month 2-3\n    skills: [Data Engineer, Database Reliability Engineer]\n    steps:\n      - {persona: Database Reliability Engineer, action: Move the pipelines and check query latency, inputs: [migration-plan, warehouse-inventory], outputs: [moved-pipelines]}\n    deliverable: {text: Pipelines moved, artifact: moved-pipelines}\n";

    fn load(src: &str) -> Workflow {
        load_workflow(src, &Catalog::builtin().personas)
            .workflow
            .unwrap()
    }

    #[test]
    fn every_ungated_phase_gets_a_checked_gate() {
        let catalog = Catalog::builtin();
        let g = propose_gates(&load(UNGATED), None, &catalog).unwrap();
        assert_eq!(g.proposed.len(), 2, "{:#?}", g.proposed);
        assert!(g.passes_check(), "{}\n{:#?}", g.yaml, g.diagnostics);
        let first = &g.proposed[0];
        assert_eq!(first.kind, "new");
        assert!(first.requires.contains(&"migration-plan".to_string()));
        assert!(
            first.requires.contains(&"warehouse-inventory".to_string()),
            "used by the next phase: {first:?}"
        );
        assert!(
            first
                .text
                .contains("validates migration plan with costs before Migration starts"),
            "{first:?}"
        );
        let last = &g.proposed[1];
        assert_eq!(last.criteria, ["p95_query_latency"], "the final sign-off");
        assert!(g.yaml.contains("checkpoint:"));
        // Approvers come from the catalog; the migration's sole producer
        // does not approve their own work.
        for p in &g.proposed {
            assert!(catalog.personas.resolve(&p.approver).is_some(), "{p:?}");
        }
        assert_ne!(last.approver, "Database Reliability Engineer", "{last:?}");
    }

    #[test]
    fn a_complete_gate_is_kept_and_one_phase_can_be_asked_for() {
        let catalog = Catalog::builtin();
        let gated = UNGATED.replace(
            "    deliverable: {text: Migration plan with costs, artifact: migration-plan}\n",
            "    deliverable: {text: Migration plan with costs, artifact: migration-plan}\n    checkpoint: {approver: FinOps Optimizer, requires: [cost-model]}\n",
        );
        let g = propose_gates(&load(&gated), None, &catalog).unwrap();
        assert_eq!(g.proposed.len(), 1);
        assert_eq!(g.proposed[0].phase, "migrate");
        let only = propose_gates(&load(UNGATED), Some("assess"), &catalog).unwrap();
        assert_eq!(only.proposed.len(), 1);
        let err = propose_gates(&load(UNGATED), Some("nope"), &catalog).unwrap_err();
        assert!(err.to_string().contains("assess, migrate"), "{err}");
    }

    #[test]
    fn a_gate_without_an_approver_is_completed() {
        let catalog = Catalog::builtin();
        let partial = UNGATED.replace(
            "    deliverable: {text: Pipelines moved, artifact: moved-pipelines}\n",
            "    deliverable: {text: Pipelines moved, artifact: moved-pipelines}\n    checkpoint: {text: Pipelines verified}\n",
        );
        let g = propose_gates(&load(&partial), Some("migrate"), &catalog).unwrap();
        assert_eq!(g.proposed[0].kind, "completed");
        assert_eq!(g.proposed[0].text, "Pipelines verified");
        assert!(g.passes_check(), "{:#?}", g.diagnostics);
    }
}
