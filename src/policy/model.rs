//! A validated policy: what the engine evaluates and the renderers read texts from.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::case::{Anchor, DeliveryMode, Fact, Input, Inputs};
use crate::date::MonthDay;
use crate::lang::Lang;
use crate::money::{Currency, Money};
use crate::policy::template::Templates;
use crate::source::SourceText;
use crate::vocab::{
    Basis, ChannelRole, Confidence, Id, ItemCondition, Label, PaidBy, Problem, RemedyKind,
    SellerRole, Status,
};

/// A text in each language of the policy (loading checks that none is missing), in the
/// order of languages: a policy has two or three, a list is all a lookup needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts(Vec<(Lang, String)>);

impl Texts {
    /// The text in `lang` (any other only if the policy lacks it, which loading forbids).
    pub fn get(&self, lang: Lang) -> &str {
        self.0
            .iter()
            .find(|(l, _)| *l == lang)
            .or_else(|| self.0.first())
            .map_or("", |(_, text)| text.as_str())
    }

    /// The text in each language.
    pub fn each(&self) -> BTreeMap<Lang, String> {
        self.0.iter().cloned().collect()
    }
}

impl From<BTreeMap<Lang, String>> for Texts {
    fn from(texts: BTreeMap<Lang, String>) -> Self {
        Texts(texts.into_iter().collect())
    }
}

/// Where a value comes from, and how sure it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub retrieved: NaiveDate,
    pub confidence: Confidence,
}

/// A duration, as policies write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Duration {
    Days(i64),
    Hours(i64),
    Months(u32),
}

impl Duration {
    /// The date this long after `from`. Hours round up to whole days.
    pub fn after(self, from: NaiveDate) -> NaiveDate {
        match self {
            Duration::Days(d) => crate::date::add_days(from, d),
            Duration::Hours(h) => crate::date::add_days(from, (h + 23).div_euclid(24)),
            Duration::Months(m) => crate::date::add_months(from, m),
        }
    }

    /// This duration in days, counted from `from` (months vary in length).
    pub fn days_from(self, from: NaiveDate) -> i64 {
        (self.after(from) - from).num_days()
    }
}

/// A yearly season that extends a window (holiday returns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Season {
    pub ordered_from: MonthDay,
    pub ordered_to: MonthDay,
    pub until: MonthDay,
}

impl Season {
    /// The extended end date for an order placed on `ordered`, if it falls in the season.
    pub fn extended_end(self, ordered: NaiveDate) -> Option<NaiveDate> {
        use chrono::Datelike;
        let key = MonthDay::of(ordered).key();
        let (from, to) = (self.ordered_from.key(), self.ordered_to.key());
        let in_season = if from <= to {
            (from..=to).contains(&key)
        } else {
            key >= from || key <= to
        };
        if !in_season {
            return None;
        }
        let year = if self.until.key() < key {
            ordered.year() + 1
        } else {
            ordered.year()
        };
        self.until.in_year(year)
    }
}

/// The value of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamValue {
    Duration(Duration),
    Amount(#[serde(with = "crate::policy::kept::exact_money")] Money),
    Percent(Decimal),
    Season(Season),
}

/// The kinds of parameter values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamKind {
    Duration,
    Amount,
    Percent,
    Season,
}

impl ParamKind {
    /// `a duration`, `an amount`…
    pub fn with_article(self) -> &'static str {
        match self {
            ParamKind::Duration => "a duration",
            ParamKind::Amount => "an amount",
            ParamKind::Percent => "a percentage",
            ParamKind::Season => "a season",
        }
    }
}

/// A type a parameter can hold, to look it up by: `param::<Duration>(params, "return_window")`.
pub trait ParamType: Sized {
    const KIND: ParamKind;
    fn from_value(value: ParamValue) -> Option<Self>;
}

impl ParamType for Duration {
    const KIND: ParamKind = ParamKind::Duration;
    fn from_value(value: ParamValue) -> Option<Self> {
        match value {
            ParamValue::Duration(d) => Some(d),
            _ => None,
        }
    }
}

impl ParamType for Money {
    const KIND: ParamKind = ParamKind::Amount;
    fn from_value(value: ParamValue) -> Option<Self> {
        match value {
            ParamValue::Amount(m) => Some(m),
            _ => None,
        }
    }
}

