//! `milvus-cert ca`: a new CA (`ca.key`, `ca.pem`, `ca.srl`) in a directory.

use crate::issue::authority::{DirLock, recover_pending};
use crate::issue::issuing::{self, key_format_ok, refuse_clobber};
use crate::issue::plan::CaPlan;
use crate::issue::summary::{BackupReport, FileReport, IssueSummary};
use crate::pki::parse::KeyFormat;
use crate::pki::serial::Serial;
use crate::store::passphrase::PassphraseSource;
use crate::store::role::{Role, SERIAL_FILE};
use crate::store::{self, FileKind, Keep, OutFile, PlannedWrite, absolute};
use anyhow::Result;

/// How `ca` writes the CA key.
#[derive(Debug, Clone, Copy)]
pub struct CaOptions {
    /// Encoding of an unencrypted key.
    pub key_format: KeyFormat,
    /// Encrypt the key with a passphrase.
    pub encrypt: bool,
    /// Only report what would be written.
    pub dry_run: bool,
}

/// The files `ca` writes: a replaced CA is kept whole (`ca.key.bak`, `ca.pem.bak`,
/// `ca.srl.bak`): losing a CA key cannot be undone.
pub fn planned(plan: &CaPlan) -> Vec<PlannedWrite> {
    let dir = &plan.dir;
    let ca = Some(Role::Ca);
    let files = vec![
        PlannedWrite::new(dir, &Role::Ca.key_file(), FileKind::PrivateKey, ca),
        PlannedWrite::new(dir, &Role::Ca.cert_file(), FileKind::Certificate, ca)
            .issued(None, Some(plan.validity.not_after)),
        PlannedWrite::new(dir, SERIAL_FILE, FileKind::Serial, None),
    ];
    store::with_backups(files, Keep::WithSerial)
}

fn names() -> [String; 3] {
    [
        Role::Ca.key_file(),
        Role::Ca.cert_file(),
        SERIAL_FILE.to_string(),
    ]
}

/// Runs `ca` for a settled plan (or, with `dry_run`, reports what it would write).
pub fn run(plan: &CaPlan, opts: CaOptions, passphrase: &PassphraseSource) -> Result<IssueSummary> {
    let dir = plan.dir.as_path();
    let names = names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    if !opts.dry_run {
        recover_pending(dir)?;
    }
    let what = "the CA (certificates it signed will stop verifying)";
    refuse_clobber(dir, &names, plan.force, what)?;
    let mut warnings = plan.warnings.clone();
    key_format_ok(opts.key_format, plan.key, opts.encrypt, &mut warnings)?;
    if opts.dry_run {
        return Ok(issuing::dry_run("ca", dir, planned(plan), warnings));
    }
    // Ask before the slow key generation, so a missing passphrase fails fast.
    let protect_with = match opts.encrypt {
        true => Some(passphrase.for_new(names[0])?),
        false => None,
    };
    store::ensure_dir(dir, true)?;
    let _lock = DirLock::acquire(dir)?;
    refuse_clobber(dir, &names, plan.force, "the CA")?;
    let planned = planned(plan);
    let key = issuing::generate(plan.key, 1)?;
    let ca = issuing::new_ca(&plan.subject, plan.ca_cn_given, plan.validity, key)?;
    // No certificate has been issued: ca.srl starts at a random value that no certificate
    // carries, so `openssl x509 -CAserial ca.srl` and milvus-cert both continue from it.
    let start = Serial::random()?;
    let key_pem = match protect_with {
        Some(pass) => crate::pki::protect::encrypt_pem(&ca.key_pem(), pass)?,
        None => crate::pki::keys::encode_key(&ca.key_pem(), opts.key_format)?,
    };
    let made = vec![
        OutFile::secret(names[0], key_pem.as_str()),
        OutFile::public(names[1], ca.cert_pem()),
        OutFile::public(names[2], start.to_srl()),
    ];
    store::write_planned(&planned, made, plan.force)?;
    let abs = absolute(dir);
    let mut report = issuing::report("ca", dir, false);
    report.backups = BackupReport::list(&abs, store::backup_pairs(&planned));
    report.warnings = warnings;
    if !report.backups.is_empty() {
        report.warnings.push(format!(
            "replaced the CA in {}: certificates the old CA signed no longer verify against ca.pem; \
             issue new ones (milvus-cert server --force, milvus-cert client --force)",
            abs.display()
        ));
    }
    report.ca_key_format = Some(opts.key_format);
    report.files = vec![
        FileReport::key(&abs, Role::Ca, ca.key_spec())
            .encrypted(opts.encrypt)
            .format(opts.key_format),
        FileReport::cert(&abs, Role::Ca, ca.cert_der())?,
        FileReport::serial(&abs, &start),
    ];
    Ok(report)
}
