//! `claim draft CASE` and `claim escalate CASE`: the message to send now, as text, an
//! `.eml` file, a `mailto:` link or JSON, with the attachments named and fingerprinted.

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::cli::check::{PolicyStore, decide};
use crate::cli::settings::Settings;
use crate::cli::ui::Style;
use crate::cli::{Exit, Ui};
use crate::draft::{self, Letter, Message};
use crate::journal::{self, Case, CaseStatus, Event, EventKind, Journal};
use crate::lang::{Lang, fill};
use crate::orders::OrderHistory;
use crate::sanitize::for_terminal as clean;

/// How to print a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Subject and body, ready to paste
    #[default]
    Text,
    /// An e-mail file (RFC 5322) to open in a mail client
    Eml,
    /// A mailto: link (RFC 6068)
    Mailto,
    /// JSON
    Json,
}

/// Options shared by every command that prints a draft.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Output {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Evidence to attach: each file is listed with its size and SHA-256 (and attached to
    /// the .eml)
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub attach: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    /// The case id (C7, or 7)
    pub case: String,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, clap::Args)]
pub struct EscalateArgs {
    /// The case id (C7, or 7)
    pub case: String,
    /// The ladder level to draft [default: the next one]
    #[arg(long, value_name = "N")]
    pub level: Option<usize>,
    #[command(flatten)]
    pub output: Output,
}

/// A file named in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub file: String,
    pub size: u64,
    pub sha256: String,
    #[serde(skip)]
    pub path: PathBuf,
}

fn fingerprint(path: &PathBuf) -> anyhow::Result<Attachment> {
    let mut file = std::fs::File::open(path)
        .with_context(|| format!("cannot read attachment {}", path.display()))?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher)
        .with_context(|| format!("cannot read attachment {}", path.display()))?;
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Attachment {
        file,
        size,
        sha256,
        path: path.clone(),
    })
}

/// "4 096 octets" / "4,096 bytes".
fn size_text(size: u64, lang: Lang) -> String {
    fill(lang.phrases().letters.bytes, &[("n", &lang.count(size))])
}

/// Appends the list of attachments to a body.
fn with_attachments(mut body: String, attachments: &[Attachment], lang: Lang) -> String {
    if attachments.is_empty() {
        return body;
    }
    body.push('\n');
    body.push_str(lang.phrases().letters.attachments);
    body.push('\n');
    for a in attachments {
        body.push_str(&format!(
            "- {} ({}, SHA-256 {})\n",
            a.file,
            size_text(a.size, lang),
            a.sha256
        ));
    }
    body
}

/// The drafted letter of a case at a level, with what the user should know about it.
#[derive(Debug)]
pub struct Drafted {
    pub message: Message,
    pub level: usize,
    pub level_label: Option<String>,
    pub guidance: Option<String>,
    pub lang: Lang,
}

/// A timeline line per step already taken, for the letters that recap it.
fn timeline(case: &Case, lang: Lang) -> Vec<String> {
    let words = &lang.phrases().letters;
    case.events
        .iter()
        .filter_map(|e| {
            let what = match e.kind {
                EventKind::Sent => words.sent.to_owned(),
                EventKind::Reply => {
                    let text: String = e
                        .text
                        .as_deref()
                        .unwrap_or("")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let mut short: String = text.chars().take(160).collect();
                    if short.len() < text.len() {
                        short.push('…');
                    }
                    fill(words.reply, &[("text", &short)])
                }
                EventKind::Escalated => fill(
                    words.follow_up,
                    &[("label", e.text.as_deref().unwrap_or(""))],
                ),
                _ => return None,
            };
            Some(fill(
                words.timeline_line,
                &[("date", &lang.date(e.date.0)), ("what", &what)],
            ))
        })
        .collect()
}

