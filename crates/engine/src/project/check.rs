//! What `check` reports on the project's files: each source with its
//! diagnostics (located in their file for `--json`, rendered for a person by
//! the caller), the counts and the exit status. Reading the sources is
//! [`super::programs`]; nothing here prints.

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::check::{Diagnostic, Severity};
use skill_chains_core::compose::is_program_source;
use skill_chains_core::load::Checked;
use skill_chains_core::render::text::{Human, Out};

/// A diagnostic with the file it belongs to, for `--json`.
#[derive(Debug, Serialize)]
pub struct Located {
    pub file: String,
    pub line: u32,
    pub column: u32,
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

pub fn located(file: &str, d: &Diagnostic) -> Located {
    Located {
        file: file.to_string(),
        line: d.span.line,
        column: d.span.column,
        diagnostic: d.clone(),
    }
}

/// A source that was checked, or a name that could not be read (with why).
pub type Outcome = Result<Checked, (String, String)>;

#[derive(Serialize)]
struct FileReport {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    workflow: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unreadable: Option<String>,
    diagnostics: Vec<Located>,
    #[serde(skip)]
    rendered: Vec<String>,
}

/// `check`'s report: every file, then the counts.
#[derive(Serialize)]
pub struct CheckReport {
    files: Vec<FileReport>,
    /// How many of the files are programs.
    programs: usize,
    errors: usize,
    warnings: usize,
    /// Advice (SC2NN): never fails the check unless denied.
    advice: usize,
    /// What `--fix` changed, file by file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<Fixed>,
    /// A file could not be read (or its text was not a workflow at all).
    #[serde(skip)]
    unreadable: bool,
}

/// A file `check --fix` rewrote, or could not.
#[derive(Debug, Serialize)]
pub struct Fixed {
    pub file: String,
    /// How many fixes were made.
    pub fixes: usize,
    /// Why nothing was written (a built-in, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_written: Option<String>,
}

/// Add the advice (SC2NN) to every workflow that checked without errors.
pub fn add_advice(checked: &mut [Outcome], personas: &skill_chains_core::personas::PersonaCatalog) {
    for c in checked.iter_mut().flatten() {
        let Some(wf) = &c.workflow else { continue };
        if c.diagnostics.iter().any(|d| d.severity == Severity::Error) {
            continue;
        }
        c.diagnostics
            .extend(skill_chains_core::review::advise(wf, personas));
        skill_chains_core::check::sort(&mut c.diagnostics);
    }
}

/// A diagnostic as a person reads it: (diagnostic, file name, source text).
pub type Render<'a> = &'a dyn Fn(&Diagnostic, &str, &str) -> String;

/// How many diagnostics of one code in one list are rendered one by one;
/// the rest are counted in one line (`--json` lists them all). Ten
/// thousand copies of one mistake read no better than fifty, and cost the
/// terminal a thousand times more.
pub const SHOWN_PER_CODE: usize = 50;

/// `diagnostics` rendered for a person: the first [`SHOWN_PER_CODE`] of
/// each code one by one, then a line per code that had more, e.g.
/// `... and 9,950 more of SC016 (--json lists them all)`.
pub fn rendered<'d>(
    diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
    file: &str,
    text: &str,
    render: Render<'_>,
) -> Vec<String> {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    let mut out = Vec::new();
    for d in diagnostics {
        let count = match seen.iter_mut().find(|(code, _)| *code == d.code) {
            Some((_, n)) => n,
            None => {
                seen.push((d.code, 0));
                &mut seen.last_mut().expect("just pushed").1
            }
        };
        *count += 1;
        if *count <= SHOWN_PER_CODE {
            out.push(render(d, file, text));
        }
    }
    for (code, n) in seen {
        if n > SHOWN_PER_CODE {
            out.push(format!(
                "{file}: ... and {} more of {code} (`skill-chains explain {code}` says what it means; `--json` lists them all)\n",
                thousands(n - SHOWN_PER_CODE)
            ));
        }
    }
    out
}

