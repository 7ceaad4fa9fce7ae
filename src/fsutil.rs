//! Files that must never be half-written: an exclusive lock between `claim` processes, and
//! atomic replacement (temporary file in the same directory, fsync, rename, directory fsync).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file that could not be read or written, named with its path. The OS error is part of
/// the message, not a `source`, so an error chain prints it once.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read {path}: {cause}")]
    Read { path: PathBuf, cause: io::Error },
    #[error("cannot write {path}: {cause}")]
    Write { path: PathBuf, cause: io::Error },
    #[error("{path}: not UTF-8 text (invalid byte at offset {offset})")]
    NotText { path: PathBuf, offset: usize },
}

impl FileError {
    /// For `map_err`: reading `path` failed.
    pub fn read(path: &Path) -> impl FnOnce(io::Error) -> FileError + '_ {
        move |cause| FileError::Read {
            path: path.to_owned(),
            cause,
        }
    }

    /// For `map_err`: writing `path` failed.
    pub fn write(path: &Path) -> impl FnOnce(io::Error) -> FileError + '_ {
        move |cause| FileError::Write {
            path: path.to_owned(),
            cause,
        }
    }
}

/// Reads a UTF-8 text file.
pub fn read_text(path: &Path) -> Result<String, FileError> {
    let bytes = fs::read(path).map_err(FileError::read(path))?;
    String::from_utf8(bytes).map_err(|e| FileError::NotText {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Reads a UTF-8 text file that may not exist (`None` then).
pub fn read_text_if_exists(path: &Path) -> Result<Option<String>, FileError> {
    match read_text(path) {
        Ok(text) => Ok(Some(text)),
        Err(FileError::Read { cause, .. }) if cause.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// An exclusive lock held on a lock file until dropped (also released if the process dies).
#[derive(Debug)]
pub struct Lock {
    file: File,
}

impl Lock {
    /// Waits for the lock `name` in `dir`, creating both if needed.
    pub fn acquire(dir: &Path, name: &str) -> Result<Lock, FileError> {
        let path = dir.join(name);
        let lock = || {
            fs::create_dir_all(dir)?;
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            file.lock()?;
            Ok(Lock { file })
        };
        lock().map_err(FileError::write(&path))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Replaces `path` with what `write` produces, so that a reader (or a crash at any point)
/// sees either the old file or the new one, whole.
pub fn atomic_write(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> Result<(), FileError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut out = BufWriter::with_capacity(256 * 1024, File::create(&tmp)?);
        write(&mut out)?;
        out.flush()?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(FileError::write(path))
}

/// Removes temporary files a killed process left next to `path` (call it holding the lock
/// that guards `path`, so no live writer owns them).
pub fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        if file.starts_with(&prefix) && file.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}
