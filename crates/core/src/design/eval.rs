//! Scoring offline design on a set of scenarios (`eval/design.yaml`): for
//! each, the personas and phases a good answer must contain. A design is
//! scored on persona recall (of the expected personas, how many have a
//! step) and precision (of its personas, how many were expected), phase
//! coverage (of the expected phases, how many it has), and whether it
//! passes the check.
//!
//! An expected phase is written as alternatives, `root cause|investigation`:
//! it is covered when every word of one alternative occurs in one phase's
//! name or deliverable (after text analysis, so word forms and synonyms
//! count).
//!
//! Judgment is scored against the set's own annotations:
//! - borrowed-step precision: of the phases and steps taken from other
//!   workflows, the share that match none of the case's `forbidden` words;
//! - realism: whether the design's P50 lies in the case's `realistic` range,
//!   and whether a horizon marked `deadline: unrealistic` is called so (one
//!   marked `realistic` must not be);
//! - target-as-criterion: whether the targets the design made criteria are
//!   exactly the case's `targets`.

use serde::{Deserialize, Serialize};

use super::adapt::{DeadlineVerdict, DesignOptions, design};
use crate::catalog::Catalog;
use crate::check::Severity;
use crate::duration::{Calendar, Quantity, WorkTime, parse_duration};
use crate::text::words::stems;

