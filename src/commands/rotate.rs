//! `milvus-cert rotate-ca`: its arguments as settings and options for [`crate::rotate`],
//! whose report `render` shows.

use super::issue::{passphrase, settings, subject_overrides};
use crate::cli::rotate::RotateCaArgs;
use crate::profile::Overrides;
use crate::render::{self, Output};
use anyhow::Result;

pub use crate::rotate::{BUNDLE_FILE, Bundle, RotateSummary, old_name};

/// `milvus-cert rotate-ca`.
pub fn run(args: &RotateCaArgs, output: Output) -> Result<()> {
    let mut flags = Overrides {
        dir: args.output.dir.clone(),
        ca_cn: args.ca_cn.clone(),
        key_type: args.key_type,
        key_bits: args.key_bits,
        ca_days: args.ca_days,
        days: args.days,
        ..Overrides::default()
    };
    subject_overrides(&mut flags, &args.subject);
    let Some(settings) = settings(&flags, &args.output, false, output)? else {
        return Ok(());
    };
    crate::plan::validate(&settings)?;
    let opts = crate::rotate::RotateOptions {
        names: args.names.clone(),
        all: args.all,
        key_format: args.key_format,
        encrypt: args.encrypt_ca_key,
        dry_run: args.output.dry_run,
    };
    let summary = crate::rotate::run(&opts, &settings, &passphrase(&args.output))?;
    render::rotated(&summary, output)
}
