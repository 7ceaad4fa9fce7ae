//! `claim orders import | list | show | set`: the order history.

use std::cell::Cell;
use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context as _;
use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::settings::Settings;
use crate::cli::ui::{Style, table};
use crate::cli::{Exit, Ui};
use crate::money::{Currency, Money};
use crate::orders::import::{self, Counts, FileOutcome, ImportOptions};
use crate::orders::{Order, OrderHistory, store};
use crate::policy;
use crate::report::MoneyJson;
use crate::sanitize::for_terminal as clean;
use crate::vocab::Seller;

#[derive(Debug, clap::Subcommand)]
pub enum OrdersCommand {
    /// Import Amazon exports (files, folders, the .zip, or - for stdin) into your history
    ///
    /// Reads every format Amazon has used: "Request your data" (Order History.csv, Refund
    /// Details.csv, Returns Status.csv, Replacement Orders.csv; legacy Retail.OrderHistory CSV
    /// and JSON), the old Order History Reports, and the order history browser extension.
    /// Importing the same export twice adds nothing the second time.
    Import(ImportArgs),
    /// List the orders of your history
    List(ListArgs),
    /// Show one order: items, shipments, refunds, returns, recorded facts
    Show {
        /// Order id
        id: String,
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Record facts the exports lack (promised and delivery dates, seller, Prime)
    ///
    /// They are kept across re-imports and used by `claim check --order`.
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Export files, folders or .zip archives; - reads one CSV from stdin
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Any row that cannot be read is an error, and nothing is imported
    #[arg(long)]
    pub strict: bool,
    /// Show what would be imported without changing the history
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only orders placed on or after this date
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub since: Option<NaiveDate>,
    /// Only orders of this marketplace (amazon.fr, amazon.com…)
    #[arg(long, value_name = "DOMAIN")]
    pub marketplace: Option<String>,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// Order id
    pub id: String,
    /// The item the seller applies to (ASIN or position); without it, the whole order
    #[arg(long, value_name = "ASIN|N")]
    pub item: Option<String>,
    /// Latest promised delivery date
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub promised: Option<NaiveDate>,
    /// Delivery date
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub delivered: Option<NaiveDate>,
    /// Who sold it: amazon, fba or third-party
    #[arg(long, value_parser = super::vocab_arg::<Seller>)]
    pub seller: Option<Seller>,
    #[command(flatten)]
    pub prime: super::PrimeArgs,
    /// Date you contacted the seller
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub contacted_seller: Option<NaiveDate>,
    /// Date you sent the item back
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub returned: Option<NaiveDate>,
}

pub fn cmd_orders(ui: &mut Ui, settings: &Settings, cmd: &OrdersCommand) -> anyhow::Result<Exit> {
    match cmd {
        OrdersCommand::Import(args) => import_cmd(ui, settings, args),
        OrdersCommand::List(args) => list(ui, settings, args),
        OrdersCommand::Show { id, json } => show(ui, settings, id, *json),
        OrdersCommand::Set(args) => set(ui, settings, args),
    }
}

/// The currency of each marketplace, from the built-in policies.
pub fn marketplace_currencies() -> Vec<(String, Currency)> {
    let mut out = Vec::new();
    for id in policy::builtin_ids() {
        if let Some(Ok(loaded)) = policy::load_builtin(id, &policy::LoadOptions::default()) {
            for m in &loaded.policy.marketplaces {
                out.push((m.to_ascii_lowercase(), loaded.policy.currency));
            }
        }
    }
    out
}

fn counts_line(what: &str, added: u64, known: u64, skipped: u64) -> String {
    let mut parts = vec![format!("{added} added")];
    if known > 0 {
        parts.push(format!("{known} already known"));
    }
    if skipped > 0 {
        parts.push(format!("{skipped} skipped"));
    }
    format!("  {what:<9}{}\n", parts.join(", "))
}

fn import_cmd(ui: &mut Ui, settings: &Settings, args: &ImportArgs) -> anyhow::Result<Exit> {
    let currencies = marketplace_currencies();
    let currency_for = |m: &str| {
        let m = m.to_ascii_lowercase();
        currencies.iter().find(|(x, _)| *x == m).map(|(_, c)| *c)
    };
    let show_progress = std::io::stderr().is_terminal() && !settings.quiet;
    let last = Cell::new(0u64);
    let progress = |bytes: u64| {
        if bytes >= last.get() + (8 << 20) {
            last.set(bytes);
            ui.progress(&format!("reading… {} MB", bytes >> 20));
        }
    };
    let options = ImportOptions {
        zone: settings.zone()?,
        currency_for: &currency_for,
        progress: show_progress.then_some(&progress as &dyn Fn(u64)),
    };
    let batch = import::read_inputs(&args.paths, &options)?;
    if show_progress && last.get() > 0 {
        ui.progress("");
    }
    let files = batch.files.clone();
    let problems = batch.problems.clone();
    let ignored = batch.ignored_rows;
    let mut out = String::new();
    for f in &files {
        match &f.outcome {
            FileOutcome::Read { kind, rows } => out.push_str(&format!(
                "  {} — {kind}, {rows} row{}\n",
                clean(&f.name),
                if *rows == 1 { "" } else { "s" }
            )),
            FileOutcome::Skipped(why) => {
                out.push_str(&format!("  {} — skipped: {why}\n", clean(&f.name)))
            }
        }
    }
    for p in problems.iter().take(20) {
        ui.warn(&p.to_string());
    }
    if problems.len() > 20 {
        ui.warn(&format!(
            "… and {} more rows that could not be read",
            problems.len() - 20
        ));
    }
    if args.strict && !problems.is_empty() {
        anyhow::bail!(
            "{} row(s) could not be read; nothing was imported (--strict). Fix the rows, or import without --strict to skip them",
            problems.len()
        );
    }

    let path = settings.history_path();
    let lock = store::Lock::acquire(&settings.data_dir)?;
    let mut history = store::load(&path)?;
    let report = import::merge(&mut history, batch);
    if !args.dry_run && report.changed() {
        store::save(&path, &history, &lock)?;
    }
    drop(lock);

    let Counts {
        orders,
        items,
        refunds,
        returns,
    } = report.added;
    out.insert_str(
        0,
        &format!(
            "{}\n",
            ui.paint(Style::Bold, &format!("Read {} file(s):", files.len()))
        ),
    );
    out.push('\n');
    out.push_str(&counts_line("orders", orders, report.known.orders, 0));
    out.push_str(&counts_line("items", items, report.known.items, 0));
    out.push_str(&counts_line(
        "refunds",
        refunds,
        report.known.refunds,
        report.skipped.refunds,
    ));
    out.push_str(&counts_line(
        "returns",
        returns,
        report.known.returns,
        report.skipped.returns,
    ));
    if !problems.is_empty() || ignored > 0 {
        out.push_str(&format!(
            "  skipped  {} unreadable row(s), {ignored} cancelled line(s) or uncompleted refund(s)\n",
            problems.len()
        ));
    }
    if !report.orphans.is_empty() {
        let shown: Vec<&str> = report.orphans.iter().take(5).map(String::as_str).collect();
        out.push_str(&format!(
            "  refunds or returns of orders not in your history were skipped: {}{}\n",
            shown.join(", "),
            if report.orphans.len() > 5 {
                ", …"
            } else {
                ""
            }
        ));
    }
    if args.dry_run {
        out.push_str("\nDry run: the history was not changed.\n");
    } else {
        out.push_str(&format!(
            "\nHistory: {} ({} orders)\n",
            path.display(),
            history.orders.len()
        ));
    }
    ui.print(&out)?;
    Ok(Exit::Success)
}

#[derive(Serialize)]
struct ItemJson<'a> {
    asin: &'a str,
    title: &'a str,
    unit_price: Option<MoneyJson<'static>>,
    quantity: u32,
    seller: Option<Seller>,
}

