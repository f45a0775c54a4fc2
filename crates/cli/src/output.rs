//! The one output path: commands build a value; it is printed as text (with
//! colour only on a terminal and never under NO_COLOR) or as JSON.

use std::fmt;
use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::cli::ColorChoice;

/// A command result that can be shown to a person.
pub trait Human {
    fn human(&self, out: &mut Out) -> fmt::Result;
}

/// A text buffer with styling that is a no-op without colour.
pub struct Out {
    pub text: String,
    pub color: bool,
}

impl fmt::Write for Out {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

impl Out {
    pub fn new(color: bool) -> Out {
        Out {
            text: String::new(),
            color,
        }
    }
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    pub fn heading(&self, s: &str) -> String {
        self.paint("1;36", s)
    }
    pub fn accent(&self, s: &str) -> String {
        self.paint("33", s)
    }
    pub fn good(&self, s: &str) -> String {
        self.paint("32", s)
    }
    pub fn bad(&self, s: &str) -> String {
        self.paint("31", s)
    }
}

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

thread_local! {
    /// Where `emit` writes instead of stdout while [`captured`] runs.
    static CAPTURE: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

/// Run `f` with what `emit` prints on this thread collected instead of
/// written: the MCP server runs commands in process, and its stdout is the
/// protocol.
pub fn captured<R>(f: impl FnOnce() -> R) -> (R, String) {
    CAPTURE.with(|c| *c.borrow_mut() = Some(Vec::new()));
    let r = f();
    let bytes = CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (r, String::from_utf8_lossy(&bytes).into_owned())
}

/// Print a result as JSON or as text.
pub fn emit<T: Serialize + Human>(value: &T, json: bool, color: bool) -> anyhow::Result<()> {
    if CAPTURE.with(|c| c.borrow().is_some()) {
        let mut buf = Vec::new();
        write_value(&mut buf, value, json, color)?;
        CAPTURE.with(|c| c.borrow_mut().as_mut().map(|v| v.extend_from_slice(&buf)));
        return Ok(());
    }
    write_value(&mut std::io::stdout().lock(), value, json, color)
}

fn write_value<T: Serialize + Human>(
    stdout: &mut impl Write,
    value: &T,
    json: bool,
    color: bool,
) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *stdout, value)?;
        writeln!(stdout)?;
    } else {
        let mut out = Out::new(color);
        value
            .human(&mut out)
            .map_err(|_| anyhow::anyhow!("formatting failed"))?;
        stdout.write_all(out.text.as_bytes())?;
    }
    Ok(())
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

/// Pad or cut `s` to `width` characters.
pub fn fit(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        format!("{s}{}", " ".repeat(width - n))
    } else {
        let cut: String = s.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
