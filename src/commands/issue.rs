//! `init`, `ca`, `server`, `client`, `sign`, `renew`: the issuing commands. Each one
//! resolves its settings (flag > env > file > default), settles a plan, then either
//! reports what it would write (`--dry-run`) or issues under the CA directory's lock and
//! writes through `store`.

use crate::EXIT_OK;
use crate::certdir::leaf_files;
use crate::cli::issue::OutputArgs;
use crate::cli::sign::Profile;
use crate::cli::{CaArgs, InitArgs, LeafArgs, RenewArgs, SignArgs, SubjectArgs};
use crate::issue::authority::{Authority, DirLock, recover_pending};
use crate::issue::init;
use crate::issue::plan::{CA_CN_PREFIX, CaPlan, InitPlan, IssuePlan, check_days};
use crate::issue::role::{FileNames, Role, SERIAL_FILE};
use crate::issue::serial::Serial;
use crate::issue::summary::{
    Action, BackupReport, FileKind, FileReport, IssueSummary, PlannedFile,
};
use crate::pki::names::push_unique;
use crate::pki::parse::{KeyFormat, parse_certificate_pem, parse_private_key};
use crate::pki::reuse::{Ekus, csr_for, read_csr, sign_template};
use crate::pki::{CaBuilder, KeySpec, LeafBuilder, San, Validity};
use crate::render::{self, Output};
use crate::settings::{self, Origin, Overrides, Settings, check_base_name};
use crate::store::passphrase::PassphraseSource;
use crate::store::read::read_input;
use crate::store::{self, OutFile};
use anyhow::{Context, Result, bail};
use rcgen::PublicKeyData;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

fn subject_overrides(o: &mut Overrides, s: &SubjectArgs) {
    o.country = s.country.clone();
    o.state = s.state.clone();
    o.locality = s.locality.clone();
    o.org = s.org.clone();
    o.org_unit = s.org_unit.clone();
}

/// The settings `init`'s flags give.
pub fn init_overrides(args: &InitArgs) -> Overrides {
    let mut o = Overrides {
        dir: args.output.dir.clone(),
        cn: args.names.cn.clone(),
        san: args.names.sans.clone(),
        client_cn: args.names.client_cn.clone(),
        ca_cn: args.names.ca_cn.clone(),
        key_type: args.key.key_type,
        key_bits: args.key.key_bits,
        days: args.validity.days,
        ca_days: args.validity.ca_days,
        ..Overrides::default()
    };
    subject_overrides(&mut o, &args.subject);
    o
}

fn settings(flags: &Overrides, output: &OutputArgs) -> Result<Settings> {
    settings::load(flags, output.config.as_deref())
}

