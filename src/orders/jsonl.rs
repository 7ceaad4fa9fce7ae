//! Orders as JSON Lines, one order per line: what `claim orders export --format jsonl`
//! writes, what `--orders FILE.jsonl` reads, and the history earlier versions kept in
//! `history.jsonl` (imported once into the database).

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};
use crate::orders::{Item, Order, OrderHistory, OrderStatus, Rank, Refund, Return, Shipment};
use crate::vocab::{Id, ItemCondition};

/// The file name of the history earlier versions kept in the data directory.
pub const LEGACY_FILE: &str = "history.jsonl";

/// Why a JSON Lines file of orders cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    #[error(transparent)]
    File(#[from] crate::fsutil::FileError),
    #[error("{path}:{line}: not an order ({message})")]
    Damaged {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredOrder<'a> {
    id: Cow<'a, str>,
    date: String,
    marketplace: Cow<'a, str>,
    currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<OrderStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shipped: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    promised: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delivered: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    not_delivered: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    no_promised_date: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seller: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seller_name: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prime: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    carrier: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tracking: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shipping: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contacted_seller: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    returned: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    replacement: Option<Cow<'a, str>>,
    /// The kind of source its items came from (1 extension, 2 reports, 3 order history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<i64>,
    #[serde(default)]
    items: Vec<StoredItem<'a>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    shipments: Vec<StoredShipment<'a>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    refunds: Vec<StoredRefund>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    returns: Vec<StoredReturn<'a>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredItem<'a> {
    asin: Cow<'a, str>,
    title: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit_price: Option<String>,
    quantity: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shipped: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    condition: Option<ItemCondition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seller: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seller_name: Option<Cow<'a, str>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredShipment<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    carrier: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tracking: Option<Cow<'a, str>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredRefund {
    date: String,
    amount: String,
    /// When it is not the order's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    currency: Option<Currency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    declined: bool,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredReturn<'a> {
    date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount: Option<String>,
    /// When it is not the order's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    currency: Option<Currency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    resolution: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<Cow<'a, str>>,
}

/// An amount written in the file, in a currency.
fn in_currency(text: &str, currency: Currency) -> Result<Money, String> {
    Money::exact(crate::money::parse_amount(text)?, currency)
}

/// A price, a total or a fee written in the file: never negative.
fn price_in(text: &str, currency: Currency) -> Result<Money, String> {
    let money = in_currency(text, currency)?;
    if money.amount.is_sign_negative() && !money.amount.is_zero() {
        return Err(format!("amount `{text}` is negative"));
    }
    Ok(money)
}

fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(crate::date::iso)
}

fn money_text(m: Option<Money>) -> Option<String> {
    m.map(|m| m.amount_string())
}

impl<'a> From<&'a Order> for StoredOrder<'a> {
    fn from(o: &'a Order) -> Self {
        StoredOrder {
            id: Cow::Borrowed(&o.id),
            date: crate::date::iso(o.date),
            marketplace: Cow::Borrowed(&o.marketplace),
            currency: o.currency.code().to_owned(),
            status: o.status,
            total: money_text(o.recorded_total),
            shipped: date_text(o.shipped),
            promised: date_text(o.promised),
            delivered: date_text(o.delivered),
            not_delivered: o.not_delivered,
            no_promised_date: o.no_promised_date,
            seller: o.seller.clone(),
            seller_name: o.seller_name.as_deref().map(Cow::Borrowed),
            prime: o.prime,
            carrier: o.carrier.as_deref().map(Cow::Borrowed),
            tracking: o.tracking.as_deref().map(Cow::Borrowed),
            shipping: money_text(o.shipping),
            contacted_seller: date_text(o.contacted_seller),
            returned: date_text(o.returned),
            replacement: o.replacement.as_deref().map(Cow::Borrowed),
            source: (o.rank != Rank::Unknown).then_some(o.rank as i64),
            items: o
                .items
                .iter()
                .map(|i| StoredItem {
                    asin: Cow::Borrowed(&i.asin),
                    title: Cow::Borrowed(&i.title),
                    unit_price: money_text(i.unit_price),
                    quantity: i.quantity,
                    shipped: date_text(i.shipped),
                    category: i.category.as_deref().map(Cow::Borrowed),
                    condition: i.condition,
                    seller: i.seller.clone(),
                    seller_name: i.seller_name.as_deref().map(Cow::Borrowed),
                })
                .collect(),
            shipments: o
                .shipments
                .iter()
                .map(|s| StoredShipment {
                    date: date_text(s.date),
                    carrier: s.carrier.as_deref().map(Cow::Borrowed),
                    tracking: s.tracking.as_deref().map(Cow::Borrowed),
                })
                .collect(),
            refunds: o
                .refunds
                .iter()
                .map(|r| StoredRefund {
                    date: crate::date::iso(r.date),
                    amount: r.amount.amount_string(),
                    currency: (r.amount.currency != o.currency).then_some(r.amount.currency),
                    id: r.id.clone(),
                    declined: r.declined,
                })
                .collect(),
            returns: o
                .returns
                .iter()
                .map(|r| StoredReturn {
                    date: crate::date::iso(r.date),
                    amount: money_text(r.amount),
                    currency: r.amount.map(|m| m.currency).filter(|c| *c != o.currency),
                    reason: r.reason.as_deref().map(Cow::Borrowed),
                    resolution: r.resolution.as_deref().map(Cow::Borrowed),
                    id: r.id.as_deref().map(Cow::Borrowed),
                })
                .collect(),
        }
    }
}

impl StoredOrder<'_> {
    fn into_order(self) -> Result<Order, String> {
        let currency: Currency = self.currency.parse()?;
        let date = |t: &str| crate::date::parse_date(t);
        let opt_date = |t: Option<String>| t.as_deref().map(date).transpose();
        let money = |t: &str| price_in(t, currency);
        let opt_money = |t: Option<String>| t.as_deref().map(money).transpose();
        let mut items = Vec::with_capacity(self.items.len());
        for i in self.items {
            items.push(Item {
                asin: i.asin.into_owned(),
                title: i.title.into_owned(),
                unit_price: opt_money(i.unit_price)?,
                quantity: i.quantity,
                shipped: opt_date(i.shipped)?,
                category: i.category.map(Cow::into_owned),
                condition: i.condition,
                seller: i.seller,
                seller_name: i.seller_name.map(Cow::into_owned),
            });
        }
        let mut shipments = Vec::new();
        for s in self.shipments {
            shipments.push(Shipment {
                date: opt_date(s.date)?,
                carrier: s.carrier.map(Cow::into_owned),
                tracking: s.tracking.map(Cow::into_owned),
            });
        }
        let mut refunds = Vec::new();
        for r in self.refunds {
            refunds.push(Refund {
                date: date(&r.date)?,
                amount: in_currency(&r.amount, r.currency.unwrap_or(currency))?,
                id: r.id,
                declined: r.declined,
            });
        }
        let mut returns = Vec::new();
        for r in self.returns {
            returns.push(Return {
                date: date(&r.date)?,
                amount: r
                    .amount
                    .as_deref()
                    .map(|a| in_currency(a, r.currency.unwrap_or(currency)))
                    .transpose()?,
                reason: r.reason.map(Cow::into_owned),
                resolution: r.resolution.map(Cow::into_owned),
                id: r.id.map(Cow::into_owned),
            });
        }
        Ok(Order {
            id: self.id.into_owned(),
            date: date(&self.date)?,
            marketplace: self.marketplace.into_owned(),
            currency,
            status: self.status,
            recorded_total: opt_money(self.total)?,
            shipped: opt_date(self.shipped)?,
            promised: opt_date(self.promised)?,
            delivered: opt_date(self.delivered)?,
            not_delivered: self.not_delivered,
            no_promised_date: self.no_promised_date,
            seller: self.seller,
            seller_name: self.seller_name.map(Cow::into_owned),
            prime: self.prime,
            carrier: self.carrier.map(Cow::into_owned),
            tracking: self.tracking.map(Cow::into_owned),
            shipping: opt_money(self.shipping)?,
            contacted_seller: opt_date(self.contacted_seller)?,
            returned: opt_date(self.returned)?,
            replacement: self.replacement.map(Cow::into_owned),
            rank: self.source.map_or(Rank::Unknown, Rank::from_number),
            items,
            shipments,
            refunds,
            returns,
        })
    }
}

