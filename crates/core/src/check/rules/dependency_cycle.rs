//! SC008: steps that wait for each other.

use std::collections::HashMap;

// Kosaraju walks the graph with an explicit stack; Tarjan (petgraph's) recurses
// once per node on a chain and overflows the stack on a long one.
use petgraph::algo::kosaraju_scc;
use petgraph::graph::DiGraph;

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC008",
    name: "dependency-cycle",
    summary: "steps depend on each other in a cycle",
    explanation: "A step waits for the steps that produce its `inputs` and for those in its \
`after` list. When those waits form a cycle (A needs B's output, B needs A's), none of them can \
ever start: the plan has no order and a run would hang. (Intended repetition is a decision point \
with a bounded loop, not a dependency.)\n\n\
Fix: break the cycle: one of the steps must work from an earlier version of the artifact, or the \
loop belongs in a decision point.",
    severity: Severity::Error,
};

pub(crate) struct DependencyCycle;

impl Rule for DependencyCycle {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let steps: Vec<_> = wf.steps().map(|(_, s)| s).collect();
        let mut graph = DiGraph::<usize, ()>::with_capacity(steps.len(), steps.len());
        let nodes: Vec<_> = (0..steps.len()).map(|i| graph.add_node(i)).collect();
        let mut producers: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_id: HashMap<&str, usize> = HashMap::new();
        for (i, s) in steps.iter().enumerate() {
            by_id.entry(&s.id.value).or_insert(i);
            for o in &s.outputs {
                producers.entry(&o.value).or_default().push(i);
            }
        }
        for (i, s) in steps.iter().enumerate() {
            for input in &s.inputs {
                for &p in producers.get(input.value.as_str()).into_iter().flatten() {
                    graph.add_edge(nodes[p], nodes[i], ());
                }
            }
            for a in &s.after {
                if let Some(&p) = by_id.get(a.value.as_str()) {
                    graph.add_edge(nodes[p], nodes[i], ());
                }
            }
        }
        for scc in kosaraju_scc(&graph) {
            let cyclic = scc.len() > 1 || graph.contains_edge(scc[0], scc[0]);
            if !cyclic {
                continue;
            }
            let mut members: Vec<usize> = scc.iter().map(|n| graph[*n]).collect();
            members.sort();
            let first = steps[members[0]];
            let names: Vec<&str> = members
                .iter()
                .map(|&m| steps[m].id.value.as_str())
                .collect();
            out.push(
                RULE.at(first.id.span, format!("steps wait for each other: {}", names.join(" -> ")))
                    .label("part of a dependency cycle")
                    .help("one of these steps must not need the others' outputs; use a bounded decision loop for repetition"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        let yaml = variant(
            "        outputs: [rollout-plan]\n",
            "        inputs: [readiness-review]\n        outputs: [rollout-plan]\n",
        );
        assert_eq!(codes(&yaml), ["SC008"]);
        let yaml = variant(
            "        outputs: [deployment]\n",
            "        outputs: [deployment]\n        after: [deploy]\n",
        );
        assert_eq!(codes(&yaml), ["SC008"]);
    }

    #[test]
    fn near_miss_chain_is_fine() {
        assert!(
            codes(&variant(
                "        outputs: [deployment]\n",
                "        outputs: [deployment]\n        after: [design]\n"
            ))
            .is_empty()
        );
    }
}
