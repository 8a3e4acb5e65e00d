//! Arguments of `renew`.

use super::issue::{KeyArgs, OutputArgs, new_key_help};
use clap::Args;

pub(crate) const RENEW_EXAMPLES: &str = "EXAMPLES:
  Renew server.pem and client.pem in ./cert with new keys (old files kept as *.bak):
    $ milvus-cert renew

  Renew only app1.pem, keeping its key, for one more year:
    $ milvus-cert renew app1 --keep-key --days 365

  Add the name clients use to server.pem made by gen.sh (same CA, every old name kept):
    $ milvus-cert renew server --san milvus.example.com

The renewed certificate keeps the old subject, SANs and extended key usage and gets the
next serial; a certificate without subjectAltName gets its CommonName as one, server.pem
gets serverAuth and client.pem clientAuth when their extended key usage lacks it. Each replaced file is kept as FILE.bak (then FILE.bak.1, FILE.bak.2, ...).

EXIT CODES:
  0 the certificates were renewed; 2 usage or input error (nothing was written)";

/// Options of `renew`.
#[derive(Debug, Args)]
#[command(mut_args(new_key_help))]
pub struct RenewArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Base names of the certificates to renew (NAME.pem, or NAME.crt, in DIR)
    /// [default: server client; with --cn or --san: server].
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,

    /// New CommonName; the old one stays as a subjectAltName, and the new one becomes one.
    #[arg(long, value_name = "NAME", help_heading = "Names")]
    pub cn: Option<String>,

    /// subjectAltName to add, DNS name or IP address (repeatable); every name already in
    /// the certificate is kept.
    #[arg(long = "san", value_name = "NAME", help_heading = "Names")]
    pub sans: Vec<String>,

    /// Reuse each certificate's key instead of making a new one.
    #[arg(long)]
    pub keep_key: bool,

    /// Days the renewed certificates are valid [default: the old certificate's lifetime].
    #[arg(long, value_name = "DAYS")]
    pub days: Option<u32>,

    /// Replace a symbolic link at a file renew writes (the link, never its target).
    #[arg(long)]
    pub force: bool,

    /// The new keys.
    #[command(flatten)]
    pub key: KeyArgs,
}
