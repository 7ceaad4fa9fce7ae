//! The whole history at a glance: the claim windows that close soon (or all of them), and
//! every order returned but never refunded once the policy says the refund is overdue.
//!
//! The history is streamed; what is kept is compact (a few integers per window, the names
//! once per item that has one), so a scan of a large history stays small. An order whose
//! marketplace no policy serves, or whose currency is not its policy's, is counted, never
//! judged under another country's law.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::app::Settings;
use crate::app::catalogue::{Catalogue, CatalogueError};
use crate::app::orders::{self, HistoryError};
use crate::engine::{self, evaluate};
use crate::money::Money;
use crate::orders::Order;
use crate::vocab::{Problem, Status};

/// An open window of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Indexes into [`Scan::orders`] and [`Scan::items`].
    pub order: u32,
    pub item: u32,
    /// The policy (index in the catalogue) and its deadline (index in the policy).
    pub policy: u16,
    pub deadline: u16,
    pub ends: NaiveDate,
    pub days_left: i32,
    /// Counted from the ship or order date because the delivery date is unknown.
    pub estimated: bool,
}

/// An order that has at least one window shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedOrder {
    pub id: Box<str>,
    pub date: NaiveDate,
    pub marketplace: Box<str>,
    /// The fewest days left of its windows shown.
    pub most_urgent: i32,
}

/// An item that has at least one window shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedItem {
    pub asin: Box<str>,
    pub title: Box<str>,
    /// The fewest days left of its windows shown.
    pub most_urgent: i32,
}

/// An order sent back whose refund is overdue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrefunded {
    pub order_id: String,
    pub returned: NaiveDate,
    pub amount: Option<Money>,
    /// The rule of the policy that says the refund is overdue.
    pub rule: String,
}

/// Which windows a scan keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    /// Those closing within this many days; the others are counted.
    Within(i64),
    All,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// How many orders were looked at.
    pub seen: usize,
    pub windows: Vec<Window>,
    pub orders: Vec<ScannedOrder>,
    pub items: Vec<ScannedItem>,
    /// Open windows closing beyond the horizon.
    pub later: usize,
    /// Sorted by return date.
    pub unrefunded: Vec<Unrefunded>,
    /// Orders not judged because no policy serves their marketplace, by marketplace (`""`
    /// when unknown).
    pub no_policy: BTreeMap<String, usize>,
    /// Orders not judged because their currency is not their policy's: by marketplace and
    /// currency.
    pub wrong_currency: BTreeMap<(String, &'static str), usize>,
}

impl Scan {
    pub fn order_of(&self, w: &Window) -> &ScannedOrder {
        &self.orders[w.order as usize]
    }

    pub fn item_of(&self, w: &Window) -> &ScannedItem {
        &self.items[w.item as usize]
    }

    /// Most urgent first, then by order, item and deadline.
    pub fn sort_by_urgency(&mut self) {
        let orders = &self.orders;
        self.windows.sort_by(|a, b| {
            (
                a.days_left,
                &orders[a.order as usize].id,
                a.item,
                a.deadline,
            )
                .cmp(&(
                    b.days_left,
                    &orders[b.order as usize].id,
                    b.item,
                    b.deadline,
                ))
        });
    }

    /// Grouped by order, then by item, the most urgent first at each level.
    pub fn sort_by_order(&mut self) {
        let (orders, items) = (&self.orders, &self.items);
        let key = |w: &Window| {
            let order = &orders[w.order as usize];
            let item = &items[w.item as usize];
            (
                order.most_urgent,
                order.id.clone(),
                item.most_urgent,
                w.item,
                w.days_left,
                w.deadline,
            )
        };
        self.windows.sort_by_cached_key(key);
    }
}

