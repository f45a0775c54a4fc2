//! The review: a workflow judged against the seed's ten principles, as the
//! workflow architect would. It joins what `check` found (each rule belongs
//! to a principle) with the advice rules' judgements, and the planner's
//! figures those need (`check` sits below `plan`, so they are computed
//! here and handed down in a [`Timing`]).
//!
//! Everything here returns data: the report card, the advice, the fixed
//! workflow. Text is `render::report::review`'s; nothing here prints.

use std::collections::HashMap;

use serde::Serialize;

use crate::check::advice::{self, AdviceContext, Judgement, PRICED_LINKS, Timing, Verdict};
use crate::check::rules::sequential_chain::links_without_data;
use crate::check::{Diagnostic, Severity};
use crate::diagnostic::Fix;
use crate::duration::{Timeline, WorkTime, stated_tolerance};
use crate::model::Workflow;
use crate::personas::PersonaCatalog;
use crate::plan::cpm::cpm;
use crate::plan::graph::StepGraph;

/// The ten principles of the seed's section 0, short.
pub const PRINCIPLES: [&str; 10] = [
    "Repeatable playbook",
    "Clear inputs and outputs",
    "Measurable success criteria",
    "Realistic timeline",
    "Decision points branch",
    "Parallelization saves time",
    "Checkpoints prevent rework",
    "Evolves with learnings",
    "Phase-appropriate personas",
    "Multi-dimensional",
];

/// The principle a `check` rule serves (advice rules say it themselves).
pub fn principle_of(code: &str) -> Option<u8> {
    Some(match code {
        "SC000" | "SC005" | "SC016" | "SC021" | "SC024" | "SC025" => 1,
        "SC004" | "SC008" | "SC009" | "SC018" | "SC202" => 2,
        "SC013" | "SC014" | "SC019" | "SC020" => 3,
        "SC010" | "SC011" | "SC012" | "SC015" | "SC017" | "SC022" | "SC023" => 4,
        "SC006" | "SC007" => 5,
        "SC206" => 6,
        "SC003" | "SC207" => 7,
        "SC208" => 8,
        "SC001" | "SC002" | "SC209" => 9,
        "SC210" => 10,
        _ => return None,
    })
}

/// The planner's figures the advice rules quote.
pub fn timing(wf: &Workflow) -> Timing {
    let (finish, phase_lengths) = plan_figures(wf);
    // Only the links without data are advised on, and each costs a plan:
    // the first PRICED_LINKS of them are priced, so a file of thousands of
    // `after` links checks in linear time.
    let mut after_savings = HashMap::new();
    for (step, after) in links_without_data(wf).into_iter().take(PRICED_LINKS) {
        let mut without = wf.clone();
        if let Some(s) = without
            .phases
            .iter_mut()
            .flat_map(|p| p.steps.iter_mut())
            .find(|s| s.id.value == step)
        {
            s.after.retain(|a| a.value != after);
        }
        let (sooner, _) = plan_figures(&without);
        after_savings.insert((step, after), (finish - sooner).max(0.0));
    }
    Timing {
        phase_lengths,
        after_savings,
        calendar: wf.calendar,
        finish,
    }
}

/// The finish over PERT means, and each phase's length.
fn plan_figures(wf: &Workflow) -> (f64, Vec<Option<f64>>) {
    let graph = StepGraph::build(wf);
    let c = cpm(graph.network(), &graph.network().means());
    let lengths = (0..wf.phases.len())
        .map(|k| {
            let steps: Vec<usize> = graph
                .steps()
                .filter(|&i| graph.nodes[i].phase == k)
                .collect();
            let start = steps.iter().map(|&i| c.early_start[i]).reduce(f64::min)?;
            let end = steps.iter().map(|&i| c.early_finish[i]).reduce(f64::max)?;
            Some(end - start)
        })
        .collect();
    (c.finish, lengths)
}

/// The advice on a workflow that has no errors, in position order.
pub fn advise(wf: &Workflow, personas: &PersonaCatalog) -> Vec<Diagnostic> {
    let timing = timing(wf);
    advice::advise(
        wf,
        &AdviceContext {
            personas,
            timing: &timing,
        },
    )
}

/// The workflow with every safe fix among `diagnostics` made, and how many
/// were made; `None` when there was nothing to fix.
pub fn fix(
    wf: &Workflow,
    diagnostics: &[Diagnostic],
    personas: &PersonaCatalog,
) -> Option<(Workflow, usize)> {
    let fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_deref())
        .collect();
    if fixes.is_empty() {
        return None;
    }
    let mut fixed = wf.clone();
    let made = advice::apply_fixes(&mut fixed, fixes, personas);
    (made > 0).then_some((fixed, made))
}

