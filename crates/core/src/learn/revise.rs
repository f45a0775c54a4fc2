//! A revised workflow written as an edit of the text it revises, so the
//! author's layout, comments and quoting survive and a text diff shows only
//! what changed: the version number, step estimates, pitfalls appended, and
//! gates replaced or added.
//!
//! Each edit is made at a place the YAML reader recorded (a scalar's span, a
//! collection's start) or found from the file's indentation. The result is
//! read back and compared with the revision; anything this cannot place, or
//! a text that does not read back as the revision, falls back to the
//! canonical form of `format::write` (layout and comments not kept).

use crate::format::{load_workflow, parse_raw, write};
use crate::learn::diff::diff;
use crate::learn::propose::estimate_text;
use crate::model::{Checkpoint, Estimate, Workflow};
use crate::personas::PersonaCatalog;
use crate::span::{Sp, Span};

/// The revision as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Revised {
    pub text: String,
    /// Whether the text is an edit of the original (else the canonical form).
    pub kept_layout: bool,
}

/// Write `new` as an edit of `source`, the text `old` was read from.
pub fn revise(source: &str, old: &Workflow, new: &Workflow, personas: &PersonaCatalog) -> Revised {
    if let Some(text) = edited(source, old, new)
        && reads_as(&text, new, personas)
    {
        return Revised {
            text,
            kept_layout: true,
        };
    }
    Revised {
        text: write::to_yaml(new),
        kept_layout: false,
    }
}

/// `text` reads back as `want`: no semantic change, same pitfalls, same estimates.
fn reads_as(text: &str, want: &Workflow, personas: &PersonaCatalog) -> bool {
    let Some(got) = load_workflow(text, personas).workflow else {
        return false;
    };
    let same_estimates =
        want.steps()
            .zip(got.steps())
            .all(|((_, a), (_, b))| match (a.estimate(), b.estimate()) {
                (Some(x), Some(y)) => close(&x, &y),
                (None, None) => true,
                _ => false,
            });
    diff(want, &got).is_empty()
        && want.pitfalls == got.pitfalls
        && want.step_count() == got.step_count()
        && same_estimates
}

fn close(a: &Estimate, b: &Estimate) -> bool {
    let eq = |x: f64, y: f64| (x - y).abs() <= 1e-6 * x.abs().max(1.0);
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && eq(a.optimistic().0, b.optimistic().0)
        && eq(a.likely().0, b.likely().0)
        && eq(a.pessimistic().0, b.pessimistic().0)
}

/// Replace `start..end` with the text.
type Edit = (usize, usize, String);

fn edited(source: &str, old: &Workflow, new: &Workflow) -> Option<String> {
    let (raw, _) = parse_raw(source).ok()?;
    let mut edits: Vec<Edit> = Vec::new();
    if old.version != new.version {
        edits.push(match &raw.version {
            Some(v) => (
                v.span.offset,
                v.span.offset + v.span.len,
                new.version.to_string(),
            ),
            None => {
                let at = top_level_line(source, "name")?.1;
                (at, at, format!("version: {}\n", new.version))
            }
        });
    }
    if old.phases.len() != new.phases.len() || raw.phases.len() != old.phases.len() {
        return None;
    }
    for ((a, b), r) in old.phases.iter().zip(&new.phases).zip(&raw.phases) {
        if a.id.value != b.id.value || a.steps.len() != b.steps.len() {
            return None;
        }
        for ((x, y), rs) in a.steps.iter().zip(&b.steps).zip(&r.value.steps) {
            if x.id.value != y.id.value {
                return None;
            }
            match (x.estimate(), y.estimate()) {
                (Some(e), Some(f)) if close(&e, &f) => {}
                (None, None) => {}
                (Some(_), Some(f)) => {
                    let (start, end) = node_extent(source, rs.value.estimate.as_ref()?.span)?;
                    edits.push((start, end, estimate_text(&f, new.calendar)));
                }
                _ => return None,
            }
        }
        let key = |c: &Option<Checkpoint>| c.as_ref().map(fields);
        if key(&a.checkpoint) != key(&b.checkpoint) {
            let cp = b.checkpoint.as_ref()?;
            edits.push(match &r.value.checkpoint {
                Some(sp) => replace_checkpoint(source, sp.span, cp)?,
                None => insert_checkpoint(source, r.span, cp)?,
            });
        }
    }
    let n = old.pitfalls.len();
    if new.pitfalls != old.pitfalls {
        if new.pitfalls.len() <= n || new.pitfalls[..n] != old.pitfalls[..] {
            return None;
        }
        edits.push(append_pitfalls(source, &new.pitfalls[n..])?);
    }
    // From the end, so earlier offsets stay valid.
    edits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut text = source.to_string();
    let mut floor = usize::MAX;
    for (start, end, with) in edits {
        if end > floor || start > end || end > text.len() {
            return None;
        }
        text.replace_range(start..end, &with);
        floor = start;
    }
    Some(text)
}

