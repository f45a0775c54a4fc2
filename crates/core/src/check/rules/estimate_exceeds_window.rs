//! SC022: a step, or a phase's chain of steps, whose estimate cannot fit in
//! the phase's window.
//!
//! The P50 is the planner's (`skill-chains timeline`): the PERT mean of each
//! estimate, and the critical path over those means of the phase's own steps
//! for the phase as a whole, along the edges the planner draws inside a phase
//! (`docs/format.md`, "Planning semantics"). `check` sits below `plan`, so
//! the path is walked here over the model. Times are working time under the
//! workflow's calendar, as windows and estimates are read. Phases without a
//! bounded window and steps without a readable estimate are left out.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::duration::{Calendar, Quantity, Unit, WorkTime, stated_tolerance, trim_number};
use crate::model::{Phase, Step, Workflow};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC022",
    name: "estimate-exceeds-window",
    summary: "a step's estimate, or its phase's chain of steps, does not fit in the phase's window",
    explanation: "A phase's window (`Week 1`, `Months 2-3`) is the time its steps have. A step \
whose estimate is longer than that window cannot finish inside it, and neither can a chain of \
steps that wait for one another (through `inputs` produced by another step of the phase, or \
`after`) whose lengths add up to more than the window. Steps that do not depend on each other \
run in parallel, so only the longest chain counts.\n\n\
The figure compared is the P50 that `skill-chains timeline` plans with: the PERT mean \
(o + 4m + p) / 6 of an estimate `o / m / p`, and for a chain the sum of those means along its \
longest path. A single duration is its own P50, and a range written as one duration \
(`2-4 months`) is read as its midpoint. Times are working time under the workflow's calendar: \
with the business calendar a day is 8 hours, a week 5 days and a month 21 days, the lengths \
windows are measured in too.\n\n\
As with a stated timeline (SC015), the window is read with a tolerance of the larger of 10% and \
half of its unit: `Week 1-2` allows up to 12.5 working days, `Month 1` up to 1.5 months, \
`Minutes 0-5` up to 5.5 minutes. A window names coarse periods and the figures are estimates; \
what this rule catches is work that cannot fit, not work that fills its window to the day.\n\n\
A step whose P50 is past that is an error. A phase whose chain is past it, though each of its \
steps fits, is a warning. The spread of the estimates (P80, P95) is not judged here: \
`skill-chains timeline` reports it. Phases with real-time, ongoing or unreadable windows, and \
steps without a readable estimate (SC017), are not checked.\n\n\
Fix: widen the window, split the step or scope it down, or let steps of the phase run in \
parallel where they do not really wait for each other.",
    severity: Severity::Error,
};

pub(crate) struct EstimateExceedsWindow;

impl Rule for EstimateExceedsWindow {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for phase in &wf.phases {
            let Some(window) = phase.window().and_then(|w| w.duration()) else {
                continue;
            };
            if window.0 > 0.0 && phase.steps.iter().any(|s| s.estimate().is_some()) {
                check_phase(phase, window, wf.calendar, out);
            }
        }
    }
}

