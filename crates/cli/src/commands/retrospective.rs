//! `retrospective <run>`: the workflow's questions plus questions generated
//! from what the run did (overruns past P80, loops, rejected gates, missed
//! criteria, budget stops, steps never started), each with its evidence;
//! answers from `--answers answers.yaml`, or asked at a terminal and kept in
//! `.skill-chains/retrospectives/<run>.yaml`; planned against actual per
//! phase and step. `--propose` writes the workflow's next version from it
//! (see `propose.rs`). Also the history behind `timeline --calibrated`.
//!
//! Actual effort: a person's step counts its wall time between start and
//! `step done`, turned into working time (a business day is 8 of 24 hours,
//! 5 of 7 days); an automated step counts its measured duration.

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::learn::calibrate::{Calibrations, Percentiles, calibrated_timeline};
use skill_chains_core::learn::retro::Answered;
use skill_chains_core::model::CheckedWorkflow;
use skill_chains_core::plan::graph::StepGraph;
use skill_chains_engine::ops;
use skill_chains_engine::project::retrospectives;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::{Human, Out, Reply};
use crate::project;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Md,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id, a unique prefix of one, or `last` (the default).
    #[arg(default_value = "last")]
    pub run: String,
    /// Answers: a YAML map from question id (`q1`) or text to the answer.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<std::path::PathBuf>,
    /// Text (default) or Markdown.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write the workflow's next version from this run and the history
    /// (estimates recalibrated, pitfalls, gates) to review, then `apply`.
    #[arg(long)]
    pub propose: bool,
    /// Where to write the proposal (default: .skill-chains/proposals/<id>-v<N>.yaml).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        requires = "propose"
    )]
    pub output: Option<std::path::PathBuf>,
    /// Replace an existing -o file.
    #[arg(long, requires = "output")]
    pub force: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let given = args
        .answers
        .as_deref()
        .map(retrospectives::read_answers)
        .transpose()?;
    let store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    let project = project::of(ctx);
    let mut at_terminal = |questions: &mut [Answered]| {
        ask(
            questions,
            &mut std::io::stdin().lock(),
            &mut std::io::stderr(),
        )
    };
    let asker: Option<ops::Ask> = driver::interactive(ctx).then_some(&mut at_terminal);
    let found = ops::retrospective(&store, &project, &run, given, asker)
        .map_err(|e| project::error(ctx, e))?;
    if let Some(kept) = &found.kept {
        eprintln!("answers kept in {}", kept.display());
    }
    if args.propose {
        let target = ops::Target {
            output: args.output.clone(),
            force: args.force,
        };
        let proposed = ops::propose(&store, &project, &run, found, &target)
            .map_err(|e| project::error(ctx, e))?;
        return Ok(Reply::data(proposed));
    }
    Ok(Reply::data(found.report(&run, args.format == Format::Md)))
}

/// Ask each unanswered question in turn; an empty line skips one, the end
/// of input stops. Returns how many were answered.
fn ask(
    questions: &mut [Answered],
    input: &mut impl std::io::BufRead,
    prompt: &mut impl std::io::Write,
) -> std::io::Result<usize> {
    writeln!(
        prompt,
        "Retrospective: answer each question on one line (an empty line skips it)."
    )?;
    let mut answered = 0;
    for q in questions.iter_mut().filter(|q| q.answer.is_none()) {
        writeln!(
            prompt,
            "\n{} [{}] {}",
            q.question.id, q.question.source, q.question.text
        )?;
        if let Some(e) = &q.question.evidence {
            writeln!(prompt, "    evidence: {e}")?;
        }
        write!(prompt, "> ")?;
        prompt.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        let line = line.trim();
        if !line.is_empty() {
            q.answer = Some(line.to_string());
            answered += 1;
        }
    }
    Ok(answered)
}

#[derive(Serialize)]
struct Calibrated {
    workflow: String,
    calibration: Calibrations,
    estimates: Percentiles,
    #[serde(skip_serializing_if = "Option::is_none")]
    calibrated: Option<Percentiles>,
    note: String,
}

