//! The policies a command can apply: the built-in ones, files named by path, with the user's
//! parameter overrides and message templates. A policy given by path is the one applied,
//! everywhere, whatever its id; without one, an order's marketplace picks the policy.

use std::path::{Path, PathBuf};

use crate::app::Settings;
use crate::fsutil::{self, FileError};
use crate::policy::{self, LoadOptions, Loaded, Policy};
use crate::source::{Diagnostics, SourceText};

/// The policy applied when nothing else decides.
pub const FALLBACK_POLICY: &str = "amazon-fr";

/// Where a policy was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    File(PathBuf),
}

/// Why a policy cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error(
        "unknown policy `{given}`{}: use a built-in id ({}) or the path of a policy file",
        crate::suggest::did_you_mean(given, policy::builtin_ids()),
        policy::builtin_ids().collect::<Vec<_>>().join(", ")
    )]
    Unknown { given: String },
    #[error(
        "no policy for marketplace `{}` (the policies at hand serve {served}): its orders are not judged under another country's law; pass --policy with a policy file for it",
        if marketplace.is_empty() { "unknown" } else { marketplace.as_str() }
    )]
    NoPolicy { marketplace: String, served: String },
    #[error("{0}")]
    Invalid(#[source] Diagnostics),
    #[error("{0}")]
    File(#[from] FileError),
}

#[derive(Debug)]
struct Entry {
    /// The id or path it was asked by.
    asked: String,
    origin: Origin,
    loaded: Loaded,
}

/// Policies loaded so far, each once.
#[derive(Debug)]
pub struct Catalogue<'s> {
    settings: &'s Settings,
    entries: Vec<Entry>,
    /// Marketplace → entry, once resolved.
    by_marketplace: Vec<(String, usize)>,
}

impl<'s> Catalogue<'s> {
    pub fn new(settings: &'s Settings) -> Self {
        Catalogue {
            settings,
            entries: Vec::new(),
            by_marketplace: Vec::new(),
        }
    }

    pub fn policy(&self, index: usize) -> &Policy {
        &self.entries[index].loaded.policy
    }

    pub fn origin(&self, index: usize) -> &Origin {
        &self.entries[index].origin
    }

    /// What loading found worth a warning (stale sources, unknown overrides).
    pub fn warnings(&self, index: usize) -> &Diagnostics {
        &self.entries[index].loaded.warnings
    }

    /// Loads a policy (once) by built-in id or path; returns its index.
    pub fn load(&mut self, id_or_path: &str) -> Result<usize, CatalogueError> {
        if let Some(i) = self.entries.iter().position(|e| e.asked == id_or_path) {
            return Ok(i);
        }
        let options = LoadOptions {
            overrides: self.settings.config.overrides(),
            overrides_source: self.settings.config.source.clone(),
            ..LoadOptions::default()
        };
        let builtin = (!looks_like_path(id_or_path))
            .then(|| policy::load_builtin(id_or_path, &options))
            .flatten();
        let (loaded, origin) = match builtin {
            Some(loaded) => (loaded, Origin::Builtin),
            None => {
                let path = Path::new(id_or_path);
                if !path.exists() {
                    return Err(CatalogueError::Unknown {
                        given: id_or_path.to_owned(),
                    });
                }
                let text = fsutil::read_text(path)?;
                let src = SourceText::new(path.display().to_string(), text);
                let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
                // A file's sources are dated: a stale one is worth a warning.
                let options = LoadOptions {
                    today: Some(self.settings.today),
                    ..options
                };
                (policy::load(src, &options), Origin::File(absolute))
            }
        };
        let mut loaded = loaded.map_err(CatalogueError::Invalid)?;
        self.apply_user_templates(&mut loaded.policy)?;
        self.entries.push(Entry {
            asked: id_or_path.to_owned(),
            origin,
            loaded,
        });
        Ok(self.entries.len() - 1)
    }

