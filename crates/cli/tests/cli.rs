//! Integration tests: the real binary on real files. One test binary, so
//! linking stays cheap; each area of the CLI is a module.

mod support;

mod actuals;
mod claude;
mod edges;
mod engine;
mod foundation;
mod hostile;
mod learn;
mod library;
mod markdown;
mod plan;
mod program_runs;
mod programs;
mod review;
