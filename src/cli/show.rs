//! `claim show CASE`: a case with its decision, deadlines and whole timeline.

use serde::Serialize;

use crate::app::{Settings, cases};
use crate::cli::Exit;
use crate::cli::render::{case, days_left};
use crate::cli::ui::{Fit, Style, Table, Ui, bold, plain, styled};
use crate::journal::{Case, EventKind};
use crate::lang::{Lang, fill};
use crate::money::Money;
use crate::vocab::Label;

// The subcommand's help is its variant's doc in `cli::Command` (a doc here would replace it).
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The case id (C7, or 7)
    pub case: String,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct EventLine<'a> {
    date: String,
    kind: EventKind,
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<Money>,
}

pub fn cmd_show(ui: &mut Ui, settings: &Settings, args: &ShowArgs) -> anyhow::Result<Exit> {
    let journal = cases::load(settings)?;
    let c = &journal.cases[journal.find(&args.case)?];
    if args.json {
        ui.json(&json(c))?;
        return Ok(Exit::Success);
    }
    human(ui, c, settings.screen_lang(c.decision.lang), settings.today)?;
    Ok(Exit::Success)
}

fn json(c: &Case) -> serde_json::Value {
    let events: Vec<EventLine> = c
        .events
        .iter()
        .map(|e| EventLine {
            date: crate::date::iso(e.date.0),
            kind: e.kind,
            text: e.text.as_deref(),
            amount: e.amount.and_then(|a| a.money()),
        })
        .collect();
    let deadlines: Vec<serde_json::Value> = c
        .decision
        .deadlines
        .iter()
        .map(|d| {
            let label = d.label.get(c.decision.lang.unwrap_or_default());
            serde_json::json!({"id": d.id, "label": label, "date": crate::date::iso(d.date.0)})
        })
        .collect();
    serde_json::json!({
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
        "amount": c.decision.amount(),
        "policy": {"id": c.decision.policy, "version": c.decision.policy_version},
        "next_follow_up": c.next_follow_up().map(crate::date::iso),
        "deadlines": deadlines,
        "facts": c.facts,
        "events": events,
    })
}

fn human(ui: &mut Ui, c: &Case, lang: Lang, today: chrono::NaiveDate) -> std::io::Result<()> {
    let w = &lang.phrases().cases;
    let title = fill(w.case_title, &[("id", &c.id)]);
    let opened = fill(w.opened_on, &[("date", &c.opened.0.to_string())]);
    ui.line(&[
        bold(&title),
        plain(&format!(
            "  {} · {opened} · {}",
            c.problem.label(lang),
            case::status(c, lang)
        )),
    ])?;
    if let Some(order) = &c.order_id {
        let mut line = fill(w.about, &[("order", order)]);
        if let Some(t) = &c.title {
            line.push_str(&format!(" · {t}"));
        }
        ui.line(&[plain(&line)])?;
    }
    let amount = c
        .decision
        .amount()
        .map(|m| format!(" — {}", lang.money(m)))
        .unwrap_or_default();
    let basis = c.decision.basis.map_or("—", |b| b.label(lang));
    ui.line(&[plain(&fill(
        w.asked,
        &[
            ("remedy", &case::remedy(c, lang)),
            ("amount", &amount),
            ("basis", basis),
            ("policy", &c.decision.policy),
            ("version", &c.decision.policy_version),
        ],
    ))])?;
    if let Some(level) = c.level_label(lang) {
        let n = c.level.to_string();
        ui.line(&[plain(&fill(w.ladder, &[("n", &n), ("label", level)]))])?;
    }
    match c.next_follow_up() {
        Some(d) => {
            let due = if d <= today {
                format!(" ({})", w.due_mark)
            } else {
                String::new()
            };
            let date = format!("{d}{due}");
            ui.line(&[plain(&fill(w.follow_up_on, &[("date", &date)]))])?;
        }
        None => ui.line(&[plain(w.closed)])?,
    }
    if !c.decision.deadlines.is_empty() {
        let mut t = Table::new()
            .column(w.deadline, Fit::Wrap)
            .column(w.date, Fit::Keep)
            .column(w.days_left, Fit::Keep);
        for d in &c.decision.deadlines {
            t.row(vec![
                d.label.get(lang).to_owned(),
                d.date.0.to_string(),
                days_left((d.date.0 - today).num_days(), lang),
            ]);
        }
        ui.heading(w.deadlines)?;
        ui.table(&t, 0)?;
    }
    ui.heading(w.timeline)?;
    for e in &c.events {
        let amount = e
            .amount
            .map(|a| match a.money() {
                Some(m) => format!(" ({})", lang.money(m)),
                None => format!(" ({})", a.amount),
            })
            .unwrap_or_default();
        ui.line(&[
            plain(&format!("  {}  ", e.date.0)),
            styled(Style::Bold, e.kind.label(lang)),
            plain(&amount),
        ])?;
        if let Some(text) = case::event_text(c, e, lang) {
            for l in text.lines() {
                ui.line(&[plain("      "), plain(l)])?;
            }
        }
    }
    Ok(())
}
