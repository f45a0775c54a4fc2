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
//! - estimates and windows are the library's, never bent to the scenario's
//!   words: a stated horizon ("in 3 months") is a deadline, reported with
//!   the Monte Carlo probability of meeting it and, when it is out of reach,
//!   a scoped alternative (the phases that fit, the rest deferred);
//! - a number the work must reach ("restore within an hour", "30% cheaper")
//!   becomes a success criterion, not the timeline.
//!
//! The result is YAML in the file format, checked by the real checker; the
//! caller refuses it when the check finds errors.

use std::collections::BTreeSet;

use serde::Serialize;

use super::domains::DomainHit;
use super::flow;
use super::kinds::Kind;
use super::retrieval::{DocText, Field, Index, LibraryIndex, Query, Scored, Why};
use super::scenario::{Scenario, Target, mentions_excluded};
use super::substitute;
use super::windows;
use crate::catalog::Catalog;
use crate::check::{Diagnostic, check_source};
use crate::duration::{Calendar, WorkTime};
use crate::format::raw::{
    RawCriterion, RawDeliverable, RawEstimate, RawMetric, RawPhase, RawStep, RawTimeline,
    RawWorkflow,
};
use crate::format::write::to_raw;
use crate::model::{Phase, Workflow, kebab_case};
use crate::span::Sp;
use crate::text::words::stems;

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
    /// For a phase borrowed from another workflow: the scenario's words it
    /// serves.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub why: Vec<String>,
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
    /// The step's action.
    pub action: String,
    /// The scenario's words, besides the cue, that the step serves.
    pub why: Vec<String>,
}

/// The likely finish of a design (Monte Carlo over the checked workflow).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// Working minutes.
    pub p50: f64,
    pub p80: f64,
    pub p95: f64,
    /// `P50 9.2 months, P80 10.1 months`.
    pub text: String,
    #[serde(skip)]
    pub(crate) unit: crate::duration::Unit,
    #[serde(skip)]
    pub calendar: Calendar,
}

/// How a stated horizon compares with what the work takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineVerdict {
    /// At least an 80% chance.
    Realistic,
    /// 50-80%.
    Tight,
    /// 10-50%.
    AtRisk,
    /// Under 10%.
    Unrealistic,
}

/// The scenario's horizon read as a deadline.
#[derive(Debug, Clone, Serialize)]
pub struct Deadline {
    pub horizon: String,
    /// Working minutes.
    pub minutes: f64,
    /// Chance of finishing within it (Monte Carlo).
    pub probability: f64,
    pub verdict: DeadlineVerdict,
    pub message: String,
}

/// A smaller design that fits the deadline: the first phases, the rest
/// deferred to a later workflow.
#[derive(Debug, Clone, Serialize)]
pub struct Scoped {
    pub id: String,
    pub name: String,
    pub kept: Vec<String>,
    pub deferred: Vec<String>,
    pub forecast: Forecast,
    pub probability: f64,
    pub yaml: String,
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
    /// What the design takes, when it checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<Forecast>,
    /// The horizon as a deadline: its chance and verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// A design that fits the deadline, when the whole one does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scoped: Option<Scoped>,
    /// The scenario's targets, now success criteria.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<super::scenario::Target>,
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

/// The category whose work runs in minutes and hours.
const INCIDENT: &str = "Incident Management";

/// A phase on its way into the design.
struct Draft {
    raw: RawPhase,
    /// Relative length, for laying out windows.
    weight: f64,
    from: String,
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
    // The kind of work decides before shared words do. A playbook built for
    // another platform than the one the scenario names is no source at all
    // (no app-store phase in a web feature), unless nothing else matches.
    let ranked = lib.workflows(&sc.query, usize::MAX);
    let kind_of = |h: &Scored| {
        lib.workflow(h.doc)
            .map(Kind::of_workflow)
            .unwrap_or_default()
    };
    let fitting: Vec<Scored> = ranked
        .iter()
        .filter(|h| !sc.kind.platform_conflicts(&kind_of(h)))
        .cloned()
        .collect();
    let ranked = if fitting.is_empty() { ranked } else { fitting };
    let mut hits: Vec<Scored> = ranked
        .iter()
        .take(opts.candidates.max(1))
        .cloned()
        .collect();
    // Growing a team is hiring work: the best playbook that grows a team is
    // the base, even when another names the team's speciality ("triple the
    // backend team" is not a backend build).
    let grows = |h: &Scored| kind_of(h).grows_team;
    if sc.kind.grows_team
        && !hits.first().is_some_and(grows)
        && let Some(h) = ranked.iter().find(|h| grows(h))
    {
        hits.retain(|x| x.doc != h.doc);
        hits.insert(0, h.clone());
    }
    // Something broken now is an incident: the best incident workflow is the
    // base, even when another matches more words ("payments API", "Kubernetes").
    if sc.urgent {
        let is_incident = |h: &Scored| {
            lib.workflow(h.doc)
                .and_then(|w| w.category.as_deref())
                .is_some_and(|c| c == INCIDENT)
        };
        if !hits.first().is_some_and(is_incident)
            && let Some(h) = ranked.iter().find(|h| is_incident(h)).cloned()
        {
            hits.retain(|x| x.doc != h.doc);
            hits.insert(0, h);
        }
    }
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

