//! The user's configuration file: defaults for flags, the profile drafts are signed with,
//! and overrides of policy parameters.
//!
//! ```toml
//! policy = "amazon-fr"
//! lang = "fr"
//! orders = ["/home/me/orders.toml"]
//! timezone = "Europe/Paris"
//!
//! [profile]
//! name = "Camille Martin"
//!
//! [params.amazon-fr]
//! returnless_max = "20.00"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::lang::Lang;
use crate::source::{Diagnostics, Level, SourceText};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
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
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: Option<String>,
    pub email: Option<String>,
}

impl Config {
    /// Reads the configuration. A missing file is an empty configuration unless `required`.
    pub fn load(path: &Path, required: bool) -> anyhow::Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config::default());
            }
            Err(e) => anyhow::bail!("cannot read configuration {}: {e}", path.display()),
        };
        let src = SourceText::new(path.display().to_string(), text);
        toml::from_str(&src.text).map_err(|e| {
            anyhow::Error::new(Diagnostics(vec![src.diagnostic(
                Level::Error,
                e.span(),
                e.message().trim_end().to_owned(),
            )]))
        })
    }

    /// Parameter overrides for a policy, as text.
    pub fn overrides(&self, policy_id: &str) -> BTreeMap<String, String> {
        self.params
            .get(policy_id)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        let text = match v {
                            toml::Value::String(s) => s.clone(),
                            toml::Value::Integer(i) => i.to_string(),
                            toml::Value::Float(f) => f.to_string(),
                            toml::Value::Boolean(b) => b.to_string(),
                            _ => String::new(),
                        };
                        (k.clone(), text)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}