/// A top-level key's line: `(start, end including the newline)`. Only for a
/// document whose top level is a block map at column 0.
fn top_level_line(source: &str, key: &str) -> Option<(usize, usize)> {
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.starts_with(':')
        {
            return Some((at, at + line.len()));
        }
        at += line.len();
    }
    None
}

/// The start of the line holding `offset`.
fn line_start(source: &str, offset: usize) -> usize {
    source[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0)
}

/// Where the node starting at `span` ends: a scalar's recorded length, a
/// flow collection's closing bracket, or a block collection's last line
/// indented at least as far as its start.
fn node_extent(source: &str, span: Span) -> Option<(usize, usize)> {
    let start = span.offset;
    let first = source[start..].chars().next()?;
    if matches!(first, '{' | '[') {
        return Some((start, flow_end(source, start)?));
    }
    if span.len > 0 {
        return Some((start, start + span.len));
    }
    Some((start, block_end(source, start)))
}

/// The offset after the bracket closing the one at `start` (quotes respected).
fn flow_end(source: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = source[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some('\''), '\'') if chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(start + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The end of the last line of the block node starting at `start`: the
/// following lines belong to it while they are blank, comments, or indented
/// at least as far as its first key.
fn block_end(source: &str, start: usize) -> usize {
    let indent = source[line_start(source, start)..start].chars().count();
    let first_end = source[start..]
        .find('\n')
        .map(|i| start + i)
        .unwrap_or(source.len());
    let mut end = first_end;
    let mut at = (first_end + 1).min(source.len());
    for line in source[at..].split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if !(trimmed.is_empty() || trimmed.starts_with('#')) {
            if body.len() - trimmed.len() < indent {
                break;
            }
            end = at + body.len();
        }
        at += line.len();
    }
    end
}

/// A string as a YAML scalar: plain when that reads back as the same
/// string in any context (block or flow), else double-quoted.
fn scalar(s: &str) -> String {
    let special = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ]
    .contains(&s.to_ascii_lowercase().as_str())
        || s.parse::<f64>().is_ok();
    let plain = !s.is_empty()
        && s == s.trim()
        && !special
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s
            .chars()
            .any(|c| c.is_control() || matches!(c, ',' | '[' | ']' | '{' | '}'))
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c));
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

