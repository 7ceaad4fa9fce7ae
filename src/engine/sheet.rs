//! The facts of a case as the engine sees them on a given day: each fact's value, or unknown
//! with the inputs that would make it known.

use chrono::NaiveDate;

use crate::case::{Anchor, CaseFacts, DeliveryMode, Fact, Input, Inputs};
use crate::money::Money;
use crate::vocab::{ItemCondition, SellerRole, Severity};

/// The value of a fact for one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    /// `days` since the date `since` (negative when `since` is in the future).
    Days {
        days: i64,
        since: NaiveDate,
    },
    Money(Money),
    Bool(bool),
    Count(i64),
    Word(&'a str),
    Text(String),
    Set(Vec<String>),
    /// The fact does not apply (days since delivery of an undelivered parcel).
    NotApplicable,
    /// Nobody said; knowing these inputs would tell.
    Unknown(Inputs),
}

impl Value<'_> {
    /// How the value reads in a trace.
    pub fn display(&self) -> Option<String> {
        match self {
            Value::Days { days, .. } => Some(days.to_string()),
            Value::Money(m) => Some(m.display()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Count(n) => Some(n.to_string()),
            Value::Word(w) => Some((*w).to_owned()),
            Value::Text(t) => Some(t.clone()),
            Value::Set(items) => Some(format!("[{}]", items.join(", "))),
            Value::NotApplicable => Some("n/a".to_owned()),
            Value::Unknown(_) => None,
        }
    }
}

/// Whether the parcel arrived: on a date, on a date nobody gave (the problem implies it), not
/// yet, or nobody said.
enum Arrival {
    On(NaiveDate),
    Undated,
    No,
    Unknown,
}

/// The facts of a case evaluated as of a date.
#[derive(Debug, Clone)]
pub struct FactSheet<'a> {
    pub case: &'a CaseFacts,
    pub today: NaiveDate,
    pub delivery: DeliveryMode,
    /// The role of the case's seller in the policy.
    pub seller_role: Option<SellerRole>,
}

