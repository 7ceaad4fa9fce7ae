//! The progress bar of a long import, on stderr: the file being read, its bytes read of its
//! size, the lines reached and the time left. Drawn only on a terminal, and never with
//! `--quiet`; cleared when the import is done.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::orders::import::Progress;

/// An import's progress bar.
#[derive(Debug)]
pub struct ImportBar {
    bar: ProgressBar,
    /// `{n}`: the lines reached, in words.
    lines: &'static str,
}

impl ImportBar {
    /// A bar on stderr; `lines` says how many lines were read (`{n} lines`).
    pub fn new(lines: &'static str) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        ImportBar { bar, lines }
    }
}

fn sized_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{msg:.bold} [{bar:30}] {bytes}/{total_bytes} · {prefix} · {eta} left",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ")
}

fn unsized_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg:.bold} {spinner} {bytes} · {prefix}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

impl Progress for ImportBar {
    fn file(&self, name: &str, size: Option<u64>) {
        let short = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let shown = crate::cli::ui::sanitize(short);
        match size {
            Some(n) => {
                self.bar.set_style(sized_style());
                self.bar.set_length(n);
            }
            None => {
                self.bar.set_style(unsized_style());
                self.bar.unset_length();
            }
        }
        self.bar.reset();
        self.bar.set_message(shown);
        self.bar
            .set_prefix(crate::lang::fill(self.lines, &[("n", "0")]));
    }

    fn read(&self, bytes: u64, line: u64) {
        self.bar.set_position(bytes);
        self.bar
            .set_prefix(crate::lang::fill(self.lines, &[("n", &line.to_string())]));
    }
}

impl Drop for ImportBar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
