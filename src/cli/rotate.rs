//! Arguments of `rotate-ca`.

use super::issue::{NewCaArgs, OutputArgs, new_key_help};
use clap::{Arg, Args};

pub(crate) const ROTATE_CA_EXAMPLES: &str = "EXAMPLES:
  Make a new CA in ./cert, re-issue server.pem and client.pem from it, write ca-bundle.pem:
    $ milvus-cert rotate-ca

  See what it would rename and write, without writing anything:
    $ milvus-cert rotate-ca --dry-run

  Also re-issue app1.pem and app2.pem, or every leaf the old CA signed:
    $ milvus-cert rotate-ca app1 app2
    $ milvus-cert rotate-ca --all

The old CA is kept as ca.old.key, ca.old.pem, ca.old.srl and each re-issued leaf as
NAME.old.{key,csr,pem}; ca-bundle.pem holds the new CA and the old one. Roll out in three
steps: trust ca-bundle.pem everywhere, swap the leaves, then trust the new ca.pem only.

EXIT CODES:
  0 the CA was rotated; 2 usage or input error, or files of an earlier rotation are in
  the way (nothing was written)";

/// Options of `rotate-ca`.
#[derive(Debug, Args)]
#[command(after_long_help = ROTATE_CA_EXAMPLES)]
#[command(mut_args(rotate_help))]
pub struct RotateCaArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Other leaves to re-issue besides server and client (NAME.pem in DIR).
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,

    /// Re-issue every leaf certificate in DIR that the old CA signed.
    #[arg(long, conflicts_with = "names")]
    pub all: bool,

    /// The new CA; its key options also apply to the re-issued leaves' keys.
    #[command(flatten)]
    pub ca: NewCaArgs,

    /// Days the re-issued leaves are valid [default: each old leaf's lifetime].
    #[arg(long, value_name = "DAYS", help_heading = "Validity")]
    pub days: Option<u32>,

    /// Encrypt the new ca.key even if the old one was not [default: the new key keeps the
    /// old one's protection and passphrase].
    #[arg(long, help_heading = "CA key")]
    pub encrypt_ca_key: bool,
}

/// [`NewCaArgs`]' help as it reads for the CA that replaces the old one, and the keys'
/// for re-issued keys ([`new_key_help`]).
fn rotate_help(arg: Arg) -> Arg {
    match arg.get_id().as_str() {
        "ca_cn" => arg.help("New CA CommonName [default: \"Milvus TLS CA\" and a short unique id]"),
        "ca_days" => arg.help("Days the new CA is valid [default: 3650]"),
        _ => new_key_help(arg),
    }
}
