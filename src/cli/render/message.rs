//! A drafted message in the form the user asked for: text to paste, a JSON document, a
//! `mailto:` link, or an `.eml` file — with the attached evidence listed (and carried by the
//! `.eml`).

use crate::app::cases::Drafted;
use crate::app::{Settings, attachments};
use crate::cli::args::{DraftOutput, Format};
use crate::cli::ui::{Ui, bold, plain};
use crate::draft::{self, Message, Sender};
use crate::lang::{Lang, fill};

/// A message to print, with what identifies it.
#[derive(Debug)]
pub struct Printable<'a> {
    pub message: &'a Message,
    pub lang: Lang,
    /// Makes the `.eml`'s Message-ID unique to what produced it (`C1-2`, `check`).
    pub tag: &'a str,
    /// Keys added to the JSON document (`case`, `level`, `problem`…).
    pub extra: serde_json::Value,
}

pub fn print(
    ui: &mut Ui,
    settings: &Settings,
    p: Printable<'_>,
    output: &DraftOutput,
) -> anyhow::Result<()> {
    if output.format == Format::Eml {
        let parts = attachments::with_contents(&output.attach)?;
        let listed: Vec<_> = parts.iter().map(|(a, _)| a.clone()).collect();
        let body = draft::with_attachments(p.message.body.clone(), &listed, p.lang);
        let eml = eml(ui, settings, &p.message.subject, &body, &parts, p.tag)?;
        ui.raw(&eml)?;
        return Ok(());
    }
    let listed = attachments::fingerprints(&output.attach)?;
    let body = draft::with_attachments(p.message.body.clone(), &listed, p.lang);
    match output.format {
        Format::Text => {
            let phrases = p.lang.phrases();
            ui.line(&[
                bold(phrases.letters.subject),
                plain(phrases.colon),
                plain(&p.message.subject),
            ])?;
            ui.text("\n")?;
            ui.text(&body)?;
        }
        Format::Json => {
            let mut doc = serde_json::json!({
                "schema_version": 1,
                "lang": p.lang,
                "subject": p.message.subject,
                "body": body,
                "attachments": listed,
            });
            if let (Some(doc), serde_json::Value::Object(extra)) = (doc.as_object_mut(), p.extra) {
                doc.extend(extra);
            }
            ui.json(&doc)?;
        }
        Format::Mailto => {
            ui.raw(format!("{}\n", draft::mailto(&p.message.subject, &body)).as_bytes())?
        }
        Format::Eml => {}
    }
    Ok(())
}

/// A case's letter: the level's name and guidance on stderr, the letter on stdout.
pub fn letter(
    ui: &mut Ui,
    settings: &Settings,
    case: &str,
    drafted: &Drafted,
    output: &DraftOutput,
) -> anyhow::Result<()> {
    let lang = drafted.lang;
    if let Some(label) = &drafted.level_label {
        let level = drafted.level.to_string();
        ui.note(&fill(
            lang.phrases().cases.level,
            &[("n", &level), ("label", label)],
        ));
    }
    if let Some(g) = &drafted.guidance {
        ui.note(g);
    }
    if let Some(date) = drafted.early {
        ui.warn(&fill(
            lang.phrases().cases.early,
            &[("date", &lang.date(date))],
        ));
    }
    let tag = format!("{case}-{}", drafted.level);
    let p = Printable {
        message: &drafted.message,
        lang,
        tag: &tag,
        extra: serde_json::json!({"case": case, "level": drafted.level}),
    };
    print(ui, settings, p, output)
}

/// The message as `.eml` bytes, from the profile's name and address (`--today` is its date).
pub fn eml(
    ui: &Ui,
    settings: &Settings,
    subject: &str,
    body: &str,
    attachments: &[(draft::Attachment, Vec<u8>)],
    tag: &str,
) -> anyhow::Result<Vec<u8>> {
    let profile = settings.profile();
    if profile.email.is_none() {
        ui.warn(&format!(
            "no [profile] email in the configuration: the From address is a placeholder ({}) to fix in your mail client; `claim config set profile.email ADDRESS` sets it",
            draft::PLACEHOLDER_ADDRESS
        ));
    }
    let sender = Sender {
        name: profile.name.as_deref().filter(|n| !n.is_empty()),
        email: profile.email.as_deref(),
    };
    Ok(draft::eml(
        sender,
        subject,
        body,
        attachments,
        settings.today,
        tag,
    )?)
}
