//! The settings a command runs with, resolved once: flags > environment > config > defaults.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::NaiveDate;

use crate::cli::GlobalArgs;
use crate::cli::config::Config;
use crate::lang::Lang;
use crate::orders::OrderHistory;
use crate::policy::{self, LoadOptions, Loaded};
use crate::source::SourceText;

/// The policy used when nothing else decides.
pub const FALLBACK_POLICY: &str = "amazon-fr";

#[derive(Debug)]
pub struct Settings {
    pub today: NaiveDate,
    /// Where the configuration lives (user templates are in `templates/` there).
    pub config_dir: Option<PathBuf>,
    /// The configuration file.
    pub config_file: Option<PathBuf>,
    /// The language asked for, if any (else each policy's own).
    pub lang: Option<Lang>,
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
        let config_file = match &args.config {
            Some(path) => Some(path.clone()),
            None => project_dirs()
                .ok()
                .map(|d| d.config_dir().join("config.toml")),
        };
        let config = match &config_file {
            Some(path) => Config::load(path, false)?,
            None => Config::default(),
        };
        let config_dir = config_file
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf);
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
            config_dir,
            config_file,
            lang: args.lang.or(config.lang),
            policy: args.policy.clone().or_else(|| config.policy.clone()),
            config,
            data_dir,
            orders,
            no_input: args.no_input,
            quiet: args.quiet,
        })
    }

    /// Loads a policy by built-in id or path, with the user's parameter overrides and
    /// message templates.
    pub fn load_policy(&self, id_or_path: &str) -> anyhow::Result<Loaded> {
        let mut loaded = self.load_policy_file(id_or_path)?;
        self.apply_user_templates(&mut loaded.policy)?;
        Ok(loaded)
    }

    /// The user's own message templates: `templates/<policy>/<lang>/<key>.<part>` in the
    /// configuration directory (e.g. `templates/amazon-fr/fr/formal-notice.body`).
    fn apply_user_templates(&self, policy: &mut policy::Policy) -> anyhow::Result<()> {
        let Some(dir) = self
            .config_dir
            .as_ref()
            .map(|d| d.join("templates").join(&policy.id))
        else {
            return Ok(());
        };
        let Ok(langs) = std::fs::read_dir(&dir) else {
            return Ok(());
        };
        let mut files: Vec<PathBuf> = Vec::new();
        for lang in langs.flatten() {
            if let Ok(entries) = std::fs::read_dir(lang.path()) {
                files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
            }
        }
        files.sort();
        for path in files {
            let lang = path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let Some((key, part)) = name.rsplit_once('.') else {
                anyhow::bail!(
                    "{}: name a template file KEY.PART (e.g. formal-notice.body)",
                    path.display()
                );
            };
            let src = read_source(&path)?;
            policy::load::override_template(policy, &src, &lang, key, part)
                .map_err(anyhow::Error::new)?;
        }
        Ok(())
    }

    fn load_policy_file(&self, id_or_path: &str) -> anyhow::Result<Loaded> {
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

    /// The configuration file to write to (`claim new` keeps the signing name there).
    pub fn config_path(&self) -> Option<PathBuf> {
        self.config_file.clone()
    }

    /// The imported history in the data directory.
    pub fn history_path(&self) -> PathBuf {
        crate::orders::store::history_path(&self.data_dir)
    }

    /// Whether orders come from files named by `--orders` (or the config) rather than the
    /// imported history.
    pub fn uses_order_files(&self) -> bool {
        !self.orders.is_empty()
    }

    /// The order history: `--orders` files (native TOML, or a `history.jsonl`), else the
    /// config's, else the history imported into the data directory.
    pub fn load_history(&self) -> anyhow::Result<OrderHistory> {
        if !self.uses_order_files() {
            return Ok(crate::orders::store::load(&self.history_path())?);
        }
        let mut history = OrderHistory::default();
        for path in &self.orders {
            let file = if path.extension().is_some_and(|e| e == "jsonl") {
                crate::orders::store::load(path)?
            } else {
                crate::orders::load_file(path).map_err(anyhow::Error::new)?
            };
            history.merge(file);
        }
        Ok(history)
    }

    /// One order for a check: from the files, or found in the imported history without
    /// reading all of it.
    pub fn find_order(&self, id: &str) -> anyhow::Result<Option<crate::orders::Order>> {
        if self.uses_order_files() {
            return Ok(None);
        }
        Ok(crate::orders::store::find(&self.history_path(), id.trim())?)
    }

    /// The time zone for turning exported UTC times into dates.
    pub fn zone(&self) -> anyhow::Result<crate::orders::import::LocalZone> {
        match &self.config.timezone {
            Some(name) => crate::orders::import::LocalZone::parse(name)
                .map_err(|e| anyhow::anyhow!("configuration `timezone`: {e}")),
            None => Ok(crate::orders::import::LocalZone::system()),
        }
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
