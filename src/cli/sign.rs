//! Arguments of `sign`.

use super::issue::OutputArgs;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub(crate) const SIGN_EXAMPLES: &str = "EXAMPLES:
  Sign a request made by openssl as a server certificate (writes app.pem next to app.csr):
    $ openssl req -new -newkey rsa:2048 -nodes -keyout app.key -out app.csr \\
        -subj /CN=milvus.example.com -addext subjectAltName=DNS:milvus.example.com
    $ milvus-cert sign --csr app.csr --profile server

  Sign a client request into a chosen file:
    $ milvus-cert sign --csr app1.csr --profile client --out cert/app1.pem

  Sign a request from a pipe (--csr - reads standard input; --out is then required):
    $ openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout app2.key \
        -subj /CN=app2 | milvus-cert sign --csr - --profile client --out app2.pem

The SANs come from the request (plus any --san); the extended key usage comes from the
profile. A request that asks for CA:TRUE or whose signature does not verify is refused.

EXIT CODES:
  0 the certificate was written; 2 usage or input error (nothing was written)";

/// What a signed CSR becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// A server certificate: extended key usage serverAuth.
    Server,
    /// A client certificate: extended key usage clientAuth.
    Client,
}

/// Options of `sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

    /// The certificate signing request (PEM), e.g. from `openssl req`; `-` reads standard
    /// input.
    #[arg(long, value_name = "FILE")]
    pub csr: PathBuf,

    /// What the certificate is for.
    #[arg(long, value_enum, value_name = "PROFILE")]
    pub profile: Profile,

    /// Where to write the certificate [default: the CSR's name with .pem, next to it].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// subjectAltName to add to the request's own (repeatable).
    #[arg(long = "san", value_name = "NAME")]
    pub sans: Vec<String>,

    /// Days the certificate is valid [default: 3650].
    #[arg(long, value_name = "DAYS")]
    pub days: Option<u32>,

    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}
