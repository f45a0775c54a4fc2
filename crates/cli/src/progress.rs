//! Progress bars for long operations: shown on a terminal (stderr), hidden
//! when stderr is not a terminal or the output is `--json`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use skill_chains_core::plan::bench::Progress;

use crate::context::Context;

/// A bar of `len` units; a hidden (no-op) bar when progress should not show.
pub fn bar(ctx: &Context, len: u64, message: &str) -> ProgressBar {
    if ctx.json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(message.to_string());
    bar
}

/// A counter for work of unknown length (`{pos} <unit>`), hidden like [`bar`].
pub fn counter(ctx: &Context, message: &str, unit: &str) -> ProgressBar {
    if ctx.json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(&format!("{{spinner}} {{msg}} {{pos}} {unit} ({{elapsed}})"))
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_string());
    bar
}

/// A benchmark's progress callback moving `bar` (length and position).
pub fn feed(bar: &ProgressBar) -> impl FnMut(Progress) + '_ {
    |p| {
        bar.set_length(p.total);
        bar.set_position(p.done);
    }
}
