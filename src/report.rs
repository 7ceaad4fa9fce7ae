//! The decision as a document (`claim check --json`, schema_version 1): every text resolved
//! in one language. Both the JSON output and the terminal summary are rendered from it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::draft::{self, CaseLabel, Message};
use crate::engine::{ConditionRef, Decision, Offer, RuleTrace, Truth};
use crate::lang::{Lang, fill};
use crate::money::Money;
use crate::policy::Policy;
use crate::policy::model::Condition;
use crate::vocab::{Basis, PaidBy, Problem, RemedyKind, Status};

pub const SCHEMA_VERSION: u32 = 1;

/// The schema of [`Brief`] (`claim check --brief`).
pub const BRIEF_SCHEMA_VERSION: u32 = 1;

/// A string of the report: borrowed from the policy where it can be, owned where computed.
pub type Str<'a> = Cow<'a, str>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRef<'a> {
    pub id: Str<'a>,
    pub version: Str<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef<'a> {
    pub id: Option<Str<'a>>,
    pub item: Option<Str<'a>>,
    /// The item's title, when the order history has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Str<'a>>,
}

/// A remedy: the recommendation or an alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedy<'a> {
    pub kind: RemedyKind,
    pub basis: Basis,
    pub rule: Str<'a>,
    pub amount: Option<Money>,
    pub return_required: bool,
    pub return_shipping_paid_by: Option<PaidBy>,
    /// The channel's id in the policy, snake_case.
    pub channel: Str<'a>,
    /// The channel as the retailer names it, in `lang`.
    #[serde(default)]
    pub channel_label: Str<'a>,
    /// The remedy in words, in `lang`.
    #[serde(default)]
    pub label: Str<'a>,
    pub explanation: Str<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected<'a> {
    pub kind: RemedyKind,
    /// The remedy in words, in `lang`.
    #[serde(default)]
    pub label: Str<'a>,
    pub rule: Str<'a>,
    pub why: Str<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineJson<'a> {
    pub id: Str<'a>,
    pub label: Str<'a>,
    pub date: Date,
    pub days_left: i64,
    pub estimated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalJson<'a> {
    pub id: Str<'a>,
    pub citation: Str<'a>,
    pub summary: Str<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionJson<'a> {
    pub fact: Str<'a>,
    pub test: Str<'a>,
    /// The value seen; `null` when unknown.
    pub actual: Option<Str<'a>>,
    /// Whether the condition holds; when `actual` is `null` the fact was unknown.
    pub holds: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceJson<'a> {
    pub rule: Str<'a>,
    pub matched: bool,
    /// The rule could match once the facts it lacks are known.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
    pub conditions: Vec<ConditionJson<'a>>,
}

/// The whole decision document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report<'a> {
    pub schema_version: u32,
    /// The batch line's `id`, echoed back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    pub status: Status,
    /// The language of every text in the document.
    #[serde(default)]
    pub lang: Lang,
    pub as_of: Date,
    pub policy: PolicyRef<'a>,
    pub problem: Problem,
    /// The problem in words, in `lang`.
    #[serde(default)]
    pub problem_label: Str<'a>,
    pub order: OrderRef<'a>,
    pub recommendation: Option<Remedy<'a>>,
    pub alternatives: Vec<Remedy<'a>>,
    pub rejected: Vec<Rejected<'a>>,
    pub missing_facts: Vec<Str<'a>>,
    /// Facts the policy assumed because nobody said (e.g. `condition` = new).
    #[serde(default)]
    pub assumed: Vec<Str<'a>>,
    pub deadlines: Vec<DeadlineJson<'a>>,
    pub evidence: Vec<Str<'a>>,
    pub steps: Vec<Str<'a>>,
    pub legal: Vec<LegalJson<'a>>,
    pub trace: Vec<TraceJson<'a>>,
    pub message: Option<Message>,
    /// The route that chose the channel (the seller type decides it).
    #[serde(default)]
    pub route: Option<Str<'a>>,
}