fn absolute(dir: &Path) -> PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// Where this command gets the CA key's passphrase.
fn passphrase(output: &OutputArgs) -> PassphraseSource {
    PassphraseSource::new(output.passphrase_file.clone())
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn action(path: &Path) -> Action {
    if std::fs::symlink_metadata(path).is_ok() {
        Action::Replace
    } else {
        Action::Create
    }
}

fn planned(
    dir: &Path,
    name: &str,
    kind: FileKind,
    role: Option<Role>,
    serial: Option<&Serial>,
    not_after: Option<OffsetDateTime>,
) -> PlannedFile {
    let path = absolute(dir).join(name);
    PlannedFile {
        name: name.to_string(),
        action: action(&path),
        path,
        kind,
        role,
        serial: serial.map(Serial::hex),
        not_after,
    }
}

fn summary(command: &str, dir: &Path, dry_run: bool) -> IssueSummary {
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

/// Refuses, before any work, to overwrite `names` in `dir` without `--force`.
fn refuse_clobber(dir: &Path, names: &[&str], force: bool, what: &str) -> Result<()> {
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
fn ca_outlived(ca_der: &[u8], not_after: OffsetDateTime, warnings: &mut Vec<String>) {
    // A day of slack: a CA made moments earlier with the same --days is not "before".
    if let Ok(info) = crate::issue::summary::CertInfo::from_der(ca_der)
        && info.not_after + time::Duration::DAY < not_after
    {
        warnings.push(format!(
            "the CA expires on {}, before the new certificate; it stops verifying then",
            info.not_after.date()
        ));
    }
}

/// `milvus-cert init`.
pub fn init(args: &InitArgs, output: Output) -> Result<u8> {
    let settings = settings(&init_overrides(args), &args.output)?;
    if args.print_config {
        render::settings(&settings, output)?;
        return Ok(EXIT_OK);
    }
    let mut plan = InitPlan::from_settings(&settings, args.force, args.new_ca, now())?;
    plan.key_format = args.key.key_format;
    key_format_ok(
        plan.key_format,
        plan.key,
        args.encrypt_ca_key,
        &mut plan.warnings,
    )?;
    let passphrase = passphrase(&args.output);
    if args.output.dry_run {
        let mut report = summary("init", &plan.dir, true);
        let (planned, refusal) = init::plan_files_with(&plan, &passphrase)?;
        report.planned = planned;
        report.warnings = plan.warnings.clone();
        if let Some(refusal) = refusal {
            report.warnings.push(format!(
                "a real run would stop here: {refusal} (files marked 'conflict'; with --force each is kept as .bak)"
            ));
        }
        render::issued(&report, output)?;
        return Ok(EXIT_OK);
    }
    let summary = init::run_init_with(&plan, &passphrase, args.encrypt_ca_key)?;
    render::init(&summary, output)?;
    Ok(EXIT_OK)
}

/// Checks `--key-format` against the key algorithm (and against `--encrypt-ca-key`, whose
/// keys are always encrypted PKCS#8) and adds the Java SDK warning.
fn key_format_ok(
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
    if let Some(warning) = crate::pki::keys::key_format_warning(format)
        && !warnings.contains(&warning)
    {
        warnings.push(warning);
    }
    Ok(())
}

/// `milvus-cert ca`.
pub fn ca(args: &CaArgs, output: Output) -> Result<u8> {
    let mut flags = Overrides {
        dir: args.output.dir.clone(),
        ca_cn: args.ca_cn.clone(),
        key_type: args.key.key_type,
        key_bits: args.key.key_bits,
        ca_days: args.ca_days,
        ..Overrides::default()
    };
    subject_overrides(&mut flags, &args.subject);
    let settings = settings(&flags, &args.output)?;
    if args.print_config {
        render::settings(&settings, output)?;
        return Ok(EXIT_OK);
    }
    crate::issue::plan::validate(&settings)?;
    let plan = CaPlan::from_settings(&settings, args.force, now())?;
    let dir = plan.dir.as_path();
    let names = [
        Role::Ca.key_file(),
        Role::Ca.cert_file(),
        SERIAL_FILE.to_string(),
    ];
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    if !args.output.dry_run {
        recover_pending(dir)?;
    }
    refuse_clobber(
        dir,
        &names,
        plan.force,
        "the CA (certificates it signed will stop verifying)",
    )?;
    let mut report = summary("ca", dir, args.output.dry_run);
    report.warnings = plan.warnings.clone();
    let format = args.key.key_format;
    key_format_ok(format, plan.key, args.encrypt_ca_key, &mut report.warnings)?;
    if args.output.dry_run {
        let mut taken = Vec::new();
        for name in &names {
            if !store::existing(dir, &[name]).is_empty() {
                let backup = backup_name(dir, name, &taken);
                let kind = match *name {
                    n if n == names[0] => FileKind::PrivateKey,
                    n if n == names[2] => FileKind::Serial,
                    _ => FileKind::Certificate,
                };
                let mut file = planned(dir, &backup, kind, None, None, None);
                file.action = Action::Backup;
                report.planned.push(file);
                taken.push(backup);
            }
        }
        report.planned.extend([
            planned(
                dir,
                names[0],
                FileKind::PrivateKey,
                Some(Role::Ca),
                None,
                None,
            ),
            planned(
                dir,
                names[1],
                FileKind::Certificate,
                Some(Role::Ca),
                None,
                Some(plan.validity.not_after),
            ),
            planned(dir, names[2], FileKind::Serial, None, None, None),
        ]);
        render::issued(&report, output)?;
        return Ok(EXIT_OK);
    }
    // Ask before the slow key generation, so a missing passphrase fails fast.
    let passphrase = passphrase(&args.output);
    let protect_with = if args.encrypt_ca_key {
        Some(passphrase.for_new(names[0])?)
    } else {
        None
    };
    store::ensure_dir(dir, true)?;
    let _lock = DirLock::acquire(dir)?;
    refuse_clobber(dir, &names, plan.force, "the CA")?;
    let key = {
        let _progress = render::Progress::for_keys(plan.key, 1);
        plan.key.generate()?
    };
    let ca_serial = Serial::random()?;
    let mut subject = plan.subject.clone();
    if !plan.ca_cn_given {
        subject.common_name = format!("{CA_CN_PREFIX} {}", &ca_serial.hex()[..8]);
    }
    let ca = CaBuilder::new(subject, plan.validity, ca_serial).build(key)?;
    // No certificate has been issued: ca.srl starts at a random value that no certificate
    // carries, so `openssl x509 -CAserial ca.srl` and milvus-cert both continue from it.
    let start = Serial::random()?;
    // A replaced CA is kept as ca.key.bak etc.: losing a CA key cannot be undone.
    let abs = absolute(dir);
    let mut files = Vec::new();
    let mut taken = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if store::existing(dir, &[name]).is_empty() {
            continue;
        }
        let backup = backup_name(dir, name, &taken);
        // A link planted at a CA file must not turn its target into a backup.
        let bytes = crate::store::read::read_input_nofollow(&dir.join(name))?;
        files.push(if i == 0 {
            OutFile::secret(backup.clone(), bytes)
        } else {
            OutFile::public(backup.clone(), bytes)
        });
        report.backups.push(BackupReport {
            path: abs.join(name),
            backup: abs.join(&backup),
        });
        taken.push(backup);
    }
    if !report.backups.is_empty() {
        report.warnings.push(format!(
            "replaced the CA in {}: certificates the old CA signed no longer verify against ca.pem; \
             issue new ones (milvus-cert server --force, milvus-cert client --force)",
            abs.display()
        ));
    }
    let key_pem = match protect_with {
        Some(pass) => crate::pki::protect::encrypt_pem(&ca.key_pem(), pass)?,
        None => crate::pki::keys::encode_key(&ca.key_pem(), format)?,
    };
    files.extend([
        OutFile::secret(names[0], key_pem.as_str()),
        OutFile::public(names[1], ca.cert_pem()),
        OutFile::public(names[2], start.to_srl()),
    ]);
    store::write_set_checked(dir, &files, true, plan.force)?;
    report.ca_key_format = Some(format);
    report.files = vec![
        FileReport::key(&abs, Role::Ca, ca.key_spec())
            .encrypted(args.encrypt_ca_key)
            .format(format),
        FileReport::cert(&abs, Role::Ca, ca.cert_der())?,
        FileReport::serial(&abs, &start),
    ];
    render::issued(&report, output)?;
    Ok(EXIT_OK)
}

/// `milvus-cert server` and `milvus-cert client`.
pub fn leaf(role: Role, args: &LeafArgs, output: Output) -> Result<u8> {
    let mut flags = Overrides {
        dir: args.output.dir.clone(),
        san: args.sans.clone(),
        key_type: args.key.key_type,
        key_bits: args.key.key_bits,
        days: args.days,
        ..Overrides::default()
    };
    subject_overrides(&mut flags, &args.subject);
    if role == Role::Server {
        flags.cn = args.cn.clone();
        flags.server_name = args.name.clone();
    } else {
        flags.client_cn = args.cn.clone();
        flags.client_name = args.name.clone();
    }
    let settings = settings(&flags, &args.output)?;
    if args.print_config {
        render::settings(&settings, output)?;
        return Ok(EXIT_OK);
    }
    let plan = IssuePlan::from_settings(&settings, role, args.force, now())?;
    crate::issue::plan::validate(&settings)?;
    let dir = plan.dir.as_path();
    let names = FileNames::new(&plan.name);
    let leaf_names = [names.key.as_str(), names.csr.as_str(), names.cert.as_str()];
    let what = format!("{}.{{key,csr,pem}}", plan.name);
    if !args.output.dry_run {
        recover_pending(dir)?;
    }
    refuse_clobber(dir, &leaf_names, plan.force, &what)?;
    let mut report = summary(&role.to_string(), dir, args.output.dry_run);
    report.warnings = plan.warnings.clone();
    let format = args.key.key_format;
    key_format_ok(format, plan.key, false, &mut report.warnings)?;

    let passphrase = passphrase(&args.output);
    if args.output.dry_run {
        let authority = Authority::load_with(dir, &passphrase)?;
        let serial = authority.start(1)?.as_ref().map(Serial::next).transpose()?;
        let na = Some(plan.validity.not_after);
        report.ca_key_format = Some(authority.key_format);
        report.planned = vec![
            planned(
                dir,
                &names.key,
                FileKind::PrivateKey,
                Some(role),
                None,
                None,
            ),
            planned(dir, &names.csr, FileKind::Csr, Some(role), None, None),
            planned(
                dir,
                &names.cert,
                FileKind::Certificate,
                Some(role),
                serial.as_ref(),
                na,
            ),
            planned(
                dir,
                SERIAL_FILE,
                FileKind::Serial,
                None,
                serial.as_ref(),
                None,
            ),
        ];
        render::issued(&report, output)?;
        return Ok(EXIT_OK);
    }

    // Ask now: not after the slow key generation, nor while holding the lock.
    Authority::ask_passphrase(dir, &passphrase)?;
    // Key generation is the slow part: do it before taking the lock.
    let key = {
        let _progress = render::Progress::for_keys(plan.key, 1);
        plan.key.generate()?
    };
    if !dir.is_dir() {
        // Gives the "no CA" message rather than a lock error.
        Authority::load(dir)?;
    }
    let _lock = DirLock::acquire(dir)?;
    let mut authority = Authority::load_with(dir, &passphrase)?;
    refuse_clobber(dir, &leaf_names, plan.force, &what)?;
    let serial = authority.next_serial()?;
    let builder = match role {
        Role::Server => LeafBuilder::server(plan.leaf.subject.clone(), plan.leaf.sans.clone()),
        _ => LeafBuilder::client(plan.leaf.subject.clone(), plan.leaf.sans.clone()),
    };
    let issued = builder.issue(&key, &authority.ca, plan.validity, &serial)?;
    let files = vec![
        OutFile::secret(names.key.clone(), key.pem(format)?.as_bytes()),
        OutFile::public(names.csr.clone(), issued.csr_pem.clone()),
        OutFile::public(names.cert.clone(), issued.cert_pem.clone()),
        OutFile::public(SERIAL_FILE, serial.to_srl()),
    ];
    let (files, backups) = store::with_backups(dir, files)?;
    store::write_set_checked(dir, &files, true, plan.force)?;
    report.warnings.extend(authority.warnings.iter().cloned());
    let abs = absolute(dir);
    report.backups = BackupReport::list(&abs, backups);
    ca_outlived(
        authority.ca.cert_der(),
        plan.validity.not_after,
        &mut report.warnings,
    );
    report.ca_key_format = Some(authority.key_format);
    report.files = vec![
        FileReport::key(&abs, role, plan.key)
            .format(format)
            .renamed(&abs, &names.key),
        FileReport::csr(&abs, role).renamed(&abs, &names.csr),
        FileReport::cert(&abs, role, &issued.cert_der)?.renamed(&abs, &names.cert),
        FileReport::serial(&abs, &serial),
    ];
    render::issued(&report, output)?;
    Ok(EXIT_OK)
}

/// Where `sign` writes: `--out`, else the CSR's name with `.pem` next to it.
fn sign_output(args: &SignArgs, ca_dir: &Path) -> Result<PathBuf> {
    let out = match &args.out {
        Some(out) => out.clone(),
        None if crate::store::read::is_stdin(&args.csr) => {
            bail!("--csr - reads the request from standard input; pass --out FILE")
        }
        None => args.csr.with_extension("pem"),
    };
    if out == args.csr {
        bail!(
            "the certificate would overwrite the request '{}'; pass --out FILE",
            args.csr.display()
        );
    }
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned());
    let Some(name) = name else {
        bail!("--out '{}' is not a file name", out.display());
    };
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.unwrap_or(Path::new("."));
    if (name == Role::Ca.cert_file() || name == SERIAL_FILE) && absolute(parent) == absolute(ca_dir)
    {
        bail!("the certificate would overwrite the CA's '{name}'; pass --out FILE");
    }
    Ok(out)
}

/// Refuses a request for the CA's own subject: a leaf named like its issuer confuses
/// chain building (and looks like the CA in every listing).
fn refuse_ca_subject(subject: &str, authority: &Authority, csr_path: &Path) -> Result<()> {
    let ca_subject = crate::issue::summary::CertInfo::from_der(authority.ca.cert_der())?.subject;
    if subject == ca_subject {
        bail!(
            "cannot sign '{}': it requests the CA's own subject ({}); a leaf named like its \
             issuer confuses chain building",
            csr_path.display(),
            crate::render::printable(&ca_subject)
        );
    }
    Ok(())
}

/// `milvus-cert sign`.
pub fn sign(args: &SignArgs, output: Output) -> Result<u8> {
    let flags = Overrides {
        dir: args.output.dir.clone(),
        days: args.days,
        ..Overrides::default()
    };
    let settings = settings(&flags, &args.output)?;
    crate::issue::plan::validate(&settings)?;
    let dir = settings.dir.value.clone();
    if !args.output.dry_run {
        recover_pending(&dir)?;
    }
    check_days(&settings.days.origin.label("days"), settings.days.value)?;
    let validity = Validity::days_from(now(), settings.days.value);

    // Before reading: `--csr -` without `--out` must fail before it consumes stdin.
    let out = sign_output(args, &dir)?;
    let csr_path = &args.csr;
    let bytes = crate::store::read::read_arg(csr_path)?;
    let mut template =
        read_csr(&bytes).with_context(|| format!("cannot sign '{}'", csr_path.display()))?;
    let role = match args.profile {
        Profile::Server => Role::Server,
        Profile::Client => Role::Client,
    };
    template.ekus = Ekus {
        server: role == Role::Server,
        client: role == Role::Client,
    };
    for extra in &args.sans {
        push_unique(&mut template.sans, San::parse(extra).context("--san")?);
    }
    if template.sans.len() > crate::pki::names::MAX_SANS {
        bail!(
            "cannot sign '{}': {} subjectAltNames with --san; at most {}",
            csr_path.display(),
            template.sans.len(),
            crate::pki::names::MAX_SANS
        );
    }
    let mut warnings = Vec::new();
    if template.sans.is_empty() {
        match template.cn.as_deref().map(San::parse) {
            Some(Ok(san)) => {
                warnings.push(format!(
                    "'{}' requests no subjectAltName; added its CommonName {san} (Go and Java clients check SANs only)",
                    csr_path.display()
                ));
                template.sans.push(san);
            }
            _ if role == Role::Server => bail!(
                "cannot sign '{}': it requests no subjectAltName and its CommonName is not a host name; pass --san NAME",
                csr_path.display()
            ),
            _ => {}
        }
    }
    if let Some(warning) = template.spec.compatibility_warning() {
        warnings.push(warning.to_string());
    }
    refuse_clobber(
        out.parent().unwrap_or(Path::new(".")),
        &[&out.file_name().unwrap_or_default().to_string_lossy()],
        args.force,
        "it",
    )?;
    let out_dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let out_name = out
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();

    let mut report = summary("sign", &dir, args.output.dry_run);
    report.warnings = warnings;
    let passphrase = passphrase(&args.output);
    if args.output.dry_run {
        let authority = Authority::load_with(&dir, &passphrase)?;
        let serial = authority.start(1)?.as_ref().map(Serial::next).transpose()?;
        report.ca_key_format = Some(authority.key_format);
        report.planned = vec![
            planned(
                &out_dir,
                &out_name,
                FileKind::Certificate,
                Some(role),
                serial.as_ref(),
                Some(validity.not_after),
            ),
            planned(
                &dir,
                SERIAL_FILE,
                FileKind::Serial,
                None,
                serial.as_ref(),
                None,
            ),
        ];
        render::issued(&report, output)?;
        return Ok(EXIT_OK);
    }

    if !dir.is_dir() {
        Authority::load(&dir)?;
    }
    Authority::ask_passphrase(&dir, &passphrase)?;
    let _lock = DirLock::acquire(&dir)?;
    let mut authority = Authority::load_with(&dir, &passphrase)?;
    refuse_ca_subject(&template.subject_text, &authority, csr_path)?;
    let serial = authority.next_serial()?;
    let signed = sign_template(&template, &authority.ca, validity, &serial)?;
    let cert_file = OutFile::public(out_name.clone(), signed.pem.clone());
    let srl_file = OutFile::public(SERIAL_FILE, serial.to_srl());
    if absolute(&out_dir) == absolute(&dir) {
        store::write_set_checked(&dir, &[cert_file, srl_file], true, args.force)?;
    } else {
        // ca.srl first: if the certificate cannot be written, a serial is skipped, never
        // reused.
        store::write_set_checked(&dir, &[srl_file], true, args.force)?;
        store::write_set(&out_dir, &[cert_file], args.force)?;
    }
    ca_outlived(
        authority.ca.cert_der(),
        validity.not_after,
        &mut report.warnings,
    );
    let abs = absolute(&dir);
    report.ca_key_format = Some(authority.key_format);
    report.warnings.extend(authority.warnings.iter().cloned());
    report.files = vec![
        FileReport::cert(&abs, role, &signed.der)?.renamed(&absolute(&out_dir), &out_name),
        FileReport::serial(&abs, &serial),
    ];
    render::issued(&report, output)?;
    Ok(EXIT_OK)
}

pub use crate::store::backup_name;

/// The base names `renew` works on: the NAMEs given, else server and client where they
/// exist (only server with --cn/--san, which name one certificate).
fn renew_names(args: &RenewArgs, settings: &Settings, dir: &Path) -> Result<Vec<String>> {
    let renaming = args.cn.is_some() || !args.sans.is_empty();
    if renaming && args.names.len() > 1 {
        bail!("--cn and --san name one certificate; renew one NAME at a time");
    }
    for name in &args.names {
        check_base_name("NAME", name)?;
    }
    if !args.names.is_empty() {
        return Ok(args.names.clone());
    }
    if !dir.is_dir() {
        bail!(
            "'{}' is not a directory; make certificates there with `{}`, or pass the directory that holds them with --dir",
            dir.display(),
            crate::check::advice::command(&["init"], dir, &[])
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
            crate::check::advice::command(&["init"], dir, &[])
        );
    }
    Ok(names)
}

/// Reads a leaf to renew: issued by the directory's CA, or by the CA `rotate-ca`
/// archived as ca.old.pem (a leaf that rotation skipped moves to the new CA).
fn read_renewable(
    der: &[u8],
    authority: &Authority,
    dir: &Path,
) -> Result<crate::pki::reuse::OldLeaf> {
    let archived = FileNames::new(Role::Ca.default_name()).archived().cert;
    let old_ca = read_input(&dir.join(archived))
        .ok()
        .and_then(|pem| parse_certificate_pem(&pem).ok());
    let mut issuers: Vec<&[u8]> = vec![authority.ca.cert_der()];
    issuers.extend(old_ca.as_deref());
    crate::pki::reuse::read_leaf_issued_by(der, &issuers)
}

/// Applies `--cn`/`--san` to a renewal: [`crate::pki::reuse::LeafTemplate::keep_names`].
fn rename_template(
    template: &mut crate::pki::reuse::LeafTemplate,
    name: &str,
    args: &RenewArgs,
) -> Result<()> {
    template.keep_names(name, args.cn.as_deref(), &args.sans)
}

/// One certificate to renew, decided.
struct Renewal {
    name: String,
    role: Role,
    template: crate::pki::reuse::LeafTemplate,
    validity: Validity,
    key: Option<crate::pki::PrivateKey>,
    spec: KeySpec,
    write_csr: bool,
}

/// `milvus-cert renew`.
pub fn renew(args: &RenewArgs, output: Output) -> Result<u8> {
    let flags = Overrides {
        dir: args.output.dir.clone(),
        days: args.days,
        ..Overrides::default()
    };
    let settings = settings(&flags, &args.output)?;
    crate::issue::plan::validate(&settings)?;
    let dir = settings.dir.value.clone();
    if args.keep_key && (args.key_type.is_some() || args.key_bits.is_some()) {
        bail!("--keep-key keeps the old key, so --key-type and --key-bits do not apply");
    }
    let new_spec = match args.key_type {
        Some(kt) => Some(KeySpec::new(kt, args.key_bits)?),
        None if args.key_bits.is_some() => {
            Some(KeySpec::new(crate::pki::KeyType::Rsa, args.key_bits)?)
        }
        None => None,
    };
    let names = renew_names(args, &settings, &dir)?;

    let passphrase = passphrase(&args.output);
    let lock = if args.output.dry_run {
        None
    } else {
        recover_pending(&dir)?;
        if !dir.is_dir() {
            Authority::load(&dir)?;
        }
        Authority::ask_passphrase(&dir, &passphrase)?;
        Some(DirLock::acquire(&dir)?)
    };
    let mut authority = Authority::load_with(&dir, &passphrase)?;
    let now = now();
    let mut renewals = Vec::new();
    let mut loose_keys = authority.warnings.clone();
    for name in &names {
        let files = leaf_files(&dir, name);
        let cert_path = dir.join(&files.cert);
        let bytes = read_input(&cert_path)?;
        let mut old = parse_certificate_pem(&bytes)
            .and_then(|der| read_renewable(&der, &authority, &dir))
            .with_context(|| format!("cannot renew '{}'", cert_path.display()))?;
        rename_template(&mut old.template, name, args)?;
        let days = match settings.days.origin {
            Origin::Default => old.days,
            _ => settings.days.value,
        };
        check_days(&settings.days.origin.label("days"), days)?;
        let key = if args.keep_key {
            let key_path = dir.join(&files.key);
            let pem = zeroize::Zeroizing::new(read_input(&key_path)?);
            let parsed = parse_private_key(&pem)
                .with_context(|| format!("cannot keep '{}'", key_path.display()))?;
            loose_keys.extend(store::loose_key_warning(&key_path));
            if parsed.key.pair().subject_public_key_info() != old.template.spki {
                bail!(
                    "cannot keep '{}': it is not the key of '{}'",
                    key_path.display(),
                    cert_path.display()
                );
            }
            Some(parsed.key)
        } else {
            None
        };
        let spec = new_spec.unwrap_or(old.template.spec);
        let role = if old.template.ekus.server || !old.template.ekus.client {
            Role::Server
        } else {
            Role::Client
        };
        renewals.push(Renewal {
            write_csr: !args.keep_key || dir.join(&files.csr).exists(),
            name: name.clone(),
            role,
            template: old.template,
            validity: Validity::days_from(now, days),
            key,
            spec,
        });
    }

    let mut report = summary("renew", &dir, args.output.dry_run);
    report.ca_key_format = Some(authority.key_format);
    report.warnings.append(&mut loose_keys);
    for r in &renewals {
        if r.template.sans.is_empty() {
            report.warnings.push(format!(
                "{} has no subjectAltName; only its legacy CommonName can match a server name \
                 (Go refuses that): add one with `{}`",
                leaf_files(&dir, &r.name).cert,
                crate::check::advice::command(
                    &["renew", &r.name],
                    &absolute(&dir),
                    &["--san", "NAME"]
                )
            ));
        }
        if let Some(w) = r.spec.compatibility_warning()
            && r.key.is_none()
        {
            report.warnings.push(w.to_string());
        }
    }

    // Plan every file: backups first, then the new contents.
    let mut taken: Vec<String> = Vec::new();
    let mut serial = authority.last.clone();
    let mut planned_files = Vec::new();
    let mut backups = Vec::new();
    for r in &renewals {
        let files = leaf_files(&dir, &r.name);
        let mut replaced = vec![(files.cert.clone(), FileKind::Certificate)];
        if r.key.is_none() {
            replaced.push((files.key.clone(), FileKind::PrivateKey));
        }
        if r.write_csr {
            replaced.push((files.csr.clone(), FileKind::Csr));
        }
        for (file, kind) in &replaced {
            if !store::existing(&dir, &[file.as_str()]).is_empty() {
                let backup = backup_name(&dir, file, &taken);
                taken.push(backup.clone());
                backups.push((file.clone(), backup, *kind == FileKind::PrivateKey));
            }
        }
        serial = serial.map(|s| s.next()).transpose()?;
        for (file, kind) in replaced {
            let is_cert = kind == FileKind::Certificate;
            planned_files.push(planned(
                &dir,
                &file,
                kind,
                Some(r.role),
                if is_cert { serial.as_ref() } else { None },
                is_cert.then_some(r.validity.not_after),
            ));
        }
    }

    if args.output.dry_run {
        let mut plan: Vec<PlannedFile> = backups
            .iter()
            .map(|(_, backup, _)| PlannedFile {
                action: Action::Backup,
                ..planned(&dir, backup, FileKind::Certificate, None, None, None)
            })
            .collect();
        for b in &mut plan {
            b.kind = if b.name.contains(".key.") {
                FileKind::PrivateKey
            } else if b.name.contains(".csr.") {
                FileKind::Csr
            } else {
                FileKind::Certificate
            };
        }
        plan.extend(planned_files);
        plan.push(planned(
            &dir,
            SERIAL_FILE,
            FileKind::Serial,
            None,
            serial.as_ref(),
            None,
        ));
        report.planned = plan;
        render::issued(&report, output)?;
        return Ok(EXIT_OK);
    }

    let mut out = Vec::new();
    for (file, backup, secret) in &backups {
        let bytes = crate::store::read::read_input_nofollow(&dir.join(file))?;
        out.push(if *secret {
            OutFile::secret(backup.clone(), bytes)
        } else {
            OutFile::public(backup.clone(), bytes)
        });
    }
    let abs = absolute(&dir);
    let mut reports = Vec::new();
    let mut last = None;
    for r in renewals {
        let files = leaf_files(&dir, &r.name);
        let serial = authority.next_serial()?;
        let (key, new_key) = match r.key {
            Some(key) => (key, false),
            None => {
                let _progress = render::Progress::for_keys(r.spec, 1);
                (r.spec.generate()?, true)
            }
        };
        let mut template = r.template;
        template.spki = key.pair().subject_public_key_info();
        template.spec = key.spec();
        let signed = sign_template(&template, &authority.ca, r.validity, &serial)?;
        if new_key {
            crate::pki::keys::check_key_format(args.key_format, key.spec())?;
            let warning = crate::pki::keys::key_format_warning(args.key_format);
            if let Some(w) = warning.filter(|w| !report.warnings.contains(w)) {
                report.warnings.push(w);
            }
            out.push(OutFile::secret(
                files.key.clone(),
                key.pem(args.key_format)?.as_bytes(),
            ));
            reports.push(
                FileReport::key(&abs, r.role, key.spec())
                    .format(args.key_format)
                    .renamed(&abs, &files.key),
            );
        }
        if r.write_csr {
            out.push(OutFile::public(
                files.csr.clone(),
                csr_for(&template, &key)?,
            ));
            reports.push(FileReport::csr(&abs, r.role).renamed(&abs, &files.csr));
        }
        out.push(OutFile::public(files.cert.clone(), signed.pem.clone()));
        reports.push(FileReport::cert(&abs, r.role, &signed.der)?.renamed(&abs, &files.cert));
        ca_outlived(
            authority.ca.cert_der(),
            r.validity.not_after,
            &mut report.warnings,
        );
        last = Some(serial);
    }
    if let Some(last) = &last {
        out.push(OutFile::public(SERIAL_FILE, last.to_srl()));
        reports.push(FileReport::serial(&abs, last));
    }
    store::write_set_checked(&dir, &out, true, args.force)?;
    drop(lock);
    report.files = reports;
    report.backups = backups
        .into_iter()
        .map(|(file, backup, _)| BackupReport {
            path: abs.join(file),
            backup: abs.join(backup),
        })
        .collect();
    render::issued(&report, output)?;
    Ok(EXIT_OK)
}
