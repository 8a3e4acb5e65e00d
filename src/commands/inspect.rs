//! `milvus-cert inspect`: describes certificates, keys and CSRs; directories are
//! expanded to their regular files, sorted by name.

use crate::certdir::inspect::{InspectReport, InspectedFile, Shown, inspect_file};
use crate::cli::inspect::InspectArgs;
use crate::commands::Outcome;
use crate::render::{self, Output};
use anyhow::Result;
use std::path::Path;

/// Runs `inspect`.
pub fn run(args: &InspectArgs, output: Output) -> Result<Outcome> {
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
                Ok(list) => files.extend(crate::certdir::par::map(&list, |p| member(p, now))),
                Err(e) => {
                    failed = true;
                    render::error(&e);
                }
            }
        } else {
            let file = inspect_file(path, now);
            failed |= file.problem.is_some();
            files.push(file);
        }
    }
    let report = InspectReport { files };
    render::inspect(&report, output)?;
    Ok(if failed {
        Outcome::InputRejected
    } else {
        Outcome::Done
    })
}

/// The regular files (or symlinks to them) directly in `dir`, sorted.
fn dir_files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot read directory '{}': {}",
            dir.display(),
            crate::store::read::io_reason(&e)
        )
    })?;
    // Hidden files are ours (the lock, temporary files) or nobody's business.
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// Extensions of files that should hold a certificate, key or CSR: a problem with one
/// of those is shown as an error; any other file (gen.sh, openssl.cnf) is only noted.
const PKI_EXTENSIONS: [&str; 7] = ["pem", "crt", "cer", "key", "csr", "der", "p8"];

/// A directory member: problems are shown but do not fail the run (a directory may
/// hold other files), and ca.srl is named for what it is.
fn member(path: &Path, now: time::OffsetDateTime) -> InspectedFile {
    let mut file = inspect_file(path, now);
    file.member = true;
    let pki = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PKI_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)));
    let is_serial =
        path.file_name().and_then(|n| n.to_str()) == Some(crate::store::role::SERIAL_FILE);
    if !pki && !is_serial && file.problem.is_some() {
        file.problem = None;
        file.items = vec![Shown::Other {
            note: "not a certificate, key or CSR (skipped)".to_string(),
        }];
        return file;
    }
    if is_serial && file.problem.is_some() {
        // Through the size-capped reader; never shown raw (it could hold anything, a
        // key's base64 or terminal escapes): only a serial that parses is printed.
        let serial = crate::store::read::read_input(path).and_then(|bytes| {
            crate::pki::serial::Serial::parse_srl(&String::from_utf8_lossy(&bytes))
        });
        file.problem = None;
        let note = match serial {
            Ok(last) => format!("OpenSSL serial file, last serial {last}"),
            Err(e) => format!("named like OpenSSL's serial file, but unusable: {e:#}"),
        };
        file.items.push(Shown::Other { note });
    }
    file
}
