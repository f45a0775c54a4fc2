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
