//! Team files: how many people of each persona are available to a
//! resource-levelled schedule.
//!
//! ```yaml
//! name: Platform group          # optional
//! default_capacity: 1           # for personas the file does not name (default 1)
//! members:
//!   - persona: SRE              # catalog names resolve as in workflows
//!     count: 2
//!   - persona: Technical Writer
//!     share: 0.5                # part-time: half of one person
//!   - persona: Backend Engineer
//!     covers: [DevOps Engineer] # the same people do these personas' steps too
//! ```
//!
//! A member that `covers` other personas is one pool of people for all of
//! them: their steps compete for the same slots.
//!
//! A persona's capacity is `count * share` people. Part-time capacity is
//! pooled into whole slots that work more slowly: 1.5 people are two slots
//! at 75% speed, 0.5 people one slot at half speed. Total throughput is
//! kept, and no step runs faster than one full-time person would do it.

use serde::{Deserialize, Serialize};

use crate::personas::PersonaCatalog;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Team {
    pub name: Option<String>,
    pub default_capacity: u32,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// The persona as written in the team file.
    pub written: String,
    /// The persona key: the catalog slug it resolves to.
    pub key: String,
    pub count: u32,
    pub share: f64,
    /// Other persona keys the same people cover (`covers:`).
    pub covers: Vec<String>,
}

impl Member {
    /// Full-time equivalents.
    pub fn people(&self) -> f64 {
        f64::from(self.count) * self.share
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TeamError {
    #[error("{0}")]
    Yaml(String),
    #[error("unknown persona `{written}`{}", did_you_mean(.suggestions))]
    UnknownPersona {
        written: String,
        suggestions: Vec<String>,
    },
    #[error(
        "`{written}` is listed twice (as a member or in a member's `covers`); give one entry with the total count"
    )]
    Duplicate { written: String },
    #[error("`{written}`: share must be above 0 and at most 1 (got {share})")]
    Share { written: String, share: f64 },
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        s => format!("; did you mean {}?", s.join(" or ")),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    default_capacity: Option<u32>,
    #[serde(default)]
    members: Vec<RawMember>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMember {
    persona: String,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    share: Option<f64>,
    #[serde(default)]
    covers: Vec<String>,
}

impl Team {
    /// Read a team file, resolving personas against `personas`.
    pub fn parse(text: &str, personas: &PersonaCatalog) -> Result<Team, TeamError> {
        let raw: RawTeam = crate::format::parse_yaml(text).map_err(TeamError::Yaml)?;
        let mut members: Vec<Member> = Vec::with_capacity(raw.members.len());
        let resolve = |written: &str| {
            personas
                .resolve(written)
                .map(|p| p.slug.clone())
                .ok_or_else(|| TeamError::UnknownPersona {
                    suggestions: personas
                        .nearest(written, 2)
                        .into_iter()
                        .map(|s| format!("`{s}`"))
                        .collect(),
                    written: written.to_string(),
                })
        };
        let mut seen: Vec<String> = Vec::new();
        for m in raw.members {
            let key = resolve(&m.persona)?;
            let covers = m
                .covers
                .iter()
                .map(|c| resolve(c))
                .collect::<Result<Vec<_>, _>>()?;
            for (k, written) in
                std::iter::once((&key, &m.persona)).chain(covers.iter().zip(&m.covers))
            {
                if seen.contains(k) {
                    return Err(TeamError::Duplicate {
                        written: written.clone(),
                    });
                }
                seen.push(k.clone());
            }
            let share = m.share.unwrap_or(1.0);
            if !(share > 0.0 && share <= 1.0) {
                return Err(TeamError::Share {
                    written: m.persona,
                    share,
                });
            }
            members.push(Member {
                key,
                written: m.persona,
                count: m.count.unwrap_or(1),
                share,
                covers,
            });
        }
        Ok(Team {
            name: raw.name,
            default_capacity: raw.default_capacity.unwrap_or(1),
            members,
        })
    }

    /// An empty team: every persona gets the default capacity of one.
    pub fn unlimited_default() -> Team {
        Team {
            name: None,
            default_capacity: 1,
            members: Vec::new(),
        }
    }

    /// The member for a persona key, if the file names it.
    /// The member whose people do a persona's steps (its own entry, or one
    /// that `covers` it), if the file names it.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members
            .iter()
            .find(|m| m.key == key || m.covers.iter().any(|c| c == key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_resolves() {
        let c = PersonaCatalog::builtin();
        let t = Team::parse(
            "name: Core\nmembers:\n  - {persona: SRE, count: 2}\n  - {persona: technical writer, share: 0.5}\n",
            &c,
        )
        .unwrap();
        assert_eq!(t.members.len(), 2);
        assert_eq!(t.member("site-reliability-engineer").unwrap().people(), 2.0);
        assert_eq!(t.members[1].people(), 0.5);
        assert_eq!(t.default_capacity, 1);
    }

    #[test]
    fn mistakes_are_named() {
        let c = PersonaCatalog::builtin();
        let e = Team::parse("members:\n  - {persona: Site Relability Enginer}\n", &c).unwrap_err();
        assert!(e.to_string().contains("did you mean"), "{e}");
        let e = Team::parse("members:\n  - {persona: SRE}\n  - {persona: sre}\n", &c).unwrap_err();
        assert!(matches!(e, TeamError::Duplicate { .. }));
        let e = Team::parse("members:\n  - {persona: SRE, share: 1.5}\n", &c).unwrap_err();
        assert!(matches!(e, TeamError::Share { .. }));
        let e = Team::parse("members:\n  - {persona: SRE, cuont: 2}\n", &c).unwrap_err();
        assert!(e.to_string().contains("cuont"), "{e}");
        assert!(Team::parse("", &c).is_err() || Team::parse("", &c).unwrap().members.is_empty());
        let e = Team::parse(
            "members:\n  - {persona: SRE}\n  - {persona: Technical Writer, covers: [sre]}\n",
            &c,
        )
        .unwrap_err();
        assert!(matches!(e, TeamError::Duplicate { .. }), "{e}");
        let e =
            Team::parse("members:\n  - {persona: SRE, covers: [Nobody Here]}\n", &c).unwrap_err();
        assert!(matches!(e, TeamError::UnknownPersona { .. }), "{e}");
    }

    #[test]
    fn a_member_can_cover_several_personas() {
        let c = PersonaCatalog::builtin();
        let t = Team::parse(
            "members:\n  - {persona: Backend Engineer, count: 2, covers: [SRE]}\n",
            &c,
        )
        .unwrap();
        let sre = t.member("site-reliability-engineer").unwrap();
        assert_eq!(sre.written, "Backend Engineer");
        assert_eq!(sre.people(), 2.0);
    }
}
