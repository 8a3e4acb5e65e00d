//! `status`: how long every certificate in a directory has left, for cron jobs, CI and
//! node_exporter's textfile collector. Reads only; the table, JSON and Prometheus text
//! are built here from one [`StatusReport`].

use crate::certdir::inspect::CertView;
use crate::certdir::items::{self, Item};
use crate::issue::summary::CertInfo;
use crate::store::read;
use anyhow::{Result, anyhow, bail};
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// Version of the `status --json` document.
pub const STATUS_SCHEMA: u32 = 1;

/// The Prometheus gauge with each certificate's notAfter.
pub const EXPIRY_METRIC: &str = "milvus_cert_expiry_timestamp_seconds";
/// The Prometheus gauge set for each certificate file that cannot be read.
pub const ERROR_METRIC: &str = "milvus_cert_file_error";

/// Where a certificate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Valid for longer than the warning window.
    Ok,
    /// Valid, but expires within the warning window.
    Expiring,
    /// notAfter has passed.
    Expired,
    /// notBefore is still in the future (a clock or issuing problem).
    NotYetValid,
}

impl State {
    /// The word shown in the table and the JSON.
    pub fn name(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Expiring => "expiring",
            State::Expired => "expired",
            State::NotYetValid => "not-yet-valid",
        }
    }
}

/// One certificate (a bundle gives one per certificate).
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// File name inside the directory (or the path given).
    pub file: String,
    /// Full path of the file.
    pub path: PathBuf,
    /// Position in the file, 0 for the first certificate.
    pub index: usize,
    /// How many certificates the file holds.
    #[serde(skip)]
    pub of: usize,
    /// The certificate object shared by every command's JSON (`docs/json.md`).
    pub certificate: CertInfo,
    /// Subject, control characters escaped, for the table and the metric labels.
    #[serde(skip)]
    pub subject: String,
    /// Serial, upper-case hex.
    #[serde(skip)]
    pub serial: String,
    /// `ca`, `server`, `client`, `server+client` or `leaf` (no extended key usage).
    pub role: &'static str,
    /// notAfter.
    #[serde(skip)]
    pub not_after: OffsetDateTime,
    /// Whole days until notAfter (negative once expired).
    pub days_left: i64,
    /// Seconds until notAfter (negative once expired).
    pub seconds_left: i64,
    /// Where it stands.
    pub status: State,
    /// CommonName, for the table.
    #[serde(skip)]
    pub common_name: Option<String>,
}

impl Entry {
    /// `ca-bundle.pem[2]` for the second certificate of a bundle, else the file name.
    pub fn label(&self) -> String {
        if self.of > 1 {
            format!("{}[{}]", self.file, self.index + 1)
        } else {
            self.file.clone()
        }
    }
}

/// A file that should hold certificates but cannot be used.
#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    /// File name.
    pub file: String,
    /// Full path.
    pub path: PathBuf,
    /// Why.
    pub error: String,
}

/// A `*.pem`/`*.crt` file without certificates (a private key named `.pem`, say).
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// File name.
    pub file: String,
    /// What it holds instead.
    pub reason: String,
}

/// Counts for the summary line and the JSON.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    /// Certificates listed.
    pub certificates: usize,
    /// Fine.
    pub ok: usize,
    /// Within the warning window.
    pub expiring: usize,
    /// Past notAfter.
    pub expired: usize,
    /// Not valid yet.
    pub not_yet_valid: usize,
    /// Files that could not be read.
    pub errors: usize,
}

/// Everything `status` found.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    #[allow(
        dead_code,
        reason = "never read since the modules went private (folder move); issue 12: use or remove"
    )]
    /// Always [`STATUS_SCHEMA`] (the JSON envelope carries the schema).
    #[serde(skip)]
    pub schema: u32,
    /// The directory (or file) looked at, absolute.
    pub dir: PathBuf,
    /// When the check ran.
    #[serde(with = "time::serde::rfc3339")]
    pub now: OffsetDateTime,
    /// The warning window in days.
    pub warn_days: u32,
    /// Every certificate, by file name, then position in the file.
    pub certificates: Vec<Entry>,
    /// Files that could not be read or parsed.
    pub errors: Vec<FileError>,
    /// Files without certificates.
    pub skipped: Vec<Skipped>,
    /// Counts.
    pub summary: Counts,
}

