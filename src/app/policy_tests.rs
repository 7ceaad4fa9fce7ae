//! Running a policy's own tests: the engine's verdict on each case, and every message the
//! policy would draft for it, in every language it speaks — so a template that cannot be
//! filled for a real case fails here rather than in front of a user.

use crate::draft::CaseLabel;
use crate::engine::policy_tests::{self, TestOutcome};
use crate::policy::Policy;
use crate::report;

/// Runs every test of the policy; see [`policy_tests::run`].
pub fn run(policy: &Policy) -> Vec<TestOutcome> {
    let label = CaseLabel {
        order_id: Some("TEST-0000000".to_owned()),
        title: Some("Test item".to_owned()),
        ..CaseLabel::default()
    };
    policy
        .tests
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
            }
            outcome
        })
        .collect()
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
            let failed: Vec<String> = outcomes
                .into_iter()
                .filter(|o| !o.passed())
                .map(|o| format!("{id}:{}: {}: {}", o.line, o.name, o.failures.join("; ")))
                .collect();
            assert!(failed.is_empty(), "\n{}", failed.join("\n"));
        }
    }
}
