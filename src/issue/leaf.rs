//! `milvus-cert server` and `milvus-cert client`: a new key, CSR and certificate signed by
//! the directory's CA.

use crate::issue::authority::{Authority, DirLock, recover_pending};
use crate::issue::issuing::{self, ca_outlived, key_format_ok, refuse_clobber};
use crate::issue::plan::IssuePlan;
use crate::issue::summary::{BackupReport, FileReport, IssueSummary};
use crate::pki::LeafBuilder;
use crate::pki::parse::KeyFormat;
use crate::pki::serial::Serial;
use crate::store::passphrase::PassphraseSource;
use crate::store::role::{FileNames, Role, SERIAL_FILE};
use crate::store::{self, FileKind, Keep, OutFile, PlannedWrite, absolute};
use anyhow::Result;

/// The files `server`/`client` write, each replaced one kept as a backup; `serial` is the
/// one the certificate gets (None: a random one, there is no ca.srl yet).
pub fn planned(plan: &IssuePlan, serial: Option<&Serial>) -> Vec<PlannedWrite> {
    let (dir, role) = (&plan.dir, Some(plan.role));
    let names = FileNames::new(&plan.name);
    let hex = serial.map(Serial::hex);
    let files = vec![
        PlannedWrite::new(dir, &names.key, FileKind::PrivateKey, role),
        PlannedWrite::new(dir, &names.csr, FileKind::Csr, role),
        PlannedWrite::new(dir, &names.cert, FileKind::Certificate, role)
            .issued(hex.clone(), Some(plan.validity.not_after)),
        PlannedWrite::new(dir, SERIAL_FILE, FileKind::Serial, None).issued(hex, None),
    ];
    store::with_backups(files, Keep::RegularFiles)
}

/// Runs `server` or `client` for a settled plan (or, with `dry_run`, reports what it
/// would write).
pub fn run(
    plan: &IssuePlan,
    format: KeyFormat,
    dry_run: bool,
    passphrase: &PassphraseSource,
) -> Result<IssueSummary> {
    let dir = plan.dir.as_path();
    let names = FileNames::new(&plan.name);
    let leaf_names = [names.key.as_str(), names.csr.as_str(), names.cert.as_str()];
    let what = format!("{}.{{key,csr,pem}}", plan.name);
    if !dry_run {
        recover_pending(dir)?;
    }
    refuse_clobber(dir, &leaf_names, plan.force, &what)?;
    let mut report = issuing::report(&plan.role.to_string(), dir, dry_run);
    report.warnings = plan.warnings.clone();
    key_format_ok(format, plan.key, false, &mut report.warnings)?;
    if dry_run {
        let authority = Authority::load_with(dir, passphrase)?;
        let serial = authority.start(1)?.as_ref().map(Serial::next).transpose()?;
        report.ca_key_format = Some(authority.key_format);
        report.planned = planned(plan, serial.as_ref());
        return Ok(report);
    }
    // Ask now: not after the slow key generation, nor while holding the lock.
    Authority::ask_passphrase(dir, passphrase)?;
    // Key generation is the slow part: do it before taking the lock.
    let key = issuing::generate(plan.key, 1)?;
    if !dir.is_dir() {
        // Gives the "no CA" message rather than a lock error.
        Authority::load(dir)?;
    }
    let _lock = DirLock::acquire(dir)?;
    let mut authority = Authority::load_with(dir, passphrase)?;
    refuse_clobber(dir, &leaf_names, plan.force, &what)?;
    let serial = authority.next_serial()?;
    let planned = planned(plan, Some(&serial));
    let (subject, sans) = (plan.leaf.subject.clone(), plan.leaf.sans.clone());
    let builder = match plan.role {
        Role::Server => LeafBuilder::server(subject, sans),
        _ => LeafBuilder::client(subject, sans),
    };
    let issued = builder.issue(&key, &authority.ca, plan.validity, &serial)?;
    let made = vec![
        OutFile::secret(names.key.clone(), key.pem(format)?.as_bytes()),
        OutFile::public(names.csr.clone(), issued.csr_pem.clone()),
        OutFile::public(names.cert.clone(), issued.cert_pem.clone()),
        OutFile::public(SERIAL_FILE, serial.to_srl()),
    ];
    store::write_planned(&planned, made, plan.force)?;
    report.warnings.extend(authority.warnings.iter().cloned());
    let abs = absolute(dir);
    report.backups = BackupReport::list(&abs, store::backup_pairs(&planned));
    ca_outlived(
        authority.ca.cert_der(),
        plan.validity.not_after,
        &mut report.warnings,
    );
    report.ca_key_format = Some(authority.key_format);
    let role = plan.role;
    report.files = vec![
        FileReport::key(&abs, role, plan.key)
            .format(format)
            .renamed(&abs, &names.key),
        FileReport::csr(&abs, role).renamed(&abs, &names.csr),
        FileReport::cert(&abs, role, &issued.cert_der)?.renamed(&abs, &names.cert),
        FileReport::serial(&abs, &serial),
    ];
    Ok(report)
}