    /// Loads the policy a saved case was decided with: its file when it had one.
    pub fn load_saved(&mut self, id: &str, path: Option<&Path>) -> Result<usize, CatalogueError> {
        match path {
            Some(p) => self.load(&p.display().to_string()),
            None => self.load(id),
        }
    }

    /// The policy for an order of this marketplace: the one forced by `--policy`, else the
    /// one serving the marketplace (the configured default first, then the built-ins). An
    /// order whose marketplace no policy serves, or is unknown (`""`), has none
    /// ([`CatalogueError::NoPolicy`]); a case without an order (typed by hand, `None`) gets
    /// the configured default, else the fallback.
    pub fn for_marketplace(&mut self, marketplace: Option<&str>) -> Result<usize, CatalogueError> {
        // A copy of the reference: the settings outlive the catalogue's borrows.
        let settings = self.settings;
        if let Some(forced) = &settings.policy {
            return self.load(forced);
        }
        let default = settings.config.policy.as_deref();
        let Some(marketplace) = marketplace else {
            // Typed by hand: the configured default, else the fallback.
            return self.load(default.unwrap_or(FALLBACK_POLICY));
        };
        let key = marketplace.trim().to_ascii_lowercase();
        if let Some(&(_, i)) = self.by_marketplace.iter().find(|(m, _)| *m == key) {
            return Ok(i);
        }
        for candidate in default
            .into_iter()
            .chain(policy::builtin_ids().map(|id| -> &str { id }))
        {
            // A built-in whose ready-made form says it serves another marketplace is not read.
            if policy::builtin_serves(candidate, &key) == Some(false) {
                continue;
            }
            let i = self.load(candidate)?;
            if self.policy(i).serves(&key) {
                self.by_marketplace.push((key, i));
                return Ok(i);
            }
        }
        let served: Vec<String> = self.marketplaces()?.into_iter().map(|(m, _)| m).collect();
        Err(CatalogueError::NoPolicy {
            marketplace: key,
            served: served.join(", "),
        })
    }

    /// The marketplaces an order typed by hand can come from, with their policy: the
    /// forced policy's, else those of the configured default and the built-ins.
    pub fn marketplaces(&mut self) -> Result<Vec<(String, usize)>, CatalogueError> {
        let candidates: Vec<String> = match &self.settings.policy {
            Some(forced) => vec![forced.clone()],
            None => self
                .settings
                .config
                .policy
                .iter()
                .cloned()
                .chain(policy::builtin_ids().map(str::to_owned))
                .collect(),
        };
        let mut out: Vec<(String, usize)> = Vec::new();
        for id in candidates {
            let i = self.load(&id)?;
            for m in &self.policy(i).marketplaces {
                if !out.iter().any(|(x, _)| x == m) {
                    out.push((m.clone(), i));
                }
            }
        }
        Ok(out)
    }

    /// The user's own message templates: `templates/<policy>/<lang>/<key>.<part>` next to
    /// the configuration (e.g. `templates/amazon-fr/fr/formal-notice.body`).
    fn apply_user_templates(&self, policy: &mut Policy) -> Result<(), CatalogueError> {
        let Some(dir) = self.settings.templates_dir().map(|d| d.join(&policy.id)) else {
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
            let name = |p: &Path| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let lang = path.parent().map(name).unwrap_or_default();
            let file = name(&path);
            let src = SourceText::new(path.display().to_string(), fsutil::read_text(&path)?);
            let Some((key, part)) = file.rsplit_once('.') else {
                return Err(CatalogueError::Invalid(Diagnostics(vec![src.diagnostic(
                    crate::source::Level::Error,
                    None,
                    "name a template file KEY.PART (e.g. formal-notice.body)",
                )])));
            };
            policy::load::override_template(policy, &src, &lang, key, part)
                .map_err(CatalogueError::Invalid)?;
        }
        Ok(())
    }
}

/// `./my.toml`, `policies/x.toml`: a path rather than a built-in id.
fn looks_like_path(text: &str) -> bool {
    text.contains(std::path::MAIN_SEPARATOR) || text.contains('/') || text.ends_with(".toml")
}
