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
pub fn assess(wf: &Workflow, mc: &MonteCarlo) -> Option<Assessment> {
    let stated = wf.timeline.as_ref()?;
    let (min, max) = wf.timeline_range()?;
    let unit = display_unit(wf, max.0);
    let cal = wf.calendar;
    let text = match (&stated.min, &stated.max) {
        (None, None) => split_note(&stated.text).0.to_string(),
        _ => format!(
            "{} to {}",
            in_unit(min.0, unit, cal),
            in_unit(max.0, unit, cal)
        ),
    };
    let show = |x: f64| in_unit(x, unit, cal);
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
