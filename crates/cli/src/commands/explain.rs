//! `explain <code>`: what a check rule means and how to fix what it reports.

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::check::{self, RuleInfo};
use skill_chains_core::format::markdown::notes;

use crate::output::{self, Human, Out, Reply};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule code (`SC001`, `MD002`) or name (`unknown-persona`); omit to list all rules.
    pub code: Option<String>,
}

#[derive(Serialize)]
struct Rule {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    summary: &'static str,
    explanation: &'static str,
}

impl From<&RuleInfo> for Rule {
    fn from(r: &RuleInfo) -> Rule {
        Rule {
            code: r.code,
            name: r.name,
            severity: r.severity.name(),
            summary: r.summary,
            explanation: r.explanation,
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Explained {
    One(Rule),
    All(Vec<Rule>),
}

impl Human for Explained {
    fn human(&self, out: &mut Out) -> fmt::Result {
        match self {
            Explained::One(r) => {
                let title = out.bold(&format!("{} {}", r.code, r.name));
                writeln!(
                    out,
                    "{title} ({})\n\n{}.\n\n{}",
                    r.severity, r.summary, r.explanation
                )
            }
            Explained::All(rules) => {
                for r in rules {
                    let code = out.bold(r.code);
                    writeln!(
                        out,
                        "{code}  {}  {}  {}",
                        output::fit(r.name, 24),
                        output::fit(r.severity, 7),
                        r.summary
                    )?;
                }
                writeln!(
                    out,
                    "\n`skill-chains explain <code>` for the details of one rule."
                )
            }
        }
    }
}

/// The check rules, then the importer's own codes (MD001-MD007).
fn every_rule() -> impl Iterator<Item = &'static RuleInfo> {
    check::rules().into_iter().chain(notes::all())
}

pub fn exec(args: &Args) -> anyhow::Result<Reply<'static>> {
    let value = match &args.code {
        None => Explained::All(every_rule().map(Rule::from).collect()),
        Some(code) => match every_rule()
            .find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code.as_str())
        {
            Some(r) => Explained::One(r.into()),
            None => {
                anyhow::bail!("no rule `{code}`\nhelp: `skill-chains explain` lists every rule")
            }
        },
    };
    Ok(Reply::data(value))
}
