//! The decision engine: a pure function of (policy, case facts, today) to a [`Decision`].
//! No I/O, no clock, no printing.

pub mod decision;
pub mod policy_tests;
mod sheet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use decision::*;
use sheet::FactSheet;
pub use sheet::Value;

use crate::case::{Anchor, CaseFacts, DeliveryMode, Fact, Input, Inputs};

use crate::money::Money;
use crate::policy::model::*;
use crate::vocab::Status;

/// How much of its reasoning a decision keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything: the trace of every rule with the values it saw, the rejections, the
    /// assumptions, the articles that apply.
    Full,
    /// The outcome only (status, offers, missing facts, deadlines): what `--brief` prints.
    Brief,
}

/// Evaluates every rule of the policy for the case's problem, as of `today`.
pub fn evaluate(policy: &Policy, case: &CaseFacts, today: NaiveDate) -> Decision {
    evaluate_with(policy, case, today, Detail::Full)
}

/// [`evaluate`], keeping only the `detail` asked for: a brief decision has the same status,
/// offers, missing facts and deadlines, without the trace, rejections, assumptions and
/// articles.
pub fn evaluate_with(
    policy: &Policy,
    case: &CaseFacts,
    today: NaiveDate,
    detail: Detail,
) -> Decision {
    let (case, assumed) = with_assumptions(policy, case);
    let sheet = sheet(policy, &case, today, policy.delivery_mode(case.problem));
    let deadlines: Vec<DeadlineState> = policy
        .deadlines
        .iter()
        .map(|d| deadline_state(d, &sheet, false))
        .collect();
    let ev = Evaluator {
        policy,
        sheet: &sheet,
        deadlines: &deadlines,
        detail,
    };

    let mut trace = Vec::new();
    let mut matched = Vec::new();
    let mut rejected = Vec::new();
    let mut pending: Vec<(usize, Inputs)> = Vec::new();
    for (index, rule) in policy.rules.iter().enumerate() {
        if !rule.problems.contains(&case.problem) {
            continue;
        }
        let rule_trace = ev.rule(index, rule);
        match &rule_trace.outcome {
            Truth::Holds => matched.push(index),
            Truth::Fails if detail == Detail::Brief => {}
            Truth::Fails => {
                if let Some(failed) = rule_trace.first_failure() {
                    rejected.push(Rejection {
                        rule: index,
                        condition: failed.condition,
                        actual: failed.actual.clone(),
                    });
                }
            }
            Truth::Unknown(inputs) => pending.push((index, *inputs)),
        }
        if detail == Detail::Full {
            trace.push(rule_trace);
        }
    }
    // Best first: a last resort after every other remedy, then the highest priority, then
    // file order.
    let rank = |i: usize| {
        let r = &policy.rules[i];
        (r.last_resort, std::cmp::Reverse(r.priority), i)
    };
    matched.sort_by_key(|&i| rank(i));

    // A rule still unknown is worth knowing when it would rank above the best match.
    let best = matched.first().map(|&i| rank(i));
    let (route, route_missing) = if matched.is_empty() {
        (None, Inputs::NONE)
    } else {
        ev.route()
    };
    let missing: Vec<Input> = pending
        .iter()
        .filter(|(i, _)| best.is_none_or(|b| rank(*i) < b))
        .fold(route_missing, |set, (_, inputs)| set.union(*inputs))
        .iter()
        .collect();

    // A last resort is never the first advice while a better remedy only waits for a fact.
    let best_is_last_resort = matched
        .first()
        .is_some_and(|&i| policy.rules[i].last_resort);
    let better_pending = pending.iter().any(|(i, _)| !policy.rules[*i].last_resort);
    let waits_for_better = best_is_last_resort && better_pending;
    let status = if !matched.is_empty() && !waits_for_better {
        Status::Eligible
    } else if matched.is_empty() && pending.is_empty() {
        Status::Ineligible
    } else {
        Status::Undetermined
    };
    let offers = matched
        .iter()
        .map(|&rule| {
            let r = &policy.rules[rule];
            Offer {
                rule,
                amount: amount(&r.amount, &case),
                // The last route has no condition: a matched rule always has a channel.
                channel: r
                    .channel
                    .or_else(|| route.map(|i| policy.routes[i].channel))
                    .unwrap_or_default(),
            }
        })
        .collect();

    let mut shown_deadlines: Vec<DeadlineDate> = policy
        .deadlines
        .iter()
        .enumerate()
        .filter(|(_, d)| d.applies_to(case.problem))
        .filter_map(|(index, _)| match &deadlines[index] {
            DeadlineState::Date { date, estimated } => Some(DeadlineDate {
                index,
                date: *date,
                estimated: *estimated,
            }),
            _ => None,
        })
        .collect();
    shown_deadlines.sort_by_key(|d| (d.date, d.index));
    if detail == Detail::Brief {
        return Decision {
            status,
            today,
            legal: Vec::new(),
            problem: case.problem,
            offers,
            rejected,
            missing,
            route,
            deadlines: shown_deadlines,
            trace,
            assumed: Vec::new(),
            case,
        };
    }
    let assumed = assumed
        .into_iter()
        .filter(|input| uses_input(policy, case.problem, *input))
        .collect();

    // The articles that apply: their conditions hold (an unknown fact cites nothing).
    let legal = policy
        .legal
        .iter()
        .enumerate()
        .filter(|(_, l)| l.problems.is_empty() || l.problems.contains(&case.problem))
        .filter(|(_, l)| {
            l.when
                .iter()
                .all(|c| test(&c.test, &sheet, &deadlines, Detail::Brief).0 == Truth::Holds)
        })
        .map(|(i, _)| i)
        .collect();

    Decision {
        status,
        today,
        legal,
        problem: case.problem,
        offers,
        rejected,
        missing,
        route,
        deadlines: shown_deadlines,
        trace,
        assumed,
        case,
    }
}

