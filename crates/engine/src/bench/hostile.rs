//! Hostile inputs at scale, for `bench hostile`: the families whose cost
//! once grew with the square of their size, generated in memory (nothing is
//! read or written). Each family makes a text of `n` items; the bench times
//! what `check` or `import` does with it, rendering included.

/// One family of hostile input.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    pub name: &'static str,
    /// What the bench runs on it: `check` (YAML) or `import` (Markdown).
    pub command: &'static str,
    pub make: fn(usize) -> String,
}

/// Every family, in the order the bench reports them.
pub fn families() -> Vec<Family> {
    vec![
        Family {
            name: "unknown keys",
            command: "check",
            make: unknown_keys,
        },
        Family {
            name: "unknown personas",
            command: "check",
            make: unknown_personas,
        },
        Family {
            name: "chained steps",
            command: "check",
            make: chained_steps,
        },
        Family {
            name: "headings",
            command: "import",
            make: headings,
        },
        Family {
            name: "chain arrows",
            command: "import",
            make: chain_arrows,
        },
        Family {
            name: "list under a chain",
            command: "import",
            make: chain_list,
        },
    ]
}

/// A one-phase workflow with `extra` lines in its phase, `skills` after
/// SRE among its skills, and `steps` as its steps.
pub fn workflow(extra: &str, skills: &str, steps: &str) -> String {
    format!(
        "name: W
success_criteria:
  - text: error rate below 1%
    metrics: [{{name: e, op: '<', target: 1, unit: '%'}}]
phases:
  - id: a
    name: A (Week 1)
    deliverable: d
    skills: [SRE{skills}]
{extra}    steps:
{steps}"
    )
}

/// The one step of a workflow that needs no more.
pub const ONE_STEP: &str = "      - {id: s, persona: SRE, action: do}\n";

/// `n` unknown keys in one phase (SC016 each).
pub fn unknown_keys(n: usize) -> String {
    let keys: String = (0..n).map(|i| format!("    k{i}: 1\n")).collect();
    workflow(&keys, "", ONE_STEP)
}

/// `n` unknown personas among a phase's skills (SC001 each, with a suggestion).
pub fn unknown_personas(n: usize) -> String {
    let skills: String = (0..n).map(|i| format!(", Persona Nobody {i}")).collect();
    workflow("", &skills, ONE_STEP)
}

/// `n` steps, each after the one before: one chain as deep as the file.
pub fn chained_steps(n: usize) -> String {
    let steps: String = (0..n)
        .map(|i| match i {
            0 => "      - {id: s0, persona: SRE, action: do}\n".to_string(),
            _ => format!(
                "      - {{id: s{i}, persona: SRE, action: do, after: [s{}]}}\n",
                i - 1
            ),
        })
        .collect();
    workflow("", "", &steps)
}

/// `n` level-2 headings with a line of text each (none is a workflow).
pub fn headings(n: usize) -> String {
    (0..n)
        .map(|i| format!("## Heading {i}\n\ntext\n\n"))
        .collect()
}

/// A `**Chain:**` line of `n` arrows and a list of `n` items.
pub fn chain_arrows(n: usize) -> String {
    let arrows = vec!["SRE"; n.max(1)].join(" → ");
    let items: String = (0..n)
        .map(|i| format!("{}. Do thing {i}\n", i + 1))
        .collect();
    format!(
        "## Cat\n\n### Big Chain\n\n**Chain:** {arrows}\n\n**Workflow:**\n{items}\n**Output:** x\n"
    )
}

/// A numbered list of `n` identical items under a two-persona chain.
pub fn chain_list(n: usize) -> String {
    let items: String = (0..n).map(|i| format!("{}. Do thing\n", i + 1)).collect();
    format!(
        "## Cat\n\n### Big Chain\n\n**Chain:** SRE → FinOps Optimizer\n\n**Workflow:**\n{items}\n**Output:** x\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_grows_with_n() {
        for f in families() {
            assert!((f.make)(100).len() > (f.make)(10).len(), "{}", f.name);
        }
    }
}
