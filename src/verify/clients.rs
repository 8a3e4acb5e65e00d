//! Per-client verdicts: for each Milvus client and TLS mode, whether it connects with
//! these files, and if not, the error as that client reports it (see milvus-tls.md).
//!
//! The rules are data-driven from [`Facts`]: the checks run in the order a connection
//! fails (server start-up, loading the client's own files, verifying the server's
//! certificate, the name, then the server verifying the client certificate in mode 2).

use super::chain::{Issued, Name, cn_matches, dns_matches, openssl_is_ca};
use crate::inspect::CertView;
use crate::items::KeyAlg;
use crate::pki::parse::KeyFormat;
use serde::Serialize;
use std::fmt;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The Milvus clients judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Client {
    /// pymilvus, on gRPC C-core (BoringSSL).
    Pymilvus,
    /// The Go SDK, on crypto/tls.
    Go,
    /// The Java SDK, on grpc-java with Netty and the JDK's PKIX checks.
    Java,
    /// The Node SDK, on grpc-js and Node's TLS (OpenSSL 3).
    Node,
    /// REST through curl (OpenSSL).
    Curl,
}

impl Client {
    /// All clients, in report order.
    pub const ALL: [Client; 5] = [
        Client::Pymilvus,
        Client::Go,
        Client::Java,
        Client::Node,
        Client::Curl,
    ];

    fn openssl_like(self) -> bool {
        matches!(self, Client::Pymilvus | Client::Node | Client::Curl)
    }
}

impl fmt::Display for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Client::Pymilvus => "pymilvus",
            Client::Go => "go",
            Client::Java => "java",
            Client::Node => "node",
            Client::Curl => "curl",
        })
    }
}

impl std::str::FromStr for Client {
    type Err = String;

    /// The names `Display` prints (`pymilvus`, `go`, `java`, `node`, `curl`).
    fn from_str(name: &str) -> Result<Client, String> {
        Client::ALL
            .into_iter()
            .find(|c| c.to_string() == name.to_ascii_lowercase())
            .ok_or_else(|| format!("unknown client '{name}' (pymilvus, go, java, node, curl)"))
    }
}

/// ok or fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The client connects.
    Ok,
    /// The client fails.
    Fails,
}

/// One client's verdict in one mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The client.
    pub client: Client,
    /// TLS mode (1 or 2).
    pub mode: u8,
    /// ok or fails.
    pub verdict: Outcome,
    /// The error as the client reports it, when it fails.
    pub reason: Option<String>,
}

/// A leaf certificate (server or client) and how it relates to the trust anchors.
#[derive(Debug, Clone)]
pub struct LeafFacts {
    /// The leaf.
    pub cert: CertView,
    /// Our own signature walk to the anchors.
    pub issued: Issued,
    /// Its key's algorithm (from the key file), when readable.
    pub key_alg: Option<KeyAlg>,
    /// Its key file's format.
    pub key_format: Option<KeyFormat>,
}

/// What the verdicts are computed from (filled by `verify::run`).
#[derive(Debug, Clone)]
pub struct Facts {
    /// Why Milvus would not start with server.pem/server.key, if it would not.
    pub server_down: Option<String>,
    /// Why the trust file (ca.pem or --ca) cannot be used, if it cannot.
    pub ca_problem: Option<String>,
    /// The trust anchors.
    pub anchors: Vec<CertView>,
    /// The server leaf and its facts (None when server_down).
    pub server: Option<LeafFacts>,
    /// Why client.pem/client.key cannot be loaded by an SDK, if they cannot.
    pub client_files: Option<String>,
    /// client.key does not belong to client.pem.
    pub client_key_mismatch: bool,
    /// The client leaf (None when client_files is set).
    pub client: Option<LeafFacts>,
    /// The server name clients connect with.
    pub name: Option<String>,
    /// The trust file's name as shown (`ca.pem`).
    pub ca_name: String,
    /// Now.
    pub now: OffsetDateTime,
    /// The server presents another leaf than server.pem, which pymilvus pins in mode 1
    /// (`probe` of a running server; never for a directory).
    pub pin_differs: bool,
}

