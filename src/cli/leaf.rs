//! Arguments of `server` and `client`.

use super::issue::{KeyArgs, OutputArgs, SubjectArgs};
use clap::Args;

pub(crate) const SERVER_EXAMPLES: &str = "EXAMPLES:
  Make server.key, server.csr, server.pem signed by the CA in ./cert:
    $ milvus-cert server --cn milvus.example.com --san 10.0.0.5

  A second server certificate, querynode.{key,csr,pem}:
    $ milvus-cert server --name querynode --cn querynode.milvus.svc

EXIT CODES:
  0 the files were written; 2 usage or input error (nothing was written)";

pub(crate) const CLIENT_EXAMPLES: &str = "EXAMPLES:
  Make client.key, client.csr, client.pem signed by the CA in ./cert:
    $ milvus-cert client

  One certificate per application, app1.{key,csr,pem} with CN=app1:
    $ milvus-cert client --name app1

EXIT CODES:
  0 the files were written; 2 usage or input error (nothing was written)";

/// Options of `server` and `client`.
#[derive(Debug, Args)]
pub struct LeafArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Base name of the files: NAME.key, NAME.csr, NAME.pem [default: server or client].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// CommonName [default: localhost for a server; milvus-client, or NAME, for a client].
    #[arg(long, value_name = "NAME", help_heading = "Names")]
    pub cn: Option<String>,

    /// subjectAltName, DNS name or IP address (repeatable). The given ones replace a
    /// server's defaults (localhost, 127.0.0.1, ::1); the CN is always one.
    #[arg(long = "san", value_name = "NAME", help_heading = "Names")]
    pub sans: Vec<String>,

    /// Subject fields.
    #[command(flatten)]
    pub subject: SubjectArgs,

    /// Key algorithm.
    #[command(flatten)]
    pub key: KeyArgs,

    /// Days the certificate is valid [default: 3650].
    #[arg(long, value_name = "DAYS", help_heading = "Validity")]
    pub days: Option<u32>,

    /// Replace existing NAME.key, NAME.csr and NAME.pem, each kept as FILE.bak.
    #[arg(long, help_heading = "Existing files")]
    pub force: bool,

    /// Print the effective settings as TOML and exit.
    #[arg(long, help_heading = "Settings")]
    pub print_config: bool,
}
