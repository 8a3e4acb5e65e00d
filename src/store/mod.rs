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
//! command; read commands (`inspect`, `verify`, `status`) never run it, they report a
//! pending write ([`pending`]). A one-file set needs no
//! marker: a single rename is atomic. Backups (`ca.key.bak`, …) are ordinary members of
//! the set, so they appear exactly when the files they preserve are replaced.
//!
//! In debug builds `MILVUS_CERT_FAULT=<point or N>` aborts the process at a named step
//! ([`fault`]); tests/crash_safety.rs stops at every one of them.
//!
//! # Hostile directories
//!
//! Every step is taken relative to open directory descriptors (`openat` with
//! `O_NOFOLLOW|O_DIRECTORY`, `renameat`, `unlinkat`, modes set with `fchmod` on the open
//! file), so another account that can write in `DIR` cannot redirect a rename by swapping
//! a staging directory for a link. Recovery only touches staging directories this user
//! made (owned by the effective uid, mode 0700, regular files only); others are left
//! alone and reported. Keys are only written into a directory that belongs to this user
//! (or root) and that neither its group nor others can write ([`check_dir`]); `--force`
//! does not switch that off. In debug builds `MILVUS_CERT_RACE` plays the swap at the
//! worst moment ([`race`]).
//!
//! Private keys are 0600, everything else 0644. A symbolic link at a final name is never
//! written through: it is refused, or with `--force` the link itself is replaced (rename
//! replaces the link, not its target). Key bytes in an [`OutFile`] are zeroized on drop.

pub(crate) mod interrupt;
pub(crate) mod passphrase;
pub(crate) mod read;
pub(crate) mod role;

use crate::store::read::io_reason;
use crate::store::role::Role;
use anyhow::{Result, anyhow, bail};
use rustix::fs::{self as rfs, AtFlags, FileType, Mode, OFlags};
use serde::Serialize;
use std::fs::{self, File};
use std::io::Write;
use std::os::fd::OwnedFd;
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
/// Permissions of a directory milvus-cert creates to hold keys, and of staging directories.
pub const PRIVATE_DIR_MODE: u32 = 0o700;
/// Permissions of other directories milvus-cert creates (parents, `--out` directories).
pub const PUBLIC_DIR_MODE: u32 = 0o755;

/// One file to write.
#[derive(Clone)]
pub struct OutFile {
    /// File name inside the directory.
    pub name: String,
    /// Contents.
    pub contents: Vec<u8>,
    /// Whether this is private key material (mode 0600, never shown).
    pub secret: bool,
    /// A mode to keep instead (an edited file keeps its own, e.g. milvus.yaml's 0640).
    mode: Option<u32>,
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
            mode: None,
        }
    }

    /// A key file (`secret`) or a public one.
    pub fn new(name: impl Into<String>, contents: impl Into<Vec<u8>>, secret: bool) -> OutFile {
        if secret {
            OutFile::secret(name, contents)
        } else {
            OutFile::public(name, contents)
        }
    }

    /// A private key file.
    pub fn secret(name: impl Into<String>, contents: impl Into<Vec<u8>>) -> OutFile {
        OutFile {
            name: name.into(),
            contents: contents.into(),
            secret: true,
            mode: None,
        }
    }

    /// The mode the file is written with.
    pub fn mode(&self) -> u32 {
        match self.mode {
            Some(mode) => mode,
            None if self.secret => KEY_MODE,
            None => PUBLIC_MODE,
        }
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

/// The effective user id: what "this user" means for ownership checks.
fn euid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// Opens `dir` (a link the user named is followed; nothing below it ever is).
fn open_dir(dir: &Path) -> std::io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    Ok(rfs::open(dir, flags, Mode::empty())?)
}

/// Opens the directory `name` inside `parent`, refusing a symbolic link.
fn open_subdir(parent: &OwnedFd, name: &str) -> std::io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    Ok(rfs::openat(parent, name, flags, Mode::empty())?)
}

/// Creates `dir` (and parents) if needed, refusing a path that exists and is not a
/// directory. A directory made here gets a fixed mode, whatever the umask: 0700 when it
/// will hold keys (`private`), else 0755; so do the parents it needs (0755). An
/// interrupt before anything lands in them removes them again ([`crate::store::interrupt`]).
pub fn ensure_dir(dir: &Path, private: bool) -> Result<()> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => bail!("'{}' exists and is not a directory", dir.display()),
        Err(_) => {}
    }
    // The directories about to be made, deepest first.
    let made: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err())
        .map(Path::to_path_buf)
        .collect();
    make_dir(dir, private)?;
    let made: Vec<&Path> = made.iter().map(PathBuf::as_path).collect();
    crate::store::interrupt::created_dirs(&made);
    Ok(())
}

