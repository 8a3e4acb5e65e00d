//! The TLS client of `probe`: rustls handshakes pinned to one TLS version that record
//! what the server offers instead of judging it (verify's rules judge the chain
//! afterwards), then the few bytes of HTTP/2 or HTTP/1.1 that show whether the server
//! really accepts the connection.

use rustls::client::ResolvesClientCert;
use rustls::client::Resumption;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{self, CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};
use serde::Serialize;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The HTTP/2 client connection preface (RFC 9113 §3.4) and an empty SETTINGS frame.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00";

/// A TLS version probed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Version {
    /// TLS 1.3.
    #[serde(rename = "TLS 1.3")]
    Tls13,
    /// TLS 1.2.
    #[serde(rename = "TLS 1.2")]
    Tls12,
}

impl Version {
    /// "TLS 1.3" or "TLS 1.2".
    pub fn name(self) -> &'static str {
        match self {
            Version::Tls13 => "TLS 1.3",
            Version::Tls12 => "TLS 1.2",
        }
    }
}

/// What is said after the handshake, to see whether the server accepts the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    /// Nothing.
    None,
    /// The HTTP/2 preface (gRPC).
    H2,
    /// `GET / HTTP/1.1` (REST).
    Http1,
}

/// The server's first answer after the handshake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "detail")]
pub enum Answer {
    /// An HTTP/2 frame, by type name (a gRPC server sends SETTINGS).
    Http2Frame(String),
    /// An HTTP/1.x status line.
    Http1(String),
    /// Other bytes (how many).
    Bytes(usize),
    /// A TLS alert: the server refused the connection.
    Alert(String),
    /// The connection was closed without an alert.
    Closed,
    /// Nothing within the timeout.
    Silent,
}

impl Answer {
    /// Whether the server refused the connection.
    pub fn refused(&self) -> bool {
        matches!(self, Answer::Alert(_) | Answer::Closed)
    }

    /// In words.
    pub fn describe(&self) -> String {
        match self {
            Answer::Http2Frame(kind) => format!("an HTTP/2 {kind} frame"),
            Answer::Http1(line) => format!("'{line}'"),
            Answer::Bytes(n) => format!("{n} bytes that are not HTTP"),
            Answer::Alert(alert) => format!("TLS alert {alert}"),
            Answer::Closed => "closed the connection".to_string(),
            Answer::Silent => "no answer within the timeout".to_string(),
        }
    }
}

/// Why a handshake did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Connection refused.
    Refused,
    /// Nothing within the timeout (connect or read).
    Timeout,
    /// The first bytes the server sent are not TLS (shown, shortened).
    NotTls(String),
    /// Closed before any answer.
    ClosedSilently,
    /// The server sent an alert.
    Alert(String),
    /// Anything else (rustls' or the system's words).
    Other(String),
}

/// One handshake's results.
#[derive(Debug, Clone)]
pub struct Handshake {
    /// The version asked for.
    pub version: Version,
    /// Completed: the session; else why not.
    pub outcome: Result<Session, Failure>,
    /// The server sent a CertificateRequest; its CA names (DER) if so.
    pub cert_request: Option<Vec<Vec<u8>>>,
    /// The chain the server presented (DER), leaf first; empty if none was seen.
    pub chain: Vec<Vec<u8>>,
    /// The server chose this version (it may still fail the handshake afterwards).
    pub negotiated: bool,
}

/// A completed handshake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    /// The negotiated cipher suite (IANA name).
    pub cipher_suite: String,
    /// The negotiated ALPN protocol.
    pub alpn: Option<String>,
    /// A client certificate was sent.
    pub client_cert_sent: bool,
    /// The server's first answer to the follow-up, if one was sent.
    pub answer: Option<Answer>,
}

/// One handshake to make.
pub struct Attempt<'a> {
    /// Where.
    pub addr: SocketAddr,
    /// An already connected socket to use instead of connecting.
    pub stream: Option<TcpStream>,
    /// The name sent as SNI.
    pub name: &'a ServerName<'static>,
    /// The only version offered.
    pub version: Version,
    /// The only ALPN protocol offered.
    pub alpn: &'static [u8],
    /// The client certificate and key offered when asked for.
    pub identity: Option<Arc<CertifiedKey>>,
    /// Bound for connect and each read or write.
    pub timeout: Duration,
    /// What to send after the handshake.
    pub follow_up: FollowUp,
}

