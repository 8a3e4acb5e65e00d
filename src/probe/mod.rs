//! `probe`: connects to running servers and reports the handshake they offer (TLS
//! versions, cipher suite, ALPN, whether they ask for a client certificate, i.e. TLS
//! mode 1 or 2), the chain they serve, how it compares with DIR/server.pem, and each
//! client's verdict — judged by verify's own checks and client rules
//! ([`check::run_served`]). Reads only; writes nothing.

pub mod tls;

use crate::certdir::CertDir;
use crate::certdir::view::{CertInfo, CertView};
use crate::check::clients::{Client, Outcome};
use crate::check::{self, Check, Finding};
use crate::store::role::Role;
use rustls::pki_types::ServerName;
use serde::Serialize;
use std::fmt;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;
use tls::{Answer, Attempt, Failure, FollowUp, Handshake, Version};
use x509_parser::prelude::{FromDer, X509Name};

/// Milvus' default gRPC port.
pub const DEFAULT_PORT: u16 = 19530;

/// A `HOST[:PORT]` to probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// A DNS name or an IP address (without brackets).
    pub host: String,
    /// The port.
    pub port: u16,
}

impl Target {
    /// Parses `HOST`, `HOST:PORT`, `[IPv6]`, `[IPv6]:PORT` or a bare IPv6 address.
    pub fn parse(text: &str) -> Result<Target, String> {
        let bad_port = |p: &str| format!("'{p}' is not a port (1-65535) in '{text}'");
        let port_of = |p: &str| p.parse::<u16>().ok().filter(|p| *p > 0).ok_or(bad_port(p));
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let (host, after) = rest
                .split_once(']')
                .ok_or(format!("'{text}' lacks the closing ']'"))?;
            match after {
                "" => (host, DEFAULT_PORT),
                _ => match after.strip_prefix(':') {
                    Some(p) => (host, port_of(p)?),
                    None => return Err(format!("unexpected '{after}' after ']' in '{text}'")),
                },
            }
        } else if text.parse::<IpAddr>().is_ok() {
            (text, DEFAULT_PORT)
        } else {
            match text.rsplit_once(':') {
                Some((host, p)) => (host, port_of(p)?),
                None => (text, DEFAULT_PORT),
            }
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("'{text}' has no host name"));
        }
        Ok(Target {
            host: host.to_string(),
            port,
        })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// What to probe and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The gRPC endpoints.
    pub targets: Vec<Target>,
    /// Name to check the certificate for (and send as SNI); default: each HOST.
    pub server_name: Option<String>,
    /// Bound for connecting and for each read or write.
    pub timeout: Duration,
    /// Also probe this port of each host as the REST endpoint (HTTPS, HTTP/1.1).
    pub rest_port: Option<u16>,
    /// verify's expiry warning window.
    pub warn_days: u32,
}

/// Which Milvus endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// gRPC (HTTP/2): the SDKs.
    Grpc,
    /// REST (HTTP/1.1): curl.
    Rest,
}

/// One TLS version's result.
#[derive(Debug, Clone, Serialize)]
pub struct VersionResult {
    /// The version.
    pub version: Version,
    /// The server chose it (even if the handshake failed later, e.g. for want of a
    /// client certificate).
    pub accepted: bool,
    /// The completed handshake.
    #[serde(flatten)]
    pub session: Option<tls::Session>,
    /// Why it did not complete.
    pub error: Option<String>,
}

/// What was learnt from a server that speaks TLS.
#[derive(Debug, Clone)]
pub struct Probed {
    /// The address connected to.
    pub address: SocketAddr,
    /// The server name checked.
    pub server_name: String,
    /// 2 when the server asks for a client certificate, else 1.
    pub tls_mode: u8,
    /// TLS 1.3, then TLS 1.2.
    pub versions: Vec<VersionResult>,
    /// The CA names of the CertificateRequest.
    pub ca_names: Vec<String>,
    /// The served chain, leaf first.
    pub chain: Vec<CertView>,
    /// The server's first answer after the best handshake.
    pub answer: Option<Answer>,
    /// Findings and the verdicts of the clients of this endpoint.
    pub report: check::Report,
}

/// One endpoint's result.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Where.
    pub target: Target,
    /// gRPC or REST.
    pub protocol: Protocol,
    /// The results, or the one line saying why there are none.
    pub result: Result<Probed, String>,
}