/// Makes `dir` with exactly its mode, and its missing parents (0755).
fn make_dir(dir: &Path, private: bool) -> Result<()> {
    let cannot = |e: std::io::Error| {
        anyhow!(
            "cannot create directory '{}': {}",
            dir.display(),
            io_reason(&e)
        )
    };
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent
        && !parent.is_dir()
    {
        make_dir(parent, false)?;
    }
    let mode = if private {
        PRIVATE_DIR_MODE
    } else {
        PUBLIC_DIR_MODE
    };
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .mode(mode)
            .create(dir)
            .map_err(cannot)?;
    }
    let fd = open_dir(dir).map_err(cannot)?;
    // Exactly `mode`: the umask may have taken bits away (or a wide one left them).
    rfs::fchmod(&fd, Mode::from_raw_mode(mode)).map_err(|e| cannot(e.into()))?;
    // Makes the new directory's entry durable before files are committed in it.
    sync_dir(parent.unwrap_or(Path::new(".")));
    Ok(())
}

/// Writes all `files` into `dir` as one set (see the module docs): all or, after an
/// interruption and the next recovery, none. Without `force` nothing is written if any
/// target exists or is a symbolic link.
pub fn write_set(dir: &Path, files: &[OutFile], force: bool) -> Result<()> {
    write_set_checked(dir, files, force, force)
}

/// [`write_set`] for a caller that has already decided to `replace` existing targets (it
/// checked them, or made backups) while the user's `--force` is `force`: without it a
/// symbolic link at a target is still refused. The safety checks of the directory
/// ([`check_dir`]) hold either way: `--force` replaces files, it never switches them off.
pub fn write_set_checked(dir: &Path, files: &[OutFile], replace: bool, force: bool) -> Result<()> {
    let secret = files.iter().any(|f| f.secret);
    ensure_dir(dir, secret)?;
    let dir_fd = open_dir(dir)
        .map_err(|e| anyhow!("cannot write in '{}': {}", dir.display(), io_reason(&e)))?;
    check_targets(dir, files, replace, force)?;
    if secret {
        check_dir(&dir_fd, dir)?;
    }
    commit(&dir_fd, dir, files, replace)
}