    // 2. Phases borrowed for what the base does not cover, placed where they
    // stood in their own workflow (an assessment early, a rollout late).
    let residual = sc
        .query
        .filtered(|t| !lib.index().contains(top.doc, &t.stem));
    let longest = base
        .phases
        .iter()
        .filter_map(|p| p.window()?.duration())
        .map(|d| d.0)
        .fold(0.0, f64::max);
    let borrowed: Vec<_> = borrow_phases(&lib, &hits, top.score, &residual, opts.max_borrowed)
        .into_iter()
        // A phase far longer than any of the base's is another kind of work:
        // no months-long migration wave inside an incident.
        // An incident keeps to its own phases.
        .filter(|(_, wf, idx, _)| {
            !sc.urgent && (longest <= 0.0 || weight_of(&wf.phases[*idx]) <= 2.0 * longest)
        })
        .collect();
    let phases_changed = !dropped.is_empty() || !borrowed.is_empty();
    let mut borrowed_why: Vec<(usize, Vec<String>)> = Vec::new();
    for (hit, wf, idx, why) in &borrowed {
        let p = &wf.phases[*idx];
        let raw = to_raw(wf).phases[*idx].value.clone();
        let share = (*idx as f64 + 0.5) / wf.phases.len().max(1) as f64;
        let at = ((share * drafts.len() as f64).round() as usize).min(drafts.len());
        for (i, _) in borrowed_why.iter_mut().filter(|(i, _)| *i >= at) {
            *i += 1;
        }
        drafts.insert(
            at,
            Draft {
                raw,
                weight: weight_of(p),
                from: wf.id.clone(),
            },
        );
        borrowed_why.push((at, why.clone()));
        if !sources.iter().any(|s| s.id == wf.id) {
            sources.push(source(wf, hit, "phases"));
        }
    }

    // 3. Steps for the personas the scenario's domains call for, each only
    // where it fits the phase's time scale.
    let calendar = base.calendar;
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
        calendar,
    );

    // 4. Windows: the library's own. When phases were dropped or borrowed,
    // they are laid back to back, each as long as it was in its workflow.
    if phases_changed {
        let weights: Vec<f64> = drafts.iter().map(|d| d.weight).collect();
        let total = WorkTime(weights.iter().sum());
        for (d, w) in drafts
            .iter_mut()
            .zip(windows::lay_out(&weights, total, calendar))
        {
            d.raw.window = Some(Sp::bare(w));
            d.raw.gap_reason = None;
        }
    }

