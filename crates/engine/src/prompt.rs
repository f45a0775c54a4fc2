//! Prompts: minijinja templates over the workflow, phase, step, persona,
//! inputs, earlier artifacts and metrics. A step's `prompt:` replaces the
//! default template.

use std::collections::BTreeMap;

use minijinja::Environment;
use skill_chains_core::model::Workflow;
use skill_chains_core::span::Sp;

use crate::layout::StepInfo;
use minijinja::value::Serde;
use serde::Serialize;

/// The default user prompt.
pub const DEFAULT_PROMPT: &str = "\
You are working on the playbook \"{{ workflow.name }}\", phase \"{{ phase.name }}\".
{% if workflow.trigger %}Why this playbook runs: {{ workflow.trigger }}
{% endif %}
Your task, as {{ persona.name }}: {{ step.action }}
{% if step.outputs %}Produce: {{ step.outputs | join(\", \") }}.
{% endif %}{% if phase.deliverable %}The phase ends with: {{ phase.deliverable }}.
{% endif %}{% for input in inputs %}
## Input: {{ input.name }}
{{ input.content }}
{% endfor %}
Answer with the deliverable itself. If you measured anything (counts, rates,
pass/fail), end with a fenced ```json block of those metrics.";

/// The default system prompt: the persona.
pub const DEFAULT_SYSTEM: &str = "\
You are {{ persona.name }}{% if persona.group %} ({{ persona.group }}){% endif %}, \
one of the personas of a CTO's team. Work as that role would: concrete, \
specific to the inputs you are given, and honest about what you do not know.";

#[derive(Debug, Clone, Serialize)]
pub struct PromptContext<'a> {
    pub workflow: WorkflowView<'a>,
    pub phase: PhaseView<'a>,
    pub step: StepView<'a>,
    pub persona: PersonaView<'a>,
    pub inputs: Vec<Named>,
    /// Every artifact recorded so far, by name.
    pub artifacts: BTreeMap<String, String>,
    pub metrics: &'a BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkflowView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub trigger: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub deliverable: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView<'a> {
    pub id: &'a str,
    pub action: &'a str,
    pub inputs: Vec<&'a str>,
    pub outputs: Vec<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonaView<'a> {
    pub name: &'a str,
    pub slug: Option<&'a str>,
    pub group: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub name: String,
    pub content: String,
}

impl<'a> PromptContext<'a> {
    /// The context of step `info` of `wf`, with its inputs, the artifacts
    /// so far and the metrics so far.
    pub fn for_step(
        wf: &'a Workflow,
        info: &'a StepInfo,
        group: Option<&'a str>,
        inputs: Vec<Named>,
        artifacts: BTreeMap<String, String>,
        metrics: &'a BTreeMap<String, serde_json::Value>,
    ) -> PromptContext<'a> {
        let phase = &wf.phases[info.phase];
        let step = phase.steps.iter().find(|s| s.id.value == info.id);
        let names = |list: Option<&'a Vec<Sp<String>>>| -> Vec<&'a str> {
            list.map(|l| l.iter().map(|x| x.value.as_str()).collect())
                .unwrap_or_default()
        };
        PromptContext {
            workflow: WorkflowView {
                id: &wf.id,
                name: &wf.name.value,
                description: wf.description.as_deref(),
                trigger: wf.trigger.as_deref(),
            },
            phase: PhaseView {
                id: &phase.id.value,
                name: &phase.name.value,
                deliverable: phase.deliverable.as_ref().map(|d| d.text.as_str()),
            },
            step: StepView {
                id: &info.id,
                action: step.map(|s| s.action.value.as_str()).unwrap_or_default(),
                inputs: names(step.map(|s| &s.inputs)),
                outputs: names(step.map(|s| &s.outputs)),
            },
            persona: PersonaView {
                name: &info.persona,
                slug: info.slug.as_deref(),
                group,
            },
            inputs,
            artifacts,
            metrics,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("prompt template of step `{step}`: {message}")]
pub struct PromptError {
    pub step: String,
    pub message: String,
}

/// The compiled templates of one workflow.
pub struct Prompts {
    env: Environment<'static>,
}

impl Prompts {
    /// Compile the defaults and every step's own `prompt:`.
    pub fn new<'s>(
        overrides: impl Iterator<Item = (&'s str, &'s str)>,
    ) -> Result<Prompts, PromptError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
        let add = |env: &mut Environment<'static>, name: String, source: String, step: &str| {
            env.add_template_owned(name, source)
                .map_err(|e| PromptError {
                    step: step.to_string(),
                    message: e.to_string(),
                })
        };
        add(
            &mut env,
            "default".into(),
            DEFAULT_PROMPT.into(),
            "(default)",
        )?;
        add(
            &mut env,
            "system".into(),
            DEFAULT_SYSTEM.into(),
            "(default)",
        )?;
        for (step, source) in overrides {
            add(&mut env, format!("step:{step}"), source.to_string(), step)?;
        }
        Ok(Prompts { env })
    }

    /// Whether the step's template reads `artifacts` (loading them costs).
    pub fn wants_artifacts(&self, step: &str) -> bool {
        self.env
            .get_template(&format!("step:{step}"))
            .map(|t| t.source().contains("artifacts"))
            .unwrap_or(false)
    }

    /// The system prompt and the user prompt for a step.
    pub fn render(&self, cx: &PromptContext<'_>) -> Result<(String, String), PromptError> {
        let err = |e: minijinja::Error| PromptError {
            step: cx.step.id.to_string(),
            message: e.to_string(),
        };
        let name = format!("step:{}", cx.step.id);
        let template = self
            .env
            .get_template(&name)
            .or_else(|_| self.env.get_template("default"))
            .map_err(err)?;
        let prompt = template.render(Serde(cx)).map_err(err)?;
        let system = self
            .env
            .get_template("system")
            .and_then(|t| t.render(Serde(cx)))
            .map_err(err)?;
        Ok((system, prompt))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx<'a>(metrics: &'a BTreeMap<String, serde_json::Value>) -> PromptContext<'a> {
        PromptContext {
            workflow: WorkflowView {
                id: "wf",
                name: "Microservices Migration",
                description: None,
                trigger: Some("The monolith slows delivery"),
            },
            phase: PhaseView {
                id: "assessment",
                name: "Assessment",
                deliverable: Some("Migration plan"),
            },
            step: StepView {
                id: "assess",
                action: "Assess the monolith",
                inputs: vec!["codebase"],
                outputs: vec!["assessment"],
            },
            persona: PersonaView {
                name: "Pragmatic Architect",
                slug: Some("pragmatic-architect"),
                group: Some("Architecture"),
            },
            inputs: vec![Named {
                name: "codebase".into(),
                content: "400k lines of Java".into(),
            }],
            artifacts: BTreeMap::new(),
            metrics,
        }
    }

    #[test]
    fn default_and_override() {
        let m = BTreeMap::new();
        let p = Prompts::new(std::iter::empty()).unwrap();
        let (system, prompt) = p.render(&cx(&m)).unwrap();
        assert!(system.starts_with("You are Pragmatic Architect (Architecture)"));
        assert!(prompt.contains("Your task, as Pragmatic Architect: Assess the monolith"));
        assert!(prompt.contains("## Input: codebase\n400k lines of Java"));
        let p = Prompts::new(
            [(
                "assess",
                "Do {{ step.action | lower }} for {{ workflow.name }}",
            )]
            .into_iter(),
        )
        .unwrap();
        assert_eq!(
            p.render(&cx(&m)).unwrap().1,
            "Do assess the monolith for Microservices Migration"
        );
        assert!(Prompts::new([("assess", "{% if %}")].into_iter()).is_err());
    }
}
