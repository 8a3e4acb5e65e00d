//! The only module that writes files.
//!
//! # Crash safety
//!
//! A set of files (`init` writes nine) is committed in three steps, so that killing the
//! process at any instant leaves the directory either as it was or, once recovered,
//! complete: never a truncated file, never a key next to a certificate it does not match.
//!
//! 1. **Stage.** Every file is written into a fresh private staging directory
//!    `DIR/.milvus-cert.txn.XXXXXX` (files created `O_EXCL`, keys 0600 from the first
//!    byte) and fsynced; then the staging directory and `DIR` are fsynced. Interrupted
//!    here, no final name has been touched; recovery deletes the staging directory (roll
//!    back).
//! 2. **Commit.** An empty `.committed` marker is created in the staging directory and
//!    fsynced. From this instant the set is decided.
//! 3. **Move.** Each staged file is renamed over its final name, `DIR` is fsynced, the
//!    marker and the staging directory are removed. Interrupted between two renames, the
//!    directory holds a mix of old and new files *and* a committed staging directory with
//!    the rest; recovery renames the rest into place (roll forward).
//!
//! Recovery ([`recover`]) runs under the directory lock at the start of every issuing
//! command and before `inspect`/`verify` read a directory. A one-file set needs no
//! marker: a single rename is atomic. Backups (`ca.key.bak`, …) are ordinary members of
//! the set, so they appear exactly when the files they preserve are replaced.
//!
//! In debug builds `MILVUS_CERT_FAULT=<point or N>` aborts the process at a named step
//! ([`fault`]); tests/crash_safety.rs stops at every one of them.
//!
//! Private keys are 0600, everything else 0644. A symbolic link at a final name is never
//! written through: it is refused, or with `--force` the link itself is replaced (rename
//! replaces the link, not its target). Key bytes in an [`OutFile`] are zeroized on drop.

use crate::load::io_reason;
use anyhow::{Result, anyhow, bail};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use zeroize::Zeroize;

/// Name prefix of the staging directories of sets being written (see the module docs).
pub const TXN_PREFIX: &str = ".milvus-cert.txn.";

/// Inside a staging directory: the set is complete and decided; recovery rolls it forward.
const COMMIT_MARKER: &str = ".committed";

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

impl Drop for OutFile {
    fn drop(&mut self) {
        // Key bytes do not outlive their use (each clone is zeroized on its own drop).
        if self.secret {
            self.contents.zeroize();
        }
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
        Err(_) => {
            fs::create_dir_all(dir).map_err(|e| {
                anyhow!(
                    "cannot create directory '{}': {}",
                    dir.display(),
                    io_reason(&e)
                )
            })?;
            // Makes the new directory's entry durable before files are committed in it.
            if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                sync_dir(parent);
            }
            Ok(())
        }
    }
}

/// Writes all `files` into `dir` as one set (see the module docs): all or, after an
/// interruption and the next recovery, none. Without `force` nothing is written if any
/// target exists, is a symbolic link, or a key would land in a world-writable directory.
pub fn write_set(dir: &Path, files: &[OutFile], force: bool) -> Result<()> {
    write_set_checked(dir, files, force, force)
}

/// [`write_set`] for a caller that has already decided to `replace` existing targets (it
/// checked them, or made backups) while the user's `--force` is `force`: without it a
/// symbolic link at a target and a key in a world-writable directory are still refused.
pub fn write_set_checked(dir: &Path, files: &[OutFile], replace: bool, force: bool) -> Result<()> {
    ensure_dir(dir)?;
    check_targets(dir, files, replace, force)?;
    commit(dir, files)
}