/// What the handshake saw, filled in by the verifier and the certificate resolver.
#[derive(Debug, Default)]
struct Record {
    chain: Mutex<Vec<Vec<u8>>>,
    cert_request: Mutex<Option<Vec<Vec<u8>>>>,
    sent: Mutex<bool>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Accepts any chain and keeps it: verify's rules judge it after the handshake, so the
/// handshake can go on to the CertificateRequest and the server's answer. Handshake
/// signatures are still verified: the server must own the key of what it presented.
#[derive(Debug)]
struct Recorder {
    record: Arc<Record>,
    algs: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let mut chain = vec![end_entity.to_vec()];
        chain.extend(intermediates.iter().map(|c| c.to_vec()));
        *lock(&self.record.chain) = chain;
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        crypto::verify_tls12_signature(message, cert, dss, &self.algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        crypto::verify_tls13_signature(message, cert, dss, &self.algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algs.supported_schemes()
    }
}

/// Notes each CertificateRequest and its CA names, and offers the client certificate.
#[derive(Debug)]
struct ClientCert {
    record: Arc<Record>,
    identity: Option<Arc<CertifiedKey>>,
}

impl ResolvesClientCert for ClientCert {
    fn resolve(
        &self,
        root_hint_subjects: &[&[u8]],
        _sigschemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        let names = root_hint_subjects.iter().map(|n| n.to_vec()).collect();
        *lock(&self.record.cert_request) = Some(names);
        *lock(&self.record.sent) = self.identity.is_some();
        self.identity.clone()
    }

