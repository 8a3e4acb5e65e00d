//! The CA key's passphrase: where it comes from (`--passphrase-file`, then
//! `MILVUS_CERT_CA_PASSPHRASE`, then a prompt when stdin is a terminal) and how it is
//! held (zeroized on drop, never printed, never in an error message).

use crate::store::read::{io_reason, read_capped};
use anyhow::{Result, bail};
use std::cell::OnceCell;
use std::fmt;
use std::io::IsTerminal;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The environment variable holding the CA key's passphrase.
pub const PASSPHRASE_ENV: &str = "MILVUS_CERT_CA_PASSPHRASE";

/// The shortest passphrase accepted for a new key (NIST SP 800-63B's minimum for a
/// memorised secret; OpenSSL's own floor of 4 is too low for a CA key).
pub const MIN_PASSPHRASE_LEN: usize = 8;

/// The largest passphrase file read: a passphrase is one line; anything bigger is the
/// wrong file (or an endless stream).
pub const MAX_PASSPHRASE_FILE: u64 = 64 * 1024;

/// How to pass a passphrase without a terminal, for error messages.
const HOW: &str = "pass it with --passphrase-file FILE or the MILVUS_CERT_CA_PASSPHRASE variable";

/// A passphrase. Its bytes are wiped when dropped; `Debug` hides them.
pub struct Passphrase(Zeroizing<Vec<u8>>);

impl Passphrase {
    /// Wraps bytes (taking ownership, so no copy is left behind).
    pub fn from_bytes(bytes: Vec<u8>) -> Passphrase {
        Passphrase(Zeroizing::new(bytes))
    }

    /// The passphrase's bytes, for the key derivation.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(..)")
    }
}

/// Where a command gets the CA key's passphrase. Asks at most once per run: the answer
/// is kept (zeroizing) so a command can ask before taking the directory lock and use it
/// after.
#[derive(Debug, Default)]
pub struct PassphraseSource {
    file: Option<PathBuf>,
    cached: OnceCell<Passphrase>,
}

impl PassphraseSource {
    /// From `--passphrase-file` (None: the environment, then a prompt).
    pub fn new(file: Option<PathBuf>) -> PassphraseSource {
        PassphraseSource {
            file,
            cached: OnceCell::new(),
        }
    }

    /// The passphrase of the existing encrypted key `key_path`.
    pub fn for_existing(&self, key_path: &Path) -> Result<&Passphrase> {
        if let Some(pass) = self.cached.get() {
            return Ok(pass);
        }
        let pass = match self.given()? {
            Some(pass) => pass,
            None if std::io::stdin().is_terminal() => {
                prompt(&format!("Passphrase for {}: ", key_path.display()))?
            }
            None => bail!("{} is encrypted: {HOW}", key_path.display()),
        };
        if pass.as_bytes().is_empty() {
            bail!(
                "{} is encrypted and the passphrase is empty",
                key_path.display()
            );
        }
        Ok(self.cached.get_or_init(|| pass))
    }

    /// A passphrase to encrypt a new key with: asked twice on a terminal, and at least
    /// [`MIN_PASSPHRASE_LEN`] characters.
    pub fn for_new(&self, key_name: &str) -> Result<&Passphrase> {
        if let Some(pass) = self.cached.get() {
            return Ok(pass);
        }
        let pass = match self.given()? {
            Some(pass) => pass,
            None if std::io::stdin().is_terminal() => {
                let first = prompt(&format!("New passphrase for {key_name}: "))?;
                check_length(&first)?;
                let again = prompt(&format!("Repeat the passphrase for {key_name}: "))?;
                if first.as_bytes() != again.as_bytes() {
                    bail!("the two passphrases differ; nothing was written");
                }
                first
            }
            None => bail!("--encrypt-ca-key needs a passphrase: {HOW}"),
        };
        check_length(&pass)?;
        Ok(self.cached.get_or_init(|| pass))
    }

