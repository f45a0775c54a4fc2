//! The `/timeline` answer: PERT, Monte Carlo, and whether the workflow's
//! stated timeline is realistic (principle 4: "timelines are realistic, not
//! optimistic").

use serde::Serialize;

use crate::duration::{Calendar, Timeline, Unit, WorkTime, split_note, trim_number};
use crate::model::Workflow;
use crate::plan::cpm::Cpm;
use crate::plan::graph::StepGraph;
use crate::plan::montecarlo::{MonteCarlo, MonteCarloOptions, simulate};
use crate::plan::pert::{Pert, pert};

#[derive(Debug, Clone, Serialize)]
pub struct TimelineReport {
    pub pert: Pert,
    /// CPM over the PERT means (the deterministic plan).
    pub cpm: Cpm,
    pub montecarlo: MonteCarlo,
    pub assessment: Option<Assessment>,
}

/// How the simulated finish compares with the stated range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// P50 and P95 lie inside the stated range.
    Realistic,
    /// P50 lies inside, P95 beyond the upper bound.
    Risky,
    /// P50 beyond the upper bound: the stated timeline is optimistic.
    Optimistic,
    /// P50 before the lower bound: padded, or the estimates are optimistic.
    Early,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The stated timeline as written (without its note).
    pub stated: String,
    pub min: f64,
    pub max: f64,
    pub verdict: Verdict,
    /// One sentence, e.g. "stated 6-12 months; P50 9.4 months lies inside;
    /// P95 13.1 months exceeds the upper bound: plan for it".
    pub message: String,
}

