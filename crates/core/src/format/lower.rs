//! Raw file types -> checked model. Lowering never fails: what cannot be read
//! is kept in the model as a parse error for the rules to report, so one pass
//! of `check` shows every problem at once.

use crate::duration::{Calendar, Timeline, parse_duration};
use crate::format::raw::*;
use crate::model::*;
use crate::personas::PersonaCatalog;
use crate::span::Sp;
use crate::window::Window;

pub fn lower(raw: &RawWorkflow, personas: &PersonaCatalog) -> Workflow {
    let calendar = raw.calendar.as_ref().map(|c| c.value).unwrap_or_default();
    let id = raw
        .id
        .as_ref()
        .map(|i| i.value.clone())
        .unwrap_or_else(|| kebab_case(&raw.name));
    Workflow {
        id,
        name: raw.name.clone(),
        version: raw.version.as_ref().map(|v| v.value).unwrap_or(1),
        category: raw.category.as_ref().map(|c| c.value.clone()),
        description: raw.description.clone(),
        timeline: raw.timeline.as_ref().map(|t| lower_timeline(t, calendar)),
        calendar,
        trigger: raw.trigger.as_ref().map(|t| t.value.clone()),
        inputs: raw.inputs.clone(),
        success_criteria: raw.success_criteria.iter().map(lower_criterion).collect(),
        phases: raw
            .phases
            .iter()
            .map(|p| lower_phase(p, personas, calendar))
            .collect(),
        pitfalls: raw.pitfalls.clone(),
        retrospective: raw.retrospective.clone(),
        notes: raw.notes.clone(),
    }
}

fn lower_timeline(t: &Sp<RawTimeline>, calendar: Calendar) -> StatedTimeline {
    let parsed = match &t.value {
        RawTimeline::Text(text) => Timeline::parse(text, calendar),
        RawTimeline::Detailed { text, min, max } => match (min, max) {
            (None, None) => Timeline::parse(text, calendar),
            (min, max) => {
                let min = min
                    .as_deref()
                    .map(|m| parse_duration(m, calendar))
                    .transpose();
                let max = max
                    .as_deref()
                    .map(|m| parse_duration(m, calendar))
                    .transpose();
                match (min, max) {
                    (Ok(lo), Ok(hi)) => {
                        let lo = lo.unwrap_or_default();
                        let hi = hi.unwrap_or(lo);
                        let unit = hi.natural_unit(calendar);
                        if hi < lo {
                            Err(crate::duration::DurationError::Backwards(text.clone()))
                        } else {
                            Ok(Timeline::Range {
                                min: lo,
                                max: hi,
                                unit,
                            })
                        }
                    }
                    (Err(e), _) | (_, Err(e)) => Err(e),
                }
            }
        },
    };
    let (min, max) = match &t.value {
        RawTimeline::Text(_) => (None, None),
        RawTimeline::Detailed { min, max, .. } => (min.clone(), max.clone()),
    };
    StatedTimeline {
        text: t.text().to_string(),
        min,
        max,
        parsed,
        span: t.span,
    }
}

fn lower_criterion(c: &Sp<RawCriterion>) -> Criterion {
    Criterion {
        text: c.text().to_string(),
        metrics: c
            .metrics()
            .iter()
            .map(|m| Metric {
                name: m.name.clone(),
                op: Comparator::parse(&m.op),
                op_text: m.op.clone(),
                target: m.target,
                unit: m.unit.clone(),
                baseline: m.baseline.clone(),
                span: m.span,
            })
            .collect(),
        span: c.span,
    }
}

pub(crate) fn persona_ref(written: &Sp<String>, personas: &PersonaCatalog) -> PersonaRef {
    PersonaRef {
        written: written.value.clone(),
        slug: personas.resolve(&written.value).map(|p| p.slug.clone()),
        span: written.span,
    }
}

fn lower_phase(p: &Sp<RawPhase>, personas: &PersonaCatalog, calendar: Calendar) -> Phase {
    let id =
        p.id.clone()
            .unwrap_or_else(|| Sp::new(kebab_case(&p.name), p.name.span));
    let steps = p
        .steps
        .iter()
        .enumerate()
        .map(|(n, s)| lower_step(s, &id.value, n, personas, calendar))
        .collect();
    Phase {
        window: p.window.as_ref().map(|w| PhaseWindow {
            text: w.clone(),
            parsed: Window::parse(w, calendar),
        }),
        gap_reason: p.gap_reason.clone(),
        skills: p.skills.iter().map(|s| persona_ref(s, personas)).collect(),
        steps,
        deliverable: p.deliverable.as_ref().map(|d| Deliverable {
            text: d.text().to_string(),
            artifact: match &d.value {
                RawDeliverable::Detailed { artifact, .. } => artifact.clone(),
                RawDeliverable::Text(_) => None,
            },
            span: d.span,
        }),
        checkpoint: p.checkpoint.as_ref().map(|c| Checkpoint {
            approver: c.approver.as_ref().map(|a| persona_ref(a, personas)),
            requires: c.requires.clone(),
            criteria: c.criteria.clone(),
            text: c.text.clone(),
            span: c.span,
        }),
        decisions: p
            .decisions
            .iter()
            .map(|d| Decision {
                text: d.text.clone(),
                condition: d.condition.clone(),
                goto: d.goto.clone(),
                max_loops: d.max_loops.clone(),
                span: d.span,
            })
            .collect(),
        span: p.span,
        name: p.name.clone(),
        id,
    }
}

fn lower_step(
    s: &Sp<RawStep>,
    phase_id: &str,
    n: usize,
    personas: &PersonaCatalog,
    calendar: Calendar,
) -> Step {
    let id =
        s.id.clone()
            .unwrap_or_else(|| Sp::new(format!("{phase_id}-{}", n + 1), s.span));
    let estimate = s.estimate.as_ref().map(|e| {
        let parsed = match &e.value {
            RawEstimate::Text(t) => Estimate::parse(t, calendar),
            RawEstimate::ThreePoint {
                optimistic,
                likely,
                pessimistic,
            } => Estimate::three(optimistic, likely, pessimistic, calendar),
        };
        Sp::new(parsed, e.span)
    });
    let estimate_text = s.estimate.as_ref().map(|e| match &e.value {
        RawEstimate::Text(t) => t.trim().to_string(),
        RawEstimate::ThreePoint {
            optimistic,
            likely,
            pessimistic,
        } => format!(
            "{} / {} / {}",
            optimistic.trim(),
            likely.trim(),
            pessimistic.trim()
        ),
    });
    Step {
        id,
        persona: persona_ref(&s.persona, personas),
        action: s.action.clone(),
        inputs: s.inputs.clone(),
        outputs: s.outputs.clone(),
        after: s.after.clone(),
        estimate,
        estimate_text,
        executor: s.executor.clone(),
        command: s.command.clone(),
        prompt: s.prompt.clone(),
        retries: s.retries,
        timeout: s
            .timeout
            .as_ref()
            .map(|t| Sp::new(parse_duration(t, calendar), t.span)),
        people: s.people.as_ref().map(|p| {
            let parsed = match &p.value {
                RawPeople::Count(n) => People::new(*n, *n),
                RawPeople::Range(t) => People::parse(t),
            };
            Sp::new(parsed, p.span)
        }),
        span: s.span,
    }
}
