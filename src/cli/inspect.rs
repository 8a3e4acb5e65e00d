//! Arguments of `inspect`.

use clap::Args;
use std::path::PathBuf;

pub(crate) const INSPECT_EXAMPLES: &str = "EXAMPLES:
  Show every certificate, key and CSR in ./cert:
    $ milvus-cert inspect cert

  Show one certificate bundle (each certificate in it) as JSON:
    $ milvus-cert inspect --json cert/ca.pem

  Show a certificate from a pipe (- is standard input):
    $ kubectl get secret milvus-tls -o jsonpath='{.data.tls\\.crt}' | base64 -d | milvus-cert inspect -

Private keys are described (format, algorithm, size), never printed.

EXIT CODES:
  0 everything given was read; 2 a path could not be read or is not a certificate,
  key or CSR (the other paths are still shown)";

/// Options of `inspect`.
#[derive(Debug, Args)]
#[command(after_long_help = INSPECT_EXAMPLES)]
pub struct InspectArgs {
    /// Certificates, keys, CSRs (PEM or DER) or directories to show; `-` reads standard
    /// input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}
