//! Policies: the marketplace's compensation policy and the buyer's statutory rights, as TOML
//! files that anyone can read, fix and test. Built-in policies are embedded in the binary.

pub mod condition;
pub mod load;
pub mod model;
pub mod raw;
pub mod template;

pub use load::{LoadOptions, Loaded, load};
pub use model::Policy;

use crate::source::SourceText;

/// The policies embedded in the binary: id and TOML text.
pub const BUILTIN: &[(&str, &str)] = &[
    ("amazon-fr", include_str!("../../policies/amazon-fr.toml")),
    ("amazon-us", include_str!("../../policies/amazon-us.toml")),
];

/// The embedded text of a built-in policy.
pub fn builtin_source(id: &str) -> Option<SourceText> {
    BUILTIN
        .iter()
        .find(|(b, _)| *b == id)
        .map(|(b, text)| SourceText::new(format!("builtin:{b}"), *text))
}

/// The ids of the built-in policies.
pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(id, _)| *id)
}

/// Loads a built-in policy (with configuration overrides).
pub fn load_builtin(
    id: &str,
    options: &LoadOptions,
) -> Option<Result<Loaded, crate::source::Diagnostics>> {
    let src = builtin_source(id)?;
    let options = LoadOptions {
        builtin: true,
        ..options.clone()
    };
    Some(load(src, &options))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_load_without_errors_or_warnings() {
        for id in builtin_ids() {
            match load_builtin(id, &LoadOptions::default()) {
                Some(Ok(loaded)) => {
                    assert!(loaded.warnings.0.is_empty(), "{id}:\n{}", loaded.warnings)
                }
                Some(Err(diags)) => panic!("{id}:\n{diags}"),
                None => panic!("{id} is not built in"),
            }
        }
    }
}
