//! SC206: a step that waits for another through `after` alone, sharing no
//! data with it, where running the two side by side would finish the
//! workflow sooner (principle 6, parallelization saves time).
//!
//! The time saved is the planner's: the workflow's finish over the PERT
//! means with and without that one `after` (see [`Timing`]). An `after`
//! that costs nothing (the step waits for something longer anyway) is not
//! advised on.
//!
//! [`Timing`]: crate::check::advice::Timing

use std::collections::{HashMap, HashSet};

use crate::check::advice::{Advice, AdviceContext, Judgement, PRICED_LINKS};
use crate::check::{RuleInfo, Severity};
use crate::diagnostic::Fix;
use crate::duration::WorkTime;
use crate::model::{Step, Workflow};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC206",
    name: "sequential-without-data",
    summary: "a step waits for another through `after` alone, sharing no data, and could run beside it (advice)",
    explanation: "Principle 6: parallelization saves time. \"When tasks are independent (security \
audit + performance audit), run them in parallel, not sequentially.\" A step that lists another \
in `after` but needs none of its outputs (directly or through the steps between them) waits for \
it only because it was written that way; an imported playbook's numbered steps often are. When \
the planner finds that the workflow would finish sooner without that `after`, this advice says \
by how much (PERT means, as `skill-chains parallel` plans).\n\n\
This is advice: it never fails `check` unless `--deny advice`. `check --fix` removes the `after` \
so the two steps form a parallel group. When the order is real but carries no artifact (watch \
the SLOs once the cutover is done), say what passes between them instead: let the later step \
take the earlier one's output as an input. A note that starts `Principle 6:` records why the \
order stays.\n\n\
Fix: drop the id from `after`, or name the artifact that really passes between the steps.",
    severity: Severity::Advice,
};

pub(crate) struct SequentialWithoutData;

/// Whether `to` needs, through inputs and outputs, anything `from` makes.
/// Which step consumes each artifact, for following data between steps.
struct DataIndex<'a> {
    steps: HashMap<&'a str, &'a Step>,
    consumers: HashMap<&'a str, Vec<&'a Step>>,
}

impl<'a> DataIndex<'a> {
    fn new(wf: &'a Workflow) -> DataIndex<'a> {
        let mut steps = HashMap::new();
        let mut consumers: HashMap<&str, Vec<&Step>> = HashMap::new();
        for (_, s) in wf.steps() {
            steps.entry(s.id.value.as_str()).or_insert(s);
            for i in &s.inputs {
                consumers.entry(i.value.as_str()).or_default().push(s);
            }
        }
        DataIndex { steps, consumers }
    }

    /// Whether data flows from `from` to `to`: `to` takes an output of
    /// `from`, directly or through the steps between them. A search over
    /// the artifacts reached, stopping when `to` is reached.
    fn data_path(&self, from: &Step, to: &Step) -> bool {
        if from.outputs.is_empty() || to.inputs.is_empty() {
            return false;
        }
        let wanted: HashSet<&str> = to.inputs.iter().map(|i| i.value.as_str()).collect();
        let mut seen: HashSet<&str> = HashSet::new();
        let mut queue: Vec<&str> = from.outputs.iter().map(|o| o.value.as_str()).collect();
        while let Some(a) = queue.pop() {
            if !seen.insert(a) {
                continue;
            }
            if wanted.contains(a) {
                return true;
            }
            for s in self.consumers.get(a).into_iter().flatten() {
                queue.extend(s.outputs.iter().map(|o| o.value.as_str()));
            }
        }
        false
    }
}

/// Every `after` link that carries no data, as (step, after) ids, in file
/// order: the links the planner is asked to price.
pub(crate) fn links_without_data(wf: &Workflow) -> Vec<(String, String)> {
    let index = DataIndex::new(wf);
    let mut out = Vec::new();
    for (_, step) in wf.steps() {
        for after in &step.after {
            if let Some(earlier) = index.steps.get(after.value.as_str())
                && !index.data_path(earlier, step)
            {
                out.push((step.id.value.clone(), after.value.clone()));
            }
        }
    }
    out
}

impl Advice for SequentialWithoutData {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn principle(&self) -> u8 {
        6
    }
    fn judge(&self, wf: &Workflow, cx: &AdviceContext<'_>) -> Judgement {
        let mut j = Judgement::new(&RULE, 6);
        let index = DataIndex::new(wf);
        let mut links = 0;
        let mut costless = 0;
        for (_, step) in wf.steps() {
            for after in &step.after {
                let Some(earlier) = index.steps.get(after.value.as_str()) else {
                    continue; // SC018 reports it
                };
                links += 1;
                if index.data_path(earlier, step) {
                    continue;
                }
                let sooner = match cx.timing.saving(&step.id.value, &after.value) {
                    Some(saved) if saved < 1.0 => {
                        costless += 1;
                        continue;
                    }
                    Some(saved) => format!(
                        "side by side the workflow finishes {} sooner",
                        WorkTime(saved).display(cx.timing.calendar)
                    ),
                    None => format!(
                        "it could run beside it (not priced: only the first {PRICED_LINKS} such links are)"
                    ),
                };
                j.advise(
                    RULE.at(
                        after.span,
                        format!(
                            "principle 6: `{}` waits for `{}` but uses none of its outputs; {sooner}",
                            step.id.value, after.value
                        ),
                    )
                    .label("no data from this step")
                    .help(format!(
                        "drop `{}` from `after` (`check --fix` does), or let `{}` take an output of `{}` as an input if the order is real",
                        after.value, step.id.value, after.value
                    ))
                    .fix(Fix::RemoveAfter {
                        step: step.id.value.clone(),
                        after: after.value.clone(),
                    }),
                );
            }
        }
        if j.advice.is_empty() {
            j.evidence(match (links, costless) {
                (0, _) => "steps wait only for the data they need (no `after`)".to_string(),
                (n, 0) => format!("{n} `after` link(s), each with data behind it"),
                (n, c) => format!("{n} `after` link(s); {c} without data cost no time"),
            });
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{CLEAN, advice, advice_codes, variant};

    /// Two independent steps in the plan phase, chained by `after`.
    fn chained(after: &str) -> String {
        variant(
            "        inputs: [rollout-plan]\n        outputs: [readiness-review]\n",
            &format!("        after: [{after}]\n        outputs: [readiness-review]\n        estimate: 2w\n"),
        )
        .replacen(
            "        outputs: [rollout-plan]\n",
            "        outputs: [rollout-plan]\n        estimate: 5w\n",
            1,
        )
    }

    #[test]
    fn triggers_with_the_time_saved() {
        let d: Vec<_> = advice(&chained("design"))
            .into_iter()
            .filter(|d| d.code == "SC206")
            .collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message.contains("finishes 2w sooner"),
            "{}",
            d[0].message
        );
        assert!(d[0].fix.is_some());
    }

    #[test]
    fn near_miss_data_passes() {
        // The clean fixture: readiness takes the design's rollout plan.
        assert!(!advice_codes(CLEAN).contains(&"SC206"));
        let with_data = variant(
            "        inputs: [rollout-plan]\n        outputs: [readiness-review]\n",
            "        inputs: [rollout-plan]\n        after: [design]\n        outputs: [readiness-review]\n",
        );
        assert!(!advice_codes(&with_data).contains(&"SC206"));
    }
}
