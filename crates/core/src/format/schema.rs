//! The JSON Schema of the file formats, generated from the Rust types so the
//! two cannot drift. The same schema tells the reader which keys are known.

use std::sync::OnceLock;

use serde_json::Value;

use crate::format::raw::RawWorkflow;

/// The first line of a file the tools write: the editor's schema, as a path
/// relative to the file. Files written at a project's root find it in
/// `.skill-chains/`; the writer points the line at that copy from wherever
/// the file goes and writes the copy there, so editors validate offline.
pub const MODELINE: &str = "# yaml-language-server: $schema=";

/// Where a project keeps its copy of the schemas.
pub const SCHEMA_DIR: &str = ".skill-chains";

/// The schema line of a workflow file written at a project's root.
pub fn workflow_modeline() -> String {
    format!("{MODELINE}{SCHEMA_DIR}/workflow.schema.json")
}

/// The workflow schema as pretty JSON text (what `skill-chains schema` prints).
pub fn workflow_schema_json() -> String {
    let mut text = serde_json::to_string_pretty(workflow_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The workflow schema as a JSON value, generated once per process.
pub fn workflow_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let schema = schemars::schema_for!(RawWorkflow);
        let mut value = serde_json::to_value(&schema).unwrap_or(Value::Null);
        // `phases` has a serde default so that a file without phases gets a
        // located diagnostic instead of a parse error; an editor should still
        // ask for it.
        if let Some(required) = value.get_mut("required").and_then(Value::as_array_mut)
            && !required.iter().any(|r| r == "phases")
        {
            required.push(Value::from("phases"));
        }
        value
    })
}

/// The object keys a schema node allows, following `$ref`, `anyOf` and
/// `oneOf`. `None` means "not an object schema" (anything goes).
pub(crate) fn known_keys<'a>(root: &'a Value, node: &'a Value) -> Option<Vec<&'a str>> {
    let node = resolve(root, node);
    let mut keys: Vec<&str> = Vec::new();
    let mut object = false;
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        object = true;
        keys.extend(props.keys().map(String::as_str));
    }
    for alt in alternatives(node) {
        if let Some(k) = known_keys(root, alt) {
            object = true;
            keys.extend(k);
        }
    }
    object.then_some(keys)
}

/// The schema of property `key` (or of array items when `key` is None).
pub(crate) fn child<'a>(root: &'a Value, node: &'a Value, key: Option<&str>) -> Option<&'a Value> {
    let node = resolve(root, node);
    let direct = match key {
        Some(k) => node.get("properties").and_then(|p| p.get(k)),
        None => node.get("items"),
    };
    direct.or_else(|| alternatives(node).find_map(|alt| child(root, alt, key)))
}

fn alternatives(node: &Value) -> impl Iterator<Item = &Value> {
    ["anyOf", "oneOf", "allOf"]
        .into_iter()
        .filter_map(|k| node.get(k).and_then(Value::as_array))
        .flatten()
}

fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap_or_default();
                match root.get("$defs").and_then(|d| d.get(name)) {
                    Some(target) => node = target,
                    None => return node,
                }
            }
            None => return node,
        }
    }
    node
}
