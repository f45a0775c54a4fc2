//! The program rule registry (codes SC1xx), parallel to the workflow rules
//! in `rules/`. Each file is one rule: its documentation, its logic and its
//! tests (one program that triggers it and a near miss that does not).

pub(crate) mod contract_mismatch;
pub(crate) mod handoff_shape;
pub(crate) mod missing_pause_checkpoint;
pub(crate) mod missing_rollback;
pub(crate) mod missing_target;
pub(crate) mod unbounded_cycle;
pub(crate) mod unproduced_artifact;
pub(crate) mod workflow_cycle;
pub(crate) mod workflow_errors;

use crate::check::{Diagnostic, RuleInfo};
use crate::model::program::{Handoff, Pattern, Point, Program};
use crate::span::Sp;

/// A rule over a lowered program.
pub(crate) trait ProgramRule: Sync {
    fn info(&self) -> &'static RuleInfo;
    fn check(&self, program: &Program, out: &mut Vec<Diagnostic>);
}

/// Program rules reported while reading the text.
pub(crate) static TEXT_RULES: &[&RuleInfo] = &[&handoff_shape::RULE];

/// Program rules over the model, run in this order.
pub(crate) static PROGRAM_RULES: &[&dyn ProgramRule] = &[
    &workflow_errors::WorkflowErrors,
    &missing_target::MissingTarget,
    &unproduced_artifact::UnproducedArtifact,
    &unbounded_cycle::UnboundedCycle,
    &workflow_cycle::WorkflowCycle,
    &missing_pause_checkpoint::MissingPauseCheckpoint,
    &missing_rollback::MissingRollback,
    &contract_mismatch::ContractMismatch,
];

/// How a handoff uses a phase of one of its workflows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhaseRole {
    /// `when: {phase: ..}`: a point of the delivering workflow.
    Point,
    /// converge `phase`, depend `blocks` / `cutover`: what waits.
    Waits,
    /// cycle `reenter`.
    Reenter,
    /// escalate `resume_after`.
    Resume,
    /// escalate `pause_at` (checked by SC105).
    PauseAt,
}

/// A workflow id, a phase id of that workflow, and how the handoff uses it.
pub(crate) type PhaseRef<'a> = (&'a Sp<String>, &'a Sp<String>, PhaseRole);

/// Every phase a pattern names, with the workflow id it belongs to.
pub(crate) fn phase_refs(p: &Pattern) -> Vec<PhaseRef<'_>> {
    let mut refs = Vec::new();
    for (alias, when) in points(p) {
        if let Some(Point::Phase(phase)) = when {
            refs.push((alias, phase, PhaseRole::Point));
        }
    }
    match p {
        Pattern::Converge { into, phase, .. } => {
            refs.extend(phase.iter().map(|ph| (into, ph, PhaseRole::Waits)))
        }
        Pattern::Depend {
            to,
            blocks,
            cutover,
            ..
        } => refs.extend(
            blocks
                .iter()
                .chain(cutover.iter())
                .map(|ph| (to, ph, PhaseRole::Waits)),
        ),
        Pattern::Cycle { from, reenter, .. } => {
            refs.extend(reenter.iter().map(|ph| (from, ph, PhaseRole::Reenter)))
        }
        Pattern::Escalate {
            from,
            to,
            pause_at,
            resume_after,
            ..
        } => {
            refs.push((from, pause_at, PhaseRole::PauseAt));
            refs.extend(resume_after.iter().map(|ph| (to, ph, PhaseRole::Resume)));
        }
        Pattern::Sequence { .. } => {}
    }
    refs
}

/// The points (`when:`) of a pattern, with the workflow each belongs to.
fn points(p: &Pattern) -> Vec<(&Sp<String>, Option<&Point>)> {
    match p {
        Pattern::Sequence { from, when, .. }
        | Pattern::Depend { from, when, .. }
        | Pattern::Escalate { from, when, .. } => vec![(from, when.as_ref())],
        Pattern::Converge { from, .. } => {
            from.iter().map(|s| (&s.alias, s.when.as_ref())).collect()
        }
        Pattern::Cycle { .. } => vec![],
    }
}

/// Workflow ids that should produce an artifact, and the artifact.
pub(crate) type ArtifactRef<'a> = (Vec<&'a Sp<String>>, &'a Sp<String>);

