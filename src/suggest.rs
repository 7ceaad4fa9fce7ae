//! "Did you mean…?" — the closest valid name to a mistyped one.

/// The candidate closest to `given`, if it is close enough to be a plausible typo.
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given = given.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&given, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| {
            let limit = (c.len().max(given.len()) / 3).max(1);
            *distance <= limit
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// `" (did you mean `x`?)"` or an empty string.
pub fn did_you_mean<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(given, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_but_not_strangers() {
        let names = ["days_since_delivery", "days_since_order", "item_value"];
        assert_eq!(
            closest("days_since_delivry", names),
            Some("days_since_delivery")
        );
        assert_eq!(closest("itemvalue", names), Some("item_value"));
        assert_eq!(closest("colour", names), None);
    }
}