impl ParamType for Decimal {
    const KIND: ParamKind = ParamKind::Percent;
    fn from_value(value: ParamValue) -> Option<Self> {
        match value {
            ParamValue::Percent(p) => Some(p),
            _ => None,
        }
    }
}

impl ParamType for Season {
    const KIND: ParamKind = ParamKind::Season;
    fn from_value(value: ParamValue) -> Option<Self> {
        match value {
            ParamValue::Season(s) => Some(s),
            _ => None,
        }
    }
}

/// The parameter `name` as a `T`, or why not (with the names of that kind close to it): the
/// one lookup every section of a policy uses.
pub fn param<T: ParamType>(params: &BTreeMap<String, Param>, name: &str) -> Result<T, String> {
    let Some(p) = params.get(name) else {
        let same_kind = params
            .iter()
            .filter(|(_, p)| p.value.kind() == T::KIND)
            .map(|(n, _)| n.as_str());
        return Err(format!(
            "unknown parameter `{name}`{}",
            crate::suggest::did_you_mean(name, same_kind)
        ));
    };
    T::from_value(p.value).ok_or_else(|| {
        format!(
            "parameter `{name}` is {}, not {}",
            p.value.kind().with_article(),
            T::KIND.with_article()
        )
    })
}

impl ParamValue {
    pub fn kind(&self) -> ParamKind {
        match self {
            ParamValue::Duration(_) => ParamKind::Duration,
            ParamValue::Amount(_) => ParamKind::Amount,
            ParamValue::Percent(_) => ParamKind::Percent,
            ParamValue::Season(_) => ParamKind::Season,
        }
    }

    /// How the value reads in a table or a template.
    pub fn display(&self) -> String {
        match self {
            ParamValue::Duration(Duration::Days(d)) => format!("{d} days"),
            ParamValue::Duration(Duration::Hours(h)) => format!("{h} hours"),
            ParamValue::Duration(Duration::Months(m)) => format!("{m} months"),
            ParamValue::Amount(m) => m.display(),
            ParamValue::Percent(p) => format!("{p} %"),
            ParamValue::Season(s) => format!(
                "orders {:02}-{:02}..{:02}-{:02} → until {:02}-{:02}",
                s.ordered_from.month,
                s.ordered_from.day,
                s.ordered_to.month,
                s.ordered_to.day,
                s.until.month,
                s.until.day
            ),
        }
    }

    /// The bare number, for templates (`30` for 30 days, `15.00` for 15 EUR).
    pub fn number(&self) -> String {
        match self {
            ParamValue::Duration(Duration::Days(n) | Duration::Hours(n)) => n.to_string(),
            ParamValue::Duration(Duration::Months(n)) => n.to_string(),
            ParamValue::Amount(m) => m.amount_string(),
            ParamValue::Percent(p) => p.to_string(),
            ParamValue::Season(_) => self.display(),
        }
    }
}

/// A named parameter with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    pub name: String,
    pub value: ParamValue,
    pub source: Option<String>,
    pub confidence: Option<Confidence>,
    pub note: Option<String>,
    /// Set by the user's configuration rather than the policy file.
    pub overridden: bool,
}

/// A kind of seller the policy knows (`amazon`, `fba`, `third-party` for Amazon).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerKind {
    pub id: Id,
    pub role: SellerRole,
    pub label: Texts,
    /// Who formal letters are addressed to (name and address), when the policy knows it.
    pub recipient: Option<String>,
}

/// Where to ask, as the retailer calls it (`a-to-z-claim`), with what it is for the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    pub id: Id,
    /// The id as JSON spells it (snake_case), made once.
    pub json_id: String,
    pub role: ChannelRole,
    pub label: Texts,
}

/// The retailer's membership programme (Amazon's Prime), when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub label: Texts,
}

/// Per-problem information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemInfo {
    pub delivery: DeliveryMode,
    pub label: Texts,
    pub description: Texts,
}

/// An operand on the right of a comparison, resolved against parameters at load time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operand {
    Days(Duration),
    Money(#[serde(with = "crate::policy::kept::exact_money")] Money),
    Count(i64),
    Bool(bool),
    Word(String),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    pub fn holds<T: Ord>(self, left: &T, right: &T) -> bool {
        match self {
            Op::Eq => left == right,
            Op::Ne => left != right,
            Op::Lt => left < right,
            Op::Le => left <= right,
            Op::Gt => left > right,
            Op::Ge => left >= right,
        }
    }
}

