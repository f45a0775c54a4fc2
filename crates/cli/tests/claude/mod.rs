//! Claude Code integration and /workflow design: suggest, workflow (offline
//! and against a mock LLM server), eval, phase --expand, export to a skill,
//! init claude, and the MCP server driven by a real MCP client.

mod design;
mod init;
mod mcp;

use std::path::Path;
use std::process::Command;

use crate::support::{Run, bin};

/// Run the binary in `dir` with extra environment variables (and no API keys
/// but those given).
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut c = Command::new(bin());
    c.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("ANTHROPIC_API_KEY")
        .env_remove("OPENAI_API_KEY")
        .env_remove("ANTHROPIC_BASE_URL")
        .env_remove("OPENAI_BASE_URL");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("the binary runs");
    let run = Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "the binary panicked:\n{}",
        run.stderr
    );
    run
}

/// A sparse workflow: one phase with one step and three skills.
pub const SPARSE: &str = "name: Data Warehouse Migration\ntimeline: 3 months\nsuccess_criteria:\n  - text: p95 query latency under 2 s\n    metrics: [{name: p95_query_latency, op: \"<\", target: 2, unit: s}]\nphases:\n  - id: assess\n    name: Assessment & Planning\n    window: Month 1\n    skills: [Pragmatic Architect, Data Engineer, FinOps Optimizer]\n    steps:\n      - {persona: Data Engineer, action: Inventory the warehouse tables and jobs, outputs: [warehouse-inventory]}\n    deliverable: {text: Migration plan with costs, artifact: migration-plan}\n  - id: migrate\n    name: Migration\n    window: Month 2-3\n    skills: [Data Engineer]\n    steps:\n      - {persona: Data Engineer, action: Move the pipelines, inputs: [migration-plan], outputs: [moved-pipelines]}\n    deliverable: {text: Pipelines moved, artifact: moved-pipelines}\n";
