//! Real TLS handshakes on 127.0.0.1 with the files `init` writes: our independent proof
//! that they work for Milvus TLS mode 1 (server authentication) and mode 2 (mutual TLS,
//! TLS 1.3 only, client certificate required), and that they fail where they must.
//!
//! Two independent stacks: rustls in-process (server on a thread, client on the test
//! thread, application data both ways) and the `openssl s_server` / `s_client` CLIs.
//! Every socket has read/write timeouts and every child process a deadline, and an
//! `s_server` child is always killed by a guard, so a broken case fails instead of hanging.

mod common;

use common::sclient::s_client;
use common::sserver::SServer;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::server::WebPkiClientVerifier;
use rustls::{
    AlertDescription, CertificateError, ClientConfig, ClientConnection, Error as TlsError,
    ExtendedKeyPurpose, ProtocolVersion, RootCertStore, ServerConfig, ServerConnection,
    StreamOwned,
};
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// Upper bound for any single socket operation, accept, or child process start-up.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Application data the client sends once the handshake is done...
const PING: &[u8] = b"ping from the milvus client\n";
/// ...and the server's answer.
const PONG: &[u8] = b"pong from the milvus proxy\n";

// ---------------------------------------------------------------------------------------
// Loading the generated files with rustls-pki-types
// ---------------------------------------------------------------------------------------

/// All certificates in a PEM file (at least one).
fn certs(dir: &Path, file: &str) -> Vec<CertificateDer<'static>> {
    let path = dir.join(file);
    let certs = common::tls::certs(&path);
    assert!(!certs.is_empty(), "{} holds no certificate", path.display());
    certs
}

/// The one certificate of a PEM file.
fn cert(dir: &Path, file: &str) -> CertificateDer<'static> {
    let mut all = certs(dir, file);
    assert_eq!(all.len(), 1, "{file} should hold exactly one certificate");
    all.remove(0)
}

/// A private key file, which `init` writes as PKCS#8 (`BEGIN PRIVATE KEY`).
fn key(dir: &Path, file: &str) -> PrivateKeyDer<'static> {
    let path = dir.join(file);
    let key = common::tls::key(&path);
    assert!(
        matches!(key, PrivateKeyDer::Pkcs8(_)),
        "{} is not PKCS#8",
        path.display()
    );
    key
}

/// A root store holding every certificate of `dir/file`.
fn roots(dir: &Path, file: &str) -> Arc<RootCertStore> {
    let mut store = RootCertStore::empty();
    for c in certs(dir, file) {
        store
            .add(c)
            .unwrap_or_else(|e| panic!("{file} as a trust anchor: {e}"));
    }
    Arc::new(store)
}

// ---------------------------------------------------------------------------------------
// rustls configurations
// ---------------------------------------------------------------------------------------

/// Mode 1: the server presents `cert`/`key` and asks for no client certificate.
fn mode1_server(dir: &Path, cert_file: &str, key_file: &str) -> ServerConfig {
    ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs(dir, cert_file), key(dir, key_file))
        .expect("server certificate and key should match")
}

/// Mode 2 as the Milvus Go server runs it: TLS 1.3 only, a client certificate issued by
/// `client_ca_dir/ca.pem` required.
fn mode2_server(dir: &Path, client_ca_dir: &Path) -> ServerConfig {
    let verifier = WebPkiClientVerifier::builder(roots(client_ca_dir, "ca.pem"))
        .build()
        .expect("client verifier");
    ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_client_cert_verifier(verifier)
        .with_single_cert(certs(dir, "server.pem"), key(dir, "server.key"))
        .expect("server certificate and key should match")
}

/// A client trusting `trust_dir/trust_file` and presenting no certificate.
fn client_no_cert(trust_dir: &Path, trust_file: &str) -> ClientConfig {
    ClientConfig::builder()
        .with_root_certificates(roots(trust_dir, trust_file))
        .with_no_client_auth()
}

/// A client trusting `trust_dir/ca.pem` and presenting `id_dir/{cert_file,key_file}`.
fn client_with_cert(
    trust_dir: &Path,
    id_dir: &Path,
    cert_file: &str,
    key_file: &str,
) -> ClientConfig {
    ClientConfig::builder()
        .with_root_certificates(roots(trust_dir, "ca.pem"))
        .with_client_auth_cert(certs(id_dir, cert_file), key(id_dir, key_file))
        .expect("client certificate and key should match")
}

