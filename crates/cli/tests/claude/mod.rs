//! Claude Code integration and /workflow design: suggest, workflow (offline
//! and against a mock LLM server), eval, phase --expand, export to a skill,
//! init claude, and the MCP server driven by a real MCP client.

mod design;
mod init;
mod mcp;

/// A sparse workflow: one phase with one step and three skills.
pub const SPARSE: &str = "name: Data Warehouse Migration\ntimeline: 3 months\nsuccess_criteria:\n  - text: p95 query latency under 2 s\n    metrics: [{name: p95_query_latency, op: \"<\", target: 2, unit: s}]\nphases:\n  - id: assess\n    name: Assessment & Planning\n    window: Month 1\n    skills: [Pragmatic Architect, Data Engineer, FinOps Optimizer]\n    steps:\n      - {persona: Data Engineer, action: Inventory the warehouse tables and jobs, outputs: [warehouse-inventory]}\n    deliverable: {text: Migration plan with costs, artifact: migration-plan}\n  - id: migrate\n    name: Migration\n    window: Month 2-3\n    skills: [Data Engineer]\n    steps:\n      - {persona: Data Engineer, action: Move the pipelines, inputs: [migration-plan], outputs: [moved-pipelines]}\n    deliverable: {text: Pipelines moved, artifact: moved-pipelines}\n";
