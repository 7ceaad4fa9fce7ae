//! JSON as `claim` writes it (`--json`, batches, exported histories): characters that can
//! hide or disguise text — C1 controls, DEL, bidirectional overrides, line separators —
//! are written as `\uXXXX` escapes, never raw. The document means exactly the same (a JSON
//! reader decodes the escape back), but a terminal or editor showing the bytes cannot be
//! fooled by a product title that flips the text around it. serde_json already escapes C0.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::text::is_hidden;

/// Writes `value` as one line of JSON.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        Safe(CompactFormatter),
    ))
}

/// Writes `value` as indented JSON.
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        Safe(PrettyFormatter::new()),
    ))
}

/// `value` as one line of JSON.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer(&mut out, value)?;
    // The serializer writes UTF-8 only.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The bytes a hidden character other than C0 (which serde_json escapes) starts with: DEL,
/// and the lead bytes of C1 controls (0xc2), U+061C (0xd8), U+200B–U+206F (0xe2) and
/// U+FEFF (0xef).
static MAY_HIDE: [bool; 256] = {
    let mut table = [false; 256];
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xd8] = true;
    table[0xe2] = true;
    table[0xef] = true;
    table
};

/// A formatter that escapes [`is_hidden`] characters in strings, else writes as `F` does.
struct Safe<F>(F);

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Only where a byte may start a hidden character is one decoded: French text is
        // full of other multi-byte characters (é, «, ’).
        let bytes = fragment.as_bytes();
        let mut start = 0;
        let mut at = 0;
        while at < bytes.len() {
            // Eight bytes at a time: a word with no byte of 0x7f or more holds no candidate.
            if let Some(word) = bytes.get(at..at + 8) {
                let mut eight = [0u8; 8];
                eight.copy_from_slice(word);
                let w = u64::from_le_bytes(eight);
                if (w | w.wrapping_add(0x0101_0101_0101_0101)) & 0x8080_8080_8080_8080 == 0 {
                    at += 8;
                    continue;
                }
            }
            let end = (at + 8).min(bytes.len());
            for i in at..end {
                if !MAY_HIDE[usize::from(bytes[i])] || i < start {
                    continue;
                }
                let Some(c) = fragment.get(i..).and_then(|rest| rest.chars().next()) else {
                    continue;
                };
                if is_hidden(c) {
                    out.write_all(&bytes[start..i])?;
                    // All of them are in the Basic Multilingual Plane: one escape each.
                    write!(out, "\\u{:04x}", u32::from(c))?;
                    start = i + c.len_utf8();
                }
            }
            at = end;
        }
        out.write_all(&bytes[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.begin_array(out)
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_array(out)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_array_value(out)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.begin_object(out)
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_object(out)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.begin_object_value(out)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_object_value(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_escaped_and_read_back_the_same() {
        let title = "Casque \u{202e}txt.exe\u{202c} \u{85}neuf\u{7f} « été »\u{2028}";
        for text in [to_string(&title).unwrap_or_default(), {
            let mut pretty = Vec::new();
            let _ = to_writer_pretty(&mut pretty, &[title]);
            String::from_utf8_lossy(&pretty).into_owned()
        }] {
            assert!(!text.chars().any(|c| c != '\n' && is_hidden(c)), "{text}");
            assert!(
                text.contains("\\u202e") && text.contains("\\u0085"),
                "{text}"
            );
            assert!(text.contains("« été »"), "{text}");
            let back: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            let back = back.as_str().or_else(|| back[0].as_str());
            assert_eq!(back, Some(title));
        }
    }

    #[test]
    fn only_hidden_characters_are_escaped_wherever_they_fall() {
        // Hidden ones, and visible ones that start with the same bytes.
        let hidden = [
            '\u{7f}', '\u{85}', '\u{61c}', '\u{200b}', '\u{2066}', '\u{feff}',
        ];
        let visible = ['a', 'é', '«', '\u{a0}', '’', '\u{fb01}', '\u{600}', '€'];
        let expected = |text: &str| {
            text.chars()
                .map(|c| match c {
                    c if hidden.contains(&c) => format!("\\u{:04x}", u32::from(c)),
                    c => c.to_string(),
                })
                .collect::<String>()
        };
        for n in 0..400usize {
            // Every pair of characters at every offset of a 16-byte window.
            let pad = "x".repeat(n % 17);
            let h = hidden[n % hidden.len()];
            let v = visible[(n / hidden.len()) % visible.len()];
            let text = format!("{pad}{v}{h}{v}{pad}{h}{h}");
            assert_eq!(
                to_string(&text).ok(),
                Some(format!("\"{}\"", expected(&text)))
            );
        }
    }
}
