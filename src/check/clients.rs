//! Per-client verdicts: for each Milvus client and TLS mode, whether it connects with
//! these files, and if not, the error as that client reports it (see milvus-tls.md).
//!
//! The rules are data-driven from [`Facts`]: the checks run in the order a connection
//! fails (server start-up, loading the client's own files, verifying the server's
//! certificate, the name, then the server verifying the client certificate in mode 2).

use super::chain::{Name, cn_matches, dns_matches};
use super::stacks::{self, Purpose, Reject, Stack, validate};
use crate::certdir::view::CertView;
use crate::pki::KeySpec;
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

/// ok, fails or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The client connects.
    Ok,
    /// The client fails.
    Fails,
    /// verify cannot decide (an algorithm or extension it does not know); the reason says
    /// what. Never reported as ok.
    Unknown,
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
    /// The leaf and the certificates sent after it (the whole PEM file).
    pub chain: Vec<CertView>,
    /// Its key's algorithm (from the key file), when readable.
    pub key_alg: Option<KeySpec>,
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
    ClientKeyTooSmall(u32),
    /// The TLS 1.3 handshake signature the server's key makes cannot be verified.
    HandshakeKey(String),
    KeyUsageNoSignature,
    Path(Reject),
    Name(String),
    ClientRejected(String),
}

/// A failure of one documented set-up of a client: which set-up, and why.
struct SetupFailure {
    setup: Option<&'static str>,
    failure: Failure,
}

impl SetupFailure {
    fn is_unknown(&self) -> bool {
        matches!(self.failure, Failure::Path(Reject::Unknown(_)))
    }
}

/// Both modes for every client.
pub fn verdicts(facts: &Facts) -> Vec<Verdict> {
    let mut out = Vec::new();
    for client in Client::ALL {
        for mode in [1u8, 2] {
            let failure = judge(client, mode, facts);
            let verdict = match &failure {
                None => Outcome::Ok,
                Some(f) if f.is_unknown() => Outcome::Unknown,
                Some(_) => Outcome::Fails,
            };
            let reason = failure.map(|f| {
                let text = word(client, &f.failure, facts);
                match f.setup {
                    Some(setup) => format!("{setup}: {text}"),
                    None => text,
                }
            });
            out.push(Verdict {
                client,
                mode,
                verdict,
                reason,
            });
        }
    }
    out
}

/// The documented ways of setting `client` up in `mode` (issue 13, point 4): pymilvus and
/// the Java SDK may trust ca.pem or pin server.pem in mode 1; the Node SDK's MilvusClient
/// and grpc-js apply the same OpenSSL rules, so one judgement covers both.
fn setups(client: Client, mode: u8) -> &'static [(Option<&'static str>, bool)] {
    match (client, mode) {
        (Client::Pymilvus, 1) => &[
            (Some("with ca_pem_path (ca.pem)"), false),
            (Some("with server_pem_path (server.pem pinned)"), true),
        ],
        (Client::Java, 1) => &[
            (Some("with caPemPath (ca.pem)"), false),
            (Some("with serverPemPath (server.pem pinned)"), true),
        ],
        _ => &[(None, false)],
    }
}