/// PERT and Monte Carlo over `graph`, compared with `wf`'s stated timeline.
pub fn timeline(
    wf: &Workflow,
    graph: &StepGraph,
    opts: &MonteCarloOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> TimelineReport {
    let (pert, cpm) = pert(graph.network());
    let montecarlo = simulate(graph.network(), opts, progress);
    let assessment = assess(wf, &montecarlo);
    TimelineReport {
        pert,
        cpm,
        montecarlo,
        assessment,
    }
}

/// The unit a workflow's durations read best in: its stated timeline's
/// unit, else the natural unit of `typical`.
pub fn display_unit(wf: &Workflow, typical: f64) -> Unit {
    match wf.timeline.as_ref().and_then(|t| t.timeline()) {
        Some(Timeline::Range { unit, .. }) => *unit,
        _ => WorkTime(typical).natural_unit(wf.calendar),
    }
    .min(Unit::Month)
}

/// `9.4 months`, `1 week`, `30 minutes`.
pub fn in_unit(minutes: f64, unit: Unit, calendar: Calendar) -> String {
    let x = WorkTime(minutes).in_unit(unit, calendar);
    let n = trim_number(x);
    let plural = if n == "1" { "" } else { "s" };
    format!("{n} {}{plural}", unit.name())
}

/// Compare the simulated percentiles with the stated range, if there is one.
///
/// A single duration (`3 months`) is read as a range of plus or minus the
/// larger of 10% and half a unit, the tolerance `check` uses (SC015).
/// Durations show in the stated unit, or for explicit `min`/`max` bounds in
/// each value's natural unit.
pub fn assess(wf: &Workflow, mc: &MonteCarlo) -> Option<Assessment> {
    let stated = wf.timeline.as_ref()?;
    let (mut min, mut max) = wf.timeline_range()?;
    let cal = wf.calendar;
    let explicit = stated.min.is_some() || stated.max.is_some();
    let unit = display_unit(wf, max.0);
    let show = |x: f64| {
        if explicit {
            in_unit(x, WorkTime(x).natural_unit(cal).min(Unit::Month), cal)
        } else {
            in_unit(x, unit, cal)
        }
    };
    let mut text = if explicit {
        let written = |w: &Option<String>, x: f64| w.clone().unwrap_or_else(|| show(x));
        format!(
            "{} to {}",
            written(&stated.min, min.0),
            written(&stated.max, max.0)
        )
    } else {
        split_note(&stated.text).0.to_string()
    };
    if max.0 - min.0 <= 1e-9 * max.0.max(1.0) {
        let slack = crate::duration::stated_tolerance(max, unit, cal).0;
        (min, max) = (WorkTime((min.0 - slack).max(0.0)), WorkTime(max.0 + slack));
        text = format!("{text} (read as {} to {})", show(min.0), show(max.0));
    }
    let (p50, p80, p95) = (mc.p50, mc.p80, mc.p95);
    let tolerance = 1e-6 * max.0.max(1.0);
    let (verdict, message) = if p50 > max.0 + tolerance {
        (
            Verdict::Optimistic,
            format!(
                "stated {text}; P50 {} exceeds the upper bound: the stated timeline is optimistic (principle 4); plan for P80 {}",
                show(p50),
                show(p80)
            ),
        )
    } else if p50 + tolerance < min.0 {
        (
            Verdict::Early,
            format!(
                "stated {text}; P50 {} is below the lower bound: the timeline has room to spare, or the step estimates are optimistic",
                show(p50)
            ),
        )
    } else if p95 > max.0 + tolerance {
        (
            Verdict::Risky,
            format!(
                "stated {text}; P50 {} lies inside; P95 {} exceeds the upper bound: plan for it",
                show(p50),
                show(p95)
            ),
        )
    } else {
        (
            Verdict::Realistic,
            format!(
                "stated {text}; P50 {} lies inside; P95 {} is within the upper bound: realistic",
                show(p50),
                show(p95)
            ),
        )
    };
    Some(Assessment {
        stated: text,
        min: min.0,
        max: max.0,
        verdict,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::graph::tests::{TWO_PHASES, workflow};

    #[test]
    fn units_read_naturally() {
        let b = Calendar::Business;
        assert_eq!(
            in_unit(WorkTime::of(9.4, Unit::Month, b).0, Unit::Month, b),
            "9.4 months"
        );
        assert_eq!(
            in_unit(WorkTime::of(1.0, Unit::Week, b).0, Unit::Week, b),
            "1 week"
        );
    }

    #[test]
    fn stated_range_is_compared() {
        let wf = workflow(TWO_PHASES);
        let g = StepGraph::build(&wf);
        let r = timeline(&wf, &g, &MonteCarloOptions::default(), None);
        // The plan takes three months (Build's windows force it); stated 2-3 months.
        let a = r.assessment.expect("a range timeline");
        assert_eq!(a.stated, "2-3 months");
        assert!(r.montecarlo.p50 <= a.max + 1e-6, "{}", a.message);
        assert!(
            a.message
                .starts_with("stated 2-3 months; P50 3 months lies inside"),
            "{}",
            a.message
        );
        let short = workflow(&TWO_PHASES.replace("timeline: 2-3 months", "timeline: 1-2 months"));
        let g = StepGraph::build(&short);
        let r = timeline(&short, &g, &MonteCarloOptions::default(), None);
        assert_eq!(r.assessment.unwrap().verdict, Verdict::Optimistic);
    }
}

#[cfg(test)]
mod library {
    use super::*;
    use crate::catalog::Catalog;

    /// Principle 4 on the whole library: for every built-in workflow with a
    /// range timeline, the Monte Carlo median lies inside the stated range.
    #[test]
    fn every_builtin_median_lies_inside_its_stated_range() {
        let catalog = Catalog::builtin();
        let opts = MonteCarloOptions {
            iterations: 4000,
            seed: 1,
            ..MonteCarloOptions::default()
        };
        let mut report = Vec::new();
        let mut outside = Vec::new();
        for wf in catalog.library.workflows() {
            let graph = StepGraph::build(wf);
            let r = timeline(wf, &graph, &opts, None);
            let Some(a) = r.assessment else { continue };
            report.push(format!("{}: {}", wf.id, a.message));
            if matches!(a.verdict, Verdict::Optimistic | Verdict::Early) {
                outside.push(format!("{}: {}", wf.id, a.message));
            }
        }
        assert!(report.len() >= 30, "{report:#?}");
        if std::env::var_os("PLAN_LIBRARY_REPORT").is_some() {
            eprintln!("{}", report.join("\n"));
        }
        assert!(
            outside.is_empty(),
            "P50 outside the stated range:\n{}",
            outside.join("\n")
        );
    }
}
