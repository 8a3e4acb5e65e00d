//! `milvus-cert inspect`: describes certificates, keys and CSRs; directories are
//! expanded to their regular files, sorted by name.

use crate::certdir::inspect::{
    INSPECT_SCHEMA, InspectReport, InspectedFile, Shown, inspect_file, render_text,
};
use crate::cli::inspect::InspectArgs;
use crate::render::{self, Output};
use crate::store::read::is_stdin;
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
            // Paths are absolute in every JSON document; `-` (standard input) stays `-`.
            let mut report = report.clone();
            for file in report.files.iter_mut().filter(|f| !is_stdin(&f.path)) {
                file.path = std::path::absolute(&file.path).unwrap_or(file.path.clone());
            }
            out.write_all(render::json_document("inspect", false, &report)?.as_bytes())?
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
    let pki = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PKI_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)));
    let is_serial =
        path.file_name().and_then(|n| n.to_str()) == Some(crate::issue::role::SERIAL_FILE);
    if !pki && !is_serial && file.error.is_some() {
        file.error = None;
        file.items = vec![Shown::Other {
            note: "not a certificate, key or CSR (skipped)".to_string(),
        }];
        return file;
    }
    if is_serial && file.error.is_some() {
        // Through the size-capped reader; never shown raw (it could hold anything, a
        // key's base64 or terminal escapes): only a serial that parses is printed.
        let serial = crate::store::read::read_input(path).and_then(|bytes| {
            crate::issue::serial::Serial::parse_srl(&String::from_utf8_lossy(&bytes))
        });
        file.error = None;
        let note = match serial {
            Ok(last) => format!("OpenSSL serial file, last serial {last}"),
            Err(e) => format!("named like OpenSSL's serial file, but unusable: {e:#}"),
        };
        file.items.push(Shown::Other { note });
    }
    file
}