/// Drafts the letter of `level` for a case, as of `today`.
pub fn draft_case(
    ui: &Ui,
    settings: &Settings,
    case: &Case,
    level: usize,
    today: NaiveDate,
) -> anyhow::Result<Drafted> {
    let history = match &case.facts.order {
        Some(id) => match settings.find_order(id)? {
            Some(order) => OrderHistory {
                orders: vec![order],
            },
            None => settings.load_history()?,
        },
        None => OrderHistory::default(),
    };
    let mut store = PolicyStore::new(settings);
    let forced = crate::policy::builtin_source(&case.decision.policy)
        .map(|_| case.decision.policy.clone())
        .or_else(|| settings.policy.clone());
    let Some(forced) = forced else {
        anyhow::bail!(
            "case {} was decided with policy `{}`, which is not built in: pass --policy PATH",
            case.id,
            case.decision.policy
        );
    };
    let mut input = case.facts.clone();
    input.problem = Some(case.problem);
    let decided = decide(
        ui,
        settings,
        &mut store,
        &history,
        &input,
        case.opened.0,
        Some(&forced),
    )
    .with_context(|| format!("cannot decide case {} again", case.id))?;
    let policy = store.get(decided.policy);
    if decided.decision.recommendation().is_none() {
        anyhow::bail!(
            "case {} has no recommended remedy ({}): there is nothing to ask for",
            case.id,
            decided.decision.status.word()
        );
    }
    let lang = policy.lang(settings.lang);
    let rung = policy.ladder.get(level);
    if level > 0 && rung.is_none() {
        anyhow::bail!(
            "policy {} has no level {level} (its ladder has {} levels, 0 to {})",
            policy.id,
            policy.ladder.len(),
            policy.ladder.len().saturating_sub(1)
        );
    }
    let letter = Letter {
        level,
        timeline: timeline(case, lang),
        reply_deadline: policy
            .wait_days(level, today)
            .map(|d| crate::date::add_days(today, d)),
    };
    let mut decision = decided.decision;
    decision.today = today;
    let ctx = draft::context_for(policy, &decision, &decided.label, lang, Some(&letter));
    let message =
        draft::letter(policy, &ctx, case.problem.word(), lang, level).with_context(|| {
            format!(
                "policy {}: the level {level} letter cannot be filled",
                policy.id
            )
        })?;
    Ok(Drafted {
        message,
        level,
        level_label: rung.map(|r| r.label.get(lang).to_owned()),
        guidance: rung
            .and_then(|r| r.guidance.as_ref())
            .map(|g| g.get(lang).to_owned()),
        lang,
    })
}

/// Prints a drafted message in a format.
pub fn print(
    ui: &mut Ui,
    settings: &Settings,
    message: &Message,
    lang: Lang,
    output: &Output,
    tag: &str,
    extra: serde_json::Value,
) -> anyhow::Result<()> {
    let attachments = output
        .attach
        .iter()
        .map(fingerprint)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let body = with_attachments(message.body.clone(), &attachments, lang);
    match output.format {
        Format::Text => {
            let subject = lang.phrases().letters.subject;
            let colon = lang.phrases().colon;
            ui.print(&format!(
                "{}{colon}{}\n\n{}",
                ui.paint(Style::Bold, subject),
                clean(&message.subject),
                clean(&body)
            ))?;
        }
        Format::Json => {
            let mut doc = serde_json::json!({
                "schema_version": 1,
                "lang": lang,
                "subject": message.subject,
                "body": body,
                "attachments": attachments,
            });
            if let (Some(doc), serde_json::Value::Object(extra)) = (doc.as_object_mut(), extra) {
                doc.extend(extra);
            }
            serde_json::to_writer_pretty(ui.out(), &doc)?;
            ui.print("\n")?;
        }
        Format::Mailto => {
            ui.print(&format!("{}\n", mailto(&message.subject, &body)))?;
        }
        Format::Eml => {
            if settings.config.profile.email.is_none() {
                ui.warn("no [profile] email in the configuration: the From address is a placeholder (your.address@example.invalid) to fix in your mail client");
            }
            let eml = eml(settings, &message.subject, &body, &attachments, tag)?;
            std::io::Write::write_all(ui.out(), &eml)?;
        }
    }
    Ok(())
}

/// `mailto:?subject=…&body=…`, percent-encoded as RFC 6068 asks (spaces as %20, line
/// breaks as %0D%0A).
pub fn mailto(subject: &str, body: &str) -> String {
    fn encode(text: &str) -> String {
        let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
        let mut out = String::with_capacity(crlf.len() * 3);
        for b in crlf.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
    format!("mailto:?subject={}&body={}", encode(subject), encode(body))
}

/// A message as the bytes of an `.eml` file, without attachments.
pub fn eml_bytes(settings: &Settings, message: &Message, tag: &str) -> anyhow::Result<Vec<u8>> {
    eml(settings, &message.subject, &message.body, &[], tag)
}

/// The message as an RFC 5322 e-mail, built with lettre; `Date` is `--today`, the
/// Message-ID and MIME boundary are derived from the content so the file is reproducible.
fn eml(
    settings: &Settings,
    subject: &str,
    body: &str,
    attachments: &[Attachment],
    tag: &str,
) -> anyhow::Result<Vec<u8>> {
    use lettre::message::header::ContentType;
    use lettre::message::{Attachment as Part, Mailbox, MultiPart, SinglePart};

    let profile = &settings.config.profile;
    let address = match profile.email.as_deref() {
        Some(e) => e.parse().with_context(|| {
            format!("configuration [profile] email `{e}` is not an e-mail address")
        })?,
        None => {
            // Never invented: the reserved .invalid domain says plainly that it must be set.
            "your.address@example.invalid"
                .parse()
                .context("placeholder address")?
        }
    };
    let from = Mailbox::new(profile.name.clone(), address);
    let seconds = settings
        .today
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
        .max(0);
    let date = std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds.unsigned_abs());
    let digest: String = Sha256::digest(format!("{tag}\n{subject}\n{body}").as_bytes())
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect();
    let builder = lettre::Message::builder()
        .from(from.clone())
        .subject(subject)
        .date(date)
        .message_id(Some(format!("<{tag}.{digest}@claim.invalid>")))
        .envelope(
            lettre::address::Envelope::new(Some(from.email.clone()), vec![from.email.clone()])
                .context("envelope")?,
        );
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned());
    let message = if attachments.is_empty() {
        builder.singlepart(text)?
    } else {
        let mut mixed = MultiPart::mixed()
            .boundary(format!("claim-{digest}"))
            .singlepart(text);
        for a in attachments {
            let bytes = std::fs::read(&a.path)
                .with_context(|| format!("cannot read attachment {}", a.path.display()))?;
            let kind = content_type(&a.file);
            mixed = mixed.singlepart(Part::new(a.file.clone()).body(bytes, kind));
        }
        builder.multipart(mixed)?
    };
    Ok(message.formatted())
}

