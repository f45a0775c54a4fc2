//! The ten worked workflows of the seed (sections 3-12) are built in, word for
//! word: phases, windows, skills, steps, deliverables, criteria and timelines
//! match `fixtures/seed-facts.json`, which was extracted from the document, not
//! from the library files.

use serde::Deserialize;
use skill_chains_core::catalog::Catalog;
use skill_chains_core::model::Workflow;

#[derive(Debug, Deserialize)]
struct SeedWorkflow {
    id: String,
    name: String,
    timeline: String,
    phases: Vec<SeedPhase>,
    success_criteria: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct SeedPhase {
    name: String,
    window: String,
    skills: Vec<String>,
    steps: Vec<SeedStep>,
    deliverable: String,
}

#[derive(Debug, Deserialize)]
struct SeedStep {
    persona: String,
    action: String,
}

fn seed_facts() -> Vec<SeedWorkflow> {
    let text = include_str!("fixtures/seed-facts.json");
    serde_json::from_str(text).expect("fixtures/seed-facts.json is valid")
}

fn eq(out: &mut Vec<String>, what: String, built: &str, doc: &str) {
    if built != doc {
        out.push(format!("{what}: built-in {built:?}, seed {doc:?}"));
    }
}

/// Every difference between one seed workflow and its built-in.
fn differences(seed: &SeedWorkflow, wf: &Workflow) -> Vec<String> {
    let mut out = Vec::new();

    eq(&mut out, "name".into(), &wf.name.value, &seed.name);
    let timeline = wf
        .timeline
        .as_ref()
        .map(|t| t.text.as_str())
        .unwrap_or("<none>");
    eq(&mut out, "timeline".into(), timeline, &seed.timeline);

    let criteria: Vec<&str> = wf
        .success_criteria
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    let seed_criteria: Vec<&str> = seed.success_criteria.iter().map(String::as_str).collect();
    if criteria != seed_criteria {
        out.push(format!(
            "success criteria: built-in {criteria:?}, seed {seed_criteria:?}"
        ));
    }

    if wf.phases.len() != seed.phases.len() {
        out.push(format!(
            "phase count: built-in {}, seed {}",
            wf.phases.len(),
            seed.phases.len()
        ));
    }
    for (i, (phase, sp)) in wf.phases.iter().zip(&seed.phases).enumerate() {
        let at = format!("phase {} ({})", i + 1, sp.name);
        eq(&mut out, format!("{at} name"), &phase.name.value, &sp.name);
        let window = phase
            .window
            .as_ref()
            .map(|w| w.text.value.as_str())
            .unwrap_or("<none>");
        eq(&mut out, format!("{at} window"), window, &sp.window);
        let deliverable = phase
            .deliverable
            .as_ref()
            .map(|d| d.text.as_str())
            .unwrap_or("<none>");
        eq(
            &mut out,
            format!("{at} deliverable"),
            deliverable,
            &sp.deliverable,
        );

        let skills: Vec<&str> = phase.skills.iter().map(|s| s.written.as_str()).collect();
        let seed_skills: Vec<&str> = sp.skills.iter().map(String::as_str).collect();
        if !skills.starts_with(&seed_skills) {
            out.push(format!(
                "{at} skills: built-in {skills:?} do not start with the seed's {seed_skills:?}"
            ));
        }

        if phase.steps.len() != sp.steps.len() {
            out.push(format!(
                "{at} step count: built-in {}, seed {}",
                phase.steps.len(),
                sp.steps.len()
            ));
        }
        for (k, (step, ss)) in phase.steps.iter().zip(&sp.steps).enumerate() {
            let at = format!("{at} step {}", k + 1);
            eq(
                &mut out,
                format!("{at} persona"),
                &step.persona.written,
                &ss.persona,
            );
            eq(
                &mut out,
                format!("{at} action"),
                &step.action.value,
                &ss.action,
            );
        }
    }
    out
}

#[test]
fn fixture_holds_the_ten_seed_workflows() {
    let seed = seed_facts();
    let ids: Vec<&str> = seed.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "microservices-migration",
            "production-incident-response",
            "gdpr-compliance-program",
            "design-system-creation",
            "platform-migration-aws-gcp",
            "technical-debt-reduction-sprint",
            "api-deprecation-versioning",
            "search-implementation-elasticsearch",
            "chaos-engineering-program-launch",
            "mobile-app-launch-ios-android",
        ]
    );
    for w in &seed {
        assert!(
            !w.phases.is_empty() && !w.success_criteria.is_empty(),
            "{} is incomplete",
            w.id
        );
        for p in &w.phases {
            assert!(
                !p.steps.is_empty() && !p.skills.is_empty(),
                "{} / {} is incomplete",
                w.id,
                p.name
            );
        }
    }
}

#[test]
fn seed_workflows_are_built_in_word_for_word() {
    let catalog = Catalog::builtin();
    let mut failures = Vec::new();
    for seed in seed_facts() {
        match catalog.library.get(&seed.id) {
            None => failures.push(format!("{}: not in the built-in library", seed.id)),
            Some(wf) => {
                if wf.id != seed.id {
                    failures.push(format!("{}: built-in id is {}", seed.id, wf.id));
                }
                failures.extend(
                    differences(&seed, wf)
                        .into_iter()
                        .map(|d| format!("{}: {d}", seed.id)),
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "the library differs from the seed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_step_persona_is_in_its_phase_skills() {
    let catalog = Catalog::builtin();
    let mut failures = Vec::new();
    for seed in seed_facts() {
        let Some(wf) = catalog.library.get(&seed.id) else {
            continue;
        };
        for phase in &wf.phases {
            for step in &phase.steps {
                if !phase.skills.iter().any(|s| s.key() == step.persona.key()) {
                    failures.push(format!(
                        "{} / {}: {} is not in skills",
                        seed.id, phase.name.value, step.persona.written
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
