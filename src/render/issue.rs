//! The reports of the writing commands: `init`, the issuing commands (`ca`, `server`,
//! `client`, `sign`, `renew`, each also with `--dry-run`) and `rotate-ca`.

use super::{Output, show, warn};
use crate::issue::summary::{CaOrigin, FileKind, FileReport, InitSummary};
use crate::store::role::Role;
use anyhow::Result;

/// Shows the result of `init`.
pub fn init(summary: &InitSummary, output: Output) -> Result<()> {
    for warning in &summary.warnings {
        warn(warning);
    }
    show("init", false, summary, output, init_text)
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
    let dir = summary.dir.as_path();
    let emit = crate::check::advice::command(&["emit-config"], dir, &["--mode", "2"]);
    text.push_str(&format!(
        "\nNext, point milvus.yaml at them (paths on this machine; in a container, use\n\
         the paths the files are mounted at: see emit-config --format compose, helm-values):\n\
         \x20 tls:\n\
         \x20   serverPemPath: {}\n\
         \x20   serverKeyPath: {}\n\
         \x20   caPemPath: {}\n\
         \x20 common:\n\
         \x20   security:\n\
         \x20     tlsMode: 2   # 1 = server TLS only, 2 = mutual TLS (clients need client.pem/key)\n\
         \x20 proxy:\n\
         \x20   http:\n\
         \x20     port: {}   # required with TLS on: REST needs a port of its own\n\
         \nThen:\n\
         \x20 {}   # check them for every client\n\
         \x20 {emit}   # the settings (--milvus-yaml FILE merges them)\n\
         \x20 {}   # connection code for each SDK\n",
        path(Role::Server, true),
        path(Role::Server, false),
        path(Role::Ca, true),
        crate::milvus::DEFAULT_HTTP_PORT,
        crate::check::advice::quote_all(&["milvus-cert", "verify", &dir.display().to_string()]),
        crate::check::advice::command(&["emit-config"], dir, &["--mode", "2", "--format", "client"]),
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
            "{} private key, {} {}{}, mode {}{suffix}",
            role.unwrap_or_default(),
            file.key.map_or_else(|| "?".to_string(), |k| k.to_string()),
            if file.encrypted { "encrypted " } else { "" },
            match file.key_format {
                Some(crate::pki::parse::KeyFormat::Pkcs1) => "PKCS#1",
                Some(crate::pki::parse::KeyFormat::Sec1) => "SEC1",
                _ => "PKCS#8",
            },
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

/// Shows the result of an issuing command (`ca`, `server`, `client`, `sign`, `renew`, or
/// any of them with `--dry-run`).
pub fn issued(summary: &crate::issue::summary::IssueSummary, output: Output) -> Result<()> {
    for warning in &summary.warnings {
        warn(warning);
    }
    show(
        &summary.command,
        summary.dry_run,
        summary,
        output,
        issued_text,
    )
}

/// The human summary of an issuing command.
pub fn issued_text(summary: &crate::issue::summary::IssueSummary) -> String {
    let mut text = String::new();
    if summary.dry_run {
        text.push_str(&format!(
            "milvus-cert {} --dry-run: nothing was written. It would write:\n",
            summary.command
        ));
        for file in &summary.planned {
            let action = match file.action {
                crate::issue::summary::Action::Create => "create ",
                crate::issue::summary::Action::Replace => "replace",
                crate::issue::summary::Action::Backup => "backup ",
                crate::issue::summary::Action::Conflict => "refused",
            };
            let serial = file
                .serial
                .as_deref()
                .map(|s| format!(", serial {s}"))
                .unwrap_or_default();
            let expiry = file
                .not_after
                .map(|t| format!(", expires {}", t.date()))
                .unwrap_or_default();
            text.push_str(&format!(
                "  {action} {}{serial}{expiry}\n",
                file.path.display()
            ));
        }
        return text;
    }
    // Say where each file went: sign's certificate may land outside the CA directory.
    let outside = summary
        .files
        .iter()
        .any(|f| f.path.parent() != Some(summary.dir.as_path()));
    let count = match summary.files.len() {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    if outside {
        text.push_str(&format!(
            "milvus-cert {}: wrote {count}:\n",
            summary.command
        ));
    } else {
        text.push_str(&format!(
            "milvus-cert {}: wrote {count} in {}:\n",
            summary.command,
            summary.dir.display()
        ));
    }
    for file in &summary.files {
        text.push_str(&format!(
            "  {}  {}\n",
            file.path.display(),
            file_detail(file)
        ));
    }
    text.push_str(&backups_text(&summary.backups));
    text
}

/// One written file, described for the text reports of the issuing commands.
fn file_detail(file: &FileReport) -> String {
    match (&file.certificate, &file.last_serial, &file.key) {
        (Some(cert), _, _) => format!(
            "certificate {}, serial {}, expires {}",
            cert.subject,
            cert.serial,
            cert.not_after.date()
        ),
        (_, Some(last), _) => format!("last serial issued, {last}"),
        (_, _, Some(key)) if file.encrypted => {
            format!("private key, {key}, encrypted, mode {}", file.mode)
        }
        (_, _, Some(key)) => format!("private key, {key}, mode {}", file.mode),
        _ => "certificate request".to_string(),
    }
}

fn backups_text(backups: &[crate::issue::summary::BackupReport]) -> String {
    backups
        .iter()
        .map(|b| {
            format!(
                "  kept the old {} as {}\n",
                b.path.display(),
                b.backup.display()
            )
        })
        .collect()
}

/// Shows the result of `rotate-ca`.
pub fn rotated(summary: &crate::issue::rotate::RotateSummary, output: Output) -> Result<()> {
    for warning in &summary.warnings {
        warn(warning);
    }
    show("rotate-ca", summary.dry_run, summary, output, rotated_text)
}

/// The human report of `rotate-ca`: what it wrote (or would), then the roll-out.
pub fn rotated_text(s: &crate::issue::rotate::RotateSummary) -> String {
    let mut text = String::new();
    if s.dry_run {
        text.push_str(&format!(
            "milvus-cert rotate-ca --dry-run: nothing was written. It would replace the CA \
             {} (expires {}) in {}:\n",
            s.old_ca.subject,
            s.old_ca.not_after.date(),
            s.dir.display()
        ));
        for file in &s.planned {
            let action = match file.action {
                crate::issue::summary::Action::Create => "create ",
                crate::issue::summary::Action::Replace => "replace",
                crate::issue::summary::Action::Backup => "keep as",
                crate::issue::summary::Action::Conflict => "conflict",
            };
            text.push_str(&format!("  {action} {}\n", file.path.display()));
        }
    } else {
        let new = s.new_ca.as_ref().map(|c| c.subject.as_str()).unwrap_or("?");
        text.push_str(&format!(
            "milvus-cert rotate-ca: new CA {new} in {}, replacing {}\n",
            s.dir.display(),
            s.old_ca.subject
        ));
        for file in &s.files {
            let detail = match file.name == crate::issue::rotate::BUNDLE_FILE {
                true => "trust bundle: the new CA, then the old one".to_string(),
                false => file_detail(file),
            };
            text.push_str(&format!("  {}  {detail}\n", file.path.display()));
        }
        text.push_str(&backups_text(&s.backups));
    }
    text.push_str("\nRoll it out in three steps:\n");
    for step in &s.next_steps {
        text.push_str(&format!("  {step}\n"));
    }
    text
}
