//! `milvus-cert emit-config`.

use crate::cli::emit::EmitConfigArgs;
use crate::render::Output;
use anyhow::{Result, bail};

/// Runs `emit-config`.
pub fn run(_args: &EmitConfigArgs, _output: Output) -> Result<u8> {
    bail!("`emit-config` is not available yet")
}
