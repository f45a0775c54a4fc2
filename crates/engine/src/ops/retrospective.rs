//! The retrospective of a run: the workflow's questions plus questions
//! generated from what the run did (`learn::retro`), each with its evidence;
//! answers from a file, else the ones kept for the run, else asked through
//! the front's callback and kept; planned against actual per phase and step.
//! It never reads a terminal itself: asking is the front's, which may hand
//! its streams to [`ask_in_turn`].

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use skill_chains_core::duration::Calendar;
use skill_chains_core::learn::criteria::CriterionResult;
use skill_chains_core::learn::retro::{self, Answered, PhaseActual, RunFacts, StepActual};

use super::{LearnError, LoadedRun, actuals, facts};
use crate::event::Recorded;
use crate::project::retrospectives::{keep_answers, kept_answers, read_answers};
use crate::project::versions::Project;
use crate::store::Store;

/// Asks the unanswered questions (filling in answers); returns how many
/// were answered.
pub type Ask<'a> = &'a mut dyn FnMut(&mut [Answered]) -> std::io::Result<usize>;

/// Ask each unanswered question in turn on `prompt`, reading one line of
/// `input` per question; an empty line skips one, the end of input stops.
/// Returns how many were answered.
pub fn ask_in_turn(
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

/// What a retrospective found: the run's events, actuals and facts, and the
/// questions with their answers. The report and the proposal are made from it.
pub struct Findings {
    pub events: Vec<Recorded>,
    pub steps: Vec<StepActual>,
    pub facts: RunFacts,
    pub questions: Vec<Answered>,
    /// Where the answers just given were kept, when some were.
    pub kept: Option<PathBuf>,
}

/// Gather a run's retrospective. `given` are answers from a file; without
/// them the kept answers are used, and `ask` (when a person can answer)
/// is called if a question is still open; its answers are kept.
pub fn retrospective(
    store: &dyn Store,
    project: &Project,
    run: &LoadedRun,
    given: Option<BTreeMap<String, String>>,
    ask: Option<Ask>,
) -> Result<Findings, LearnError> {
    let events = store.events(&run.id, 0)?;
    let steps = actuals(run);
    let facts = facts(run, &events);
    let kept = kept_answers(&project.state_dir(), &run.id);
    let answers = given
        .clone()
        .unwrap_or_else(|| read_answers(&kept).unwrap_or_default());
    let mut questions = retro::answer(
        retro::questions(&run.workflow().retrospective, &steps, &facts),
        &answers,
    );
    let mut written = None;
    if given.is_none()
        && let Some(ask) = ask
        && questions.iter().any(|q| q.answer.is_none())
    {
        let asked = ask(&mut questions)?;
        if asked > 0 {
            keep_answers(&kept, &run.id, &questions)?;
            written = Some(kept);
        }
    }
    Ok(Findings {
        events,
        steps,
        facts,
        questions,
        kept: written,
    })
}

/// A run's retrospective as `retrospective <run>` shows it.
#[derive(Serialize)]
pub struct Retrospective {
    pub run: String,
    pub workflow: String,
    pub version: u32,
    pub status: String,
    /// The workflow's calendar, in whose days the times are told.
    pub calendar: Calendar,
    pub phases: Vec<PhaseActual>,
    pub steps: Vec<StepActual>,
    pub criteria: Vec<CriterionResult>,
    pub questions: Vec<Answered>,
    /// Shown as Markdown rather than terminal text.
    #[serde(skip)]
    pub markdown: bool,
}

impl Findings {
    /// The report of these findings.
    pub fn report(self, run: &LoadedRun, markdown: bool) -> Retrospective {
        Retrospective {
            run: run.id.clone(),
            workflow: run.workflow().id.clone(),
            version: run.workflow().version,
            status: run.state.status.name().to_string(),
            calendar: run.workflow().calendar,
            phases: retro::phases(&self.steps),
            steps: self.steps,
            criteria: self.facts.criteria,
            questions: self.questions,
            markdown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::retrospectives::tests::answered;

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
        assert_eq!(ask_in_turn(&mut qs, &mut input, &mut shown).unwrap(), 1);
        let shown = String::from_utf8(shown).unwrap();
        assert!(shown.contains("q1 [workflow] Question q1?\n    evidence: some evidence\n> "));
        assert!(!shown.contains("q2"), "{shown}");
        let got: Vec<Option<&str>> = qs.iter().map(|q| q.answer.as_deref()).collect();
        assert_eq!(got, [Some("a slow review"), Some("known"), None, None]);
    }
}
