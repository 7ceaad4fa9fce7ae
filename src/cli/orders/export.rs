//! `claim orders export`: the whole normalized history, so the data is never locked in. JSON
//! Lines (one order per line, read back by `--orders FILE.jsonl`) or CSV (one row per item,
//! for a spreadsheet). Streamed: memory does not grow with the history.

use std::io::Write;
use std::path::PathBuf;

use crate::app::{Settings, orders};
use crate::cli::Exit;
use crate::cli::error::{CliError, Kind};
use crate::cli::ui::Ui;
use crate::fsutil;
use crate::orders::{Order, jsonl};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One order per line, everything kept (read back with --orders FILE.jsonl)
    Jsonl,
    /// One row per item, for a spreadsheet
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Write to this file (replaced whole, never half-written) instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The CSV columns, one row per item (an order without items has one row, its item cells
/// empty). Money is a plain decimal in the order's currency. The `order_` columns are the
/// order's and repeat on each of its rows: they are not to be summed.
const CSV_HEADER: &[&str] = &[
    "order_id",
    "order_date",
    "marketplace",
    "currency",
    "status",
    "order_total",
    "asin",
    "title",
    "unit_price",
    "quantity",
    "shipped",
    "promised",
    "delivered",
    "seller",
    "order_refunded",
    "order_returned",
    "carrier",
    "tracking",
];

pub fn cmd_export(ui: &mut Ui, settings: &Settings, args: &ExportArgs) -> anyhow::Result<Exit> {
    match &args.output {
        Some(path) if let Some(what) = claims_own_file(settings, path) => {
            return Err(CliError::new(
                Kind::Usage,
                format!(
                    "{} is {what}: write the export to another file",
                    path.display()
                ),
            )
            .into());
        }
        Some(path) => {
            let mut failure = None;
            fsutil::atomic_write(path, |out| {
                write_all(settings, args.format, out).map_err(|e| {
                    let message = e.to_string();
                    failure = Some(e);
                    std::io::Error::other(message)
                })
            })
            .map_err(|e| failure.take().unwrap_or_else(|| e.into()))?;
        }
        None => {
            let mut out = std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout().lock());
            write_all(settings, args.format, &mut out)?;
            out.flush()?;
        }
    }
    ui.flush()?;
    Ok(Exit::Success)
}

fn write_all(settings: &Settings, format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        Format::Jsonl => orders::for_each(settings, |order: &Order| -> anyhow::Result<()> {
            jsonl::write_order(out, order)?;
            Ok(())
        }),
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(CSV_HEADER)?;
            orders::for_each(settings, |order: &Order| -> anyhow::Result<()> {
                for row in csv_rows(order) {
                    csv.write_record(&row)?;
                }
                Ok(())
            })?;
            csv.flush()?;
            Ok(())
        }
    }
}

