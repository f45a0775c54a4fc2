//! `bench hostile`: what `check` and `import` cost on hostile input at 1k,
//! 10k and 100k items (`engine::bench::hostile`), rendering for a person
//! included: time, peak memory and how the time grew from the size before
//! (about 10x is linear; the square would be about 100x).

use std::fmt::{self, Write};
use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;
use skill_chains_core::check::Diagnostic;
use skill_chains_core::plan::bench::planners::PeakMemory;
use skill_chains_engine::bench::hostile;
use skill_chains_engine::bench::memory::ProcPeakMemory;
use skill_chains_engine::project::{check, import};

use crate::context::Context;
use crate::diagnostics;
use crate::load::{self, Origin, Source};
use crate::output::{Human, Out, Reply};

#[derive(Debug, clap::Args)]
pub struct HostileArgs {
    /// The largest size measured (sizes are 1,000, 10,000, 100,000 up to it).
    #[arg(long, default_value_t = 100_000)]
    pub max: usize,
}

#[derive(Serialize)]
struct Row {
    family: &'static str,
    command: &'static str,
    items: usize,
    bytes: usize,
    seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    peak_mb: Option<f64>,
    /// This size's time over the size before's.
    #[serde(skip_serializing_if = "Option::is_none")]
    growth: Option<f64>,
}

#[derive(Serialize)]
struct HostileBench {
    rows: Vec<Row>,
}

impl Human for HostileBench {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{:<20} {:<7} {:>8} {:>10} {:>9} {:>8} {:>7}",
            "input", "command", "items", "bytes", "seconds", "peak MB", "growth"
        )?;
        for r in &self.rows {
            writeln!(
                out,
                "{:<20} {:<7} {:>8} {:>10} {:>9.3} {:>8} {:>7}",
                r.family,
                r.command,
                r.items,
                r.bytes,
                r.seconds,
                r.peak_mb.map_or("-".into(), |m| format!("{m:.0}")),
                r.growth.map_or("-".into(), |g| format!("{g:.1}x")),
            )?;
        }
        writeln!(
            out,
            "growth: time over the size before (10x items: about 10x is linear)"
        )
    }
}

pub fn exec(args: HostileArgs, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let render = |d: &Diagnostic, file: &str, text: &str| diagnostics::render(d, file, text, false);
    let mut memory = ProcPeakMemory;
    let mut rows = Vec::new();
    for family in hostile::families() {
        let mut before: Option<f64> = None;
        for items in [1_000, 10_000, 100_000]
            .into_iter()
            .filter(|&n| n <= args.max.max(1_000))
        {
            let text = (family.make)(items);
            let bytes = text.len();
            let measured = memory.reset();
            let start = Instant::now();
            match family.command {
                "check" => {
                    let source = Source {
                        origin: Origin::File(PathBuf::from("bench.yaml")),
                        text,
                    };
                    let checked = load::check_text(source, &ctx.catalog);
                    let text = &checked.source.text;
                    std::hint::black_box(check::rendered(
                        &checked.diagnostics,
                        "bench.yaml",
                        text,
                        &render,
                    ));
                }
                _ => {
                    let document = import::import(&text, &ctx.catalog, false);
                    std::hint::black_box(document.report("bench.md", &text, None, Some(&render)));
                }
            }
            let seconds = start.elapsed().as_secs_f64();
            rows.push(Row {
                family: family.name,
                command: family.command,
                items,
                bytes,
                seconds,
                peak_mb: if measured { memory.peak_mb() } else { None },
                growth: before.map(|b| seconds / b.max(1e-6)),
            });
            before = Some(seconds);
        }
    }
    Ok(Reply::data(HostileBench { rows }))
}
