//! What several commands print the same way: the summary of a decision, a case, a drafted
//! message, the days left before a deadline.

pub mod case;
pub mod decision;
pub mod message;

/// Days left before a deadline (`8`), or how long ago it passed.
pub fn days_left(days: i64, lang: crate::lang::Lang) -> String {
    let w = &lang.phrases().summary;
    match days {
        0.. => days.to_string(),
        -1 => w.passed_one.to_owned(),
        _ => crate::lang::fill(w.passed_many, &[("n", &(-days).to_string())]),
    }
}
