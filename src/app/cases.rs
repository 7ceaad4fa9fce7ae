//! The life of a claim in the journal: opening a case from a decision, drafting the letter of
//! a level of the ladder for it, and escalating it.

use chrono::NaiveDate;

use crate::app::Settings;
use crate::app::catalogue::{Catalogue, Origin};
use crate::app::decide::{DecideError, Decided, decide, decide_order};
use crate::app::orders::{HistoryError, Orders};
use crate::case::CaseInput;
use crate::draft::{self, Letter, Message, TimelineEntry};
use crate::journal::{
    self, Case, CaseError, EventKind, Journal, JournalError, Opening, SavedDeadline, SavedLevel,
    SavedText, Snapshot,
};
use crate::lang::Lang;
use crate::orders::LookupError;
use crate::policy::Policy;
use crate::policy::model::Texts;
use crate::vocab::Status;

/// Why a letter cannot be drafted for a case.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("{0}")]
    Journal(#[from] JournalError),
    #[error("cannot decide case {case} again: {source}")]
    Decide { case: String, source: DecideError },
    #[error("case {case} has no recommended remedy ({status}): there is nothing to ask for", status = .status.word())]
    NothingToAsk { case: String, status: Status },
    #[error("policy {policy} has no level {level} (its ladder has {count} levels, 0 to {last})", last = .count.saturating_sub(1))]
    NoLevel {
        policy: String,
        level: usize,
        count: usize,
    },
    #[error("level 0 is the first message, not an escalation")]
    FirstLevel { case: String },
    #[error("policy {policy} has no ladder level `{given}` (its levels: {known})")]
    UnknownLevel {
        policy: String,
        given: String,
        known: String,
    },
    #[error("level {level} ({id}) of policy {policy} is not for this {problem} case")]
    LevelNotForProblem {
        policy: String,
        level: usize,
        id: String,
        problem: crate::vocab::Problem,
    },
    #[error("case {case} is at the last level of the ladder: there is nothing above it")]
    LastLevel { case: String },
    #[error(
        "case {case} asks for {remedy}, a {basis} remedy: level `{level}` cannot demand it (a gesture is asked for, not demanded)"
    )]
    NotDemandable {
        case: String,
        level: String,
        remedy: String,
        basis: String,
    },
    #[error("policy {policy}: the level {level} letter cannot be filled: {source}")]
    Template {
        policy: String,
        level: usize,
        source: minijinja::Error,
    },
}

impl From<CaseError> for DraftError {
    fn from(e: CaseError) -> Self {
        DraftError::Journal(e.into())
    }
}

/// The case to open for a decision, with the first message as it will be sent.
pub fn opening(
    catalogue: &Catalogue<'_>,
    decided: &Decided,
    input: &CaseInput,
    message: Option<&Message>,
    lang: Lang,
) -> Opening {
    let policy = catalogue.policy(decided.policy);
    let decision = &decided.decision;
    let offer = decision.recommendation();
    let rule = offer.map(|o| &policy.rules[o.rule]);
    let saved = |texts: &Texts| SavedText::Each(texts.each());
    let snapshot = Snapshot {
        policy: policy.id.clone(),
        policy_version: policy.version.clone(),
        policy_path: match catalogue.origin(decided.policy) {
            Origin::File(path) => Some(path.clone()),
            Origin::Builtin => None,
        },
        lang: Some(lang),
        status: decision.status,
        remedy: rule.map(|r| r.remedy),
        basis: rule.map(|r| r.basis),
        rule: rule.map(|r| r.id.clone()),
        amount: offer.and_then(|o| o.amount).map(|m| m.amount),
        currency: Some(policy.currency),
        deadlines: decision
            .deadlines
            .iter()
            .map(|d| {
                let def = &policy.deadlines[d.index];
                SavedDeadline {
                    id: def.id.clone(),
                    label: saved(&def.label),
                    date: crate::date::Date(d.date),
                }
            })
            .collect(),
        ladder: ladder(policy, decision.problem, decision.today),
    };
    Opening {
        problem: decision.problem,
        order_id: decided.label.order_id.clone(),
        item: decided.label.item.clone(),
        title: decided.label.title.clone(),
        // Every fact it was decided on, so it can be decided again without the order history.
        facts: CaseInput {
            order: input.order.clone(),
            item: input.item.clone(),
            ..CaseInput::from_facts(&decided.facts)
        },
        decision: snapshot,
        message: message.map(|m| format!("{}\n\n{}", m.subject, m.body)),
    }
}

