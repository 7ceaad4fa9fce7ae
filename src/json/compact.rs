//! The one-line writer behind [`super::to_writer`]: the bytes serde_json writes with the
//! [`super::Safe`] formatter, without its per-string detours. A batch line's document holds
//! some 240 strings (keys included): here a struct's keys are written as they are, and a
//! string's escapes — JSON's own and the hidden characters' — are found in one pass, eight
//! bytes at a time. Pretty output and map keys still go through serde_json.

use serde::Serialize;
use serde::ser;
use serde_json::Error;
use serde_json::ser::CompactFormatter;

use super::{HIGH_BITS, MAY_HIDE, Safe, from_del, hidden_at, unicode_escape};

type Result<T> = std::result::Result<T, Error>;

/// A serializer appending compact JSON to a buffer (writing into memory cannot fail).
pub(super) struct Compact<'o> {
    out: &'o mut Vec<u8>,
}

impl<'o> Compact<'o> {
    pub(super) fn new(out: &'o mut Vec<u8>) -> Self {
        Compact { out }
    }

    fn raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.extend_from_slice(bytes);
        Ok(())
    }

    fn string(&mut self, text: &str) -> Result<()> {
        write_string(self.out, text);
        Ok(())
    }

    fn number(&mut self, n: impl itoa::Integer) -> Result<()> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        Ok(())
    }

    /// A float as serde_json writes it (shortest round-trip form; `null` when not finite).
    fn float<F: Serialize>(&mut self, f: F) -> Result<()> {
        serde_json::to_writer(&mut *self.out, &f)
    }

    /// A struct's key: most are plain words, written as they are.
    fn key(&mut self, key: &str) -> Result<()> {
        if plain_text(key) {
            self.out.reserve(key.len() + 3);
            self.out.push(b'"');
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"\":");
        } else {
            write_string(self.out, key);
            self.out.push(b':');
        }
        Ok(())
    }
}