/// The refusals that need no writing: run before anything is staged.
fn check_targets(dir: &Path, files: &[OutFile], replace: bool, force: bool) -> Result<()> {
    for file in files {
        let name = &file.name;
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with(".milvus-cert") {
            bail!("'{name}' is not a file name milvus-cert can write");
        }
        let target = dir.join(name);
        let Ok(meta) = fs::symlink_metadata(&target) else {
            continue;
        };
        if meta.file_type().is_symlink() && !force {
            refuse_link(&target)?;
        }
        if !replace {
            bail!(
                "'{}' already exists; pass --force to replace it (nothing was written)",
                target.display()
            );
        }
        if meta.is_dir() {
            bail!("'{}' is a directory; nothing was written", target.display());
        }
    }
    if !force && files.iter().any(|f| f.secret) {
        check_private_dir(dir)?;
    }
    Ok(())
}

/// Refuses to write at `target` if it is a symbolic link: writing through it would put a
/// key wherever the link points.
pub fn refuse_link(target: &Path) -> Result<()> {
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(());
    };
    if !meta.file_type().is_symlink() {
        return Ok(());
    }
    let to = fs::read_link(target)
        .map(|t| format!(" (to '{}')", t.display()))
        .unwrap_or_default();
    bail!(
        "'{}' is a symbolic link{to}; milvus-cert never writes through a link: remove it, \
         or pass --force to replace the link itself (nothing was written)",
        target.display()
    )
}

/// Refuses a directory every user can write to (such as /tmp, sticky bit or not): others
/// could pre-create, swap or link the key files there.
#[cfg(unix)]
fn check_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(dir)
        .map(|m| m.permissions().mode())
        .unwrap_or(0);
    if mode & 0o002 != 0 {
        let sticky = if mode & 0o1000 != 0 {
            " (the sticky bit, as on /tmp, does not stop others creating files)"
        } else {
            ""
        };
        bail!(
            "'{}' is writable by every user (mode {:o}){sticky}; refusing to write private keys \
             there: use a directory only you can write (mkdir -m 700 DIR), or pass --force",
            dir.display(),
            mode & 0o7777
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private_dir(_dir: &Path) -> Result<()> {
    Ok(())
}

/// Stage → commit marker → renames (module docs). Errors before the marker leave the
/// directory untouched; errors after it leave the staging directory for recovery.
fn commit(dir: &Path, files: &[OutFile]) -> Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TXN_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o700));
    }
    let txn = builder
        .tempdir_in(dir)
        .map_err(|e| anyhow!("cannot write in '{}': {}", dir.display(), io_reason(&e)))?
        .keep();
    // Held until the set is in place: recovery leaves a staging directory alone while its
    // writer lives (writers of other directories, such as `sign --out`, take no
    // directory lock); the kernel drops it when the writer dies.
    let _alive = fs::File::open(&txn).and_then(|handle| {
        fs4::FileExt::lock(&handle)?;
        Ok(handle)
    });
    let staged = (|| -> Result<()> {
        let mut handles = Vec::new();
        for file in files {
            handles.push(stage(&txn, dir, file)?);
            fault(&format!("stage:{}", file.name));
        }
        let cannot =
            |e: std::io::Error| anyhow!("cannot write in '{}': {}", dir.display(), io_reason(&e));
        sync_together(&handles, &[&txn, dir]).map_err(cannot)?;
        fault("staged");
        if files.len() > 1 {
            let marker = create_new(&txn.join(COMMIT_MARKER), PUBLIC_MODE).map_err(cannot)?;
            sync_together(&[marker], &[&txn]).map_err(cannot)?;
            fault("committed");
        }
        Ok(())
    })();
    if let Err(error) = staged {
        // Nothing under a final name was touched: roll back.
        let _ = fs::remove_dir_all(&txn);
        return Err(error);
    }
    for file in files {
        let target = dir.join(&file.name);
        fs::rename(txn.join(&file.name), &target).map_err(|e| {
            anyhow!(
                "{}; the next milvus-cert command in '{}' finishes the write",
                write_error(&target, &e),
                dir.display()
            )
        })?;
        fault(&format!("rename:{}", file.name));
    }
    sync_dir(dir);
    fault("renamed");
    finish_txn(dir, &txn);
    fault("done");
    Ok(())
}

/// Removes a staging directory whose files are all in place.
fn finish_txn(dir: &Path, txn: &Path) {
    let _ = fs::remove_file(txn.join(COMMIT_MARKER));
    let _ = fs::remove_dir_all(txn);
    sync_dir(dir);
}

