//! The settings a command runs with, once resolved (flags > environment > configuration >
//! built-in defaults): plain values the use cases read, never the environment itself.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::config::{Config, Profile};
use crate::date::LocalZone;
use crate::lang::Lang;

#[derive(Debug, Clone)]
pub struct Settings {
    /// The day to decide as of (`--today`, else the clock).
    pub today: NaiveDate,
    /// The language asked for (flag, environment or configuration), if any.
    pub lang: Option<Lang>,
    /// The language of the user's locale, if we speak it.
    pub locale: Option<Lang>,
    /// The policy forced by `--policy` / `CLAIM_POLICY` (an id or a path).
    pub policy: Option<String>,
    pub config: Config,
    /// The configuration file (user templates live next to it, in `templates/`).
    pub config_file: Option<PathBuf>,
    pub data_dir: PathBuf,
    /// Order files named by `--orders` or the configuration, instead of the imported history.
    pub orders: Vec<PathBuf>,
}

impl Settings {
    /// The language of a screen: the one asked for, else that of the policy it is about,
    /// else the locale's, else English.
    pub fn screen_lang(&self, policy: Option<Lang>) -> Lang {
        self.lang.or(policy).or(self.locale).unwrap_or_default()
    }

    pub fn profile(&self) -> &Profile {
        &self.config.profile
    }

    /// Where the user's own message templates are: `templates/` next to the configuration.
    pub fn templates_dir(&self) -> Option<PathBuf> {
        self.config_file
            .as_ref()
            .and_then(|f| f.parent())
            .map(|d| d.join("templates"))
    }

    /// The imported history (a SQLite database) in the data directory.
    pub fn history_path(&self) -> PathBuf {
        self.data_dir.join(crate::orders::store::DATABASE_FILE)
    }

    /// Whether orders come from files rather than the imported history.
    pub fn uses_order_files(&self) -> bool {
        !self.orders.is_empty()
    }

    /// The time zone exported UTC times are read in.
    pub fn zone(&self) -> Result<LocalZone, String> {
        match &self.config.timezone {
            Some(name) => LocalZone::parse(name),
            None => Ok(LocalZone::system()),
        }
    }
}
