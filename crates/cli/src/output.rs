//! The one output path: commands return a [`Reply`] holding their data; it
//! is printed as text (with colour only on a terminal and never under
//! NO_COLOR) or as JSON, or handed to the MCP server as a JSON value. Nothing
//! here decides what a command shows, only how it reaches the reader.

use std::fmt;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::ColorChoice;
pub use skill_chains_core::render::text::{Human, Out, fit};

/// Whether to colour output written to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
        }
    }
}

/// A command's data, type-erased so one writer prints every command: as
/// JSON (in the order the type declares its fields) or as text.
pub trait Emit {
    /// The data as a JSON value (the MCP tools' structured result).
    fn to_json(&self) -> serde_json::Result<serde_json::Value>;
    /// The data as pretty JSON, fields in declaration order.
    fn write_json(&self, w: &mut dyn Write) -> serde_json::Result<()>;
    /// The data as text for a person.
    fn write_text(&self, out: &mut Out) -> fmt::Result;
}

impl<T: Serialize + Human> Emit for T {
    fn to_json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
    fn write_json(&self, w: &mut dyn Write) -> serde_json::Result<()> {
        serde_json::to_writer_pretty(w, self)
    }
    fn write_text(&self, out: &mut Out) -> fmt::Result {
        self.human(out)
    }
}

/// What a command hands back: its data (or raw text) and its exit status.
/// Commands build one and never print; `commands::run` prints it on
/// stdout, the MCP server serializes it.
pub struct Reply<'a> {
    body: Body<'a>,
    status: u8,
    document: Option<String>,
    failure: Option<anyhow::Error>,
}

enum Body<'a> {
    /// Data shown as text, or as JSON with `--json`.
    Data(Box<dyn Emit + 'a>),
    /// Text printed as it is: YAML for `-o -`, completions, a man page.
    Raw(String),
    /// Nothing to print (or the command printed its own output).
    Nothing,
}

impl<'a> Reply<'a> {
    /// A command's data, exit status 0.
    pub fn data(value: impl Emit + 'a) -> Reply<'a> {
        Reply {
            body: Body::Data(Box::new(value)),
            status: 0,
            document: None,
            failure: None,
        }
    }

    /// Text printed as it is, exit status 0.
    pub fn raw(text: impl Into<String>) -> Reply<'a> {
        Reply {
            body: Body::Raw(text.into()),
            status: 0,
            document: None,
            failure: None,
        }
    }

    /// Nothing for stdout (a command that wrote a file and said so on
    /// stderr), exit status 0.
    pub fn empty() -> Reply<'a> {
        Reply {
            body: Body::Nothing,
            status: 0,
            document: None,
            failure: None,
        }
    }

    /// A command that printed its own output and exited with `code`.
    pub fn printed(code: ExitCode) -> Reply<'a> {
        Reply::empty().with_status(status_of(code))
    }

    /// The same report with another exit status.
    pub fn with_status(mut self, status: u8) -> Reply<'a> {
        self.status = status;
        self
    }

    /// The same report carrying the file the command made (a workflow or a
    /// program as YAML), whether it wrote it or printed it.
    pub fn with_document(mut self, text: impl Into<String>) -> Reply<'a> {
        self.document = Some(text.into());
        self
    }

    /// The same report, after which the command fails with `err` (its
    /// data is still shown: a benchmark's table, then what went wrong).
    pub fn then_fail(mut self, err: anyhow::Error) -> Reply<'a> {
        self.failure = Some(err);
        self
    }

    /// The failure the command ends with after its data, if any.
    pub fn take_failure(&mut self) -> Option<anyhow::Error> {
        self.failure.take()
    }

    pub fn status(&self) -> u8 {
        self.status
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.status)
    }

    /// The file the command made, if it made one.
    pub fn document(&self) -> Option<&str> {
        self.document.as_deref()
    }

    /// The data as a JSON value: raw text as a string, nothing as null.
    pub fn to_json(&self) -> serde_json::Result<serde_json::Value> {
        match &self.body {
            Body::Data(value) => value.to_json(),
            Body::Raw(text) => Ok(serde_json::Value::String(text.clone())),
            Body::Nothing => Ok(serde_json::Value::Null),
        }
    }

    /// Print the report on stdout (JSON or text for data, raw text as it
    /// is), then end as the command does: its failure, or its exit status.
    pub fn finish(mut self, json: bool, color: bool) -> anyhow::Result<ExitCode> {
        self.print(json, color)?;
        match self.take_failure() {
            Some(err) => Err(err),
            None => Ok(self.exit_code()),
        }
    }

    /// Print the report on stdout: JSON or text for data, raw text as it is.
    /// A reader that stops reading (`| head`) is no failure: it has what it
    /// wanted, so the rest is dropped quietly.
    pub fn print(&self, json: bool, color: bool) -> anyhow::Result<()> {
        match self.write(&mut std::io::stdout().lock(), json, color) {
            Err(e) if is_broken_pipe(&e) => Ok(()),
            other => other,
        }
    }

    fn write(&self, w: &mut impl Write, json: bool, color: bool) -> anyhow::Result<()> {
        match &self.body {
            Body::Data(value) if json => {
                value.write_json(&mut *w)?;
                writeln!(w)?;
            }
            Body::Data(value) => {
                let mut out = Out::new(color);
                value
                    .write_text(&mut out)
                    .map_err(|_| anyhow::anyhow!("formatting failed"))?;
                w.write_all(out.text.as_bytes())?;
            }
            Body::Raw(text) => w.write_all(text.as_bytes())?,
            Body::Nothing => {}
        }
        Ok(())
    }
}

