//! Built-in policies in a ready-made form: `policies/<id>.snapshot` is the policy as loaded
//! from its TOML (every check passed, templates kept as sources), written with postcard.
//! Reading it skips parsing and building the policy, which was most of the time a single
//! `claim check` took. The TOML stays the source of truth and what `policy show` prints.
//!
//! The form's first line names what it was made from ([`super::fingerprint`]): the build
//! embeds only forms made from the policy and code at hand and left whole, a test fails while
//! one is stale, and another checks that a form reads back as the policy its TOML loads.
//! `scripts/snapshots.sh` makes them again.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::model::Policy;
use super::template::{TemplateSources, Templates};

// `READY`: the fresh forms, by policy id, as the build found them.
include!(concat!(env!("OUT_DIR"), "/snapshots.rs"));

/// A built-in's ready-made form, read back (without its source text), when the build
/// embedded a fresh one.
pub fn read(id: &str) -> Option<Policy> {
    postcard::from_bytes(body(id)?).ok()
}

/// The marketplaces a built-in serves, read from the head of its ready-made form without
/// reading the rest: a [`Policy`] starts with its id, name, version and marketplaces.
pub fn marketplaces(id: &str) -> Option<Vec<&'static str>> {
    type Head<'a> = (&'a str, &'a str, &'a str, Vec<&'a str>);
    let ((_, _, _, marketplaces), _) = postcard::take_from_bytes::<Head>(body(id)?).ok()?;
    Some(marketplaces)
}

/// The postcard body of a built-in's ready-made form, after its first line.
fn body(id: &str) -> Option<&'static [u8]> {
    let (_, bytes) = READY.iter().find(|(ready, _)| *ready == id)?;
    let body = bytes.iter().position(|b| *b == b'\n')? + 1;
    bytes.get(body..)
}

/// What the form keeps of a policy's templates: their sources (see
/// [`Templates::sources`]; a built-in's are compiled on first use).
impl Serialize for Templates {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sources = self.sources().ok_or_else(|| {
            serde::ser::Error::custom(
                "templates compiled when loaded cannot be kept in a ready-made form",
            )
        })?;
        sources.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Templates {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        TemplateSources::deserialize(d).map(Templates::from_sources)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fingerprint;
    use crate::policy::{LoadOptions, builtin_ids, builtin_source, load};
    use std::path::Path;

    /// The ready-made form of a policy loaded from `text`, given the code it depends on (each
    /// file of [`fingerprint::code_files`] with its path from the repository's root).
    fn write(policy: &Policy, text: &str, code: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
        let body = postcard::to_allocvec(policy).map_err(|e| e.to_string())?;
        let mut form = fingerprint::header(text.as_bytes(), code, &body).into_bytes();
        form.extend_from_slice(&body);
        Ok(form)
    }

    /// The code a form depends on, read as the build reads it.
    fn code() -> Vec<(String, Vec<u8>)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        fingerprint::read_code(root).expect("the code a form depends on")
    }

    fn from_toml(id: &str) -> Policy {
        let src = builtin_source(id).expect("built in");
        let options = LoadOptions {
            builtin: true,
            ..LoadOptions::default()
        };
        let loaded = load(src, &options).map_err(|d| d.to_string());
        loaded.expect("a built-in loads").policy
    }

    fn updating() -> bool {
        std::env::var_os("CLAIM_UPDATE_SNAPSHOTS").is_some()
    }

    /// `CLAIM_UPDATE_SNAPSHOTS=1` writes the forms (what `scripts/snapshots.sh` runs);
    /// otherwise each committed form must be the one the policy and code at hand make.
    #[test]
    fn ready_made_forms_are_made_from_the_policies_at_hand() {
        let code = code();
        for id in builtin_ids() {
            let policy = from_toml(id);
            let made = write(&policy, &policy.source.text, &code).expect("a form is written");
            let path =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("policies/{id}.snapshot"));
            if updating() {
                std::fs::write(&path, &made).expect("the form is saved");
            }
            let committed = std::fs::read(&path).unwrap_or_default();
            assert!(
                committed == made,
                "policies/{id}.snapshot is stale: run scripts/snapshots.sh"
            );
            assert!(fingerprint::is_fresh(
                &made,
                policy.source.text.as_bytes(),
                &code
            ));
            // A damaged body is told from a whole one.
            let mut damaged = made.clone();
            if let Some(last) = damaged.last_mut() {
                *last ^= 1;
            }
            assert!(!fingerprint::is_fresh(
                &damaged,
                policy.source.text.as_bytes(),
                &code
            ));
        }
    }

    /// Tests whose kept form does not read back are read again, not lost.
    #[test]
    fn tests_that_do_not_read_back_are_read_again() {
        use crate::policy::model::Tests;
        let toml = from_toml("amazon-fr");
        let first = toml.tests.all()[0].clone();
        // Bytes that are no list of tests.
        let garbage = postcard::to_allocvec(&serde_bytes_of(&[0xff, 0xff, 0xff])).expect("bytes");
        let mut tests: Tests = postcard::from_bytes(&garbage).expect("kept bytes");
        let again = first.clone();
        tests.reread_with(move || vec![again.clone()]);
        assert_eq!(tests.all(), [first]);
    }

    /// A byte string as serde writes one (postcard: its length, then the bytes).
    fn serde_bytes_of(bytes: &[u8]) -> impl Serialize + '_ {
        struct Bytes<'b>(&'b [u8]);
        impl Serialize for Bytes<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        Bytes(bytes)
    }

    /// What a check reads from a form is what it would have read from the TOML.
    #[test]
    fn a_form_reads_back_as_the_policy_its_toml_loads() {
        if updating() {
            // The forms just made are embedded by the next build.
            return;
        }
        for id in builtin_ids() {
            let toml = from_toml(id);
            let Some(mut form) = read(id) else {
                panic!("{id}: no fresh form was embedded: run scripts/snapshots.sh");
            };
            form.source = toml.source.clone();
            form.builtin = toml.builtin;
            assert_eq!(format!("{form:#?}"), format!("{toml:#?}"), "{id}");
            assert_eq!(form.templates.sources(), toml.templates.sources(), "{id}");
            // The head read alone (a catalogue looking for a marketplace's policy).
            assert_eq!(
                marketplaces(id),
                Some(toml.marketplaces.iter().map(String::as_str).collect()),
                "{id}"
            );
            for m in &toml.marketplaces {
                let shouted = format!(" WWW.{} ", m.to_uppercase());
                assert_eq!(
                    crate::policy::builtin_serves(id, &shouted),
                    Some(toml.serves(&shouted))
                );
            }
        }
        assert_eq!(marketplaces("no-such-policy"), None);
    }
}
