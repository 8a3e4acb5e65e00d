//! `milvus-cert probe`: loads the directory once, probes the endpoints, hands the report
//! to `render` and says what the run came to.

use crate::certdir::{self, CertDir};
use crate::cli::probe::ProbeArgs;
use crate::commands::Outcome;
use crate::probe::{self, Options};
use crate::render::{self, Output};
use crate::store::role::DEFAULT_DIR;
use anyhow::Result;
use std::path::Path;
use time::OffsetDateTime;

/// Runs `probe`.
pub fn run(args: &ProbeArgs, output: Output) -> Result<Outcome> {
    let now = OffsetDateTime::now_utc();
    let opts = Options {
        targets: args.targets.clone(),
        server_name: args.server_name.clone(),
        timeout: args.timeout,
        rest_port: args.rest_port,
        warn_days: args.warn_days,
    };
    probe::check(&opts)?;
    let dir = load_dir(args, now)?;
    let report = probe::run(&dir, &opts, now)?;
    render::probe(&report, output)?;
    Ok(if report.unprobed() {
        Outcome::InputRejected
    } else if report.clean() {
        Outcome::Done
    } else {
        Outcome::CheckFailed
    })
}

/// `--dir`, or nothing to trust and compare with when the default ./cert does not exist
/// (the handshake and the chain are still shown).
fn load_dir(args: &ProbeArgs, now: OffsetDateTime) -> Result<CertDir> {
    if args.dir != Path::new(DEFAULT_DIR) || args.dir.exists() {
        return CertDir::load(&args.dir, args.ca.as_deref(), now);
    }
    let mut dir = CertDir::from_memory(&|_| None, &[], now);
    dir.dir = args.dir.clone();
    match &args.ca {
        Some(ca) => {
            crate::store::read::read_input(ca)?;
            dir.ca = certdir::load_certs(ca, now);
            dir.ca_name = ca.display().to_string();
        }
        None => render::warn(&format!(
            "no directory '{DEFAULT_DIR}': nothing to trust or compare with; pass --dir DIR or --ca FILE"
        )),
    }
    Ok(dir)
}
