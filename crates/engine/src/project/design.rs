//! What `workflow "<scenario>"` does with a design once it is made: refuse
//! one that fails the check (nothing written), write the YAML where asked
//! (atomically, never over a file without `force`), and report it, offline
//! or with a model. The designing itself is `design` in the core; nothing
//! here prints.

use std::fmt::{self, Write as _};
use std::path::Path;

use serde::Serialize;
use skill_chains_core::catalog::PersonaCatalog;
use skill_chains_core::check::{Diagnostic, Severity};
use skill_chains_core::design::Design;
use skill_chains_core::design::adapt::DeadlineVerdict;
use skill_chains_core::design::llm::LlmDesign;
use skill_chains_core::render::text::{Human, Out};
use skill_chains_core::render::wrap;

use super::files::{self, FileError};
use crate::event::Usage;

/// Why a design was not written.
#[derive(Debug, thiserror::Error)]
pub enum DesignError {
    #[error("the designed workflow has {0} error(s) (shown above); nothing was written")]
    Fails(usize),
    #[error(
        "the model's workflow still fails the check after {0} round(s) (last diagnostics above); nothing was written\nhelp: raise --max-repairs, or start from `skill-chains workflow` offline"
    )]
    StillFails(usize),
    #[error("the model gave no YAML workflow in {0} round(s); nothing was written")]
    NoYaml(usize),
    #[error(transparent)]
    File(#[from] FileError),
}

/// Where a design goes: the file asked for (`-` prints it), else `<id>.yaml`.
pub struct Target<'a> {
    pub output: Option<&'a str>,
    pub force: bool,
}

impl Target<'_> {
    /// The name the design is shown under (in diagnostics) for `id`.
    pub fn shown(&self, id: &str) -> String {
        self.output
            .map_or_else(|| format!("{id}.yaml"), str::to_string)
    }

    /// Write `yaml` where asked; `None` for `-`, where it is printed.
    fn place(&self, id: &str, yaml: &str) -> Result<Option<String>, FileError> {
        let target = self.shown(id);
        if target == "-" {
            return Ok(None);
        }
        let path = Path::new(&target);
        files::ensure_writable(path, self.force)?;
        files::write_with_schema(path, yaml)?;
        Ok(Some(target))
    }
}

/// A library design that passed the check and was placed.
#[derive(Serialize)]
pub struct Offline {
    mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Where the scoped alternative went, when there is one and the design
    /// was written to a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scoped_file: Option<String>,
    #[serde(flatten)]
    pub design: Design,
}

/// Refuse `design` when it fails the check, else write it to `target`.
pub fn place_offline(design: Design, target: &Target<'_>) -> Result<Offline, DesignError> {
    if !design.passes_check() {
        return Err(DesignError::Fails(errors(&design.diagnostics)));
    }
    // The scoped alternative goes beside the design, never over a file;
    // both are checked before either is written.
    let shown = target.shown(&design.id);
    let scoped_path = design
        .scoped
        .as_ref()
        .filter(|_| shown != "-")
        .map(|s| Path::new(&shown).with_file_name(format!("{}.yaml", s.id)));
    if let Some(path) = &scoped_path {
        files::ensure_writable(path, target.force)?;
    }
    let file = target.place(&design.id, &design.yaml)?;
    let scoped_file = match (&scoped_path, &design.scoped) {
        (Some(path), Some(scoped)) => {
            files::write_with_schema(path, &scoped.yaml)?;
            Some(path.display().to_string())
        }
        _ => None,
    };
    Ok(Offline {
        mode: "offline",
        file,
        scoped_file,
        design,
    })
}

/// A model's design that passed the check and was placed.
#[derive(Serialize)]
pub struct WithModel {
    mode: &'static str,
    /// The executor that answered (`claude`, `anthropic`, `openai`).
    client: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    usage: Usage,
    #[serde(flatten)]
    pub design: LlmDesign,
}

/// The id of the workflow a model designed, when its YAML reads.
pub fn designed_id(design: &LlmDesign, personas: &PersonaCatalog) -> Option<String> {
    let yaml = design.yaml.as_deref()?;
    skill_chains_core::format::load_workflow(yaml, personas)
        .workflow
        .map(|w| w.id)
}

/// Refuse a model's `design` that fails the check or gave no YAML, else
/// write it to `target` (named by `id`, or `design`).
pub fn place_with_model(
    design: LlmDesign,
    id: Option<String>,
    client: &'static str,
    usage: Usage,
    target: &Target<'_>,
) -> Result<WithModel, DesignError> {
    let rounds = design.rounds.len();
    let Some(yaml) = design.yaml.as_deref().filter(|_| design.passed) else {
        return Err(match design.yaml {
            Some(_) => DesignError::StillFails(rounds),
            None => DesignError::NoYaml(rounds),
        });
    };
    let file = target.place(id.as_deref().unwrap_or("design"), yaml)?;
    Ok(WithModel {
        mode: "llm",
        client,
        file,
        id,
        usage,
        design,
    })
}

