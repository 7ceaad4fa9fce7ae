//! `claim close CASE`: resolve a case with what was obtained.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::app::Settings;
use crate::cli::Exit;
use crate::cli::args::{parse_amount, parse_date, parse_word};
use crate::cli::ui::{Ui, plain};
use crate::journal::{self, JournalError, Outcome};
use crate::lang::fill;
use crate::vocab::Label;

// The subcommand's help is its variant's doc in `cli::Command` (a doc here would replace it).
#[derive(Debug, clap::Args)]
pub struct CloseArgs {
    /// The case id (C7, or 7)
    pub case: String,
    /// What you obtained: full-refund, partial-refund, account-credit, replacement, repair,
    /// prime-extension, refund-without-return, or nothing
    #[arg(long, value_parser = parse_word::<Outcome>)]
    pub outcome: Outcome,
    /// The amount obtained
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
    pub amount: Option<Decimal>,
    /// When [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

pub fn cmd_close(ui: &mut Ui, settings: &Settings, args: &CloseArgs) -> anyhow::Result<Exit> {
    let today = settings.today;
    let (id, lang) = journal::update(&settings.data_dir, |j| {
        let c = j.case_mut(&args.case)?;
        c.close(args.outcome, args.amount, args.date.unwrap_or(today), today)?;
        Ok::<_, JournalError>((c.id.clone(), settings.screen_lang(c.decision.lang)))
    })?;
    let line = fill(
        lang.phrases().cases.closed_as,
        &[("id", &id), ("outcome", args.outcome.label(lang))],
    );
    ui.line(&[plain(&line)])?;
    Ok(Exit::Success)
}
