//! `verify`'s and `probe`'s reports: the findings with their fixes, problems first, and
//! each client's verdict.

use super::{Output, show};
use crate::check::clients::Outcome;
use crate::check::{Finding, Report, Severity};
use anyhow::Result;

/// Shows the result of `verify`.
pub fn verify(report: &Report, output: Output) -> Result<()> {
    show("verify", false, &report.to_json(), output, |_| {
        verify_text(report)
    })
}

/// Shows the result of `probe`: the endpoints that could not be probed, one line each
/// on stderr, then the report.
pub fn probe(report: &crate::probe::Report, output: Output) -> Result<()> {
    for line in report.failures() {
        super::error(&anyhow::anyhow!("{line}"));
    }
    show("probe", false, &report.to_json(), output, |_| {
        probe_text(report)
    })
}

/// The human report: problems first, then passing checks, then the client table.
pub fn verify_text(report: &Report) -> String {
    let mut text = format!(
        "Checked {} for TLS mode {} (server name: {}):\n",
        report.dir.display(),
        report.mode,
        report.server_name.as_deref().unwrap_or("unknown")
    );
    text.push_str(&findings_text(report));
    text.push_str("\nClients:\n");
    text.push_str(&clients_text(report));
    let failing = report.failing_clients();
    if !failing.is_empty() {
        let names: Vec<String> = failing.iter().map(|c| c.to_string()).collect();
        text.push_str(&format!(
            "\nfails in mode {} for {} (pass --clients with the SDKs you run to check only those)\n",
            report.mode,
            names.join(", ")
        ));
    }
    let c = report.counts();
    text.push_str(&format!(
        "\n{}, {}, {} ok\n",
        plural(c.errors, "error"),
        plural(c.warnings, "warning"),
        c.ok
    ));
    text
}

/// The findings, problems first, each with its fix (also used by `probe`).
pub fn findings_text(report: &Report) -> String {
    let mut text = String::new();
    for severity in [Severity::Error, Severity::Warning, Severity::Ok] {
        // Passing checks of other leaves are summed up below: a directory may hold
        // a thousand of them.
        let shown =
            |f: &&Finding| f.severity == severity && (severity != Severity::Ok || f.role.is_some());
        for f in report.findings.iter().filter(shown) {
            let tag = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Ok => "ok",
            };
            text.push_str(&format!(
                "  {tag:<7} [{}] {}\n",
                f.check.code(),
                f.message()
            ));
            if let Some(hint) = report.hint(f) {
                text.push_str(&format!("          fix: {}\n", hint.text));
            }
        }
    }
    let mut leaves = std::collections::BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.role.is_none()) {
        let clean = leaves
            .entry(f.file.as_deref().unwrap_or(""))
            .or_insert(true);
        *clean &= f.severity == Severity::Ok;
    }
    if !leaves.is_empty() {
        let clean = leaves.values().filter(|c| **c).count();
        text.push_str(&format!(
            "  ok      {clean} of {} other leaf certificates pass every check (each check: --json)\n",
            leaves.len()
        ));
    }
    text
}

/// One line per client verdict (also used by `probe`).
pub fn clients_text(report: &Report) -> String {
    let mut text = String::new();
    for v in &report.clients {
        let outcome = match v.verdict {
            Outcome::Ok => "ok".to_string(),
            Outcome::Fails => format!("fails: {}", v.reason.as_deref().unwrap_or("")),
            Outcome::Unknown => format!("unknown: {}", v.reason.as_deref().unwrap_or("")),
        };
        text.push_str(&format!(
            "  {:<8} mode {}  {outcome}\n",
            v.client.to_string(),
            v.mode
        ));
    }
    text
}

/// `1 error`, `2 errors`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The human report of `probe`: per endpoint the handshake, the served chain, then
/// verify's findings and client lines.
pub fn probe_text(report: &crate::probe::Report) -> String {
    use crate::probe::Protocol;
    let mut text = String::new();
    for (i, endpoint) in report.endpoints.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let protocol = match endpoint.protocol {
            Protocol::Grpc => "gRPC",
            Protocol::Rest => "REST",
        };
        let probed = match &endpoint.result {
            Ok(p) => p,
            Err(_) => {
                text.push_str(&format!("{} ({protocol}): not probed\n", endpoint.target));
                continue;
            }
        };
        text.push_str(&format!(
            "{} ({protocol}, address {}, server name {}): TLS mode {}\n",
            endpoint.target, probed.address, probed.server_name, probed.tls_mode
        ));
        text.push_str(&probe_handshake_text(probed));
        text.push_str("  served chain:\n");
        for (n, cert) in probed.chain.iter().enumerate() {
            text.push_str(&probe_cert_text(n, cert));
        }
        text.push_str("  findings:\n");
        text.push_str(&findings_text(&probed.report));
        text.push_str(&format!("  clients (TLS mode {}):\n", probed.tls_mode));
        text.push_str(&clients_text(&probed.report));
        let c = probed.report.counts();
        text.push_str(&format!(
            "  {} errors, {} warnings, {} ok\n",
            c.errors, c.warnings, c.ok
        ));
    }
    text
}

fn probe_handshake_text(probed: &crate::probe::Probed) -> String {
    let mut text = String::new();
    for v in &probed.versions {
        let line = match (&v.session, &v.error) {
            (Some(s), _) => format!(
                "accepted: {}, ALPN {}",
                s.cipher_suite,
                s.alpn.as_deref().unwrap_or("none")
            ),
            (None, Some(e)) if v.accepted => format!("accepted, then failed: {e}"),
            (None, Some(e)) => format!("refused: {e}"),
            (None, None) => "refused".to_string(),
        };
        text.push_str(&format!("  {:<9} {line}\n", v.version.name()));
    }
    if probed.tls_mode == 2 {
        let names = if probed.ca_names.is_empty() {
            "none".to_string()
        } else {
            probed.ca_names.join("; ")
        };
        text.push_str(&format!(
            "  client certificate requested (mode 2); CA names: {names}\n"
        ));
    } else {
        text.push_str("  no client certificate requested (mode 1)\n");
    }
    if let Some(answer) = &probed.answer {
        text.push_str(&format!("  answer    {}\n", answer.describe()));
    }
    text
}

fn probe_cert_text(n: usize, cert: &crate::certdir::view::CertView) -> String {
    let sans = if cert.sans.is_empty() {
        "none".to_string()
    } else {
        cert.sans.join(", ")
    };
    format!(
        "    [{n}] {}\n        issuer   {}\n        SANs     {sans}\n        serial   {}\n        \
         valid    {} to {} ({} days left)\n        sha256   {}\n",
        cert.subject,
        cert.issuer,
        cert.serial,
        cert.not_before.date(),
        cert.not_after.date(),
        cert.days_left,
        cert.certificate.sha256
    )
}
