//! `[[routes]]` and `[[rules]]`: where to ask, and what to ask for.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::Builder;
use super::params::percent_value;
use crate::money::Money;
use crate::policy::condition::Scope;
use crate::policy::model::{self, AmountFormula, Channel, LegalRef, Route, Rule, Texts};
use crate::policy::raw::{RawRoute, RawRule};
use crate::suggest::did_you_mean;
use rust_decimal::Decimal;

const AMOUNT_HELP: &str = "an amount is \"full\", \"order\", \"shipping\", \"none\", { percent = N or \"param\", max = \"param\" } or { fixed = \"param\" }";

/// The ids of a catalogue, to check references against.
fn ids(catalogue: &BTreeMap<String, Texts>) -> Vec<&str> {
    catalogue.keys().map(String::as_str).collect()
}

fn channel_ids(channels: &[Channel]) -> Vec<&str> {
    channels.iter().map(|c| c.id.as_str()).collect()
}

impl Builder<'_> {
    pub(super) fn routes(
        &mut self,
        raw: &[RawRoute],
        scope: &Scope<'_>,
        steps: &BTreeMap<String, Texts>,
        channels: &[Channel],
    ) -> Vec<Route> {
        let step_ids = ids(steps);
        let mut out: Vec<Route> = Vec::new();
        for r in raw {
            if out.iter().any(|x| x.id == *r.id.get_ref()) {
                self.error(
                    r.id.span(),
                    format!("duplicate route id `{}`", r.id.get_ref()),
                );
            }
            let when = self.conditions(&r.when, scope);
            let steps = self.refs(&r.steps, &step_ids, "step");
            let channel = self.reference(&r.channel, &channel_ids(channels), "channel");
            out.push(Route {
                id: r.id.get_ref().clone(),
                when,
                channel: channel.unwrap_or_default(),
                steps: steps.iter().map(|&i| step_ids[i].to_owned()).collect(),
            });
        }
        match raw.last() {
            Some(last) if !last.when.is_empty() => self.error(
                last.id.span(),
                "the last route must have no conditions (`when = []`): it is the channel when no other route applies",
            ),
            None => self.error_in_file(
                "the policy has no [[routes]]: at least one route (the default channel) is needed",
            ),
            _ => {}
        }
        out
    }

    pub(super) fn rules(
        &mut self,
        raw: &[Spanned<RawRule>],
        scope: &Scope<'_>,
        legal: &[LegalRef],
        steps: &BTreeMap<String, Texts>,
        sources: &[String],
        channels: &[Channel],
    ) -> Vec<Rule> {
        let step_ids = ids(steps);
        let legal_ids: Vec<&str> = legal.iter().map(|l| l.id.as_str()).collect();
        let evidence_ids: Vec<&str> = scope.evidence.iter().map(String::as_str).collect();
        let mut out: Vec<Rule> = Vec::new();
        for spanned in raw {
            let r = spanned.get_ref();
            let id = r.id.get_ref().clone();
            if out.iter().any(|x| x.id == id) {
                self.error(r.id.span(), format!("duplicate rule id `{id}`"));
            }
            if r.problems.get_ref().is_empty() {
                self.error(r.problems.span(), format!("rule `{id}` covers no problem"));
            }
            let when = self.conditions(&r.when, scope);
            let any = self.conditions(&r.any, scope);
            let amount = self.amount(&r.amount, scope);
            match (r.return_required, &r.return_paid_by) {
                (true, None) => self.error(
                    r.id.span(),
                    format!("rule `{id}` requires a return: say who pays it with `return_paid_by`"),
                ),
                (false, Some(p)) => self.error(
                    p.span(),
                    "`return_paid_by` without `return_required = true`",
                ),
                _ => {}
            }
            let needs_refusal = |c: &model::Condition| {
                matches!(
                    c.test,
                    model::Test::Compare {
                        fact: crate::case::Fact::Refused,
                        op: model::Op::Eq,
                        operand: model::Operand::Bool(true),
                    }
                )
            };
            if r.last_resort && !when.iter().any(needs_refusal) {
                self.error(
                    r.id.span(),
                    format!("rule `{id}` is a last resort: it applies only once earlier channels failed, so its `when` must hold \"refused == true\""),
                );
            }
            let legal = self.refs(&r.legal, &legal_ids, "legal reference");
            let evidence = self.refs(&r.evidence, &evidence_ids, "evidence");
            let rule_steps = self.refs(&r.steps, &step_ids, "step");
            let channel = r
                .channel
                .as_ref()
                .and_then(|c| self.reference(c, &channel_ids(channels), "channel"));
            let source = self.source_ref(r.source.as_ref(), sources);
            let explanation = self.texts(
                &r.explanation,
                &format!("rule `{id}` explanation"),
                Some(r.id.span()),
            );
            out.push(Rule {
                id,
                problems: r.problems.get_ref().clone(),
                when,
                any,
                remedy: r.remedy,
                basis: r.basis,
                amount: amount.unwrap_or(AmountFormula::None),
                return_required: r.return_required,
                return_paid_by: r.return_paid_by.as_ref().map(|p| *p.get_ref()),
                channel,
                priority: r.priority,
                last_resort: r.last_resort,
                legal,
                evidence: evidence
                    .iter()
                    .map(|&i| evidence_ids[i].to_owned())
                    .collect(),
                steps: rule_steps.iter().map(|&i| step_ids[i].to_owned()).collect(),
                source,
                explanation,
            });
        }
        out
    }

    /// `"full"`, `"order"`, `"shipping"`, `"none"`, `{ percent, max }` or `{ fixed }`.
    fn amount(&mut self, raw: &Spanned<toml::Value>, scope: &Scope<'_>) -> Option<AmountFormula> {
        let span = raw.span();
        match raw.get_ref() {
            toml::Value::String(s) => match s.as_str() {
                "full" => Some(AmountFormula::Full),
                "order" => Some(AmountFormula::Order),
                "shipping" => Some(AmountFormula::Shipping),
                "none" => Some(AmountFormula::None),
                other => {
                    let hint = did_you_mean(other, ["full", "order", "shipping", "none"]);
                    self.error(
                        span,
                        format!("unknown amount `{other}`{hint}; {AMOUNT_HELP}"),
                    );
                    None
                }
            },
            toml::Value::Table(t) => {
                if let Some(unknown) = t
                    .keys()
                    .find(|k| !["percent", "max", "fixed"].contains(&k.as_str()))
                {
                    self.error(
                        span,
                        format!("unknown key `{unknown}` in amount; {AMOUNT_HELP}"),
                    );
                    return None;
                }
                match (t.get("percent"), t.get("max"), t.get("fixed")) {
                    (Some(p), max, None) => {
                        let percent = match p {
                            toml::Value::String(_) => self.named::<Decimal>(p, scope, &span),
                            other => percent_value(other).or_else(|| {
                                self.error(span.clone(), "a percentage is a number from 0 to 100");
                                None
                            }),
                        }?;
                        let max = match max {
                            Some(m) => Some(self.named::<Money>(m, scope, &span)?),
                            None => None,
                        };
                        Some(AmountFormula::Percent { percent, max })
                    }
                    (None, None, Some(f)) => self
                        .named::<Money>(f, scope, &span)
                        .map(AmountFormula::Fixed),
                    _ => {
                        self.error(span, AMOUNT_HELP);
                        None
                    }
                }
            }
            _ => {
                self.error(span, AMOUNT_HELP);
                None
            }
        }
    }

    /// A parameter named by a string inside an amount table (errors at the amount).
    fn named<T: model::ParamType>(
        &mut self,
        value: &toml::Value,
        scope: &Scope<'_>,
        span: &Range<usize>,
    ) -> Option<T> {
        let toml::Value::String(name) = value else {
            self.error(span.clone(), "name a parameter, e.g. \"goodwill_credit\"");
            return None;
        };
        self.param::<T>(scope.params, &Spanned::new(span.clone(), name.clone()))
    }
}
