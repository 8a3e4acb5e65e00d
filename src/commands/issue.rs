//! `ca`, `server`, `client`, `sign`, `renew`: the step-by-step issuing commands.

use crate::cli::{CaArgs, LeafArgs, RenewArgs, SignArgs};
use crate::render::Output;
use crate::role::Role;
use anyhow::{Result, bail};

/// `milvus-cert ca`.
pub fn ca(_args: &CaArgs, _output: Output) -> Result<u8> {
    bail!("`ca` is not available yet")
}

/// `milvus-cert server` and `milvus-cert client`.
pub fn leaf(_role: Role, _args: &LeafArgs, _output: Output) -> Result<u8> {
    bail!("`server`/`client` are not available yet")
}

/// `milvus-cert sign`.
pub fn sign(_args: &SignArgs, _output: Output) -> Result<u8> {
    bail!("`sign` is not available yet")
}

/// `milvus-cert renew`.
pub fn renew(_args: &RenewArgs, _output: Output) -> Result<u8> {
    bail!("`renew` is not available yet")
}
