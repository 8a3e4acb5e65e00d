//! Turns command results into text or JSON. Results go to stdout, diagnostics to stderr.
//!
//! One file per report family (`check`: verify and probe, `status`, `inspect`, `issue`:
//! the writing commands, `emit`: emit-config); this one holds what they share, the
//! `--json` envelope and [`show`]. `terminal` is the terminal side of the CLI: messages,
//! the one stdout writer, colour, progress and the panic hook.

mod check;
mod emit;
mod inspect;
mod issue;
mod status;

use crate::terminal::write_stderr;
pub use crate::terminal::{
    Progress, backtrace_requested, configure, error, install_panic_hook, internal_error_line,
    is_broken_pipe_panic, note, panic_message, printable, progress_clear, set_color, warn,
    write_stdout,
};
pub use check::{probe, verify, verify_text};
pub use emit::emit_config;
pub use inspect::inspect;
pub use issue::{init, issued, rotated};
pub use status::{StatusFormat, status, status_document, status_dry_run};

use anyhow::{Result, anyhow};
use serde::Serialize;

/// How results are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Human-readable text.
    Text,
    /// One JSON document on stdout.
    Json,
    /// Nothing on success.
    Quiet,
}

/// The version of every `--json` document (docs/json.md, docs/json-schema.json). 2: every
/// document carries `schema`, `command` and `dry_run`; paths are absolute; replaced files
/// are listed under `backups` everywhere.
pub const JSON_SCHEMA: u32 = 2;

/// Every `--json` document: the same three fields first, then the command's own.
#[derive(Serialize)]
struct Envelope<'a, T: Serialize + ?Sized> {
    schema: u32,
    command: &'a str,
    dry_run: bool,
    /// The settings file that shaped this run (null: none), so a CI log shows it.
    settings_file: Option<&'a std::path::Path>,
    #[serde(flatten)]
    body: &'a T,
}

/// `body` as the `--json` document of `command`, pretty-printed, with a final newline.
pub fn json_document<T: Serialize + ?Sized>(
    command: &str,
    dry_run: bool,
    body: &T,
) -> Result<String> {
    let envelope = Envelope {
        schema: JSON_SCHEMA,
        command,
        dry_run,
        settings_file: crate::settings::file_in_effect(),
        body,
    };
    let mut json = serde_json::to_string_pretty(&envelope)
        .map_err(|e| anyhow!("cannot format the result as JSON: {e}"))?;
    json.push('\n');
    Ok(json)
}

/// Shows a command's result: `value` as one pretty JSON document with `--json`, the text
/// `text(value)` otherwise, nothing with `--quiet`. Everything goes to stdout in one write;
/// a closed stdout (`milvus-cert … | head -c1`) is not an error.
pub fn show<T: Serialize + ?Sized>(
    command: &str,
    dry_run: bool,
    value: &T,
    output: Output,
    text: impl FnOnce(&T) -> String,
) -> Result<()> {
    match output {
        Output::Quiet => Ok(()),
        Output::Json => write_stdout(json_document(command, dry_run, value)?.as_bytes()),
        Output::Text => write_stdout(text(value).as_bytes()),
    }
}

/// Prints the effective settings (`--print-config`): TOML, or JSON with `--json`.
pub fn settings(settings: &crate::settings::Settings, output: Output) -> Result<()> {
    match output {
        Output::Json => {
            let json = json_document("print-config", false, &settings.to_json())?;
            write_stdout(json.as_bytes())
        }
        _ => write_stdout(settings.to_toml().as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("CN=a.example"), "CN=a.example");
        assert_eq!(printable("CN=\x1b[31mx\ny\u{85}"), "CN=\\x1b[31mx\\ny\\x85");
    }
}
