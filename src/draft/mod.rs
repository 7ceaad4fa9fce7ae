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

use crate::engine::Decision;
use crate::lang::Lang;
use crate::policy::Policy;
use crate::policy::load::{letter_name, message_name};

/// What a letter beyond the first message knows: its rung of the ladder, what happened so
/// far, and the date the answer is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub level: usize,
    /// The steps already taken, oldest first.
    pub timeline: Vec<(NaiveDate, TimelineEntry)>,
    pub reply_deadline: Option<NaiveDate>,
    /// The last letter sent, and the reply deadline it gave unless it was answered.
    pub previous: Option<(NaiveDate, Option<NaiveDate>)>,
    /// An earlier level ended the contract (a resolution): what is left to claim is the
    /// refund that follows.
    pub terminated: bool,
}

impl Letter {
    /// The letter of `level` for a case whose timeline is `timeline`: the previous step is
    /// the last one, its deadline the wait of the level before this one.
    pub fn new(
        policy: &Policy,
        decision: &Decision,
        level: usize,
        timeline: Vec<(NaiveDate, TimelineEntry)>,
    ) -> Letter {
        let problem = decision.problem;
        let rule = decision
            .recommendation()
            .map(|o| policy.rules[o.rule].id.as_str());
        let earlier = (0..level).filter(|&l| policy.ladder[l].follows(problem, rule));
        let before = earlier.clone().last();
        // The last letter sent; once answered, its deadline no longer runs.
        let sent = timeline
            .iter()
            .rposition(|(_, e)| !matches!(e, TimelineEntry::Reply(_)));
        let previous = sent.map(|i| {
            let date = timeline[i].0;
            let answered = timeline[i + 1..]
                .iter()
                .any(|(_, e)| matches!(e, TimelineEntry::Reply(_)));
            let wait = before
                .filter(|_| !answered)
                .and_then(|l| policy.wait_days(l, problem, date));
            (date, wait.map(|d| crate::date::add_days(date, d)))
        });
        let today = decision.today;
        Letter {
            level,
            timeline,
            reply_deadline: policy
                .wait_days(level, problem, today)
                .map(|d| crate::date::add_days(today, d)),
            previous,
            terminated: earlier.into_iter().any(|l| policy.ladder[l].terminates),
        }
    }
}

/// A drafted message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

/// The letter for a level of the ladder: level 0 is the first message; later levels use the
/// policy's letter for the level and the recommended rule, else the problem, else the level's
/// default letter.
pub fn letter(
    policy: &Policy,
    ctx: &Context,
    decision: &Decision,
    lang: Lang,
    level: usize,
) -> Result<Message, minijinja::Error> {
    let problem = decision.problem.word();
    let Some(rung) = policy.ladder.get(level).filter(|_| level > 0) else {
        return first_message(policy, ctx, decision, lang);
    };
    let rule = decision
        .recommendation()
        .map(|o| policy.rules[o.rule].id.as_str());
    let key = rule
        .into_iter()
        .chain([problem])
        .find(|key| {
            policy
                .templates
                .has(&letter_name(lang, &rung.id, key, "body"))
        })
        .unwrap_or("default");
    render(
        policy,
        ctx,
        &letter_name(lang, &rung.id, key, "subject"),
        &letter_name(lang, &rung.id, key, "body"),
    )
}

/// The first message for an eligible decision, in `lang`: the recommended rule's own message
/// if the policy has one (a withdrawal), else its channel's (a card dispute goes to the card
/// issuer), else the problem's, else the default.
pub fn first_message(
    policy: &Policy,
    ctx: &Context,
    decision: &Decision,
    lang: Lang,
) -> Result<Message, minijinja::Error> {
    let offer = decision.recommendation();
    let rule = offer.map(|o| policy.rules[o.rule].id.as_str());
    let channel = offer.map(|o| policy.channels[o.channel].id.as_str());
    let pick = |part: &str| {
        rule.into_iter()
            .chain(channel)
            .chain([decision.problem.word()])
            .map(|key| message_name(lang, key, part))
            .find(|name| policy.templates.has(name))
            .unwrap_or_else(|| message_name(lang, "default", part))
    };
    render(policy, ctx, &pick("subject"), &pick("body"))
}

fn render(
    policy: &Policy,
    ctx: &Context,
    subject: &str,
    body: &str,
) -> Result<Message, minijinja::Error> {
    let subject = policy.templates.render(subject, ctx.0.clone())?;
    let body = policy.templates.render(body, ctx.0.clone())?;
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
