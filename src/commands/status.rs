//! `milvus-cert status`: the days left of every certificate in a directory, as a table,
//! JSON or Prometheus gauges, and an outcome a cron job or CI can act on.

use crate::check::status;
use crate::cli::status::StatusArgs;
use crate::commands::Outcome;
use crate::render::{self, Output, StatusFormat};
use crate::store;
use anyhow::{Result, bail};

/// Runs `status`.
pub fn run(args: &StatusArgs, output: Output) -> Result<Outcome> {
    if args.prometheus && output == Output::Json {
        bail!("--prometheus and --json are two output formats; pick one");
    }
    if (args.force || args.dry_run) && args.out.is_none() {
        bail!("--force and --dry-run are about the --out file; pass --out FILE");
    }
    let now = time::OffsetDateTime::now_utc();
    let report = status::scan(&args.dir, args.warn_days, now)?;
    // A failed mount or a wrong path must not look healthy to cron.
    let nothing = report.certificates.is_empty() && report.errors.is_empty();
    if nothing {
        render::warn(&format!(
            "no certificates found in '{}' (*.pem, *.crt, *.cer); check the path, or make them with `{}`",
            report.dir.display(),
            crate::check::advice::command(&["init"], &report.dir, &[])
        ));
    }
    let format = if args.prometheus {
        StatusFormat::Prometheus
    } else if output == Output::Json {
        StatusFormat::Json
    } else {
        StatusFormat::Table
    };
    let text = render::status_document(&report, format)?;
    match &args.out {
        Some(out) if args.dry_run => render::status_dry_run(out, &text, args.force)?,
        Some(out) => store::write_file(out, text.as_bytes(), store::PUBLIC_MODE, args.force)?,
        None => render::status(&text, format, output)?,
    }
    Ok(if report.needs_attention() || nothing {
        Outcome::CheckFailed
    } else {
        Outcome::Done
    })
}
