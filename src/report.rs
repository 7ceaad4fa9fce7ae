//! The decision as a document (`claim check --json`, schema_version 1): every text resolved
//! in one language. Both the JSON output and the terminal summary are rendered from it.

use serde::{Deserialize, Serialize};

use crate::draft::{self, CaseLabel, Message};
use crate::engine::{ConditionRef, Decision, Offer, RuleTrace, Truth};
use crate::money::Money;
use crate::policy::Policy;
use crate::policy::model::Condition;
use crate::vocab::{Basis, Channel, PaidBy, Problem, RemedyKind, Status};

pub const SCHEMA_VERSION: u32 = 1;

/// Money in JSON: `{"amount": "12.99", "currency": "EUR"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyJson {
    pub amount: String,
    pub currency: String,
}

impl From<Money> for MoneyJson {
    fn from(m: Money) -> Self {
        MoneyJson {
            amount: m.amount_string(),
            currency: m.currency.code().to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef {
    pub id: Option<String>,
    pub item: Option<String>,
}

/// A remedy: the recommendation or an alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedy {
    pub kind: RemedyKind,
    pub basis: Basis,
    pub rule: String,
    pub amount: Option<MoneyJson>,
    pub return_required: bool,
    pub return_shipping_paid_by: Option<PaidBy>,
    pub channel: Channel,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub kind: RemedyKind,
    pub rule: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineJson {
    pub id: String,
    pub label: String,
    pub date: String,
    pub days_left: i64,
    pub estimated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalJson {
    pub id: String,
    pub citation: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionJson {
    pub fact: String,
    pub test: String,
    /// The value seen; `null` when unknown.
    pub actual: Option<String>,
    pub holds: bool,
    /// `holds`, `fails` or `unknown`.
    pub result: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceJson {
    pub rule: String,
    pub matched: bool,
    /// `holds`, `fails` or `unknown`.
    pub result: String,
    pub conditions: Vec<ConditionJson>,
}

/// The whole decision document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    /// The batch line's `id`, echoed back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    pub status: Status,
    /// The language of every text in the document.
    #[serde(default)]
    pub lang: String,
    pub as_of: String,
    pub policy: PolicyRef,
    pub problem: Problem,
    /// The problem in words, in `lang`.
    #[serde(default)]
    pub problem_label: String,
    pub order: OrderRef,
    pub recommendation: Option<Remedy>,
    pub alternatives: Vec<Remedy>,
    pub rejected: Vec<Rejected>,
    pub missing_facts: Vec<String>,
    /// Facts the policy assumed because nobody said (e.g. `condition` = new).
    #[serde(default)]
    pub assumed: Vec<String>,
    pub deadlines: Vec<DeadlineJson>,
    pub evidence: Vec<String>,
    pub steps: Vec<String>,
    pub legal: Vec<LegalJson>,
    pub trace: Vec<TraceJson>,
    pub message: Option<Message>,
    /// The route that chose the channel (the seller type decides it).
    #[serde(default)]
    pub route: Option<String>,
}

fn truth_word(t: &Truth) -> &'static str {
    match t {
        Truth::Holds => "holds",
        Truth::Fails => "fails",
        Truth::Unknown(_) => "unknown",
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
pub fn build(
    policy: &Policy,
    decision: &Decision,
    label: &CaseLabel,
    lang: &str,
) -> Result<Report, minijinja::Error> {
    let ctx = draft::context(policy, decision, label, lang);
    let fallback = policy.language.as_str();
    let remedy = |offer: &Offer| {
        let r = &policy.rules[offer.rule];
        Remedy {
            kind: r.remedy,
            basis: r.basis,
            rule: r.id.clone(),
            amount: offer.amount.map(MoneyJson::from),
            return_required: r.return_required,
            return_shipping_paid_by: r.return_paid_by,
            channel: offer.channel,
            explanation: draft::render_text(
                policy,
                "rule",
                &r.id,
                r.explanation.get(lang, fallback),
                lang,
                &ctx,
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
            let why = match lang {
                "fr" => format!("condition non remplie : {} (valeur : {actual})", c.text),
                _ => format!("condition not met: {} (actual: {actual})", c.text),
            };
            Rejected {
                kind: r.remedy,
                rule: r.id.clone(),
                why,
            }
        })
        .collect();
    let deadlines = decision
        .deadlines
        .iter()
        .map(|d| {
            let def = &policy.deadlines[d.index];
            DeadlineJson {
                id: def.id.clone(),
                label: def.label.get(lang, fallback).to_owned(),
                date: d.date.to_string(),
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
                .map(|t| t.get(lang, fallback).to_owned())
                .collect()
        })
        .unwrap_or_default();
    let mut step_ids: Vec<&String> = Vec::new();
    if best_rule.is_some_and(|r| r.channel.is_none()) {
        if let Some(route) = decision.route {
            step_ids.extend(&policy.routes[route].steps);
        }
    }
    if let Some(r) = best_rule {
        step_ids.extend(&r.steps);
    }
    let mut seen = std::collections::BTreeSet::new();
    step_ids.retain(|s| seen.insert(*s));
    let steps = step_ids
        .iter()
        .filter_map(|id| policy.steps.get(*id).map(|t| (id, t)))
        .map(|(id, t)| draft::render_text(policy, "step", id, t.get(lang, fallback), lang, &ctx))
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
                id: l.id.clone(),
                citation: l.citation.clone(),
                summary: l.summary.get(lang, fallback).to_owned(),
            }
        })
        .collect();
    let trace = decision
        .trace
        .iter()
        .map(|t| trace_json(policy, t))
        .collect();
    let message = match decision.status {
        Status::Eligible => Some(draft::first_message(
            policy,
            &ctx,
            decision.problem.word(),
            lang,
        )?),
        _ => None,
    };
    Ok(Report {
        schema_version: SCHEMA_VERSION,
        id: None,
        status: decision.status,
        lang: lang.to_owned(),
        as_of: decision.today.to_string(),
        policy: PolicyRef {
            id: policy.id.clone(),
            version: policy.version.clone(),
        },
        problem: decision.problem,
        problem_label: policy
            .problem_info(decision.problem)
            .map(|p| p.label.get(lang, fallback).to_owned())
            .unwrap_or_default(),
        order: OrderRef {
            id: label.order_id.clone(),
            item: label.item.clone().or_else(|| label.asin.clone()),
        },
        recommendation,
        alternatives,
        rejected,
        missing_facts: decision
            .missing
            .iter()
            .map(|i| i.name().to_owned())
            .collect(),
        assumed: decision
            .assumed
            .iter()
            .map(|i| i.name().to_owned())
            .collect(),
        deadlines,
        evidence,
        steps,
        legal,
        trace,
        message,
        route: decision.route.map(|r| policy.routes[r].id.clone()),
    })
}

fn trace_json(policy: &Policy, t: &RuleTrace) -> TraceJson {
    TraceJson {
        rule: policy.rules[t.rule].id.clone(),
        matched: t.outcome == Truth::Holds,
        result: truth_word(&t.outcome).to_owned(),
        conditions: t
            .conditions
            .iter()
            .map(|c| {
                let cond = condition(policy, t.rule, c.condition);
                ConditionJson {
                    fact: cond.subject(policy),
                    test: cond.test_text(),
                    actual: c.actual.clone(),
                    holds: c.truth == Truth::Holds,
                    result: truth_word(&c.truth).to_owned(),
                }
            })
            .collect(),
    }
}