/// Fills what the buyer did not say with the policy's stated assumptions.
fn with_assumptions(policy: &Policy, case: &CaseFacts) -> (CaseFacts, Vec<Input>) {
    let mut case = case.clone();
    let mut assumed = Vec::new();
    if case.prime.is_none()
        && let Some(p) = policy.assume.prime
    {
        case.prime = Some(p);
        assumed.push(Input::Prime);
    }
    if case.condition.is_none()
        && let Some(c) = policy.assume.condition
    {
        case.condition = Some(c);
        assumed.push(Input::Condition);
    }
    (case, assumed)
}

/// Whether any rule for the problem, route or deadline tests the fact an input supplies.
fn uses_input(policy: &Policy, problem: crate::vocab::Problem, input: Input) -> bool {
    let fact = match input {
        Input::Prime => Fact::Prime,
        Input::Condition => Fact::Condition,
        _ => return true,
    };
    let tests = |c: &Condition| {
        match &c.test {
        Test::Compare { fact: f, .. } | Test::In { fact: f, .. } | Test::Contains { fact: f, .. } => *f == fact,
        Test::Window { deadline, .. } => policy.deadlines[*deadline].when.iter().any(|w| {
            matches!(&w.test, Test::Compare { fact: f, .. } | Test::In { fact: f, .. } if *f == fact)
        }),
    }
    };
    policy
        .rules
        .iter()
        .filter(|r| r.problems.contains(&problem))
        .flat_map(|r| r.when.iter().chain(&r.any))
        .chain(policy.routes.iter().flat_map(|r| &r.when))
        .chain(
            policy
                .deadlines
                .iter()
                .filter(|d| d.applies_to(problem))
                .flat_map(|d| &d.when),
        )
        .any(tests)
}

/// What is known of a deadline for a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlineState {
    Date {
        date: NaiveDate,
        estimated: bool,
    },
    /// Its `when` conditions do not hold (an A-to-z date for an item sold by Amazon).
    NotApplicable,
    Unknown(Inputs),
}

/// The claim windows of an item as of `today`, for `claim scan`: every window deadline of the
/// policy, with a start date estimated from the ship or order date when the delivery date is
/// unknown (marked as an estimate).
pub fn windows(policy: &Policy, case: &CaseFacts, today: NaiveDate) -> Vec<DeadlineDate> {
    let (case, _) = with_assumptions(policy, case);
    let sheet = sheet(policy, &case, today, DeliveryMode::Implied);
    policy
        .deadlines
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == DeadlineKind::Window)
        .filter_map(|(index, d)| match deadline_state(d, &sheet, true) {
            DeadlineState::Date { date, estimated } => Some(DeadlineDate {
                index,
                date,
                estimated,
            }),
            _ => None,
        })
        .collect()
}

