//! The field's domains and the catalog personas each calls for: a scenario
//! that mentions "iOS" needs a Mobile Platform Engineer whatever playbook it
//! starts from. Cues are matched after text analysis, so synonyms and word
//! forms count ("WCAG" and "a11y" both find accessibility).
//!
//! Conservative on purpose: cues are words that name the domain, not words
//! every scenario uses ("team", "product", "feature").

use serde::Serialize;

use crate::text::words::stems;

/// A domain: its name, the cues that reveal it, and the personas it calls for.
pub struct Domain {
    pub id: &'static str,
    /// Each cue is a word or phrase; a phrase matches when all its words occur.
    pub cues: &'static [&'static str],
    /// Catalog slugs, most important first.
    pub personas: &'static [&'static str],
}

pub const DOMAINS: &[Domain] = &[
    Domain {
        id: "mobile",
        cues: &[
            "mobile",
            "ios",
            "android",
            "app store",
            "react native",
            "flutter",
        ],
        personas: &["mobile-platform-engineer"],
    },
    Domain {
        id: "frontend",
        cues: &[
            "frontend",
            "front end",
            "web app",
            "single page",
            "checkout flow",
            "react",
            "browser",
        ],
        personas: &["frontend-ux-specialist"],
    },
    Domain {
        id: "product-design",
        cues: &[
            "ux",
            "usability",
            "user research",
            "redesign",
            "onboarding flow",
            "wireframe",
        ],
        personas: &["product-designer", "ux-research-strategist"],
    },
    Domain {
        id: "design-system",
        cues: &[
            "designsystem",
            "component library",
            "design tokens",
            "ui kit",
        ],
        personas: &["ui-design-system-architect"],
    },
    Domain {
        id: "brand",
        cues: &["brand", "visual identity", "animation", "motion"],
        personas: &["visual-design-brand-specialist"],
    },
    Domain {
        id: "accessibility",
        cues: &[
            "accessibility",
            "screen reader",
            "ada",
            "section 508",
            "eaa",
        ],
        personas: &["accessibility-specialist"],
    },
    Domain {
        id: "localization",
        cues: &[
            "internationalization",
            "localization",
            "locale",
            "multilingual",
            "languages",
        ],
        personas: &["localization-i18n-engineer"],
    },
    Domain {
        id: "privacy",
        cues: &[
            "privacy",
            "personal data",
            "pii",
            "data subject",
            "consent",
            "data residency",
        ],
        personas: &["privacy-engineer", "compliance-guardian"],
    },
    Domain {
        id: "compliance",
        cues: &[
            "compliance",
            "soc2",
            "iso27001",
            "hipaa",
            "pci",
            "fedramp",
            "regulator",
            "regulatory",
            "certification",
            "auditor",
        ],
        personas: &["compliance-guardian"],
    },
    Domain {
        id: "security",
        cues: &[
            "security",
            "vulnerability",
            "pentest",
            "breach",
            "ransomware",
            "zero trust",
            "secrets",
            "threat",
        ],
        personas: &["security-sentinel"],
    },
    Domain {
        id: "incident",
        cues: &["incident", "sev", "paged", "war room"],
        personas: &["incident-commander", "site-reliability-engineer"],
    },
    Domain {
        id: "reliability",
        cues: &[
            "reliability",
            "slo",
            "sla",
            "uptime",
            "availability",
            "error budget",
            "oncall",
        ],
        personas: &["site-reliability-engineer"],
    },
    Domain {
        id: "observability",
        cues: &[
            "observability",
            "monitoring",
            "alerting",
            "dashboards",
            "tracing",
            "logging",
        ],
        personas: &["observability-engineer"],
    },
    Domain {
        id: "chaos",
        cues: &["chaos", "gameday", "failure injection", "resilience"],
        personas: &["chaos-engineering-specialist"],
    },
    Domain {
        id: "database",
        cues: &[
            "database",
            "postgres",
            "mysql",
            "sharding",
            "replication",
            "dynamodb",
            "mongodb",
            "schema migration",
        ],
        personas: &["database-reliability-engineer"],
    },
    Domain {
        id: "data",
        cues: &[
            "data pipeline",
            "data warehouse",
            "warehouse",
            "etl",
            "snowflake",
            "bigquery",
            "data lake",
            "analytics pipeline",
            "kafka",
        ],
        personas: &["data-engineer"],
    },
    Domain {
        id: "ml",
        cues: &[
            "ml",
            "ai",
            "model training",
            "recommendation",
            "recommendations",
            "llm",
            "fraud detection",
        ],
        personas: &["ml-pragmatist"],
    },
    Domain {
        id: "ai-governance",
        cues: &[
            "ai act",
            "responsible ai",
            "ai governance",
            "bias",
            "fairness",
            "model risk",
        ],
        personas: &["ai-ethics-governance"],
    },
    Domain {
        id: "search",
        cues: &[
            "search",
            "relevance",
            "discovery",
            "autocomplete",
            "ranking",
        ],
        personas: &["search-discovery-engineer"],
    },
    Domain {
        id: "api",
        cues: &[
            "api",
            "apis",
            "graphql",
            "rest",
            "sdk",
            "webhook",
            "endpoint",
            "partners integrate",
        ],
        personas: &["api-platform-engineer"],
    },
    Domain {
        id: "distributed",
        cues: &[
            "microservices",
            "distributed",
            "event driven",
            "message queue",
            "backend",
        ],
        personas: &["backend-distributed-systems-engineer"],
    },
    Domain {
        id: "cloud",
        cues: &[
            "cloud",
            "region",
            "multiregion",
            "data center",
            "datacenter",
        ],
        personas: &["cloud-architect"],
    },
    Domain {
        id: "infrastructure",
        cues: &[
            "kubernetes",
            "iac",
            "infrastructure",
            "cicd",
            "docker",
            "helm",
            "containers",
        ],
        personas: &["devops-infrastructure-as-code"],
    },
    Domain {
        id: "platform",
        cues: &[
            "devex",
            "internal platform",
            "golden path",
            "developer productivity",
            "build times",
            "platform team",
        ],
        personas: &["platform-builder", "devex-champion"],
    },
    Domain {
        id: "performance",
        cues: &[
            "performance",
            "latency",
            "throughput",
            "load test",
            "scalability",
            "black friday",
            "traffic spike",
        ],
        personas: &["performance-engineer"],
    },
    Domain {
        id: "cost",
        cues: &["cost", "finops", "budget", "savings", "cloud bill"],
        personas: &["finops-optimizer"],
    },
    Domain {
        id: "vendors",
        cues: &[
            "vendor",
            "vendors",
            "contract",
            "contracts",
            "procurement",
            "licenses",
            "renewal",
            "supplier",
        ],
        personas: &["vendor-management"],
    },
    Domain {
        id: "legacy",
        cues: &["legacy", "mainframe", "cobol", "monolith", "undocumented"],
        personas: &["legacy-archaeologist"],
    },
    Domain {
        id: "integration",
        cues: &[
            "integration",
            "erp",
            "salesforce",
            "sap",
            "middleware",
            "esb",
            "crm",
        ],
        personas: &["enterprise-integration-architect"],
    },
    Domain {
        id: "hiring",
        cues: &[
            "hiring",
            "headcount",
            "interview",
            "interviews",
            "recruiter",
            // not "offers" alone: it stems to "off", as in "sign-off"
            "job offers",
            "offer acceptance",
        ],
        personas: &["technical-recruiting", "engineering-manager"],
    },
    Domain {
        id: "people",
        cues: &[
            "morale",
            "burnout",
            "attrition",
            "retention of engineers",
            "team health",
            "one on ones",
        ],
        personas: &["empathetic-team-lead", "engineering-manager"],
    },
    Domain {
        id: "org",
        cues: &[
            "org",
            "organization",
            "team topologies",
            "reporting lines",
            "managers",
            "spans",
        ],
        personas: &["director-of-engineering", "vp-engineering"],
    },
    Domain {
        id: "career",
        cues: &[
            "career",
            "ladder",
            "promotion",
            "promotions",
            "levels",
            "leveling",
            "staff engineer",
        ],
        personas: &["engineering-manager", "staff-ic-advisor"],
    },
    Domain {
        id: "transformation",
        cues: &[
            "agile",
            "transformation",
            "waterfall",
            "scrum",
            "ways of working",
        ],
        personas: &["engineering-transformation"],
    },
    Domain {
        id: "acquisition",
        cues: &[
            "acquisition",
            "merger",
            "diligence",
            "acquirer",
            "target company",
        ],
        personas: &["ma-due-diligence"],
    },
    Domain {
        id: "executive",
        cues: &[
            "board",
            "ceo",
            "cfo",
            "executive",
            "executives",
            "investors",
        ],
        personas: &["executive-liaison"],
    },
    Domain {
        id: "quality",
        cues: &[
            "qa",
            "test automation",
            "regression",
            "flaky",
            "test coverage",
            "testing",
        ],
        personas: &["qa-automation-engineer"],
    },
    Domain {
        id: "release",
        cues: &[
            "release",
            "releases",
            "canary",
            "feature flag",
            "feature flags",
            "rollback",
            "release train",
        ],
        personas: &["release-engineering-lead"],
    },
    Domain {
        id: "docs",
        cues: &[
            "documentation",
            "docs",
            "runbook",
            "runbooks",
            "developer portal",
        ],
        personas: &["technical-writer"],
    },
    Domain {
        id: "devrel",
        cues: &[
            "developer community",
            "devrel",
            "developer adoption",
            "hackathon",
        ],
        personas: &["developer-advocate"],
    },
    Domain {
        id: "open-source",
        cues: &["open source", "oss", "license compliance"],
        personas: &["open-source-strategist"],
    },
    Domain {
        id: "customers",
        cues: &[
            "customer success",
            "customer migration",
            "enterprise accounts",
            "key accounts",
            "churn",
        ],
        personas: &["customer-success-engineer"],
    },
    Domain {
        id: "growth",
        cues: &[
            "conversion",
            "growth",
            "funnel",
            "experiment",
            "activation",
            "retention",
        ],
        personas: &["growth-engineer-product-analytics"],
    },
    Domain {
        id: "product",
        cues: &[
            "roadmap",
            "prioritization",
            "product requirements",
            "prd",
            "feature",
        ],
        personas: &["technical-product-manager"],
    },
    Domain {
        id: "program",
        cues: &[
            "cross team",
            "multiple teams",
            "dependencies",
            "coordination",
            "program",
        ],
        personas: &["technical-program-manager"],
    },
    Domain {
        id: "data-strategy",
        cues: &["data strategy", "data governance", "cdo", "data platform"],
        personas: &["data-strategy"],
    },
    Domain {
        id: "architecture",
        cues: &["architecture", "modernization", "rearchitecture", "rewrite"],
        personas: &["pragmatic-architect"],
    },
];

