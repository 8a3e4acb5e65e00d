//! `milvus-cert rotate-ca`: a new CA, the leaves re-issued from it, and a trust bundle of
//! old and new CA so both generations verify while the change rolls out. The old files
//! are kept under `.old` names; nothing is deleted and nothing of an earlier rotation is
//! overwritten.

use crate::certdir::leaf_files;
use crate::certdir::view::{CertInfo, CertView};
use crate::issue::authority::{Authority, DirLock};
use crate::issue::issuing::parse_certificate_pem;
use crate::issue::issuing::{self, leaf_role, no_san_warning};
use crate::issue::plan::{CaPlan, check_days};
use crate::issue::reuse::{LeafTemplate, csr_for, read_leaf_issued_by, sign_template};
use crate::issue::summary::{BackupReport, FileReport, cert_info};
use crate::pki::parse::KeyFormat;
use crate::pki::serial::Serial;
use crate::pki::{Ca, KeySpec, Validity};
use crate::settings::{Origin, Settings, check_base_name};
use crate::store::passphrase::PassphraseSource;
use crate::store::read::read_input;
pub use crate::store::role::BUNDLE_FILE;
use crate::store::role::{FileNames, Role, SERIAL_FILE};
use crate::store::{self, FileKind, OutFile, PlannedWrite, absolute};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// What `rotate-ca` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct RotateOptions {
    /// Other leaves to re-issue besides server and client.
    pub names: Vec<String>,
    /// Re-issue every leaf the old CA signed.
    pub all: bool,
    /// Encoding of the keys written.
    pub key_format: KeyFormat,
    /// Encrypt the new CA key even if the old one was not.
    pub encrypt: bool,
    /// Only report what would be written.
    pub dry_run: bool,
}

/// The result of `rotate-ca`, for text or `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct RotateSummary {
    /// The CA directory, absolute.
    pub dir: PathBuf,
    /// Whether nothing was written (the JSON envelope's).
    #[serde(skip)]
    pub dry_run: bool,
    /// The CA being replaced.
    pub old_ca: CertInfo,
    /// The new CA (absent in a dry run: no key is made).
    pub new_ca: Option<CertInfo>,
    /// The trust bundle and the CA certificates in it, new first (dry run: absent).
    pub bundle: Option<Bundle>,
    /// Base names of the re-issued leaves.
    pub reissued: Vec<String>,
    /// Leaves the old CA signed that were left alone (they stop verifying at step 3).
    pub not_reissued: Vec<String>,
    /// Files written (empty in a dry run).
    pub files: Vec<FileReport>,
    /// Files that would be written (dry run only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub planned: Vec<PlannedWrite>,
    /// Old files and the names they are kept under (`backups`, as in every command).
    pub backups: Vec<BackupReport>,
    /// Things the user should know.
    pub warnings: Vec<String>,
    /// The roll-out, step by step.
    pub next_steps: Vec<String>,
}

/// The written trust bundle.
#[derive(Debug, Clone, Serialize)]
pub struct Bundle {
    /// Its path.
    pub path: PathBuf,
    /// The CA certificates in it, in file order.
    pub certificates: Vec<CertInfo>,
}

/// One leaf to re-issue, decided.
struct Reissue {
    name: String,
    files: FileNames,
    role: Role,
    template: LeafTemplate,
    validity: Validity,
    spec: KeySpec,
}

/// The CA being replaced.
struct OldCa {
    pem: Vec<u8>,
    der: Vec<u8>,
    info: CertInfo,
    /// The old CA's key algorithm, the new one's unless a key flag is given.
    key: KeySpec,
    /// `ca.key` is missing (lost or leaked: the case rotation is for).
    key_lost: bool,
    /// `ca.key` is encrypted: the new key keeps that protection.
    encrypted: bool,
}

/// Everything a rotation does, decided before any key is made.
struct Rotation {
    dir: PathBuf,
    plan: CaPlan,
    old: OldCa,
    reissue: Vec<Reissue>,
    not_reissued: Vec<String>,
    warnings: Vec<String>,
}

