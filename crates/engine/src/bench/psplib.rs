//! `bench psplib <dir>`'s files: every `.sm` instance under the directory
//! (its sets `j30/`, `j60/` ... or the files themselves) and
//! `reference.tsv` beside them, read and parsed, then solved and summarised
//! by core's [`skill_chains_core::plan::bench::psplib`].

use std::path::{Path, PathBuf};

use skill_chains_core::plan::bench::Progress;
use skill_chains_core::plan::bench::psplib::{
    self, PsplibBench, PsplibBenchError, PsplibOptions, natural_key, spread,
};
use skill_chains_core::plan::rcpsp::{Project, RcpspError, parse_psplib, parse_reference};

use crate::project::source::{SourceError, read_text};

/// Why the benchmark could not run (an instance that cannot be read or
/// solved is not one: it is listed in the report's errors).
#[derive(Debug, thiserror::Error)]
pub enum PsplibError {
    #[error(
        "{} is not a directory\nhelp: name the PSPLIB folder holding j30/, j60/, ... and reference.tsv",
        .0.display()
    )]
    NotADirectory(PathBuf),
    #[error("no reference.tsv in {} or its parent", .0.display())]
    NoReference(PathBuf),
    #[error(transparent)]
    Read(#[from] SourceError),
    #[error("{}", .path.display())]
    Reference {
        path: PathBuf,
        #[source]
        source: RcpspError,
    },
    #[error("cannot read {}", .dir.display())]
    Directory {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no .sm instances found under {}{}", .dir.display(), for_sets(.sets))]
    NoInstances { dir: PathBuf, sets: Vec<String> },
    #[error(transparent)]
    Bench(#[from] PsplibBenchError),
}

fn for_sets(sets: &[String]) -> String {
    if sets.is_empty() {
        String::new()
    } else {
        format!(" for sets {}", sets.join(", "))
    }
}

/// Read the instances under `dir` and `reference.tsv` (in `dir` or its
/// parent), then solve and summarise them.
pub fn run(
    dir: &Path,
    options: &PsplibOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<PsplibBench, PsplibError> {
    if !dir.is_dir() {
        return Err(PsplibError::NotADirectory(dir.to_path_buf()));
    }
    let reference_path = [dir.join("reference.tsv"), dir.join("../reference.tsv")]
        .into_iter()
        .find(|p| p.is_file())
        .ok_or_else(|| PsplibError::NoReference(dir.to_path_buf()))?;
    let reference =
        parse_reference(&read_text(&reference_path)?).map_err(|source| PsplibError::Reference {
            path: reference_path.clone(),
            source,
        })?;
    let mut errors = Vec::new();
    let mut items: Vec<(String, Project)> = Vec::new();
    for (set, files) in instance_sets(dir)? {
        if !options.includes(&set) {
            continue;
        }
        for path in spread(files, options.sample) {
            let name = format!(
                "{set}/{}",
                path.file_stem().unwrap_or_default().to_string_lossy()
            );
            match read_text(&path).map(|t| parse_psplib(&t)) {
                Ok(Ok(project)) => items.push((name, project)),
                Ok(Err(e)) => errors.push(format!("{}: {e}", path.display())),
                Err(e) => errors.push(format!("{e}")),
            }
        }
    }
    if items.is_empty() {
        return Err(PsplibError::NoInstances {
            dir: dir.to_path_buf(),
            sets: options.sets.clone(),
        });
    }
    Ok(psplib::run(&items, &reference, errors, options, progress)?)
}

fn name_of(d: &Path) -> String {
    d.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string()
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, PsplibError> {
    let entries = std::fs::read_dir(dir).map_err(|source| PsplibError::Directory {
        dir: dir.to_path_buf(),
        source,
    })?;
    Ok(entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
}

/// The `.sm` files of `dir`, in natural order.
fn sm_files(dir: &Path) -> Result<Vec<PathBuf>, PsplibError> {
    let mut files: Vec<PathBuf> = read_dir(dir)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "sm"))
        .collect();
    files.sort_by_key(|p| natural_key(&p.file_stem().unwrap_or_default().to_string_lossy()));
    Ok(files)
}

/// The `.sm` files of each set: `(set name, files in natural order)`.
fn instance_sets(dir: &Path) -> Result<Vec<(String, Vec<PathBuf>)>, PsplibError> {
    let own = sm_files(dir)?;
    if !own.is_empty() {
        return Ok(vec![(name_of(dir), own)]);
    }
    let mut subdirs: Vec<PathBuf> = read_dir(dir)?.into_iter().filter(|p| p.is_dir()).collect();
    subdirs.sort_by_key(|p| natural_key(&name_of(p)));
    let mut sets = Vec::new();
    for d in subdirs {
        let files = sm_files(&d)?;
        if !files.is_empty() {
            sets.push((name_of(&d), files));
        }
    }
    Ok(sets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("skill-chains-psplib-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn sets_are_folders_in_natural_order_or_the_directory_itself() {
        let dir = temp_dir("sets");
        for (set, file) in [
            ("j60", "j601_1.sm"),
            ("j30", "j3010_1.sm"),
            ("j30", "j301_2.sm"),
        ] {
            std::fs::create_dir_all(dir.join(set)).unwrap();
            std::fs::write(dir.join(set).join(file), "").unwrap();
        }
        std::fs::write(dir.join("j30").join("notes.txt"), "").unwrap();
        let sets = instance_sets(&dir).unwrap();
        let names: Vec<(&str, Vec<String>)> = sets
            .iter()
            .map(|(s, files)| (s.as_str(), files.iter().map(|f| name_of(f)).collect()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "j30",
                    vec!["j301_2.sm".to_string(), "j3010_1.sm".to_string()]
                ),
                ("j60", vec!["j601_1.sm".to_string()]),
            ]
        );
        let one = instance_sets(&dir.join("j60")).unwrap();
        assert_eq!(one[0].0, "j60");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_directory_or_reference_is_an_error() {
        let dir = temp_dir("errors");
        let run = |d: &Path| run(d, &PsplibOptions::default(), &mut |_| {}).unwrap_err();
        let missing = run(&dir.join("nothing")).to_string();
        assert!(missing.contains("is not a directory\nhelp:"), "{missing}");
        assert!(run(&dir).to_string().starts_with("no reference.tsv in"));
        std::fs::write(
            dir.join("reference.tsv"),
            "set\tinstance\tcpm_lb\tbest_known\toptimal\n",
        )
        .unwrap();
        let none = PsplibOptions {
            sets: vec!["j30".into(), "j60".into()],
            ..PsplibOptions::default()
        };
        let empty = super::run(&dir, &none, &mut |_| {})
            .unwrap_err()
            .to_string();
        assert!(empty.ends_with(" for sets j30, j60"), "{empty}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
