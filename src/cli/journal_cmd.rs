//! The case journal on the command line: `claim list | show | log | close | due`, and the
//! case that `claim check --save` records.

use std::io::Read as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::case::CaseInput;
use crate::cli::settings::Settings;
use crate::cli::ui::{Style, table};
use crate::cli::{Exit, Ui};
use crate::date::Date;
use crate::journal::{
    self, CalendarEvent, Case, CaseStatus, Event, EventKind, Journal, Outcome, SavedDeadline,
    SavedLevel, Snapshot,
};
use crate::lang::Lang;
use crate::policy::Policy;
use crate::report::Report;
use crate::sanitize::for_terminal as clean;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only cases with this status (open, sent, awaiting-reply, escalated, resolved, abandoned)
    #[arg(long, value_parser = super::vocab_arg::<CaseStatus>)]
    pub status: Option<CaseStatus>,
    /// Only cases whose follow-up date has come
    #[arg(long)]
    pub due: bool,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The case id (C7, or 7)
    pub case: String,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

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
    #[arg(long, value_parser = super::vocab_arg::<CaseStatus>)]
    pub status: Option<CaseStatus>,
    /// A note for yourself
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When it happened [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct CloseArgs {
    /// The case id (C7, or 7)
    pub case: String,
    /// What you obtained: full-refund, partial-refund, account-credit, replacement, repair,
    /// prime-extension, refund-without-return, or nothing
    #[arg(long, value_parser = super::vocab_arg::<Outcome>)]
    pub outcome: Outcome,
    /// The amount obtained
    #[arg(long, value_name = "AMOUNT", value_parser = crate::money::parse_price)]
    pub amount: Option<rust_decimal::Decimal>,
    /// When [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct DueArgs {
    /// Only what falls within this many days
    #[arg(long, value_name = "DAYS")]
    pub within: Option<i64>,
    /// Print an iCalendar file (import it in your calendar) instead of a table
    #[arg(long)]
    pub ics: bool,
}

/// The case a check records: the facts as given and the decision as made.
pub fn case_from_report(report: &Report<'_>, input: &CaseInput, today: NaiveDate) -> Case {
    let rec = report.recommendation.as_ref();
    let mut events = vec![Event {
        date: Date(today),
        kind: EventKind::Created,
        text: Some(match rec {
            Some(r) => format!(
                "{}: {} ({}, rule {})",
                report.status.word(),
                r.kind.word(),
                r.basis.word(),
                r.rule
            ),
            None => report.status.word().to_owned(),
        }),
        amount: None,
    }];
    if let Some(m) = &report.message {
        events.push(Event {
            date: Date(today),
            kind: EventKind::Draft,
            text: Some(format!("{}\n\n{}", m.subject, m.body)),
            amount: None,
        });
    }
    Case {
        id: String::new(),
        opened: Date(today),
        problem: report.problem,
        order_id: report.order.id.as_ref().map(|s| s.to_string()),
        item: report.order.item.as_ref().map(|s| s.to_string()),
        title: report.order.title.as_ref().map(|s| s.to_string()),
        status: CaseStatus::Open,
        level: 0,
        facts: CaseInput {
            id: None,
            ..input.clone()
        },
        decision: Snapshot {
            policy: report.policy.id.to_string(),
            policy_version: report.policy.version.to_string(),
            status: report.status,
            remedy: rec.map(|r| r.kind),
            basis: rec.map(|r| r.basis),
            rule: rec.map(|r| r.rule.to_string()),
            amount: rec
                .and_then(|r| r.amount.as_ref())
                .map(|m| m.amount.to_string()),
            currency: rec
                .and_then(|r| r.amount.as_ref())
                .map(|m| m.currency.to_string()),
            deadlines: report
                .deadlines
                .iter()
                .filter_map(|d| {
                    crate::date::parse_date(&d.date)
                        .ok()
                        .map(|date| SavedDeadline {
                            id: d.id.to_string(),
                            label: d.label.to_string(),
                            date: Date(date),
                        })
                })
                .collect(),
            ladder: Vec::new(),
        },
        events,
    }
}

/// The policy's ladder as the case keeps it.
pub fn saved_ladder(policy: &Policy, lang: Lang, from: NaiveDate) -> Vec<SavedLevel> {
    policy
        .ladder
        .iter()
        .enumerate()
        .map(|(i, l)| SavedLevel {
            id: l.id.clone(),
            label: l.label.get(lang).to_owned(),
            wait_days: policy.wait_days(i, from),
        })
        .collect()
}

/// Records a new case; returns its id.
pub fn save_case(settings: &Settings, case: Case) -> anyhow::Result<String> {
    journal::update(&settings.data_dir, |j| Ok(j.add(case)))
}

fn load(settings: &Settings) -> anyhow::Result<Journal> {
    Ok(Journal::load(&journal::journal_path(&settings.data_dir))?)
}

fn status_text(c: &Case) -> String {
    match c.status {
        CaseStatus::Escalated => format!("escalated ({})", c.level),
        s => s.word().to_owned(),
    }
}

#[derive(Serialize)]
struct CaseLine<'a> {
    id: &'a str,
    opened: String,
    order_id: Option<&'a str>,
    problem: crate::vocab::Problem,
    status: CaseStatus,
    level: usize,
    remedy: Option<crate::vocab::RemedyKind>,
    next_follow_up: Option<String>,
}

