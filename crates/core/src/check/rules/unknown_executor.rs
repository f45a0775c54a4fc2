//! SC021: a step names an executor that does not exist.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC021",
    name: "unknown-executor",
    summary: "a step's `executor:` names an executor that does not exist",
    explanation: "A step may say who or what carries it out: `manual` (a person, who records the \
result with `skill-chains step done`), `claude` (Claude Code), `anthropic` (the Messages API), \
`openai` (any OpenAI-compatible server), `shell` (its `command:`) or `noop` (tests and \
benchmarks). A name that is none of these, and not one the project defines, cannot run: the run \
would stop at that step with nothing done.\n\n\
Fix: use the suggested name, or remove `executor:` to let `run --executor`, the persona's entry \
under `executors.personas` in `skill-chains.yaml` or `executors.default` decide.",
    severity: Severity::Error,
};

pub(crate) struct UnknownExecutor;

impl Rule for UnknownExecutor {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let known = cx.personas.executors();
        for step in wf.phases.iter().flat_map(|p| &p.steps) {
            let Some(executor) = &step.executor else {
                continue;
            };
            let name = executor.value.as_str();
            if cx.personas.knows_executor(name) {
                continue;
            }
            let d = RULE
                .at(
                    executor.span,
                    format!(
                        "step `{}` names an unknown executor `{name}`",
                        step.id.value
                    ),
                )
                .label("not an executor");
            out.push(match nearest(name, &known) {
                Some(k) => d.help(format!("did you mean `{k}`?")),
                None => d.help(format!("executors are {}", known.join(", "))),
            });
        }
    }
}

/// The known name closest to `name`, when one is close (case is ignored).
fn nearest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let key = name.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&key, k), *k))
        .filter(|(s, _)| *s > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use crate::catalog::PersonaCatalog;
    use crate::check::check_source;
    use crate::check::rules::test_support::{codes, diagnostics, variant};

    const STEP: &str = "        action: Design the rollout\n";

    fn with_executor(name: &str) -> String {
        variant(STEP, &format!("{STEP}        executor: {name}\n"))
    }

    #[test]
    fn triggers_at_the_value_with_did_you_mean() {
        let d = diagnostics(&with_executor("shel"));
        let sc021: Vec<_> = d.iter().filter(|d| d.code == "SC021").collect();
        assert_eq!(sc021.len(), 1, "{d:?}");
        let d = sc021[0];
        assert_eq!((d.span.line, d.span.column), (15, 19));
        assert!(d.message.contains("`design`") && d.message.contains("`shel`"));
        assert_eq!(d.help.as_deref(), Some("did you mean `shell`?"));
        let far = diagnostics(&with_executor("carrier-pigeon"));
        let help = far.iter().find(|d| d.code == "SC021").unwrap().help.clone();
        assert!(help.unwrap().contains("manual, claude, anthropic"));
    }

    #[test]
    fn near_miss_builtin_and_project_executors() {
        for name in crate::model::BUILTIN_EXECUTORS {
            assert!(codes(&with_executor(name)).is_empty(), "{name}");
        }
        // Case matters: the engine looks names up exactly.
        assert!(codes(&with_executor("Manual")).contains(&"SC021"));
        let mut personas = PersonaCatalog::builtin();
        personas.add_executors(["ticket".to_string()]);
        let report = check_source(&with_executor("ticket"), &personas);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    }
}
