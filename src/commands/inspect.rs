//! `milvus-cert inspect`.

use crate::cli::check::InspectArgs;
use crate::render::Output;
use anyhow::{Result, bail};

/// Runs `inspect`.
pub fn run(_args: &InspectArgs, _output: Output) -> Result<u8> {
    bail!("`inspect` is not available yet")
}