impl StatusReport {
    /// Whether anything needs attention: an expired, expiring or not-yet-valid
    /// certificate, or an unreadable certificate file.
    pub fn needs_attention(&self) -> bool {
        let c = &self.summary;
        c.expiring + c.expired + c.not_yet_valid + c.errors > 0
    }
}

#[cfg(test)]
use crate::certdir::is_cert_file_name;

/// Reads every certificate file in `path` (a directory, or one file) as of `now`.
/// Fails only when `path` itself cannot be read.
pub fn scan(path: &Path, warn_days: u32, now: OffsetDateTime) -> Result<StatusReport> {
    let meta = fs::metadata(path)
        .map_err(|e| anyhow!("cannot read '{}': {}", path.display(), read::io_reason(&e)))?;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let files: Vec<(String, PathBuf)> = if meta.is_dir() {
        crate::certdir::cert_files(&abs).map_err(|e| {
            anyhow!(
                "cannot read directory '{}': {}",
                path.display(),
                read::io_reason(&e)
            )
        })?
    } else if meta.is_file() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        vec![(name, abs.clone())]
    } else {
        bail!(
            "cannot read '{}': not a directory or regular file",
            path.display()
        );
    };

    let mut report = StatusReport {
        schema: STATUS_SCHEMA,
        dir: abs,
        now,
        warn_days,
        certificates: Vec::new(),
        errors: Vec::new(),
        skipped: Vec::new(),
        summary: Counts::default(),
    };
    for (file, path) in files {
        read_file(&mut report, file, path, now);
    }
    // Read-only: an interrupted write is reported (its files may be a mix of old and
    // new), never finished here.
    if meta.is_dir() {
        for write in crate::store::pending_writes(path) {
            report.errors.push(FileError {
                path: report.dir.join(&write.name),
                file: write.name,
                error: "interrupted-write: a write an earlier run left interrupted; the next \
                        milvus-cert command that writes in this directory finishes it"
                    .to_string(),
            });
        }
    }
    let mut counts = Counts {
        certificates: report.certificates.len(),
        errors: report.errors.len(),
        ..Counts::default()
    };
    for entry in &report.certificates {
        match entry.status {
            State::Ok => counts.ok += 1,
            State::Expiring => counts.expiring += 1,
            State::Expired => counts.expired += 1,
            State::NotYetValid => counts.not_yet_valid += 1,
        }
    }
    report.summary = counts;
    Ok(report)
}

fn read_file(report: &mut StatusReport, file: String, path: PathBuf, now: OffsetDateTime) {
    let fail = |report: &mut StatusReport, error: String| {
        report.errors.push(FileError {
            file: file.clone(),
            path: path.clone(),
            error,
        })
    };
    let bytes = match read::read_input(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            // The file is named separately: keep just the reason.
            return fail(report, crate::store::read::reason(&e));
        }
    };
    let blob = match items::read_items(&bytes) {
        Ok(blob) => blob,
        Err(e) => return fail(report, e.to_string()),
    };
    let ders: Vec<&Vec<u8>> = blob
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Certificate(der) => Some(der),
            _ => None,
        })
        .collect();
    if ders.is_empty() {
        let reason = blob
            .items
            .first()
            .map(|i| format!("holds {}, no certificate", i.describe()))
            .unwrap_or_else(|| "holds no certificate".to_string());
        report.skipped.push(Skipped { file, reason });
        return;
    }
    let warn_seconds = i64::from(report.warn_days) * 86_400;
    let mut entries = Vec::new();
    for (index, der) in ders.iter().enumerate() {
        let view = match CertView::from_der(der, now) {
            Ok(view) => view,
            Err(e) => {
                return fail(
                    report,
                    format!("certificate {} does not parse: {e}", index + 1),
                );
            }
        };
        let seconds_left = (view.not_after - now).whole_seconds();
        let status = if now < view.not_before {
            State::NotYetValid
        } else if seconds_left <= 0 {
            State::Expired
        } else if seconds_left < warn_seconds {
            State::Expiring
        } else {
            State::Ok
        };
        entries.push(Entry {
            file: file.clone(),
            path: path.clone(),
            index,
            of: ders.len(),
            role: role_of(&view),
            certificate: view.certificate.clone(),
            subject: view.subject.clone(),
            serial: view.serial.clone(),
            not_after: view.not_after,
            days_left: view.days_left,
            seconds_left,
            status,
            common_name: view.common_names.first().cloned(),
        });
    }
    report.certificates.extend(entries);
}

