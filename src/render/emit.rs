//! `emit-config`'s report.

use super::{Output, json_document, note, warn, write_stdout};
use anyhow::Result;

/// Shows the result of `emit-config`: with --json the report; otherwise the emitted text
/// (or the diff of a --dry-run), a summary of what was written, and notes on stderr.
pub fn emit_config(report: &crate::milvus::report::EmitReport, output: Output) -> Result<()> {
    for warning in &report.warnings {
        warn(warning);
    }
    match output {
        Output::Json => {
            return write_stdout(json_document("emit-config", report.dry_run, report)?.as_bytes());
        }
        // A summary is chatter; emitted text or a dry run's diff is the result itself.
        Output::Quiet
            if !report.dry_run && (report.written.is_some() || report.milvus_yaml.is_some()) =>
        {
            return Ok(());
        }
        _ => {}
    }
    if report.dry_run {
        match report.diff.as_deref() {
            Some("") | None => {
                note("no change: the file already has these settings");
            }
            Some(diff) => write_stdout(diff.as_bytes())?,
        }
    } else if let Some(summary) = report.summary() {
        write_stdout(summary.as_bytes())?;
    } else {
        write_stdout(report.text.as_bytes())?;
    }
    if output == Output::Text {
        for line in &report.notes {
            note(&format!("note: {line}"));
        }
    }
    Ok(())
}
