//! `milvus-cert completions` and `milvus-cert man`.

use crate::cli::docs::{CompletionsArgs, ManArgs};
use crate::render::Output;
use anyhow::{Result, bail};

/// Runs `completions`.
pub fn completions(_args: &CompletionsArgs, _output: Output) -> Result<u8> {
    bail!("`completions` is not available yet")
}

/// Runs `man`.
pub fn man(_args: &ManArgs, _output: Output) -> Result<u8> {
    bail!("`man` is not available yet")
}
