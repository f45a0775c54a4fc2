//! Markdown import's speed: a document generated from the library (every
//! workflow exported in turn, then prose up to a size) imported a few times
//! (parse, lower, check); the median against the target of one second.

use std::time::Instant;

use serde::Serialize;
use skill_chains_core::catalog::Catalog;
use skill_chains_core::load::import_markdown;
use skill_chains_core::plan::bench::{Progress, median};
use skill_chains_core::render::markdown::sample_document;

/// What to import and how often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// Workflows in the generated document.
    pub workflows: usize,
    /// Timed runs (at least one); the median is reported.
    pub runs: usize,
    /// The document is padded with prose up to this size.
    pub min_bytes: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportBench {
    pub workflows: usize,
    pub bytes: usize,
    pub runs: usize,
    pub median_seconds: f64,
    pub min_seconds: f64,
    pub mb_per_second: f64,
    pub target_seconds: f64,
    pub met: bool,
}

/// Why the benchmark could not finish.
#[derive(Debug, thiserror::Error)]
pub enum ImportBenchError {
    #[error("the generated document imported {found} workflows, not {expected}")]
    Count { found: usize, expected: usize },
}

/// Time `import` of a document generated from `catalog`'s library.
pub fn run(
    catalog: &Catalog,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportBench, ImportBenchError> {
    let library: Vec<_> = catalog.library.workflows().collect();
    let doc = sample_document(&library, options.workflows, options.min_bytes);
    let runs = options.runs.max(1);
    let mut times = Vec::with_capacity(runs);
    for done in 1..=runs {
        let start = Instant::now();
        let imported = import_markdown(&doc, &catalog.personas);
        times.push(start.elapsed().as_secs_f64());
        if imported.workflows.len() != options.workflows {
            return Err(ImportBenchError::Count {
                found: imported.workflows.len(),
                expected: options.workflows,
            });
        }
        progress(Progress {
            done: done as u64,
            total: runs as u64,
        });
    }
    let fastest = times.iter().copied().fold(f64::INFINITY, f64::min);
    let median = median(times);
    Ok(ImportBench {
        workflows: options.workflows,
        bytes: doc.len(),
        runs,
        median_seconds: median,
        min_seconds: fastest,
        mb_per_second: doc.len() as f64 / 1_048_576.0 / median.max(1e-9),
        target_seconds: 1.0,
        met: median < 1.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_document_imports_every_workflow() {
        let catalog = Catalog::builtin();
        let mut seen = Vec::new();
        let bench = run(
            &catalog,
            &ImportOptions {
                workflows: 3,
                runs: 2,
                min_bytes: 1024,
            },
            &mut |p| seen.push(p),
        )
        .unwrap();
        assert_eq!((bench.workflows, bench.runs), (3, 2));
        assert!(bench.bytes >= 1024);
        assert!(bench.min_seconds <= bench.median_seconds);
        assert_eq!(seen.last(), Some(&Progress { done: 2, total: 2 }));
    }
}
