//! Changing the configuration file without disturbing it: read and written with a
//! format-preserving TOML editor, so the user's comments, order and other keys survive; every
//! change is checked like a hand-written file before it is saved, atomically.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Value};

use crate::config::{Config, ConfigError};
use crate::fsutil;
use crate::source::SourceText;
use crate::suggest::did_you_mean;

/// The keys `claim config` knows; `params.POLICY.NAME` stands for any parameter override.
pub const KEYS: &[&str] = &[
    "policy",
    "lang",
    "orders",
    "timezone",
    "profile.name",
    "profile.email",
    "profile.address",
    "profile.city",
    "params.POLICY.NAME",
];

/// A configuration key, checked against [`KEYS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key(Vec<String>);

/// Why a key or value cannot be set.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("unknown configuration key `{given}`{hint} (keys: {keys})", keys = KEYS.join(", "))]
    UnknownKey { given: String, hint: String },
    #[error("`{key}` takes one value")]
    OneValue { key: String },
    #[error("`{key}` needs a value")]
    NoValue { key: String },
    #[error("{path} is not valid TOML: {message}")]
    Unreadable { path: PathBuf, message: String },
    #[error("{0}")]
    Config(#[from] ConfigError),
}

impl Key {
    pub fn parse(text: &str) -> Result<Key, EditError> {
        let parts: Vec<String> = text.trim().split('.').map(str::to_owned).collect();
        let known = match parts.as_slice() {
            [one] => ["policy", "lang", "orders", "timezone"].contains(&one.as_str()),
            [profile, field] if profile == "profile" => {
                ["name", "email", "address", "city"].contains(&field.as_str())
            }
            [params, policy, name] if params == "params" => !policy.is_empty() && !name.is_empty(),
            _ => false,
        };
        if known {
            Ok(Key(parts))
        } else {
            Err(EditError::UnknownKey {
                given: text.to_owned(),
                hint: did_you_mean(text, KEYS.iter().copied()),
            })
        }
    }

    fn is_list(&self) -> bool {
        self.0 == ["orders"]
    }

    fn is_param(&self) -> bool {
        self.0[0] == "params"
    }

    /// For `params.POLICY.NAME`: the policy id and the parameter.
    pub fn param(&self) -> Option<(&str, &str)> {
        match self.0.as_slice() {
            [_, policy, name] if self.is_param() => Some((policy, name)),
            _ => None,
        }
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("."))
    }
}

/// The configuration file open for editing.
#[derive(Debug)]
pub struct ConfigFile {
    path: PathBuf,
    doc: DocumentMut,
}

