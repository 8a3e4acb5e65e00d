//! `status`: how long every certificate in a directory has left, for cron jobs, CI and
//! node_exporter's textfile collector. Reads only. Each certificate's standing is a
//! finding of the one model (`expired`, `expiring-soon`, `not-yet-valid`,
//! `validity-ok`, by the rule `verify` uses), and so is each file that cannot be used;
//! `render::status` turns the report into the table, the JSON and the Prometheus text.

use crate::certdir::view::{CertInfo, CertView};
use crate::certdir::{self, LoadProblem};
use crate::check::{Check, Finding, FindingJson, HintContext, Severity};
use crate::store::role::Role;
use anyhow::{Result, anyhow, bail};
use serde::{Serialize, Serializer};
use std::fs;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// The Prometheus gauge with each certificate's notAfter.
pub const EXPIRY_METRIC: &str = "milvus_cert_expiry_timestamp_seconds";
/// The Prometheus gauge set for each certificate file that cannot be read.
pub const ERROR_METRIC: &str = "milvus_cert_file_error";

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
    /// Where it stands: `ok`, `expiring`, `expired` or `not-yet-valid`, the word for
    /// its validity finding.
    pub status: &'static str,
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

/// The `status` word of a validity finding (the JSON `status` of schema 1 and 2).
fn state_word(check: &Check) -> &'static str {
    match check {
        Check::Expired { .. } => "expired",
        Check::ExpiringSoon { .. } => "expiring",
        Check::NotYetValid { .. } => "not-yet-valid",
        _ => "ok",
    }
}

/// A file that should hold certificates but cannot be used (or a pending write).
#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    /// File name.
    pub file: String,
    /// Full path.
    pub path: PathBuf,
    /// What is wrong (the file's finding, without the file's name).
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
    /// Files that could not be read, and pending writes.
    pub errors: usize,
}

/// Every finding of the run, serialized as verify serializes its own (`docs/json.md`).
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// In file order: a certificate's validity, or why its file cannot be used.
    pub list: Vec<Finding>,
    /// What the fix hints need; `None` when every finding is ok (no hint to give).
    pub hints: Option<HintContext>,
}

impl Findings {
    /// The JSON objects, hints included.
    pub fn to_json(&self) -> Vec<FindingJson> {
        let hints = self.hints.as_ref();
        self.list.iter().map(|f| f.to_json(hints)).collect()
    }
}

impl Serialize for Findings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

/// Everything `status` found.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
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
    /// The findings the certificates and errors above come from.
    pub findings: Findings,
}

impl StatusReport {
    /// Whether anything needs attention: any finding that is not ok (an expired,
    /// expiring or not-yet-valid certificate, an unreadable file, a pending write).
    pub fn needs_attention(&self) -> bool {
        self.findings
            .list
            .iter()
            .any(|f| f.severity != Severity::Ok)
    }
}

/// Reads every certificate file in `path` (a directory, or one file) as of `now`.
/// Fails only when `path` itself cannot be read.
pub fn scan(path: &Path, warn_days: u32, now: OffsetDateTime) -> Result<StatusReport> {
    let Listing { abs, files, is_dir } = list(path)?;
    let mut report = StatusReport {
        dir: abs,
        now,
        warn_days,
        certificates: Vec::new(),
        errors: Vec::new(),
        skipped: Vec::new(),
        summary: Counts::default(),
        findings: Findings::default(),
    };
    for (file, path) in files {
        read_file(&mut report, file, path);
    }
    // Read-only: an interrupted write is reported (its files may be a mix of old and
    // new), never finished here.
    if is_dir {
        for write in crate::store::pending_writes(path) {
            let check = Check::InterruptedWrite {
                committed: write.committed,
                files: write.files.clone(),
                foreign_owner: write.foreign_owner,
            };
            let path = report.dir.join(&write.name);
            add_error(&mut report, write.name, path, check);
        }
    }
    report.summary = count(&report);
    if report.needs_attention() {
        // Only now: a healthy directory (the cron case) is not read twice.
        let dir = if is_dir {
            report.dir.clone()
        } else {
            report
                .dir
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        report.findings.hints = crate::certdir::CertDir::load(&dir, None, now)
            .ok()
            .map(|d| crate::check::hint_context(&d, warn_days));
    }
    Ok(report)
}

/// What `status` looks at: the absolute path, the certificate files (name, path) to
/// read, and whether the path is a directory.
struct Listing {
    abs: PathBuf,
    files: Vec<(String, PathBuf)>,
    is_dir: bool,
}

fn list(path: &Path) -> Result<Listing> {
    let meta = fs::metadata(path).map_err(|e| {
        anyhow!(
            "cannot read '{}': {}",
            path.display(),
            crate::store::read::io_reason(&e)
        )
    })?;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if meta.is_dir() {
        let files = certdir::cert_files(&abs).map_err(|e| {
            anyhow!(
                "cannot read directory '{}': {}",
                path.display(),
                crate::store::read::io_reason(&e)
            )
        })?;
        Ok(Listing {
            abs,
            files,
            is_dir: true,
        })
    } else if meta.is_file() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Ok(Listing {
            files: vec![(name, abs.clone())],
            abs,
            is_dir: false,
        })
    } else {
        bail!(
            "cannot read '{}': not a directory or regular file",
            path.display()
        )
    }
}

