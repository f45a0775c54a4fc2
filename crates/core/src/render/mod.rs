//! Every output format: pure functions from checked values (a workflow, a
//! program, a planner's Gantt chart) to text for people and other tools.
//!
//! - [`mermaid`], [`dot`]: a workflow's flow as a Mermaid flowchart or
//!   Graphviz DOT (both from [`flow`]'s one model); [`html`]: a
//!   self-contained page with the flow drawn as inline SVG.
//! - [`gantt`]: a schedule as terminal text, Mermaid `gantt` or SVG.
//! - [`program`]: a program's workflows and handoffs as a diagram or page.
//! - [`markdown`]: a workflow in the seed's Markdown style.
//! - [`claude`]: the Claude Code files (slash commands, skill, `.mcp.json`).
//! - [`template`]: a new workflow scaffolded from the design template.
//! - [`text`]: text for a terminal ([`text::Out`], [`text::Human`]).
//!
//! Text from the model goes through [`escape`], one module per target
//! language; no writer escapes by hand. Nothing here does I/O or computes a
//! plan: planning, checking and program semantics stay in their modules.

pub mod claude;
pub mod dot;
pub mod escape;
pub(crate) mod flow;
pub mod gantt;
pub mod html;
pub mod markdown;
pub mod mermaid;
pub mod program;
#[cfg(test)]
mod props;
pub mod report;
mod svg;
pub mod template;
pub mod text;

/// `text` cut to `max` characters with an ellipsis.
pub(crate) fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s = s.trim_end().to_string();
    s.push('…');
    s
}

/// Words of `text` in lines of at most `width` characters, at most `lines` lines.
pub fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    if out.len() > lines {
        let rest = out[lines - 1..].join(" ");
        out.truncate(lines - 1);
        out.push(cut(&rest, width));
    }
    out.into_iter().map(|l| cut(&l, width)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_short() {
        let w = wrap(
            "Assess current monolith (codebase size, dependencies, team structure)",
            20,
            2,
        );
        assert_eq!(w.len(), 2);
        assert!(w.iter().all(|l| l.chars().count() <= 20), "{w:?}");
        assert!(w[1].ends_with('…'));
    }
}
