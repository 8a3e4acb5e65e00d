//! Proving a directory unchanged: a listing that sees what a snapshot of the bytes does
//! not (modes, owners, links), and a refusal that leaves the directory as it was.

use super::files::snapshot;
use super::run::fails;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Every entry under `dir` (recursively, links not followed, so a link loop or a FIFO is
/// listed, not opened): type, mode, owner and contents, by path relative to `dir`.
pub fn listing(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let what = if meta.file_type().is_symlink() {
                format!("link {}", fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                stack.push(path.clone());
                "dir".to_string()
            } else if meta.is_file() {
                format!("{:?}", fs::read(&path).unwrap())
            } else {
                format!("special {:?}", meta.file_type())
            };
            let key = path.strip_prefix(dir).unwrap().display().to_string();
            let (mode, uid) = (meta.mode() & 0o7777, meta.uid());
            out.insert(key, format!("{mode:o} {uid} {what}"));
        }
    }
    out
}

/// [`fails`] (exit 2, one error line, which it returns), and `dir` is byte for byte as
/// before.
pub fn fails_unchanged(dir: &Path, args: &[&str]) -> String {
    let before = snapshot(dir);
    let line = fails(args);
    assert!(
        snapshot(dir) == before,
        "{args:?} changed {}",
        dir.display()
    );
    line
}