pub fn cmd_list(ui: &mut Ui, settings: &Settings, args: &ListArgs) -> anyhow::Result<Exit> {
    let journal = load(settings)?;
    let today = settings.today;
    let cases: Vec<&Case> = journal
        .cases
        .iter()
        .filter(|c| args.status.is_none_or(|s| c.status == s))
        .filter(|c| !args.due || c.next_follow_up().is_some_and(|d| d <= today))
        .collect();
    if args.json {
        let lines: Vec<CaseLine> = cases
            .iter()
            .map(|c| CaseLine {
                id: &c.id,
                opened: crate::date::iso(c.opened.0),
                order_id: c.order_id.as_deref(),
                problem: c.problem,
                status: c.status,
                level: c.level,
                remedy: c.decision.remedy,
                next_follow_up: c.next_follow_up().map(crate::date::iso),
            })
            .collect();
        serde_json::to_writer_pretty(
            ui.out(),
            &serde_json::json!({"schema_version": 1, "cases": lines}),
        )?;
        ui.print("\n")?;
        return Ok(Exit::Success);
    }
    if cases.is_empty() {
        ui.note(if journal.cases.is_empty() {
            "No case yet: `claim check … --save` records one."
        } else {
            "No case matches."
        });
        return Ok(Exit::Success);
    }
    let mut t = table(
        ui,
        &[
            "case",
            "opened",
            "order",
            "problem",
            "remedy asked",
            "status",
            "next follow-up",
        ],
    );
    for c in &cases {
        let follow = match c.next_follow_up() {
            Some(d) if d <= today => ui.paint(Style::Yellow, &format!("{d} (due)")),
            Some(d) => d.to_string(),
            None => "—".to_owned(),
        };
        t.add_row(vec![
            c.id.clone(),
            c.opened.0.to_string(),
            clean(c.order_id.as_deref().unwrap_or("—")),
            c.problem.word().to_owned(),
            c.remedy_word().to_owned(),
            status_text(c),
            follow,
        ]);
    }
    ui.print(&format!("{t}\n"))?;
    Ok(Exit::Success)
}

#[derive(Serialize)]
struct EventLine<'a> {
    date: String,
    kind: EventKind,
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<&'a str>,
}