/// Why a connection fails, before it is worded for a client.
#[derive(Debug, Clone)]
enum Failure {
    ServerDown(String),
    CaUnusable(String),
    ClientFiles(String),
    ClientKeyMismatch,
    JavaKey,
    Ed25519,
    UnknownAuthority,
    InvalidCa,
    Expired(OffsetDateTime),
    NotYetValid(OffsetDateTime),
    WeakDigest(String),
    KeyTooSmall { bits: u32, leaf: bool },
    BadEku,
    Name(String),
    ClientRejected(String),
}

/// Both modes for every client.
pub fn verdicts(facts: &Facts) -> Vec<Verdict> {
    let mut out = Vec::new();
    for client in Client::ALL {
        for mode in [1u8, 2] {
            let failure = judge(client, mode, facts);
            out.push(Verdict {
                client,
                mode,
                verdict: if failure.is_some() {
                    Outcome::Fails
                } else {
                    Outcome::Ok
                },
                reason: failure.map(|f| word(client, &f, facts)),
            });
        }
    }
    out
}

fn judge(client: Client, mode: u8, facts: &Facts) -> Option<Failure> {
    if let Some(reason) = &facts.server_down {
        return Some(Failure::ServerDown(reason.clone()));
    }
    let server = facts.server.as_ref()?;
    // Milvus reads caPemPath in mode 2 to verify clients.
    if mode == 2
        && let Some(p) = &facts.ca_problem
    {
        return Some(Failure::ServerDown(format!(
            "cannot use {} as caPemPath: {p}",
            facts.ca_name
        )));
    }
    let pinned = client == Client::Pymilvus && mode == 1;
    if !pinned && let Some(p) = &facts.ca_problem {
        return Some(Failure::CaUnusable(p.clone()));
    }
    if mode == 2 {
        if let Some(p) = &facts.client_files {
            return Some(Failure::ClientFiles(p.clone()));
        }
        let cl = facts.client.as_ref()?;
        if client == Client::Java
            && (cl.key_format != Some(KeyFormat::Pkcs8) || cl.key_alg == Some(KeyAlg::Ed25519))
        {
            return Some(Failure::JavaKey);
        }
        if facts.client_key_mismatch {
            return Some(Failure::ClientKeyMismatch);
        }
    }
    // gRPC C-core and Java's TLS stack cannot use Ed25519 anywhere in the handshake.
    if matches!(client, Client::Pymilvus | Client::Java) {
        let ed =
            |l: &LeafFacts| l.key_alg == Some(KeyAlg::Ed25519) || l.cert.key.algorithm == "ed25519";
        let ca_ed = !pinned && facts.anchors.iter().any(|a| a.key.algorithm == "ed25519");
        let client_ed = mode == 2 && facts.client.as_ref().is_some_and(ed);
        if ed(server) || ca_ed || client_ed {
            return Some(Failure::Ed25519);
        }
    }
    if pinned {
        if facts.pin_differs {
            return Some(Failure::UnknownAuthority);
        }
        if let Some(f) = time_failure(&server.cert, facts.now) {
            return Some(f);
        }
    } else if let Some(f) = trust_failure(client, server, facts.now, true) {
        return Some(f);
    }
    if let Some(name) = &facts.name
        && let Some(text) = name_failure(client, &server.cert, name)
    {
        return Some(Failure::Name(text));
    }
    if mode == 2 {
        let cl = facts.client.as_ref()?;
        // The Milvus server is Go: its crypto/tls judges the client certificate.
        if let Some(f) = trust_failure(Client::Go, cl, facts.now, false) {
            return Some(Failure::ClientRejected(word(Client::Go, &f, facts)));
        }
    }
    None
}

fn time_failure(cert: &CertView, now: OffsetDateTime) -> Option<Failure> {
    if now > cert.not_after {
        Some(Failure::Expired(cert.not_after))
    } else if now < cert.not_before {
        Some(Failure::NotYetValid(cert.not_before))
    } else {
        None
    }
}

fn digest_weak(cert: &CertView) -> Option<&'static str> {
    match cert.signature_oid.as_str() {
        "1.2.840.113549.1.1.4" => Some("md5"),
        "1.2.840.113549.1.1.5" | "1.2.840.10045.4.1" => Some("sha1"),
        _ => None,
    }
}

