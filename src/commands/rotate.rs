//! `milvus-cert rotate-ca`: a new CA, the leaves re-issued from it, and a trust bundle of
//! old and new CA so both generations verify while the change rolls out. The old files
//! are kept under `.old` names; nothing is deleted and nothing of an earlier rotation is
//! overwritten.

use crate::EXIT_OK;
use crate::certdir::leaf_files;
use crate::cli::rotate::RotateCaArgs;
use crate::issue::authority::{Authority, DirLock};
use crate::issue::plan::{CA_CN_PREFIX, CaPlan, check_days};
use crate::issue::role::{FileNames, Role, SERIAL_FILE};
use crate::issue::serial::Serial;
use crate::issue::summary::{Action, BackupReport, CertInfo, FileKind, FileReport, PlannedFile};
use crate::pki::parse::parse_certificate_pem;
use crate::pki::reuse::{LeafTemplate, csr_for, read_leaf_issued_by, sign_template};
use crate::pki::{CaBuilder, KeySpec, Validity};
use crate::render::{self, Output};
use crate::settings::{self, Origin, Overrides, Settings, check_base_name};
use crate::store::passphrase::PassphraseSource;
use crate::store::read::read_input;
use crate::store::{self, OutFile};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// The trust bundle: the new CA, then the old one.
pub const BUNDLE_FILE: &str = "ca-bundle.pem";
/// What the old generation's base names get: `ca` → `ca.old`, `server` → `server.old`.
pub const OLD_SUFFIX: &str = crate::issue::role::OLD_SUFFIX;

/// The base name the old generation of `name` is kept under.
pub fn old_name(name: &str) -> String {
    format!("{name}{OLD_SUFFIX}")
}

/// The result of `rotate-ca`, for text or `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct RotateSummary {
    #[allow(
        dead_code,
        reason = "never read since the modules went private (folder move); issue 12: use or remove"
    )]
    /// Always `rotate-ca` (the JSON envelope's).
    #[serde(skip)]
    pub command: String,
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
    pub planned: Vec<PlannedFile>,
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

