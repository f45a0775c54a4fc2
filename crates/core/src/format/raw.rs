//! The workflow file as written: optional fields, strings as the author typed
//! them, and a source location on every node a diagnostic can point at.
//!
//! These types define the YAML format and its JSON Schema. They are never used
//! for planning or running: [`crate::format::lower`] turns them into the
//! checked [`crate::model`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::duration::Calendar;
use crate::span::Sp;

/// A workflow: a repeatable playbook of persona invocations in phases.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[schemars(title = "skill-chains workflow")]
pub struct RawWorkflow {
    /// Stable id, kebab-case. Defaults to the kebab-case of `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<String>>,
    /// Descriptive name, e.g. "Microservices Migration".
    pub name: Sp<String>,
    /// Version of this workflow definition; bumped when it is revised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Sp<u32>>,
    /// One of the library categories, e.g. "Strategic Planning".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Sp<String>>,
    /// A sentence or two on what the workflow is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The realistic overall timeline, e.g. "6-12 months (depends on monolith size)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Sp<RawTimeline>>,
    /// How working time maps onto days, weeks and months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Sp<Calendar>>,
    /// What initiates this workflow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Sp<String>>,
    /// Artifacts available when the workflow starts (produced outside it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Sp<String>>,
    /// What "done" looks like; measurable criteria carry metrics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success_criteria: Vec<Sp<RawCriterion>>,
    /// The phases, in order.
    #[serde(default)]
    pub phases: Vec<Sp<RawPhase>>,
    /// What usually goes wrong, and how to avoid it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pitfalls: Vec<String>,
    /// Questions to answer after a run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retrospective: Vec<String>,
    /// Editorial notes, e.g. what was added to the source playbook and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The stated timeline: text, or text with an explicit range where the text
/// alone has none (e.g. "Real-time (minutes to hours)" with `max: 7 days`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RawTimeline {
    Text(String),
    Detailed {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<String>,
    },
}

impl RawTimeline {
    pub fn text(&self) -> &str {
        match self {
            RawTimeline::Text(t) | RawTimeline::Detailed { text: t, .. } => t,
        }
    }
}

/// A phase: a named stage with a window, skills, steps and a deliverable.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawPhase {
    /// Stable id within the workflow, kebab-case. Defaults to the kebab-case of `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<String>>,
    pub name: Sp<String>,
    /// When the phase happens: "Month 1-2", "Minutes 0-5", "Week 3", "Q1", "Ongoing".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<Sp<String>>,
    /// Why this phase starts after a gap in the windows, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_reason: Option<String>,
    /// Personas this phase draws on (the seed's "Skills:" line).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Sp<String>>,
    #[serde(default)]
    pub steps: Vec<Sp<RawStep>>,
    /// The concrete output that ends the phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliverable: Option<Sp<RawDeliverable>>,
    /// The gate before the next phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<Sp<RawCheckpoint>>,
    /// Branches and bounded loop-backs evaluated when the phase ends.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Sp<RawDecision>>,
}

/// One persona invocation.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawStep {
    /// Stable id within the workflow. Defaults to `<phase-id>-<n>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<String>>,
    /// A catalog persona (name, slug or alias) or one declared in the project config.
    pub persona: Sp<String>,
    /// What the persona does, as written in the playbook.
    pub action: Sp<String>,
    /// Artifacts this step needs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Sp<String>>,
    /// Artifacts this step produces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<Sp<String>>,
    /// Step ids this step waits for, beyond what artifact flow implies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<Sp<String>>,
    /// Effort: one duration ("2w") or three points ("1w / 2w / 4w", or a map).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Sp<RawEstimate>>,
    /// Who or what carries the step out: manual, claude, anthropic, openai, shell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor: Option<Sp<String>>,
    /// Command for the shell executor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Prompt template (minijinja) overriding the default for LLM executors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// Attempts after a retryable failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// Longest a single attempt may take, e.g. "10 min".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Sp<String>>,
    /// How many people of its persona can share the step: `2`, or a range
    /// `1-3`. The estimate is then one person's effort; with k people the
    /// step takes estimate / k (effort-driven). Default: one person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<Sp<RawPeople>>,
}

