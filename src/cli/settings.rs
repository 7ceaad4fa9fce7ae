//! Resolving the settings of a run: flags > environment > configuration > built-in defaults.
//! The only place that reads the environment and the platform's directories.

use std::path::PathBuf;

use crate::app::Settings;
use crate::cli::GlobalArgs;
use crate::cli::error::{CliError, Kind};
use crate::config::Config;
use crate::lang::Lang;

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "claim")
}

/// The configuration file: `--config` / `CLAIM_CONFIG` (which must exist), else `config.toml`
/// in the platform's configuration directory (which may not).
pub fn config_file(args: &GlobalArgs) -> (Option<PathBuf>, bool) {
    match &args.config {
        Some(path) => (Some(path.clone()), true),
        None => (
            project_dirs().map(|d| d.config_dir().join("config.toml")),
            false,
        ),
    }
}

/// The language of the user's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), if we speak it.
pub fn locale() -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| Lang::from_locale(&v))
}

pub fn resolve(args: &GlobalArgs) -> anyhow::Result<Settings> {
    let (config_file, explicit) = config_file(args);
    let config = match &config_file {
        Some(path) => Config::load(path, explicit)?,
        None => Config::default(),
    };
    let data_dir = match &args.data_dir {
        Some(d) => d.clone(),
        None => project_dirs()
            .map(|d| d.data_dir().to_path_buf())
            .ok_or_else(|| {
                CliError::new(
                    Kind::Usage,
                    "cannot find a home directory: pass --data-dir and --config",
                )
            })?,
    };
    let orders = if args.orders.is_empty() {
        config.orders.clone()
    } else {
        args.orders.clone()
    };
    Ok(Settings {
        today: args
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        lang: args.lang.or(config.lang),
        locale: locale(),
        policy: args.policy.clone(),
        config,
        config_file,
        data_dir,
        orders,
    })
}
