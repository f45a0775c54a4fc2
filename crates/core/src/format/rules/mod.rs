//! The rules the reader itself reports, before any model exists: the YAML
//! does not parse or has the wrong types (SC000), a key the schema does not
//! know (SC016). They belong to the format; `check` lists them with its own
//! rules for `explain`.

pub(crate) mod unknown_key;
pub(crate) mod yaml_syntax;