/// Reads the CA being replaced. Only its certificate is needed: a lost ca.key is the
/// case rotation is for (nothing can be issued from that CA any more).
fn old_ca(dir: &Path, passphrase: &PassphraseSource) -> Result<OldCa> {
    let key_lost = store::existing(dir, &[&Role::Ca.key_file()]).is_empty()
        && !store::existing(dir, &[&Role::Ca.cert_file()]).is_empty();
    let encrypted = !key_lost && Authority::load_with(dir, passphrase)?.key_encrypted;
    let pem = read_input(&dir.join(Role::Ca.cert_file()))?;
    let view = CertView::from_pem(&pem, OffsetDateTime::now_utc())
        .map_err(|e| anyhow::anyhow!("ca.pem: {e}"))?;
    Ok(OldCa {
        pem,
        der: view.der,
        info: view.certificate,
        key: view.key,
        key_lost,
        encrypted,
    })
}

/// Settles the rotation: the new CA's key and name, the leaves, the warnings.
fn decide(
    opts: &RotateOptions,
    settings: &Settings,
    old: OldCa,
    now: OffsetDateTime,
) -> Result<Rotation> {
    let mut plan = CaPlan::from_settings(settings, true, now)?;
    let key_given =
        settings.key_type.origin != Origin::Default || settings.key_bits.origin != Origin::Default;
    if !key_given {
        plan.key = old.key.supported()?;
    }
    if plan.ca_cn_given && Some(plan.subject.common_name.as_str()) == cn_of(&old.info.subject) {
        bail!(
            "the new CA needs a CommonName of its own; '{}' is the old CA's (pass another --ca-cn)",
            plan.subject.common_name
        );
    }
    let dir = plan.dir.clone();
    let leaves = choose_leaves(opts, settings, &dir, &old.der)?;
    let mut reissue = Vec::new();
    for name in leaves.0 {
        reissue.push(reissue_of(name, settings, key_given, &dir, &old.der, now)?);
    }
    let mut warnings = plan.warnings.clone();
    for r in &reissue {
        let when = " after the rotation";
        warnings.extend(no_san_warning(
            &r.template,
            &r.files.cert,
            &r.name,
            &dir,
            when,
        ));
    }
    for name in &leaves.1 {
        warnings.push(format!(
            "{} was signed by the old CA and is not re-issued: it stops verifying once the old \
             CA is dropped (step 3); re-issue it from the new CA, keeping a backup, with `{}`",
            leaf_files(&dir, name).cert,
            crate::check::advice::command(&["renew", name], &dir, &[])
        ));
    }
    if old.key_lost {
        warnings.push(format!(
            "{} is missing: the old CA is archived without its key (nothing more can be \
             issued from it, which is what a lost or leaked key calls for)",
            Role::Ca.key_file()
        ));
    }
    Ok(Rotation {
        dir,
        plan,
        old,
        reissue,
        not_reissued: leaves.1,
        warnings,
    })
}

/// The files a rotation writes: first the old generation under `.old` names, then the
/// new CA, the bundle, the re-issued leaves and `ca.srl`.
fn planned(r: &Rotation) -> Vec<PlannedWrite> {
    let dir = &r.dir;
    let ca = Some(Role::Ca);
    let mut new = vec![
        PlannedWrite::new(dir, &Role::Ca.key_file(), FileKind::PrivateKey, ca),
        PlannedWrite::new(dir, &Role::Ca.cert_file(), FileKind::Certificate, ca)
            .issued(None, Some(r.plan.validity.not_after)),
        PlannedWrite::new(dir, BUNDLE_FILE, FileKind::Certificate, ca),
    ];
    for leaf in &r.reissue {
        let (names, role) = (&leaf.files, Some(leaf.role));
        new.extend([
            PlannedWrite::new(dir, &names.key, FileKind::PrivateKey, role),
            PlannedWrite::new(dir, &names.csr, FileKind::Csr, role),
            PlannedWrite::new(dir, &names.cert, FileKind::Certificate, role)
                .issued(None, Some(leaf.validity.not_after)),
        ]);
    }
    new.push(PlannedWrite::new(dir, SERIAL_FILE, FileKind::Serial, None));
    // First the old generation under .old names: the CA (its key unless lost), its
    // ca.srl, then each leaf file there is; the bundle is new.
    let kept = |w: &PlannedWrite| match w.name.as_str() {
        name if name == Role::Ca.key_file() => !r.old.key_lost,
        name if name == Role::Ca.cert_file() => true,
        BUNDLE_FILE => false,
        name => dir.join(name).exists(),
    };
    let (srl, rest) = new.split_last().expect("ca.srl is planned");
    let (ca, leaves) = rest.split_at(3);
    let mut planned: Vec<PlannedWrite> = ca
        .iter()
        .chain([srl])
        .chain(leaves)
        .filter(|w| kept(w))
        .map(|w| w.backup(&crate::store::role::archived(&w.name)))
        .collect();
    planned.extend(new);
    planned
}

