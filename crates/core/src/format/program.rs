//! The program file as written: workflows by reference, and the handoffs
//! between them. Optional fields, strings as typed, a location on every node
//! a diagnostic can point at.
//!
//! These types define the program YAML format and its JSON Schema
//! (`schema/program.schema.json`). `compose::lower` turns them into
//! the checked `compose::Program`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::format::raw::{RawEstimate, text_or_map};
use crate::span::Sp;

/// A program: several workflows joined by handoffs (sequence, converge,
/// cycle, escalate, depend), planned as one project.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[schemars(title = "skill-chains program")]
pub struct RawProgram {
    /// Stable id, kebab-case. Defaults to the kebab-case of `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<String>>,
    /// Descriptive name, e.g. "Mobile Launch Convergence".
    pub name: Sp<String>,
    /// Version of this program definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Sp<u32>>,
    /// A sentence or two on what the program is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What starts the program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// The workflows taking part, each under a short id the handoffs use.
    pub workflows: Vec<Sp<RawMember>>,
    /// How the workflows hand off to each other.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handoffs: Vec<Sp<RawHandoff>>,
    /// Editorial notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A workflow taking part in a program.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawMember {
    /// The id handoffs use for this workflow. Defaults to the workflow's
    /// built-in id or file stem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<String>>,
    /// A built-in workflow id, or a workflow file relative to this program file.
    pub workflow: Sp<String>,
    /// Versioned contracts this workflow delivers to the others (an API spec
    /// v2, a component library v1). Each names an artifact the workflow produces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivers: Vec<Sp<RawContract>>,
}

/// A versioned contract: an artifact and the version of it that is handed over.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
pub struct RawContract {
    pub artifact: Sp<String>,
    /// "2", "v2" or "2.1"; `v` and trailing `.0` do not matter.
    pub version: Sp<RawVersion>,
}

/// A contract version, written as a number or text.
#[derive(Debug, Clone, Default, Serialize, JsonSchema, PartialEq)]
#[serde(transparent)]
pub struct RawVersion(#[schemars(with = "VersionSchema")] pub String);

/// How a version may be written (for the schema only).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum VersionSchema {
    Number(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for RawVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = RawVersion;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a version: 2, \"v2\" or \"2.1\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawVersion, E> {
                Ok(RawVersion(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawVersion, E> {
                Ok(RawVersion(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawVersion, E> {
                Ok(RawVersion(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawVersion, E> {
                Ok(RawVersion(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// One handoff: exactly one of the five patterns, with the gate, contracts
/// and rollback plan that every pattern may carry.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawHandoff {
    /// Workflow `to` starts when `from` finishes (or reaches `when`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<Sp<RawSequence>>,
    /// Parallel workflows that must all finish before `into` (or its `phase`) starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converge: Option<Sp<RawConverge>>,
    /// `from` -> `to` -> `from` again, at most `max_cycles` times, until a stop condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<Sp<RawCycle>>,
    /// When `from` reaches a point, `to` starts; `from` pauses at a checkpoint
    /// until `to`'s gate passes, then resumes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalate: Option<Sp<RawEscalate>>,
    /// `to` cannot start (or enter a phase) before `from` delivers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depend: Option<Sp<RawDepend>>,
    /// What must hold at the handoff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<Sp<RawGate>>,
    /// Contract versions the receiving side expects from the delivering side.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<Sp<RawContract>>,
    /// What happens upstream if the downstream workflow fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback: Option<String>,
}

/// A handoff gate: what is checked, and the artifacts it needs.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawGate {
    /// The gate in words: "Feature passes QA, no P0 bugs".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Artifacts of the delivering workflow(s) that must exist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Sp<String>>,
}

/// A point in a workflow: a phase (done when its steps are) or an artifact
/// (done when the step producing it is). Give exactly one.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawPoint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Sp<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact: Option<Sp<String>>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawSequence {
    pub from: Sp<String>,
    pub to: Sp<String>,
    /// Hand off when `from` reaches this point rather than when it finishes
    /// (e.g. an ongoing workflow's baseline phase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Sp<RawPoint>>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawConverge {
    /// The workflows that run in parallel: ids, or `{workflow, when}` to
    /// converge at a point before a workflow's end.
    pub from: Vec<Sp<RawSource>>,
    /// The convergence workflow.
    pub into: Sp<String>,
    /// The phase of `into` that waits for all of them (default: its start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Sp<String>>,
}

/// A converging workflow: its id, or its id and the point where it converges.
///
/// Deserialised by hand (text or map) so the ids keep their locations.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RawSource {
    Id(String),
    At {
        workflow: Sp<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<Sp<RawPoint>>,
    },
}

impl<'de> Deserialize<'de> for RawSource {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The map form.
        #[derive(Deserialize)]
        struct At {
            workflow: Sp<String>,
            #[serde(default)]
            when: Option<Sp<RawPoint>>,
        }
        text_or_map(
            deserializer,
            "a workflow id, or a map with `workflow` and `when`",
            RawSource::Id,
            |a: At| RawSource::At {
                workflow: a.workflow,
                when: a.when,
            },
        )
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawCycle {
    pub from: Sp<String>,
    pub to: Sp<String>,
    /// The phase of `from` the cycle returns to (default: its first phase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reenter: Option<Sp<String>>,
    /// The most times the cycle runs; required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cycles: Option<Sp<u32>>,
    /// The stop condition: "the experiment passes on re-run".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Sp<String>>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawEscalate {
    /// The workflow that escalates (and pauses).
    pub from: Sp<String>,
    /// The workflow escalated to.
    pub to: Sp<String>,
    /// When `from` reaches this point, `to` starts.
    pub when: Sp<RawPoint>,
    /// The phase of `from` whose checkpoint it pauses at until `to`'s gate passes.
    pub pause_at: Sp<String>,
    /// The phase of `to` whose gate releases `from` (default: `to`'s last phase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_after: Option<Sp<String>>,
    /// Extra time `from` may wait while findings are fixed, e.g. "0d / 1w / 4w".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<Sp<RawEstimate>>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RawDepend {
    /// The workflow that delivers.
    pub from: Sp<String>,
    /// The workflow that waits.
    pub to: Sp<String>,
    /// When `from` has delivered (default: when it finishes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Sp<RawPoint>>,
    /// The phase of `to` that cannot start before then (default: `to` cannot start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Sp<String>>,
    /// What `to` uses meanwhile, so it can start earlier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workaround: Option<String>,
    /// The phase of `to` where it switches from the workaround to what `from`
    /// delivered; with a workaround, this is what waits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutover: Option<Sp<String>>,
}
