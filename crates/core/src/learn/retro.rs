//! Retrospectives: the workflow's own questions plus questions generated from
//! what a run did, each with its evidence, and the planned-vs-actual table.

use serde::Serialize;

use crate::learn::criteria::{CriterionResult, Outcome};

/// A step as planned and as it happened. Times in working minutes from the
/// run's start; `None` when it did not happen.
#[derive(Debug, Clone, Serialize)]
pub struct StepActual {
    pub step: String,
    pub phase: String,
    pub persona: String,
    pub planned_start: f64,
    pub planned_finish: f64,
    /// PERT mean and the estimate's P80 (mean + 0.84 sd).
    pub planned_effort: f64,
    pub planned_p80: f64,
    pub actual_start: Option<f64>,
    pub actual_finish: Option<f64>,
    pub actual_effort: Option<f64>,
    /// The actual effort is implausibly far from the estimate (see
    /// [`suspect`]) and nobody confirmed it: shown, but not learned from.
    pub suspect: bool,
}

/// An actual under this share of the estimate's PERT mean is suspect.
pub const SUSPECT_BELOW: f64 = 0.05;
/// An actual over this many times the estimate's PERT mean is suspect.
pub const SUSPECT_ABOVE: f64 = 20.0;

/// Whether `actual` working minutes against a PERT mean of `planned` is too
/// far off to be believed without a person confirming it (seconds of
/// bookkeeping for a week of work, or a typo in a date).
pub fn suspect(actual: f64, planned: f64) -> bool {
    planned > 0.0 && !(SUSPECT_BELOW * planned..=SUSPECT_ABOVE * planned).contains(&actual)
}

impl StepActual {
    /// Actual over planned effort.
    pub fn ratio(&self) -> Option<f64> {
        self.actual_effort
            .filter(|_| self.planned_effort > 0.0)
            .map(|a| a / self.planned_effort)
    }
}

/// What happened in a run beyond the steps' times.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunFacts {
    /// `(phase, goto, times taken)`.
    pub loops: Vec<(String, String, u32)>,
    /// `(gate, by, comment)`.
    pub rejections: Vec<(String, String, Option<String>)>,
    pub criteria: Vec<CriterionResult>,
    /// Why a budget stopped the run, if one did.
    pub budget_overrun: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// `q1`, `q2`, ...: the key answers are filed under.
    pub id: String,
    pub text: String,
    /// `workflow` or what generated it (`overrun`, `loop`, `rejected`, ...).
    pub source: String,
    /// What a generated question is about: the step, phase or gate id, or
    /// the criterion's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// A question with the answer given to it, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answered {
    #[serde(flatten)]
    pub question: Question,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

/// Each question with its answer from `answers`, filed under the
/// question's id (`q1`) or its text.
pub fn answer(
    questions: Vec<Question>,
    answers: &std::collections::BTreeMap<String, String>,
) -> Vec<Answered> {
    questions
        .into_iter()
        .map(|q| Answered {
            answer: answers.get(&q.id).or_else(|| answers.get(&q.text)).cloned(),
            question: q,
        })
        .collect()
}