/// Runs `rotate-ca`.
pub fn run(args: &RotateCaArgs, output: Output) -> Result<u8> {
    let flags = Overrides {
        dir: args.output.dir.clone(),
        ca_cn: args.ca_cn.clone(),
        key_type: args.key_type,
        key_bits: args.key_bits,
        ca_days: args.ca_days,
        days: args.days,
        country: args.subject.country.clone(),
        state: args.subject.state.clone(),
        locality: args.subject.locality.clone(),
        org: args.subject.org.clone(),
        org_unit: args.subject.org_unit.clone(),
        ..Overrides::default()
    };
    let settings = settings::load(&flags, args.output.config.as_deref())?;
    crate::issue::plan::validate(&settings)?;
    let now = OffsetDateTime::now_utc();
    let mut plan = CaPlan::from_settings(&settings, true, now)?;
    let dir = plan.dir.clone();
    let abs = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    for name in &args.names {
        check_base_name("NAME", name)?;
    }

    let passphrase = PassphraseSource::new(args.output.passphrase_file.clone());
    let lock = if args.output.dry_run {
        None
    } else {
        if !dir.is_dir() {
            Authority::load(&dir)?;
        }
        // Ask now, not while holding the lock (an encrypted old key's passphrase is kept
        // for the new key too).
        Authority::ask_passphrase(&dir, &passphrase)?;
        if args.encrypt_ca_key {
            passphrase.for_new(&Role::Ca.key_file())?;
        }
        Some(DirLock::acquire(&dir)?)
    };
    // Only the old CA's certificate is needed: a lost ca.key is the case rotation is
    // for (nothing can be issued from that CA any more), so it is not required.
    let key_lost = store::existing(&dir, &[&Role::Ca.key_file()]).is_empty()
        && !store::existing(&dir, &[&Role::Ca.cert_file()]).is_empty();
    // The new CA key keeps the old one's protection; a lost key has none to keep.
    let old_encrypted = !key_lost && Authority::load_with(&dir, &passphrase)?.key_encrypted;
    let old_pem = read_input(&dir.join(Role::Ca.cert_file()))?;
    let old_der = parse_certificate_pem(&old_pem)?;
    let old_info = CertInfo::from_der(&old_der)?;
    let key_given =
        settings.key_type.origin != Origin::Default || settings.key_bits.origin != Origin::Default;
    if !key_given {
        let (_, cert) = x509_parser::parse_x509_certificate(&old_der)
            .map_err(|e| anyhow::anyhow!("ca.pem: not a valid X.509 certificate ({e})"))?;
        plan.key = crate::pki::parse::spec_of_public_key(cert.public_key().raw)?;
    }
    if plan.ca_cn_given && Some(plan.subject.common_name.as_str()) == cn_of(&old_info.subject) {
        bail!(
            "the new CA needs a CommonName of its own; '{}' is the old CA's (pass another --ca-cn)",
            plan.subject.common_name
        );
    }

    let (reissue, not_reissued) = choose_leaves(args, &settings, key_given, &dir, &old_der, now)?;
    let mut warnings = plan.warnings.clone();
    for r in &reissue {
        if r.template.sans.is_empty() {
            warnings.push(format!(
                "{} has no subjectAltName; only its legacy CommonName can match a server name \
                 (Go refuses that): add one after the rotation with `{}`",
                r.files.cert,
                crate::check::advice::command(&["renew", &r.name], &dir, &["--san", "NAME"])
            ));
        }
    }
    for name in &not_reissued {
        warnings.push(format!(
            "{} was signed by the old CA and is not re-issued: it stops verifying once the old \
             CA is dropped (step 3); re-issue it from the new CA, keeping a backup, with `{}`",
            leaf_files(&dir, name).cert,
            crate::check::advice::command(&["renew", name], &dir, &[])
        ));
    }

    // Every file of the old generation, and the name it is kept under.
    let mut renames: Vec<(String, String, bool)> = Vec::new();
    let ca_names = FileNames::new(Role::Ca.default_name());
    let ca_old = FileNames::new(&old_name(Role::Ca.default_name()));
    if !key_lost {
        renames.push((ca_names.key.clone(), ca_old.key.clone(), true));
    } else {
        warnings.push(format!(
            "{} is missing: the old CA is archived without its key (nothing more can be \
             issued from it, which is what a lost or leaked key calls for)",
            Role::Ca.key_file()
        ));
    }
    renames.push((ca_names.cert.clone(), ca_old.cert.clone(), false));
    let srl_old = format!("{}.srl", old_name(Role::Ca.default_name()));
    if dir.join(SERIAL_FILE).exists() {
        renames.push((SERIAL_FILE.to_string(), srl_old.clone(), false));
    }
    for r in &reissue {
        let now_files = r.files.clone();
        let old_files = r.files.archived();
        for (from, to, secret) in [
            (now_files.key, old_files.key, true),
            (now_files.csr, old_files.csr, false),
            (now_files.cert, old_files.cert, false),
        ] {
            if dir.join(&from).exists() {
                renames.push((from, to, secret));
            }
        }
    }
    // An earlier rotation's files are never overwritten: the user archives them first.
    let mut in_the_way: Vec<&str> = renames.iter().map(|(_, to, _)| to.as_str()).collect();
    in_the_way.push(BUNDLE_FILE);
    if let Some(path) = store::existing(&dir, &in_the_way).first() {
        bail!(
            "'{}' exists, from an earlier rotation; move the old generation away first \
             (e.g. mkdir {d}/archive && mv {d}/*.old.* {d}/{BUNDLE_FILE} {d}/archive/) \
             (nothing was written)",
            path.display(),
            d = crate::check::advice::quote(&dir.display().to_string())
        );
    }

    let mut summary = RotateSummary {
        command: "rotate-ca".to_string(),
        dir: abs.clone(),
        dry_run: args.output.dry_run,
        old_ca: old_info.clone(),
        new_ca: None,
        bundle: None,
        reissued: reissue.iter().map(|r| r.name.clone()).collect(),
        not_reissued,
        files: Vec::new(),
        planned: Vec::new(),
        backups: renames
            .iter()
            .map(|(from, to, _)| BackupReport {
                path: abs.join(from),
                backup: abs.join(to),
            })
            .collect(),
        warnings,
        next_steps: Vec::new(),
    };

    if args.output.dry_run {
        for (_, to, secret) in &renames {
            summary.planned.push(PlannedFile {
                name: to.clone(),
                path: abs.join(to),
                kind: kind_of(to, *secret),
                role: None,
                action: Action::Backup,
                serial: None,
                not_after: None,
            });
        }
        let file = |name: &str, kind, role, not_after| PlannedFile {
            name: name.to_string(),
            path: abs.join(name),
            kind,
            role,
            action: if dir.join(name).exists() {
                Action::Replace
            } else {
                Action::Create
            },
            serial: None,
            not_after,
        };
        summary.planned.extend([
            file(&ca_names.key, FileKind::PrivateKey, Some(Role::Ca), None),
            file(
                &ca_names.cert,
                FileKind::Certificate,
                Some(Role::Ca),
                Some(plan.validity.not_after),
            ),
            file(BUNDLE_FILE, FileKind::Certificate, Some(Role::Ca), None),
        ]);
        for r in &reissue {
            let names = &r.files;
            summary.planned.extend([
                file(&names.key, FileKind::PrivateKey, Some(r.role), None),
                file(&names.csr, FileKind::Csr, Some(r.role), None),
                file(
                    &names.cert,
                    FileKind::Certificate,
                    Some(r.role),
                    Some(r.validity.not_after),
                ),
            ]);
        }
        summary
            .planned
            .push(file(SERIAL_FILE, FileKind::Serial, None, None));
        summary.next_steps = next_steps(&abs, &summary.reissued);
        show(&summary, output)?;
        return Ok(EXIT_OK);
    }

    // The new CA.
    let ca_key = {
        let _progress = render::Progress::for_keys(plan.key, 1 + reissue.len());
        plan.key.generate()?
    };
    let ca_serial = Serial::random()?;
    let mut subject = plan.subject.clone();
    if !plan.ca_cn_given {
        subject.common_name = format!("{CA_CN_PREFIX} {}", &ca_serial.hex()[..8]);
    }
    let ca = CaBuilder::new(subject, plan.validity, ca_serial).build(ca_key)?;
    let new_info = CertInfo::from_der(ca.cert_der())?;
    if cn_of(&new_info.subject) == cn_of(&old_info.subject) {
        bail!("the new CA's name equals the old CA's; pass --ca-cn NAME (nothing was written)");
    }

    // Old files first: if anything fails later, the old generation is already safe.
    let mut files = Vec::new();
    for (from, to, secret) in &renames {
        // Never through a link: a planted server.csr -> secret would become a backup.
        let bytes = crate::store::read::read_input_nofollow(&dir.join(from))?;
        files.push(if *secret {
            OutFile::secret(to.clone(), bytes)
        } else {
            OutFile::public(to.clone(), bytes)
        });
    }
    let mut bundle = ca.cert_pem().as_bytes().to_vec();
    if !bundle.ends_with(b"\n") {
        bundle.push(b'\n');
    }
    bundle.extend_from_slice(&old_pem);
    // The new CA key keeps the old one's protection, with the same passphrase; it is
    // never silently dropped. An encrypted key is always PKCS#8.
    let format = args.key_format;
    crate::pki::keys::check_key_format(format, ca.key_spec())?;
    summary
        .warnings
        .extend(crate::pki::keys::key_format_warning(format));
    let encrypted = old_encrypted || args.encrypt_ca_key;
    if encrypted && format != crate::pki::parse::KeyFormat::Pkcs8 {
        anyhow::bail!(
            "--key-format {} cannot hold an encrypted CA key (always PKCS#8); \
             pass --key-format pkcs8 (nothing was written)",
            format!("{format:?}").to_lowercase()
        );
    }
    let key_pem = if old_encrypted {
        let pass = passphrase.for_existing(&dir.join(&ca_names.key))?;
        crate::pki::protect::encrypt_pem(&ca.key_pem(), pass)?
    } else if args.encrypt_ca_key {
        crate::pki::protect::encrypt_pem(&ca.key_pem(), passphrase.for_new(&ca_names.key)?)?
    } else {
        crate::pki::keys::encode_key(&ca.key_pem(), format)?
    };
    files.extend([
        OutFile::secret(ca_names.key.clone(), key_pem.as_str()),
        OutFile::public(ca_names.cert.clone(), ca.cert_pem()),
        OutFile::public(BUNDLE_FILE, bundle.clone()),
    ]);
    let mut reports = vec![
        FileReport::key(&abs, Role::Ca, ca.key_spec())
            .encrypted(encrypted)
            .format(format),
        FileReport::cert(&abs, Role::Ca, ca.cert_der())?,
        FileReport::cert(&abs, Role::Ca, ca.cert_der())?.renamed(&abs, BUNDLE_FILE),
    ];
    // ca.srl restarts at a random value: the new CA has issued nothing yet.
    let mut last = Serial::random()?;
    for r in reissue {
        let names = r.files.clone();
        last = last.next()?;
        crate::pki::keys::check_key_format(format, r.spec)?;
        let key = {
            let _progress = render::Progress::for_keys(r.spec, 1);
            r.spec.generate()?
        };
        let mut template = r.template;
        template.spki = rcgen::PublicKeyData::subject_public_key_info(key.pair());
        template.spec = key.spec();
        let signed = sign_template(&template, &ca, r.validity, &last)?;
        if ca_expires_first(&new_info, r.validity.not_after) {
            summary.warnings.push(format!(
                "the new CA expires on {}, before {}; it stops verifying then",
                new_info.not_after.date(),
                names.cert
            ));
        }
        files.extend([
            OutFile::secret(names.key.clone(), key.pem(format)?.as_bytes()),
            OutFile::public(names.csr.clone(), csr_for(&template, &key)?),
            OutFile::public(names.cert.clone(), signed.pem.clone()),
        ]);
        reports.extend([
            FileReport::key(&abs, r.role, key.spec())
                .format(format)
                .renamed(&abs, &names.key),
            FileReport::csr(&abs, r.role).renamed(&abs, &names.csr),
            FileReport::cert(&abs, r.role, &signed.der)?.renamed(&abs, &names.cert),
        ]);
    }
    files.push(OutFile::public(SERIAL_FILE, last.to_srl()));
    reports.push(FileReport::serial(&abs, &last));
    // Replaces the CA files it backed up above; the directory checks of every writer hold.
    store::write_set_checked(&dir, &files, true, false)?;
    drop(lock);

    summary.new_ca = Some(new_info.clone());
    summary.bundle = Some(Bundle {
        path: abs.join(BUNDLE_FILE),
        certificates: vec![new_info, old_info],
    });
    summary.files = reports;
    summary.next_steps = next_steps(&abs, &summary.reissued);
    show(&summary, output)?;
    Ok(EXIT_OK)
}

