//! Arguments of `ca`.

use super::issue::{NewCaArgs, OutputArgs};
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

    /// CommonName, subject, key and lifetime of the CA.
    #[command(flatten)]
    pub ca: NewCaArgs,

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
