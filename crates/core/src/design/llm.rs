//! Design with a language model: the prompt (the format's JSON Schema, the
//! nearest library workflows as examples, the design template), reading the
//! model's YAML, checking it, and sending the diagnostics back for a repair,
//! a bounded number of times.
//!
//! The model is a trait the caller implements (HTTP, Claude Code, a test
//! double); this module does no I/O.

use std::fmt::Write as _;

use serde::Serialize;

use super::retrieval::{LibraryIndex, Query};
use crate::catalog::Catalog;
use crate::check::{Diagnostic, Severity, check_source};
use crate::format::schema::workflow_schema_json;

/// A language model: a system prompt and a user prompt in, text out.
pub trait Model {
    /// The answer, or why there is none (the caller's words).
    fn complete(&mut self, system: &str, prompt: &str) -> Result<String, String>;
}

/// Why a model-made design stopped before it passed the check.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    #[error("the scenario is empty; describe the situation in a sentence or two")]
    EmptyScenario,
    #[error("the model could not be asked: {0}")]
    Model(String),
}

/// What one round produced.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    pub round: u32,
    /// False when the answer held no YAML at all.
    pub yaml: bool,
    pub errors: usize,
    pub warnings: usize,
}

/// A model-made design: the last YAML, whether it passes, and the rounds.
#[derive(Debug, Clone, Serialize)]
pub struct LlmDesign {
    pub passed: bool,
    pub rounds: Vec<Round>,
    /// The library workflows given as examples.
    pub examples: Vec<String>,
    /// The diagnostics of the last YAML.
    pub diagnostics: Vec<Diagnostic>,
    /// The last YAML the model gave, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yaml: Option<String>,
}

/// The design template of the seed (section 13), in this tool's words.
const TEMPLATE: &str = "\
A workflow answers, in order: its name (what it achieves); a realistic timeline (how long teams \
really take, not the hopeful figure); the trigger (the event that starts it); three or more \
success criteria that can be measured (a number, a comparator and a unit each); then the \
phases. Each phase has a name and a window relative to the start (`Week 1-2`, `Month 3-4`, \
`Minutes 0-5`), the personas it needs (`skills`), its steps (one persona doing one action, \
with the artifacts it needs and produces, and an estimate `optimistic / likely / pessimistic`), \
a decision point when the work can branch or loop (with `max_loops` when it loops back), a \
concrete deliverable, and a checkpoint: who approves what before the next phase starts. End \
with the common pitfalls (what usually goes wrong and how to avoid it) and retrospective \
questions (what worked, what did not, what to change next time).";

const PRINCIPLES: &str = "\
- The output of one step is the input of the next: every input is produced by an earlier step, is an earlier phase's deliverable artifact, or is listed in the workflow's `inputs`.
- Run independent work in parallel (steps in a phase that need nothing from each other), and sequence dependent work.
- Use phase-appropriate personas: architects and product leads plan, engineers build, QA and security validate, SREs and incident commanders operate.
- Consider the technical, operational, security, compliance and business sides.
- Checkpoints prevent rework: name the approver and the artifacts the gate requires.
- Windows run in order without unexplained gaps; the last one ends where the timeline says.";

/// The system prompt: the role, the rules, the personas, the schema.
pub fn system_prompt(catalog: &Catalog) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "You are the Skill Chains workflow architect. You design repeatable, realistic playbooks that chain persona invocations, and you write them as YAML in the skill-chains workflow format, which `skill-chains check` validates.\n"
    );
    let _ = writeln!(s, "How to design a workflow:\n{TEMPLATE}\n");
    let _ = writeln!(s, "Rules:\n{PRINCIPLES}\n");
    let names: Vec<&str> = catalog
        .personas
        .all()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let _ = writeln!(
        s,
        "Personas (use these names exactly; no others):\n{}\n",
        names.join("; ")
    );
    let _ = writeln!(
        s,
        "The format's JSON Schema:\n```json\n{}```\n",
        workflow_schema_json()
    );
    let _ = writeln!(
        s,
        "Answer with the complete workflow as YAML in one ```yaml block and nothing else."
    );
    s
}