/// Every artifact a handoff relies on, with the workflow ids that should
/// produce it: gate requirements (the delivering side) and artifact points.
pub(crate) fn artifact_refs<'a>(h: &'a Handoff, p: &'a Pattern) -> Vec<ArtifactRef<'a>> {
    let mut refs: Vec<ArtifactRef<'a>> = h
        .gate
        .iter()
        .flat_map(|g| g.requires.iter())
        .map(|a| (p.upstream(), a))
        .collect();
    for (alias, when) in points(p) {
        if let Some(Point::Artifact(a)) = when {
            refs.push((vec![alias], a));
        }
    }
    refs
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::check::Diagnostic;
    use crate::compose::{Origin, Resolution, Resolver, check_program_source};
    use crate::personas::PersonaCatalog;

    const API: &str = "name: API
phases:
  - id: design
    name: Design
    window: Week 1-2
    steps:
      - {id: spec, persona: API Platform Engineer, action: Write the spec, outputs: [openapi-spec], estimate: 1w / 2w / 3w}
    deliverable: {text: Spec, artifact: openapi-spec}
    checkpoint: {approver: Principal Engineer, requires: [openapi-spec]}
  - id: build
    name: Build
    window: Week 3-6
    steps:
      - {id: implement, persona: Backend Engineer, action: Build the API, inputs: [openapi-spec], outputs: [api-service], estimate: 2w / 3w / 5w}
    deliverable: {text: API live, artifact: api-service}
";

    const APP: &str = "name: App
phases:
  - id: prototype
    name: Prototype
    window: Week 1-2
    steps:
      - {id: sketch, persona: Product Designer, action: Prototype, outputs: [prototype], estimate: 1w / 2w / 3w}
    deliverable: {text: Prototype, artifact: prototype}
  - id: build
    name: Build
    window: Week 3-8
    steps:
      - {id: code, persona: Mobile Platform Engineer, action: Build the app, inputs: [prototype], outputs: [app-build], estimate: 4w / 5w / 7w}
    deliverable: {text: App build, artifact: app-build}
    checkpoint: {approver: Test Engineering Lead, requires: [app-build]}
  - id: release
    name: Release
    window: Week 9
    steps:
      - {id: ship, persona: Release Engineering Lead, action: Ship, inputs: [app-build], outputs: [store-release], estimate: 3d / 4d / 1w}
    deliverable: {text: Released, artifact: store-release}
";

    const REVIEW: &str = "name: Review
phases:
  - id: review
    name: Review
    window: Week 1-2
    steps:
      - {id: assess, persona: Privacy Engineer, action: Review the data flows, outputs: [compliance-approval], estimate: 3d / 1w / 2w}
    deliverable: {text: Approval, artifact: compliance-approval}
    checkpoint: {approver: Compliance Guardian, requires: [compliance-approval]}
";

    /// A program using every pattern that checks clean; tests replace parts.
    pub const CLEAN: &str = "name: Tiny Program
workflows:
  - id: api
    workflow: api
    delivers: [{artifact: openapi-spec, version: 2}]
  - workflow: app
  - workflow: review
handoffs:
  - depend: {from: api, to: app, when: {phase: design}, blocks: build}
    contracts: [{artifact: openapi-spec, version: 2}]
    rollback: Keep serving v1 of the API until the app ships
  - escalate: {from: app, to: review, when: {artifact: app-build}, pause_at: build}
    gate: {text: Privacy review passed, requires: [compliance-approval]}
  - converge: {from: [api, review], into: app, phase: release}
    gate: {text: API live, requires: [api-service]}
  - cycle: {from: api, to: review, max_cycles: 2, until: the review finds nothing new}
  - sequence: {from: api, to: review, when: {artifact: openapi-spec}}
";

    /// Resolves the three test workflows, and `broken` to a workflow with errors.
    pub struct TestResolver;

    impl Resolver for TestResolver {
        fn resolve(&self, reference: &str) -> Resolution {
            let source = match reference {
                "api" => API,
                "app" => APP,
                "review" => REVIEW,
                "broken" => {
                    return Resolution::Broken {
                        workflow: None,
                        origin: Origin::File("broken.yaml".into()),
                        errors: 2,
                        first: "SC001 unknown persona".into(),
                    };
                }
                _ => {
                    return Resolution::Missing {
                        reason: format!("no built-in workflow `{reference}`"),
                    };
                }
            };
            let loaded = crate::format::load_workflow(source, &PersonaCatalog::builtin());
            Resolution::passed(
                loaded.workflow.expect("test workflow parses"),
                Origin::Builtin(reference.into()),
            )
        }
    }

    pub fn diagnostics(yaml: &str) -> Vec<Diagnostic> {
        check_program_source(yaml, &TestResolver).diagnostics
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
    fn the_clean_program_is_clean() {
        assert_eq!(diagnostics(CLEAN), vec![]);
    }
}
