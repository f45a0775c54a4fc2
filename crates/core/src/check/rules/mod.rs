//! The rule registry. Each file is one rule: its documentation, its logic and
//! its tests (one input that triggers it and a near miss that does not).

pub(crate) mod backwards_window;
pub(crate) mod dangling_artifact;
pub(crate) mod decision_target;
pub(crate) mod dependency_cycle;
pub(crate) mod duplicate_id;
pub(crate) mod duplicate_phase;
pub(crate) mod empty_phase;
pub(crate) mod estimate_exceeds_window;
pub(crate) mod invalid_condition;
pub(crate) mod invalid_metric;
pub(crate) mod invalid_people;
pub(crate) mod invalid_time;
pub(crate) mod missing_deliverable;
pub(crate) mod missing_dimension;
pub(crate) mod no_retrospective;
pub(crate) mod no_success_criteria;
pub(crate) mod persona_not_in_skills;
pub(crate) mod phase_personas;
pub(crate) mod placeholder;
pub(crate) mod sequential_chain;
pub(crate) mod timeline_mismatch;
pub(crate) mod unbounded_loop;
pub(crate) mod ungated_phase;
pub(crate) mod unknown_executor;
pub(crate) mod unknown_gate_criterion;
pub(crate) mod unknown_persona;
pub(crate) mod unknown_step_reference;
pub(crate) mod unmeasurable_criterion;
pub(crate) mod unproduced_input;
pub(crate) mod window_gap;
pub(crate) mod window_order;

use super::advice::Advice;
use super::{Rule, RuleInfo};

/// Rules reported while reading the text.
pub(crate) static TEXT_RULES: &[&RuleInfo] = &[
    &crate::format::rules::yaml_syntax::RULE,
    &crate::format::rules::unknown_key::RULE,
];

/// Rules over the model, run in this order.
pub(crate) static MODEL_RULES: &[&dyn Rule] = &[
    &unknown_persona::UnknownPersona,
    &persona_not_in_skills::PersonaNotInSkills,
    &missing_deliverable::MissingDeliverable,
    &empty_phase::EmptyPhase,
    &duplicate_id::DuplicateId,
    &duplicate_phase::DuplicatePhase,
    &decision_target::DecisionTarget,
    &unbounded_loop::UnboundedLoop,
    &invalid_condition::InvalidCondition,
    &dependency_cycle::DependencyCycle,
    &unproduced_input::UnproducedInput,
    &backwards_window::BackwardsWindow,
    &window_order::WindowOrder,
    &window_gap::WindowGap,
    &unmeasurable_criterion::UnmeasurableCriterion,
    &no_success_criteria::NoSuccessCriteria,
    &timeline_mismatch::TimelineMismatch,
    &invalid_time::InvalidTime,
    &unknown_step_reference::UnknownStepReference,
    &invalid_metric::InvalidMetric,
    &unknown_gate_criterion::UnknownGateCriterion,
    &unknown_executor::UnknownExecutor,
    &estimate_exceeds_window::EstimateExceedsWindow,
    &invalid_people::InvalidPeople,
    &placeholder::Placeholder,
];

/// Advice rules (SC2NN applies principle NN), in principle order.
pub(crate) static ADVICE_RULES: &[&dyn Advice] = &[
    &dangling_artifact::DanglingArtifact,
    &sequential_chain::SequentialWithoutData,
    &ungated_phase::UngatedCostlyPhase,
    &no_retrospective::NoRetrospective,
    &phase_personas::PhasePersonas,
    &missing_dimension::MissingDimension,
];

#[cfg(test)]
pub(crate) mod test_support {
    use crate::check::{Diagnostic, check_source};
    use crate::personas::PersonaCatalog;

    /// A small workflow that checks clean; tests replace parts of it.
    pub const CLEAN: &str = r#"name: Tiny Rollout
timeline: 2 months
success_criteria:
  - text: Error rate below 1%
    metrics: [{name: error_rate, op: "<", target: 1, unit: "%"}]
phases:
  - id: plan
    name: Plan
    window: Month 1
    skills: [Pragmatic Architect, SRE]
    steps:
      - id: design
        persona: Pragmatic Architect
        action: Design the rollout
        outputs: [rollout-plan]
      - id: readiness
        persona: SRE
        action: Review operational readiness
        inputs: [rollout-plan]
        outputs: [readiness-review]
    deliverable: {text: Rollout plan, artifact: rollout-plan}
  - id: rollout
    name: Rollout
    window: Month 2
    skills: [SRE]
    steps:
      - id: deploy
        persona: SRE
        action: Deploy with a canary
        inputs: [rollout-plan, readiness-review]
        outputs: [deployment]
    deliverable: {text: Service live, artifact: deployment}
"#;

    pub fn diagnostics(yaml: &str) -> Vec<Diagnostic> {
        check_source(yaml, &PersonaCatalog::builtin()).diagnostics
    }

    /// The advice on a workflow that reads (with the planner's figures).
    pub fn advice(yaml: &str) -> Vec<Diagnostic> {
        let personas = PersonaCatalog::builtin();
        let wf = check_source(yaml, &personas)
            .workflow
            .expect("the fixture reads");
        crate::review::advise(&wf, &personas)
    }

    pub fn advice_codes(yaml: &str) -> Vec<&'static str> {
        advice(yaml).into_iter().map(|d| d.code).collect()
    }

    pub fn codes(yaml: &str) -> Vec<&'static str> {
        diagnostics(yaml).into_iter().map(|d| d.code).collect()
    }

    /// `CLEAN` with one substring replaced (which must be present).
    pub fn variant(from: &str, to: &str) -> String {
        assert!(CLEAN.contains(from), "test fixture lacks {from:?}");
        CLEAN.replacen(from, to, 1)
    }

    #[test]
    fn the_clean_fixture_is_clean() {
        assert_eq!(diagnostics(CLEAN), vec![]);
    }
}
