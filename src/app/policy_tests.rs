//! Running a policy's own tests: the engine's verdict on each case, every message the policy
//! would draft for it in every language it speaks (so a template that cannot be filled for a
//! real case fails here rather than in front of a user), and the letters of the ladder's
//! levels checked against the articles they must cite and must not: a legal test suite.

use chrono::NaiveDate;

use crate::draft::{self, CaseLabel, Letter, TimelineEntry};
use crate::engine::policy_tests::{self, TestOutcome};
use crate::engine::{Decision, evaluate};
use crate::lang::Lang;
use crate::policy::model::{LetterExpectation, PolicyTest};
use crate::policy::{Policy, cites};
use crate::report;
use crate::vocab::Problem;

/// Runs every test of the policy; see [`policy_tests::run`].
pub fn run(policy: &Policy) -> Vec<TestOutcome> {
    let label = label();
    policy
        .tests
        .all()
        .iter()
        .map(|test| {
            let evaluated = policy_tests::decide(policy, test);
            let mut outcome = policy_tests::outcome(policy, test, &evaluated);
            if let Ok(decision) = &evaluated {
                for lang in &policy.languages {
                    if let Err(e) = report::build(policy, decision, &label, *lang) {
                        outcome
                            .failures
                            .push(format!("the `{lang}` message cannot be drafted: {e}"));
                    }
                }
                for expect in &test.letters {
                    outcome
                        .failures
                        .extend(check_letter(policy, test, decision, expect));
                }
            }
            outcome
        })
        .collect()
}

/// A case as tests name it in letters.
fn label() -> CaseLabel {
    CaseLabel {
        order_id: Some("TEST-0000000".to_owned()),
        title: Some("Test item".to_owned()),
        ..CaseLabel::default()
    }
}

/// Every language's letter of one level, against the articles it must and must not cite.
fn check_letter(
    policy: &Policy,
    test: &PolicyTest,
    decision: &Decision,
    expect: &LetterExpectation,
) -> Vec<String> {
    let level = expect.level;
    let name = policy.ladder.get(level).map_or("?", |l| l.id.as_str());
    let mut failures = Vec::new();
    for &lang in &policy.languages {
        let text = match letter_for(policy, test, decision, level, lang, &label()) {
            Ok(m) => format!("{}\n{}", m.subject, m.body),
            Err(e) => {
                failures.push(format!("letter `{name}` ({lang}): {e}"));
                continue;
            }
        };
        for article in &expect.cites {
            if !cites(&text, article) {
                failures.push(format!("letter `{name}` ({lang}) does not cite {article}"));
            }
        }
        for article in &expect.never {
            if cites(&text, article) {
                failures.push(format!(
                    "letter `{name}` ({lang}) cites {article}, which it must not"
                ));
            }
        }
    }
    failures
}

/// The letter of a level for a test's case, as `claim escalate` would draft it when each
/// earlier letter went unanswered: the first message sent on the test's date, each level
/// climbed the day after the previous one's reply deadline, the case escalated (`refused`).
pub fn letter_for(
    policy: &Policy,
    test: &PolicyTest,
    decision: &Decision,
    level: usize,
    lang: Lang,
    label: &CaseLabel,
) -> Result<draft::Message, String> {
    let mut decision = decision.clone();
    if level > 0 && decision.case.refused.is_none() {
        let mut case = decision.case.clone();
        case.refused = Some(true);
        decision = evaluate(policy, &case, test.today);
    }
    let Some(offer) = decision.recommendation() else {
        return Err("the case has no recommendation to draft a letter for".to_owned());
    };
    let rule = &policy.rules[offer.rule];
    if !policy.ladder[level].follows(decision.problem, Some(&rule.id)) {
        return Err(format!("the level is skipped after rule `{}`", rule.id));
    }
    let basis = rule.basis;
    if !policy.ladder[level].demands(basis) {
        return Err(format!("the level cannot demand a {} remedy", basis.word()));
    }
    let (timeline, today) = timeline(policy, &decision, Some(rule.id.as_str()), level, lang);
    decision.today = today;
    let letter = Letter::new(policy, &decision, level, timeline);
    let ctx = draft::context_for(policy, &decision, label, lang, Some(&letter));
    draft::letter(policy, &ctx, &decision, lang, level)
        .map_err(|e| format!("cannot be drafted: {e}"))
}

/// The steps a letter of `level` recaps in a test, and the date it is written: the first
/// message on the decision's date, then each level followed the day after the previous
/// one's reply deadline.
fn timeline(
    policy: &Policy,
    decision: &Decision,
    rule: Option<&str>,
    level: usize,
    lang: Lang,
) -> (Vec<(NaiveDate, TimelineEntry)>, NaiveDate) {
    let problem = decision.problem;
    let next = |l: usize, from: NaiveDate| {
        crate::date::add_days(from, policy.wait_days(l, problem, from).unwrap_or(0) + 1)
    };
    let mut date = decision.today;
    let mut steps = vec![(date, TimelineEntry::Sent)];
    let mut last = 0;
    for l in (1..level).filter(|&l| policy.ladder[l].follows(problem, rule)) {
        date = next(last, date);
        let rung = &policy.ladder[l];
        let step = rung
            .step
            .as_ref()
            .unwrap_or(&rung.label)
            .get(lang)
            .to_owned();
        steps.push((date, TimelineEntry::FollowUp(step)));
        last = l;
    }
    let written = if level == 0 {
        decision.today
    } else {
        next(last, date)
    };
    (steps, written)
}

/// The letters no test checks: each problem the policy covers, at each level of the ladder
/// that applies to it, needs a test naming what its letter cites.
pub fn unchecked_letters(policy: &Policy) -> Vec<(Problem, &str)> {
    let mut out = Vec::new();
    for problem in policy.problems.keys() {
        for (index, level) in policy.ladder.iter().enumerate() {
            if !level.applies_to(*problem) {
                continue;
            }
            let checked = policy.tests.all().iter().any(|t| {
                t.case.problem == Some(*problem) && t.letters.iter().any(|l| l.level == index)
            });
            if !checked {
                out.push((*problem, level.id.as_str()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{LoadOptions, builtin_ids, load_builtin};

    #[test]
    fn builtin_policy_tests_pass() {
        for id in builtin_ids() {
            let Some(Ok(loaded)) = load_builtin(id, &LoadOptions::default()) else {
                panic!("{id} does not load");
            };
            let outcomes = run(&loaded.policy);
            let untested = policy_tests::untested_rules(&loaded.policy, &outcomes);
            assert!(
                untested.is_empty(),
                "{id}: rules without a test: {untested:?}"
            );
            let unchecked = unchecked_letters(&loaded.policy);
            assert!(
                unchecked.is_empty(),
                "{id}: letters no test checks (problem, level): {unchecked:?}"
            );
            let failed: Vec<String> = outcomes
                .into_iter()
                .filter(|o| !o.passed())
                .map(|o| format!("{id}:{}: {}: {}", o.line, o.name, o.failures.join("; ")))
                .collect();
            assert!(failed.is_empty(), "\n{}", failed.join("\n"));
        }
    }
}
