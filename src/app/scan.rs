//! The whole history at a glance: every claim window still open, most urgent first, and
//! every order returned but never refunded once the policy says the refund is overdue.

use std::rc::Rc;

use chrono::NaiveDate;

use crate::app::Settings;
use crate::app::catalogue::{Catalogue, CatalogueError};
use crate::app::orders::{self, HistoryError};
use crate::engine::{self, evaluate};
use crate::money::Money;
use crate::orders::Order;
use crate::vocab::{Problem, Status};

/// An open window of one item.
#[derive(Debug, Clone)]
pub struct Window {
    pub order: Rc<str>,
    pub asin: Rc<str>,
    pub title: Rc<str>,
    /// The policy (index in the catalogue) and its deadline (index in the policy).
    pub policy: usize,
    pub deadline: usize,
    pub ends: NaiveDate,
    pub days_left: i64,
    /// Counted from the ship or order date because the delivery date is unknown.
    pub estimated: bool,
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

/// What a scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// How many orders were looked at.
    pub orders: usize,
    /// Sorted by days left, then order, item and deadline.
    pub windows: Vec<Window>,
    /// Sorted by return date.
    pub unrefunded: Vec<Unrefunded>,
}

/// Why a scan stopped.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{0}")]
    History(#[from] HistoryError),
    #[error("{0}")]
    Policy(#[from] CatalogueError),
}

/// Scans the history, streaming it; `within` keeps the windows closing within that many days.
pub fn scan(
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    within: Option<i64>,
) -> Result<Scan, ScanError> {
    let today = settings.today;
    let mut found = Scan::default();
    orders::for_each(settings, |order: &Order| -> Result<(), ScanError> {
        found.orders += 1;
        let policy_index = catalogue.for_marketplace(Some(&order.marketplace))?;
        let policy = catalogue.policy(policy_index);
        let order_id: Rc<str> = order.id.as_str().into();
        for item in &order.items {
            let facts = order.facts(item, Problem::Defective);
            let mut shared: Option<(Rc<str>, Rc<str>)> = None;
            for w in engine::windows(policy, &facts, today) {
                let days_left = (w.date - today).num_days();
                if days_left < 0 || within.is_some_and(|d| days_left > d) {
                    continue;
                }
                let (asin, title) = shared
                    .get_or_insert_with(|| (item.asin.as_str().into(), item.title.as_str().into()))
                    .clone();
                found.windows.push(Window {
                    order: order_id.clone(),
                    asin,
                    title,
                    policy: policy_index,
                    deadline: w.index,
                    ends: w.date,
                    days_left,
                    estimated: w.estimated,
                });
            }
        }
        let returned = order
            .returned
            .or_else(|| order.returns.iter().map(|r| r.date).min());
        if let (Some(returned), true, Some(item)) =
            (returned, order.refunds.is_empty(), order.items.first())
        {
            let mut facts = order.facts(item, Problem::ReturnedNotRefunded);
            facts.returned = Some(returned);
            let decision = evaluate(policy, &facts, today);
            if decision.status == Status::Eligible {
                found.unrefunded.push(Unrefunded {
                    order_id: order.id.clone(),
                    returned,
                    amount: order
                        .returns
                        .iter()
                        .find_map(|r| r.amount)
                        .or_else(|| order.total()),
                    rule: decision
                        .recommendation()
                        .map(|o| policy.rules[o.rule].id.clone())
                        .unwrap_or_default(),
                });
            }
        }
        Ok(())
    })?;
    found.windows.sort_by(|a, b| {
        (a.days_left, &a.order, &a.asin, a.deadline).cmp(&(
            b.days_left,
            &b.order,
            &b.asin,
            b.deadline,
        ))
    });
    found
        .unrefunded
        .sort_by(|a, b| (a.returned, &a.order_id).cmp(&(b.returned, &b.order_id)));
    Ok(found)
}