    // Always true, so that every CertificateRequest reaches `resolve`.
    fn has_certs(&self) -> bool {
        true
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(crypto::aws_lc_rs::default_provider())
}

/// A client identity from a certificate chain (DER) and a PEM private key file's bytes;
/// `None` when the key cannot be used (verify's findings say why).
pub fn identity(chain: &[Vec<u8>], key_pem: &[u8]) -> Option<Arc<CertifiedKey>> {
    use rustls::pki_types::pem::PemObject;
    let key = PrivateKeyDer::from_pem_slice(key_pem).ok()?;
    let key = provider().key_provider.load_private_key(key).ok()?;
    let certs = chain
        .iter()
        .map(|c| CertificateDer::from(c.clone()))
        .collect();
    Some(Arc::new(CertifiedKey::new(certs, key)))
}

/// Connects to the first of `addrs` that answers.
pub fn connect_any(
    addrs: &[SocketAddr],
    timeout: Duration,
) -> Result<(TcpStream, SocketAddr), Failure> {
    let mut last = Failure::Other("the name resolved to no address".to_string());
    for addr in addrs {
        match connect(*addr, timeout) {
            Ok(stream) => return Ok((stream, *addr)),
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn connect(addr: SocketAddr, timeout: Duration) -> Result<TcpStream, Failure> {
    let stream = TcpStream::connect_timeout(&addr, timeout).map_err(|e| io_failure(&e))?;
    let set = stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)));
    set.map_err(|e| io_failure(&e))?;
    // Small writes (the preface) go out at once.
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

fn io_failure(e: &io::Error) -> Failure {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => Failure::Refused,
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Failure::Timeout,
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted => Failure::ClosedSilently,
        _ => Failure::Other(e.to_string()),
    }
}

/// A socket that keeps the first bytes the server sends, to show what a non-TLS server
/// said.
struct Head {
    stream: TcpStream,
    head: Vec<u8>,
    /// Every read and write ends by then, so a server that trickles bytes cannot keep
    /// the probe waiting either.
    deadline: Instant,
}

impl Head {
    fn remaining(&self) -> io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        Ok(left)
    }
}

impl Read for Head {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(Some(self.remaining()?))?;
        let n = self.stream.read(buf)?;
        let room = 64usize.saturating_sub(self.head.len()).min(n);
        self.head.extend_from_slice(&buf[..room]);
        Ok(n)
    }
}

impl Write for Head {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(Some(self.remaining()?))?;
        self.stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

/// Makes one handshake; never blocks longer than the timeout per read or write.
pub fn handshake(attempt: Attempt<'_>) -> Handshake {
    let record = Arc::new(Record::default());
    let mut shake = Handshake {
        version: attempt.version,
        outcome: Err(Failure::Timeout),
        cert_request: None,
        chain: Vec::new(),
        negotiated: false,
    };
    shake.outcome = drive(&attempt, &record, &mut shake.negotiated);
    shake.cert_request = lock(&record.cert_request).take();
    shake.chain = std::mem::take(&mut *lock(&record.chain));
    shake
}

fn config(attempt: &Attempt<'_>, record: &Arc<Record>) -> Result<ClientConfig, Failure> {
    let provider = provider();
    let algs = provider.signature_verification_algorithms;
    let version = match attempt.version {
        Version::Tls13 => &rustls::version::TLS13,
        Version::Tls12 => &rustls::version::TLS12,
    };
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[version])
        .map_err(|e| Failure::Other(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Recorder {
            record: record.clone(),
            algs,
        }))
        .with_client_cert_resolver(Arc::new(ClientCert {
            record: record.clone(),
            identity: attempt.identity.clone(),
        }));
    config.alpn_protocols = vec![attempt.alpn.to_vec()];
    // Each handshake is a full one: a resumed session shows no certificate.
    config.resumption = Resumption::disabled();
    Ok(config)
}

fn drive(
    attempt: &Attempt<'_>,
    record: &Arc<Record>,
    negotiated: &mut bool,
) -> Result<Session, Failure> {
    let config = config(attempt, record)?;
    let mut conn = ClientConnection::new(Arc::new(config), attempt.name.clone())
        .map_err(|e| Failure::Other(e.to_string()))?;
    let stream = match &attempt.stream {
        Some(s) => s.try_clone().map_err(|e| io_failure(&e))?,
        None => connect(attempt.addr, attempt.timeout)?,
    };
    let mut sock = Head {
        stream,
        head: Vec::new(),
        deadline: Instant::now() + attempt.timeout,
    };
    while conn.is_handshaking() {
        let result = conn.complete_io(&mut sock);
        *negotiated = conn.protocol_version().is_some();
        match result {
            Ok((0, 0)) => return Err(handshake_failure(None, &sock.head)),
            Ok(_) => {}
            Err(e) => return Err(handshake_failure(Some(&e), &sock.head)),
        }
    }
    // The answer gets its own timeout.
    sock.deadline = Instant::now() + attempt.timeout;
    let answer = match attempt.follow_up {
        FollowUp::None => None,
        FollowUp::H2 => Some(follow_up(&mut conn, &mut sock, H2_PREFACE, true)),
        FollowUp::Http1 => {
            let host = match attempt.name {
                ServerName::DnsName(d) => d.as_ref().to_string(),
                other => other.to_str().into_owned(),
            };
            let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
            Some(follow_up(&mut conn, &mut sock, request.as_bytes(), false))
        }
    };
    Ok(Session {
        cipher_suite: conn
            .negotiated_cipher_suite()
            .map(|s| format!("{:?}", s.suite()))
            .unwrap_or_default(),
        alpn: conn
            .alpn_protocol()
            .map(|p| String::from_utf8_lossy(p).into_owned()),
        client_cert_sent: *lock(&record.sent),
        answer,
    })
}

fn handshake_failure(error: Option<&io::Error>, head: &[u8]) -> Failure {
    // A TLS record starts with a content type from 20 to 24; anything else is another
    // protocol answering (an HTTP server says "HTTP/1.1 400 …").
    if let Some(&first) = head.first()
        && !(20..=24).contains(&first)
    {
        return Failure::NotTls(show_bytes(head));
    }
    let Some(error) = error else {
        return Failure::ClosedSilently;
    };
    if let Some(tls) = error
        .get_ref()
        .and_then(|e| e.downcast_ref::<rustls::Error>())
    {
        return match tls {
            rustls::Error::AlertReceived(alert) => Failure::Alert(alert_name(*alert)),
            other => Failure::Other(other.to_string()),
        };
    }
    if head.is_empty() && error.kind() == io::ErrorKind::UnexpectedEof {
        return Failure::ClosedSilently;
    }
    io_failure(error)
}

/// The first line of what a non-TLS server said, printable.
fn show_bytes(head: &[u8]) -> String {
    let text = String::from_utf8_lossy(head);
    let line = text.lines().next().unwrap_or_default();
    line.chars()
        .map(|c| if c.is_control() { '.' } else { c })
        .take(40)
        .collect()
}

/// An alert as RFC 8446 names it (`bad_certificate`).
pub fn alert_name(alert: rustls::AlertDescription) -> String {
    let camel = format!("{alert:?}");
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Sends `request` and reads the start of the answer.
fn follow_up(conn: &mut ClientConnection, sock: &mut Head, request: &[u8], h2: bool) -> Answer {
    let mut tls = rustls::Stream::new(conn, sock);
    if let Err(e) = tls.write_all(request).and_then(|()| tls.flush()) {
        return answer_error(&e);
    }
    let mut buf = [0u8; 64];
    let mut got = 0;
    // An HTTP/2 frame header is 9 bytes; a status line ends with CR LF.
    while got < 9 || (!h2 && !buf[..got].contains(&b'\n') && got < buf.len()) {
        match tls.read(&mut buf[got..]) {
            Ok(0) if got == 0 => return Answer::Closed,
            Ok(0) => break,
            Ok(n) => got += n,
            Err(_) if got > 0 => break,
            Err(e) => return answer_error(&e),
        }
    }
    let bytes = &buf[..got];
    if bytes.starts_with(b"HTTP/") {
        return Answer::Http1(show_bytes(bytes));
    }
    if h2 && let Some(kind) = connection_frame(bytes) {
        return Answer::Http2Frame(kind.to_string());
    }
    Answer::Bytes(got)
}

/// The type of a frame a server may open with on stream 0 (RFC 9113 §3.4: SETTINGS, or
/// GOAWAY when it refuses), if `bytes` start with one.
fn connection_frame(bytes: &[u8]) -> Option<&'static str> {
    let header = bytes.get(..9)?;
    let length = u32::from_be_bytes([0, header[0], header[1], header[2]]);
    let stream = u32::from_be_bytes([header[5], header[6], header[7], header[8]]) & 0x7fff_ffff;
    if stream != 0 || length > 16_384 {
        return None;
    }
    match header[3] {
        4 => Some("SETTINGS"),
        7 => Some("GOAWAY"),
        _ => None,
    }
}

fn answer_error(e: &io::Error) -> Answer {
    if let Some(rustls::Error::AlertReceived(alert)) =
        e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>())
    {
        return Answer::Alert(alert_name(*alert));
    }
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Answer::Silent,
        _ => Answer::Closed,
    }
}