/// An earlier rotation's files are never overwritten: the user archives them first.
fn refuse_earlier_rotation(planned: &[PlannedWrite], dir: &Path) -> Result<()> {
    let mut in_the_way: Vec<&str> = planned
        .iter()
        .filter(|w| w.backup_of.is_some())
        .map(|w| w.name.as_str())
        .collect();
    in_the_way.push(BUNDLE_FILE);
    if let Some(path) = store::existing(dir, &in_the_way).first() {
        bail!(
            "'{}' exists, from an earlier rotation; move the old generation away first \
             (e.g. mkdir {d}/archive && mv {d}/*.old.* {d}/{BUNDLE_FILE} {d}/archive/) \
             (nothing was written)",
            path.display(),
            d = crate::check::advice::quote(&dir.display().to_string())
        );
    }
    Ok(())
}

/// Runs `rotate-ca` (or, with `dry_run`, reports what it would write).
pub fn run(
    opts: &RotateOptions,
    settings: &Settings,
    passphrase: &PassphraseSource,
) -> Result<RotateSummary> {
    let dir = settings.dir.value.clone();
    for name in &opts.names {
        check_base_name("NAME", name)?;
    }
    let lock = if opts.dry_run {
        None
    } else {
        if !dir.is_dir() {
            Authority::load(&dir)?;
        }
        // Ask now, not while holding the lock (an encrypted old key's passphrase is kept
        // for the new key too).
        Authority::ask_passphrase(&dir, passphrase)?;
        if opts.encrypt {
            passphrase.for_new(&Role::Ca.key_file())?;
        }
        Some(DirLock::acquire(&dir)?)
    };
    let rotation = decide(opts, settings, old_ca(&dir, passphrase)?, issuing::now())?;
    let planned = planned(&rotation);
    refuse_earlier_rotation(&planned, &dir)?;
    let mut summary = summary(&rotation, &planned, opts.dry_run);
    if opts.dry_run {
        summary.planned = planned;
        return Ok(summary);
    }
    let made = new_generation(rotation, opts, passphrase, &mut summary)?;
    // Replaces the CA files it backed up above; the directory checks of every writer hold.
    store::write_planned(&planned, made, false)?;
    drop(lock);
    Ok(summary)
}

/// The report, before anything is made.
fn summary(r: &Rotation, planned: &[PlannedWrite], dry_run: bool) -> RotateSummary {
    let abs = absolute(&r.dir);
    let reissued: Vec<String> = r.reissue.iter().map(|l| l.name.clone()).collect();
    RotateSummary {
        next_steps: next_steps(&abs, &reissued),
        dir: abs.clone(),
        dry_run,
        old_ca: r.old.info.clone(),
        new_ca: None,
        bundle: None,
        reissued,
        not_reissued: r.not_reissued.clone(),
        files: Vec::new(),
        planned: Vec::new(),
        backups: BackupReport::list(&abs, store::backup_pairs(planned)),
        warnings: r.warnings.clone(),
    }
}

/// The new CA key, protected as the old one was (same passphrase), or as asked.
fn new_ca_key(
    ca: &Ca,
    old_encrypted: bool,
    opts: &RotateOptions,
    dir: &Path,
    passphrase: &PassphraseSource,
) -> Result<zeroize::Zeroizing<String>> {
    let format = opts.key_format;
    if (old_encrypted || opts.encrypt) && format != KeyFormat::Pkcs8 {
        bail!(
            "--key-format {} cannot hold an encrypted CA key (always PKCS#8); \
             pass --key-format pkcs8 (nothing was written)",
            format!("{format:?}").to_lowercase()
        );
    }
    let key_file = Role::Ca.key_file();
    Ok(if old_encrypted {
        let pass = passphrase.for_existing(&dir.join(&key_file))?;
        crate::pki::protect::encrypt_pem(&ca.key_pem(), pass)?
    } else if opts.encrypt {
        crate::pki::protect::encrypt_pem(&ca.key_pem(), passphrase.for_new(&key_file)?)?
    } else {
        crate::pki::keys::encode_key(&ca.key_pem(), format)?
    })
}

