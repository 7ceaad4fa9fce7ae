//! Text from outside (product titles, seller names, replies) made harmless to show: which
//! characters can hide or disguise the text around them, and names kept on one line. The
//! terminal, JSON, calendars and CSV exports each apply it their own way.

/// Whether a character can hide or disguise the text around it: a control character, one
/// that changes the direction or the lines of text, or an invisible one (zero-width space,
/// word joiner, byte-order mark). Joiners inside emoji (U+200D) are left alone.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2060}' | '\u{feff}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}' | '\u{2029}')
}

/// Whether a text says nothing: only spaces and hidden characters.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_hidden(c))
}

/// A text that names one thing (a product title, a seller) on one line: runs of spaces,
/// line breaks and hidden characters become one space, so a title cannot start a line of
/// its own in a letter ("Kettle\nBcc: …").
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || is_hidden(c))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
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
    fn names_are_one_line() {
        assert_eq!(
            one_line(" Kettle\nBcc: x \u{202e}\t 2 L "),
            "Kettle Bcc: x 2 L"
        );
        assert_eq!(
            one_line("Bouilloire « Élégance »"),
            "Bouilloire « Élégance »"
        );
    }

    #[test]
    fn long_text_is_shortened_with_an_ellipsis() {
        assert_eq!(shorten("Bouilloire", 10), "Bouilloire");
        assert_eq!(shorten("Bouilloire électrique", 10), "Bouilloir…");
        assert_eq!(shorten("éééé", 3), "éé…");
    }
}
