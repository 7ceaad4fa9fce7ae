//! Source text with positions: turning byte offsets into `file:line:column` diagnostics.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// A text read from a file (or embedded), kept to locate errors in it.
#[derive(Debug, Clone, Default)]
pub struct SourceText {
    /// What to call it in messages: a path, or `builtin:amazon-fr`.
    pub name: String,
    /// The text: read from a file, or embedded in the binary (borrowed, not copied).
    pub text: Cow<'static, str>,
}

impl SourceText {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceText {
            name: name.into(),
            text: Cow::Owned(text.into()),
        }
    }

    /// A text embedded in the binary (a built-in policy).
    pub fn embedded(name: impl Into<String>, text: &'static str) -> Self {
        SourceText {
            name: name.into(),
            text: Cow::Borrowed(text),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or(&self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        (line, col)
    }

    /// The text of the 1-based line.
    pub fn line_text(&self, line: usize) -> &str {
        self.text.lines().nth(line.saturating_sub(1)).unwrap_or("")
    }

    /// A diagnostic at a span of this source.
    pub fn diagnostic(
        &self,
        level: Level,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let position = span.map(|span| {
            let (line, column) = self.line_col(span.start);
            let width = self
                .text
                .get(span.clone())
                .map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1));
            let (line_text, caret) = window(self.line_text(line), column - 1);
            Position {
                line,
                column,
                width,
                line_text,
                caret,
            }
        });
        Diagnostic {
            level,
            file: self.name.clone(),
            position,
            message: message.into(),
        }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

/// Where in the file a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    /// How many characters to underline.
    pub width: usize,
    /// The line, or the window of it around the column when it is long.
    pub line_text: String,
    /// Where the caret goes in `line_text` (characters).
    pub caret: usize,
}

/// At most [`MAX_QUOTED_CHARS`](crate::limits::MAX_QUOTED_CHARS) of a line around the
/// character at `at`, with `…` where it was cut (a 50 MB line must not make a 50 MB
/// message), and where `at` falls in what is kept.
fn window(line: &str, at: usize) -> (String, usize) {
    let max = crate::limits::MAX_QUOTED_CHARS;
    let total = line.chars().count();
    if total <= max {
        return (line.to_owned(), at);
    }
    let start = at.saturating_sub(max / 2).min(total - max);
    let mut kept: String = line.chars().skip(start).take(max).collect();
    let mut caret = at - start;
    if start > 0 {
        kept.insert(0, '…');
        caret += 1;
    }
    if start + max < total {
        kept.push('…');
    }
    (kept, caret)
}

/// One message about a file: `path:line:column: error: message`, then the line and a caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    pub file: String,
    pub position: Option<Position>,
    pub message: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// `path:line:column: message`, the first line alone.
    pub fn headline(&self) -> String {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        match &self.position {
            Some(p) => format!(
                "{}:{}:{}: {level}: {}",
                self.file, p.line, p.column, self.message
            ),
            None => format!("{}: {level}: {}", self.file, self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if let Some(p) = &self.position {
            let gutter = p.line.to_string().len();
            let line = &p.line_text;
            write!(
                f,
                "\n{:gutter$} |\n{} | {}\n{:gutter$} | {}{}",
                "",
                p.line,
                line,
                "",
                " ".repeat(p.caret),
                "^".repeat(p.width.min(80)),
            )?;
        }
        Ok(())
    }
}

/// Several diagnostics about one or more files; an error when any is an error.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// Sorted by file and position, so output is stable.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by_key(|d| {
            let (line, col) = d.position.as_ref().map_or((0, 0), |p| (p.line, p.column));
            (d.file.clone(), line, col, d.level)
        });
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = SourceText::new("p.toml", "a = 1\nété = \"x\"\n");
        let offset = src.text.find('"').unwrap_or(0);
        assert_eq!(src.line_col(offset), (2, 7));
        let d = src.diagnostic(Level::Error, Some(offset..offset + 3), "bad");
        assert_eq!(d.headline(), "p.toml:2:7: error: bad");
        assert!(d.to_string().ends_with("|       ^^^"));
    }

    #[test]
    fn a_long_line_is_quoted_as_a_window_around_the_error() {
        let line = format!("title = \"{}\" oops", "x".repeat(5_000_000));
        let src = SourceText::new("p.toml", line.as_str());
        let at = src.text.find("oops").unwrap_or(0);
        let d = src.diagnostic(Level::Error, Some(at..at + 4), "bad");
        let shown = d.to_string();
        assert!(shown.len() < 1_000, "{} bytes", shown.len());
        assert!(shown.contains("p.toml:1:5000012: error: bad"), "{shown}");
        let (quoted, caret) = (
            shown.lines().nth(2).unwrap_or(""),
            shown.lines().nth(3).unwrap_or(""),
        );
        assert!(
            quoted.contains("…xxx") && quoted.ends_with("\" oops"),
            "{quoted}"
        );
        // The caret still points at the word.
        let column = |text: &str, what: &str| text.find(what).map(|i| text[..i].chars().count());
        assert_eq!(
            column(caret, "^"),
            column(quoted, "oops"),
            "{quoted}\n{caret}"
        );
    }
}