/// Parses one stored line, refusing an order that cannot be (see [`Order::impossibility`]).
pub(crate) fn parse_line(text: &str) -> Result<Order, String> {
    let order = serde_json::from_str::<StoredOrder>(text)
        .map_err(|e| e.to_string())
        .and_then(StoredOrder::into_order)?;
    match order.impossibility() {
        Some(why) if order.id.trim().is_empty() => Err(why),
        Some(why) => Err(format!("order `{}`: {why}", order.id)),
        None => Ok(order),
    }
}

/// Calls `each` with every order of the file, in file order, reading one line at a time;
/// `each` returns `false` to stop. A missing file is an empty history.
pub fn for_each(path: &Path, mut each: impl FnMut(Order) -> bool) -> Result<(), JsonlError> {
    each_line(path, |line| parse_line(line).map(&mut each))
}

/// The raw lines of the history, stopping when `each` returns `Ok(false)`.
fn each_line(
    path: &Path,
    mut each: impl FnMut(&str) -> Result<bool, String>,
) -> Result<(), JsonlError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(crate::fsutil::FileError::read(path)(e).into()),
    };
    let damaged = |line: usize, message: String| JsonlError::Damaged {
        path: path.to_owned(),
        line,
        message,
    };
    let mut reader = BufReader::with_capacity(256 * 1024, file);
    let mut bytes = Vec::new();
    let mut n = 0;
    loop {
        bytes.clear();
        n += 1;
        // Bytes first: a line cut at the limit may end inside a character.
        let max = crate::limits::MAX_LINE_BYTES;
        match reader
            .by_ref()
            .take(max as u64 + 1)
            .read_until(b'\n', &mut bytes)
        {
            Ok(0) => return Ok(()),
            Ok(read) if read > max => {
                let limit = crate::limits::size(max as u64);
                return Err(damaged(n, format!("a line longer than {limit}")));
            }
            Ok(_) => {}
            Err(e) => return Err(damaged(n, e.to_string())),
        }
        let line = std::str::from_utf8(&bytes).map_err(|e| {
            damaged(
                n,
                format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )
        })?;
        let text = if n == 1 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        if text.trim().is_empty() {
            continue;
        }
        if !each(text.trim_end()).map_err(|m| damaged(n, m))? {
            return Ok(());
        }
    }
}

/// Reads the whole file (empty when it does not exist); an order id twice is an error.
pub fn load(path: &Path) -> Result<OrderHistory, JsonlError> {
    let mut history = OrderHistory::default();
    let mut ids = std::collections::HashSet::new();
    each_line(path, |line| {
        let order = parse_line(line)?;
        if !ids.insert(order.id.clone()) {
            return Err(format!("duplicate order id `{}`", order.id));
        }
        history.orders.push(order);
        Ok(true)
    })?;
    Ok(history)
}

/// Writes one order as a line.
pub fn write_order(out: &mut dyn Write, order: &Order) -> std::io::Result<()> {
    crate::json::to_writer(&mut *out, &StoredOrder::from(order))?;
    out.write_all(b"\n")
}

fn is_false(b: &bool) -> bool {
    !*b
}
