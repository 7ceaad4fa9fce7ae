//! `claim draft CASE`: the message to send now for a case, at the level of the ladder it has
//! reached.

use crate::app::Settings;
use crate::app::cases;
use crate::app::catalogue::Catalogue;
use crate::cli::args::DraftOutput;
use crate::cli::render::message;
use crate::cli::{Exit, Ui};

// The subcommand's help is its variant's doc in `cli::Command` (a doc here would replace it).
#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    /// The case id (C7, or 7)
    pub case: String,
    #[command(flatten)]
    pub output: DraftOutput,
}

pub fn cmd_draft(ui: &mut Ui, settings: &Settings, args: &DraftArgs) -> anyhow::Result<Exit> {
    let journal = cases::load(settings)?;
    let case = &journal.cases[journal.find(&args.case)?];
    let mut catalogue = Catalogue::new(settings);
    let drafted = cases::draft(
        settings,
        &mut catalogue,
        case,
        &cases::Level::Current,
        settings.today,
    )?;
    message::letter(ui, settings, &case.id, &drafted, &args.output)?;
    Ok(Exit::Success)
}
