//! The one loader of a Milvus certificate directory: each expected file is read once,
//! and a load problem (missing, unreadable, wrong content) is kept as data for `verify`
//! to report, never an early return.

pub(crate) mod inspect;
pub(crate) mod items;
pub(crate) mod par;
pub(crate) mod view;

use crate::certdir::items::Item;
use crate::certdir::view::{CertView, KeyView};
use crate::store::read;
use crate::store::role::Role;
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
    pub key: KeyView,
    /// Its permission bits, when read from disk (Unix).
    pub mode: Option<u32>,
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
    /// Every other leaf certificate in the directory (`NAME.pem`, `NAME.crt`, `NAME.cer`
    /// holding a non-CA certificate, or that cannot be read), sorted by file name.
    pub others: Vec<OtherLeaf>,
    /// Writes an earlier run left interrupted (staging directories), reported by `verify`.
    pub pending: Vec<crate::store::PendingWrite>,
}

/// A leaf certificate file besides server.pem and client.pem (e.g. from
/// `milvus-cert client --name app1`), with its `NAME.key` when one exists.
#[derive(Debug, Clone)]
pub struct OtherLeaf {
    /// The certificate's file name (lossy for non-UTF-8 names).
    pub name: String,
    /// The key's file name (`NAME.key`).
    pub key_name: String,
    /// The certificates, or why they could not be used.
    pub cert: Result<CertFile, LoadProblem>,
    /// `NAME.key`: `None` when there is no such file.
    pub key: Option<Result<KeyFile, LoadProblem>>,
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
                read::io_reason(&e)
            ),
        }
        if let Err(e) = fs::read_dir(dir) {
            bail!(
                "cannot read directory '{}': {}",
                dir.display(),
                read::io_reason(&e)
            );
        }
        // A read command never writes: an interrupted write is reported, not finished.
        let pending = crate::store::pending_writes(dir);
        let (ca_path, ca_name, ca_bytes) = match ca {
            Some(path) => {
                // An explicit trust file that cannot be read is a usage error, not a
                // finding. Read once: `-` (standard input) cannot be read twice.
                let bytes = read::read_arg(path)?;
                (path.to_path_buf(), path.display().to_string(), Some(bytes))
            }
            None => (dir.join(Role::Ca.cert_file()), Role::Ca.cert_file(), None),
        };
        let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let others = other_leaves(&dir, &ca_path, now);
        Ok(CertDir {
            others,
            pending,
            ca: match &ca_bytes {
                Some(bytes) => certs_from_bytes(&ca_path, bytes, now),
                None => load_certs(&ca_path, now),
            },
            ca_name,
            ca_key: load_key(&dir.join(Role::Ca.key_file())),
            server: load_certs(&dir.join(Role::Server.cert_file()), now),
            server_key: load_key(&dir.join(Role::Server.key_file())),
            client: load_certs(&dir.join(Role::Client.cert_file()), now),
            client_key: load_key(&dir.join(Role::Client.key_file())),
            dir,
        })
    }

    /// Builds a directory from in-memory files (`name` → contents, `None` = missing),
    /// exactly as [`CertDir::load`] would read them: for the fuzz targets and tests.
    /// `others` lists the other leaf files by name.
    pub fn from_memory(
        files: &dyn Fn(&str) -> Option<Vec<u8>>,
        others: &[&str],
        now: OffsetDateTime,
    ) -> CertDir {
        let cert = |name: String| match files(&name) {
            Some(bytes) => certs_from_bytes(Path::new(&name), &bytes, now),
            None => Err(LoadProblem::Missing),
        };
        let key = |name: String| match files(&name) {
            Some(bytes) => key_from_bytes(Path::new(&name), &bytes),
            None => Err(LoadProblem::Missing),
        };
        CertDir {
            dir: PathBuf::from("."),
            ca_name: Role::Ca.cert_file(),
            ca: cert(Role::Ca.cert_file()),
            ca_key: key(Role::Ca.key_file()),
            server: cert(Role::Server.cert_file()),
            server_key: key(Role::Server.key_file()),
            client: cert(Role::Client.cert_file()),
            client_key: key(Role::Client.key_file()),
            pending: Vec::new(),
            others: others
                .iter()
                .filter_map(|name| {
                    let key_name = key_name_of(name);
                    let leaf = OtherLeaf {
                        name: name.to_string(),
                        cert: cert(name.to_string()),
                        key: files(&key_name).map(|b| key_from_bytes(Path::new(&key_name), &b)),
                        key_name,
                    };
                    is_leaf(&leaf).then_some(leaf)
                })
                .collect(),
        }
    }
}

/// Certificate file extensions, in any case (`server.pem`, `app.crt`, `tls.CER`).
const CERT_EXTENSIONS: [&str; 3] = ["pem", "crt", "cer"];

/// The one rule for which directory entries are certificate files, used by `verify`,
/// `status`, `inspect`, `rotate-ca` and `renew`: `*.pem`, `*.crt`, `*.cer` in any case,
/// not hidden (our own temporary and lock files start with a dot), and not a generation
/// `rotate-ca` archived (`server.old.pem`: kept for a rollback, not served).
pub fn is_cert_file_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    !name.starts_with('.')
        && CERT_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e))
        && !stem.ends_with(crate::store::role::OLD_SUFFIX)
}

