//! `claim orders import`: exports into the history.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::app::{Settings, import};
use crate::cli::Exit;
use crate::cli::error::{CliError, Kind};
use crate::cli::ui::{ImportBar, Ui, bold, plain};
use crate::lang::fill;
use crate::orders::import::{Counts, FileOutcome, Progress};

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Export files, folders or .zip archives; - reads one CSV from stdin
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Any row that cannot be read is an error, and nothing is imported
    #[arg(long)]
    pub strict: bool,
    /// Show what would be imported without changing the history
    #[arg(long)]
    pub dry_run: bool,
    /// Read files again even when the history has imported them before
    #[arg(long)]
    pub again: bool,
    /// The Amazon site of files that do not name theirs (older browser-extension tables)
    #[arg(long, value_name = "SITE")]
    pub marketplace: Option<String>,
}

/// Problems shown before "… and N more".
const SHOWN_PROBLEMS: usize = 20;

pub fn cmd_import(ui: &mut Ui, settings: &Settings, args: &ImportArgs) -> anyhow::Result<Exit> {
    import_and_report(ui, settings, args)
}

/// Imports exports and prints the summary (also what `claim new` runs for "Import my
/// Amazon data").
pub fn import_and_report(
    ui: &mut Ui,
    settings: &Settings,
    args: &ImportArgs,
) -> anyhow::Result<Exit> {
    let lang = settings.screen_lang(None);
    let w = &lang.phrases().import;
    let bar =
        (std::io::stderr().is_terminal() && !ui.is_quiet()).then(|| ImportBar::new(w.lines_read));
    let batch = import::read(
        settings,
        &args.paths,
        args.marketplace.as_deref(),
        args.again,
        bar.as_ref().map(|b| b as &dyn Progress),
    )?;
    drop(bar);
    let files = batch.files.clone();
    let problems = batch.problems.clone();
    let ignored = batch.ignored_rows;
    let repeated = batch.repeated_rows;
    let mut notes: Vec<String> = batch
        .inferred
        .iter()
        .map(|((currency, marketplace), n)| {
            fill(
                w.inferred,
                &[
                    ("n", &n.to_string()),
                    ("marketplace", marketplace),
                    ("currency", currency),
                ],
            )
        })
        .collect();
    if !batch.pending.is_empty() {
        let n = batch.pending.len().to_string();
        notes.push(fill(w.pending, &[("n", &n)]));
    }
    notes.extend(batch.unknown_marketplace.iter().map(|(currency, n)| {
        fill(
            w.unknown_marketplace,
            &[("n", &n.to_string()), ("currency", currency)],
        )
    }));
    for p in problems
        .iter()
        .chain(batch.warnings.iter())
        .take(SHOWN_PROBLEMS)
    {
        ui.warn(&p.to_string());
    }
    if problems.len() > SHOWN_PROBLEMS {
        let more = (problems.len() - SHOWN_PROBLEMS).to_string();
        ui.warn(&fill(w.more_problems, &[("n", &more)]));
    }
    if args.strict && !problems.is_empty() {
        let n = problems.len().to_string();
        return Err(CliError::new(Kind::Input, fill(w.strict_refused, &[("n", &n)])).into());
    }
    let merged = import::merge(settings, batch, args.dry_run)?;
    let report = &merged.report;

    ui.line(&[bold(&fill(
        w.read_files,
        &[("n", &files.len().to_string())],
    ))])?;
    for f in &files {
        let line = match &f.outcome {
            FileOutcome::Read { kind, rows } => {
                let count = if *rows == 1 { w.rows_one } else { w.rows_many };
                let rows = fill(count, &[("n", &rows.to_string())]);
                fill(
                    w.file_read,
                    &[
                        ("file", &f.name),
                        ("kind", &kind.to_string()),
                        ("rows", &rows),
                    ],
                )
            }
            FileOutcome::Orders { format, orders } => {
                let count = if *orders == 1 {
                    w.orders_one
                } else {
                    w.orders_many
                };
                let orders = fill(count, &[("n", &orders.to_string())]);
                fill(
                    w.file_read,
                    &[
                        ("file", &f.name),
                        ("kind", &format.to_string()),
                        ("rows", &orders),
                    ],
                )
            }
            FileOutcome::Skipped(why) | FileOutcome::Known(why) => {
                fill(w.file_skipped, &[("file", &f.name), ("why", why)])
            }
        };
        ui.line(&[plain("  "), plain(&line)])?;
    }
    ui.text("\n")?;
    let Counts {
        orders,
        items,
        refunds,
        returns,
    } = report.added;
    let counts = [
        (w.orders, orders, report.known.orders, 0, 0),
        (w.items, items, report.known.items, 0, 0),
        (
            w.refunds,
            refunds,
            report.known.refunds,
            report.waiting.refunds,
            report.attached.refunds,
        ),
        (
            w.returns,
            returns,
            report.known.returns,
            report.waiting.returns,
            report.attached.returns,
        ),
    ];
    for (what, added, known, waiting, attached) in counts {
        let mut parts = vec![fill(w.added, &[("n", &added.to_string())])];
        for (n, words) in [
            (known, w.known),
            (waiting, w.waiting),
            (attached, w.attached),
        ] {
            if n > 0 {
                parts.push(fill(words, &[("n", &n.to_string())]));
            }
        }
        ui.line(&[plain(&format!("  {what:<9}{}", parts.join(", ")))])?;
    }
    let skipped: Vec<String> = [
        (problems.len() as u64, w.unreadable_rows),
        (ignored, w.ignored_rows),
        (repeated, w.repeated_rows),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, words)| fill(words, &[("n", &n.to_string())]))
    .collect();
    if !skipped.is_empty() {
        let line = format!("  {:<9}{}", w.skipped, skipped.join(", "));
        ui.line(&[plain(&line)])?;
    }
    if !report.orphans.is_empty() {
        let mut shown: Vec<&str> = report.orphans.iter().take(5).map(String::as_str).collect();
        if report.orphans.len() > 5 {
            shown.push("…");
        }
        let line = fill(w.orphans, &[("ids", &shown.join(", "))]);
        ui.line(&[plain("  "), plain(&line)])?;
    }
    for note in &notes {
        ui.line(&[plain("  "), plain(note)])?;
    }
    ui.text("\n")?;
    let end = if args.dry_run {
        w.dry_run.to_owned()
    } else {
        fill(
            w.history,
            &[
                ("path", &settings.history_path().display().to_string()),
                ("n", &merged.orders.to_string()),
            ],
        )
    };
    ui.line(&[plain(&end)])?;
    Ok(Exit::Success)
}