/// `9950` as `9,950`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl CheckReport {
    /// The report on `checked`; each diagnostic is rendered with `render`
    /// when there is one (text output).
    pub fn new(checked: &[Outcome], render: Option<Render<'_>>) -> CheckReport {
        let mut unreadable = false;
        let mut files = Vec::new();
        for c in checked {
            match c {
                Err((name, why)) => {
                    unreadable = true;
                    files.push(FileReport {
                        file: name.clone(),
                        workflow: None,
                        unreadable: Some(why.clone()),
                        diagnostics: vec![],
                        rendered: vec![],
                    });
                }
                Ok(c) => {
                    let file = c.source.origin.display_name();
                    unreadable |= c.diagnostics.iter().any(|d| d.code == "SC000");
                    let rendered = match render {
                        None => vec![],
                        Some(render) => rendered(&c.diagnostics, &file, &c.source.text, render),
                    };
                    files.push(FileReport {
                        workflow: c.workflow.as_ref().map(|w| w.id.clone()),
                        diagnostics: c.diagnostics.iter().map(|d| located(&file, d)).collect(),
                        file,
                        unreadable: None,
                        rendered,
                    });
                }
            }
        }
        let all: Vec<&Diagnostic> = checked
            .iter()
            .filter_map(|c| c.as_ref().ok())
            .flat_map(|c| &c.diagnostics)
            .collect();
        let count = |s: Severity| all.iter().filter(|d| d.severity == s).count();
        let (errors, warnings, advice) = (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Advice),
        );
        let programs = checked
            .iter()
            .filter_map(|c| c.as_ref().ok())
            .filter(|c| is_program_source(&c.source.text))
            .count();
        CheckReport {
            files,
            programs,
            errors,
            warnings,
            advice,
            fixed: Vec::new(),
            unreadable,
        }
    }

    /// The exit status: 2 when a file could not be read, 1 on errors or on
    /// anything at or above the `deny` severity (`Warning`: warnings;
    /// `Advice`: warnings and advice), else 0.
    pub fn status(&self, deny: Option<Severity>) -> u8 {
        let denied = match deny {
            None | Some(Severity::Error) => false,
            Some(Severity::Warning) => self.warnings > 0,
            Some(Severity::Advice) => self.warnings + self.advice > 0,
        };
        if self.unreadable {
            2
        } else if self.errors > 0 || denied {
            1
        } else {
            0
        }
    }
}

impl Human for CheckReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for f in &self.fixed {
            match &f.not_written {
                Some(why) => writeln!(out, "{}: {} fix(es) not written: {why}", f.file, f.fixes)?,
                None => writeln!(out, "{}: made {} fix(es)", f.file, f.fixes)?,
            }
        }
        for f in &self.files {
            if let Some(why) = &f.unreadable {
                writeln!(out, "{}: {}", out.bad("error"), why)?;
            }
            for r in &f.rendered {
                writeln!(out, "{r}")?;
            }
        }
        let clean = self
            .files
            .iter()
            .filter(|f| {
                f.unreadable.is_none()
                    && f.diagnostics
                        .iter()
                        .all(|d| d.diagnostic.severity == Severity::Advice)
            })
            .count();
        let programs = match self.programs {
            0 => String::new(),
            n => format!(" and {n} program(s)"),
        };
        let advice = match self.advice {
            0 => String::new(),
            n => format!(", {n} advice"),
        };
        let summary = format!(
            "checked {} workflow(s){programs}: {} clean, {} error(s), {} warning(s){advice}",
            self.files.len() - self.programs,
            clean,
            self.errors,
            self.warnings
        );
        let summary = if self.errors > 0 {
            out.bad(&summary)
        } else {
            out.good(&summary)
        };
        writeln!(out, "{summary}")
    }
}

/// `check --review`: the report card of each workflow, and what was not
/// reviewed (programs, unreadable files) with why.
#[derive(Serialize)]
pub struct ReviewReport {
    pub cards: Vec<skill_chains_core::review::ReportCard>,
    pub not_reviewed: Vec<NotReviewed>,
}

#[derive(Serialize)]
pub struct NotReviewed {
    pub file: String,
    pub why: String,
}

impl ReviewReport {
    /// Review every checked workflow of `checked`.
    pub fn new(
        checked: &[Outcome],
        personas: &skill_chains_core::personas::PersonaCatalog,
    ) -> ReviewReport {
        let mut cards = Vec::new();
        let mut not_reviewed = Vec::new();
        for c in checked {
            match c {
                Err((file, why)) => not_reviewed.push(NotReviewed {
                    file: file.clone(),
                    why: why.clone(),
                }),
                Ok(c) => match &c.workflow {
                    Some(wf) => cards.push(skill_chains_core::review::review(
                        wf,
                        &c.diagnostics,
                        personas,
                    )),
                    None => not_reviewed.push(NotReviewed {
                        file: c.source.origin.display_name(),
                        why: if is_program_source(&c.source.text) {
                            "a program: review its workflows one by one".into()
                        } else {
                            "not readable as a workflow".into()
                        },
                    }),
                },
            }
        }
        ReviewReport {
            cards,
            not_reviewed,
        }
    }

    /// 1 when a card shows errors, or anything at or above `deny`; else 0.
    pub fn status(&self, deny: Option<Severity>) -> u8 {
        use skill_chains_core::review::Status;
        let fails = |s: Status| match s {
            Status::Error => true,
            Status::Warning => matches!(deny, Some(Severity::Warning | Severity::Advice)),
            Status::Advice => deny == Some(Severity::Advice),
            _ => false,
        };
        let failed = self
            .cards
            .iter()
            .any(|c| c.principles.iter().any(|l| fails(l.status)));
        u8::from(failed)
    }
}

impl Human for ReviewReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for (i, card) in self.cards.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            card.human(out)?;
        }
        for n in &self.not_reviewed {
            writeln!(out, "{}: not reviewed: {}", n.file, n.why)?;
        }
        Ok(())
    }
}
