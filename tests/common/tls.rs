//! A real TLS connection with rustls on 127.0.0.1: a server thread and a client on the
//! calling thread exchange application data, so a passing handshake proves the files work
//! for Milvus mode 1 (server authentication) or mode 2 (mutual TLS, TLS 1.3).

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection};
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

const IO_TIMEOUT: Duration = Duration::from_secs(10);
const PING: &[u8] = b"ping\n";
const PONG: &[u8] = b"pong\n";

/// Every certificate of a PEM file.
pub fn certs(path: &Path) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_file_iter(path)
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

/// A private key file in any PEM encoding.
pub fn key(path: &Path) -> PrivateKeyDer<'static> {
    PrivateKeyDer::from_pem_file(path).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

fn roots(ca: &Path) -> Arc<RootCertStore> {
    let mut store = RootCertStore::empty();
    for c in certs(ca) {
        store.add(c).expect("trust anchor");
    }
    Arc::new(store)
}

/// Who connects: the CA the client trusts, the name it checks, and for mode 2 its
/// certificate and key.
pub struct Peer<'a> {
    /// CA file trusted by both sides.
    pub ca: &'a Path,
    /// Server certificate and key.
    pub server: (&'a Path, &'a Path),
    /// Client certificate and key; `Some` means mode 2 (client certificate required).
    pub client: Option<(&'a Path, &'a Path)>,
    /// The name the client connects with (DNS name or IP).
    pub name: &'a str,
}

/// Runs one connection; `Ok` when both sides completed the handshake and exchanged data,
/// otherwise both sides' errors.
pub fn connect(peer: &Peer<'_>) -> Result<(), String> {
    let server_config = match peer.client {
        None => ServerConfig::builder().with_no_client_auth(),
        Some(_) => ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
            .with_client_cert_verifier(
                WebPkiClientVerifier::builder(roots(peer.ca))
                    .build()
                    .map_err(|e| e.to_string())?,
            ),
    }
    .with_single_cert(certs(peer.server.0), key(peer.server.1))
    .map_err(|e| format!("server config: {e}"))?;
    let builder = ClientConfig::builder().with_root_certificates(roots(peer.ca));
    let client_config = match peer.client {
        None => builder.with_no_client_auth(),
        Some((cert, k)) => builder
            .with_client_auth_cert(certs(cert), key(k))
            .map_err(|e| format!("client config: {e}"))?,
    };
    let name = ServerName::try_from(peer.name.to_string()).map_err(|e| e.to_string())?;

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let server = thread::spawn(move || serve(listener, server_config));
    let client = (|| -> io::Result<()> {
        let sock = TcpStream::connect_timeout(&addr, IO_TIMEOUT)?;
        sock.set_read_timeout(Some(IO_TIMEOUT))?;
        sock.set_write_timeout(Some(IO_TIMEOUT))?;
        let conn =
            ClientConnection::new(Arc::new(client_config), name).map_err(io::Error::other)?;
        let mut tls = rustls::StreamOwned::new(conn, sock);
        tls.write_all(PING)?;
        tls.flush()?;
        let mut pong = vec![0; PONG.len()];
        tls.read_exact(&mut pong)?;
        if pong != PONG {
            return Err(io::Error::other("bad pong"));
        }
        Ok(())
    })();
    let server = server.join().expect("server thread");
    match (client, server) {
        (Ok(()), Ok(())) => Ok(()),
        (c, s) => Err(format!("client: {c:?}; server: {s:?}")),
    }
}

/// [`connect`] to the server of the directory `dir` (server.pem, server.key) trusting its
/// ca.pem, by `name`; with `client`, mode 2 with `<client>.pem` and `<client>.key` (paths
/// relative to `dir` or absolute).
pub fn connect_dir(dir: &Path, client: Option<&str>, name: &str) -> Result<(), String> {
    let file = |f: String| dir.join(f);
    let client = client.map(|c| (file(format!("{c}.pem")), file(format!("{c}.key"))));
    connect(&Peer {
        ca: &dir.join("ca.pem"),
        server: (&dir.join("server.pem"), &dir.join("server.key")),
        client: client.as_ref().map(|(c, k)| (c.as_path(), k.as_path())),
        name,
    })
}

fn serve(listener: TcpListener, config: ServerConfig) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + IO_TIMEOUT;
    let sock = loop {
        match listener.accept() {
            Ok((sock, _)) => break sock,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(5))
            }
            Err(e) => return Err(e),
        }
    };
    sock.set_nonblocking(false)?;
    sock.set_read_timeout(Some(IO_TIMEOUT))?;
    sock.set_write_timeout(Some(IO_TIMEOUT))?;
    let conn = ServerConnection::new(Arc::new(config)).map_err(io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(conn, sock);
    let mut ping = vec![0; PING.len()];
    tls.read_exact(&mut ping)?;
    tls.write_all(PONG)?;
    tls.conn.send_close_notify();
    tls.flush()?;
    Ok(())
}