#[derive(Serialize)]
struct RefundJson {
    date: String,
    amount: MoneyJson<'static>,
}

#[derive(Serialize)]
struct ReturnJson<'a> {
    date: String,
    resolution: Option<&'a str>,
}

#[derive(Serialize)]
struct OrderJson<'a> {
    id: &'a str,
    date: String,
    marketplace: &'a str,
    status: Option<crate::orders::OrderStatus>,
    currency: &'static str,
    total: Option<MoneyJson<'static>>,
    items: Vec<ItemJson<'a>>,
    refunds: Vec<RefundJson>,
    returns: Vec<ReturnJson<'a>>,
    promised: Option<String>,
    delivered: Option<String>,
    seller: Option<Seller>,
    prime: Option<bool>,
}

fn order_json(o: &Order) -> OrderJson<'_> {
    let money = |m: Option<Money>| m.map(MoneyJson::from);
    OrderJson {
        id: &o.id,
        date: crate::date::iso(o.date),
        marketplace: &o.marketplace,
        status: o.status,
        currency: o.currency.code(),
        total: money(o.total()),
        items: o
            .items
            .iter()
            .map(|i| ItemJson {
                asin: &i.asin,
                title: &i.title,
                unit_price: money(i.unit_price),
                quantity: i.quantity,
                seller: i.seller.or(o.seller),
            })
            .collect(),
        refunds: o
            .refunds
            .iter()
            .map(|r| RefundJson {
                date: crate::date::iso(r.date),
                amount: MoneyJson::from(r.amount),
            })
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
        seller: o.seller,
        prime: o.prime,
    }
}