/// How `client` judges `leaf` against `anchors`; `server_role` picks serverAuth or clientAuth.
fn trust_failure(
    client: Client,
    leaf: &LeafFacts,
    now: OffsetDateTime,
    server_role: bool,
) -> Option<Failure> {
    let path = match &leaf.issued {
        Issued::By { path, .. } => path,
        Issued::Unverifiable if digest_weak(&leaf.cert).is_some() => {
            return Some(Failure::WeakDigest(leaf.cert.signature_algorithm.clone()));
        }
        // An algorithm neither our walk nor webpki can check: assume no client can.
        Issued::Unverifiable => return Some(Failure::UnknownAuthority),
        Issued::UnknownIssuer | Issued::BadSignature => return Some(Failure::UnknownAuthority),
    };
    let anchor = path.last()?;
    if client.openssl_like() && !openssl_is_ca(anchor) {
        return Some(Failure::InvalidCa);
    }
    // Every certificate's dates count, except that the JDK does not check the anchor's.
    for (i, cert) in path.iter().enumerate() {
        let is_anchor = i + 1 == path.len();
        if is_anchor && client == Client::Java {
            continue;
        }
        if let Some(f) = time_failure(cert, now) {
            return Some(f);
        }
    }
    // Signatures of everything below the anchor.
    for cert in &path[..path.len() - 1] {
        match digest_weak(cert) {
            Some("md5") => return Some(Failure::WeakDigest(cert.signature_algorithm.clone())),
            Some(_) if matches!(client, Client::Go | Client::Node | Client::Curl) => {
                return Some(Failure::WeakDigest(cert.signature_algorithm.clone()));
            }
            _ => {}
        }
    }
    for (i, cert) in path.iter().enumerate() {
        if let Some(bits) = cert.key.bits.filter(|_| cert.key.algorithm == "rsa") {
            // Under 1024 everyone refuses; under 2048 OpenSSL at security level 2 (the
            // default of Debian, Ubuntu and RHEL builds curl uses) refuses.
            if bits < 1024 || (bits < 2048 && client == Client::Curl) {
                return Some(Failure::KeyTooSmall { bits, leaf: i == 0 });
            }
        }
    }
    if let Some(eku) = leaf.cert.eku {
        let allowed = eku.any
            || if server_role {
                eku.server_auth
            } else {
                eku.client_auth
            };
        if !allowed {
            return Some(Failure::BadEku);
        }
    }
    None
}