pub fn cmd_show(ui: &mut Ui, settings: &Settings, args: &ShowArgs) -> anyhow::Result<Exit> {
    let journal = load(settings)?;
    let c = &journal.cases[journal.find(&args.case)?];
    if args.json {
        let events: Vec<EventLine> = c
            .events
            .iter()
            .map(|e| EventLine {
                date: crate::date::iso(e.date.0),
                kind: e.kind,
                text: e.text.as_deref(),
                amount: e.amount.as_deref(),
            })
            .collect();
        let doc = serde_json::json!({
            "schema_version": 1,
            "id": c.id,
            "opened": crate::date::iso(c.opened.0),
            "order_id": c.order_id,
            "item": c.item,
            "title": c.title,
            "problem": c.problem,
            "status": c.status,
            "level": c.level,
            "remedy": c.decision.remedy,
            "basis": c.decision.basis,
            "amount": c.decision.amount.as_ref().map(|a| serde_json::json!({"amount": a, "currency": c.decision.currency})),
            "policy": {"id": c.decision.policy, "version": c.decision.policy_version},
            "next_follow_up": c.next_follow_up().map(crate::date::iso),
            "deadlines": c.decision.deadlines.iter().map(|d| serde_json::json!({"id": d.id, "label": d.label, "date": crate::date::iso(d.date.0)})).collect::<Vec<_>>(),
            "facts": c.facts,
            "events": events,
        });
        serde_json::to_writer_pretty(ui.out(), &doc)?;
        ui.print("\n")?;
        return Ok(Exit::Success);
    }
    let mut out = format!(
        "{}  {} · opened {} · {}\n",
        ui.paint(Style::Bold, &format!("Case {}", c.id)),
        c.problem.word(),
        c.opened.0,
        status_text(c)
    );
    if let Some(order) = &c.order_id {
        out.push_str(&format!(
            "order {}{}\n",
            clean(order),
            c.title
                .as_deref()
                .map(|t| format!(" · {}", clean(t)))
                .unwrap_or_default()
        ));
    }
    let amount = c
        .decision
        .amount
        .as_ref()
        .map(|a| format!(" — {a} {}", c.decision.currency.as_deref().unwrap_or("")))
        .unwrap_or_default();
    out.push_str(&format!(
        "asked: {}{} ({}) · policy {} {}\n",
        c.remedy_word(),
        amount,
        c.decision.basis.map_or("—", |b| b.word()),
        clean(&c.decision.policy),
        clean(&c.decision.policy_version)
    ));
    if let Some(level) = c.level_label() {
        out.push_str(&format!("ladder: level {} — {}\n", c.level, clean(level)));
    }
    match c.next_follow_up() {
        Some(d) => out.push_str(&format!(
            "next follow-up: {d}{}\n",
            if d <= settings.today { " (due)" } else { "" }
        )),
        None => out.push_str("closed\n"),
    }
    if !c.decision.deadlines.is_empty() {
        let mut t = table(ui, &["deadline", "date", "days left"]);
        for d in &c.decision.deadlines {
            t.add_row(vec![
                clean(&d.label),
                d.date.0.to_string(),
                (d.date.0 - settings.today).num_days().to_string(),
            ]);
        }
        out.push_str(&format!("\n{}\n{t}\n", ui.paint(Style::Bold, "Deadlines")));
    }
    out.push_str(&format!("\n{}\n", ui.paint(Style::Bold, "Timeline")));
    for e in &c.events {
        let amount = e
            .amount
            .as_deref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}  {}{}\n",
            e.date.0,
            ui.paint(Style::Bold, e.kind.word()),
            amount
        ));
        if let Some(text) = &e.text {
            for l in clean(text).lines() {
                out.push_str(&format!("      {l}\n"));
            }
        }
    }
    ui.print(&out)?;
    Ok(Exit::Success)
}

fn check_date(c: &Case, date: NaiveDate, today: NaiveDate) -> anyhow::Result<()> {
    if date < c.opened.0 {
        anyhow::bail!("{date} is before case {} was opened ({})", c.id, c.opened.0);
    }
    if date > today {
        anyhow::bail!("{date} is after today ({today}): check --date or --today");
    }
    Ok(())
}