fn check_phase(phase: &Phase, window: WorkTime, cal: Calendar, out: &mut Vec<Diagnostic>) {
    let unit = window_unit(phase).unwrap_or_else(|| window.natural_unit(cal));
    let limit = window + stated_tolerance(window, unit, cal);
    let have = spoken(window, Some(unit), cal);
    let mut step_overruns = false;
    for step in &phase.steps {
        let Some(p50) = step.duration().map(|e| e.pert_mean()) else {
            continue;
        };
        if overruns(p50, limit) {
            step_overruns = true;
            out.push(step_diagnostic(phase, step, p50.0, &have, cal));
        }
    }
    if step_overruns {
        return;
    }
    let (p50, path) = critical_path(phase);
    let Some(w) = phase.window.as_ref().filter(|_| overruns(p50, limit)) else {
        return;
    };
    let chain: Vec<&Step> = path
        .iter()
        .map(|&j| &phase.steps[j])
        .filter(|s| s.estimate().is_some())
        .collect();
    // The chain's figure in the unit its estimates share, else the window's.
    let units: Vec<Option<Unit>> = chain.iter().map(|s| written_unit(s)).collect();
    let shared = units
        .first()
        .copied()
        .flatten()
        .filter(|_| units.windows(2).all(|p| p[0] == p[1]));
    let need = spoken(p50, shared.or(Some(unit)), cal);
    let ids: Vec<&str> = chain.iter().map(|s| s.id.value.as_str()).collect();
    let message = format!(
        "phase \"{}\" needs about {need} (P50) along its chain of steps {} but its window `{}` is {have}",
        phase.name.value,
        ids.join(" -> "),
        w.text.value,
    );
    out.push(
        Diagnostic::new(RULE.code, Severity::Warning, w.text.span, message)
            .label(format!("P50 {need} > window {have}"))
            .help(
                "widen the window, move a step of the chain to another phase, or drop an \
                 `inputs`/`after` link that is not a real wait",
            ),
    );
}

fn step_diagnostic(phase: &Phase, step: &Step, p50: f64, have: &str, cal: Calendar) -> Diagnostic {
    let need = spoken(WorkTime(p50), written_unit(step), cal);
    let written = step
        .estimate_text
        .clone()
        .or_else(|| step.estimate().map(|e| e.display(cal)))
        .unwrap_or_default();
    let written = match step.people().max {
        1 => written,
        n => format!("{written} of one person's work, shared by {n} people"),
    };
    let message = format!(
        "step \"{}\" needs about {need} (P50; estimate {written}) but its phase \"{}\" has a window of {have}",
        step.id.value, phase.name.value,
    );
    let span = step.estimate.as_ref().map_or(step.span, |e| e.span);
    RULE.at(span, message)
        .label(format!("P50 {need} > window {have}"))
        .help("widen the phase's window, or split the step or scope it down")
}

/// Whether a P50 runs past `limit` (a window and its tolerance).
fn overruns(p50: WorkTime, limit: WorkTime) -> bool {
    p50.0 > limit.0 * (1.0 + 1e-9)
}

/// The longest chain of the phase's steps over their PERT means, and the
/// steps along it. Inside a phase a step waits for the steps of the phase
/// that produce its `inputs` and for those its `after` names; a step without
/// an estimate takes no time here. An edge that would close a cycle (SC008)
/// is left out, as the planner leaves it out.
fn critical_path(phase: &Phase) -> (WorkTime, Vec<usize>) {
    let steps = &phase.steps;
    let waits_for = |j: usize| -> Vec<usize> {
        let s = &steps[j];
        (0..steps.len())
            .filter(|&p| p != j)
            .filter(|&p| {
                s.inputs
                    .iter()
                    .any(|i| steps[p].outputs.iter().any(|o| o.value == i.value))
                    || s.after.iter().any(|a| a.value == steps[p].id.value)
            })
            .collect()
    };
    let n = steps.len();
    // finish[j]: the end of the longest chain ending with step j; best[j]:
    // the step before it on that chain.
    let mut finish: Vec<Option<f64>> = vec![None; n];
    let mut best: Vec<Option<usize>> = vec![None; n];
    let mut on_stack = vec![false; n];
    fn visit(
        j: usize,
        waits_for: &dyn Fn(usize) -> Vec<usize>,
        steps: &[Step],
        finish: &mut [Option<f64>],
        best: &mut [Option<usize>],
        on_stack: &mut [bool],
    ) -> f64 {
        if let Some(f) = finish[j] {
            return f;
        }
        on_stack[j] = true;
        let mut start = 0.0;
        for p in waits_for(j) {
            if on_stack[p] {
                continue;
            }
            let f = visit(p, waits_for, steps, finish, best, on_stack);
            if f > start {
                start = f;
                best[j] = Some(p);
            }
        }
        on_stack[j] = false;
        let own = steps[j].duration().map_or(0.0, |e| e.pert_mean().0);
        finish[j] = Some(start + own);
        start + own
    }
    let mut end: Option<(f64, usize)> = None;
    for j in 0..n {
        let f = visit(j, &waits_for, steps, &mut finish, &mut best, &mut on_stack);
        if end.is_none_or(|(e, _)| f > e) {
            end = Some((f, j));
        }
    }
    let Some((total, last)) = end else {
        return (WorkTime::ZERO, Vec::new());
    };
    let mut path = vec![last];
    while let Some(p) = path.last().and_then(|&j| best[j]) {
        path.push(p);
    }
    path.reverse();
    (WorkTime(total), path)
}

