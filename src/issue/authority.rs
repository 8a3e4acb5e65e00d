//! The CA in a directory: loading it (made by milvus-cert, gen.sh or openssl; keys in
//! PKCS#8, PKCS#1 or SEC1), continuing its `ca.srl`, and the advisory lock that keeps
//! concurrent issuers from handing out one serial twice.

use crate::certdir::view::CertView;
use crate::pki::Ca;
use crate::pki::parse::{KeyFormat, parse_private_key};
use crate::pki::protect::{self, DecryptError, Protection};
use crate::pki::serial::Serial;
use crate::store;
use crate::store::passphrase::PassphraseSource;
use crate::store::read::{io_reason, read_input};
use crate::store::role::{Role, SERIAL_FILE};
use anyhow::{Context, Result, anyhow, bail};
use rustls_pki_types::CertificateDer;
use std::fs;
use std::path::Path;

/// The lock file, created in the CA directory while a command issues and removed after.
pub const LOCK_FILE: &str = ".milvus-cert.lock";

/// An exclusive advisory lock on a CA directory, released (and its file removed) on drop.
///
/// Held from reading `ca.srl` until the new files and the new `ca.srl` are in place, so
/// two issuers never take the same serial. The lock file is removed on release; a waiter
/// that then holds a lock on the removed file notices (the path no longer names its file)
/// and locks again, so removal cannot let two holders in.
#[derive(Debug)]
pub struct DirLock {
    file: store::LockFile,
}

impl DirLock {
    /// Blocks until this process holds the lock of `dir` (which must exist), then
    /// finishes or undoes any write an earlier process of this user left interrupted
    /// (`store::recover`); staging directories of others are left alone, with a warning.
    pub fn acquire(dir: &Path) -> Result<DirLock> {
        let lock = DirLock::lock(dir)?;
        let done = store::recover(dir)?;
        if !done.rolled_forward.is_empty() {
            crate::terminal::warn(&format!(
                "finished a write an earlier run left interrupted in '{}' ({})",
                dir.display(),
                done.rolled_forward.join(", ")
            ));
        }
        for (path, why) in &done.left_alone {
            crate::terminal::warn(&format!(
                "left '{}' alone: milvus-cert did not make it as this user ({why}); remove it \
                 if you do not know where it came from",
                path.display()
            ));
        }
        store::fault("locked");
        Ok(lock)
    }

    fn lock(dir: &Path) -> Result<DirLock> {
        loop {
            let file = store::LockFile::open(dir, LOCK_FILE)?;
            file.file.lock().map_err(|e| {
                anyhow!(
                    "cannot lock '{}': {}",
                    dir.join(LOCK_FILE).display(),
                    io_reason(&e)
                )
            })?;
            if file.is_current() {
                // A Ctrl-C from here on removes the lock file too.
                crate::store::interrupt::holding_lock(Some(&dir.join(LOCK_FILE)));
                return Ok(DirLock { file });
            }
            // The holder before us removed the file we waited on: lock the current one.
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Remove while still holding the lock, then unlock by closing.
        self.file.remove();
        crate::store::interrupt::holding_lock(None);
    }
}

/// Finishes or undoes an interrupted write in `dir`, if one is pending, under the lock.
/// Cheap when nothing is pending (one directory listing); a no-op for a missing directory.
/// For writers only: read commands report a pending write instead.
pub fn recover_pending(dir: &Path) -> Result<()> {
    if !store::pending(dir).is_empty() {
        drop(DirLock::acquire(dir)?);
    }
    Ok(())
}

/// A CA loaded from a directory, with the serial state of `ca.srl`.
#[derive(Debug)]
pub struct Authority {
    /// The CA, ready to sign.
    pub ca: Ca,
    /// How `ca.key` is encoded.
    pub key_format: KeyFormat,
    /// The last serial used (`ca.srl`), if the file exists.
    pub last: Option<Serial>,
    /// `ca.key` is passphrase-protected (encrypted PKCS#8).
    pub key_encrypted: bool,
    /// Problems worth a warning (a `ca.key` others can read, a guessable `ca.srl`).
    pub warnings: Vec<String>,
    /// Serials of the certificates in the directory: never issued again.
    pub used: std::collections::BTreeSet<Serial>,
}

impl Authority {
    /// Loads `ca.key`, `ca.pem` and `ca.srl` from `dir`, refusing a key that is not the
    /// certificate's or a certificate that is not a CA. An encrypted `ca.key` takes its
    /// passphrase from the environment or a prompt (see [`Authority::load_with`]).
    pub fn load(dir: &Path) -> Result<Authority> {
        Authority::load_with(dir, &PassphraseSource::default())
    }