fn deadline_state(
    deadline: &Deadline,
    sheet: &FactSheet<'_>,
    estimate_delivery: bool,
) -> DeadlineState {
    let no_deadlines: [DeadlineState; 0] = [];
    let mut unknown = Inputs::NONE;
    for c in &deadline.when {
        match test(&c.test, sheet, &no_deadlines, Detail::Brief).0 {
            Truth::Fails => return DeadlineState::NotApplicable,
            Truth::Unknown(inputs) => unknown = unknown.union(inputs),
            Truth::Holds => {}
        }
    }
    if !unknown.is_empty() {
        return DeadlineState::Unknown(unknown);
    }
    let found = deadline
        .from
        .iter()
        .enumerate()
        .find_map(|(i, a)| sheet.anchor(*a).map(|d| (i, d)));
    // Exports have no delivery date: a window counted from delivery is estimated from the
    // ship date, else the order date (both earlier, so the estimate errs on the safe side).
    let estimated_delivery = || {
        (estimate_delivery && deadline.from.first() == Some(&Anchor::Delivered))
            .then(|| {
                sheet
                    .anchor(Anchor::Shipped)
                    .or(sheet.anchor(Anchor::Ordered))
            })
            .flatten()
            .map(|d| (1, d))
    };
    let Some((position, start)) = found.or_else(estimated_delivery) else {
        return DeadlineState::Unknown(Policy::anchor_inputs(deadline));
    };
    let mut date = deadline.add.after(start);
    if let (Some(season), Some(ordered)) = (deadline.extend, sheet.case.ordered)
        && let Some(extended) = season.extended_end(ordered)
    {
        date = date.max(extended);
    }
    DeadlineState::Date {
        date,
        estimated: position > 0,
    }
}

struct Evaluator<'a> {
    policy: &'a Policy,
    sheet: &'a FactSheet<'a>,
    deadlines: &'a [DeadlineState],
    detail: Detail,
}

impl Evaluator<'_> {
    /// A rule's outcome, with the trace of its conditions when the detail is full.
    fn rule(&self, index: usize, rule: &Rule) -> RuleTrace {
        let traced = self.detail == Detail::Full;
        let mut conditions = Vec::new();
        if traced {
            conditions.reserve_exact(rule.when.len() + rule.any.len());
        }
        // Tests a condition, keeping its trace when the detail is full.
        let mut check = |c: &Condition, condition: ConditionRef| {
            let (truth, actual) = test(&c.test, self.sheet, self.deadlines, self.detail);
            if traced {
                conditions.push(ConditionTrace {
                    condition,
                    actual,
                    truth,
                });
            }
            truth
        };
        let mut outcome = Truth::Holds;
        for (i, c) in rule.when.iter().enumerate() {
            outcome = and(outcome, check(c, ConditionRef::When(i)));
        }
        if !rule.any.is_empty() {
            let mut any = Truth::Fails;
            for (i, c) in rule.any.iter().enumerate() {
                any = or(any, check(c, ConditionRef::Any(i)));
            }
            outcome = and(outcome, any);
        }
        RuleTrace {
            rule: index,
            outcome,
            conditions,
        }
    }

    /// The first route that holds, and the inputs that could have chosen an earlier one.
    fn route(&self) -> (Option<usize>, Inputs) {
        let mut missing = Inputs::NONE;
        for (index, route) in self.policy.routes.iter().enumerate() {
            let mut outcome = Truth::Holds;
            for c in &route.when {
                outcome = and(
                    outcome,
                    test(&c.test, self.sheet, self.deadlines, Detail::Brief).0,
                );
            }
            match outcome {
                Truth::Holds => return (Some(index), missing),
                Truth::Unknown(inputs) => missing = missing.union(inputs),
                Truth::Fails => {}
            }
        }
        (None, missing)
    }
}

/// Three-valued AND: a failure wins, then unknowns accumulate.
fn and(left: Truth, right: Truth) -> Truth {
    match (left, right) {
        (Truth::Fails, _) | (_, Truth::Fails) => Truth::Fails,
        (Truth::Unknown(a), Truth::Unknown(b)) => Truth::Unknown(a.union(b)),
        (Truth::Unknown(a), Truth::Holds) => Truth::Unknown(a),
        (Truth::Holds, other) => other,
    }
}

