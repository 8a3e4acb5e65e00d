//! `milvus-cert verify`.

use crate::cli::check::VerifyArgs;
use crate::render::Output;
use anyhow::{Result, bail};

/// Runs `verify`.
pub fn run(_args: &VerifyArgs, _output: Output) -> Result<u8> {
    bail!("`verify` is not available yet")
}
