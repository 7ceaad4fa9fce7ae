//! `claim config path | get | set | unset | edit`: the configuration, without learning its
//! file. Every change keeps the user's comments and layout, and is checked before it is
//! saved.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::Exit;
use crate::cli::error::{CliError, ErrorReport, Kind};
use crate::cli::ui::{Ui, plain};
use crate::config::Config;
use crate::config::edit::{ConfigFile, Key, save_text};
use crate::fsutil;
use crate::lang::{Lang, fill};
use crate::policy::LoadOptions;
use crate::source::SourceText;

#[derive(Debug, clap::Subcommand)]
// Each subcommand's arguments are built only when it is the one run (or help needs them).
#[command(defer = true)]
pub enum ConfigCommand {
    /// Print where the configuration file is (it may not exist yet)
    Path,
    /// Print a value (exit 1 when it is not set)
    Get {
        /// policy, lang, orders, timezone, profile.name, profile.email, profile.address,
        /// profile.city, or params.POLICY.NAME
        key: String,
    },
    /// Set a value, keeping the rest of the file as it is
    ///
    /// `orders` takes several paths; a multi-line address is one quoted argument.
    #[command(after_help = "Examples:
  claim config set profile.name \"Camille Martin\"
  claim config set profile.email camille@example.org
  claim config set profile.address \"12 rue des Lilas
75011 Paris\"
  claim config set profile.city Paris
  claim config set params.amazon-fr.returnless_max 20.00")]
    Set {
        key: String,
        #[arg(required = true, num_args = 1..)]
        values: Vec<String>,
    },
    /// Remove a value
    Unset { key: String },
    /// Edit the file in $VISUAL or $EDITOR; it is saved only if it is valid
    Edit,
}

pub fn cmd_config(
    ui: &mut Ui,
    path: Option<PathBuf>,
    lang: Lang,
    cmd: &ConfigCommand,
) -> anyhow::Result<Exit> {
    let w = &lang.phrases().config;
    let Some(path) = path else {
        return Err(CliError::new(Kind::Usage, w.no_home).into());
    };
    let key = |text: &str| Key::parse(text);
    match cmd {
        ConfigCommand::Path => {
            ui.line(&[plain(&path.display().to_string())])?;
            if !path.exists() {
                ui.note(w.not_yet);
            }
            Ok(Exit::Success)
        }
        ConfigCommand::Get { key: k } => {
            let file = ConfigFile::open(&path)?;
            match file.get(&key(k)?) {
                Some(value) => {
                    ui.line(&[plain(&value)])?;
                    Ok(Exit::Success)
                }
                None => Ok(Exit::Ineligible),
            }
        }
        ConfigCommand::Set { key: k, values } => {
            let key = key(k)?;
            let _lock = ConfigFile::lock(&path)?;
            let mut file = ConfigFile::open(&path)?;
            file.set(&key, values)?;
            if let Some((policy, name)) = key.param() {
                check_override(&file.check()?, policy, name)?;
            }
            file.save()?;
            ui.note(&fill(w.saved, &[("path", &path.display().to_string())]));
            Ok(Exit::Success)
        }
        ConfigCommand::Unset { key: k } => {
            let _lock = ConfigFile::lock(&path)?;
            let mut file = ConfigFile::open(&path)?;
            if file.unset(&key(k)?) {
                file.save()?;
                ui.note(&fill(w.saved, &[("path", &path.display().to_string())]));
            } else {
                ui.note(&fill(w.was_not_set, &[("key", k)]));
            }
            Ok(Exit::Success)
        }
        ConfigCommand::Edit => edit(ui, &path, lang),
    }
}

/// An override of a built-in policy's parameter must name one of its parameters, with a
/// value of its kind. (A policy that is not built in is checked when it is loaded.)
fn check_override(config: &Config, policy: &str, name: &str) -> anyhow::Result<()> {
    let options = LoadOptions {
        overrides: config.overrides(),
        ..LoadOptions::default()
    };
    let Some(loaded) = crate::policy::load_builtin(policy, &options) else {
        return Ok(());
    };
    let loaded = loaded.map_err(|diags| {
        let why: Vec<&str> = diags.errors().map(|d| d.message.as_str()).collect();
        CliError::new(Kind::Input, format!("policy {policy}: {}", why.join("; ")))
    })?;
    if loaded.policy.params.contains_key(name) {
        return Ok(());
    }
    let names = loaded.policy.params.keys().map(String::as_str);
    let hint = crate::suggest::did_you_mean(name, names);
    Err(CliError::new(
        Kind::Input,
        format!("policy {policy} has no parameter `{name}`{hint}: `claim policy show {policy}` lists them"),
    )
    .into())
}

/// Edits the file until it is valid (on a terminal, asking each time), or gives up with
/// nothing saved.
fn edit(ui: &mut Ui, path: &std::path::Path, lang: Lang) -> anyhow::Result<Exit> {
    let w = &lang.phrases().config;
    let mut text = fsutil::read_text_if_exists(path)?.unwrap_or_else(|| w.template.to_owned());
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    loop {
        let edited = crate::cli::ui::edit(&text, ".toml")
            .map_err(|e| CliError::new(Kind::Internal, format!("{}: {e}", w.editor_failed)))?;
        let Some(edited) = edited else {
            ui.note(w.unchanged);
            return Ok(Exit::Success);
        };
        match Config::parse(&SourceText::new(
            path.display().to_string(),
            edited.as_str(),
        )) {
            Ok(_) => {
                // Another command may have changed the file while the editor was open:
                // what the user saw and edited is what is saved, under the lock.
                let _lock = ConfigFile::lock(path)?;
                save_text(path, &edited)?;
                ui.note(&fill(w.saved, &[("path", &path.display().to_string())]));
                return Ok(Exit::Success);
            }
            Err(e) => {
                ui.error(&ErrorReport::of(&anyhow::Error::new(e), lang));
                let again = interactive
                    && dialoguer::Confirm::new()
                        .with_prompt(w.edit_again)
                        .default(true)
                        .interact_opt()?
                        .unwrap_or(false);
                if !again {
                    return Err(CliError::new(Kind::Input, w.not_saved).into());
                }
                text = edited;
            }
        }
    }
}