fn judge(client: Client, mode: u8, facts: &Facts) -> Option<SetupFailure> {
    let plain = |failure| {
        Some(SetupFailure {
            setup: None,
            failure,
        })
    };
    if let Some(reason) = &facts.server_down {
        return plain(Failure::ServerDown(reason.clone()));
    }
    let server = facts.server.as_ref()?;
    if mode == 2 {
        // Milvus reads caPemPath in mode 2 to verify clients.
        if let Some(f) = server_ca_failure(facts) {
            return plain(f);
        }
        if let Some(f) = client_load_failure(client, facts) {
            return plain(f);
        }
    }
    // A set-up that surely fails decides; one verify cannot judge makes the verdict
    // unknown only when no other set-up surely fails.
    let mut undecided = None;
    for (setup, pinned) in setups(client, mode) {
        if let Some(failure) = server_failure(client, *pinned, server, facts) {
            let failed = SetupFailure {
                setup: *setup,
                failure,
            };
            if !failed.is_unknown() {
                return Some(failed);
            }
            undecided.get_or_insert(failed);
        }
    }
    if undecided.is_some() {
        return undecided;
    }
    if mode == 2 {
        let cl = facts.client.as_ref()?;
        // The Milvus server is Go: its crypto/tls judges the client certificate
        // (go/server-client-auth: Roots = ca.pem, ClientAuth usage).
        if let Err(r) = validate(
            Stack::Go,
            &cl.chain,
            &facts.anchors,
            Purpose::Client,
            facts.now,
        ) {
            let f = Failure::Path(r);
            if let Failure::Path(Reject::Unknown(_)) = f {
                return plain(f);
            }
            return plain(Failure::ClientRejected(word(Client::Go, &f, facts)));
        }
    }
    None
}

/// Why the Milvus server cannot use the trust file to verify clients in mode 2.
fn server_ca_failure(facts: &Facts) -> Option<Failure> {
    let problem = match &facts.ca_problem {
        Some(p) => p.clone(),
        // go/unsupported-keys: no certificate Go can parse.
        None if !facts.anchors.iter().any(stacks::go_parses_key) => {
            "failed to append ca certs".to_string()
        }
        None => return None,
    };
    Some(Failure::ServerDown(format!(
        "cannot use {} as caPemPath: {problem}",
        facts.ca_name
    )))
}

/// Why `client` cannot load client.pem and client.key (mode 2).
fn client_load_failure(client: Client, facts: &Facts) -> Option<Failure> {
    if let Some(p) = &facts.client_files {
        return Some(Failure::ClientFiles(p.clone()));
    }
    let cl = facts.client.as_ref()?;
    let rsa_bits = match cl.key_alg {
        Some(KeySpec::Rsa(bits)) => Some(bits),
        _ => None,
    };
    let go_key = matches!(
        cl.key_alg,
        Some(
            KeySpec::Rsa(_)
                | KeySpec::Ed25519
                | KeySpec::EcdsaP256
                | KeySpec::EcdsaP384
                | KeySpec::EcdsaP521
        )
    );
    match client {
        // netty/pkcs8: SslContextBuilder.keyManager reads only unencrypted PKCS#8 RSA, DSA
        // or EC keys.
        Client::Java
            if cl.key_format != Some(KeyFormat::Pkcs8)
                || !cl
                    .key_alg
                    .is_some_and(|k| matches!(k.family().as_str(), "rsa" | "ecdsa")) =>
        {
            return Some(Failure::JavaKey);
        }
        // openssl/seclevel: netty-tcnative and curl use Debian's OpenSSL at security
        // level 2, which refuses an RSA client key under 2048 bits (SSL_CTX_use_certificate
        // "ee key too small").
        Client::Java | Client::Curl if rsa_bits.is_some_and(|b| b < 2048) => {
            return Some(Failure::ClientKeyTooSmall(rsa_bits.unwrap_or(0)));
        }
        // go/client-keypair: tls.X509KeyPair parses RSA, ECDSA (NIST curves), Ed25519.
        Client::Go if !go_key || !stacks::go_parses_key(&cl.cert) => {
            return Some(Failure::ClientFiles(format!(
                "tls: failed to parse private key ({})",
                stacks::key_name(&cl.cert)
            )));
        }
        _ => {}
    }
    facts
        .client_key_mismatch
        .then_some(Failure::ClientKeyMismatch)
}

