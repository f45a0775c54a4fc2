//! The next version of a workflow, proposed from what its runs did: step
//! estimates recalibrated from recorded actuals, pitfalls from the run's
//! evidence and the retrospective's answers, and gates suggested where a
//! gate was rejected or a success criterion missed.
//!
//! Pure: the caller hands in the current version, the run's evidence and the
//! recorded history, and gets a model back with the reason for every change.
//! Writing it as text (keeping the file's layout) is `format::edit`'s job;
//! saving and applying it is the binary's.
//!
//! Estimates. Every recorded actual of a step of this workflow is compared
//! with the step's estimate *in the version being revised* (not the one the
//! run planned with), so an estimate already recalibrated is not scaled
//! twice by the same evidence. A step's log ratio is the mean of its own
//! samples pooled with one pseudo-sample at its group's fitted median ratio
//! (`learn::calibrate`): the persona's steps in this workflow, else the
//! persona across workflows, else "the estimate was right". One run moves an
//! estimate half way towards what it showed; more runs move it further. A
//! step that never ran is scaled only when its persona has evidence. Changes
//! under 10 % are left out (noise), and no estimate moves by more than
//! [`MAX_FACTOR`] in one version.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::duration::{Calendar, Unit, WorkTime};
use crate::learn::calibrate::{Calibration, Calibrations, Sample};
use crate::learn::criteria::Outcome;
use crate::learn::retro::{Question, RunFacts, StepActual};
use crate::model::{Checkpoint, Estimate, Workflow};
use crate::span::{Sp, Span};

/// The most an estimate is scaled up (or down, as its inverse) in one version.
pub const MAX_FACTOR: f64 = 4.0;
/// Smaller changes than this factor are noise, not evidence.
const MIN_FACTOR: f64 = 1.1;
/// Weight of the group's ratio against a step's own samples.
const PRIOR_WEIGHT: f64 = 1.0;

/// What a run showed, and the history beside it.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// The run under review.
    pub run: &'a str,
    /// Its steps, planned against actual.
    pub steps: &'a [StepActual],
    pub facts: &'a RunFacts,
    /// The retrospective's questions and the answers given (if any).
    pub answered: &'a [(Question, Option<String>)],
    /// Every person-step of every recorded run (all workflows).
    pub history: &'a [Sample],
    /// Where each metric became known in the run: the phase of the step that
    /// recorded it, or the phase the run was in when a person recorded it
    /// (the last phase once the run had ended); the latest such point.
    pub metric_phases: &'a BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    Estimate,
    Pitfall,
    Checkpoint,
}

/// One change of the proposal and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// `phase/step` for an estimate, the phase id for a gate, empty for a pitfall.
    pub path: String,
    /// What the proposal says: the new estimate, the pitfall, the gate.
    pub text: String,
    pub why: String,
}

/// The next version and why it differs.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub workflow: Workflow,
    pub suggestions: Vec<Suggestion>,
    /// What the evidence suggested but the proposal holds back, and why.
    pub held_back: Vec<String>,
}

/// Propose the version after `base` from a run's evidence.
pub fn propose(base: &Workflow, ev: &Evidence<'_>) -> Proposal {
    let mut wf = base.clone();
    wf.version = base.version + 1;
    let mut suggestions = recalibrate(&mut wf, ev.history);
    suggestions.extend(pitfalls(&mut wf, ev));
    let mut held_back = Vec::new();
    suggestions.extend(checkpoints(&mut wf, ev, &mut held_back));
    Proposal {
        workflow: wf,
        suggestions,
        held_back,
    }
}

/// Log ratios of this workflow's recorded steps against `wf`'s estimates, by step id.
fn step_logs(wf: &Workflow, history: &[Sample]) -> BTreeMap<String, Vec<f64>> {
    let mut out: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for s in history.iter().filter(|s| s.workflow == wf.id) {
        let Some(mean) = wf
            .steps()
            .find(|(_, st)| st.id.value == s.step)
            .and_then(|(_, st)| st.estimate())
            .map(|e| e.pert_mean().0)
        else {
            continue;
        };
        if mean > 0.0 && s.actual > 0.0 && s.actual.is_finite() {
            out.entry(s.step.clone())
                .or_default()
                .push((s.actual / mean).ln());
        }
    }
    out
}

