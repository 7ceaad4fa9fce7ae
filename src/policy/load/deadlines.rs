//! `[deadlines]`: named dates computed from the facts, and the conditions rules, routes and
//! deadlines test.

use std::collections::BTreeMap;

use toml::Spanned;

use super::Builder;
use crate::case::Anchor;
use crate::policy::condition::{self, Scope};
use crate::policy::model::{Condition, Deadline, DeadlineKind, Duration, Season};
use crate::policy::raw::{Key, RawDeadline, RawDeadlineKind};
use crate::suggest::did_you_mean;

impl Builder<'_> {
    /// Parses and type-checks conditions, each error at its place in its string.
    pub(super) fn conditions(
        &mut self,
        raw: &[Spanned<String>],
        scope: &Scope<'_>,
    ) -> Vec<Condition> {
        let mut out = Vec::new();
        for c in raw {
            match condition::parse(c.get_ref(), scope) {
                Ok(cond) => out.push(cond),
                Err((range, msg)) => self.error_in(&c.span(), range, msg),
            }
        }
        out
    }

    pub(super) fn deadlines(
        &mut self,
        raw: &BTreeMap<Key, RawDeadline>,
        scope: &Scope<'_>,
    ) -> Vec<Deadline> {
        let anchors: Vec<&str> = Anchor::ALL.iter().map(|a| a.name()).collect();
        let mut out = Vec::new();
        for (id, d) in raw {
            let mut from = Vec::new();
            for a in &d.from {
                match Anchor::from_name(a.get_ref()) {
                    Some(anchor) => from.push(anchor),
                    None => self.error(
                        a.span(),
                        format!(
                            "unknown date `{}`{} (expected one of: {})",
                            a.get_ref(),
                            did_you_mean(a.get_ref(), anchors.iter().copied()),
                            anchors.join(", ")
                        ),
                    ),
                }
            }
            if d.from.is_empty() {
                self.error(
                    id.span(),
                    format!(
                        "deadline `{}` needs at least one date in `from`",
                        id.get_ref()
                    ),
                );
            }
            let add = self.param::<Duration>(scope.params, &d.add);
            let extend = d
                .extend
                .as_ref()
                .and_then(|e| self.param::<Season>(scope.params, e));
            let when = self.conditions(&d.when, scope);
            let what = format!("deadline `{}` label", id.get_ref());
            let label = self.texts(&d.label, &what, Some(id.span()));
            if let Some(add) = add {
                out.push(Deadline {
                    id: id.get_ref().clone(),
                    kind: match d.kind {
                        RawDeadlineKind::Window => DeadlineKind::Window,
                        RawDeadlineKind::Milestone => DeadlineKind::Milestone,
                    },
                    label,
                    from,
                    add,
                    add_param: d.add.get_ref().clone(),
                    extend,
                    when,
                    problems: d.problems.clone(),
                });
            }
        }
        out
    }
}