impl<'a> FactSheet<'a> {
    /// The value of a fact.
    pub fn get(&self, fact: Fact) -> Value<'a> {
        let c = self.case;
        match fact {
            Fact::Problem => Value::Word(c.problem.word()),
            Fact::Severity => word(c.severity.map(Severity::word), Input::Severity),
            Fact::Seller => word(c.seller.as_ref().map(|s| s.as_str()), Input::Seller),
            Fact::SellerRole => word(self.seller_role.map(SellerRole::word), Input::Seller),
            Fact::Condition => word(c.condition.map(ItemCondition::word), Input::Condition),
            Fact::Prime => c
                .prime
                .map_or(Value::Unknown(Inputs::one(Input::Prime)), Value::Bool),
            Fact::Category => c
                .category
                .clone()
                .map_or(Value::Unknown(Inputs::one(Input::Category)), Value::Text),
            Fact::ItemValue => c
                .item_value()
                .map_or(Value::Unknown(Inputs::one(Input::Price)), Value::Money),
            Fact::OrderTotal => c
                .order_total
                .map_or(Value::Unknown(Inputs::one(Input::OrderTotal)), Value::Money),
            Fact::ShippingFee => c
                .shipping
                .map_or(Value::Unknown(Inputs::one(Input::Shipping)), Value::Money),
            Fact::Quantity => Value::Count(i64::from(c.quantity.unwrap_or(1))),
            Fact::Delivered => match self.arrival() {
                Arrival::On(_) | Arrival::Undated => Value::Bool(true),
                Arrival::No => Value::Bool(false),
                Arrival::Unknown => Value::Unknown(Inputs::one(Input::Delivered)),
            },
            Fact::Shipped => {
                if c.shipped.is_some()
                    || matches!(self.arrival(), Arrival::On(_) | Arrival::Undated)
                {
                    Value::Bool(true)
                } else if c.not_shipped {
                    Value::Bool(false)
                } else {
                    Value::Unknown(Inputs::one(Input::Shipped))
                }
            }
            Fact::DateAgreed => match (c.promised, c.no_promised_date) {
                (Some(_), _) => Value::Bool(true),
                (None, true) => Value::Bool(false),
                (None, false) => Value::Unknown(Inputs::one(Input::Promised)),
            },
            Fact::SellerContacted => Value::Bool(c.contacted_seller.is_some()),
            Fact::Refused => c
                .refused
                .map_or(Value::Unknown(Inputs::one(Input::Refused)), Value::Bool),
            Fact::ReturnCostly => c.return_costly.map_or(
                Value::Unknown(Inputs::one(Input::ReturnCostly)),
                Value::Bool,
            ),
            Fact::Withdrawal => c
                .withdrawal
                .map_or(Value::Unknown(Inputs::one(Input::Withdrawal)), Value::Bool),
            Fact::Returned => Value::Bool(c.returned.is_some()),
            Fact::DaysSinceOrder => self.since(c.ordered, Input::Ordered),
            Fact::DaysSincePromised => self.since(c.promised, Input::Promised),
            Fact::DaysSinceDelivery => match self.arrival() {
                Arrival::On(d) => self.days_between(d, self.today),
                Arrival::No => Value::NotApplicable,
                Arrival::Undated | Arrival::Unknown => {
                    Value::Unknown(Inputs::one(Input::Delivered))
                }
            },
            Fact::DaysSinceSellerContact => c
                .contacted_seller
                .map_or(Value::NotApplicable, |d| self.days_between(d, self.today)),
            Fact::DaysSinceReturn => c
                .returned
                .map_or(Value::NotApplicable, |d| self.days_between(d, self.today)),
            Fact::DaysLate => {
                let Some(promised) = c.promised else {
                    return if c.no_promised_date {
                        Value::NotApplicable
                    } else {
                        Value::Unknown(Inputs::one(Input::Promised))
                    };
                };
                match self.arrival() {
                    Arrival::On(d) => self.days_between(promised, d),
                    Arrival::No => self.days_between(promised, self.today),
                    Arrival::Undated | Arrival::Unknown => {
                        Value::Unknown(Inputs::one(Input::Delivered))
                    }
                }
            }
            Fact::Evidence => Value::Set(c.evidence.clone()),
        }
    }

    /// What is known of the delivery.
    fn arrival(&self) -> Arrival {
        let c = self.case;
        // An order not shipped has not arrived either.
        match (c.delivered, c.not_delivered || c.not_shipped, self.delivery) {
            (Some(d), _, _) => Arrival::On(d),
            (None, true, _) => Arrival::No,
            (None, false, DeliveryMode::Implied) => Arrival::Undated,
            (None, false, DeliveryMode::Asked) => Arrival::Unknown,
        }
    }

    /// The date an anchor name refers to, if known.
    pub fn anchor(&self, anchor: Anchor) -> Option<NaiveDate> {
        let c = self.case;
        match anchor {
            Anchor::Ordered => c.ordered,
            Anchor::Shipped => c.shipped,
            Anchor::Promised => c.promised,
            Anchor::Delivered => c.delivered,
            Anchor::ContactedSeller => c.contacted_seller,
            Anchor::Returned => c.returned,
            Anchor::Today => Some(self.today),
        }
    }

    fn since(&self, date: Option<NaiveDate>, input: Input) -> Value<'a> {
        date.map_or(Value::Unknown(Inputs::one(input)), |d| {
            self.days_between(d, self.today)
        })
    }

    fn days_between(&self, from: NaiveDate, to: NaiveDate) -> Value<'a> {
        Value::Days {
            days: (to - from).num_days(),
            since: from,
        }
    }
}

fn word(w: Option<&str>, input: Input) -> Value<'_> {
    w.map_or(Value::Unknown(Inputs::one(input)), Value::Word)
}