/// The refusals that need no writing: run before anything is staged.
fn check_targets(dir: &Path, files: &[OutFile], replace: bool, force: bool) -> Result<()> {
    for file in files {
        let name = &file.name;
        if name.is_empty()
            || name == "."
            || name == ".."
            || name.contains(['/', '\\'])
            || name.starts_with(".milvus-cert")
        {
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

/// The directory checks every writer of private keys shares, as OpenSSH's StrictModes:
/// `dir` must belong to this user (or root) and be writable by nobody else. Otherwise
/// another account could pre-create, swap or link the key files there.
pub fn check_dir(dir_fd: &OwnedFd, dir: &Path) -> Result<()> {
    let stat = rfs::fstat(dir_fd).map_err(|e| {
        anyhow!(
            "cannot write in '{}': {}",
            dir.display(),
            io_reason(&e.into())
        )
    })?;
    let mode = stat.st_mode & 0o7777;
    let shown = dir.display();
    let fix =
        format!("use a directory only you can write (mkdir -m 700 DIR), or chmod go-w '{shown}'");
    if mode & 0o002 != 0 {
        let sticky = if mode & 0o1000 != 0 {
            " (the sticky bit, as on /tmp, does not stop others creating files)"
        } else {
            ""
        };
        bail!(
            "'{shown}' is writable by every user (mode {mode:o}){sticky}; refusing to write \
             private keys there: {fix} (nothing was written)"
        );
    }
    if mode & 0o020 != 0 {
        bail!(
            "'{shown}' is writable by its group (mode {mode:o}); refusing to write private keys \
             there: {fix} (nothing was written)"
        );
    }
    let me = euid();
    if stat.st_uid != me && stat.st_uid != 0 {
        bail!(
            "'{shown}' belongs to another user (uid {}), who can replace anything in it; \
             refusing to write private keys there: use a directory of your own (nothing was \
             written)",
            stat.st_uid
        );
    }
    Ok(())
}

/// A fresh staging directory name: the prefix and 16 random hex digits.
fn txn_name() -> Result<String> {
    let mut bytes = [0u8; 8];
    aws_lc_rs::rand::fill(&mut bytes)
        .map_err(|_| anyhow!("the system random number generator failed"))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{TXN_PREFIX}{hex}"))
}

/// Creates and opens a private staging directory in `dir_fd`; returns its name and fd.
fn make_txn(dir_fd: &OwnedFd, dir: &Path) -> Result<(String, OwnedFd)> {
    let cannot =
        |e: std::io::Error| anyhow!("cannot write in '{}': {}", dir.display(), io_reason(&e));
    let mut attempts = 0;
    let name = loop {
        let name = txn_name()?;
        match rfs::mkdirat(dir_fd, name.as_str(), Mode::from_raw_mode(PRIVATE_DIR_MODE)) {
            Ok(()) => break name,
            Err(rustix::io::Errno::EXIST) if attempts < 8 => attempts += 1,
            Err(e) => return Err(cannot(e.into())),
        }
    };
    let fd = open_subdir(dir_fd, &name).map_err(cannot)?;
    // Someone who can write in `dir` may have swapped the new name already: the one
    // opened must be ours.
    let stat = rfs::fstat(&fd).map_err(|e| cannot(e.into()))?;
    if stat.st_uid != euid() {
        bail!(
            "cannot write in '{}': the staging directory was replaced by another user's",
            dir.display()
        );
    }
    rfs::fchmod(&fd, Mode::from_raw_mode(PRIVATE_DIR_MODE)).map_err(|e| cannot(e.into()))?;
    Ok((name, fd))
}

/// Stage → commit marker → renames (module docs), every step relative to the open
/// directory and staging directory, so renaming or swapping either path for a link
/// changes nothing. Errors before the marker leave the directory untouched; errors
/// after it leave the staging directory for recovery.
fn commit(dir_fd: &OwnedFd, dir: &Path, files: &[OutFile], replace: bool) -> Result<()> {
    let (txn_name, txn) = make_txn(dir_fd, dir)?;
    // Held until the set is in place: recovery leaves a staging directory alone while its
    // writer lives (writers of other directories, such as `sign --out`, take no
    // directory lock); the kernel drops it when the writer dies.
    let _alive = txn.try_clone().map(File::from).and_then(|f| {
        f.lock()?;
        Ok(f)
    });
    let staged = (|| -> Result<()> {
        let mut handles = Vec::new();
        for file in files {
            handles.push(stage(&txn, dir, file)?);
            fault(&format!("stage:{}", file.name));
        }
        let cannot =
            |e: std::io::Error| anyhow!("cannot write in '{}': {}", dir.display(), io_reason(&e));
        sync_together(&handles, &[&txn, dir_fd]).map_err(cannot)?;
        fault("staged");
        if files.len() > 1 {
            let marker = create_new(&txn, COMMIT_MARKER, PUBLIC_MODE).map_err(cannot)?;
            sync_together(&[marker], &[&txn]).map_err(cannot)?;
            fault("committed");
        }
        Ok(())
    })();
    if let Err(error) = staged {
        // Nothing under a final name was touched: roll back.
        remove_txn(dir_fd, &txn_name, &txn);
        return Err(error);
    }
    race("commit", dir_fd, &txn_name);
    for file in files {
        let moved = move_into(&txn, dir_fd, &file.name, replace);
        moved.map_err(|e| {
            let target = dir.join(&file.name);
            match e {
                rustix::io::Errno::EXIST => anyhow!(
                    "'{}' already exists; pass --force to replace it (nothing was written)",
                    target.display()
                ),
                e => anyhow!(
                    "{}; the next milvus-cert command that writes in '{}' finishes the write",
                    write_error(&target, &e.into()),
                    dir.display()
                ),
            }
        })?;
        fault(&format!("rename:{}", file.name));
    }
    let _ = rfs::fsync(dir_fd);
    fault("renamed");
    remove_txn(dir_fd, &txn_name, &txn);
    fault("done");
    Ok(())
}

/// Renames `name` from the staging directory into the directory: over an existing file
/// when `replace`, else never (`RENAME_NOREPLACE`, even against a file that appeared
/// since the checks; check-then-rename where the file system lacks it).
fn move_into(txn: &OwnedFd, dir_fd: &OwnedFd, name: &str, replace: bool) -> rustix::io::Result<()> {
    if replace {
        return rfs::renameat(txn, name, dir_fd, name);
    }
    match rfs::renameat_with(txn, name, dir_fd, name, rfs::RenameFlags::NOREPLACE) {
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
            match rfs::statat(dir_fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(_) => Err(rustix::io::Errno::EXIST),
                Err(_) => rfs::renameat(txn, name, dir_fd, name),
            }
        }
        other => other,
    }
}

/// Empties and removes a staging directory through its descriptor (best effort).
fn remove_txn(dir_fd: &OwnedFd, name: &str, txn: &OwnedFd) {
    for member in members(txn).unwrap_or_default() {
        let _ = rfs::unlinkat(txn, member.as_str(), AtFlags::empty());
    }
    let _ = rfs::unlinkat(txn, COMMIT_MARKER, AtFlags::empty());
    // Removes only an empty directory: if the name now holds something else, it stays.
    let _ = rfs::unlinkat(dir_fd, name, AtFlags::REMOVEDIR);
    let _ = rfs::fsync(dir_fd);
}

/// The names in the directory `fd`, but `.`, `..` and the commit marker.
fn members(fd: &OwnedFd) -> std::io::Result<Vec<String>> {
    let mut dir = rfs::Dir::read_from(fd)?;
    let mut names = Vec::new();
    while let Some(entry) = dir.read() {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != "." && name != ".." && name != COMMIT_MARKER {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Creates `name` in `dir_fd` exclusively (`O_EXCL|O_NOFOLLOW`), then sets `mode` on the
/// open file, whatever the umask.
fn create_new(dir_fd: &OwnedFd, name: &str, mode: u32) -> std::io::Result<File> {
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    // Created 0600, so a key is never readable by others, not even for an instant.
    let fd = rfs::openat(dir_fd, name, flags, Mode::from_raw_mode(KEY_MODE))?;
    rfs::fchmod(&fd, Mode::from_raw_mode(mode))?;
    Ok(File::from(fd))
}

fn stage(txn: &OwnedFd, dir: &Path, file: &OutFile) -> Result<File> {
    let target = dir.join(&file.name);
    let context = |e: std::io::Error| write_error(&target, &e);
    let mut handle = create_new(txn, &file.name, KEY_MODE).map_err(context)?;
    handle.write_all(&file.contents).map_err(context)?;
    rfs::fchmod(&handle, Mode::from_raw_mode(file.mode())).map_err(|e| context(e.into()))?;
    Ok(handle)
}

/// fsyncs `files` and (best effort) `dirs` all at once, one thread each. Issued together,
/// the fsyncs share the file system's journal commits (ext4, XFS batch concurrent ones)
/// instead of waiting for one commit each: one after another, the 11 fsyncs of `init`'s
/// staging took most of its time on a busy disk (docs/benchmarks.md).
fn sync_together(files: &[File], dirs: &[&OwnedFd]) -> std::io::Result<()> {
    std::thread::scope(|scope| {
        for dir in dirs {
            scope.spawn(move || {
                let _ = rfs::fsync(dir);
            });
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
    /// Staging directories this user did not make, left alone: (path, why).
    pub left_alone: Vec<(PathBuf, String)>,
}

/// Whether a live process is still writing the set staged in `txn`.
fn in_progress(txn: &OwnedFd) -> bool {
    match txn.try_clone().map(File::from) {
        Ok(handle) => matches!(handle.try_lock(), Err(fs::TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

/// The staging directories left in `dir` by interrupted writes (or being written now).
/// Reads only: `verify`, `inspect` and `status` report them.
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

/// A write an earlier run left interrupted, as a read command sees it (reading only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingWrite {
    /// The staging directory's name (`.milvus-cert.txn.…`).
    pub name: String,
    /// The set was committed: the next writer rolls it forward (else back).
    pub committed: bool,
    /// The files staged in it (empty when it cannot be read).
    pub files: Vec<String>,
    /// It belongs to another user: no writer of this user will touch it.
    pub foreign_owner: Option<u32>,
}

/// The interrupted writes in `dir`, for `verify`, `inspect` and `status` (which never
/// recover: they only read).
pub fn pending_writes(dir: &Path) -> Vec<PendingWrite> {
    use std::os::unix::fs::MetadataExt;
    pending(dir)
        .into_iter()
        .map(|txn| {
            let mut files: Vec<String> = fs::read_dir(&txn)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .filter(|n| n != COMMIT_MARKER)
                        .collect()
                })
                .unwrap_or_default();
            files.sort();
            let owner = fs::symlink_metadata(&txn).map(|m| m.uid()).unwrap_or(0);
            PendingWrite {
                name: txn
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                committed: fs::symlink_metadata(txn.join(COMMIT_MARKER)).is_ok(),
                files,
                foreign_owner: (owner != euid()).then_some(owner),
            }
        })
        .collect()
}

/// Opens the staging directory `name` of `dir_fd` if this user made it: a real directory
/// owned by this user, mode 0700, holding only regular files of this user with one link
/// each. Returns the descriptor and the member names, or why it is left alone.
fn open_own_txn(dir_fd: &OwnedFd, name: &str) -> Result<(OwnedFd, Vec<String>), String> {
    let fd = open_subdir(dir_fd, name)
        .map_err(|e| format!("it cannot be opened ({})", io_reason(&e)))?;
    let stat = rfs::fstat(&fd).map_err(|e| io_reason(&e.into()))?;
    let me = euid();
    if stat.st_uid != me {
        return Err(format!(
            "it belongs to uid {}, not to you (uid {me})",
            stat.st_uid
        ));
    }
    if stat.st_mode & 0o7777 != PRIVATE_DIR_MODE {
        return Err(format!("its mode is {:o}, not 700", stat.st_mode & 0o7777));
    }
    let names = members(&fd).map_err(|e| io_reason(&e))?;
    for member in names.iter().map(String::as_str).chain([COMMIT_MARKER]) {
        let Ok(s) = rfs::statat(&fd, member, AtFlags::SYMLINK_NOFOLLOW) else {
            continue;
        };
        let regular = FileType::from_raw_mode(s.st_mode) == FileType::RegularFile;
        if !regular || s.st_uid != me || s.st_nlink != 1 {
            return Err(format!("'{member}' in it is a link or not a file of yours"));
        }
        if member != COMMIT_MARKER && (member.starts_with('.') || member.contains('\\')) {
            return Err(format!("'{member}' in it is not a name milvus-cert writes"));
        }
    }
    Ok((fd, names))
}

/// Finishes committed sets and deletes uncommitted ones (module docs) — only the ones
/// this user made ([`open_own_txn`]); others are left alone and reported. Every step is
/// relative to directory descriptors, so swapping a staging directory for a link moves
/// nothing else. Call it holding the directory lock, so no writer is mid-commit.
/// Idempotent: an interrupted recovery is finished by the next one.
pub fn recover(dir: &Path) -> Result<Recovery> {
    let mut done = Recovery::default();
    let context = |e: std::io::Error| {
        anyhow!(
            "cannot finish an interrupted write in '{}': {}",
            dir.display(),
            io_reason(&e)
        )
    };
    let found = pending(dir);
    if found.is_empty() {
        return Ok(done);
    }
    let dir_fd = open_dir(dir).map_err(context)?;
    for path in found {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (txn, names) = match open_own_txn(&dir_fd, &name) {
            Ok(opened) => opened,
            Err(why) => {
                done.left_alone.push((path, why));
                continue;
            }
        };
        if in_progress(&txn) {
            continue;
        }
        race("recover", &dir_fd, &name);
        if rfs::statat(&txn, COMMIT_MARKER, AtFlags::SYMLINK_NOFOLLOW).is_err() {
            remove_txn(&dir_fd, &name, &txn);
            done.rolled_back += 1;
            fault("recover:rolled-back");
            continue;
        }
        for member in names {
            rfs::renameat(&txn, member.as_str(), &dir_fd, member.as_str())
                .map_err(|e| context(e.into()))?;
            fault(&format!("recover:{member}"));
            done.rolled_forward.push(member);
        }
        let _ = rfs::fsync(&dir_fd);
        remove_txn(&dir_fd, &name, &txn);
        fault("recover:rolled-forward");
    }
    Ok(done)
}

/// The lock file of a directory, opened safely: never through a link, created 0600
/// whatever the umask, refused when it is not a regular file of this user.
#[derive(Debug)]
pub struct LockFile {
    /// The open lock file.
    pub file: File,
    dir_fd: OwnedFd,
    name: String,
}

impl LockFile {
    /// Opens (creating if missing) `name` in `dir`.
    pub fn open(dir: &Path, name: &str) -> Result<LockFile> {
        let path = dir.join(name);
        let cannot = |e: std::io::Error| {
            let fix = match e.kind() {
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                    format!(
                        "; issuing writes into '{}': run as a user who may write there, \
                         or copy the directory somewhere writable and pass --dir",
                        dir.display()
                    )
                }
                _ => String::new(),
            };
            anyhow!(
                "cannot create the lock file '{}': {}{fix}",
                path.display(),
                io_reason(&e)
            )
        };
        let dir_fd = open_dir(dir).map_err(cannot)?;
        let flags =
            OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
        let fd = match rfs::openat(&dir_fd, name, flags, Mode::from_raw_mode(KEY_MODE)) {
            Ok(fd) => fd,
            Err(rustix::io::Errno::LOOP) => bail!(
                "the lock file '{}' is a symbolic link; milvus-cert never follows one there: \
                 remove it if you did not make it",
                path.display()
            ),
            Err(e) => return Err(cannot(e.into())),
        };
        let stat = rfs::fstat(&fd).map_err(|e| cannot(e.into()))?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            bail!("the lock file '{}' is not a regular file", path.display());
        }
        if stat.st_uid != euid() {
            bail!(
                "the lock file '{}' belongs to another user (uid {}); refusing to use it: \
                 remove it if you do not know who made it",
                path.display(),
                stat.st_uid
            );
        }
        rfs::fchmod(&fd, Mode::from_raw_mode(KEY_MODE)).map_err(|e| cannot(e.into()))?;
        Ok(LockFile {
            file: File::from(fd),
            dir_fd,
            name: name.to_string(),
        })
    }

    /// Whether the directory still names this file (the holder before us may have
    /// removed the one we waited on).
    pub fn is_current(&self) -> bool {
        let (Ok(a), Ok(b)) = (
            rfs::fstat(&self.file),
            rfs::statat(&self.dir_fd, self.name.as_str(), AtFlags::SYMLINK_NOFOLLOW),
        ) else {
            return false;
        };
        a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Removes the file from the directory (call while still holding the lock).
    pub fn remove(&self) {
        if self.is_current() {
            let _ = rfs::unlinkat(&self.dir_fd, self.name.as_str(), AtFlags::empty());
        }
    }
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
    // `POINT:sigint` interrupts the run there, as Ctrl-C would (tests/advice.rs).
    if std::env::var("MILVUS_CERT_FAULT").is_ok_and(|w| w == format!("{point}:sigint")) {
        // SAFETY: raise(2) only sends a signal to this process.
        unsafe {
            libc::raise(libc::SIGINT);
        }
    }
}

/// A fault-injection point: nothing in release builds.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn fault(_point: &str) {}

/// The race an attacker who can write in the directory would run, at its worst moment
/// (debug builds only). `MILVUS_CERT_RACE=<point>:<target>` — points `commit` (the set
/// is staged and decided, the renames are next) and `recover` (a staging directory has
/// passed the checks, its renames are next) — renames the staging directory away and
/// puts a symbolic link to `target` under its name. Deterministic, unlike a loop of
/// `renameat2(RENAME_EXCHANGE)`; tests/hostile_dir.rs shows it moves nothing.
#[cfg(debug_assertions)]
fn race(point: &str, dir_fd: &OwnedFd, txn: &str) {
    let Ok(spec) = std::env::var("MILVUS_CERT_RACE") else {
        return;
    };
    let Some((wanted, target)) = spec.split_once(':') else {
        return;
    };
    if wanted == point {
        let aside = format!("{txn}.swapped");
        let _ = rfs::renameat(dir_fd, txn, dir_fd, aside.as_str());
        let _ = rfs::symlinkat(target, dir_fd, txn);
        eprintln!("milvus-cert: race injected at '{point}': {txn} -> {target}");
    }
}

/// The race hook: nothing in release builds.
#[cfg(not(debug_assertions))]
#[inline(always)]
fn race(_point: &str, _dir_fd: &OwnedFd, _txn: &str) {}

/// A warning when the key file at `path` is readable or writable by anyone but its
/// owner, with the command that fixes it.
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

/// "cannot write '<final name>': <reason>", never the temporary file's name.
fn write_error(target: &Path, error: &std::io::Error) -> anyhow::Error {
    anyhow!("cannot write '{}': {}", target.display(), io_reason(error))
}

/// Makes the renames durable. Best effort.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = open_dir(dir) {
        let _ = rfs::fsync(&handle);
    }
}

/// Writes one file at `target` with permissions `mode` (a key with [`KEY_MODE`]),
/// atomically and through the same checks as [`write_set`]. Without `force` an existing
/// `target` is refused. The directory must exist.
pub fn write_file(target: &Path, contents: &[u8], mode: u32, force: bool) -> Result<()> {
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| anyhow!("'{}' is not a file name", target.display()))?
        .to_string_lossy()
        .into_owned();
    let mut file = if mode == KEY_MODE {
        OutFile::secret(name, contents)
    } else {
        OutFile::public(name, contents)
    };
    file.mode = Some(mode);
    if !dir.is_dir() {
        bail!("cannot write '{}': no such directory", target.display());
    }
    write_set(dir, &[file], force)
}

/// The first free backup name for `name` in `dir`: `NAME.bak`, then `NAME.bak.1`, …
pub fn backup_name(dir: &Path, name: &str, taken: &[String]) -> String {
    let free = |candidate: &String| {
        !taken.contains(candidate) && existing(dir, &[candidate.as_str()]).is_empty()
    };
    let first = format!("{name}.bak");
    if free(&first) {
        return first;
    }
    (1..)
        .map(|n| format!("{name}.bak.{n}"))
        .find(free)
        .unwrap_or(first)
}

/// (replaced file name, backup file name) pairs.
pub type BackupPairs = Vec<(String, String)>;

/// What kind of file a report or a planned write is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// PKCS#8 private key.
    PrivateKey,
    /// X.509 certificate.
    Certificate,
    /// PKCS#10 certificate signing request.
    Csr,
    /// OpenSSL serial file.
    Serial,
}

/// What a planned write does to its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Write a new file.
    Create,
    /// Replace an existing file.
    Replace,
    /// Copy an existing file to a backup name.
    Backup,
    /// The file exists and a real run refuses to replace it without --force.
    Conflict,
}

/// One file a write command puts on disk, decided before any key is made. The list of
/// them is built once by the command's plan: `--dry-run` shows it (JSON `planned`), the
/// real run hands it to [`write_planned`], which writes exactly these files.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedWrite {
    /// File name.
    pub name: String,
    /// Full path.
    pub path: PathBuf,
    /// What it is.
    pub kind: FileKind,
    /// Whose it is (absent for ca.srl and backups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// What happens to it.
    pub action: Action,
    /// The serial a certificate would get, or the last serial for ca.srl (absent when it
    /// would be random).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// A certificate's notAfter.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub not_after: Option<time::OffsetDateTime>,
    /// The directory it goes in, as given.
    #[serde(skip)]
    pub dir: PathBuf,
    /// For a backup: the file in `dir` whose present contents it keeps.
    #[serde(skip)]
    pub backup_of: Option<String>,
}

impl PlannedWrite {
    /// `name` in `dir`: created, or replaced if something is there now.
    pub fn new(dir: &Path, name: &str, kind: FileKind, role: Option<Role>) -> PlannedWrite {
        let action = if existing(dir, &[name]).is_empty() {
            Action::Create
        } else {
            Action::Replace
        };
        PlannedWrite {
            name: name.to_string(),
            path: absolute(dir).join(name),
            kind,
            role,
            action,
            serial: None,
            not_after: None,
            dir: dir.to_path_buf(),
            backup_of: None,
        }
    }

    /// The same write, with the serial (hex) it will carry and its notAfter.
    pub fn issued(self, serial: Option<String>, not_after: Option<time::OffsetDateTime>) -> Self {
        PlannedWrite {
            serial,
            not_after,
            ..self
        }
    }

    /// A copy of `original`'s present contents under the name `backup`.
    pub fn backup(&self, backup: &str) -> PlannedWrite {
        PlannedWrite {
            role: None,
            action: Action::Backup,
            serial: None,
            not_after: None,
            backup_of: Some(self.name.clone()),
            ..PlannedWrite::new(&self.dir, backup, self.kind, None)
        }
    }

    /// Private key material: written 0600.
    pub fn is_secret(&self) -> bool {
        self.kind == FileKind::PrivateKey
    }
}

/// `dir` made absolute for reports (as given if that fails).
pub fn absolute(dir: &Path) -> PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// Which replaced files get a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every replaced file but `ca.srl` (continued, not replaced); a symbolic link is
    /// refused when the backup is read (a copy through a link could leak its target).
    All,
    /// As `All`, but a symbolic link is replaced without a backup: its target stays
    /// untouched, so nothing is lost (`init`, `server`, `client` with --force).
    RegularFiles,
    /// Every replaced file, `ca.srl` included (`ca --force` replaces a whole CA).
    WithSerial,
}

/// The one backup rule for replaced keys, CSRs and certificates: `planned` with a backup
/// of every file it replaces put first, under [`backup_name`], so the old contents land
/// in the same transaction as the new.
pub fn with_backups(planned: Vec<PlannedWrite>, keep: Keep) -> Vec<PlannedWrite> {
    let mut backups: Vec<PlannedWrite> = Vec::new();
    for write in &planned {
        let meta = fs::symlink_metadata(write.dir.join(&write.name));
        let kept = match (&meta, keep) {
            (Err(_), _) => false,
            (Ok(_), Keep::WithSerial) => true,
            (Ok(_), _) if write.name == crate::store::role::SERIAL_FILE => false,
            (Ok(m), Keep::RegularFiles) => m.is_file(),
            (Ok(_), Keep::All) => true,
        };
        if kept && write.action != Action::Backup {
            let taken: Vec<String> = backups.iter().map(|b| b.name.clone()).collect();
            backups.push(write.backup(&backup_name(&write.dir, &write.name, &taken)));
        }
    }
    backups.extend(planned);
    backups
}

/// The (replaced, backup) names of the backups in `planned`.
pub fn backup_pairs(planned: &[PlannedWrite]) -> BackupPairs {
    planned
        .iter()
        .filter_map(|w| Some((w.backup_of.clone()?, w.name.clone())))
        .collect()
}

/// Writes the planned files: each backup copied from its original (never through a
/// link), each other file from `made`, which holds their contents in plan order. Files
/// in one directory are one set ([`write_set`]); a plan over two directories (`sign
/// --out`) writes them in plan order, one set each. A file the plan would create that
/// appeared since is refused without `force`, like a symbolic link at any target.
pub fn write_planned(planned: &[PlannedWrite], made: Vec<OutFile>, force: bool) -> Result<()> {
    let new: Vec<&PlannedWrite> = planned.iter().filter(|w| w.backup_of.is_none()).collect();
    let names = |files: &[OutFile]| files.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
    let planned_names: Vec<String> = new.iter().map(|w| w.name.clone()).collect();
    if planned_names != names(&made)
        || new
            .iter()
            .zip(&made)
            .any(|(w, f)| w.is_secret() != f.secret)
    {
        bail!(
            "internal error: the files made ({:?}) are not the files planned ({planned_names:?}); nothing was written",
            names(&made)
        );
    }
    let mut made = made.into_iter();
    // (directory, its files, whether it holds ca.srl), in plan order.
    let mut sets: Vec<(&Path, Vec<OutFile>, bool)> = Vec::new();
    for write in planned {
        // Planned free, there now: never replaced without --force, and a backup never is.
        let free = matches!(write.action, Action::Create | Action::Backup);
        let appeared = free && fs::symlink_metadata(&write.path).is_ok();
        if appeared && (!force || write.backup_of.is_some()) {
            refuse_link(&write.path)?;
            bail!(
                "'{}' appeared while milvus-cert was working; pass --force to replace it (nothing was written)",
                write.path.display()
            );
        }
        let file = match &write.backup_of {
            Some(original) => {
                let bytes = crate::store::read::read_input_nofollow(&write.dir.join(original))?;
                OutFile::new(write.name.clone(), bytes, write.is_secret())
            }
            None => made
                .next()
                .ok_or_else(|| anyhow!("internal error: fewer files made than planned"))?,
        };
        let serial = write.kind == FileKind::Serial;
        let same = |dir: &Path| absolute(dir) == absolute(&write.dir);
        match sets.iter_mut().find(|(dir, _, _)| same(dir)) {
            Some((_, files, has_serial)) => {
                files.push(file);
                *has_serial |= serial;
            }
            None => sets.push((write.dir.as_path(), vec![file], serial)),
        }
    }
    // ca.srl's set first: if another cannot be written, a serial is skipped, never reused.
    sets.sort_by_key(|(_, _, has_serial)| !has_serial);
    for (dir, files, _) in &sets {
        write_set_checked(dir, files, true, force)?;
    }
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

    fn private_dir(path: &Path) {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new().mode(0o700).create(path).unwrap();
    }

    #[test]
    fn recovery_leaves_staging_directories_it_did_not_make_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let open = d.join(format!("{TXN_PREFIX}open"));
        fs::create_dir(&open).unwrap();
        fs::set_permissions(&open, fs::Permissions::from_mode(0o755)).unwrap();
        fs::write(open.join("ca.pem"), "planted").unwrap();
        fs::write(open.join(COMMIT_MARKER), "").unwrap();
        let linked = d.join(format!("{TXN_PREFIX}linked"));
        private_dir(&linked);
        std::os::unix::fs::symlink("/etc/hostname", linked.join("ca.pem")).unwrap();
        fs::write(linked.join(COMMIT_MARKER), "").unwrap();
        let done = recover(d).unwrap();
        assert!(done.rolled_forward.is_empty(), "{done:?}");
        let why: Vec<&str> = done.left_alone.iter().map(|(_, w)| w.as_str()).collect();
        assert!(why[0].contains("is a link"), "{why:?}");
        assert!(why[1].contains("mode is 755"), "{why:?}");
        assert!(!d.join("ca.pem").exists());
        assert_eq!(pending(d).len(), 2, "left where they are");
    }

    #[test]
    fn recovery_rolls_committed_sets_forward_and_others_back_but_leaves_live_ones() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.pem"), "old").unwrap();
        let committed = d.join(format!("{TXN_PREFIX}one"));
        private_dir(&committed);
        fs::write(committed.join("a.pem"), "new").unwrap();
        fs::write(committed.join(COMMIT_MARKER), "").unwrap();
        let uncommitted = d.join(format!("{TXN_PREFIX}two"));
        private_dir(&uncommitted);
        fs::write(uncommitted.join("b.pem"), "half").unwrap();
        let live = d.join(format!("{TXN_PREFIX}three"));
        private_dir(&live);
        let holder = fs::File::open(&live).unwrap();
        holder.lock().unwrap();

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

    #[test]
    fn write_planned_writes_exactly_the_plan_with_its_backups() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.key"), "old key").unwrap();
        let key = PlannedWrite::new(d, "a.key", FileKind::PrivateKey, None);
        let cert = PlannedWrite::new(d, "a.pem", FileKind::Certificate, None);
        let planned = with_backups(vec![key, cert], Keep::All);
        assert_eq!(
            backup_pairs(&planned),
            [("a.key".into(), "a.key.bak".into())]
        );

        // Files made that are not the plan's: refused, nothing written.
        for made in [
            vec![OutFile::secret("a.key", "k")],
            vec![OutFile::secret("a.key", "k"), OutFile::public("b.pem", "c")],
            vec![OutFile::public("a.key", "k"), OutFile::public("a.pem", "c")],
        ] {
            let err = write_planned(&planned, made, false).unwrap_err();
            assert!(err.to_string().contains("not the files planned"), "{err}");
            assert!(!d.join("a.key.bak").exists() && !d.join("a.pem").exists());
        }

        // A backup name taken since the plan is never overwritten, not even with --force.
        fs::write(d.join("a.key.bak"), "someone else's").unwrap();
        let made = || {
            vec![
                OutFile::secret("a.key", "new key"),
                OutFile::public("a.pem", "c"),
            ]
        };
        let err = write_planned(&planned, made(), true).unwrap_err();
        assert!(err.to_string().contains("appeared"), "{err}");
        assert_eq!(fs::read(d.join("a.key")).unwrap(), b"old key");
        fs::remove_file(d.join("a.key.bak")).unwrap();

        write_planned(&planned, made(), false).unwrap();
        assert_eq!(fs::read(d.join("a.key.bak")).unwrap(), b"old key");
        assert_eq!(fs::read(d.join("a.key")).unwrap(), b"new key");
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(d.join("a.key.bak"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, KEY_MODE, "a key's backup is a key");
    }
}
