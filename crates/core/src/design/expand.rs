//! /phase --expand: propose the detailed steps of a sparse phase from the
//! most similar phases in the library.
//!
//! The phase's skills say who should have a step; the similar phases say
//! what such people do at this point. Proposed steps keep their source's
//! action and estimate (scaled to this phase's window), take inputs that
//! exist at this point of the workflow, and name outputs that do not clash.
//! The whole workflow, with the phase expanded, is checked.

use std::collections::BTreeSet;

use serde::Serialize;

use super::adapt::{DesignError, phase_text, render_yaml};
use super::flow;
use super::retrieval::{DocText, Field, Index, Query};
use crate::catalog::{Catalog, normalise};
use crate::check::{Diagnostic, check_source};
use crate::format::raw::{RawEstimate, RawStep};
use crate::format::write::to_raw;
use crate::model::{Phase, Workflow};
use crate::span::Sp;

/// A step proposed for the phase.
#[derive(Debug, Clone, Serialize)]
pub struct ProposedStep {
    pub id: String,
    pub persona: String,
    pub action: String,
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<String>,
    /// `workflow-id/phase-id` it was adapted from.
    pub from: String,
}

/// The phase with its proposed steps, and the workflow they make.
#[derive(Debug, Clone, Serialize)]
pub struct Expansion {
    pub workflow: String,
    pub phase: String,
    pub phase_name: String,
    /// Steps the phase already had.
    pub existing: usize,
    pub proposed: Vec<ProposedStep>,
    /// Library phases the proposal drew on, best first.
    pub similar: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// The whole workflow with the phase expanded.
    pub yaml: String,
}

impl Expansion {
    pub fn passes_check(&self) -> bool {
        !self
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::check::Severity::Error)
    }
}

