//! Evidence files named with a draft: fingerprinted as they are read.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::draft::Attachment;
use crate::fsutil::FileError;
use crate::limits::{MAX_ATTACHMENT_BYTES, too_large};

/// Each file's name, size and SHA-256.
pub fn fingerprints(paths: &[PathBuf]) -> Result<Vec<Attachment>, FileError> {
    within_total(paths)?;
    paths.iter().map(|p| fingerprint(p)).collect()
}

/// Refuses files that together pass [`MAX_ATTACHMENT_BYTES`] (each is checked again, and
/// read no further, when it is opened).
fn within_total(paths: &[PathBuf]) -> Result<(), FileError> {
    let mut total = 0u64;
    for path in paths {
        let meta = std::fs::metadata(path).map_err(FileError::read(path))?;
        total = total.saturating_add(meta.len());
        if total > MAX_ATTACHMENT_BYTES {
            let why = too_large("the attachments together", MAX_ATTACHMENT_BYTES);
            return Err(FileError::read(path)(why));
        }
    }
    Ok(())
}

/// Each file with its contents, for an `.eml` that carries them.
pub fn with_contents(paths: &[PathBuf]) -> Result<Vec<(Attachment, Vec<u8>)>, FileError> {
    within_total(paths)?;
    paths
        .iter()
        .map(|p| {
            let mut bytes = Vec::new();
            open(p)?
                .read_to_end(&mut bytes)
                .map_err(FileError::read(p))?;
            let attachment = Attachment::fingerprint(file_name(p), bytes.as_slice())
                .map_err(FileError::read(p))?;
            Ok((attachment, bytes))
        })
        .collect()
}

fn fingerprint(path: &Path) -> Result<Attachment, FileError> {
    Attachment::fingerprint(file_name(path), open(path)?).map_err(FileError::read(path))
}

/// An evidence file, to read no further than [`MAX_ATTACHMENT_BYTES`]: only a regular file
/// (a FIFO would block forever, `/dev/zero` never ends), checked before it is opened.
fn open(path: &Path) -> Result<Bounded, FileError> {
    let meta = std::fs::metadata(path).map_err(FileError::read(path))?;
    if !meta.is_file() {
        let why = std::io::Error::other("not a regular file (a folder, FIFO or device)");
        return Err(FileError::read(path)(why));
    }
    if meta.len() > MAX_ATTACHMENT_BYTES {
        return Err(FileError::read(path)(too_large(
            "an attachment",
            MAX_ATTACHMENT_BYTES,
        )));
    }
    let file = std::fs::File::open(path).map_err(FileError::read(path))?;
    Ok(Bounded {
        inner: file.take(MAX_ATTACHMENT_BYTES + 1),
        read: 0,
    })
}

/// A file read no further than [`MAX_ATTACHMENT_BYTES`], and refused past it (one that grew
/// since its size was checked must not be attached cut short, with a wrong SHA-256).
struct Bounded {
    inner: std::io::Take<std::fs::File>,
    read: u64,
}

impl Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > MAX_ATTACHMENT_BYTES {
            return Err(too_large("an attachment", MAX_ATTACHMENT_BYTES));
        }
        Ok(n)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
