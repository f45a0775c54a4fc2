//! The project's personas as `personas` lists them: the catalog (built-in
//! plus the project's), the built-in workflows each is used in, and the
//! Claude Code skills found for them on disk. The text view is here too;
//! nothing here prints.

use std::fmt::{self, Write};

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::catalog::{Library, PersonaCatalog, normalise};
use skill_chains_core::render::text::{Human, Out};

use crate::skills::{self, FoundSkill};

/// Which personas to list and what to add.
pub struct PersonaQuery<'a> {
    /// Only personas of this group.
    pub group: Option<&'a str>,
    /// Only personas no built-in workflow uses.
    pub unused: bool,
    /// Look for Claude Code skills in the repository and the user's directory.
    pub skills: bool,
    /// The project file that added personas, if it added any.
    pub config: Option<String>,
}

#[derive(Serialize)]
pub struct PersonaRow {
    pub name: String,
    pub slug: String,
    pub group: String,
    pub aliases: Vec<String>,
    pub used_in: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
}

#[derive(Serialize)]
pub struct Personas {
    /// The project file that added personas, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
    pub personas: Vec<PersonaRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<FoundSkill>>,
}

impl Human for Personas {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let mut t = Table::new();
        t.load_style(UTF8_BORDERS_ONLY);
        t.set_header(["PERSONA", "SLUG", "GROUP", "ALIASES", "USED IN"]);
        for r in &self.personas {
            let used = match r.used_in.len() {
                0 => "-".to_string(),
                n if n <= 2 => r.used_in.join(", "),
                n => format!("{}, … ({n} workflows)", r.used_in[..2].join(", ")),
            };
            t.add_row([
                r.name.clone(),
                r.slug.clone(),
                r.group.clone(),
                r.aliases.join(", "),
                used,
            ]);
        }
        writeln!(out, "{t}\n{} persona(s)", self.personas.len())?;
        if let Some(c) = &self.config {
            writeln!(out, "{}", out.dim(&format!("project personas from {c}")))?;
        }
        if let Some(skills) = &self.skills {
            writeln!(out, "\n{}", out.heading("Claude Code skills"))?;
            if skills.is_empty() {
                writeln!(out, "none found in .claude/skills or ~/.claude/skills")?;
            }
            for s in skills {
                let persona = s.persona.as_deref().unwrap_or("(no catalog persona)");
                writeln!(
                    out,
                    "  {} [{}] {} -> {persona}",
                    s.name,
                    s.scope,
                    s.path.display()
                )?;
            }
        }
        Ok(())
    }
}

/// The personas of `catalog` that `query` asks for.
pub fn personas(catalog: &PersonaCatalog, query: PersonaQuery<'_>) -> Personas {
    let group = query.group.map(normalise);
    let found = query.skills.then(|| skills::discover(catalog));
    let personas = catalog
        .all()
        .iter()
        .filter(|p| group.as_ref().is_none_or(|g| &normalise(&p.group) == g))
        .map(|p| {
            let used_in: Vec<String> = Library::summaries()
                .iter()
                .filter(|s| {
                    s.personas
                        .iter()
                        .any(|w| catalog.resolve(w).is_some_and(|q| q.slug == p.slug))
                })
                .map(|s| s.file.to_string())
                .collect();
            let skill = p.skill.clone().or_else(|| {
                found
                    .as_ref()?
                    .iter()
                    .find(|s| s.persona.as_deref() == Some(&p.slug))
                    .map(|s| s.path.display().to_string())
            });
            PersonaRow {
                name: p.name.clone(),
                slug: p.slug.clone(),
                group: p.group.clone(),
                aliases: p.aliases.clone(),
                used_in,
                skill,
            }
        })
        .filter(|r| !query.unused || r.used_in.is_empty())
        .collect();
    Personas {
        config: query.config,
        personas,
        skills: found,
    }
}