/// The first request: the scenario and the nearest library workflows.
pub fn design_prompt(scenario: &str, examples: &[&str]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Design a workflow for this scenario:\n\n{scenario}\n");
    if !examples.is_empty() {
        let _ = writeln!(
            s,
            "The library's nearest workflows, as examples of the format and of the depth expected:\n"
        );
        for e in examples {
            let _ = writeln!(s, "```yaml\n{}\n```\n", e.trim_end());
        }
    }
    let _ = writeln!(
        s,
        "Write the new workflow for the scenario (not a copy of an example), as YAML only."
    );
    s
}

/// A repair request: the previous answer and what the check found.
pub fn repair_prompt(scenario: &str, previous: Option<&str>, diagnostics: &[Diagnostic]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "The task:\n\n{scenario}\n");
    match previous {
        Some(yaml) => {
            let _ = writeln!(
                s,
                "Your previous answer:\n\n```yaml\n{}\n```\n",
                yaml.trim_end()
            );
            let _ = writeln!(s, "`skill-chains check` found these problems:\n");
            for d in diagnostics {
                let _ = writeln!(s, "- {}", diagnostic_line(d));
            }
            let _ = writeln!(
                s,
                "\nFix every error (and the warnings if you can) and return the complete corrected workflow as YAML only."
            );
        }
        None => {
            let _ = writeln!(
                s,
                "Your previous answer held no YAML workflow. Return the complete workflow as YAML in one ```yaml block and nothing else."
            );
        }
    }
    s
}

/// One diagnostic on one line, for a model to read.
pub fn diagnostic_line(d: &Diagnostic) -> String {
    let place = if d.span.is_known() {
        format!("line {}, column {}: ", d.span.line, d.span.column)
    } else {
        String::new()
    };
    let help = d
        .help
        .as_ref()
        .map(|h| format!(" (help: {h})"))
        .unwrap_or_default();
    format!(
        "{place}{}[{}]: {}{help}",
        d.severity.name(),
        d.code,
        d.message
    )
}

/// The YAML of an answer: the first fenced block, else the whole answer when
/// it reads as a workflow (starts with a key the format knows).
pub fn extract_yaml(answer: &str) -> Option<String> {
    let mut lines = answer.lines();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if let Some(lang) = t.strip_prefix("```") {
            let lang = lang.trim().to_ascii_lowercase();
            if lang.is_empty() || lang == "yaml" || lang == "yml" {
                let body: Vec<&str> = lines
                    .by_ref()
                    .take_while(|l| !l.trim_start().starts_with("```"))
                    .collect();
                let body = body.join("\n");
                if !body.trim().is_empty() {
                    return Some(body + "\n");
                }
            }
        }
    }
    let t = answer.trim();
    let first = t
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let key = first.split(':').next()?.trim();
    let known = [
        "name",
        "id",
        "version",
        "category",
        "description",
        "timeline",
        "trigger",
        "phases",
        "success_criteria",
        "inputs",
        "calendar",
    ];
    (first.contains(':') && known.contains(&key)).then(|| format!("{t}\n"))
}

/// Design with a model: ask, check, and repair up to `max_repairs` times.
pub fn design_with_model(
    scenario: &str,
    catalog: &Catalog,
    model: &mut dyn Model,
    max_repairs: u32,
) -> Result<LlmDesign, LlmError> {
    let scenario = scenario.trim();
    if scenario.is_empty() {
        return Err(LlmError::EmptyScenario);
    }
    let index = LibraryIndex::new(catalog, Vec::new());
    let examples: Vec<&crate::catalog::BuiltinWorkflow> = index
        .workflows(&Query::new(scenario), 2)
        .iter()
        .filter_map(|h| catalog.library.entries().get(h.doc))
        .collect();
    let sources: Vec<&str> = examples.iter().map(|e| e.source).collect();
    let ids = examples.iter().map(|e| e.workflow.id.clone()).collect();
    let prompt = design_prompt(scenario, &sources);
    converse(scenario, prompt, ids, catalog, model, max_repairs)
}

