//! The policy file exactly as written: serde structs that refuse unknown keys and keep the
//! position of every value later checks may need to point at.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::case::CaseInput;
use crate::date::{Date, MonthDay};
use crate::vocab::{
    Basis, ChannelRole, Confidence, PaidBy, Problem, RemedyKind, SellerRole, Status,
};

pub type Key = Spanned<String>;
/// Texts per language as written: `{ fr = "…", en = "…" }`.
pub type RawTexts = BTreeMap<Key, Spanned<String>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    pub policy: RawIdentity,
    #[serde(default)]
    pub sources: BTreeMap<Key, RawSource>,
    #[serde(default)]
    pub params: BTreeMap<Key, Spanned<RawParam>>,
    #[serde(default)]
    pub assume: RawAssume,
    pub membership: Option<RawMembership>,
    #[serde(default)]
    pub sellers: Vec<RawSeller>,
    #[serde(default)]
    pub channels: Vec<RawChannel>,
    #[serde(default)]
    pub problems: BTreeMap<Spanned<Problem>, RawProblem>,
    #[serde(default)]
    pub deadlines: BTreeMap<Key, RawDeadline>,
    #[serde(default)]
    pub legal: BTreeMap<Key, RawLegal>,
    #[serde(default)]
    pub evidence: BTreeMap<Key, RawTexts>,
    #[serde(default)]
    pub steps: BTreeMap<Key, RawTexts>,
    #[serde(default)]
    pub remedies: BTreeMap<Spanned<RemedyKind>, RawTexts>,
    #[serde(default)]
    pub routes: Vec<RawRoute>,
    #[serde(default)]
    pub rules: Vec<Spanned<RawRule>>,
    #[serde(default)]
    pub ladder: Vec<RawLevel>,
    #[serde(default)]
    pub messages: BTreeMap<Key, BTreeMap<Key, RawMessage>>,
    /// `[letters.LANG.LEVEL.PROBLEM]` (or `.default`): the letters of the ladder's levels.
    #[serde(default)]
    pub letters: BTreeMap<Key, BTreeMap<Key, BTreeMap<Key, RawLetter>>>,
    /// `[fragments.LANG] NAME = "…"`: texts letters include (`{% include "fr/letterhead" %}`).
    #[serde(default)]
    pub fragments: BTreeMap<Key, BTreeMap<Key, Spanned<String>>>,
    /// Articles repealed: `"L216-2" = { since = 2021-10-01, by = "L216-6" }`.
    #[serde(default)]
    pub repealed: BTreeMap<Key, RawRepealed>,
    #[serde(default)]
    pub tests: Vec<Spanned<RawTest>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIdentity {
    pub id: Spanned<String>,
    pub name: String,
    pub version: String,
    pub marketplaces: Vec<String>,
    pub jurisdiction: String,
    pub currency: Spanned<String>,
    pub language: Spanned<String>,
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: String,
    pub url: Option<String>,
    pub retrieved: Spanned<Date>,
    pub confidence: Confidence,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParam {
    pub days: Option<i64>,
    pub hours: Option<i64>,
    pub months: Option<u32>,
    pub amount: Option<Spanned<String>>,
    pub percent: Option<Spanned<toml::Value>>,
    pub ordered_from: Option<MonthDay>,
    pub ordered_to: Option<MonthDay>,
    pub until: Option<MonthDay>,
    pub source: Option<Key>,
    pub confidence: Option<Confidence>,
    pub note: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssume {
    pub prime: Option<bool>,
    pub condition: Option<crate::vocab::ItemCondition>,
}

/// `[membership]`: the retailer's membership programme.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMembership {
    pub label: RawTexts,
}

/// `[[sellers]]`: a kind of seller and its role.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeller {
    pub id: Spanned<String>,
    pub role: SellerRole,
    pub label: RawTexts,
    /// Who formal letters are addressed to, when the policy knows it (name and address).
    pub recipient: Option<String>,
}