/// Write bytes to stdout as they are (an artifact), quietly stopping when
/// the reader has closed the pipe, like [`Reply::print`].
pub fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Whether writing failed because the reader closed the pipe (EPIPE), as
/// an I/O error of its own or inside the JSON writer's.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                == Some(BrokenPipe)
    })
}

/// The number behind an exit code (0-4 are the ones commands use).
pub fn status_of(code: ExitCode) -> u8 {
    (0..=4u8)
        .find(|n| ExitCode::from(*n) == code)
        .unwrap_or(255)
}

/// A failure with its own exit status (1: the input has errors).
#[derive(Debug)]
pub struct Failed {
    pub status: u8,
    pub message: String,
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failed {}

/// `error: <message>` with its causes, for stderr.
pub fn error_text(err: &anyhow::Error) -> String {
    let mut text = format!("error: {err}");
    for cause in err.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Shown {
        zeta: u32,
        alpha: &'static str,
    }

    impl Human for Shown {
        fn human(&self, out: &mut Out) -> fmt::Result {
            use fmt::Write as _;
            writeln!(out, "{} {}", out.bold(self.alpha), self.zeta)
        }
    }

    fn printed(reply: &Reply, json: bool, color: bool) -> String {
        let mut buf = Vec::new();
        reply.write(&mut buf, json, color).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn data_prints_as_json_in_field_order_or_as_text() {
        let reply = Reply::data(Shown {
            zeta: 1,
            alpha: "a",
        });
        assert_eq!(
            printed(&reply, true, false),
            "{\n  \"zeta\": 1,\n  \"alpha\": \"a\"\n}\n"
        );
        assert_eq!(printed(&reply, false, false), "a 1\n");
        assert_eq!(printed(&reply, false, true), "\x1b[1ma\x1b[0m 1\n");
        assert_eq!(
            reply.to_json().unwrap(),
            serde_json::json!({"zeta": 1, "alpha": "a"})
        );
        assert_eq!(reply.status(), 0);
    }

    #[test]
    fn raw_text_is_printed_as_it_is_even_as_json() {
        let reply = Reply::raw("name: x\n").with_document("name: x\n");
        assert_eq!(printed(&reply, true, false), "name: x\n");
        assert_eq!(printed(&reply, false, false), "name: x\n");
        assert_eq!(reply.to_json().unwrap(), serde_json::json!("name: x\n"));
        assert_eq!(reply.document(), Some("name: x\n"));
    }

    #[test]
    fn nothing_prints_nothing_and_keeps_its_status() {
        let reply = Reply::printed(ExitCode::from(3));
        assert_eq!(printed(&reply, true, false), "");
        assert_eq!(reply.status(), 3);
        assert_eq!(reply.to_json().unwrap(), serde_json::Value::Null);
        assert_eq!(Reply::empty().with_status(1).status(), 1);
    }

    #[test]
    fn a_failure_comes_after_the_data() {
        let mut reply = Reply::data(Shown {
            zeta: 2,
            alpha: "b",
        })
        .then_fail(anyhow::anyhow!("two schedules failed"));
        assert_eq!(printed(&reply, false, false), "b 2\n");
        let err = reply.take_failure().unwrap();
        assert_eq!(error_text(&err), "error: two schedules failed");
        assert!(reply.take_failure().is_none());
    }

    /// A reader that has gone away.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_recognised_in_text_and_json() {
        let reply = Reply::data(Shown {
            zeta: 3,
            alpha: "c",
        });
        for json in [false, true] {
            let err = reply.write(&mut ClosedPipe, json, false).unwrap_err();
            assert!(is_broken_pipe(&err), "{err:?}");
        }
        assert!(!is_broken_pipe(&anyhow::anyhow!("Broken pipe")));
    }

    #[test]
    fn exit_codes_map_to_their_numbers() {
        for n in 0..=4u8 {
            assert_eq!(status_of(ExitCode::from(n)), n);
        }
        assert_eq!(status_of(ExitCode::from(9)), 255);
    }
}
