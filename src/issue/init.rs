//! `milvus-cert init`: plan → keys (in parallel) → CA → leaves → one atomic write.

use crate::issue::authority::{Authority, DirLock};
use crate::issue::plan::InitPlan;
use crate::issue::summary::{BackupReport, CaOrigin, FileReport, InitSummary, IssueSummary};
use crate::pki::parse::KeyFormat;
use crate::pki::protect;
use crate::pki::serial::Serial;
use crate::pki::{Ca, IssuedLeaf, KeySpec, LeafBuilder, PrivateKey};
use crate::store::passphrase::PassphraseSource;
use crate::store::role::{Role, SERIAL_FILE};
use crate::store::{self, Action, FileKind, Keep, OutFile, PlannedWrite};
use anyhow::{Result, bail};
use std::path::Path;
use std::thread;

/// Where the CA comes from.
enum CaSource {
    /// Make a new one.
    New,
    /// Reuse the CA in the directory; serials continue from `last` (ca.srl) if known.
    Existing {
        ca: Box<Ca>,
        format: KeyFormat,
        last: Option<Serial>,
        encrypted: bool,
        warnings: Vec<String>,
    },
}

/// Runs `init` for a settled plan. `passphrase` opens an encrypted existing `ca.key`;
/// with `encrypt_ca_key`, a new CA key is written encrypted with it.
pub fn run_init(
    plan: &InitPlan,
    passphrase: &PassphraseSource,
    encrypt_ca_key: bool,
) -> Result<InitSummary> {
    // Finish an interrupted earlier write first, so the checks below see a whole set.
    crate::issue::authority::recover_pending(&plan.dir)?;
    // Fail fast, before creating anything, when files are in the way.
    let new_ca = plan.new_ca || !has_ca(plan);
    refuse_clobber(plan, new_ca)?;
    // Ask for a passphrase before generating keys or taking the lock.
    if new_ca && encrypt_ca_key {
        passphrase.for_new(&Role::Ca.key_file())?;
    } else if !new_ca {
        Authority::ask_passphrase(&plan.dir, passphrase)?;
    }
    store::ensure_dir(&plan.dir, true)?;
    let _lock = DirLock::acquire(&plan.dir)?;
    let source = choose_ca(plan, passphrase)?;
    refuse_clobber(plan, matches!(source, CaSource::New))?;
    let made = match source {
        CaSource::New => made_with_new_ca(plan, passphrase, encrypt_ca_key)?,
        CaSource::Existing {
            ca,
            format,
            last,
            encrypted,
            warnings,
        } => {
            let first = match last {
                Some(last) => last.next()?,
                None => Serial::random()?,
            };
            let (server_key, client_key) = generate_two(plan.key)?;
            let leaves = issue_leaves(plan, &ca, server_key, client_key, first)?;
            Made {
                ca: *ca,
                new_key_pem: None,
                format,
                encrypted,
                leaves,
                warnings,
            }
        }
    };
    let kept_plain = encrypt_ca_key && !made.encrypted && made.new_key_pem.is_none();
    let mut summary = finish(plan, made)?;
    if kept_plain {
        summary.warnings.push(format!(
            "the existing {} was kept unencrypted: --encrypt-ca-key applies to a new CA (add --new-ca --force to replace the CA)",
            Role::Ca.key_file()
        ));
    }
    Ok(summary)
}

/// What `init` made before writing: the CA (new or reused) and the two leaves.
struct Made {
    ca: Ca,
    /// The new CA's key, encoded (None: the CA was reused).
    new_key_pem: Option<zeroize::Zeroizing<String>>,
    format: KeyFormat,
    encrypted: bool,
    leaves: Leaves,
    warnings: Vec<String>,
}

