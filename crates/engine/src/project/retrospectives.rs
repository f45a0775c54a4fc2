//! Answers to a run's retrospective on disk: the `--answers` file format (a
//! YAML map from question id or text to the answer), and the answers given
//! at a terminal, kept in `.skill-chains/retrospectives/<run>.yaml` so a
//! later retrospective or proposal finds them. It never asks anyone.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use skill_chains_core::learn::retro::Answered;

use super::files::{self, FileError};

/// Why an answers file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum AnswersError {
    #[error(transparent)]
    Read(#[from] super::source::SourceError),
    #[error("{}: {message}\nhelp: write `q1: the answer` per line", path.display())]
    Parse { path: PathBuf, message: String },
    #[error(transparent)]
    Write(#[from] FileError),
}

/// Read an answers file.
pub fn read_answers(path: &Path) -> Result<BTreeMap<String, String>, AnswersError> {
    let text = super::source::read_text(path)?;
    skill_chains_core::format::parse_yaml(&text).map_err(|message| AnswersError::Parse {
        path: path.to_path_buf(),
        message,
    })
}

/// Where answers given at a terminal are kept for a run.
pub fn kept_answers(state_dir: &Path, run: &str) -> PathBuf {
    state_dir.join("retrospectives").join(format!("{run}.yaml"))
}

/// Write the answers in the `--answers` format, with each question as a comment.
pub fn keep_answers(path: &Path, run: &str, questions: &[Answered]) -> Result<(), AnswersError> {
    let mut text = format!("# Answers to the retrospective of {run}\n");
    for q in questions {
        if let Some(a) = &q.answer {
            let question = q.question.text.replace('\n', " ");
            let _ = writeln!(text, "# {}: {question}", q.question.id);
            // A JSON string is a YAML double-quoted scalar.
            let quoted = serde_json::Value::String(a.clone()).to_string();
            let _ = writeln!(text, "{}: {quoted}", q.question.id);
        }
    }
    Ok(files::write_atomic(path, text.as_bytes())?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use skill_chains_core::learn::retro::Question;

    /// A question with evidence, answered or not.
    pub(crate) fn answered(id: &str, answer: Option<&str>) -> Answered {
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
    fn kept_answers_read_back_in_the_answers_format() {
        let qs = vec![
            answered("q1", Some("a slow review")),
            answered("q2", Some("known")),
            answered("q3", None),
            answered("q4", None),
        ];
        let dir = std::env::temp_dir().join(format!("sc-answers-{}", std::process::id()));
        let path = dir.join("run-1.yaml");
        keep_answers(&path, "run-1", &qs).unwrap();
        let back = read_answers(&path).unwrap();
        assert_eq!(back.get("q1").map(String::as_str), Some("a slow review"));
        assert_eq!(back.len(), 2);
        let _ = std::fs::remove_dir_all(dir);
    }
}
