//! The user's text editor on a temporary file: `$VISUAL`, else `$EDITOR`, else `vi`. What
//! the editor leaves is taken only when it exits successfully — quitting with an error
//! (vim's `:cq`) or being killed changes nothing.

use std::io;
use std::process::Command;

/// Lets the user edit `text`; the text saved, or `None` when it was left as it was.
pub fn edit(text: &str, extension: &str) -> io::Result<Option<String>> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned());
    // `code --wait`, `"/Applications/Sublime Text.app/…/subl" -w`: split as a shell would.
    let words = shell_words::split(&editor)
        .map_err(|e| io::Error::other(format!("$VISUAL or $EDITOR `{editor}`: {e}")))?;
    let Some((program, args)) = words.split_first() else {
        return Err(io::Error::other("$VISUAL or $EDITOR names no program"));
    };
    let file = std::env::temp_dir().join(format!(
        "claim-{}-{}{extension}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    ));
    let edited = (|| {
        let mut out = crate::fsutil::create_new_private(&file)?;
        io::Write::write_all(&mut out, text.as_bytes())?;
        drop(out);
        let status = Command::new(program).args(args).arg(&file).status()?;
        if !status.success() {
            return Err(io::Error::other(format!(
                "the editor ({program}) stopped with an error ({status}): nothing was saved"
            )));
        }
        String::from_utf8(std::fs::read(&file)?)
            .map_err(|_| io::Error::other("the edited text is not UTF-8: nothing was saved"))
    })();
    let _ = std::fs::remove_file(&file);
    let edited = edited?;
    Ok((edited != text).then_some(edited))
}