fn count(report: &StatusReport) -> Counts {
    let mut counts = Counts {
        certificates: report.certificates.len(),
        ..Counts::default()
    };
    for finding in &report.findings.list {
        match finding.check {
            Check::ValidityOk { .. } => counts.ok += 1,
            Check::ExpiringSoon { .. } => counts.expiring += 1,
            Check::Expired { .. } => counts.expired += 1,
            Check::NotYetValid { .. } => counts.not_yet_valid += 1,
            _ => counts.errors += 1,
        }
    }
    counts
}

/// Whose file it is, for the hint's wording: the directory's CA, server and client
/// files by name, as `verify` names them, and any other CA certificate as a CA.
fn role_of_file(file: &str, is_ca: bool) -> Option<Role> {
    [Role::Ca, Role::Server, Role::Client]
        .into_iter()
        .find(|role| role.cert_file() == file)
        .or(is_ca.then_some(Role::Ca))
}

fn add_error(report: &mut StatusReport, file: String, path: PathBuf, check: Check) {
    let finding = Finding::new(check, role_of_file(&file, false), Some(file.clone()));
    let error = match finding.check.detail() {
        Some(detail) => detail.to_string(),
        None => finding.message(),
    };
    report.errors.push(FileError { file, path, error });
    report.findings.list.push(finding);
}

/// Reads one file with the read side's one certificate loader.
fn read_file(report: &mut StatusReport, file: String, path: PathBuf) {
    let now = report.now;
    let certs = match certdir::load_certs(&path, now) {
        Ok(loaded) => loaded.certs,
        Err(LoadProblem::WrongContent { found }) => {
            let reason = if found.is_empty() {
                "holds no certificate".to_string()
            } else {
                format!("holds {found}, no certificate")
            };
            report.skipped.push(Skipped { file, reason });
            return;
        }
        Err(problem) => {
            let check = Check::of_problem(&problem, "a certificate");
            return add_error(report, file, path, check);
        }
    };
    for (index, view) in certs.iter().enumerate() {
        let check = Check::validity(view.not_before, view.not_after, report.warn_days, now);
        report.certificates.push(Entry {
            file: file.clone(),
            path: path.clone(),
            index,
            of: certs.len(),
            role: role_word(view),
            certificate: view.certificate.clone(),
            subject: view.subject.clone(),
            serial: view.serial.hex(),
            not_after: view.not_after,
            days_left: view.days_left,
            seconds_left: (view.not_after - now).whole_seconds(),
            status: state_word(&check),
            common_name: view.common_names.first().cloned(),
        });
        let role = role_of_file(&file, view.is_ca);
        report
            .findings
            .list
            .push(Finding::new(check, role, Some(file.clone())));
    }
}

fn role_word(view: &CertView) -> &'static str {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certdir::is_cert_file_name;

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

    #[test]
    fn roles_follow_verify_names() {
        assert_eq!(role_of_file("ca.pem", true), Some(Role::Ca));
        assert_eq!(role_of_file("server.pem", false), Some(Role::Server));
        assert_eq!(role_of_file("ca-bundle.pem", true), Some(Role::Ca));
        assert_eq!(role_of_file("app.pem", false), None);
    }
}
