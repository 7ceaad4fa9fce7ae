//! `claim check`: one case from flags, or many from JSON Lines (`--batch`).

use std::io::BufRead;

use anyhow::Context as _;

use crate::app::catalogue::Catalogue;
use crate::app::decide::decide;
use crate::app::orders::Orders;
use crate::app::{Settings, cases};
use crate::case::CaseInput;
use crate::cli::args::{CaseFlags, DraftOutput, Format};
use crate::cli::common::{exit_for, note_policy_warnings};
use crate::cli::error;
use crate::cli::render::{decision, message};
use crate::cli::ui::{Style, Ui, styled};
use crate::cli::{Exit, error::CliError};
use crate::lang::fill;
use crate::report::{self, Report};

/// Check what to ask for, without prompts.
///
/// Facts come from the order history (--order, --item) and from flags, which override it.
/// Prints a summary, or the decision as JSON (--json); the exit code tells the outcome.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(after_help = "Examples:
  claim check --problem damaged --severity major --seller amazon --delivered 2026-11-20 --price 249
  claim check --orders examples/orders.toml --order 402-8765432-1122334 --problem damaged --json
  claim check --batch cases.jsonl > decisions.jsonl")]
pub struct CheckArgs {
    #[command(flatten)]
    pub case: CaseFlags,
    /// Print the decision as JSON (schema_version 1)
    #[arg(long)]
    pub json: bool,
    /// Also print the drafted first message to customer service
    #[arg(long)]
    pub draft: bool,
    /// Evaluate many cases: JSON Lines from FILE, or - for stdin; one decision per line out
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["order", "problem", "draft"])]
    pub batch: Option<String>,
    /// Show every rule evaluated, with each condition and its value
    #[arg(long)]
    pub trace: bool,
    /// Record the case in your journal (`claim list`, `claim show`)
    #[arg(long, conflicts_with = "batch")]
    pub save: bool,
    /// With --draft: how to print the message, and the evidence to list with it
    #[command(flatten)]
    pub output: DraftOutput,
}

pub fn cmd_check(ui: &mut Ui, settings: &Settings, args: &CheckArgs) -> anyhow::Result<Exit> {
    let mut catalogue = Catalogue::new(settings);
    if let Some(batch) = &args.batch {
        return run_batch(ui, settings, &mut catalogue, batch);
    }
    if !args.draft && (args.output.format != Format::Text || !args.output.attach.is_empty()) {
        return Err(CliError::usage(
            "--format and --attach shape the drafted message: add --draft",
        )
        .into());
    }
    let input = args.case.to_input();
    let mut orders = Orders::new(settings);
    let decided = decide(
        settings,
        &mut catalogue,
        &mut orders,
        &input,
        settings.today,
        None,
    )?;
    note_policy_warnings(ui, &catalogue, decided.policy, &mut Vec::new());
    let policy = catalogue.policy(decided.policy);
    let lang = policy.lang(settings.lang);
    let words = &lang.phrases().check;
    if let Some(wanted) = settings.lang.filter(|l| *l != lang) {
        ui.warn(&fill(
            words.no_texts,
            &[
                ("policy", &policy.id),
                ("lang", wanted.code()),
                ("used", lang.code()),
            ],
        ));
    }
    let report =
        report::build(policy, &decided.decision, &decided.label, lang).with_context(|| {
            format!(
                "policy {}: the message template cannot be filled",
                policy.id
            )
        })?;
    if args.draft && args.output.format != Format::Text {
        let Some(m) = &report.message else {
            return Err(CliError::new(
                error::Kind::Conflict,
                fill(words.nothing_to_draft, &[("status", report.status.word())]),
            )
            .into());
        };
        let extra = serde_json::json!({"problem": report.problem, "order": report.order.id});
        let p = message::Printable {
            message: m,
            lang,
            tag: "check",
            extra,
        };
        message::print(ui, settings, p, &args.output)?;
    } else if args.json {
        ui.json(&report)?;
    } else {
        decision::summary(ui, &report, args.trace)?;
        if let (true, Some(m)) = (args.draft, &report.message) {
            ui.text("\n")?;
            ui.line(&[styled(Style::Dim, &"─".repeat(40))])?;
            let p = message::Printable {
                message: m,
                lang,
                tag: "check",
                extra: serde_json::Value::Null,
            };
            message::print(ui, settings, p, &args.output)?;
        }
    }
    if args.save {
        let opening = cases::opening(&catalogue, &decided, &input, report.message.as_ref(), lang);
        let id = cases::save(settings, opening)?;
        ui.note(&fill(words.saved, &[("id", &id)]));
    }
    Ok(exit_for(report.status))
}

/// The decision document of one batch line.
fn evaluate_line<'c>(
    ui: &Ui,
    settings: &Settings,
    catalogue: &'c mut Catalogue<'_>,
    orders: &mut Orders<'_>,
    shown: &mut Vec<usize>,
    line: &str,
) -> anyhow::Result<Report<'c>> {
    let input = serde_json::from_str::<CaseInput>(line)?;
    let decided = decide(settings, catalogue, orders, &input, settings.today, None)?;
    note_policy_warnings(ui, catalogue, decided.policy, shown);
    let policy = catalogue.policy(decided.policy);
    let lang = policy.lang(settings.lang);
    let mut report = report::build(policy, &decided.decision, &decided.label, lang)?;
    report.id = input.id;
    Ok(report)
}

/// One decision per line, in input order; a line that cannot be evaluated gives an error
/// object in its place.
fn run_batch(
    ui: &mut Ui,
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    source: &str,
) -> anyhow::Result<Exit> {
    let mut reader: Box<dyn BufRead> = if source == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let path = std::path::Path::new(source);
        let file = std::fs::File::open(path).map_err(crate::fsutil::FileError::read(path))?;
        Box::new(std::io::BufReader::with_capacity(64 * 1024, file))
    };
    let mut orders = Orders::new(settings);
    let mut shown = Vec::new();
    let mut malformed = 0usize;
    let mut text = String::new();
    let mut number = 0usize;
    loop {
        text.clear();
        let read = reader.read_line(&mut text).with_context(|| {
            format!(
                "{source}:{}: cannot read the line (is it UTF-8?)",
                number + 1
            )
        })?;
        if read == 0 {
            break;
        }
        number += 1;
        let line = text.trim();
        if line.is_empty() {
            continue;
        }
        match evaluate_line(ui, settings, catalogue, &mut orders, &mut shown, line) {
            Ok(report) => ui.json_line(&report)?,
            Err(e) => {
                malformed += 1;
                let id = serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|v| v.get("id").cloned());
                let mut obj = serde_json::Map::new();
                if let Some(id) = id {
                    obj.insert("id".to_owned(), id);
                }
                obj.insert("line".to_owned(), number.into());
                obj.insert("error".to_owned(), error::message(&e).into());
                ui.json_line(&obj)?;
            }
        }
    }
    if malformed == 0 {
        return Ok(Exit::Success);
    }
    let lang = settings.screen_lang(None);
    ui.note(&fill(
        lang.phrases().check.batch_failed,
        &[("source", source), ("n", &malformed.to_string())],
    ));
    Ok(Exit::Error)
}
