//! `check`: every rule a playbook can break, one file per rule.
//!
//! A rule has a stable code (`SC001`), a one-line summary, a longer
//! explanation (`skill-chains explain SC001`) and a default severity. Rules
//! that concern the text itself (YAML syntax, unknown keys, unreadable time
//! expressions) are reported while reading; the others run on the model.

pub mod advice;
pub(crate) mod program_rules;
pub(crate) mod rules;

pub use crate::diagnostic::{Diagnostic, RuleInfo, Severity};

use crate::format::{self, Loaded};
use crate::model::{CheckedWorkflow, Workflow};
use crate::personas::PersonaCatalog;

/// What rules see besides the workflow.
pub struct Context<'a> {
    pub personas: &'a PersonaCatalog,
}

/// A rule over the checked model.
pub(crate) trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    fn check(&self, workflow: &Workflow, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Every rule, in code order, for `explain` and documentation.
pub fn rules() -> Vec<&'static RuleInfo> {
    let mut all: Vec<&'static RuleInfo> = rules::TEXT_RULES.to_vec();
    all.extend(rules::MODEL_RULES.iter().map(|r| r.info()));
    all.extend(rules::ADVICE_RULES.iter().map(|r| r.info()));
    all.extend(program_rules::TEXT_RULES);
    all.extend(program_rules::PROGRAM_RULES.iter().map(|r| r.info()));
    all.sort_by_key(|r| r.code);
    all
}

/// Look a rule up by code (`SC001`, case-insensitive) or name.
pub fn rule(code_or_name: &str) -> Option<&'static RuleInfo> {
    rules()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The result of checking one source.
#[derive(Debug)]
pub struct Report {
    /// The model, when the text could be read at all.
    pub workflow: Option<Workflow>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The checked workflow when there is no error, else the report back.
    /// A fact the rules should have proved but did not becomes an error of
    /// the rule that missed it, so nothing half-valid gets through.
    pub fn into_checked(mut self) -> Result<CheckedWorkflow, Box<Report>> {
        if self.has_errors() {
            return Err(Box::new(self));
        }
        let Some(workflow) = self.workflow.take() else {
            return Err(Box::new(self));
        };
        match CheckedWorkflow::resolve(workflow) {
            Ok(checked) => Ok(checked),
            Err(back) => {
                let (e, workflow) = *back;
                self.diagnostics
                    .push(Diagnostic::new(e.code, Severity::Error, e.span, e.message));
                self.workflow = Some(workflow);
                Err(Box::new(self))
            }
        }
    }
}

/// Run the model rules on an already-lowered workflow.
pub fn check_model(workflow: &Workflow, cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in rules::MODEL_RULES {
        rule.check(workflow, cx, &mut out);
    }
    out
}

/// Run the program rules (SC1xx) on a lowered program.
pub fn check_program(program: &crate::model::Program) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in program_rules::PROGRAM_RULES {
        rule.check(program, &mut out);
    }
    out
}

thread_local! {
    /// How many sources this thread has checked: what lets a test prove
    /// that a command checks each source once.
    static CHECKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many workflow sources this thread has checked with [`check_source`].
pub fn sources_checked() -> usize {
    CHECKS.with(|c| c.get())
}

/// Read, lower and check a workflow source in one go.
pub fn check_source(source: &str, personas: &PersonaCatalog) -> Report {
    CHECKS.with(|c| c.set(c.get() + 1));
    let Loaded {
        workflow,
        mut diagnostics,
    } = format::load_workflow(source, personas);
    if let Some(wf) = &workflow {
        diagnostics.extend(check_model(wf, &Context { personas }));
    }
    sort(&mut diagnostics);
    Report {
        workflow,
        diagnostics,
    }
}

/// Order diagnostics by position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.line, a.span.column, a.code).cmp(&(b.span.line, b.span.column, b.code))
    });
}