fn recalibrate(wf: &mut Workflow, history: &[Sample]) -> Vec<Suggestion> {
    let logs = step_logs(wf, history);
    let across = Calibrations::from_history(&wf.id, history);
    // This workflow's samples by persona (slug, or the name when unresolved).
    let mut by_persona: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (_, s) in wf.steps() {
        if let Some(ys) = logs.get(&s.id.value) {
            by_persona
                .entry(s.persona.key().to_string())
                .or_default()
                .extend(ys);
        }
    }
    let cal = wf.calendar;
    let mut out = Vec::new();
    for phase in &mut wf.phases {
        for step in &mut phase.steps {
            let Some(old) = step.estimate() else { continue };
            let own = logs.get(&step.id.value).map(Vec::as_slice).unwrap_or(&[]);
            let group = by_persona
                .get(step.persona.key())
                .and_then(|ys| Calibration::fit(ys.iter().map(|y| y.exp())))
                .map(|c| (c, "its persona's steps in this workflow"))
                .or_else(|| {
                    across
                        .personas
                        .get(&step.persona.written)
                        .map(|c| (*c, "its persona across workflows"))
                });
            if own.is_empty() && group.is_none() {
                continue;
            }
            let prior = group.map(|(c, _)| c.mu).unwrap_or(0.0);
            let n = own.len() as f64;
            let mu = if own.is_empty() {
                prior
            } else {
                (own.iter().sum::<f64>() + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT)
            };
            let wanted = mu.exp();
            let factor = wanted.clamp(1.0 / MAX_FACTOR, MAX_FACTOR);
            if factor.max(1.0 / factor) < MIN_FACTOR {
                continue;
            }
            let new = scaled(&old, factor, cal);
            if new == old {
                continue;
            }
            let mut why = if own.is_empty() {
                format!("no run of this step; {}", group_text(group))
            } else {
                let median = (own.iter().sum::<f64>() / n).exp();
                let mut w = format!(
                    "{} recorded run(s) at {median:.2}x its PERT mean",
                    own.len()
                );
                if group.is_some() {
                    w.push_str(&format!(", pooled with {}", group_text(group)));
                }
                w
            };
            why.push_str(&format!("; scaled {factor:.2}x"));
            if factor != wanted {
                why.push_str(&format!(
                    " (the evidence says {wanted:.2}x; one version moves an estimate at most {MAX_FACTOR}x)"
                ));
            }
            out.push(Suggestion {
                kind: SuggestionKind::Estimate,
                path: format!("{}/{}", phase.id.value, step.id.value),
                text: format!("{} -> {}", old.display(cal), estimate_text(&new, cal)),
                why,
            });
            let span = step.estimate.as_ref().map(|e| e.span).unwrap_or_default();
            step.estimate = Some(Sp::new(Ok(new), span));
        }
    }
    out
}

fn group_text(group: Option<(Calibration, &str)>) -> String {
    match group {
        Some((c, what)) => format!("{what} at {:.2}x ({} samples)", c.median_ratio, c.samples),
        None => "no other evidence".into(),
    }
}

/// `old` with every point times `factor`, each rounded to a value people
/// write (see [`round_nicely`]) and kept in order.
pub fn scaled(old: &Estimate, factor: f64, cal: Calendar) -> Estimate {
    let s = |t: WorkTime| round_nicely(WorkTime(t.0 * factor), cal);
    match *old {
        Estimate::Single { likely } => Estimate::Single { likely: s(likely) },
        Estimate::ThreePoint {
            optimistic,
            likely,
            pessimistic,
        } => {
            let o = s(optimistic);
            let m = WorkTime(s(likely).0.max(o.0));
            let p = WorkTime(s(pessimistic).0.max(m.0));
            Estimate::ThreePoint {
                optimistic: o,
                likely: m,
                pessimistic: p,
            }
        }
    }
}