/// People on a step: a count or a range (`1-3`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RawPeople {
    Count(u32),
    Range(String),
}

/// A three-point or single estimate.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RawEstimate {
    /// "2w", or three points "1w / 2w / 4w" (optimistic / likely / pessimistic).
    Text(String),
    ThreePoint {
        optimistic: String,
        likely: String,
        pessimistic: String,
    },
}

/// A deliverable: text, or text naming the artifact it is.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RawDeliverable {
    Text(String),
    Detailed {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        artifact: Option<String>,
    },
}

impl RawDeliverable {
    pub fn text(&self) -> &str {
        match self {
            RawDeliverable::Text(t) | RawDeliverable::Detailed { text: t, .. } => t,
        }
    }
}

/// A gate: who approves, and what must hold, before the next phase starts.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawCheckpoint {
    /// The persona who approves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<Sp<String>>,
    /// Artifacts that must exist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Sp<String>>,
    /// Success-criterion metrics that must be met before the gate passes (by
    /// metric name, or `all`): `approve` refuses while one is missed or not
    /// measured, unless `--override "reason"`; `--auto-approve` does not pass it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<Sp<String>>,
    /// What is checked, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A decision point: if the condition holds, go to a phase (bounded loops).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawDecision {
    /// The decision in words: "If the mock audit fails, loop back to remediation".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Condition (CEL) over artifacts, step results and metrics.
    #[serde(rename = "if", default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Sp<String>>,
    /// Phase id to go to when the condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goto: Option<Sp<String>>,
    /// How many times the loop may be taken before the run fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_loops: Option<Sp<u32>>,
}

/// A success criterion: the words, and metrics that make it measurable.
///
/// Deserialised by hand (text or map) rather than as an untagged enum, so the
/// metrics keep their source locations.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RawCriterion {
    Text(String),
    Detailed {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        metrics: Vec<Sp<RawMetric>>,
    },
}

impl<'de> Deserialize<'de> for RawCriterion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The map form.
        #[derive(Deserialize)]
        struct Detailed {
            text: String,
            #[serde(default)]
            metrics: Vec<Sp<RawMetric>>,
        }
        text_or_map(
            deserializer,
            "a criterion: text, or a map with `text` and `metrics`",
            RawCriterion::Text,
            |d: Detailed| RawCriterion::Detailed {
                text: d.text,
                metrics: d.metrics,
            },
        )
    }
}

/// Read a value written either as text or as a map. The map is read through
/// the YAML reader's own map access (not buffered, as an untagged enum would
/// be), so `Sp<>` fields inside it keep their source locations.
pub(crate) fn text_or_map<'de, D, M, T>(
    deserializer: D,
    expecting: &'static str,
    text: fn(String) -> T,
    map: fn(M) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    M: Deserialize<'de>,
{
    struct V<M, T> {
        expecting: &'static str,
        text: fn(String) -> T,
        map: fn(M) -> T,
    }
    impl<'de, M: Deserialize<'de>, T> serde::de::Visitor<'de> for V<M, T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.text)(v.to_string()))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            M::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(self.map)
        }
    }
    deserializer.deserialize_any(V {
        expecting,
        text,
        map,
    })
}

impl RawCriterion {
    pub fn text(&self) -> &str {
        match self {
            RawCriterion::Text(t) | RawCriterion::Detailed { text: t, .. } => t,
        }
    }
    pub fn metrics(&self) -> &[Sp<RawMetric>] {
        match self {
            RawCriterion::Text(_) => &[],
            RawCriterion::Detailed { metrics, .. } => metrics,
        }
    }
}

/// A measurable target: `error_rate < 1 %`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
pub struct RawMetric {
    /// snake_case metric name, e.g. `error_rate`, `p99_latency`, `mttr`.
    pub name: String,
    /// Comparator: <, <=, >, >=, =, !=.
    pub op: String,
    pub target: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// What the target is relative to, for "improved by 40%" criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
}