/// Why a scan stopped.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{0}")]
    History(#[from] HistoryError),
    #[error("{0}")]
    Policy(#[from] CatalogueError),
}

/// Scans the history, streaming it.
pub fn scan(
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    horizon: Horizon,
) -> Result<Scan, ScanError> {
    let mut found = Scan::default();
    orders::for_each(settings, |order: &Order| -> Result<(), ScanError> {
        found.seen += 1;
        let policy_index = match catalogue.for_marketplace(Some(&order.marketplace)) {
            Ok(i) if catalogue.policy(i).currency == order.currency => i,
            Ok(_) => {
                let key = (order.marketplace.clone(), order.currency.code());
                *found.wrong_currency.entry(key).or_default() += 1;
                return Ok(());
            }
            Err(CatalogueError::NoPolicy { .. }) => {
                *found
                    .no_policy
                    .entry(order.marketplace.clone())
                    .or_default() += 1;
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        scan_order(
            &mut found,
            catalogue,
            policy_index,
            order,
            settings.today,
            horizon,
        );
        Ok(())
    })?;
    found
        .unrefunded
        .sort_by(|a, b| (a.returned, &a.order_id).cmp(&(b.returned, &b.order_id)));
    Ok(found)
}

fn scan_order(
    found: &mut Scan,
    catalogue: &Catalogue<'_>,
    policy_index: usize,
    order: &Order,
    today: NaiveDate,
    horizon: Horizon,
) {
    let policy = catalogue.policy(policy_index);
    let mut order_index = None;
    for item in &order.items {
        let facts = order.facts(item, Problem::Defective);
        let mut item_index = None;
        for w in engine::windows(policy, &facts, today) {
            let days_left = (w.date - today).num_days();
            if days_left < 0 {
                continue;
            }
            if let Horizon::Within(d) = horizon
                && days_left > d
            {
                found.later += 1;
                continue;
            }
            let days_left = i32::try_from(days_left).unwrap_or(i32::MAX);
            let o = *order_index.get_or_insert_with(|| {
                found.orders.push(ScannedOrder {
                    id: order.id.as_str().into(),
                    date: order.date,
                    marketplace: order.marketplace.as_str().into(),
                    most_urgent: days_left,
                });
                found.orders.len() - 1
            });
            let urgent = &mut found.orders[o].most_urgent;
            *urgent = (*urgent).min(days_left);
            let i = *item_index.get_or_insert_with(|| {
                found.items.push(ScannedItem {
                    asin: item.asin.as_str().into(),
                    title: item.title.as_str().into(),
                    most_urgent: days_left,
                });
                found.items.len() - 1
            });
            let urgent = &mut found.items[i].most_urgent;
            *urgent = (*urgent).min(days_left);
            found.windows.push(Window {
                order: index32(o),
                item: index32(i),
                policy: u16::try_from(policy_index).unwrap_or(u16::MAX),
                deadline: u16::try_from(w.index).unwrap_or(u16::MAX),
                ends: w.date,
                days_left,
                estimated: w.estimated,
            });
        }
    }
    if let Some(u) = overdue_refund(policy, order, today) {
        found.unrefunded.push(u);
    }
}

fn index32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The order's refund, when it was sent back for a refund, none came, and the policy says
/// it is overdue. A return settled by an exchange or without a refund asks for none.
fn overdue_refund(
    policy: &crate::policy::Policy,
    order: &Order,
    today: NaiveDate,
) -> Option<Unrefunded> {
    if order.refunds_received().next().is_some() {
        return None;
    }
    let for_refund = |r: &&crate::orders::Return| r.asks_refund();
    let returned = order.returned.or_else(|| {
        order
            .returns
            .iter()
            .filter(for_refund)
            .map(|r| r.date)
            .min()
    })?;
    let item = order.items.first()?;
    let mut facts = order.facts(item, Problem::ReturnedNotRefunded);
    facts.returned = Some(returned);
    let decision = evaluate(policy, &facts, today);
    if decision.status != Status::Eligible {
        return None;
    }
    Some(Unrefunded {
        order_id: order.id.clone(),
        returned,
        amount: order
            .returns
            .iter()
            .filter(for_refund)
            .find_map(|r| r.amount)
            .or_else(|| order.total()),
        rule: decision
            .recommendation()
            .map(|o| policy.rules[o.rule].id.clone())
            .unwrap_or_default(),
    })
}
