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

use std::collections::BTreeMap;
use std::fmt::{self, Write};

use anyhow::Context as _;
use serde::Serialize;
use skill_chains_core::learn::calibrate::{Calibrations, Percentiles, calibrated_timeline};
use skill_chains_core::learn::criteria::CriterionResult;
use skill_chains_core::learn::retro::{self, PhaseActual, Question, StepActual};
use skill_chains_core::plan::graph::StepGraph;
use skill_chains_engine::ops;
use skill_chains_engine::store::Store;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::{Human, Out, Reply, fit};
use skill_chains_engine::ops::text::criteria_lines;

mod propose;

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

#[derive(Serialize)]
struct Report {
    run: String,
    workflow: String,
    version: u32,
    status: String,
    phases: Vec<PhaseActual>,
    steps: Vec<StepActual>,
    criteria: Vec<CriterionResult>,
    questions: Vec<Answered>,
    #[serde(skip)]
    markdown: bool,
}

#[derive(Serialize)]
struct Answered {
    #[serde(flatten)]
    question: Question,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<String>,
}

fn read_answers(path: &std::path::Path) -> anyhow::Result<BTreeMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    skill_chains_core::format::parse_yaml(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}: {e}\nhelp: write `q1: the answer` per line",
            path.display()
        )
    })
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let given = args.answers.as_deref().map(read_answers).transpose()?;
    let store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    let events = store.events(&run.id, 0)?;
    let steps = ops::actuals(&run);
    let facts = ops::facts(&run, &events);
    let kept = kept_answers(ctx, &run.id);
    let answers = given
        .clone()
        .unwrap_or_else(|| read_answers(&kept).unwrap_or_default());
    let mut questions: Vec<Answered> =
        retro::questions(&run.workflow().retrospective, &steps, &facts)
            .into_iter()
            .map(|q| Answered {
                answer: answers.get(&q.id).or_else(|| answers.get(&q.text)).cloned(),
                question: q,
            })
            .collect();
    if given.is_none() && driver::interactive(ctx) && questions.iter().any(|q| q.answer.is_none()) {
        let asked = ask(
            &mut questions,
            &mut std::io::stdin().lock(),
            &mut std::io::stderr(),
        )?;
        if asked > 0 {
            keep_answers(&kept, &run.id, &questions)?;
            eprintln!("answers kept in {}", kept.display());
        }
    }
    if args.propose {
        return propose::exec(&args, ctx, &store, &run, &events, steps, facts, questions);
    }
    Ok(Reply::data(Report {
        run: run.id.clone(),
        workflow: run.workflow().id.clone(),
        version: run.workflow().version,
        status: run.state.status.name().to_string(),
        phases: retro::phases(&steps),
        steps,
        criteria: facts.criteria,
        questions,
        markdown: args.format == Format::Md,
    }))
}

/// Where answers given at a terminal are kept for a run.
fn kept_answers(ctx: &Context, run: &str) -> std::path::PathBuf {
    crate::versions::state_dir(ctx)
        .join("retrospectives")
        .join(format!("{run}.yaml"))
}

