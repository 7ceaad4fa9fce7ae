//! Merging a batch into a history: the same purchase seen twice is added once, facts the
//! user recorded stay.

use std::collections::HashMap;

use super::Batch;
use crate::orders::{Item, Order, OrderHistory};

/// How many things a merge added, found already known, or skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub orders: u64,
    pub items: u64,
    pub refunds: u64,
    pub returns: u64,
}

/// The outcome of merging a batch into a history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub added: Counts,
    pub known: Counts,
    pub skipped: Counts,
    /// Refunds and returns whose order is in neither the batch nor the history.
    pub orphans: Vec<String>,
    /// Known orders whose status, total or shipments the import updated.
    pub updated: u64,
}

impl MergeReport {
    /// Whether the history changed.
    pub fn changed(&self) -> bool {
        let Counts {
            orders,
            items,
            refunds,
            returns,
        } = self.added;
        orders + items + refunds + returns + self.updated > 0
    }
}

/// Merges a batch into a history: the same purchase seen in two exports (or twice in one
/// import) is added once; identical rows within one export (a repeated purchase) are kept;
/// facts the user recorded on an order (promised and delivery dates, seller, Prime) stay.
pub fn merge(history: &mut OrderHistory, batch: Batch) -> MergeReport {
    let mut report = MergeReport::default();
    history.orders.reserve(batch.orders.len());
    let mut index: HashMap<String, usize> = history
        .orders
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.clone(), i))
        .collect();
    for order in batch.orders {
        match index.get(&order.id) {
            None => {
                report.added.orders += 1;
                report.added.items += order.items.len() as u64;
                index.insert(order.id.clone(), history.orders.len());
                history.orders.push(order);
            }
            Some(&i) => {
                report.known.orders += 1;
                if merge_order(&mut history.orders[i], order, &mut report) {
                    report.updated += 1;
                }
            }
        }
    }
    for (order_id, refund) in batch.refunds {
        let Some(&i) = index.get(&order_id) else {
            report.skipped.refunds += 1;
            report.orphans.push(order_id);
            continue;
        };
        let order = &mut history.orders[i];
        if order.refunds.contains(&refund) {
            report.known.refunds += 1;
        } else {
            report.added.refunds += 1;
            order.refunds.push(refund);
        }
    }
    for (order_id, ret) in batch.returns {
        let Some(&i) = index.get(&order_id) else {
            report.skipped.returns += 1;
            report.orphans.push(order_id);
            continue;
        };
        let order = &mut history.orders[i];
        if order
            .returns
            .iter()
            .any(|r| r.date == ret.date && r.resolution == ret.resolution)
        {
            report.known.returns += 1;
        } else {
            report.added.returns += 1;
            order.returns.push(ret);
        }
    }
    for (order_id, replacement) in batch.replacements {
        if let Some(&i) = index.get(&order_id)
            && history.orders[i].replacement.as_ref() != Some(&replacement)
        {
            history.orders[i].replacement = Some(replacement);
            report.updated += 1;
        }
    }
    report.orphans.sort();
    report.orphans.dedup();
    report
}

/// Merges a known order's new export rows into it; returns whether anything changed.
fn merge_order(existing: &mut Order, new: Order, report: &mut MergeReport) -> bool {
    // A partial export (rows skipped, an older file) must not shrink a known total.
    let complete = new.items.len() >= existing.items.len();
    let before = change_signature(existing);
    // An order has a handful of items: counting by linear scans beats hashing here.
    let known_before = existing.items.len();
    for (i, item) in new.items.iter().enumerate() {
        let same = |other: &Item| same_purchase(other, item);
        let nth = new.items[..i].iter().filter(|o| same(o)).count() + 1;
        let have = existing.items[..known_before]
            .iter()
            .filter(|o| same(o))
            .count();
        if nth > have {
            report.added.items += 1;
            existing.items.push(item.clone());
        } else {
            report.known.items += 1;
        }
    }
    if new.status.is_some() {
        existing.status = new.status;
    }
    if new.recorded_total.is_some() && (complete || existing.recorded_total.is_none()) {
        existing.recorded_total = new.recorded_total;
    }
    if existing.marketplace.is_empty() {
        existing.marketplace = new.marketplace;
    }
    existing.shipped = existing.shipped.or(new.shipped);
    existing.shipping = existing.shipping.or(new.shipping);
    existing.carrier = existing.carrier.take().or(new.carrier);
    existing.tracking = existing.tracking.take().or(new.tracking);
    existing.replacement = existing.replacement.take().or(new.replacement);
    for s in new.shipments {
        if !existing.shipments.contains(&s) {
            existing.shipments.push(s);
        }
    }
    let after = change_signature(existing);
    before != after
}

/// What an import may change in a known order, to tell whether it did.
fn change_signature(o: &Order) -> impl PartialEq + use<> {
    (
        o.status,
        o.recorded_total,
        o.items.len(),
        o.shipments.len(),
        o.shipped,
        o.shipping,
        o.replacement.is_some(),
        o.carrier.is_some(),
    )
}

/// The same purchase line: same ASIN, unit price and ship date.
fn same_purchase(a: &Item, b: &Item) -> bool {
    a.asin.eq_ignore_ascii_case(&b.asin) && a.unit_price == b.unit_price && a.shipped == b.shipped
}