/// A new CA and the leaves it signs; the three keys are made in parallel.
fn made_with_new_ca(plan: &InitPlan, passphrase: &PassphraseSource, encrypt: bool) -> Result<Made> {
    let (ca_key, server_key, client_key) = generate_three(plan.key)?;
    let ca = crate::issue::issuing::new_ca(
        &plan.ca_subject,
        plan.ca_cn_given,
        plan.ca_validity,
        ca_key,
    )?;
    let leaves = issue_leaves(plan, &ca, server_key, client_key, Serial::random()?)?;
    let key_pem = if encrypt {
        protect::encrypt_pem(&ca.key_pem(), passphrase.for_new(&Role::Ca.key_file())?)?
    } else {
        crate::pki::keys::encode_key(&ca.key_pem(), plan.key_format)?
    };
    Ok(Made {
        ca,
        new_key_pem: Some(key_pem),
        format: if encrypt {
            KeyFormat::Pkcs8
        } else {
            plan.key_format
        },
        encrypted: encrypt,
        leaves,
        warnings: Vec::new(),
    })
}

/// Decides between a new CA and the one already in the directory.
fn choose_ca(plan: &InitPlan, passphrase: &PassphraseSource) -> Result<CaSource> {
    let dir = plan.dir.as_path();
    let key_path = dir.join(Role::Ca.key_file());
    let present = store::existing(dir, &[&Role::Ca.key_file(), &Role::Ca.cert_file()]);
    if plan.new_ca || present.is_empty() {
        return Ok(CaSource::New);
    }
    if present.len() == 1 {
        bail!(
            "'{}' exists without its partner ({}); pass --new-ca --force to make a new CA",
            present[0].display(),
            if present[0] == key_path {
                Role::Ca.cert_file()
            } else {
                Role::Ca.key_file()
            }
        );
    }
    let authority = Authority::load_with(dir, passphrase)?;
    // init issues two leaves: counting on from here reissues no serial in the directory.
    let last = authority.start(2)?;
    Ok(CaSource::Existing {
        ca: Box::new(authority.ca),
        format: authority.key_format,
        last,
        encrypted: authority.key_encrypted,
        warnings: authority.warnings,
    })
}

fn has_ca(plan: &InitPlan) -> bool {
    !store::existing(&plan.dir, &[&Role::Ca.key_file(), &Role::Ca.cert_file()]).is_empty()
}

/// What `init` would write, for `--dry-run`: checks the existing CA and the clobber rule
/// like a real run, writes nothing. Opens an encrypted existing `ca.key` with `passphrase`.
///
/// A file a real run would refuse to replace (no --force) is listed as a conflict, and
/// the refusal comes back as the second value instead of an error: a dry run shows what
/// is in the way. With --force, each replaced file is listed with its backup.
pub fn plan_files(
    plan: &InitPlan,
    passphrase: &PassphraseSource,
) -> Result<(Vec<PlannedWrite>, Option<String>)> {
    let source = choose_ca(plan, passphrase)?;
    let new_ca = matches!(source, CaSource::New);
    let refusal = refuse_clobber(plan, new_ca).err().map(|e| format!("{e:#}"));
    let first = match &source {
        CaSource::Existing {
            last: Some(last), ..
        } => Some(last.next()?),
        _ => None,
    };
    let planned = planned(plan, new_ca, first.as_ref(), refusal.is_some())?;
    Ok((planned, refusal))
}

/// The files `init` writes, in gen.sh's order: the CA's three (a reused CA: only its
/// continued ca.srl), then each leaf's key, CSR and certificate. `first` is the server's
/// serial (None: random). A replaced file is kept as a backup, or, when a real run would
/// refuse it (`conflicts`), marked as a conflict.
pub fn planned(
    plan: &InitPlan,
    new_ca: bool,
    first: Option<&Serial>,
    conflicts: bool,
) -> Result<Vec<PlannedWrite>> {
    let server = first.cloned();
    let client = server.as_ref().map(Serial::next).transpose()?;
    let hex = |serial: &Option<Serial>| serial.as_ref().map(Serial::hex);
    let mut files = Vec::new();
    for name in written_names(new_ca) {
        let (kind, role) = describe_name(&name);
        let mut file = PlannedWrite::new(&plan.dir, &name, kind, role);
        file = match (kind, role) {
            (FileKind::Certificate, Some(Role::Ca)) => {
                file.issued(None, Some(plan.ca_validity.not_after))
            }
            (FileKind::Certificate, Some(Role::Server)) => {
                file.issued(hex(&server), Some(plan.leaf_validity.not_after))
            }
            (FileKind::Certificate, _) => {
                file.issued(hex(&client), Some(plan.leaf_validity.not_after))
            }
            // ca.srl ends at the client's serial.
            (FileKind::Serial, _) => file.issued(hex(&client), None),
            _ => file,
        };
        if conflicts && file.action == Action::Replace && kind != FileKind::Serial {
            file.action = Action::Conflict;
        }
        files.push(file);
    }
    Ok(match conflicts {
        true => files,
        false => store::with_backups(files, Keep::RegularFiles),
    })
}

