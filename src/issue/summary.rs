//! What a command made, as plain data for `render` (text or JSON).

use crate::certdir::view::{CertInfo, CertView};
use crate::pki::KeySpec;
use crate::pki::parse::KeyFormat;
use crate::pki::serial::Serial;
use crate::store::role::Role;
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

pub use crate::store::{Action, FileKind, PlannedWrite};

/// The certificate object of a certificate just made, read back through the one view.
pub fn cert_info(der: &[u8]) -> Result<CertInfo> {
    CertView::from_der(der, OffsetDateTime::now_utc())
        .map(|view| view.certificate)
        .map_err(|e| anyhow!("cannot read back a certificate just made: {e}"))
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
    pub key: Option<KeySpec>,
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
            key: Some(spec),
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
            certificate: Some(cert_info(der)?),
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
                crate::store::role::SERIAL_FILE.to_string(),
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
    pub key: KeySpec,
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