/// What a window test asks of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindowTest {
    /// today ≤ the date.
    Open,
    /// today > the date.
    Closed,
    /// today ≥ the date.
    Reached,
    /// today < the date.
    NotReached,
}

impl WindowTest {
    pub fn words(self) -> &'static str {
        match self {
            WindowTest::Open => "is open",
            WindowTest::Closed => "is closed",
            WindowTest::Reached => "is reached",
            WindowTest::NotReached => "is not reached",
        }
    }
}

/// One typed test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Test {
    Compare {
        fact: Fact,
        op: Op,
        operand: Operand,
    },
    In {
        fact: Fact,
        words: Vec<String>,
        negated: bool,
    },
    Contains {
        fact: Fact,
        word: String,
        negated: bool,
    },
    Window {
        deadline: usize,
        test: WindowTest,
    },
}

/// A condition as written, and what it tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// The source text, e.g. `days_since_delivery <= return_window`.
    pub text: String,
    /// What it tests: a fact or deadline name (`days_since_delivery`).
    pub subject: String,
    /// The test without its subject (`<= return_window`).
    pub test_text: String,
    pub test: Test,
}

/// How much to ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AmountFormula {
    /// The item value (unit price × quantity).
    Full,
    /// The whole order.
    Order,
    /// The shipping fee paid.
    Shipping,
    /// A percentage of the item value, with an optional cap.
    Percent {
        percent: Decimal,
        #[serde(with = "crate::policy::kept::exact_money::option")]
        max: Option<Money>,
    },
    /// A fixed amount.
    Fixed(#[serde(with = "crate::policy::kept::exact_money")] Money),
    /// No amount (a repair, a Prime extension).
    None,
}

/// A rule: when its conditions hold for a problem, it offers a remedy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    pub problems: Vec<Problem>,
    /// All must hold.
    pub when: Vec<Condition>,
    /// At least one must hold (when not empty).
    pub any: Vec<Condition>,
    pub remedy: RemedyKind,
    pub basis: Basis,
    pub amount: AmountFormula,
    pub return_required: bool,
    pub return_paid_by: Option<PaidBy>,
    /// Overrides the route's channel (an index into `Policy::channels`).
    pub channel: Option<usize>,
    pub priority: i64,
    /// A card dispute, a court: advised only once the facts say the earlier channels failed
    /// (`refused == true`), and never while a better rule is merely unknown.
    pub last_resort: bool,
    /// Indexes into `Policy::legal`.
    pub legal: Vec<usize>,
    pub evidence: Vec<String>,
    pub steps: Vec<String>,
    pub source: Option<String>,
    pub explanation: Texts,
}

/// A route decides the channel (where to ask) from who sold the item and what was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub id: String,
    pub when: Vec<Condition>,
    /// An index into `Policy::channels`.
    pub channel: usize,
    pub steps: Vec<String>,
}

/// Whether a deadline closes a window or opens a possibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineKind {
    /// The last day to act (return window end, A-to-z last day): `claim scan` lists these.
    Window,
    /// The first day something becomes possible (A-to-z claim from, refund due by).
    Milestone,
}

/// A named date computed from the case's facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub id: String,
    pub kind: DeadlineKind,
    pub label: Texts,
    /// The first known of these dates is the start; later ones make the date an estimate.
    pub from: Vec<Anchor>,
    pub add: Duration,
    /// Parameter name of `add`, for display.
    pub add_param: String,
    pub extend: Option<Season>,
    pub when: Vec<Condition>,
    /// Empty means every problem.
    pub problems: Vec<Problem>,
}

impl Deadline {
    pub fn applies_to(&self, problem: Problem) -> bool {
        self.problems.is_empty() || self.problems.contains(&problem)
    }
}

