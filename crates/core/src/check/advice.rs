//! Advice: what a reviewer who knows the seed's ten principles would tell an
//! author, beyond what a workflow must get right to run.
//!
//! Each advice rule (SC2NN, where NN is the principle it applies) lives in
//! `rules/` like the others, but judges the whole workflow: its judgement
//! says whether the principle is met, not applicable (and why), or what to
//! change, with the evidence. Advice never makes a workflow fail to load,
//! plan or run, and `check` fails on it only with `--deny advice`.
//!
//! The planner sits above `check`, so the figures advice quotes from it
//! (phase lengths, the time an `after` costs) come in a [`Timing`] that the
//! caller computes (`review::timing`). Nothing here edits a file: a [`Fix`]
//! is applied to the model by [`apply_fixes`].

use std::collections::HashMap;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Fix, RuleInfo};
use crate::duration::Calendar;
use crate::model::{Checkpoint, PersonaRef, Workflow};
use crate::personas::PersonaCatalog;
use crate::span::{Sp, Span};

/// Planner figures, in minutes of working time under the workflow's calendar.
#[derive(Debug, Clone, Default)]
pub struct Timing {
    /// Each phase's length: from its first step's earliest start to its
    /// last step's earliest finish (PERT means, critical path). `None` for
    /// a phase without steps.
    pub phase_lengths: Vec<Option<f64>>,
    /// How much sooner the workflow would finish if a step did not wait for
    /// one of its `after` ids, by (step, after), for the links that carry no
    /// data; each is priced by planning again, so at most
    /// [`PRICED_LINKS`] of them are: the others have no figure.
    pub after_savings: HashMap<(String, String), f64>,
    pub calendar: Calendar,
    /// The workflow's planned finish.
    pub finish: f64,
}

/// How many `after` links without data are priced by planning the
/// workflow again without them (each costs one plan).
pub const PRICED_LINKS: usize = 50;

impl Timing {
    pub fn saving(&self, step: &str, after: &str) -> Option<f64> {
        self.after_savings
            .get(&(step.to_string(), after.to_string()))
            .copied()
    }
}

/// What advice rules see.
pub struct AdviceContext<'a> {
    pub personas: &'a PersonaCatalog,
    pub timing: &'a Timing,
}

/// Whether a principle holds for a workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Met,
    /// Met by the author's recorded reason (a note `Principle N: ...`).
    Reasoned,
    Advice,
    NotApplicable,
}

/// One advice rule's judgement of one workflow.
#[derive(Debug, Clone, Serialize)]
pub struct Judgement {
    pub principle: u8,
    pub code: &'static str,
    pub verdict: Verdict,
    /// The steps, personas or phases the verdict rests on, in words.
    pub evidence: Vec<String>,
    pub advice: Vec<Diagnostic>,
}

impl Judgement {
    pub(crate) fn new(rule: &'static RuleInfo, principle: u8) -> Judgement {
        Judgement {
            principle,
            code: rule.code,
            verdict: Verdict::Met,
            evidence: Vec::new(),
            advice: Vec::new(),
        }
    }

    pub(crate) fn evidence(&mut self, e: impl Into<String>) {
        self.evidence.push(e.into());
    }

    pub(crate) fn advise(&mut self, d: Diagnostic) {
        self.verdict = Verdict::Advice;
        self.advice.push(d);
    }

    /// Not judged, and why.
    pub(crate) fn not_applicable(mut self, why: impl Into<String>) -> Judgement {
        self.verdict = Verdict::NotApplicable;
        self.evidence = vec![why.into()];
        self.advice.clear();
        self
    }
}

/// An advice rule.
pub(crate) trait Advice: Sync {
    fn info(&self) -> &'static RuleInfo;
    /// The principle (1-10 of the seed's section 0) it applies.
    fn principle(&self) -> u8;
    fn judge(&self, wf: &Workflow, cx: &AdviceContext<'_>) -> Judgement;
}

/// The reason an author recorded for not meeting `principle`: a note that
/// starts `Principle N:`.
pub fn recorded_reason(wf: &Workflow, principle: u8) -> Option<&str> {
    let prefix = format!("principle {principle}:");
    wf.notes.iter().find_map(|n| {
        let t = n.trim();
        let head = t.get(..prefix.len())?;
        head.eq_ignore_ascii_case(&prefix)
            .then(|| t[prefix.len()..].trim())
    })
}

/// Every advice rule's judgement, in principle order. A principle with a
/// recorded reason is `Reasoned` and gives no advice.
pub fn judge(wf: &Workflow, cx: &AdviceContext<'_>) -> Vec<Judgement> {
    super::rules::ADVICE_RULES
        .iter()
        .map(|rule| {
            let mut j = rule.judge(wf, cx);
            if j.verdict == Verdict::Advice
                && let Some(why) = recorded_reason(wf, rule.principle())
            {
                j.verdict = Verdict::Reasoned;
                j.evidence = vec![format!("reason recorded: {why}")];
                j.advice.clear();
            }
            j
        })
        .collect()
}

/// The advice on a workflow: every rule's diagnostics, in position order.
pub fn advise(wf: &Workflow, cx: &AdviceContext<'_>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = judge(wf, cx).into_iter().flat_map(|j| j.advice).collect();
    super::sort(&mut out);
    out
}

/// Make the fixes on the model (those that no longer apply are skipped);
/// how many were made.
pub fn apply_fixes<'a>(
    wf: &mut Workflow,
    fixes: impl IntoIterator<Item = &'a Fix>,
    personas: &PersonaCatalog,
) -> usize {
    let mut made = 0;
    for fix in fixes {
        match fix {
            Fix::RemoveAfter { step, after } => {
                let found = wf
                    .phases
                    .iter_mut()
                    .flat_map(|p| p.steps.iter_mut())
                    .find(|s| s.id.value == *step);
                if let Some(s) = found {
                    let before = s.after.len();
                    s.after.retain(|a| a.value != *after);
                    made += usize::from(s.after.len() < before);
                }
            }
            Fix::AddCheckpoint {
                phase,
                approver,
                requires,
                text,
            } => {
                let Some(p) = wf.phases.iter_mut().find(|p| p.id.value == *phase) else {
                    continue;
                };
                if p.checkpoint.is_some() {
                    continue;
                }
                p.checkpoint = Some(Checkpoint {
                    approver: Some(PersonaRef {
                        written: approver.clone(),
                        slug: personas.resolve(approver).map(|x| x.slug.clone()),
                        span: Span::default(),
                    }),
                    requires: requires.iter().cloned().map(Sp::bare).collect(),
                    criteria: vec![],
                    text: Some(text.clone()),
                    span: Span::default(),
                });
                made += 1;
            }
        }
    }
    made
}

/// `names` as `a, b and c`, each in backticks.
pub(crate) fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_source;
    use crate::check::rules::test_support::CLEAN;

    #[test]
    fn a_note_that_starts_with_the_principle_records_a_reason() {
        let yaml = format!(
            "{CLEAN}notes:\n  - \"principle 8: a one-off drill, reviewed in the post-mortem\"\n  - Principle 80 is not a principle\n"
        );
        let wf = check_source(&yaml, &PersonaCatalog::builtin())
            .workflow
            .unwrap();
        assert_eq!(
            recorded_reason(&wf, 8),
            Some("a one-off drill, reviewed in the post-mortem")
        );
        assert_eq!(recorded_reason(&wf, 6), None);
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(list(&["a"]), "`a`");
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` and `c`");
    }
}