/// Three-valued OR: a success wins, then unknowns accumulate.
fn or(left: Truth, right: Truth) -> Truth {
    match (left, right) {
        (Truth::Holds, _) | (_, Truth::Holds) => Truth::Holds,
        (Truth::Unknown(a), Truth::Unknown(b)) => Truth::Unknown(a.union(b)),
        (Truth::Unknown(a), Truth::Fails) => Truth::Unknown(a),
        (Truth::Fails, other) => other,
    }
}

/// Evaluates one test: its truth and, with [`Detail::Full`], the actual value it saw.
fn test(
    t: &Test,
    sheet: &FactSheet<'_>,
    deadlines: &[DeadlineState],
    detail: Detail,
) -> (Truth, Option<String>) {
    let (truth, actual) = test_truth(t, sheet, deadlines);
    let actual = match detail {
        Detail::Full => actual.text(),
        Detail::Brief => None,
    };
    (truth, actual)
}

/// What a test saw, formatted only when a trace needs it.
enum Seen<'v> {
    Date(NaiveDate),
    Value(Value<'v>),
    NotApplicable,
    Nothing,
}

impl Seen<'_> {
    fn text(&self) -> Option<String> {
        match self {
            Seen::Date(d) => Some(crate::date::iso(*d)),
            Seen::Value(v) => v.display(),
            Seen::NotApplicable => Some("n/a".to_owned()),
            Seen::Nothing => None,
        }
    }
}

fn test_truth<'v>(
    t: &Test,
    sheet: &FactSheet<'v>,
    deadlines: &[DeadlineState],
) -> (Truth, Seen<'v>) {
    match t {
        Test::Window { deadline, test } => match deadlines.get(*deadline) {
            Some(DeadlineState::Date { date, .. }) => {
                let today = sheet.today;
                let holds = match test {
                    WindowTest::Open => today <= *date,
                    WindowTest::Closed => today > *date,
                    WindowTest::Reached => today >= *date,
                    WindowTest::NotReached => today < *date,
                };
                (Truth::from(holds), Seen::Date(*date))
            }
            Some(DeadlineState::Unknown(inputs)) => (Truth::Unknown(*inputs), Seen::Nothing),
            Some(DeadlineState::NotApplicable) | None => (Truth::Fails, Seen::NotApplicable),
        },
        Test::Compare { fact, op, operand } => {
            let value = sheet.get(*fact);
            (compare(&value, *op, operand), Seen::Value(value))
        }
        Test::In {
            fact,
            words,
            negated,
        } => {
            let value = sheet.get(*fact);
            let truth = match &value {
                Value::Word(w) => Truth::from(words.iter().any(|x| x == w) != *negated),
                Value::Text(t) => {
                    Truth::from(words.iter().any(|x| x.eq_ignore_ascii_case(t)) != *negated)
                }
                Value::Unknown(inputs) => Truth::Unknown(*inputs),
                _ => Truth::Fails,
            };
            (truth, Seen::Value(value))
        }
        Test::Contains {
            fact,
            word,
            negated,
        } => {
            let value = sheet.get(*fact);
            let truth = match &value {
                Value::Set(items) => Truth::from(items.iter().any(|x| x == word) != *negated),
                Value::Unknown(inputs) => Truth::Unknown(*inputs),
                _ => Truth::Fails,
            };
            (truth, Seen::Value(value))
        }
    }
}

fn compare(value: &Value, op: Op, operand: &Operand) -> Truth {
    match (value, operand) {
        (Value::Unknown(inputs), _) => Truth::Unknown(*inputs),
        (Value::Days { days, since }, Operand::Days(d)) => {
            Truth::from(op.holds(days, &d.days_from(*since)))
        }
        (Value::Money(m), Operand::Money(limit)) => Truth::from(op.holds(&m.amount, &limit.amount)),
        (Value::Count(n), Operand::Count(limit)) => Truth::from(op.holds(n, limit)),
        (Value::Bool(b), Operand::Bool(x)) => Truth::from(op.holds(b, x)),
        (Value::Word(w), Operand::Word(x)) => Truth::from(op.holds(w, &x.as_str())),
        (Value::Text(t), Operand::Word(x)) => {
            Truth::from(op.holds(&t.to_lowercase(), &x.to_lowercase()))
        }
        _ => Truth::Fails,
    }
}