/// A rung of the escalation ladder: first contact, escalation request, formal notice…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LadderLevel {
    pub id: String,
    pub label: Texts,
    /// How long to wait for an answer before climbing to the next level.
    pub wait: Option<Duration>,
    /// What to know at this level (where to file, what it requires).
    pub guidance: Option<Texts>,
    /// The problems it applies to (all when empty): escalating skips the others.
    pub problems: Vec<Problem>,
    /// A longer wait for some problems, where the law gives the other party longer.
    pub wait_for: BTreeMap<Problem, Duration>,
    /// The bases of a remedy it can demand (all when empty).
    pub bases: Vec<Basis>,
    /// The ids of the rules whose recommendation skips this level.
    pub skip_rules: Vec<String>,
    /// How later letters recap this step (its label when absent).
    pub step: Option<Texts>,
    /// Its letter ends the contract (a resolution).
    pub terminates: bool,
}

impl LadderLevel {
    pub fn applies_to(&self, problem: Problem) -> bool {
        self.problems.is_empty() || self.problems.contains(&problem)
    }

    /// Whether a case of this problem, recommended this rule, climbs through this level.
    pub fn follows(&self, problem: Problem, rule: Option<&str>) -> bool {
        self.applies_to(problem) && !rule.is_some_and(|r| self.skip_rules.iter().any(|s| s == r))
    }

    /// Whether a remedy on this basis can be demanded at this level.
    pub fn demands(&self, basis: Basis) -> bool {
        self.bases.is_empty() || self.bases.contains(&basis)
    }

    /// The wait after this level for a problem.
    pub fn wait(&self, problem: Problem) -> Option<Duration> {
        self.wait_for.get(&problem).copied().or(self.wait)
    }
}

/// A statute or regulation the policy cites, with where to read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalRef {
    pub id: String,
    pub citation: String,
    pub summary: Texts,
    pub problems: Vec<Problem>,
    pub source: Option<String>,
    /// The article's page on an official site.
    pub url: Option<String>,
    /// A short verbatim quote of the operative sentence.
    pub excerpt: Option<String>,
    /// The date from which the quoted version applies.
    pub in_force: Option<NaiveDate>,
    /// How sure the quote is (where it was read).
    pub confidence: Option<Confidence>,
    pub note: Option<String>,
    /// The ladder levels (indexes) whose letters cite it.
    pub levels: Vec<usize>,
    /// It applies when these hold for the case (an unknown fact: it is not cited).
    pub when: Vec<Condition>,
}

/// An article the law no longer has (citing it anywhere in the policy is an error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repealed {
    /// As texts cite it: `L216-2`.
    pub citation: String,
    pub since: NaiveDate,
    pub by: Option<String>,
    pub note: Option<String>,
}

/// How to read a policy's tests again from its TOML.
type Reread = Box<dyn Fn() -> Vec<PolicyTest> + Send + Sync>;

/// The test cases a policy carries. Those of a built-in's ready-made form stay in their
/// postcard form until first asked for: a check never runs them.
#[derive(Default)]
pub struct Tests {
    cases: std::sync::OnceLock<Vec<PolicyTest>>,
    kept: Vec<u8>,
    /// Should the kept form not read back (a case's fields renamed since it was made), the
    /// tests are read from the policy's TOML rather than lost.
    reread: Option<Reread>,
}

impl Tests {
    pub fn new(cases: Vec<PolicyTest>) -> Tests {
        Tests {
            cases: std::sync::OnceLock::from(cases),
            ..Tests::default()
        }
    }

    /// Where to read the tests again if their kept form does not read back.
    pub fn reread_with(&mut self, reread: impl Fn() -> Vec<PolicyTest> + Send + Sync + 'static) {
        self.reread = Some(Box::new(reread));
    }

    /// Every test case, in file order.
    pub fn all(&self) -> &[PolicyTest] {
        self.cases.get_or_init(|| {
            postcard::from_bytes(&self.kept)
                .ok()
                .or_else(|| self.reread.as_ref().map(|reread| reread()))
                .unwrap_or_default()
        })
    }
}

impl std::fmt::Debug for Tests {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.all()).finish()
    }
}

impl Serialize for Tests {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let kept = postcard::to_allocvec(self.all()).map_err(serde::ser::Error::custom)?;
        s.serialize_bytes(&kept)
    }
}

impl<'de> Deserialize<'de> for Tests {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("the postcard form of a policy's tests")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
                Ok(bytes.to_vec())
            }
        }
        Ok(Tests {
            kept: d.deserialize_bytes(Bytes)?,
            ..Tests::default()
        })
    }
}