fn content_type(file: &str) -> lettre::message::header::ContentType {
    let lower = file.to_ascii_lowercase();
    let mime = match lower.rsplit('.').next().unwrap_or("") {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    };
    lettre::message::header::ContentType::parse(mime)
        .unwrap_or(lettre::message::header::ContentType::TEXT_PLAIN)
}

fn note_draft(ui: &Ui, drafted: &Drafted) {
    if let Some(label) = &drafted.level_label {
        ui.note(&format!("Level {} — {}", drafted.level, clean(label)));
    }
    if let Some(g) = &drafted.guidance {
        ui.note(&clean(g));
    }
}

pub fn cmd_draft(ui: &mut Ui, settings: &Settings, args: &DraftArgs) -> anyhow::Result<Exit> {
    let journal = Journal::load(&journal::journal_path(&settings.data_dir))?;
    let case = &journal.cases[journal.find(&args.case)?];
    let drafted = draft_case(ui, settings, case, case.level, settings.today)?;
    note_draft(ui, &drafted);
    let extra = serde_json::json!({"case": case.id, "level": drafted.level});
    print(
        ui,
        settings,
        &drafted.message,
        drafted.lang,
        &args.output,
        &format!("{}-{}", case.id, drafted.level),
        extra,
    )?;
    Ok(Exit::Success)
}

pub fn cmd_escalate(ui: &mut Ui, settings: &Settings, args: &EscalateArgs) -> anyhow::Result<Exit> {
    let path = journal::journal_path(&settings.data_dir);
    let journal = Journal::load(&path)?;
    let case = journal.cases[journal.find(&args.case)?].clone();
    if matches!(case.status, CaseStatus::Resolved | CaseStatus::Abandoned) {
        anyhow::bail!(
            "case {} is closed; reopen it with `claim log {} --status open` to escalate",
            case.id,
            case.id
        );
    }
    let level = args.level.unwrap_or(case.level + 1);
    if level == 0 {
        anyhow::bail!(
            "level 0 is the first message: `claim draft {}` prints it",
            case.id
        );
    }
    let drafted = draft_case(ui, settings, &case, level, settings.today)?;
    // Record the step before printing, so a printed letter is always in the journal.
    let today = settings.today;
    journal::update(&settings.data_dir, |j| {
        let i = j.find(&case.id)?;
        let c = &mut j.cases[i];
        if today < c.opened.0 {
            anyhow::bail!("{today} is before case {} was opened", c.id);
        }
        c.level = level;
        c.status = CaseStatus::Escalated;
        c.events.push(Event {
            date: journal::Date(today),
            kind: EventKind::Escalated,
            text: drafted.level_label.clone(),
            amount: None,
        });
        c.events.push(Event {
            date: journal::Date(today),
            kind: EventKind::Draft,
            text: Some(format!(
                "{}\n\n{}",
                drafted.message.subject, drafted.message.body
            )),
            amount: None,
        });
        Ok(())
    })?;
    note_draft(ui, &drafted);
    let extra = serde_json::json!({"case": case.id, "level": level});
    print(
        ui,
        settings,
        &drafted.message,
        drafted.lang,
        &args.output,
        &format!("{}-{level}", case.id),
        extra,
    )?;
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_encodes_as_rfc_6068_says() {
        let link = mailto("Objet : é", "a b\nc");
        assert_eq!(
            link,
            "mailto:?subject=Objet%20%3A%20%C3%A9&body=a%20b%0D%0Ac"
        );
    }

    #[test]
    fn sizes_group_digits() {
        assert_eq!(size_text(2_097_152, Lang::En), "2,097,152 bytes");
        assert_eq!(size_text(512, Lang::Fr), "512 octets");
    }
}