/// Makes the new CA and the re-issued leaves, in the order [`planned`] lists them (the
/// `.old` copies are store's to make), and fills in the report.
fn new_generation(
    r: Rotation,
    opts: &RotateOptions,
    passphrase: &PassphraseSource,
    summary: &mut RotateSummary,
) -> Result<Vec<OutFile>> {
    let abs = summary.dir.clone();
    let key = issuing::generate(r.plan.key, 1 + r.reissue.len())?;
    let ca = issuing::new_ca(&r.plan.subject, r.plan.ca_cn_given, r.plan.validity, key)?;
    let new_info = cert_info(ca.cert_der())?;
    if cn_of(&new_info.subject) == cn_of(&r.old.info.subject) {
        bail!("the new CA's name equals the old CA's; pass --ca-cn NAME (nothing was written)");
    }
    let format = opts.key_format;
    crate::pki::keys::check_key_format(format, ca.key_spec())?;
    summary
        .warnings
        .extend(crate::pki::keys::key_format_warning(format));
    let encrypted = r.old.encrypted || opts.encrypt;
    let key_pem = new_ca_key(&ca, r.old.encrypted, opts, &r.dir, passphrase)?;
    let mut bundle = ca.cert_pem().as_bytes().to_vec();
    if !bundle.ends_with(b"\n") {
        bundle.push(b'\n');
    }
    bundle.extend_from_slice(&r.old.pem);
    let mut made = vec![
        OutFile::secret(Role::Ca.key_file(), key_pem.as_str()),
        OutFile::public(Role::Ca.cert_file(), ca.cert_pem()),
        OutFile::public(BUNDLE_FILE, bundle),
    ];
    summary.files = vec![
        FileReport::key(&abs, Role::Ca, ca.key_spec())
            .encrypted(encrypted)
            .format(format),
        FileReport::cert(&abs, Role::Ca, ca.cert_der())?,
        FileReport::cert(&abs, Role::Ca, ca.cert_der())?.renamed(&abs, BUNDLE_FILE),
    ];
    // ca.srl restarts at a random value: the new CA has issued nothing yet.
    let mut last = Serial::random()?;
    for leaf in r.reissue {
        last = last.next()?;
        made.extend(reissue_leaf(leaf, &ca, &new_info, &last, format, summary)?);
    }
    made.push(OutFile::public(SERIAL_FILE, last.to_srl()));
    summary.files.push(FileReport::serial(&abs, &last));
    summary.new_ca = Some(new_info.clone());
    summary.bundle = Some(Bundle {
        path: abs.join(BUNDLE_FILE),
        certificates: vec![new_info, r.old.info],
    });
    Ok(made)
}

/// One leaf from the new CA: its key, CSR and certificate.
fn reissue_leaf(
    leaf: Reissue,
    ca: &Ca,
    ca_info: &CertInfo,
    serial: &Serial,
    format: KeyFormat,
    summary: &mut RotateSummary,
) -> Result<[OutFile; 3]> {
    let (abs, names) = (summary.dir.clone(), leaf.files.clone());
    crate::pki::keys::check_key_format(format, leaf.spec)?;
    let key = issuing::generate(leaf.spec, 1)?;
    let mut template = leaf.template;
    template.spki = rcgen::PublicKeyData::subject_public_key_info(key.pair());
    template.spec = key.spec();
    let signed = sign_template(&template, ca, leaf.validity, serial)?;
    if ca_info.not_after + time::Duration::DAY < leaf.validity.not_after {
        summary.warnings.push(format!(
            "the new CA expires on {}, before {}; it stops verifying then",
            ca_info.not_after.date(),
            names.cert
        ));
    }
    summary.files.extend([
        FileReport::key(&abs, leaf.role, key.spec())
            .format(format)
            .renamed(&abs, &names.key),
        FileReport::csr(&abs, leaf.role).renamed(&abs, &names.csr),
        FileReport::cert(&abs, leaf.role, &signed.der)?.renamed(&abs, &names.cert),
    ]);
    Ok([
        OutFile::secret(names.key.clone(), key.pem(format)?.as_bytes()),
        OutFile::public(names.csr.clone(), csr_for(&template, &key)?),
        OutFile::public(names.cert.clone(), signed.pem.clone()),
    ])
}

fn cn_of(subject: &str) -> Option<&str> {
    subject
        .split(", ")
        .filter_map(|part| part.strip_prefix("CN="))
        .last()
}

