//! Files that must never be half-written: an exclusive lock between `claim` processes, and
//! atomic replacement (temporary file in the same directory, fsync, rename, directory fsync).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
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

/// Reads a file whole, up to [`MAX_TEXT_FILE_BYTES`](crate::limits::MAX_TEXT_FILE_BYTES):
/// a policy, the configuration, the journal or an order file is far smaller, and
/// `/dev/zero` must not fill the memory.
pub fn read_capped(path: &Path) -> io::Result<Vec<u8>> {
    use crate::limits::{MAX_TEXT_FILE_BYTES, too_large};
    let mut bytes = Vec::new();
    File::open(path)?
        .take(MAX_TEXT_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        return Err(too_large("a file", MAX_TEXT_FILE_BYTES));
    }
    Ok(bytes)
}

/// Reads a UTF-8 text file (see [`read_capped`]).
pub fn read_text(path: &Path) -> Result<String, FileError> {
    let bytes = read_capped(path).map_err(FileError::read(path))?;
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
            create_private_dir(dir)?;
            let mut options = OpenOptions::new();
            options.create(true).truncate(false).write(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let file = options.open(&path)?;
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
///
/// The new file keeps the old one's permissions (and owner, when allowed): a journal the
/// user made private stays private. A file that did not exist is created private (0600).
/// When `path` is a symbolic link, the file it points to is replaced, and the link stays.
pub fn atomic_write(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> Result<(), FileError> {
    trusted_links(path).map_err(FileError::write(path))?;
    // A device or a FIFO (`-o /dev/stdout`, whose link names no file): written to, never
    // replaced.
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let write_through = || {
            let mut out = BufWriter::new(OpenOptions::new().write(true).open(path)?);
            write(&mut out)?;
            out.flush()
        };
        return write_through().map_err(FileError::write(path));
    }
    let target = link_target(path).map_err(FileError::write(path))?;
    let old = fs::metadata(&target).ok();
    if old.as_ref().is_some_and(read_only) {
        let why = io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only (chmod u+w lets claim change it)",
        );
        return Err(FileError::write(path)(why));
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file");
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let file = create_temp(&tmp)?;
        if let Some(old) = &old {
            keep_settings(&file, old)?;
        }
        let mut out = BufWriter::with_capacity(256 * 1024, file);
        write(&mut out)?;
        out.flush()?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&tmp, &target)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(FileError::write(path))
}

/// Refuses to follow a symbolic link that another user left in a shared folder (sticky and
/// writable by all, like `/tmp`): `-o /tmp/out.csv` must not write wherever someone else's
/// link points. The kernel's own rule (`fs.protected_symlinks`), applied to every link of
/// the chain, since `claim` follows them itself.
fn trusted_links(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let mut link = path.to_owned();
        for _ in 0..40 {
            let Ok(meta) = fs::symlink_metadata(&link) else {
                return Ok(());
            };
            if !meta.file_type().is_symlink() {
                return Ok(());
            }
            let dir = link
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let folder = fs::metadata(dir)?;
            let shared = folder.mode() & 0o1002 == 0o1002;
            // Ours (`/proc/self` belongs to whoever runs this process) or the folder's owner's.
            let ours = fs::metadata("/proc/self").is_ok_and(|me| me.uid() == meta.uid());
            if shared && !ours && meta.uid() != folder.uid() {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    "a link another user left in a shared folder: not followed",
                ));
            }
            link = dir.join(fs::read_link(&link)?);
        }
    }
    Ok(())
}

/// The file a write to `path` must replace: the end of its chain of symbolic links (a link
/// to a missing file names where to create it), or `path` itself.
pub fn link_target(path: &Path) -> io::Result<PathBuf> {
    /// As the kernel's own limit on nested links (`ELOOP`).
    const MAX_LINKS: usize = 40;
    let mut target = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&target)?;
                target = match target.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(target),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Creates a new file only its owner can read and write, where nothing was (not even a
/// link: a name planted as a link to another file must not redirect the write).
pub fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// [`create_new_private`] for a temporary name: a file left by a killed process with the
/// same pid is removed first.
fn create_temp(path: &Path) -> io::Result<File> {
    match create_new_private(path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            // `remove_file` removes a link itself, not what it points to.
            fs::remove_file(path)?;
            create_new_private(path)
        }
        opened => opened,
    }
}

/// Creates a folder (and its parents) that only its owner can enter, unless it exists.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Whether a file's owner may not write it (its mode says so, whoever runs `claim`).
fn read_only(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        meta.permissions().mode() & 0o200 == 0
    }
    #[cfg(not(unix))]
    meta.permissions().readonly()
}

/// Creates an empty private file at `path` unless something is there already.
pub fn ensure_private(path: &Path) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

/// Gives a new file the permissions and owner of the one it replaces. Changing the owner
/// needs privileges a user rarely has: without them the file stays the writer's, which is
/// the owner in every usual case.
fn keep_settings(file: &File, old: &fs::Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
    Ok(())
}

/// Removes temporary files a killed process left next to `path` (call it holding the lock
/// that guards `path`, so no live writer owns them).
pub fn remove_stale_temps(path: &Path) {
    let Ok(path) = link_target(path) else { return };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_planted_at_the_temporary_name_does_not_redirect_the_write() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let victim = dir.path().join("victim");
        fs::write(&victim, "keep me").unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("out.csv");
        let planted = dir
            .path()
            .join(format!(".out.csv.{}.tmp", std::process::id()));
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, &planted).unwrap_or_else(|e| panic!("{e}"));
        let written = atomic_write(&target, |out| out.write_all(b"export"));
        assert!(written.is_ok(), "{written:?}");
        assert_eq!(fs::read_to_string(&victim).ok().as_deref(), Some("keep me"));
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("export"));
        let meta = fs::symlink_metadata(&target).unwrap_or_else(|e| panic!("{e}"));
        assert!(meta.is_file(), "the export is a file, not a link");
    }
}
