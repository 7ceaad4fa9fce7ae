//! A `mailto:` link that opens the message in the user's mail program.

/// `mailto:?subject=…&body=…`, percent-encoded as RFC 6068 asks (spaces as %20, line
/// breaks as %0D%0A).
pub fn mailto(subject: &str, body: &str) -> String {
    format!("mailto:?subject={}&body={}", encode(subject), encode(body))
}

fn encode(text: &str) -> String {
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let mut out = String::with_capacity(crlf.len() * 3);
    for b in crlf.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_rfc_6068_says() {
        assert_eq!(
            mailto("Objet : é", "a b\nc"),
            "mailto:?subject=Objet%20%3A%20%C3%A9&body=a%20b%0D%0Ac"
        );
    }
}