/// The unit a step's estimate is written in (that of its likely value).
fn written_unit(step: &Step) -> Option<Unit> {
    let text = step.estimate_text.as_deref()?;
    let parts: Vec<&str> = text.split('/').collect();
    let likely = parts.get(parts.len() / 2)?;
    Quantity::parse(likely).ok().map(|q| q.unit)
}

/// The unit a phase's window is counted in (`Week 3`: weeks).
fn window_unit(phase: &Phase) -> Option<Unit> {
    phase.window()?.unit
}

/// `3 months`, `1 week`, `2.5 days`: in `unit`, else the largest unit the
/// amount is at least one of.
fn spoken(t: WorkTime, unit: Option<Unit>, cal: Calendar) -> String {
    let unit = unit.unwrap_or_else(|| t.natural_unit(cal));
    let n = trim_number(t.in_unit(unit, cal));
    let s = if n == "1" { "" } else { "s" };
    format!("{n} {}{s}", unit.name())
}

#[cfg(test)]
mod tests {
    use crate::check::Severity;
    use crate::check::rules::test_support::{CLEAN, codes, diagnostics, variant};

    /// `CLEAN` with an estimate on `design` (in phase Plan, window Month 1).
    fn design_estimate(estimate: &str) -> String {
        variant(
            "        action: Design the rollout\n",
            &format!("        action: Design the rollout\n        estimate: {estimate}\n"),
        )
    }

    fn sc022(yaml: &str) -> Vec<(Severity, String, Option<String>)> {
        diagnostics(yaml)
            .into_iter()
            .filter(|d| d.code == "SC022")
            .map(|d| (d.severity, d.message, d.help.map(String::from)))
            .collect()
    }

    #[test]
    fn a_step_whose_p50_overruns_is_an_error() {
        // Month 1 under the business calendar is 21 working days, 4.2
        // weeks; with half a month of tolerance, 6.3 weeks.
        let yaml = design_estimate("7w");
        assert_eq!(codes(&yaml), ["SC022"]);
        let d = sc022(&yaml);
        assert_eq!(d[0].0, Severity::Error);
        assert_eq!(
            d[0].1,
            "step \"design\" needs about 7 weeks (P50; estimate 7w) but its phase \"Plan\" has a window of 1 month"
        );
        assert!(d[0].2.as_deref().unwrap().contains("widen"));
    }

