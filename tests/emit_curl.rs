//! The emitted curl snippet, run as-is by `sh` against a real TLS server (rustls, set up
//! like Milvus' REST port: mode 1 server auth, mode 2 TLS 1.3 with a required client
//! certificate from ca.pem). Proves the paths, the server name, `--connect-to` and the
//! Authorization header work end to end, and that a mode 1 snippet fails against mode 2.

mod common;

use common::*;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig, ServerConnection, StreamOwned};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);
const BODY: &str = r#"{"code":0,"data":["demo"]}"#;

/// A directory made by `init`, if curl is installed (the tests are skipped without it).
fn curl_and_dir() -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    have("curl", "--version").then(|| init_dir(&[]))
}

fn server_config(dir: &Path, mutual: bool) -> Arc<ServerConfig> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(dir.join("server.pem"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).unwrap();
    let config = if mutual {
        let mut roots = RootCertStore::empty();
        for ca in CertificateDer::pem_file_iter(dir.join("ca.pem")).unwrap() {
            roots.add(ca.unwrap()).unwrap();
        }
        let verifier = WebPkiClientVerifier::builder(Arc::new(roots))
            .build()
            .unwrap();
        ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
            .with_client_cert_verifier(verifier)
            .with_single_cert(chain, key)
    } else {
        ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(chain, key)
    };
    Arc::new(config.unwrap())
}

/// Serves one HTTPS request on 127.0.0.1; returns the port and a channel that gets the
/// request text (or the TLS error).
fn serve_once(dir: &Path, mutual: bool) -> (u16, mpsc::Receiver<Result<String, String>>) {
    let config = server_config(dir, mutual);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let start = Instant::now();
        let tcp = loop {
            match listener.accept() {
                Ok((tcp, _)) => break tcp,
                Err(e) if e.kind() == ErrorKind::WouldBlock && start.elapsed() < TIMEOUT => {
                    thread::sleep(Duration::from_millis(20))
                }
                Err(e) => {
                    let _ = tx.send(Err(format!("accept: {e}")));
                    return;
                }
            }
        };
        tcp.set_nonblocking(false).unwrap();
        tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
        tcp.set_write_timeout(Some(TIMEOUT)).unwrap();
        let conn = ServerConnection::new(config).unwrap();
        let mut tls = StreamOwned::new(conn, tcp);
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        let result = loop {
            match tls.read(&mut buf) {
                Ok(0) => break Err("closed before the request was complete".to_string()),
                Ok(n) => {
                    request.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&request).into_owned();
                    // curl sends `-d '{}'`: the request ends with that body.
                    if text.contains("\r\n\r\n") && text.ends_with("{}") {
                        break Ok(text);
                    }
                }
                Err(e) => break Err(e.to_string()),
            }
        };
        if result.is_ok() {
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{BODY}",
                BODY.len()
            );
            let _ = tls.write_all(response.as_bytes());
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
        let _ = tx.send(result);
    });
    (port, rx)
}

fn curl_snippet(dir: &Path, mode: &str, port: u16, auth: bool) -> String {
    let port = port.to_string();
    // The certificate's name is localhost; the snippet must still reach 127.0.0.1.
    let words = "--format client --client curl --host 127.0.0.1 --server-name localhost";
    let mut rest = vec!["--mode", mode, "--http-port", &port];
    if auth {
        rest.push("--auth");
    }
    run_stdout(&emit_cmd(dir, words, &rest))
}

fn run_snippet(script: &str) -> std::process::Output {
    Command::new("sh")
        .args(["-c", script])
        .env("MILVUS_USER", "alice")
        .env("MILVUS_PASSWORD", "s3cret pass")
        .output()
        .unwrap()
}

/// Runs the snippet, which must succeed and print the server's body; returns the request
/// the server received.
fn served(script: &str, rx: &mpsc::Receiver<Result<String, String>>) -> String {
    let out = run_snippet(script);
    assert!(
        out.status.success(),
        "{script}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), BODY);
    rx.recv_timeout(TIMEOUT).unwrap().unwrap()
}

#[test]
fn mode_1_curl_snippet_talks_to_a_tls_server() {
    let Some((_tmp, dir)) = curl_and_dir() else {
        return;
    };
    let (port, rx) = serve_once(&dir, false);
    let script = curl_snippet(&dir, "1", port, false);
    assert!(script.contains("--connect-to"), "{script}");
    let request = served(&script, &rx);
    assert!(
        request.starts_with("POST /v2/vectordb/collections/list HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(
        request.contains(&format!("Host: localhost:{port}\r\n")),
        "{request}"
    );
    assert!(!request.contains("Authorization"));
}

#[test]
fn mode_2_curl_snippet_presents_the_client_certificate_and_credentials() {
    let Some((_tmp, dir)) = curl_and_dir() else {
        return;
    };
    let (port, rx) = serve_once(&dir, true);
    let script = curl_snippet(&dir, "2", port, true);
    let request = served(&script, &rx);
    assert!(
        request.contains("Authorization: Bearer alice:s3cret pass\r\n"),
        "{request}"
    );
}

#[test]
fn a_mode_1_snippet_is_refused_by_a_mode_2_server() {
    let Some((_tmp, dir)) = curl_and_dir() else {
        return;
    };
    let (port, rx) = serve_once(&dir, true);
    let script = curl_snippet(&dir, "1", port, false);
    let out = run_snippet(&script);
    assert!(
        !out.status.success(),
        "a mode 2 server must refuse a client without a certificate"
    );
    let server = rx.recv_timeout(TIMEOUT).unwrap();
    assert!(server.is_err(), "{server:?}");
}

#[test]
fn a_snippet_for_a_name_outside_the_sans_fails() {
    let Some((_tmp, dir)) = curl_and_dir() else {
        return;
    };
    let (port, _rx) = serve_once(&dir, false);
    let port_s = port.to_string();
    let words =
        "--mode 1 --format client --client curl --host 127.0.0.1 --server-name wrong.example";
    let out = run_ok(&emit_cmd(&dir, words, &["--http-port", &port_s]));
    let (script, err) = text(&out);
    assert!(err.contains("not a subjectAltName"), "{err}");
    let out = run_snippet(&script);
    assert!(
        !out.status.success(),
        "curl must refuse a name outside the SANs"
    );
}