fn errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

impl Human for Offline {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let d = &self.design;
        writeln!(out, "{} {}", out.bold("Designed"), out.bold(&d.name))?;
        for line in wrap(&format!("{} · {}", d.id, d.timeline), 78, usize::MAX) {
            writeln!(out, "  {}", out.dim(&line))?;
        }
        if let Some(f) = &d.forecast {
            writeln!(out, "  takes {}", f.text)?;
        }
        if let Some(dl) = &d.deadline {
            let text = dl.message.trim_start_matches("Deadline ");
            let label = match dl.verdict {
                DeadlineVerdict::Realistic => out.good("deadline:"),
                DeadlineVerdict::Tight => out.accent("deadline:"),
                _ => out.bad("deadline:"),
            };
            para(out, &label, "deadline:".len(), text)?;
        }
        writeln!(out, "{}", out.heading("Drawn from the library"))?;
        for s in &d.sources {
            let why: Vec<String> = s.why.iter().map(|w| w.shown()).collect();
            let detail = format!("score {:.2} · matched {}", s.score, why.join(", "));
            writeln!(out, "  {:<6} {}", s.role, s.id)?;
            for line in wrap(&detail, 71, usize::MAX) {
                writeln!(out, "         {}", out.dim(&line))?;
            }
        }
        writeln!(out, "{}", out.heading("Phases"))?;
        for (n, p) in d.phases.iter().enumerate() {
            let base = d.sources.first().map(|s| s.id.as_str());
            let detail = if base == Some(p.from.as_str()) {
                format!("{} step(s)", p.steps)
            } else if p.why.is_empty() {
                format!("{} step(s), from {}", p.steps, p.from)
            } else {
                format!(
                    "{} step(s), from {}, for {}",
                    p.steps,
                    p.from,
                    p.why.join(", ")
                )
            };
            let line = format!("  {}. {} ({})  ", n + 1, p.name, p.window);
            if line.chars().count() + detail.chars().count() <= 80 {
                writeln!(out, "{line}{}", out.dim(&detail))?;
            } else {
                writeln!(out, "{}", line.trim_end())?;
                for l in wrap(&detail, 74, usize::MAX) {
                    writeln!(out, "      {}", out.dim(&l))?;
                }
            }
        }
        for a in &d.added {
            writeln!(
                out,
                "  {} {} in \"{}\" ({}: \"{}\")",
                out.accent("+"),
                a.persona,
                a.phase,
                a.domain,
                a.cue
            )?;
            let from = a.from.as_deref().unwrap_or("the library");
            let why = format!("{} (from {from}; serves {})", a.action, a.why.join(", "));
            for line in wrap(&why, 76, usize::MAX) {
                writeln!(out, "    {}", out.dim(&line))?;
            }
        }
        if !d.targets.is_empty() {
            writeln!(out, "{}", out.heading("Targets, now success criteria"))?;
            for t in &d.targets {
                writeln!(
                    out,
                    "  {}  {} {} {}",
                    t.text,
                    t.metric,
                    t.op,
                    skill_chains_core::duration::trim_number(t.value) + " " + &t.unit
                )?;
            }
        }
        if let Some(s) = &d.scoped {
            writeln!(out, "{}", out.heading("Scoped to fit the deadline"))?;
            let keep = format!(
                "{}: {}, a {:.0}% chance",
                s.kept.join(", "),
                s.forecast.text,
                s.probability * 100.0
            );
            para(out, "  keep", 6, &keep)?;
            para(out, "  defer", 7, &s.deferred.join(", "))?;
        }
        for x in &d.dropped {
            writeln!(out, "  {} {} ({})", out.dim("-"), x.name, x.reason)?;
        }
        let shown_above = |n: &str| {
            d.deadline.as_ref().is_some_and(|dl| dl.message == n)
                || (d.scoped.is_some() && n.starts_with("Scoped to fit"))
        };
        for n in d.notes.iter().filter(|n| !shown_above(n)) {
            para(out, &out.accent("note:"), "note:".len(), n)?;
        }
        check_line(out, &d.diagnostics)?;
        written(out, &self.file)?;
        if let Some(f) = &self.scoped_file {
            writeln!(out, "wrote {f} (the scoped alternative)")?;
        }
        Ok(())
    }
}

impl Human for WithModel {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let d = &self.design;
        writeln!(
            out,
            "{} with {}: {} round(s), examples {}",
            out.bold("Designed"),
            self.client,
            d.rounds.len(),
            d.examples.join(", ")
        )?;
        for r in &d.rounds {
            let what = if r.yaml {
                format!("{} error(s), {} warning(s)", r.errors, r.warnings)
            } else {
                "no YAML in the answer".to_string()
            };
            writeln!(out, "  round {}: {what}", r.round + 1)?;
        }
        let u = &self.usage;
        if u.input_tokens + u.output_tokens > 0 {
            let tokens = format!(
                "{} input + {} output tokens, {}",
                u.input_tokens,
                u.output_tokens,
                skill_chains_core::render::text::money(u.cost_usd)
            );
            writeln!(out, "  {}", out.dim(&tokens))?;
        }
        check_line(out, &d.diagnostics)?;
        written(out, &self.file)
    }
}