/// A decision in one compact object (`claim check --brief`, schema_version 1): what to ask
/// for, on what basis, through which channel, by when, and what facts are missing. No texts:
/// nothing is rendered, so a batch of briefs is several times faster than full documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brief<'a> {
    pub schema_version: u32,
    /// The batch line's `id`, echoed back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    pub status: Status,
    /// The recommended remedy, when there is one.
    pub kind: Option<RemedyKind>,
    pub basis: Option<Basis>,
    pub amount: Option<Money>,
    /// The channel's id in the policy, snake_case.
    pub channel: Option<Str<'a>>,
    /// The rule that recommends it.
    pub rule: Option<Str<'a>>,
    /// The soonest deadline not passed yet, when there is one.
    pub next_deadline: Option<BriefDeadline<'a>>,
    pub missing_facts: Vec<Str<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefDeadline<'a> {
    pub id: Str<'a>,
    pub date: Date,
    pub days_left: i64,
    pub estimated: bool,
}

/// The brief of a decision (see [`Brief`]).
pub fn brief<'a>(policy: &'a Policy, decision: &Decision) -> Brief<'a> {
    let offer = decision.recommendation();
    let rule = offer.map(|o| &policy.rules[o.rule]);
    let next_deadline = decision
        .deadlines
        .iter()
        .filter(|d| d.date >= decision.today)
        .min_by_key(|d| (d.date, d.index))
        .map(|d| BriefDeadline {
            id: Cow::Borrowed(&policy.deadlines[d.index].id),
            date: Date(d.date),
            days_left: (d.date - decision.today).num_days(),
            estimated: d.estimated,
        });
    Brief {
        schema_version: BRIEF_SCHEMA_VERSION,
        id: None,
        status: decision.status,
        kind: rule.map(|r| r.remedy),
        basis: rule.map(|r| r.basis),
        amount: offer.and_then(|o| o.amount),
        channel: offer.map(|o| Cow::Borrowed(policy.channels[o.channel].json_id.as_str())),
        rule: rule.map(|r| Cow::Borrowed(r.id.as_str())),
        next_deadline,
        missing_facts: decision
            .missing
            .iter()
            .map(|i| Cow::Borrowed(i.name()))
            .collect(),
    }
}

impl Brief<'_> {
    /// Writes the brief as one JSON object: the bytes [`crate::json::to_writer`] writes for
    /// it, without serde's per-field machinery (a batch writes one brief per line). Keys and
    /// punctuation are written as they are; every value goes through [`crate::json`].
    pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        fn field(
            out: &mut Vec<u8>,
            key: &[u8],
            value: &(impl Serialize + ?Sized),
        ) -> serde_json::Result<()> {
            out.extend_from_slice(key);
            crate::json::extend(out, value)
        }
        field(out, b"{\"schema_version\":", &self.schema_version)?;
        if let Some(id) = &self.id {
            field(out, b",\"id\":", id)?;
        }
        field(out, b",\"status\":", &self.status)?;
        field(out, b",\"kind\":", &self.kind)?;
        field(out, b",\"basis\":", &self.basis)?;
        match &self.amount {
            // As `Money` serialises, without an intermediate string: digits, a sign and a
            // point, then a currency code, none of which needs escaping.
            Some(money) => {
                out.extend_from_slice(b",\"amount\":{\"amount\":\"");
                money.write_amount(out);
                out.extend_from_slice(b"\",\"currency\":\"");
                out.extend_from_slice(money.currency.code().as_bytes());
                out.extend_from_slice(b"\"}");
            }
            None => out.extend_from_slice(b",\"amount\":null"),
        }
        field(out, b",\"channel\":", &self.channel)?;
        field(out, b",\"rule\":", &self.rule)?;
        match &self.next_deadline {
            Some(d) => {
                field(out, b",\"next_deadline\":{\"id\":", &d.id)?;
                field(out, b",\"date\":", &d.date)?;
                field(out, b",\"days_left\":", &d.days_left)?;
                field(out, b",\"estimated\":", &d.estimated)?;
                out.push(b'}');
            }
            None => out.extend_from_slice(b",\"next_deadline\":null"),
        }
        field(out, b",\"missing_facts\":", &self.missing_facts)?;
        out.push(b'}');
        Ok(())
    }
}

