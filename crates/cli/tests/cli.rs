//! Integration tests: the real binary on real files. One test binary, so
//! linking stays cheap; each area of the CLI is a module.

mod support;

mod foundation;
mod library;
mod engine;
mod plan;
mod markdown;
mod programs;
mod learn;
