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

use serde::{Deserialize, Serialize};

use super::adapt::{DesignOptions, design};
use crate::catalog::Catalog;
use crate::check::Severity;
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
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvalError {
    #[error("the evaluation set does not read: {0}")]
    Unreadable(String),
    #[error("scenario `{case}` expects `{persona}`, which is not in the persona catalog")]
    UnknownPersona { case: String, persona: String },
    #[error("the evaluation set has no scenarios")]
    Empty,
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
    }
}

fn summarise(group: &str, cases: &[&CaseScore]) -> Summary {
    let n = cases.len().max(1) as f64;
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_set_covers_every_category_and_names_real_personas() {
        let set = parse(BUILTIN).unwrap();
        assert!(
            set.scenarios.len() >= 30,
            "{} scenarios",
            set.scenarios.len()
        );
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
        assert!(
            report.overall.persona_recall >= 0.8,
            "persona recall {}",
            report.overall.persona_recall
        );
    }

    #[test]
    fn unknown_personas_in_a_set_are_reported() {
        let set = parse("scenarios:\n  - {id: a, category: Design & UX, scenario: x, personas: [Wizard], phases: []}\n").unwrap();
        let err = run(&set, &Catalog::builtin(), &DesignOptions::default()).unwrap_err();
        assert!(matches!(err, EvalError::UnknownPersona { .. }));
    }
}
