//! The user's configuration file: defaults for flags, the profile letters are signed with,
//! and overrides of policy parameters. Read strictly (an unknown key is an error at its
//! line and column); edited without disturbing what the user wrote (see [`edit`]).
//!
//! ```toml
//! policy = "amazon-fr"
//! lang = "fr"
//! orders = ["/home/me/orders.toml"]
//! timezone = "Europe/Paris"
//!
//! [profile]
//! name = "Camille Martin"
//! email = "camille@example.org"
//! address = "12 rue des Lilas\n75011 Paris"
//! city = "Paris"
//!
//! [params.amazon-fr]
//! returnless_max = "20.00"
//! ```

pub mod edit;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::LocalZone;
use crate::fsutil::{self, FileError};
use crate::lang::Lang;
use crate::source::{Diagnostics, Level, SourceText};

/// The configuration as read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The policy to apply when an order's marketplace does not choose one (id or path).
    pub policy: Option<String>,
    pub lang: Option<Lang>,
    #[serde(default)]
    pub orders: Vec<PathBuf>,
    /// Time zone of exported UTC times (`Europe/Paris`, `+01:00`) [default: the machine's].
    pub timezone: Option<String>,
    #[serde(default)]
    pub profile: Profile,
    /// Per policy id: parameter name → value.
    #[serde(default)]
    pub params: BTreeMap<String, BTreeMap<String, toml::Value>>,
    /// The text it was read from, to place the errors found later (an override a policy
    /// refuses) at their line and column.
    #[serde(skip)]
    pub source: Option<SourceText>,
}

/// Who the letters are from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Signs the letters.
    pub name: Option<String>,
    /// Printed under the signature, and the From of `.eml` files.
    pub email: Option<String>,
    /// The postal address formal letters are sent from (several lines).
    pub address: Option<String>,
    /// The town formal letters are dated from ("Paris, le 26 novembre 2026").
    pub city: Option<String>,
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {} does not exist", .0.display())]
    Missing(PathBuf),
    #[error("{0}")]
    File(#[from] FileError),
    #[error("{0}")]
    Invalid(#[source] Diagnostics),
}

impl Config {
    /// Reads the configuration. A missing file is an empty configuration unless `required`
    /// (a path the user named explicitly must exist).
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        match fsutil::read_text_if_exists(path)? {
            Some(text) => Config::parse(&SourceText::new(path.display().to_string(), text)),
            None if required => Err(ConfigError::Missing(path.to_owned())),
            None => Ok(Config::default()),
        }
    }

    /// Parses and checks a configuration text: every problem at its line and column.
    pub fn parse(src: &SourceText) -> Result<Config, ConfigError> {
        let at = |span, message: String| {
            ConfigError::Invalid(Diagnostics(vec![src.diagnostic(
                Level::Error,
                span,
                message,
            )]))
        };
        let mut config: Config = toml::from_str(&src.text)
            .map_err(|e| at(e.span(), e.message().trim_end().to_owned()))?;
        config.source = Some(src.clone());
        let mut problems = Diagnostics::default();
        let mut complain = |key: &str, message: String| {
            let span = value_span(&src.text, key);
            problems.push(src.diagnostic(Level::Error, span, format!("`{key}`: {message}")));
        };
        if let Some(zone) = &config.timezone
            && let Err(e) = LocalZone::parse(zone)
        {
            complain("timezone", e);
        }
        let profile = &config.profile;
        if let Some(name) = &profile.name
            && name.chars().any(char::is_control)
        {
            complain(
                "name",
                "a name is one line, without control characters".to_owned(),
            );
        }
        if let Some(email) = &profile.email
            && let Err(e) = email.trim().parse::<lettre::Address>()
        {
            complain("email", format!("`{email}` is not an e-mail address ({e})"));
        }
        if let Some(city) = &profile.city
            && city.chars().any(char::is_control)
        {
            complain(
                "city",
                "a town is one line, without control characters".to_owned(),
            );
        }
        if let Some(address) = &profile.address
            && address
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            complain(
                "address",
                "an address holds lines of text, without control characters".to_owned(),
            );
        }
        if problems.has_errors() {
            return Err(ConfigError::Invalid(problems));
        }
        Ok(config)
    }

    /// Parameter overrides per policy id, as text: what policy loading checks and applies.
    pub fn overrides(&self) -> BTreeMap<String, BTreeMap<String, String>> {
        self.params
            .iter()
            .map(|(policy, values)| {
                let values = values
                    .iter()
                    .map(|(k, v)| {
                        let text = match v {
                            toml::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        (k.clone(), text)
                    })
                    .collect();
                (policy.clone(), values)
            })
            .collect()
    }
}

/// Where a parameter override is written: the key `name` in the table `[params.POLICY]`.
pub fn override_span(text: &str, policy: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let header = format!("[params.{policy}]");
    let quoted = format!("[params.\"{policy}\"]");
    let start = text
        .match_indices(&header)
        .chain(text.match_indices(&quoted))
        .map(|(at, found)| at + found.len())
        .next()?;
    let table = &text[start..];
    let end = table.find("\n[").map_or(table.len(), |e| e + 1);
    value_span(&table[..end], name).map(|span| span.start + start..span.end + start)
}

/// Where a key's value is written, to point an error at it (the first `key =` line).
fn value_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(&SourceText::new("config.toml", text)).map_err(|e| e.to_string())
    }

    #[test]
    fn values_are_checked_where_they_are_written() {
        assert!(parse("lang = \"fr\"\n[profile]\nname = \"Sam\"\n").is_ok());
        let err = parse("lang = \"de\"\n").err().unwrap_or_default();
        assert!(err.starts_with("config.toml:1:8: error:"), "{err}");
        let err = parse("[profile]\nemail = \"not an address\"\n")
            .err()
            .unwrap_or_default();
        assert!(err.starts_with("config.toml:2:1: error: `email`"), "{err}");
        let err = parse("[profile]\nname = \"a\\nb\"\n")
            .err()
            .unwrap_or_default();
        assert!(err.contains("one line"), "{err}");
        let err = parse("colour = true\n").err().unwrap_or_default();
        assert!(err.contains("unknown field"), "{err}");
    }
}
