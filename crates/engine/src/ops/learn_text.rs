//! How learning reads on a terminal: a run's retrospective (text or
//! Markdown), a proposal, an applied version and a workflow's history: the
//! text views of the learning operations' data. They compute nothing the
//! data lacks.

use std::fmt::{self, Write};

use skill_chains_core::learn::diff;
use skill_chains_core::learn::retro::StepActual;
use skill_chains_core::render::text::{Human, Out, fit};

use super::text::{criteria_lines, working};
use super::{Applied, History, Proposed, Retrospective};
use skill_chains_core::duration::Calendar;

/// Working time in the unit that reads best: seconds for an automated step,
/// hours or days for a person's.
fn time_cell(m: Option<f64>, calendar: Calendar) -> String {
    m.map(|m| working(m, calendar))
        .unwrap_or_else(|| "-".into())
}

/// A step's actual effort: its working time, `unmeasured` when it finished with
/// nothing stated, a `?` after a suspect figure.
fn step_effort(s: &StepActual, c: Calendar) -> String {
    match (s.actual_effort, s.actual_finish) {
        (None, Some(_)) => "unmeasured".into(),
        (Some(_), _) if s.suspect => format!("{}?", time_cell(s.actual_effort, c)),
        (effort, _) => time_cell(effort, c),
    }
}

impl Human for Retrospective {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let md = self.markdown;
        let c = self.calendar;
        let title = format!(
            "Retrospective of {} ({} v{}, {})",
            self.run, self.workflow, self.version, self.status
        );
        if md {
            writeln!(out, "# {title}\n\n## Planned vs actual\n")?;
            writeln!(
                out,
                "| phase / step | planned effort | actual effort | planned finish | actual finish |"
            )?;
            writeln!(out, "| --- | --- | --- | --- | --- |")?;
        } else {
            writeln!(
                out,
                "{}\n{}",
                out.bold(&title),
                out.heading("Planned vs actual (working time)")
            )?;
            writeln!(
                out,
                "  {} {:>10} {:>10} {:>10} {:>10}",
                fit("phase / step", 32),
                "planned",
                "actual",
                "plan end",
                "end"
            )?;
        }
        for p in &self.phases {
            let cells = [
                p.phase.clone(),
                time_cell(Some(p.planned_effort), c),
                time_cell(p.actual_effort, c),
                time_cell(Some(p.planned_finish), c),
                time_cell(p.actual_finish, c),
            ];
            row(out, md, &cells)?;
            for s in self.steps.iter().filter(|s| s.phase == p.phase) {
                let cells = [
                    format!("  {}", s.step),
                    time_cell(Some(s.planned_effort), c),
                    step_effort(s, c),
                    time_cell(Some(s.planned_finish), c),
                    time_cell(s.actual_finish, c),
                ];
                row(out, md, &cells)?;
            }
        }
        if !self.criteria.is_empty() {
            writeln!(
                out,
                "{}",
                if md {
                    "\n## Success criteria\n".to_string()
                } else {
                    out.heading("Success criteria")
                }
            )?;
            criteria_lines(out, &self.criteria)?;
        }
        writeln!(
            out,
            "{}",
            if md {
                "\n## Questions\n".to_string()
            } else {
                out.heading("Questions")
            }
        )?;
        for q in &self.questions {
            let bullet = if md { "-" } else { " " };
            writeln!(
                out,
                "{bullet} {} [{}] {}",
                q.question.id, q.question.source, q.question.text
            )?;
            if let Some(e) = &q.question.evidence {
                writeln!(out, "    evidence: {e}")?;
            }
            if let Some(a) = &q.answer {
                writeln!(out, "    answer: {a}")?;
            }
        }
        Ok(())
    }
}

fn row(out: &mut Out, md: bool, c: &[String; 5]) -> fmt::Result {
    if md {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            c[0].trim(),
            c[1],
            c[2],
            c[3],
            c[4]
        )
    } else {
        writeln!(
            out,
            "  {} {:>10} {:>10} {:>10} {:>10}",
            fit(&c[0], 32),
            c[1],
            c[2],
            c[3],
            c[4]
        )
    }
}

impl Human for Proposed {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let title = format!(
            "Proposal for {}: version {} -> {}, from {}",
            self.workflow, self.from, self.to, self.run
        );
        writeln!(out, "{}", out.bold(&title))?;
        for n in &self.notes {
            writeln!(out, "  {}", out.dim(&format!("note: {n}")))?;
        }
        if self.suggestions.is_empty() {
            return Ok(());
        }
        writeln!(out, "{}", out.heading("Suggestions"))?;
        for s in &self.suggestions {
            let kind = serde_json::to_value(s.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let at = if s.path.is_empty() {
                String::new()
            } else {
                format!(" {}", s.path)
            };
            writeln!(out, "  {kind}{at}: {}", s.text)?;
            writeln!(out, "    {}", out.dim(&format!("why: {}", s.why)))?;
        }
        writeln!(
            out,
            "{}",
            out.heading(&format!("What changes ({})", self.summary))
        )?;
        for line in diff::render(&self.changes).lines() {
            writeln!(out, "  {line}")?;
        }
        writeln!(out, "{}", out.heading("Patch"))?;
        out.write_str(&self.patch)?;
        if let Some(f) = &self.file {
            writeln!(
                out,
                "\nproposal written to {f}\nnext: review it (edit it if you like), then `skill-chains apply {f}`"
            )?;
        }
        Ok(())
    }
}

impl Human for Applied {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{} is now version {} (was {}): written to {}",
            out.bold(&self.workflow),
            self.to,
            self.from,
            self.written
        )?;
        for k in &self.kept {
            writeln!(out, "  kept {k}")?;
        }
        for n in &self.notes {
            writeln!(out, "  {}", out.dim(&format!("note: {n}")))?;
        }
        Ok(())
    }
}

impl Human for History {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{}: {} version(s), current v{} ({})",
            out.bold(&self.workflow),
            self.versions.len(),
            self.current,
            self.home
        )?;
        for r in &self.versions {
            let mark = if r.current { "*" } else { " " };
            writeln!(
                out,
                "{mark} {} {} {}  {}",
                fit(&format!("v{}", r.version), 4),
                fit(r.saved.as_deref().unwrap_or("-"), 20),
                fit(&r.source, 44),
                r.summary
            )?;
        }
        Ok(())
    }
}
