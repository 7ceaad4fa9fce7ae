//! Evidence files named with a draft: fingerprinted as they are read.

use std::path::{Path, PathBuf};

use crate::draft::Attachment;
use crate::fsutil::FileError;

/// Each file's name, size and SHA-256.
pub fn fingerprints(paths: &[PathBuf]) -> Result<Vec<Attachment>, FileError> {
    paths.iter().map(|p| fingerprint(p)).collect()
}

/// Each file with its contents, for an `.eml` that carries them.
pub fn with_contents(paths: &[PathBuf]) -> Result<Vec<(Attachment, Vec<u8>)>, FileError> {
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).map_err(FileError::read(p))?;
            let attachment = Attachment::fingerprint(file_name(p), bytes.as_slice())
                .map_err(FileError::read(p))?;
            Ok((attachment, bytes))
        })
        .collect()
}

fn fingerprint(path: &Path) -> Result<Attachment, FileError> {
    let file = std::fs::File::open(path).map_err(FileError::read(path))?;
    Attachment::fingerprint(file_name(path), file).map_err(FileError::read(path))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
