//! `claim policy test`: the test cases a policy carries (`[[tests]]`), run through the engine
//! like OPA's and Cedar's policy tests. Each expectation is compared with the [`Decision`]
//! itself, never with rendered text.

use crate::case::check_case;
use crate::engine::{Decision, evaluate};
use crate::policy::Policy;
use crate::policy::model::{Expectation, PolicyTest};

/// The outcome of one test: the failures found (empty when it passed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    pub name: String,
    pub line: usize,
    pub failures: Vec<String>,
    /// Indexes of the rules that applied in this test.
    pub applied: Vec<usize>,
}

impl TestOutcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// A test's decision, or why its case could not be evaluated.
pub type Evaluated = Result<Decision, String>;

/// Evaluates the case of one test.
pub fn decide(policy: &Policy, test: &PolicyTest) -> Evaluated {
    let facts = test
        .case
        .to_facts(None, policy.currency)
        .map_err(|e| format!("invalid case: {e}"))?;
    check_case(&facts, test.today)
        .and_then(|()| policy.check_case(&facts))
        .map_err(|e| format!("invalid case: {e}"))?;
    Ok(evaluate(policy, &facts, test.today))
}

/// Runs every test of the policy.
pub fn run(policy: &Policy) -> Vec<TestOutcome> {
    policy
        .tests
        .all()
        .iter()
        .map(|t| outcome(policy, t, &decide(policy, t)))
        .collect()
}

/// Compares a test's decision with what the test expects.
pub fn outcome(policy: &Policy, test: &PolicyTest, evaluated: &Evaluated) -> TestOutcome {
    let (failures, applied) = match evaluated {
        Ok(decision) => (
            compare(policy, &test.expect, decision),
            decision.offers.iter().map(|o| o.rule).collect(),
        ),
        Err(e) => (vec![e.clone()], Vec::new()),
    };
    TestOutcome {
        name: test.name.clone(),
        line: test.line,
        failures,
        applied,
    }
}

/// The ids of the rules no test exercises (none of them applied in any test).
pub fn untested_rules<'p>(policy: &'p Policy, outcomes: &[TestOutcome]) -> Vec<&'p str> {
    policy
        .rules
        .iter()
        .enumerate()
        .filter(|(i, _)| !outcomes.iter().any(|o| o.applied.contains(i)))
        .map(|(_, r)| r.id.as_str())
        .collect()
}

/// One line per expectation the decision does not meet.
fn compare(policy: &Policy, e: &Expectation, d: &Decision) -> Vec<String> {
    let mut failures = Vec::new();
    let mut check = |what: &str, expected: String, actual: Option<String>| {
        let actual = actual.unwrap_or_else(|| "none".to_owned());
        if expected != actual {
            failures.push(format!("{what}: expected {expected}, got {actual}"));
        }
    };
    let offer = d.recommendation();
    let rule = offer.map(|o| &policy.rules[o.rule]);
    if let Some(s) = e.status {
        check(
            "status",
            s.word().to_owned(),
            Some(d.status.word().to_owned()),
        );
    }
    if let Some(k) = e.remedy {
        check(
            "remedy",
            k.word().to_owned(),
            rule.map(|r| r.remedy.word().to_owned()),
        );
    }
    if let Some(b) = e.basis {
        check(
            "basis",
            b.word().to_owned(),
            rule.map(|r| r.basis.word().to_owned()),
        );
    }
    if let Some(id) = &e.rule {
        check("rule", id.clone(), rule.map(|r| r.id.clone()));
    }
    if let Some(id) = &e.route {
        check(
            "route",
            id.clone(),
            d.route.map(|i| policy.routes[i].id.clone()),
        );
    }
    if let Some(c) = &e.channel {
        check(
            "channel",
            c.to_string(),
            offer.map(|o| policy.channels[o.channel].id.to_string()),
        );
    }
    if let Some(rr) = e.return_required {
        check(
            "return_required",
            rr.to_string(),
            rule.map(|r| r.return_required.to_string()),
        );
    }
    if let Some(p) = e.return_paid_by {
        check(
            "return_paid_by",
            p.word().to_owned(),
            rule.and_then(|r| r.return_paid_by)
                .map(|p| p.word().to_owned()),
        );
    }
    if let Some(a) = e.amount {
        check(
            "amount",
            a.to_string(),
            offer.and_then(|o| o.amount).map(|m| m.amount.to_string()),
        );
    }
    if let Some(alts) = &e.alternatives {
        let want: Vec<&str> = alts.iter().map(|k| k.word()).collect();
        let got: Vec<&str> = d
            .alternatives()
            .iter()
            .map(|o| policy.rules[o.rule].remedy.word())
            .collect();
        check(
            "alternatives",
            format!("[{}]", want.join(", ")),
            Some(format!("[{}]", got.join(", "))),
        );
    }
    for (id, date) in &e.deadlines {
        let got = d
            .deadlines
            .iter()
            .find(|x| policy.deadlines[x.index].id == *id)
            .map(|x| x.date.to_string());
        check(&format!("deadline {id}"), date.to_string(), got);
    }
    for m in &e.missing {
        if !d.missing.contains(m) {
            let named: Vec<&str> = d.missing.iter().map(|i| i.name()).collect();
            failures.push(format!(
                "missing_facts: expected it to name `{m}`, got [{}]",
                named.join(", ")
            ));
        }
    }
    failures
}
