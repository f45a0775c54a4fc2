//! The persona catalog: canonical names, slugs, groups and aliases.
//!
//! The built-in catalog is `catalog/personas.tsv`, embedded at build time.
//! It sits below the format and the checks, which resolve and validate the
//! personas a workflow names; it must not depend on them.
//! Projects can add their own personas (see [`PersonaCatalog::extend`]).
//! Names resolve case- and punctuation-insensitively, so "SRE",
//! "Backend/Distributed Systems Engineer" and "backend distributed systems
//! engineer" all find their persona.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::normalise;

const BUILTIN_TSV: &str = include_str!("../catalog/personas.tsv");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Persona {
    pub name: String,
    pub slug: String,
    pub group: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A Claude Code skill directory for this persona, when one is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// Whether the persona comes from the built-in catalog.
    #[serde(default)]
    pub builtin: bool,
}

#[derive(Debug, Clone)]
pub struct PersonaCatalog {
    personas: Vec<Persona>,
    /// Normalised name, slug or alias -> index.
    index: HashMap<String, usize>,
    /// Executors the project adds to the built-in ones: check accepts them
    /// on a step's `executor:` like the personas it adds.
    executors: BTreeSet<String>,
    /// The catalog's names prepared for suggestions, made on first use and
    /// dropped when the catalog changes: a file with thousands of unknown
    /// personas compares each to these, not to names normalised anew.
    spellings: OnceLock<Spellings>,
}

/// The catalog's names as "did you mean" and the nearest group compare them.
#[derive(Debug, Clone, Default)]
struct Spellings {
    /// Per persona: its name and aliases normalised, with their letters.
    names: Vec<Vec<(String, Letters)>>,
    /// Per persona: its name normalised.
    normalised: Vec<String>,
    /// Per group, in catalog order: its name, the word stems of the group
    /// and its members' names and aliases, and its members.
    groups: Vec<(String, HashSet<String>, Vec<usize>)>,
}

impl Spellings {
    fn of(personas: &[Persona]) -> Spellings {
        let names = personas
            .iter()
            .map(|p| {
                std::iter::once(&p.name)
                    .chain(&p.aliases)
                    .map(|n| {
                        let key = normalise(n);
                        let letters = Letters::of(&key);
                        (key, letters)
                    })
                    .collect()
            })
            .collect();
        let normalised = personas.iter().map(|p| normalise(&p.name)).collect();
        let mut groups: Vec<(String, HashSet<String>, Vec<usize>)> = Vec::new();
        for (i, p) in personas.iter().enumerate() {
            let at = match groups.iter().position(|g| g.0 == p.group) {
                Some(at) => at,
                None => {
                    let vocabulary = crate::text::words::stems(&p.group).into_iter().collect();
                    groups.push((p.group.clone(), vocabulary, Vec::new()));
                    groups.len() - 1
                }
            };
            let group = &mut groups[at];
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                group.1.extend(crate::text::words::stems(n));
            }
            group.2.push(i);
        }
        Spellings {
            names,
            normalised,
            groups,
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    #[error("line {line}: expected 4 tab-separated columns (name, slug, group, aliases)")]
    Columns { line: usize },
    #[error("line {line}: slug `{slug}` is used twice")]
    DuplicateSlug { line: usize, slug: String },
}

impl PersonaCatalog {
    /// The catalog compiled into the binary.
    pub fn builtin() -> PersonaCatalog {
        PersonaCatalog::from_tsv(BUILTIN_TSV)
            .expect("the embedded persona catalog is valid (tested)")
    }