/// Find a phase by id or name.
pub fn find_phase<'a>(wf: &'a Workflow, phase: &str) -> Result<(usize, &'a Phase), DesignError> {
    let key = normalise(phase);
    wf.phases
        .iter()
        .enumerate()
        .find(|(_, p)| {
            p.id.value == phase || normalise(&p.id.value) == key || normalise(&p.name.value) == key
        })
        .ok_or_else(|| DesignError::NoSuchPhase {
            phase: phase.to_string(),
            known: wf
                .phases
                .iter()
                .map(|p| p.id.value.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// A library phase: its workflow and position.
struct LibPhase<'a> {
    wf: &'a Workflow,
    index: usize,
}

/// Propose steps for `phase` of `wf` so it has about `target` steps.
pub fn expand_phase(
    wf: &Workflow,
    phase: &str,
    catalog: &Catalog,
    target: usize,
) -> Result<Expansion, DesignError> {
    let (pi, p) = find_phase(wf, phase)?;
    let raw = to_raw(wf);
    let mut query_text = format!("{} {}", p.name.value, wf.name.value);
    if let Some(d) = &p.deliverable {
        query_text.push(' ');
        query_text.push_str(&d.text);
    }
    for s in &p.skills {
        query_text.push(' ');
        query_text.push_str(&s.written);
    }
    for s in &p.steps {
        query_text.push(' ');
        query_text.push_str(&s.action.value);
    }
    let query = Query::new(&query_text);

    // Similar phases of other library workflows.
    let lib: Vec<LibPhase<'_>> = catalog
        .library
        .workflows()
        .filter(|w| w.id != wf.id)
        .flat_map(|w| (0..w.phases.len()).map(move |index| LibPhase { wf: w, index }))
        .collect();
    let texts: Vec<DocText> = lib
        .iter()
        .map(|l| {
            let mut d = phase_text(&to_raw_phase(l));
            d.add(Field::Description, &l.wf.name.value);
            d
        })
        .collect();
    let similar = Index::new(&texts).search(&query, 5);

    let slug = |name: &str| {
        catalog
            .personas
            .resolve(name)
            .map(|x| x.slug.clone())
            .unwrap_or_else(|| name.to_string())
    };
    let has_step: BTreeSet<String> = p.steps.iter().map(|s| slug(&s.persona.written)).collect();
    let skills: Vec<String> = p.skills.iter().map(|s| slug(&s.written)).collect();
    let mut wanted: Vec<String> = skills
        .iter()
        .filter(|s| !has_step.contains(*s))
        .cloned()
        .collect();
    if skills.is_empty()
        && let Some(best) = similar.first()
    {
        let l = &lib[best.doc];
        for s in &l.wf.phases[l.index].steps {
            let k = s.persona.key().to_string();
            if !wanted.contains(&k) && !has_step.contains(&k) {
                wanted.push(k);
            }
        }
    }

    // Candidate steps, best phase first.
    let candidates: Vec<(&LibPhase<'_>, usize)> = similar
        .iter()
        .flat_map(|s| {
            let l = &lib[s.doc];
            (0..l.wf.phases[l.index].steps.len()).map(move |i| (l, i))
        })
        .collect();
    let mut chosen: Vec<(&LibPhase<'_>, usize)> = Vec::new();
    fn step_of<'w>(c: &(&LibPhase<'w>, usize)) -> &'w crate::model::Step {
        &c.0.wf.phases[c.0.index].steps[c.1]
    }
    // A step keeps its library estimate, so it joins only a phase whose
    // window can hold it (its P50 within the window and SC015's tolerance):
    // no multi-week step in a week-long phase, no hours in a minutes phase.
    let own_len = p.window().and_then(|w| w.duration()).map(|d| d.0);
    let fits = |c: &(&LibPhase<'_>, usize)| match (own_len, step_of(c).duration()) {
        (Some(len), Some(e)) if len > 0.0 => e.pert_mean().0 <= len * 1.1,
        _ => true,
    };
    for persona in &wanted {
        if let Some(c) = candidates
            .iter()
            .find(|c| step_of(c).persona.key() == persona && fits(c))
        {
            chosen.push(*c);
        } else if let Some(c) = best_step_by(&lib, persona, &query).filter(|c| fits(c)) {
            chosen.push(c);
        }
    }
    let allowed = |k: &str| skills.is_empty() || skills.iter().any(|s| s == k);
    for c in &candidates {
        if p.steps.len() + chosen.len() >= target {
            break;
        }
        let s = step_of(c);
        let dup = chosen
            .iter()
            .any(|x| step_of(x).action.value == s.action.value);
        if allowed(s.persona.key()) && !dup && fits(c) {
            chosen.push(*c);
        }
    }

    // Artifacts available at this phase, and names already taken.
    let mut available: BTreeSet<String> = wf.inputs.iter().map(|i| i.value.clone()).collect();
    for q in &wf.phases[..pi] {
        available.extend(
            q.steps
                .iter()
                .flat_map(|s| s.outputs.iter().map(|o| o.value.clone())),
        );
        available.extend(q.deliverable.as_ref().and_then(|d| d.artifact.clone()));
    }
    available.extend(
        p.steps
            .iter()
            .flat_map(|s| s.outputs.iter().map(|o| o.value.clone())),
    );
    let mut taken: BTreeSet<String> = wf
        .steps()
        .flat_map(|(_, s)| s.outputs.iter().map(|o| o.value.clone()))
        .collect();
    taken.extend(
        wf.phases
            .iter()
            .filter_map(|q| q.deliverable.as_ref().and_then(|d| d.artifact.clone())),
    );
    let previous = pi
        .checked_sub(1)
        .and_then(|i| wf.phases[i].deliverable.as_ref())
        .and_then(|d| d.artifact.clone());

    let mut phase_raw = raw.phases[pi].value.clone();
    let mut proposed = Vec::new();
    for c in &chosen {
        let (l, i) = (c.0, c.1);
        let src_phase = &l.wf.phases[l.index];
        let s = &src_phase.steps[i];
        let mut step: RawStep = to_raw_phase(l).steps[i].value.clone();
        let persona = catalog
            .personas
            .resolve(&s.persona.written)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| s.persona.written.clone());
        step.persona = Sp::bare(persona.clone());
        step.id = Some(Sp::bare(format!("{}-{}", p.id.value, s.id.value)));
        let mut inputs: Vec<String> = s
            .inputs
            .iter()
            .map(|x| x.value.clone())
            .filter(|x| available.contains(x))
            .collect();
        if inputs.is_empty()
            && !s.inputs.is_empty()
            && let Some(prev) = &previous
        {
            inputs.push(prev.clone());
        }
        let outputs: Vec<String> = s
            .outputs
            .iter()
            .map(|o| {
                if taken.contains(&o.value) {
                    flow::unique(&format!("{}-{}", o.value, p.id.value), &mut taken)
                } else {
                    flow::unique(&o.value, &mut taken)
                }
            })
            .collect();
        available.extend(outputs.iter().cloned());
        step.inputs = inputs.iter().map(|x| Sp::bare(x.clone())).collect();
        step.outputs = outputs.iter().map(|x| Sp::bare(x.clone())).collect();
        step.after.clear();
        step.executor = None;
        step.command = None;
        step.prompt = None;
        proposed.push(ProposedStep {
            id: step
                .id
                .as_ref()
                .map(|x| x.value.clone())
                .unwrap_or_default(),
            persona,
            action: step.action.value.clone(),
            inputs,
            outputs,
            estimate: step.estimate.as_ref().map(|e| match &e.value {
                RawEstimate::Text(t) => t.clone(),
                RawEstimate::ThreePoint {
                    optimistic,
                    likely,
                    pessimistic,
                } => format!("{optimistic} / {likely} / {pessimistic}"),
            }),
            from: format!("{}/{}", l.wf.id, src_phase.id.value),
        });
        phase_raw.steps.push(Sp::bare(step));
    }

    let mut out = raw;
    out.phases[pi] = Sp::bare(phase_raw);
    flow::unique_ids(&mut out);
    flow::skills_cover_steps(&mut out, &catalog.personas);
    // Ids may have been renamed; report what the file says.
    for (prop, step) in proposed
        .iter_mut()
        .zip(out.phases[pi].value.steps.iter().skip(p.steps.len()))
    {
        prop.id = step
            .value
            .id
            .as_ref()
            .map(|x| x.value.clone())
            .unwrap_or_default();
    }
    let yaml = render_yaml(
        &out,
        &format!(
            "Phase `{}` expanded by `skill-chains phase --expand`; review the proposed steps",
            p.id.value
        ),
    );
    let report = check_source(&yaml, &catalog.personas);
    Ok(Expansion {
        workflow: wf.id.clone(),
        phase: p.id.value.clone(),
        phase_name: p.name.value.clone(),
        existing: p.steps.len(),
        proposed,
        similar: similar
            .iter()
            .map(|s| {
                format!(
                    "{}/{}",
                    lib[s.doc].wf.id, lib[s.doc].wf.phases[lib[s.doc].index].id.value
                )
            })
            .collect(),
        diagnostics: report.diagnostics,
        yaml,
    })
}

fn to_raw_phase(l: &LibPhase<'_>) -> crate::format::raw::RawPhase {
    to_raw(l.wf).phases[l.index].value.clone()
}

/// The library step by `persona` that fits the query best.
fn best_step_by<'l, 'a>(
    lib: &'l [LibPhase<'a>],
    persona: &str,
    query: &Query,
) -> Option<(&'l LibPhase<'a>, usize)> {
    let steps: Vec<(&'l LibPhase<'a>, usize)> = lib
        .iter()
        .flat_map(|l| {
            l.wf.phases[l.index]
                .steps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.persona.key() == persona)
                .map(move |(i, _)| (l, i))
        })
        .collect();
    let texts: Vec<DocText> = steps
        .iter()
        .map(|(l, i)| {
            let mut d = DocText::default();
            d.add(Field::Steps, &l.wf.phases[l.index].steps[*i].action.value);
            d.add(Field::Phases, &l.wf.phases[l.index].name.value);
            d
        })
        .collect();
    let index = Index::new(&texts);
    let best = (0..steps.len())
        .map(|i| (index.score(i, query).score, i))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))?;
    Some(steps[best.1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::load_workflow;

    const SPARSE: &str = "name: Data Warehouse Migration\ntimeline: 3 months\nsuccess_criteria: [\"query p95 under 2 s\"]\nphases:\n  - id: assess\n    name: Assessment & Planning\n    window: Month 1\n    skills: [Pragmatic Architect, Data Engineer, FinOps Optimizer]\n    steps:\n      - {persona: Data Engineer, action: Inventory the warehouse tables and jobs, outputs: [warehouse-inventory]}\n    deliverable: {text: Migration plan with costs, artifact: migration-plan}\n  - id: migrate\n    name: Migration\n    window: Month 2-3\n    skills: [Data Engineer]\n    steps:\n      - {persona: Data Engineer, action: Move the pipelines, inputs: [migration-plan], outputs: [moved]}\n    deliverable: {text: Pipelines moved}\n";

    #[test]
    fn a_sparse_phase_gets_a_step_per_missing_skill_and_still_checks() {
        let catalog = Catalog::builtin();
        let wf = load_workflow(SPARSE, &catalog.personas).workflow.unwrap();
        let e = expand_phase(&wf, "assess", &catalog, 5).unwrap();
        let personas: Vec<&str> = e.proposed.iter().map(|s| s.persona.as_str()).collect();
        assert!(personas.contains(&"Pragmatic Architect"), "{personas:?}");
        assert!(personas.contains(&"FinOps Optimizer"), "{personas:?}");
        assert!(e.passes_check(), "{}\n{:#?}", e.yaml, e.diagnostics);
        assert!(!e.similar.is_empty());
    }

    /// Steps come with their library estimates, unscaled, and only those
    /// whose P50 the phase's window can hold.
    #[test]
    fn expanded_steps_keep_their_estimates_and_fit_the_window() {
        let catalog = Catalog::builtin();
        let short = SPARSE.replacen("window: Month 1\n", "window: Week 1\n", 1);
        let wf = load_workflow(&short, &catalog.personas).workflow.unwrap();
        let e = expand_phase(&wf, "assess", &catalog, 5).unwrap();
        let week = crate::duration::WorkTime::of(1.0, crate::duration::Unit::Week, wf.calendar).0;
        for s in &e.proposed {
            let (id, phase) = s.from.split_once('/').unwrap();
            let src = catalog.library.workflows().find(|w| w.id == id).unwrap();
            let from = src.phases.iter().find(|p| p.id.value == phase).unwrap();
            let original = from
                .steps
                .iter()
                .find(|x| x.action.value == s.action)
                .unwrap();
            let text = original
                .estimate()
                .map(|x| crate::learn::propose::estimate_text(&x, src.calendar));
            let shown = s.estimate.as_deref().map(|t| {
                crate::model::Estimate::parse(t, wf.calendar)
                    .map(|x| crate::learn::propose::estimate_text(&x, wf.calendar))
                    .unwrap()
            });
            assert_eq!(shown, text, "{} keeps its estimate", s.id);
            if let Some(x) = original.duration() {
                assert!(
                    x.pert_mean().0 <= week * 1.1,
                    "{} does not fit a week",
                    s.id
                );
            }
        }
    }

    #[test]
    fn unknown_phase_lists_the_known_ones() {
        let catalog = Catalog::builtin();
        let wf = load_workflow(SPARSE, &catalog.personas).workflow.unwrap();
        let err = expand_phase(&wf, "nope", &catalog, 5).unwrap_err();
        assert!(err.to_string().contains("assess, migrate"), "{err}");
    }
}
