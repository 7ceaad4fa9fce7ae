//! `claim escalate CASE`: the letter of the next rung of the ladder, recorded in the journal
//! before it is printed.

use crate::app::Settings;
use crate::app::cases;
use crate::app::catalogue::Catalogue;
use crate::cli::args::DraftOutput;
use crate::cli::render::message;
use crate::cli::{Exit, Ui};

// The subcommand's help is its variant's doc in `cli::Command` (a doc here would replace it).
#[derive(Debug, clap::Args)]
pub struct EscalateArgs {
    /// The case id (C7, or 7)
    pub case: String,
    /// The ladder level to draft, by number or id (`2`, `formal-notice`) [default: the next
    /// one that applies to the case's problem]
    #[arg(long, value_name = "N|ID")]
    pub level: Option<String>,
    #[command(flatten)]
    pub output: DraftOutput,
}

pub fn cmd_escalate(ui: &mut Ui, settings: &Settings, args: &EscalateArgs) -> anyhow::Result<Exit> {
    let mut catalogue = Catalogue::new(settings);
    let (id, drafted) = cases::escalate(settings, &mut catalogue, &args.case, args.level.clone())?;
    message::letter(ui, settings, &id, &drafted, &args.output)?;
    Ok(Exit::Success)
}