fn role_of(view: &CertView) -> &'static str {
    if view.is_ca {
        return "ca";
    }
    match view.eku {
        Some(eku) if eku.server_auth && eku.client_auth => "server+client",
        Some(eku) if eku.server_auth => "server",
        Some(eku) if eku.client_auth => "client",
        _ => "leaf",
    }
}

/// The human table: one line per certificate, then a summary line.
pub fn table(report: &StatusReport) -> String {
    let headers = ["FILE", "ROLE", "SUBJECT", "EXPIRES", "DAYS", "STATUS"];
    let mut rows: Vec<[String; 6]> = report
        .certificates
        .iter()
        .map(|e| {
            [
                e.label(),
                e.role.to_string(),
                e.common_name
                    .as_ref()
                    .map(|cn| format!("CN={cn}"))
                    .unwrap_or_else(|| e.subject.clone()),
                e.not_after.date().to_string(),
                e.days_left.to_string(),
                e.status.name().to_string(),
            ]
        })
        .collect();
    for err in &report.errors {
        rows.push([
            err.file.clone(),
            "-".into(),
            err.error.clone(),
            "-".into(),
            "-".into(),
            "unreadable".into(),
        ]);
    }
    let mut widths = headers.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i == 4 {
                text.push_str(&format!("{cell:>w$}  ", w = widths[i]));
            } else if i == cells.len() - 1 {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        text.push('\n');
        text
    };
    let mut text = format!(
        "Certificates in {} (warning window: {} days):\n",
        report.dir.display(),
        report.warn_days
    );
    if rows.is_empty() {
        text.push_str("  no *.pem or *.crt certificate files\n");
    } else {
        text.push_str(&line(&headers.map(str::to_string)));
        for row in &rows {
            text.push_str(&line(row));
        }
    }
    let c = &report.summary;
    text.push_str(&format!(
        "{} certificates: {} ok, {} expiring within {} days, {} expired",
        c.certificates, c.ok, c.expiring, report.warn_days, c.expired
    ));
    if c.not_yet_valid > 0 {
        text.push_str(&format!(", {} not yet valid", c.not_yet_valid));
    }
    if c.errors > 0 {
        text.push_str(&format!(", {} unreadable file(s)", c.errors));
    }
    text.push('\n');
    text
}

/// Escapes a Prometheus label value: backslash, double quote and line feed.
pub fn escape_label(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// The Prometheus text exposition format (version 0.0.4), for node_exporter's textfile
/// collector: each certificate's notAfter as a Unix time, so an alert compares it with
/// `time()` and stays right however old the file is.
pub fn prometheus(report: &StatusReport) -> String {
    let mut text = format!(
        "# HELP {EXPIRY_METRIC} Unix time when the certificate expires (notAfter), by milvus-cert status.\n\
         # TYPE {EXPIRY_METRIC} gauge\n"
    );
    for e in &report.certificates {
        text.push_str(&format!(
            "{EXPIRY_METRIC}{{file=\"{}\",index=\"{}\",subject=\"{}\",serial=\"{}\",role=\"{}\"}} {}\n",
            escape_label(&e.path.display().to_string()),
            e.index,
            escape_label(&e.subject),
            escape_label(&e.serial),
            e.role,
            e.not_after.unix_timestamp()
        ));
    }
    text.push_str(&format!(
        "# HELP {ERROR_METRIC} 1 for a certificate file milvus-cert status could not read.\n\
         # TYPE {ERROR_METRIC} gauge\n"
    ));
    for err in &report.errors {
        text.push_str(&format!(
            "{ERROR_METRIC}{{file=\"{}\"}} 1\n",
            escape_label(&err.path.display().to_string())
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label(r#"a"b\c"#), r#"a\"b\\c"#);
        assert_eq!(escape_label("x\ny"), "x\\ny");
        assert_eq!(escape_label("CN=ünï"), "CN=ünï");
    }

    #[test]
    fn only_visible_pem_and_crt_files_are_read() {
        assert!(is_cert_file_name("ca.pem"));
        assert!(is_cert_file_name("tls.CRT"));
        assert!(is_cert_file_name("ca-bundle.pem"));
        assert!(!is_cert_file_name("server.key"));
        assert!(!is_cert_file_name("server.pem.bak"));
        assert!(!is_cert_file_name(".server.pem.x1.tmp"));
        assert!(is_cert_file_name("app.cer"));
        assert!(!is_cert_file_name("server.old.pem"));
        assert!(!is_cert_file_name("ca.old.pem"));
    }
}