/// The evaluation set shipped with the library.
pub const BUILTIN: &str = include_str!("../../eval/design.yaml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalSet {
    pub scenarios: Vec<EvalCase>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalCase {
    pub id: String,
    /// One of the nine categories of the seed's section 2.
    pub category: String,
    pub scenario: String,
    /// Personas a good answer gives a step (names, slugs or aliases).
    pub personas: Vec<String>,
    /// Phases a good answer has, each as `alternative|alternative`.
    pub phases: Vec<String>,
    /// The range the design's P50 should lie in: `6-12 months`, or
    /// `1 hour to 3 weeks`.
    #[serde(default)]
    pub realistic: Option<String>,
    /// Whether the stated horizon can be met: `realistic` or `unrealistic`.
    #[serde(default)]
    pub deadline: Option<String>,
    /// Words no borrowed step or phase may carry, each as alternatives.
    #[serde(default)]
    pub forbidden: Vec<String>,
    /// Targets that must become criteria, as `op value unit`.
    #[serde(default)]
    pub targets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvalError {
    #[error("the evaluation set does not read: {0}")]
    Unreadable(String),
    #[error("scenario `{case}` expects `{persona}`, which is not in the persona catalog")]
    UnknownPersona { case: String, persona: String },
    #[error("the evaluation set has no scenarios")]
    Empty,
    #[error("scenario `{case}`: {what}")]
    BadAnnotation { case: String, what: String },
}

/// One scenario's scores.
#[derive(Debug, Clone, Serialize)]
pub struct CaseScore {
    pub id: String,
    pub category: String,
    /// The library workflow the design started from (empty when none matched).
    pub base: String,
    pub persona_recall: f64,
    pub persona_precision: f64,
    pub phase_coverage: f64,
    pub passes_check: bool,
    pub errors: usize,
    pub warnings: usize,
    pub missing_personas: Vec<String>,
    pub missing_phases: Vec<String>,
    /// Phases and steps taken from other workflows, and those of them that
    /// carry a forbidden word.
    pub borrowed: usize,
    pub forbidden_borrowed: Vec<String>,
    /// The design's P50 in working minutes, and whether it lies in the
    /// annotated range (`None` without an annotation or a forecast).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p50: Option<f64>,
    /// The P50 as it reads, `9.5 months`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p50_text: Option<String>,
    /// The annotated range, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realistic: Option<bool>,
    /// The annotated deadline, and the design's verdict on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    /// Whether the design's criteria from the scenario are exactly the
    /// annotated targets (`None` when neither has any).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets_right: Option<bool>,
}

/// Means over a group of scenarios.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub group: String,
    pub scenarios: usize,
    pub persona_recall: f64,
    pub persona_precision: f64,
    pub phase_coverage: f64,
    pub pass_rate: f64,
    /// Borrowed items that belong, over all borrowed items in the group
    /// (1 when nothing was borrowed).
    pub borrowed_precision: f64,
    pub borrowed: usize,
    /// Share of annotated designs whose P50 lies in the realistic range.
    pub realism: f64,
    pub realism_cases: usize,
    /// Share of horizons marked unrealistic that the design calls so.
    pub unrealistic_flagged: f64,
    pub unrealistic_cases: usize,
    /// Horizons marked realistic that the design called unrealistic.
    pub false_alarms: usize,
    /// Share of cases with targets (stated or found) where the criteria
    /// match the annotation exactly.
    pub target_accuracy: f64,
    pub target_cases: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub cases: Vec<CaseScore>,
    pub by_category: Vec<Summary>,
    pub overall: Summary,
}

/// Read an evaluation set.
pub fn parse(text: &str) -> Result<EvalSet, EvalError> {
    let set: EvalSet = crate::format::parse_yaml(text).map_err(EvalError::Unreadable)?;
    if set.scenarios.is_empty() {
        return Err(EvalError::Empty);
    }
    Ok(set)
}

/// Design every scenario offline and score it.
pub fn run(
    set: &EvalSet,
    catalog: &Catalog,
    opts: &DesignOptions,
) -> Result<EvalReport, EvalError> {
    run_observed(set, catalog, opts, &mut |_| {})
}

/// [`run`], telling `seen` about each scenario as it is scored.
pub fn run_observed(
    set: &EvalSet,
    catalog: &Catalog,
    opts: &DesignOptions,
    seen: &mut dyn FnMut(&CaseScore),
) -> Result<EvalReport, EvalError> {
    let mut cases = Vec::with_capacity(set.scenarios.len());
    for case in &set.scenarios {
        let expected: Vec<&crate::catalog::Persona> = case
            .personas
            .iter()
            .map(|p| {
                catalog
                    .personas
                    .resolve(p)
                    .ok_or_else(|| EvalError::UnknownPersona {
                        case: case.id.clone(),
                        persona: p.clone(),
                    })
            })
            .collect::<Result<_, _>>()?;
        validate(case)?;
        let score = score_case(case, &expected, catalog, opts);
        seen(&score);
        cases.push(score);
    }
    let mut by_category = Vec::new();
    let mut categories: Vec<&str> = crate::catalog::CATEGORIES.to_vec();
    for c in &cases {
        if !categories.contains(&c.category.as_str()) {
            categories.push(&c.category);
        }
    }
    for cat in categories {
        let group: Vec<&CaseScore> = cases.iter().filter(|c| c.category == cat).collect();
        if !group.is_empty() {
            by_category.push(summarise(cat, &group));
        }
    }
    let all: Vec<&CaseScore> = cases.iter().collect();
    let overall = summarise("all", &all);
    Ok(EvalReport {
        cases,
        by_category,
        overall,
    })
}

fn score_case(
    case: &EvalCase,
    expected: &[&crate::catalog::Persona],
    catalog: &Catalog,
    opts: &DesignOptions,
) -> CaseScore {
    let Ok(d) = design(&case.scenario, catalog, opts) else {
        return CaseScore {
            id: case.id.clone(),
            category: case.category.clone(),
            base: String::new(),
            persona_recall: 0.0,
            persona_precision: 0.0,
            phase_coverage: 0.0,
            passes_check: false,
            errors: 0,
            warnings: 0,
            missing_personas: case.personas.clone(),
            missing_phases: case.phases.clone(),
            borrowed: 0,
            forbidden_borrowed: Vec::new(),
            p50: None,
            p50_text: None,
            range: case.realistic.clone(),
            realistic: case.realistic.as_ref().map(|_| false),
            deadline: case.deadline.clone(),
            verdict: None,
            targets_right: (!case.targets.is_empty()).then_some(false),
        };
    };
    let designed: Vec<String> = d
        .personas
        .iter()
        .map(|n| {
            catalog
                .personas
                .resolve(n)
                .map(|p| p.slug.clone())
                .unwrap_or_else(|| n.clone())
        })
        .collect();
    let hit = expected
        .iter()
        .filter(|p| designed.contains(&p.slug))
        .count();
    let missing_personas = expected
        .iter()
        .filter(|p| !designed.contains(&p.slug))
        .map(|p| p.name.clone())
        .collect();
    let phase_texts: Vec<Vec<String>> = d
        .phases
        .iter()
        .map(|p| {
            stems(&format!(
                "{} {}",
                p.name,
                p.deliverable.as_deref().unwrap_or("")
            ))
        })
        .collect();
    let covered = |want: &str| {
        want.split('|').any(|alt| {
            let words = stems(alt);
            !words.is_empty()
                && phase_texts
                    .iter()
                    .any(|t| words.iter().all(|w| t.contains(w)))
        })
    };
    let missing_phases: Vec<String> = case
        .phases
        .iter()
        .filter(|p| !covered(p))
        .cloned()
        .collect();
    let errors = d
        .diagnostics
        .iter()
        .filter(|x| x.severity == Severity::Error)
        .count();
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    // Borrowed phases and steps, and those that carry a forbidden word.
    let base = d.sources.first().map(|s| s.id.as_str()).unwrap_or("");
    let borrowed: Vec<String> = d
        .phases
        .iter()
        .filter(|p| p.from != base)
        .map(|p| format!("{} ({})", p.name, p.from))
        .chain(d.added.iter().map(|a| {
            format!(
                "{}: {} ({})",
                a.persona,
                a.action,
                a.from.as_deref().unwrap_or("the library")
            )
        }))
        .collect();
    let carries = |text: &str, want: &str| {
        let t = stems(text);
        want.split('|').any(|alt| {
            let words = stems(alt);
            !words.is_empty() && words.iter().all(|w| t.contains(w))
        })
    };
    let forbidden_borrowed: Vec<String> = borrowed
        .iter()
        .filter(|b| case.forbidden.iter().any(|f| carries(b, f)))
        .cloned()
        .collect();
    let p50 = d.forecast.as_ref().map(|f| f.p50);
    let realistic = case.realistic.as_ref().map(|r| {
        match (
            p50,
            realistic_range(r, d.forecast.as_ref().map(|f| f.calendar)),
        ) {
            (Some(p), Ok((lo, hi))) => p >= lo && p <= hi,
            _ => false,
        }
    });
    let verdict = d
        .deadline
        .as_ref()
        .map(|x| verdict_name(x.verdict).to_string());
    let found: Vec<(String, f64, String)> = d
        .targets
        .iter()
        .map(|t| (t.op.to_string(), t.value, t.unit.clone()))
        .collect();
    let wanted: Vec<(String, f64, String)> = case
        .targets
        .iter()
        .filter_map(|t| parse_target(t).ok())
        .collect();
    let same = |a: &(String, f64, String), b: &(String, f64, String)| {
        a.0 == b.0 && (a.1 - b.1).abs() < 1e-6 && a.2 == b.2
    };
    let targets_right = (!found.is_empty() || !wanted.is_empty()).then(|| {
        found.len() == wanted.len() && wanted.iter().all(|w| found.iter().any(|f| same(w, f)))
    });
    CaseScore {
        id: case.id.clone(),
        category: case.category.clone(),
        base: d.sources.first().map(|s| s.id.clone()).unwrap_or_default(),
        persona_recall: ratio(hit, expected.len()),
        persona_precision: ratio(hit, designed.len()),
        phase_coverage: ratio(case.phases.len() - missing_phases.len(), case.phases.len()),
        passes_check: errors == 0,
        errors,
        warnings: d.diagnostics.len() - errors,
        missing_personas,
        missing_phases,
        borrowed: borrowed.len(),
        forbidden_borrowed,
        p50,
        p50_text: d
            .forecast
            .as_ref()
            .map(|f| crate::plan::timeline::in_unit(f.p50, f.unit, f.calendar)),
        range: case.realistic.clone(),
        realistic,
        deadline: case.deadline.clone(),
        verdict,
        targets_right,
    }
}

fn verdict_name(v: DeadlineVerdict) -> &'static str {
    match v {
        DeadlineVerdict::Realistic => "realistic",
        DeadlineVerdict::Tight => "tight",
        DeadlineVerdict::AtRisk => "at-risk",
        DeadlineVerdict::Unrealistic => "unrealistic",
    }
}