fn condition(policy: &Policy, rule: usize, at: ConditionRef) -> &Condition {
    let r = &policy.rules[rule];
    match at {
        ConditionRef::When(i) => &r.when[i],
        ConditionRef::Any(i) => &r.any[i],
    }
}

/// Builds the report for a decision, in `lang` (which must be one of the policy's languages).
pub fn build<'a>(
    policy: &'a Policy,
    decision: &Decision,
    label: &CaseLabel,
    lang: Lang,
) -> Result<Report<'a>, minijinja::Error> {
    // Built only if a text needs it: most explanations are plain, and only eligible
    // decisions have a message.
    let cell = std::cell::OnceCell::new();
    let ctx = || cell.get_or_init(|| draft::context(policy, decision, label, lang));
    let remedy = |offer: &Offer| {
        let r = &policy.rules[offer.rule];
        let channel = &policy.channels[offer.channel];
        Remedy {
            kind: r.remedy,
            basis: r.basis,
            rule: Cow::Borrowed(&r.id),
            amount: offer.amount,
            return_required: r.return_required,
            return_shipping_paid_by: r.return_paid_by,
            channel: Cow::Borrowed(&channel.json_id),
            channel_label: Cow::Borrowed(channel.label.get(lang)),
            label: policy.remedy_label(r.remedy, lang),
            explanation: draft::render_text(
                policy,
                "rule",
                &r.id,
                r.explanation.get(lang),
                lang,
                ctx,
            ),
        }
    };
    let recommendation = decision.recommendation().map(remedy);
    let alternatives = decision.alternatives().iter().map(remedy).collect();
    let rejected = decision
        .rejected
        .iter()
        .map(|rej| {
            let r = &policy.rules[rej.rule];
            let c = condition(policy, rej.rule, rej.condition);
            let actual = rej.actual.as_deref().unwrap_or("?");
            let why = fill(
                lang.phrases().report.not_met,
                &[("condition", &c.text), ("actual", actual)],
            );
            Rejected {
                kind: r.remedy,
                label: policy.remedy_label(r.remedy, lang),
                rule: Cow::Borrowed(&r.id),
                why: Cow::Owned(why),
            }
        })
        .collect();
    let deadlines = decision
        .deadlines
        .iter()
        .map(|d| {
            let def = &policy.deadlines[d.index];
            DeadlineJson {
                id: Cow::Borrowed(&def.id),
                label: Cow::Borrowed(def.label.get(lang)),
                date: Date(d.date),
                days_left: (d.date - decision.today).num_days(),
                estimated: d.estimated,
            }
        })
        .collect::<Vec<_>>();
    let best_rule = decision.recommendation().map(|o| &policy.rules[o.rule]);
    let evidence = best_rule
        .map(|r| {
            r.evidence
                .iter()
                .filter_map(|e| policy.evidence.get(e))
                .map(|t| Cow::Borrowed(t.get(lang)))
                .collect()
        })
        .unwrap_or_default();
    let mut step_ids: Vec<&String> = Vec::new();
    if best_rule.is_some_and(|r| r.channel.is_none())
        && let Some(route) = decision.route
    {
        step_ids.extend(&policy.routes[route].steps);
    }
    if let Some(r) = best_rule {
        step_ids.extend(&r.steps);
    }
    let mut seen = std::collections::BTreeSet::new();
    step_ids.retain(|s| seen.insert(*s));
    let steps = step_ids
        .iter()
        .filter_map(|id| policy.steps.get(*id).map(|t| (id, t)))
        .map(|(id, t)| draft::render_text(policy, "step", id, t.get(lang), lang, ctx))
        .collect();
    let mut legal_ids: Vec<usize> = Vec::new();
    for offer in &decision.offers {
        for &l in &policy.rules[offer.rule].legal {
            if !legal_ids.contains(&l) {
                legal_ids.push(l);
            }
        }
    }
    let legal = legal_ids
        .iter()
        .map(|&i| {
            let l = &policy.legal[i];
            LegalJson {
                id: Cow::Borrowed(&l.id),
                citation: Cow::Borrowed(&l.citation),
                summary: Cow::Borrowed(l.summary.get(lang)),
            }
        })
        .collect();
    let trace = decision
        .trace
        .iter()
        .map(|t| trace_json(policy, t))
        .collect();
    let message = match decision.status {
        Status::Eligible => Some(draft::first_message(policy, ctx(), decision, lang)?),
        _ => None,
    };
    Ok(Report {
        schema_version: SCHEMA_VERSION,
        id: None,
        status: decision.status,
        lang,
        as_of: Date(decision.today),
        policy: PolicyRef {
            id: Cow::Borrowed(&policy.id),
            version: Cow::Borrowed(&policy.version),
        },
        problem: decision.problem,
        problem_label: policy
            .problem_info(decision.problem)
            .map_or(Cow::Borrowed(""), |p| Cow::Borrowed(p.label.get(lang))),
        order: OrderRef {
            id: label.order_id.clone().map(Cow::Owned),
            item: label
                .item
                .clone()
                .or_else(|| label.asin.clone())
                .map(Cow::Owned),
            title: label.title.clone().map(Cow::Owned),
        },
        recommendation,
        alternatives,
        rejected,
        missing_facts: decision
            .missing
            .iter()
            .map(|i| Cow::Borrowed(i.name()))
            .collect(),
        assumed: decision
            .assumed
            .iter()
            .map(|i| Cow::Borrowed(i.name()))
            .collect(),
        deadlines,
        evidence,
        steps,
        legal,
        trace,
        message,
        route: decision
            .route
            .map(|r| Cow::Borrowed(policy.routes[r].id.as_str())),
    })
}