impl Endpoint {
    /// Whether every client would connect (no error finding, no failing verdict).
    pub fn clean(&self) -> bool {
        self.result.as_ref().is_ok_and(|p| {
            p.report.counts().errors == 0
                && p.report.clients.iter().all(|v| v.verdict == Outcome::Ok)
        })
    }
}

/// The outcome of `probe`.
#[derive(Debug, Clone)]
pub struct Report {
    /// The directory whose files were compared and trusted.
    pub dir: PathBuf,
    /// Every endpoint, in the order given (REST after its gRPC endpoint).
    pub endpoints: Vec<Endpoint>,
}

/// One endpoint to probe: where, which protocol, the name to check and send as SNI.
type Job = (Target, Protocol, String, ServerName<'static>);

/// Checks the options before anything is read or sent: a server name rustls cannot send
/// is a usage error.
pub fn check(opts: &Options) -> anyhow::Result<()> {
    jobs(opts).map(|_| ())
}

fn jobs(opts: &Options) -> anyhow::Result<Vec<Job>> {
    let mut jobs = Vec::new();
    for target in &opts.targets {
        let name = opts
            .server_name
            .clone()
            .unwrap_or_else(|| target.host.clone());
        let sni = ServerName::try_from(name.clone()).map_err(|_| {
            anyhow::anyhow!("'{name}' is not a valid server name (a DNS name or an IP address)")
        })?;
        jobs.push((target.clone(), Protocol::Grpc, name.clone(), sni.clone()));
        if let Some(port) = opts.rest_port {
            let rest = Target {
                host: target.host.clone(),
                port,
            };
            jobs.push((rest, Protocol::Rest, name, sni));
        }
    }
    Ok(jobs)
}

/// Probes every endpoint in parallel. Fails only on a server name rustls cannot send.
pub fn run(dir: &CertDir, opts: &Options, now: OffsetDateTime) -> anyhow::Result<Report> {
    let jobs = jobs(opts)?;
    let identity = client_identity(dir);
    let endpoints = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .into_iter()
            .map(|(target, protocol, name, sni)| {
                let identity = identity.clone();
                scope.spawn(move || {
                    let ctx = Context {
                        dir,
                        opts,
                        now,
                        identity,
                    };
                    let result = probe_endpoint(&ctx, &target, protocol, name, sni);
                    Endpoint {
                        target,
                        protocol,
                        result,
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    Ok(Report {
        dir: dir.dir.clone(),
        endpoints,
    })
}

/// client.pem and client.key as a rustls identity, when both are usable.
fn client_identity(dir: &CertDir) -> Option<Arc<rustls::sign::CertifiedKey>> {
    let chain: Vec<Vec<u8>> = dir
        .client
        .as_ref()
        .ok()?
        .certs
        .iter()
        .map(|c| c.der.clone())
        .collect();
    let key = dir.client_key.as_ref().ok()?;
    let pem = crate::store::read::read_input(&key.path).ok()?;
    tls::identity(&chain, &pem)
}

struct Context<'a> {
    dir: &'a CertDir,
    opts: &'a Options,
    now: OffsetDateTime,
    identity: Option<Arc<rustls::sign::CertifiedKey>>,
}

fn probe_endpoint(
    ctx: &Context<'_>,
    target: &Target,
    protocol: Protocol,
    name: String,
    sni: ServerName<'static>,
) -> Result<Probed, String> {
    let (address, shakes) = shake_hands(ctx, target, protocol, &sni)?;
    let chain_der = shakes
        .iter()
        .map(|h| &h.chain)
        .find(|c| !c.is_empty())
        .ok_or_else(|| format!("{target}: the server presented no certificate"))?;
    let chain = chain_der
        .iter()
        .map(|der| CertView::from_der(der, ctx.now))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{target}: the served certificate cannot be parsed: {e}"))?;
    let request = shakes.iter().find_map(|h| h.cert_request.as_ref());
    let tls_mode = if request.is_some() { 2 } else { 1 };
    let ca_names = request
        .map(|names| names.iter().map(|n| dn_text(n)).collect())
        .unwrap_or_default();
    let endpoint = target.to_string();
    let label = format!("the certificate served on {endpoint}");
    let verify_opts = check::Options {
        server_name: Some(name.clone()),
        mode: tls_mode,
        warn_days: ctx.opts.warn_days,
        clients: Vec::new(),
    };
    let mut report = check::run_served(ctx.dir, &chain, &label, &verify_opts, ctx.now);
    report
        .clients
        .retain(|v| (v.client == Client::Curl) == (protocol == Protocol::Rest));
    let best = shakes.iter().find_map(|h| h.outcome.as_ref().ok());
    let mut findings = handshake_findings(&endpoint, protocol, tls_mode, &shakes, best);
    findings.extend(served_findings(ctx.dir, &label, &chain));
    findings.append(&mut report.findings);
    report.findings = findings;
    Ok(Probed {
        address,
        server_name: name,
        tls_mode,
        versions: shakes.iter().map(version_result).collect(),
        ca_names,
        chain,
        answer: best.and_then(|s| s.answer.clone()),
        report,
    })
}

/// Connects, then a TLS 1.3 and a TLS 1.2 handshake, each with the follow-up until one
/// completes; fails (one line) when there is no TLS server to judge.
fn shake_hands(
    ctx: &Context<'_>,
    target: &Target,
    protocol: Protocol,
    sni: &ServerName<'static>,
) -> Result<(SocketAddr, [Handshake; 2]), String> {
    let timeout = ctx.opts.timeout;
    let addrs = resolve(target, timeout)?;
    let (stream, address) =
        tls::connect_any(&addrs, timeout).map_err(|f| failure_line(target, &f, timeout))?;
    let (alpn, follow_up): (&'static [u8], _) = match protocol {
        Protocol::Grpc => (b"h2", FollowUp::H2),
        Protocol::Rest => (b"http/1.1", FollowUp::Http1),
    };
    let attempt = |version, stream, follow_up| Attempt {
        addr: address,
        stream,
        name: sni,
        version,
        alpn,
        identity: ctx.identity.clone(),
        timeout,
        follow_up,
    };
    let tls13 = tls::handshake(attempt(Version::Tls13, Some(stream), follow_up));
    if let Err(f @ (Failure::Refused | Failure::Timeout | Failure::NotTls(_))) = &tls13.outcome {
        return Err(failure_line(target, f, timeout));
    }
    let follow_up12 = if tls13.outcome.is_ok() {
        FollowUp::None
    } else {
        follow_up
    };
    let tls12 = tls::handshake(attempt(Version::Tls12, None, follow_up12));
    let shakes = [tls13, tls12];
    if !shakes.iter().any(|h| h.negotiated || h.outcome.is_ok()) {
        return Err(no_version_line(target, &shakes, timeout));
    }
    Ok((address, shakes))
}

/// The addresses of HOST, within the timeout: the system resolver may wait far longer
/// for an unreachable DNS server, so it runs on its own thread.
fn resolve(target: &Target, timeout: Duration) -> Result<Vec<SocketAddr>, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (host, port) = (target.host.clone(), target.port);
    std::thread::spawn(move || {
        let result = (host.as_str(), port)
            .to_socket_addrs()
            .map(|a| a.collect::<Vec<_>>());
        let _ = tx.send(result);
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok(addrs)) => Ok(addrs),
        Ok(Err(e)) => Err(format!("{target}: cannot resolve '{}': {e}", target.host)),
        Err(_) => Err(format!(
            "{target}: cannot resolve '{}': no answer within {}",
            target.host,
            seconds(timeout)
        )),
    }
}

fn failure_line(target: &Target, failure: &Failure, timeout: Duration) -> String {
    match failure {
        Failure::Refused => format!("{target}: connection refused (nothing listens there)"),
        Failure::Timeout => format!("{target}: no answer within {}", seconds(timeout)),
        Failure::NotTls(said) => {
            format!("{target}: not a TLS server (it answered the TLS ClientHello with '{said}')")
        }
        Failure::ClosedSilently => {
            format!("{target}: not a TLS server (it closed the connection without a TLS answer)")
        }
        Failure::Alert(alert) => format!("{target}: the TLS handshake failed: alert {alert}"),
        Failure::Other(e) => format!("{target}: the TLS handshake failed: {e}"),
    }
}

/// Why neither version was accepted, as one line.
fn no_version_line(target: &Target, shakes: &[Handshake; 2], timeout: Duration) -> String {
    let errors: Vec<&Failure> = shakes
        .iter()
        .filter_map(|h| h.outcome.as_ref().err())
        .collect();
    let alerts: Vec<String> = errors
        .iter()
        .filter_map(|f| match f {
            Failure::Alert(a) => Some(a.clone()),
            _ => None,
        })
        .collect();
    if !alerts.is_empty() {
        let mut alerts = alerts;
        alerts.dedup();
        return format!(
            "{target}: a TLS server, but it accepts neither TLS 1.3 nor TLS 1.2 (alert {})",
            alerts.join(", ")
        );
    }
    match errors.last() {
        Some(f) => failure_line(target, f, timeout),
        None => format!("{target}: the TLS handshake failed"),
    }
}

fn seconds(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}

/// A CertificateRequest CA name as text, like certificate subjects are shown.
fn dn_text(der: &[u8]) -> String {
    match X509Name::from_der(der) {
        Ok((_, name)) => name.to_string(),
        Err(_) => format!("(unparsable name, {} bytes)", der.len()),
    }
}

fn version_result(h: &Handshake) -> VersionResult {
    VersionResult {
        version: h.version,
        accepted: h.negotiated || h.outcome.is_ok(),
        session: h.outcome.as_ref().ok().cloned(),
        error: h.outcome.as_ref().err().map(failure_text),
    }
}

/// A failed handshake in a few words.
pub fn failure_text(f: &Failure) -> String {
    match f {
        Failure::Refused => "connection refused".to_string(),
        Failure::Timeout => "no answer".to_string(),
        Failure::NotTls(said) => format!("not TLS: '{said}'"),
        Failure::ClosedSilently => "closed the connection".to_string(),
        Failure::Alert(a) => format!("alert {a}"),
        Failure::Other(e) => e.clone(),
    }
}

/// TLS 1.3 in mode 2, ALPN h2 on gRPC, and in mode 2 whether client.pem was accepted.
fn handshake_findings(
    endpoint: &str,
    protocol: Protocol,
    mode: u8,
    shakes: &[Handshake; 2],
    best: Option<&tls::Session>,
) -> Vec<Finding> {
    let finding = |check| Finding::new(check, Some(Role::Server), Some(endpoint.to_string()));
    let mut out = Vec::new();
    let tls13 = shakes[0].negotiated || shakes[0].outcome.is_ok();
    if mode == 2 && !tls13 {
        out.push(finding(Check::NoTls13InMode2));
    }
    let Some(session) = best else {
        return out;
    };
    if protocol == Protocol::Grpc {
        let h2 = session.alpn.as_deref() == Some("h2");
        out.push(finding(if h2 { Check::AlpnH2 } else { Check::NoAlpnH2 }));
    }
    if mode == 2
        && session.client_cert_sent
        && let Some(answer) = &session.answer
    {
        if answer.refused() {
            out.push(finding(Check::ClientCertRejected {
                answer: answer.describe(),
            }));
        } else if *answer != Answer::Silent {
            out.push(finding(Check::ClientCertAccepted));
        }
    }
    out
}

/// The served leaf against DIR/server.pem, when there is one.
fn served_findings(dir: &CertDir, label: &str, chain: &[CertView]) -> Vec<Finding> {
    let (Some(served), Ok(file)) = (chain.first(), &dir.server) else {
        return Vec::new();
    };
    let Some(pem) = file.certs.first() else {
        return Vec::new();
    };
    let check = if served.der == pem.der {
        Check::ServedIsFile
    } else {
        Check::ServedNotFile {
            differences: differences(served, pem),
        }
    };
    vec![Finding::new(
        check,
        Some(Role::Server),
        Some(label.to_string()),
    )]
}

/// What differs between the served leaf and server.pem, most telling first.
fn differences(served: &CertView, file: &CertView) -> Vec<String> {
    let pem = Role::Server.cert_file();
    let mut out = Vec::new();
    if served.serial != file.serial {
        let age = match served.not_before.cmp(&file.not_before) {
            std::cmp::Ordering::Less => "an older",
            std::cmp::Ordering::Greater => "a newer",
            std::cmp::Ordering::Equal => "another",
        };
        out.push(format!(
            "{age} certificate (serial {}, valid from {}) than {pem} (serial {}, valid from {})",
            served.serial,
            moment(served.not_before),
            file.serial,
            moment(file.not_before)
        ));
    }
    if served.public_id() != file.public_id() {
        out.push("another key".to_string());
    } else {
        out.push("the same key".to_string());
    }
    if served.issuer_der != file.issuer_der {
        out.push(format!(
            "another CA: issued by '{}' ({pem}: '{}')",
            served.issuer, file.issuer
        ));
    }
    if out.len() == 1 && served.serial == file.serial {
        out.insert(0, "other bytes with the same serial".to_string());
    }
    out
}

/// A time to the second, in UTC.
fn moment(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        t.date(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

impl Report {
    /// Whether an endpoint could not be probed.
    pub fn unprobed(&self) -> bool {
        self.endpoints.iter().any(|e| e.result.is_err())
    }

    /// Whether every endpoint was probed and passes (no error finding, no failing
    /// client).
    pub fn clean(&self) -> bool {
        self.endpoints.iter().all(Endpoint::clean)
    }

    /// The one-line failures, for stderr.
    pub fn failures(&self) -> Vec<&str> {
        self.endpoints
            .iter()
            .filter_map(|e| e.result.as_ref().err().map(String::as_str))
            .collect()
    }

    /// The JSON document.
    pub fn to_json(&self) -> ReportJson {
        ReportJson {
            dir: self.dir.clone(),
            endpoints: self.endpoints.iter().map(endpoint_json).collect(),
        }
    }
}

/// The `probe --json` document (see the README).
#[derive(Debug, Clone, Serialize)]
pub struct ReportJson {
    /// The directory trusted and compared with.
    pub dir: PathBuf,
    /// One entry per endpoint.
    pub endpoints: Vec<EndpointJson>,
}

/// One endpoint in the JSON document.
#[derive(Debug, Clone, Serialize)]
pub struct EndpointJson {
    /// `HOST:PORT`.
    pub endpoint: String,
    /// grpc or rest.
    pub protocol: Protocol,
    /// Why it could not be probed (then nothing else is set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The results.
    #[serde(flatten)]
    pub probed: Option<ProbedJson>,
}

/// A probed endpoint in the JSON document.
#[derive(Debug, Clone, Serialize)]
pub struct ProbedJson {
    /// The address connected to.
    pub address: String,
    /// The server name checked.
    pub server_name: String,
    /// 1 or 2.
    pub tls_mode: u8,
    /// TLS 1.3 and TLS 1.2.
    pub tls_versions: Vec<VersionResult>,
    /// The server asked for a client certificate.
    pub client_cert_requested: bool,
    /// The CA names it sent.
    pub ca_names: Vec<String>,
    /// The served chain, leaf first.
    pub chain: Vec<CertInfo>,
    /// The server's first answer after the handshake.
    pub answer: Option<Answer>,
    /// Findings, as `verify --json` has them.
    pub findings: Vec<check::FindingJson>,
    /// Verdicts for the detected mode.
    pub clients: Vec<check::clients::Verdict>,
    /// Counts.
    pub summary: check::Counts,
}

fn endpoint_json(e: &Endpoint) -> EndpointJson {
    EndpointJson {
        endpoint: e.target.to_string(),
        protocol: e.protocol,
        error: e.result.as_ref().err().cloned(),
        probed: e.result.as_ref().ok().map(|p| {
            let report = p.report.to_json();
            ProbedJson {
                address: p.address.to_string(),
                server_name: p.server_name.clone(),
                tls_mode: p.tls_mode,
                tls_versions: p.versions.clone(),
                client_cert_requested: p.tls_mode == 2,
                ca_names: p.ca_names.clone(),
                chain: p.chain.iter().map(|c| c.certificate.clone()).collect(),
                answer: p.answer.clone(),
                findings: report.findings,
                clients: report.clients,
                summary: report.summary,
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse() {
        let t = |s: &str| Target::parse(s).map(|t| (t.host, t.port));
        assert_eq!(t("milvus"), Ok(("milvus".into(), 19530)));
        assert_eq!(t("milvus:443"), Ok(("milvus".into(), 443)));
        assert_eq!(t("10.0.0.5:8080"), Ok(("10.0.0.5".into(), 8080)));
        assert_eq!(t("::1"), Ok(("::1".into(), 19530)));
        assert_eq!(t("[::1]:9"), Ok(("::1".into(), 9)));
        assert_eq!(t("[::1]"), Ok(("::1".into(), 19530)));
        assert!(t("milvus:0").is_err());
        assert!(t("milvus:99999").is_err());
        assert!(t("milvus:").is_err());
        assert!(t(":19530").is_err());
        assert!(t("[::1").is_err());
        assert_eq!(Target::parse("[::1]:9").unwrap().to_string(), "[::1]:9");
    }
}
