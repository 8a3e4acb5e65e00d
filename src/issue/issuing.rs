//! What the issuing commands share: the report they start from, the clobber check, a new
//! CA, a re-issued leaf's role, and the warnings every one of them gives alike.

use crate::issue::plan::CA_CN_PREFIX;
use crate::issue::reuse::{Ekus, LeafTemplate};
use crate::issue::summary::IssueSummary;
use crate::pki::parse::KeyFormat;
use crate::pki::serial::Serial;
use crate::pki::{Ca, CaBuilder, KeySpec, PrivateKey, Subject, Validity};
use crate::store::role::Role;
use crate::store::{self, PlannedWrite, absolute};
use anyhow::{Result, anyhow, bail};
use rustls_pki_types::CertificateDer;
use std::path::Path;
use time::OffsetDateTime;

/// The time every decision of one run is taken at.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// An empty report of `command` on `dir`.
pub fn report(command: &str, dir: &Path, dry_run: bool) -> IssueSummary {
    IssueSummary {
        command: command.to_string(),
        dir: absolute(dir),
        dry_run,
        ca_key_format: None,
        files: Vec::new(),
        planned: Vec::new(),
        backups: Vec::new(),
        warnings: Vec::new(),
    }
}

/// The `--dry-run` report: the planned-write list, as the real run would hand it to
/// `store`.
pub fn dry_run(
    command: &str,
    dir: &Path,
    planned: Vec<PlannedWrite>,
    warnings: Vec<String>,
) -> IssueSummary {
    IssueSummary {
        planned,
        warnings,
        ..report(command, dir, true)
    }
}

/// Refuses, before any work, to overwrite `names` in `dir` without `--force`.
pub fn refuse_clobber(dir: &Path, names: &[&str], force: bool, what: &str) -> Result<()> {
    if !force && let Some(path) = store::existing(dir, names).first() {
        store::refuse_link(path)?;
        bail!(
            "'{}' already exists; pass --force to replace {what}",
            path.display()
        );
    }
    Ok(())
}

/// Warns when the CA expires before a new certificate.
pub fn ca_outlived(ca_der: &[u8], not_after: OffsetDateTime, warnings: &mut Vec<String>) {
    // A day of slack: a CA made moments earlier with the same --days is not "before".
    if let Ok(info) = crate::issue::summary::cert_info(ca_der)
        && info.not_after + time::Duration::DAY < not_after
    {
        warnings.push(format!(
            "the CA expires on {}, before the new certificate; it stops verifying then",
            info.not_after.date()
        ));
    }
}

/// Adds `warning` unless it is already there.
pub fn push_once(warnings: &mut Vec<String>, warning: String) {
    if !warnings.contains(&warning) {
        warnings.push(warning);
    }
}

/// Checks `--key-format` against the key algorithm (and against `--encrypt-ca-key`, whose
/// keys are always encrypted PKCS#8) and adds the Java SDK warning.
pub fn key_format_ok(
    format: KeyFormat,
    spec: KeySpec,
    encrypt: bool,
    warnings: &mut Vec<String>,
) -> Result<()> {
    crate::pki::keys::check_key_format(format, spec)?;
    if encrypt && format != KeyFormat::Pkcs8 {
        bail!(
            "--encrypt-ca-key writes an encrypted PKCS#8 key; it cannot be combined with --key-format pkcs1 or sec1"
        );
    }
    if let Some(warning) = crate::pki::keys::key_format_warning(format) {
        push_once(warnings, warning);
    }
    Ok(())
}

/// A new CA: `subject`, whose CommonName gets a short id from the CA's serial unless
/// the user chose one (two CAs are then told apart by name).
pub fn new_ca(
    subject: &Subject,
    cn_given: bool,
    validity: Validity,
    key: PrivateKey,
) -> Result<Ca> {
    let serial = Serial::random()?;
    let mut subject = subject.clone();
    if !cn_given {
        subject.common_name = format!("{CA_CN_PREFIX} {}", &serial.hex()[..8]);
    }
    CaBuilder::new(subject, validity, serial).build(key)
}

/// What a re-issued leaf is, from its extended key usage: a server unless it is for
/// clients only.
pub fn leaf_role(ekus: &Ekus) -> Role {
    if ekus.server || !ekus.client {
        Role::Server
    } else {
        Role::Client
    }
}

/// The warning for a re-issued leaf without subjectAltName, with the `renew` that adds one.
pub fn no_san_warning(
    template: &LeafTemplate,
    cert_file: &str,
    name: &str,
    dir: &Path,
    when: &str,
) -> Option<String> {
    template.sans.is_empty().then(|| {
        format!(
            "{cert_file} has no subjectAltName; only its legacy CommonName can match a server name \
             (Go refuses that): add one{when} with `{}`",
            crate::check::advice::command(&["renew", name], dir, &["--san", "NAME"])
        )
    })
}

/// Makes a key, showing progress: the slow part of every issuing command.
pub fn generate(spec: KeySpec, count: usize) -> Result<PrivateKey> {
    let _progress = crate::issue::issuing::key_progress(spec, count);
    spec.generate()
}

/// Parses the first PEM certificate in `pem` (the one PEM reader's rule,
/// [`crate::certdir::items::first_pem_certificate`]).
pub fn parse_certificate_pem(pem: &[u8]) -> Result<CertificateDer<'static>> {
    crate::certdir::items::first_pem_certificate(pem)
        .map(CertificateDer::from)
        .map_err(|e| anyhow!(e))
}

/// A spinner while `count` keys of `spec` are made, only for the slow ones (RSA 3072 and
/// 4096 take seconds); fast keys get none, so nothing flickers.
pub fn key_progress(spec: crate::pki::KeySpec, count: usize) -> crate::terminal::Progress {
    match spec {
        crate::pki::KeySpec::Rsa(bits) if bits >= 3072 => {
            let plural = if count == 1 { "key" } else { "keys" };
            crate::terminal::Progress::start(&format!("generating {count} RSA-{bits} {plural}"))
        }
        _ => crate::terminal::Progress::none(),
    }
}
