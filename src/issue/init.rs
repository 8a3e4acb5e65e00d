//! `milvus-cert init`: plan → keys (in parallel) → CA → leaves → one atomic write.

use crate::issue::authority::{Authority, DirLock};
use crate::issue::plan::{CA_CN_PREFIX, InitPlan};
use crate::issue::role::{Role, SERIAL_FILE};
use crate::issue::serial::Serial;
use crate::issue::summary::{
    Action, BackupReport, CaOrigin, FileKind, FileReport, InitSummary, PlannedFile,
};
use crate::pki::parse::KeyFormat;
use crate::pki::protect;
use crate::pki::{Ca, CaBuilder, IssuedLeaf, KeySpec, LeafBuilder, PrivateKey};
use crate::store::passphrase::PassphraseSource;
use crate::store::{self, OutFile};
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

#[allow(
    dead_code,
    reason = "unused since the modules went private (folder move); issue 12: use or remove"
)]
/// Runs `init` for a settled plan (an encrypted CA key's passphrase from the environment
/// or a prompt; a new CA key unencrypted).
pub fn run_init(plan: &InitPlan) -> Result<InitSummary> {
    run_init_with(plan, &PassphraseSource::default(), false)
}

/// Runs `init` for a settled plan. `passphrase` opens an encrypted existing `ca.key`;
/// with `encrypt_ca_key`, a new CA key is written encrypted with it.
pub fn run_init_with(
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

    let (ca, next_serial, ca_key_format, encrypted, ca_warnings) = match source {
        CaSource::New => {
            let (ca_key, server_key, client_key) = generate_three(plan.key)?;
            let ca_serial = Serial::random()?;
            let mut subject = plan.ca_subject.clone();
            if !plan.ca_cn_given {
                subject.common_name = format!("{CA_CN_PREFIX} {}", &ca_serial.hex()[..8]);
            }
            let ca = CaBuilder::new(subject, plan.ca_validity, ca_serial).build(ca_key)?;
            let leaves = issue_leaves(plan, &ca, server_key, client_key, Serial::random()?)?;
            let key_pem = if encrypt_ca_key {
                protect::encrypt_pem(&ca.key_pem(), passphrase.for_new(&Role::Ca.key_file())?)?
            } else {
                crate::pki::keys::encode_key(&ca.key_pem(), plan.key_format)?
            };
            return finish(
                plan,
                &ca,
                Some(key_pem.as_str()),
                if encrypt_ca_key {
                    KeyFormat::Pkcs8
                } else {
                    plan.key_format
                },
                encrypt_ca_key,
                leaves,
                Vec::new(),
            );
        }
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
            (ca, first, format, encrypted, warnings)
        }
    };
    let (server_key, client_key) = generate_two(plan.key)?;
    let leaves = issue_leaves(plan, &ca, server_key, client_key, next_serial)?;
    let mut summary = finish(
        plan,
        &ca,
        None,
        ca_key_format,
        encrypted,
        leaves,
        ca_warnings,
    )?;
    if encrypt_ca_key && !encrypted {
        summary.warnings.push(format!(
            "the existing {} was kept unencrypted: --encrypt-ca-key applies to a new CA (add --new-ca --force to replace the CA)",
            Role::Ca.key_file()
        ));
    }
    Ok(summary)
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

#[allow(
    dead_code,
    reason = "unused since the modules went private (folder move); issue 12: use or remove"
)]
/// What `init` would write, for `--dry-run`: checks the existing CA and the clobber rule
/// like a real run, writes nothing.
pub fn plan_files(plan: &InitPlan) -> Result<Vec<PlannedFile>> {
    plan_files_with(plan, &PassphraseSource::default()).map(|(files, _)| files)
}

