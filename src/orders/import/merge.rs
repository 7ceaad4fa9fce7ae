//! Merging a batch into a history: the same purchase seen twice — in two files of one
//! import, a folder and its zip, an older and a newer export, two formats of the same
//! orders — is one order and one item, whatever the order the files were given in. Facts
//! the user recorded stay.
//!
//! Sources are merged best first (A/B, then C, then D: [`Rank`]). An order's items come
//! from its best source: a better one replaces a worse one's items (keeping what only the
//! worse one knew of an item), of two equal ones the later snapshot wins, a worse one only
//! fills what is missing. Lines and totals are never summed across files.

use std::collections::{HashMap, HashSet};

use super::Batch;
use crate::orders::{Item, Order, OrderHistory, OrderStatus, Refund, Return};

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
    /// Refunds and returns whose order is not in the history yet: kept, and attached to
    /// their order when an export brings it.
    pub waiting: Counts,
    /// The orders they wait for.
    pub orphans: Vec<String>,
    /// Refunds and returns kept by earlier imports that joined the order this one brought.
    pub attached: Counts,
    /// Known orders whose status, total, items or shipments the import updated.
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
        orders
            + items
            + refunds
            + returns
            + self.updated
            + self.waiting.refunds
            + self.waiting.returns
            > 0
    }
}

/// What a merge changed, for a store to write: the orders added or modified, and the
/// refunds and returns that wait for their order.
#[derive(Debug, Default)]
pub struct Changes {
    pub touched: HashSet<String>,
    pub waiting_refunds: Vec<(String, Refund)>,
    pub waiting_returns: Vec<(String, Return)>,
}

/// Merges a batch into a history; see the module's documentation.
pub fn merge(history: &mut OrderHistory, batch: Batch) -> (MergeReport, Changes) {
    let mut report = MergeReport::default();
    let mut changes = Changes::default();
    let mut sources = batch.sources;
    // Best first; files of the same rank in the order they were given; what earlier imports
    // kept waiting last (the files may hold the same refunds, with their ids).
    sources.sort_by_key(|s| (s.earlier, std::cmp::Reverse(s.rank)));
    if history.orders.is_empty()
        && let Some(first) = sources.first_mut()
    {
        // A first import: the best file's orders are the history as they are (not copied).
        history.orders = std::mem::take(&mut first.orders);
        report.added.orders += history.orders.len() as u64;
        report.added.items += history
            .orders
            .iter()
            .map(|o| o.items.len() as u64)
            .sum::<u64>();
        changes
            .touched
            .extend(history.orders.iter().map(|o| o.id.clone()));
    }
    let mut index: HashMap<String, usize> = history
        .orders
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.clone(), i))
        .collect();
    // Every source's orders first: a refund file may name orders another file brings.
    for source in &mut sources {
        for order in std::mem::take(&mut source.orders) {
            let id = order.id.clone();
            match index.get(&id) {
                None => {
                    report.added.orders += 1;
                    report.added.items += order.items.len() as u64;
                    index.insert(id.clone(), history.orders.len());
                    history.orders.push(order);
                    changes.touched.insert(id);
                }
                Some(&i) => {
                    report.known.orders += 1;
                    if merge_order(&mut history.orders[i], order, &mut report) {
                        report.updated += 1;
                        changes.touched.insert(id);
                    }
                }
            }
        }
    }
    for source in sources {
        let mut added = Counts::default();
        let mut seen_refunds: Vec<(String, Refund)> = Vec::new();
        for (order_id, refund) in source.refunds {
            // The nth identical refund of this file (same order, day and amount, no id).
            let nth = 1 + seen_refunds
                .iter()
                .filter(|(o, r)| *o == order_id && same_refund(r, &refund))
                .count();
            seen_refunds.push((order_id.clone(), refund.clone()));
            let Some(&i) = index.get(&order_id) else {
                if source.earlier {
                    continue; // still waiting, where it is
                }
                report.waiting.refunds += 1;
                report.orphans.push(order_id.clone());
                changes.waiting_refunds.push((order_id, refund));
                continue;
            };
            let order = &mut history.orders[i];
            match known_refund(&mut order.refunds, &refund, nth) {
                Seen::Known => report.known.refunds += 1,
                Seen::GainedId => {
                    report.known.refunds += 1;
                    changes.touched.insert(order_id);
                }
                Seen::New => {
                    added.refunds += 1;
                    order.refunds.push(refund);
                    changes.touched.insert(order_id);
                }
            }
        }
        let mut seen_returns: Vec<(String, Return)> = Vec::new();
        for (order_id, ret) in source.returns {
            let nth = 1 + seen_returns
                .iter()
                .filter(|(o, r)| *o == order_id && same_return(r, &ret))
                .count();
            seen_returns.push((order_id.clone(), ret.clone()));
            let Some(&i) = index.get(&order_id) else {
                if source.earlier {
                    continue;
                }
                report.waiting.returns += 1;
                report.orphans.push(order_id.clone());
                changes.waiting_returns.push((order_id, ret));
                continue;
            };
            let order = &mut history.orders[i];
            match known_return(&mut order.returns, &ret, nth) {
                Seen::Known => report.known.returns += 1,
                Seen::GainedId => {
                    report.known.returns += 1;
                    changes.touched.insert(order_id);
                }
                Seen::New => {
                    added.returns += 1;
                    order.returns.push(ret);
                    changes.touched.insert(order_id);
                }
            }
        }
        let into = if source.earlier {
            &mut report.attached
        } else {
            &mut report.added
        };
        into.refunds += added.refunds;
        into.returns += added.returns;
        for (order_id, replacement) in source.replacements {
            if let Some(&i) = index.get(&order_id)
                && history.orders[i].replacement.as_ref() != Some(&replacement)
            {
                history.orders[i].replacement = Some(replacement);
                report.updated += 1;
                changes.touched.insert(order_id);
            }
        }
    }
    report.orphans.sort();
    report.orphans.dedup();
    (report, changes)
}

