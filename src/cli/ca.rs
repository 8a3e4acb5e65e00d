//! Arguments of `ca`.

use super::issue::{KeyArgs, OutputArgs, SubjectArgs};
use clap::Args;

pub(crate) const CA_EXAMPLES: &str = "EXAMPLES:
  Make ca.key, ca.pem and ca.srl in ./cert:
    $ milvus-cert ca

  An ECDSA CA with its own name, valid for 20 years:
    $ milvus-cert ca --ca-cn \"Acme Milvus CA\" --key-type ecdsa-p256 --ca-days 7300

  A CA whose key is encrypted; server, client, sign and renew then ask for the passphrase
  (or read --passphrase-file FILE / MILVUS_CERT_CA_PASSPHRASE):
    $ milvus-cert ca --encrypt-ca-key

EXIT CODES:
  0 the CA was written; 2 usage or input error (nothing was written)";

/// Options of `ca`.
#[derive(Debug, Args)]
pub struct CaArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

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

    /// Replace an existing CA, kept as ca.key.bak etc. (certificates it signed stop
    /// verifying).
    #[arg(long, help_heading = "Existing files")]
    pub force: bool,

    /// Write ca.key encrypted with a passphrase (PKCS#8, scrypt + AES-256-CBC); every
    /// command that signs then asks for it.
    #[arg(long, help_heading = "CA key")]
    pub encrypt_ca_key: bool,

    /// Print the effective settings as TOML and exit.
    #[arg(long, help_heading = "Settings")]
    pub print_config: bool,
}