/// What `path` is when it is a file `claim` keeps or reads — the history's database (or
/// one of its companion files), the case journal, the configuration, an order file in use —
/// even through a symbolic link: an export must not replace it.
fn claims_own_file(settings: &Settings, path: &std::path::Path) -> Option<&'static str> {
    /// Said when the path's links cannot be followed (a loop): not written, to be safe.
    const UNRESOLVED: &str = "a path whose links cannot be followed";
    // The file a path finally names, through every link (to a missing file too): the
    // end of the chain, in its folder's canonical form.
    let canonical = |p: &std::path::Path| {
        let p = fsutil::link_target(p).ok()?;
        std::fs::canonicalize(&p).ok().or_else(|| {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = dir.map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf);
            std::fs::canonicalize(dir)
                .ok()
                .zip(p.file_name().map(std::ffi::OsStr::to_owned))
                .map(|(d, f)| d.join(f))
        })
    };
    if fsutil::link_target(path).is_err() {
        return Some(UNRESOLVED);
    }
    // A folder that does not exist holds none of claim's files (the write says it is missing).
    let target = canonical(path)?;
    let db = settings.history_path();
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = name.as_deref().unwrap_or("");
    let mut guarded = vec![
        (db.clone(), "the order history itself"),
        (
            db.with_file_name(format!("{name}-wal")),
            "the order history itself",
        ),
        (
            db.with_file_name(format!("{name}-shm")),
            "the order history itself",
        ),
        (
            crate::journal::journal_path(&settings.data_dir),
            "the case journal",
        ),
    ];
    guarded.extend(
        settings
            .config_file
            .iter()
            .map(|c| (c.clone(), "the configuration")),
    );
    guarded.extend(
        settings
            .orders
            .iter()
            .map(|o| (o.clone(), "an order file in use")),
    );
    guarded.extend(
        settings
            .policy
            .iter()
            .filter(|p| crate::policy::builtin_source(p).is_none())
            .map(|p| (PathBuf::from(p), "the policy in use")),
    );
    // The lock files of the journal and the configuration: replacing one would let two
    // processes each hold "the" lock.
    let lock_dirs = [
        Some(settings.data_dir.as_path()),
        settings
            .config_file
            .as_deref()
            .and_then(std::path::Path::parent),
    ];
    let is_lock = target
        .file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".lock"));
    if is_lock
        && lock_dirs
            .iter()
            .flatten()
            .filter_map(|dir| std::fs::canonicalize(dir).ok())
            .any(|dir| target.parent() == Some(dir.as_path()))
    {
        return Some("a lock file of claim's");
    }
    guarded
        .into_iter()
        .find(|(file, _)| canonical(file).is_some_and(|f| f == target))
        .map(|(_, what)| what)
}

/// An order's CSV rows, in the columns of [`CSV_HEADER`].
fn csv_rows(o: &Order) -> Vec<Vec<String>> {
    let date = |d: Option<chrono::NaiveDate>| d.map(crate::date::iso).unwrap_or_default();
    let money = |m: Option<crate::money::Money>| m.map(|m| m.amount_string()).unwrap_or_default();
    let returned = o
        .returned
        .or_else(|| o.returns.iter().map(|r| r.date).min());
    let order_cells = |item: Option<&crate::orders::Item>| {
        let seller = item
            .and_then(|i| i.seller.clone())
            .or_else(|| o.seller.clone())
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        vec![
            text(&o.id),
            crate::date::iso(o.date),
            text(&o.marketplace),
            o.currency.code().to_owned(),
            o.status.map(|s| s.word().to_owned()).unwrap_or_default(),
            money(o.total()),
            item.map(|i| text(&i.asin)).unwrap_or_default(),
            item.map(|i| text(&i.title)).unwrap_or_default(),
            money(item.and_then(|i| i.unit_price)),
            item.map(|i| i.quantity.to_string()).unwrap_or_default(),
            date(item.and_then(|i| i.shipped).or(o.shipped)),
            date(o.promised),
            date(o.delivered),
            seller,
            money(o.refunded()),
            date(returned),
            o.carrier.as_deref().map(text).unwrap_or_default(),
            o.tracking.as_deref().map(text).unwrap_or_default(),
        ]
    };
    if o.items.is_empty() {
        return vec![order_cells(None)];
    }
    o.items.iter().map(|i| order_cells(Some(i))).collect()
}

/// A text cell a spreadsheet will not run: one that starts like a formula (`=`, `+`, `-`,
/// `@`) gets a leading `'`, which spreadsheets show as text. Tabs and carriage returns
/// become spaces, and characters that hide or disguise text (controls, bidirectional
/// overrides) are dropped; line breaks stay (CSV quotes them). The JSON Lines export keeps
/// every text (escaping those characters).
fn text(cell: &str) -> String {
    let cell: String = cell
        .chars()
        .map(|c| if matches!(c, '\t' | '\r') { ' ' } else { c })
        .filter(|&c| c == '\n' || !crate::text::is_hidden(c))
        .collect();
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn formula_cells_are_kept_as_text() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            text("Casque\u{202e}txt.exe\u{1b}[2J\u{85}\nneuf"),
            "Casquetxt.exe[2J\nneuf"
        );
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("Kettle = 1.7 L"), "Kettle = 1.7 L");
        assert_eq!(text(""), "");
    }
}
