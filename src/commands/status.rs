//! `milvus-cert status`: the days left of every certificate in a directory, as a table,
//! JSON or Prometheus gauges, and an exit code a cron job or CI can act on.

use crate::check::status;
use crate::cli::status::StatusArgs;
use crate::render::{self, Output};
use crate::{EXIT_CHECK_FAILED, EXIT_OK, store};
use anyhow::{Result, bail};

/// Runs `status`.
pub fn run(args: &StatusArgs, output: Output) -> Result<u8> {
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
    let text = if args.prometheus {
        status::prometheus(&report)
    } else if output == Output::Json {
        render::json_document("status", args.dry_run, &report)?
    } else {
        status::table(&report)
    };
    if let Some(out) = &args.out {
        if args.dry_run {
            dry_run(out, &text, args.force)?;
        } else {
            store::write_file(out, text.as_bytes(), store::PUBLIC_MODE, args.force)?;
        }
    } else if output != Output::Quiet || args.prometheus {
        // Gauges are the result itself, so --quiet does not hold them back.
        render::write_stdout(text.as_bytes())?;
    }
    Ok(if report.needs_attention() || nothing {
        EXIT_CHECK_FAILED
    } else {
        EXIT_OK
    })
}

/// `--out FILE --dry-run`: the same refusal a real run would give, then the contents on
/// stdout and where they would go on stderr.
fn dry_run(out: &std::path::Path, text: &str, force: bool) -> Result<()> {
    let exists = std::fs::symlink_metadata(out).is_ok();
    if exists && !force {
        bail!(
            "'{}' already exists; pass --force to replace it (nothing was written)",
            out.display()
        );
    }
    let action = if exists { "replace" } else { "create" };
    eprintln!(
        "milvus-cert status --dry-run: nothing was written; it would {action} '{}' ({} bytes) with:",
        out.display(),
        text.len()
    );
    render::write_stdout(text.as_bytes())
}