    /// The passphrase from the file or the environment, if either is set; never prompts.
    pub fn given(&self) -> Result<Option<Passphrase>> {
        if let Some(path) = &self.file {
            return read_file(path).map(Some);
        }
        match std::env::var_os(PASSPHRASE_ENV) {
            // An empty variable counts as unset (CI templates often leave one empty).
            Some(value) if !value.is_empty() => {
                Ok(Some(Passphrase::from_bytes(value.into_encoded_bytes())))
            }
            _ => Ok(None),
        }
    }
}

/// The first line of `path`, as `openssl … -pass file:PATH` reads it. `path` may be a
/// regular file, a named pipe or `/dev/stdin` (a pipe from another command), read
/// through the capped reader; a file others can read is warned about.
fn read_file(path: &Path) -> Result<Passphrase> {
    let cannot =
        |e: std::io::Error| anyhow::anyhow!("cannot read '{}': {}", path.display(), io_reason(&e));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    let kind = meta.file_type();
    if !(kind.is_file() || kind.is_fifo() || kind.is_char_device() || kind.is_socket()) {
        bail!("cannot read '{}': not a file or a pipe", path.display());
    }
    if kind.is_file() && meta.permissions().mode() & 0o044 != 0 {
        crate::terminal::warn(&format!(
            "the passphrase file '{}' is readable by {} (mode {:03o}); restrict it: chmod 600 '{}'",
            path.display(),
            if meta.permissions().mode() & 0o004 != 0 {
                "every user"
            } else {
                "its group"
            },
            meta.permissions().mode() & 0o777,
            path.display()
        ));
    }
    let bytes = Zeroizing::new(read_capped(file, path, MAX_PASSPHRASE_FILE)?);
    let line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() {
        bail!(
            "'{}' holds no passphrase (its first line is empty)",
            path.display()
        );
    }
    Ok(Passphrase::from_bytes(line.to_vec()))
}

fn check_length(pass: &Passphrase) -> Result<()> {
    let text = String::from_utf8_lossy(pass.as_bytes());
    if text.chars().all(char::is_whitespace) {
        bail!("the passphrase is only white space: use at least {MIN_PASSPHRASE_LEN} characters");
    }
    if text.chars().count() < MIN_PASSPHRASE_LEN {
        bail!("the passphrase is too short: use at least {MIN_PASSPHRASE_LEN} characters");
    }
    Ok(())
}

/// Asks on the terminal without echo (rpassword reads /dev/tty, so stdout stays clean
/// for --json).
fn prompt(text: &str) -> Result<Passphrase> {
    let answer = rpassword::prompt_password(text)
        .map_err(|e| anyhow::anyhow!("cannot read the passphrase from the terminal: {e}"))?;
    Ok(Passphrase::from_bytes(answer.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_gives_its_first_line_and_debug_hides_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pass");
        std::fs::write(&path, "s3cret pass\r\nsecond line\n").unwrap();
        let source = PassphraseSource::new(Some(path.clone()));
        let pass = source.for_new("ca.key").unwrap();
        assert_eq!(pass.as_bytes(), b"s3cret pass");
        assert!(!format!("{source:?}").contains("s3cret"));
        std::fs::write(&path, "abcdefg\n").unwrap();
        let err = PassphraseSource::new(Some(path.clone()))
            .for_new("ca.key")
            .unwrap_err()
            .to_string();
        assert!(err.contains("at least 8"), "{err}");
        assert!(!err.contains("abcdefg"), "{err}");
        std::fs::write(&path, "          \n").unwrap();
        let err = PassphraseSource::new(Some(path.clone()))
            .for_new("ca.key")
            .unwrap_err()
            .to_string();
        assert!(err.contains("only white space"), "{err}");
        std::fs::write(&path, "\nlater").unwrap();
        let err = PassphraseSource::new(Some(path))
            .for_existing(Path::new("ca.key"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("first line is empty"), "{err}");
    }
}
