//! Arguments of `verify`.

use crate::check::clients::Client;
use crate::store::role::DEFAULT_DIR;
use clap::builder::TypedValueParser;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub(crate) const VERIFY_EXAMPLES: &str = "EXAMPLES:
  Check ./cert for TLS mode 2 (mutual TLS), server name from server.pem:
    $ milvus-cert verify

  Check a directory for mode 1, as clients connecting to 10.0.0.5 see it:
    $ milvus-cert verify /etc/milvus/tls --mode 1 --server-name 10.0.0.5

  Fail on warnings too, trusting a CA bundle from elsewhere, JSON for scripts:
    $ milvus-cert verify cert --strict --ca /etc/ssl/milvus-ca.pem --json

  Only the Go and Node SDKs connect: exit 1 only when one of them would fail:
    $ milvus-cert verify cert --clients go,node

Every finding has a severity (error, warning, ok) and a fix hint; then each client
(pymilvus, go, java, node, curl) gets a verdict for mode 1 and mode 2.

EXIT CODES:
  0 no errors in the checked mode and every client of --clients (default: all)
    connects in it (warnings allowed unless --strict)
  1 errors found, or one of those clients would fail in the checked mode
    (with --strict: warnings too)
  2 could not run: usage error, unreadable directory or --ca file";

/// Milvus `common.security.tlsMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TlsMode {
    /// One-way TLS: only the server presents a certificate.
    #[value(name = "1")]
    One,
    /// Mutual TLS: clients present client.pem too (TLS 1.3 only).
    #[value(name = "2")]
    Two,
}

impl TlsMode {
    /// 1 or 2.
    pub fn number(self) -> u8 {
        match self {
            TlsMode::One => 1,
            TlsMode::Two => 2,
        }
    }
}

/// Options of `verify`.
#[derive(Debug, Args)]
#[command(after_long_help = VERIFY_EXAMPLES)]
pub struct VerifyArgs {
    /// Directory to check.
    ///
    /// Expects ca.pem, server.pem, server.key, client.pem, client.key (ca.key optional;
    /// the client files only in mode 2).
    #[arg(value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,

    /// Name clients connect with, DNS name or IP [default: server.pem's first DNS SAN, else its CN].
    #[arg(long, value_name = "NAME")]
    pub server_name: Option<String>,

    /// TLS mode whose errors decide the exit code.
    ///
    /// The client verdicts always cover both modes.
    #[arg(long, value_enum, value_name = "MODE", default_value = "2")]
    pub mode: TlsMode,

    /// Warn when a certificate expires within DAYS days.
    #[arg(long, value_name = "DAYS", default_value_t = crate::check::DEFAULT_WARN_DAYS)]
    pub warn_days: u32,

    /// Treat warnings as errors for the exit code.
    #[arg(long)]
    pub strict: bool,

    /// Only these clients' verdicts set the exit code, comma-separated [default: all].
    ///
    /// verify exits 1 when one of them fails in the checked --mode (Ed25519, for example,
    /// fails pymilvus and Java but not Go or Node).
    #[arg(
        long,
        value_name = "CLIENTS",
        value_delimiter = ',',
        value_parser = clap::builder::PossibleValuesParser::new(["pymilvus", "go", "java", "node", "curl"])
            .map(|s| s.parse::<Client>().expect("a listed client")),
    )]
    pub clients: Vec<Client>,

    /// Trust the CA certificates in FILE instead of DIR/ca.pem.
    ///
    /// FILE (like ca.pem) may be a bundle: every certificate in it is a trust anchor. `-`
    /// reads it from standard input.
    #[arg(long, value_name = "FILE")]
    pub ca: Option<PathBuf>,

    /// Passphrase of an encrypted ca.key: the first line of FILE [default: env
    /// MILVUS_CERT_CA_PASSPHRASE].
    ///
    /// With it, the key's match with ca.pem is checked; without it, an encrypted ca.key is
    /// reported as not checked. verify never prompts.
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}
