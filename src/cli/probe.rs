//! Arguments of `probe`.

use crate::probe::Target;
use crate::store::role::DEFAULT_DIR;
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

pub(crate) const PROBE_EXAMPLES: &str = "EXAMPLES:
  Probe the Milvus on this machine (port 19530), trusting and comparing with ./cert:
    $ milvus-cert probe localhost

  Probe two servers in parallel for the name clients use, and the REST port too:
    $ milvus-cert probe 10.0.0.5 10.0.0.6:19531 --server-name milvus.example.com --rest-port 8080

  JSON for scripts: each endpoint has tls_mode (1 or 2), the chain and the verdicts:
    $ milvus-cert probe milvus.example.com --dir /etc/milvus/tls --json

For each endpoint: the TLS versions it accepts (1.3 and 1.2 are tried separately), the
cipher suite and ALPN, whether it asks for a client certificate (mode 2) and with which
CA names, the served chain and whether it is DIR/server.pem, verify's findings for it,
and each client's verdict. In mode 2, DIR/client.pem is presented and the server's
answer to the HTTP/2 preface proves it was accepted. Nothing is written.

EXIT CODES:
  0 every client would connect to every endpoint
  1 a finding: a client would fail, or the served certificate is not DIR/server.pem
  2 usage error, or an endpoint could not be probed (name not resolved, connection
    refused, no answer within --timeout, not a TLS server, no TLS version accepted)";

/// Options of `probe`.
#[derive(Debug, Args)]
#[command(after_long_help = PROBE_EXAMPLES)]
pub struct ProbeArgs {
    /// Servers to probe, HOST or HOST:PORT (default port 19530; IPv6 as [ADDR]:PORT).
    #[arg(value_name = "HOST[:PORT]", required = true, value_parser = Target::parse)]
    pub targets: Vec<Target>,

    /// Directory whose ca.pem is trusted, server.pem compared, client.pem presented.
    ///
    /// When the default ./cert does not exist, nothing is trusted or compared (every
    /// verdict fails), but the handshake and the served chain are still shown.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,

    /// Trust the CA certificates in FILE instead of DIR/ca.pem.
    #[arg(long, value_name = "FILE")]
    pub ca: Option<PathBuf>,

    /// Name clients connect with, DNS name or IP [default: each HOST].
    ///
    /// Sent as SNI and checked against the served certificate.
    #[arg(long, value_name = "NAME")]
    pub server_name: Option<String>,

    /// Seconds to wait for a connection or an answer.
    #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = parse_timeout)]
    pub timeout: Duration,

    /// Also probe PORT of each host as Milvus' REST endpoint (HTTPS, HTTP/1.1).
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub rest_port: Option<u16>,

    /// Warn when a certificate expires within DAYS days.
    #[arg(long, value_name = "DAYS", default_value_t = crate::check::DEFAULT_WARN_DAYS)]
    pub warn_days: u32,
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 3600.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("'{text}' is not a number of seconds between 0 and 3600"))
}
