//! The end of the walk-through: everything it settled on is written at once, and only
//! then — the name for the configuration, the facts for the order, the `.eml`, the case.

use std::path::PathBuf;

use crate::app::catalogue::Catalogue;
use crate::app::decide::Decided;
use crate::app::orders::{Recorded, record};
use crate::app::{Settings, cases};
use crate::case::CaseInput;
use crate::cli::Exit;
use crate::cli::common::exit_for;
use crate::cli::render::message;
use crate::cli::ui::Ui;
use crate::config::edit::{ConfigFile, Key};
use crate::draft::Message;
use crate::lang::{Lang, fill};
use crate::vocab::Status;

/// What the walk-through settled on.
#[derive(Debug)]
pub struct Choice {
    pub input: CaseInput,
    pub decided: Decided,
    pub status: Status,
    /// The language of the message and the saved case.
    pub lang: Lang,
    /// The language of the screen (the questions', or the summary's).
    pub screen: Lang,
    /// The message as the user left it (edited or not).
    pub message: Option<Message>,
    /// Where to write the message as an `.eml`.
    pub eml: Option<PathBuf>,
    /// Record the case in the journal.
    pub save: bool,
    /// Facts to record for the order in the imported history.
    pub remember: Option<(String, Recorded)>,
    /// The name asked on a first run, for the configuration (empty: skipped, not asked again).
    pub name: Option<String>,
}

/// Writes what the walk-through produced.
pub fn finish(
    ui: &mut Ui,
    settings: &Settings,
    catalogue: &Catalogue<'_>,
    choice: Choice,
) -> anyhow::Result<Exit> {
    let w = &choice.screen.phrases().prompts;
    if let (Some(name), Some(path)) = (&choice.name, &settings.config_file) {
        let _lock = ConfigFile::lock(path)?;
        let mut file = ConfigFile::open(path)?;
        file.set(&Key::parse("profile.name")?, std::slice::from_ref(name))?;
        file.save()?;
    }
    if let Some((order, facts)) = &choice.remember {
        record(settings, &mut Catalogue::new(settings), order, facts)?;
    }
    if let (Some(path), Some(m)) = (&choice.eml, &choice.message) {
        let eml = message::eml(ui, settings, &m.subject, &m.body, &[], "new")?;
        crate::fsutil::atomic_write(path, |out| std::io::Write::write_all(out, &eml))?;
        ui.note(&fill(w.written, &[("path", &path.display().to_string())]));
    }
    if choice.save {
        let opening = cases::opening(
            catalogue,
            &choice.decided,
            &choice.input,
            choice.message.as_ref(),
            choice.lang,
        );
        let id = cases::save(settings, opening)?;
        ui.note(&fill(w.saved, &[("id", &id)]));
    }
    ui.flush()?;
    Ok(exit_for(choice.status))
}