fn trace_json<'a>(policy: &'a Policy, t: &RuleTrace) -> TraceJson<'a> {
    TraceJson {
        rule: Cow::Borrowed(&policy.rules[t.rule].id),
        matched: t.outcome == Truth::Holds,
        pending: matches!(t.outcome, Truth::Unknown(_)),
        conditions: t
            .conditions
            .iter()
            .map(|c| {
                let cond = condition(policy, t.rule, c.condition);
                ConditionJson {
                    fact: Cow::Borrowed(&cond.subject),
                    test: Cow::Borrowed(&cond.test_text),
                    actual: c.actual.clone().map(Cow::Owned),
                    holds: c.truth == Truth::Holds,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{LoadOptions, builtin_ids, load_builtin};

    #[test]
    fn a_written_brief_is_the_serialised_brief() {
        // Ids as a batch line may give them: none, a number, text to escape, an object.
        let ids = [
            None,
            Some(serde_json::json!(7)),
            Some(serde_json::json!("a \"quoted\"\n id \u{202e}")),
            Some(serde_json::json!({"k": [1, null]})),
        ];
        let mut statuses = std::collections::BTreeSet::new();
        for policy_id in builtin_ids() {
            let Some(Ok(loaded)) = load_builtin(policy_id, &LoadOptions::default()) else {
                panic!("{policy_id} loads");
            };
            let policy = &loaded.policy;
            for (test, id) in policy.tests.all().iter().zip(ids.iter().cycle()) {
                let Ok(decision) = crate::engine::policy_tests::decide(policy, test) else {
                    continue;
                };
                let mut brief = brief(policy, &decision);
                brief.id.clone_from(id);
                let mut written = Vec::new();
                assert!(brief.write_json(&mut written).is_ok());
                let serialised = crate::json::to_string(&brief).ok();
                assert_eq!(String::from_utf8(written).ok(), serialised, "{}", test.name);
                statuses.insert((brief.status, brief.next_deadline.is_some()));
            }
        }
        // Every status, with and without a deadline ahead, was written.
        assert!(statuses.len() >= 5, "{statuses:?}");
    }
}
