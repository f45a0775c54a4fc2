//! The text of `show <program>` and `list --programs`: a program's workflows
//! and handoffs for a person, the built-in programs as a table.

use std::fmt::{self, Write};

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};

use crate::compose::view::{ProgramList, ProgramView};
use crate::render::text::{Human, Out};

impl Human for ProgramView {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let title = out.bold(&self.name);
        writeln!(
            out,
            "{title}  {}",
            out.dim(&format!("(program {}, v{})", self.id, self.version))
        )?;
        if let Some(d) = &self.description {
            writeln!(out, "{d}")?;
        }
        if let Some(t) = &self.trigger {
            writeln!(out, "{} {t}", out.bold("Trigger:"))?;
        }
        writeln!(out, "\n{}", out.heading("Workflows"))?;
        for m in &self.workflows {
            let timeline = m
                .timeline
                .as_deref()
                .map(|t| format!(" · {t}"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}  {}  {}",
                out.accent(&m.id),
                m.name,
                out.dim(&format!(
                    "{}{timeline} · {} phases",
                    m.workflow,
                    m.phases.len()
                ))
            )?;
            if !m.delivers.is_empty() {
                writeln!(
                    out,
                    "     {}",
                    out.dim(&format!("delivers {}", m.delivers.join(", ")))
                )?;
            }
        }
        writeln!(out, "\n{}", out.heading("Handoffs"))?;
        for (n, h) in self.handoffs.iter().enumerate() {
            writeln!(out, "  {}. {} {}", n + 1, out.bold(h.pattern), h.summary)?;
            if h.gate.is_some() || !h.requires.is_empty() {
                let requires = if h.requires.is_empty() {
                    String::new()
                } else {
                    out.dim(&format!(" [requires {}]", h.requires.join(", ")))
                };
                writeln!(
                    out,
                    "     {} {}{requires}",
                    out.bold("Gate:"),
                    h.gate.as_deref().unwrap_or("")
                )?;
            }
            if !h.contracts.is_empty() {
                writeln!(
                    out,
                    "     {} {}",
                    out.bold("Contracts:"),
                    h.contracts.join(", ")
                )?;
            }
            if let Some(r) = &h.rollback {
                writeln!(out, "     {} {r}", out.bold("Rollback:"))?;
            }
        }
        if !self.notes.is_empty() {
            writeln!(out, "\n{}", out.heading("Notes"))?;
            for n in &self.notes {
                writeln!(out, "  - {n}")?;
            }
        }
        Ok(())
    }
}

impl Human for ProgramList {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let mut t = Table::new();
        t.load_style(UTF8_BORDERS_ONLY);
        t.set_header(["ID", "NAME", "WORKFLOWS", "HANDOFFS"]);
        for r in &self.programs {
            t.add_row([
                r.id.clone(),
                r.name.clone(),
                r.workflows.join(", "),
                r.patterns.join(", "),
            ]);
        }
        writeln!(
            out,
            "{t}\n{} program(s); `skill-chains show <id>` for one",
            self.programs.len()
        )
    }
}
