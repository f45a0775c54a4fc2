//! The full library: every workflow the seed's categories name, every persona
//! used, the generated index in the repository.

use crate::support::*;

#[test]
fn every_workflow_named_in_section_2_has_a_builtin() {
    let listed = run(&["list", "--json"]).json();
    let ids: Vec<&str> = listed["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    let index = run(&["list", "--markdown", "--json"]).json();
    let named = index["named"].as_array().unwrap();
    assert_eq!(named.len(), 36, "section 2 names 36 workflows");
    let missing: Vec<&str> = named
        .iter()
        .map(|n| n["builtin"].as_str().unwrap())
        .filter(|b| !ids.contains(b))
        .collect();
    assert!(
        missing.is_empty(),
        "named workflows without a built-in: {missing:?}"
    );
    // Every built-in sits in one of the nine categories.
    for w in listed["workflows"].as_array().unwrap() {
        let c = w["category"].as_str().unwrap();
        assert!(
            skill_chains_core::catalog::CATEGORIES.contains(&c),
            "{} has category {c:?}",
            w["id"]
        );
    }
}

/// The built-in that covers a named workflow is the one a person finds by
/// typing that name: `suggest` ranks it first. A mapping to a neighbour (a
/// roadmap mapped to one migration) fails here.
#[test]
fn each_named_workflow_is_what_suggest_finds_first() {
    let index = run(&["list", "--markdown", "--json"]).json();
    let mut wrong = Vec::new();
    for n in index["named"].as_array().unwrap() {
        let name = n["name"].as_str().unwrap();
        let builtin = n["builtin"].as_str().unwrap();
        let found = run(&["suggest", name, "--json"]).json();
        let top = found["suggestions"][0]["id"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        if top != builtin {
            wrong.push(format!("{name}: mapped to {builtin}, suggest finds {top}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn every_persona_is_used_somewhere() {
    let unused = run(&["personas", "--unused", "--json"]).json();
    let names: Vec<&str> = unused["personas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(names.is_empty(), "personas no built-in uses: {names:?}");
}

#[test]
fn library_index_in_the_repo_is_current() {
    let printed = run(&["list", "--markdown"]).stdout;
    let committed = std::fs::read_to_string(repo_root().join("LIBRARY.md")).unwrap_or_default();
    assert_eq!(
        printed, committed,
        "LIBRARY.md is stale: run `skill-chains list --markdown > LIBRARY.md`"
    );
}
