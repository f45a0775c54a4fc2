//! `skill-chains`: turn CTO playbooks into checked, planned, runnable workflows.

mod cli;
mod commands;
mod config;
mod context;
mod diagnostics;
mod driver;
mod expand;
mod files;
mod gates;
mod llm;
mod load;
mod mcp;
mod output;
mod parallel;
mod plan_text;
mod program;
mod progress;
mod project;
#[cfg(test)]
mod reads_once;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A failure the user can act on: one screen, no backtrace.
            eprintln!("{}", output::error_text(&err));
            match err.downcast_ref::<output::Failed>() {
                Some(failed) => ExitCode::from(failed.status),
                None => ExitCode::from(2),
            }
        }
    }
}
