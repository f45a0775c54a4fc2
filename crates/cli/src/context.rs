//! What every command needs: output settings and the catalog (built-in
//! personas plus the project's), loaded once.

use std::path::{Path, PathBuf};

use skill_chains_core::catalog::{Catalog, PersonaCatalog};
use skill_chains_core::check::{Diagnostic, Severity};
use skill_chains_core::compose::Program;
use skill_chains_core::model::{CheckedWorkflow, Workflow};
use skill_chains_engine::project::programs::{self, Found};

use crate::cli::Cli;
use crate::config::Config;
use crate::diagnostics;
use crate::load::{self, Checked, Source, check_text};
use crate::output::{self, Failed};

/// A workflow or a program named on the command line, without errors.
pub enum Document {
    Program(Program),
    Workflow(Box<CheckedWorkflow>, Source),
}

/// A workflow or a program named on the command line, to display as it is
/// written: a workflow may have errors (see [`Context::shown`]).
pub enum Shown {
    Program(Program),
    Workflow(Box<Workflow>),
}

pub struct Context {
    pub json: bool,
    pub color: bool,
    pub catalog: Catalog,
    pub config: Config,
    pub config_path: Option<PathBuf>,
}

impl Context {
    pub fn new(cli: &Cli) -> anyhow::Result<Context> {
        Context::load(
            cli.config.as_deref(),
            cli.json,
            output::use_color(cli.color),
        )
    }

    /// The context for a configuration file (default: ./skill-chains.yaml
    /// if present) and output settings.
    pub fn load(config: Option<&Path>, json: bool, color: bool) -> anyhow::Result<Context> {
        let (config, config_path) = Config::load(config)?;
        let mut personas = PersonaCatalog::builtin();
        let extra = config.personas();
        let catalog = if extra.is_empty() {
            Catalog::builtin()
        } else {
            personas.extend(extra);
            Catalog::with_personas(personas)
        };
        Ok(Context {
            json,
            color,
            catalog,
            config,
            config_path,
        })
    }

    /// What a name means, read once and checked once: a program or a
    /// workflow, either without errors (errors go to stderr and fail the
    /// command, as [`Context::workflow`]).
    pub fn document(&self, name: &str) -> anyhow::Result<Document> {
        Ok(match programs::document(name, &self.catalog)? {
            Found::Program(source) => Document::Program(crate::program::check(source, self)?.0),
            Found::Workflow(source) => {
                let (wf, source) = check_text(source, &self.catalog)
                    .into_clean()
                    .map_err(|checked| self.refuse(&checked))?;
                Document::Workflow(Box::new(wf), source)
            }
        })
    }

    /// What a name means, for the commands that only display it (`show`,
    /// `export`): a program without errors as [`Context::document`] has
    /// it, or a workflow as written, errors and all (see
    /// [`Context::as_written`]).
    pub fn shown(&self, name: &str) -> anyhow::Result<(Shown, Option<anyhow::Error>)> {
        Ok(match programs::document(name, &self.catalog)? {
            Found::Program(source) => {
                (Shown::Program(crate::program::check(source, self)?.0), None)
            }
            Found::Workflow(source) => {
                let (wf, errors) = self.as_written(check_text(source, &self.catalog))?;
                (Shown::Workflow(Box::new(wf)), errors)
            }
        })
    }

    /// A workflow to display even when it has errors: a playbook being
    /// written can still be looked at. Its errors are printed to stderr and
    /// come back as the failure the command ends with after its output
    /// (status 1). A text that could not be read (SC000) has nothing to
    /// show and is refused as everywhere else.
    pub fn as_written(
        &self,
        checked: Checked,
    ) -> anyhow::Result<(Workflow, Option<anyhow::Error>)> {
        match checked.into_clean() {
            Ok((wf, _)) => Ok((wf.into_workflow(), None)),
            Err(checked) => {
                let failure = self.refuse(&checked);
                let unreadable = checked.diagnostics.iter().any(|d| d.code == "SC000");
                match checked.workflow {
                    Some(wf) if !unreadable => Ok((wf, Some(failure))),
                    _ => Err(failure),
                }
            }
        }
    }

    /// Read and check a workflow without judging it.
    pub fn checked(&self, name: &str) -> anyhow::Result<Checked> {
        load::checked(name, &self.catalog)
    }

    /// A workflow that has no errors, for commands that plan or run it.
    /// Errors are printed to stderr and the command fails with status 1.
    pub fn workflow(&self, name: &str) -> anyhow::Result<(CheckedWorkflow, Source)> {
        self.checked(name)?
            .into_clean()
            .map_err(|checked| self.refuse(&checked))
    }

    /// The failure for a source that has errors: each error printed to
    /// stderr; status 1, or 2 when the text could not be read (SC000).
    pub fn refuse(&self, checked: &Checked) -> anyhow::Error {
        let file = checked.source.origin.display_name();
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let color = self.stderr_color();
        let render =
            |d: &Diagnostic, file: &str, text: &str| diagnostics::render(d, file, text, color);
        for text in skill_chains_engine::project::check::rendered(
            errors.iter().copied(),
            &file,
            &checked.source.text,
            &render,
        ) {
            eprint!("{text}");
        }
        let status = if checked.diagnostics.iter().any(|d| d.code == "SC000") {
            2
        } else {
            1
        };
        Failed {
            status,
            message: format!(
                "{file} has {} error(s); `skill-chains check {file}` shows them all",
                errors.len()
            ),
        }
        .into()
    }

    pub fn stderr_color(&self) -> bool {
        use std::io::IsTerminal;
        self.color && std::io::stderr().is_terminal()
    }
}