/// A test case carried by the policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyTest {
    pub name: String,
    /// 1-based line of the test in the policy file.
    pub line: usize,
    pub today: NaiveDate,
    /// Kept as JSON in a built-in's ready-made form, whose format reads no self-described
    /// values (the case's dates and amounts accept several forms).
    #[serde(with = "crate::policy::kept::as_json")]
    pub case: crate::case::CaseInput,
    pub expect: Expectation,
    /// What the letters of some levels must cite, and must not.
    pub letters: Vec<LetterExpectation>,
}

/// The articles a level's letter must cite and must not cite, in every language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterExpectation {
    /// The ladder level (0: the first message).
    pub level: usize,
    pub cites: Vec<String>,
    pub never: Vec<String>,
}

/// What a policy test expects. Unset fields are not checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectation {
    pub status: Option<Status>,
    pub remedy: Option<RemedyKind>,
    pub basis: Option<Basis>,
    pub rule: Option<String>,
    pub route: Option<String>,
    pub channel: Option<Id>,
    pub alternatives: Option<Vec<RemedyKind>>,
    /// Inputs that must be listed in `missing_facts`.
    pub missing: Vec<Input>,
    pub return_required: Option<bool>,
    pub return_paid_by: Option<PaidBy>,
    pub amount: Option<Decimal>,
    pub deadlines: BTreeMap<String, NaiveDate>,
}

/// Defaults the policy assumes when the buyer says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assumptions {
    pub prime: Option<bool>,
    pub condition: Option<ItemCondition>,
}

/// Whether a policy listing these marketplaces serves `marketplace` (`www.` and case aside).
pub fn serves(marketplaces: &[impl AsRef<str>], marketplace: &str) -> bool {
    let m = marketplace.trim().to_ascii_lowercase();
    let m = m.trim_start_matches("www.");
    marketplaces
        .iter()
        .any(|x| x.as_ref().eq_ignore_ascii_case(m))
}

/// A loaded, validated policy.
#[derive(Debug, Serialize, Deserialize)]
pub struct Policy {
    // These four first: `snapshot::marketplaces` reads them alone from a ready-made form.
    pub id: String,
    pub name: String,
    pub version: String,
    pub marketplaces: Vec<String>,
    pub jurisdiction: String,
    pub currency: Currency,
    /// The language of its letters unless the user asks for another.
    pub language: Lang,
    pub languages: Vec<Lang>,
    pub sources: Vec<Source>,
    pub params: BTreeMap<String, Param>,
    pub assume: Assumptions,
    /// The problems the policy covers (a subset of the vocabulary).
    pub problems: BTreeMap<Problem, ProblemInfo>,
    /// Its seller kinds, in the order the walk-through offers them.
    pub sellers: Vec<SellerKind>,
    pub channels: Vec<Channel>,
    pub membership: Option<Membership>,
    pub deadlines: Vec<Deadline>,
    pub legal: Vec<LegalRef>,
    pub repealed: Vec<Repealed>,
    pub evidence: BTreeMap<String, Texts>,
    pub steps: BTreeMap<String, Texts>,
    pub remedies: BTreeMap<RemedyKind, Texts>,
    pub routes: Vec<Route>,
    pub rules: Vec<Rule>,
    /// The escalation ladder, level 0 first.
    pub ladder: Vec<LadderLevel>,
    pub templates: Templates,
    pub tests: Tests,
    /// The text it was loaded from.
    #[serde(skip)]
    pub source: SourceText,
    /// Whether it is embedded in the binary.
    #[serde(skip)]
    pub builtin: bool,
}

impl Policy {
    pub fn problem_info(&self, problem: Problem) -> Option<&ProblemInfo> {
        self.problems.get(&problem)
    }

    pub fn delivery_mode(&self, problem: Problem) -> DeliveryMode {
        self.problem_info(problem)
            .map_or(DeliveryMode::Asked, |p| p.delivery)
    }

    /// Whether the policy covers a problem.
    pub fn covers(&self, problem: Problem) -> bool {
        self.problems.contains_key(&problem)
    }

    pub fn seller(&self, id: &Id) -> Option<&SellerKind> {
        self.sellers.iter().find(|s| s.id == *id)
    }

