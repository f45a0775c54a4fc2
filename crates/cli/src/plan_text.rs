//! `--gantt FORMAT [-o FILE] [--force]`, shared by `timeline` and `schedule`:
//! the options, and sending the rendered chart where they say. The chart and
//! its text come from the library (`plan::gantt`, `render::gantt`).

use skill_chains_core::plan::report::Delivered;

/// The forms of a Gantt chart (`--gantt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GanttFormat {
    Text,
    Mermaid,
    Svg,
}

/// `--gantt FORMAT [-o FILE] [--force]`, shared by `timeline` and `schedule`.
#[derive(Debug, clap::Args)]
pub struct GanttArgs {
    /// Draw the plan: in the terminal, as Mermaid `gantt` text, or SVG.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub gantt: Option<GanttFormat>,
    /// Write the Gantt chart to this file instead of stdout.
    #[arg(short, long, value_name = "FILE", requires = "gantt")]
    pub output: Option<std::path::PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

impl GanttArgs {
    /// Render the chart `make` builds (only when `--gantt` is given) and send
    /// it where the options say: a file (atomically, refusing to replace one
    /// without `--force`), stdout alone, the report's text, or its JSON.
    pub fn deliver(
        &self,
        json: bool,
        make: impl FnOnce() -> skill_chains_core::plan::gantt::Gantt,
    ) -> anyhow::Result<Delivered> {
        use skill_chains_core::render::gantt;
        let Some(format) = self.gantt else {
            return Ok(Delivered::default());
        };
        let chart = make();
        let rendered = match format {
            GanttFormat::Text => gantt::text(&chart, 60),
            GanttFormat::Mermaid => gantt::mermaid(&chart),
            GanttFormat::Svg => gantt::svg(&chart),
        };
        let mut d = Delivered::default();
        match (&self.output, format) {
            (Some(path), _) => {
                crate::files::ensure_writable(path, self.force)?;
                crate::files::write_atomic(path, rendered.as_bytes())?;
                d.wrote = Some(path.display().to_string());
            }
            (None, _) if json => {}
            (None, GanttFormat::Text) => d.text = Some(rendered),
            (None, _) => d.alone = Some(rendered),
        }
        if json {
            d.chart = Some(chart);
        }
        Ok(d)
    }
}