/// A domain a scenario mentions, with the cue that revealed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainHit {
    pub domain: &'static str,
    pub cue: &'static str,
    pub personas: Vec<&'static str>,
}

/// The domains whose cues occur in these stems, in table order.
pub fn detect(scenario_stems: &[String]) -> Vec<DomainHit> {
    let mut hits = Vec::new();
    for d in DOMAINS {
        let cue = d.cues.iter().find(|cue| {
            let words = stems(cue);
            !words.is_empty() && words.iter().all(|w| scenario_stems.contains(w))
        });
        if let Some(cue) = cue {
            hits.push(DomainHit {
                domain: d.id,
                cue,
                personas: d.personas.to_vec(),
            });
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::personas::PersonaCatalog;

    #[test]
    fn every_domain_persona_is_in_the_catalog() {
        let c = PersonaCatalog::builtin();
        for d in DOMAINS {
            for p in d.personas {
                assert!(c.by_slug(p).is_some(), "{}: unknown persona {p}", d.id);
            }
            for cue in d.cues {
                assert!(
                    !stems(cue).is_empty(),
                    "{}: cue {cue:?} is all stop words",
                    d.id
                );
            }
        }
    }

    #[test]
    fn cues_survive_synonyms_and_word_forms() {
        let ids = |s: &str| -> Vec<&str> { detect(&stems(s)).iter().map(|h| h.domain).collect() };
        assert!(ids("ship the iOS app").contains(&"mobile"));
        assert!(ids("WCAG fixes").contains(&"accessibility"));
        assert!(ids("we keep having outages").contains(&"incident"));
        assert!(ids("cut our AWS spend").contains(&"cost"));
        assert!(!ids("build a new feature").contains(&"mobile"));
    }
}