/// A duration rounded in its own natural unit to what people write: whole
/// minutes (to 5 past 10 minutes), else quarter units below 2, half units
/// below 10 and whole units above; never below one minute. `2.8h` becomes
/// `3h`, `1.37w` `1.25w`, `13.2min` `15min`: within 12.5 % of the value.
pub fn round_nicely(t: WorkTime, cal: Calendar) -> WorkTime {
    let unit = t.natural_unit(cal);
    let x = t.in_unit(unit, cal);
    let r = match unit {
        Unit::Minute if x < 10.0 => x.round().max(1.0),
        Unit::Minute => (x / 5.0).round() * 5.0,
        _ if x < 2.0 => (x * 4.0).round() / 4.0,
        _ if x < 10.0 => (x * 2.0).round() / 2.0,
        _ => x.round(),
    };
    WorkTime::of(r, unit, cal)
}

/// A duration in the largest unit that holds it as a whole number of
/// quarters (`1.25w`, `5.5d`, `90min`), so the text reads back exactly.
pub fn duration_text(t: WorkTime, cal: Calendar) -> String {
    use Unit::*;
    for u in [Year, Month, Week, Day, Hour, Minute] {
        let x = t.in_unit(u, cal);
        if x >= 1.0 - 1e-9 && ((x * 4.0) - (x * 4.0).round()).abs() < 1e-6 {
            let x = (x * 4.0).round() / 4.0;
            return format!("{x}{}", u.short());
        }
    }
    format!("{}min", (t.0 * 1000.0).round() / 1000.0)
}

/// An estimate as text, each point in its own unit (`1.5d / 3d / 1.25w`).
pub fn estimate_text(e: &Estimate, cal: Calendar) -> String {
    match e {
        Estimate::Single { likely } => duration_text(*likely, cal),
        Estimate::ThreePoint {
            optimistic,
            likely,
            pessimistic,
        } => format!(
            "{} / {} / {}",
            duration_text(*optimistic, cal),
            duration_text(*likely, cal),
            duration_text(*pessimistic, cal)
        ),
    }
}

/// One line of text: answers can span lines; a pitfall is one item.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pitfalls(wf: &mut Workflow, ev: &Evidence<'_>) -> Vec<Suggestion> {
    let mut out = Vec::new();
    for (q, answer) in ev.answered {
        let answer = answer.as_deref().map(one_line).filter(|a| !a.is_empty());
        let subject = q.subject.as_deref().unwrap_or("?");
        let evidence = q.evidence.as_deref().map(one_line);
        let found = evidence.clone().unwrap_or_default();
        let fact = match q.source.as_str() {
            "overrun" => Some(format!("`{subject}` ran past its P80: {found}")),
            "loop" => ev
                .facts
                .loops
                .iter()
                .find(|(p, _, _)| p == subject)
                .map(|(p, goto, n)| format!("Phase `{p}` looped back to `{goto}` ({n} time(s))")),
            "rejected" => Some(format!("The `{subject}` gate was {found}")),
            "criterion-missed" => Some(format!("\"{subject}\" was missed ({found})")),
            _ => None,
        };
        let text = match (fact, &answer) {
            (Some(f), Some(a)) => format!("{f} — {a}"),
            (Some(f), None) => f,
            (None, Some(a)) if q.source == "workflow" => a.clone(),
            (None, Some(a)) => format!("{} {a}", one_line(&q.text)),
            (None, None) => continue,
        };
        if wf.pitfalls.contains(&text) {
            continue;
        }
        let why = match (&answer, &evidence) {
            (Some(_), _) => format!(
                "answer to {} in the retrospective of {}: {}",
                q.id, ev.run, q.text
            ),
            (None, _) => format!("seen in {}", ev.run),
        };
        wf.pitfalls.push(text.clone());
        out.push(Suggestion {
            kind: SuggestionKind::Pitfall,
            path: String::new(),
            text,
            why,
        });
    }
    out
}

/// The answer to the question of `source` about `subject`, if one was given.
fn answer_to<'a>(ev: &'a Evidence<'_>, source: &str, subject: &str) -> Option<&'a str> {
    ev.answered
        .iter()
        .find(|(q, _)| q.source == source && q.subject.as_deref() == Some(subject))
        .and_then(|(_, a)| a.as_deref())
        .filter(|a| !a.trim().is_empty())
}

