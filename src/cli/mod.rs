//! Command-line definitions (clap types only; decisions are made in `plan` and the
//! command modules). One file per subcommand; `issue.rs` holds the option groups the
//! issuing commands share.

pub mod ca;
pub mod docs;
pub mod emit;
pub mod init;
pub mod inspect;
pub mod issue;
pub mod leaf;
pub mod probe;
pub mod renew;
pub mod rotate;
pub mod sign;
pub mod status;
pub mod values;
pub mod verify;

pub use ca::CaArgs;
pub use init::InitArgs;
pub use issue::SubjectArgs;
pub use leaf::LeafArgs;
pub use renew::RenewArgs;
pub use sign::SignArgs;

use clap::{Parser, Subcommand};

/// After `-h` and after a bare `milvus-cert`: where to start.
const SHORT_HELP: &str = "Start with 'milvus-cert init'. 'milvus-cert --help' shows examples and exit \
codes; 'milvus-cert <COMMAND> --help' shows a command's options and examples.";

/// After `--help`.
const LONG_HELP: &str = "EXAMPLES:
  Make a CA, a server and a client certificate in ./cert (ready for tlsMode 1 and 2):
    $ milvus-cert init

  The same for a server reached as milvus.example.com, with ECDSA keys:
    $ milvus-cert init --cn milvus.example.com --key-type ecdsa-p256

  Check a directory and see which Milvus clients would accept it:
    $ milvus-cert verify cert

  Ask a running server what it serves, and which clients will connect to it:
    $ milvus-cert probe milvus.example.com --dir cert

'milvus-cert <COMMAND> --help' shows each command's options and examples.

EXIT CODES:
  0  success (warnings may be printed on stderr)
  1  a check found errors (verify, probe), or a certificate expires soon (status)
  2  usage or input error, or a server that could not be probed; nothing was written
  101  internal error (a bug; please report it)";

/// Make, check and wire up TLS certificates for a Milvus server and its clients.
#[derive(Debug, Parser)]
#[command(name = "milvus-cert", version, arg_required_else_help = true)]
#[command(after_help = SHORT_HELP, after_long_help = LONG_HELP)]
pub struct Cli {
    /// Print machine-readable JSON on stdout (messages go to stderr).
    #[arg(long, global = true, help_heading = "Output")]
    pub json: bool,

    /// Print nothing on success (errors still go to stderr).
    #[arg(long, short, global = true, help_heading = "Output")]
    pub quiet: bool,

    /// When to colour messages: auto = only on a terminal, as NO_COLOR, CLICOLOR and TERM allow.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorChoice::Auto,
        help_heading = "Output"
    )]
    pub color: ColorChoice,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands. Parsed once per run, so the size difference between variants is moot.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make gen.sh's nine files: CA, server and client keys, CSRs and certificates.
    #[command(after_long_help = init::INIT_EXAMPLES)]
    Init(InitArgs),
    /// Make a CA only: ca.key and ca.pem.
    #[command(after_long_help = ca::CA_EXAMPLES)]
    Ca(CaArgs),
    /// Make a server key, CSR and certificate signed by the CA in --dir.
    #[command(after_long_help = leaf::SERVER_EXAMPLES)]
    Server(LeafArgs),
    /// Make a client key, CSR and certificate signed by the CA in --dir.
    #[command(after_long_help = leaf::CLIENT_EXAMPLES)]
    Client(LeafArgs),
    /// Sign a CSR made elsewhere (e.g. by openssl req) with the CA in --dir.
    #[command(after_long_help = sign::SIGN_EXAMPLES)]
    Sign(SignArgs),
    /// Re-issue leaf certificates from the same CA with a new validity window.
    #[command(after_long_help = renew::RENEW_EXAMPLES)]
    Renew(RenewArgs),
    /// Show what certificates, keys and CSRs contain.
    Inspect(inspect::InspectArgs),
    /// Check a certificate directory and predict which Milvus clients accept it.
    Verify(verify::VerifyArgs),
    /// Probe running servers: handshake, served chain, mode, client verdicts.
    Probe(probe::ProbeArgs),
    /// List every certificate's days left; exit 1 if one expires soon (for cron, CI).
    Status(status::StatusArgs),
    /// Replace the CA: new CA, leaves re-issued from it, old+new trust bundle.
    RotateCa(rotate::RotateCaArgs),
    /// Write Milvus config: milvus.yaml, compose, Kubernetes, client snippets.
    EmitConfig(emit::EmitConfigArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(docs::CompletionsArgs),
    /// Write roff man pages for milvus-cert and each subcommand into a directory.
    Man(docs::ManArgs),
}

/// When to use colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb
    /// says otherwise (CLICOLOR_FORCE forces it).
    #[default]
    Auto,
    /// Always colour, even into a pipe or with NO_COLOR set (a flag beats the variables).
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// The same choice for clap's own help and error messages.
    pub fn to_clap(self) -> clap::ColorChoice {
        match self {
            ColorChoice::Auto => clap::ColorChoice::Auto,
            ColorChoice::Always => clap::ColorChoice::Always,
            ColorChoice::Never => clap::ColorChoice::Never,
        }
    }

    /// The same choice for milvus-cert's own labels ([`crate::render::set_color`]).
    pub fn to_anstream(self) -> anstream::ColorChoice {
        match self {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        }
    }
}
