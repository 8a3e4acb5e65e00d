//! Arguments of the read-side subcommands: `inspect` and `verify`.

use crate::role::DEFAULT_DIR;
use clap::Args;
use std::path::PathBuf;

/// Options of `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Certificates, keys, CSRs or directories to show.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// Options of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Directory to check.
    #[arg(value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,
}
