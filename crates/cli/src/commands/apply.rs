//! `apply <proposal.yaml> [--to FILE]`: make a proposed version the current
//! one. The proposal must pass `check`, revise the same workflow, be the
//! next version number, and have been made from the text that is current
//! now. The current version is kept in the version store first; then the
//! new one is written over the workflow's file (or, for a built-in, to a
//! project copy `<id>.yaml`) atomically and kept in the store too.
//!
//! Order matters for "nothing lost": the store gets the old text before
//! anything is replaced, and a failure at any step leaves the workflow's
//! file as it was or wholly the new version.

use std::fmt::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::context::Context;
use crate::files;
use crate::load::{self, Origin};
use crate::output::{Failed, Human, Out, Reply};
use crate::versions::{self, Header, Home, Saved, Versions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The proposal (from `retrospective <run> --propose`), or any workflow
    /// file holding the next version.
    pub proposal: PathBuf,
    /// The workflow file to update (default: the one the proposal names).
    #[arg(long, value_name = "FILE")]
    pub to: Option<PathBuf>,
}

#[derive(Serialize)]
struct Applied {
    workflow: String,
    from: u32,
    to: u32,
    /// The file now holding the new version.
    written: String,
    /// The stored copies of the previous and the new version.
    kept: Vec<String>,
    #[serde(skip)]
    notes: Vec<String>,
}

fn refuse(message: String) -> anyhow::Error {
    Failed { status: 1, message }.into()
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let text = load::read_text(&args.proposal)?;
    let new = versions::clean(ctx, Origin::File(args.proposal.clone()), &text)?;
    let (header, body) = Header::split(&text);
    let name = args.proposal.display();
    let home = match (&args.to, header.as_ref().and_then(|h| h.get("base"))) {
        (Some(to), _) => Home::File(to.clone()),
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
    let cur = versions::current(ctx, &home)?;
    let old = &cur.workflow;
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
        && base != versions::fingerprint(&cur.text)
    {
        return Err(refuse(format!(
            "{} changed since {name} was proposed from it, so applying it would undo those edits\n\
             help: propose again from the current text (`skill-chains retrospective <run> --propose`), \
             or carry your edits into the proposal and remove its `# base-sha256:` line",
            home.describe()
        )));
    }
    let store = Versions::open(ctx);
    let mut kept = Vec::new();
    let mut keep = |saved: Saved| match saved {
        Saved::New(p) | Saved::Kept(p) => kept.push(p.display().to_string()),
    };
    keep(store.save(&old.id, old.version, &cur.text, &cur.source)?);
    let mut notes = Vec::new();
    let written = match &home {
        Home::File(p) => {
            files::write_atomic(p, body.as_bytes())?;
            p.clone()
        }
        Home::Builtin(id) => {
            let copy = versions::project_copy(ctx, id);
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
    let source = match header.as_ref().and_then(|h| h.get("run")) {
        Some(run) => format!("proposal from {run}"),
        None => format!("applied {name}"),
    };
    keep(store.save(&new.id, new.version, body, &source)?);
    Ok(Reply::data(Applied {
        workflow: new.id.clone(),
        from: old.version,
        to: new.version,
        written: written.display().to_string(),
        kept,
        notes,
    }))
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