/// Two refunds that cannot be told apart but by their order in a file: same day and amount,
/// neither with an id of its own.
fn same_refund(a: &Refund, b: &Refund) -> bool {
    a.date == b.date && a.amount == b.amount && (a.id.is_none() || b.id.is_none() || a.id == b.id)
}

/// Whether a refund or return is already known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    New,
    Known,
    /// Known without its export id, which this copy gives it.
    GainedId,
}

/// Whether a refund is already known: by its id when it has one (an id-less copy of it is
/// given the id), else as the `nth` identical one.
fn known_refund(known: &mut [Refund], refund: &Refund, nth: usize) -> Seen {
    if let Some(id) = &refund.id {
        if known.iter().any(|r| r.id.as_ref() == Some(id)) {
            return Seen::Known;
        }
        if let Some(same) = known
            .iter_mut()
            .find(|r| r.id.is_none() && r.date == refund.date && r.amount == refund.amount)
        {
            same.id = Some(id.clone());
            return Seen::GainedId;
        }
        return Seen::New;
    }
    if known.iter().filter(|r| same_refund(r, refund)).count() >= nth {
        Seen::Known
    } else {
        Seen::New
    }
}

fn same_return(a: &Return, b: &Return) -> bool {
    a.date == b.date
        && a.resolution == b.resolution
        && a.amount == b.amount
        && (a.id.is_none() || b.id.is_none() || a.id == b.id)
}

fn known_return(known: &mut [Return], ret: &Return, nth: usize) -> Seen {
    if let Some(id) = &ret.id {
        if known.iter().any(|r| r.id.as_ref() == Some(id)) {
            return Seen::Known;
        }
        if let Some(same) = known
            .iter_mut()
            .find(|r| r.id.is_none() && r.date == ret.date && r.resolution == ret.resolution)
        {
            same.id = Some(id.clone());
            return Seen::GainedId;
        }
        return Seen::New;
    }
    if known.iter().filter(|r| same_return(r, ret)).count() >= nth {
        Seen::Known
    } else {
        Seen::New
    }
}