/// "refunded 12.00 EUR", "returned, not refunded", or "—".
fn refund_state(o: &Order) -> String {
    match (
        o.refunded(),
        o.returns.first().map(|r| r.date).or(o.returned),
    ) {
        (Some(r), _) => format!("refunded {}", r.display()),
        (None, Some(d)) => format!("returned {d}, not refunded"),
        (None, None) => "—".to_owned(),
    }
}

fn selected<'h>(history: &'h OrderHistory, args: &ListArgs) -> Vec<&'h Order> {
    let mut orders: Vec<&Order> = history
        .orders
        .iter()
        .filter(|o| args.since.is_none_or(|s| o.date >= s))
        .filter(|o| {
            args.marketplace.as_deref().is_none_or(|m| {
                o.marketplace
                    .eq_ignore_ascii_case(m.trim().trim_start_matches("www."))
            })
        })
        .collect();
    orders.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    orders
}

fn list(ui: &mut Ui, settings: &Settings, args: &ListArgs) -> anyhow::Result<Exit> {
    let history = settings.load_history()?;
    let orders = selected(&history, args);
    if args.json {
        let doc = serde_json::json!({
            "schema_version": 1,
            "orders": orders.iter().map(|o| order_json(o)).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(ui.out(), &doc)?;
        ui.print("\n")?;
        return Ok(Exit::Success);
    }
    if orders.is_empty() {
        ui.note(&format!(
            "No orders{}. Import your Amazon data with `claim orders import PATH` (see the README, \"Use your own Amazon data\").",
            if history.is_empty() { " in your history" } else { " match" }
        ));
        return Ok(Exit::Success);
    }
    let mut t = table(ui, &["date", "order", "items", "total", "status", "refund"]);
    for o in &orders {
        let first = o.items.first().map(|i| i.title.as_str()).unwrap_or("—");
        let first: String = first.chars().take(40).collect();
        let items = match o.items.len() {
            0 | 1 => clean(&first),
            n => format!("{} (+{})", clean(&first), n - 1),
        };
        t.add_row(vec![
            o.date.to_string(),
            clean(&o.id),
            items,
            o.total().map_or_else(|| "—".to_owned(), |m| m.display()),
            o.status.map_or("—", |s| s.word()).to_owned(),
            refund_state(o),
        ]);
    }
    ui.print(&format!("{t}\n{} order(s)\n", orders.len()))?;
    Ok(Exit::Success)
}

fn show(ui: &mut Ui, settings: &Settings, id: &str, json: bool) -> anyhow::Result<Exit> {
    let history = settings.load_history()?;
    let o = history.find(id)?;
    if json {
        serde_json::to_writer_pretty(ui.out(), &order_json(o))?;
        ui.print("\n")?;
        return Ok(Exit::Success);
    }
    let opt = |d: Option<NaiveDate>| d.map_or_else(|| "unknown".to_owned(), |d| d.to_string());
    let mut out = format!(
        "{}  {}  {}\n",
        ui.paint(Style::Bold, &format!("Order {}", clean(&o.id))),
        o.date,
        clean(&o.marketplace)
    );
    out.push_str(&format!(
        "status: {} · total: {} · {}\n",
        o.status.map_or("unknown", |s| s.word()),
        o.total()
            .map_or_else(|| "unknown".to_owned(), |m| m.display()),
        refund_state(o)
    ));
    out.push_str(&format!(
        "promised: {} · delivered: {} · seller: {}{} · prime: {}\n",
        opt(o.promised),
        opt(o.delivered),
        o.seller.map_or("unknown", |s| s.word()),
        o.seller_name
            .as_deref()
            .map(|n| format!(" ({})", clean(n)))
            .unwrap_or_default(),
        o.prime.map_or("unknown", |p| if p { "yes" } else { "no" })
    ));
    let mut t = table(ui, &["#", "ASIN", "title", "unit price", "qty", "shipped"]);
    for (i, item) in o.items.iter().enumerate() {
        t.add_row(vec![
            (i + 1).to_string(),
            clean(&item.asin),
            clean(&item.title),
            item.unit_price
                .map_or_else(|| "—".to_owned(), |m| m.display()),
            item.quantity.to_string(),
            item.shipped
                .map_or_else(|| "—".to_owned(), |d| d.to_string()),
        ]);
    }
    out.push_str(&format!("\n{}\n{t}\n", ui.paint(Style::Bold, "Items")));
    if !o.shipments.is_empty() || o.tracking.is_some() {
        let mut t = table(ui, &["shipped", "carrier", "tracking"]);
        if o.shipments.is_empty() {
            t.add_row(vec![
                opt(o.shipped),
                clean(o.carrier.as_deref().unwrap_or("—")),
                clean(o.tracking.as_deref().unwrap_or("—")),
            ]);
        }
        for s in &o.shipments {
            t.add_row(vec![
                opt(s.date),
                clean(s.carrier.as_deref().unwrap_or("—")),
                clean(s.tracking.as_deref().unwrap_or("—")),
            ]);
        }
        out.push_str(&format!("\n{}\n{t}\n", ui.paint(Style::Bold, "Shipments")));
    }
    if !o.refunds.is_empty() {
        let mut t = table(ui, &["date", "amount"]);
        for r in &o.refunds {
            t.add_row(vec![r.date.to_string(), r.amount.display()]);
        }
        out.push_str(&format!("\n{}\n{t}\n", ui.paint(Style::Bold, "Refunds")));
    }
    if !o.returns.is_empty() {
        let mut t = table(ui, &["date", "amount", "reason", "resolution"]);
        for r in &o.returns {
            t.add_row(vec![
                r.date.to_string(),
                r.amount.map_or_else(|| "—".to_owned(), |m| m.display()),
                clean(r.reason.as_deref().unwrap_or("—")),
                clean(r.resolution.as_deref().unwrap_or("—")),
            ]);
        }
        out.push_str(&format!("\n{}\n{t}\n", ui.paint(Style::Bold, "Returns")));
    }
    if let Some(r) = &o.replacement {
        out.push_str(&format!("\nReplaced by order {}\n", clean(r)));
    }
    ui.print(&out)?;
    Ok(Exit::Success)
}

fn set(ui: &mut Ui, settings: &Settings, args: &SetArgs) -> anyhow::Result<Exit> {
    let nothing = args.promised.is_none()
        && args.delivered.is_none()
        && args.seller.is_none()
        && args.prime.value().is_none()
        && args.contacted_seller.is_none()
        && args.returned.is_none();
    if nothing {
        anyhow::bail!(
            "nothing to record: pass --promised, --delivered, --seller, --prime/--no-prime, --contacted-seller or --returned"
        );
    }
    if settings.uses_order_files() {
        anyhow::bail!(
            "`claim orders set` records facts in your imported history; with --orders files, edit the file instead"
        );
    }
    let path = settings.history_path();
    let lock = store::Lock::acquire(&settings.data_dir)?;
    let mut history = store::load(&path)?;
    let id = history.find(&args.id)?.id.clone();
    let order = history
        .orders
        .iter_mut()
        .find(|o| o.id == id)
        .context("the order vanished while recording")?;
    for (what, date) in [
        ("delivered", args.delivered),
        ("contacted seller", args.contacted_seller),
        ("returned", args.returned),
    ] {
        if let Some(d) = date.filter(|d| *d < order.date) {
            anyhow::bail!("{what} date {d} is before the order date {}", order.date);
        }
    }
    if let Some(d) = args.promised.filter(|d| *d < order.date) {
        anyhow::bail!("promised date {d} is before the order date {}", order.date);
    }
    order.promised = args.promised.or(order.promised);
    order.delivered = args.delivered.or(order.delivered);
    order.contacted_seller = args.contacted_seller.or(order.contacted_seller);
    order.returned = args.returned.or(order.returned);
    if let Some(prime) = args.prime.value() {
        order.prime = Some(prime);
    }
    if let Some(seller) = args.seller {
        match &args.item {
            Some(which) => {
                let (index, _) = order.item(Some(which))?;
                order.items[index].seller = Some(seller);
            }
            None => order.seller = Some(seller),
        }
    }
    store::save(&path, &history, &lock)?;
    ui.print(&format!("Recorded for order {}.\n", clean(&id)))?;
    Ok(Exit::Success)
}