/// How one principle stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Met,
    /// Not met, with the author's reason recorded in the notes.
    Reasoned,
    Advice,
    Warning,
    Error,
    NotApplicable,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Reasoned => "reasoned",
            Status::Advice => "advice",
            Status::Warning => "warning",
            Status::Error => "error",
            Status::NotApplicable => "n/a",
        }
    }
}

/// One line of the report card.
#[derive(Debug, Clone, Serialize)]
pub struct PrincipleLine {
    pub principle: u8,
    pub title: &'static str,
    pub status: Status,
    /// What the status rests on, in words.
    pub evidence: Vec<String>,
    /// The findings behind a status other than met: errors and warnings
    /// from `check`, then advice.
    pub findings: Vec<Diagnostic>,
}

/// A workflow judged against the ten principles.
#[derive(Debug, Clone, Serialize)]
pub struct ReportCard {
    pub workflow: String,
    pub name: String,
    pub principles: Vec<PrincipleLine>,
    pub met: usize,
    pub reasoned: usize,
    pub advice: usize,
    /// Principles with warnings or errors from `check`.
    pub problems: usize,
    pub not_applicable: usize,
    /// The card in a sentence or two.
    pub summary: String,
}

/// The report card of `wf`, given what `check` reported on it.
pub fn review(wf: &Workflow, checked: &[Diagnostic], personas: &PersonaCatalog) -> ReportCard {
    let has_errors = checked.iter().any(|d| d.severity == Severity::Error);
    let timing = timing(wf);
    let judgements: Vec<Judgement> = if has_errors {
        Vec::new()
    } else {
        advice::judge(
            wf,
            &AdviceContext {
                personas,
                timing: &timing,
            },
        )
    };
    let principles: Vec<PrincipleLine> = (1..=10u8)
        .map(|n| line(n, wf, checked, &judgements, has_errors, &timing))
        .collect();
    let count = |s: &[Status]| principles.iter().filter(|l| s.contains(&l.status)).count();
    let met = count(&[Status::Met]);
    let reasoned = count(&[Status::Reasoned]);
    let advice = count(&[Status::Advice]);
    let problems = count(&[Status::Warning, Status::Error]);
    let not_applicable = count(&[Status::NotApplicable]);
    let summary = summary(
        wf,
        &principles,
        [met, reasoned, advice, problems, not_applicable],
    );
    ReportCard {
        workflow: wf.id.clone(),
        name: wf.name.value.clone(),
        principles,
        met,
        reasoned,
        advice,
        problems,
        not_applicable,
        summary,
    }
}

fn line(
    n: u8,
    wf: &Workflow,
    checked: &[Diagnostic],
    judgements: &[Judgement],
    has_errors: bool,
    timing: &Timing,
) -> PrincipleLine {
    let mut findings: Vec<Diagnostic> = checked
        .iter()
        .filter(|d| principle_of(d.code) == Some(n) && d.severity != Severity::Advice)
        .cloned()
        .collect();
    let judged = judgements.iter().find(|j| j.principle == n);
    let (mut status, mut evidence) = match judged {
        Some(j) => {
            findings.extend(j.advice.iter().cloned());
            let status = match j.verdict {
                Verdict::Met => Status::Met,
                Verdict::Reasoned => Status::Reasoned,
                Verdict::Advice => Status::Advice,
                Verdict::NotApplicable => Status::NotApplicable,
            };
            (status, j.evidence.clone())
        }
        None if has_errors && (n == 2 || n >= 6) => (
            Status::NotApplicable,
            vec!["not judged until `check`'s errors are fixed".to_string()],
        ),
        None => facts(n, wf, timing),
    };
    if findings.iter().any(|d| d.severity == Severity::Error) {
        status = Status::Error;
    } else if findings.iter().any(|d| d.severity == Severity::Warning) {
        status = Status::Warning;
    }
    for d in findings.iter().filter(|d| d.severity != Severity::Advice) {
        evidence.push(format!("{} {}: {}", d.severity.name(), d.code, d.message));
    }
    PrincipleLine {
        principle: n,
        title: PRINCIPLES[usize::from(n - 1)],
        status,
        evidence,
        findings,
    }
}

