//! Importing exports into the history: read every file first (nothing is written while
//! reading), then merge them into the database in one transaction.

use crate::app::Settings;
use crate::app::orders::HistoryError;
use crate::money::Currency;
use crate::orders::import::{self, Batch, ImportOptions, MergeReport};
use crate::orders::store::{self, Store};
use crate::policy;

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(#[from] import::ExportError),
    #[error("--marketplace `{0}` is not an Amazon site (expected e.g. amazon.ca, amazon.com)")]
    Marketplace(String),
    #[error("configuration `timezone`: {0}")]
    Zone(String),
    #[error("{0}")]
    History(#[from] HistoryError),
}

impl From<store::StoreError> for ImportError {
    fn from(e: store::StoreError) -> Self {
        ImportError::History(e.into())
    }
}

/// The currency of each marketplace the built-in policies serve.
fn marketplace_currencies() -> Vec<(String, Currency)> {
    let mut out = Vec::new();
    for id in policy::builtin_ids() {
        if let Some(Ok(loaded)) = policy::load_builtin(id, &policy::LoadOptions::default()) {
            for m in &loaded.policy.marketplaces {
                out.push((m.to_ascii_lowercase(), loaded.policy.currency));
            }
        }
    }
    out
}

/// Reads every input (files, folders, `.zip` archives, `-` for stdin); `marketplace` is
/// that of the orders of files that do not name theirs.
pub fn read(
    settings: &Settings,
    inputs: &[std::path::PathBuf],
    marketplace: Option<&str>,
    again: bool,
    progress: Option<&dyn import::Progress>,
) -> Result<Batch, ImportError> {
    // The files the history has imported are known by their fingerprints.
    let store = if again || !settings.history_path().exists() {
        None
    } else {
        Store::open(&settings.data_dir)?
    };
    let imported_on = |fp: &str| store.as_ref().and_then(|s| s.imported_on(fp));
    let marketplace = match marketplace {
        Some(m) => {
            Some(import::marketplace_of(m).ok_or_else(|| ImportError::Marketplace(m.to_owned()))?)
        }
        None => None,
    };
    let currencies = marketplace_currencies();
    let currency_for = |m: &str| {
        let m = m.to_ascii_lowercase();
        currencies.iter().find(|(x, _)| *x == m).map(|(_, c)| *c)
    };
    let options = ImportOptions {
        zone: settings.zone().map_err(ImportError::Zone)?,
        currency_for: &currency_for,
        marketplace,
        today: settings.today,
        progress,
        imported_on: (!again).then_some(&imported_on as &import::ImportedOn<'_>),
    };
    Ok(import::read_inputs(inputs, &options)?)
}

/// What a merge did, and the history's size after it.
#[derive(Debug)]
pub struct Merged {
    pub report: MergeReport,
    pub orders: usize,
}

/// Merges a batch into the imported history, in one transaction; with `dry_run`, writes
/// nothing.
pub fn merge(settings: &Settings, batch: Batch, dry_run: bool) -> Result<Merged, ImportError> {
    // A dry run creates nothing: without a history, it works on one in memory.
    let mut store = if dry_run && !settings.history_path().exists() {
        Store::in_memory(&settings.data_dir)?
    } else {
        Store::create(&settings.data_dir)?
    };
    let (report, orders) = store.import(batch, dry_run, settings.today)?;
    Ok(Merged { report, orders })
}
