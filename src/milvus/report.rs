//! What `emit-config` did, as plain data for `render` (text or JSON).

use super::Format;
use super::merge::Change;
use serde::Serialize;
use std::path::PathBuf;

/// One emitted piece (a client snippet, a manifest), also part of `text`.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// Short name: `python`, `go`, `secret`, `helm-values`…
    pub name: String,
    /// A file name it could be saved as (`milvus_tls.py`).
    pub file_name: String,
    /// The text.
    pub text: String,
}

/// The result of one `emit-config` run.
#[derive(Debug, Clone, Serialize)]
pub struct EmitReport {
    /// What was emitted.
    pub format: Format,
    /// TLS mode, 1 or 2.
    pub mode: u8,
    /// The certificate directory, absolute.
    pub dir: PathBuf,
    /// Where the directory is as the server (or client) sees it.
    pub cert_path_prefix: String,
    /// The milvus.yaml merged into, if any.
    pub milvus_yaml: Option<PathBuf>,
    /// Whether this was a dry run (nothing written).
    #[serde(skip)]
    pub dry_run: bool,
    /// Keys set in milvus.yaml whose value changed or that were added.
    pub changed: Vec<Change>,
    /// Keys that already held the wanted value.
    pub unchanged: Vec<String>,
    /// Backup of the original milvus.yaml, when it was rewritten.
    pub backup: Option<PathBuf>,
    /// File written (`--out`, or the merged milvus.yaml).
    pub written: Option<PathBuf>,
    /// Unified diff of the merge (empty when nothing changes); `None` without --milvus-yaml.
    pub diff: Option<String>,
    /// The emitted text: the milvus.yaml fragment (also for a merge), manifests or snippets.
    pub text: String,
    /// The pieces `text` is made of.
    pub parts: Vec<Part>,
    /// Problems that did not stop the run (e.g. with --allow-missing).
    pub warnings: Vec<String>,
    /// Things to know about the output (REST port, default password…).
    pub notes: Vec<String>,
}

impl EmitReport {
    /// The human summary of a merge or a written file; `None` when the text itself is
    /// the result to print.
    pub fn summary(&self) -> Option<String> {
        if self.dry_run {
            return None;
        }
        if let Some(file) = &self.milvus_yaml {
            if self.changed.is_empty() {
                return Some(format!(
                    "{} already has these settings; nothing changed.\n",
                    file.display()
                ));
            }
            let mut text = format!("Updated {}:\n", file.display());
            for change in &self.changed {
                match &change.old {
                    Some(old) => {
                        text.push_str(&format!("  {}: {} -> {}\n", change.key, old, change.new))
                    }
                    None => text.push_str(&format!("  {}: {} (added)\n", change.key, change.new)),
                }
            }
            if let Some(backup) = &self.backup {
                text.push_str(&format!("Original kept as {}\n", backup.display()));
            }
            return Some(text);
        }
        self.written
            .as_ref()
            .map(|out| format!("Wrote {} to {}\n", self.format, out.display()))
    }
}