/// The amount a rule's formula gives for the case, when its inputs are known.
fn amount(formula: &AmountFormula, case: &CaseFacts) -> Option<Money> {
    match formula {
        AmountFormula::Full => case.item_value(),
        AmountFormula::Order => case.order_total.or_else(|| case.item_value()),
        AmountFormula::Shipping => case.shipping,
        AmountFormula::None => None,
        AmountFormula::Fixed(m) => Some(*m),
        AmountFormula::Percent { percent, max } => case.item_value().map(|v| {
            let raw = Money::new(v.amount * *percent / Decimal::ONE_HUNDRED, v.currency);
            match max {
                Some(cap) if cap.amount < raw.amount => Money::new(cap.amount, v.currency),
                _ => raw,
            }
        }),
    }
}

/// The value of a fact for a case, for renderers that show facts (`days_late` in a draft).
pub fn fact_value<'c>(
    policy: &Policy,
    case: &'c CaseFacts,
    today: NaiveDate,
    fact: Fact,
) -> Value<'c> {
    sheet(policy, case, today, policy.delivery_mode(case.problem)).get(fact)
}

/// The facts of a case as of `today`, under a policy (which knows its sellers' roles).
fn sheet<'c>(
    policy: &Policy,
    case: &'c CaseFacts,
    today: NaiveDate,
    delivery: DeliveryMode,
) -> FactSheet<'c> {
    FactSheet {
        case,
        today,
        delivery,
        seller_role: case
            .seller
            .as_ref()
            .and_then(|s| policy.seller(s))
            .map(|k| k.role),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{LoadOptions, load};
    use crate::source::SourceText;
    use crate::vocab::Problem;

    const H: Truth = Truth::Holds;
    const F: Truth = Truth::Fails;

    fn u(inputs: &[Input]) -> Truth {
        Truth::Unknown(inputs.iter().copied().collect())
    }

    #[test]
    fn three_valued_and_and_or() {
        let p = || u(&[Input::Promised]);
        let d = || u(&[Input::Delivered]);
        let both = || u(&[Input::Promised, Input::Delivered]);
        // (left, right, left AND right, left OR right)
        let table = [
            (H, H, H, H),
            (H, F, F, H),
            (F, H, F, H),
            (F, F, F, F),
            (H, p(), p(), H),
            (p(), H, p(), H),
            (F, p(), F, p()),
            (p(), F, F, p()),
            (p(), d(), both(), both()),
        ];
        for (left, right, want_and, want_or) in table {
            assert_eq!(and(left, right), want_and, "{left:?} AND {right:?}");
            assert_eq!(or(left, right), want_or, "{left:?} OR {right:?}");
        }
    }

    const POLICY: &str = r#"
[policy]
id = "unit"
name = "unit"
version = "1"
marketplaces = ["example.test"]
jurisdiction = "FR"
currency = "EUR"
language = "en"

[params]
window = { days = 30, confidence = "official" }

[[channels]]
id = "desk"
role = "customer-service"
label = { en = "desk" }

[problems.defective]
delivered = "implied"
label = { en = "defective" }
description = { en = "broken" }

[deadlines.return_window]
label = { en = "return window" }
from = ["delivered"]
add = "window"

[[routes]]
id = "desk"
channel = "desk"

[[rules]]
id = "low"
problems = ["defective"]
remedy = "repair"
basis = "legal-right"
amount = "none"
return_required = false
priority = 10
explanation.en = "low"

[[rules]]
id = "high"
problems = ["defective"]
when = ["return_window is open"]
remedy = "full-refund"
basis = "retailer-policy"
amount = "full"
return_required = false
priority = 90
explanation.en = "high"

[[rules]]
id = "same-as-low"
problems = ["defective"]
remedy = "replacement"
basis = "legal-right"
amount = "full"
return_required = false
priority = 10
explanation.en = "tie"

[remedies]
repair = { en = "a repair" }
full-refund = { en = "a refund" }
replacement = { en = "a replacement" }

[messages.en.default]
subject = "s"
body = "b"
"#;

    fn policy() -> Policy {
        match load(
            SourceText::new("unit.toml", POLICY),
            &LoadOptions::default(),
        ) {
            Ok(loaded) => loaded.policy,
            Err(d) => panic!("{d}"),
        }
    }

    fn date(s: &str) -> NaiveDate {
        crate::date::parse_date(s).unwrap_or_default()
    }

    fn rule_ids(policy: &Policy, d: &Decision) -> Vec<String> {
        d.offers
            .iter()
            .map(|o| policy.rules[o.rule].id.clone())
            .collect()
    }

    #[test]
    fn the_highest_priority_wins_and_ties_keep_file_order() {
        let policy = policy();
        let mut case = CaseFacts::new(Problem::Defective);
        // (delivered, today, offers best first, missing)
        type Row<'a> = (Option<&'a str>, &'a str, &'a [&'a str], &'a [Input]);
        let table: [Row<'_>; 3] = [
            (
                Some("2026-11-20"),
                "2026-11-26",
                &["high", "low", "same-as-low"],
                &[],
            ),
            (
                Some("2026-09-01"),
                "2026-11-26",
                &["low", "same-as-low"],
                &[],
            ),
            // Unknown delivery: the better rule could apply once it is known.
            (
                None,
                "2026-11-26",
                &["low", "same-as-low"],
                &[Input::Delivered],
            ),
        ];
        for (delivered, today, offers, missing) in table {
            case.delivered = delivered.map(date);
            let d = evaluate(&policy, &case, date(today));
            assert_eq!(rule_ids(&policy, &d), offers, "delivered {delivered:?}");
            assert_eq!(d.missing, missing, "delivered {delivered:?}");
            assert_eq!(d.status, Status::Eligible);
        }
    }

    /// Whatever facts are missing, a damaged or defective item inside the return window is
    /// never answered with a last resort first (a card dispute), on every built-in policy —
    /// even when the seller refused.
    #[test]
    fn a_last_resort_is_never_the_first_advice_inside_the_return_window() {
        let today = date("2026-11-26");
        for id in crate::policy::builtin_ids() {
            let Some(Ok(loaded)) = crate::policy::load_builtin(id, &Default::default()) else {
                panic!("{id} does not load");
            };
            let policy = &loaded.policy;
            for problem in [Problem::Damaged, Problem::Defective] {
                // Each subset of the facts a user may leave out.
                for mask in 0..32u32 {
                    let mut case = CaseFacts::new(problem);
                    case.delivered = Some(date("2026-11-07"));
                    case.refused = Some(true);
                    let known = |bit: u32| mask & (1 << bit) != 0;
                    if known(0) {
                        case.severity = Some(crate::vocab::Severity::Major);
                    }
                    if known(1) {
                        case.seller = Some(crate::vocab::Id::new("amazon"));
                    }
                    if known(2) {
                        case.price = Some(Money::new(Decimal::new(8900, 2), policy.currency));
                    }
                    if known(3) {
                        case.ordered = Some(date("2026-11-01"));
                    }
                    if known(4) {
                        case.return_costly = Some(false);
                    }
                    let d = evaluate(policy, &case, today);
                    let first = d.recommendation().map(|o| &policy.rules[o.rule]);
                    assert!(
                        first.is_some_and(|r| !r.last_resort),
                        "{id} {problem} mask {mask:05b}: {:?}",
                        first.map(|r| &r.id)
                    );
                }
            }
        }
    }

    #[test]
    fn windows_are_estimated_from_the_ship_or_order_date() {
        let policy = policy();
        let mut case = CaseFacts::new(Problem::Defective);
        case.ordered = Some(date("2026-11-01"));
        // (shipped, delivered, window end, estimated)
        let table = [
            (None, Some("2026-11-05"), "2026-12-05", false),
            (Some("2026-11-03"), None, "2026-12-03", true),
            (None, None, "2026-12-01", true),
        ];
        for (shipped, delivered, end, estimated) in table {
            case.shipped = shipped.map(date);
            case.delivered = delivered.map(date);
            let w = windows(&policy, &case, date("2026-11-26"));
            assert_eq!(
                w.iter().map(|w| (w.date, w.estimated)).collect::<Vec<_>>(),
                [(date(end), estimated)],
                "shipped {shipped:?}, delivered {delivered:?}"
            );
        }
    }
}
