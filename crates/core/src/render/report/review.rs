//! The report card as text: one line per principle (status and evidence,
//! wrapped to fit 80 columns), then the summary.

use std::fmt::{self, Write};

use crate::render::text::{Human, Out, fit};
use crate::render::wrap;
use crate::review::{ReportCard, Status};

/// Columns before the evidence: number, title, status.
const NUMBER: usize = 3;
const TITLE: usize = 28;
const STATUS: usize = 9;
const WIDTH: usize = 80;

impl Human for ReportCard {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for line in wrap(&format!("{} ({})", self.name, self.workflow), WIDTH, 3) {
            writeln!(out, "{}", out.heading(&line))?;
        }
        let indent = NUMBER + TITLE + STATUS;
        for l in &self.principles {
            let status = fit(l.status.name(), STATUS);
            let status = match l.status {
                Status::Met | Status::Reasoned => out.good(&status),
                Status::NotApplicable => out.dim(&status),
                Status::Advice => out.accent(&status),
                Status::Warning | Status::Error => out.bad(&status),
            };
            let evidence = wrap(&l.evidence.join("; "), WIDTH - indent, 12);
            let mut lines = evidence.iter();
            writeln!(
                out,
                "{:>2} {}{status}{}",
                l.principle,
                fit(l.title, TITLE),
                lines.next().map(String::as_str).unwrap_or("")
            )?;
            for rest in lines {
                writeln!(out, "{}{rest}", " ".repeat(indent))?;
            }
        }
        for line in wrap(&self.summary, WIDTH, 6) {
            writeln!(out, "{}", out.bold(&line))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::Library;
    use crate::check::check_source;
    use crate::personas::PersonaCatalog;
    use crate::render::text::{Human, Out};

    #[test]
    fn every_card_fits_80_columns() {
        let personas = PersonaCatalog::builtin();
        for (file, text) in Library::sources() {
            let report = check_source(text, &personas);
            let wf = report.workflow.unwrap();
            let card = crate::review::review(&wf, &report.diagnostics, &personas);
            let mut out = Out::new(false);
            card.human(&mut out).unwrap();
            for line in out.text.lines() {
                assert!(line.chars().count() <= 80, "{file}: {line}");
            }
            assert!(out.text.lines().count() >= 12, "{file}");
        }
    }
}
