//! `claim check --batch`: one decision per line of JSON Lines, on every core.
//!
//! Lines are read in blocks; each block is split into one contiguous run per worker, the
//! workers decide their runs side by side, and their outputs are written in input order.
//! Every line's output depends on that line alone, so the bytes are the same whatever the
//! number of workers; memory holds a block of lines and the answers to two, whatever the
//! batch's length.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};

use anyhow::Context as _;

use crate::app::Settings;
use crate::app::catalogue::Catalogue;
use crate::app::decide::decide_with;
use crate::app::orders::Orders;
use crate::case::CaseInput;
use crate::cli::Exit;
use crate::cli::error;
use crate::cli::ui::Ui;
use crate::engine::Detail;
use crate::lang::fill;
use crate::report;

/// Lines per worker in a block: enough to make a thread's start negligible (a few
/// milliseconds of work), few enough to keep memory small (a line's document is ~4 KB).
const LINES_PER_WORKER: usize = 1024;

/// What a batch prints for each line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The whole decision document (`--json`'s, on one line).
    Full,
    /// The compact object of `--brief`.
    Brief,
}

/// One worker's policies and orders: loaded once, used for every line it decides.
struct Worker<'s> {
    settings: &'s Settings,
    catalogue: Catalogue<'s>,
    orders: Orders<'s>,
}

/// A numbered line of the batch, or why it cannot be read as text.
type Line = (usize, Result<String, String>);

/// What a worker made of its run of lines.
#[derive(Default)]
struct Done {
    out: Vec<u8>,
    malformed: usize,
    /// Warnings of the policies it loaded (printed once per policy by the main thread).
    warnings: Vec<(String, Vec<String>)>,
}

impl<'s> Worker<'s> {
    fn new(settings: &'s Settings) -> Self {
        Worker {
            settings,
            catalogue: Catalogue::new(settings),
            orders: Orders::new(settings),
        }
    }

    fn run(&mut self, lines: &[Line], shape: Shape) -> Done {
        let mut done = Done::default();
        for (number, line) in lines {
            let before = done.out.len();
            let decided = match line {
                Ok(line) => self.decide_line(line, shape, &mut done),
                Err(why) => Err(anyhow::anyhow!("{why}")),
            };
            if let Err(e) = decided {
                done.out.truncate(before);
                done.malformed += 1;
                let id = line
                    .as_ref()
                    .ok()
                    .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                    .and_then(|v| v.get("id").cloned());
                let mut obj = serde_json::Map::new();
                if let Some(id) = id {
                    obj.insert("id".to_owned(), id);
                }
                obj.insert("line".to_owned(), (*number).into());
                obj.insert("error".to_owned(), in_the_line(error::message(&e)).into());
                // Writing JSON into memory cannot fail.
                let _ = crate::json::extend(&mut done.out, &obj);
            }
            done.out.push(b'\n');
        }
        done
    }

    /// Writes one line's decision (without its newline).
    fn decide_line(&mut self, line: &str, shape: Shape, done: &mut Done) -> anyhow::Result<()> {
        if !line.starts_with('{') {
            anyhow::bail!("a case is a JSON object, `{{\"problem\": …}}`");
        }
        let input = serde_json::from_str::<CaseInput>(line)?;
        let settings = self.settings;
        let detail = match shape {
            Shape::Full => Detail::Full,
            Shape::Brief => Detail::Brief,
        };
        let decided = decide_with(
            settings,
            &mut self.catalogue,
            &mut self.orders,
            &input,
            settings.today,
            None,
            detail,
        )?;
        let policy = self.catalogue.policy(decided.policy);
        if !done.warnings.iter().any(|(id, _)| *id == policy.id) {
            let warnings = self.catalogue.warnings(decided.policy).warnings();
            done.warnings.push((
                policy.id.clone(),
                warnings.map(ToString::to_string).collect(),
            ));
        }
        match shape {
            Shape::Brief => {
                let mut brief = report::brief(policy, &decided.decision);
                brief.id = input.id;
                brief.write_json(&mut done.out)?;
            }
            Shape::Full => {
                let lang = policy.lang(settings.lang);
                let mut report = report::build(policy, &decided.decision, &decided.label, lang)?;
                report.id = input.id;
                crate::json::extend(&mut done.out, &report)?;
            }
        }
        Ok(())
    }
}

