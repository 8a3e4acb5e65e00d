//! `milvus-cert sign`: a certificate for a CSR made elsewhere (`openssl req`).

use crate::issue::authority::{Authority, DirLock, recover_pending};
use crate::issue::issuing::{self, ca_outlived, refuse_clobber};
use crate::issue::reuse::{Ekus, LeafTemplate, read_csr, sign_template};
use crate::issue::summary::{FileReport, IssueSummary};
use crate::pki::names::{MAX_SANS, push_unique};
use crate::pki::serial::Serial;
use crate::pki::{San, Validity};
use crate::store::passphrase::PassphraseSource;
use crate::store::role::{Role, SERIAL_FILE};
use crate::store::{self, FileKind, OutFile, PlannedWrite, absolute};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// What `sign` was asked to do.
#[derive(Debug, Clone)]
pub struct SignOptions {
    /// The request (`-`: standard input).
    pub csr: PathBuf,
    /// Where the certificate goes (default: the CSR's name with `.pem`).
    pub out: Option<PathBuf>,
    /// Server or client certificate.
    pub role: Role,
    /// subjectAltNames to add.
    pub sans: Vec<String>,
    /// Replace an existing output file.
    pub force: bool,
    /// Only report what would be written.
    pub dry_run: bool,
}

/// Where `sign` writes: `--out`, else the CSR's name with `.pem` next to it; as
/// (directory, file name).
fn sign_output(opts: &SignOptions, ca_dir: &Path) -> Result<(PathBuf, String)> {
    let out = match &opts.out {
        Some(out) => out.clone(),
        None if crate::store::read::is_stdin(&opts.csr) => {
            bail!("--csr - reads the request from standard input; pass --out FILE")
        }
        None => opts.csr.with_extension("pem"),
    };
    if out == opts.csr {
        bail!(
            "the certificate would overwrite the request '{}'; pass --out FILE",
            opts.csr.display()
        );
    }
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned());
    let Some(name) = name else {
        bail!("--out '{}' is not a file name", out.display());
    };
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.unwrap_or(Path::new(".")).to_path_buf();
    if (name == Role::Ca.cert_file() || name == SERIAL_FILE)
        && absolute(&parent) == absolute(ca_dir)
    {
        bail!("the certificate would overwrite the CA's '{name}'; pass --out FILE");
    }
    Ok((parent, name))
}

/// The request read as a certificate of `role`: its names plus `--san`, a SAN from its
/// CommonName when it has none.
fn template(opts: &SignOptions, warnings: &mut Vec<String>) -> Result<LeafTemplate> {
    let csr_path = &opts.csr;
    let bytes = crate::store::read::read_arg(csr_path)?;
    let mut template =
        read_csr(&bytes).with_context(|| format!("cannot sign '{}'", csr_path.display()))?;
    template.ekus = Ekus {
        server: opts.role == Role::Server,
        client: opts.role == Role::Client,
    };
    for extra in &opts.sans {
        push_unique(&mut template.sans, San::parse(extra).context("--san")?);
    }
    if template.sans.len() > MAX_SANS {
        bail!(
            "cannot sign '{}': {} subjectAltNames with --san; at most {MAX_SANS}",
            csr_path.display(),
            template.sans.len(),
        );
    }
    if template.sans.is_empty() {
        match template.cn.as_deref().map(San::parse) {
            Some(Ok(san)) => {
                warnings.push(format!(
                    "'{}' requests no subjectAltName; added its CommonName {san} (Go and Java clients check SANs only)",
                    csr_path.display()
                ));
                template.sans.push(san);
            }
            _ if opts.role == Role::Server => bail!(
                "cannot sign '{}': it requests no subjectAltName and its CommonName is not a host name; pass --san NAME",
                csr_path.display()
            ),
            _ => {}
        }
    }
    if let Some(warning) = template.spec.compatibility_warning() {
        warnings.push(warning.to_string());
    }
    Ok(template)
}

/// Refuses a request for the CA's own subject: a leaf named like its issuer confuses
/// chain building (and looks like the CA in every listing).
fn refuse_ca_subject(subject: &str, authority: &Authority, csr_path: &Path) -> Result<()> {
    let ca_subject = crate::issue::summary::cert_info(authority.ca.cert_der())?.subject;
    if subject == ca_subject {
        bail!(
            "cannot sign '{}': it requests the CA's own subject ({}); a leaf named like its \
             issuer confuses chain building",
            csr_path.display(),
            crate::terminal::printable(&ca_subject)
        );
    }
    Ok(())
}

/// The files `sign` writes: the certificate, and `ca.srl` in the CA directory.
pub fn planned(
    (out_dir, out_name): (&Path, &str),
    ca_dir: &Path,
    role: Role,
    serial: Option<&Serial>,
    validity: Validity,
) -> Vec<PlannedWrite> {
    let hex = serial.map(Serial::hex);
    vec![
        PlannedWrite::new(out_dir, out_name, FileKind::Certificate, Some(role))
            .issued(hex.clone(), Some(validity.not_after)),
        PlannedWrite::new(ca_dir, SERIAL_FILE, FileKind::Serial, None).issued(hex, None),
    ]
}

/// Runs `sign` with the CA in `dir` (or, with `dry_run`, reports what it would write).
pub fn run(
    opts: &SignOptions,
    dir: &Path,
    validity: Validity,
    passphrase: &PassphraseSource,
) -> Result<IssueSummary> {
    if !opts.dry_run {
        recover_pending(dir)?;
    }
    // Before reading: `--csr -` without `--out` must fail before it consumes stdin.
    let (out_dir, out_name) = sign_output(opts, dir)?;
    let mut report = issuing::report("sign", dir, opts.dry_run);
    let template = template(opts, &mut report.warnings)?;
    refuse_clobber(&out_dir, &[&out_name], opts.force, "it")?;
    let target = (out_dir.as_path(), out_name.as_str());
    if opts.dry_run {
        let authority = Authority::load_with(dir, passphrase)?;
        let serial = authority.start(1)?.as_ref().map(Serial::next).transpose()?;
        report.ca_key_format = Some(authority.key_format);
        report.planned = planned(target, dir, opts.role, serial.as_ref(), validity);
        return Ok(report);
    }
    if !dir.is_dir() {
        Authority::load(dir)?;
    }
    Authority::ask_passphrase(dir, passphrase)?;
    let _lock = DirLock::acquire(dir)?;
    let mut authority = Authority::load_with(dir, passphrase)?;
    refuse_ca_subject(&template.subject_text, &authority, &opts.csr)?;
    let serial = authority.next_serial()?;
    let planned = planned(target, dir, opts.role, Some(&serial), validity);
    let signed = sign_template(&template, &authority.ca, validity, &serial)?;
    let made = vec![
        OutFile::public(out_name.clone(), signed.pem.clone()),
        OutFile::public(SERIAL_FILE, serial.to_srl()),
    ];
    store::write_planned(&planned, made, opts.force)?;
    ca_outlived(
        authority.ca.cert_der(),
        validity.not_after,
        &mut report.warnings,
    );
    let abs = absolute(dir);
    report.ca_key_format = Some(authority.key_format);
    report.warnings.extend(authority.warnings.iter().cloned());
    report.files = vec![
        FileReport::cert(&abs, opts.role, &signed.der)?.renamed(&absolute(&out_dir), &out_name),
        FileReport::serial(&abs, &serial),
    ];
    Ok(report)
}
