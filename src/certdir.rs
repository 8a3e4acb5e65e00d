//! The one loader of a Milvus certificate directory: each expected file is read once,
//! and a load problem (missing, unreadable, wrong content) is kept as data for `verify`
//! to report, never an early return.

use crate::inspect::CertView;
use crate::items::{self, Item, KeyItem};
use crate::load;
use crate::role::Role;
use anyhow::{Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// Why an expected file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    /// The file does not exist.
    Missing,
    /// It exists but cannot be read (permissions, a directory, a dangling symlink,
    /// over the size limit).
    Unreadable(String),
    /// PEM framing is broken or the bytes are neither PEM nor DER.
    Malformed(String),
    /// It holds something else (`found`: "a private key").
    WrongContent {
        /// What it holds instead.
        found: String,
    },
    /// The certificate's DER cannot be parsed as X.509.
    BadCertificate(String),
    /// The key cannot be parsed.
    BadKey(String),
}

/// Certificates read from one file, leaf (or first CA) first.
#[derive(Debug, Clone)]
pub struct CertFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The certificates, in file order.
    pub certs: Vec<CertView>,
}

/// A private key read from one file.
#[derive(Debug, Clone)]
pub struct KeyFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Format and algorithm.
    pub key: KeyItem,
}

/// A Milvus certificate directory, as loaded.
#[derive(Debug, Clone)]
pub struct CertDir {
    /// The directory, absolute when it could be made so.
    pub dir: PathBuf,
    /// File name shown for the trust source (`ca.pem` or the `--ca` path).
    pub ca_name: String,
    /// Trust anchors: ca.pem or `--ca FILE`, one or more CA certificates.
    pub ca: Result<CertFile, LoadProblem>,
    /// ca.key (optional: only needed to issue).
    pub ca_key: Result<KeyFile, LoadProblem>,
    /// server.pem (leaf first, any intermediates after).
    pub server: Result<CertFile, LoadProblem>,
    /// server.key.
    pub server_key: Result<KeyFile, LoadProblem>,
    /// client.pem.
    pub client: Result<CertFile, LoadProblem>,
    /// client.key.
    pub client_key: Result<KeyFile, LoadProblem>,
}

impl CertDir {
    /// Loads `dir`, taking the trust anchors from `ca` instead of `dir/ca.pem` when given.
    /// Fails only when the directory itself (or an explicit `--ca` file) cannot be read.
    pub fn load(dir: &Path, ca: Option<&Path>, now: OffsetDateTime) -> Result<CertDir> {
        match fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => bail!("cannot read directory '{}': not a directory", dir.display()),
            Err(e) => bail!(
                "cannot read directory '{}': {}",
                dir.display(),
                load::io_reason(&e)
            ),
        }
        if let Err(e) = fs::read_dir(dir) {
            bail!(
                "cannot read directory '{}': {}",
                dir.display(),
                load::io_reason(&e)
            );
        }
        // A write an earlier run left interrupted is finished first (best effort: a
        // read-only directory is read as it is).
        let _ = crate::authority::recover_pending(dir);
        let (ca_path, ca_name) = match ca {
            Some(path) => {
                // An explicit trust file that cannot be read is a usage error, not a finding.
                load::read_input(path)?;
                (path.to_path_buf(), path.display().to_string())
            }
            None => (dir.join(Role::Ca.cert_file()), Role::Ca.cert_file()),
        };
        let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        Ok(CertDir {
            ca: load_certs(&ca_path, now),
            ca_name,
            ca_key: load_key(&dir.join(Role::Ca.key_file())),
            server: load_certs(&dir.join(Role::Server.cert_file()), now),
            server_key: load_key(&dir.join(Role::Server.key_file())),
            client: load_certs(&dir.join(Role::Client.cert_file()), now),
            client_key: load_key(&dir.join(Role::Client.key_file())),
            dir,
        })
    }
}

fn read_blob(path: &Path) -> Result<items::Blob, LoadProblem> {
    if fs::symlink_metadata(path).is_err() {
        return Err(LoadProblem::Missing);
    }
    // Wiped on drop: the file may hold a private key.
    let bytes = load::read_input(path)
        .map(zeroize::Zeroizing::new)
        .map_err(|e| {
            let text = format!("{e:#}");
            let cause = text.rsplit("': ").next().unwrap_or(&text).to_string();
            if path.is_symlink() && !path.exists() {
                LoadProblem::Unreadable(format!("{cause} (dangling symlink)"))
            } else {
                LoadProblem::Unreadable(cause)
            }
        })?;
    items::read_items(&bytes).map_err(|e| LoadProblem::Malformed(e.to_string()))
}

/// Reads every certificate in a file. Other PEM blocks next to certificates are skipped,
/// as Go's `tls.LoadX509KeyPair` does; a file with no certificate is wrong content.
pub fn load_certs(path: &Path, now: OffsetDateTime) -> Result<CertFile, LoadProblem> {
    let blob = read_blob(path)?;
    let mut certs = Vec::new();
    for item in &blob.items {
        if let Item::Certificate(der) = item {
            certs.push(CertView::from_der(der, now).map_err(LoadProblem::BadCertificate)?);
        }
    }
    if certs.is_empty() {
        let found = blob.items.first().map(Item::describe).unwrap_or_default();
        return Err(LoadProblem::WrongContent { found });
    }
    Ok(CertFile {
        path: path.to_path_buf(),
        certs,
    })
}

/// Reads one private key; `EC PARAMETERS` blocks (from `openssl ecparam -genkey`) are skipped.
pub fn load_key(path: &Path) -> Result<KeyFile, LoadProblem> {
    let blob = read_blob(path)?;
    let mut keys = blob.items.iter().filter_map(|i| match i {
        Item::PrivateKey(k) => Some(k),
        _ => None,
    });
    let Some(key) = keys.next() else {
        let found = blob
            .items
            .iter()
            .find(|i| !matches!(i, Item::Other { label } if label == "EC PARAMETERS"))
            .or(blob.items.first())
            .map(Item::describe)
            .unwrap_or_default();
        return Err(LoadProblem::WrongContent { found });
    };
    if keys.next().is_some() {
        return Err(LoadProblem::BadKey(
            "more than one private key in the file".to_string(),
        ));
    }
    if !key.encrypted
        && let Err(e) = &key.info
    {
        return Err(LoadProblem::BadKey(e.clone()));
    }
    Ok(KeyFile {
        path: path.to_path_buf(),
        key: key.clone(),
    })
}