fn dns(name: &'static str) -> ServerName<'static> {
    ServerName::try_from(name).expect("valid DNS name")
}

fn ip(addr: impl Into<IpAddr>) -> ServerName<'static> {
    ServerName::from(addr.into())
}

// ---------------------------------------------------------------------------------------
// One in-process handshake
// ---------------------------------------------------------------------------------------

/// Why one side of a handshake failed: the rustls error when there is one.
#[derive(Debug)]
struct Failure {
    tls: Option<TlsError>,
    detail: String,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        let tls = e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<TlsError>())
            .cloned();
        Failure {
            tls,
            detail: format!("{:?}: {e}", e.kind()),
        }
    }
}

impl From<TlsError> for Failure {
    fn from(e: TlsError) -> Self {
        Failure {
            detail: e.to_string(),
            tls: Some(e),
        }
    }
}

/// What the client saw of a completed connection.
#[derive(Debug)]
struct ClientSide {
    version: Option<ProtocolVersion>,
    server_chain: Vec<CertificateDer<'static>>,
}

/// What the server saw of a completed connection.
#[derive(Debug)]
struct ServerSide {
    version: Option<ProtocolVersion>,
    client_chain: Option<Vec<CertificateDer<'static>>>,
    sni: Option<String>,
}

#[derive(Debug)]
struct Outcome {
    client: Result<ClientSide, Failure>,
    server: Result<ServerSide, Failure>,
}

impl Outcome {
    /// Both sides completed the handshake and exchanged data; panics with both errors if not.
    fn ok(self) -> (ClientSide, ServerSide) {
        match (self.client, self.server) {
            (Ok(c), Ok(s)) => (c, s),
            (client, server) => {
                panic!("handshake should succeed:\n  client: {client:?}\n  server: {server:?}")
            }
        }
    }
}

/// The rustls error of a side that must have failed.
fn tls_error<T: std::fmt::Debug>(side: &str, result: &Result<T, Failure>) -> TlsError {
    match result {
        Ok(v) => panic!("the {side} should have failed, but completed: {v:?}"),
        Err(Failure { tls: Some(e), .. }) => e.clone(),
        Err(Failure { tls: None, detail }) => {
            panic!("the {side} failed without a TLS error: {detail}")
        }
    }
}

/// Accepts one connection within [`IO_TIMEOUT`], so a client that never comes cannot
/// hang the server thread.
fn accept_within(listener: &TcpListener) -> io::Result<TcpStream> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + IO_TIMEOUT;
    loop {
        match listener.accept() {
            Ok((sock, _)) => {
                sock.set_nonblocking(false)?;
                return Ok(sock);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(e),
        }
    }
}

fn with_timeouts(sock: TcpStream) -> io::Result<TcpStream> {
    sock.set_read_timeout(Some(IO_TIMEOUT))?;
    sock.set_write_timeout(Some(IO_TIMEOUT))?;
    sock.set_nodelay(true)?;
    Ok(sock)
}

/// Reads as many bytes as `want` has, which must be `want` (`who` reads, for the message).
fn read_expected(tls: &mut impl Read, want: &[u8], who: &str) -> Result<(), Failure> {
    let mut got = vec![0; want.len()];
    tls.read_exact(&mut got)?;
    if got != want {
        return Err(Failure {
            tls: None,
            detail: format!("{who} read {:?}", String::from_utf8_lossy(&got)),
        });
    }
    Ok(())
}

/// Server thread: handshake, read PING, answer PONG, close_notify.
fn serve(listener: TcpListener, config: ServerConfig) -> Result<ServerSide, Failure> {
    let sock = with_timeouts(accept_within(&listener)?)?;
    drop(listener);
    let conn = ServerConnection::new(Arc::new(config))?;
    let mut tls = StreamOwned::new(conn, sock);
    read_expected(&mut tls, PING, "server")?;
    tls.write_all(PONG)?;
    tls.conn.send_close_notify();
    tls.flush()?;
    Ok(ServerSide {
        version: tls.conn.protocol_version(),
        client_chain: tls.conn.peer_certificates().map(|c| c.to_vec()),
        sni: tls.conn.server_name().map(str::to_string),
    })
}