fn cn_of(subject: &str) -> Option<&str> {
    subject
        .split(", ")
        .filter_map(|part| part.strip_prefix("CN="))
        .last()
}

fn ca_expires_first(ca: &CertInfo, not_after: OffsetDateTime) -> bool {
    ca.not_after + time::Duration::DAY < not_after
}

fn kind_of(name: &str, secret: bool) -> FileKind {
    if secret {
        FileKind::PrivateKey
    } else if name.ends_with(".csr") {
        FileKind::Csr
    } else if name.ends_with(".srl") {
        FileKind::Serial
    } else {
        FileKind::Certificate
    }
}

/// Which leaves to re-issue (server and client when present, plus NAMEs or, with --all,
/// every leaf the old CA signed), and which leaves of the old CA stay as they are.
fn choose_leaves(
    args: &RotateCaArgs,
    settings: &Settings,
    key_given: bool,
    dir: &Path,
    old: &[u8],
    now: OffsetDateTime,
) -> Result<(Vec<Reissue>, Vec<String>)> {
    let defaults = [
        settings.server_name.value.clone(),
        settings.client_name.value.clone(),
    ];
    let mut names: Vec<String> = defaults
        .iter()
        .filter(|n| dir.join(leaf_files(dir, n).cert).exists())
        .cloned()
        .collect();
    for name in &args.names {
        if !dir.join(leaf_files(dir, name).cert).exists() {
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
    if args.all {
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
    let mut out = Vec::new();
    for name in names {
        let files = leaf_files(dir, &name);
        let cert_path = dir.join(&files.cert);
        let bytes = read_input(&cert_path)?;
        let leaf = parse_certificate_pem(&bytes)
            .and_then(|der| read_leaf_issued_by(&der, &[old]))
            .with_context(|| format!("cannot re-issue '{}'", cert_path.display()))?;
        let days = match settings.days.origin {
            Origin::Default => leaf.days,
            _ => settings.days.value,
        };
        check_days(&settings.days.origin.label("days"), days)?;
        // No CN-only certificate comes out of a rotation either.
        let mut leaf = leaf;
        leaf.template.keep_names(&name, None, &[])?;
        let role = if leaf.template.ekus.server || !leaf.template.ekus.client {
            Role::Server
        } else {
            Role::Client
        };
        let spec = if key_given {
            crate::issue::plan::key_spec(settings)?
        } else {
            leaf.template.spec
        };
        out.push(Reissue {
            name,
            files,
            role,
            spec,
            validity: Validity::days_from(now, days),
            template: leaf.template,
        });
    }
    Ok((out, not_reissued))
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

fn show(summary: &RotateSummary, output: Output) -> Result<()> {
    for warning in &summary.warnings {
        render::warn(warning);
    }
    match output {
        Output::Quiet => Ok(()),
        Output::Json => render::show("rotate-ca", summary.dry_run, summary, output, |_| {
            String::new()
        }),
        Output::Text => {
            let mut text = Vec::new();
            write_text(&mut text, summary)?;
            render::write_stdout(&text)
        }
    }
}

fn write_text(out: &mut Vec<u8>, s: &RotateSummary) -> Result<()> {
    if s.dry_run {
        writeln!(
            out,
            "milvus-cert rotate-ca --dry-run: nothing was written. It would replace the CA \
             {} (expires {}) in {}:",
            s.old_ca.subject,
            s.old_ca.not_after.date(),
            s.dir.display()
        )?;
        for file in &s.planned {
            let action = match file.action {
                Action::Create => "create ",
                Action::Replace => "replace",
                Action::Backup => "keep as",
                Action::Conflict => "conflict",
            };
            writeln!(out, "  {action} {}", file.path.display())?;
        }
    } else {
        let new = s.new_ca.as_ref().map(|c| c.subject.as_str()).unwrap_or("?");
        writeln!(
            out,
            "milvus-cert rotate-ca: new CA {new} in {}, replacing {}",
            s.dir.display(),
            s.old_ca.subject
        )?;
        for file in &s.files {
            let detail = match (&file.certificate, &file.last_serial, &file.key) {
                (Some(_), _, _) if file.name == BUNDLE_FILE => {
                    "trust bundle: the new CA, then the old one".to_string()
                }
                (Some(cert), _, _) => format!(
                    "certificate {}, serial {}, expires {}",
                    cert.subject,
                    cert.serial,
                    cert.not_after.date()
                ),
                (_, Some(last), _) => format!("last serial issued, {last}"),
                (_, _, Some(key)) => format!("private key, {key}, mode {}", file.mode),
                _ => "certificate request".to_string(),
            };
            writeln!(out, "  {}  {detail}", file.path.display())?;
        }
        for r in &s.backups {
            writeln!(
                out,
                "  kept the old {} as {}",
                r.path.display(),
                r.backup.display()
            )?;
        }
    }
    writeln!(out, "\nRoll it out in three steps:")?;
    for step in &s.next_steps {
        writeln!(out, "  {step}")?;
    }
    Ok(())
}
