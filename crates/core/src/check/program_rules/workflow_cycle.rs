//! SC104: workflows that wait for each other through their handoffs.

// Kosaraju walks the graph with an explicit stack; Tarjan (petgraph's) recurses
// once per node on a chain and overflows the stack on a long one.
use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::check::program_rules::ProgramRule;
use crate::diagnostic::{Diagnostic, RuleInfo, Severity};
use crate::model::Program;
use crate::model::program::arcs::{Mark, handoff_arcs};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC104",
    name: "workflow-dependency-cycle",
    summary: "workflows wait for each other through their handoffs (a deadlock)",
    explanation: "Sequences, convergences, dependencies and escalations make one workflow (or one \
of its phases) wait for a point of another. When those waits form a loop, for instance A waits \
for B to finish while B waits for A's launch, or an escalation triggers after the checkpoint \
where the workflow pauses for it, none of them can proceed: the program deadlocks. (Intended \
repetition is a `cycle` handoff with a bound, which is not a dependency.)\n\n\
Fix: make one of the waits point at an earlier phase (`when: {phase: ..}`), let the waiting side \
start on a `workaround` with a later `cutover`, or model the repetition as a `cycle`.",
    severity: Severity::Error,
};

pub(crate) struct WorkflowCycle;

impl ProgramRule for WorkflowCycle {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, program: &Program, out: &mut Vec<Diagnostic>) {
        // Per member: node `start(k)` for each phase and its finish, `end(k)` for each phase.
        let mut graph: DiGraph<usize, Option<usize>> = DiGraph::new();
        let mut starts: Vec<Vec<NodeIndex>> = Vec::new();
        let mut ends: Vec<Vec<NodeIndex>> = Vec::new();
        for (i, m) in program.members.iter().enumerate() {
            let phases = m.workflow().map_or(0, |wf| wf.phases.len());
            let s: Vec<NodeIndex> = (0..=phases).map(|_| graph.add_node(i)).collect();
            let e: Vec<NodeIndex> = (0..phases).map(|_| graph.add_node(i)).collect();
            for k in 0..phases {
                graph.add_edge(s[k], e[k], None);
                graph.add_edge(e[k], s[k + 1], None);
            }
            starts.push(s);
            ends.push(e);
        }
        for arc in handoff_arcs(program) {
            let Some(wf) = program.members[arc.from].workflow() else {
                continue;
            };
            let from = match &arc.at {
                Mark::Finish => starts[arc.from].last().copied(),
                mark => mark.phase(wf).and_then(|k| ends[arc.from].get(k).copied()),
            };
            let to = starts[arc.to].get(arc.phase).copied();
            if let (Some(a), Some(b)) = (from, to) {
                graph.add_edge(a, b, Some(arc.handoff));
            }
        }
        for scc in kosaraju_scc(&graph) {
            if scc.len() < 2 {
                continue;
            }
            let handoff = graph
                .edge_indices()
                .filter(|&e| {
                    graph
                        .edge_endpoints(e)
                        .is_some_and(|(a, b)| scc.contains(&a) && scc.contains(&b))
                })
                .filter_map(|e| graph[e])
                .min();
            let Some(h) = handoff else { continue };
            let mut members: Vec<usize> = scc.iter().map(|&n| graph[n]).collect();
            members.sort();
            members.dedup();
            let names: Vec<&str> = members
                .iter()
                .map(|&m| program.members[m].alias.value.as_str())
                .collect();
            let loop_text = format!("{} -> {}", names.join(" -> "), names[0]);
            out.push(
                RULE.at(
                    program.handoffs[h].pattern_span,
                    format!("workflows wait for each other: {loop_text}"),
                )
                .label("part of a dependency cycle")
                .help("point one wait at an earlier phase, start on a workaround with a cutover, or use a bounded `cycle`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::program_rules::test_support::{codes, variant};

    #[test]
    fn triggers_on_mutual_waits_and_late_escalations() {
        // api waits for the app to finish, while the app's build waits for api's design.
        let mutual = variant(
            "  - sequence: {from: api, to: review, when: {artifact: openapi-spec}}\n",
            "  - sequence: {from: api, to: review, when: {artifact: openapi-spec}}\n  - sequence: {from: app, to: api}\n",
        );
        assert_eq!(codes(&mutual), ["SC104"]);
        // The app escalates when it releases, but pauses at its build checkpoint before that.
        assert_eq!(
            codes(&variant(
                "when: {artifact: app-build}",
                "when: {artifact: store-release}"
            )),
            ["SC104"]
        );
    }

    #[test]
    fn near_miss_escalation_at_its_own_checkpoint() {
        assert!(
            codes(&variant(
                "when: {artifact: app-build}",
                "when: {phase: prototype}"
            ))
            .is_empty()
        );
    }
}
