//! The text of `show <workflow>`: the workflow as a person reads it, phase
//! by phase, with its steps, deliverables, checkpoints and decisions.

use std::fmt::{self, Write};

use crate::format::view::WorkflowView;
use crate::format::write::estimate_text;
use crate::render::text::{Human, Out};
use crate::span::Sp;

impl Human for WorkflowView {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let wf = &self.workflow;
        let title = out.bold(&wf.name.value);
        writeln!(
            out,
            "{title}  {}",
            out.dim(&format!("({}, v{})", wf.id, wf.version))
        )?;
        let mut facts = Vec::new();
        if let Some(c) = &wf.category {
            facts.push(c.clone());
        }
        if let Some(t) = &wf.timeline {
            facts.push(format!("Timeline: {}", t.text));
        }
        if !facts.is_empty() {
            writeln!(out, "{}", facts.join(" · "))?;
        }
        if let Some(d) = &wf.description {
            writeln!(out, "{d}")?;
        }
        if let Some(t) = &wf.trigger {
            writeln!(out, "{} {t}", out.bold("Trigger:"))?;
        }
        if !wf.inputs.is_empty() {
            let inputs: Vec<&str> = wf.inputs.iter().map(|i| i.value.as_str()).collect();
            writeln!(out, "{} {}", out.bold("Inputs:"), inputs.join(", "))?;
        }
        for (n, p) in wf.phases.iter().enumerate() {
            let window = p
                .window
                .as_ref()
                .map(|w| format!(" ({})", w.text.value))
                .unwrap_or_default();
            let heading = out.heading(&format!("Phase {}: {}{window}", n + 1, p.name.value));
            writeln!(
                out,
                "\n{heading}  {}",
                out.dim(&format!("id: {}", p.id.value))
            )?;
            if !p.skills.is_empty() {
                let skills: Vec<&str> = p.skills.iter().map(|s| s.written.as_str()).collect();
                writeln!(out, "  {} {}", out.bold("Skills:"), skills.join(", "))?;
            }
            for (i, s) in p.steps.iter().enumerate() {
                writeln!(
                    out,
                    "  {}. {}: {}",
                    i + 1,
                    out.accent(&s.persona.written),
                    s.action.value
                )?;
                let mut extra = vec![format!("id {}", s.id.value)];
                if !s.inputs.is_empty() {
                    extra.push(format!("needs {}", join(&s.inputs)));
                }
                if !s.outputs.is_empty() {
                    extra.push(format!("makes {}", join(&s.outputs)));
                }
                if !s.after.is_empty() {
                    extra.push(format!("after {}", join(&s.after)));
                }
                if let Some(e) = s.estimate() {
                    extra.push(format!("estimate {}", estimate_text(&e, wf.calendar)));
                }
                writeln!(out, "     {}", out.dim(&extra.join(" · ")))?;
            }
            if let Some(d) = &p.deliverable {
                let artifact = d
                    .artifact
                    .as_ref()
                    .map(|a| out.dim(&format!(" [{a}]")))
                    .unwrap_or_default();
                writeln!(out, "  {} {}{artifact}", out.bold("Deliverable:"), d.text)?;
            }
            if let Some(c) = &p.checkpoint {
                let who = c
                    .approver
                    .as_ref()
                    .map(|a| a.written.as_str())
                    .unwrap_or("(no approver)");
                let mut line = format!("{who} approves");
                if !c.requires.is_empty() {
                    line.push_str(&format!("; requires {}", join(&c.requires)));
                }
                if let Some(t) = &c.text {
                    line.push_str(&format!(" — {t}"));
                }
                writeln!(out, "  {} {line}", out.bold("Checkpoint:"))?;
            }
            for d in &p.decisions {
                let cond = d
                    .condition
                    .as_ref()
                    .map(|c| format!("if {}", c.value))
                    .unwrap_or_default();
                let goto = d
                    .goto
                    .as_ref()
                    .map(|g| format!(" → {}", g.value))
                    .unwrap_or_default();
                let bound = d
                    .max_loops
                    .as_ref()
                    .map(|m| format!(" (at most {}×)", m.value))
                    .unwrap_or_default();
                let text = d
                    .text
                    .as_ref()
                    .map(|t| format!("{t}: "))
                    .unwrap_or_default();
                writeln!(out, "  {} {text}{cond}{goto}{bound}", out.bold("Decision:"))?;
            }
        }
        if !wf.success_criteria.is_empty() {
            writeln!(out, "\n{}", out.heading("Success Criteria"))?;
            for c in &wf.success_criteria {
                let metrics: Vec<String> = c.metrics.iter().map(|m| m.to_string()).collect();
                let metrics = if metrics.is_empty() {
                    String::new()
                } else {
                    out.dim(&format!("  [{}]", metrics.join("; ")))
                };
                writeln!(out, "  - {}{metrics}", c.text)?;
            }
        }
        list(out, "Common Pitfalls", &wf.pitfalls)?;
        list(out, "Retrospective Questions", &wf.retrospective)?;
        list(out, "Notes", &wf.notes)
    }
}

fn join(items: &[Sp<String>]) -> String {
    items
        .iter()
        .map(|i| i.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(out: &mut Out, title: &str, items: &[String]) -> fmt::Result {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{}", out.heading(title))?;
    for i in items {
        writeln!(out, "  - {i}")?;
    }
    Ok(())
}