/// How one set-up of `client` judges the server's certificate.
fn server_failure(
    client: Client,
    pinned: bool,
    server: &LeafFacts,
    facts: &Facts,
) -> Option<Failure> {
    let stack = match client {
        Client::Go => Stack::Go,
        Client::Java => Stack::Java,
        Client::Node => Stack::Node,
        Client::Curl => Stack::Curl,
        Client::Pymilvus => Stack::Boring,
    };
    if !pinned && let Some(p) = &facts.ca_problem {
        return Some(Failure::CaUnusable(p.clone()));
    }
    // probe: a running server that presents another leaf than the pinned server.pem.
    if pinned && facts.pin_differs {
        return Some(Failure::Path(Reject::UnknownAuthority));
    }
    if client == Client::Pymilvus
        && let Some(f) = boring_handshake(&server.cert)
    {
        return Some(f);
    }
    // java/pinned-leaf: a pinned leaf is trusted as is; only the host name is checked.
    // The pinned file of pymilvus is a trust store of its own (grpc/partial-chain).
    let result = match (client, pinned) {
        (Client::Java, true) => Ok(()),
        (_, true) => validate(
            stack,
            &server.chain,
            &server.chain,
            Purpose::Server,
            facts.now,
        ),
        (_, false) => validate(
            stack,
            &server.chain,
            &facts.anchors,
            Purpose::Server,
            facts.now,
        ),
    };
    if let Err(r) = result {
        return Some(Failure::Path(r));
    }
    let name = facts.name.as_ref()?;
    name_failure(client, &server.cert, name).map(Failure::Name)
}

/// boringssl/sigalgs: BoringSSL's client verifies ECDSA P-256/P-384, RSA PKCS#1 and
/// RSA-PSS handshake signatures only (ssl/extensions.cc kVerifySignatureAlgorithms), and
/// ssl_cert_check_key_usage wants digitalSignature in the leaf's keyUsage (TLS 1.3).
fn boring_handshake(leaf: &CertView) -> Option<Failure> {
    let ok = matches!(
        leaf.key,
        KeySpec::Rsa(_) | KeySpec::EcdsaP256 | KeySpec::EcdsaP384
    );
    if !ok {
        return Some(Failure::HandshakeKey(stacks::key_name(leaf)));
    }
    (!leaf.key_usage.is_empty() && !leaf.key_usage.iter().any(|k| k == "digitalSignature"))
        .then_some(Failure::KeyUsageNoSignature)
}

