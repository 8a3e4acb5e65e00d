//! `milvus-cert rotate-ca`: its arguments as settings and options for [`crate::issue::rotate`],
//! whose report `render` shows.

use super::issue::{checked, new_ca_overrides, passphrase};
use crate::cli::rotate::RotateCaArgs;
use crate::render::{self, Output};
use crate::settings::Overrides;
use anyhow::Result;

/// `milvus-cert rotate-ca`.
pub fn run(args: &RotateCaArgs, output: Output) -> Result<()> {
    let flags = Overrides {
        days: args.days,
        ..new_ca_overrides(&args.output, &args.ca)
    };
    let settings = checked(&flags, &args.output)?;
    let opts = crate::issue::rotate::RotateOptions {
        names: args.names.clone(),
        all: args.all,
        key_format: args.ca.key.format.key_format,
        encrypt: args.encrypt_ca_key,
        dry_run: args.output.dry_run,
    };
    let summary = crate::issue::rotate::run(&opts, &settings, &passphrase(&args.output))?;
    render::rotated(&summary, output)
}
