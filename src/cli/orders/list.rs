//! `claim orders list`: the orders of the history, newest first.

use chrono::NaiveDate;

use super::{order_json, refund_state, status};
use crate::app::{Settings, orders};
use crate::cli::Exit;
use crate::cli::args::parse_date;
use crate::cli::ui::{Fit, Table, Ui, plain, shorten};
use crate::lang::fill;
use crate::orders::Order;

#[derive(Debug, clap::Args)]
pub struct OrdersListArgs {
    /// Only orders placed on or after this date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Only orders of this marketplace (amazon.fr, amazon.com…)
    #[arg(long, value_name = "DOMAIN")]
    pub marketplace: Option<String>,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn cmd_list(ui: &mut Ui, settings: &Settings, args: &OrdersListArgs) -> anyhow::Result<Exit> {
    let history = orders::load_all(settings)?;
    let wanted = args
        .marketplace
        .as_deref()
        .map(|m| m.trim().trim_start_matches("www.").to_owned());
    let mut selected: Vec<&Order> = history
        .orders
        .iter()
        .filter(|o| args.since.is_none_or(|s| o.date >= s))
        .filter(|o| {
            wanted
                .as_deref()
                .is_none_or(|m| o.marketplace.eq_ignore_ascii_case(m))
        })
        .collect();
    selected.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    if args.json {
        let orders: Vec<_> = selected.iter().map(|o| order_json(o)).collect();
        ui.json(&serde_json::json!({"schema_version": 1, "orders": orders}))?;
        return Ok(Exit::Success);
    }
    let lang = settings.screen_lang(None);
    let w = &lang.phrases().orders;
    if selected.is_empty() {
        ui.note(if history.is_empty() {
            w.none_yet
        } else {
            w.none_match
        });
        return Ok(Exit::Success);
    }
    let mut t = Table::new()
        .column(w.date, Fit::Keep)
        .column(w.order, Fit::Keep)
        .column(w.items, Fit::Wrap)
        .column(w.total, Fit::Keep)
        .column(w.status, Fit::Wrap)
        .column(w.refund, Fit::Wrap);
    for o in &selected {
        let first = shorten(o.items.first().map_or("—", |i| i.title.as_str()), 40);
        let items = match o.items.len() {
            0 | 1 => first,
            n => format!("{first} (+{})", n - 1),
        };
        t.row(vec![
            o.date.to_string(),
            o.id.clone(),
            items,
            o.total().map_or_else(|| "—".to_owned(), |m| lang.money(m)),
            status(o, lang).to_owned(),
            refund_state(o, lang),
        ]);
    }
    ui.table(&t, 0)?;
    ui.line(&[plain(&fill(w.count, &[("n", &selected.len().to_string())]))])?;
    Ok(Exit::Success)
}