/// The number of workers when `--jobs` is not given: the cores available.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Decides every line of `source` (a file, or `-` for stdin) with `jobs` workers; a line
/// that cannot be decided gives an error object in its place, and the exit code is 2.
pub fn run(
    ui: &mut Ui,
    settings: &Settings,
    source: &str,
    shape: Shape,
    jobs: usize,
) -> anyhow::Result<Exit> {
    // A regular file never waits for its writer: its answers can be written while the next
    // block is decided. A pipe, a FIFO, a terminal may be a script waiting for each answer.
    // Stdin is looked at through a copy of its descriptor (`--batch - < cases.jsonl` reads a
    // regular file).
    let (input, overlap): (Box<dyn Read>, bool) = if source == "-" {
        use std::os::fd::AsFd as _;
        match std::io::stdin().as_fd().try_clone_to_owned() {
            Ok(fd) => {
                let file = std::fs::File::from(fd);
                let regular = file.metadata().is_ok_and(|m| m.is_file());
                (Box::new(file), regular)
            }
            Err(_) => (Box::new(std::io::stdin()), false),
        }
    } else {
        let path = std::path::Path::new(source);
        if path.is_dir() {
            anyhow::bail!("{source} is a folder: --batch reads a JSON Lines file, or - for stdin");
        }
        let file = std::fs::File::open(path).map_err(crate::fsutil::FileError::read(path))?;
        let regular = file.metadata().is_ok_and(|m| m.is_file());
        (Box::new(file), regular)
    };
    let mut reader = BufReader::with_capacity(256 * 1024, input);
    let jobs = jobs.max(1);
    let mut workers: Vec<Worker<'_>> = (0..jobs).map(|_| Worker::new(settings)).collect();
    let mut number = 0usize;
    let mut block: Vec<Line> = Vec::new();
    // Answers decided but not written yet: written while the workers decide the next block,
    // or, when the input may wait for them, before its next lines are read.
    let mut decided: Vec<Done> = Vec::new();
    let mut written = Written {
        warned: BTreeSet::new(),
        malformed: 0,
    };
    loop {
        if !overlap {
            written.write(ui, std::mem::take(&mut decided))?;
        }
        // A line that cannot be read ends the batch, but only after every line before it is
        // answered (the block keeps the lines read until then).
        let read = read_block(
            &mut reader,
            source,
            &mut number,
            LINES_PER_WORKER * jobs,
            &mut block,
        );
        if block.is_empty() {
            written.write(ui, std::mem::take(&mut decided))?;
            read?;
            break;
        }
        let previous = std::mem::take(&mut decided);
        let (results, wrote) =
            decide_block(&mut workers, &block, shape, || written.write(ui, previous));
        wrote?;
        decided = results;
        if let Err(e) = read {
            written.write(ui, std::mem::take(&mut decided))?;
            return Err(e);
        }
    }
    written.write(ui, decided)?;
    let malformed = written.malformed;
    if malformed == 0 {
        return Ok(Exit::Success);
    }
    let lang = settings.screen_lang(None);
    ui.note(&fill(
        lang.phrases().check.batch_failed,
        &[("source", source), ("n", &malformed.to_string())],
    ));
    Ok(Exit::Error)
}

/// Decides a block, its lines split into one contiguous run per worker, while `beside` runs on
/// the calling thread (writing the answers to the block before).
fn decide_block(
    workers: &mut [Worker<'_>],
    block: &[Line],
    shape: Shape,
    beside: impl FnOnce() -> anyhow::Result<()>,
) -> (Vec<Done>, anyhow::Result<()>) {
    let per_worker = block.len().div_ceil(workers.len().max(1));
    let runs: Vec<&[Line]> = block.chunks(per_worker.max(1)).collect();
    if let ([run], [worker, ..]) = (&runs[..], &mut *workers) {
        let beside = beside();
        return (vec![worker.run(run, shape)], beside);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = workers
            .iter_mut()
            .zip(&runs)
            .map(|(worker, run)| scope.spawn(move || worker.run(run, shape)))
            .collect();
        let beside = beside();
        let results = handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect();
        (results, beside)
    })
}

