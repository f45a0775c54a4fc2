//! check's advice and report card: the ten principles, `--deny advice`,
//! `--fix`, and a playbook imported without a security step.

use crate::support::*;

/// A feature playbook in the seed's Markdown with no security step.
const NO_SECURITY: &str = "## Example Workflow: Checkout Redesign

**Category:** Feature Development
**Timeline:** 2-3 months

**Phase 1: Discovery & Planning (Week 1-2)**

**Skills:** Technical Product Manager, Pragmatic Architect

**Steps:**
1. **Technical Product Manager**: Define the checkout goals and scope
2. **Pragmatic Architect**: Design the checkout architecture
3. **Deliverable**: Checkout plan

**Phase 2: Build (Week 3-8)**

**Skills:** Frontend/UX Specialist, Backend/Distributed Systems Engineer, QA Automation Engineer

**Steps:**
1. **Frontend/UX Specialist**: Build the new checkout flow
2. **Backend/Distributed Systems Engineer**: Build the payment API
3. **QA Automation Engineer**: Automate the checkout tests
4. **Deliverable**: Checkout ready for release

**Phase 3: Release (Week 9-10)**

**Skills:** Compliance Guardian, Site Reliability Engineer, Technical Writer

**Steps:**
1. **Compliance Guardian**: Check the PCI DSS scope of the payment flow
2. **Site Reliability Engineer**: Roll out behind a flag with a canary
3. **Technical Writer**: Write the help centre articles
4. **Deliverable**: New checkout live for all users

**Success Criteria:**
- Checkout conversion above 3%
";

#[test]
fn an_imported_playbook_without_security_is_advised_to_add_the_security_sentinel() {
    let dir = temp_dir();
    let md = dir.write("checkout.md", NO_SECURITY);
    run_in(dir.path(), &["import", md.to_str().unwrap(), "-o", "out"]).code(0);
    let file = "out/checkout-redesign.yaml";
    // Advice never fails check on its own.
    run_in(dir.path(), &["check", file])
        .code(0)
        .stdout_has("advice[SC210]")
        .stdout_has("Security Sentinel");
    run_in(dir.path(), &["check", "--deny", "advice", file]).code(1);
    let card = run_in(dir.path(), &["check", "--review", "--json", file])
        .code(0)
        .json();
    let p10 = &card["cards"][0]["principles"][9];
    assert_eq!(p10["principle"], 10);
    assert_eq!(p10["status"], "advice", "{p10}");
    let helps: Vec<&str> = p10["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["help"].as_str())
        .collect();
    assert!(
        helps.iter().any(|h| h.contains("Security Sentinel")),
        "{helps:?}"
    );
    // Only security is missing: compliance, operations, documentation are there.
    assert_eq!(helps.len(), 1, "{helps:?}");
}

#[test]
fn review_prints_ten_principles_and_a_summary_in_80_columns() {
    let r = run(&["check", "--review", "microservices-migration"]);
    r.code(0);
    let text = &r.stdout;
    for n in 1..=10 {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(&format!("{n} "))),
            "no line for principle {n}:\n{text}"
        );
    }
    assert!(text.contains("10 of 10 principles met"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn a_recorded_reason_shows_in_the_review() {
    let json = run(&[
        "check",
        "--review",
        "--json",
        "search-implementation-elasticsearch",
    ])
    .code(0)
    .json();
    let p9 = &json["cards"][0]["principles"][8];
    assert_eq!(p9["status"], "reasoned", "{p9}");
    assert!(
        p9["evidence"][0]
            .as_str()
            .unwrap()
            .starts_with("reason recorded: the seed staffs")
    );
}

/// Two steps chained by `after` with no data between them.
const CHAINED: &str = "name: Audit Pair
timeline: 2 months
success_criteria:
  - text: No critical finding open
    metrics: [{name: critical_findings, op: \"=\", target: 0, unit: findings}]
phases:
  - id: audit
    name: Audit
    window: Month 1-2
    steps:
      - id: security-audit
        persona: Security Sentinel
        action: Audit the service for security
        outputs: [security-findings]
        estimate: 3w
      - id: performance-audit
        persona: Performance Engineer
        action: Audit the service for performance
        outputs: [performance-findings]
        after: [security-audit]
        estimate: 3w
    deliverable: {text: Audit report, artifact: audit-report}
pitfalls: [Auditing a staging service that differs from production]
retrospective: [Which finding was found too late?]
";

#[test]
fn fix_runs_independent_audits_side_by_side() {
    let dir = temp_dir();
    let file = dir.write("audits.yaml", CHAINED);
    let f = file.to_str().unwrap();
    run(&["check", f])
        .code(0)
        .stdout_has("advice[SC206]")
        .stdout_has("3w sooner");
    run(&["check", "--fix", f])
        .code(0)
        .stdout_has("made 1 fix(es)");
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert!(!fixed.contains("after:"), "{fixed}");
    assert!(fixed.starts_with("# yaml-language-server"), "{fixed}");
    let again = run(&["check", "--json", f]).code(0).json();
    assert_eq!(again["advice"], 0, "{again}");
}