    /// A remedy in words: the programme's own name in a membership extension.
    pub fn remedy_label(&self, kind: RemedyKind, lang: Lang) -> std::borrow::Cow<'static, str> {
        match (kind, &self.membership) {
            (RemedyKind::PrimeExtension, Some(m)) => std::borrow::Cow::Owned(crate::lang::fill(
                lang.phrases().labels.membership_extension,
                &[("membership", m.label.get(lang))],
            )),
            _ => std::borrow::Cow::Borrowed(kind.label(lang)),
        }
    }

    /// Checks what depends on the policy in a case: its currency, its seller, its problem.
    pub fn check_case(
        &self,
        facts: &crate::case::CaseFacts,
    ) -> Result<(), crate::case::InputError> {
        use crate::case::InputError;
        if !self.covers(facts.problem) {
            let covered: Vec<&str> = self.problems.keys().map(|p| p.word()).collect();
            return Err(InputError::ProblemNotCovered {
                problem: facts.problem,
                policy: self.id.clone(),
                covered: covered.join(", "),
            });
        }
        for money in [facts.price, facts.shipping, facts.order_total]
            .into_iter()
            .flatten()
        {
            if money.currency != self.currency {
                return Err(InputError::CurrencyMismatch {
                    given: money.currency,
                    expected: self.currency,
                    policy: self.id.clone(),
                });
            }
        }
        if let Some(unknown) = facts
            .evidence
            .iter()
            .find(|e| !self.evidence.contains_key(e.as_str()))
        {
            let known: Vec<&str> = self.evidence.keys().map(String::as_str).collect();
            return Err(InputError::UnknownEvidence {
                given: unknown.clone(),
                policy: self.id.clone(),
                known: format!(
                    "{} (it knows: {})",
                    crate::suggest::did_you_mean(unknown, known.iter().copied()),
                    known.join(", ")
                ),
            });
        }
        match &facts.seller {
            Some(seller) => self.check_seller(seller),
            None => Ok(()),
        }
    }

    /// A seller kind this policy declares, or an error naming those it does.
    pub fn check_seller(&self, seller: &Id) -> Result<(), crate::case::InputError> {
        if self.seller(seller).is_some() {
            return Ok(());
        }
        let known: Vec<&str> = self.sellers.iter().map(|s| s.id.as_str()).collect();
        Err(crate::case::InputError::UnknownSeller {
            given: seller.clone(),
            policy: self.id.clone(),
            hint: crate::suggest::did_you_mean(seller.as_str(), known.iter().copied()),
            known: known.join(", "),
        })
    }

    pub fn deadline_index(&self, id: &str) -> Option<usize> {
        self.deadlines.iter().position(|d| d.id == id)
    }

    /// The language to speak: `wanted` when the policy has it, else its default.
    pub fn lang(&self, wanted: Option<Lang>) -> Lang {
        match wanted {
            Some(l) if self.languages.contains(&l) => l,
            _ => self.language,
        }
    }

    /// Whether the policy applies to a marketplace domain (`amazon.fr`, `Amazon.fr`, `www.amazon.fr`).
    pub fn serves(&self, marketplace: &str) -> bool {
        serves(&self.marketplaces, marketplace)
    }

    /// Days to wait after reaching a level of the ladder for a problem (the last level's
    /// wait applies beyond the ladder); `None` without a ladder or a wait.
    pub fn wait_days(&self, level: usize, problem: Problem, from: NaiveDate) -> Option<i64> {
        let rung = self.ladder.get(level).or(self.ladder.last())?;
        rung.wait(problem).map(|w| w.days_from(from))
    }

    /// The first level after `level` that a case of this problem, recommended this rule,
    /// climbs to.
    pub fn next_level(&self, problem: Problem, rule: Option<&str>, level: usize) -> Option<usize> {
        (level + 1..self.ladder.len()).find(|&l| self.ladder[l].follows(problem, rule))
    }

    /// The level whose id is `id`.
    pub fn level_index(&self, id: &str) -> Option<usize> {
        self.ladder.iter().position(|l| l.id == id)
    }

    /// The facts inputs that may be missing for a deadline's anchors.
    pub fn anchor_inputs(deadline: &Deadline) -> Inputs {
        deadline
            .from
            .first()
            .and_then(|a| a.input())
            .into_iter()
            .collect()
    }
}