fn gate_text(c: &Checkpoint) -> String {
    let mut parts = Vec::new();
    if let Some(a) = &c.approver {
        parts.push(format!("approver {}", a.written));
    }
    let list = |v: &[Sp<String>]| {
        v.iter()
            .map(|x| x.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !c.requires.is_empty() {
        parts.push(format!("requires {}", list(&c.requires)));
    }
    if !c.criteria.is_empty() {
        parts.push(format!("criteria {}", list(&c.criteria)));
    }
    if let Some(t) = &c.text {
        parts.push(format!("text: {t}"));
    }
    parts.join("; ")
}

fn checkpoints(
    wf: &mut Workflow,
    ev: &Evidence<'_>,
    held_back: &mut Vec<String>,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    // A rejected gate: the phase checks what the approver caught before
    // asking, and the gate requires the phase's deliverable.
    let mut rejected: Vec<(&str, &str, Option<&str>)> = Vec::new();
    for (gate, by, comment) in &ev.facts.rejections {
        if !rejected.iter().any(|(g, _, _)| *g == gate.as_str()) {
            rejected.push((gate, by, comment.as_deref()));
        }
    }
    for (gate, by, comment) in rejected {
        let Some(phase) = wf.phases.iter_mut().find(|p| p.id.value == gate) else {
            continue;
        };
        let artifact = phase.deliverable.as_ref().and_then(|d| d.artifact.clone());
        let Some(cp) = phase.checkpoint.as_mut() else {
            continue;
        };
        let before = gate_text(cp);
        if let Some(a) = artifact
            && !cp.requires.iter().any(|r| r.value == a)
        {
            cp.requires.push(Sp::bare(a));
        }
        let caught = answer_to(ev, "rejected", gate)
            .or(comment)
            .map(one_line)
            .filter(|c| !c.is_empty());
        if let Some(c) = &caught {
            let check = format!("Before asking, check: {c}");
            if !cp.text.as_deref().is_some_and(|t| t.contains(&check)) {
                cp.text = Some(match &cp.text {
                    Some(t) => format!("{} {check}", t.trim_end()),
                    None => check,
                });
            }
        }
        if gate_text(cp) != before {
            out.push(Suggestion {
                kind: SuggestionKind::Checkpoint,
                path: gate.to_string(),
                text: gate_text(cp),
                why: format!(
                    "the gate was rejected by {by} in {}{}",
                    ev.run,
                    caught.map(|c| format!(": {c}")).unwrap_or_default()
                ),
            });
        }
    }
    // A missed criterion: a gate that requires its missed metrics, at the
    // point where the run measured them (else the last phase), unless one
    // already does. Never earlier: a gate before that point would hold the
    // next run until someone records what cannot be known yet. And never
    // for an elapsed time (MTTR, time to root cause, lead time): holding
    // the next phase cannot win the time back, and the phases after a slow
    // recovery (the investigation, the post-mortem) are the ones to run.
    for c in ev
        .facts
        .criteria
        .iter()
        .filter(|c| c.outcome == Outcome::Missed)
    {
        for m in c.metrics.iter().filter(|m| m.outcome == Outcome::Missed) {
            // `all` in a gate's criteria stands for every metric.
            let gated = wf.phases.iter().any(|p| {
                p.checkpoint.as_ref().is_some_and(|cp| {
                    cp.criteria
                        .iter()
                        .any(|x| x.value == m.name || x.value == "all")
                })
            });
            let defined = wf
                .success_criteria
                .iter()
                .flat_map(|c| &c.metrics)
                .any(|x| x.name == m.name);
            if gated || !defined {
                continue;
            }
            let unit = wf
                .success_criteria
                .iter()
                .flat_map(|c| &c.metrics)
                .find(|x| x.name == m.name)
                .and_then(|x| x.unit.as_deref());
            if matches!(
                crate::learn::units::MetricUnit::parse(unit),
                crate::learn::units::MetricUnit::Time { .. }
            ) {
                held_back.push(format!(
                    "no gate for `{}` ({} missed): it is an elapsed time, and holding the next phase \
                     cannot win time back; it is kept as a pitfall and in the retrospective",
                    m.name, m.target
                ));
                continue;
            }
            let at = ev
                .metric_phases
                .get(&m.name)
                .and_then(|id| wf.phases.iter().position(|p| &p.id.value == id))
                .or(wf.phases.len().checked_sub(1));
            let Some(at) = at else { continue };
            let phase = &mut wf.phases[at];
            let cp = phase.checkpoint.get_or_insert_with(|| Checkpoint {
                approver: None,
                requires: Vec::new(),
                criteria: Vec::new(),
                text: Some(format!(
                    "Suggested by a retrospective: \"{}\" was missed; check it here, before going on.",
                    c.text
                )),
                span: Span::default(),
            });
            cp.criteria.push(Sp::bare(m.name.clone()));
            let recorded = m
                .actual
                .map(crate::duration::trim_number)
                .unwrap_or_else(|| "?".into());
            out.push(Suggestion {
                kind: SuggestionKind::Checkpoint,
                path: phase.id.value.clone(),
                text: gate_text(cp),
                why: format!(
                    "\"{}\" was missed in {} ({}: {recorded} recorded)",
                    c.text, ev.run, m.target
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::load_workflow;
    use crate::learn::criteria::{CriterionResult, MetricResult};
    use crate::learn::diff::{diff, render};
    use crate::learn::retro::questions;
    use crate::personas::PersonaCatalog;

    const WF: &str = "
name: Release Train
version: 2
success_criteria:
  - text: Error rate under 1%
    metrics: [{name: error_rate, op: '<', target: 1, unit: '%'}]
  - text: Recovery within 30 minutes
    metrics: [{name: mttr, op: '<', target: 30, unit: min}]
phases:
  - id: build
    name: Build
    steps:
      - {id: code, persona: Backend Engineer, action: Write the code, outputs: [build], estimate: 1d / 2d / 4d}
      - {id: review, persona: Backend Engineer, action: Review, estimate: 2h}
      - {id: docs, persona: Technical Writer, action: Document, estimate: 1d}
    deliverable: {text: A release build, artifact: build}
    checkpoint: {approver: Principal Engineer}
  - id: ship
    name: Ship
    steps:
      - {id: deploy, persona: SRE, action: Deploy, inputs: [build], estimate: 2h / 3h / 6h}
    deliverable: Running in production
pitfalls:
  - Shipping on a Friday
";

    fn wf() -> Workflow {
        load_workflow(WF, &PersonaCatalog::builtin())
            .workflow
            .unwrap()
    }

    fn sample(run: &str, step: &str, persona: &str, actual: f64) -> Sample {
        Sample {
            run: run.into(),
            workflow: "release-train".into(),
            persona: persona.into(),
            step: step.into(),
            planned: 0.0,
            actual,
        }
    }

    fn step(id: &str, phase: &str, planned: f64, actual: f64) -> StepActual {
        StepActual {
            step: id.into(),
            phase: phase.into(),
            persona: "Backend Engineer".into(),
            planned_start: 0.0,
            planned_finish: planned,
            planned_effort: planned,
            planned_p80: planned * 1.3,
            actual_start: Some(0.0),
            actual_finish: Some(actual),
            actual_effort: Some(actual),
            suspect: false,
        }
    }

    const DAY: f64 = 480.0;

    #[test]
    fn rounding_keeps_units_people_write() {
        let c = Calendar::Business;
        let r = |min: f64| duration_text(round_nicely(WorkTime(min), c), c);
        assert_eq!(r(2.8 * 60.0), "3h");
        assert_eq!(r(1.37 * 2400.0), "1.25w");
        assert_eq!(r(13.2), "15min");
        assert_eq!(r(0.2), "1min");
        assert_eq!(r(7.9 * 60.0), "1d");
        assert_eq!(r(5.6 * DAY), "1w");
        assert_eq!(r(100.0), "1.75h");
        let e = Estimate::parse("1d / 2d / 4d", c).unwrap();
        let s = scaled(&e, 1.5, c);
        assert_eq!(estimate_text(&s, c), "1.5d / 3d / 1.25w");
        // The text reads back as the same estimate.
        assert_eq!(Estimate::parse(&estimate_text(&s, c), c).unwrap(), s);
        assert_eq!(scaled(&e, 1.0, c), e);
    }

    #[test]
    fn one_run_moves_an_estimate_half_way_and_more_runs_further() {
        let base = wf();
        // `code` is planned at a PERT mean of 13/6 d and took 2x that.
        let mean = 13.0 / 6.0 * DAY;
        let one = [sample("r1", "code", "Backend Engineer", 2.0 * mean)];
        let p = propose(&base, &evidence(&one));
        assert_eq!(p.workflow.version, 3);
        let code =
            |w: &Workflow| estimate_text(&w.phases[0].steps[0].estimate().unwrap(), w.calendar);
        // Pooled with "the estimate was right": sqrt(2) = 1.41x.
        assert_eq!(code(&p.workflow), "1.5d / 3d / 1.25w");
        let s = &p.suggestions[0];
        assert_eq!(s.kind, SuggestionKind::Estimate);
        assert_eq!(s.path, "build/code");
        assert!(s.why.contains("1 recorded run(s) at 2.00x"), "{}", s.why);
        assert!(s.why.contains("scaled 1.41x"), "{}", s.why);
        // Four runs at 2x: the persona's group agrees, so nearly 2x.
        let four: Vec<Sample> = (0..4)
            .map(|i| sample(&format!("r{i}"), "code", "Backend Engineer", 2.0 * mean))
            .collect();
        let p = propose(&base, &evidence(&four));
        assert_eq!(code(&p.workflow), "2d / 4d / 1.5w");
        // `review` shares the persona and never ran: scaled by the group.
        let review = p.workflow.phases[0].steps[1].estimate().unwrap();
        assert_eq!(estimate_text(&review, p.workflow.calendar), "4h");
        // `docs` and `deploy` have no evidence: unchanged.
        assert_eq!(
            p.workflow.phases[0].steps[2].estimate(),
            base.phases[0].steps[2].estimate()
        );
        assert_eq!(
            p.workflow.phases[1].steps[0].estimate(),
            base.phases[1].steps[0].estimate()
        );
    }

    #[test]
    fn small_changes_are_noise_and_big_ones_are_bounded() {
        let base = wf();
        let mean = 13.0 / 6.0 * DAY;
        let close = [sample("r1", "code", "Backend Engineer", 1.1 * mean)];
        assert!(propose(&base, &evidence(&close)).suggestions.is_empty());
        let wild: Vec<Sample> = (0..3)
            .map(|i| sample(&format!("r{i}"), "code", "Backend Engineer", 100.0 * mean))
            .collect();
        let p = propose(&base, &evidence(&wild));
        let s = &p.suggestions[0];
        assert!(s.why.contains("scaled 4.00x"), "{}", s.why);
        assert!(s.why.contains("at most 4x"), "{}", s.why);
        // A bookkeeping run (done a second after it started) cannot zero an estimate.
        let instant = [sample("r1", "code", "Backend Engineer", 0.001)];
        let p = propose(&base, &evidence(&instant));
        let e = p.workflow.phases[0].steps[0].estimate().unwrap();
        assert!(e.optimistic().0 >= 0.25 * DAY * 0.9, "{e:?}");
    }

    #[test]
    fn samples_compare_with_the_version_being_revised() {
        // A run planned `code` at 1d and took 4d; the current version already
        // says 1d / 2d / 4d, so the evidence is 1.85x, not 4x.
        let mean = 13.0 / 6.0 * DAY;
        let mut s = sample("r1", "code", "Backend Engineer", 4.0 * DAY);
        s.planned = DAY;
        let p = propose(&wf(), &evidence(std::slice::from_ref(&s)));
        let why = &p.suggestions[0].why;
        assert!(why.contains(&format!("{:.2}x", 4.0 * DAY / mean)), "{why}");
    }

    fn evidence(history: &[Sample]) -> Evidence<'_> {
        Evidence {
            run: "run-1",
            steps: &[],
            facts: Box::leak(Box::default()),
            answered: &[],
            history,
            metric_phases: Box::leak(Box::default()),
        }
    }

    #[test]
    fn pitfalls_and_gates_from_evidence_and_answers() {
        let base = wf();
        let steps = [step("code", "build", 600.0, 1500.0)];
        let facts = RunFacts {
            loops: vec![("ship".into(), "build".into(), 1)],
            rejections: vec![("build".into(), "ana".into(), Some("no changelog".into()))],
            criteria: vec![CriterionResult {
                text: "Error rate under 1%".into(),
                outcome: Outcome::Missed,
                metrics: vec![MetricResult {
                    name: "error_rate".into(),
                    target: "error_rate < 1 %".into(),
                    recorded: None,
                    actual: Some(2.5),
                    outcome: Outcome::Missed,
                    note: None,
                }],
            }],
            budget_overrun: None,
        };
        let qs = questions(&["What surprised you?".into()], &steps, &facts);
        let answer = |q: &Question| match q.source.as_str() {
            "workflow" => Some("The release notes took a day\n of chasing".to_string()),
            "rejected" => Some("the changelog is written".to_string()),
            _ => None,
        };
        let answered: Vec<(Question, Option<String>)> = qs
            .into_iter()
            .map(|q| {
                let a = answer(&q);
                (q, a)
            })
            .collect();
        let metric_phases = BTreeMap::from([("error_rate".to_string(), "ship".to_string())]);
        let ev = Evidence {
            run: "run-1",
            steps: &steps,
            facts: &facts,
            answered: &answered,
            history: &[],
            metric_phases: &metric_phases,
        };
        let p = propose(&base, &ev);
        let pitfalls = &p.workflow.pitfalls;
        assert_eq!(pitfalls[0], "Shipping on a Friday");
        assert_eq!(pitfalls[1], "The release notes took a day of chasing");
        assert!(pitfalls[2].starts_with("`code` ran past its P80: took 1500 min"));
        assert_eq!(
            pitfalls[3],
            "Phase `ship` looped back to `build` (1 time(s))"
        );
        assert_eq!(
            pitfalls[4],
            "The `build` gate was rejected by ana: no changelog — the changelog is written"
        );
        assert!(pitfalls[5].starts_with("\"Error rate under 1%\" was missed"));
        // The rejected gate checks the answer and requires the deliverable.
        let build = p.workflow.phases[0].checkpoint.as_ref().unwrap();
        assert_eq!(build.requires[0].value, "build");
        assert_eq!(
            build.text.as_deref(),
            Some("Before asking, check: the changelog is written")
        );
        // The missed criterion gets a gate where it was measured.
        let ship = p.workflow.phases[1].checkpoint.as_ref().unwrap();
        assert_eq!(ship.criteria[0].value, "error_rate");
        insta::assert_snapshot!(render(&diff(&base, &p.workflow)));
        // Proposing again from the same evidence adds nothing twice.
        let again = propose(&p.workflow, &ev);
        assert_eq!(again.workflow.pitfalls, p.workflow.pitfalls);
        assert!(
            again
                .suggestions
                .iter()
                .all(|s| s.kind != SuggestionKind::Pitfall)
        );
        assert_eq!(
            again.workflow.phases[1]
                .checkpoint
                .as_ref()
                .unwrap()
                .criteria
                .len(),
            1
        );
    }

    /// A missed elapsed time (an MTTR) is never a gate: it is known only once
    /// the time has passed, and holding the phases after it cannot win it back.
    #[test]
    fn a_missed_elapsed_time_is_not_made_a_gate() {
        let base = wf();
        let facts = RunFacts {
            criteria: vec![CriterionResult {
                text: "Recovery within 30 minutes".into(),
                outcome: Outcome::Missed,
                metrics: vec![MetricResult {
                    name: "mttr".into(),
                    target: "mttr < 30 min".into(),
                    recorded: None,
                    actual: Some(45.0),
                    outcome: Outcome::Missed,
                    note: None,
                }],
            }],
            ..RunFacts::default()
        };
        // Recorded by a step of the first phase: still no gate there.
        let metric_phases = BTreeMap::from([("mttr".to_string(), "build".to_string())]);
        let ev = Evidence {
            run: "run-1",
            steps: &[],
            facts: &facts,
            answered: &[],
            history: &[],
            metric_phases: &metric_phases,
        };
        let p = propose(&base, &ev);
        assert!(
            p.workflow
                .phases
                .iter()
                .filter_map(|ph| ph.checkpoint.as_ref())
                .all(|c| c.criteria.is_empty()),
            "no gate requires mttr"
        );
        assert!(
            p.suggestions
                .iter()
                .all(|s| s.kind != SuggestionKind::Checkpoint)
        );
        assert_eq!(p.held_back.len(), 1);
        assert!(p.held_back[0].contains("`mttr`"), "{:?}", p.held_back);
    }
}
