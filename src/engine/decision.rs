//! What the engine decides, with the ids of the rules that decided it and the full trace.
//! Rules, routes and deadlines are referred to by their index in the policy.

use chrono::NaiveDate;

use crate::case::{CaseFacts, Input, Inputs};
use crate::money::Money;
use crate::vocab::{Problem, Status};

/// A condition's truth: holds, fails, or unknown until some inputs are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    Holds,
    Fails,
    Unknown(Inputs),
}

impl From<bool> for Truth {
    fn from(b: bool) -> Self {
        if b { Truth::Holds } else { Truth::Fails }
    }
}

/// Which list of a rule a condition is in, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionRef {
    When(usize),
    Any(usize),
}

/// One condition as evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionTrace {
    pub condition: ConditionRef,
    /// The value the condition saw; `None` when unknown.
    pub actual: Option<String>,
    pub truth: Truth,
}

/// One rule as evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTrace {
    pub rule: usize,
    pub outcome: Truth,
    pub conditions: Vec<ConditionTrace>,
}

impl RuleTrace {
    /// The first condition that failed (for an `any` group: its first member, all failed).
    pub fn first_failure(&self) -> Option<&ConditionTrace> {
        self.conditions.iter().find(|c| c.truth == Truth::Fails)
    }
}

/// A remedy the case qualifies for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub rule: usize,
    pub amount: Option<Money>,
    /// Where to ask: an index into `Policy::channels`.
    pub channel: usize,
}

/// A rule that does not apply, and the first condition that ruled it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub rule: usize,
    pub condition: ConditionRef,
    pub actual: Option<String>,
}

/// A deadline's date for this case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineDate {
    pub index: usize,
    pub date: NaiveDate,
    /// Counted from a fallback date (the order date when the promised date is unknown…).
    pub estimated: bool,
}

/// The engine's answer for one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub status: Status,
    pub today: NaiveDate,
    pub problem: Problem,
    /// Every applicable remedy, best first: the first is the recommendation.
    pub offers: Vec<Offer>,
    pub rejected: Vec<Rejection>,
    /// Inputs that would decide an undetermined case, or could improve an eligible one.
    pub missing: Vec<Input>,
    /// The route that chose the channel.
    pub route: Option<usize>,
    /// Deadlines that apply to the problem and could be computed.
    pub deadlines: Vec<DeadlineDate>,
    pub trace: Vec<RuleTrace>,
    /// Inputs filled from the policy's `[assume]` table.
    pub assumed: Vec<Input>,
    /// The legal references (indexes) that apply to the case: its problem's, whose conditions
    /// hold.
    pub legal: Vec<usize>,
    /// The facts evaluated (with assumptions applied).
    pub case: CaseFacts,
}

impl Decision {
    /// The best offer, when the case is eligible.
    pub fn recommendation(&self) -> Option<&Offer> {
        self.offers
            .first()
            .filter(|_| self.status == Status::Eligible)
    }

    /// The other offers (every offer of an undetermined case, which has no recommendation).
    pub fn alternatives(&self) -> &[Offer] {
        let from = usize::from(self.status == Status::Eligible);
        self.offers.get(from..).unwrap_or(&[])
    }
}