/// /phase --expand with a model: the workflow as it is, the phase to
/// detail, and the most similar library phases' workflows as examples.
pub fn expand_with_model(
    workflow_yaml: &str,
    phase: &str,
    examples: &[&crate::catalog::BuiltinWorkflow],
    catalog: &Catalog,
    model: &mut dyn Model,
    max_repairs: u32,
) -> Result<LlmDesign, LlmError> {
    let task = format!(
        "Phase `{phase}` of the workflow below is sparse. Propose its detailed steps: one persona and one action each, the artifacts each needs (produced earlier) and produces, and an estimate `optimistic / likely / pessimistic`. Keep the phase's window, deliverable and checkpoint, and leave the other phases as they are."
    );
    revise_with_model(&task, workflow_yaml, examples, catalog, model, max_repairs)
}

/// /checkpoint --expand with a model: the gates a workflow lacks.
pub fn gates_with_model(
    workflow_yaml: &str,
    phases: &[String],
    examples: &[&crate::catalog::BuiltinWorkflow],
    catalog: &Catalog,
    model: &mut dyn Model,
    max_repairs: u32,
) -> Result<LlmDesign, LlmError> {
    let which = phases
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let task = format!(
        "Phases {which} of the workflow below end without a complete checkpoint. Give each one: an approver from the catalog who works in the workflow, the artifacts the gate requires (what the phase hands on), the success metrics it checks (`criteria`, by metric name), and what is checked, in words. Leave the steps and the other phases as they are."
    );
    revise_with_model(&task, workflow_yaml, examples, catalog, model, max_repairs)
}

/// A task on an existing workflow, with library examples, checked and
/// repaired like a design.
fn revise_with_model(
    task: &str,
    workflow_yaml: &str,
    examples: &[&crate::catalog::BuiltinWorkflow],
    catalog: &Catalog,
    model: &mut dyn Model,
    max_repairs: u32,
) -> Result<LlmDesign, LlmError> {
    let mut prompt = format!("{task}\n\n```yaml\n{}\n```\n\n", workflow_yaml.trim_end());
    if !examples.is_empty() {
        prompt.push_str("Library workflows with similar phases, as examples:\n\n");
        for e in examples {
            let _ = writeln!(prompt, "```yaml\n{}\n```\n", e.source.trim_end());
        }
    }
    prompt.push_str("Return the complete workflow, as YAML only.\n");
    let ids = examples.iter().map(|e| e.workflow.id.clone()).collect();
    converse(task, prompt, ids, catalog, model, max_repairs)
}

