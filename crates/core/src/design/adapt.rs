//! Offline design (/workflow without a model): take the library workflows
//! nearest to a scenario and adapt them into a new workflow.
//!
//! - the best match is the base: its phases, criteria, pitfalls and
//!   retrospective questions;
//! - phases the scenario says are done ("we already have an assessment") are
//!   dropped, and their artifacts become workflow inputs;
//! - when the scenario asks for something the base does not cover and another
//!   strong match does, up to two of that workflow's phases are borrowed;
//! - personas the scenario's domains call for (iOS: a Mobile Platform
//!   Engineer) get a step, taken from the library step of that persona that
//!   best fits the scenario, in the phase it fits best;
//! - windows are laid over the stated horizon ("in 3 months") in proportion
//!   to the base's, and estimates are scaled with them.
//!
//! The result is YAML in the file format, checked by the real checker; the
//! caller refuses it when the check finds errors.

use std::collections::BTreeSet;

use serde::Serialize;

use super::domains::DomainHit;
use super::flow;
use super::retrieval::{DocText, Field, Index, LibraryIndex, Query, Scored, Why};
use super::scenario::{Scenario, mentions_excluded};
use super::substitute;
use super::windows;
use crate::catalog::Catalog;
use crate::check::{Diagnostic, check_source};
use crate::duration::{Calendar, WorkTime};
use crate::format::raw::{
    RawDeliverable, RawEstimate, RawPhase, RawStep, RawTimeline, RawWorkflow,
};
use crate::format::write::to_raw;
use crate::model::{Estimate, Phase, Workflow, kebab_case};
use crate::span::Sp;

/// Why a design could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DesignError {
    #[error("the scenario is empty; describe the situation in a sentence or two")]
    EmptyScenario,
    #[error("no library workflow matches `{0}`")]
    NoMatch(String),
    #[error("phase `{phase}` is not in the workflow (phases: {known})")]
    NoSuchPhase { phase: String, known: String },
}

#[derive(Debug, Clone)]
pub struct DesignOptions {
    /// How many library workflows to consider.
    pub candidates: usize,
    /// Most phases borrowed from other workflows.
    pub max_borrowed: usize,
    /// Most steps added for the scenario's domains.
    pub max_added: usize,
}

impl Default for DesignOptions {
    fn default() -> Self {
        DesignOptions {
            candidates: 5,
            max_borrowed: 2,
            max_added: 5,
        }
    }
}

/// A library workflow the design drew on.
#[derive(Debug, Clone, Serialize)]
pub struct SourceUse {
    pub id: String,
    pub name: String,
    pub score: f64,
    /// `base`, `phases` (borrowed phases) or `steps` (a persona's step).
    pub role: &'static str,
    pub why: Vec<Why>,
}

/// A phase of the design and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct PhasePlan {
    pub id: String,
    pub name: String,
    pub window: String,
    pub from: String,
    pub steps: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deliverable: Option<String>,
}

/// A phase of the base that the design left out, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Dropped {
    pub id: String,
    pub name: String,
    pub reason: String,
}

/// A step added for one of the scenario's domains.
#[derive(Debug, Clone, Serialize)]
pub struct Added {
    pub persona: String,
    pub phase: String,
    pub domain: String,
    pub cue: String,
    /// The library workflow the action was taken from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

/// An offline design: the workflow as YAML and what went into it.
#[derive(Debug, Clone, Serialize)]
pub struct Design {
    pub id: String,
    pub name: String,
    pub category: Option<String>,
    pub timeline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon: Option<String>,
    pub sources: Vec<SourceUse>,
    pub phases: Vec<PhasePlan>,
    pub dropped: Vec<Dropped>,
    pub added: Vec<Added>,
    /// Persona names with a step, in first-use order.
    pub personas: Vec<String>,
    /// Things the reader should know (an unrealistic horizon, ...).
    pub notes: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub yaml: String,
}

impl Design {
    pub fn passes_check(&self) -> bool {
        !self
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::check::Severity::Error)
    }
}

/// A phase on its way into the design.
struct Draft {
    raw: RawPhase,
    /// Relative length, for laying out windows.
    weight: f64,
    from: String,
}

