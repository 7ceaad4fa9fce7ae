//! Deciding a case: the order it is about, the policy that applies, the facts, the engine's
//! decision, and what letters say about the order.

use chrono::NaiveDate;

use crate::app::Settings;
use crate::app::catalogue::{Catalogue, CatalogueError};
use crate::app::orders::{HistoryError, Orders};
use crate::case::{CaseFacts, CaseInput, InputError, check_case};
use crate::draft::CaseLabel;
use crate::engine::{Decision, Detail, evaluate_with};
use crate::orders::{LookupError, Order};

/// A decided case: the policy that decided it (its index in the catalogue), the decision,
/// and what drafts say about the order.
#[derive(Debug)]
pub struct Decided {
    pub policy: usize,
    pub decision: Decision,
    pub label: CaseLabel,
    /// The facts decided on, before the policy's assumptions: what a saved case keeps.
    pub facts: CaseFacts,
}

/// Why a case cannot be decided.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    #[error("{0}")]
    Input(#[from] InputError),
    #[error("{0}")]
    Policy(#[from] CatalogueError),
    #[error("{0}")]
    History(#[from] HistoryError),
}

impl From<LookupError> for DecideError {
    fn from(e: LookupError) -> Self {
        DecideError::History(e.into())
    }
}

/// Decides a case as of `today`: its order (looked up in `orders`), the policy (`forced`,
/// else the order's marketplace's), the facts (flags over the order's), the evaluation.
pub fn decide(
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    orders: &mut Orders<'_>,
    input: &CaseInput,
    today: NaiveDate,
    forced: Option<usize>,
) -> Result<Decided, DecideError> {
    decide_with(
        settings,
        catalogue,
        orders,
        input,
        today,
        forced,
        Detail::Full,
    )
}

/// [`decide`], the decision keeping only the `detail` asked for.
pub fn decide_with(
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    orders: &mut Orders<'_>,
    input: &CaseInput,
    today: NaiveDate,
    forced: Option<usize>,
    detail: Detail,
) -> Result<Decided, DecideError> {
    let order = match &input.order {
        Some(id) => Some(orders.find(id)?),
        None if input.item.is_some() => return Err(InputError::ItemWithoutOrder.into()),
        None => None,
    };
    let at = Moment {
        today,
        forced,
        detail,
    };
    decide_at(settings, catalogue, order.as_ref(), input, at)
}

/// When a case is decided, under which policy, and how much of the reasoning is kept.
#[derive(Debug, Clone, Copy)]
struct Moment {
    today: NaiveDate,
    forced: Option<usize>,
    detail: Detail,
}

/// Decides a case about an order already at hand (or none).
pub fn decide_order(
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    order: Option<&Order>,
    input: &CaseInput,
    today: NaiveDate,
    forced: Option<usize>,
) -> Result<Decided, DecideError> {
    let at = Moment {
        today,
        forced,
        detail: Detail::Full,
    };
    decide_at(settings, catalogue, order, input, at)
}

fn decide_at(
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    order: Option<&Order>,
    input: &CaseInput,
    at: Moment,
) -> Result<Decided, DecideError> {
    let Moment {
        today,
        forced,
        detail,
    } = at;
    let profile = settings.profile();
    let mut label = CaseLabel {
        order_id: input.order.clone(),
        item: input.item.clone(),
        signature: profile.name.clone().filter(|n| !n.is_empty()),
        contact: profile.email.clone(),
        address: profile.address.clone(),
        place: profile.city.clone().filter(|c| !c.is_empty()),
        ..CaseLabel::default()
    };
    let problem = input.problem.ok_or(InputError::MissingProblem)?;
    let base = match order {
        Some(order) => {
            let (_, item) = order.item(input.item.as_deref())?;
            label.order_id = Some(order.id.clone());
            label.asin = Some(item.asin.clone());
            label.title = Some(item.title.clone());
            label.item = Some(item.asin.clone());
            label.seller_name = item
                .seller_name
                .clone()
                .or_else(|| order.seller_name.clone());
            Some(order.facts(item, problem))
        }
        None => {
            label.title.clone_from(&input.title);
            None
        }
    };
    let index = match forced {
        Some(i) => i,
        None => catalogue.for_marketplace(order.map(|o| o.marketplace.as_str()))?,
    };
    let policy = catalogue.policy(index);
    let facts = input.to_facts(base, policy.currency)?;
    check_case(&facts, today)?;
    policy.check_case(&facts)?;
    Ok(Decided {
        policy: index,
        decision: evaluate_with(policy, &facts, today, detail),
        label,
        facts,
    })
}