fn sans_text_node(cert: &CertView) -> String {
    cert.sans
        .iter()
        .map(|s| s.replacen("IP:", "IP Address:", 1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// crypto/x509's text for a name that does not match (go/hostname).
fn go_name_text(cert: &CertView, parsed: &Name, host: &str) -> String {
    let is_ip = matches!(parsed, Name::Ip(_));
    let x509 = if !cert.has_san_extension && cn_matches(cert, parsed) {
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
            format!("x509: certificate is not valid for any names, but wanted to match {host}")
        } else {
            format!("x509: certificate is valid for {valid}, not {host}")
        }
    };
    format!("tls: failed to verify certificate: {x509}")
}

/// What a client's name check found, for its wording.
struct NameMatch {
    host: String,
    name: String,
    is_ip: bool,
    ip: bool,
    dns: bool,
    cn: bool,
}

/// java/hostname: HostnameChecker's verdict and text.
fn java_name_text(cert: &CertView, m: &NameMatch) -> Option<String> {
    let host = &m.host;
    if m.is_ip {
        if m.ip {
            return None;
        }
        return Some(if cert.sans.is_empty() {
            "javax.net.ssl.SSLHandshakeException: No subject alternative names present".to_string()
        } else {
            format!(
                "javax.net.ssl.SSLHandshakeException: No subject alternative names matching IP address {host} found"
            )
        });
    }
    if !cert.dns_sans.is_empty() {
        return (!m.dns).then(|| {
            format!(
                "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching {host} found."
            )
        });
    }
    (!m.cn).then(|| format!("javax.net.ssl.SSLHandshakeException: No name matching {host} found"))
}

/// node/hostname: tls.checkServerIdentity's verdict and text, as grpc-js reports it.
fn node_name_text(cert: &CertView, m: &NameMatch) -> Option<String> {
    let host = &m.host;
    let cn = cert.common_names.last().cloned().unwrap_or_default();
    let prefix = "14 UNAVAILABLE: No connection established. Last error: Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames:";
    if m.is_ip {
        if m.ip {
            return None;
        }
        let ips: Vec<String> = cert.ip_sans.iter().map(|i| i.to_string()).collect();
        return Some(format!(
            "{prefix} IP: {host} is not in the cert's list: {}",
            ips.join(", ")
        ));
    }
    if !cert.dns_sans.is_empty() {
        return (!m.dns).then(|| {
            format!(
                "{prefix} Host: {host}. is not in the cert's altnames: {}",
                sans_text_node(cert)
            )
        });
    }
    if cert.common_names.is_empty() {
        return Some(format!("{prefix} Cert does not contain a DNS name"));
    }
    (!m.cn).then(|| format!("{prefix} Host: {host}. is not cert's CN: {cn}"))
}

/// curl/hostname: ossl_verifyhost's verdict and text.
fn curl_name_text(cert: &CertView, m: &NameMatch) -> Option<String> {
    let name = &m.name;
    let cn = cert.common_names.last().cloned().unwrap_or_default();
    if !cert.dns_sans.is_empty() || !cert.ip_sans.is_empty() {
        let ok = if m.is_ip { m.ip } else { m.dns };
        return (!ok).then(|| {
            format!(
                "curl: (60) SSL: no alternative certificate subject name matches target host name '{name}'"
            )
        });
    }
    if cert.common_names.is_empty() {
        return Some(
            "curl: (60) SSL: unable to obtain common name from peer certificate".to_string(),
        );
    }
    (!m.cn).then(|| {
        format!(
            "curl: (60) SSL: certificate subject name '{cn}' does not match target host name '{name}'"
        )
    })
}

/// The client's own name check, worded as it reports a mismatch.
fn name_failure(client: Client, cert: &CertView, name: &str) -> Option<String> {
    let parsed = Name::parse(name);
    let host = match &parsed {
        Name::Dns(h) => h.clone(),
        Name::Ip(ip) => ip.to_string(),
    };
    // go/hostname (validHostname) and java/hostname (SNIHostName): a SAN with a trailing
    // dot is not a valid pattern and only matches itself; OpenSSL and gRPC strip the dot.
    let strict = matches!(client, Client::Go | Client::Java);
    let dns_ok = |c: &CertView| {
        c.dns_sans
            .iter()
            .any(|p| (!strict || !p.ends_with('.')) && dns_matches(p, &host))
    };
    let ip_ok = |c: &CertView| match &parsed {
        Name::Ip(ip) => c.ip_sans.contains(ip),
        Name::Dns(_) => false,
    };
    let is_ip = matches!(parsed, Name::Ip(_));
    let m = NameMatch {
        host: host.clone(),
        name: name.to_string(),
        is_ip,
        ip: ip_ok(cert),
        dns: dns_ok(cert),
        cn: cn_matches(cert, &parsed),
    };
    match client {
        Client::Go => {
            let ok = if is_ip { ip_ok(cert) } else { dns_ok(cert) };
            if ok {
                return None;
            }
            Some(go_name_text(cert, &parsed, &host))
        }
        // grpc/hostname: ssl_transport_security.cc tsi_ssl_peer_matches_name compares the
        // name with every DNS and IP SAN as text (an IP name matches a DNS SAN with the
        // same text); the CN counts only when there is no DNS SAN (measured:
        // name-san-ip-only, name-cn-ip-only).
        Client::Pymilvus => {
            let text_ok = cert.dns_sans.iter().any(|d| d.eq_ignore_ascii_case(&host));
            let cn_ok = cert.dns_sans.is_empty()
                && cert
                    .common_names
                    .last()
                    .is_some_and(|cn| dns_matches(cn, &host) || cn == &host);
            let ok = ip_ok(cert) || dns_ok(cert) || text_ok || cn_ok;
            (!ok).then(|| format!("Peer name {host} is not in peer certificate"))
        }
        Client::Java => java_name_text(cert, &m),
        Client::Node => node_name_text(cert, &m),
        Client::Curl => curl_name_text(cert, &m),
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
fn openssl_reason(client: Client, r: &Reject) -> String {
    match r {
        Reject::UnknownAuthority => "unable to get local issuer certificate".into(),
        Reject::BadSignature => "certificate signature failure".into(),
        Reject::NotCa(_) => "invalid CA certificate".into(),
        Reject::NoCertSign(_) => "key usage does not include certificate signing".into(),
        Reject::Expired(..) => "certificate has expired".into(),
        Reject::NotYetValid(..) => "certificate is not yet valid".into(),
        Reject::WeakSignature(_) => "CA signature digest algorithm too weak".into(),
        Reject::UnsupportedKey(_) => "unable to decode issuer public key".into(),
        Reject::KeyTooSmall { leaf: true, .. } => "EE certificate key too weak".into(),
        Reject::KeyTooSmall { leaf: false, .. } => "CA certificate key too weak".into(),
        Reject::PathLen => "path length constraint exceeded".into(),
        Reject::NameConstraints => "permitted subtree violation".into(),
        Reject::UnsupportedConstraint => "unsupported name constraint type".into(),
        Reject::UnknownCritical(_) => "unhandled critical extension".into(),
        // OpenSSL 3 renamed X509_V_ERR_INVALID_PURPOSE's text; BoringSSL kept the old one.
        Reject::Purpose if client == Client::Pymilvus => "unsupported certificate purpose".into(),
        Reject::Purpose | Reject::KeyUsageNoSignature => "unsuitable certificate purpose".into(),
        Reject::Unknown(why) => why.clone(),
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

/// crypto/x509's text for a path failure.
fn go_reason(r: &Reject, facts: &Facts) -> String {
    let x509 = match r {
        Reject::UnknownAuthority | Reject::BadSignature => {
            "x509: certificate signed by unknown authority".into()
        }
        Reject::NotCa(_) | Reject::NoCertSign(_) => "x509: certificate signed by unknown authority (possibly because of \"x509: invalid signature: parent certificate cannot sign this kind of certificate\")".into(),
        Reject::Expired(_, t) => format!(
            "x509: certificate has expired or is not yet valid: current time {} is after {}",
            rfc3339(facts.now),
            rfc3339(*t)
        ),
        Reject::NotYetValid(_, t) => format!(
            "x509: certificate has expired or is not yet valid: current time {} is before {}",
            rfc3339(facts.now),
            rfc3339(*t)
        ),
        Reject::WeakSignature(alg) => format!(
            "x509: cannot verify signature: insecure algorithm {}",
            go_sig_name(alg)
        ),
        Reject::UnsupportedKey(k) => format!("x509: unsupported public key ({k}): no usable certificate in {}", facts.ca_name),
        Reject::KeyTooSmall { bits, .. } => format!("x509: crypto/rsa: {bits}-bit keys are insecure"),
        Reject::PathLen => "x509: too many intermediates for path length constraint".into(),
        Reject::NameConstraints | Reject::UnsupportedConstraint => {
            "x509: a root or intermediate certificate is not authorized to sign for this name".into()
        }
        Reject::UnknownCritical(oid) => format!("x509: unhandled critical extension ({oid})"),
        Reject::Purpose | Reject::KeyUsageNoSignature => {
            "x509: certificate specifies an incompatible key usage".into()
        }
        Reject::Unknown(why) => why.clone(),
    };
    format!("tls: failed to verify certificate: {x509}")
}

/// The JDK's text for a path failure.
fn java_reason(r: &Reject) -> String {
    let pkix = "javax.net.ssl.SSLHandshakeException: PKIX path validation failed:";
    match r {
        Reject::UnknownAuthority => "javax.net.ssl.SSLHandshakeException: PKIX path building failed: unable to find valid certification path to requested target".into(),
        Reject::BadSignature => format!("{pkix} signature check failed"),
        Reject::NotCa(s) => format!("{pkix} TrustAnchor or intermediate with subject \"{s}\" is not a CA certificate"),
        Reject::NoCertSign(s) => format!("{pkix} \"{s}\" does not have keyCertSign bit set in KeyUsage extension"),
        Reject::Expired(..) | Reject::NotYetValid(..) => format!("{pkix} validity check failed"),
        Reject::WeakSignature(alg) => format!("{pkix} Algorithm constraints check failed on signature algorithm: {alg}"),
        Reject::UnsupportedKey(k) => format!("{pkix} signature check failed: Curve not supported ({k})"),
        Reject::KeyTooSmall { bits, .. } => format!("{pkix} Algorithm constraints check failed on keysize limits: RSA {bits} bit key"),
        Reject::PathLen => format!("{pkix} pathLenConstraint violated"),
        Reject::NameConstraints | Reject::UnsupportedConstraint => format!("{pkix} name constraints check failed"),
        Reject::UnknownCritical(oid) => format!("{pkix} Unrecognized critical extension(s) ({oid})"),
        Reject::Purpose => "java.security.cert.CertificateException: Extended key usage does not permit use for TLS server authentication".into(),
        Reject::KeyUsageNoSignature => "sun.security.validator.ValidatorException: KeyUsage does not allow digital signatures".into(),
        Reject::Unknown(why) => why.clone(),
    }
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
            "java.lang.IllegalArgumentException: File does not contain valid private key: client.key (Netty reads unencrypted PKCS#8 RSA or EC keys only)"
                .into()
        }
        Failure::ClientKeyTooSmall(bits) => match client {
            Client::Curl => format!("curl: (58) could not load PEM client certificate: ee key too small (RSA {bits})"),
            _ => format!("javax.net.ssl.SSLException: Private key does not match the certificate public key (error:0A0000B1:SSL routines::no certificate assigned; OpenSSL refuses an RSA {bits} key: ee key too small)"),
        },
        Failure::HandshakeKey(k) => format!("gRPC: Tls handshake failed (TSI_PROTOCOL_FAILURE): SSL_ERROR_SSL: SSLV3_ALERT_HANDSHAKE_FAILURE (BoringSSL cannot verify a {k} handshake signature)"),
        Failure::KeyUsageNoSignature => "gRPC: Tls handshake failed (TSI_PROTOCOL_FAILURE): KEY_USAGE_BIT_INCORRECT (server.pem's keyUsage lacks digitalSignature)".into(),
        Failure::Path(Reject::Unknown(why)) => format!("verify cannot decide: {why}"),
        Failure::Path(r) => match client {
            Client::Go => go_reason(r, facts),
            Client::Java => java_reason(r),
            // grpc-js reports the last error of Node's verification, which goes on past
            // the first: a certificate that is no CA fails the purpose check after it.
            Client::Node if matches!(r, Reject::NotCa(_)) => "14 UNAVAILABLE: No connection established. Last error: unsuitable certificate purpose".into(),
            Client::Node => format!(
                "14 UNAVAILABLE: No connection established. Last error: {}",
                openssl_reason(client, r)
            ),
            Client::Curl => format!("curl: (60) SSL certificate problem: {}", openssl_reason(client, r)),
            Client::Pymilvus => format!(
                "gRPC: Handshake failed with fatal error SSL_ERROR_SSL: CERTIFICATE_VERIFY_FAILED ({})",
                openssl_reason(client, r)
            ),
        },
    }
}
