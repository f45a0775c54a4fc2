//! Programs made from workflows named on the command line (`sequence`,
//! `converge`): each member's unique alias, the gate a handoff gets when none
//! is given, and the program file to write. Pure: the caller resolves names
//! to workflows and references, checks the result and writes it.

use crate::format::program::{RawGate, RawHandoff, RawMember, RawProgram};
use crate::model::{Workflow, kebab_case};
use crate::span::Sp;

/// A workflow named on the command line, as a program file refers to it.
pub struct Named {
    pub workflow: Workflow,
    /// A built-in id, or the file's path relative to the program's directory.
    pub reference: String,
    /// Unique within the program.
    pub alias: String,
}

/// Give each workflow (with its reference) an alias unique in the program:
/// its id, or `id-2`, `id-3`... when the id is taken.
pub fn named(members: Vec<(Workflow, String)>) -> Vec<Named> {
    let mut out: Vec<Named> = Vec::with_capacity(members.len());
    for (workflow, reference) in members {
        let mut alias = workflow.id.clone();
        let mut n = 2;
        while out.iter().any(|o| o.alias == alias) {
            alias = format!("{}-{n}", workflow.id);
            n += 1;
        }
        out.push(Named {
            workflow,
            reference,
            alias,
        });
    }
    out
}

/// The gate a handoff gets when none is given: the delivering workflow's
/// last deliverable.
pub fn default_gate(wf: &Workflow) -> RawGate {
    let last = wf.phases.iter().rev().find_map(|p| p.deliverable.as_ref());
    RawGate {
        text: Some(match last {
            Some(d) => format!("{}: {}", wf.name.value, d.text),
            None => format!("{} complete", wf.name.value),
        }),
        requires: last
            .and_then(|d| d.artifact.clone())
            .map(Sp::bare)
            .into_iter()
            .collect(),
    }
}

/// The program called `name` of the `named` members (as they were resolved)
/// joined by `handoffs`; its id is the kebab-case of the name.
pub fn program(name: String, named: &[Named], handoffs: Vec<Sp<RawHandoff>>) -> RawProgram {
    let id = kebab_case(&name);
    RawProgram {
        id: Some(Sp::bare(id)),
        name: Sp::bare(name),
        version: Some(Sp::bare(1)),
        workflows: named
            .iter()
            .map(|n| {
                Sp::bare(RawMember {
                    id: (n.alias != n.reference).then(|| Sp::bare(n.alias.clone())),
                    workflow: Sp::bare(n.reference.clone()),
                    delivers: Vec::new(),
                })
            })
            .collect(),
        handoffs,
        ..RawProgram::default()
    }
}

/// The file text of a program `skill-chains <command>` generated: a schema
/// line, a line on how it was made, then its YAML.
pub fn file_text(raw: &RawProgram, command: &str) -> String {
    use crate::format::schema::{MODELINE, SCHEMA_DIR};
    format!(
        "{MODELINE}{SCHEMA_DIR}/program.schema.json\n\
         # Written by `skill-chains {command}`. `skill-chains check` on this file validates it.\n{}",
        super::to_yaml(raw)
    )
}