/// The workflow's questions, then the generated ones, numbered.
pub fn questions(workflow: &[String], steps: &[StepActual], facts: &RunFacts) -> Vec<Question> {
    let mut out: Vec<(String, &'static str, Option<String>, Option<String>)> = workflow
        .iter()
        .map(|q| (q.clone(), "workflow", None, None))
        .collect();
    for s in steps {
        if let Some(a) = s.actual_effort
            && s.suspect
        {
            out.push((
                format!(
                    "Is the time recorded for `{}` ({}) right? It is too far from the estimate to learn from as it stands.",
                    s.step, s.persona
                ),
                "suspect",
                Some(s.step.clone()),
                Some(format!(
                    "recorded {:.0} min against a PERT mean of {:.0} min ({:.3}x; under {}x or over {}x is suspect); left out of calibration. Next time state the real times (`step done --started/--finished/--effort`) and `--confirm` figures that are right",
                    a,
                    s.planned_effort,
                    a / s.planned_effort.max(f64::MIN_POSITIVE),
                    SUSPECT_BELOW,
                    SUSPECT_ABOVE
                )),
            ));
        } else if let Some(a) = s.actual_effort
            && s.planned_p80 > 0.0
            && a > s.planned_p80
        {
            out.push((
                    format!("Why did `{}` ({}) take longer than its P80?", s.step, s.persona),
                    "overrun",
                    Some(s.step.clone()),
                    Some(format!(
                        "took {:.0} min against a PERT mean of {:.0} min and a P80 of {:.0} min ({:.1}x)",
                        a,
                        s.planned_effort,
                        s.planned_p80,
                        a / s.planned_effort.max(f64::MIN_POSITIVE)
                    )),
                ));
        }
        if s.actual_start.is_none() {
            out.push((
                format!(
                    "Why was `{}` never started, and is it still needed?",
                    s.step
                ),
                "not-started",
                Some(s.step.clone()),
                Some(format!("phase `{}`, {}", s.phase, s.persona)),
            ));
        }
    }
    for (phase, goto, count) in &facts.loops {
        out.push((
            format!(
                "What sent phase `{phase}` back to `{goto}`, and could it have been caught earlier?"
            ),
            "loop",
            Some(phase.clone()),
            Some(format!("the decision was taken {count} time(s)")),
        ));
    }
    for (gate, by, comment) in &facts.rejections {
        out.push((
            format!(
                "What did the `{gate}` gate catch, and what should the phase check before asking?"
            ),
            "rejected",
            Some(gate.clone()),
            Some(match comment {
                Some(c) => format!("rejected by {by}: {c}"),
                None => format!("rejected by {by}"),
            }),
        ));
    }
    for c in &facts.criteria {
        let (source, text) = match c.outcome {
            Outcome::Met => continue,
            Outcome::Missed => (
                "criterion-missed",
                format!("What stopped \"{}\" from being met?", c.text),
            ),
            Outcome::NotMeasured => (
                "criterion-unmeasured",
                format!("How will \"{}\" be measured next time?", c.text),
            ),
        };
        let evidence = c
            .metrics
            .iter()
            .map(|m| match (m.actual, &m.note) {
                (Some(v), _) => {
                    format!("{}: {} recorded", m.target, crate::duration::trim_number(v))
                }
                (None, Some(n)) => format!("{}: {n}", m.target),
                (None, None) => m.target.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ");
        out.push((
            text,
            source,
            Some(c.text.clone()),
            (!evidence.is_empty()).then_some(evidence),
        ));
    }
    if let Some(b) = &facts.budget_overrun {
        out.push((
            "Was the budget wrong, or the way the work was done?".into(),
            "budget",
            None,
            Some(b.clone()),
        ));
    }
    out.into_iter()
        .enumerate()
        .map(|(i, (text, source, subject, evidence))| Question {
            id: format!("q{}", i + 1),
            text,
            source: source.to_string(),
            subject,
            evidence,
        })
        .collect()
}

/// Planned against actual for one phase: the span of its steps.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseActual {
    pub phase: String,
    pub planned_start: f64,
    pub planned_finish: f64,
    pub planned_effort: f64,
    pub actual_start: Option<f64>,
    pub actual_finish: Option<f64>,
    pub actual_effort: Option<f64>,
}

/// Roll steps up into their phases, in first-appearance order.
pub fn phases(steps: &[StepActual]) -> Vec<PhaseActual> {
    let mut out: Vec<PhaseActual> = Vec::new();
    for s in steps {
        let i = match out.iter().position(|p| p.phase == s.phase) {
            Some(i) => i,
            None => {
                out.push(PhaseActual {
                    phase: s.phase.clone(),
                    planned_start: f64::INFINITY,
                    planned_finish: 0.0,
                    planned_effort: 0.0,
                    actual_start: None,
                    actual_finish: None,
                    actual_effort: None,
                });
                out.len() - 1
            }
        };
        let p = &mut out[i];
        p.planned_start = p.planned_start.min(s.planned_start);
        p.planned_finish = p.planned_finish.max(s.planned_finish);
        p.planned_effort += s.planned_effort;
        p.actual_start = merge(p.actual_start, s.actual_start, f64::min);
        p.actual_finish = merge(p.actual_finish, s.actual_finish, f64::max);
        if let Some(e) = s.actual_effort {
            p.actual_effort = Some(p.actual_effort.unwrap_or(0.0) + e);
        }
    }
    out
}

/// Both values combined by `f`, or whichever is there.
fn merge(a: Option<f64>, b: Option<f64>, f: fn(f64, f64) -> f64) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(f(x, y)),
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::criteria::MetricResult;

    fn step(id: &str, planned: f64, actual: Option<f64>) -> StepActual {
        StepActual {
            step: id.into(),
            phase: "p".into(),
            persona: "SRE".into(),
            planned_start: 0.0,
            planned_finish: planned,
            planned_effort: planned,
            planned_p80: planned * 1.2,
            actual_start: actual.map(|_| 0.0),
            actual_finish: actual,
            actual_effort: actual,
            suspect: false,
        }
    }

    #[test]
    fn an_actual_far_from_its_estimate_is_suspect() {
        assert!(suspect(0.5, 1440.0), "30 s against 3 days");
        assert!(suspect(30_000.0, 1_000.0), "30x");
        assert!(!suspect(50.0, 1_000.0), "5 % is the edge, not past it");
        assert!(!suspect(20_000.0, 1_000.0), "20x is the edge");
        assert!(!suspect(900.0, 1_000.0));
        assert!(!suspect(5.0, 0.0), "no estimate, nothing to compare");
    }

    #[test]
    fn a_suspect_step_asks_whether_its_time_is_right_not_why_it_overran() {
        let mut s = step("mitigate", 480.0, Some(0.2));
        s.suspect = true;
        let q = questions(&[], &[s], &RunFacts::default());
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].source, "suspect");
        assert_eq!(q[0].subject.as_deref(), Some("mitigate"));
        let evidence = q[0].evidence.as_deref().unwrap();
        assert!(evidence.contains("left out of calibration"), "{evidence}");
        let mut long = step("mitigate", 10.0, Some(500.0));
        long.suspect = true;
        let q = questions(&[], &[long], &RunFacts::default());
        assert_eq!(q.len(), 1, "not an overrun question beside it");
        assert_eq!(q[0].source, "suspect");
    }

    #[test]
    fn generated_questions_carry_evidence() {
        let facts = RunFacts {
            loops: vec![("fix".into(), "triage".into(), 1)],
            rejections: vec![("triage".into(), "ana".into(), Some("no timeline".into()))],
            criteria: vec![CriterionResult {
                text: "MTTR under 30 minutes".into(),
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
            budget_overrun: Some("cost would pass $5".into()),
        };
        let steps = [
            step("a", 100.0, Some(130.0)),
            step("b", 100.0, Some(110.0)),
            step("c", 50.0, None),
        ];
        let q = questions(&["What surprised you?".into()], &steps, &facts);
        let sources: Vec<&str> = q.iter().map(|q| q.source.as_str()).collect();
        assert_eq!(
            sources,
            [
                "workflow",
                "overrun",
                "not-started",
                "loop",
                "rejected",
                "criterion-missed",
                "budget"
            ]
        );
        assert_eq!(q[1].id, "q2");
        assert!(
            q[1].evidence.as_deref().unwrap().contains("1.3x"),
            "{:?}",
            q[1]
        );
        assert!(q[5].evidence.as_deref().unwrap().contains("45 recorded"));
        let ph = phases(&steps);
        assert_eq!(ph.len(), 1);
        assert_eq!(ph[0].planned_effort, 250.0);
        assert_eq!(ph[0].actual_effort, Some(240.0));
        assert_eq!(ph[0].actual_finish, Some(130.0));
    }
}