/// `[[channels]]`: where to ask, and its role.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    pub id: Spanned<String>,
    pub role: ChannelRole,
    pub label: RawTexts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawDelivery {
    Implied,
    Asked,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProblem {
    pub delivered: RawDelivery,
    pub label: RawTexts,
    pub description: RawTexts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeadline {
    pub label: RawTexts,
    #[serde(default)]
    pub kind: RawDeadlineKind,
    pub from: Vec<Spanned<String>>,
    pub add: Spanned<String>,
    pub extend: Option<Spanned<String>>,
    #[serde(default)]
    pub when: Vec<Spanned<String>>,
    #[serde(default)]
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawDeadlineKind {
    #[default]
    Window,
    Milestone,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLegal {
    pub citation: String,
    pub summary: RawTexts,
    #[serde(default)]
    pub problems: Vec<Problem>,
    pub source: Option<Key>,
    /// The article's own page on an official site.
    pub url: Option<String>,
    /// A short verbatim quote of the operative sentence, in the text's language.
    pub excerpt: Option<String>,
    /// The date from which the quoted version applies.
    pub in_force: Option<Spanned<Date>>,
    /// How sure the quote and its date are (where it was read).
    pub confidence: Option<Confidence>,
    pub note: Option<String>,
    /// The ladder levels whose letters cite it.
    #[serde(default)]
    pub levels: Vec<Key>,
    /// Conditions under which it applies (a professional seller, an open window…).
    #[serde(default)]
    pub when: Vec<Spanned<String>>,
}

/// An article the law no longer has: citing it anywhere in the policy is an error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRepealed {
    pub since: Date,
    /// What replaced it.
    pub by: Option<String>,
    pub note: Option<String>,
}

/// A letter of a ladder level, for one problem or by default.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLetter {
    pub subject: Spanned<String>,
    pub body: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub id: Spanned<String>,
    pub label: RawTexts,
    /// A duration parameter: how long to wait for an answer before the next level.
    pub wait: Option<Spanned<String>>,
    /// What to know at this level (where to file, what it requires), per language.
    #[serde(default)]
    pub guidance: Option<RawTexts>,
    /// The problems this level applies to (all when empty).
    #[serde(default)]
    pub problems: Vec<Spanned<Problem>>,
    /// The wait for some problems, when the law gives the other party longer.
    #[serde(default)]
    pub wait_for: BTreeMap<Spanned<Problem>, Spanned<String>>,
    /// The bases of a remedy this level can demand (all when empty): a goodwill gesture is
    /// asked for, never the object of a formal notice.
    #[serde(default)]
    pub bases: Vec<Basis>,
    /// Recommendations this level does not follow (a contract already ended by withdrawal
    /// is not resolved again): escalating skips it for them.
    #[serde(default)]
    pub skip_rules: Vec<Key>,
    /// How later letters recap this step, per language ("mise en demeure envoyée").
    #[serde(default)]
    pub step: Option<RawTexts>,
    /// This level's letter ends the contract: later letters claim the refund that follows.
    #[serde(default)]
    pub terminates: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoute {
    pub id: Spanned<String>,
    #[serde(default)]
    pub when: Vec<Spanned<String>>,
    pub channel: Key,
    #[serde(default)]
    pub steps: Vec<Key>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub problems: Spanned<Vec<Problem>>,
    #[serde(default)]
    pub when: Vec<Spanned<String>>,
    #[serde(default)]
    pub any: Vec<Spanned<String>>,
    pub remedy: RemedyKind,
    pub basis: Basis,
    pub amount: Spanned<toml::Value>,
    pub return_required: bool,
    pub return_paid_by: Option<Spanned<PaidBy>>,
    pub channel: Option<Key>,
    pub priority: i64,
    /// Advised only once the facts say earlier channels failed, never first.
    #[serde(default)]
    pub last_resort: bool,
    #[serde(default)]
    pub legal: Vec<Key>,
    #[serde(default)]
    pub evidence: Vec<Key>,
    #[serde(default)]
    pub steps: Vec<Key>,
    pub source: Option<Key>,
    pub explanation: RawTexts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMessage {
    pub subject: Option<Spanned<String>>,
    pub body: Option<Spanned<String>>,
    pub statement: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTest {
    pub name: String,
    pub today: Date,
    pub case: CaseInput,
    pub expect: RawExpect,
    /// Per ladder level: the articles its letter must cite, and must not.
    #[serde(default)]
    pub letters: BTreeMap<Key, RawLetterExpect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLetterExpect {
    #[serde(default)]
    pub cites: Vec<String>,
    #[serde(default)]
    pub never: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpect {
    pub status: Option<Status>,
    pub remedy: Option<RemedyKind>,
    pub basis: Option<Basis>,
    pub rule: Option<Spanned<String>>,
    pub route: Option<Spanned<String>>,
    pub channel: Option<Key>,
    pub alternatives: Option<Vec<RemedyKind>>,
    #[serde(default)]
    pub missing: Vec<Spanned<String>>,
    pub return_required: Option<bool>,
    pub return_paid_by: Option<PaidBy>,
    pub amount: Option<Spanned<String>>,
    #[serde(default)]
    pub deadline: BTreeMap<Key, Date>,
}