/// Client: handshake, send PING, read PONG, then the server's close_notify.
fn connect(
    addr: SocketAddr,
    config: ClientConfig,
    name: ServerName<'static>,
) -> Result<ClientSide, Failure> {
    let sock = with_timeouts(TcpStream::connect_timeout(&addr, IO_TIMEOUT)?)?;
    let conn = ClientConnection::new(Arc::new(config), name)?;
    let mut tls = StreamOwned::new(conn, sock);
    tls.write_all(PING)?;
    tls.flush()?;
    read_expected(&mut tls, PONG, "client")?;
    // A clean close: close_notify, then EOF (an unclean one is an error in rustls).
    let mut rest = Vec::new();
    tls.read_to_end(&mut rest)?;
    assert!(rest.is_empty(), "unexpected data after PONG: {rest:?}");
    Ok(ClientSide {
        version: tls.conn.protocol_version(),
        server_chain: tls
            .conn
            .peer_certificates()
            .map(|c| c.to_vec())
            .unwrap_or_default(),
    })
}

/// Runs one connection between a server thread and a client on this thread.
fn handshake(server: ServerConfig, client: ClientConfig, name: ServerName<'static>) -> Outcome {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local addr");
    let server_thread = thread::spawn(move || serve(listener, server));
    let client = connect(addr, client, name);
    let server = server_thread.join().expect("server thread panicked");
    Outcome { client, server }
}

// ---------------------------------------------------------------------------------------
// rustls: the positive cases, for every key type
// ---------------------------------------------------------------------------------------

/// Mode 1 (server name localhost, 127.0.0.1 and ::1) and mode 2 with one key type.
fn positive_suite(init_args: &[&str]) {
    let (_tmp, dir) = common::init_dir(init_args);
    let server_pem = cert(&dir, "server.pem");
    let client_pem = cert(&dir, "client.pem");

    // Mode 1 with each of the default SANs as the name the client connects with.
    for name in [
        dns("localhost"),
        ip(Ipv4Addr::LOCALHOST),
        ip(Ipv6Addr::LOCALHOST),
    ] {
        let (client, server) = mode1(&dir, &dir, "ca.pem", name.clone()).ok();
        assert_eq!(
            client.server_chain,
            std::slice::from_ref(&server_pem),
            "{init_args:?} {name:?}"
        );
        assert_eq!(
            server.client_chain, None,
            "{init_args:?}: mode 1 asks for no client certificate"
        );
        let want_sni = matches!(name, ServerName::DnsName(_)).then(|| "localhost".to_string());
        assert_eq!(server.sni, want_sni, "{init_args:?} {name:?}");
    }

    // Mode 2: TLS 1.3, and the server has verified client.pem.
    let (client, server) = handshake(
        mode2_server(&dir, &dir),
        client_with_cert(&dir, &dir, "client.pem", "client.key"),
        dns("localhost"),
    )
    .ok();
    assert_eq!(
        client.version,
        Some(ProtocolVersion::TLSv1_3),
        "{init_args:?}"
    );
    assert_eq!(
        server.version,
        Some(ProtocolVersion::TLSv1_3),
        "{init_args:?}"
    );
    assert_eq!(client.server_chain, [server_pem], "{init_args:?}");
    assert_eq!(
        server.client_chain.as_deref(),
        Some(&[client_pem][..]),
        "{init_args:?}: the server should have received client.pem"
    );
}

#[test]
fn rustls_mode1_and_mode2_with_every_key_type() {
    for key_type in ["rsa", "ecdsa-p256", "ecdsa-p384", "ed25519"] {
        // RSA at its smallest allowed size, the weakest case a user can make.
        let bits: &[&str] = if key_type == "rsa" {
            &["--key-bits", "2048"]
        } else {
            &[]
        };
        positive_suite(&[&["--key-type", key_type][..], bits].concat());
    }
}

// ---------------------------------------------------------------------------------------
// rustls: what must fail (default key type, as most users get it)
// ---------------------------------------------------------------------------------------

/// Mode 1 against the server of `dir`, the client trusting `trust_dir/trust_file`.
fn mode1(dir: &Path, trust_dir: &Path, trust_file: &str, name: ServerName<'static>) -> Outcome {
    handshake(
        mode1_server(dir, "server.pem", "server.key"),
        client_no_cert(trust_dir, trust_file),
        name,
    )
}

