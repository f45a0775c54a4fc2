//! The executors a step may name with `executor:`.
//!
//! The built-in names live here so that `check` can judge a step without the
//! engine (which core must not depend on); the engine's registry has one kind
//! per name and a test keeps the two lists equal. Names a project adds are
//! held by the persona catalog (`PersonaCatalog::add_executors`).
//! Nothing here runs or configures an executor.

/// The executors every installation has, in the order they are listed to users.
pub const BUILTIN_EXECUTORS: [&str; 6] =
    ["manual", "claude", "anthropic", "openai", "shell", "noop"];

/// Whether `name` is a built-in executor (names are exact, lowercase).
pub fn is_builtin_executor(name: &str) -> bool {
    BUILTIN_EXECUTORS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_names_are_lowercase_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for name in BUILTIN_EXECUTORS {
            assert_eq!(name, name.to_ascii_lowercase());
            assert!(seen.insert(name), "{name} twice");
            assert!(is_builtin_executor(name));
        }
        assert!(!is_builtin_executor("Manual"));
    }
}
