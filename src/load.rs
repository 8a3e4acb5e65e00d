//! Reading input files, with limits and errors that name the file.

use anyhow::{Result, bail};
use std::fs;
use std::io::Read;
use std::path::Path;

/// Largest PEM/DER input read: real certificates and keys are a few KiB; anything bigger
/// is not one, and reading it whole could exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// Reads a whole input file, refusing non-regular files and files over [`MAX_INPUT_BYTES`].
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display();
    // Check before opening: opening a FIFO (or some device files) blocks until a writer
    // appears, so `verify` would hang on a named pipe.
    let meta = fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("cannot read '{shown}': {}", io_reason(&e)))?;
    if !meta.is_file() {
        bail!("cannot read '{shown}': not a regular file");
    }
    let file = fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot read '{shown}': {}", io_reason(&e)))?;
    let meta = file
        .metadata()
        .map_err(|e| anyhow::anyhow!("cannot read '{shown}': {}", io_reason(&e)))?;
    if !meta.is_file() {
        bail!("cannot read '{shown}': not a regular file");
    }
    read_capped(file, &shown.to_string())
}

/// Whether a file argument is `-`, the Unix name for standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a file named on the command line: `-` is standard input (a pipe, a here-document,
/// a terminal), anything else goes through [`read_input`]. The size cap holds for both.
pub fn read_arg(path: &Path) -> Result<Vec<u8>> {
    if is_stdin(path) {
        read_capped(std::io::stdin().lock(), "-")
    } else {
        read_input(path)
    }
}

/// Reads `reader` to the end, refusing more than [`MAX_INPUT_BYTES`].
fn read_capped(reader: impl Read, shown: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot read '{shown}': {}", io_reason(&e)))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        bail!("cannot read '{shown}': larger than 1 MiB, so not a certificate or key");
    }
    Ok(bytes)
}

/// A short, lower-case reason for an I/O error ("permission denied").
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match error.kind() {
        NotFound => "no such file".to_string(),
        PermissionDenied => "permission denied".to_string(),
        IsADirectory => "it is a directory".to_string(),
        ReadOnlyFilesystem => "read-only file system".to_string(),
        StorageFull => "no space left on device".to_string(),
        _ => {
            // Drop the "(os error N)" suffix and any path decoration tempfile adds.
            let text = error.to_string();
            let text = text.split(" at path ").next().unwrap_or(&text).to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
        }
    }
}

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
