//! What a command made, as plain data for `render` (text or JSON).

use crate::issue::role::Role;
use crate::issue::serial::Serial;
use crate::pki::KeySpec;
use crate::pki::parse::KeyFormat;
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

pub use crate::store::{Action, FileKind, PlannedWrite};
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

/// The facts about a written certificate.
#[derive(Debug, Clone, Serialize)]
pub struct CertInfo {
    /// Subject, RFC 4514-like (`C=CN, O=milvus, CN=localhost`).
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// Serial, upper-case hex.
    pub serial: String,
    /// notBefore.
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    /// notAfter.
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// subjectAltNames as `DNS:name` / `IP:addr`.
    pub sans: Vec<String>,
    /// SHA-256 of the DER, lower-case hex.
    pub sha256: String,
}

impl CertInfo {
    /// Reads the facts back from the DER with x509-parser.
    pub fn from_der(der: &[u8]) -> Result<CertInfo> {
        let (_, cert) = X509Certificate::from_der(der)
            .map_err(|e| anyhow!("cannot read back a certificate just made: {e}"))?;
        Ok(CertInfo::of(&cert, der))
    }

    /// The facts of a parsed certificate: the one certificate object every command's
    /// JSON carries (files written, rotate-ca, inspect, status, probe).
    pub fn of(cert: &X509Certificate<'_>, der: &[u8]) -> CertInfo {
        let sans = cert
            .subject_alternative_name()
            .ok()
            .flatten()
            .map(|ext| {
                ext.value
                    .general_names
                    .iter()
                    .filter_map(general_name)
                    .collect()
            })
            .unwrap_or_default();
        CertInfo {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial: Serial::from_be_bytes(cert.raw_serial()).hex(),
            not_before: cert.validity().not_before.to_datetime(),
            not_after: cert.validity().not_after.to_datetime(),
            sans,
            sha256: sha256_hex(der),
        }
    }
}

fn general_name(name: &GeneralName<'_>) -> Option<String> {
    match name {
        GeneralName::DNSName(dns) => Some(format!("DNS:{dns}")),
        GeneralName::IPAddress(bytes) => match bytes.len() {
            4 => Some(format!(
                "IP:{}",
                std::net::Ipv4Addr::from(<[u8; 4]>::try_from(*bytes).ok()?)
            )),
            16 => Some(format!(
                "IP:{}",
                std::net::Ipv6Addr::from(<[u8; 16]>::try_from(*bytes).ok()?)
            )),
            _ => None,
        },
        other => Some(other.to_string()),
    }
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One file a command wrote.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// File name.
    pub name: String,
    /// Full path.
    pub path: PathBuf,
    /// What it is.
    pub kind: FileKind,
    /// Whose it is (absent for ca.srl).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Permissions, octal (`0600`).
    pub mode: String,
    /// Key algorithm, for keys (`rsa-2048`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<crate::certdir::inspect::KeyDesc>,
    /// Certificate facts, for certificates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertInfo>,
    /// Last serial used, for ca.srl.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_serial: Option<String>,
    /// The key is passphrase-protected (encrypted PKCS#8); present only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub encrypted: bool,
    /// The encoding of a private key file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_format: Option<KeyFormat>,
}

impl FileReport {
    fn new(dir: &Path, name: String, kind: FileKind, role: Option<Role>, mode: u32) -> Self {
        FileReport {
            path: dir.join(&name),
            name,
            kind,
            role,
            mode: format!("{mode:04o}"),
            key: None,
            certificate: None,
            last_serial: None,
            encrypted: false,
            key_format: None,
        }
    }

    /// A private key file.
    pub fn key(dir: &Path, role: Role, spec: KeySpec) -> Self {
        FileReport {
            key: Some(crate::certdir::inspect::KeyDesc::of_spec(spec)),
            key_format: Some(KeyFormat::Pkcs8),
            ..Self::new(
                dir,
                role.key_file(),
                FileKind::PrivateKey,
                Some(role),
                crate::store::KEY_MODE,
            )
        }
    }

