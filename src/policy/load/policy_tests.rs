//! `[[tests]]`: the cases a policy carries, and what it expects of each.

use std::collections::BTreeMap;

use toml::Spanned;

use super::Builder;
use crate::case::Input;
use crate::policy::model::{Channel, Expectation, LetterExpectation, PolicyTest, Route, Rule};
use crate::policy::raw::RawTest;
use crate::suggest::did_you_mean;

impl Builder<'_> {
    pub(super) fn tests(
        &mut self,
        raw: &[Spanned<RawTest>],
        rules: &[Rule],
        routes: &[Route],
        channels: &[Channel],
        deadlines: &[String],
        ladder: &[crate::policy::model::LadderLevel],
    ) -> Vec<PolicyTest> {
        let level_ids: Vec<&str> = ladder.iter().map(|l| l.id.as_str()).collect();
        let rule_ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let route_ids: Vec<&str> = routes.iter().map(|r| r.id.as_str()).collect();
        let mut out = Vec::new();
        // Tests come in file order: count their lines as we go, not from the top each time.
        let mut counted = (0usize, 1usize);
        for spanned in raw {
            let t = spanned.get_ref();
            let e = &t.expect;
            let check_id =
                |b: &mut Self, id: &Option<Spanned<String>>, known: &[&str], what: &str| {
                    if let Some(id) = id
                        && !known.contains(&id.get_ref().as_str())
                    {
                        b.error(
                            id.span(),
                            format!(
                                "unknown {what} `{}`{}",
                                id.get_ref(),
                                did_you_mean(id.get_ref(), known.iter().copied())
                            ),
                        );
                    }
                };
            check_id(self, &e.rule, &rule_ids, "rule");
            check_id(self, &e.route, &route_ids, "route");
            let channel_ids: Vec<&str> = channels.iter().map(|c| c.id.as_str()).collect();
            let channel = e
                .channel
                .as_ref()
                .and_then(|c| self.reference(c, &channel_ids, "channel"))
                .map(|i| channels[i].id.clone());
            let mut missing = Vec::new();
            for m in &e.missing {
                match Input::from_name(m.get_ref()) {
                    Some(i) => missing.push(i),
                    None => self.error(
                        m.span(),
                        format!(
                            "unknown fact `{}`{}",
                            m.get_ref(),
                            did_you_mean(m.get_ref(), Input::ALL.iter().map(|i| i.name()))
                        ),
                    ),
                }
            }
            let mut expected_deadlines = BTreeMap::new();
            for (id, date) in &e.deadline {
                if !deadlines.contains(id.get_ref()) {
                    self.error(
                        id.span(),
                        format!(
                            "unknown deadline `{}`{}",
                            id.get_ref(),
                            did_you_mean(id.get_ref(), deadlines.iter().map(String::as_str))
                        ),
                    );
                }
                expected_deadlines.insert(id.get_ref().clone(), date.0);
            }
            let amount =
                e.amount
                    .as_ref()
                    .and_then(|a| match crate::money::parse_amount(a.get_ref()) {
                        Ok(v) => Some(v),
                        Err(msg) => {
                            self.error(a.span(), msg);
                            None
                        }
                    });
            let mut letters = Vec::new();
            for (level, expect) in &t.letters {
                let Some(index) = self.reference(level, &level_ids, "ladder level") else {
                    continue;
                };
                if let Some(problem) = t.case.problem
                    && !ladder[index].applies_to(problem)
                {
                    self.error(
                        level.span(),
                        format!("level `{}` does not apply to `{problem}`", level.get_ref()),
                    );
                }
                letters.push(LetterExpectation {
                    level: index,
                    cites: expect.cites.clone(),
                    never: expect.never.clone(),
                });
            }
            out.push(PolicyTest {
                name: t.name.clone(),
                line: line_of(&self.src.text, &mut counted, spanned.span().start),
                today: t.today.0,
                case: t.case.clone(),
                expect: Expectation {
                    status: e.status,
                    remedy: e.remedy,
                    basis: e.basis,
                    rule: e.rule.as_ref().map(|r| r.get_ref().clone()),
                    route: e.route.as_ref().map(|r| r.get_ref().clone()),
                    channel,
                    alternatives: e.alternatives.clone(),
                    missing,
                    return_required: e.return_required,
                    return_paid_by: e.return_paid_by,
                    amount,
                    deadlines: expected_deadlines,
                },
                letters,
            });
        }
        out
    }
}

/// The 1-based line of `offset`, counting from the last offset asked (`counted`).
fn line_of(text: &str, counted: &mut (usize, usize), offset: usize) -> usize {
    let (from, line) = if offset >= counted.0 {
        *counted
    } else {
        (0, 1)
    };
    let newlines = text
        .get(from..offset)
        .map_or(0, |between| between.bytes().filter(|b| *b == b'\n').count());
    *counted = (offset, line + newlines);
    counted.1
}