/// The policy's ladder as a case keeps it.
fn ladder(policy: &Policy, problem: crate::vocab::Problem, from: NaiveDate) -> Vec<SavedLevel> {
    policy
        .ladder
        .iter()
        .enumerate()
        .map(|(i, l)| SavedLevel {
            id: l.id.clone(),
            label: SavedText::Each(l.label.each()),
            wait_days: policy.wait_days(i, problem, from),
            step: l.step.as_ref().map(|s| SavedText::Each(s.each())),
        })
        .collect()
}

/// Which level of the ladder to draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    /// The case's current level.
    Current,
    /// The next level that applies to the case's problem.
    Next,
    /// A level by its number (`2`) or its id (`formal-notice`).
    Named(String),
}

impl Level {
    /// The ladder index this choice means for a case under a policy, the case having been
    /// recommended `rule` (some levels skip some rules).
    fn resolve(
        &self,
        policy: &Policy,
        case: &Case,
        rule: Option<&str>,
    ) -> Result<usize, DraftError> {
        let level = match self {
            Level::Current if case.level < policy.ladder.len() => return Ok(case.level),
            Level::Current => {
                return Err(DraftError::NoLevel {
                    policy: policy.id.clone(),
                    level: case.level,
                    count: policy.ladder.len(),
                });
            }
            Level::Next => {
                return policy
                    .next_level(case.problem, rule, case.level)
                    .ok_or_else(|| DraftError::LastLevel {
                        case: case.id.clone(),
                    });
            }
            Level::Named(name) => match name.trim().parse::<usize>() {
                Ok(n) if n < policy.ladder.len() => n,
                Ok(n) => {
                    return Err(DraftError::NoLevel {
                        policy: policy.id.clone(),
                        level: n,
                        count: policy.ladder.len(),
                    });
                }
                Err(_) => policy.level_index(name.trim()).ok_or_else(|| {
                    let known: Vec<&str> = policy.ladder.iter().map(|l| l.id.as_str()).collect();
                    DraftError::UnknownLevel {
                        policy: policy.id.clone(),
                        given: name.clone(),
                        known: known.join(", "),
                    }
                })?,
            },
        };
        let rung = &policy.ladder[level];
        if !rung.follows(case.problem, rule) {
            return Err(DraftError::LevelNotForProblem {
                policy: policy.id.clone(),
                level,
                id: rung.id.clone(),
                problem: case.problem,
            });
        }
        Ok(level)
    }
}

/// Opens the case in the journal; returns its id.
pub fn save(settings: &Settings, opening: Opening) -> Result<String, JournalError> {
    journal::update(&settings.data_dir, |j| {
        j.add(Case::open(opening, settings.today))
    })
}

/// Reads the journal.
pub fn load(settings: &Settings) -> Result<Journal, JournalError> {
    Journal::load(&journal::journal_path(&settings.data_dir))
}

/// A letter drafted for a case, with what the user should know about its level.
#[derive(Debug)]
pub struct Drafted {
    pub message: Message,
    pub level: usize,
    pub level_label: Option<String>,
    pub guidance: Option<String>,
    pub lang: Lang,
    /// The reply deadline of the previous letter, when it has not passed yet.
    pub early: Option<NaiveDate>,
}