/// Ask each unanswered question in turn; an empty line skips one, the end
/// of input stops. Returns how many were answered.
fn ask(
    questions: &mut [Answered],
    input: &mut impl std::io::BufRead,
    prompt: &mut impl std::io::Write,
) -> anyhow::Result<usize> {
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

/// Write the answers in the `--answers` format, with each question as a comment.
fn keep_answers(path: &std::path::Path, run: &str, questions: &[Answered]) -> anyhow::Result<()> {
    let mut text = format!("# Answers to the retrospective of {run}\n");
    for q in questions {
        if let Some(a) = &q.answer {
            let question = q.question.text.replace('\n', " ");
            let _ = writeln!(text, "# {}: {question}", q.question.id);
            // A JSON string is a YAML double-quoted scalar.
            let _ = writeln!(text, "{}: {}", q.question.id, serde_json::to_string(a)?);
        }
    }
    crate::files::write_atomic(path, text.as_bytes())
}

fn hours(m: Option<f64>) -> String {
    m.map(|m| format!("{:.1} h", m / 60.0))
        .unwrap_or_else(|| "-".into())
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let md = self.markdown;
        let title = format!(
            "Retrospective of {} ({} v{}, {})",
            self.run, self.workflow, self.version, self.status
        );
        if md {
            writeln!(out, "# {title}\n\n## Planned vs actual\n")?;
            writeln!(
                out,
                "| phase / step | planned effort | actual effort | planned finish | actual finish |"
            )?;
            writeln!(out, "| --- | --- | --- | --- | --- |")?;
        } else {
            writeln!(
                out,
                "{}\n{}",
                out.bold(&title),
                out.heading("Planned vs actual (working time)")
            )?;
            writeln!(
                out,
                "  {} {:>10} {:>10} {:>10} {:>10}",
                fit("phase / step", 32),
                "planned",
                "actual",
                "plan end",
                "end"
            )?;
        }
        for p in &self.phases {
            let cells = [
                p.phase.clone(),
                hours(Some(p.planned_effort)),
                hours(p.actual_effort),
                hours(Some(p.planned_finish)),
                hours(p.actual_finish),
            ];
            row(out, md, &cells)?;
            for s in self.steps.iter().filter(|s| s.phase == p.phase) {
                let cells = [
                    format!("  {}", s.step),
                    hours(Some(s.planned_effort)),
                    hours(s.actual_effort),
                    hours(Some(s.planned_finish)),
                    hours(s.actual_finish),
                ];
                row(out, md, &cells)?;
            }
        }
        if !self.criteria.is_empty() {
            writeln!(
                out,
                "{}",
                if md {
                    "\n## Success criteria\n".to_string()
                } else {
                    out.heading("Success criteria")
                }
            )?;
            criteria_lines(out, &self.criteria)?;
        }
        writeln!(
            out,
            "{}",
            if md {
                "\n## Questions\n".to_string()
            } else {
                out.heading("Questions")
            }
        )?;
        for q in &self.questions {
            let bullet = if md { "-" } else { " " };
            writeln!(
                out,
                "{bullet} {} [{}] {}",
                q.question.id, q.question.source, q.question.text
            )?;
            if let Some(e) = &q.question.evidence {
                writeln!(out, "    evidence: {e}")?;
            }
            if let Some(a) = &q.answer {
                writeln!(out, "    answer: {a}")?;
            }
        }
        Ok(())
    }
}

fn row(out: &mut Out, md: bool, c: &[String; 5]) -> fmt::Result {
    if md {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            c[0].trim(),
            c[1],
            c[2],
            c[3],
            c[4]
        )
    } else {
        writeln!(
            out,
            "  {} {:>10} {:>10} {:>10} {:>10}",
            fit(&c[0], 32),
            c[1],
            c[2],
            c[3],
            c[4]
        )
    }
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
    workflow: &str,
    iterations: u32,
    seed: u64,
    store: &StoreArgs,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let (wf, _) = ctx.workflow(workflow)?;
    let store = store.open()?;
    let samples = ops::history(&store, &ctx.catalog).map_err(driver::op_error)?;
    let cal = Calibrations::from_history(&wf.id, &samples);
    let graph = StepGraph::build(&wf);
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
        // Kept in the `--answers` format.
        let dir = std::env::temp_dir().join(format!("sc-answers-{}", std::process::id()));
        let path = dir.join("run-1.yaml");
        keep_answers(&path, "run-1", &qs).unwrap();
        let back = read_answers(&path).unwrap();
        assert_eq!(back.get("q1").map(String::as_str), Some("a slow review"));
        assert_eq!(back.len(), 2);
        let _ = std::fs::remove_dir_all(dir);
    }
}
