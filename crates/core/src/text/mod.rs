//! Words and names: the key two spellings of a name share, the analysis of
//! prose into stems ([`words`], with the field's synonyms), and a BM25 index
//! to rank documents by them ([`index`]).
//!
//! Everything that matches names written by people (personas, workflows,
//! categories, program members) goes through here, from the importer up to
//! the designer. It knows the model only as text to index and must not
//! depend on the catalog, the checks or anything that reads files.

pub mod index;
pub mod synonyms;
pub mod words;

/// The key two spellings of a name share: lowercase letters and digits only.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}
