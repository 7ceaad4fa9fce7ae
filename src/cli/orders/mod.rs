//! `claim orders import | list | show | set | export`: the order history.

mod export;
pub mod import;
mod list;
mod set;
mod show;

use serde::Serialize;

use crate::app::Settings;
use crate::cli::{Exit, Ui};
use crate::lang::{Lang, fill};
use crate::money::Money;
use crate::orders::{Order, OrderStatus};
use crate::vocab::{Id, Label};

#[derive(Debug, clap::Subcommand)]
// Each subcommand's arguments are built only when it is the one run (or help needs them).
#[command(defer = true)]
pub enum OrdersCommand {
    /// Import Amazon exports (files, folders, the .zip, or - for stdin) into your history
    ///
    /// Reads every format Amazon has used: "Request your data" (Order History.csv, Refund
    /// Details.csv, Returns Status.csv, Replacement Orders.csv; legacy Retail.OrderHistory CSV
    /// and JSON), the old Order History Reports, and the order history browser extension.
    /// Importing the same export twice adds nothing the second time.
    Import(import::ImportArgs),
    /// List the orders of your history
    List(list::OrdersListArgs),
    /// Show one order: items, shipments, refunds, returns, recorded facts
    Show(show::ShowOrderArgs),
    /// Record facts the exports lack (promised and delivery dates, seller, Prime)
    ///
    /// They are kept across re-imports and used by `claim check --order`.
    Set(set::SetArgs),
    /// Write the whole history as JSON Lines (read back by --orders FILE.jsonl) or CSV
    Export(export::ExportArgs),
}

pub fn cmd_orders(ui: &mut Ui, settings: &Settings, cmd: &OrdersCommand) -> anyhow::Result<Exit> {
    match cmd {
        OrdersCommand::Import(args) => import::cmd_import(ui, settings, args),
        OrdersCommand::List(args) => list::cmd_list(ui, settings, args),
        OrdersCommand::Show(args) => show::cmd_show(ui, settings, args),
        OrdersCommand::Set(args) => set::cmd_set(ui, settings, args),
        OrdersCommand::Export(args) => export::cmd_export(ui, settings, args),
    }
}

#[derive(Serialize)]
struct ItemJson<'a> {
    asin: &'a str,
    title: &'a str,
    unit_price: Option<Money>,
    quantity: u32,
    seller: Option<Id>,
}

#[derive(Serialize)]
struct RefundJson {
    date: String,
    amount: Money,
}

#[derive(Serialize)]
struct ReturnJson<'a> {
    date: String,
    resolution: Option<&'a str>,
}

/// An order in `orders list --json` and `orders show --json` (schema_version 1).
#[derive(Serialize)]
struct OrderJson<'a> {
    id: &'a str,
    date: String,
    /// `null` when the export did not say.
    marketplace: Option<&'a str>,
    status: Option<OrderStatus>,
    currency: &'static str,
    total: Option<Money>,
    items: Vec<ItemJson<'a>>,
    /// Refunds received.
    refunds: Vec<RefundJson>,
    /// The days refunds asked for were declined.
    declined_refunds: Vec<String>,
    returns: Vec<ReturnJson<'a>>,
    promised: Option<String>,
    delivered: Option<String>,
    seller: Option<Id>,
    prime: Option<bool>,
}

fn order_json(o: &Order) -> OrderJson<'_> {
    OrderJson {
        id: &o.id,
        date: crate::date::iso(o.date),
        marketplace: (!o.marketplace.is_empty()).then_some(o.marketplace.as_str()),
        status: o.status,
        currency: o.currency.code(),
        total: o.total(),
        items: o
            .items
            .iter()
            .map(|i| ItemJson {
                asin: &i.asin,
                title: &i.title,
                unit_price: i.unit_price,
                quantity: i.quantity,
                seller: i.seller.clone().or_else(|| o.seller.clone()),
            })
            .collect(),
        refunds: o
            .refunds_received()
            .map(|r| RefundJson {
                date: crate::date::iso(r.date),
                amount: r.amount,
            })
            .collect(),
        declined_refunds: o
            .refunds
            .iter()
            .filter(|r| r.declined)
            .map(|r| crate::date::iso(r.date))
            .collect(),
        returns: o
            .returns
            .iter()
            .map(|r| ReturnJson {
                date: crate::date::iso(r.date),
                resolution: r.resolution.as_deref(),
            })
            .collect(),
        promised: o.promised.map(crate::date::iso),
        delivered: o.delivered.map(crate::date::iso),
        seller: o.seller.clone(),
        prime: o.prime,
    }
}

/// "refunded 12.00 EUR", "returned 2026-11-02, not refunded", "returned 2026-11-02
/// (Exchange)" for a return that asks no refund, or "—".
fn refund_state(o: &Order, lang: Lang) -> String {
    let w = &lang.phrases().orders;
    if let Some(r) = o.refunded() {
        return fill(w.refunded, &[("amount", &lang.money(r))]);
    }
    let for_refund = o.returns.iter().filter(|r| r.asks_refund()).map(|r| r.date);
    if let Some(d) = for_refund.min().or(o.returned) {
        return fill(w.returned_not_refunded, &[("date", &d.to_string())]);
    }
    match o.returns.first() {
        Some(r) => fill(
            w.returned_settled,
            &[
                ("date", &r.date.to_string()),
                ("resolution", r.resolution.as_deref().unwrap_or_default()),
            ],
        ),
        None => "—".to_owned(),
    }
}

/// An order status in words, or "unknown".
fn status(o: &Order, lang: Lang) -> &'static str {
    o.status
        .map_or(lang.phrases().orders.unknown, |s| s.label(lang))
}
