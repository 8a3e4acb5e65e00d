//! `status`'s report as a table, JSON or Prometheus text, all from its findings.

use super::{Output, json_document, write_stdout};
use crate::check::Severity;
use crate::check::status::{ERROR_METRIC, EXPIRY_METRIC, StatusReport};
use anyhow::{Result, bail};
use std::path::Path;

/// The three shapes of `status`'s output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFormat {
    /// The human table.
    Table,
    /// The `--json` document.
    Json,
    /// Prometheus gauges (`--prometheus`).
    Prometheus,
}

/// The whole output of `status` in `format`, for stdout or an `--out` file.
pub fn status_document(report: &StatusReport, format: StatusFormat) -> Result<String> {
    Ok(match format {
        StatusFormat::Table => status_table(report),
        StatusFormat::Json => json_document("status", false, report)?,
        StatusFormat::Prometheus => prometheus(report),
    })
}

/// Shows `text` (a [`status_document`]) on stdout: nothing with `--quiet`, except the
/// gauges, which are the result itself.
pub fn status(text: &str, format: StatusFormat, output: Output) -> Result<()> {
    if output == Output::Quiet && format != StatusFormat::Prometheus {
        return Ok(());
    }
    write_stdout(text.as_bytes())
}

/// `--out FILE --dry-run`: the same refusal a real run would give, then the contents on
/// stdout and where they would go on stderr.
pub fn status_dry_run(out: &Path, text: &str, force: bool) -> Result<()> {
    let exists = std::fs::symlink_metadata(out).is_ok();
    if exists && !force {
        bail!(
            "'{}' already exists; pass --force to replace it (nothing was written)",
            out.display()
        );
    }
    let action = if exists { "replace" } else { "create" };
    super::write_stderr(&format!(
        "milvus-cert status --dry-run: nothing was written; it would {action} '{}' ({} bytes) with:\n",
        out.display(),
        text.len()
    ));
    write_stdout(text.as_bytes())
}

/// The human table: one line per certificate and per unusable file, a summary line,
/// then how to fix what needs attention.
fn status_table(report: &StatusReport) -> String {
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
                e.status.to_string(),
            ]
        })
        .collect();
    for err in &report.errors {
        let dash = || "-".to_string();
        let (file, error) = (err.file.clone(), err.error.clone());
        rows.push([file, dash(), error, dash(), dash(), "unreadable".into()]);
    }
    let mut text = format!(
        "Certificates in {} (warning window: {} days):\n",
        report.dir.display(),
        report.warn_days
    );
    if rows.is_empty() {
        text.push_str("  no *.pem or *.crt certificate files\n");
    } else {
        text.push_str(&columns(&headers.map(str::to_string), &rows));
    }
    text.push_str(&summary_line(report));
    text.push_str(&fixes(report));
    text
}

/// The rows under their headers, each column as wide as its widest cell (DAYS
/// right-aligned, the last column not padded).
fn columns(headers: &[String; 6], rows: &[[String; 6]]) -> String {
    let mut widths = headers.clone().map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String; 6]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            match i {
                4 => text.push_str(&format!("{cell:>w$}  ", w = widths[i])),
                5 => text.push_str(cell),
                _ => text.push_str(&format!("{cell:<w$}  ", w = widths[i])),
            }
        }
        text.push('\n');
        text
    };
    let mut text = line(headers);
    for row in rows {
        text.push_str(&line(row));
    }
    text
}

fn summary_line(report: &StatusReport) -> String {
    let c = &report.summary;
    let mut text = format!(
        "{} certificates: {} ok, {} expiring within {} days, {} expired",
        c.certificates, c.ok, c.expiring, report.warn_days, c.expired
    );
    if c.not_yet_valid > 0 {
        text.push_str(&format!(", {} not yet valid", c.not_yet_valid));
    }
    if c.errors > 0 {
        text.push_str(&format!(", {} unreadable file(s)", c.errors));
    }
    text.push('\n');
    text
}

/// One fix per file that needs attention (a bundle's certificates share theirs).
fn fixes(report: &StatusReport) -> String {
    let Some(ctx) = &report.findings.hints else {
        return String::new();
    };
    let mut lines = Vec::new();
    for finding in &report.findings.list {
        if finding.severity == Severity::Ok {
            continue;
        }
        if let Some(hint) = finding.hint(ctx) {
            let file = finding.file.as_deref().unwrap_or("");
            let line = format!("  {file}: {}\n", hint.text);
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    format!("\nTo fix:\n{}", lines.concat())
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
fn prometheus(report: &StatusReport) -> String {
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
}
