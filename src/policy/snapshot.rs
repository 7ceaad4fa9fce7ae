//! Built-in policies in a ready-made form: `policies/<id>.snapshot` is the policy as loaded
//! from its TOML (every check passed, templates kept as sources), written with postcard.
//! Reading it skips parsing and building the policy, which was most of the time a single
//! `claim check` took. The TOML stays the source of truth and what `policy show` prints.
//!
//! The form's first line names what it was made from ([`super::fingerprint`]): the build
//! embeds only forms made from the policy and code at hand, and a test fails while one is
//! stale. `scripts/snapshots.sh` makes them again.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fingerprint;
use super::model::Policy;
use super::template::{TemplateSources, Templates};

// `READY`: the fresh forms, by policy id, as the build found them.
include!(concat!(env!("OUT_DIR"), "/snapshots.rs"));

/// A built-in's ready-made form, read back (without its source text), when the build
/// embedded a fresh one.
pub fn read(id: &str) -> Option<Policy> {
    let (_, bytes) = READY.iter().find(|(ready, _)| *ready == id)?;
    let body = bytes.iter().position(|b| *b == b'\n')? + 1;
    postcard::from_bytes(bytes.get(body..)?).ok()
}

/// The ready-made form of a policy loaded from `text`, given the text of
/// [`fingerprint::SCHEMA_FILES`] in their order.
pub fn write(policy: &Policy, text: &str, schema: &[Vec<u8>]) -> Result<Vec<u8>, String> {
    let mut bytes = fingerprint::header(text.as_bytes(), schema).into_bytes();
    let body = postcard::to_allocvec(policy).map_err(|e| e.to_string())?;
    bytes.extend_from_slice(&body);
    Ok(bytes)
}

/// What the form keeps of a policy's templates: their sources (a built-in's are compiled on
/// first use), sorted by name so that the same policy always gives the same bytes.
#[derive(Serialize, Deserialize)]
struct KeptTemplates {
    plain: Vec<(String, String)>,
    lazy: Vec<(String, String)>,
    used_deadlines: std::collections::BTreeSet<String>,
}

impl Serialize for Templates {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sources = self.sources().ok_or_else(|| {
            serde::ser::Error::custom(
                "templates compiled when loaded cannot be kept in a ready-made form",
            )
        })?;
        KeptTemplates {
            plain: sources.plain,
            lazy: sources.lazy,
            used_deadlines: sources.used_deadlines,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Templates {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let kept = KeptTemplates::deserialize(d)?;
        Ok(Templates::from_sources(TemplateSources {
            plain: kept.plain,
            lazy: kept.lazy,
            used_deadlines: kept.used_deadlines,
        }))
    }
}

/// A value kept as JSON text inside the form: for the types whose reading accepts several
/// forms (a date as a TOML date or a string), which postcard, describing nothing, cannot read.
pub mod as_json {
    use super::{Deserialize, DeserializeOwned, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(value).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        d: D,
    ) -> Result<T, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{LoadOptions, builtin_ids, builtin_source, load};

    /// The repository's files, wherever the tests run from.
    fn repo(file: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file)
    }

    /// `CLAIM_UPDATE_SNAPSHOTS=1` writes the forms (what `scripts/snapshots.sh` runs);
    /// otherwise each committed form must be the one the policy and code at hand make.
    #[test]
    fn ready_made_forms_are_made_from_the_policies_at_hand() {
        let update = std::env::var_os("CLAIM_UPDATE_SNAPSHOTS").is_some();
        let schema: Vec<Vec<u8>> = fingerprint::SCHEMA_FILES
            .iter()
            .map(|file| std::fs::read(repo(file)).unwrap_or_default())
            .collect();
        for id in builtin_ids() {
            let src = builtin_source(id).expect("built in");
            let options = LoadOptions {
                builtin: true,
                ..LoadOptions::default()
            };
            let loaded = load(src.clone(), &options).map_err(|d| d.to_string());
            let policy = loaded.expect("a built-in loads").policy;
            let made = write(&policy, &src.text, &schema).expect("a form is written");
            let path = repo(&format!("policies/{id}.snapshot"));
            if update {
                std::fs::write(&path, &made).expect("the form is saved");
            }
            let committed = std::fs::read(&path).unwrap_or_default();
            assert!(
                committed == made,
                "policies/{id}.snapshot is stale: run scripts/snapshots.sh"
            );
            // It reads back into the policy it was made from.
            let body = made.iter().position(|b| *b == b'\n').expect("a header") + 1;
            let back: Policy = postcard::from_bytes(&made[body..]).expect("it reads back");
            assert_eq!(write(&back, &src.text, &schema).ok(), Some(made));
            // And the build embedded it (a form made just now is embedded by the next build).
            assert!(
                update || read(id).is_some(),
                "{id}: the embedded form does not read back"
            );
        }
    }
}
