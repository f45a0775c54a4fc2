//! `schema`: the JSON Schema of the workflow format, generated from the types.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn exec(_: &Args) -> anyhow::Result<ExitCode> {
    print!(
        "{}",
        skill_chains_core::format::schema::workflow_schema_json()
    );
    Ok(ExitCode::SUCCESS)
}