/// Creates `path` exclusively (`O_EXCL`, which also never follows a symlink).
fn create_new(path: &Path, mode: u32) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

/// Writes one staged file; the caller fsyncs it (with the others, [`sync_together`]).
fn stage(txn: &Path, dir: &Path, file: &OutFile) -> Result<fs::File> {
    let target = dir.join(&file.name);
    let context = |e: std::io::Error| write_error(&target, &e);
    let path = txn.join(&file.name);
    // Created 0600, so a key is never readable by others, not even for an instant.
    let mut handle = create_new(&path, KEY_MODE).map_err(context)?;
    handle.write_all(&file.contents).map_err(context)?;
    set_mode(&path, file.mode()).map_err(context)?;
    Ok(handle)
}

/// fsyncs `files` and (best effort, see [`sync_dir`]) `dirs` all at once, one thread
/// each. Issued together, the fsyncs share the file system's journal commits (ext4, XFS
/// batch concurrent ones) instead of waiting for one commit each: one after another, the
/// 11 fsyncs of `init`'s staging took most of its time on a busy disk (docs/benchmarks.md).
fn sync_together(files: &[fs::File], dirs: &[&Path]) -> std::io::Result<()> {
    std::thread::scope(|scope| {
        for dir in dirs {
            scope.spawn(move || sync_dir(dir));
        }
        let jobs: Vec<_> = files
            .iter()
            .map(|f| scope.spawn(move || f.sync_all()))
            .collect();
        jobs.into_iter()
            .try_for_each(|job| job.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })
}

/// What [`recover`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Files of committed sets moved into place.
    pub rolled_forward: Vec<String>,
    /// Staging directories of sets that were never committed, deleted.
    pub rolled_back: usize,
}

/// Whether a live process is still writing the set staged in `txn`.
fn in_progress(txn: &Path) -> bool {
    match fs::File::open(txn) {
        Ok(handle) => matches!(
            fs4::FileExt::try_lock(&handle),
            Err(fs4::TryLockError::WouldBlock)
        ),
        Err(_) => false,
    }
}

/// The staging directories left in `dir` by interrupted writes (or being written now).
pub fn pending(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(TXN_PREFIX))
        // A real directory only: never follow a link someone planted under that name.
        .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Finishes committed sets and deletes uncommitted ones (module docs). Call it holding
/// the directory lock, so no writer is mid-commit. Idempotent: an interrupted recovery is
/// finished by the next one.
pub fn recover(dir: &Path) -> Result<Recovery> {
    let mut done = Recovery::default();
    for txn in pending(dir) {
        if in_progress(&txn) {
            continue;
        }
        let context = |e: std::io::Error| {
            anyhow!(
                "cannot finish an interrupted write in '{}': {}",
                dir.display(),
                io_reason(&e)
            )
        };
        if fs::symlink_metadata(txn.join(COMMIT_MARKER)).is_err() {
            fs::remove_dir_all(&txn).map_err(context)?;
            sync_dir(dir);
            done.rolled_back += 1;
            fault("recover:rolled-back");
            continue;
        }
        let mut names: Vec<String> = fs::read_dir(&txn)
            .map_err(context)?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != COMMIT_MARKER)
            .collect();
        names.sort();
        for name in names {
            fs::rename(txn.join(&name), dir.join(&name)).map_err(context)?;
            fault(&format!("recover:{name}"));
            done.rolled_forward.push(name);
        }
        sync_dir(dir);
        finish_txn(dir, &txn);
        fault("recover:rolled-forward");
    }
    Ok(done)
}

