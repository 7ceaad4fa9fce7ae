//! `claim log CASE`: record what happened on a case.

use std::io::Read;

use chrono::NaiveDate;

use crate::app::Settings;
use crate::cli::Exit;
use crate::cli::args::{parse_date, parse_word};
use crate::cli::render::case;
use crate::cli::ui::{Ui, plain};
use crate::journal::{self, CaseStatus, JournalError};
use crate::lang::fill;

// The subcommand's help is its variant's doc in `cli::Command` (a doc here would replace it).
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["sent", "reply", "status", "note"])))]
pub struct LogArgs {
    /// The case id (C7, or 7)
    pub case: String,
    /// You sent the message
    #[arg(long)]
    pub sent: bool,
    /// The answer you received (- reads it from stdin)
    #[arg(long, value_name = "TEXT")]
    pub reply: Option<String>,
    /// Set the status (open, sent, awaiting-reply, escalated, resolved, abandoned)
    #[arg(long, value_parser = parse_word::<CaseStatus>)]
    pub status: Option<CaseStatus>,
    /// A note for yourself
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When it happened [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

pub fn cmd_log(ui: &mut Ui, settings: &Settings, args: &LogArgs) -> anyhow::Result<Exit> {
    let reply = match args.reply.as_deref() {
        Some("-") => Some(read_reply(std::io::stdin())?),
        other => other.map(str::to_owned),
    };
    let today = settings.today;
    let date = args.date.unwrap_or(today);
    let (id, status, lang) = journal::update(&settings.data_dir, |j| {
        let c = j.case_mut(&args.case)?;
        if args.sent {
            c.record_sent(date, today)?;
        } else if let Some(text) = reply {
            c.record_reply(text, date, today)?;
        } else if let Some(status) = args.status {
            c.set_status(status, date, today)?;
        } else if let Some(note) = &args.note {
            c.record_note(note.clone(), date, today)?;
        }
        let lang = settings.screen_lang(c.decision.lang);
        Ok::<_, JournalError>((c.id.clone(), case::status(c, lang), lang))
    })?;
    let line = fill(
        lang.phrases().cases.logged,
        &[("id", &id), ("status", &status)],
    );
    ui.line(&[plain(&line)])?;
    Ok(Exit::Success)
}

/// A reply pasted on stdin, up to [`MAX_REPLY_BYTES`](crate::limits::MAX_REPLY_BYTES):
/// `< /dev/zero` must not fill the memory.
fn read_reply(input: impl Read) -> anyhow::Result<String> {
    use crate::limits::{MAX_REPLY_BYTES, size};
    let mut bytes = Vec::new();
    input.take(MAX_REPLY_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_REPLY_BYTES {
        anyhow::bail!(
            "the reply on stdin is longer than {}: keep the message itself, and attach the rest as evidence",
            size(MAX_REPLY_BYTES)
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "the reply on stdin is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}
