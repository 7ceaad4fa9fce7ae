//! Finding what to read: files, folders (walked), the `.zip` Amazon delivers, or stdin.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use super::sniff::read_stream;
use super::{Batch, ExportError, FileOutcome, ImportOptions};

/// A readable input: a name for messages and its bytes.
struct Stream {
    name: String,
    reader: Box<dyn Read>,
    /// Given explicitly (an unknown header is an error) or found in a folder or zip
    /// (an unknown header is skipped).
    explicit: bool,
    size: Option<u64>,
}

/// Reads every input (files, folders, `.zip` archives, `-` for stdin) into a batch.
pub fn read_inputs(inputs: &[PathBuf], options: &ImportOptions<'_>) -> Result<Batch, ExportError> {
    let mut batch = Batch::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            let stream = Stream {
                name: "<stdin>".to_owned(),
                reader: Box::new(std::io::stdin()),
                explicit: true,
                size: None,
            };
            read_one(stream, options, &mut batch)?;
        } else if input.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files).map_err(|e| ExportError {
                file: input.display().to_string(),
                message: format!("cannot read the folder: {e}"),
            })?;
            files.sort();
            let before = batch.files.len();
            for path in files {
                let reader = open(&path)?;
                let stream = Stream {
                    name: path.display().to_string(),
                    reader,
                    explicit: false,
                    size: size_of(&path),
                };
                read_one(stream, options, &mut batch)?;
            }
            if !batch.files[before..]
                .iter()
                .any(|f| matches!(f.outcome, FileOutcome::Read { .. }))
            {
                return Err(ExportError {
                    file: input.display().to_string(),
                    message: "no Amazon order export found in this folder (looked for CSV and JSON files by their header)".to_owned(),
                });
            }
        } else if is_zip(input) {
            read_zip(input, options, &mut batch)?;
        } else {
            let stream = Stream {
                name: input.display().to_string(),
                reader: open(input)?,
                explicit: true,
                size: size_of(input),
            };
            read_one(stream, options, &mut batch)?;
        }
    }
    Ok(batch)
}

fn open(path: &Path) -> Result<Box<dyn Read>, ExportError> {
    std::fs::File::open(path)
        .map(|f| Box::new(f) as Box<dyn Read>)
        .map_err(|e| ExportError {
            file: path.display().to_string(),
            message: format!("cannot open: {e}"),
        })
}

fn size_of(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn is_data_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".json")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_data_file)
        {
            out.push(path);
        }
    }
    Ok(())
}

fn read_zip(
    path: &Path,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
) -> Result<(), ExportError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| ExportError {
        file: name.clone(),
        message: format!("cannot open: {e}"),
    })?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| ExportError {
        file: name.clone(),
        message: format!("not a readable zip archive: {e}"),
    })?;
    let mut entries: Vec<(String, usize)> = (0..archive.len())
        .filter_map(|i| {
            let file = archive.by_index(i).ok()?;
            let entry = file.name().ok()?.into_owned();
            Some((entry, i))
        })
        .filter(|(n, _)| is_data_file(n))
        .collect();
    entries.sort();
    let before = batch.files.len();
    for (entry, i) in entries {
        let file = archive.by_index(i).map_err(|e| ExportError {
            file: format!("{name}/{entry}"),
            message: format!("cannot read from the archive: {e}"),
        })?;
        // The entry borrows the archive, so it is read here rather than boxed.
        let source_name = format!("{name}/{entry}");
        let size = Some(file.size());
        read_stream(&source_name, file, false, size, options, batch)?;
    }
    if !batch.files[before..]
        .iter()
        .any(|f| matches!(f.outcome, FileOutcome::Read { .. }))
    {
        return Err(ExportError {
            file: name,
            message: "no Amazon order export found in this archive".to_owned(),
        });
    }
    Ok(())
}

fn read_one(
    stream: Stream,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
) -> Result<(), ExportError> {
    read_stream(
        &stream.name,
        stream.reader,
        stream.explicit,
        stream.size,
        options,
        batch,
    )
}
