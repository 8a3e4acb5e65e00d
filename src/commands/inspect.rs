//! `milvus-cert inspect`: describes certificates, keys and CSRs; directories are
//! expanded to their regular files, sorted by name.

use crate::cli::check::InspectArgs;
use crate::inspect::{
    INSPECT_SCHEMA, InspectReport, InspectedFile, Shown, inspect_file, render_text,
};
use crate::render::{self, Output};
use crate::{EXIT_OK, EXIT_USAGE};
use anyhow::Result;
use std::io::Write;
use std::path::Path;

/// Runs `inspect`.
pub fn run(args: &InspectArgs, output: Output) -> Result<u8> {
    let now = time::OffsetDateTime::now_utc();
    let mut files = Vec::new();
    let mut failed = false;
    // Files whose error went to stderr: the text on stdout leaves them out, so each error
    // is printed once. (Problems of a directory's members are shown only in the text.)
    let mut reported = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            match dir_files(path) {
                Ok(list) => files.extend(crate::par::map(&list, |p| member(p, now))),
                Err(e) => {
                    failed = true;
                    render::error(&e);
                }
            }
        } else {
            let file = inspect_file(path, now);
            if let Some(error) = &file.error {
                failed = true;
                reported.push(files.len());
                render::error(&anyhow::anyhow!("'{}': {error}", path.display()));
            }
            files.push(file);
        }
    }
    let mut report = InspectReport {
        schema: INSPECT_SCHEMA,
        files,
    };
    let mut out = std::io::stdout().lock();
    match output {
        Output::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Output::Text => {
            report.files = (report.files.into_iter().enumerate())
                .filter(|(i, _)| !reported.contains(i))
                .map(|(_, file)| file)
                .collect();
            out.write_all(render_text(&report).as_bytes())?
        }
        Output::Quiet => {}
    }
    Ok(if failed { EXIT_USAGE } else { EXIT_OK })
}

/// The regular files (or symlinks to them) directly in `dir`, sorted.
fn dir_files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot read directory '{}': {}",
            dir.display(),
            crate::load::io_reason(&e)
        )
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    Ok(paths)
}

/// A directory member: problems are shown but do not fail the run (a directory may
/// hold other files), and ca.srl is named for what it is.
fn member(path: &Path, now: time::OffsetDateTime) -> InspectedFile {
    let mut file = inspect_file(path, now);
    let is_serial = path.file_name().and_then(|n| n.to_str()) == Some(crate::role::SERIAL_FILE);
    if is_serial && file.error.is_some() {
        let last = std::fs::read_to_string(path).unwrap_or_default();
        file.error = None;
        file.items.push(Shown::Other {
            note: format!("OpenSSL serial file, last serial {}", last.trim()),
        });
    }
    file
}