/// `6-12 months` or `1 hour to 3 weeks`, in working minutes.
fn realistic_range(text: &str, calendar: Option<Calendar>) -> Result<(f64, f64), String> {
    let calendar = calendar.unwrap_or(Calendar::Business);
    let bad = |e: crate::duration::DurationError| format!("realistic `{text}`: {e}");
    let (lo, hi) = match text.split_once(" to ") {
        Some((a, b)) => (
            parse_duration(a, calendar).map_err(bad)?.0,
            parse_duration(b, calendar).map_err(bad)?.0,
        ),
        None => {
            let q = Quantity::parse(text).map_err(bad)?;
            (
                WorkTime::of(q.low, q.unit, calendar).0,
                WorkTime::of(q.high, q.unit, calendar).0,
            )
        }
    };
    if lo > hi {
        return Err(format!("realistic `{text}` runs backwards"));
    }
    Ok((lo, hi))
}

/// `<= 60 minutes`, `>= 30 %`.
fn parse_target(text: &str) -> Result<(String, f64, String), String> {
    let mut parts = text.split_whitespace();
    let (Some(op), Some(value), Some(unit), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("target `{text}` is not `op value unit`"));
    };
    if !["<", "<=", ">", ">=", "=", "!="].contains(&op) {
        return Err(format!("target `{text}`: `{op}` is not a comparison"));
    }
    let value: f64 = value
        .parse()
        .map_err(|_| format!("target `{text}`: `{value}` is not a number"))?;
    Ok((op.to_string(), value, unit.to_string()))
}

