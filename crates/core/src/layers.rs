//! The crate's layering, checked: every top-level module may use only the
//! modules below it, so imports run one way and cannot form a cycle.
//!
//! The test reads the crate's own source, finds which top-level modules each
//! module refers to (`crate::x`, `use crate::{a, b::c}` groups, `super`
//! chains that climb to the crate root), and fails naming the offending
//! import. Test code (`#[cfg(test)]` items) is left out: a test may exercise
//! a module together with the layers above it. This module holds no
//! production code and must not grow any.

/// Each top-level module and the modules it may use, bottom to top. A module
/// missing here fails the test, so a new one has to be given its place.
const LAYERS: &[(&str, &[&str])] = &[
    ("span", &[]),
    ("duration", &[]),
    ("window", &["duration"]),
    ("diagnostic", &["span"]),
    ("model", &["span", "duration", "window"]),
    ("text", &["model"]),
    ("personas", &["model", "text"]),
    (
        "format",
        &[
            "span",
            "duration",
            "window",
            "diagnostic",
            "model",
            "text",
            "personas",
        ],
    ),
    (
        "check",
        &[
            "span",
            "duration",
            "window",
            "diagnostic",
            "model",
            "text",
            "personas",
            "format",
        ],
    ),
    (
        "plan",
        &[
            "span",
            "duration",
            "window",
            "diagnostic",
            "model",
            "text",
            "personas",
            "format",
            "check",
        ],
    ),
    (
        "review",
        &[
            "span",
            "duration",
            "window",
            "diagnostic",
            "model",
            "text",
            "personas",
            "format",
            "check",
            "plan",
        ],
    ),
    (
        "compose",
        &[
            "span",
            "duration",
            "window",
            "diagnostic",
            "model",
            "text",
            "personas",
            "format",
            "check",
            "plan",
        ],
    ),
    (
        "catalog",
        &[
            "span",
            "duration",
            "window",
            "diagnostic",
            "model",
            "text",
            "personas",
            "format",
            "check",
            "plan",
            "compose",
        ],
    ),
    (
        "load",
        &[
            "span",
            "diagnostic",
            "model",
            "text",
            "personas",
            "format",
            "check",
            "compose",
            "catalog",
        ],
    ),
    (
        "learn",
        &[
            "span",
            "duration",
            "window",
            "diagnostic",
            "model",
            "text",
            "personas",
            "format",
            "check",
            "plan",
            "compose",
            "catalog",
            "load",
        ],
    ),
    (
        "design",
        &[
            "span",
            "duration",
            "window",
            "diagnostic",
            "model",
            "text",
            "personas",
            "format",
            "check",
            "plan",
            "review",
            "compose",
            "catalog",
            "load",
        ],
    ),
    (
        "render",
        &[
            "span",
            "duration",
            "window",
            "diagnostic",
            "model",
            "text",
            "personas",
            "format",
            "check",
            "plan",
            "review",
            "compose",
            "catalog",
            "load",
            "learn",
            "design",
        ],
    ),
];

mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use petgraph::algo::tarjan_scc;
    use petgraph::graph::DiGraph;

    use super::LAYERS;

    /// For each top-level module, the modules it uses and, per use, the
    /// files that make it.
    type Uses = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

    fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("the crate's source directory is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                source_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The source with comments blanked and string and character literals
    /// emptied, so braces and `crate::` inside them are not seen.
    fn code_only(src: &str) -> String {
        let b = src.as_bytes();
        let mut out = String::with_capacity(src.len());
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c == b'/' && b.get(i + 1) == Some(&b'/') {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(' ');
            } else if c == b'r'
                && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
                && !prev_is_ident(b, i)
            {
                // A raw string: r"..." or r#"..."#.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                while j < b.len() && !b[j..].starts_with(&close) {
                    j += 1;
                }
                i = j + close.len();
                out.push_str("\"\"");
            } else if c == b'"' {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            } else if c == b'\'' {
                // A character literal ('x', '\n', '\u{..}') or a lifetime.
                let end = if b.get(i + 1) == Some(&b'\\') {
                    b[i + 2..]
                        .iter()
                        .position(|&x| x == b'\'')
                        .map(|p| i + 2 + p)
                } else {
                    let len = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 1 + len)
                };
                match end {
                    Some(e) => {
                        out.push_str("' '");
                        i = e + 1;
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            } else {
                let len = src[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&src[i..i + len]);
                i += len;
            }
        }
        out
    }

    fn prev_is_ident(b: &[u8], i: usize) -> bool {
        i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
    }

    /// The code with every `#[cfg(test)]` item removed (up to its `;` or its
    /// matching closing brace). `None` when the whole file is test code.
    fn without_tests(code: &str) -> Option<String> {
        if code.contains("#![cfg(test)]") {
            return None;
        }
        let mut out = String::with_capacity(code.len());
        let mut rest = code;
        while let Some(at) = rest.find("#[cfg(test)]") {
            out.push_str(&rest[..at]);
            let item = &rest[at..];
            let mut depth = 0usize;
            let mut end = item.len();
            for (k, ch) in item.char_indices().skip("#[cfg(test)]".len()) {
                match ch {
                    '{' => depth += 1,
                    '}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            end = k + 1;
                            break;
                        }
                    }
                    ';' if depth == 0 => {
                        end = k + 1;
                        break;
                    }
                    _ => {}
                }
            }
            rest = &item[end..];
        }
        out.push_str(rest);
        Some(out)
    }

    fn ident_at(s: &str) -> &str {
        let end = s
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        &s[..end]
    }

    /// The first segment of every path that `text` names after `crate::`,
    /// including each entry of a `{...}` group.
    fn crate_paths(code: &str, module_path: &[String]) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let b = code.as_bytes();
        for (at, _) in code.match_indices("crate") {
            let before_ok = at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_');
            let after = code[at + "crate".len()..].trim_start();
            if !before_ok || !after.starts_with("::") {
                continue;
            }
            first_segments(after[2..].trim_start(), &mut found);
        }
        // `super` chains that climb to the crate root.
        for (at, _) in code.match_indices("super") {
            if at > 0
                && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_' || b[at - 1] == b':')
            {
                continue;
            }
            let mut rest = &code[at..];
            let mut ups = 0;
            while let Some(r) = rest.strip_prefix("super") {
                let r = r.trim_start();
                let Some(r) = r.strip_prefix("::") else { break };
                ups += 1;
                rest = r.trim_start();
            }
            if ups > 0 && ups >= module_path.len() {
                first_segments(rest, &mut found);
            }
        }
        found
    }

    fn first_segments(path: &str, found: &mut BTreeSet<String>) {
        if let Some(group) = path.strip_prefix('{') {
            let mut depth = 0usize;
            let mut start = true;
            for (k, ch) in group.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        let name = ident_at(&group[k..]);
                        if !name.is_empty() && name != "self" {
                            found.insert(name.to_string());
                        }
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident_at(path);
            if !name.is_empty() {
                found.insert(name.to_string());
            }
        }
    }

    /// The module path of a file under `src`: `format/markdown/mod.rs` is
    /// `[format, markdown]`, `check/rules/unknown_key.rs` is
    /// `[check, rules, unknown_key]`.
    fn module_path(relative: &Path) -> Vec<String> {
        let mut parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if let Some(last) = parts.pop() {
            let stem = last.trim_end_matches(".rs");
            if stem != "mod" {
                parts.push(stem.to_string());
            }
        }
        parts
    }

    fn module_uses() -> (BTreeSet<String>, Uses) {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        source_files(&src, &mut files);
        // The modules `lib.rs` declares for the library (not its test-only ones).
        let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs is readable");
        let lib = without_tests(&code_only(&lib)).expect("lib.rs is not test code");
        let declared: BTreeSet<String> = lib
            .match_indices("mod ")
            .map(|(at, _)| ident_at(lib[at + 4..].trim_start()).to_string())
            .filter(|m| !m.is_empty())
            .collect();
        let mut modules = BTreeSet::new();
        let mut uses = Uses::new();
        for file in files {
            let relative = file.strip_prefix(&src).expect("under src").to_path_buf();
            let path = module_path(&relative);
            let Some(top) = path.first().filter(|t| declared.contains(*t)).cloned() else {
                continue;
            };
            modules.insert(top.clone());
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            let Some(code) = without_tests(&code_only(&text)) else {
                continue;
            };
            for used in crate_paths(&code, &path) {
                if used != top {
                    uses.entry(top.clone())
                        .or_default()
                        .entry(used)
                        .or_default()
                        .insert(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        // Only modules of this crate count (not `crate::Foo` items at the root).
        for targets in uses.values_mut() {
            targets.retain(|m, _| modules.contains(m));
        }
        (modules, uses)
    }

    #[test]
    fn no_module_cycles() {
        let (modules, uses) = module_uses();
        let mut graph = DiGraph::<&str, ()>::new();
        let nodes: BTreeMap<&str, _> = modules
            .iter()
            .map(|m| (m.as_str(), graph.add_node(m.as_str())))
            .collect();
        for (from, targets) in &uses {
            for to in targets.keys() {
                graph.add_edge(nodes[from.as_str()], nodes[to.as_str()], ());
            }
        }
        let cycles: Vec<String> = tarjan_scc(&graph)
            .into_iter()
            .filter(|scc| scc.len() > 1)
            .map(|scc| {
                let members: BTreeSet<&str> = scc.iter().map(|&n| graph[n]).collect();
                let edges: Vec<String> = members
                    .iter()
                    .flat_map(|&from| {
                        uses[from]
                            .iter()
                            .filter(|(to, _)| members.contains(to.as_str()))
                            .map(move |(to, files)| {
                                let files: Vec<&str> = files.iter().map(String::as_str).collect();
                                format!("  {from} -> {to} ({})", files.join(", "))
                            })
                    })
                    .collect();
                format!(
                    "cycle among {}:\n{}",
                    members.into_iter().collect::<Vec<_>>().join(", "),
                    edges.join("\n")
                )
            })
            .collect();
        assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
    }

    #[test]
    fn imports_follow_the_layers() {
        let (modules, uses) = module_uses();
        let table: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
        let unplaced: Vec<&String> = modules
            .iter()
            .filter(|m| !table.contains_key(m.as_str()))
            .collect();
        assert!(
            unplaced.is_empty(),
            "modules without a place in `LAYERS`: {unplaced:?}; add each with the modules it may use"
        );
        let mut wrong = Vec::new();
        for (from, targets) in &uses {
            for (to, files) in targets {
                if !table[from.as_str()].contains(&to.as_str()) {
                    let files: Vec<&str> = files.iter().map(String::as_str).collect();
                    wrong.push(format!(
                        "  {from} may not use {to} (in {})",
                        files.join(", ")
                    ));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "imports against the layering (move the code down, or place the module higher in `LAYERS`):\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn the_layer_table_is_itself_one_way() {
        // A module may only use modules listed before it, so the table
        // cannot allow a cycle.
        for (i, (module, allowed)) in LAYERS.iter().enumerate() {
            for dep in *allowed {
                let below = LAYERS[..i].iter().any(|(m, _)| m == dep);
                assert!(below, "`{module}` may use `{dep}`, which is not below it");
            }
        }
    }

    #[test]
    fn paths_in_groups_re_exports_and_super_chains_are_found() {
        let code = code_only(
            "use crate::{a, b::c, d::{e, f}};\npub(crate) use crate::g::H;\n\
             fn x() { crate::i::j(); let s = \"crate::not_me\"; } // crate::nor_me\n\
             use super::super::k::L;\n#[cfg(test)]\nmod tests { use crate::only_tests; }\n",
        );
        let code = without_tests(&code).expect("not all test code");
        let path = vec!["m".to_string(), "n".to_string()];
        let found = crate_paths(&code, &path);
        let names: Vec<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(names, ["a", "b", "d", "g", "i", "k"]);
    }

    #[test]
    fn a_cycle_is_found() {
        let mut graph = DiGraph::<&str, ()>::new();
        let a = graph.add_node("a");
        let b = graph.add_node("b");
        graph.add_edge(a, b, ());
        graph.add_edge(b, a, ());
        assert!(tarjan_scc(&graph).iter().any(|scc| scc.len() == 2));
    }
}
