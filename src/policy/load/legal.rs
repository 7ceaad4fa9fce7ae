//! `[legal]` and `[repealed]`: the articles a policy cites, each with where to read it, and
//! the articles the law no longer has, which nothing in the policy may cite.

use std::collections::BTreeMap;

use super::Builder;
use crate::policy::condition::Scope;
use crate::policy::model::{LadderLevel, LegalRef, Repealed};
use crate::policy::raw::{Key, RawLegal, RawRepealed};

impl Builder<'_> {
    pub(super) fn legal(
        &mut self,
        raw: &BTreeMap<Key, RawLegal>,
        sources: &[String],
        scope: &Scope<'_>,
        ladder: &[LadderLevel],
    ) -> Vec<LegalRef> {
        let level_ids: Vec<&str> = ladder.iter().map(|l| l.id.as_str()).collect();
        let mut out = Vec::new();
        for (id, l) in raw {
            let what = format!("legal reference `{}`", id.get_ref());
            let summary = self.texts(&l.summary, &what, Some(id.span()));
            let source = self.source_ref(l.source.as_ref(), sources);
            let unchecked: Vec<&str> = [
                ("url", l.url.is_none()),
                ("excerpt", l.excerpt.is_none()),
                ("in_force", l.in_force.is_none()),
            ]
            .into_iter()
            .filter(|(_, absent)| *absent)
            .map(|(key, _)| key)
            .collect();
            if !unchecked.is_empty() {
                self.warn(
                    Some(id.span()),
                    format!(
                        "{what} has no {}: say where to read it, quote it, and date the version quoted",
                        unchecked.join(", ")
                    ),
                );
            }
            let levels = self.refs(&l.levels, &level_ids, "ladder level");
            let when = self.conditions(&l.when, scope);
            out.push(LegalRef {
                id: id.get_ref().clone(),
                citation: l.citation.clone(),
                summary,
                problems: l.problems.clone(),
                source,
                url: l.url.clone(),
                excerpt: l.excerpt.clone(),
                in_force: l.in_force.as_ref().map(|d| d.get_ref().0),
                confidence: l.confidence,
                note: l.note.clone(),
                levels,
                when,
            });
        }
        out
    }

    /// `[repealed]`, and an error wherever the policy still cites one of them (comments, the
    /// `[repealed]` table and the tests, which may name them as never to be cited, aside).
    pub(super) fn repealed(&mut self, raw: &BTreeMap<Key, RawRepealed>) -> Vec<Repealed> {
        let repealed: Vec<Repealed> = raw
            .iter()
            .map(|(citation, r)| Repealed {
                citation: citation.get_ref().clone(),
                since: r.since.0,
                by: r.by.clone(),
                note: r.note.clone(),
            })
            .collect();
        if repealed.is_empty() || !self.checked {
            return repealed;
        }
        let text = self.src.text.clone();
        let mut in_table = false;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let trimmed = line.trim_start();
            if trimmed.starts_with('[') {
                in_table = ["[repealed", "[[tests]]", "[tests."]
                    .iter()
                    .any(|t| trimmed.starts_with(t));
            }
            if in_table || trimmed.starts_with('#') {
                continue;
            }
            for r in &repealed {
                for at in crate::policy::citations(line, &r.citation) {
                    let by =
                        r.by.as_deref()
                            .map(|b| format!(" (now {b})"))
                            .unwrap_or_default();
                    self.error(
                        start + at..start + at + r.citation.len(),
                        format!(
                            "{} was repealed on {}{by}: cite the article in force",
                            r.citation, r.since
                        ),
                    );
                }
            }
        }
        repealed
    }
}