/// The files `init` writes: all nine for a new CA; a reused CA keeps ca.key and ca.pem
/// and continues its ca.srl.
fn written_names(new_ca: bool) -> Vec<String> {
    let kept = [Role::Ca.key_file(), Role::Ca.cert_file()];
    crate::store::role::init_files()
        .into_iter()
        .filter(|name| new_ca || !kept.contains(name))
        .collect()
}

fn describe_name(name: &str) -> (FileKind, Option<Role>) {
    if name == SERIAL_FILE {
        return (FileKind::Serial, None);
    }
    for role in [Role::Ca, Role::Server, Role::Client] {
        if name == role.key_file() {
            return (FileKind::PrivateKey, Some(role));
        }
        if name == role.csr_file() {
            return (FileKind::Csr, Some(role));
        }
        if name == role.cert_file() {
            return (FileKind::Certificate, Some(role));
        }
    }
    (FileKind::Certificate, None)
}

/// Fails before any key is generated if a file would be overwritten without --force.
fn refuse_clobber(plan: &InitPlan, new_ca: bool) -> Result<()> {
    if plan.force {
        return Ok(());
    }
    let names = clobbered_names(new_ca);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    if let Some(path) = store::existing(&plan.dir, &names).first() {
        store::refuse_link(path)?;
        let hint = if new_ca { "" } else { " (the CA is kept)" };
        bail!(
            "'{}' already exists; pass --force to replace the certificates{hint}",
            path.display()
        );
    }
    Ok(())
}

/// Files that must not exist yet: all nine for a new CA. A reused CA keeps ca.key and
/// ca.pem, and its ca.srl is continued rather than replaced (as `openssl x509 -CAserial`
/// does), so `milvus-cert ca` followed by `milvus-cert init` needs no --force.
fn clobbered_names(new_ca: bool) -> Vec<String> {
    let ca_files = [
        Role::Ca.key_file(),
        Role::Ca.cert_file(),
        SERIAL_FILE.to_string(),
    ];
    crate::store::role::init_files()
        .into_iter()
        .filter(|name| new_ca || !ca_files.contains(name))
        .collect()
}

/// Key generation dominates the run time, so the keys are made on separate threads.
fn generate_three(spec: KeySpec) -> Result<(PrivateKey, PrivateKey, PrivateKey)> {
    let _progress = crate::issue::issuing::key_progress(spec, 3);
    thread::scope(|s| {
        let ca = s.spawn(|| spec.generate());
        let server = s.spawn(|| spec.generate());
        let client = spec.generate();
        Ok((join(ca)?, join(server)?, client?))
    })
}

fn generate_two(spec: KeySpec) -> Result<(PrivateKey, PrivateKey)> {
    let _progress = crate::issue::issuing::key_progress(spec, 2);
    thread::scope(|s| {
        let server = s.spawn(|| spec.generate());
        let client = spec.generate();
        Ok((join(server)?, client?))
    })
}

fn join(handle: thread::ScopedJoinHandle<'_, Result<PrivateKey>>) -> Result<PrivateKey> {
    handle
        .join()
        .unwrap_or_else(|_| Err(anyhow::anyhow!("key generation failed unexpectedly")))
}

struct Leaves {
    server: (PrivateKey, IssuedLeaf, Serial),
    client: (PrivateKey, IssuedLeaf, Serial),
}

fn issue_leaves(
    plan: &InitPlan,
    ca: &Ca,
    server_key: PrivateKey,
    client_key: PrivateKey,
    first: Serial,
) -> Result<Leaves> {
    let server_serial = first;
    let client_serial = server_serial.next()?;
    let server = LeafBuilder::server(plan.server.subject.clone(), plan.server.sans.clone()).issue(
        &server_key,
        ca,
        plan.leaf_validity,
        &server_serial,
    )?;
    let client = LeafBuilder::client(plan.client.subject.clone(), plan.client.sans.clone()).issue(
        &client_key,
        ca,
        plan.leaf_validity,
        &client_serial,
    )?;
    Ok(Leaves {
        server: (server_key, server, server_serial),
        client: (client_key, client, client_serial),
    })
}