/// pymilvus' mode 1 example passes server.pem as the root certificate. That works there
/// because gRPC C-core sets X509_V_FLAG_PARTIAL_CHAIN on its root store (see the openssl
/// test below). rustls/webpki accepts server.pem as a trust anchor (`RootCertStore::add`
/// succeeds: `anchor_from_trusted_cert` takes any certificate) but builds paths by
/// matching a certificate's *issuer* to an anchor's *subject*: server.pem is issued by the
/// CA, not by itself, so no path exists and the server is an unknown issuer. This is a
/// property of rustls, not a defect of the files; rustls clients must trust ca.pem.
#[test]
fn rustls_client_trusting_server_pem_itself_is_unknown_issuer() {
    let (_tmp, dir) = common::init_dir(&[]);
    let out = mode1(&dir, &dir, "server.pem", dns("localhost"));
    let unknown = TlsError::InvalidCertificate(CertificateError::UnknownIssuer);
    assert_eq!(tls_error("client", &out.client), unknown);
    assert!(
        out.server.is_err(),
        "the server should see the client's alert"
    );
}

#[test]
fn rustls_client_trusting_another_ca_is_unknown_issuer() {
    let (_tmp, dir) = common::init_dir(&[]);
    let (_tmp2, other) = common::init_dir(&[]);
    let out = mode1(&dir, &other, "ca.pem", dns("localhost"));
    let unknown = TlsError::InvalidCertificate(CertificateError::UnknownIssuer);
    assert_eq!(tls_error("client", &out.client), unknown);
    let server_err = tls_error("server", &out.server);
    assert_eq!(
        server_err,
        TlsError::AlertReceived(AlertDescription::UnknownCA)
    );
}

#[test]
fn rustls_wrong_server_name_is_not_valid_for_name() {
    let (_tmp, dir) = common::init_dir(&[]);
    for name in [dns("wrong.example"), ip(Ipv4Addr::new(10, 0, 0, 1))] {
        let out = mode1(&dir, &dir, "ca.pem", name.clone());
        let err = tls_error("client", &out.client);
        match &err {
            TlsError::InvalidCertificate(CertificateError::NotValidForNameContext {
                expected,
                presented,
            }) => {
                assert_eq!(expected, &name);
                // The presented names are exactly the default SANs.
                let presented = presented.join(" ");
                for san in ["localhost", "127.0.0.1", "::1"] {
                    assert!(presented.contains(san), "{san} not in {presented}");
                }
            }
            TlsError::InvalidCertificate(CertificateError::NotValidForName) => {}
            other => panic!("{name:?}: expected NotValidForName, got {other:?}"),
        }
        assert_alert("server", &out.server, AlertDescription::BadCertificate);
    }
}

/// `side` failed because its peer sent the alert `desc`.
fn assert_alert<T: std::fmt::Debug>(
    side: &str,
    result: &Result<T, Failure>,
    desc: AlertDescription,
) {
    assert_eq!(tls_error(side, result), TlsError::AlertReceived(desc));
}

/// `side` ("client" or "server") refused the peer's certificate for its EKU: `required`
/// was missing and only the other purpose was presented; the peer saw the alert.
fn assert_invalid_purpose(out: &Outcome, side: &str, required: ExtendedKeyPurpose) {
    let (refusing, peer) = match side {
        "client" => (tls_error(side, &out.client), out.server.is_err()),
        _ => (tls_error(side, &out.server), out.client.is_err()),
    };
    let other = match required {
        ExtendedKeyPurpose::ServerAuth => ExtendedKeyPurpose::ClientAuth,
        _ => ExtendedKeyPurpose::ServerAuth,
    };
    match refusing {
        TlsError::InvalidCertificate(CertificateError::InvalidPurposeContext {
            required: r,
            presented,
        }) => {
            assert_eq!(r, required);
            assert_eq!(presented, [other]);
        }
        TlsError::InvalidCertificate(CertificateError::InvalidPurpose) => {}
        other => panic!("expected InvalidPurpose, got {other:?}"),
    }
    assert!(peer, "the peer of the {side} should see the {side}'s alert");
}

