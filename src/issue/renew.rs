//! `milvus-cert renew`: re-issues certificates from the directory's CA, keeping their
//! names (and, with `--keep-key`, their keys); every replaced file is kept as a backup.

use crate::certdir::leaf_files;
use crate::issue::authority::{Authority, DirLock, recover_pending};
use crate::issue::issuing::parse_certificate_pem;
use crate::issue::issuing::{self, ca_outlived, leaf_role, no_san_warning};
use crate::issue::plan::check_days;
use crate::issue::reuse::{LeafTemplate, OldLeaf, csr_for, read_leaf_issued_by, sign_template};
use crate::issue::summary::{BackupReport, FileReport, IssueSummary};
use crate::pki::parse::{KeyFormat, parse_private_key};
use crate::pki::serial::Serial;
use crate::pki::{KeySpec, KeyType, PrivateKey, Validity};
use crate::settings::{Origin, Settings, check_base_name};
use crate::store::passphrase::PassphraseSource;
use crate::store::read::read_input;
use crate::store::role::{FileNames, Role, SERIAL_FILE};
use crate::store::{self, FileKind, Keep, OutFile, PlannedWrite, absolute};
use anyhow::{Context, Result, bail};
use rcgen::PublicKeyData;
use std::path::Path;

/// What `renew` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct RenewOptions {
    /// Base names to renew (none: server and client where they exist).
    pub names: Vec<String>,
    /// A new CommonName.
    pub cn: Option<String>,
    /// subjectAltNames to add.
    pub sans: Vec<String>,
    /// Keep each certificate's key.
    pub keep_key: bool,
    /// Algorithm of the new keys (None: each old key's).
    pub key_type: Option<KeyType>,
    /// RSA size of the new keys.
    pub key_bits: Option<u32>,
    /// Encoding of the new keys.
    pub key_format: KeyFormat,
    /// Replace a symbolic link at a target (the link itself).
    pub force: bool,
    /// Only report what would be written.
    pub dry_run: bool,
}

/// One certificate to renew, decided.
struct Renewal {
    name: String,
    role: Role,
    template: LeafTemplate,
    validity: Validity,
    key: Option<PrivateKey>,
    spec: KeySpec,
    write_csr: bool,
}

/// The base names `renew` works on: the NAMEs given, else server and client where they
/// exist (only server with --cn/--san, which name one certificate).
fn renew_names(opts: &RenewOptions, settings: &Settings, dir: &Path) -> Result<Vec<String>> {
    let renaming = opts.cn.is_some() || !opts.sans.is_empty();
    if renaming && opts.names.len() > 1 {
        bail!("--cn and --san name one certificate; renew one NAME at a time");
    }
    for name in &opts.names {
        check_base_name("NAME", name)?;
    }
    if !opts.names.is_empty() {
        return Ok(opts.names.clone());
    }
    let init = || crate::check::advice::command(&["init"], dir, &[]);
    if !dir.is_dir() {
        bail!(
            "'{}' is not a directory; make certificates there with `{}`, or pass the directory that holds them with --dir",
            dir.display(),
            init()
        );
    }
    let server = settings.server_name.value.clone();
    let mut names = vec![server.clone()];
    if !renaming {
        names.push(settings.client_name.value.clone());
    }
    names.retain(|n| dir.join(leaf_files(dir, n).cert).exists());
    if names.is_empty() {
        bail!(
            "nothing to renew in '{}': no {server}.pem or client.pem; name the certificate to renew (`milvus-cert renew NAME`), or make new ones with `{}`",
            dir.display(),
            init()
        );
    }
    Ok(names)
}

/// The algorithm of the new keys: `--key-type`/`--key-bits`, else each old key's.
fn new_spec(opts: &RenewOptions) -> Result<Option<KeySpec>> {
    if opts.keep_key && (opts.key_type.is_some() || opts.key_bits.is_some()) {
        bail!("--keep-key keeps the old key, so --key-type and --key-bits do not apply");
    }
    Ok(match opts.key_type {
        Some(kt) => Some(KeySpec::new(kt, opts.key_bits)?),
        None if opts.key_bits.is_some() => Some(KeySpec::new(KeyType::Rsa, opts.key_bits)?),
        None => None,
    })
}