impl ConfigFile {
    /// Holds the configuration for a read-change-write (two `config set` at once would
    /// otherwise each write what they read, losing the other's change).
    pub fn lock(path: &Path) -> Result<fsutil::Lock, ConfigError> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map_or_else(|| "config".to_owned(), |n| n.to_string_lossy().into_owned());
        Ok(fsutil::Lock::acquire(dir, &format!(".{name}.lock"))?)
    }

    /// Opens the file (a missing file is an empty one, created on save).
    pub fn open(path: &Path) -> Result<ConfigFile, EditError> {
        let text = fsutil::read_text_if_exists(path)
            .map_err(ConfigError::from)?
            .unwrap_or_default();
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| EditError::Unreadable {
                path: path.to_owned(),
                message: e.message().to_owned(),
            })?;
        Ok(ConfigFile {
            path: path.to_owned(),
            doc,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The value of a key as text (a list: one item per line); `None` when not set.
    pub fn get(&self, key: &Key) -> Option<String> {
        let mut item = self.doc.as_item();
        for part in &key.0 {
            item = item.get(part.as_str())?;
        }
        let value = item.as_value()?;
        Some(match value {
            Value::String(s) => s.value().clone(),
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join("\n"),
            other => other.to_string().trim().to_owned(),
        })
    }

    /// Sets a key (`orders` takes several values; the others one).
    pub fn set(&mut self, key: &Key, values: &[String]) -> Result<(), EditError> {
        let item = match values {
            [] => {
                return Err(EditError::NoValue {
                    key: key.to_string(),
                });
            }
            _ if key.is_list() => {
                Item::Value(Value::Array(values.iter().map(String::as_str).collect()))
            }
            [one] if key.is_param() => match one.trim().parse::<i64>() {
                Ok(n) => toml_edit::value(n),
                Err(_) => toml_edit::value(one.as_str()),
            },
            [one] => toml_edit::value(one.as_str()),
            _ => {
                return Err(EditError::OneValue {
                    key: key.to_string(),
                });
            }
        };
        let (last, tables) = key.0.split_last().unwrap_or((&key.0[0], &[]));
        let mut table = self.doc.as_table_mut() as &mut dyn toml_edit::TableLike;
        for (depth, name) in tables.iter().enumerate() {
            let entry = table.entry(name).or_insert_with(|| {
                let mut t = toml_edit::Table::new();
                // `[params.amazon-fr]` without an empty `[params]` header above it.
                t.set_implicit(depth == 0 && tables.len() > 1);
                Item::Table(t)
            });
            // A value where a table belongs (`profile = "x"`) is replaced by the table.
            if entry.as_table_like().is_none() {
                *entry = Item::Table(toml_edit::Table::new());
            }
            table = entry
                .as_table_like_mut()
                .ok_or_else(|| EditError::NoValue {
                    key: key.to_string(),
                })?;
        }
        table.insert(last, item);
        Ok(())
    }

    /// Removes a key; returns whether it was set. A parameter table left empty goes too.
    pub fn unset(&mut self, key: &Key) -> bool {
        match key.0.as_slice() {
            [one] => self.doc.remove(one).is_some(),
            [table, field] => self
                .doc
                .get_mut(table)
                .and_then(Item::as_table_like_mut)
                .and_then(|t| t.remove(field))
                .is_some(),
            [params, policy, name] => {
                let Some(all) = self.doc.get_mut(params).and_then(Item::as_table_like_mut) else {
                    return false;
                };
                let removed = all
                    .get_mut(policy)
                    .and_then(Item::as_table_like_mut)
                    .and_then(|t| t.remove(name))
                    .is_some();
                if all
                    .get(policy)
                    .and_then(Item::as_table_like)
                    .is_some_and(|t| t.is_empty())
                {
                    all.remove(policy);
                }
                removed
            }
            _ => false,
        }
    }

    /// The file's text as it would be saved.
    pub fn text(&self) -> String {
        self.doc.to_string()
    }

    /// Checks the edited configuration as if the user had written it.
    pub fn check(&self) -> Result<Config, ConfigError> {
        Config::parse(&SourceText::new(
            self.path.display().to_string(),
            self.text(),
        ))
    }

    /// Checks, then writes the file atomically (creating its folder if needed).
    pub fn save(&self) -> Result<Config, EditError> {
        let config = self.check()?;
        save_text(&self.path, &self.text())?;
        Ok(config)
    }
}

/// Writes a configuration text that was checked, atomically, keeping nothing half-written.
pub fn save_text(path: &Path, text: &str) -> Result<(), ConfigError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fsutil::FileError::write(dir))?;
    }
    fsutil::atomic_write(path, |out| std::io::Write::write_all(out, text.as_bytes()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(text: &str, change: impl FnOnce(&mut ConfigFile)) -> String {
        let mut file = ConfigFile {
            path: PathBuf::from("config.toml"),
            doc: text.parse().unwrap_or_default(),
        };
        change(&mut file);
        file.text()
    }

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn setting_a_name_keeps_comments_and_one_profile_table() {
        let before = "# my settings\nlang = \"fr\"\n\n[profile]\n# how to reach me\nemail = \"sam@example.org\"\n";
        let after = edited(before, |f| {
            assert!(f.set(&key("profile.name"), &["Sam".into()]).is_ok());
        });
        assert_eq!(
            after,
            "# my settings\nlang = \"fr\"\n\n[profile]\n# how to reach me\nemail = \"sam@example.org\"\nname = \"Sam\"\n"
        );
        assert_eq!(after.matches("[profile]").count(), 1);
    }

    #[test]
    fn parameters_get_their_own_table_and_go_when_emptied() {
        let after = edited("lang = \"en\"\n", |f| {
            assert!(
                f.set(&key("params.amazon-fr.return_window"), &["45".into()])
                    .is_ok()
            );
            assert!(
                f.set(&key("params.amazon-fr.returnless_max"), &["20.00".into()])
                    .is_ok()
            );
        });
        assert_eq!(
            after,
            "lang = \"en\"\n\n[params.amazon-fr]\nreturn_window = 45\nreturnless_max = \"20.00\"\n"
        );
        let after = edited(&after, |f| {
            assert!(f.unset(&key("params.amazon-fr.return_window")));
            assert!(f.unset(&key("params.amazon-fr.returnless_max")));
            assert!(!f.unset(&key("profile.name")));
        });
        assert!(!after.contains("amazon-fr"), "{after}");
    }

    #[test]
    fn lists_and_unknown_keys() {
        let after = edited("", |f| {
            assert!(
                f.set(&key("orders"), &["a.toml".into(), "b.toml".into()])
                    .is_ok()
            );
        });
        assert_eq!(after, "orders = [\"a.toml\", \"b.toml\"]\n");
        let err = Key::parse("profile.nmae")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("did you mean `profile.name`"), "{err}");
    }
}
