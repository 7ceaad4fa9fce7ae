//! `claim due`: follow-ups and deadlines across cases, as a table or an iCalendar file.

use crate::app::{Settings, cases};
use crate::cli::Exit;
use crate::cli::render::case;
use crate::cli::ui::{Fit, Table, Ui};
use crate::journal::{self, CalendarEvent};
use crate::lang::fill;

// The subcommand's help is its variant's doc in `cli::Command` (a doc here would replace it).
#[derive(Debug, clap::Args)]
pub struct DueArgs {
    /// Only what falls within this many days
    #[arg(long, value_name = "DAYS")]
    pub within: Option<i64>,
    /// Print an iCalendar file (import it in your calendar) instead of a table
    #[arg(long)]
    pub ics: bool,
}

pub fn cmd_due(ui: &mut Ui, settings: &Settings, args: &DueArgs) -> anyhow::Result<Exit> {
    let journal = cases::load(settings)?;
    let today = settings.today;
    let lang = settings.screen_lang(None);
    let w = &lang.phrases().cases;
    let mut events: Vec<CalendarEvent> = Vec::new();
    for c in &journal.cases {
        let Some(follow) = c.next_follow_up() else {
            continue;
        };
        let about = case::about(c, lang);
        let level = c
            .level_label(lang)
            .map_or_else(|| case::status(c, lang), str::to_owned);
        events.push(CalendarEvent {
            uid: format!("{}-follow-up@claim", c.id),
            date: follow,
            summary: fill(w.follow_up_summary, &[("id", &c.id), ("level", &level)]),
            description: fill(
                w.follow_up_details,
                &[
                    ("about", &about),
                    ("remedy", &case::remedy(c, lang)),
                    ("id", &c.id),
                ],
            ),
        });
        for d in c.decision.deadlines.iter().filter(|d| d.date.0 >= today) {
            events.push(CalendarEvent {
                uid: format!("{}-{}@claim", c.id, d.id),
                date: d.date.0,
                summary: fill(
                    w.deadline_summary,
                    &[("id", &c.id), ("label", d.label.get(lang))],
                ),
                description: fill(w.deadline_details, &[("about", &about), ("id", &c.id)]),
            });
        }
    }
    events.retain(|e| args.within.is_none_or(|w| (e.date - today).num_days() <= w));
    events.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
    if args.ics {
        ui.raw(journal::calendar(&events, today).as_bytes())?;
        return Ok(Exit::Success);
    }
    if events.is_empty() {
        ui.note(w.nothing_due);
        return Ok(Exit::Success);
    }
    let mut t = Table::new()
        .column(w.date, Fit::Keep)
        .column(w.days, Fit::Keep)
        .column(w.what, Fit::Wrap)
        .column(w.details, Fit::Wrap);
    for e in &events {
        t.row(vec![
            e.date.to_string(),
            (e.date - today).num_days().to_string(),
            e.summary.clone(),
            e.description.clone(),
        ]);
    }
    ui.table(&t, 0)?;
    Ok(Exit::Success)
}