/// Working time from a workflow's start to the end of its last window.
pub(crate) fn span_of(wf: &Workflow) -> Option<WorkTime> {
    wf.phases
        .iter()
        .filter_map(|p| p.window()?.end)
        .map(|e| e.0)
        .reduce(f64::max)
        .map(WorkTime)
        .or_else(|| wf.timeline_range().map(|(_, max)| max))
}

/// A phase's share of the workflow: its window, else its likely effort.
pub(crate) fn weight_of(p: &Phase) -> f64 {
    if let Some(d) = p.window().and_then(|w| w.duration()) {
        return d.0.max(1.0);
    }
    let effort: f64 = p
        .steps
        .iter()
        .filter_map(|s| s.estimate())
        .map(|e| e.likely().0)
        .sum();
    if effort > 0.0 { effort } else { 480.0 }
}

/// A phase's text for retrieval.
pub(crate) fn phase_text(p: &RawPhase) -> DocText {
    let mut d = DocText::default();
    d.add(Field::Name, &p.name.value);
    for s in &p.steps {
        d.add(Field::Steps, &s.value.action.value);
    }
    if let Some(del) = &p.deliverable {
        d.add(Field::Deliverables, del.value.text());
    }
    d
}

/// Design a workflow for a scenario from the library alone.
pub fn design(
    scenario: &str,
    catalog: &Catalog,
    opts: &DesignOptions,
) -> Result<Design, DesignError> {
    let sc = Scenario::read(scenario);
    if sc.query.is_empty() {
        return Err(DesignError::EmptyScenario);
    }
    let lib = LibraryIndex::new(catalog, Vec::new());
    let hits = lib.workflows(&sc.query, opts.candidates.max(1));
    let Some(top) = hits.first() else {
        return Err(DesignError::NoMatch(sc.text.clone()));
    };
    let base = lib
        .workflow(top.doc)
        .ok_or_else(|| DesignError::NoMatch(sc.text.clone()))?;
    let mut sources = vec![source(base, top, "base")];
    let base_raw = to_raw(base);
    let mut notes = Vec::new();

    // 1. The base's phases, less those the scenario says are done.
    let mut drafts: Vec<Draft> = Vec::new();
    let mut dropped = Vec::new();
    let mut given: BTreeSet<String> = BTreeSet::new();
    for (p, raw) in base.phases.iter().zip(base_raw.phases.iter()) {
        let excluded = mentions_excluded(&sc, &p.name.value);
        if excluded && base.phases.len() - dropped.len() > 2 {
            dropped.push(Dropped {
                id: p.id.value.clone(),
                name: p.name.value.clone(),
                reason: "the scenario says this is already done".into(),
            });
            given.extend(
                p.steps
                    .iter()
                    .flat_map(|s| s.outputs.iter().map(|o| o.value.clone())),
            );
            given.extend(p.deliverable.as_ref().and_then(|d| d.artifact.clone()));
            continue;
        }
        drafts.push(Draft {
            raw: raw.value.clone(),
            weight: weight_of(p),
            from: base.id.clone(),
        });
    }

    // 2. Phases borrowed for what the base does not cover.
    let residual = sc
        .query
        .filtered(|t| !lib.index().contains(top.doc, &t.stem));
    let borrowed = borrow_phases(&lib, &hits, top.score, &residual, opts.max_borrowed);
    let phases_changed = !dropped.is_empty() || !borrowed.is_empty();
    for (hit, wf, idx) in &borrowed {
        let p = &wf.phases[*idx];
        let raw = to_raw(wf).phases[*idx].value.clone();
        let at = drafts.len().saturating_sub(1).max(1).min(drafts.len());
        drafts.insert(
            at,
            Draft {
                raw,
                weight: weight_of(p),
                from: wf.id.clone(),
            },
        );
        if !sources.iter().any(|s| s.id == wf.id) {
            sources.push(source(wf, hit, "phases"));
        }
    }

    // 3. Time: the horizon, or the base's own span.
    let calendar = base.calendar;
    let base_span =
        span_of(base).unwrap_or(WorkTime(calendar.minutes(crate::duration::Unit::Month)));
    let horizon_span = sc
        .horizon
        .as_ref()
        .map(|h| WorkTime::of(h.quantity.high, h.quantity.unit, calendar));
    let total = horizon_span.unwrap_or(base_span);
    let factor = if horizon_span.is_some() {
        total.0 / base_span.0.max(1.0)
    } else {
        1.0
    };
    if let (Some(h), Some(t)) = (&sc.horizon, &base.timeline)
        && factor < 0.5
    {
        notes.push(format!(
            "`{}` takes {} in the library; {} is {:.0}x shorter. Timelines are realistic, not optimistic: cut scope or extend the horizon.",
            base.id,
            t.text,
            h.text,
            1.0 / factor
        ));
    }

    // 4. Steps for the personas the scenario's domains call for.
    let mut added = Vec::new();
    add_domain_steps(
        &sc,
        catalog,
        &lib,
        &hits,
        &mut drafts,
        &mut added,
        &mut sources,
        opts.max_added,
        total,
        calendar,
    );

    // 5. Windows and estimates. A phase's steps scale with its own window,
    // from the window it had to the one laid out (whole units, so not
    // exactly the horizon's factor): steps that fitted the library's window
    // fit the design's (SC022). A phase without a window follows the horizon.
    let mut scale = vec![factor; drafts.len()];
    if horizon_span.is_some() || phases_changed {
        let weights: Vec<f64> = drafts.iter().map(|d| d.weight).collect();
        let length = |w: &str| {
            crate::window::Window::parse(w, calendar)
                .ok()?
                .duration()
                .filter(|d| d.0 > 0.0)
        };
        for ((d, w), f) in drafts
            .iter_mut()
            .zip(windows::lay_out(&weights, total, calendar))
            .zip(scale.iter_mut())
        {
            if let (Some(before), Some(after)) = (
                d.raw.window.as_ref().and_then(|b| length(&b.value)),
                length(&w),
            ) {
                *f = after.0 / before.0;
            }
            d.raw.window = Some(Sp::bare(w));
            d.raw.gap_reason = None;
        }
    }
    for (d, f) in drafts.iter_mut().zip(scale) {
        if (f - 1.0).abs() > 1e-9 {
            for s in &mut d.raw.steps {
                scale_step(&mut s.value, f, calendar);
            }
        }
        // Rounding (`1.8w` is written `2w`) and steps taken from another
        // workflow can still leave a step longer than its window.
        let window = d.raw.window.as_ref().and_then(|w| {
            crate::window::Window::parse(&w.value, calendar)
                .ok()?
                .duration()
                .filter(|l| l.0 > 0.0)
        });
        if let Some(window) = window {
            for s in &mut d.raw.steps {
                fit_step(&mut s.value, window, calendar);
            }
        }
    }

    // 6. The workflow.
    let name = if sc.title.is_empty() {
        base.name.value.clone()
    } else {
        sc.title.clone()
    };
    let timeline = match (&sc.horizon, &base_raw.timeline) {
        (Some(h), _) => Some(Sp::bare(RawTimeline::Text(h.text.clone()))),
        (None, t) => t.clone(),
    };
    let timeline_text = timeline
        .as_ref()
        .map(|t| t.value.text().to_string())
        .unwrap_or_default();
    let mut raw = RawWorkflow {
        id: Some(Sp::bare(kebab_case(&name))),
        name: Sp::bare(name.clone()),
        version: Some(Sp::bare(1)),
        category: base_raw.category.clone(),
        description: Some(format!("Designed from the library for: {}", sc.text)),
        timeline,
        calendar: base_raw.calendar.clone(),
        trigger: Some(Sp::bare(sc.text.clone())),
        inputs: base_raw.inputs.clone(),
        success_criteria: base_raw.success_criteria.clone(),
        phases: drafts.iter().map(|d| Sp::bare(d.raw.clone())).collect(),
        pitfalls: base_raw.pitfalls.clone(),
        retrospective: base_raw.retrospective.clone(),
        notes: Vec::new(),
    };
    flow::unique_ids(&mut raw);
    flow::repair(&mut raw, &given);
    flow::skills_cover_steps(&mut raw, &catalog.personas);
    if let Some(pairs) = endpoint_pairs(base, &sc) {
        raw = swapped(raw, &pairs);
        let shown: Vec<String> = pairs.iter().map(|(x, y)| format!("{x} → {y}")).collect();
        notes.push(format!(
            "The scenario's endpoints replace the base's: {}.",
            shown.join(", ")
        ));
    }
    raw.notes.push(provenance(&sources));
    raw.notes.extend(notes.iter().cloned());

    let yaml = render_yaml(
        &raw,
        &format!(
            "Designed by `skill-chains workflow` from: {}",
            sources
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    let report = check_source(&yaml, &catalog.personas);
    let personas = report
        .workflow
        .as_ref()
        .map(|wf| {
            let mut names: Vec<String> = Vec::new();
            for (_, s) in wf.steps() {
                let n = catalog
                    .personas
                    .resolve(&s.persona.written)
                    .map(|p| p.name.clone())
                    .unwrap_or_else(|| s.persona.written.clone());
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            names
        })
        .unwrap_or_default();
    let phases = raw
        .phases
        .iter()
        .zip(&drafts)
        .map(|(p, d)| PhasePlan {
            id: p
                .value
                .id
                .as_ref()
                .map(|i| i.value.clone())
                .unwrap_or_default(),
            name: p.value.name.value.clone(),
            window: p
                .value
                .window
                .as_ref()
                .map(|w| w.value.clone())
                .unwrap_or_default(),
            from: d.from.clone(),
            steps: p.value.steps.len(),
            deliverable: p
                .value
                .deliverable
                .as_ref()
                .map(|x| x.value.text().to_string()),
        })
        .collect();
    Ok(Design {
        id: kebab_case(&name),
        name,
        category: base.category.clone(),
        timeline: timeline_text,
        horizon: sc.horizon.as_ref().map(|h| h.text.clone()),
        sources,
        phases,
        dropped,
        added,
        personas,
        notes,
        diagnostics: report.diagnostics,
        yaml,
    })
}

/// The base's `X → Y` paired with the scenario's `from A to B`, when both are
/// there and they differ.
fn endpoint_pairs(base: &Workflow, sc: &Scenario) -> Option<Vec<(String, String)>> {
    let (x, y) = substitute::base_endpoints(&base.name.value)?;
    let (a, b) = substitute::scenario_endpoints(&sc.text)?;
    let pairs: Vec<(String, String)> = [(x, a), (y, b)]
        .into_iter()
        .filter(|(from, to)| !from.eq_ignore_ascii_case(to))
        .collect();
    (!pairs.is_empty()).then_some(pairs)
}

/// The workflow with the endpoints swapped everywhere but in what the
/// scenario itself wrote (name, id, description, trigger).
fn swapped(raw: RawWorkflow, pairs: &[(String, String)]) -> RawWorkflow {
    let Ok(text) = serde_saphyr::to_string(&raw) else {
        return raw;
    };
    match serde_saphyr::from_str::<RawWorkflow>(&substitute::swap(&text, pairs)) {
        Ok(mut out) => {
            out.id = raw.id;
            out.name = raw.name;
            out.description = raw.description;
            out.trigger = raw.trigger;
            out
        }
        Err(_) => raw,
    }
}

fn source(wf: &Workflow, hit: &Scored, role: &'static str) -> SourceUse {
    SourceUse {
        id: wf.id.clone(),
        name: wf.name.value.clone(),
        score: (hit.score * 1000.0).round() / 1000.0,
        role,
        why: hit.why.clone(),
    }
}

fn provenance(sources: &[SourceUse]) -> String {
    let parts: Vec<String> = sources
        .iter()
        .map(|s| format!("{} ({})", s.id, s.role))
        .collect();
    format!(
        "Designed offline by skill-chains from the library: {}. Review every step before running it.",
        parts.join(", ")
    )
}

/// The YAML text of a raw workflow, under a schema line and a comment.
pub(crate) fn render_yaml(raw: &RawWorkflow, comment: &str) -> String {
    let body = serde_saphyr::to_string(raw).unwrap_or_default();
    format!(
        "# yaml-language-server: $schema=https://skill-chains.dev/schema/workflow.schema.json\n# {comment}\n{body}"
    )
}

/// Phases of other strong matches that cover terms the base lacks: the
/// phase's name or deliverable must mention one of them.
fn borrow_phases<'a>(
    lib: &LibraryIndex<'a>,
    hits: &[Scored],
    top_score: f64,
    residual: &Query,
    max: usize,
) -> Vec<(Scored, &'a Workflow, usize)> {
    if residual.is_empty() || max == 0 {
        return Vec::new();
    }
    let mut candidates: Vec<(f64, Scored, &'a Workflow, usize)> = Vec::new();
    for hit in hits.iter().skip(1).filter(|h| h.score >= 0.5 * top_score) {
        let Some(wf) = lib.workflow(hit.doc) else {
            continue;
        };
        let raw = to_raw(wf);
        let texts: Vec<DocText> = raw.phases.iter().map(|p| phase_text(&p.value)).collect();
        let index = Index::new(&texts);
        for s in index.search(residual, usize::MAX) {
            let strong = s.why.iter().any(|w| {
                w.fields
                    .iter()
                    .any(|f| matches!(f, Field::Name | Field::Deliverables))
            });
            if strong {
                candidates.push((s.score * hit.score, hit.clone(), wf, s.doc));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut chosen: Vec<(Scored, &'a Workflow, usize)> = Vec::new();
    for (_, hit, wf, idx) in candidates {
        if chosen.len() == max {
            break;
        }
        if !chosen.iter().any(|(_, w, i)| w.id == wf.id && *i == idx) {
            chosen.push((hit, wf, idx));
        }
    }
    // Keep borrowed phases in their own workflow's order.
    chosen.sort_by_key(|(_, w, i)| (w.id.clone(), *i));
    chosen
}

/// A library step by a persona, with the phase it is in.
struct Candidate<'a> {
    wf: &'a Workflow,
    phase: &'a Phase,
    step: usize,
}

#[allow(clippy::too_many_arguments)]
fn add_domain_steps(
    sc: &Scenario,
    catalog: &Catalog,
    lib: &LibraryIndex<'_>,
    hits: &[Scored],
    drafts: &mut [Draft],
    added: &mut Vec<Added>,
    sources: &mut Vec<SourceUse>,
    max: usize,
    total: WorkTime,
    calendar: Calendar,
) {
    let present = |drafts: &[Draft], slug: &str| {
        drafts.iter().any(|d| {
            d.raw.steps.iter().any(|s| {
                catalog
                    .personas
                    .resolve(&s.value.persona.value)
                    .is_some_and(|p| p.slug == slug)
            })
        })
    };
    let hit_ids: Vec<&str> = hits
        .iter()
        .filter_map(|h| lib.workflow(h.doc))
        .map(|w| w.id.as_str())
        .collect();
    let mut wanted: Vec<(&str, &DomainHit)> = Vec::new();
    for hit in &sc.domains {
        for p in &hit.personas {
            if !wanted.iter().any(|(w, _)| w == p) {
                wanted.push((p, hit));
            }
        }
    }
    for (slug, domain) in wanted {
        if added.len() >= max {
            break;
        }
        if present(drafts, slug) {
            continue;
        }
        let Some(persona) = catalog.personas.by_slug(slug) else {
            continue;
        };
        // The persona's library steps, ranked by fit with the scenario.
        let candidates: Vec<Candidate<'_>> = catalog
            .library
            .workflows()
            .flat_map(|wf| {
                wf.phases.iter().flat_map(move |phase| {
                    phase
                        .steps
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| s.persona.slug.as_deref() == Some(slug))
                        .map(move |(step, _)| Candidate { wf, phase, step })
                })
            })
            .collect();
        let texts: Vec<DocText> = candidates
            .iter()
            .map(|c| {
                let mut d = DocText::default();
                d.add(Field::Steps, &c.phase.steps[c.step].action.value);
                d.add(Field::Phases, &c.phase.name.value);
                d.add(Field::Name, &c.wf.name.value);
                d
            })
            .collect();
        let index = Index::new(&texts);
        let best = (0..candidates.len())
            .map(|i| {
                let bonus = if hit_ids.contains(&candidates[i].wf.id.as_str()) {
                    0.5
                } else {
                    0.0
                };
                (index.score(i, &sc.query).score + bonus, i)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, i)| &candidates[i]);
        let (action, outputs, estimate, from, probe) = match best {
            Some(c) => {
                let s = &c.phase.steps[c.step];
                let factor = span_of(c.wf)
                    .map(|span| total.0 / span.0.max(1.0))
                    .unwrap_or(1.0);
                let estimate = s
                    .estimate()
                    .map(|e| windows::scaled_estimate(&e, factor, calendar));
                let probe = format!("{} {}", c.phase.name.value, s.action.value);
                (
                    s.action.value.clone(),
                    s.outputs
                        .iter()
                        .map(|o| o.value.clone())
                        .collect::<Vec<_>>(),
                    estimate,
                    Some(c.wf),
                    probe,
                )
            }
            None => (
                format!(
                    "Review the plan for {} concerns ({}) and add what the work needs",
                    domain.domain, domain.cue
                ),
                Vec::new(),
                None,
                None,
                domain.cue.to_string(),
            ),
        };
        // The design phase the step fits best; the first phase otherwise.
        let phase_texts: Vec<DocText> = drafts.iter().map(|d| phase_text(&d.raw)).collect();
        let target = Index::new(&phase_texts)
            .search(&Query::new(&probe), 1)
            .first()
            .map(|s| s.doc)
            .unwrap_or(0);
        let Some(draft) = drafts.get_mut(target) else {
            continue;
        };
        let taken: BTreeSet<String> = drafts_outputs(draft);
        let phase_id = draft
            .raw
            .id
            .as_ref()
            .map(|i| i.value.clone())
            .unwrap_or_else(|| kebab_case(&draft.raw.name.value));
        let output = outputs
            .into_iter()
            .next()
            .filter(|o| !taken.contains(o))
            .unwrap_or_else(|| format!("{}-{}-review", slug, phase_id));
        draft.raw.steps.push(Sp::bare(RawStep {
            id: Some(Sp::bare(format!("{phase_id}-{slug}"))),
            persona: Sp::bare(persona.name.clone()),
            action: Sp::bare(action),
            outputs: vec![Sp::bare(output)],
            estimate: estimate.map(|e| Sp::bare(RawEstimate::Text(e))),
            ..RawStep::default()
        }));
        draft.raw.skills.push(Sp::bare(persona.name.clone()));
        if let Some(wf) = from
            && !sources.iter().any(|s| s.id == wf.id)
        {
            let hit = hits
                .iter()
                .find(|h| lib.workflow(h.doc).is_some_and(|w| w.id == wf.id));
            sources.push(SourceUse {
                id: wf.id.clone(),
                name: wf.name.value.clone(),
                score: hit
                    .map(|h| (h.score * 1000.0).round() / 1000.0)
                    .unwrap_or(0.0),
                role: "steps",
                why: hit.map(|h| h.why.clone()).unwrap_or_default(),
            });
        }
        added.push(Added {
            persona: persona.name.clone(),
            phase: draft.raw.name.value.clone(),
            domain: domain.domain.to_string(),
            cue: domain.cue.to_string(),
            from: from.map(|w| w.id.clone()),
        });
    }
}

fn drafts_outputs(d: &Draft) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = d
        .raw
        .steps
        .iter()
        .flat_map(|s| s.value.outputs.iter().map(|o| o.value.clone()))
        .collect();
    if let Some(RawDeliverable::Detailed {
        artifact: Some(a), ..
    }) = d.raw.deliverable.as_ref().map(|x| &x.value)
    {
        out.insert(a.clone());
    }
    out
}

/// A raw step's estimate, when it reads.
fn raw_estimate(s: &RawStep, calendar: Calendar) -> Option<Estimate> {
    let text = match &s.estimate.as_ref()?.value {
        RawEstimate::Text(t) => t.clone(),
        RawEstimate::ThreePoint {
            optimistic,
            likely,
            pessimistic,
        } => format!("{optimistic} / {likely} / {pessimistic}"),
    };
    Estimate::parse(&text, calendar).ok()
}

/// Scale a step's estimate (and timeout) by `factor`.
pub(crate) fn scale_step(s: &mut RawStep, factor: f64, calendar: Calendar) {
    if let Some(e) = raw_estimate(s, calendar) {
        s.estimate = Some(Sp::bare(RawEstimate::Text(windows::scaled_estimate(
            &e, factor, calendar,
        ))));
    }
}

/// Shrink a step's estimate until its PERT mean (the P50 `check` compares,
/// SC022) fits `window`: the scaling the horizon asks for, finished where
/// rounding left it short. A few rounds at most, as rounding to halves can
/// undo one.
fn fit_step(s: &mut RawStep, window: WorkTime, calendar: Calendar) {
    for round in 0..8 {
        let Some(e) = raw_estimate(s, calendar) else {
            return;
        };
        let mean = e.pert_mean().0;
        if mean <= window.0 {
            return;
        }
        // Each round asks for 10% less, so rounding cannot undo it forever.
        let f = window.0 / mean * 0.9_f64.powi(round);
        s.estimate = Some(Sp::bare(RawEstimate::Text(windows::scaled_estimate(
            &e, f, calendar,
        ))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design_of(s: &str) -> Design {
        design(s, &Catalog::builtin(), &DesignOptions::default()).unwrap()
    }

    #[test]
    fn a_design_checks_clean_and_names_its_sources() {
        let d = design_of("Migrate our monolith to microservices in 9 months");
        assert!(d.diagnostics.is_empty(), "{}\n{:#?}", d.yaml, d.diagnostics);
        assert_eq!(d.sources[0].id, "microservices-migration");
        assert_eq!(d.timeline, "9 months");
        assert!(
            d.yaml
                .contains("Designed by `skill-chains workflow` from: microservices-migration")
        );
    }

    #[test]
    fn domains_add_their_personas() {
        let d = design_of("Launch our banking app on iOS and Android with WCAG accessibility");
        assert!(
            d.diagnostics
                .iter()
                .all(|x| x.severity != crate::check::Severity::Error),
            "{:#?}",
            d.diagnostics
        );
        assert!(
            d.personas.iter().any(|p| p == "Mobile Platform Engineer"),
            "{:?}",
            d.personas
        );
        assert!(
            d.personas.iter().any(|p| p == "Accessibility Specialist"),
            "{:?}",
            d.personas
        );
    }

    #[test]
    fn done_phases_are_dropped_and_their_artifacts_become_inputs() {
        let d = design_of(
            "GDPR compliance: we already did the gap analysis, finish the rest in 4 months",
        );
        assert!(!d.dropped.is_empty(), "{:?}", d.phases);
        assert!(d.passes_check(), "{}\n{:#?}", d.yaml, d.diagnostics);
    }

    #[test]
    fn an_unrealistic_horizon_is_called_out() {
        let d = design_of("SOC 2 Type II certification in 3 weeks");
        assert!(
            d.notes.iter().any(|n| n.contains("realistic")),
            "{:?}",
            d.notes
        );
        assert!(d.passes_check(), "{}\n{:#?}", d.yaml, d.diagnostics);
    }

    #[test]
    fn migration_endpoints_follow_the_scenario() {
        let d = design_of("Migrate our payment service from Heroku to AWS in 4 months");
        assert_eq!(d.sources[0].id, "platform-migration-aws-gcp");
        assert!(d.passes_check(), "{}\n{:#?}", d.yaml, d.diagnostics);
        assert!(d.yaml.contains("Decommission Heroku"), "{}", d.yaml);
        assert_eq!(
            d.yaml.matches("GCP").count(),
            1,
            "only in the note: {}",
            d.yaml
        );
        assert!(
            d.notes.iter().any(|n| n.contains("AWS → Heroku")),
            "{:?}",
            d.notes
        );
    }

    #[test]
    fn empty_and_unknown_scenarios_are_errors() {
        let c = Catalog::builtin();
        assert_eq!(
            design("  ", &c, &DesignOptions::default()).unwrap_err(),
            DesignError::EmptyScenario
        );
        assert!(matches!(
            design("zzqx flurble", &c, &DesignOptions::default()),
            Err(DesignError::NoMatch(_))
        ));
    }
}
