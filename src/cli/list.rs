//! `claim list`: the cases of the journal, with their status and next follow-up.

use serde::Serialize;

use crate::app::{Settings, cases};
use crate::cli::Exit;
use crate::cli::args::parse_word;
use crate::cli::render::case;
use crate::cli::ui::{Fit, Table, Ui};
use crate::journal::{Case, CaseStatus};
use crate::vocab::{Label, Problem, RemedyKind};

// The subcommand's help is its variant's doc in `cli::Command` (a doc here would replace it).
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only cases with this status (open, sent, awaiting-reply, escalated, resolved, abandoned)
    #[arg(long, value_parser = parse_word::<CaseStatus>)]
    pub status: Option<CaseStatus>,
    /// Only cases whose follow-up date has come
    #[arg(long)]
    pub due: bool,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct CaseLine<'a> {
    id: &'a str,
    opened: String,
    order_id: Option<&'a str>,
    problem: Problem,
    status: CaseStatus,
    level: usize,
    remedy: Option<RemedyKind>,
    next_follow_up: Option<String>,
}

pub fn cmd_list(ui: &mut Ui, settings: &Settings, args: &ListArgs) -> anyhow::Result<Exit> {
    let journal = cases::load(settings)?;
    let today = settings.today;
    let selected: Vec<&Case> = journal
        .cases
        .iter()
        .filter(|c| args.status.is_none_or(|s| c.status == s))
        .filter(|c| !args.due || c.next_follow_up().is_some_and(|d| d <= today))
        .collect();
    if args.json {
        let lines: Vec<CaseLine> = selected
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
        ui.json(&serde_json::json!({"schema_version": 1, "cases": lines}))?;
        return Ok(Exit::Success);
    }
    let lang = settings.screen_lang(None);
    let w = &lang.phrases().cases;
    if selected.is_empty() {
        ui.note(if journal.cases.is_empty() {
            w.none_yet
        } else {
            w.none_match
        });
        return Ok(Exit::Success);
    }
    let mut t = Table::new()
        .column(w.case, Fit::Keep)
        .column(w.opened, Fit::Keep)
        .column(w.order, Fit::Keep)
        .column(w.problem, Fit::Wrap)
        .column(w.remedy_asked, Fit::Wrap)
        .column(w.status, Fit::Wrap)
        .column(w.next_follow_up, Fit::Keep);
    for c in &selected {
        let follow = match c.next_follow_up() {
            Some(d) if d <= today => format!("{d} ({})", w.due_mark),
            Some(d) => d.to_string(),
            None => "—".to_owned(),
        };
        t.row(vec![
            c.id.clone(),
            c.opened.0.to_string(),
            c.order_id.clone().unwrap_or_else(|| "—".to_owned()),
            c.problem.label(lang).to_owned(),
            case::remedy(c, lang),
            case::status(c, lang),
            follow,
        ]);
    }
    ui.table(&t, 0)?;
    Ok(Exit::Success)
}
