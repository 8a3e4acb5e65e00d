//! Reading input files, with limits and errors that name the file.

use anyhow::Result;
use std::fs;
use std::io::Read;
use std::path::Path;

/// Largest PEM/DER input read: real certificates and keys are a few KiB; anything bigger
/// is not one, and reading it whole could exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// Reads a whole input file, refusing non-regular files and files over [`MAX_INPUT_BYTES`].
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    let (file, _) = open_input(path, false)?;
    read_capped(file, path, MAX_INPUT_BYTES)
}

/// [`read_input`] that never follows a symbolic link at `path` itself: for backups and
/// copies, which would otherwise copy whatever file a planted link names.
pub fn read_input_nofollow(path: &Path) -> Result<Vec<u8>> {
    let (file, _) = open_input(path, true)?;
    read_capped(file, path, MAX_INPUT_BYTES)
}

/// Opens an input file for [`read_capped`], refusing anything but a regular file (and,
/// with `nofollow`, a symbolic link). Returns its metadata, taken from the open file.
pub fn open_input(path: &Path, nofollow: bool) -> Result<(fs::File, fs::Metadata)> {
    use std::os::unix::fs::OpenOptionsExt;
    let shown = path.display();
    let cannot = |e: std::io::Error| ReadError::error(path, io_reason(&e));
    // Non-blocking: opening a FIFO (or some device files) would otherwise wait for a
    // writer, so `verify` would hang on a named pipe. Reads of regular files ignore it.
    let mut flags = rustix::fs::OFlags::NONBLOCK;
    if nofollow {
        flags |= rustix::fs::OFlags::NOFOLLOW;
    }
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
        .map_err(|e| {
            if nofollow && e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
                anyhow::anyhow!(
                    "'{shown}' is a symbolic link; milvus-cert does not copy or back up through a \
                     link: remove it or replace it with the file itself"
                )
            } else {
                cannot(e)
            }
        })?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(ReadError::error(path, "not a regular file".into()));
    }
    Ok((file, meta))
}

/// Whether a file argument is `-`, the Unix name for standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a file named on the command line: `-` is standard input (a pipe, a here-document,
/// a terminal), anything else goes through [`read_input`]. The size cap holds for both.
pub fn read_arg(path: &Path) -> Result<Vec<u8>> {
    if is_stdin(path) {
        read_capped(std::io::stdin().lock(), path, MAX_INPUT_BYTES)
    } else {
        read_input(path)
    }
}

/// The one size-capped reader: reads at most `cap + 1` bytes of `reader` (named `path`),
/// refusing more than `cap`, so a huge or endless input never fills memory.
pub fn read_capped(reader: impl Read, path: &Path, cap: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::error(path, io_reason(&e)))?;
    if bytes.len() as u64 > cap {
        use zeroize::Zeroize;
        // It may be a key: do not leave the bytes behind.
        bytes.zeroize();
        if cap == MAX_INPUT_BYTES {
            let reason = "larger than 1 MiB, so not a certificate or key".to_string();
            return Err(ReadError::error(path, reason));
        }
        return Err(ReadError::error(path, format!("larger than {cap} bytes")));
    }
    Ok(bytes)
}

/// A file that could not be read: which one, and why. Callers that name the file
/// themselves show only [`ReadError::reason`] ([`reason`] finds it in any error).
#[derive(Debug)]
pub struct ReadError {
    /// The file.
    pub path: std::path::PathBuf,
    /// Why, in a few lower-case words ("no such file", "larger than 1 MiB, …").
    pub reason: String,
}

impl ReadError {
    fn error(path: &Path, reason: String) -> anyhow::Error {
        anyhow::Error::new(ReadError {
            path: path.to_path_buf(),
            reason,
        })
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read '{}': {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for ReadError {}

/// Why reading failed, without the file name when the error is a [`ReadError`] (the
/// caller names the file); otherwise the whole message.
pub fn reason(error: &anyhow::Error) -> String {
    match error.downcast_ref::<ReadError>() {
        Some(e) => e.reason.clone(),
        None => format!("{error:#}"),
    }
}

pub use crate::terminal::io_reason;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file_and_the_cause() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.pem");
        let err = read_input(&missing).unwrap_err().to_string();
        assert!(
            err.contains("nope.pem") && err.contains("no such file"),
            "{err}"
        );
        let err = read_input(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("not a regular file") || err.contains("directory"),
            "{err}"
        );
        let big = dir.path().join("big.pem");
        fs::write(&big, vec![b'A'; (MAX_INPUT_BYTES + 10) as usize]).unwrap();
        assert!(
            read_input(&big)
                .unwrap_err()
                .to_string()
                .contains("larger than 1 MiB")
        );
    }
}