/// Whether a byte may need an escape: `"`, `\`, a C0 control, or the first byte of a
/// [`crate::text::is_hidden`] character ([`MAY_HIDE`]).
static SPECIAL: [bool; 256] = {
    let mut table = MAY_HIDE;
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Whether a text needs no escape at all: eight bytes at a time for ASCII (the keys of
/// structs, a few words each), byte by byte otherwise.
fn plain_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let ascii = match bytes.len() {
        // Padded with spaces, which need no escape.
        0..8 => {
            let mut word = [b' '; 8];
            word[..bytes.len()].copy_from_slice(bytes);
            plain(u64::from_le_bytes(word))
        }
        // Whole words, the last one overlapping the one before.
        len => {
            let word = |at: usize| {
                bytes
                    .get(at..at + 8)
                    .and_then(|w| <[u8; 8]>::try_from(w).ok())
                    .is_some_and(|w| plain(u64::from_le_bytes(w)))
            };
            (0..len - 8).step_by(8).all(word) && word(len - 8)
        }
    };
    ascii || !bytes.iter().any(|&b| SPECIAL[usize::from(b)])
}

/// Writes `text` as a JSON string: `"`, `\` and C0 controls escaped as serde_json escapes them,
/// the other [`crate::text::is_hidden`] characters as `\uXXXX`.
fn write_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Written up to `start`, looked at up to `at`.
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Eight bytes of plain ASCII at a time; otherwise these eight one by one (accented
        // letters are plain too, only rarer bytes need a closer look).
        if let Some(word) = bytes
            .get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            && plain(u64::from_le_bytes(word))
        {
            at += 8;
            continue;
        }
        let end = (at + 8).min(bytes.len());
        while at < end {
            let byte = bytes[at];
            if !SPECIAL[usize::from(byte)] {
                at += 1;
                continue;
            }
            match escape(text, at) {
                Some((escape, len)) => {
                    out.extend_from_slice(&bytes[start..at]);
                    out.extend_from_slice(&escape);
                    at += len;
                    start = at;
                }
                None => at += 1,
            }
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The escape of the character at `at` (a [`SPECIAL`] byte) and its length in bytes, or
/// `None` when it is written as it is.
fn escape(text: &str, at: usize) -> Option<(Vec<u8>, usize)> {
    let byte = text.as_bytes()[at];
    let short: Option<&[u8]> = match byte {
        b'"' => Some(b"\\\""),
        b'\\' => Some(b"\\\\"),
        b'\n' => Some(b"\\n"),
        b'\r' => Some(b"\\r"),
        b'\t' => Some(b"\\t"),
        0x08 => Some(b"\\b"),
        0x0c => Some(b"\\f"),
        _ => None,
    };
    match short {
        Some(escape) => Some((escape.to_vec(), 1)),
        None if byte < 0x20 => Some((unicode_escape(char::from(byte)).into_bytes(), 1)),
        None => hidden_at(text, at).map(|c| (unicode_escape(c).into_bytes(), c.len_utf8())),
    }
}

/// Whether eight bytes need no escape: none below a space, no `"` or `\`, none from DEL up
/// (which may start a hidden character).
fn plain(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // A byte below `n` (n ≤ 128) sets its high bit in `(w - n…n) & !w`.
    let below_space = w.wrapping_sub(ONES * 0x20) & !w;
    let equal = |b: u8| {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x
    };
    (below_space | equal(b'"') | equal(b'\\') | from_del(w)) & HIGH_BITS == 0
}

/// A map key as serde_json writes it (strings, and numbers and booleans quoted), followed by
/// `:`. Keys of maps are rare in `claim`'s documents: serde_json's own rules are kept.
fn map_key<K: Serialize + ?Sized>(key: &K) -> Result<Vec<u8>> {
    struct One<'k, K: ?Sized>(&'k K);
    impl<K: Serialize + ?Sized> Serialize for One<'_, K> {
        fn serialize<S: ser::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            use ser::SerializeMap as _;
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(self.0, &())?;
            map.end()
        }
    }
    let mut written = Vec::new();
    One(key).serialize(&mut serde_json::Serializer::with_formatter(
        &mut written,
        Safe(CompactFormatter),
    ))?;
    // `{KEY:null}` → `KEY:`
    let end = written.len().saturating_sub("null}".len());
    Ok(written.get(1..end).unwrap_or_default().to_vec())
}

/// Where a compound value is: nothing written yet, or after its first element; `Empty` when
/// it was closed as soon as opened (no elements announced).
#[derive(PartialEq, Eq)]
enum State {
    Empty,
    First,
    Rest,
}

/// An array or object being written; `close` is what ends it after its own bracket (the `}`
/// of an enum variant's wrapper).
pub(super) struct Compound<'a, 'o> {
    ser: &'a mut Compact<'o>,
    state: State,
    bracket: &'static [u8],
    close: &'static [u8],
}

impl Compound<'_, '_> {
    fn separate(&mut self) -> Result<()> {
        let first = self.state == State::First;
        self.state = State::Rest;
        if first { Ok(()) } else { self.ser.raw(b",") }
    }

    fn finish(self) -> Result<()> {
        if self.state != State::Empty {
            self.ser.raw(self.bracket)?;
        }
        self.ser.raw(self.close)
    }
}

impl<'a, 'o> Compact<'o> {
    /// Opens an array or object (`open`), closed at once when it has no elements.
    fn open(
        &'a mut self,
        open: &'static [u8],
        bracket: &'static [u8],
        len: Option<usize>,
        close: &'static [u8],
    ) -> Result<Compound<'a, 'o>> {
        self.raw(open)?;
        let state = if len == Some(0) {
            self.raw(bracket)?;
            State::Empty
        } else {
            State::First
        };
        Ok(Compound {
            ser: self,
            state,
            bracket,
            close,
        })
    }

    /// `{"variant":` before an enum variant's value.
    fn variant(&mut self, variant: &str) -> Result<()> {
        self.raw(b"{")?;
        self.key(variant)
    }
}

