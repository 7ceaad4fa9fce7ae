//! `claim policy test`: running the test cases a policy carries, like OPA's and Cedar's
//! policy tests. Each test also renders the report and the message, so a template that
//! cannot be filled for a real case fails here rather than in front of a user.

use crate::draft::CaseLabel;
use crate::engine::evaluate;
use crate::engine::input::check_case;
use crate::policy::Policy;
use crate::policy::model::PolicyTest;
use crate::report::{self, Report};

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

/// Runs every test of the policy, in every language it speaks.
pub fn run(policy: &Policy) -> Vec<TestOutcome> {
    policy.tests.iter().map(|t| run_one(policy, t)).collect()
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

fn run_one(policy: &Policy, test: &PolicyTest) -> TestOutcome {
    let mut failures = Vec::new();
    let outcome = |failures, applied| TestOutcome {
        name: test.name.clone(),
        line: test.line,
        failures,
        applied,
    };
    let facts = match test.case.to_facts(None, policy.currency) {
        Ok(f) => f,
        Err(e) => return outcome(vec![format!("invalid case: {e}")], Vec::new()),
    };
    if let Err(e) = check_case(&facts, test.today, &policy.id, policy.currency) {
        return outcome(vec![format!("invalid case: {e}")], Vec::new());
    }
    let decision = evaluate(policy, &facts, test.today);
    let label = CaseLabel {
        order_id: Some("TEST-0000000".to_owned()),
        title: Some("Test item".to_owned()),
        ..CaseLabel::default()
    };
    let mut reports = Vec::new();
    for lang in &policy.languages {
        match report::build(policy, &decision, &label, lang) {
            Ok(r) => reports.push(r),
            Err(e) => failures.push(format!("the `{lang}` message cannot be drafted: {e}")),
        }
    }
    if let Some(report) = reports.first() {
        compare(test, report, &mut failures);
    }
    outcome(failures, decision.offers.iter().map(|o| o.rule).collect())
}

fn compare(test: &PolicyTest, r: &Report, failures: &mut Vec<String>) {
    let e = &test.expect;
    let mut found = Vec::new();
    let mut check = |what: &str, expected: String, actual: String| {
        if expected != actual {
            found.push(format!("{what}: expected {expected}, got {actual}"));
        }
    };
    let rec = r.recommendation.as_ref();
    let show = |s: Option<String>| s.unwrap_or_else(|| "none".to_owned());
    if let Some(s) = e.status {
        check("status", s.word().to_owned(), r.status.word().to_owned());
    }
    if let Some(k) = e.remedy {
        check(
            "remedy",
            k.word().to_owned(),
            show(rec.map(|x| x.kind.word().to_owned())),
        );
    }
    if let Some(b) = e.basis {
        check(
            "basis",
            b.word().to_owned(),
            show(rec.map(|x| x.basis.word().to_owned())),
        );
    }
    if let Some(rule) = &e.rule {
        check("rule", rule.clone(), show(rec.map(|x| x.rule.to_string())));
    }
    if let Some(route) = &e.route {
        check(
            "route",
            route.clone(),
            show(r.route.as_ref().map(|x| x.to_string())),
        );
    }
    if let Some(c) = e.channel {
        check(
            "channel",
            c.word().to_owned(),
            show(rec.map(|x| x.channel.word().to_owned())),
        );
    }
    if let Some(rr) = e.return_required {
        check(
            "return_required",
            rr.to_string(),
            show(rec.map(|x| x.return_required.to_string())),
        );
    }
    if let Some(p) = e.return_paid_by {
        check(
            "return_paid_by",
            p.word().to_owned(),
            show(
                rec.and_then(|x| x.return_shipping_paid_by)
                    .map(|p| p.word().to_owned()),
            ),
        );
    }
    if let Some(a) = e.amount {
        check(
            "amount",
            a.to_string(),
            show(
                rec.and_then(|x| x.amount.as_ref())
                    .map(|m| m.amount.to_string()),
            ),
        );
    }
    if let Some(alts) = &e.alternatives {
        let want: Vec<&str> = alts.iter().map(|k| k.word()).collect();
        let got: Vec<&str> = r.alternatives.iter().map(|a| a.kind.word()).collect();
        check(
            "alternatives",
            format!("[{}]", want.join(", ")),
            format!("[{}]", got.join(", ")),
        );
    }
    for (id, date) in &e.deadlines {
        let got = r
            .deadlines
            .iter()
            .find(|d| d.id == *id)
            .map(|d| d.date.to_string());
        check(&format!("deadline {id}"), date.to_string(), show(got));
    }
    failures.append(&mut found);
    for m in &e.missing {
        if !r.missing_facts.iter().any(|x| x == m.name()) {
            failures.push(format!(
                "missing_facts: expected it to name `{m}`, got [{}]",
                r.missing_facts.join(", ")
            ));
        }
    }
}
