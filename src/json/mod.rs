//! JSON as `claim` writes it (`--json`, batches, exported histories): characters that can
//! hide or disguise text — C1 controls, DEL, bidirectional overrides, line separators —
//! are written as `\uXXXX` escapes, never raw. The document means exactly the same (a JSON
//! reader decodes the escape back), but a terminal or editor showing the bytes cannot be
//! fooled by a product title that flips the text around it. serde_json already escapes C0.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::text::is_hidden;

mod compact;

/// Writes `value` as one line of JSON.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(mut out: W, value: &T) -> serde_json::Result<()> {
    let mut line = Vec::new();
    extend(&mut line, value)?;
    out.write_all(&line).map_err(serde_json::Error::io)
}

/// Appends `value` as one line of JSON to `out` (a batch's output is made in memory).
pub fn extend<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut compact::Compact::new(out))
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
    extend(&mut out, value)?;
    // The serializer writes UTF-8 only.
    Ok(String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
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

/// The hidden character that starts at byte `at` of `text`, if one does.
fn hidden_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next().filter(|c| is_hidden(*c))
}

/// `\uXXXX`: every character escaped this way is in the Basic Multilingual Plane.
fn unicode_escape(c: char) -> String {
    format!("\\u{:04x}", u32::from(c))
}

/// The high bit of each of eight bytes, in its place.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Eight bytes with the high bit set where a byte is DEL or above (the bytes that may start a
/// hidden character): `w == 0` under [`HIGH_BITS`] when there is none.
fn from_del(w: u64) -> u64 {
    w | w.wrapping_add(0x0101_0101_0101_0101)
}

/// `Formatter` methods that write as the inner formatter does (serde_json's trait takes them
/// one by one: its defaults write compact JSON, not the inner formatter's).
macro_rules! delegate {
    ($($method:ident($($arg:ident: $ty:ty)?)),+ $(,)?) => {
        $(
            fn $method<W: ?Sized + Write>(&mut self, out: &mut W $(, $arg: $ty)?) -> io::Result<()> {
                self.0.$method(out $(, $arg)?)
            }
        )+
    };
}

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
            // Eight bytes at a time: a word with no byte from DEL up holds no candidate.
            if let Some(word) = bytes
                .get(at..at + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
                && from_del(u64::from_le_bytes(word)) & HIGH_BITS == 0
            {
                at += 8;
                continue;
            }
            let end = (at + 8).min(bytes.len());
            for i in at..end {
                if !MAY_HIDE[usize::from(bytes[i])] || i < start {
                    continue;
                }
                if let Some(c) = hidden_at(fragment, i) {
                    out.write_all(&bytes[start..i])?;
                    out.write_all(unicode_escape(c).as_bytes())?;
                    start = i + c.len_utf8();
                }
            }
            at = end;
        }
        out.write_all(&bytes[start..])
    }

    delegate! {
        begin_array(),
        end_array(),
        begin_array_value(first: bool),
        end_array_value(),
        begin_object(),
        end_object(),
        begin_object_key(first: bool),
        begin_object_value(),
        end_object_value(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// What serde_json writes with the [`Safe`] formatter: what [`to_writer`] must write.
    fn reference<T: Serialize + ?Sized>(value: &T) -> Option<String> {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(
            &mut out,
            Safe(serde_json::ser::CompactFormatter),
        );
        value.serialize(&mut ser).ok()?;
        String::from_utf8(out).ok()
    }

    fn same<T: Serialize + ?Sized + std::fmt::Debug>(value: &T) {
        assert_eq!(to_string(value).ok(), reference(value), "{value:?}");
    }

    #[derive(Debug, Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        EmptyTuple(),
        Struct { a: Option<bool>, b: Vec<u16> },
        EmptyStruct {},
    }

    #[derive(Debug, Serialize)]
    struct Fields<'a> {
        plain: &'a str,
        #[serde(rename = "odd \"key\"\u{202e}")]
        odd: char,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        unit: (),
        bytes: &'a [u8],
        big: (i128, u128, i64, u64),
        floats: (f64, f64, f32, f64, f64),
        shapes: Vec<Shape>,
        numbers: BTreeMap<i32, bool>,
        flags: BTreeMap<bool, ()>,
        words: BTreeMap<String, Vec<()>>,
        nothing: Vec<u8>,
        empty: BTreeMap<String, u8>,
    }

    #[test]
    fn the_compact_writer_writes_what_serde_json_writes() {
        let texts = [
            "",
            "plain ascii words that fill several eight-byte words",
            "quote \" backslash \\ slash / newline \n return \r tab \t \u{8} \u{c} \u{1} \u{1f}",
            "Casque \u{202e}txt.exe\u{202c} \u{85}neuf\u{7f} « été » ’ \u{a0} \u{2028}\u{feff}\u{61c}\u{600}",
            "emoji 👩\u{200d}💻 and ﬁ ligatures €",
        ];
        for text in texts {
            same(text);
            for cut in 0..text.len() {
                if let Some((a, b)) = text.get(..cut).zip(text.get(cut..)) {
                    same(&[a, b]);
                }
            }
        }
        let fields = Fields {
            plain: texts[3],
            odd: '\u{85}',
            skipped: None,
            unit: (),
            bytes: b"\x00\xff",
            big: (i128::MIN, u128::MAX, i64::MIN, u64::MAX),
            floats: (0.1, -0.0, 1.5e-7, f64::NAN, 1e300),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-1, "x\n".into()),
                Shape::EmptyTuple(),
                Shape::Struct {
                    a: Some(true),
                    b: vec![1, 2],
                },
                Shape::EmptyStruct {},
            ],
            numbers: [(-3, true), (12, false)].into_iter().collect(),
            flags: [(true, ())].into_iter().collect(),
            words: [("k\"\u{2066}".to_owned(), vec![()])].into_iter().collect(),
            nothing: Vec::new(),
            empty: BTreeMap::new(),
        };
        same(&fields);
        same(&serde_json::json!({"a": [1, 2.5, null, {"b": "\u{202e}"}], "": {}, "c": []}));
        // A raw value (serde_json's `raw_value` feature, not enabled) is refused, not
        // written as an object.
        struct Raw;
        impl Serialize for Raw {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let mut raw = s.serialize_struct("$serde_json::private::RawValue", 1)?;
                raw.serialize_field("$serde_json::private::RawValue", "1")?;
                raw.end()
            }
        }
        assert!(to_string(&Raw).is_err());
        // A map whose keys JSON cannot hold fails the same way.
        let bad: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        assert!(to_string(&bad).is_err() && reference(&bad).is_none());
    }

    #[test]
    fn every_report_of_the_policies_tests_is_written_as_serde_json_writes_it() {
        use crate::policy::{LoadOptions, builtin_ids, load_builtin};
        let mut written = 0;
        for id in builtin_ids() {
            let Some(Ok(loaded)) = load_builtin(id, &LoadOptions::default()) else {
                panic!("{id} loads");
            };
            let policy = &loaded.policy;
            for test in policy.tests.all() {
                let Ok(decision) = crate::engine::policy_tests::decide(policy, test) else {
                    continue;
                };
                for lang in policy.languages.iter().copied() {
                    let label = crate::draft::CaseLabel::default();
                    let Ok(report) = crate::report::build(policy, &decision, &label, lang) else {
                        continue;
                    };
                    assert_eq!(to_string(&report).ok(), reference(&report), "{}", test.name);
                    written += 1;
                }
            }
        }
        assert!(written > 100, "{written} reports");
    }

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