impl<'a, 'o> ser::Serializer for &'a mut Compact<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'o>;
    type SerializeTuple = Compound<'a, 'o>;
    type SerializeTupleStruct = Compound<'a, 'o>;
    type SerializeTupleVariant = Compound<'a, 'o>;
    type SerializeMap = Compound<'a, 'o>;
    type SerializeStruct = Compound<'a, 'o>;
    type SerializeStructVariant = Compound<'a, 'o>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.raw(if v { b"true" } else { b"false" })
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.number(v)
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.number(v)
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.number(v)
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.number(v)
    }
    fn serialize_i128(self, v: i128) -> Result<()> {
        self.number(v)
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.number(v)
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.number(v)
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.number(v)
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.number(v)
    }
    fn serialize_u128(self, v: u128) -> Result<()> {
        self.number(v)
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        self.float(v)
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        use ser::SerializeSeq as _;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<()> {
        self.raw(b"null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        self.raw(b"null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.raw(b"null")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.variant(variant)?;
        value.serialize(&mut *self)?;
        self.raw(b"}")
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, 'o>> {
        self.open(b"[", b"]", len, b"")
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'o>> {
        self.open(b"[", b"]", Some(len), b"")
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a, 'o>> {
        self.open(b"[", b"]", Some(len), b"")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'o>> {
        self.variant(variant)?;
        self.open(b"[", b"]", Some(len), b"}")
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, 'o>> {
        self.open(b"{", b"}", len, b"")
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a, 'o>> {
        // serde_json's raw values and arbitrary-precision numbers (features `claim` does not
        // enable) are written raw by serde_json: refused here rather than written otherwise.
        if name.starts_with("$serde_json::private::") {
            return Err(ser::Error::custom(format!(
                "{name} is written by serde_json only"
            )));
        }
        self.open(b"{", b"}", Some(len), b"")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'o>> {
        self.variant(variant)?;
        self.open(b"{", b"}", Some(len), b"}")
    }
}

/// The array-like traits: each element after a comma, the bracket at the end.
macro_rules! elements {
    ($($trait:ident :: $method:ident),+) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.separate()?;
                value.serialize(&mut *self.ser)
            }
            fn end(self) -> Result<()> {
                self.finish()
            }
        }
    )+};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.separate()?;
        let key = map_key(key)?;
        self.ser.raw(&key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

/// The object-like traits of structs: each field after a comma, its key as it is.
macro_rules! fields {
    ($($trait:ident),+) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<()> {
                self.separate()?;
                self.ser.key(key)?;
                value.serialize(&mut *self.ser)
            }
            fn end(self) -> Result<()> {
                self.finish()
            }
        }
    )+};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_plain_when_written_as_it_is() {
        let specials = [
            '"', '\\', '\n', '\u{1}', '\u{7f}', '\u{85}', '\u{200b}', '\u{feff}',
        ];
        let harmless = ['a', ' ', '~', 'é', '«', '’', '€', '\u{a0}'];
        for len in 0..20 {
            for at in 0..len {
                for c in specials.iter().chain(&harmless) {
                    let text: String = (0..len).map(|i| if i == at { *c } else { 'k' }).collect();
                    let mut written = Vec::new();
                    write_string(&mut written, &text);
                    let as_is = written == format!("\"{text}\"").into_bytes();
                    // Never plain when it is not; the first byte of a character that may
                    // be hidden makes a text not plain even when that one is not.
                    let looked_at =
                        c.is_ascii() || !SPECIAL[usize::from(c.to_string().as_bytes()[0])];
                    if looked_at {
                        assert_eq!(plain_text(&text), as_is, "{text:?}");
                    } else {
                        assert!(!plain_text(&text), "{text:?}");
                    }
                }
            }
        }
        assert!(plain_text(""));
    }
}
