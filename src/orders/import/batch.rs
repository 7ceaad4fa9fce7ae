//! A batch: the orders, refunds, returns and replacements read from exports, assembled row
//! by row, ready to merge into a history.

use std::collections::HashMap;

use super::rows::{Line, Record};
use super::{FileOutcome, FileReport, ImportOptions, RowProblem};
use crate::money::{Currency, Money};
use crate::orders::{Item, Order, Refund, Return, Shipment};

/// Orders, refunds and returns read from exports, ready to merge.
#[derive(Debug, Default)]
pub struct Batch {
    pub(super) orders: Vec<Order>,
    pub(super) index: HashMap<String, usize>,
    pub(super) refunds: Vec<(String, Refund)>,
    pub(super) returns: Vec<(String, Return)>,
    pub(super) replacements: Vec<(String, String)>,
    pub files: Vec<FileReport>,
    pub problems: Vec<RowProblem>,
    /// Cancelled (zero-quantity) lines and refunds that were not completed.
    pub ignored_rows: u64,
    pub rows: u64,
}

impl Batch {
    /// Records a file that had nothing to import, and why.
    pub(super) fn skip(&mut self, name: &str, why: &str) {
        self.files.push(FileReport {
            name: name.to_owned(),
            outcome: FileOutcome::Skipped(why.to_owned()),
        });
    }

    fn problem(&mut self, file: &str, line: u64, column: &str, value: &str, what: String) {
        self.problems.push(RowProblem {
            file: file.to_owned(),
            line,
            column: column.to_owned(),
            value: value.to_owned(),
            what,
        });
    }

    fn currency(
        &mut self,
        text: Option<&str>,
        marketplace: Option<&str>,
        options: &ImportOptions<'_>,
        at: (&str, u64),
    ) -> Option<Currency> {
        if let Some(t) = text {
            match t.parse::<Currency>() {
                Ok(c) => return Some(c),
                Err(e) => {
                    self.problem(at.0, at.1, "Currency", t, e);
                    return None;
                }
            }
        }
        let found = marketplace.and_then(|m| (options.currency_for)(m));
        if found.is_none() {
            self.problem(
                at.0,
                at.1,
                "Currency",
                "",
                "the currency is unknown (no currency column and no known marketplace)".to_owned(),
            );
        }
        found
    }

    fn order_mut(
        &mut self,
        id: &str,
        date: chrono::NaiveDate,
        marketplace: Option<String>,
        currency: Currency,
    ) -> &mut Order {
        let i = match self.index.get(id) {
            Some(&i) => i,
            None => {
                let market = marketplace.clone().unwrap_or_default();
                self.orders
                    .push(Order::new(id.to_owned(), date, market, currency));
                self.index.insert(id.to_owned(), self.orders.len() - 1);
                self.orders.len() - 1
            }
        };
        let order = &mut self.orders[i];
        if order.marketplace.is_empty()
            && let Some(m) = marketplace
        {
            order.marketplace = m;
        }
        order.date = order.date.min(date);
        order
    }

    pub(super) fn add(
        &mut self,
        record: Record,
        file: &str,
        line: u64,
        options: &ImportOptions<'_>,
    ) {
        match record {
            Record::Line(l) => self.add_line(l, file, line, options),
            Record::Cancelled | Record::RefundNotCompleted => self.ignored_rows += 1,
            Record::Nothing => {}
            Record::Refund {
                order_id,
                date,
                amount,
                currency,
            } => {
                let currency =
                    self.currency_of_order(&order_id, currency.as_deref(), options, (file, line));
                if let Some(currency) = currency {
                    self.refunds.push((
                        order_id,
                        Refund {
                            date,
                            amount: Money::new(amount, currency),
                        },
                    ));
                }
            }
            Record::Return {
                order_id,
                date,
                amount,
                currency,
                reason,
                resolution,
            } => {
                let currency =
                    self.currency_of_order(&order_id, currency.as_deref(), options, (file, line));
                self.returns.push((
                    order_id,
                    Return {
                        date,
                        amount: amount.zip(currency).map(|(a, c)| Money::new(a, c)),
                        reason,
                        resolution,
                    },
                ));
            }
            Record::Replacement {
                order_id,
                replacement_id,
            } => self.replacements.push((order_id, replacement_id)),
            Record::Summary {
                order_id,
                date,
                marketplace,
                currency,
                total,
                shipping,
            } => {
                let Some(currency) = self.currency(
                    currency.as_deref(),
                    marketplace.as_deref(),
                    options,
                    (file, line),
                ) else {
                    return;
                };
                let order = self.order_mut(&order_id, date, marketplace, currency);
                if let Some(t) = total {
                    order.recorded_total = Some(Money::new(t, currency));
                }
                if let Some(s) = shipping {
                    order.shipping = Some(Money::new(s, currency));
                }
            }
        }
    }

    /// The currency of a refund or return: its own, else its order's (in this batch).
    fn currency_of_order(
        &mut self,
        order_id: &str,
        text: Option<&str>,
        options: &ImportOptions<'_>,
        at: (&str, u64),
    ) -> Option<Currency> {
        if let Some(t) = text {
            return self.currency(Some(t), None, options, at);
        }
        self.index.get(order_id).map(|&i| self.orders[i].currency)
    }

    fn add_line(&mut self, l: Line, file: &str, line: u64, options: &ImportOptions<'_>) {
        let Some(currency) = self.currency(
            l.currency.as_deref(),
            l.marketplace.as_deref(),
            options,
            (file, line),
        ) else {
            return;
        };
        let order = self.order_mut(&l.order_id, l.date, l.marketplace, currency);
        if l.status.is_some() {
            order.status = l.status;
        }
        if let Some(t) = l.total {
            let sum = order.recorded_total.map_or(t, |m| m.amount + t);
            order.recorded_total = Some(Money::new(sum, currency));
        }
        for (carrier, tracking) in l.tracking {
            let shipment = Shipment {
                date: l.shipped,
                carrier: Some(carrier),
                tracking,
            };
            if !order.shipments.contains(&shipment) {
                if order.carrier.is_none() {
                    order.carrier.clone_from(&shipment.carrier);
                    order.tracking.clone_from(&shipment.tracking);
                }
                order.shipments.push(shipment);
            }
        }
        if let Some(s) = l.shipped {
            order.shipped = Some(order.shipped.map_or(s, |x| x.min(s)));
        }
        // The old reports name the seller: "Amazon.com" is the marketplace itself.
        let seller = l
            .seller_name
            .as_deref()
            .filter(|n| n.to_ascii_lowercase().starts_with("amazon"))
            .map(|_| crate::vocab::Id::new("amazon"));
        order.items.push(Item {
            asin: l.asin,
            title: l.title,
            unit_price: l.unit_price.map(|p| Money::new(p, currency)),
            quantity: l.quantity,
            category: l.category,
            condition: l.condition,
            shipped: l.shipped,
            seller,
            seller_name: l.seller_name,
        });
    }
}
