//! A program's plan as a Gantt chart: one section per workflow run, one bar
//! per phase (from its first step's start to its gate), plus the handoff
//! delays (escalation pauses, further cycles). The data only: drawn by
//! `render::gantt` like a workflow's chart.

use crate::compose::network::{NodeKind, ProgramNetwork};
use crate::duration::Calendar;
use crate::model::program::Program;
use crate::plan::gantt::{Bar, Gantt};
use crate::plan::schedule::LevelledSchedule;

/// `times[i]` is (start, finish) of activity `i`; `critical[i]` whether it is
/// on the critical path; `finish` the program's end.
pub fn gantt(
    program: &Program,
    pn: &ProgramNetwork,
    times: &[(f64, f64)],
    critical: &[bool],
    finish: f64,
) -> Gantt {
    let mut bars = Vec::new();
    for inst in &pn.instances {
        let section = match program.members[inst.member].workflow() {
            Some(wf) => format!("{} ({})", inst.name, wf.name.value),
            None => inst.name.clone(),
        };
        let wf = program.members[inst.member].workflow();
        let mut phases: Vec<usize> = inst
            .nodes
            .iter()
            .filter_map(|&n| pn.nodes[n].phase)
            .collect();
        phases.sort_unstable();
        phases.dedup();
        for k in phases {
            let nodes: Vec<usize> = inst
                .nodes
                .iter()
                .copied()
                .filter(|&n| pn.nodes[n].phase == Some(k))
                .collect();
            let start = nodes
                .iter()
                .map(|&n| times[n].0)
                .fold(f64::INFINITY, f64::min);
            let end = nodes.iter().map(|&n| times[n].1).fold(0.0, f64::max);
            let name = wf
                .and_then(|w| w.phases.get(k))
                .map(|p| p.name.value.clone())
                .unwrap_or_else(|| format!("phase {}", k + 1));
            bars.push(Bar {
                id: format!("{}-p{}", inst.name.replace('#', "-"), k + 1),
                label: name,
                section: section.clone(),
                start,
                finish: end.max(start),
                critical: nodes.iter().any(|&n| critical[n]),
                milestone: false,
            });
        }
        for &n in &inst.nodes {
            let node = &pn.nodes[n];
            if matches!(node.kind, NodeKind::Pause | NodeKind::FurtherCycles) {
                bars.push(Bar {
                    id: node.id.replace(['/', '#'], "-"),
                    label: node.label.clone(),
                    section: section.clone(),
                    start: times[n].0,
                    finish: times[n].1,
                    critical: critical[n],
                    milestone: times[n].1 <= times[n].0,
                });
            }
        }
    }
    Gantt {
        title: program.name.value.clone(),
        calendar: Calendar::Business,
        finish,
        bars,
    }
}

/// A resource-levelled schedule of the program as a Gantt chart.
pub fn levelled(program: &Program, pn: &ProgramNetwork, s: &LevelledSchedule) -> Gantt {
    let times: Vec<(f64, f64)> = s.placed.iter().map(|p| (p.start, p.finish)).collect();
    let critical = crate::plan::gantt::levelled_critical(&pn.network, s);
    gantt(program, pn, &times, &critical, s.finish)
}

/// The expected plan (CPM over PERT means) as a Gantt chart.
pub fn expected(program: &Program, pn: &ProgramNetwork) -> Gantt {
    let c = crate::plan::cpm::cpm(&pn.network, &pn.network.means());
    let times: Vec<(f64, f64)> = (0..pn.network.len())
        .map(|i| (c.early_start[i], c.early_finish[i]))
        .collect();
    gantt(program, pn, &times, &c.critical, c.finish)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::program_rules::test_support::{CLEAN, TestResolver};
    use crate::compose::check_program_source;

    #[test]
    fn one_section_per_run_and_a_bar_per_phase() {
        let p = check_program_source(CLEAN, &TestResolver).program.unwrap();
        let pn = ProgramNetwork::build(&p);
        let g = expected(&p, &pn);
        let sections: Vec<&str> = g.bars.iter().map(|b| b.section.as_str()).collect();
        assert!(
            sections.contains(&"api (API)") && sections.contains(&"api#2 (API)"),
            "{sections:?}"
        );
        assert_eq!(
            g.bars
                .iter()
                .filter(|b| b.section == "app (App)" && !b.label.contains("paused"))
                .count(),
            3
        );
        assert!(g.bars.iter().any(|b| b.label.contains("paused until")));
        assert!(
            g.bars
                .iter()
                .all(|b| b.finish >= b.start && b.finish <= g.finish + 1e-6)
        );
        assert!(crate::render::gantt::mermaid(&g).starts_with("gantt"));
    }
}