/// What a batch has written so far: the policies whose warnings were shown, the lines that
/// could not be decided.
struct Written {
    warned: BTreeSet<String>,
    malformed: usize,
}

impl Written {
    /// Writes decided runs in order, each policy's warnings once, then flushes: a script
    /// that wrote a line and waits for its answer gets it now.
    fn write(&mut self, ui: &mut Ui, runs: Vec<Done>) -> anyhow::Result<()> {
        if runs.is_empty() {
            return Ok(());
        }
        for done in runs {
            for (policy, warnings) in done.warnings {
                if self.warned.insert(policy) {
                    for w in warnings {
                        ui.note(&w);
                    }
                }
            }
            ui.raw(&done.out)?;
            self.malformed += done.malformed;
        }
        ui.flush()?;
        Ok(())
    }
}

/// Reads up to `max` non-blank lines, with their line numbers, into `block`: fewer when the
/// input has no more at hand (a script feeding lines one at a time is answered at once). A
/// line that is not UTF-8 is kept as its error, to be answered in its place.
fn read_block(
    reader: &mut BufReader<Box<dyn Read>>,
    source: &str,
    number: &mut usize,
    max: usize,
    block: &mut Vec<Line>,
) -> anyhow::Result<()> {
    block.clear();
    let mut bytes = Vec::new();
    while block.len() < max {
        bytes.clear();
        let (read, whole) = read_line(reader, &mut bytes)
            .with_context(|| format!("{source}: cannot read line {}", *number + 1))?;
        if read == 0 {
            break;
        }
        *number += 1;
        if !whole {
            let limit = crate::limits::size(crate::limits::MAX_LINE_BYTES as u64);
            block.push((
                *number,
                Err(format!("the line is longer than {limit}: not a case")),
            ));
            continue;
        }
        let text = match String::from_utf8(std::mem::take(&mut bytes)) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to() + 1;
                block.push((*number, Err(format!("byte {at} is not UTF-8 text"))));
                continue;
            }
        };
        // A byte-order mark some editors put at the start of a file.
        let line = text.trim_start_matches('\u{feff}').trim();
        if !line.is_empty() {
            block.push((*number, Ok(line.to_owned())));
        }
        if !block.is_empty() && reader.buffer().is_empty() {
            break;
        }
    }
    Ok(())
}

/// Reads a line (with its `\n`) into `line`, keeping at most
/// [`MAX_LINE_BYTES`](crate::limits::MAX_LINE_BYTES) of it: the bytes read, and whether the
/// line was kept whole. The rest of a longer line is read and dropped.
fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<(usize, bool)> {
    let mut read = 0;
    let mut whole = true;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok((read, whole));
        }
        let (take, end) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if line.len() + take > crate::limits::MAX_LINE_BYTES {
            whole = false;
            line.clear();
        } else if whole {
            line.extend_from_slice(&buf[..take]);
        }
        // A line that never ends (`--batch /dev/zero`) is not skipped forever.
        if !whole && read as u64 > crate::limits::MAX_TEXT_FILE_BYTES {
            return Err(crate::limits::too_large(
                "a line",
                crate::limits::MAX_TEXT_FILE_BYTES,
            ));
        }
        reader.consume(take);
        read += take;
        if end {
            return Ok((read, whole));
        }
    }
}

/// A JSON error about one batch line says "at line 1 column 36" of the text it was given:
/// next to the batch's own `"line"`, only the column means anything.
fn in_the_line(message: String) -> String {
    match message.rsplit_once(" at line 1 column ") {
        Some((what, column)) if column.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{what} at column {column}")
        }
        _ => message,
    }
}
