//! Model -> file types, for YAML and JSON output. Values are written in the
//! form they were read where the model keeps it, and in a canonical form
//! otherwise (estimates as `o / m / p` in one unit).

use crate::duration::{Calendar, Unit, WorkTime};
use crate::format::raw::*;
use crate::model::*;
use crate::span::Sp;

pub fn to_raw(wf: &Workflow) -> RawWorkflow {
    let cal = wf.calendar;
    RawWorkflow {
        id: Some(Sp::bare(wf.id.clone())),
        name: Sp::bare(wf.name.value.clone()),
        version: Some(Sp::bare(wf.version)),
        category: wf.category.clone().map(Sp::bare),
        description: wf.description.clone(),
        timeline: wf.timeline.as_ref().map(|t| {
            Sp::bare(if t.min.is_none() && t.max.is_none() {
                RawTimeline::Text(t.text.clone())
            } else {
                RawTimeline::Detailed {
                    text: t.text.clone(),
                    min: t.min.clone(),
                    max: t.max.clone(),
                }
            })
        }),
        calendar: (cal != Calendar::default()).then_some(Sp::bare(cal)),
        trigger: wf.trigger.clone().map(Sp::bare),
        inputs: bare_all(&wf.inputs),
        success_criteria: wf
            .success_criteria
            .iter()
            .map(|c| Sp::bare(criterion(c)))
            .collect(),
        phases: wf.phases.iter().map(|p| Sp::bare(phase(p, cal))).collect(),
        pitfalls: wf.pitfalls.clone(),
        retrospective: wf.retrospective.clone(),
        notes: wf.notes.clone(),
    }
}

/// The workflow as YAML text in the file format.
pub fn to_yaml(wf: &Workflow) -> String {
    serde_saphyr::to_string(&to_raw(wf)).unwrap_or_default()
}

fn bare_all(items: &[Sp<String>]) -> Vec<Sp<String>> {
    items.iter().map(|i| Sp::bare(i.value.clone())).collect()
}

fn criterion(c: &Criterion) -> RawCriterion {
    if c.metrics.is_empty() {
        return RawCriterion::Text(c.text.clone());
    }
    RawCriterion::Detailed {
        text: c.text.clone(),
        metrics: c
            .metrics
            .iter()
            .map(|m| {
                Sp::bare(RawMetric {
                    name: m.name.clone(),
                    op: m
                        .op
                        .map(|o| o.symbol().to_string())
                        .unwrap_or_else(|| m.op_text.clone()),
                    target: m.target,
                    unit: m.unit.clone(),
                    baseline: m.baseline.clone(),
                })
            })
            .collect(),
    }
}

fn phase(p: &Phase, cal: Calendar) -> RawPhase {
    RawPhase {
        id: Some(Sp::bare(p.id.value.clone())),
        name: Sp::bare(p.name.value.clone()),
        window: p.window.as_ref().map(|w| Sp::bare(w.text.value.clone())),
        gap_reason: p.gap_reason.clone(),
        skills: p
            .skills
            .iter()
            .map(|s| Sp::bare(s.written.clone()))
            .collect(),
        steps: p.steps.iter().map(|s| Sp::bare(step(s, cal))).collect(),
        deliverable: p.deliverable.as_ref().map(|d| {
            Sp::bare(match &d.artifact {
                None => RawDeliverable::Text(d.text.clone()),
                Some(a) => RawDeliverable::Detailed {
                    text: d.text.clone(),
                    artifact: Some(a.clone()),
                },
            })
        }),
        checkpoint: p.checkpoint.as_ref().map(|c| {
            Sp::bare(RawCheckpoint {
                approver: c.approver.as_ref().map(|a| Sp::bare(a.written.clone())),
                requires: bare_all(&c.requires),
                criteria: bare_all(&c.criteria),
                text: c.text.clone(),
            })
        }),
        decisions: p
            .decisions
            .iter()
            .map(|d| {
                Sp::bare(RawDecision {
                    text: d.text.clone(),
                    condition: d.condition.as_ref().map(|c| Sp::bare(c.value.clone())),
                    goto: d.goto.as_ref().map(|g| Sp::bare(g.value.clone())),
                    max_loops: d.max_loops.as_ref().map(|m| Sp::bare(m.value)),
                })
            })
            .collect(),
    }
}

