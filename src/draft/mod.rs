//! Drafted messages: the policy's templates filled with the facts of a case, in a language —
//! the first message to customer service and the letters of each rung of the escalation
//! ladder — and the forms they leave in: plain text, an `.eml` file, a `mailto:` link, with
//! the attached evidence named and fingerprinted. Templates render facts only: a placeholder
//! without a value is an error, never a blank. Nothing here reads files or prints.

mod attachment;
mod context;
mod eml;
mod mailto;
mod timeline;

pub use attachment::{Attachment, with_attachments};
pub use context::{CaseLabel, Context, context, context_for, render_text};
pub use eml::{EmlError, PLACEHOLDER_ADDRESS, Sender, eml};
pub use mailto::mailto;
pub use timeline::TimelineEntry;

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::policy::Policy;
use crate::policy::load::message_name;

/// What a letter beyond the first message knows: its rung of the ladder, what happened so
/// far, and the date the answer is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub level: usize,
    /// The steps already taken, oldest first.
    pub timeline: Vec<(NaiveDate, TimelineEntry)>,
    pub reply_deadline: Option<NaiveDate>,
}

/// A drafted message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

/// The letter for a level of the ladder: level 0 is the first message; later levels use the
/// policy's template named after the level.
pub fn letter(
    policy: &Policy,
    ctx: &Context,
    problem: &str,
    lang: Lang,
    level: usize,
) -> Result<Message, minijinja::Error> {
    let Some(rung) = policy.ladder.get(level).filter(|_| level > 0) else {
        return first_message(policy, ctx, problem, lang);
    };
    let subject = policy
        .templates
        .render(&message_name(lang, &rung.id, "subject"), ctx.0.clone())?;
    let body = policy
        .templates
        .render(&message_name(lang, &rung.id, "body"), ctx.0.clone())?;
    Ok(Message {
        subject: subject.trim().to_owned(),
        body: tidy(&body),
    })
}

/// The first message to customer service for an eligible decision, in `lang`.
pub fn first_message(
    policy: &Policy,
    ctx: &Context,
    problem: &str,
    lang: Lang,
) -> Result<Message, minijinja::Error> {
    let pick = |part: &str| {
        let specific = message_name(lang, problem, part);
        if policy.templates.has(&specific) {
            specific
        } else {
            message_name(lang, "default", part)
        }
    };
    let subject = policy.templates.render(&pick("subject"), ctx.0.clone())?;
    let body = policy.templates.render(&pick("body"), ctx.0.clone())?;
    Ok(Message {
        subject: subject.trim().to_owned(),
        body: tidy(&body),
    })
}

/// Trims each line's end, collapses runs of blank lines, and ends with one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_trims_and_collapses_blank_lines() {
        assert_eq!(tidy("a  \n\n\n\nb\n"), "a\n\nb\n");
    }
}