/// Drafts the letter of `level` for a case, as of `today`: the case is decided again with
/// the policy and facts it was opened with, and its timeline recapped.
pub fn draft(
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    case: &Case,
    level: &Level,
    today: NaiveDate,
) -> Result<Drafted, DraftError> {
    let fail = |source: DecideError| DraftError::Decide {
        case: case.id.clone(),
        source,
    };
    let index = match &settings.policy {
        Some(forced) => catalogue.load(forced),
        None => catalogue.load_saved(&case.decision.policy, case.decision.policy_path.as_deref()),
    }
    .map_err(|e| fail(e.into()))?;
    // Which level, before knowing the recommendation: whether the case is escalated.
    let escalated = level.resolve(catalogue.policy(index), case, None)? > 0;
    let mut input = CaseInput {
        problem: Some(case.problem),
        ..case.facts.clone()
    };
    // Beyond the first message, the answer did not satisfy: what a last resort needs.
    if escalated && input.refused.is_none() {
        input.refused = Some(true);
    }
    let mut orders = Orders::new(settings);
    let opened = case.opened.0;
    let decided = match decide(
        settings,
        catalogue,
        &mut orders,
        &input,
        opened,
        Some(index),
    ) {
        // The order is not at hand (another history, files not named again): the case
        // carries the facts it was decided on.
        Err(DecideError::History(HistoryError::Lookup(
            LookupError::NoHistory | LookupError::UnknownOrder { .. },
        ))) => {
            let alone = CaseInput {
                order: None,
                item: None,
                ..input.clone()
            };
            let mut decided = decide_order(settings, catalogue, None, &alone, opened, Some(index))
                .map_err(fail)?;
            decided.label.order_id.clone_from(&case.order_id);
            decided.label.title.clone_from(&case.title);
            decided.label.item.clone_from(&case.item);
            decided.label.asin.clone_from(&case.item);
            decided
        }
        other => other.map_err(fail)?,
    };
    let policy = catalogue.policy(index);
    let Some(offer) = decided.decision.recommendation() else {
        return Err(DraftError::NothingToAsk {
            case: case.id.clone(),
            status: decided.decision.status,
        });
    };
    let rule = &policy.rules[offer.rule];
    let level = level.resolve(policy, case, Some(&rule.id))?;
    let rung = policy.ladder.get(level);
    if let Some(r) = rung.filter(|r| !r.demands(rule.basis)) {
        return Err(DraftError::NotDemandable {
            case: case.id.clone(),
            level: r.id.clone(),
            remedy: rule.remedy.word().to_owned(),
            basis: rule.basis.word().to_owned(),
        });
    }
    let lang = policy.lang(settings.lang.or(case.decision.lang));
    let mut decision = decided.decision;
    decision.today = today;
    let letter = Letter::new(policy, &decision, level, steps(case, lang, level));
    // The answer the last letter asked for is not due yet: this one comes early.
    let early = letter
        .previous
        .and_then(|(_, deadline)| deadline)
        .filter(|deadline| level > 0 && today <= *deadline);
    let ctx = draft::context_for(policy, &decision, &decided.label, lang, Some(&letter));
    let message = draft::letter(policy, &ctx, &decision, lang, level).map_err(|source| {
        DraftError::Template {
            policy: policy.id.clone(),
            level,
            source,
        }
    })?;
    Ok(Drafted {
        message,
        level,
        level_label: rung.map(|r| r.label.get(lang).to_owned()),
        guidance: rung
            .and_then(|r| r.guidance.as_ref())
            .map(|g| g.get(lang).to_owned()),
        lang,
        early,
    })
}

/// The steps a later letter recaps: sent, replies, follow-ups (named in `lang`) — all but
/// the escalation to the level being drafted, which is the letter itself.
fn steps(case: &Case, lang: Lang, level: usize) -> Vec<(NaiveDate, TimelineEntry)> {
    let this_letter = case
        .events
        .iter()
        .rposition(|e| e.kind == EventKind::Escalated)
        .filter(|_| level > 0 && level == case.level);
    case.events
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != this_letter)
        .map(|(_, e)| e)
        .filter_map(|e| {
            let entry = match e.kind {
                EventKind::Sent => TimelineEntry::Sent,
                EventKind::Reply => TimelineEntry::Reply(e.text.clone().unwrap_or_default()),
                EventKind::Escalated => TimelineEntry::FollowUp(
                    case.escalation_step(e, lang).unwrap_or_default().to_owned(),
                ),
                _ => return None,
            };
            Some((e.date.0, entry))
        })
        .collect()
}

/// Drafts the next rung of the ladder for a case (or `level`) and records the step; the
/// letter is in the journal before anyone sees it.
pub fn escalate(
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    case_id: &str,
    level: Option<String>,
) -> Result<(String, Drafted), DraftError> {
    let journal = load(settings)?;
    let case = &journal.cases[journal.find(case_id)?];
    if case.is_closed() {
        return Err(CaseError::Closed(case.id.clone()).into());
    }
    let level = level.map_or(Level::Next, Level::Named);
    let today = settings.today;
    let drafted = draft(settings, catalogue, case, &level, today)?;
    if drafted.level == 0 {
        return Err(DraftError::FirstLevel {
            case: case.id.clone(),
        });
    }
    let level = drafted.level;
    let letter = format!("{}\n\n{}", drafted.message.subject, drafted.message.body);
    journal::update(&settings.data_dir, |j| {
        j.case_mut(&case.id)?
            .escalate(level, Some(letter), today, today)
            .map_err(JournalError::from)
    })?;
    Ok((case.id.clone(), drafted))
}