/// A gate's keys in file order, as YAML values.
fn fields(c: &Checkpoint) -> Vec<(&'static str, String)> {
    let list = |v: &[Sp<String>]| {
        format!(
            "[{}]",
            v.iter()
                .map(|x| scalar(&x.value))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut out = Vec::new();
    if let Some(a) = &c.approver {
        out.push(("approver", scalar(&a.written)));
    }
    if !c.requires.is_empty() {
        out.push(("requires", list(&c.requires)));
    }
    if !c.criteria.is_empty() {
        out.push(("criteria", list(&c.criteria)));
    }
    if let Some(t) = &c.text {
        out.push(("text", scalar(t)));
    }
    out
}

fn flow_map(c: &Checkpoint) -> String {
    let inner: Vec<String> = fields(c)
        .into_iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    format!("{{{}}}", inner.join(", "))
}

fn block_map(c: &Checkpoint, indent: usize) -> String {
    let pad = " ".repeat(indent);
    fields(c)
        .into_iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(&format!("\n{pad}"))
}

/// The gate written where the old one was, in the old one's style.
fn replace_checkpoint(source: &str, span: Span, cp: &Checkpoint) -> Option<Edit> {
    let (start, end) = node_extent(source, span)?;
    let flow = source[start..].starts_with('{');
    let indent = source[line_start(source, start)..start].chars().count();
    let text = if flow || fields(cp).is_empty() {
        flow_map(cp)
    } else {
        block_map(cp, indent)
    };
    Some((start, end, text))
}

/// A gate added at the end of the phase starting at `span`.
fn insert_checkpoint(source: &str, span: Span, cp: &Checkpoint) -> Option<Edit> {
    let start = span.offset;
    if source[start..].starts_with('{') {
        let end = flow_end(source, start)?;
        return Some((end - 1, end - 1, format!(", checkpoint: {}", flow_map(cp))));
    }
    let end = block_end(source, start);
    let indent = source[line_start(source, start)..start].chars().count();
    let pad = " ".repeat(indent);
    Some((
        end,
        end,
        format!("\n{pad}checkpoint:\n{pad}  {}", block_map(cp, indent + 2)),
    ))
}

/// Pitfalls added after the last one (in the list's style), or a new
/// `pitfalls:` list at the end of the file.
fn append_pitfalls(source: &str, items: &[String]) -> Option<Edit> {
    let Some((key_start, key_end)) = top_level_line(source, "pitfalls") else {
        top_level_line(source, "name")?;
        let lead = if source.ends_with('\n') || source.is_empty() {
            ""
        } else {
            "\n"
        };
        let list: String = items
            .iter()
            .map(|i| format!("  - {}\n", scalar(i)))
            .collect();
        return Some((
            source.len(),
            source.len(),
            format!("{lead}pitfalls:\n{list}"),
        ));
    };
    let value_at = key_start + "pitfalls:".len();
    let rest = &source[value_at..key_end];
    let value = rest.trim_start();
    if value.starts_with('[') {
        let open = value_at + (rest.len() - value.len());
        let close = flow_end(source, open)? - 1;
        let empty = source[open + 1..close].trim().is_empty();
        let joined = items
            .iter()
            .map(|i| scalar(i))
            .collect::<Vec<_>>()
            .join(", ");
        let sep = if empty { "" } else { ", " };
        return Some((close, close, format!("{sep}{joined}")));
    }
    if !(value.trim().is_empty() || value.starts_with('#')) {
        return None;
    }
    // A block list: items indented, or at column 0 after a `-`.
    let mut end = key_end.saturating_sub(1).max(key_start);
    if !source[..key_end].ends_with('\n') {
        end = key_end;
    }
    let mut prefix: Option<String> = None;
    let mut at = key_end;
    for line in source[key_end..].split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if !(trimmed.is_empty() || trimmed.starts_with('#')) {
            let indented = body.len() > trimmed.len();
            if !indented && !trimmed.starts_with('-') {
                break;
            }
            if prefix.is_none() && trimmed.starts_with('-') {
                let dash = body.len() - trimmed.len();
                prefix = Some(format!("{}- ", &body[..dash]));
            }
            end = at + body.len();
        }
        at += line.len();
    }
    let prefix = prefix.unwrap_or_else(|| "  - ".into());
    let added: String = items
        .iter()
        .map(|i| format!("\n{prefix}{}", scalar(i)))
        .collect();
    Some((end, end, added))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn personas() -> PersonaCatalog {
        PersonaCatalog::builtin()
    }

    fn load(text: &str) -> Workflow {
        load_workflow(text, &personas()).workflow.unwrap()
    }

    const BLOCK: &str = "# A comment the author wrote
name: Release Train
version: 2
phases:
  - id: build
    name: Build
    steps:
      - id: code
        persona: Backend Engineer
        action: Write the code   # inline comment
        outputs: [build]
        estimate: \"1d / 2d / 4d\"
    deliverable: {text: A release build, artifact: build}
    checkpoint:
      approver: Principal Engineer
      text: >
        The build is reviewed.

  - {id: ship, name: Ship, steps: [{id: deploy, persona: SRE, action: Deploy, inputs: [build], estimate: 2h}], deliverable: Running}
pitfalls:
- Shipping on a Friday
notes: [kept]
";

    /// A revision of BLOCK touching every kind of edit.
    fn revision(old: &Workflow) -> Workflow {
        let mut new = old.clone();
        new.version = 3;
        let c = new.calendar;
        let code = &mut new.phases[0].steps[0];
        code.estimate = Some(Sp::bare(Ok(
            Estimate::parse("1.5d / 3d / 1.25w", c).unwrap()
        )));
        let deploy = &mut new.phases[1].steps[0];
        deploy.estimate = Some(Sp::bare(Ok(Estimate::parse("3h", c).unwrap())));
        let cp = new.phases[0].checkpoint.as_mut().unwrap();
        cp.requires.push(Sp::bare("build".into()));
        cp.text = Some("The build is reviewed. Before asking, check: the changelog".into());
        new.phases[1].checkpoint = Some(Checkpoint {
            approver: None,
            requires: Vec::new(),
            criteria: vec![Sp::bare("error_rate".into())],
            text: Some("Suggested: check \"error rate\", then go on".into()),
            span: Span::default(),
        });
        new.pitfalls
            .push("`code` ran past its P80: took 2x — no: reviews".into());
        new.pitfalls.push("yes".into());
        new
    }

    #[test]
    fn edits_keep_the_layout_and_read_back_as_the_revision() {
        let old = load(BLOCK);
        let new = revision(&old);
        let r = revise(BLOCK, &old, &new, &personas());
        assert!(r.kept_layout, "fell back:\n{}", r.text);
        insta::assert_snapshot!(r.text);
        assert!(r.text.starts_with("# A comment the author wrote\n"));
        assert!(r.text.contains("action: Write the code   # inline comment"));
        // Nothing to change, nothing changed.
        assert_eq!(revise(BLOCK, &old, &old, &personas()).text, BLOCK);
    }

    #[test]
    fn missing_version_and_pitfalls_are_added() {
        let src = "name: Tiny\nphases:\n  - name: Only\n    steps:\n      - {persona: SRE, action: Do, estimate: 1d}\n    deliverable: Done";
        let old = load(src);
        let mut new = old.clone();
        new.version = 2;
        new.pitfalls.push("Forgetting: the obvious".into());
        let r = revise(src, &old, &new, &personas());
        assert!(r.kept_layout, "{}", r.text);
        assert_eq!(
            r.text,
            "name: Tiny\nversion: 2\nphases:\n  - name: Only\n    steps:\n      - {persona: SRE, action: Do, estimate: 1d}\n    deliverable: Done\npitfalls:\n  - \"Forgetting: the obvious\"\n"
        );
    }

    #[test]
    fn flow_lists_take_items_in_their_style() {
        let src = "name: Tiny\nphases:\n  - name: Only\n    steps:\n      - {persona: SRE, action: Do, estimate: 1d}\n    deliverable: Done\npitfalls: [one, \"two, three\"]  # note\n";
        let old = load(src);
        let mut new = old.clone();
        new.pitfalls.push("four".into());
        let r = revise(src, &old, &new, &personas());
        assert!(r.kept_layout);
        assert!(
            r.text
                .contains("pitfalls: [one, \"two, three\", four]  # note"),
            "{}",
            r.text
        );
    }

    #[test]
    fn what_cannot_be_placed_falls_back_to_the_canonical_form() {
        let old = load(BLOCK);
        let mut new = old.clone();
        new.pitfalls.remove(0);
        let r = revise(BLOCK, &old, &new, &personas());
        assert!(!r.kept_layout);
        assert_eq!(load(&r.text).pitfalls, new.pitfalls);
    }

    #[test]
    fn scalars_read_back_as_written() {
        for s in [
            "plain words",
            "a: b",
            "- dash",
            "yes",
            "12",
            "say \"hi\"",
            "back\\slash",
            "[x]",
            "trailing:",
            "hash #tag",
            "é — ü",
        ] {
            let yaml = format!("k: {}\nl: [{}]\n", scalar(s), scalar(s));
            let v: std::collections::BTreeMap<String, serde_json::Value> =
                crate::format::parse_yaml(&yaml).unwrap();
            assert_eq!(v["k"], serde_json::json!(s), "{yaml}");
            assert_eq!(v["l"][0], serde_json::json!(s), "{yaml}");
        }
    }
}