fn check_line(out: &mut Out, diagnostics: &[Diagnostic]) -> fmt::Result {
    let errors = errors(diagnostics);
    let advice = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Advice)
        .count();
    let warnings = diagnostics.len() - errors - advice;
    let text = match (errors, warnings) {
        (0, 0) => out.good("check: clean"),
        (0, w) => out.good(&format!("check: passes, {w} warning(s)")),
        (e, w) => out.bad(&format!("check: {e} error(s), {w} warning(s)")),
    };
    writeln!(out, "{text}")?;
    if advice > 0 {
        writeln!(
            out,
            "review: {advice} advice (shown above; `check --review` for the report card)"
        )?;
    }
    Ok(())
}

/// `label text`, the text wrapped to 80 columns under itself.
fn para(out: &mut Out, label: &str, label_width: usize, text: &str) -> fmt::Result {
    let indent = label_width + 1;
    for (i, line) in wrap(text, 80 - indent, usize::MAX).iter().enumerate() {
        if i == 0 {
            writeln!(out, "{label} {line}")?;
        } else {
            writeln!(out, "{}{line}", " ".repeat(indent))?;
        }
    }
    Ok(())
}

fn written(out: &mut Out, file: &Option<String>) -> fmt::Result {
    match file {
        Some(f) => writeln!(out, "wrote {f}"),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_chains_core::catalog::Catalog;
    use skill_chains_core::design::{DesignOptions, design};

    fn dir(purpose: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("sc-design-{purpose}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn designed() -> Design {
        let scenario = "Migrate our payment service from Heroku to AWS in 4 months";
        design(scenario, &Catalog::builtin(), &DesignOptions::default()).unwrap()
    }

    #[test]
    fn a_passing_design_is_written_once_and_reported() {
        let d = designed();
        assert!(d.passes_check(), "{:?}", d.diagnostics);
        let out = dir("offline");
        let file = out.join("wf.yaml").display().to_string();
        let target = Target {
            output: Some(&file),
            force: false,
        };
        let placed = place_offline(d.clone(), &target).unwrap();
        assert_eq!(placed.file.as_deref(), Some(file.as_str()));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), d.yaml);
        let again = place_offline(d.clone(), &target);
        assert!(matches!(
            again,
            Err(DesignError::File(FileError::Exists { .. }))
        ));
        let json = serde_json::to_value(&placed).unwrap();
        assert_eq!(json["mode"], "offline");
        assert_eq!(json["id"], d.id.as_str());
        let mut text = Out::new(false);
        placed.human(&mut text).unwrap();
        assert!(text.text.starts_with("Designed "), "{}", text.text);
        assert!(
            text.text.contains(&format!("wrote {file}\n")),
            "{}",
            text.text
        );
        // 4 months for a 6-9 month migration: the scoped alternative is
        // written beside it, and not over an existing file either.
        let scoped = placed.scoped_file.as_deref().expect("a scoped file");
        assert!(std::fs::read_to_string(scoped).unwrap().contains("-scoped"));
        assert!(
            text.text
                .ends_with(&format!("wrote {scoped} (the scoped alternative)\n")),
            "{}",
            text.text
        );
        let other = out.join("other.yaml").display().to_string();
        let refused = place_offline(
            d.clone(),
            &Target {
                output: Some(&other),
                force: false,
            },
        );
        assert!(matches!(
            refused,
            Err(DesignError::File(FileError::Exists { .. }))
        ));
        assert!(
            !Path::new(&other).exists(),
            "nothing written when the scoped file exists"
        );
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn a_failing_design_is_refused_and_nothing_is_written() {
        let mut d = designed();
        d.diagnostics.push(Diagnostic::new(
            "E000",
            Severity::Error,
            Default::default(),
            "broken",
        ));
        let out = dir("refused");
        let file = out.join("wf.yaml").display().to_string();
        let target = Target {
            output: Some(&file),
            force: true,
        };
        let refused = place_offline(d, &target);
        assert!(matches!(refused, Err(DesignError::Fails(1))));
        assert!(!Path::new(&file).exists());
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn dash_prints_instead_of_writing() {
        let target = Target {
            output: Some("-"),
            force: false,
        };
        let placed = place_offline(designed(), &target).unwrap();
        assert!(placed.file.is_none());
        let default = Target {
            output: None,
            force: false,
        };
        assert_eq!(default.shown("rollout"), "rollout.yaml");
    }
}
