//! What a built-in policy's ready-made form was made from (see `snapshot.rs`): its first line
//! names, each by a hash, the policy's text, the code that turns a policy into the form (the
//! loader and the types the form holds), and the form's own body. The build script
//! (`build.rs`) compiles this file too, to embed only forms made from the policy and code at
//! hand and left intact: it uses the standard library alone.

use std::path::{Path, PathBuf};

/// The code a form depends on, as paths from the repository's root (a folder stands for every
/// file under it): editing any of it makes the forms stale until `scripts/snapshots.sh` makes
/// them again.
pub const CODE: &[&str] = &[
    "src/policy",
    "src/case",
    "src/vocab.rs",
    "src/words.rs",
    "src/money.rs",
    "src/date.rs",
    "src/lang/mod.rs",
];

/// The files of [`CODE`] under `root`, in a fixed order; an error names a path that is missing
/// (a moved file must be listed again, not silently left out).
pub fn code_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for entry in CODE {
        collect(&root.join(entry), &mut files)?;
    }
    Ok(files)
}

/// Each file of [`code_files`] with its path from `root` and its text.
pub fn read_code(root: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    code_files(root)?
        .into_iter()
        .map(|path| {
            let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            Ok((name, text))
        })
        .collect()
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_dir() {
        files.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        collect(&entry, files)?;
    }
    Ok(())
}

/// The first line of a form, newline included: the hashes of the policy's text, of the code
/// (each file's path and text, in [`code_files`] order) and of the body that follows.
pub fn header(policy: &[u8], code: &[(String, Vec<u8>)], body: &[u8]) -> String {
    let code_hash = code.iter().fold(FNV_OFFSET, |h, (path, text)| {
        fnv(fnv(h, path.as_bytes()), text)
    });
    format!(
        "claim policy snapshot 2 policy={:016x} code={code_hash:016x} body={:016x}\n",
        fnv(FNV_OFFSET, policy),
        fnv(FNV_OFFSET, body)
    )
}

/// Whether `form` (header and body) was made from this policy and code, and is whole.
pub fn is_fresh(form: &[u8], policy: &[u8], code: &[(String, Vec<u8>)]) -> bool {
    let Some(end) = form.iter().position(|b| *b == b'\n') else {
        return false;
    };
    let (first, body) = form.split_at(end + 1);
    first == header(policy, code, body).as_bytes()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64 bits: enough to tell a changed file, not meant to resist anyone.
fn fnv(start: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(start, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
