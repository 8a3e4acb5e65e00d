//! A refusal that leaves the directory as it was.

use super::files::snapshot;
use super::run::fails;
use std::path::Path;

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