/// A server presenting client.pem (EKU clientAuth only) is refused by the client.
#[test]
fn rustls_mode1_server_using_client_pem_is_invalid_purpose() {
    let (_tmp, dir) = common::init_dir(&["--client-cn", "localhost"]);
    // --client-cn localhost gives client.pem the SAN localhost, so the name check passes and
    // only the EKU can be the reason for the refusal.
    let out = handshake(
        mode1_server(&dir, "client.pem", "client.key"),
        client_no_cert(&dir, "ca.pem"),
        dns("localhost"),
    );
    assert_invalid_purpose(&out, "client", ExtendedKeyPurpose::ServerAuth);
}

/// Mode 2 without a client certificate: the server must refuse.
#[test]
fn rustls_mode2_without_client_certificate_is_refused() {
    let (_tmp, dir) = common::init_dir(&[]);
    let out = handshake(
        mode2_server(&dir, &dir),
        client_no_cert(&dir, "ca.pem"),
        dns("localhost"),
    );
    assert_eq!(
        tls_error("server", &out.server),
        TlsError::NoCertificatesPresented
    );
    // In TLS 1.3 the client finishes first and learns of the refusal from the alert.
    assert_alert("client", &out.client, AlertDescription::CertificateRequired);
}

/// Mode 2 with a client certificate from another CA: the server must refuse.
#[test]
fn rustls_mode2_client_certificate_from_another_ca_is_refused() {
    let (_tmp, dir) = common::init_dir(&[]);
    let (_tmp2, other) = common::init_dir(&[]);
    let out = handshake(
        mode2_server(&dir, &dir),
        client_with_cert(&dir, &other, "client.pem", "client.key"),
        dns("localhost"),
    );
    assert_eq!(
        tls_error("server", &out.server),
        TlsError::InvalidCertificate(CertificateError::UnknownIssuer)
    );
    assert_alert("client", &out.client, AlertDescription::UnknownCA);
}

/// Mode 2 with server.pem (EKU serverAuth only) as the client certificate: refused.
#[test]
fn rustls_mode2_server_pem_as_client_certificate_is_invalid_purpose() {
    let (_tmp, dir) = common::init_dir(&[]);
    let out = handshake(
        mode2_server(&dir, &dir),
        client_with_cert(&dir, &dir, "server.pem", "server.key"),
        dns("localhost"),
    );
    assert_invalid_purpose(&out, "server", ExtendedKeyPurpose::ClientAuth);
}

/// A client that only speaks TLS 1.2 cannot reach the mode 2 (TLS 1.3 only) server.
#[test]
fn rustls_mode2_refuses_tls12_clients() {
    let (_tmp, dir) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    let client = ClientConfig::builder_with_protocol_versions(&[&rustls::version::TLS12])
        .with_root_certificates(roots(&dir, "ca.pem"))
        .with_client_auth_cert(certs(&dir, "client.pem"), key(&dir, "client.key"))
        .expect("client certificate and key should match");
    let out = handshake(mode2_server(&dir, &dir), client, dns("localhost"));
    assert!(
        matches!(
            tls_error("server", &out.server),
            TlsError::PeerIncompatible(_)
        ),
        "{:?}",
        out.server
    );
    assert!(out.client.is_err());
}

// ---------------------------------------------------------------------------------------
// openssl s_server / s_client
// ---------------------------------------------------------------------------------------

/// s_server as a mode 2 Milvus: TLS 1.3 only, a client certificate from ca.pem required.
const MODE2_SERVER: &[&str] = &[
    "-cert",
    "server.pem",
    "-key",
    "server.key",
    "-CAfile",
    "ca.pem",
    "-Verify",
    "1",
    "-verify_return_error",
    "-tls1_3",
];

/// s_client verifying the server as localhost against ca.pem.
/// s_client presents client.pem.
const CLIENT_CERT: &[&str] = &["-cert", "client.pem", "-key", "client.key"];

const VERIFY_LOCALHOST: &[&str] = &[
    "-servername",
    "localhost",
    "-verify_hostname",
    "localhost",
    "-CAfile",
    "ca.pem",
    "-verify_return_error",
];

