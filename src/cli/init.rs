//! Arguments of `init`.

use super::issue::{KeyArgs, NameArgs, OutputArgs, SubjectArgs, ValidityArgs};
use clap::Args;

pub(crate) const INIT_EXAMPLES: &str = "EXAMPLES:
  Make ca.key ca.pem ca.srl server.{key,csr,pem} client.{key,csr,pem} in ./cert:
    $ milvus-cert init

  A server reached as milvus.example.com and 10.0.0.5, valid for one year:
    $ milvus-cert init --cn milvus.example.com --san 10.0.0.5 --days 365

  ECDSA P-256 keys into /etc/milvus/tls, replacing existing leaves (the CA is kept):
    $ milvus-cert init --dir /etc/milvus/tls --key-type ecdsa-p256 --force

  Show what would be written, and the settings in effect, without writing anything:
    $ milvus-cert init --dry-run
    $ milvus-cert init --print-config > milvus-cert.toml

An existing CA in the directory (ca.key + ca.pem, e.g. from gen.sh) is reused and its
ca.srl continued; pass --new-ca (with --force) to replace it. Defaults come from
milvus-cert.toml and MILVUS_CERT_* variables (flag > environment > file > default).

EXIT CODES:
  0 the directory was written; 2 usage or input error (nothing was written)";

/// Options of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Names in the certificates.
    #[command(flatten)]
    pub names: NameArgs,

    /// Subject fields.
    #[command(flatten)]
    pub subject: SubjectArgs,

    /// Key algorithm.
    #[command(flatten)]
    pub key: KeyArgs,

    /// Validity periods.
    #[command(flatten)]
    pub validity: ValidityArgs,

    /// Replace existing files, each kept as FILE.bak (the CA is kept unless --new-ca).
    #[arg(long, help_heading = "Existing files")]
    pub force: bool,

    /// Make a new CA even if the directory has one (replacing it needs --force).
    #[arg(long, help_heading = "Existing files")]
    pub new_ca: bool,

    /// Write ca.key encrypted with a passphrase (PKCS#8, scrypt + AES-256-CBC); every
    /// command that signs then asks for it.
    #[arg(long, help_heading = "CA key")]
    pub encrypt_ca_key: bool,

    /// Print the effective settings as TOML (a milvus-cert.toml to start from) and exit.
    #[arg(long, help_heading = "Settings")]
    pub print_config: bool,
}
