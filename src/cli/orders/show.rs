//! `claim orders show ID`: one order, with everything the history knows of it.

use chrono::NaiveDate;

use super::{order_json, refund_state, status};
use crate::app::Settings;
use crate::app::orders::Orders;
use crate::cli::Exit;
use crate::cli::ui::{Fit, Table, Ui, bold, plain, shorten};
use crate::lang::fill;

/// A title longer than this is shortened on screen (`--json` gives it whole).
const TITLE_CHARS: usize = 300;

#[derive(Debug, clap::Args)]
pub struct ShowOrderArgs {
    /// Order id
    pub id: String,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn cmd_show(ui: &mut Ui, settings: &Settings, args: &ShowOrderArgs) -> anyhow::Result<Exit> {
    let o = Orders::new(settings).find(&args.id)?;
    if args.json {
        ui.json(&order_json(&o))?;
        return Ok(Exit::Success);
    }
    let lang = settings.screen_lang(None);
    let w = &lang.phrases().orders;
    let opt = |d: Option<NaiveDate>| d.map_or_else(|| w.unknown.to_owned(), |d| d.to_string());
    let title = fill(w.order_title, &[("id", &o.id)]);
    ui.line(&[
        bold(&title),
        plain(&format!("  {}  {}", o.date, o.marketplace)),
    ])?;
    let total = o
        .total()
        .map_or_else(|| w.unknown.to_owned(), |m| m.display());
    ui.line(&[plain(&fill(
        w.summary,
        &[
            ("status", status(&o, lang)),
            ("total", &total),
            ("refund", &refund_state(&o, lang)),
        ],
    ))])?;
    let seller = match (&o.seller, &o.seller_name) {
        (Some(s), Some(name)) => format!("{s} ({name})"),
        (Some(s), None) => s.to_string(),
        (None, Some(name)) => format!("{} ({name})", w.unknown),
        (None, None) => w.unknown.to_owned(),
    };
    let prime = match o.prime {
        Some(true) => w.yes,
        Some(false) => w.no,
        None => w.unknown,
    };
    ui.line(&[plain(&fill(
        w.facts,
        &[
            (
                "promised",
                &(if o.no_promised_date {
                    w.no.to_owned()
                } else {
                    opt(o.promised)
                }),
            ),
            (
                "delivered",
                &(if o.not_delivered {
                    w.no.to_owned()
                } else {
                    opt(o.delivered)
                }),
            ),
            ("seller", &seller),
            ("prime", prime),
        ],
    ))])?;
    let mut t = Table::new()
        .column("#", Fit::Keep)
        .column(w.item_id, Fit::Keep)
        .column(w.title, Fit::Wrap)
        .column(w.unit_price, Fit::Keep)
        .column(w.quantity, Fit::Keep)
        .column(w.shipped, Fit::Keep);
    for (i, item) in o.items.iter().enumerate() {
        t.row(vec![
            (i + 1).to_string(),
            item.asin.clone(),
            shorten(&item.title, TITLE_CHARS),
            item.unit_price
                .map_or_else(|| "—".to_owned(), |m| m.display()),
            item.quantity.to_string(),
            item.shipped
                .map_or_else(|| "—".to_owned(), |d| d.to_string()),
        ]);
    }
    ui.heading(w.items_heading)?;
    ui.table(&t, 0)?;
    if !o.shipments.is_empty() || o.tracking.is_some() {
        let mut t = Table::new()
            .column(w.shipped, Fit::Keep)
            .column(w.carrier, Fit::Wrap)
            .column(w.tracking, Fit::Keep);
        let dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".to_owned());
        if o.shipments.is_empty() {
            t.row(vec![opt(o.shipped), dash(&o.carrier), dash(&o.tracking)]);
        }
        for s in &o.shipments {
            t.row(vec![opt(s.date), dash(&s.carrier), dash(&s.tracking)]);
        }
        ui.heading(w.shipments)?;
        ui.table(&t, 0)?;
    }
    if !o.refunds.is_empty() {
        let mut t = Table::new()
            .column(w.date, Fit::Keep)
            .column(w.amount, Fit::Keep);
        for r in &o.refunds {
            let amount = if r.declined {
                w.declined.to_owned()
            } else {
                lang.money(r.amount)
            };
            t.row(vec![r.date.to_string(), amount]);
        }
        ui.heading(w.refunds)?;
        ui.table(&t, 0)?;
    }
    if !o.returns.is_empty() {
        let mut t = Table::new()
            .column(w.date, Fit::Keep)
            .column(w.amount, Fit::Keep)
            .column(w.reason, Fit::Wrap)
            .column(w.resolution, Fit::Wrap);
        for r in &o.returns {
            t.row(vec![
                r.date.to_string(),
                r.amount.map_or_else(|| "—".to_owned(), |m| lang.money(m)),
                r.reason.clone().unwrap_or_else(|| "—".to_owned()),
                r.resolution.clone().unwrap_or_else(|| "—".to_owned()),
            ]);
        }
        ui.heading(w.returns)?;
        ui.table(&t, 0)?;
    }
    if let Some(r) = &o.replacement {
        ui.text("\n")?;
        ui.line(&[plain(&fill(w.replaced_by, &[("id", r)]))])?;
    }
    Ok(Exit::Success)
}