/// Writes the planned files and reports them.
fn finish(plan: &InitPlan, made: Made) -> Result<InitSummary> {
    let dir: &Path = &plan.dir;
    let leaves = &made.leaves;
    let new_ca = made.new_key_pem.is_some();
    let planned = planned(plan, new_ca, Some(&leaves.server.2), false)?;
    let mut files = Vec::new();
    if let Some(key_pem) = &made.new_key_pem {
        files.push(OutFile::secret(Role::Ca.key_file(), key_pem.as_str()));
        files.push(OutFile::public(Role::Ca.cert_file(), made.ca.cert_pem()));
    }
    files.push(OutFile::public(SERIAL_FILE, leaves.client.2.to_srl()));
    for (role, (key, leaf, _)) in [
        (Role::Server, &leaves.server),
        (Role::Client, &leaves.client),
    ] {
        files.push(OutFile::secret(
            role.key_file(),
            key.pem(plan.key_format)?.as_bytes(),
        ));
        files.push(OutFile::public(role.csr_file(), leaf.csr_pem.clone()));
        files.push(OutFile::public(role.cert_file(), leaf.cert_pem.clone()));
    }
    // refuse_clobber checked the targets under the lock; a replaced file, the CA's key
    // included, is kept as a backup.
    store::write_planned(&planned, files, plan.force)?;
    let mut warnings = plan.warnings.clone();
    warnings.extend(made.warnings.iter().cloned());
    let absolute = store::absolute(dir);
    let reports = reports(plan, &made, &absolute, &mut warnings)?;
    Ok(InitSummary {
        backups: BackupReport::list(&absolute, store::backup_pairs(&planned)),
        dir: absolute,
        key: plan.key,
        ca: if new_ca {
            CaOrigin::Created
        } else {
            CaOrigin::Reused
        },
        ca_key_format: made.format,
        files: reports,
        warnings,
    })
}

/// The reports of the nine files, in gen.sh's order (a reused CA's listed but unchanged).
fn reports(
    plan: &InitPlan,
    made: &Made,
    dir: &Path,
    warnings: &mut Vec<String>,
) -> Result<Vec<FileReport>> {
    let ca = &made.ca;
    let ca_report = FileReport::cert(dir, Role::Ca, ca.cert_der())?;
    if let Some(ca_cert) = &ca_report.certificate
        && ca_cert.not_after < plan.leaf_validity.not_after
    {
        warnings.push(format!(
            "the CA expires on {}, before the new certificates; they stop verifying then",
            ca_cert.not_after.date()
        ));
    }
    let ca_key_report = FileReport::key(dir, Role::Ca, ca.key_spec())
        .encrypted(made.encrypted)
        .format(made.format);
    let mut reports = vec![ca_key_report, ca_report];
    reports.push(FileReport::serial(dir, &made.leaves.client.2));
    for (role, (_, leaf, _)) in [
        (Role::Server, &made.leaves.server),
        (Role::Client, &made.leaves.client),
    ] {
        reports.push(FileReport::key(dir, role, plan.key).format(plan.key_format));
        reports.push(FileReport::csr(dir, role));
        reports.push(FileReport::cert(dir, role, &leaf.cert_der)?);
    }
    Ok(reports)
}

/// The `--dry-run` report of `init`: the planned files, and why a real run would stop.
pub fn dry_run(plan: &InitPlan, passphrase: &PassphraseSource) -> Result<IssueSummary> {
    let (planned, refusal) = plan_files(plan, passphrase)?;
    let mut warnings = plan.warnings.clone();
    if let Some(refusal) = refusal {
        warnings.push(format!(
            "a real run would stop here: {refusal} (files marked 'conflict'; with --force each is kept as .bak)"
        ));
    }
    Ok(crate::issue::issuing::dry_run(
        "init", &plan.dir, planned, warnings,
    ))
}
