//! The message as an e-mail file (RFC 5322, built with lettre) to open in a mail program:
//! reproducible bytes, with `Date` from the day given and a Message-ID and MIME boundary
//! derived from the content.

use chrono::NaiveDate;
use lettre::message::header::ContentType;
use lettre::message::{Attachment as Part, Mailbox, MultiPart, SinglePart};
use sha2::{Digest, Sha256};

use crate::draft::Attachment;

/// Who the message is from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sender<'a> {
    pub name: Option<&'a str>,
    /// `None`: a placeholder on the reserved `.invalid` domain, plainly to be fixed.
    pub email: Option<&'a str>,
}

/// The address used when the user has none configured: never invented, visibly wrong.
pub const PLACEHOLDER_ADDRESS: &str = "your.address@example.invalid";

/// Why the e-mail cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum EmlError {
    #[error("`{0}` is not an e-mail address")]
    Address(String),
    #[error("the sender's name cannot go in an e-mail header: {0}")]
    Name(String),
    #[error("cannot build the e-mail: {0}")]
    Build(String),
}

/// The e-mail's bytes; each attachment comes with its contents.
pub fn eml(
    sender: Sender<'_>,
    subject: &str,
    body: &str,
    attachments: &[(Attachment, Vec<u8>)],
    date: NaiveDate,
    tag: &str,
) -> Result<Vec<u8>, EmlError> {
    let text = sender.email.unwrap_or(PLACEHOLDER_ADDRESS);
    let address = text
        .trim()
        .parse()
        .map_err(|_| EmlError::Address(text.to_owned()))?;
    if let Some(name) = sender.name.filter(|n| n.chars().any(char::is_control)) {
        return Err(EmlError::Name(name.escape_debug().to_string()));
    }
    let from = Mailbox::new(sender.name.map(str::to_owned), address);
    let seconds = date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
        .max(0);
    let sent = std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds.unsigned_abs());
    let digest: String = Sha256::digest(format!("{tag}\n{subject}\n{body}").as_bytes())
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect();
    let build = |e: &dyn std::fmt::Display| EmlError::Build(e.to_string());
    let envelope =
        lettre::address::Envelope::new(Some(from.email.clone()), vec![from.email.clone()])
            .map_err(|e| build(&e))?;
    let builder = lettre::Message::builder()
        .from(from)
        .subject(subject)
        .date(sent)
        .message_id(Some(format!("<{tag}.{digest}@claim.invalid>")))
        .envelope(envelope);
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned());
    let message = if attachments.is_empty() {
        builder.singlepart(text)
    } else {
        let mut mixed = MultiPart::mixed()
            .boundary(format!("claim-{digest}"))
            .singlepart(text);
        for (a, bytes) in attachments {
            mixed = mixed
                .singlepart(Part::new(a.file.clone()).body(bytes.clone(), content_type(&a.file)));
        }
        builder.multipart(mixed)
    };
    Ok(message.map_err(|e| build(&e))?.formatted())
}

fn content_type(file: &str) -> ContentType {
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
    ContentType::parse(mime).unwrap_or(ContentType::TEXT_PLAIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_line_break_is_refused_not_a_panic() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default();
        let sender = Sender {
            name: Some("Sam\nBcc: x@example.org"),
            email: Some("sam@example.org"),
        };
        assert!(matches!(
            eml(sender, "s", "b", &[], day, "t"),
            Err(EmlError::Name(_))
        ));
        let ok = eml(Sender::default(), "s", "b", &[], day, "t").unwrap_or_default();
        let text = String::from_utf8_lossy(&ok);
        assert!(text.contains(PLACEHOLDER_ADDRESS) && text.contains("Date: Thu, 26 Nov 2026"));
    }
}