/// The certificate files directly in `dir` ([`is_cert_file_name`], directories skipped,
/// symlinks followed as Kubernetes mounts Secrets as links), sorted by name.
pub fn cert_files(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if is_cert_file_name(&name) && !path.is_dir() {
            files.push((name, path));
        }
    }
    files.sort();
    Ok(files)
}

/// The files of the leaf with base name `name` in `dir`: `NAME.pem`, or when there is
/// none the `NAME.crt` / `NAME.cer` (any case) that [`cert_files`] finds.
pub fn leaf_files(dir: &Path, name: &str) -> crate::store::role::FileNames {
    let mut names = crate::store::role::FileNames::new(name);
    if dir.join(&names.cert).exists() {
        return names;
    }
    let found = cert_files(dir).ok().and_then(|files| {
        files
            .into_iter()
            .map(|(file, _)| file)
            .find(|file| file.rsplit_once('.').is_some_and(|(stem, _)| stem == name))
    });
    if let Some(file) = found {
        names.cert = file;
    }
    names
}

/// `app1.pem` → `app1.key`.
fn key_name_of(cert_name: &str) -> String {
    let stem = cert_name
        .rsplit_once('.')
        .map_or(cert_name, |(stem, _)| stem);
    format!("{stem}.key")
}

/// A file that is not a CA certificate: CA files (bundles, intermediates, another CA)
/// are trust material, not leaves, and files without a certificate are reported.
fn is_leaf(leaf: &OtherLeaf) -> bool {
    match &leaf.cert {
        Ok(file) => file.certs.first().is_some_and(|c| !c.is_ca),
        Err(_) => true,
    }
}

/// Loads every other leaf certificate file of `dir`, in parallel, sorted by name.
fn other_leaves(dir: &Path, ca_path: &Path, now: OffsetDateTime) -> Vec<OtherLeaf> {
    let fixed = [Role::Ca, Role::Server, Role::Client].map(Role::cert_file);
    let ca_path = fs::canonicalize(ca_path).ok();
    let Ok(files) = cert_files(dir) else {
        return Vec::new();
    };
    let paths: Vec<PathBuf> = files
        .into_iter()
        .filter(|(name, path)| {
            !fixed.iter().any(|f| f == name)
                && (ca_path.is_none() || fs::canonicalize(path).ok() != ca_path)
        })
        .map(|(_, path)| path)
        .collect();
    let loaded = crate::certdir::par::map(&paths, |path| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let key_name = key_name_of(&name);
        let key_path = path.with_file_name(key_name_of(
            &path.file_name().unwrap_or_default().to_string_lossy(),
        ));
        let key = match load_key(&key_path) {
            Err(LoadProblem::Missing) => None,
            other => Some(other),
        };
        OtherLeaf {
            name,
            key_name,
            cert: load_certs(path, now),
            key,
        }
    });
    loaded.into_iter().filter(is_leaf).collect()
}

fn read_blob(path: &Path) -> Result<items::Blob, LoadProblem> {
    read_bytes(path).and_then(|bytes| blob_of(&bytes))
}

fn blob_of(bytes: &[u8]) -> Result<items::Blob, LoadProblem> {
    items::read_items(bytes).map_err(|e| LoadProblem::Malformed(e.to_string()))
}

fn read_bytes(path: &Path) -> Result<zeroize::Zeroizing<Vec<u8>>, LoadProblem> {
    if fs::symlink_metadata(path).is_err() {
        return Err(LoadProblem::Missing);
    }
    // Wiped on drop: the file may hold a private key.
    read::read_input(path)
        .map(zeroize::Zeroizing::new)
        .map_err(|e| {
            let cause = read::reason(&e);
            if path.is_symlink() && !path.exists() {
                LoadProblem::Unreadable(format!("{cause} (dangling symlink)"))
            } else {
                LoadProblem::Unreadable(cause)
            }
        })
}

/// Reads every certificate in a file. Other PEM blocks next to certificates are skipped,
/// as Go's `tls.LoadX509KeyPair` does; a file with no certificate is wrong content.
pub fn load_certs(path: &Path, now: OffsetDateTime) -> Result<CertFile, LoadProblem> {
    certs_from_blob(path, read_blob(path)?, now)
}

/// [`load_certs`] on bytes already read (`path` only names them).
pub fn certs_from_bytes(
    path: &Path,
    bytes: &[u8],
    now: OffsetDateTime,
) -> Result<CertFile, LoadProblem> {
    certs_from_blob(path, blob_of(bytes)?, now)
}

fn certs_from_blob(
    path: &Path,
    blob: items::Blob,
    now: OffsetDateTime,
) -> Result<CertFile, LoadProblem> {
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
    let mut key = key_from_blob(path, read_blob(path)?)?;
    key.mode = file_mode(path);
    Ok(key)
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn file_mode(_path: &Path) -> Option<u32> {
    None
}

/// [`load_key`] on bytes already read (`path` only names them).
pub fn key_from_bytes(path: &Path, bytes: &[u8]) -> Result<KeyFile, LoadProblem> {
    key_from_blob(path, blob_of(bytes)?)
}

fn key_from_blob(path: &Path, blob: items::Blob) -> Result<KeyFile, LoadProblem> {
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
        mode: None,
    })
}
