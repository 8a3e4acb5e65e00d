//! What a directory holds, to prove a command changed nothing (or exactly what it should).

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Every file under `dir` (hidden ones and subdirectories too) with its bytes; empty if
/// `dir` does not exist.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut map = BTreeMap::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.map(|e| e.unwrap()) {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                for (k, v) in snapshot(&e.path()) {
                    map.insert(format!("{name}/{k}"), v);
                }
            } else {
                map.insert(name, fs::read(e.path()).unwrap());
            }
        }
    }
    map
}

/// Every entry under `dir` (recursively, links not followed, FIFOs not opened): type,
/// mode, owner, contents.
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
                // A FIFO or socket: listed, never opened (reading a FIFO would block).
                format!("special {:?}", meta.file_type())
            };
            let key = path.strip_prefix(dir).unwrap().display().to_string();
            out.insert(
                key,
                format!("{:o} {} {what}", meta.mode() & 0o7777, meta.uid()),
            );
        }
    }
    out
}

/// The project's README.md.
pub fn readme() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The JSON example of the README that follows the marker `<!-- {name} -->`.
pub fn readme_json_example(name: &str) -> serde_json::Value {
    let readme = readme();
    let marker = format!("<!-- {name} -->");
    let at = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("README has no {marker}"));
    let body = readme[at..].split("```json\n").nth(1).unwrap();
    let body = body.split("\n```").next().unwrap();
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{marker}: {e}"))
}

/// The reference gen.sh and openssl.cnf (tests/fixtures/gen-sh).
pub fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gen-sh")
}
