// Embeds every `library/*.yaml` (built-in workflows) and
// `library/programs/*.yaml` (built-in programs) so the binary needs no files
// at run time. The lists are generated so adding one is adding a file.
use std::{env, fs, path::Path};

fn main() {
    let library = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("library");
    index(
        &library,
        "BUILTIN_WORKFLOWS",
        "every built-in workflow",
        "library_index.rs",
    );
    index(
        &library.join("programs"),
        "BUILTIN_PROGRAMS",
        "every built-in program",
        "program_index.rs",
    );
    summarise(&library, "library_summary.rs");
}

/// Write `OUT_DIR/<file>` declaring `BUILTIN_SUMMARIES`: what `list` and
/// `personas` show of each built-in workflow, read here once so that those
/// commands parse nothing at run time. A file that does not read gets an
/// empty summary; the library tests report it.
fn summarise(dir: &Path, file: &str) {
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    let mut out = String::from(
        "/// What `list` shows of every built-in workflow, read at build time.\npub(crate) static BUILTIN_SUMMARIES: &[Summary] = &[\n",
    );
    for f in &files {
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(f).unwrap_or_default();
        let doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap_or_default();
        let str_of = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
        let timeline = match &doc["timeline"] {
            serde_json::Value::Object(m) => m.get("text").map(str_of).unwrap_or_default(),
            other => str_of(other),
        };
        let phases = doc["phases"].as_array().cloned().unwrap_or_default();
        let steps: Vec<&serde_json::Value> = phases
            .iter()
            .flat_map(|p| p["steps"].as_array().into_iter().flatten())
            .collect();
        let mut personas: Vec<String> = steps.iter().map(|s| str_of(&s["persona"])).collect();
        personas.sort();
        personas.dedup();
        out.push_str(&format!(
            "    Summary {{ file: {stem:?}, name: {:?}, category: {:?}, timeline: {:?}, phases: {}, steps: {}, personas: &{personas:?} }},\n",
            str_of(&doc["name"]),
            str_of(&doc["category"]),
            timeline,
            phases.len(),
            steps.len(),
        ));
    }
    out.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join(file), out).unwrap();
}

/// Write `OUT_DIR/<file>` declaring `name`: (file stem, YAML source) of
/// every `.yaml` file directly in `dir`.
fn index(dir: &Path, name: &str, what: &str, file: &str) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    let mut out = format!(
        "/// (file stem, YAML source) of {what}.\npub(crate) static {name}: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let stem = f.file_stem().unwrap().to_string_lossy();
        out.push_str(&format!(
            "    ({stem:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join(file), out).unwrap();
}
