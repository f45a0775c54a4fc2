//! The project configuration file (`skill-chains.yaml`): project personas and
//! the Claude Code skills attached to them. Loaded once per process.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use skill_chains_core::catalog::Persona;
use skill_chains_engine::project::trust::TrustStore;

#[derive(Debug, Default, Deserialize)]
pub struct Config {
    /// Personas the project adds to the catalog (or skills it attaches).
    #[serde(default)]
    pub personas: Vec<ConfigPersona>,
    /// Who carries out steps: a default, per persona, and each executor's
    /// settings (see `skill_chains_engine::executor::ExecutorSettings`).
    #[serde(default)]
    pub executors: skill_chains_engine::executor::ExecutorSettings,
}

#[derive(Debug, Deserialize)]
pub struct ConfigPersona {
    pub name: String,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A Claude Code skill directory (containing SKILL.md).
    #[serde(default)]
    pub skill: Option<String>,
}

pub const DEFAULT_FILE: &str = "skill-chains.yaml";

impl Config {
    /// Read the given file, or `./skill-chains.yaml` when it exists.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<(Config, Option<PathBuf>)> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = PathBuf::from(DEFAULT_FILE);
                if !p.is_file() {
                    return Ok((Config::default(), None));
                }
                p
            }
        };
        let text = crate::load::read_text(&path)?;
        let mut config: Config = skill_chains_core::format::parse_yaml(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}: {e}\nhelp: see docs/format.md for the configuration keys",
                path.display()
            )
        })?;
        // Shell consent from a file counts only when the user trusts the
        // file as it is now: a cloned repository cannot grant it itself.
        if config.executors.allow_shell {
            let trusted = TrustStore::user().is_ok_and(|store| store.is_trusted(&path, &text));
            if !trusted {
                config.executors.allow_shell = false;
                config.executors.untrusted_shell = Some(path.clone());
            }
        }
        Ok((config, Some(path)))
    }

    /// The personas to add to the catalog.
    pub fn personas(&self) -> Vec<Persona> {
        self.personas
            .iter()
            .map(|p| Persona {
                name: p.name.clone(),
                slug: p
                    .slug
                    .clone()
                    .unwrap_or_else(|| skill_chains_core::model::kebab_case(&p.name)),
                group: p.group.clone().unwrap_or_else(|| "Project".to_string()),
                aliases: p.aliases.clone(),
                skill: p.skill.clone(),
                builtin: false,
            })
            .collect()
    }
}
