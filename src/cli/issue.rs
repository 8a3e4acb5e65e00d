//! The option groups the issuing subcommands (`init`, `ca`, `server`, `client`, `sign`,
//! `renew`, `rotate-ca`) share; each subcommand's own arguments are in its file.
//!
//! Settings flags are `Option`s without clap defaults: the default is applied later, in
//! `settings`, after the environment (`MILVUS_CERT_*`) and `milvus-cert.toml`, so a flag
//! always wins and a value that was not given never hides one from the file.

use crate::pki::KeyType;
use clap::{Arg, Args};
use std::path::PathBuf;

/// Options every writing command shares: where, and whether to really write.
#[derive(Debug, Args, Default, Clone)]
pub struct OutputArgs {
    /// Directory holding the CA (and receiving new files) [default: cert].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Show what would be written and where; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe
    /// (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt].
    #[arg(long, value_name = "FILE", help_heading = "CA key")]
    pub passphrase_file: Option<PathBuf>,
}

/// Names in the certificates.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Names")]
pub struct NameArgs {
    /// Server CommonName; also a SAN, and the name clients should connect with
    /// [default: localhost].
    #[arg(long, value_name = "NAME")]
    pub cn: Option<String>,

    /// Server subjectAltName, DNS name or IP address (repeatable). The given ones replace
    /// the defaults (localhost, 127.0.0.1, ::1); the CN is always one.
    #[arg(long = "san", value_name = "NAME")]
    pub sans: Vec<String>,

    /// Client certificate CommonName (also its SAN when it is a valid host name)
    /// [default: milvus-client].
    #[arg(long, value_name = "NAME")]
    pub client_cn: Option<String>,

    /// CA CommonName [default: "Milvus TLS CA" and a short unique id].
    #[arg(long, value_name = "NAME")]
    pub ca_cn: Option<String>,
}

/// Subject fields shared by the CA and the leaves (gen.sh's /C=/ST=/L=/O=/OU=).
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Subject")]
pub struct SubjectArgs {
    /// countryName, two letters (C).
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,

    /// stateOrProvinceName (ST).
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,

    /// localityName (L).
    #[arg(long, value_name = "CITY")]
    pub locality: Option<String>,

    /// organizationName (O) [default: milvus].
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,

    /// organizationalUnitName (OU).
    #[arg(long, value_name = "UNIT")]
    pub org_unit: Option<String>,
}

/// Key algorithm (reworded for re-issued keys by [`new_key_help`]).
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Keys")]
pub struct KeyArgs {
    /// Key algorithm for new keys [default: rsa].
    #[arg(long, value_enum, value_name = "TYPE")]
    pub key_type: Option<KeyType>,

    /// RSA modulus size: 2048, 3072 or 4096 [default: 2048].
    #[arg(long, value_name = "BITS")]
    pub key_bits: Option<u32>,

    /// Encoding of the keys.
    #[command(flatten)]
    pub format: KeyFormatArg,
}

/// The encoding of the private keys a command writes.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Keys")]
pub struct KeyFormatArg {
    /// Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads
    /// nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the
    /// traditional PEM forms.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "pkcs8")]
    pub key_format: crate::pki::parse::KeyFormat,
}

/// [`KeyArgs`]' help where keys are re-issued (`renew`, `rotate-ca`: each new key keeps
/// its old key's algorithm unless told otherwise), for `#[command(mut_args(…))]`.
/// `mut_args` changes the arguments in place; `mut_arg` would move them to the end and
/// reorder the completion scripts.
pub(crate) fn new_key_help(arg: Arg) -> Arg {
    match arg.get_id().as_str() {
        "key_type" => arg.help("Key algorithm of the new keys [default: each old key's]"),
        "key_bits" => arg.help("RSA modulus size for new RSA keys [default: the old key's]"),
        _ => arg,
    }
}

/// A new CA: its name, subject, key and lifetime (`ca`, `rotate-ca`; `rotate-ca` rewords
/// the help of its options for the CA that replaces the old one).
#[derive(Debug, Args, Default, Clone)]
pub struct NewCaArgs {
    /// CA CommonName [default: "Milvus TLS CA" and a short unique id].
    #[arg(long, value_name = "NAME")]
    pub ca_cn: Option<String>,

    /// Subject fields.
    #[command(flatten)]
    pub subject: SubjectArgs,

    /// Key algorithm.
    #[command(flatten)]
    pub key: KeyArgs,

    /// Days the CA certificate is valid [default: 3650].
    #[arg(long, value_name = "DAYS", help_heading = "Validity")]
    pub ca_days: Option<u32>,
}

/// Validity periods.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Validity")]
pub struct ValidityArgs {
    /// Days the server and client certificates are valid [default: 3650].
    #[arg(long, value_name = "DAYS")]
    pub days: Option<u32>,

    /// Days the CA certificate is valid [default: 3650].
    #[arg(long, value_name = "DAYS")]
    pub ca_days: Option<u32>,
}
