//! The only module that writes files. Every file is written to a temporary file in the
//! target directory, fsynced, and renamed into place, so an interrupted run never leaves a
//! truncated file under a final name. Private keys are created 0600, everything else 0644.

use crate::load::io_reason;
use anyhow::{Result, anyhow, bail};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Permissions of private keys: readable by the owner only.
pub const KEY_MODE: u32 = 0o600;
/// Permissions of certificates, CSRs and the serial file.
pub const PUBLIC_MODE: u32 = 0o644;

/// One file to write.
#[derive(Clone)]
pub struct OutFile {
    /// File name inside the directory.
    pub name: String,
    /// Contents.
    pub contents: Vec<u8>,
    /// Whether this is private key material (mode 0600, never shown).
    pub secret: bool,
}

impl std::fmt::Debug for OutFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutFile")
            .field("name", &self.name)
            .field("bytes", &self.contents.len())
            .field("secret", &self.secret)
            .finish()
    }
}

impl OutFile {
    /// A public file (certificate, CSR, serial).
    pub fn public(name: impl Into<String>, contents: impl Into<Vec<u8>>) -> OutFile {
        OutFile {
            name: name.into(),
            contents: contents.into(),
            secret: false,
        }
    }

    /// A private key file.
    pub fn secret(name: impl Into<String>, contents: impl Into<Vec<u8>>) -> OutFile {
        OutFile {
            name: name.into(),
            contents: contents.into(),
            secret: true,
        }
    }

    /// The mode the file is written with.
    pub fn mode(&self) -> u32 {
        if self.secret { KEY_MODE } else { PUBLIC_MODE }
    }
}

/// The files of existing `names` in `dir` (following nothing: a dangling symlink counts).
pub fn existing(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|name| dir.join(name))
        .filter(|path| fs::symlink_metadata(path).is_ok())
        .collect()
}

/// Creates `dir` (and parents) if needed, refusing a path that exists and is not a directory.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => bail!("'{}' exists and is not a directory", dir.display()),
        Err(_) => fs::create_dir_all(dir).map_err(|e| {
            anyhow!(
                "cannot create directory '{}': {}",
                dir.display(),
                io_reason(&e)
            )
        }),
    }
}

/// Writes all `files` into `dir` as one set: every file is staged as a fsynced temporary
/// file first, and only when all are staged are they renamed into place. Without `force`
/// nothing is written if any target exists.
pub fn write_set(dir: &Path, files: &[OutFile], force: bool) -> Result<()> {
    ensure_dir(dir)?;
    if !force {
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        if let Some(path) = existing(dir, &names).first() {
            bail!(
                "'{}' already exists; pass --force to replace it (nothing was written)",
                path.display()
            );
        }
    }
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        staged.push((stage(dir, file)?, dir.join(&file.name)));
    }
    for (temp, target) in staged {
        temp.persist(&target)
            .map_err(|e| write_error(&target, &e.error))?;
    }
    sync_dir(dir);
    Ok(())
}

fn stage(dir: &Path, file: &OutFile) -> Result<tempfile::NamedTempFile> {
    let target = dir.join(&file.name);
    let context = |e: std::io::Error| write_error(&target, &e);
    // tempfile creates with O_EXCL and mode 0600, so a key is never readable by others,
    // not even for an instant.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{}.", file.name))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(context)?;
    temp.write_all(&file.contents).map_err(context)?;
    set_mode(temp.path(), file.mode()).map_err(context)?;
    temp.as_file().sync_all().map_err(context)?;
    Ok(temp)
}

/// "cannot write '<final name>': <reason>", never the temporary file's name.
fn write_error(target: &Path, error: &std::io::Error) -> anyhow::Error {
    anyhow!("cannot write '{}': {}", target.display(), io_reason(error))
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// Makes the renames durable. Best effort: not every platform can open a directory.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Writes one file at `target` with permissions `mode`, atomically (temporary file in the
/// same directory, fsync, rename). Without `force` an existing `target` is refused. The
/// directory must exist.
pub fn write_file(target: &Path, contents: &[u8], mode: u32, force: bool) -> Result<()> {
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| anyhow!("'{}' is not a file name", target.display()))?;
    if !force && fs::symlink_metadata(target).is_ok() {
        bail!(
            "'{}' already exists; pass --force to replace it (nothing was written)",
            target.display()
        );
    }
    let context = |e: std::io::Error| write_error(target, &e);
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.to_string_lossy()))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(context)?;
    temp.write_all(contents).map_err(context)?;
    set_mode(temp.path(), mode).map_err(context)?;
    temp.as_file().sync_all().map_err(context)?;
    if force {
        temp.persist(target)
            .map_err(|e| write_error(target, &e.error))?;
    } else {
        // No-clobber even against a file that appeared since the check above.
        temp.persist_noclobber(target)
            .map_err(|e| write_error(target, &e.error))?;
    }
    sync_dir(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_set_with_modes_and_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            OutFile::secret("a.key", "secret"),
            OutFile::public("a.pem", "public"),
        ];
        write_set(dir.path(), &files, false).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("a.key")).unwrap(),
            "secret"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |n: &str| {
                fs::metadata(dir.path().join(n))
                    .unwrap()
                    .permissions()
                    .mode()
                    & 0o777
            };
            assert_eq!(mode("a.key"), 0o600);
            assert_eq!(mode("a.pem"), 0o644);
        }
        let again = vec![
            OutFile::public("a.pem", "other"),
            OutFile::public("b.pem", "b"),
        ];
        let err = write_set(dir.path(), &again, false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("a.pem' already exists") && err.contains("--force"),
            "{err}"
        );
        assert!(
            !dir.path().join("b.pem").exists(),
            "a refused set must write nothing"
        );
        write_set(dir.path(), &again, true).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("a.pem")).unwrap(),
            "other"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_file_in_the_way_of_the_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cert");
        fs::write(&file, "x").unwrap();
        let err = write_set(&file, &[OutFile::public("a", "b")], false).unwrap_err();
        assert!(err.to_string().contains("is not a directory"), "{err}");
    }
}
