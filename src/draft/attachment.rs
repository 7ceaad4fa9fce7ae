//! Evidence named in a draft: each file with its size and SHA-256, so what was sent is
//! unambiguous.

use std::io::Read;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::lang::{Lang, fill};

/// A file listed with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// The file's name, without its folder.
    pub file: String,
    pub size: u64,
    pub sha256: String,
}

impl Attachment {
    /// Reads a file's bytes to fingerprint it.
    pub fn fingerprint(file: String, mut reader: impl Read) -> std::io::Result<Attachment> {
        let mut hasher = Sha256::new();
        let size = std::io::copy(&mut reader, &mut hasher)?;
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Attachment { file, size, sha256 })
    }
}

/// The body with the list of attachments at its end (`- photo.jpg (4,096 bytes, SHA-256 …)`).
pub fn with_attachments(mut body: String, attachments: &[Attachment], lang: Lang) -> String {
    if attachments.is_empty() {
        return body;
    }
    let words = &lang.phrases().letters;
    body.push('\n');
    body.push_str(words.attachments);
    body.push('\n');
    for a in attachments {
        let size = fill(words.bytes, &[("n", &lang.count(a.size))]);
        body.push_str(&format!("- {} ({size}, SHA-256 {})\n", a.file, a.sha256));
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_listed_with_size_and_digest() {
        let a = Attachment::fingerprint("a.txt".into(), &b"abc"[..]).ok();
        let digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(
            a.as_ref().map(|a| (a.size, a.sha256.as_str())),
            Some((3, digest))
        );
        let body = with_attachments(
            "Body\n".into(),
            &a.into_iter().collect::<Vec<_>>(),
            Lang::Fr,
        );
        assert_eq!(
            body,
            format!("Body\n\nPièces jointes :\n- a.txt (3 octets, SHA-256 {digest})\n")
        );
    }
}