/// Reads a leaf to renew: issued by the directory's CA, or by the CA `rotate-ca`
/// archived as ca.old.pem (a leaf that rotation skipped moves to the new CA).
fn read_renewable(der: &[u8], authority: &Authority, dir: &Path) -> Result<OldLeaf> {
    let archived = FileNames::new(Role::Ca.default_name()).archived().cert;
    let old_ca = read_input(&dir.join(archived))
        .ok()
        .and_then(|pem| parse_certificate_pem(&pem).ok());
    let mut issuers: Vec<&[u8]> = vec![authority.ca.cert_der()];
    issuers.extend(old_ca.as_deref());
    read_leaf_issued_by(der, &issuers)
}

/// The key `--keep-key` keeps for `cert_path`: it must be that certificate's.
fn kept_key(key_path: &Path, cert_path: &Path, old: &OldLeaf) -> Result<PrivateKey> {
    let pem = zeroize::Zeroizing::new(read_input(key_path)?);
    let parsed =
        parse_private_key(&pem).with_context(|| format!("cannot keep '{}'", key_path.display()))?;
    if parsed.key.pair().subject_public_key_info() != old.template.spki {
        bail!(
            "cannot keep '{}': it is not the key of '{}'",
            key_path.display(),
            cert_path.display()
        );
    }
    Ok(parsed.key)
}

/// Decides the renewal of `name`; a kept key's loose mode adds a warning.
fn decide(
    name: &str,
    ctx: (&RenewOptions, &Settings, &Authority, &Path),
    new_spec: Option<KeySpec>,
    warnings: &mut Vec<String>,
) -> Result<Renewal> {
    let (opts, settings, authority, dir) = ctx;
    let files = leaf_files(dir, name);
    let cert_path = dir.join(&files.cert);
    let bytes = read_input(&cert_path)?;
    let mut old = parse_certificate_pem(&bytes)
        .and_then(|der| read_renewable(&der, authority, dir))
        .with_context(|| format!("cannot renew '{}'", cert_path.display()))?;
    old.template
        .keep_names(name, opts.cn.as_deref(), &opts.sans)?;
    let days = match settings.days.origin {
        Origin::Default => old.days,
        _ => settings.days.value,
    };
    check_days(&settings.days.origin.label("days"), days)?;
    let key = if opts.keep_key {
        let key_path = dir.join(&files.key);
        warnings.extend(store::loose_key_warning(&key_path));
        Some(kept_key(&key_path, &cert_path, &old)?)
    } else {
        None
    };
    Ok(Renewal {
        write_csr: !opts.keep_key || dir.join(&files.csr).exists(),
        name: name.to_string(),
        role: leaf_role(&old.template.ekus),
        spec: new_spec.unwrap_or(old.template.spec),
        validity: Validity::days_from(issuing::now(), days),
        template: old.template,
        key,
    })
}

/// The files `renew` writes, backups first: per certificate the certificate, its new key
/// and CSR, then `ca.srl`. `serials` are the ones the certificates get, in order.
fn planned(dir: &Path, renewals: &[Renewal], serials: &[Option<Serial>]) -> Vec<PlannedWrite> {
    let mut files = Vec::new();
    for (r, serial) in renewals.iter().zip(serials) {
        let names = leaf_files(dir, &r.name);
        let role = Some(r.role);
        files.push(
            PlannedWrite::new(dir, &names.cert, FileKind::Certificate, role)
                .issued(serial.as_ref().map(Serial::hex), Some(r.validity.not_after)),
        );
        if r.key.is_none() {
            files.push(PlannedWrite::new(
                dir,
                &names.key,
                FileKind::PrivateKey,
                role,
            ));
        }
        if r.write_csr {
            files.push(PlannedWrite::new(dir, &names.csr, FileKind::Csr, role));
        }
    }
    let last = serials.last().cloned().flatten();
    files.push(
        PlannedWrite::new(dir, SERIAL_FILE, FileKind::Serial, None)
            .issued(last.as_ref().map(Serial::hex), None),
    );
    store::with_backups(files, Keep::All)
}

/// The warnings the renewals call for: no SAN, a weak new key.
fn renewal_warnings(renewals: &[Renewal], dir: &Path, warnings: &mut Vec<String>) {
    for r in renewals {
        let cert = leaf_files(dir, &r.name).cert;
        warnings.extend(no_san_warning(
            &r.template,
            &cert,
            &r.name,
            &absolute(dir),
            "",
        ));
        if let Some(w) = r.spec.compatibility_warning()
            && r.key.is_none()
        {
            warnings.push(w.to_string());
        }
    }
}