/// Ask, check, and send the diagnostics back until the answer passes or
/// the repairs run out.
fn converse(
    task: &str,
    first: String,
    examples: Vec<String>,
    catalog: &Catalog,
    model: &mut dyn Model,
    max_repairs: u32,
) -> Result<LlmDesign, LlmError> {
    let system = system_prompt(catalog);
    let mut prompt = first;
    let mut out = LlmDesign {
        passed: false,
        rounds: Vec::new(),
        examples,
        diagnostics: Vec::new(),
        yaml: None,
    };
    for round in 0..=max_repairs {
        let answer = model.complete(&system, &prompt).map_err(LlmError::Model)?;
        let Some(yaml) = extract_yaml(&answer) else {
            out.rounds.push(Round {
                round,
                yaml: false,
                errors: 0,
                warnings: 0,
            });
            prompt = repair_prompt(task, None, &[]);
            continue;
        };
        let report = check_source(&yaml, &catalog.personas);
        let errors = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        out.rounds.push(Round {
            round,
            yaml: true,
            errors,
            warnings: report.diagnostics.len() - errors,
        });
        out.passed = errors == 0;
        out.diagnostics = report.diagnostics;
        out.yaml = Some(yaml);
        if out.passed {
            break;
        }
        prompt = repair_prompt(task, out.yaml.as_deref(), &out.diagnostics);
    }
    // Reviewed before it is handed over: safe fixes made, other advice reported.
    if out.passed
        && let Some(yaml) = out.yaml.take()
    {
        let mut notes = Vec::new();
        let comment = "designed with a language model, checked and reviewed";
        let (yaml, report) = super::adapt::reviewed(yaml, comment, catalog, &mut notes);
        out.diagnostics = report.diagnostics;
        out.yaml = Some(yaml);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers from a script, recording the prompts.
    struct Scripted {
        answers: Vec<Result<String, String>>,
        prompts: Vec<String>,
    }

    impl Model for Scripted {
        fn complete(&mut self, _system: &str, prompt: &str) -> Result<String, String> {
            self.prompts.push(prompt.to_string());
            if self.answers.is_empty() {
                return Err("no more answers".into());
            }
            self.answers.remove(0)
        }
    }

    const VALID: &str = "name: Warehouse Move\ntimeline: 2 months\nsuccess_criteria:\n  - text: p95 query latency below 2 s\n    metrics: [{name: p95, op: \"<\", target: 2, unit: s}]\nphases:\n  - name: Plan\n    window: Month 1\n    skills: [Data Engineer]\n    steps:\n      - {persona: Data Engineer, action: Inventory tables, outputs: [inventory]}\n    deliverable: {text: Plan, artifact: plan}\n  - name: Move\n    window: Month 2\n    skills: [Data Engineer]\n    steps:\n      - {persona: Data Engineer, action: Move pipelines, inputs: [plan]}\n    deliverable: Pipelines moved\n";

    fn scripted(answers: &[&str]) -> Scripted {
        Scripted {
            answers: answers.iter().map(|a| Ok(a.to_string())).collect(),
            prompts: Vec::new(),
        }
    }

    #[test]
    fn an_invalid_answer_is_repaired_with_its_diagnostics() {
        let bad = VALID.replace(
            "persona: Data Engineer, action: Move",
            "persona: Data Wizard, action: Move",
        );
        let mut model = scripted(&[
            &format!("Here it is:\n```yaml\n{bad}```\n"),
            &format!("```yaml\n{VALID}```"),
        ]);
        let d = design_with_model(
            "Move the data warehouse",
            &Catalog::builtin(),
            &mut model,
            2,
        )
        .unwrap();
        assert!(d.passed);
        assert_eq!(d.rounds.len(), 2);
        assert!(d.rounds[0].errors > 0);
        assert!(model.prompts[1].contains("SC001"), "{}", model.prompts[1]);
        assert!(model.prompts[1].contains("Data Wizard"));
    }

    #[test]
    fn never_valid_stops_after_the_repairs() {
        let bad = VALID.replace(
            "persona: Data Engineer, action: Move",
            "persona: Data Wizard, action: Move",
        );
        let mut model = scripted(&[&bad, &bad, &bad, &bad]);
        let d = design_with_model(
            "Move the data warehouse",
            &Catalog::builtin(),
            &mut model,
            2,
        )
        .unwrap();
        assert!(!d.passed);
        assert_eq!(d.rounds.len(), 3);
        assert!(d.diagnostics.iter().any(|x| x.code == "SC001"));
    }

    #[test]
    fn prose_without_yaml_asks_again() {
        let mut model = scripted(&["I would start with an assessment.", VALID]);
        let d = design_with_model(
            "Move the data warehouse",
            &Catalog::builtin(),
            &mut model,
            1,
        )
        .unwrap();
        assert!(d.passed);
        assert!(!d.rounds[0].yaml);
        assert!(model.prompts[1].contains("held no YAML"));
    }

    #[test]
    fn a_model_failure_is_an_error() {
        let mut model = Scripted {
            answers: vec![Err("HTTP 500".into())],
            prompts: vec![],
        };
        let e = design_with_model("x y", &Catalog::builtin(), &mut model, 1).unwrap_err();
        assert_eq!(e, LlmError::Model("HTTP 500".into()));
    }

    #[test]
    fn yaml_is_found_in_fences_or_bare() {
        assert_eq!(
            extract_yaml("```yml\nname: A\n```").as_deref(),
            Some("name: A\n")
        );
        assert_eq!(
            extract_yaml("name: A\nphases: []").as_deref(),
            Some("name: A\nphases: []\n")
        );
        assert_eq!(extract_yaml("Sure! Here you go."), None);
        assert_eq!(extract_yaml("```python\nprint(1)\n```"), None);
    }

    #[test]
    fn the_prompt_carries_schema_examples_and_personas() {
        let c = Catalog::builtin();
        let sys = system_prompt(&c);
        assert!(sys.contains("\"$schema\"") || sys.contains("skill-chains workflow"));
        assert!(sys.contains("Pragmatic Architect"));
        let p = design_prompt("outage", &["name: X"]);
        assert!(p.contains("name: X"));
    }
}