/// A fault-injection point (debug builds only; compiled out of release builds).
///
/// `MILVUS_CERT_FAULT=<point>` aborts the process (`std::process::abort`, no clean-up, like
/// a crash) when it reaches the point of that name, `MILVUS_CERT_FAULT=<N>` at the N-th
/// point reached (from 1). `MILVUS_CERT_FAULT_TRACE=<file>` appends every point reached
/// to `file`, one name a line, so a test can enumerate them. Points: `locked`,
/// `stage:<name>`, `staged`, `committed`, `rename:<name>`, `renamed`, `done`, and in
/// recovery `recover:<name>`, `recover:rolled-forward`, `recover:rolled-back`.
#[cfg(debug_assertions)]
pub fn fault(point: &str) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static REACHED: AtomicUsize = AtomicUsize::new(0);
    let n = REACHED.fetch_add(1, Ordering::SeqCst) + 1;
    if let Some(trace) = std::env::var_os("MILVUS_CERT_FAULT_TRACE")
        && let Ok(mut log) = fs::OpenOptions::new().create(true).append(true).open(trace)
    {
        let _ = writeln!(log, "{point}");
    }
    if let Ok(wanted) = std::env::var("MILVUS_CERT_FAULT")
        && (wanted == point || wanted.parse::<usize>() == Ok(n))
    {
        eprintln!("milvus-cert: fault injected at '{point}' (point {n})");
        std::process::abort();
    }
}

/// A fault-injection point: nothing in release builds.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn fault(_point: &str) {}

/// A warning when the key file at `path` is readable or writable by anyone but its
/// owner, with the command that fixes it.
#[cfg(unix)]
pub fn loose_key_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path).ok()?.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return None;
    }
    let who = if mode & 0o007 != 0 {
        "every user"
    } else {
        "its group"
    };
    Some(format!(
        "the private key '{}' is accessible to {who} (mode {mode:03o}); restrict it: chmod 600 '{}'",
        path.display(),
        path.display()
    ))
}

/// A warning when a key file is accessible to others: never on this platform.
#[cfg(not(unix))]
pub fn loose_key_warning(_path: &Path) -> Option<String> {
    None
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
    fn recovery_rolls_committed_sets_forward_and_others_back_but_leaves_live_ones() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.pem"), "old").unwrap();
        let committed = d.join(format!("{TXN_PREFIX}one"));
        fs::create_dir(&committed).unwrap();
        fs::write(committed.join("a.pem"), "new").unwrap();
        fs::write(committed.join(COMMIT_MARKER), "").unwrap();
        let uncommitted = d.join(format!("{TXN_PREFIX}two"));
        fs::create_dir(&uncommitted).unwrap();
        fs::write(uncommitted.join("b.pem"), "half").unwrap();
        let live = d.join(format!("{TXN_PREFIX}three"));
        fs::create_dir(&live).unwrap();
        let holder = fs::File::open(&live).unwrap();
        fs4::FileExt::lock(&holder).unwrap();

        let done = recover(d).unwrap();
        assert_eq!(done.rolled_forward, ["a.pem"]);
        assert_eq!(done.rolled_back, 1);
        assert_eq!(fs::read_to_string(d.join("a.pem")).unwrap(), "new");
        assert!(!d.join("b.pem").exists());
        assert_eq!(
            pending(d),
            std::slice::from_ref(&live),
            "a live writer's set is left alone"
        );
        drop(holder);
        assert_eq!(recover(d).unwrap().rolled_back, 1);
        assert!(pending(d).is_empty());
        assert_eq!(recover(d).unwrap(), Recovery::default());
    }

    #[test]
    fn machinery_names_and_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for name in ["", "../x", ".milvus-cert.lock", "a/b"] {
            let err = write_set(d, &[OutFile::public(name, "x")], true).unwrap_err();
            assert!(err.to_string().contains("not a file name"), "{err}");
        }
        let outside = tempfile::NamedTempFile::new().unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path(), d.join("k.key")).unwrap();
            let err = write_set_checked(d, &[OutFile::secret("k.key", "s")], true, false)
                .unwrap_err()
                .to_string();
            assert!(err.contains("is a symbolic link"), "{err}");
            write_set_checked(d, &[OutFile::secret("k.key", "s")], true, true).unwrap();
            assert_eq!(fs::read(outside.path()).unwrap(), b"");
            assert_eq!(fs::read(d.join("k.key")).unwrap(), b"s");
        }
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
