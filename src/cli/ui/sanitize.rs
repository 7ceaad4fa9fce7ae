//! Untrusted text on the terminal: product names, seller names and pasted replies may carry
//! escape sequences. [`Ui`](super::Ui) passes every string it prints through this function.

/// Text safe to print on a terminal: control characters (other than newline and tab) are
/// shown as visible escapes, so `\x1b[2J` cannot clear the screen or fake output.
pub fn for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if crate::text::is_hidden(c) => {
                out.extend(c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `text`, the last one an ellipsis when it was cut: a cell
/// that a product title of thousands of characters cannot flood.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some(_) => {
            let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
            short.push('…');
            short
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_shortened_with_an_ellipsis() {
        assert_eq!(shorten("Bouilloire", 10), "Bouilloire");
        assert_eq!(shorten("Bouilloire électrique", 10), "Bouilloir…");
        assert_eq!(shorten("éééé", 3), "éé…");
    }

    #[test]
    fn escapes_are_made_visible() {
        assert_eq!(for_terminal("ok\x1b[2Jbad"), "ok\\u{1b}[2Jbad");
        assert_eq!(for_terminal("a\r\nb"), "a\\u{d}\nb");
        assert_eq!(
            for_terminal("Bouilloire « Élégance »"),
            "Bouilloire « Élégance »"
        );
    }
}
