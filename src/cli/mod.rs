//! Command-line definitions (clap types only; decisions are made in `plan` and the
//! command modules). One file per area so each stays small.

pub mod check;
pub mod docs;
pub mod emit;
pub mod issue;

pub use issue::{
    CaArgs, InitArgs, KeyArgs, LeafArgs, NameArgs, RenewArgs, SignArgs, SubjectArgs, ValidityArgs,
};

use clap::{Parser, Subcommand};

/// Make, check and wire up the TLS certificates a Milvus server and its clients need.
#[derive(Debug, Parser)]
#[command(name = "milvus-cert", version, arg_required_else_help = true)]
#[command(after_help = "EXAMPLES:\n  \
    Make a CA, a server and a client certificate in ./cert (mode 1 and mode 2 ready):\n    \
    $ milvus-cert init\n\n  \
    The same for a server reached as milvus.example.com, with ECDSA keys:\n    \
    $ milvus-cert init --cn milvus.example.com --key-type ecdsa-p256\n\n\
EXIT CODES:\n  0 ok, 1 a check found errors, 2 usage or input error")]
pub struct Cli {
    /// Print machine-readable JSON on stdout (messages go to stderr).
    #[arg(long, global = true)]
    pub json: bool,

    /// Print nothing on success (errors still go to stderr).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands. Parsed once per run, so the size difference between variants is moot.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make the nine files of the docs' gen.sh: CA, server and client keys, CSRs, certificates.
    #[command(after_long_help = issue::INIT_EXAMPLES)]
    Init(InitArgs),
    /// Make a CA only: ca.key and ca.pem.
    #[command(after_long_help = issue::CA_EXAMPLES)]
    Ca(CaArgs),
    /// Make a server key, CSR and certificate signed by the CA in --dir.
    #[command(after_long_help = issue::SERVER_EXAMPLES)]
    Server(LeafArgs),
    /// Make a client key, CSR and certificate signed by the CA in --dir.
    #[command(after_long_help = issue::CLIENT_EXAMPLES)]
    Client(LeafArgs),
    /// Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir.
    #[command(after_long_help = issue::SIGN_EXAMPLES)]
    Sign(SignArgs),
    /// Re-issue leaf certificates from the same CA with a new validity window.
    #[command(after_long_help = issue::RENEW_EXAMPLES)]
    Renew(RenewArgs),
    /// Show what certificates, keys and CSRs contain.
    Inspect(check::InspectArgs),
    /// Check a certificate directory and predict which Milvus clients accept it.
    Verify(check::VerifyArgs),
    /// Write the Milvus configuration (milvus.yaml, compose, Kubernetes, client snippets).
    EmitConfig(emit::EmitConfigArgs),
    /// Print a shell completion script.
    Completions(docs::CompletionsArgs),
    /// Write man pages.
    Man(docs::ManArgs),
}
