//! The shape of the program's phrases: one field per phrase, grouped by where it is shown.
//! A `{name}` in a phrase is a slot filled with [`fill`](super::fill).

/// Every phrase of the program in one language.
#[derive(Debug)]
pub struct Phrases {
    pub months: [&'static str; 12],
    /// How the first day of a month is written (`1er` in French), if not as a number.
    pub first_of_month: Option<&'static str>,
    /// Groups the digits of large numbers.
    pub thousands: char,
    /// Between a label and what follows (`: `, or ` : ` in French).
    pub colon: &'static str,
    pub labels: Labels,
    pub summary: SummaryWords,
    pub report: ReportWords,
    pub letters: LetterWords,
    pub prompts: PromptWords,
    pub check: CheckWords,
    pub cases: CaseWords,
    pub scan: ScanWords,
    pub orders: OrderWords,
    pub import: ImportWords,
    pub policy: PolicyWords,
    pub config: ConfigWords,
    pub hints: HintWords,
}

/// Labels of the vocabulary, in the order the vocabulary declares its words.
#[derive(Debug)]
pub struct Labels {
    pub remedies: [&'static str; 7],
    pub bases: [&'static str; 3],
    /// A membership programme's extension: `{membership}`.
    pub membership_extension: &'static str,
    pub statuses: [&'static str; 3],
    pub paid_by: [&'static str; 2],
    /// The program's own short names of the problem kinds, for tables (policies name them
    /// at length).
    pub problems: [&'static str; 7],
    pub case_statuses: [&'static str; 6],
    pub events: [&'static str; 8],
    pub outcomes: [&'static str; 8],
    pub order_statuses: [&'static str; 5],
}

/// The summary of a decision (`claim check`, `claim new`).
#[derive(Debug)]
pub struct SummaryWords {
    pub recommended: &'static str,
    pub alternatives: &'static str,
    pub rejected: &'static str,
    pub deadlines: &'static str,
    pub evidence: &'static str,
    pub steps: &'static str,
    pub legal: &'static str,
    pub missing_undetermined: &'static str,
    pub missing_eligible: &'static str,
    pub remedy: &'static str,
    pub basis: &'static str,
    pub amount: &'static str,
    pub rule: &'static str,
    pub why: &'static str,
    pub deadline: &'static str,
    pub date: &'static str,
    pub days_left: &'static str,
    pub return_required: &'static str,
    pub no_return: &'static str,
    pub estimated: &'static str,
    pub as_of: &'static str,
    pub order: &'static str,
    pub assumed: &'static str,
    pub trace: &'static str,
    pub nothing: &'static str,
    /// A deadline one day past.
    pub passed_one: &'static str,
    /// `{n}` days past.
    pub passed_many: &'static str,
}

/// Texts of the decision document.
#[derive(Debug)]
pub struct ReportWords {
    /// Why a rule was rejected: `{condition}`, `{actual}`.
    pub not_met: &'static str,
}

/// What the program adds to letters.
#[derive(Debug)]
pub struct LetterWords {
    pub subject: &'static str,
    pub attachments: &'static str,
    /// `{n}` bytes.
    pub bytes: &'static str,
    /// One line of a letter's recap: `{date}`, `{what}`.
    pub timeline_line: &'static str,
    pub sent: &'static str,
    /// `{text}`: the reply, shortened.
    pub reply: &'static str,
    /// `{label}`: the ladder level.
    pub follow_up: &'static str,
}

/// The questions and messages of `claim new`.
#[derive(Debug)]
pub struct PromptWords {
    pub no_history: &'static str,
    pub use_demo: &'static str,
    pub import_data: &'static str,
    pub export_path: &'static str,
    pub no_such_path: &'static str,
    pub order_number: &'static str,
    pub item_title: &'static str,
    pub manual: &'static str,
    pub which_order: &'static str,
    pub which_item: &'static str,
    pub what_happened: &'static str,
    pub marketplace: &'static str,
    pub ordered_on: &'static str,
    pub price: &'static str,
    pub shipping: &'static str,
    pub category: &'static str,
    pub how_bad: &'static str,
    pub major: &'static str,
    pub minor: &'static str,
    pub who_sold: &'static str,
    /// `{membership}`: the programme's name.
    pub prime: &'static str,
    pub condition: &'static str,
    pub new: &'static str,
    pub used: &'static str,
    pub promised: &'static str,
    pub delivered: &'static str,
    /// Has the parcel arrived? (yes / not yet / don't know)
    pub arrived: &'static str,
    /// Was a delivery date given? (yes / none / don't know)
    pub date_given: &'static str,
    /// Has the order been shipped? (yes / not yet / don't know)
    pub shipped: &'static str,
    pub shipped_on: &'static str,
    pub yes: &'static str,
    pub not_yet: &'static str,
    pub no_date: &'static str,
    pub dont_know: &'static str,
    pub refused: &'static str,
    pub return_costly: &'static str,
    pub withdrawal: &'static str,
    pub contacted: &'static str,
    pub contacted_on: &'static str,
    pub returned: &'static str,
    pub evidence_have: &'static str,
    pub edit_message: &'static str,
    pub save_eml: &'static str,
    pub eml_path: &'static str,
    pub need_path: &'static str,
    pub save_case: &'static str,
    pub remember: &'static str,
    pub your_name: &'static str,
    /// `{path}`.
    pub written: &'static str,
    /// `{id}`.
    pub saved: &'static str,
    pub cancelled: &'static str,
}

/// `claim check`.
#[derive(Debug)]
pub struct CheckWords {
    /// `{id}`.
    pub saved: &'static str,
    /// `{policy}`, `{lang}`, `{used}`.
    pub no_texts: &'static str,
    /// `{status}`.
    pub nothing_to_draft: &'static str,
    /// `{source}`, `{n}`.
    pub batch_failed: &'static str,
}

/// The journal's screens: `list`, `show`, `log`, `close`, `due`, and letters' levels.
#[derive(Debug)]
pub struct CaseWords {
    /// `{n}`, `{label}`.
    pub level: &'static str,
    /// `{date}`: the previous letter's reply deadline, not passed yet.
    pub early: &'static str,
    /// The opening event: `{status}`, `{remedy}`, `{basis}`, `{rule}`.
    pub created: &'static str,
    /// `{id}`, `{status}`.
    pub logged: &'static str,
    /// `{id}`, `{outcome}`.
    pub closed_as: &'static str,
    /// `{order}`.
    pub about: &'static str,
    /// `{order}`, `{title}`.
    pub about_titled: &'static str,
    /// `{id}`.
    pub case_title: &'static str,
    /// `{date}`.
    pub opened_on: &'static str,
    /// `{remedy}`, `{amount}`, `{basis}`, `{policy}`, `{version}`.
    pub asked: &'static str,
    /// `{n}`, `{label}`.
    pub ladder: &'static str,
    /// `{date}`.
    pub follow_up_on: &'static str,
    pub closed: &'static str,
    pub due_mark: &'static str,
    pub deadlines: &'static str,
    pub timeline: &'static str,
    pub deadline: &'static str,
    pub date: &'static str,
    pub days_left: &'static str,
    pub none_yet: &'static str,
    pub none_match: &'static str,
    pub case: &'static str,
    pub opened: &'static str,
    pub order: &'static str,
    pub problem: &'static str,
    pub remedy_asked: &'static str,
    pub status: &'static str,
    pub next_follow_up: &'static str,
    /// `{id}`, `{level}`.
    pub follow_up_summary: &'static str,
    /// `{about}`, `{remedy}`, `{id}`.
    pub follow_up_details: &'static str,
    /// `{id}`, `{label}`.
    pub deadline_summary: &'static str,
    /// `{about}`, `{id}`.
    pub deadline_details: &'static str,
    pub nothing_due: &'static str,
    pub days: &'static str,
    pub what: &'static str,
    pub details: &'static str,
}

/// `claim scan`.
#[derive(Debug)]
pub struct ScanWords {
    pub no_orders: &'static str,
    pub unrefunded: &'static str,
    pub order: &'static str,
    pub returned: &'static str,
    pub amount: &'static str,
    pub what_to_ask: &'static str,
    /// `{days}`.
    pub none_within: &'static str,
    pub none_open: &'static str,
    /// `{days}`.
    pub open_within: &'static str,
    pub open_windows: &'static str,
    /// `{date}`.
    pub ordered: &'static str,
    /// `{n}` days left.
    pub days: &'static str,
    pub estimated: &'static str,
    /// `{n}`, `{orders}`.
    pub count: &'static str,
    /// `{n}`.
    pub later: &'static str,
    pub estimated_note: &'static str,
    /// `{n}`, `{marketplace}`.
    pub no_policy: &'static str,
    /// `{n}`, `{marketplace}`, `{currency}`.
    pub wrong_currency: &'static str,
    pub unknown_marketplace: &'static str,
}

/// `claim orders list | show | set`.
#[derive(Debug)]
pub struct OrderWords {
    /// `{amount}`.
    pub refunded: &'static str,
    /// `{date}`.
    pub returned_not_refunded: &'static str,
    /// A return settled without a refund (an exchange): `{date}`, `{resolution}`.
    pub returned_settled: &'static str,
    /// A refund asked for and declined.
    pub declined: &'static str,
    pub unknown: &'static str,
    pub none_yet: &'static str,
    pub none_match: &'static str,
    pub date: &'static str,
    pub order: &'static str,
    pub items: &'static str,
    pub items_heading: &'static str,
    pub total: &'static str,
    pub status: &'static str,
    pub refund: &'static str,
    /// `{n}`.
    pub count: &'static str,
    /// `{id}`.
    pub order_title: &'static str,
    /// `{status}`, `{total}`, `{refund}`.
    pub summary: &'static str,
    /// `{promised}`, `{delivered}`, `{seller}`, `{prime}`.
    pub facts: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub item_id: &'static str,
    pub title: &'static str,
    pub unit_price: &'static str,
    pub quantity: &'static str,
    pub shipped: &'static str,
    pub carrier: &'static str,
    pub tracking: &'static str,
    pub shipments: &'static str,
    pub amount: &'static str,
    pub refunds: &'static str,
    pub reason: &'static str,
    pub resolution: &'static str,
    pub returns: &'static str,
    /// `{id}`.
    pub replaced_by: &'static str,
    /// `{id}`.
    pub recorded: &'static str,
}

/// `claim orders import`.
#[derive(Debug)]
pub struct ImportWords {
    /// `{n}`: lines of a file read so far.
    pub lines_read: &'static str,
    /// `{n}`.
    pub more_problems: &'static str,
    /// `{n}`.
    pub strict_refused: &'static str,
    /// `{n}`.
    pub read_files: &'static str,
    /// `{file}`, `{kind}`, `{rows}`.
    pub file_read: &'static str,
    /// `{n}`.
    pub rows_one: &'static str,
    /// `{n}`.
    pub rows_many: &'static str,
    /// How many orders a native file held: `{n}`.
    pub orders_one: &'static str,
    pub orders_many: &'static str,
    /// `{file}`, `{why}`.
    pub file_skipped: &'static str,
    pub orders: &'static str,
    pub items: &'static str,
    pub refunds: &'static str,
    pub returns: &'static str,
    /// `{n}`.
    pub added: &'static str,
    /// `{n}`.
    pub known: &'static str,
    /// `{n}`: refunds or returns kept for an order not imported yet.
    pub waiting: &'static str,
    /// `{n}`: refunds or returns kept earlier that joined their order.
    pub attached: &'static str,
    pub skipped: &'static str,
    /// `{n}`.
    pub unreadable_rows: &'static str,
    /// `{n}`.
    pub ignored_rows: &'static str,
    /// `{n}`.
    pub repeated_rows: &'static str,
    /// `{ids}`.
    pub orphans: &'static str,
    /// `{n}`.
    pub pending: &'static str,
    /// `{n}`, `{marketplace}`, `{currency}`.
    pub inferred: &'static str,
    /// `{n}`, `{currency}`.
    pub unknown_marketplace: &'static str,
    pub dry_run: &'static str,
    /// `{path}`, `{n}`.
    pub history: &'static str,
}

/// `claim policy list | show | check | test`.
#[derive(Debug)]
pub struct PolicyWords {
    pub marketplaces: &'static str,
    pub version: &'static str,
    pub languages: &'static str,
    pub rules_count: &'static str,
    pub name: &'static str,
    /// `{n}`.
    pub days: &'static str,
    /// `{n}`.
    pub hours: &'static str,
    /// `{n}`.
    pub months: &'static str,
    /// `{from}`, `{to}`, `{until}`.
    pub season: &'static str,
    /// `{marketplaces}`, `{jurisdiction}`, `{currency}`, `{languages}`.
    pub identity: &'static str,
    pub source: &'static str,
    pub confidence: &'static str,
    pub retrieved: &'static str,
    pub title: &'static str,
    pub sources: &'static str,
    pub parameter: &'static str,
    pub value: &'static str,
    pub note: &'static str,
    pub your_config: &'static str,
    pub parameters: &'static str,
    pub rules: &'static str,
    pub deadline: &'static str,
    pub from: &'static str,
    pub plus: &'static str,
    pub label: &'static str,
    /// Between the dates a deadline may count from.
    pub or: &'static str,
    pub deadlines: &'static str,
    pub reference: &'static str,
    pub citation: &'static str,
    pub legal: &'static str,
    pub rule: &'static str,
    pub problems: &'static str,
    pub remedy: &'static str,
    pub basis: &'static str,
    pub amount: &'static str,
    pub priority: &'static str,
    pub conditions: &'static str,
    /// `{conditions}`.
    pub any_of: &'static str,
    /// `{target}`, `{id}`, `{version}`, `{rules}`, `{deadlines}`, `{tests}`, `{summary}`.
    pub valid: &'static str,
    /// `{target}`, `{summary}`.
    pub invalid: &'static str,
    pub error_one: &'static str,
    pub error_many: &'static str,
    pub warning_one: &'static str,
    pub warning_many: &'static str,
    pub test_ok: &'static str,
    pub test_failed: &'static str,
    /// `{rules}`.
    pub untested: &'static str,
    /// `{letters}`: problem × level pairs.
    pub unchecked_letters: &'static str,
    /// `{date}`.
    pub in_force: &'static str,
    pub repealed: &'static str,
    /// `{citation}`, `{since}`, `{by}`.
    pub repealed_line: &'static str,
    /// `{id}`, `{passed}`, `{failed}`.
    pub tested: &'static str,
}

/// `claim config`.
#[derive(Debug)]
pub struct ConfigWords {
    pub no_home: &'static str,
    pub not_yet: &'static str,
    /// `{path}`.
    pub saved: &'static str,
    /// `{key}`.
    pub was_not_set: &'static str,
    pub editor_failed: &'static str,
    pub unchanged: &'static str,
    pub edit_again: &'static str,
    pub not_saved: &'static str,
    /// What a new configuration file starts with.
    pub template: &'static str,
}

/// What the user can do about an error.
#[derive(Debug)]
pub struct HintWords {
    /// `{flag}`.
    pub pass_flag: &'static str,
    pub import_history: &'static str,
    /// `{ids}`.
    pub near_orders: &'static str,
    /// `{n}`.
    pub list_orders: &'static str,
    pub pick_item: &'static str,
    /// `{ids}`.
    pub recent_cases: &'static str,
    pub empty_journal: &'static str,
    /// `{case}`.
    pub reopen: &'static str,
    pub today: &'static str,
    pub pick_policy: &'static str,
    /// `{case}`.
    pub draft_first: &'static str,
    pub create_config: &'static str,
}