fn sans_text_node(cert: &CertView) -> String {
    cert.sans
        .iter()
        .map(|s| s.replacen("IP:", "IP Address:", 1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The client's own name check, worded as it reports a mismatch.
fn name_failure(client: Client, cert: &CertView, name: &str) -> Option<String> {
    let parsed = Name::parse(name);
    let host = match &parsed {
        Name::Dns(h) => h.clone(),
        Name::Ip(ip) => ip.to_string(),
    };
    let dns_ok = |c: &CertView| c.dns_sans.iter().any(|p| dns_matches(p, &host));
    let ip_ok = |c: &CertView| match &parsed {
        Name::Ip(ip) => c.ip_sans.contains(ip),
        Name::Dns(_) => false,
    };
    let is_ip = matches!(parsed, Name::Ip(_));
    let cn = cert.common_names.last().cloned().unwrap_or_default();
    match client {
        Client::Go => {
            let ok = if is_ip { ip_ok(cert) } else { dns_ok(cert) };
            if ok {
                return None;
            }
            let x509 = if !cert.has_san_extension && cn_matches(cert, &parsed) {
                "x509: certificate relies on legacy Common Name field, use SANs instead".to_string()
            } else if is_ip && cert.ip_sans.is_empty() {
                format!(
                    "x509: cannot validate certificate for {host} because it doesn't contain any IP SANs"
                )
            } else {
                let valid = if is_ip {
                    cert.ip_sans
                        .iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                } else {
                    cert.dns_sans.join(", ")
                };
                if valid.is_empty() {
                    format!(
                        "x509: certificate is not valid for any names, but wanted to match {host}"
                    )
                } else {
                    format!("x509: certificate is valid for {valid}, not {host}")
                }
            };
            Some(format!("tls: failed to verify certificate: {x509}"))
        }
        Client::Pymilvus => {
            let ok = if is_ip {
                ip_ok(cert)
            } else if !cert.sans.is_empty() {
                dns_ok(cert)
            } else {
                cn_matches(cert, &parsed)
            };
            (!ok).then(|| format!("Peer name {host} is not in peer certificate"))
        }
        Client::Java => {
            if is_ip {
                if ip_ok(cert) {
                    return None;
                }
                return Some(if cert.sans.is_empty() {
                    "javax.net.ssl.SSLHandshakeException: No subject alternative names present"
                        .to_string()
                } else {
                    format!(
                        "javax.net.ssl.SSLHandshakeException: No subject alternative names matching IP address {host} found"
                    )
                });
            }
            if !cert.dns_sans.is_empty() {
                return (!dns_ok(cert)).then(|| {
                    format!(
                        "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching {host} found."
                    )
                });
            }
            (!cn_matches(cert, &parsed)).then(|| {
                format!("javax.net.ssl.SSLHandshakeException: No name matching {host} found")
            })
        }
        Client::Node => {
            let prefix = "14 UNAVAILABLE: No connection established. Last error: Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames:";
            if is_ip {
                if ip_ok(cert) {
                    return None;
                }
                let ips: Vec<String> = cert.ip_sans.iter().map(|i| i.to_string()).collect();
                return Some(format!(
                    "{prefix} IP: {host} is not in the cert's list: {}",
                    ips.join(", ")
                ));
            }
            if !cert.dns_sans.is_empty() {
                return (!dns_ok(cert)).then(|| {
                    format!(
                        "{prefix} Host: {host}. is not in the cert's altnames: {}",
                        sans_text_node(cert)
                    )
                });
            }
            if cert.common_names.is_empty() {
                return Some(format!("{prefix} Cert does not contain a DNS name"));
            }
            (!cn_matches(cert, &parsed))
                .then(|| format!("{prefix} Host: {host}. is not cert's CN: {cn}"))
        }
        Client::Curl => {
            if !cert.dns_sans.is_empty() || !cert.ip_sans.is_empty() {
                let ok = if is_ip { ip_ok(cert) } else { dns_ok(cert) };
                return (!ok).then(|| {
                    format!(
                        "curl: (60) SSL: no alternative certificate subject name matches target host name '{name}'"
                    )
                });
            }
            if cert.common_names.is_empty() {
                return Some(
                    "curl: (60) SSL: unable to obtain common name from peer certificate"
                        .to_string(),
                );
            }
            (!cn_matches(cert, &parsed)).then(|| {
                format!(
                    "curl: (60) SSL: certificate subject name '{cn}' does not match target host name '{name}'"
                )
            })
        }
    }
}

fn go_sig_name(alg: &str) -> &'static str {
    match alg {
        "md5WithRSAEncryption" => "MD5-RSA",
        "ecdsa-with-SHA1" => "ECDSA-SHA1",
        _ => "SHA1-RSA",
    }
}

/// The X.509 verify error text of OpenSSL 3 (Node, curl) or BoringSSL (gRPC C-core).
fn openssl_reason(client: Client, f: &Failure) -> String {
    match f {
        Failure::UnknownAuthority => "unable to get local issuer certificate".into(),
        Failure::InvalidCa => "invalid CA certificate".into(),
        Failure::Expired(_) => "certificate has expired".into(),
        Failure::NotYetValid(_) => "certificate is not yet valid".into(),
        Failure::WeakDigest(_) => "CA signature digest algorithm too weak".into(),
        Failure::KeyTooSmall { leaf: true, .. } => "EE certificate key too weak".into(),
        Failure::KeyTooSmall { leaf: false, .. } => "CA certificate key too weak".into(),
        // OpenSSL 3 renamed X509_V_ERR_INVALID_PURPOSE's text; BoringSSL kept the old one.
        Failure::BadEku if client == Client::Pymilvus => "unsupported certificate purpose".into(),
        Failure::BadEku => "unsuitable certificate purpose".into(),
        _ => "certificate verify failed".into(),
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

/// Words a failure as `client` reports it.
fn word(client: Client, f: &Failure, facts: &Facts) -> String {
    let ca = &facts.ca_name;
    match f {
        Failure::ServerDown(reason) => format!("Milvus does not start: {reason}"),
        Failure::Name(text) => text.clone(),
        Failure::ClientRejected(server_reason) => {
            let seen = match client {
                Client::Pymilvus => "gRPC: Unwrap failed (connection closed by the server)",
                Client::Go => "remote error: tls: bad certificate",
                Client::Java => "javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate",
                Client::Node => "14 UNAVAILABLE: No connection established. Last error: SSL alert number 42 (bad certificate)",
                Client::Curl => "curl: (56) OpenSSL SSL_read: error:0A000412:SSL routines::sslv3 alert bad certificate",
            };
            format!("{seen} — the Milvus server rejects client.pem: {server_reason}")
        }
        Failure::CaUnusable(p) => match client {
            Client::Go => format!("credentials: failed to append certificates ({ca}: {p})"),
            Client::Java => format!("java.security.cert.CertificateException: cannot read {ca}: {p}"),
            Client::Node => format!("Error: cannot read {ca}: {p}"),
            Client::Curl => format!("curl: (77) error setting certificate file: {ca} ({p})"),
            Client::Pymilvus => format!("gRPC cannot load root certificates from {ca}: {p}"),
        },
        Failure::ClientFiles(p) => match client {
            Client::Curl => format!("curl: (58) could not load PEM client certificate or key: {p}"),
            Client::Go => format!("tls: failed to load client certificate: {p}"),
            Client::Java => format!("java.lang.IllegalArgumentException: {p}"),
            _ => format!("cannot load the client certificate: {p}"),
        },
        Failure::ClientKeyMismatch => match client {
            Client::Go => "tls: private key does not match public key".into(),
            Client::Curl => "curl: (58) unable to set private key file: 'client.key' type PEM".into(),
            Client::Node => "Error: error:05800074:x509 certificate routines::key values mismatch".into(),
            Client::Java => "javax.net.ssl.SSLException: client.key does not match client.pem".into(),
            Client::Pymilvus => "gRPC: Handshake failed (client.key does not match client.pem)".into(),
        },
        Failure::JavaKey => {
            "java.lang.IllegalArgumentException: File does not contain valid private key: client.key"
                .into()
        }
        Failure::Ed25519 => match client {
            Client::Java => "javax.net.ssl.SSLHandshakeException: Ed25519 certificates and keys are not supported by the Java SDK's TLS stack".into(),
            _ => "gRPC: Handshake failed with fatal error SSL_ERROR_SSL (gRPC C-core cannot use Ed25519 certificates or keys)".into(),
        },
        _ => match client {
            Client::Go => {
                let x509 = match f {
                    Failure::UnknownAuthority => "x509: certificate signed by unknown authority".into(),
                    Failure::Expired(t) => format!(
                        "x509: certificate has expired or is not yet valid: current time {} is after {}",
                        rfc3339(facts.now),
                        rfc3339(*t)
                    ),
                    Failure::NotYetValid(t) => format!(
                        "x509: certificate has expired or is not yet valid: current time {} is before {}",
                        rfc3339(facts.now),
                        rfc3339(*t)
                    ),
                    Failure::WeakDigest(alg) => format!(
                        "x509: cannot verify signature: insecure algorithm {}",
                        go_sig_name(alg)
                    ),
                    Failure::KeyTooSmall { bits, .. } => {
                        format!("x509: crypto/rsa: {bits}-bit keys are insecure")
                    }
                    Failure::BadEku => "x509: certificate specifies an incompatible key usage".into(),
                    _ => "x509: certificate verify failed".into(),
                };
                format!("tls: failed to verify certificate: {x509}")
            }
            Client::Java => match f {
                Failure::UnknownAuthority => "javax.net.ssl.SSLHandshakeException: PKIX path building failed: unable to find valid certification path to requested target".into(),
                Failure::Expired(_) | Failure::NotYetValid(_) => "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: validity check failed".into(),
                Failure::WeakDigest(alg) => format!("javax.net.ssl.SSLHandshakeException: PKIX path validation failed: Algorithm constraints check failed on signature algorithm: {alg}"),
                Failure::KeyTooSmall { bits, .. } => format!("javax.net.ssl.SSLHandshakeException: PKIX path validation failed: Algorithm constraints check failed on keysize limits: RSA {bits} bit key"),
                Failure::BadEku => "java.security.cert.CertificateException: Extended key usage does not permit use for TLS server authentication".into(),
                _ => "javax.net.ssl.SSLHandshakeException: certificate verify failed".into(),
            },
            Client::Node => format!(
                "14 UNAVAILABLE: No connection established. Last error: {}",
                openssl_reason(client, f)
            ),
            Client::Curl => format!("curl: (60) SSL certificate problem: {}", openssl_reason(client, f)),
            Client::Pymilvus => format!(
                "gRPC: Handshake failed with fatal error SSL_ERROR_SSL: CERTIFICATE_VERIFY_FAILED ({})",
                openssl_reason(client, f)
            ),
        },
    }
}
