//! `claim check`: one case from flags, or many from JSON Lines (`--batch`).

use anyhow::Context as _;

use crate::app::catalogue::Catalogue;
use crate::app::decide::decide;
use crate::app::orders::Orders;
use crate::app::{Settings, cases};
use crate::cli::args::{CaseFlags, DraftOutput, Format};
use crate::cli::batch::{self, Shape};
use crate::cli::common::{exit_for, note_policy_warnings};
use crate::cli::error;
use crate::cli::render::{decision, message};
use crate::cli::ui::{Style, Ui, styled};
use crate::cli::{Exit, error::CliError};
use crate::lang::fill;
use crate::report;

// The subcommand's help is its variant's doc in `cli::Command` (a doc here would replace it).
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
    /// Print one compact JSON object per case (id, status, kind, basis, amount, channel,
    /// rule, next_deadline, missing_facts; schema_version 1) instead of the whole document
    #[arg(long, conflicts_with_all = ["draft", "trace"])]
    pub brief: bool,
    /// With --batch: decide on N threads (default: the cores available); the output is
    /// the same, in input order
    #[arg(long, value_name = "N", requires = "batch", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
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
    if args.jobs.is_some() && args.batch.is_none() {
        return Err(CliError::usage("--jobs sets the threads of a batch: add --batch FILE").into());
    }
    if let Some(batch) = &args.batch {
        let shape = if args.brief {
            Shape::Brief
        } else {
            Shape::Full
        };
        let jobs = args.jobs.map_or_else(batch::default_jobs, usize::from);
        return batch::run(ui, settings, batch, shape, jobs);
    }
    // Never freed: a check ends the process, and freeing a policy's thousands of strings
    // took a twentieth of a check's instructions.
    let mut catalogue = std::mem::ManuallyDrop::new(Catalogue::new(settings));
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
    if args.brief && !args.save {
        ui.json_line(&report::brief(policy, &decided.decision))?;
        return Ok(exit_for(decided.decision.status));
    }
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
    } else if args.brief {
        ui.json_line(&report::brief(policy, &decided.decision))?;
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
