//! Arguments of `completions` and `man`.

use clap::Args;
use std::path::PathBuf;

/// Options of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to print the completion script for.
    #[arg(value_name = "SHELL")]
    pub shell: String,
}

/// Options of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Directory to write the man pages into.
    #[arg(long, value_name = "DIR", default_value = "man")]
    pub out_dir: PathBuf,
}