/// Merges a known order's rows from another source into it; returns whether anything
/// changed.
fn merge_order(existing: &mut Order, new: Order, report: &mut MergeReport) -> bool {
    let before = change_signature(existing);
    if new.rank > existing.rank {
        // A better source: its items and figures replace the worse one's; what only the
        // worse one knew of an item (its seller, category…) stays.
        report.added.items += new.items.len() as u64;
        let mut items = new.items;
        carry_item_facts(&mut items, &existing.items);
        existing.items = items;
        existing.rank = new.rank;
        existing.recorded_total = new.recorded_total.or(existing.recorded_total);
        existing.status = new.status.or(existing.status);
        if !new.marketplace.is_empty() {
            existing.marketplace.clone_from(&new.marketplace);
        }
        existing.shipped = new.shipped.or(existing.shipped);
        existing.shipping = new.shipping.or(existing.shipping);
    } else if new.rank == existing.rank {
        // Two files of the same kind hold the whole order each (an order is in one export
        // whole): two snapshots of it. The later one — further along, with more ship dates —
        // wins, whatever the order the files come in; lines are never added up.
        // Equal snapshots: the file read last wins (its dates, read in the time zone set now).
        if snapshot(&new) >= snapshot(existing) {
            if new.items == existing.items {
                report.known.items += new.items.len() as u64;
            } else {
                report.added.items += new.items.len() as u64;
            }
            carry_item_facts(&mut existing.items, &new.items);
            existing.items = new.items;
            existing.recorded_total = new.recorded_total.or(existing.recorded_total);
            existing.status = new.status.or(existing.status);
            existing.shipped = new.shipped.or(existing.shipped);
            existing.shipping = new.shipping.or(existing.shipping);
            existing.date = new.date;
        } else {
            report.known.items += new.items.len() as u64;
            existing.recorded_total = existing.recorded_total.or(new.recorded_total);
            existing.status = existing.status.or(new.status);
            existing.shipped = existing.shipped.or(new.shipped);
            existing.shipping = existing.shipping.or(new.shipping);
        }
    } else {
        // A worse source: only what the better one lacks.
        report.known.items += new.items.len() as u64;
        carry_item_facts(&mut existing.items, &new.items);
        existing.recorded_total = existing.recorded_total.or(new.recorded_total);
        existing.status = existing.status.or(new.status);
        existing.shipped = existing.shipped.or(new.shipped);
        existing.shipping = existing.shipping.or(new.shipping);
    }
    if existing.marketplace.is_empty() {
        existing.marketplace = new.marketplace;
    }
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

/// How far along a snapshot of an order is: its status, then how many of its lines have a
/// ship date and the latest of them, then its lines themselves (so that two different
/// snapshots always compare the same way, whichever comes first).
fn snapshot(o: &Order) -> impl Ord + use<> {
    let status = match o.status {
        None => 0,
        Some(OrderStatus::Ordered) => 1,
        Some(OrderStatus::Shipped) => 2,
        Some(OrderStatus::Delivered) => 3,
        Some(OrderStatus::Returned | OrderStatus::Cancelled) => 4,
    };
    let shipped = o.items.iter().filter(|i| i.shipped.is_some()).count();
    let latest = o.items.iter().filter_map(|i| i.shipped).max();
    let lines: Vec<String> = (0..o.items.len()).map(|i| item_key(&o.items, i)).collect();
    (
        status,
        shipped,
        latest,
        o.recorded_total.map(|t| t.amount),
        lines,
    )
}

/// Gives `items` what `from` knew of the same purchase and they lack: the seller and its
/// name, the category, the condition. The same purchase: the same ASIN, or without one the
/// same title.
fn carry_item_facts(items: &mut [Item], from: &[Item]) {
    for item in items.iter_mut() {
        let Some(old) = from.iter().find(|o| {
            if item.asin.is_empty() || o.asin.is_empty() {
                !item.title.is_empty() && item.title == o.title
            } else {
                item.asin.eq_ignore_ascii_case(&o.asin)
            }
        }) else {
            continue;
        };
        if item.seller.is_none() {
            item.seller.clone_from(&old.seller);
        }
        if item.seller_name.is_none() {
            item.seller_name.clone_from(&old.seller_name);
        }
        if item.category.is_none() {
            item.category.clone_from(&old.category);
        }
        if item.condition.is_none() {
            item.condition = old.condition;
        }
    }
}

/// What an import may change in a known order, to tell whether it did.
fn change_signature(o: &Order) -> impl PartialEq + use<> {
    (
        o.status,
        o.recorded_total,
        o.items.clone(),
        o.shipments.len(),
        o.shipped,
        o.shipping,
        o.replacement.is_some(),
        o.carrier.is_some(),
        o.rank,
        o.marketplace.clone(),
    )
}

/// The same purchase line: same ASIN (or, without one, title), unit price and ship date.
pub fn same_purchase(a: &Item, b: &Item) -> bool {
    let same_id = if a.asin.is_empty() || b.asin.is_empty() {
        a.asin.is_empty() && b.asin.is_empty() && a.title == b.title
    } else {
        a.asin.eq_ignore_ascii_case(&b.asin)
    };
    same_id && a.unit_price == b.unit_price && a.shipped == b.shipped
}

/// The natural key of a refund among its order's refunds: its export id, else its day,
/// amount and ordinal among identical ones. Stores write refunds under it.
pub fn refund_key(refunds: &[Refund], i: usize) -> String {
    let r = &refunds[i];
    match &r.id {
        Some(id) => format!("id:{id}"),
        None => {
            let nth = refunds[..i]
                .iter()
                .filter(|o| o.id.is_none() && o.date == r.date && o.amount == r.amount)
                .count()
                + 1;
            format!("{}|{}|{nth}", r.date, r.amount.amount_string())
        }
    }
}

/// The natural key of a return among its order's returns (see [`refund_key`]).
pub fn return_key(returns: &[Return], i: usize) -> String {
    let r = &returns[i];
    match &r.id {
        Some(id) => format!("id:{id}"),
        None => {
            let nth = returns[..i]
                .iter()
                .filter(|o| {
                    o.id.is_none()
                        && o.date == r.date
                        && o.resolution == r.resolution
                        && o.amount == r.amount
                })
                .count()
                + 1;
            let amount = r.amount.map(|m| m.amount_string()).unwrap_or_default();
            let resolution = r.resolution.as_deref().unwrap_or("");
            format!("{}|{amount}|{resolution}|{nth}", r.date)
        }
    }
}

/// The natural key of an item among its order's items: its identity and its ordinal.
pub fn item_key(items: &[Item], i: usize) -> String {
    let it = &items[i];
    let nth = items[..i].iter().filter(|o| same_purchase(o, it)).count() + 1;
    let id = if it.asin.is_empty() {
        format!("title:{}", it.title)
    } else {
        it.asin.to_ascii_uppercase()
    };
    let price = it.unit_price.map(|m| m.amount_string()).unwrap_or_default();
    let shipped = it.shipped.map(crate::date::iso).unwrap_or_default();
    format!("{id}|{price}|{shipped}|{nth}")
}