pub fn cmd_log(ui: &mut Ui, settings: &Settings, args: &LogArgs) -> anyhow::Result<Exit> {
    let reply = match args.reply.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text)?;
            Some(text)
        }
        other => other.map(str::to_owned),
    };
    let date = args.date.unwrap_or(settings.today);
    let (id, status) = journal::update(&settings.data_dir, |j| {
        let i = j.find(&args.case)?;
        let c = &mut j.cases[i];
        check_date(c, date, settings.today)?;
        if matches!(c.status, CaseStatus::Resolved | CaseStatus::Abandoned)
            && args.status.is_none()
            && args.note.is_none()
        {
            anyhow::bail!(
                "case {} is closed; reopen it with --status open first",
                c.id
            );
        }
        let event = |kind, text: Option<String>| Event {
            date: Date(date),
            kind,
            text,
            amount: None,
        };
        if args.sent {
            c.events.push(event(EventKind::Sent, None));
            c.status = CaseStatus::AwaitingReply;
        } else if let Some(text) = reply {
            c.events.push(event(EventKind::Reply, Some(text)));
            c.status = CaseStatus::Open;
        } else if let Some(status) = args.status {
            if status == CaseStatus::Escalated {
                c.level += 1;
                let label = c.level_label().map(str::to_owned);
                c.events.push(event(EventKind::Escalated, label));
            } else {
                c.events
                    .push(event(EventKind::Status, Some(status.word().to_owned())));
            }
            c.status = status;
        } else if let Some(note) = &args.note {
            c.events.push(event(EventKind::Note, Some(note.clone())));
        }
        Ok((c.id.clone(), status_text(c)))
    })?;
    ui.print(&format!("Case {id}: {status}.\n"))?;
    Ok(Exit::Success)
}

pub fn cmd_close(ui: &mut Ui, settings: &Settings, args: &CloseArgs) -> anyhow::Result<Exit> {
    let date = args.date.unwrap_or(settings.today);
    let id = journal::update(&settings.data_dir, |j| {
        let i = j.find(&args.case)?;
        let c = &mut j.cases[i];
        check_date(c, date, settings.today)?;
        c.events.push(Event {
            date: Date(date),
            kind: EventKind::Closed,
            text: Some(args.outcome.word().to_owned()),
            amount: args.amount.map(|a| {
                let currency = c.decision.currency.clone().unwrap_or_default();
                format!("{a} {currency}").trim().to_owned()
            }),
        });
        c.status = if args.outcome == Outcome::Nothing {
            CaseStatus::Abandoned
        } else {
            CaseStatus::Resolved
        };
        Ok(c.id.clone())
    })?;
    ui.print(&format!("Case {id} closed: {}.\n", args.outcome.word()))?;
    Ok(Exit::Success)
}

pub fn cmd_due(ui: &mut Ui, settings: &Settings, args: &DueArgs) -> anyhow::Result<Exit> {
    let journal = load(settings)?;
    let today = settings.today;
    let mut events: Vec<CalendarEvent> = Vec::new();
    for c in &journal.cases {
        let Some(follow) = c.next_follow_up() else {
            continue;
        };
        let about = match (&c.order_id, &c.title) {
            (Some(o), Some(t)) => format!("order {o}, {t}"),
            (Some(o), None) => format!("order {o}"),
            _ => c.problem.word().to_owned(),
        };
        events.push(CalendarEvent {
            uid: format!("{}-follow-up@claim", c.id),
            date: follow,
            summary: format!(
                "claim {}: follow up ({})",
                c.id,
                c.level_label().unwrap_or(c.status.word())
            ),
            description: format!("{about}: {} asked. claim show {}", c.remedy_word(), c.id),
        });
        for d in c.decision.deadlines.iter().filter(|d| d.date.0 >= today) {
            events.push(CalendarEvent {
                uid: format!("{}-{}@claim", c.id, d.id),
                date: d.date.0,
                summary: format!("claim {}: {}", c.id, d.label),
                description: format!("{about}. claim show {}", c.id),
            });
        }
    }
    events.retain(|e| args.within.is_none_or(|w| (e.date - today).num_days() <= w));
    events.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
    if args.ics {
        ui.print(&journal::calendar(&events, today))?;
        return Ok(Exit::Success);
    }
    if events.is_empty() {
        ui.note("Nothing due.");
        return Ok(Exit::Success);
    }
    let mut t = table(ui, &["date", "days", "what", "details"]);
    for e in &events {
        let days = (e.date - today).num_days();
        let days = if days <= 0 {
            ui.paint(Style::Yellow, &days.to_string())
        } else {
            days.to_string()
        };
        t.add_row(vec![
            e.date.to_string(),
            days,
            clean(&e.summary),
            clean(&e.description),
        ]);
    }
    ui.print(&format!("{t}\n"))?;
    Ok(Exit::Success)
}