/// Which leaves to re-issue (server and client when present, plus NAMEs or, with --all,
/// every leaf the old CA signed), and which leaves of the old CA stay as they are.
fn choose_leaves(
    opts: &RotateOptions,
    settings: &Settings,
    dir: &Path,
    old: &[u8],
) -> Result<(Vec<String>, Vec<String>)> {
    let has_cert = |name: &str| dir.join(leaf_files(dir, name).cert).exists();
    let mut names: Vec<String> = [&settings.server_name.value, &settings.client_name.value]
        .into_iter()
        .filter(|n| has_cert(n))
        .cloned()
        .collect();
    for name in &opts.names {
        if !has_cert(name) {
            bail!(
                "'{}' does not exist; name the leaves to re-issue by their base name (app1 for app1.pem)",
                dir.join(leaf_files(dir, name).cert).display()
            );
        }
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let signed_by_old = signed_leaves(dir, old);
    if opts.all {
        for name in &signed_by_old {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    let not_reissued = signed_by_old
        .into_iter()
        .filter(|n| !names.contains(n))
        .collect();
    Ok((names, not_reissued))
}

/// Decides the re-issue of the leaf `name`: its names, lifetime, key algorithm.
fn reissue_of(
    name: String,
    settings: &Settings,
    key_given: bool,
    dir: &Path,
    old: &[u8],
    now: OffsetDateTime,
) -> Result<Reissue> {
    let files = leaf_files(dir, &name);
    let cert_path = dir.join(&files.cert);
    let bytes = read_input(&cert_path)?;
    let mut leaf = parse_certificate_pem(&bytes)
        .and_then(|der| read_leaf_issued_by(&der, &[old]))
        .with_context(|| format!("cannot re-issue '{}'", cert_path.display()))?;
    let days = match settings.days.origin {
        Origin::Default => leaf.days,
        _ => settings.days.value,
    };
    check_days(&settings.days.origin.label("days"), days)?;
    // No CN-only certificate comes out of a rotation either.
    leaf.template.keep_names(&name, None, &[])?;
    let spec = match key_given {
        true => crate::issue::plan::key_spec(settings)?,
        false => leaf.template.spec,
    };
    Ok(Reissue {
        role: leaf_role(&leaf.template.ekus),
        name,
        files,
        spec,
        validity: Validity::days_from(now, days),
        template: leaf.template,
    })
}

/// Base names of the leaves in `dir` that `old` signed: the certificate files of
/// [`crate::certdir::cert_files`] (so `app.crt` too), not the CA's own, not the bundle.
fn signed_leaves(dir: &Path, old: &[u8]) -> Vec<String> {
    let Ok(files) = crate::certdir::cert_files(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = files
        .into_iter()
        .filter_map(|(file, path)| {
            let name = file.rsplit_once('.')?.0.to_string();
            if name == Role::Ca.default_name() || file == BUNDLE_FILE {
                return None;
            }
            let bytes = read_input(&path).ok()?;
            let der = parse_certificate_pem(&bytes).ok()?;
            read_leaf_issued_by(&der, &[old]).ok().map(|_| name)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The three-step roll-out, with this directory's file names.
fn next_steps(dir: &Path, reissued: &[String]) -> Vec<String> {
    let bundle = dir.join(BUNDLE_FILE);
    let leaves = if reissued.is_empty() {
        "the leaves".to_string()
    } else {
        reissued
            .iter()
            .map(|n| leaf_files(dir, n).cert)
            .collect::<Vec<_>>()
            .join(", ")
    };
    vec![
        format!(
            "1. Distribute the bundle: wherever ca.pem is trusted (Milvus tls.caPemPath, every \
             client's CA file), install {} instead, and restart or roll the proxies; both \
             generations are accepted from now on",
            bundle.display()
        ),
        format!(
            "2. Swap the leaves: install the new {leaves} and their keys on the servers and \
             clients (old ones stay valid meanwhile); check with `{}`",
            crate::check::advice::quote_all(&[
                crate::check::advice::PROGRAM,
                "verify",
                &dir.display().to_string(),
                "--ca",
                &bundle.display().to_string(),
            ])
        ),
        format!(
            "3. Drop the old CA: once nothing uses the old leaves, trust the new ca.pem only, \
             restart again, and archive the *.old.* files and {BUNDLE_FILE}"
        ),
    ]
}
