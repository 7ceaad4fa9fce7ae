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

#[cfg(test)]
mod tests {
    use super::*;

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
