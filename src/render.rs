//! Turns command results into text or JSON. Results go to stdout, diagnostics to stderr.

use crate::role::Role;
use crate::summary::{CaOrigin, FileKind, FileReport, InitSummary};
use anyhow::Result;
use std::io::Write;

/// How results are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Human-readable text.
    Text,
    /// One JSON document on stdout.
    Json,
    /// Nothing on success.
    Quiet,
}

/// Prints a warning on stderr.
pub fn warn(message: &str) {
    eprintln!("milvus-cert: warning: {message}");
}

/// Prints an error on stderr, the cause chain on one line.
pub fn error(error: &anyhow::Error) {
    eprintln!("milvus-cert: error: {error:#}");
}

/// Shows the result of `init`.
pub fn init(summary: &InitSummary, output: Output) -> Result<()> {
    for warning in &summary.warnings {
        warn(warning);
    }
    let mut out = std::io::stdout().lock();
    match output {
        Output::Quiet => {}
        Output::Json => {
            serde_json::to_writer_pretty(&mut out, summary)?;
            writeln!(out)?;
        }
        Output::Text => out.write_all(init_text(summary).as_bytes())?,
    }
    Ok(())
}

/// The human summary of `init`: what was made, then how to wire it into Milvus.
pub fn init_text(summary: &InitSummary) -> String {
    let origin = match summary.ca {
        CaOrigin::Created => "a new CA",
        CaOrigin::Reused => "the existing CA",
    };
    let mut text = format!(
        "Made a Milvus TLS directory in {} ({} keys, signed by {origin}):\n",
        summary.dir.display(),
        summary.key
    );
    for file in &summary.files {
        text.push_str(&format!(
            "  {:<11} {}\n",
            file.name,
            describe(file, summary.ca)
        ));
    }
    let path = |role: Role, cert: bool| {
        let name = if cert {
            role.cert_file()
        } else {
            role.key_file()
        };
        summary.dir.join(name).display().to_string()
    };
    text.push_str(&format!(
        "\nNext, point milvus.yaml at them (paths as the server sees them):\n\
         \x20 tls:\n\
         \x20   serverPemPath: {}\n\
         \x20   serverKeyPath: {}\n\
         \x20   caPemPath: {}\n\
         \x20 common:\n\
         \x20   security:\n\
         \x20     tlsMode: 2   # 1 = server TLS only, 2 = mutual TLS (clients need client.pem/key)\n",
        path(Role::Server, true),
        path(Role::Server, false),
        path(Role::Ca, true),
    ));
    text
}

fn describe(file: &FileReport, ca: CaOrigin) -> String {
    let role = file.role.map(|r| match r {
        Role::Ca => "CA",
        Role::Server => "server",
        Role::Client => "client",
    });
    let unchanged = file.role == Some(Role::Ca) && ca == CaOrigin::Reused;
    let suffix = if unchanged { " (kept)" } else { "" };
    match file.kind {
        FileKind::PrivateKey => format!(
            "{} private key, {} PKCS#8, mode {}{suffix}",
            role.unwrap_or_default(),
            file.key.as_deref().unwrap_or("?"),
            file.mode
        ),
        FileKind::Csr => format!("{} certificate request", role.unwrap_or_default()),
        FileKind::Serial => format!(
            "last serial issued, {}",
            file.last_serial.as_deref().unwrap_or("?")
        ),
        FileKind::Certificate => {
            let Some(cert) = &file.certificate else {
                return String::new();
            };
            let sans = if cert.sans.is_empty() {
                String::new()
            } else {
                format!(", SANs {}", cert.sans.join(" "))
            };
            format!(
                "{} certificate: {}{sans}, expires {}{suffix}",
                role.unwrap_or_default(),
                cert.subject,
                cert.not_after.date()
            )
        }
    }
}

/// Shows the result of `emit-config`: with --json the report; otherwise the emitted text
/// (or the diff of a --dry-run), a summary of what was written, and notes on stderr.
pub fn emit_config(report: &crate::milvus::report::EmitReport, output: Output) -> Result<()> {
    for warning in &report.warnings {
        warn(warning);
    }
    let mut out = std::io::stdout().lock();
    match output {
        Output::Json => {
            serde_json::to_writer_pretty(&mut out, report)?;
            writeln!(out)?;
            return Ok(());
        }
        // A summary is chatter; emitted text or a dry run's diff is the result itself.
        Output::Quiet
            if !report.dry_run && (report.written.is_some() || report.milvus_yaml.is_some()) =>
        {
            return Ok(());
        }
        _ => {}
    }
    if report.dry_run {
        match report.diff.as_deref() {
            Some("") | None => {
                eprintln!("milvus-cert: no change: the file already has these settings")
            }
            Some(diff) => out.write_all(diff.as_bytes())?,
        }
    } else if let Some(summary) = report.summary() {
        out.write_all(summary.as_bytes())?;
    } else {
        out.write_all(report.text.as_bytes())?;
    }
    if output == Output::Text {
        for note in &report.notes {
            eprintln!("milvus-cert: note: {note}");
        }
    }
    Ok(())
}
