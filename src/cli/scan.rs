//! `claim scan`: every claim window still open across the history, most urgent first, and
//! the items returned but never refunded.

use serde::{Deserialize, Serialize};

use crate::app::Settings;
use crate::app::catalogue::Catalogue;
use crate::app::scan::scan;
use crate::cli::Exit;
use crate::cli::ui::{Fit, Style, Table, Ui, plain, styled};
use crate::date::Date;
use crate::lang::fill;
use crate::money::Money;

/// List every claim window still open across your history, most urgent first
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Only windows that close within this many days
    #[arg(long, value_name = "DAYS")]
    pub within: Option<i64>,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

/// One open window of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowJson {
    pub order_id: String,
    pub asin: String,
    pub title: String,
    /// The deadline's id in the policy (`return_window`, `legal_guarantee`…).
    pub window: String,
    pub label: String,
    pub ends: Date,
    pub days_left: i64,
    /// Counted from the ship or order date because the delivery date is unknown.
    pub estimated: bool,
    pub policy: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnrefundedJson {
    pub order_id: String,
    pub returned: Date,
    pub amount: Option<Money>,
    /// The rule of the policy that says the refund is overdue.
    pub rule: String,
}

/// `claim scan --json` (schema_version 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanJson {
    pub schema_version: u32,
    pub as_of: Date,
    pub windows: Vec<WindowJson>,
    pub returned_not_refunded: Vec<UnrefundedJson>,
}

pub fn cmd_scan(ui: &mut Ui, settings: &Settings, args: &ScanArgs) -> anyhow::Result<Exit> {
    let mut catalogue = Catalogue::new(settings);
    let found = scan(settings, &mut catalogue, args.within)?;
    let screen = settings.screen_lang(None);
    let doc = ScanJson {
        schema_version: 1,
        as_of: Date(settings.today),
        windows: found
            .windows
            .iter()
            .map(|f| {
                let policy = catalogue.policy(f.policy);
                let def = &policy.deadlines[f.deadline];
                WindowJson {
                    order_id: f.order.to_string(),
                    asin: f.asin.to_string(),
                    title: f.title.to_string(),
                    window: def.id.clone(),
                    label: def.label.get(policy.lang(Some(screen))).to_owned(),
                    ends: Date(f.ends),
                    days_left: f.days_left,
                    estimated: f.estimated,
                    policy: policy.id.clone(),
                }
            })
            .collect(),
        returned_not_refunded: found
            .unrefunded
            .iter()
            .map(|u| UnrefundedJson {
                order_id: u.order_id.clone(),
                returned: Date(u.returned),
                amount: u.amount,
                rule: u.rule.clone(),
            })
            .collect(),
    };
    if args.json {
        ui.json(&doc)?;
        return Ok(Exit::Success);
    }
    let w = &screen.phrases().scan;
    if found.orders == 0 {
        ui.note(w.no_orders);
        return Ok(Exit::Success);
    }
    if !doc.returned_not_refunded.is_empty() {
        ui.line(&[styled(Style::Red, w.unrefunded)])?;
        let mut t = Table::new()
            .column(w.order, Fit::Keep)
            .column(w.returned, Fit::Keep)
            .column(w.amount, Fit::Keep);
        for r in &doc.returned_not_refunded {
            t.row(vec![
                r.order_id.clone(),
                crate::date::iso(r.returned.0),
                r.amount.map_or_else(|| "—".to_owned(), |m| screen.money(m)),
            ]);
        }
        ui.table(&t, 0)?;
        ui.line(&[plain(w.what_to_ask)])?;
        ui.text("\n")?;
    }
    if doc.windows.is_empty() {
        let line = match args.within {
            Some(d) => fill(w.none_within, &[("days", &d.to_string())]),
            None => w.none_open.to_owned(),
        };
        ui.line(&[plain(&line)])?;
        return Ok(Exit::Success);
    }
    ui.line(&[styled(Style::Bold, w.open_windows)])?;
    let mut t = Table::new()
        .column(w.days_left, Fit::Keep)
        .column(w.ends, Fit::Keep)
        .column(w.window, Fit::Wrap)
        .column(w.order, Fit::Keep)
        .column(w.item, Fit::Wrap);
    for win in &doc.windows {
        let title: String = win.title.chars().take(40).collect();
        let mut ends = crate::date::iso(win.ends.0);
        if win.estimated {
            ends.push_str(&format!(" ({})", w.estimated));
        }
        t.row(vec![
            win.days_left.to_string(),
            ends,
            win.label.clone(),
            win.order_id.clone(),
            title,
        ]);
    }
    ui.table(&t, 0)?;
    let mut footer = fill(w.count, &[("n", &doc.windows.len().to_string())]);
    if doc.windows.iter().any(|w| w.estimated) {
        footer.push_str(w.estimated_note);
    }
    ui.line(&[plain(&footer)])?;
    Ok(Exit::Success)
}