/// `timeline <wf> --calibrated`.
pub fn calibrated(
    wf: &CheckedWorkflow,
    iterations: u32,
    seed: u64,
    store: &StoreArgs,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let store = store.open()?;
    let samples = ops::history(&store, &ctx.catalog).map_err(driver::op_error)?;
    let cal = Calibrations::from_history(&wf.id, &samples);
    let graph = StepGraph::build(wf);
    let base = plain_timeline(&graph, iterations, seed);
    let (calibrated, note) = if cal.is_empty() {
        (
            None,
            "no recorded history for this workflow or its personas: showing the estimates"
                .to_string(),
        )
    } else {
        (
            Some(calibrated_timeline(&graph, &cal, iterations, seed)),
            format!(
                "from {} run(s) of {} and {} persona(s) across workflows",
                cal.runs,
                wf.id,
                cal.personas.len()
            ),
        )
    };
    Ok(Reply::data(Calibrated {
        workflow: wf.id.clone(),
        calibration: cal,
        estimates: base,
        calibrated,
        note,
    }))
}

fn plain_timeline(graph: &StepGraph, iterations: u32, seed: u64) -> Percentiles {
    use skill_chains_core::plan::montecarlo::{MonteCarloOptions, simulate};
    let mc = simulate(
        graph.network(),
        &MonteCarloOptions {
            iterations,
            seed,
            ..MonteCarloOptions::default()
        },
        None,
    );
    Percentiles {
        mean: mc.mean,
        p50: mc.p50,
        p80: mc.p80,
        p95: mc.p95,
    }
}

impl Human for Calibrated {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{} (calibrated): {}",
            out.bold(&self.workflow),
            self.note
        )?;
        if let Some(c) = &self.calibration.overall {
            writeln!(
                out,
                "  actual / PERT mean: median {:.2}x (90% interval {:.2}-{:.2}), mean {:.2}x, from {} steps",
                c.median_ratio, c.interval[0], c.interval[1], c.mean_ratio, c.samples
            )?;
        }
        for (p, c) in &self.calibration.personas {
            writeln!(
                out,
                "  {p}: median {:.2}x ({:.2}-{:.2}), {} steps",
                c.median_ratio, c.interval[0], c.interval[1], c.samples
            )?;
        }
        let h = |m: f64| format!("{:.1} h", m / 60.0);
        writeln!(
            out,
            "  {:<12} {:>10} {:>10} {:>10}",
            "", "P50", "P80", "P95"
        )?;
        let e = &self.estimates;
        writeln!(
            out,
            "  {:<12} {:>10} {:>10} {:>10}",
            "estimates",
            h(e.p50),
            h(e.p80),
            h(e.p95)
        )?;
        if let Some(c) = &self.calibrated {
            writeln!(
                out,
                "  {:<12} {:>10} {:>10} {:>10}",
                "calibrated",
                h(c.p50),
                h(c.p80),
                h(c.p95)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_chains_core::learn::retro::Question;

    fn answered(id: &str, answer: Option<&str>) -> Answered {
        Answered {
            question: Question {
                id: id.into(),
                text: format!("Question {id}?"),
                source: "workflow".into(),
                subject: None,
                evidence: Some("some evidence".into()),
            },
            answer: answer.map(Into::into),
        }
    }

    #[test]
    fn asks_each_unanswered_question_and_skips_empty_lines() {
        let mut qs = vec![
            answered("q1", None),
            answered("q2", Some("known")),
            answered("q3", None),
            answered("q4", None),
        ];
        // q1 answered, q3 skipped, then the input ends before q4.
        let mut input = "  a slow review \n\n".as_bytes();
        let mut shown = Vec::new();
        assert_eq!(ask(&mut qs, &mut input, &mut shown).unwrap(), 1);
        let shown = String::from_utf8(shown).unwrap();
        assert!(shown.contains("q1 [workflow] Question q1?\n    evidence: some evidence\n> "));
        assert!(!shown.contains("q2"), "{shown}");
        let got: Vec<Option<&str>> = qs.iter().map(|q| q.answer.as_deref()).collect();
        assert_eq!(got, [Some("a slow review"), Some("known"), None, None]);
    }
}