/// What the model shows for a principle no advice rule judges.
fn facts(n: u8, wf: &Workflow, timing: &Timing) -> (Status, Vec<String>) {
    match n {
        1 => {
            let mut e = vec![format!(
                "{} phase(s), {} step(s)",
                wf.phases.len(),
                wf.step_count()
            )];
            e.push(match &wf.trigger {
                Some(_) => "states its trigger".to_string(),
                None => "no trigger stated (when to run it again)".to_string(),
            });
            (Status::Met, e)
        }
        3 => {
            let total = wf.success_criteria.len();
            let measurable = wf
                .success_criteria
                .iter()
                .filter(|c| !c.metrics.is_empty())
                .count();
            (
                Status::Met,
                vec![format!(
                    "{measurable} of {total} success criteria measurable"
                )],
            )
        }
        4 => {
            let finish = WorkTime(timing.finish);
            let planned = finish.display(timing.calendar);
            let Some(t) = wf.timeline.as_ref() else {
                return (
                    Status::NotApplicable,
                    vec![format!(
                        "no stated timeline to hold the plan to; planned {planned} (PERT means)"
                    )],
                );
            };
            match &t.parsed {
                Ok(Timeline::Range { min, max, unit }) => {
                    let tol = stated_tolerance(*max, *unit, timing.calendar);
                    let bounds = match (&t.min, &t.max) {
                        (Some(lo), Some(hi)) => format!(" ({lo} to {hi})"),
                        _ => String::new(),
                    };
                    let line = format!("stated {}{bounds}; planned {planned} (PERT means)", t.text);
                    if finish.minutes() > max.minutes() + tol.minutes() {
                        (
                            Status::Advice,
                            vec![
                                line,
                                format!(
                                    "the plan ends past the stated {}: widen the timeline or cut scope",
                                    max.display(timing.calendar)
                                ),
                            ],
                        )
                    } else if finish.minutes() + tol.minutes() < min.minutes() {
                        (
                            Status::Met,
                            vec![
                                line,
                                "the plan ends before the stated range: room to spare".into(),
                            ],
                        )
                    } else {
                        (Status::Met, vec![line])
                    }
                }
                Ok(_) => (
                    Status::NotApplicable,
                    vec![format!(
                        "stated {}: no range to hold the plan to; planned {planned} to the end of its last phase",
                        t.text
                    )],
                ),
                Err(_) => (
                    Status::NotApplicable,
                    vec![format!("stated {}: not a duration (SC017)", t.text)],
                ),
            }
        }
        5 => {
            let decisions: usize = wf.phases.iter().map(|p| p.decisions.len()).sum();
            if decisions == 0 {
                (
                    Status::NotApplicable,
                    vec!["no decision point: the workflow is linear, nothing to branch".into()],
                )
            } else {
                let bounded = wf
                    .phases
                    .iter()
                    .flat_map(|p| &p.decisions)
                    .filter(|d| d.goto.is_none() || d.max_loops.is_some())
                    .count();
                (
                    Status::Met,
                    vec![format!(
                        "{decisions} decision point(s), {bounded} bounded or forward"
                    )],
                )
            }
        }
        _ => (Status::NotApplicable, vec!["no rule judges it".into()]),
    }
}

