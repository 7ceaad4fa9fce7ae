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
    pub summary: Summary,
    pub report: ReportWords,
    pub letters: Letters,
    pub prompts: Prompts,
}

/// Labels of the vocabulary, in the order the vocabulary declares its words.
#[derive(Debug)]
pub struct Labels {
    pub remedies: [&'static str; 7],
    pub bases: [&'static str; 3],
    pub channels: [&'static str; 6],
    pub statuses: [&'static str; 3],
    pub paid_by: [&'static str; 2],
}

/// The summary of a decision (`claim check`, `claim new`).
#[derive(Debug)]
pub struct Summary {
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
    pub closed: &'static str,
}

/// Texts of the decision document.
#[derive(Debug)]
pub struct ReportWords {
    /// Why a rule was rejected: `{condition}`, `{actual}`.
    pub not_met: &'static str,
}

/// What the program adds to letters.
#[derive(Debug)]
pub struct Letters {
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
pub struct Prompts {
    pub no_history: &'static str,
    pub use_demo: &'static str,
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
    pub sellers: [&'static str; 3],
    pub prime: &'static str,
    pub condition: &'static str,
    pub new: &'static str,
    pub used: &'static str,
    pub promised: &'static str,
    pub delivered: &'static str,
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
    pub written: &'static str,
    pub saved: &'static str,
    pub cancelled: &'static str,
}