    /// A CSR file.
    pub fn csr(dir: &Path, role: Role) -> Self {
        Self::new(
            dir,
            role.csr_file(),
            FileKind::Csr,
            Some(role),
            crate::store::PUBLIC_MODE,
        )
    }

    /// A certificate file.
    pub fn cert(dir: &Path, role: Role, der: &[u8]) -> Result<Self> {
        Ok(FileReport {
            certificate: Some(CertInfo::from_der(der)?),
            ..Self::new(
                dir,
                role.cert_file(),
                FileKind::Certificate,
                Some(role),
                crate::store::PUBLIC_MODE,
            )
        })
    }

    /// The serial file.
    pub fn serial(dir: &Path, last: &Serial) -> Self {
        FileReport {
            last_serial: Some(last.hex()),
            ..Self::new(
                dir,
                crate::issue::role::SERIAL_FILE.to_string(),
                FileKind::Serial,
                None,
                crate::store::PUBLIC_MODE,
            )
        }
    }
}

/// Whether `init` made a CA or reused the directory's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CaOrigin {
    /// A new CA was made.
    Created,
    /// The CA already in the directory signed the new leaves.
    Reused,
}

/// The result of `init`.
#[derive(Debug, Clone, Serialize)]
pub struct InitSummary {
    /// The directory, absolute.
    pub dir: PathBuf,
    /// Key algorithm of the new keys.
    pub key: crate::certdir::inspect::KeyDesc,
    /// New or reused CA.
    pub ca: CaOrigin,
    /// The CA key's format on disk.
    pub ca_key_format: KeyFormat,
    /// Files written, in gen.sh's order (a reused CA's files are listed but unchanged).
    pub files: Vec<FileReport>,
    /// Replaced files (`--force`) and where their old contents are kept.
    pub backups: Vec<BackupReport>,
    /// Things the user should know.
    pub warnings: Vec<String>,
}

/// A file kept as a backup before being replaced.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    /// The replaced file.
    pub path: PathBuf,
    /// Where its old contents are now.
    pub backup: PathBuf,
}

impl BackupReport {
    /// The entries for (replaced, backup) file names in the absolute directory `abs`.
    pub fn list(abs: &std::path::Path, pairs: Vec<(String, String)>) -> Vec<BackupReport> {
        pairs
            .into_iter()
            .map(|(file, backup)| BackupReport {
                path: abs.join(file),
                backup: abs.join(backup),
            })
            .collect()
    }
}

/// The result of `ca`, `server`, `client`, `sign` or `renew` (and `init --dry-run`).
#[derive(Debug, Clone, Serialize)]
pub struct IssueSummary {
    /// The subcommand.
    #[serde(skip)]
    pub command: String,
    /// The CA directory, absolute.
    pub dir: PathBuf,
    /// Whether nothing was written.
    #[serde(skip)]
    pub dry_run: bool,
    /// The CA key's format on disk (absent when the CA is new and not yet written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_key_format: Option<KeyFormat>,
    /// Files written (empty in a dry run).
    pub files: Vec<FileReport>,
    /// Files that would be written (dry run only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub planned: Vec<PlannedWrite>,
    /// Old files kept before being replaced.
    pub backups: Vec<BackupReport>,
    /// Things the user should know.
    pub warnings: Vec<String>,
}

impl FileReport {
    /// The same report for a file with another name in `dir` (e.g. `app1.pem`).
    pub fn renamed(self, dir: &Path, name: &str) -> Self {
        FileReport {
            name: name.to_string(),
            path: dir.join(name),
            ..self
        }
    }

    /// The same report, for a key written in `format`.
    pub fn format(self, format: KeyFormat) -> Self {
        FileReport {
            key_format: Some(format),
            ..self
        }
    }

    /// The same report, marked as a passphrase-protected key.
    pub fn encrypted(self, encrypted: bool) -> Self {
        FileReport { encrypted, ..self }
    }
}