fn summary(wf: &Workflow, lines: &[PrincipleLine], counts: [usize; 5]) -> String {
    let [met, reasoned, advice, problems, na] = counts;
    let mut parts = vec![format!("{met} of 10 principles met")];
    if reasoned > 0 {
        parts.push(format!("{reasoned} with a recorded reason"));
    }
    if advice > 0 {
        parts.push(format!("{advice} with advice"));
    }
    if problems > 0 {
        parts.push(format!("{problems} with check problems"));
    }
    if na > 0 {
        parts.push(format!("{na} not applicable"));
    }
    let mut s = format!("{}: {}.", wf.name.value, parts.join(", "));
    let first = lines
        .iter()
        .filter(|l| matches!(l.status, Status::Error | Status::Warning | Status::Advice))
        .find_map(|l| l.findings.first().map(|d| (l.principle, d)));
    match first {
        Some((n, d)) => {
            let what = d.help.as_deref().unwrap_or(&d.message);
            s.push_str(&format!(" First to act on (principle {n}): {what}."));
        }
        None => s.push_str(" Nothing to act on."),
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Library;
    use crate::check::check_source;

    fn builtins() -> Vec<(String, Workflow, Vec<Diagnostic>)> {
        let personas = PersonaCatalog::builtin();
        Library::sources()
            .iter()
            .map(|(file, text)| {
                let report = check_source(text, &personas);
                let wf = report.workflow.expect("a built-in reads");
                (file.to_string(), wf, report.diagnostics)
            })
            .collect()
    }

    #[test]
    fn every_builtin_passes_its_own_review() {
        let personas = PersonaCatalog::builtin();
        let mut left = Vec::new();
        for (file, wf, diagnostics) in builtins() {
            for d in advise(&wf, &personas) {
                left.push(format!("{file}: {} {}", d.code, d.message));
            }
            let card = review(&wf, &diagnostics, &personas);
            if card.advice + card.problems > 0 {
                left.push(format!("{file}: {}", card.summary));
            }
        }
        assert!(
            left.is_empty(),
            "{} advice:\n{}",
            left.len(),
            left.join("\n")
        );
    }

    #[test]
    fn a_card_has_ten_lines_and_a_summary() {
        let personas = PersonaCatalog::builtin();
        let (_, wf, diagnostics) = builtins()
            .into_iter()
            .find(|(f, _, _)| f == "microservices-migration")
            .unwrap();
        let card = review(&wf, &diagnostics, &personas);
        assert_eq!(card.principles.len(), 10);
        assert_eq!(
            card.met + card.reasoned + card.advice + card.problems + card.not_applicable,
            10
        );
        assert!(
            card.summary.starts_with("Microservices Migration: "),
            "{}",
            card.summary
        );
    }

    #[test]
    fn a_plan_past_its_stated_timeline_is_advised_and_a_rangeless_one_is_not_judged() {
        let personas = PersonaCatalog::builtin();
        let line4 = |timeline: &str| {
            let yaml = crate::check::rules::test_support::CLEAN.replacen(
                "timeline: 2 months",
                &format!("timeline: {timeline}"),
                1,
            );
            let loaded = check_source(&yaml, &personas);
            let wf = loaded.workflow.unwrap();
            let card = review(&wf, &loaded.diagnostics, &personas);
            let p = card
                .principles
                .into_iter()
                .find(|p| p.principle == 4)
                .unwrap();
            (p.status, p.evidence.join(" "))
        };
        // Past the stated day: advice at least (here SC015 also warns that
        // the windows run past it, which makes the line a warning).
        let (status, evidence) = line4("1 day");
        assert!(
            matches!(status, Status::Advice | Status::Warning),
            "{evidence}"
        );
        assert!(evidence.contains("ends past the stated"), "{evidence}");
        let (status, evidence) = line4("Ongoing");
        assert_eq!(status, Status::NotApplicable, "{evidence}");
        assert!(evidence.contains("no range"), "{evidence}");
        let (status, _) = line4("2 months");
        assert_eq!(status, Status::Met);
    }

    #[test]
    fn timing_prices_an_after_from_the_planner() {
        let yaml = crate::check::rules::test_support::CLEAN
            .replacen(
                "        inputs: [rollout-plan]\n        outputs: [readiness-review]\n",
                "        after: [design]\n        outputs: [readiness-review]\n        estimate: 2w\n",
                1,
            )
            .replacen(
                "        outputs: [rollout-plan]\n",
                "        outputs: [rollout-plan]\n        estimate: 5w\n",
                1,
            );
        let wf = check_source(&yaml, &PersonaCatalog::builtin())
            .workflow
            .unwrap();
        let t = timing(&wf);
        // Side by side the plan phase takes 5 weeks instead of 7, and the
        // rollout (whose window opens at 4.2 weeks) starts two weeks sooner.
        let week = WorkTime::of(2.0, crate::duration::Unit::Week, wf.calendar).minutes();
        let saved = t.saving("readiness", "design").unwrap();
        assert!((saved - week).abs() < 1e-6, "{saved} vs {week}");
    }

    #[test]
    fn a_fix_makes_the_advice_go_away_and_still_checks() {
        let personas = PersonaCatalog::builtin();
        let yaml = crate::check::rules::test_support::CLEAN.replacen(
            "Deploy with a canary",
            "Launch with a canary",
            1,
        );
        let wf = check_source(&yaml, &personas).workflow.unwrap();
        let before = advise(&wf, &personas);
        assert!(before.iter().any(|d| d.code == "SC207"));
        let (fixed, made) = fix(&wf, &before, &personas).unwrap();
        assert_eq!(made, 1);
        let text = crate::format::write::to_yaml(&fixed);
        let again = check_source(&text, &personas);
        assert!(again.diagnostics.is_empty(), "{:?}", again.diagnostics);
        let after = advise(&again.workflow.unwrap(), &personas);
        assert!(!after.iter().any(|d| d.code == "SC207"), "{after:?}");
    }
}
