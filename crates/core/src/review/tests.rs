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
