//! Reading and writing workflow files.
//!
//! `raw` mirrors the YAML file; `lower` turns it into the checked model;
//! `schema` generates the JSON Schema from the raw types; `tree` finds keys the
//! schema does not know; `rules` are the problems reading reports (syntax,
//! unknown keys); `program` is the program file; `markdown` imports and
//! exports the seed's style. Reading never runs the model checks: that is
//! `check`, above this module.

pub mod lower;
pub mod markdown;
pub mod program;
pub mod raw;
pub(crate) mod rules;
pub mod schema;
mod tree;
pub mod view;
pub mod write;

use crate::diagnostic::Diagnostic;
use crate::model::Workflow;
use crate::personas::PersonaCatalog;
use crate::span::{Sp, Span};

/// Files larger than this are refused before parsing.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// A workflow read from text, with what reading it found.
#[derive(Debug)]
pub struct Loaded {
    pub workflow: Option<Workflow>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse YAML into the raw file types, reporting syntax and type errors as
/// SC000 and unknown keys as SC016.
pub fn parse_raw(source: &str) -> Result<(raw::RawWorkflow, Vec<Diagnostic>), Diagnostic> {
    parse_document(
        source,
        schema::workflow_schema(),
        "a workflow needs at least `name:` and `phases:`; `skill-chains new` writes a template",
    )
}

/// Parse a YAML document of any of the file formats (workflow, program):
/// size and emptiness first, then the types, then keys `schema` does not know.
pub(crate) fn parse_document<T: serde::de::DeserializeOwned>(
    source: &str,
    schema: &serde_json::Value,
    empty_help: &str,
) -> Result<(T, Vec<Diagnostic>), Diagnostic> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(rules::yaml_syntax::RULE
            .at(
                Span::default(),
                format!(
                    "the file is {} MB; the limit is 16 MB",
                    source.len() / (1024 * 1024)
                ),
            )
            .help("a workflow file is a few kilobytes; is this the right file?"));
    }
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    if source.trim().is_empty() {
        return Err(rules::yaml_syntax::RULE
            .at(Span::default(), "the file is empty")
            .help(empty_help));
    }
    // One typed pass notes whether any key was ignored; only then is the
    // document read a second time to find where the unknown keys are.
    let mut ignored_any = false;
    let raw: T = serde_saphyr::with_deserializer_from_str_with_options(source, options(), |de| {
        serde_ignored::deserialize(de, |path| ignored_any |= !is_span_marker(&path))
    })
    .map_err(|e| yaml_error(source, &e))?;
    let mut warnings = Vec::new();
    if ignored_any && let Ok(tree) = read_tree(source) {
        unknown_keys(schema, schema, &tree, &mut warnings);
    }
    Ok((raw, warnings))
}

/// The YAML reader's settings. Its default budget (250,000 nodes) is for
/// configuration files and refuses a workflow of some 20,000 steps long
/// before the file size limit; a node takes at least two bytes of text, so
/// allowing one node (and four events) per byte of the largest file
/// accepted never refuses a file that size admits. The limits on aliases,
/// anchors and nesting, which guard against expansion bombs, stay as they
/// are.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(MAX_SOURCE_BYTES);
    budget.max_events = budget.max_events.max(4 * MAX_SOURCE_BYTES);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(MAX_SOURCE_BYTES);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// The document as a generic tree with locations.
fn read_tree(source: &str) -> Result<Sp<tree::Node>, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options(source, options())
}

/// The YAML reader records spans through an internal field that
/// `serde_ignored` sees as ignored; it is not the user's key.
fn is_span_marker(path: &serde_ignored::Path<'_>) -> bool {
    matches!(path, serde_ignored::Path::Map { key, .. } if key.starts_with("__serde_saphyr_private"))
}

/// Read a workflow: parse, then lower against the persona catalog.
pub fn load_workflow(source: &str, personas: &PersonaCatalog) -> Loaded {
    match parse_raw(source) {
        Err(d) => Loaded {
            workflow: None,
            diagnostics: vec![d],
        },
        Ok((raw, diagnostics)) => Loaded {
            workflow: Some(lower::lower(&raw, personas)),
            diagnostics,
        },
    }
}