    /// [`Authority::load`], with an encrypted `ca.key`'s passphrase from `passphrase`.
    pub fn load_with(dir: &Path, passphrase: &PassphraseSource) -> Result<Authority> {
        let key_path = dir.join(Role::Ca.key_file());
        let cert_path = dir.join(Role::Ca.cert_file());
        let present = store::existing(dir, &[&Role::Ca.key_file(), &Role::Ca.cert_file()]);
        match present.len() {
            0 => bail!(
                "no CA in '{}' (ca.key and ca.pem); make one with `milvus-cert ca --dir {}`",
                dir.display(),
                dir.display()
            ),
            1 if present[0] == key_path => bail!(
                "'{}' exists without its partner ({}); put the CA certificate back (from a \
                 backup) next to it",
                present[0].display(),
                Role::Ca.cert_file()
            ),
            1 => bail!(
                "'{}' exists without its partner ({}), so nothing can be issued from this CA; \
                 put ca.key back (from a backup), or replace the CA and re-issue every leaf \
                 from a new one with `{}`",
                present[0].display(),
                Role::Ca.key_file(),
                crate::check::advice::command(&["rotate-ca", "--all"], dir, &[])
            ),
            _ => {}
        }
        let cert = read_input(&cert_path)?;
        let key = read_input(&key_path)?;
        let key_encrypted = match protect::protection(&key) {
            Protection::None => false,
            Protection::Pkcs8 => true,
            Protection::LegacyPem => bail!(
                "'{}' uses OpenSSL's legacy PEM encryption, which milvus-cert does not read; \
                 convert it to encrypted PKCS#8: openssl pkcs8 -topk8 -v2 aes-256-cbc -in {} -out {}.p8",
                key_path.display(),
                key_path.display(),
                key_path.display()
            ),
        };
        let key = if key_encrypted {
            let plain = decrypt(&key_path, &key, passphrase)?;
            zeroize::Zeroizing::new(plain.as_bytes().to_vec())
        } else {
            zeroize::Zeroizing::new(key)
        };
        let (ca, key_format) = load_ca(&cert, &key)
            .with_context(|| format!("cannot use the CA in '{}'", dir.display()))?;
        let last = read_srl(dir)?;
        let mut warnings: Vec<String> = store::loose_key_warning(&key_path).into_iter().collect();
        if let Some(last) = last.as_ref().filter(|l| l.low_entropy()) {
            warnings.push(format!(
                "'{}' holds {last}, a serial anyone can guess (under 64 random bits); let \
                 milvus-cert start a random one: remove ca.srl (no certificate in '{}' reuses \
                 its serial either way)",
                dir.join(SERIAL_FILE).display(),
                dir.display()
            ));
        }
        Ok(Authority {
            ca,
            key_format,
            last,
            key_encrypted,
            warnings,
            used: used_serials(dir),
        })
    }

    /// Asks for `dir/ca.key`'s passphrase now if the key is encrypted, and checks it
    /// opens the key: a prompt should not wait while the directory lock is held, and a
    /// wrong passphrase should fail before slow work. The answer is kept in `passphrase`.
    pub fn ask_passphrase(dir: &Path, passphrase: &PassphraseSource) -> Result<()> {
        let key_path = dir.join(Role::Ca.key_file());
        if fs::symlink_metadata(&key_path).is_err() {
            return Ok(());
        }
        let key = read_input(&key_path)?;
        if protect::protection(&key) == Protection::Pkcs8 {
            decrypt(&key_path, &key, passphrase)?;
        }
        Ok(())
    }

    /// The serial for the next certificate: one after `ca.srl`, as `openssl x509
    /// -CAserial` does, or a fresh random one when there is no `ca.srl` yet (as
    /// `-CAcreateserial`). Advances the state.
    pub fn next_serial(&mut self) -> Result<Serial> {
        let next = match self.start(1)? {
            Some(last) => last.next()?,
            None => Serial::random()?,
        };
        self.used.insert(next.clone());
        self.last = Some(next.clone());
        Ok(next)
    }