fn step(s: &Step, cal: Calendar) -> RawStep {
    RawStep {
        id: Some(Sp::bare(s.id.value.clone())),
        persona: Sp::bare(s.persona.written.clone()),
        action: Sp::bare(s.action.value.clone()),
        inputs: bare_all(&s.inputs),
        outputs: bare_all(&s.outputs),
        after: bare_all(&s.after),
        estimate: s
            .estimate()
            .map(|e| Sp::bare(RawEstimate::Text(estimate_text(&e, cal)))),
        executor: s.executor.as_ref().map(|e| Sp::bare(e.value.clone())),
        command: s.command.clone(),
        prompt: s.prompt.clone(),
        retries: s.retries,
        timeout: s
            .timeout
            .as_ref()
            .and_then(|t| t.value.as_ref().ok())
            .map(|t| Sp::bare(exact(*t, t.natural_unit(cal), cal))),
        people: s
            .people
            .as_ref()
            .and_then(|p| p.value.as_ref().ok())
            .filter(|p| **p != People::ONE)
            .map(|p| {
                Sp::bare(if p.min == p.max {
                    RawPeople::Count(p.min)
                } else {
                    RawPeople::Range(p.text())
                })
            }),
    }
}

/// An estimate in one unit (that of its likely value), exact to 1/1000.
pub fn estimate_text(e: &Estimate, cal: Calendar) -> String {
    let unit = shared_unit(&[e.optimistic(), e.likely(), e.pessimistic()], cal);
    match e {
        Estimate::Single { likely } => exact(*likely, unit, cal),
        Estimate::ThreePoint {
            optimistic,
            likely,
            pessimistic,
        } => {
            format!(
                "{} / {} / {}",
                exact(*optimistic, unit, cal),
                exact(*likely, unit, cal),
                exact(*pessimistic, unit, cal)
            )
        }
    }
}

/// The largest unit in which every value is a whole or half number of units
/// (`4w / 6w / 9w`, not `0.952mo / ...`); else the likely value's own unit.
fn shared_unit(values: &[WorkTime], cal: Calendar) -> Unit {
    use Unit::*;
    let round = |t: WorkTime, u: Unit| {
        let x = t.in_unit(u, cal) * 2.0;
        x >= 1.0 - 1e-9 && (x - x.round()).abs() < 1e-6
    };
    [Year, Month, Week, Day, Hour, Minute]
        .into_iter()
        .find(|u| values.iter().all(|v| round(*v, *u)))
        .unwrap_or_else(|| values[values.len() / 2].natural_unit(cal))
}

fn exact(t: WorkTime, unit: Unit, cal: Calendar) -> String {
    let x = (t.in_unit(unit, cal) * 1000.0).round() / 1000.0;
    format!("{x}{}", unit.short())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_are_written_in_a_unit_they_share() {
        let cal = Calendar::Business;
        let e = Estimate::parse("4w / 6w / 9w", cal).unwrap();
        assert_eq!(estimate_text(&e, cal), "4w / 6w / 9w");
        let e = Estimate::parse("1mo / 2mo / 3.5mo", cal).unwrap();
        assert_eq!(estimate_text(&e, cal), "1mo / 2mo / 3.5mo");
        let e = Estimate::parse("3d / 1w / 2w", cal).unwrap();
        assert_eq!(estimate_text(&e, cal), "3d / 5d / 10d");
        let e = Estimate::parse("10min / 20min / 45min", cal).unwrap();
        assert_eq!(estimate_text(&e, cal), "10min / 20min / 45min");
        // The text reads back as the same estimate.
        let back = Estimate::parse(&estimate_text(&e, cal), cal).unwrap();
        assert_eq!(back, e);
    }
}
