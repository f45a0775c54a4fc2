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

/// Metrics a step publishes: the numbers and booleans of a JSON object that is
/// the whole output, or the last fenced ```json block in it.
pub fn metrics(text: &str) -> BTreeMap<String, serde_json::Value> {
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
}
