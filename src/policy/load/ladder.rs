//! `[[ladder]]`: the escalation levels, in order, each with the wait before the next.

use std::collections::BTreeMap;

use super::Builder;
use crate::policy::model::{Duration, LadderLevel, Param};
use crate::policy::raw::RawLevel;

impl Builder<'_> {
    pub(super) fn ladder(
        &mut self,
        raw: &[RawLevel],
        params: &BTreeMap<String, Param>,
    ) -> Vec<LadderLevel> {
        let mut out: Vec<LadderLevel> = Vec::new();
        for level in raw {
            let id = level.id.get_ref().clone();
            if out.iter().any(|l| l.id == id) {
                self.error(level.id.span(), format!("duplicate ladder level `{id}`"));
            }
            let wait = level
                .wait
                .as_ref()
                .and_then(|w| self.param::<Duration>(params, w));
            let label = self.texts(
                &level.label,
                &format!("ladder level `{id}` label"),
                Some(level.id.span()),
            );
            let guidance = level.guidance.as_ref().map(|g| {
                self.texts(
                    g,
                    &format!("ladder level `{id}` guidance"),
                    Some(level.id.span()),
                )
            });
            let step = level.step.as_ref().map(|t| {
                self.texts(
                    t,
                    &format!("ladder level `{id}` step"),
                    Some(level.id.span()),
                )
            });
            let wait_for = level
                .wait_for
                .iter()
                .filter_map(|(problem, w)| {
                    self.param::<Duration>(params, w)
                        .map(|d| (*problem.get_ref(), d))
                })
                .collect();
            out.push(LadderLevel {
                id,
                label,
                wait,
                guidance,
                problems: level.problems.iter().map(|p| *p.get_ref()).collect(),
                wait_for,
                bases: level.bases.clone(),
                skip_rules: level
                    .skip_rules
                    .iter()
                    .map(|r| r.get_ref().clone())
                    .collect(),
                step,
                terminates: level.terminates,
            });
        }
        out
    }

    /// The rules a level skips exist.
    pub(super) fn skipped_rules(&mut self, raw: &[RawLevel], rules: &[&str]) {
        for level in raw {
            self.refs(&level.skip_rules, rules, "rule");
        }
    }
}