    /// The last serial to count on from so that the next `count` serials are unused by
    /// any certificate in the directory: `ca.srl`'s, or (with a warning) a fresh random
    /// one when counting on would reissue a serial (say, `ca.srl` was put back).
    pub fn start(&self, count: usize) -> Result<Option<Serial>> {
        let Some(last) = &self.last else {
            return Ok(None);
        };
        let mut serial = last.clone();
        for _ in 0..count {
            serial = serial.next()?;
            if self.used.contains(&serial) {
                crate::terminal::warn(&format!(
                    "the serial after ca.srl's, {serial}, is already used by a certificate in \
                     the directory (was ca.srl put back?); continuing from a fresh random serial"
                ));
                return Ok(Some(Serial::random()?));
            }
        }
        Ok(Some(last.clone()))
    }
}

/// The serials of every certificate in the certificate files of `dir` (`*.pem`, `*.crt`,
/// `*.cer` and their backups), read through the capped reader; unreadable files are
/// skipped.
fn used_serials(dir: &Path) -> std::collections::BTreeSet<Serial> {
    let mut used = std::collections::BTreeSet::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return used;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_cert = [".pem", ".crt", ".cer"]
            .iter()
            .any(|ext| name.contains(ext));
        if !is_cert || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(bytes) = read_input(&entry.path()) else {
            continue;
        };
        let Ok(blob) = crate::certdir::items::read_items(&bytes) else {
            continue;
        };
        for item in &blob.items {
            if let crate::certdir::items::Item::Certificate(der) = item
                && let Ok(cert) =
                    crate::certdir::view::CertView::from_der(der, time::OffsetDateTime::now_utc())
            {
                used.insert(cert.serial);
            }
        }
    }
    used
}

/// Decrypts the encrypted PKCS#8 key read from `key_path` into plain PKCS#8 PEM.
fn decrypt(
    key_path: &Path,
    key: &[u8],
    passphrase: &PassphraseSource,
) -> Result<zeroize::Zeroizing<String>> {
    let pass = passphrase.for_existing(key_path)?;
    protect::decrypt_pem(key, pass).map_err(|e| match e {
        DecryptError::WrongPassphrase => {
            anyhow!("cannot decrypt {}: wrong passphrase", key_path.display())
        }
        DecryptError::Unreadable(why) => anyhow!("cannot decrypt {}: {why}", key_path.display()),
    })
}

/// The last serial in `dir/ca.srl`, `None` if the file does not exist.
pub fn read_srl(dir: &Path) -> Result<Option<Serial>> {
    let path = dir.join(SERIAL_FILE);
    if fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let text = read_input(&path)?;
    let text = String::from_utf8_lossy(&text);
    Serial::parse_srl(&text)
        .map(Some)
        .with_context(|| format!("cannot continue '{}'", path.display()))
}

/// Loads an existing CA (e.g. one made by the docs' gen.sh) from its PEM certificate and
/// key, refusing a certificate that is not a CA or a key that is not the certificate's.
pub fn load_ca(cert_pem: &[u8], key_pem: &[u8]) -> Result<(Ca, KeyFormat)> {
    let cert = CertView::from_pem(cert_pem, time::OffsetDateTime::now_utc())
        .map_err(|e| anyhow!("ca.pem: {e}"))?;
    if !cert.is_ca {
        bail!("ca.pem: the certificate is not a CA (basicConstraints CA:TRUE is missing)");
    }
    let parsed = parse_private_key(key_pem).context("ca.key")?;
    let key_public = crate::pki::keyinfo::spki_info(
        &rcgen::PublicKeyData::subject_public_key_info(parsed.key.pair()),
    )
    .and_then(|info| info.public);
    if key_public.is_none() || key_public.as_ref() != cert.public_id() {
        bail!("ca.key does not belong to ca.pem (their public keys differ)");
    }
    let key = parsed.key.with_spec(cert.key.supported()?);
    let text = String::from_utf8_lossy(cert_pem).into_owned();
    let ca = Ca::from_existing(text, CertificateDer::from(cert.der), key).context("ca.pem")?;
    Ok((ca, parsed.format))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_file_is_removed_on_release_and_can_be_taken_again() {
        let dir = tempfile::tempdir().unwrap();
        let lock = DirLock::acquire(dir.path()).unwrap();
        assert!(dir.path().join(LOCK_FILE).exists());
        drop(lock);
        assert!(!dir.path().join(LOCK_FILE).exists());
        let again = DirLock::acquire(dir.path()).unwrap();
        drop(again);
    }

    #[test]
    fn a_missing_ca_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = Authority::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("no CA in") && err.contains("milvus-cert ca"),
            "{err}"
        );
        assert_eq!(read_srl(dir.path()).unwrap(), None);
    }
}
