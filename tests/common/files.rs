//! What a directory holds, to prove a command changed nothing (or exactly what it should).

use std::collections::BTreeMap;
use std::fs;
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

/// The reference gen.sh and openssl.cnf (tests/fixtures/gen-sh).
pub fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gen-sh")
}