/// Runs `renew` (or, with `dry_run`, reports what it would write).
pub fn run(
    opts: &RenewOptions,
    settings: &Settings,
    passphrase: &PassphraseSource,
) -> Result<IssueSummary> {
    let dir = settings.dir.value.clone();
    let new_spec = new_spec(opts)?;
    let names = renew_names(opts, settings, &dir)?;
    let lock = if opts.dry_run {
        None
    } else {
        recover_pending(&dir)?;
        if !dir.is_dir() {
            Authority::load(&dir)?;
        }
        Authority::ask_passphrase(&dir, passphrase)?;
        Some(DirLock::acquire(&dir)?)
    };
    let mut authority = Authority::load_with(&dir, passphrase)?;
    let mut report = issuing::report("renew", &dir, opts.dry_run);
    report.ca_key_format = Some(authority.key_format);
    report.warnings = authority.warnings.clone();
    let ctx = (opts, settings, &authority, dir.as_path());
    let renewals = names
        .iter()
        .map(|name| decide(name, ctx, new_spec, &mut report.warnings))
        .collect::<Result<Vec<_>>>()?;
    renewal_warnings(&renewals, &dir, &mut report.warnings);
    if opts.dry_run {
        let mut serial = authority.last.clone();
        let mut serials = Vec::new();
        for _ in &renewals {
            serial = serial.map(|s| s.next()).transpose()?;
            serials.push(serial.clone());
        }
        report.planned = planned(&dir, &renewals, &serials);
        return Ok(report);
    }
    let serials = renewals
        .iter()
        .map(|_| authority.next_serial().map(Some))
        .collect::<Result<Vec<_>>>()?;
    let planned = planned(&dir, &renewals, &serials);
    let made = reissue(renewals, &serials, &authority, opts, &mut report)?;
    store::write_planned(&planned, made, opts.force)?;
    drop(lock);
    report.backups = BackupReport::list(&absolute(&dir), store::backup_pairs(&planned));
    Ok(report)
}

/// Makes the new keys, CSRs and certificates, in the order [`planned`] lists them, and
/// their reports.
fn reissue(
    renewals: Vec<Renewal>,
    serials: &[Option<Serial>],
    authority: &Authority,
    opts: &RenewOptions,
    report: &mut IssueSummary,
) -> Result<Vec<OutFile>> {
    let abs = report.dir.clone();
    let mut made = Vec::new();
    for (r, serial) in renewals.into_iter().zip(serials.iter().flatten()) {
        let files = leaf_files(&abs, &r.name);
        let new_key = r.key.is_none();
        let key = match r.key {
            Some(key) => key,
            None => issuing::generate(r.spec, 1)?,
        };
        let mut template = r.template;
        template.spki = key.pair().subject_public_key_info();
        template.spec = key.spec();
        let signed = sign_template(&template, &authority.ca, r.validity, serial)?;
        made.push(OutFile::public(files.cert.clone(), signed.pem.clone()));
        let cert = FileReport::cert(&abs, r.role, &signed.der)?.renamed(&abs, &files.cert);
        if new_key {
            issuing::key_format_ok(opts.key_format, key.spec(), false, &mut report.warnings)?;
            made.push(OutFile::secret(
                files.key.clone(),
                key.pem(opts.key_format)?.as_bytes(),
            ));
            report.files.push(
                FileReport::key(&abs, r.role, key.spec())
                    .format(opts.key_format)
                    .renamed(&abs, &files.key),
            );
        }
        if r.write_csr {
            made.push(OutFile::public(
                files.csr.clone(),
                csr_for(&template, &key)?,
            ));
            report
                .files
                .push(FileReport::csr(&abs, r.role).renamed(&abs, &files.csr));
        }
        report.files.push(cert);
        ca_outlived(
            authority.ca.cert_der(),
            r.validity.not_after,
            &mut report.warnings,
        );
    }
    if let Some(last) = serials.last().cloned().flatten() {
        made.push(OutFile::public(SERIAL_FILE, last.to_srl()));
        report.files.push(FileReport::serial(&abs, &last));
    }
    Ok(made)
}
