//! Invariants of the engine and its texts, on random valid cases of both built-in policies
//! and both languages (proptest): what must hold whatever the facts.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use claim::case::{CaseFacts, check_case};
use claim::draft::{self, CaseLabel, Letter};
use claim::engine::evaluate;
use claim::lang::Lang;
use claim::money::{Currency, Money, parse_typed_amount};
use claim::policy::Policy;
use claim::policy::load::LoadOptions;
use claim::vocab::{ItemCondition, Problem, Severity, Status};

fn day(offset: i64) -> NaiveDate {
    claim::date::add_days(today(), offset)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

fn policy(id: &str) -> Policy {
    claim::policy::load_builtin(id, &LoadOptions::default())
        .expect("built in")
        .expect("loads")
        .policy
}

thread_local! {
    static POLICIES: [Policy; 2] = [policy("amazon-fr"), policy("amazon-us")];
}

/// The facts a buyer could give, as offsets and choices; [`Facts::under`] makes them a case
/// of a policy (its sellers, evidence and currency), dates consistent as the CLI demands.
#[derive(Debug, Clone)]
struct Facts {
    problem: usize,
    seller: Option<usize>,
    prime: Option<bool>,
    severity: Option<usize>,
    /// Days before today the order was placed.
    ordered_ago: i64,
    promised_after: Option<i64>,
    shipped_after: Option<i64>,
    /// Days after the order it was delivered; `None` unknown, `Some(None)` not delivered.
    delivered_after: Option<Option<i64>>,
    returned_after: Option<i64>,
    contacted_after: Option<i64>,
    cents: Option<i64>,
    quantity: Option<u32>,
    used: Option<bool>,
    evidence: Vec<bool>,
    refused: Option<bool>,
    return_costly: Option<bool>,
    withdrawal: Option<bool>,
    shipping_cents: Option<i64>,
}

fn facts() -> impl Strategy<Value = Facts> {
    (
        (
            0..Problem::ALL.len(),
            proptest::option::of(0..8usize),
            proptest::option::of(any::<bool>()),
            proptest::option::of(0..Severity::ALL.len()),
            0..900i64,
            proptest::option::of(0..40i64),
            proptest::option::of(0..10i64),
            proptest::option::of(proptest::option::of(0..90i64)),
        ),
        (
            proptest::option::of(0..60i64),
            proptest::option::of(0..60i64),
            proptest::option::of(1..2_000_000i64),
            proptest::option::of(1..4u32),
            proptest::option::of(any::<bool>()),
            proptest::collection::vec(any::<bool>(), 8),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(0..2_000i64),
        ),
    )
        .prop_map(|(a, b)| Facts {
            problem: a.0,
            seller: a.1,
            prime: a.2,
            severity: a.3,
            ordered_ago: a.4,
            promised_after: a.5,
            shipped_after: a.6,
            delivered_after: a.7,
            returned_after: b.0,
            contacted_after: b.1,
            cents: b.2,
            quantity: b.3,
            used: b.4,
            evidence: b.5,
            refused: b.6,
            return_costly: b.7,
            withdrawal: b.8,
            shipping_cents: b.9,
        })
}

impl Facts {
    /// The case under `policy`, or `None` when the CLI would refuse it (a date after today,
    /// a problem the policy does not cover).
    fn under(&self, policy: &Policy) -> Option<CaseFacts> {
        let money = |cents: i64| Money::new(Decimal::new(cents, 2), policy.currency);
        let ordered = day(-self.ordered_ago);
        let after = |d: i64| claim::date::add_days(ordered, d);
        let mut case = CaseFacts::new(Problem::ALL[self.problem]);
        case.seller = self
            .seller
            .map(|s| policy.sellers[s % policy.sellers.len()].id.clone());
        case.prime = self.prime.filter(|_| policy.membership.is_some());
        case.severity = self.severity.map(|s| Severity::ALL[s]);
        case.ordered = Some(ordered);
        case.promised = self.promised_after.map(after);
        case.shipped = self.shipped_after.map(after);
        match self.delivered_after {
            Some(Some(d)) => case.delivered = Some(after(d)),
            Some(None) => case.not_delivered = true,
            None => {}
        }
        case.returned = self
            .returned_after
            .map(|d| claim::date::add_days(case.delivered.unwrap_or(ordered), d));
        case.contacted_seller = self.contacted_after.map(after);
        case.price = self.cents.map(money);
        case.quantity = self.quantity;
        case.condition = self.used.map(|used| {
            if used {
                ItemCondition::Used
            } else {
                ItemCondition::New
            }
        });
        case.evidence = policy
            .evidence
            .keys()
            .zip(&self.evidence)
            .filter(|(_, held)| **held)
            .map(|(id, _)| id.clone())
            .collect();
        case.refused = self.refused;
        case.return_costly = self.return_costly;
        case.withdrawal = self.withdrawal;
        case.shipping = self.shipping_cents.map(money);
        let latest = [
            case.shipped,
            case.delivered,
            case.returned,
            case.contacted_seller,
        ];
        if latest.into_iter().flatten().any(|d| d > today()) {
            return None;
        }
        (check_case(&case, today()).is_ok() && policy.check_case(&case).is_ok()).then_some(case)
    }
}

fn label() -> CaseLabel {
    CaseLabel {
        order_id: Some("171-0000000-0000000".to_owned()),
        title: Some("Bouilloire".to_owned()),
        signature: Some("Camille Martin".to_owned()),
        contact: Some("camille@example.org".to_owned()),
        address: Some("12 rue des Lilas\n75011 Paris".to_owned()),
        place: Some("Paris".to_owned()),
        ..CaseLabel::default()
    }
}

/// Every text drafted for a decision, in a language: the first message and the letter of
/// each level the ladder climbs for its recommendation; an error says which failed.
fn drafts(policy: &Policy, case: &CaseFacts, lang: Lang) -> Result<Vec<String>, String> {
    let decision = evaluate(policy, case, today());
    let report = claim::report::build(policy, &decision, &label(), lang)
        .map_err(|e| format!("report: {e}"))?;
    let mut texts = vec![serde_json::to_string(&report).map_err(|e| e.to_string())?];
    let Some(offer) = decision.recommendation() else {
        return Ok(texts);
    };
    let rule = &policy.rules[offer.rule];
    for level in 0..policy.ladder.len() {
        let rung = &policy.ladder[level];
        if level > 0
            && !(rung.follows(decision.problem, Some(&rule.id)) && rung.demands(rule.basis))
        {
            continue;
        }
        let letter = Letter::new(policy, &decision, level, Vec::new());
        let ctx = draft::context_for(policy, &decision, &label(), lang, Some(&letter));
        let message = draft::letter(policy, &ctx, &decision, lang, level)
            .map_err(|e| format!("level {level} ({}): {e}", rung.id))?;
        texts.push(format!("{}\n{}", message.subject, message.body));
    }
    Ok(texts)
}

fn rank(status: Status) -> u8 {
    match status {
        Status::Eligible => 2,
        Status::Undetermined => 1,
        _ => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_same_case_gets_the_same_answer(f in facts(), which in 0..2usize) {
        POLICIES.with(|policies| {
            let policy = &policies[which];
            let Some(case) = f.under(policy) else { return Ok(()) };
            prop_assert_eq!(evaluate(policy, &case, today()), evaluate(policy, &case, today()));
            for lang in [Lang::Fr, Lang::En] {
                prop_assert_eq!(drafts(policy, &case, lang), drafts(policy, &case, lang));
            }
            Ok(())
        })?;
    }

    /// Every report, message and letter renders, with nothing left unfilled: a fact becoming
    /// known can never turn an answer into an error, since no valid case gives one.
    #[test]
    fn every_text_renders_whole_for_every_valid_case(f in facts(), which in 0..2usize) {
        POLICIES.with(|policies| {
            let policy = &policies[which];
            let Some(case) = f.under(policy) else { return Ok(()) };
            for lang in [Lang::Fr, Lang::En] {
                let texts = drafts(policy, &case, lang);
                prop_assert!(texts.is_ok(), "{} {:?}: {:?}", policy.id, lang, texts);
                for text in texts.unwrap_or_default() {
                    for residue in ["{{", "}}", "{%", "%}", "{#"] {
                        prop_assert!(!text.contains(residue), "{}: {}", residue, text);
                    }
                }
            }
            Ok(())
        })?;
    }

    #[test]
    fn a_later_day_never_reopens_a_closed_window(f in facts(), which in 0..2usize, later in 1..800i64) {
        POLICIES.with(|policies| {
            let policy = &policies[which];
            let Some(case) = f.under(policy) else { return Ok(()) };
            let now = evaluate(policy, &case, today());
            let then = evaluate(policy, &case, day(later));
            for closed in now.deadlines.iter().filter(|d| d.date < today()) {
                if let Some(after) = then.deadlines.iter().find(|d| d.index == closed.index) {
                    prop_assert!(after.date < day(later), "{:?} reopened as {:?}", closed, after);
                }
            }
            Ok(())
        })?;
    }

    #[test]
    fn more_days_late_never_weakens_the_remedy(
        f in facts(), which in 0..2usize, late in 1..30i64, more in 1..60i64,
    ) {
        POLICIES.with(|policies| {
            let policy = &policies[which];
            let mut f = f;
            f.problem = Problem::ALL.iter().position(|p| *p == Problem::LateDelivery).unwrap_or(0);
            f.ordered_ago = f.ordered_ago.max(120);
            let promised = f.promised_after.unwrap_or(5);
            f.promised_after = Some(promised);
            f.returned_after = None;
            let at = |days_late: i64| {
                let mut f = f.clone();
                f.delivered_after = Some(Some(promised + days_late));
                f.under(policy).map(|case| evaluate(policy, &case, today()))
            };
            let (Some(less), Some(worse)) = (at(late), at(late + more)) else { return Ok(()) };
            prop_assert!(rank(worse.status) >= rank(less.status), "{:?} then {:?}", less.status, worse.status);
            if let (Some(a), Some(b)) = (less.recommendation(), worse.recommendation())
                && let (Some(x), Some(y)) = (a.amount, b.amount)
            {
                prop_assert!(y.amount >= x.amount, "{} late: {:?}; {} late: {:?}", late, x, late + more, y);
            }
            Ok(())
        })?;
    }

    #[test]
    fn money_round_trips_through_every_text_form(cents in 1..1_000_000_000i64, code in 0..3usize) {
        let currency: Currency = ["EUR", "USD", "GBP"][code].parse().expect("currency");
        let money = Money::new(Decimal::new(cents, 2), currency);
        // As written for people, without the currency sign (typed amounts take none: the
        // currency is the order's).
        for text in [money.amount_string(), Lang::Fr.money(money), Lang::En.money(money)] {
            let typed = text.replace(['€', '$', '£'], "");
            prop_assert_eq!(parse_typed_amount(&typed), Ok(money.amount), "{}", text);
        }
        let json = serde_json::to_string(&money).expect("json");
        let back: Money = serde_json::from_str(&json).expect("back");
        prop_assert_eq!(back, money);
    }
}

/// The command-line flags that say what a batch line says (`"not_delivered": true` →
/// `--not-delivered`, `"prime": false` → `--no-prime`); `None` when a value has no flag
/// (`"refused": false`: the command line can only say yes).
fn flags(line: &serde_json::Value) -> Option<Vec<String>> {
    let mut flags = Vec::new();
    for (key, value) in line.as_object()? {
        let flag = format!("--{}", key.replace('_', "-"));
        match value {
            serde_json::Value::Bool(true) => flags.push(flag),
            serde_json::Value::Bool(false) if key == "prime" => flags.push("--no-prime".to_owned()),
            serde_json::Value::Bool(false) => return None,
            serde_json::Value::Array(items) => {
                let items: Vec<&str> = items.iter().filter_map(|v| v.as_str()).collect();
                flags.extend([flag, items.join(",")]);
            }
            serde_json::Value::String(text) => flags.extend([flag, text.clone()]),
            other => flags.extend([flag, other.to_string()]),
        }
    }
    Some(flags)
}

#[test]
fn a_batch_says_what_single_checks_say() {
    use proptest::strategy::ValueTree as _;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let sb = super::Sandbox::new();
    for id in ["amazon-fr", "amazon-us"] {
        let policy = policy(id);
        let mut cases = Vec::new();
        while cases.len() < 12 {
            let f = facts().new_tree(&mut runner).expect("facts").current();
            let Some(case) = f.under(&policy) else {
                continue;
            };
            let line =
                serde_json::to_value(claim::case::CaseInput::from_facts(&case)).expect("json");
            if let Some(flags) = flags(&line) {
                cases.push((line, flags));
            }
        }
        let lines: Vec<String> = cases.iter().map(|(line, _)| line.to_string()).collect();
        let batch = sb
            .cmd()
            .args(["--policy", id, "check", "--batch", "-"])
            .stdin(&lines.join("\n"))
            .run()
            .expect_code(0)
            .stdout();
        for ((line, flags), answer) in cases.iter().zip(batch.lines()) {
            let single = sb
                .cmd()
                .args(["--policy", id, "check", "--json"])
                .args(flags)
                .run()
                .stdout();
            let single: serde_json::Value = serde_json::from_str(&single).expect("single");
            let answer: serde_json::Value = serde_json::from_str(answer).expect("batch line");
            assert_eq!(single, answer, "{id}: {line}\n{flags:?}");
        }
    }
}