fn openssl_mode2(init_args: &[&str]) {
    let (tmp, dir) = common::init_dir(init_args);
    let server = SServer::start_www(&dir, tmp.path(), MODE2_SERVER);
    let run = s_client(
        &dir,
        tmp.path(),
        &server,
        &[VERIFY_LOCALHOST, CLIENT_CERT].concat(),
    );
    run.ok(&server);
    assert!(run.stderr.contains("Verification: OK"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Verified peername: localhost"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Protocol version: TLSv1.3"),
        "{}",
        run.stderr
    );
    // The -www page: application data arrived, and the server saw client.pem.
    assert!(run.stdout.starts_with("HTTP/1.0 200 ok"), "{}", run.stdout);
    assert!(run.stdout.contains("Client certificate"), "{}", run.stdout);
    assert!(run.stdout.contains("CN=milvus-client"), "{}", run.stdout);
}

#[test]
fn openssl_mode2_with_rsa_and_ecdsa_p256() {
    for key_type in ["rsa", "ecdsa-p256"] {
        openssl_mode2(&["--key-type", key_type]);
    }
}

#[test]
fn openssl_mode2_failures() {
    let (tmp, dir) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    let (_tmp2, other) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    let server = SServer::start_www(&dir, tmp.path(), MODE2_SERVER);

    // No client certificate: the server sends certificate_required (alert 116).
    let run = s_client(&dir, tmp.path(), &server, VERIFY_LOCALHOST);
    run.failed();
    assert!(
        run.stderr.contains("certificate required"),
        "{}",
        run.stderr
    );

    // A client certificate from another CA: unknown_ca (alert 48).
    let other_cert = other.join("client.pem");
    let other_key = other.join("client.key");
    let identity = [
        "-cert",
        other_cert.to_str().unwrap(),
        "-key",
        other_key.to_str().unwrap(),
    ];
    let run = s_client(
        &dir,
        tmp.path(),
        &server,
        &[VERIFY_LOCALHOST, &identity].concat(),
    );
    run.failed();
    assert!(run.stderr.contains("unknown ca"), "{}", run.stderr);

    // The right client certificate but the wrong host name: the client refuses.
    let run = s_client(
        &dir,
        tmp.path(),
        &server,
        &[
            "-servername",
            "localhost",
            "-verify_hostname",
            "wrong.example",
            "-CAfile",
            "ca.pem",
            "-verify_return_error",
            "-cert",
            "client.pem",
            "-key",
            "client.key",
        ],
    );
    run.failed();
    assert!(run.stderr.contains("hostname mismatch"), "{}", run.stderr);

    // The server is still healthy: a correct client still gets through.
    s_client(
        &dir,
        tmp.path(),
        &server,
        &[VERIFY_LOCALHOST, CLIENT_CERT].concat(),
    )
    .ok(&server);
}

/// Mode 1 the way pymilvus' example does it: the client trusts server.pem itself. gRPC
/// C-core sets X509_V_FLAG_PARTIAL_CHAIN on its root store, which `-partial_chain`
/// reproduces; without it OpenSSL wants a self-signed root and refuses.
#[test]
fn openssl_mode1_client_trusting_server_pem_itself() {
    let (tmp, dir) = common::init_dir(&[]);
    // Like Milvus, send only server.pem (no CA store, so no automatic chain building).
    let server = SServer::start_www(
        &dir,
        tmp.path(),
        &[
            "-cert",
            "server.pem",
            "-key",
            "server.key",
            "-no-CAfile",
            "-no-CApath",
            "-no-CAstore",
        ],
    );
    let trust_server_pem = [
        "-servername",
        "localhost",
        "-verify_hostname",
        "localhost",
        "-CAfile",
        "server.pem",
        "-verify_return_error",
    ];

    let run = s_client(
        &dir,
        tmp.path(),
        &server,
        &[&trust_server_pem[..], &["-partial_chain"]].concat(),
    );
    run.ok(&server);
    assert!(run.stderr.contains("Verification: OK"), "{}", run.stderr);
    assert!(run.stdout.starts_with("HTTP/1.0 200 ok"), "{}", run.stdout);

    let run = s_client(&dir, tmp.path(), &server, &trust_server_pem);
    run.failed();
    assert!(
        run.stderr
            .contains("unable to get local issuer certificate"),
        "{}",
        run.stderr
    );

    // And trusting ca.pem works with no special flag.
    let run = s_client(&dir, tmp.path(), &server, VERIFY_LOCALHOST);
    run.ok(&server);
    assert!(run.stderr.contains("Verification: OK"), "{}", run.stderr);
}
