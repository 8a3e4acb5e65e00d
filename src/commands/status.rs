//! `milvus-cert status`: the days left of every certificate in a directory, as a table,
//! JSON or Prometheus gauges, and an exit code a cron job or CI can act on.

use crate::cli::status::StatusArgs;
use crate::render::{self, Output};
use crate::status::{self, StatusReport};
use crate::{EXIT_CHECK_FAILED, EXIT_OK, store};
use anyhow::{Result, anyhow, bail};

/// Runs `status`.
pub fn run(args: &StatusArgs, output: Output) -> Result<u8> {
    if args.prometheus && output == Output::Json {
        bail!("--prometheus and --json are two output formats; pick one");
    }
    if args.force && args.out.is_none() {
        bail!("--force replaces the --out file; pass --out FILE");
    }
    let now = time::OffsetDateTime::now_utc();
    let report = status::scan(&args.dir, args.warn_days, now)?;
    if report.certificates.is_empty() && report.errors.is_empty() {
        render::warn(&format!(
            "no certificate files (*.pem, *.crt) in '{}'",
            report.dir.display()
        ));
    }
    let text = if args.prometheus {
        status::prometheus(&report)
    } else if output == Output::Json {
        json(&report)?
    } else {
        status::table(&report)
    };
    if let Some(out) = &args.out {
        store::write_file(out, text.as_bytes(), store::PUBLIC_MODE, args.force)?;
    } else if output != Output::Quiet || args.prometheus {
        // Gauges are the result itself, so --quiet does not hold them back.
        render::write_stdout(text.as_bytes())?;
    }
    Ok(if report.needs_attention() {
        EXIT_CHECK_FAILED
    } else {
        EXIT_OK
    })
}

fn json(report: &StatusReport) -> Result<String> {
    let mut text = serde_json::to_string_pretty(report)
        .map_err(|e| anyhow!("cannot format the result as JSON: {e}"))?;
    text.push('\n');
    Ok(text)
}
