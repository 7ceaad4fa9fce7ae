//! The settings a command runs with, resolved once: flags > environment > config > defaults.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::NaiveDate;

use crate::cli::GlobalArgs;
use crate::cli::config::Config;
use crate::orders::OrderHistory;
use crate::policy::{self, LoadOptions, Loaded};
use crate::source::SourceText;

/// The policy used when nothing else decides.
pub const FALLBACK_POLICY: &str = "amazon-fr";

/// The history file `claim orders import` maintains in the data directory.
pub const HISTORY_FILE: &str = "orders.toml";

#[derive(Debug)]
pub struct Settings {
    pub today: NaiveDate,
    /// The language asked for, if any (else each policy's own).
    pub lang: Option<String>,
    pub config: Config,
    pub data_dir: PathBuf,
    pub orders: Vec<PathBuf>,
    /// The policy asked for (flag, env or config), if any.
    pub policy: Option<String>,
    pub no_input: bool,
    pub quiet: bool,
}

fn project_dirs() -> anyhow::Result<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "claim")
        .context("cannot find a home directory: pass --data-dir and --config")
}

impl Settings {
    pub fn resolve(args: &GlobalArgs) -> anyhow::Result<Settings> {
        let config = match &args.config {
            Some(path) => Config::load(path, true)?,
            None => match project_dirs() {
                Ok(dirs) => Config::load(&dirs.config_dir().join("config.toml"), false)?,
                Err(_) => Config::default(),
            },
        };
        let data_dir = match &args.data_dir {
            Some(d) => d.clone(),
            None => project_dirs()?.data_dir().to_path_buf(),
        };
        let today = args
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let orders = if args.orders.is_empty() {
            config.orders.clone()
        } else {
            args.orders.clone()
        };
        Ok(Settings {
            today,
            lang: args.lang.clone().or_else(|| config.lang.clone()),
            policy: args.policy.clone().or_else(|| config.policy.clone()),
            config,
            data_dir,
            orders,
            no_input: args.no_input,
            quiet: args.quiet,
        })
    }

    /// Loads a policy by built-in id or path, with the user's parameter overrides.
    pub fn load_policy(&self, id_or_path: &str) -> anyhow::Result<Loaded> {
        if let Some(src) = policy::builtin_source(id_or_path) {
            let options = LoadOptions {
                overrides: self.config.overrides(id_or_path),
                today: None,
                builtin: true,
            };
            return policy::load(src, &options).map_err(anyhow::Error::new);
        }
        let path = Path::new(id_or_path);
        if !path.exists() {
            anyhow::bail!(
                "unknown policy `{id_or_path}`{}: use a built-in id ({}) or the path of a policy file",
                crate::suggest::did_you_mean(id_or_path, policy::builtin_ids()),
                policy::builtin_ids().collect::<Vec<_>>().join(", ")
            );
        }
        let src = read_source(path)?;
        let id_guess = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let options = LoadOptions {
            overrides: self.config.overrides(id_guess),
            today: Some(self.today),
            builtin: false,
        };
        policy::load(src, &options).map_err(anyhow::Error::new)
    }

    /// The order history: `--orders` files, else the config's, else the data directory's.
    pub fn load_history(&self) -> anyhow::Result<OrderHistory> {
        let mut history = OrderHistory::default();
        let mut paths = self.orders.clone();
        if paths.is_empty() {
            let own = self.data_dir.join(HISTORY_FILE);
            if own.exists() {
                paths.push(own);
            }
        }
        for path in paths {
            let file = crate::orders::load_file(&path).map_err(anyhow::Error::new)?;
            history.merge(file);
        }
        Ok(history)
    }
}

/// Reads a UTF-8 text file for parsing, with a clear error.
pub fn read_source(path: &Path) -> anyhow::Result<SourceText> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(SourceText::new(path.display().to_string(), text))
}
