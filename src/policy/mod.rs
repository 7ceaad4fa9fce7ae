//! Policies: the marketplace's compensation policy and the buyer's statutory rights, as TOML
//! files that anyone can read, fix and test. Built-in policies are embedded in the binary.

pub mod condition;
pub mod kept;
// Read by the build script, and by the test that makes the forms.
#[cfg(test)]
mod fingerprint;
pub mod load;
pub mod model;
pub mod raw;
pub mod snapshot;
pub mod template;

pub use load::{LoadOptions, Loaded, load};
pub use model::Policy;

use crate::source::SourceText;

/// Where a text cites an article (`L216-2`) as a whole token, not inside another
/// (`L216-20`, `XL216-2`): byte offsets.
pub fn citations<'t>(text: &'t str, article: &'t str) -> impl Iterator<Item = usize> + 't {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    text.match_indices(article).filter_map(move |(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + article.len()).copied();
        let bounded =
            !before.is_some_and(word) && !after.is_some_and(|b| b.is_ascii_alphanumeric());
        bounded.then_some(at)
    })
}

/// Whether a text cites an article (see [`citations`]).
pub fn cites(text: &str, article: &str) -> bool {
    citations(text, article).next().is_some()
}

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
        .map(|(b, text)| SourceText::embedded(format!("builtin:{b}"), text))
}

/// The ids of the built-in policies.
pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(id, _)| *id)
}

/// Whether a built-in serves a marketplace, told by its ready-made form without reading the
/// policy; `None` when the build embedded no form for it (or it is no built-in).
pub fn builtin_serves(id: &str, marketplace: &str) -> Option<bool> {
    snapshot::marketplaces(id).map(|served| model::serves(&served, marketplace))
}

/// Loads a built-in policy (with configuration overrides): from its ready-made form (see
/// [`snapshot`]), else from its TOML. The form holds what the policy's parameters decided when
/// it was made (deadlines, conditions): a policy whose parameters the configuration overrides
/// is read from its TOML.
pub fn load_builtin(
    id: &str,
    options: &LoadOptions,
) -> Option<Result<Loaded, crate::source::Diagnostics>> {
    let src = builtin_source(id)?;
    let overridden = options.overrides.get(id).is_some_and(|o| !o.is_empty());
    if !overridden && let Some(policy) = ready_made(id, &src) {
        return Some(Ok(Loaded {
            policy,
            warnings: crate::source::Diagnostics::default(),
        }));
    }
    let options = LoadOptions {
        builtin: true,
        ..options.clone()
    };
    Some(load(src, &options))
}

/// A built-in from its ready-made form, when the build embedded one: given its text, its
/// parameters as the templates read them, and its TOML to read its tests from should their
/// kept form not read back.
fn ready_made(id: &str, src: &SourceText) -> Option<Policy> {
    let mut policy = snapshot::read(id)?;
    let toml = src.clone();
    policy.tests.reread_with(move || {
        let options = LoadOptions {
            builtin: true,
            ..LoadOptions::default()
        };
        load(toml.clone(), &options)
            .map(|loaded| loaded.policy.tests.all().to_vec())
            .unwrap_or_default()
    });
    policy.source = src.clone();
    policy.builtin = true;
    load::add_params(&mut policy.templates, &policy.params);
    Some(policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_is_a_whole_token() {
        let found = |text: &str| citations(text, "L216-2").collect::<Vec<_>>();
        assert_eq!(found("art. L216-2 du code"), [5]);
        assert_eq!(found("L216-2."), [0]);
        assert!(found("L216-20 and XL216-2").is_empty());
    }

    #[test]
    fn builtins_load_without_errors_or_warnings() {
        for id in builtin_ids() {
            // Every check, as a file would be: at run time built-ins skip those that
            // cannot fail.
            let src = builtin_source(id).expect("built in");
            match load(src, &LoadOptions::default()).map_err(|d| d.to_string()) {
                Ok(loaded) => assert!(loaded.warnings.0.is_empty(), "{id}:\n{}", loaded.warnings),
                Err(diags) => panic!("{id}:\n{diags}"),
            }
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
