//! The native order history file (TOML), written by hand or by `claim orders import`.
//!
//! ```toml
//! [[orders]]
//! id = "171-2345678-1234567"
//! date = 2026-11-02
//! marketplace = "amazon.fr"
//! currency = "EUR"
//! promised = 2026-11-06     # or false: no delivery date was given
//! delivered = 2026-11-05    # or false: not delivered (absent: unknown)
//! seller = "amazon"
//!
//! [[orders.items]]
//! asin = "B0CHX1W1XY"
//! title = "Bouilloire électrique"
//! unit_price = "39.90"
//! ```

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::case::AmountText;
use crate::date::{Date, DateOrNo};
use crate::money::{Currency, Money};
use crate::orders::{Item, Order, OrderHistory, OrderStatus, Refund, Return, Shipment};
use crate::source::{Diagnostics, Level, SourceText};
use crate::vocab::{Id, ItemCondition};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    #[serde(default)]
    orders: Vec<RawOrder>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrder {
    id: Spanned<String>,
    date: Spanned<Date>,
    marketplace: String,
    currency: Spanned<String>,
    status: Option<OrderStatus>,
    shipped: Option<Spanned<Date>>,
    promised: Option<Spanned<DateOrNo>>,
    delivered: Option<Spanned<DateOrNo>>,
    seller: Option<Id>,
    seller_name: Option<String>,
    prime: Option<bool>,
    carrier: Option<String>,
    tracking: Option<String>,
    shipping: Option<AmountText>,
    contacted_seller: Option<Spanned<Date>>,
    returned: Option<Spanned<Date>>,
    total: Option<AmountText>,
    replacement: Option<String>,
    #[serde(default)]
    items: Vec<Spanned<RawItem>>,
    #[serde(default)]
    shipments: Vec<RawShipment>,
    #[serde(default)]
    refunds: Vec<RawRefund>,
    #[serde(default)]
    returns: Vec<RawReturn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    /// The item's identifier: Amazon's ASIN, or another retailer's SKU.
    asin: Option<String>,
    sku: Option<String>,
    title: String,
    unit_price: Option<Spanned<AmountText>>,
    /// One when not given.
    quantity: Option<Spanned<u32>>,
    category: Option<String>,
    condition: Option<ItemCondition>,
    shipped: Option<Date>,
    seller: Option<Id>,
    seller_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShipment {
    date: Option<Date>,
    carrier: Option<String>,
    tracking: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRefund {
    date: Date,
    amount: AmountText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReturn {
    date: Date,
    amount: Option<AmountText>,
    reason: Option<String>,
    resolution: Option<String>,
}

/// Reads a native order file.
pub fn load_file(path: &Path) -> Result<OrderHistory, OrderFileError> {
    let text = crate::fsutil::read_text(path)?;
    Ok(parse_native(&SourceText::new(
        path.display().to_string(),
        text,
    ))?)
}

/// Why an order file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OrderFileError {
    #[error(transparent)]
    File(#[from] crate::fsutil::FileError),
    #[error("{0}")]
    Invalid(#[from] Diagnostics),
}

/// Parses a native order file, checking every order for impossibilities.
pub fn parse_native(src: &SourceText) -> Result<OrderHistory, Diagnostics> {
    let text = src.text.strip_prefix('\u{feff}').unwrap_or(&src.text);
    let raw: RawHistory = toml::from_str(text).map_err(|e| {
        Diagnostics(vec![src.diagnostic(
            Level::Error,
            e.span(),
            e.message().trim_end().to_owned(),
        )])
    })?;
    let mut diags = Diagnostics::default();
    let mut history = OrderHistory::default();
    for o in raw.orders {
        let currency = match o.currency.get_ref().parse::<Currency>() {
            Ok(c) => c,
            Err(e) => {
                diags.push(src.diagnostic(Level::Error, Some(o.currency.span()), e));
                continue;
            }
        };
        if history.orders.iter().any(|x| x.id == *o.id.get_ref()) {
            diags.push(src.diagnostic(
                Level::Error,
                Some(o.id.span()),
                format!("duplicate order id `{}`", o.id.get_ref()),
            ));
        }
        let ordered = o.date.get_ref().0;
        let answered = |d: &Option<Spanned<DateOrNo>>| {
            d.as_ref()
                .and_then(|d| d.get_ref().date().map(|date| (d.span(), date)))
        };
        let dated = |d: &Option<Spanned<Date>>| d.as_ref().map(|d| (d.span(), d.get_ref().0));
        for (what, date) in [
            ("shipped", dated(&o.shipped)),
            ("promised", answered(&o.promised)),
            ("delivered", answered(&o.delivered)),
            ("returned", dated(&o.returned)),
            ("contacted_seller", dated(&o.contacted_seller)),
        ] {
            if let Some((span, d)) = date.filter(|(_, d)| *d < ordered) {
                diags.push(src.diagnostic(
                    Level::Error,
                    Some(span),
                    format!("{what} date {d} is before the order date {ordered}"),
                ));
            }
        }
        let said_no = |d: &Option<Spanned<DateOrNo>>| {
            d.as_ref().is_some_and(|d| *d.get_ref() == DateOrNo::No)
        };
        let (not_delivered, no_promised_date) = (said_no(&o.delivered), said_no(&o.promised));
        // Every amount of the order as written: none finer than the currency counts, and a
        // promised date deadlines can still be counted from.
        let amounts = [o.total, o.shipping]
            .into_iter()
            .chain(
                o.items
                    .iter()
                    .map(|i| i.get_ref().unit_price.as_ref().map(|p| *p.get_ref())),
            )
            .chain(o.refunds.iter().map(|r| Some(r.amount)))
            .chain(o.returns.iter().map(|r| r.amount))
            .flatten();
        if let Some(e) = amounts
            .filter_map(|a| Money::exact(a.0, currency).err())
            .next()
        {
            let message = format!("order `{}`: {e}", o.id.get_ref());
            diags.push(src.diagnostic(Level::Error, Some(o.id.span()), message));
        }
        if let Some(promised) = o
            .promised
            .as_ref()
            .filter(|p| p.get_ref().date().is_some_and(crate::date::too_far_ahead))
        {
            let message = format!(
                "the promised date is too far ahead (the latest year is {})",
                crate::limits::LAST_YEAR
            );
            diags.push(src.diagnostic(Level::Error, Some(promised.span()), message));
        }
        let money = |a: Option<AmountText>| a.map(|a| Money::new(a.0, currency));
        let date = |d: Option<Spanned<Date>>| d.map(|d| d.into_inner().0);
        let mut items = Vec::with_capacity(o.items.len());
        for spanned in o.items {
            let span = spanned.span();
            let i = spanned.into_inner();
            let id = match (i.asin, i.sku) {
                (Some(id), None) | (None, Some(id)) => id,
                (Some(_), Some(_)) => {
                    let message = "an item has an `asin` or a `sku`, not both";
                    diags.push(src.diagnostic(Level::Error, Some(span), message));
                    continue;
                }
                (None, None) => {
                    let message =
                        "an item needs its `asin` (Amazon) or its `sku` (another retailer)";
                    diags.push(src.diagnostic(Level::Error, Some(span), message));
                    continue;
                }
            };
            let quantity = match i.quantity {
                None => 1,
                Some(q) if (1..=crate::limits::MAX_QUANTITY).contains(q.get_ref()) => {
                    q.into_inner()
                }
                Some(q) => {
                    let message = format!(
                        "quantity = {}: expected 1 to {}",
                        q.get_ref(),
                        crate::limits::MAX_QUANTITY
                    );
                    diags.push(src.diagnostic(Level::Error, Some(q.span()), message));
                    continue;
                }
            };
            if let Some(price) = i.unit_price.as_ref().filter(|p| p.get_ref().0.is_zero()) {
                let message = "unit_price = \"0\": give what the item cost";
                diags.push(src.diagnostic(Level::Error, Some(price.span()), message));
                continue;
            }
            items.push(Item {
                asin: id,
                title: crate::text::one_line(&i.title),
                unit_price: money(i.unit_price.map(Spanned::into_inner)),
                quantity,
                category: i.category,
                condition: i.condition,
                shipped: i.shipped.map(|d| d.0),
                seller: i.seller,
                seller_name: i.seller_name,
            });
        }
        history.orders.push(Order {
            id: o.id.into_inner(),
            date: ordered,
            marketplace: o.marketplace,
            currency,
            status: o.status,
            recorded_total: money(o.total),
            shipped: date(o.shipped),
            promised: o.promised.and_then(|d| d.into_inner().date()),
            delivered: o.delivered.and_then(|d| d.into_inner().date()),
            not_delivered,
            no_promised_date,
            seller: o.seller,
            seller_name: o.seller_name,
            prime: o.prime,
            carrier: o.carrier,
            tracking: o.tracking,
            shipping: money(o.shipping),
            contacted_seller: date(o.contacted_seller),
            returned: date(o.returned),
            replacement: o.replacement,
            rank: crate::orders::Rank::Unknown,
            shipments: o
                .shipments
                .into_iter()
                .map(|s| Shipment {
                    date: s.date.map(|d| d.0),
                    carrier: s.carrier,
                    tracking: s.tracking,
                })
                .collect(),
            items,
            refunds: o
                .refunds
                .into_iter()
                .map(|r| Refund {
                    date: r.date.0,
                    amount: Money::new(r.amount.0, currency),
                    id: None,
                    declined: false,
                })
                .collect(),
            returns: o
                .returns
                .into_iter()
                .map(|r| Return {
                    date: r.date.0,
                    amount: money(r.amount),
                    reason: r.reason,
                    resolution: r.resolution,
                    id: None,
                })
                .collect(),
        });
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(history)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn false_says_it_did_not_happen_and_absent_says_nobody_knows() {
        let order = |extra: &str| {
            let text = format!(
                "[[orders]]\nid = \"1\"\ndate = 2026-11-02\nmarketplace = \"amazon.fr\"\ncurrency = \"EUR\"\n{extra}\n[[orders.items]]\nasin = \"B0\"\ntitle = \"x\"\n"
            );
            let history =
                parse_native(&SourceText::new("o.toml", text)).unwrap_or_else(|d| panic!("{d}"));
            let o = &history.orders[0];
            let f = o.facts(&o.items[0], crate::vocab::Problem::LateDelivery);
            (f.delivered.is_some(), f.not_delivered, f.no_promised_date)
        };
        assert_eq!(order(""), (false, false, false));
        assert_eq!(
            order("delivered = false\npromised = false"),
            (false, true, true)
        );
        assert_eq!(order("delivered = 2026-11-05"), (true, false, false));
        let err = parse_native(&SourceText::new(
            "o.toml",
            "[[orders]]\nid = \"1\"\ndate = 2026-11-02\nmarketplace = \"amazon.fr\"\ncurrency = \"EUR\"\ndelivered = true\n",
        ))
        .err()
        .map(|d| d.to_string())
        .unwrap_or_default();
        assert!(err.contains("give the date, or `false`"), "{err}");
    }

    #[test]
    fn errors_point_at_the_line() {
        let src = SourceText::new(
            "o.toml",
            "[[orders]]\nid = \"1\"\ndate = 2026-11-02\nmarketplace = \"amazon.fr\"\ncurrency = \"EUR\"\ndelivered = 2026-10-01\n",
        );
        let err = parse_native(&src).err().map(|d| d.0[0].headline());
        assert_eq!(
            err.as_deref(),
            Some(
                "o.toml:6:13: error: delivered date 2026-10-01 is before the order date 2026-11-02"
            )
        );
        let src = SourceText::new(
            "o.toml",
            "[[orders]]\nid = \"1\"\ndate = 2026-11-02\nmarketplace = \"amazon.fr\"\ncurrency = \"EUR\"\nprime = \"yes\"\n",
        );
        let err = parse_native(&src)
            .err()
            .map(|d| d.0[0].headline())
            .unwrap_or_default();
        assert!(err.starts_with("o.toml:6:9: error:"), "{err}");
    }
}
