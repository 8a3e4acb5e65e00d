//! `inspect`'s report: each file's items as text or JSON, and a file that cannot be
//! read as a finding of the one model (`file-unreadable`, `file-malformed`).

use super::{Output, printable, show};
use crate::certdir::LoadProblem;
use crate::certdir::inspect::{InspectReport, InspectedFile, Shown};
use crate::check::{Check, Finding, FindingJson, Severity};
use crate::pki::parse::KeyFormat;
use crate::store::read::is_stdin;
use anyhow::Result;
use serde::Serialize;
use time::OffsetDateTime;

/// Shows the result of `inspect`: each explicit file that cannot be read as one line
/// on stderr (and only there in the text), then the report.
pub fn inspect(report: &InspectReport, output: Output) -> Result<()> {
    for file in report.files.iter().filter(|f| !f.member) {
        if let Some(finding) = finding_of(file) {
            // The house form of an error about a file: '<path>': <cause>.
            let path = printable(&file.path.display().to_string());
            let (code, cause) = (finding.check.code(), finding.check.detail());
            let cause = cause.map_or_else(|| finding.message(), str::to_string);
            super::error(&anyhow::anyhow!("'{path}': {cause} [{code}]"));
        }
    }
    show("inspect", false, &json(report), output, |_| {
        inspect_text(report)
    })
}

/// The finding for a file that could not be read: an error for a file named on the
/// command line, a warning for a directory's member (it does not fail the run).
fn finding_of(file: &InspectedFile) -> Option<Finding> {
    let problem = file.problem.as_ref()?;
    let name = printable(&file.path.display().to_string());
    let check = match problem {
        // A missing file is one inspect cannot read, as `cat` says it.
        LoadProblem::Missing => Check::FileUnreadable {
            reason: "no such file".to_string(),
        },
        other => Check::of_problem(other, "a certificate, private key or certificate request"),
    };
    let mut finding = Finding::new(check, None, Some(name));
    if file.member {
        finding.severity = Severity::Warning;
    }
    Some(finding)
}

fn severity_word(finding: &Finding) -> &'static str {
    match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Ok => "ok",
    }
}

/// One file in the JSON document: what inspect read, then `error` (what is wrong, a
/// string as before) and `finding` (the finding object).
#[derive(Serialize)]
struct FileJson {
    #[serde(flatten)]
    file: InspectedFile,
    error: Option<String>,
    finding: Option<FindingJson>,
}

/// The `inspect --json` body.
#[derive(Serialize)]
struct InspectJson {
    files: Vec<FileJson>,
}

fn json(report: &InspectReport) -> InspectJson {
    let files = report
        .files
        .iter()
        .map(|file| {
            // Paths are absolute in every JSON document; `-` (standard input) stays `-`.
            let mut file = file.clone();
            if !is_stdin(&file.path) {
                file.path = std::path::absolute(&file.path).unwrap_or(file.path);
            }
            let finding = finding_of(&file);
            FileJson {
                error: finding.as_ref().map(|f| match f.check.detail() {
                    Some(detail) => detail.to_string(),
                    None => f.message(),
                }),
                finding: finding.map(|f| f.to_json(None)),
                file,
            }
        })
        .collect();
    InspectJson { files }
}

/// Human-readable text of a report: every file and its items; the problem of a
/// directory's member under its name (an explicit file's went to stderr instead).
pub fn inspect_text(report: &InspectReport) -> String {
    let mut out = String::new();
    for file in &report.files {
        let finding = finding_of(file);
        if finding.as_ref().is_some_and(|_| !file.member) {
            continue;
        }
        // A file name can hold control characters too.
        let name = super::printable(&file.path.display().to_string());
        out.push_str(&format!("{name}:\n"));
        if let Some(finding) = &finding {
            let (code, message) = (finding.check.code(), finding.message());
            out.push_str(&format!(
                "  {} [{code}] {message}\n",
                severity_word(finding)
            ));
        }
        let many = file.items.len() > 1;
        for (i, item) in file.items.iter().enumerate() {
            let prefix = if many {
                format!("  [{}] ", i + 1)
            } else {
                "  ".to_string()
            };
            out.push_str(&prefix);
            out.push_str(&item_text(item));
        }
    }
    out
}

fn date(t: OffsetDateTime) -> String {
    use time::format_description::well_known::Rfc3339;
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

fn item_text(item: &Shown) -> String {
    let list = |v: &[String]| {
        if v.is_empty() {
            "(none)".to_string()
        } else {
            v.join(", ")
        }
    };
    match item {
        Shown::Certificate(c) => {
            let days = if c.days_left < 0 {
                format!("expired {} days ago", -c.days_left)
            } else {
                format!("{} days left", c.days_left)
            };
            let bc = if c.is_ca {
                match c.path_len {
                    Some(n) => format!("CA:TRUE, pathlen:{n}"),
                    None => "CA:TRUE".to_string(),
                }
            } else {
                "CA:FALSE".to_string()
            };
            format!(
                "certificate (v{})\n    subject:       {}\n    issuer:        {}\n    serial:        {}\n    \
                 valid:         {} to {} ({days})\n    SANs:          {}\n    key usage:     {}\n    \
                 ext key usage: {}\n    constraints:   {bc}\n    key:           {}\n    signature:     {}\n    \
                 sha256:        {}\n",
                c.version,
                c.subject,
                c.issuer,
                c.serial,
                date(c.not_before),
                date(c.not_after),
                list(&c.sans),
                list(&c.key_usage),
                list(&c.extended_key_usage),
                c.key,
                c.signature_algorithm,
                c.certificate.sha256
            )
        }
        Shown::PrivateKey(k) => {
            let format = match k.format {
                KeyFormat::Pkcs8 => "PKCS#8",
                KeyFormat::Pkcs1 => "PKCS#1",
                KeyFormat::Sec1 => "SEC1",
            };
            let enc = if k.encrypted { ", encrypted" } else { "" };
            let alg = match &k.info {
                Ok(info) => info.alg.to_string(),
                Err(problem) => problem.clone(),
            };
            format!("private key ({format}{enc})\n    key:           {alg}\n")
        }
        Shown::Csr(c) => format!(
            "certificate request\n    subject:       {}\n    SANs:          {}\n    key usage:     {}\n    \
             ext key usage: {}\n    key:           {}\n    signature:     {}\n    sha256:        {}\n",
            c.subject,
            list(&c.sans),
            list(&c.key_usage),
            list(&c.extended_key_usage),
            c.key
                .as_ref()
                .map_or_else(|| "unknown".to_string(), |k| k.to_string()),
            c.signature_algorithm,
            c.sha256
        ),
        Shown::Other { note } => format!("{note}\n"),
    }
}