    /// Read `name\tslug\tgroup\taliases|separated|by|pipes` with a header line.
    pub fn from_tsv(text: &str) -> Result<PersonaCatalog, CatalogError> {
        let mut catalog = PersonaCatalog {
            personas: Vec::new(),
            index: HashMap::new(),
            executors: BTreeSet::new(),
            spellings: OnceLock::new(),
        };
        for (n, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 || cols.len() > 4 {
                return Err(CatalogError::Columns { line: n + 1 });
            }
            let aliases = cols
                .get(3)
                .map(|a| {
                    a.split('|')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            let persona = Persona {
                name: cols[0].trim().to_string(),
                slug: cols[1].trim().to_string(),
                group: cols[2].trim().to_string(),
                aliases,
                skill: None,
                builtin: true,
            };
            if catalog.by_slug(&persona.slug).is_some() {
                return Err(CatalogError::DuplicateSlug {
                    line: n + 1,
                    slug: persona.slug,
                });
            }
            catalog.insert(persona);
        }
        Ok(catalog)
    }

    fn insert(&mut self, persona: Persona) {
        self.spellings = OnceLock::new();
        let i = self.personas.len();
        for key in std::iter::once(&persona.name)
            .chain([&persona.slug])
            .chain(persona.aliases.iter())
        {
            self.index.entry(normalise(key)).or_insert(i);
        }
        // "Engineering Manager (EM)": the name without its parenthetical also resolves.
        if let Some(open) = persona.name.find('(') {
            self.index
                .entry(normalise(&persona.name[..open]))
                .or_insert(i);
        }
        self.personas.push(persona);
    }

    /// Add project personas, or attach a skill to an existing one (same slug).
    pub fn extend(&mut self, personas: impl IntoIterator<Item = Persona>) {
        self.spellings = OnceLock::new();
        for p in personas {
            if let Some(i) = self.personas.iter().position(|q| q.slug == p.slug) {
                let existing = &mut self.personas[i];
                if p.skill.is_some() {
                    existing.skill = p.skill.clone();
                }
                for a in &p.aliases {
                    self.index.entry(normalise(a)).or_insert(i);
                    existing.aliases.push(a.clone());
                }
            } else {
                self.insert(Persona {
                    builtin: false,
                    ..p
                });
            }
        }
    }

    /// Add executor names the project defines (beyond the built-ins).
    pub fn add_executors(&mut self, names: impl IntoIterator<Item = String>) {
        self.executors.extend(names);
    }

    /// Whether a step may name this executor: a built-in or one the project added.
    pub fn knows_executor(&self, name: &str) -> bool {
        crate::model::is_builtin_executor(name) || self.executors.contains(name)
    }

    /// Every executor a step may name: the built-ins, then the project's.
    pub fn executors(&self) -> Vec<&str> {
        let builtin = crate::model::BUILTIN_EXECUTORS.into_iter();
        builtin
            .chain(
                self.executors
                    .iter()
                    .map(String::as_str)
                    .filter(|n| !crate::model::is_builtin_executor(n)),
            )
            .collect()
    }

    pub fn all(&self) -> &[Persona] {
        &self.personas
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Persona> {
        self.personas.iter().find(|p| p.slug == slug)
    }

    /// Resolve a name, slug or alias in any case or punctuation.
    pub fn resolve(&self, written: &str) -> Option<&Persona> {
        self.index
            .get(&normalise(written))
            .map(|&i| &self.personas[i])
    }

    /// The catalog names `written` is probably a misspelling of, best first
    /// (for "did you mean"). Only names within a typo or two qualify: a
    /// different role that happens to share a few letters is no suggestion.
    pub fn nearest(&self, written: &str, max: usize) -> Vec<&str> {
        let key = normalise(written);
        let letters = Letters::of(&key);
        let spellings = self.spellings();
        let mut scored: Vec<(f64, &str)> = self
            .personas
            .iter()
            .zip(&spellings.names)
            .map(|(p, names)| (spelling_similarity(&key, &letters, names), p.name.as_str()))
            .filter(|(s, _)| *s >= TYPO_SIMILARITY)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(max).map(|(_, n)| n).collect()
    }

    /// The group whose personas share the most words with `written`, and
    /// its personas: where to look when no name is spelled like it. `None`
    /// when no group shares a word.
    pub fn nearest_group<'a>(&'a self, written: &str) -> Option<(&'a str, Vec<&'a str>)> {
        let wanted = crate::text::words::stems(written);
        let key = normalise(written);
        let spellings = self.spellings();
        let shared: Vec<usize> = spellings
            .groups
            .iter()
            .map(|group| wanted.iter().filter(|w| group.1.contains(*w)).count())
            .collect();
        let most = shared.iter().copied().max().filter(|&n| n > 0)?;
        // Closeness only breaks ties between the groups sharing the most words.
        let (_, group) = spellings
            .groups
            .iter()
            .zip(&shared)
            .filter(|&(_, &n)| n == most)
            .map(|(group, _)| {
                let closeness = group
                    .2
                    .iter()
                    .map(|&i| strsim::jaro_winkler(&key, &spellings.normalised[i]))
                    .fold(0.0, f64::max);
                (closeness, group)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))?;
        let names = group.2.iter().map(|&i| self.personas[i].name.as_str());
        Some((group.0.as_str(), names.collect()))
    }

    fn spellings(&self) -> &Spellings {
        self.spellings.get_or_init(|| Spellings::of(&self.personas))
    }
}

/// The share of a name's letters that need no edit, at or above which a
/// written name reads as a misspelling of a catalog name ("Pragmatc
/// Architect" scores 0.94; "Quantum Wizard" against "QA Automation
/// Engineer" 0.25).
const TYPO_SIMILARITY: f64 = 0.8;

/// How many of each letter a name has (letters folded into 64 buckets),
/// and its length in chars: what bounds the edits between two names
/// without comparing them letter by letter.
#[derive(Debug, Clone)]
struct Letters {
    counts: [u16; 64],
    len: usize,
}

impl Letters {
    fn of(name: &str) -> Letters {
        let mut counts = [0u16; 64];
        let mut len = 0;
        for c in name.chars() {
            let bucket = &mut counts[c as usize % 64];
            *bucket = bucket.saturating_add(1);
            len += 1;
        }
        Letters { counts, len }
    }

    /// At most the similarity [`strsim::normalized_damerau_levenshtein`]
    /// can find: an edit changes the letter counts by two at most (a
    /// substitution) and the length by one at most.
    fn similarity_bound(&self, other: &Letters) -> f64 {
        let apart: usize = self
            .counts
            .iter()
            .zip(&other.counts)
            .map(|(a, b)| a.abs_diff(*b) as usize)
            .sum();
        let edits = apart.div_ceil(2).max(self.len.abs_diff(other.len));
        let longest = self.len.max(other.len).max(1) as f64;
        1.0 - edits as f64 / longest
    }
}

/// How close a normalised name is to a persona's name or any of its
/// aliases. A spelling whose letters alone keep it under
/// [`TYPO_SIMILARITY`] is not compared letter by letter.
fn spelling_similarity(key: &str, letters: &Letters, names: &[(String, Letters)]) -> f64 {
    names
        .iter()
        .filter(|(_, theirs)| letters.similarity_bound(theirs) >= TYPO_SIMILARITY)
        .map(|(name, _)| strsim::normalized_damerau_levenshtein(key, name))
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_has_unique_slugs_and_resolves_seed_spellings() {
        let c = PersonaCatalog::builtin();
        assert_eq!(c.all().len(), 64);
        let mut slugs: Vec<_> = c.all().iter().map(|p| &p.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), 64);
        assert_eq!(c.resolve("SRE").unwrap().slug, "site-reliability-engineer");
        assert_eq!(
            c.resolve("Backend/Distributed Systems Engineer")
                .unwrap()
                .slug,
            "backend-distributed-systems-engineer"
        );
        assert_eq!(
            c.resolve("legacy systems archaeologist").unwrap().slug,
            "legacy-archaeologist"
        );
        assert_eq!(c.resolve("VP Engineering").unwrap().slug, "vp-engineering");
        assert_eq!(
            c.resolve("Engineering Manager").unwrap().slug,
            "engineering-manager"
        );
        assert_eq!(
            c.resolve("DBRE").unwrap().slug,
            "database-reliability-engineer"
        );
        assert!(c.resolve("Wizard").is_none());
    }

    #[test]
    fn nearest_names_for_typos() {
        let c = PersonaCatalog::builtin();
        assert_eq!(
            c.nearest("Pragmatic Architekt", 3)[0],
            "Pragmatic Architect"
        );
        assert!(c.nearest("zzzz", 3).is_empty());
        assert_eq!(c.nearest("Pragmatc Architect", 3), ["Pragmatic Architect"]);
        assert_eq!(
            c.nearest("Reliability Engineer", 3)[0],
            "Site Reliability Engineer"
        );
    }

    #[test]
    fn no_suggestion_for_a_name_that_only_shares_letters() {
        let c = PersonaCatalog::builtin();
        assert!(c.nearest("Quantum Wizard", 3).is_empty());
        assert!(c.nearest("QA Engineer", 3).is_empty());
        assert!(c.nearest_group("Quantum Wizard").is_none());
    }

    #[test]
    fn the_nearest_group_shares_the_most_words() {
        let c = PersonaCatalog::builtin();
        let (group, names) = c.nearest_group("QA Engineer").unwrap();
        assert_eq!(group, "Platform & Developer Experience");
        assert!(names.contains(&"QA Automation Engineer"));
        assert_eq!(
            c.nearest_group("Product Manager").unwrap().0,
            "Program & Product Coordination"
        );
    }

    #[test]
    fn project_personas_extend_the_catalog() {
        let mut c = PersonaCatalog::builtin();
        c.extend([Persona {
            name: "Data Protection Officer".into(),
            slug: "dpo".into(),
            group: "Custom".into(),
            aliases: vec!["DPO".into()],
            skill: None,
            builtin: false,
        }]);
        assert_eq!(c.resolve("dpo").unwrap().name, "Data Protection Officer");
    }
}
