//! Making a proposed version the current one. The proposal must pass
//! `check`, revise the same workflow, be the next version number, and have
//! been made from the text that is current now. The current version and
//! the new one are kept in the version store first; then the new one is
//! written over the workflow's file (or, for a built-in, to a project copy
//! `<id>.yaml`) atomically.
//!
//! Order matters for "nothing lost" and for a re-run after a kill: the
//! store gets both texts before anything is replaced, so a kill at any
//! point leaves the file as it was (apply again: it completes) or wholly
//! the new version with that version stored (apply again: already done).

use std::path::Path;

use serde::Serialize;
use skill_chains_core::load::Origin;

use super::LearnError;
use crate::project::versions::{Header, Home, Project, Saved, fingerprint};
use crate::project::{files, source};

/// What `apply` did.
#[derive(Serialize)]
pub struct Applied {
    pub workflow: String,
    pub from: u32,
    pub to: u32,
    /// The file now holding the new version.
    pub written: String,
    /// The stored copies of the previous and the new version.
    pub kept: Vec<String>,
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// Apply the proposal at `proposal` to `to` (default: the workflow its
/// header names).
pub fn apply(project: &Project, proposal: &Path, to: Option<&Path>) -> Result<Applied, LearnError> {
    let refuse = LearnError::Refused;
    let text = source::read_text(proposal)?;
    let new = project.clean(Origin::File(proposal.to_path_buf()), &text)?;
    let (header, body) = Header::split(&text);
    let name = proposal.display();
    let home = match (to, header.as_ref().and_then(|h| h.get("base"))) {
        (Some(to), _) => Home::File(to.to_path_buf()),
        (None, Some(base)) => Home::parse(base),
        (None, None) => {
            return Err(refuse(format!(
                "{name} does not say which workflow it revises\nhelp: name the workflow file with --to FILE"
            )));
        }
    };
    if let Home::File(p) = &home
        && !p.is_file()
    {
        return Err(refuse(format!(
            "{}: no such workflow file to update\nhelp: run from the project directory, or name the file with --to FILE",
            p.display()
        )));
    }
    let cur = project.current(&home)?;
    let old = &cur.workflow;
    let source = match header.as_ref().and_then(|h| h.get("run")) {
        Some(run) => format!("proposal from {run}"),
        None => format!("applied {name}"),
    };
    // Applied already (a re-run, maybe after a kill): make sure the version
    // is stored and say so; nothing else changes.
    if old.id == new.id && old.version == new.version && cur.text == body {
        let store = project.versions();
        let (Saved::New(p) | Saved::Kept(p)) = store.save(&new.id, new.version, body, &source)?;
        return Ok(Applied {
            workflow: new.id.clone(),
            from: new.version.saturating_sub(1),
            to: new.version,
            written: match &home {
                Home::File(f) => f.display().to_string(),
                Home::Builtin(id) => project.project_copy(id).display().to_string(),
            },
            kept: vec![p.display().to_string()],
            notes: vec![format!("{name} was applied already; nothing changed")],
        });
    }
    if old.id != new.id {
        return Err(refuse(format!(
            "{name} is a version of `{}`, but {} holds `{}`\nhelp: name the right file with --to FILE",
            new.id,
            home.describe(),
            old.id
        )));
    }
    if new.version != old.version + 1 {
        let why = if new.version <= old.version {
            "it was applied already, or another version was applied since"
        } else {
            "versions go up one at a time"
        };
        return Err(refuse(format!(
            "{name} is version {} of {}, but the current version ({}) is {}: a proposal must be the next version ({}); {why}\n\
             help: `skill-chains history {}` lists the versions; propose again from the current one with \
             `skill-chains retrospective <run> --propose`",
            new.version,
            new.id,
            home.describe(),
            old.version,
            old.version + 1,
            home.describe().trim_start_matches("built-in "),
        )));
    }
    if let Some(base) = header.as_ref().and_then(|h| h.get("base-sha256"))
        && base != fingerprint(&cur.text)
    {
        return Err(refuse(format!(
            "{} changed since {name} was proposed from it, so applying it would undo those edits\n\
             help: propose again from the current text (`skill-chains retrospective <run> --propose`), \
             or carry your edits into the proposal and remove its `# base-sha256:` line",
            home.describe()
        )));
    }
    let store = project.versions();
    let mut kept = Vec::new();
    let mut keep = |saved: Saved| match saved {
        Saved::New(p) | Saved::Kept(p) => kept.push(p.display().to_string()),
    };
    keep(store.save(&old.id, old.version, &cur.text, &cur.source)?);
    keep(store.save(&new.id, new.version, body, &source)?);
    let mut notes = Vec::new();
    let written = match &home {
        Home::File(p) => {
            files::write_atomic(p, body.as_bytes())?;
            p.clone()
        }
        Home::Builtin(id) => {
            let copy = project.project_copy(id);
            if !files::create_atomic(&copy, body.as_bytes())? {
                return Err(refuse(format!(
                    "{} appeared while applying; nothing was changed there\nhelp: apply again",
                    copy.display()
                )));
            }
            notes.push(format!(
                "`{id}` still names the built-in version {}; run this one with `skill-chains run {}`",
                old.version,
                copy.display()
            ));
            copy
        }
    };
    Ok(Applied {
        workflow: new.id.clone(),
        from: old.version,
        to: new.version,
        written: written.display().to_string(),
        kept,
        notes,
    })
}
