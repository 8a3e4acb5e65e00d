//! Arguments of `emit-config`.

use crate::role::DEFAULT_DIR;
use clap::Args;
use std::path::PathBuf;

/// Options of `emit-config`.
#[derive(Debug, Args)]
pub struct EmitConfigArgs {
    /// Certificate directory the configuration points at.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,
}