fn yaml_error(source: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let span = e
        .location()
        .map(|l| Span::at(source, l.line() as u32, l.column() as u32, 1))
        .unwrap_or_default();
    match e.without_snippet() {
        serde_saphyr::Error::SerdeMissingField { field, .. } => missing_key(source, field, span),
        serde_saphyr::Error::Budget { breach, .. } => budget_diagnostic(breach),
        other => {
            let text = other.to_string();
            let message = strip_location_prefix(text.trim_start_matches("error: ")).to_string();
            rules::yaml_syntax::RULE
                .at(span, message)
                .help("check the indentation and the value's type against `skill-chains schema`")
        }
    }
}

/// A required key that is missing, reported at the top of the mapping it
/// belongs in: the reader places it at the mapping's last key, which reads
/// as if that key were wrong.
fn missing_key(source: &str, field: &str, reported: Span) -> Diagnostic {
    let top = read_tree(source)
        .ok()
        .and_then(|tree| tree::mapping_around(&tree, (reported.line, reported.column)))
        .map(|s| Span::at(source, s.line, s.column, s.len))
        .unwrap_or(reported);
    rules::yaml_syntax::RULE
        .at(top, format!("missing required key `{field}`"))
        .label(format!("this mapping has no `{field}`"))
        .help(format!(
            "add `{field}:` here; `skill-chains schema` lists the keys each part needs"
        ))
}

/// A limit of the YAML reader in the user's words, with what to do (the
/// reader's own text is a debug dump of its counters). The size limits
/// follow [`MAX_SOURCE_BYTES`] (see [`options`]), so in practice only the
/// guards against alias bombs and runaway nesting are met.
fn budget_diagnostic(breach: &serde_saphyr::budget::BudgetBreach) -> Diagnostic {
    use serde_saphyr::budget::BudgetBreach as B;
    let (message, help) = match breach {
        B::Depth { .. } => (
            "the YAML is nested more than 64 levels deep".to_string(),
            "a workflow is a few levels deep (phases, steps, their keys); check the indentation",
        ),
        B::Aliases { .. }
        | B::Anchors { .. }
        | B::AliasAnchorRatio { .. }
        | B::RecordedAnchorEvents { .. }
        | B::RecordedAnchorBytes { .. }
        | B::MergeKeys { .. } => (
            "the file repeats YAML anchors and aliases (`&a`, `*a`, `<<`) beyond the reader's limits"
                .to_string(),
            "write the repeated parts out, or share them through fewer aliases",
        ),
        _ => (
            format!(
                "the file is larger than a workflow may be ({} MB of YAML)",
                MAX_SOURCE_BYTES / (1024 * 1024)
            ),
            "split the workflow into several and join them in a program (`skill-chains sequence`)",
        ),
    };
    rules::yaml_syntax::RULE
        .at(Span::default(), message)
        .help(help)
}

/// Drop a leading `line N column M: ` that the YAML reader adds to messages.
fn strip_location_prefix(message: &str) -> &str {
    if let Some(rest) = message.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
        && rest[..idx]
            .split(' ')
            .all(|w| w == "column" || w.chars().all(|c| c.is_ascii_digit()))
    {
        return &rest[idx + 2..];
    }
    message
}

fn unknown_keys(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    node: &Sp<tree::Node>,
    out: &mut Vec<Diagnostic>,
) {
    match &node.value {
        tree::Node::Map(entries) => {
            let Some(known) = schema::known_keys(root, schema) else {
                return;
            };
            for (key, value) in entries {
                if known.contains(&key.value.as_str()) {
                    if let Some(sub) = schema::child(root, schema, Some(&key.value)) {
                        unknown_keys(root, sub, value, out);
                    }
                } else {
                    out.push(rules::unknown_key::diagnostic(&key.value, key.span, &known));
                }
            }
        }
        tree::Node::Seq(items) => {
            if let Some(sub) = schema::child(root, schema, None) {
                for item in items {
                    unknown_keys(root, sub, item, out);
                }
            }
        }
        tree::Node::Scalar => {}
    }
}

/// Read any YAML document into `T` (configuration, team files), with the
/// reader's message and location on failure.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_saphyr::from_str(text).map_err(|e| {
        let msg = e.without_snippet().to_string();
        let msg = msg.trim_start_matches("error: ").to_string();
        match e.location() {
            Some(l) if !msg.starts_with("line ") => {
                format!("line {}, column {}: {msg}", l.line(), l.column())
            }
            _ => msg,
        }
    })
}
