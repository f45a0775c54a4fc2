//! Artifacts: what steps produce, stored once by content hash (SHA-256, hex)
//! and handed to the steps that name them as inputs.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// The content hash of an artifact: `sha256:` and 64 hex digits.
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Metrics a step publishes: the numbers, booleans and strings of a JSON
/// object that is the whole output, or the last fenced ```json block in it;
/// then every line `metric NAME=VALUE` (a shell command's stdout, a line an
/// LLM was asked to end with), which wins over the JSON.
pub fn metrics(text: &str) -> BTreeMap<String, serde_json::Value> {
    let mut out = json_metrics(text);
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix("metric ") else {
            continue;
        };
        if let Some((name, value)) = rest.split_once('=')
            && is_name(name.trim())
        {
            out.insert(name.trim().to_string(), value_of(value));
        }
    }
    out
}

/// A metric name: letters, digits, `_`, `-` and `.`, not starting with a digit.
fn is_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A metric's value as written: a number, `true`/`false`, else the text
/// (`0.4%`, `420 ms`: the unit stays for the success criteria).
pub fn value_of(text: &str) -> serde_json::Value {
    let text = text.trim();
    match text {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        _ => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(serde_json::Value::Number)
            .unwrap_or_else(|| serde_json::Value::String(text.to_string())),
    }
}

fn json_metrics(text: &str) -> BTreeMap<String, serde_json::Value> {
    let candidate = match serde_json::from_str::<serde_json::Value>(text.trim()) {
        Ok(v) => Some(v),
        Err(_) => last_json_block(text).and_then(|b| serde_json::from_str(b).ok()),
    };
    let mut out = BTreeMap::new();
    if let Some(serde_json::Value::Object(map)) = candidate {
        for (k, v) in map {
            if matches!(
                v,
                serde_json::Value::Number(_)
                    | serde_json::Value::Bool(_)
                    | serde_json::Value::String(_)
            ) {
                out.insert(k, v);
            }
        }
    }
    out
}

fn last_json_block(text: &str) -> Option<&str> {
    let start = text.rfind("```json")? + "```json".len();
    let rest = &text[start..];
    let end = rest.find("```")?;
    Some(rest[..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable() {
        assert_eq!(
            hash(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn metrics_from_json_or_a_fenced_block() {
        let m = metrics(r#"{"critical_gaps": 2, "passed": false, "nested": {"x": 1}}"#);
        assert_eq!(m["critical_gaps"], 2);
        assert_eq!(m["passed"], false);
        assert!(!m.contains_key("nested"));
        let m = metrics("Audit done.\n```json\n{\"error_rate\": 0.4}\n```\n");
        assert_eq!(m["error_rate"], 0.4);
        assert!(metrics("no numbers here").is_empty());
    }

    #[test]
    fn metric_lines_publish_metrics() {
        let m = metrics(
            "load test done\nmetric p99=420 ms\n  metric error_rate = 0.4%\nmetric ok=true\nmetric 9x=1\nmetrics x=2\n{\"p99\": 900}",
        );
        assert_eq!(m["p99"], "420 ms");
        assert_eq!(m["error_rate"], "0.4%");
        assert_eq!(m["ok"], true);
        assert_eq!(m.len(), 3, "{m:?}");
        let m = metrics("```json\n{\"p99\": 900, \"n\": 3}\n```\nmetric p99=450\n");
        assert_eq!(m["p99"], 450.0);
        assert_eq!(m["n"], 3);
    }
}