/// Whether a case's annotations read.
fn validate(case: &EvalCase) -> Result<(), EvalError> {
    let bad = |what: String| EvalError::BadAnnotation {
        case: case.id.clone(),
        what,
    };
    if let Some(r) = &case.realistic {
        realistic_range(r, None).map_err(bad)?;
    }
    for t in &case.targets {
        parse_target(t).map_err(bad)?;
    }
    if let Some(d) = &case.deadline
        && d != "realistic"
        && d != "unrealistic"
    {
        return Err(bad(format!(
            "deadline `{d}` is neither `realistic` nor `unrealistic`"
        )));
    }
    Ok(())
}

fn summarise(group: &str, cases: &[&CaseScore]) -> Summary {
    let n = cases.len().max(1) as f64;
    let share = |a: usize, b: usize| {
        if b == 0 {
            1.0
        } else {
            (a as f64 / b as f64 * 1000.0).round() / 1000.0
        }
    };
    let borrowed: usize = cases.iter().map(|c| c.borrowed).sum();
    let realism: Vec<&&CaseScore> = cases.iter().filter(|c| c.realistic.is_some()).collect();
    let unrealistic: Vec<&&CaseScore> = cases
        .iter()
        .filter(|c| c.deadline.as_deref() == Some("unrealistic"))
        .collect();
    let targets: Vec<&&CaseScore> = cases.iter().filter(|c| c.targets_right.is_some()).collect();
    let mean = |f: fn(&CaseScore) -> f64| {
        (cases.iter().map(|c| f(c)).sum::<f64>() / n * 1000.0).round() / 1000.0
    };
    Summary {
        group: group.to_string(),
        scenarios: cases.len(),
        persona_recall: mean(|c| c.persona_recall),
        persona_precision: mean(|c| c.persona_precision),
        phase_coverage: mean(|c| c.phase_coverage),
        pass_rate: mean(|c| if c.passes_check { 1.0 } else { 0.0 }),
        borrowed_precision: share(
            cases
                .iter()
                .map(|c| c.borrowed - c.forbidden_borrowed.len())
                .sum(),
            borrowed,
        ),
        borrowed,
        realism: share(
            realism.iter().filter(|c| c.realistic == Some(true)).count(),
            realism.len(),
        ),
        realism_cases: realism.len(),
        unrealistic_flagged: share(
            unrealistic
                .iter()
                .filter(|c| c.verdict.as_deref() == Some("unrealistic"))
                .count(),
            unrealistic.len(),
        ),
        unrealistic_cases: unrealistic.len(),
        false_alarms: cases
            .iter()
            .filter(|c| {
                c.deadline.as_deref() == Some("realistic")
                    && c.verdict.as_deref() == Some("unrealistic")
            })
            .count(),
        target_accuracy: share(
            targets
                .iter()
                .filter(|c| c.targets_right == Some(true))
                .count(),
            targets.len(),
        ),
        target_cases: targets.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_set_covers_every_category_and_names_real_personas() {
        let set = parse(BUILTIN).unwrap();
        assert!(
            set.scenarios.len() >= 40,
            "{} scenarios",
            set.scenarios.len()
        );
        for s in &set.scenarios {
            assert!(s.realistic.is_some(), "{}: no realistic range", s.id);
            validate(s).unwrap();
        }
        let unrealistic = set
            .scenarios
            .iter()
            .filter(|s| s.deadline.as_deref() == Some("unrealistic"))
            .count();
        let targets = set
            .scenarios
            .iter()
            .filter(|s| !s.targets.is_empty())
            .count();
        assert!(unrealistic >= 4 && targets >= 4, "{unrealistic} {targets}");
        for c in crate::catalog::CATEGORIES {
            assert!(
                set.scenarios.iter().any(|s| s.category == c),
                "no scenario for {c}"
            );
        }
        let mut ids: Vec<&str> = set.scenarios.iter().map(|s| s.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), set.scenarios.len(), "ids are unique");
        let catalog = Catalog::builtin();
        for s in &set.scenarios {
            for p in &s.personas {
                assert!(catalog.personas.resolve(p).is_some(), "{}: {p}", s.id);
            }
        }
    }

    #[test]
    fn offline_design_meets_the_quality_bar() {
        let set = parse(BUILTIN).unwrap();
        let report = run(&set, &Catalog::builtin(), &DesignOptions::default()).unwrap();
        let failing: Vec<&str> = report
            .cases
            .iter()
            .filter(|c| !c.passes_check)
            .map(|c| c.id.as_str())
            .collect();
        assert!(failing.is_empty(), "designs that fail check: {failing:?}");
        let o = &report.overall;
        assert!(
            o.persona_recall >= 0.9,
            "persona recall {}",
            o.persona_recall
        );
        assert!(
            o.borrowed_precision >= 0.9,
            "borrowed-step precision {}: {:?}",
            o.borrowed_precision,
            report
                .cases
                .iter()
                .flat_map(|c| &c.forbidden_borrowed)
                .collect::<Vec<_>>()
        );
        assert_eq!(
            o.unrealistic_flagged, 1.0,
            "every unrealistic horizon is called so"
        );
        assert_eq!(o.false_alarms, 0);
        assert_eq!(
            o.target_accuracy, 1.0,
            "targets become criteria, nothing else does"
        );
        assert!(o.realism >= 0.9, "realism {}", o.realism);
    }

    #[test]
    fn annotations_that_do_not_read_are_errors() {
        let bad = |extra: &str| {
            let text = format!(
                "scenarios:\n  - {{id: a, category: Design & UX, scenario: Redesign onboarding, personas: [], phases: [], {extra}}}\n"
            );
            run(
                &parse(&text).unwrap(),
                &Catalog::builtin(),
                &DesignOptions::default(),
            )
            .unwrap_err()
        };
        assert!(matches!(
            bad("realistic: soon"),
            EvalError::BadAnnotation { .. }
        ));
        assert!(matches!(
            bad("targets: [fast]"),
            EvalError::BadAnnotation { .. }
        ));
        assert!(matches!(
            bad("deadline: maybe"),
            EvalError::BadAnnotation { .. }
        ));
    }

    #[test]
    fn unknown_personas_in_a_set_are_reported() {
        let set = parse("scenarios:\n  - {id: a, category: Design & UX, scenario: x, personas: [Wizard], phases: []}\n").unwrap();
        let err = run(&set, &Catalog::builtin(), &DesignOptions::default()).unwrap_err();
        assert!(matches!(err, EvalError::UnknownPersona { .. }));
    }
}
