//! Line numbers of CSV records, counted from the bytes themselves: the csv crate's own count
//! is off by one after a CRLF line end (rust-csv #395) and after a blank line (#208), and
//! Amazon's `Order History.csv` ends its lines with CRLF.

use std::cell::RefCell;
use std::collections::VecDeque;

/// Where the lines of a stream start, and their numbers: the first byte after each run of
/// line ends (a record never starts inside such a run, whatever offset the csv crate gives
/// it). Only a window the size of the read buffer is kept, not the whole file.
#[derive(Debug)]
pub(super) struct Lines {
    /// (offset, 1-based line) of line starts not yet passed, in order.
    ahead: VecDeque<(u64, u64)>,
    /// The line the next byte is on.
    line: u64,
    /// Whether the bytes since the last content byte were all line ends.
    in_ends: bool,
    /// Bytes of the stream seen so far.
    seen: u64,
    /// Where the last row read started (or ended, for JSON): what was read since is the
    /// row being read, which [`crate::limits::MAX_ROW_BYTES`] bounds.
    row_start: u64,
}

impl Default for Lines {
    fn default() -> Self {
        Lines {
            ahead: VecDeque::new(),
            line: 1,
            in_ends: true,
            seen: 0,
            row_start: 0,
        }
    }
}

impl Lines {
    /// Notes the next bytes of the stream.
    pub(super) fn saw(&mut self, bytes: &[u8]) {
        // From line end to line end (memchr finds them): the content between two starts a
        // line when it follows line ends.
        let content = |start: usize, end: usize, this: &mut Self| {
            if end > start && this.in_ends {
                this.ahead.push_back((this.seen + start as u64, this.line));
                this.in_ends = false;
            }
        };
        let mut start = 0;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            content(start, i, self);
            if bytes[i] == b'\n' {
                self.line += 1;
            }
            self.in_ends = true;
            start = i + 1;
        }
        content(start, bytes.len(), self);
        self.seen += bytes.len() as u64;
    }

    /// A row was read whole: the next one starts here, as far as the limit is concerned.
    pub(super) fn row_done(&mut self) {
        self.row_start = self.seen;
    }

    /// Refuses to go on once the row being read (with the reader's read-ahead) passes
    /// [`crate::limits::MAX_ROW_BYTES`]: a damaged file must not fill the memory.
    pub(super) fn check_row(&self) -> std::io::Result<()> {
        let limit = crate::limits::MAX_ROW_BYTES;
        if self.seen.saturating_sub(self.row_start) > limit {
            return Err(crate::limits::too_large("a row", limit));
        }
        Ok(())
    }

    /// The line the next byte is on.
    pub(super) fn current(&self) -> u64 {
        self.line
    }

    /// The 1-based line of a record the csv crate places at `offset` (asked in increasing
    /// order): that of the first line start at or after it.
    pub(super) fn line_at(&mut self, offset: u64) -> u64 {
        self.row_start = self.row_start.max(offset);
        while self.ahead.front().is_some_and(|&(start, _)| start < offset) {
            self.ahead.pop_front();
        }
        self.ahead.front().map_or(self.line, |&(_, line)| line)
    }
}

/// The line ends of a stream, and the bytes before what the CSV reader sees.
pub(super) struct Located<'a> {
    lines: &'a RefCell<Lines>,
    skipped: u64,
}

impl<'a> Located<'a> {
    pub(super) fn new(lines: &'a RefCell<Lines>, skipped: u64) -> Self {
        Located { lines, skipped }
    }

    /// The line the reader has reached.
    pub(super) fn current(&self) -> u64 {
        self.lines.borrow().current()
    }

    /// The 1-based line of a record starting at `offset` in what the CSV reader saw.
    pub(super) fn line_at(&self, offset: u64) -> u64 {
        self.lines.borrow_mut().line_at(offset + self.skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_whatever_the_line_ends() {
        let text = b"h1,h2\r\na,b\r\n\r\n\"multi\nline\",c\r\nd,e";
        let mut lines = Lines::default();
        lines.saw(&text[..9]);
        lines.saw(&text[9..]);
        // Where the csv crate says each record starts: on the LF of the CRLF before it, or at
        // the line end before a blank line.
        let starts: Vec<u64> = [0, 6, 11, 29]
            .iter()
            .map(|&offset| lines.line_at(offset))
            .collect();
        assert_eq!(starts, [1, 2, 4, 6]);
    }
}