    // 5. The workflow, with the scenario's targets as criteria.
    let name = if sc.title.is_empty() {
        base.name.value.clone()
    } else {
        sc.title.clone()
    };
    let mut success_criteria = base_raw.success_criteria.clone();
    for t in sc.targets.iter().rev() {
        if let Some(i) = success_criteria
            .iter()
            .position(|c| same_measure(&c.value, t))
        {
            notes.push(format!(
                "The scenario's target `{}` replaces the library's criterion \"{}\".",
                t.text,
                criterion_text(&success_criteria[i].value)
            ));
            success_criteria.remove(i);
        }
        success_criteria.insert(0, Sp::bare(target_criterion(t)));
    }
    let mut raw = RawWorkflow {
        id: Some(Sp::bare(kebab_case(&name))),
        name: Sp::bare(name.clone()),
        version: Some(Sp::bare(1)),
        category: base_raw.category.clone(),
        description: Some(format!("Designed from the library for: {}", sc.text)),
        timeline: base_raw.timeline.clone(),
        calendar: base_raw.calendar.clone(),
        trigger: Some(Sp::bare(sc.text.clone())),
        inputs: base_raw.inputs.clone(),
        success_criteria,
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
    let comment = format!(
        "Designed by `skill-chains workflow` from: {}",
        sources
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );

    // 6. What it takes: a changed design states its own forecast as its
    // timeline; the library's timeline stands for an unchanged one.
    let deadline_minutes = sc
        .horizon
        .as_ref()
        .map(|h| WorkTime::of(h.quantity.high, h.quantity.unit, calendar).0);
    let mut report = check_source(&render_yaml(&raw, &comment), &catalog.personas);
    let mut outlook = report
        .workflow
        .as_ref()
        .map(|wf| forecast(wf, deadline_minutes));
    if let Some((f, _)) = &outlook
        && (phases_changed || raw.timeline.is_none())
    {
        raw.timeline = Some(Sp::bare(RawTimeline::Text(range_text(f, calendar))));
        report = check_source(&render_yaml(&raw, &comment), &catalog.personas);
        outlook = report
            .workflow
            .as_ref()
            .map(|wf| forecast(wf, deadline_minutes));
    }
    let deadline = match (&sc.horizon, &outlook, deadline_minutes) {
        (Some(h), Some((f, Some(p))), Some(m)) => Some(judge(h, m, *p, f, base)),
        _ => None,
    };
    let scoped = match &deadline {
        Some(d)
            if matches!(
                d.verdict,
                DeadlineVerdict::AtRisk | DeadlineVerdict::Unrealistic
            ) =>
        {
            scope(&raw, &comment, d, catalog, calendar)
        }
        _ => None,
    };
    if let Some(d) = &deadline {
        notes.insert(0, d.message.clone());
        if d.verdict == DeadlineVerdict::AtRisk || d.verdict == DeadlineVerdict::Unrealistic {
            notes.insert(
                1,
                match &scoped {
                    Some(s) => format!(
                        "Scoped to fit {}: {} ({}, {:.0}% chance); deferred: {}.",
                        d.horizon,
                        s.kept.join(", "),
                        s.forecast.text,
                        s.probability * 100.0,
                        s.deferred.join(", ")
                    ),
                    None => format!(
                        "No smaller scope of this workflow fits {}: even its first phase alone runs past it. Extend the deadline.",
                        d.horizon
                    ),
                },
            );
        }
    }
    raw.notes.push(provenance(&sources));
    raw.notes.extend(notes.iter().cloned());
    let yaml = render_yaml(&raw, &comment);
    let (yaml, report) = reviewed(yaml, &comment, catalog, &mut notes);
    let timeline_text = raw
        .timeline
        .as_ref()
        .map(|t| t.value.text().to_string())
        .unwrap_or_default();
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
        .enumerate()
        .map(|(i, (p, d))| PhasePlan {
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
            why: borrowed_why
                .iter()
                .find(|(at, _)| *at == i)
                .map(|(_, w)| w.clone())
                .unwrap_or_default(),
        })
        .collect();
    Ok(Design {
        id: kebab_case(&name),
        name,
        category: base.category.clone(),
        timeline: timeline_text,
        horizon: sc.horizon.as_ref().map(|h| h.text.clone()),
        forecast: outlook.map(|(f, _)| f),
        deadline,
        scoped,
        targets: sc.targets.clone(),
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
        "{}\n# {comment}\n{body}",
        crate::format::schema::workflow_modeline()
    )
}

/// A design reviewed before it is handed over (principles 2 and 6-10): the
/// safe fixes the advice carries are made (and said in `notes`), the rest
/// of the advice is reported with the diagnostics. A design with errors is
/// left as it is.
pub(crate) fn reviewed(
    yaml: String,
    comment: &str,
    catalog: &Catalog,
    notes: &mut Vec<String>,
) -> (String, crate::check::Report) {
    let personas = &catalog.personas;
    let mut report = check_source(&yaml, personas);
    let Some(wf) = report.workflow.as_ref().filter(|_| !report.has_errors()) else {
        return (yaml, report);
    };
    let advice = crate::review::advise(wf, personas);
    let mut yaml = yaml;
    if let Some((fixed, made)) = crate::review::fix(wf, &advice, personas) {
        let mut raw = to_raw(&fixed);
        let note = format!(
            "Review: {made} safe fix(es) made before writing ({}).",
            fix_codes(&advice)
        );
        raw.notes.push(note.clone());
        let text = render_yaml(&raw, comment);
        let again = check_source(&text, personas);
        if !again.has_errors() {
            notes.push(note);
            yaml = text;
            report = again;
        }
    }
    if let Some(wf) = &report.workflow {
        report
            .diagnostics
            .extend(crate::review::advise(wf, personas));
        crate::check::sort(&mut report.diagnostics);
    }
    (yaml, report)
}

/// The codes of the advice that carries a fix, once each.
fn fix_codes(advice: &[Diagnostic]) -> String {
    let mut codes: Vec<&str> = advice
        .iter()
        .filter(|d| d.fix.is_some())
        .map(|d| d.code)
        .collect();
    codes.dedup();
    codes.join(", ")
}

/// Phases of other strong matches that cover terms the base lacks: the
/// phase's name or deliverable must mention one of them.
fn borrow_phases<'a>(
    lib: &LibraryIndex<'a>,
    hits: &[Scored],
    top_score: f64,
    residual: &Query,
    max: usize,
) -> Vec<(Scored, &'a Workflow, usize, Vec<String>)> {
    if residual.is_empty() || max == 0 {
        return Vec::new();
    }
    let mut candidates: Vec<(f64, Scored, &'a Workflow, usize, Vec<String>)> = Vec::new();
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
            // A phase serves the scenario when it answers two of the words
            // the base leaves open, one in its name or deliverable: one
            // shared word ("contract", "app") is a coincidence.
            let terms: BTreeSet<&str> = s.why.iter().map(|w| w.term.as_str()).collect();
            if strong && terms.len() >= 2 {
                let why = s.why.iter().map(|w| w.shown()).collect();
                candidates.push((s.score * hit.score, hit.clone(), wf, s.doc, why));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut chosen: Vec<(Scored, &'a Workflow, usize, Vec<String>)> = Vec::new();
    for (_, hit, wf, idx, why) in candidates {
        if chosen.len() == max {
            break;
        }
        if !chosen.iter().any(|(_, w, i, _)| w.id == wf.id && *i == idx) {
            chosen.push((hit, wf, idx, why));
        }
    }
    // Keep borrowed phases in their own workflow's order.
    chosen.sort_by_key(|(_, w, i, _)| (w.id.clone(), *i));
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
    let incident = hits
        .first()
        .and_then(|h| lib.workflow(h.doc))
        .is_some_and(|w| w.category.as_deref() == Some(INCIDENT));
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
        // The persona's library steps, ranked by fit with the scenario; for
        // an incident, only steps of incident workflows (a cluster
        // provisioning step does not belong in an outage).
        let candidates: Vec<Candidate<'_>> = catalog
            .library
            .workflows()
            .filter(|wf| !incident || wf.category.as_deref() == Some(INCIDENT))
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
        let cue: Vec<String> = stems(domain.cue);
        let phase_texts: Vec<DocText> = drafts.iter().map(|d| phase_text(&d.raw)).collect();
        let phase_index = Index::new(&phase_texts);
        let mut ranked: Vec<(f64, usize, Vec<String>)> = (0..candidates.len())
            .filter_map(|i| {
                let scored = index.score(i, &sc.query);
                // The step serves the scenario beyond the word that called
                // for its persona ("contract" alone does not make a vendor
                // inventory part of an accessibility programme).
                let why: Vec<String> = scored
                    .why
                    .iter()
                    .filter(|w| !cue.contains(&w.term))
                    .map(|w| w.shown())
                    .collect();
                if why.is_empty() {
                    return None;
                }
                let bonus = if hit_ids.contains(&candidates[i].wf.id.as_str()) {
                    0.5
                } else {
                    0.0
                };
                Some((scored.score + bonus, i, why))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // The best step that fits the time scale of the phase it would join:
        // no multi-hour step in a minutes-long incident phase.
        let chosen = ranked.into_iter().find_map(|(_, i, why)| {
            let c = &candidates[i];
            let s = &c.phase.steps[c.step];
            let probe = format!("{} {}", c.phase.name.value, s.action.value);
            let target = phase_index
                .search(&Query::new(&probe), 1)
                .first()
                .map(|x| x.doc)
                .unwrap_or(0);
            let fits = match (
                s.estimate(),
                drafts
                    .get(target)
                    .and_then(|d| window_length(&d.raw, calendar)),
            ) {
                (Some(e), Some(w)) => e.pert_mean().0 <= w.0,
                _ => true,
            };
            fits.then_some((c, target, why))
        });
        let Some((c, target, why)) = chosen else {
            continue;
        };
        let s = &c.phase.steps[c.step];
        let action = s.action.value.clone();
        let outputs: Vec<String> = s.outputs.iter().map(|o| o.value.clone()).collect();
        let estimate = s
            .estimate()
            .map(|e| windows::scaled_estimate(&e, 1.0, calendar));
        let from = Some(c.wf);
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
        let added_action = action.clone();
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
            action: added_action,
            why,
        });
    }
}

/// A raw phase's window length, when it has one that reads.
fn window_length(p: &RawPhase, calendar: Calendar) -> Option<WorkTime> {
    crate::window::Window::parse(&p.window.as_ref()?.value, calendar)
        .ok()?
        .duration()
        .filter(|l| l.0 > 0.0)
}

fn criterion_text(c: &RawCriterion) -> &str {
    match c {
        RawCriterion::Text(t) | RawCriterion::Detailed { text: t, .. } => t,
    }
}

/// Whether a library criterion measures what a scenario's target does: the
/// same direction (`<` or `<=`, `>` or `>=`), the same unit however it is
/// spelt, and the same measure: a word of the metric's name in common
/// (`cloud_bill_reduction` and `cloud_run_rate_reduction`), or names of one
/// measure (recovery time, MTTR, RTO).
fn same_measure(c: &RawCriterion, t: &Target) -> bool {
    let RawCriterion::Detailed { metrics, .. } = c else {
        return false;
    };
    let generic = ["time", "reduction", "rate", "actual", "share", "p99", "p95"];
    let words = |name: &str| -> Vec<String> {
        name.split('_')
            .filter(|w| !generic.contains(w) && w.len() > 2)
            .map(str::to_string)
            .collect()
    };
    let recovery = ["recovery", "mttr", "rto", "restore"];
    let is_recovery = |name: &str| name.split('_').any(|w| recovery.contains(&w));
    let direction = |op: &str| op.trim_end_matches('=').to_string();
    let unit = |u: &str| match u.trim().to_lowercase().as_str() {
        "min" | "mins" | "minute" | "minutes" | "m" => "minutes".to_string(),
        other => other.to_string(),
    };
    let mine = words(&t.metric);
    metrics.iter().any(|m| {
        direction(&m.value.op) == direction(t.op)
            && m.value.unit.as_deref().map(unit) == Some(unit(&t.unit))
            && (words(&m.value.name).iter().any(|w| mine.contains(w))
                || (is_recovery(&t.metric) && is_recovery(&m.value.name)))
    })
}

/// A scenario's target as a measurable criterion.
fn target_criterion(t: &Target) -> RawCriterion {
    let mut text = t.text.clone();
    if let Some(first) = text.get(..1) {
        text = format!("{}{}", first.to_uppercase(), &text[1..]);
    }
    RawCriterion::Detailed {
        text: format!("{text} (the scenario's target)"),
        metrics: vec![Sp::bare(RawMetric {
            name: t.metric.clone(),
            op: t.op.to_string(),
            target: t.value,
            unit: Some(t.unit.clone()),
            baseline: t
                .metric
                .ends_with("_reduction")
                .then(|| "the level before the work starts".to_string()),
        })],
    }
}

/// How many Monte Carlo runs a design's forecast takes: enough for a
/// percentile to a few tenths of a percent, quick enough for the eval set.
const FORECAST_RUNS: u32 = 4_000;

/// P50/P80/P95 of a checked workflow and, given a deadline (working
/// minutes), the chance of meeting it.
fn forecast(wf: &Workflow, deadline: Option<f64>) -> (Forecast, Option<f64>) {
    let graph = crate::plan::graph::StepGraph::build(wf);
    let mc = crate::plan::montecarlo::simulate(
        graph.network(),
        &crate::plan::montecarlo::MonteCarloOptions {
            iterations: FORECAST_RUNS,
            deadline,
            ..Default::default()
        },
        None,
    );
    // The stated unit, unless the forecast is less than one of it ("0.7
    // weeks" reads better as "4.9 days").
    let unit = match crate::plan::timeline::display_unit(wf, mc.p50) {
        u if mc.p50 < wf.calendar.minutes(u) => crate::duration::WorkTime(mc.p50)
            .natural_unit(wf.calendar)
            .min(u),
        u => u,
    };
    let show = |x: f64| crate::plan::timeline::in_unit(x, unit, wf.calendar);
    let text = format!("P50 {}, P80 {}", show(mc.p50), show(mc.p80));
    (
        Forecast {
            p50: mc.p50,
            p80: mc.p80,
            p95: mc.p95,
            text,
            unit,
            calendar: wf.calendar,
        },
        mc.deadline_probability,
    )
}

/// A timeline that states a forecast: P50 to P95 in its unit (`7-9 months`).
fn range_text(f: &Forecast, calendar: Calendar) -> String {
    let unit = f.unit;
    let at = |x: f64| WorkTime(x).in_unit(unit, calendar);
    let (lo, hi) = (at(f.p50).floor().max(1.0), at(f.p95).ceil().max(1.0));
    let n = crate::duration::trim_number;
    if hi <= lo {
        format!("{} {}s", n(lo), unit.name())
    } else {
        format!("{}-{} {}s", n(lo), n(hi), unit.name())
    }
}

/// The horizon as a deadline: its chance, verdict and what it really takes.
fn judge(
    h: &super::scenario::Horizon,
    minutes: f64,
    p: f64,
    f: &Forecast,
    base: &Workflow,
) -> Deadline {
    let verdict = if p >= 0.8 {
        DeadlineVerdict::Realistic
    } else if p >= 0.5 {
        DeadlineVerdict::Tight
    } else if p >= 0.1 {
        DeadlineVerdict::AtRisk
    } else {
        DeadlineVerdict::Unrealistic
    };
    let pct = format!("{:.0}%", p * 100.0);
    let library = base
        .timeline
        .as_ref()
        .map(|t| format!(" (the library's `{}` takes {})", base.id, t.text))
        .unwrap_or_default();
    let message = match verdict {
        DeadlineVerdict::Realistic => format!(
            "Deadline {}: realistic, a {pct} chance of finishing in time; {}.",
            h.text, f.text
        ),
        DeadlineVerdict::Tight => format!(
            "Deadline {}: tight, a {pct} chance; {}: plan for the P80.",
            h.text, f.text
        ),
        DeadlineVerdict::AtRisk => format!(
            "Deadline {}: at risk, a {pct} chance; the work takes {}{library}. Cut scope or move the deadline to the P80.",
            h.text, f.text
        ),
        DeadlineVerdict::Unrealistic => format!(
            "Deadline {}: unrealistic, a {pct} chance. What it really takes: {}{library}. Timelines are realistic, not optimistic: cut scope to what fits, or plan for the P80.",
            h.text, f.text
        ),
    };
    Deadline {
        horizon: h.text.clone(),
        minutes,
        probability: p,
        verdict,
        message,
    }
}

/// The largest first part of `raw` (its first phases) whose P80 fits the
/// deadline and which still checks clean of errors.
fn scope(
    raw: &RawWorkflow,
    comment: &str,
    d: &Deadline,
    catalog: &Catalog,
    calendar: Calendar,
) -> Option<Scoped> {
    for keep in (1..raw.phases.len()).rev() {
        let mut small = raw.clone();
        let deferred: Vec<String> = small
            .phases
            .drain(keep..)
            .map(|p| p.value.name.value)
            .collect();
        let name = match keep {
            1 => format!("{} (first phase)", raw.name.value),
            n => format!("{} (first {n} phases)", raw.name.value),
        };
        let id = format!(
            "{}-scoped",
            raw.id
                .as_ref()
                .map(|i| i.value.as_str())
                .unwrap_or("design")
        );
        small.id = Some(Sp::bare(id.clone()));
        small.name = Sp::bare(name.clone());
        small.timeline = None;
        let report = check_source(&render_yaml(&small, comment), &catalog.personas);
        let Some(wf) = report.workflow.as_ref().filter(|_| !report.has_errors()) else {
            continue;
        };
        let (f, p) = forecast(wf, Some(d.minutes));
        if f.p80 > d.minutes {
            continue;
        }
        small.timeline = Some(Sp::bare(RawTimeline::Text(range_text(&f, calendar))));
        small.notes.push(format!(
            "Scoped to fit the deadline of {}; deferred to a later workflow: {}.",
            d.horizon,
            deferred.join(", ")
        ));
        let yaml = render_yaml(&small, comment);
        if check_source(&yaml, &catalog.personas).has_errors() {
            continue;
        }
        return Some(Scoped {
            id,
            name,
            kept: small
                .phases
                .iter()
                .map(|p| p.value.name.value.clone())
                .collect(),
            deferred,
            forecast: f,
            probability: p.unwrap_or(0.0),
            yaml,
        });
    }
    None
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
        assert_eq!(d.timeline, "6-12 months (depends on monolith size)");
        assert_eq!(d.horizon.as_deref(), Some("9 months"));
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
        let dl = d.deadline.as_ref().expect("a deadline");
        assert_eq!(dl.verdict, DeadlineVerdict::Unrealistic, "{}", dl.message);
        assert!(
            dl.message.contains("What it really takes"),
            "{}",
            dl.message
        );
        assert!(d.notes.contains(&dl.message), "{:?}", d.notes);
        assert!(d.passes_check(), "{}\n{:#?}", d.yaml, d.diagnostics);
    }

    fn window_of(d: &Design, phase: &str) -> WorkTime {
        let p = d.phases.iter().find(|p| p.name == phase).expect(phase);
        crate::window::Window::parse(&p.window, Calendar::Business)
            .unwrap()
            .duration()
            .unwrap()
    }

    #[test]
    fn estimates_are_never_bent_to_the_horizon() {
        // It used to lay the library's 6-12 months over 2 weeks: "Foundation (Day 3)".
        let d = design_of("Migrate our monolith to microservices in 2 weeks");
        assert!(
            d.phases.iter().all(|p| !p.window.starts_with("Day")),
            "{:?}",
            d.phases
        );
        assert!(d.timeline.starts_with("6-12 months"), "{}", d.timeline);
        let f = d.forecast.as_ref().unwrap();
        let month = Calendar::Business.minutes(crate::duration::Unit::Month);
        assert!(f.p50 > 6.0 * month && f.p50 < 12.0 * month, "{}", f.text);
        let dl = d.deadline.as_ref().unwrap();
        assert_eq!(dl.verdict, DeadlineVerdict::Unrealistic);
        assert!(dl.probability < 0.01);
        // Not even the first phase fits two weeks: said, not faked.
        assert!(d.scoped.is_none());
        assert!(
            d.notes.iter().any(|n| n.contains("No smaller scope")),
            "{:?}",
            d.notes
        );
    }

    #[test]
    fn a_target_is_a_criterion_not_the_timeline() {
        // It used to read "within an hour" as the timeline: "Minutes 0-13".
        let d =
            design_of("Run quarterly disaster recovery drills so we can restore within an hour");
        assert_eq!(d.horizon, None);
        assert!(
            d.phases.iter().all(|p| !p.window.starts_with("Minutes")),
            "{:?}",
            d.phases
        );
        assert_eq!(d.targets.len(), 1);
        assert!(d.yaml.contains("name: recovery_time"), "{}", d.yaml);
        // An incident's own MTTR criterion gives way to the scenario's target.
        let d = design_of("Checkout is down right now; we must restore within 20 minutes");
        assert!(d.yaml.contains("target: 20.0"), "{}", d.yaml);
        assert!(!d.yaml.contains("name: mttr"), "{}", d.yaml);
        assert!(d.passes_check(), "{:#?}", d.diagnostics);
        // A yearly horizon for a 4-5 month workflow stays 4-5 months.
        let d = design_of("Cut our cloud bill by 30% this year");
        assert!(d.timeline.starts_with("4-5 months"), "{}", d.timeline);
        assert_eq!(
            d.deadline.as_ref().unwrap().verdict,
            DeadlineVerdict::Realistic
        );
        assert!(d.yaml.contains("name: cloud_bill_reduction"), "{}", d.yaml);
        assert!(
            !d.yaml.contains("target: 25"),
            "the library's 25% gives way: {}",
            d.yaml
        );
        assert!(d.passes_check(), "{:#?}", d.diagnostics);
    }

    #[test]
    fn a_deadline_out_of_reach_gets_a_scoped_alternative() {
        // It used to squeeze the observation period into 6 weeks beside a
        // deliverable of three months of evidence.
        let d = design_of("Get SOC 2 Type II in 6 months");
        let month = Calendar::Business.minutes(crate::duration::Unit::Month);
        assert!(
            window_of(&d, "Observation Period").0 >= 3.0 * month - 1.0,
            "{:?}",
            d.phases
        );
        let dl = d.deadline.as_ref().unwrap();
        assert!(dl.probability < 0.5, "{}", dl.message);
        let s = d.scoped.as_ref().expect("a scoped alternative");
        assert!(s.forecast.p80 <= dl.minutes, "{}", s.forecast.text);
        assert!(
            s.deferred.iter().any(|p| p.contains("External Audit")),
            "{:?}",
            s.deferred
        );
        let report = check_source(&s.yaml, &Catalog::builtin().personas);
        assert!(
            !report.has_errors(),
            "{}\n{:#?}",
            s.yaml,
            report.diagnostics
        );
    }

    #[test]
    fn borrowed_steps_fit_the_phase_and_the_purpose() {
        let d = design_of("Make our web app WCAG 2.1 AA compliant before the contract renewal");
        assert_eq!(d.name, "Make Web App WCAG 2.1 AA Compliant");
        assert!(
            !d.personas
                .iter()
                .any(|p| p == "Vendor Management Strategist"),
            "{:?}",
            d.added
        );
        // No step longer than its phase's window, anywhere.
        for s in [
            "Our checkout is down for all customers; respond to the outage, mitigate, and load test the Kubernetes cluster",
            "Production outage on our Kubernetes platform: customers see errors, mitigate now",
        ] {
            let d = design_of(s);
            assert!(d.passes_check(), "{s}: {:#?}", d.diagnostics);
            assert!(
                !d.diagnostics.iter().any(|x| x.code == "SC022"),
                "{s}: {:#?}",
                d.diagnostics
            );
            for a in &d.added {
                assert!(!a.why.is_empty(), "{a:?}");
            }
        }
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
