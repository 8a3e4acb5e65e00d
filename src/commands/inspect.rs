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
    for path in &args.paths {
        if path.is_dir() {
            for write in crate::store::pending_writes(path) {
                render::warn(&format!(
                    "'{}' holds a write an earlier run left interrupted; the next milvus-cert \
                     command that writes there finishes it (inspect never writes)",
                    path.join(&write.name).display()
                ));
            }
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
                render::error(&anyhow::anyhow!("'{}': {error}", path.display()));
            }
            files.push(file);
        }
    }
    let report = InspectReport {
        schema: INSPECT_SCHEMA,
        files,
    };
    let mut out = std::io::stdout().lock();
    match output {
        Output::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Output::Text => out.write_all(render_text(&report).as_bytes())?,
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
        // Through the size-capped reader; never shown raw (it could hold anything, a
        // key's base64 or terminal escapes): only a serial that parses is printed.
        let serial = crate::load::read_input(path)
            .and_then(|bytes| crate::serial::Serial::parse_srl(&String::from_utf8_lossy(&bytes)));
        file.error = None;
        let note = match serial {
            Ok(last) => format!("OpenSSL serial file, last serial {last}"),
            Err(e) => format!("named like OpenSSL's serial file, but unusable: {e:#}"),
        };
        file.items.push(Shown::Other { note });
    }
    file
}
