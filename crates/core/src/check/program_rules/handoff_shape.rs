//! SC108: a handoff (or a point in one) that is not shaped as the format
//! says. Reported while reading the program, like SC000.

use crate::diagnostic::{RuleInfo, Severity};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC108",
    name: "handoff-shape",
    summary: "a handoff names no pattern or several, a point is ambiguous, or two workflows share an id",
    explanation: "Each item under `handoffs:` is one of the five patterns (`sequence`, `converge`, \
`cycle`, `escalate`, `depend`), with an optional `gate`, `contracts` and `rollback`. A point \
(`when:`) names either a phase or an artifact of its workflow, not both. Handoffs name workflows by \
their `id` in `workflows:`, so two workflows cannot share one. When the shape is wrong, the handoff \
cannot be planned.\n\n\
Fix: split a handoff with two patterns into two, give a point exactly one of `phase`/`artifact`, \
and give every workflow a distinct `id:`.",
    severity: Severity::Error,
};

#[cfg(test)]
mod tests {
    use crate::check::program_rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        let two = variant(
            "  - cycle: {from: api",
            "  - sequence: {from: review, to: api}\n    cycle: {from: api",
        );
        assert_eq!(codes(&two), ["SC108"]);
        let none = variant(
            "  - cycle: {from: api, to: review, max_cycles: 2, until: the review finds nothing new}\n",
            "  - rollback: nothing\n",
        );
        assert_eq!(codes(&none), ["SC108"]);
        let both = variant(
            "when: {phase: design}",
            "when: {phase: design, artifact: openapi-spec}",
        );
        assert_eq!(codes(&both), ["SC108"]);
        let twins = variant(
            "  - workflow: review\n",
            "  - workflow: review\n  - {id: app, workflow: review}\n",
        );
        assert_eq!(codes(&twins), ["SC108"]);
    }

    #[test]
    fn near_miss_one_pattern_each_and_distinct_ids() {
        let distinct = variant(
            "  - workflow: review\n",
            "  - workflow: review\n  - {id: second-review, workflow: review}\n",
        );
        assert!(codes(&distinct).is_empty(), "{:?}", codes(&distinct));
        let artifact = variant("when: {phase: design}", "when: {artifact: openapi-spec}");
        assert!(codes(&artifact).is_empty(), "{:?}", codes(&artifact));
    }
}