/// [`plan_files`], opening an encrypted existing `ca.key` with `passphrase`.
///
/// A file a real run would refuse to replace (no --force) is listed as a conflict, and
/// the refusal comes back as the second value instead of an error: a dry run shows what
/// is in the way. With --force, each replaced file is listed with its backup.
pub fn plan_files_with(
    plan: &InitPlan,
    passphrase: &PassphraseSource,
) -> Result<(Vec<PlannedFile>, Option<String>)> {
    let source = choose_ca(plan, passphrase)?;
    let new_ca = matches!(source, CaSource::New);
    let refusal = refuse_clobber(plan, new_ca).err().map(|e| format!("{e:#}"));
    let mut serial = match &source {
        CaSource::Existing {
            last: Some(last), ..
        } => Some(last.clone()),
        _ => None,
    };
    let mut files = Vec::new();
    for name in planned_names(new_ca) {
        let path = plan.dir.join(&name);
        let action = if store::existing(&plan.dir, &[&name]).is_empty() {
            Action::Create
        } else {
            Action::Replace
        };
        let (kind, role) = describe_name(&name);
        let mut file = PlannedFile {
            name,
            path,
            kind,
            role,
            action,
            serial: None,
            not_after: None,
        };
        if kind == FileKind::Certificate && role != Some(Role::Ca) {
            serial = serial.map(|s| s.next()).transpose()?;
            file.serial = serial.as_ref().map(Serial::hex);
            file.not_after = Some(plan.leaf_validity.not_after);
        } else if kind == FileKind::Certificate {
            file.not_after = Some(plan.ca_validity.not_after);
        }
        files.push(file);
    }
    // ca.srl ends at the client's serial.
    let last = serial.map(|s| s.hex());
    for file in &mut files {
        if file.kind == FileKind::Serial {
            file.serial = last.clone();
        }
    }
    let mut backups = Vec::new();
    for file in &mut files {
        let replaced = file.action == Action::Replace && file.kind != FileKind::Serial;
        if replaced && refusal.is_some() {
            file.action = Action::Conflict;
        } else if replaced {
            let taken: Vec<String> = backups
                .iter()
                .map(|b: &PlannedFile| b.name.clone())
                .collect();
            let name = store::backup_name(&plan.dir, &file.name, &taken);
            backups.push(PlannedFile {
                path: plan.dir.join(&name),
                name,
                action: Action::Backup,
                serial: None,
                not_after: None,
                ..file.clone()
            });
        }
    }
    backups.extend(files);
    Ok((backups, refusal))
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
    let names = planned_names(new_ca);
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
fn planned_names(new_ca: bool) -> Vec<String> {
    let ca_files = [
        Role::Ca.key_file(),
        Role::Ca.cert_file(),
        SERIAL_FILE.to_string(),
    ];
    crate::issue::role::init_files()
        .into_iter()
        .filter(|name| new_ca || !ca_files.contains(name))
        .collect()
}

/// Key generation dominates the run time, so the keys are made on separate threads.
fn generate_three(spec: KeySpec) -> Result<(PrivateKey, PrivateKey, PrivateKey)> {
    let _progress = crate::render::Progress::for_keys(spec, 3);
    thread::scope(|s| {
        let ca = s.spawn(|| spec.generate());
        let server = s.spawn(|| spec.generate());
        let client = spec.generate();
        Ok((join(ca)?, join(server)?, client?))
    })
}

fn generate_two(spec: KeySpec) -> Result<(PrivateKey, PrivateKey)> {
    let _progress = crate::render::Progress::for_keys(spec, 2);
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

/// Writes everything; `new_ca_key` is the new CA's key PEM (None: the CA was reused).
fn finish(
    plan: &InitPlan,
    ca: &Ca,
    new_ca_key: Option<&str>,
    ca_key_format: KeyFormat,
    ca_key_encrypted: bool,
    leaves: Leaves,
    ca_warnings: Vec<String>,
) -> Result<InitSummary> {
    let dir: &Path = &plan.dir;
    let last_serial = leaves.client.2.clone();
    let new_ca = new_ca_key.is_some();
    let mut files = Vec::new();
    if let Some(key_pem) = new_ca_key {
        files.push(OutFile::secret(Role::Ca.key_file(), key_pem));
        files.push(OutFile::public(Role::Ca.cert_file(), ca.cert_pem()));
    }
    files.push(OutFile::public(SERIAL_FILE, last_serial.to_srl()));
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
    // refuse_clobber checked the targets under the lock; ca.srl of a reused CA is continued.
    // A replaced file, the CA's key included, is kept as a backup.
    let (files, backups) = store::with_backups(dir, files)?;
    store::write_set_checked(dir, &files, true, plan.force)?;

    let mut warnings = plan.warnings.clone();
    warnings.extend(ca_warnings);
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
        .encrypted(ca_key_encrypted)
        .format(ca_key_format);
    let mut reports = vec![ca_key_report, ca_report];
    reports.push(FileReport::serial(dir, &last_serial));
    for (role, (_, leaf, _)) in [
        (Role::Server, &leaves.server),
        (Role::Client, &leaves.client),
    ] {
        reports.push(FileReport::key(dir, role, plan.key).format(plan.key_format));
        reports.push(FileReport::csr(dir, role));
        reports.push(FileReport::cert(dir, role, &leaf.cert_der)?);
    }
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    for report in &mut reports {
        report.path = absolute.join(&report.name);
    }
    Ok(InitSummary {
        backups: BackupReport::list(&absolute, backups),
        dir: absolute,
        key: crate::certdir::inspect::KeyDesc::of_spec(plan.key),
        ca: if new_ca {
            CaOrigin::Created
        } else {
            CaOrigin::Reused
        },
        ca_key_format,
        files: reports,
        warnings,
    })
}