    #[test]
    fn the_newcomer_case_a_quarter_of_work_in_week_1() {
        // A range as one duration reads as its midpoint: 3 months.
        let yaml =
            design_estimate("2-4 months").replacen("window: Month 1\n", "window: Week 1\n", 1);
        let d = sc022(&yaml);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, Severity::Error);
        assert_eq!(
            d[0].1,
            "step \"design\" needs about 3 months (P50; estimate 2-4 months) but its phase \"Plan\" has a window of 1 week"
        );
    }

    #[test]
    fn near_miss_the_spread_is_not_judged() {
        // Up to 6.3w: mean (4 + 20 + 12) / 6 = 6w fits, though its P80 (7.1w) does not.
        assert!(sc022(&design_estimate("4w / 5w / 12w")).is_empty());
        // A skewed estimate whose likely value fills the window: mean 6.5w.
        assert_eq!(codes(&design_estimate("4w / 6w / 12w")), ["SC022"]);
    }

    #[test]
    fn near_miss_an_estimate_that_fits() {
        assert!(codes(&design_estimate("3w / 4w / 4.2w")).is_empty());
        assert!(codes(&design_estimate("1 month")).is_empty());
        // Days convert as working days: 21 of them are the month, and the
        // tolerance of half a month lets the step run to 31.5.
        assert!(codes(&design_estimate("22d")).is_empty());
        assert!(codes(&design_estimate("31d")).is_empty());
        assert_eq!(codes(&design_estimate("32d")), ["SC022"]);
        // Hours too: 8 to the day.
        assert!(codes(&design_estimate("250h")).is_empty());
        assert_eq!(codes(&design_estimate("260h")), ["SC022"]);
    }

    /// `people: 1-3`: the estimate is one person's work, shared by up to
    /// three, so 2 months of it fit a one-month window and 5 do not.
    #[test]
    fn a_step_shared_by_several_people_is_judged_at_their_pace() {
        let shared = |e: &str| {
            design_estimate(e).replacen(
                "        action: Design the rollout\n",
                "        action: Design the rollout\n        people: 1-3\n",
                1,
            )
        };
        assert_eq!(codes(&design_estimate("2 months")), ["SC022"]);
        assert!(codes(&shared("2 months")).is_empty());
        let d = sc022(&shared("5 months"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].1
                .contains("estimate 5 months of one person's work, shared by 3 people"),
            "{}",
            d[0].1
        );
    }

    #[test]
    fn a_chain_that_overruns_is_reported_on_the_phase() {
        // design (4w) -> readiness (3w) through `rollout-plan`: 7w, more
        // than the 6.3w a 4.2w window allows; either step alone fits.
        let yaml = design_estimate("4w").replacen(
            "        action: Review operational readiness\n",
            "        action: Review operational readiness\n        estimate: 3w\n",
            1,
        );
        let d = sc022(&yaml);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, Severity::Warning);
        assert_eq!(
            d[0].1,
            "phase \"Plan\" needs about 7 weeks (P50) along its chain of steps design -> readiness but its window `Month 1` is 1 month"
        );
    }

    #[test]
    fn near_miss_parallel_steps_do_not_add_up() {
        // Without the artifact link the two steps run side by side: 4w fits.
        let yaml = design_estimate("4w")
            .replacen(
                "        action: Review operational readiness\n",
                "        action: Review operational readiness\n        estimate: 4w\n",
                1,
            )
            .replacen(
                "        inputs: [rollout-plan]\n        outputs: [readiness-review]",
                "        outputs: [readiness-review]",
                1,
            );
        assert!(sc022(&yaml).is_empty(), "{:?}", sc022(&yaml));
    }

    #[test]
    fn a_step_error_is_not_repeated_for_its_phase() {
        let yaml = design_estimate("7w").replacen(
            "        action: Review operational readiness\n",
            "        action: Review operational readiness\n        estimate: 1w\n",
            1,
        );
        let d = sc022(&yaml);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].1.starts_with("step \"design\""));
    }

    #[test]
    fn open_windows_and_missing_estimates_are_skipped() {
        let ongoing = design_estimate("6mo").replacen("window: Month 1\n", "window: Ongoing\n", 1);
        assert!(sc022(&ongoing).is_empty());
        assert!(sc022(CLEAN).is_empty());
    }

    /// Every built-in's steps and chains fit their windows (the library
    /// must check clean, so a finding here is a finding in the library).
    #[test]
    fn every_builtin_fits_its_windows() {
        let personas = crate::personas::PersonaCatalog::builtin();
        let findings: Vec<String> = crate::catalog::Library::sources()
            .iter()
            .flat_map(|(file, source)| {
                crate::check::check_source(source, &personas)
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.code == "SC022")
                    .map(move |d| {
                        format!(
                            "{file}:{}: {}: {}",
                            d.span.line,
                            d.severity.name(),
                            d.message
                        )
                    })
            })
            .collect();
        assert!(
            findings.is_empty(),
            "SC022 on built-ins:\n{}",
            findings.join("\n")
        );
    }
}
