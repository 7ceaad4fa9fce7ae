//! The policy's texts: the problems it covers, evidence and steps, the phrases of remedies.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::Builder;
use crate::case::DeliveryMode;
use crate::policy::model::{ProblemInfo, Rule, Texts};
use crate::policy::raw::{Key, RawDelivery, RawPolicy, RawProblem, RawTexts};
use crate::vocab::{Problem, RemedyKind};

impl Builder<'_> {
    /// `[evidence]` or `[steps]`: texts by id.
    pub(super) fn texts_by_id(
        &mut self,
        raw: &BTreeMap<Key, RawTexts>,
        what: &str,
    ) -> BTreeMap<String, Texts> {
        raw.iter()
            .map(|(id, texts)| {
                let what = format!("{what} `{}`", id.get_ref());
                let t = self.texts(texts, &what, Some(id.span()));
                (id.get_ref().clone(), t)
            })
            .collect()
    }

    /// `[problems.KIND]`: the problems the policy covers, each with its label and description.
    pub(super) fn problems(
        &mut self,
        raw: &BTreeMap<Spanned<Problem>, RawProblem>,
    ) -> BTreeMap<Problem, ProblemInfo> {
        let mut out = BTreeMap::new();
        for (problem, p) in raw {
            let what = format!("problem `{}`", problem.get_ref());
            let info = ProblemInfo {
                delivery: match p.delivered {
                    RawDelivery::Implied => DeliveryMode::Implied,
                    RawDelivery::Asked => DeliveryMode::Asked,
                },
                label: self.texts(&p.label, &format!("{what} label"), Some(problem.span())),
                description: self.texts(
                    &p.description,
                    &format!("{what} description"),
                    Some(problem.span()),
                ),
            };
            out.insert(*problem.get_ref(), info);
        }
        if out.is_empty() {
            self.error_in_file(
                "the policy covers no problem: declare at least one [problems.KIND]",
            );
        }
        out
    }

    /// Every problem a rule covers is declared, and every declared problem has a rule.
    pub(super) fn covered(
        &mut self,
        rules: &[Rule],
        problems: &BTreeMap<Problem, ProblemInfo>,
        raw: &RawPolicy,
    ) {
        for rule in &raw.rules {
            let rule = rule.get_ref();
            for p in rule.problems.get_ref() {
                if !problems.contains_key(p) {
                    self.error(
                        rule.problems.span(),
                        format!(
                            "rule `{}` covers `{p}`, which the policy does not declare: add [problems.{p}] with its label and description",
                            rule.id.get_ref()
                        ),
                    );
                }
            }
        }
        for problem in problems.keys() {
            if !rules.iter().any(|r| r.problems.contains(problem)) {
                self.error_in_file(format!(
                    "problem kind `{problem}` has no rule: add a [[rules]] entry covering it"
                ));
            }
        }
    }

    /// `[remedies]`: how letters name each remedy a rule offers.
    pub(super) fn remedies(
        &mut self,
        raw: &BTreeMap<Spanned<RemedyKind>, RawTexts>,
        rules: &[Rule],
        membership: bool,
    ) -> BTreeMap<RemedyKind, Texts> {
        let mut out = BTreeMap::new();
        for (kind, texts) in raw {
            let what = format!("remedy `{}` phrase", kind.get_ref());
            let t = self.texts(texts, &what, Some(kind.span()));
            out.insert(*kind.get_ref(), t);
        }
        let used: BTreeSet<RemedyKind> = rules.iter().map(|r| r.remedy).collect();
        for kind in used {
            if !out.contains_key(&kind) {
                self.error_in_file(format!(
                    "[remedies] has no phrase for `{kind}`, which a rule offers: messages need it"
                ));
            }
            if kind == RemedyKind::PrimeExtension && !membership {
                self.error_in_file(
                    "a rule offers `prime-extension`, an extension of a membership programme: declare it in [membership]",
                );
            }
        }
        out
    }
}
