//! Keeping a designed workflow whole after phases were dropped, borrowed or
//! given new steps: ids unique, every input produced by an earlier step (or
//! declared as a workflow input), gates requiring only what exists, decisions
//! pointing at phases that are still there, every step persona in its
//! phase's skills.

use std::collections::BTreeSet;

use crate::catalog::PersonaCatalog;
use crate::format::raw::{RawDeliverable, RawPhase, RawWorkflow};
use crate::span::Sp;

/// `base`, or `base-2`, `base-3` ... whichever is not in `taken`; recorded as taken.
pub fn unique(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// The artifact a phase's deliverable names, if any.
pub fn deliverable_artifact(p: &RawPhase) -> Option<&str> {
    match p.deliverable.as_ref().map(|d| &d.value) {
        Some(RawDeliverable::Detailed {
            artifact: Some(a), ..
        }) => Some(a),
        _ => None,
    }
}

/// Make phase and step ids unique, renaming later duplicates (and the
/// decisions that pointed at a renamed phase inside the same phase).
pub fn unique_ids(wf: &mut RawWorkflow) {
    let mut phases = BTreeSet::new();
    let mut steps = BTreeSet::new();
    for p in &mut wf.phases {
        let p = &mut p.value;
        let old =
            p.id.as_ref()
                .map(|i| i.value.clone())
                .unwrap_or_else(|| crate::model::kebab_case(&p.name.value));
        let new = unique(&old, &mut phases);
        if new != old {
            for d in &mut p.decisions {
                if d.value.goto.as_ref().is_some_and(|g| g.value == old) {
                    d.value.goto = Some(Sp::bare(new.clone()));
                }
            }
        }
        p.id = Some(Sp::bare(new.clone()));
        for (n, s) in p.steps.iter_mut().enumerate() {
            let old = s
                .value
                .id
                .as_ref()
                .map(|i| i.value.clone())
                .unwrap_or_else(|| format!("{new}-{}", n + 1));
            s.value.id = Some(Sp::bare(unique(&old, &mut steps)));
        }
    }
}

/// Repair the artifact flow. An input nothing earlier produces becomes a
/// workflow input when `given` lists it (the scenario says it exists),
/// and is dropped otherwise; the same for gate requirements. `after`
/// references and decision targets that no longer exist are removed, and so
/// are gate criteria that name no success-criterion metric.
pub fn repair(wf: &mut RawWorkflow, given: &BTreeSet<String>) {
    let mut produced: BTreeSet<String> = wf.inputs.iter().map(|i| i.value.clone()).collect();
    let mut declared: Vec<String> = Vec::new();
    let step_ids: BTreeSet<String> = wf
        .phases
        .iter()
        .flat_map(|p| {
            p.value
                .steps
                .iter()
                .filter_map(|s| s.value.id.as_ref().map(|i| i.value.clone()))
        })
        .collect();
    let phase_ids: BTreeSet<String> = wf
        .phases
        .iter()
        .filter_map(|p| p.value.id.as_ref().map(|i| i.value.clone()))
        .collect();
    let metrics: BTreeSet<String> = wf
        .success_criteria
        .iter()
        .flat_map(|c| c.value.metrics().iter().map(|m| m.value.name.clone()))
        .collect();
    for p in &mut wf.phases {
        let p = &mut p.value;
        for s in &p.steps {
            produced.extend(s.value.outputs.iter().map(|o| o.value.clone()));
        }
        if let Some(a) = deliverable_artifact(p) {
            produced.insert(a.to_string());
        }
        let mut keep = |name: &str| -> bool {
            if produced.contains(name) {
                return true;
            }
            if given.contains(name) {
                if !declared.iter().any(|d| d == name) {
                    declared.push(name.to_string());
                }
                return true;
            }
            false
        };
        for s in &mut p.steps {
            s.value.inputs.retain(|i| keep(&i.value));
            s.value.after.retain(|a| step_ids.contains(&a.value));
        }
        if let Some(cp) = &mut p.checkpoint {
            cp.value.requires.retain(|r| keep(&r.value));
            cp.value.criteria.retain(|c| metrics.contains(&c.value));
        }
        p.decisions.retain(|d| {
            d.value
                .goto
                .as_ref()
                .is_none_or(|g| phase_ids.contains(&g.value))
        });
    }
    for d in declared {
        if !wf.inputs.iter().any(|i| i.value == d) {
            wf.inputs.push(Sp::bare(d));
        }
    }
}

/// Add each step's persona to its phase's skills when it is not there.
pub fn skills_cover_steps(wf: &mut RawWorkflow, personas: &PersonaCatalog) {
    let key = |name: &str| {
        personas
            .resolve(name)
            .map(|p| p.slug.clone())
            .unwrap_or_else(|| name.to_string())
    };
    for p in &mut wf.phases {
        let p = &mut p.value;
        let mut have: Vec<String> = p.skills.iter().map(|s| key(&s.value)).collect();
        for s in &p.steps {
            let k = key(&s.value.persona.value);
            if !have.contains(&k) {
                have.push(k);
                p.skills.push(Sp::bare(s.value.persona.value.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_source;
    use crate::format::parse_raw;

    const SRC: &str = "name: W\nsuccess_criteria: [\"errors below 1%\"]\nphases:\n  - id: a\n    name: A\n    window: Week 1\n    skills: [SRE]\n    steps:\n      - {id: s, persona: SRE, action: x, inputs: [gone, kept], outputs: [o]}\n      - {id: s, persona: QA, action: y, inputs: [o], after: [missing]}\n    deliverable: {text: d, artifact: o}\n    checkpoint: {approver: SRE, requires: [gone, o]}\n    decisions: [{if: \"x\", goto: nowhere, max_loops: 1}]\n";

    #[test]
    fn repairs_leave_a_clean_workflow() {
        let (mut raw, _) = parse_raw(SRC).unwrap();
        unique_ids(&mut raw);
        repair(&mut raw, &BTreeSet::from(["kept".to_string()]));
        let personas = PersonaCatalog::builtin();
        skills_cover_steps(&mut raw, &personas);
        let yaml = serde_saphyr::to_string(&raw).unwrap();
        let report = check_source(&yaml, &personas);
        assert!(
            report.diagnostics.is_empty(),
            "{yaml}\n{:#?}",
            report.diagnostics
        );
        assert_eq!(raw.inputs[0].value, "kept");
        assert_eq!(
            raw.phases[0].value.steps[1]
                .value
                .id
                .as_ref()
                .unwrap()
                .value,
            "s-2"
        );
    }

    #[test]
    fn unique_counts_up() {
        let mut taken = BTreeSet::from(["a".to_string(), "a-2".to_string()]);
        assert_eq!(unique("a", &mut taken), "a-3");
        assert_eq!(unique("b", &mut taken), "b");
    }
}
