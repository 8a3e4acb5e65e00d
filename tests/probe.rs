//! `milvus-cert probe` against `openssl s_server` variants on 127.0.0.1 (TLS 1.2 only,
//! `-Verify`, a certificate from another CA, a wrong name, an expired certificate, a
//! stale one after `renew`) and against listeners that are not TLS servers. What probe
//! reports about the chain is checked against openssl's own view of the files.

mod common;

use common::sserver::SServer;
use common::{argv, does_not_verify, fingerprint, init_dir, openssl_ok, run, run_ok, s, text};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// Seconds probe waits for an answer: s_server answers at once, so this only bounds
/// the silent cases.
const TIMEOUT: &str = "2";

/// s_server as a gRPC port stand-in: our files, ALPN h2, and an answer (the reversed
/// line) to whatever is sent after the handshake.
const SERVER: &[&str] = &[
    "-rev",
    "-alpn",
    "h2",
    "-cert",
    "server.pem",
    "-key",
    "server.key",
];

/// s_server serves our files.
const OUR_FILES: &[&str] = &["-cert", "server.pem", "-key", "server.key"];

/// The outcome of one `probe --json` run.
struct Probe {
    code: i32,
    json: Value,
    stderr: String,
}

impl Probe {
    fn endpoint(&self, index: usize) -> &Value {
        &self.json["endpoints"][index]
    }

    fn ep(&self) -> &Value {
        self.endpoint(0)
    }

    /// The finding with this code (panics with the document if there is none).
    fn finding(&self, code: &str) -> &Value {
        self.ep()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code)
            .unwrap_or_else(|| panic!("no finding {code} in {:#}", self.json))
    }

    fn has_finding(&self, code: &str) -> bool {
        self.ep()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == code)
    }

    fn errors(&self) -> Vec<String> {
        self.ep()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    }

    /// The verdict of one client: (verdict, reason).
    fn verdict(&self, client: &str) -> (String, String) {
        let v = self.ep()["clients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["client"] == client)
            .unwrap_or_else(|| panic!("no {client} verdict in {:#}", self.json));
        (
            v["verdict"].as_str().unwrap().to_string(),
            v["reason"].as_str().unwrap_or_default().to_string(),
        )
    }
}

/// `milvus-cert probe --json --timeout 2 <args>`; stdout must be one JSON document.
fn probe(args: &[&str]) -> Probe {
    let mut all = vec!["probe", "--json", "--timeout", TIMEOUT];
    all.extend_from_slice(args);
    let out = run(&all);
    let (stdout, stderr) = text(&out);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}\nstderr: {stderr}"));
    Probe {
        code: out.status.code().unwrap(),
        json,
        stderr,
    }
}

fn target(server: &SServer) -> String {
    format!("127.0.0.1:{}", server.port)
}

/// A certificate's subject as openssl prints it (RFC 2253, most specific first), in
/// probe's order (most specific last).
fn openssl_subject(dir: &Path, file: &str) -> String {
    let out = openssl_ok(
        dir,
        &argv("x509 -noout -subject -nameopt RFC2253 -in", &[file]),
    );
    let rdns: Vec<&str> = out
        .trim()
        .trim_start_matches("subject=")
        .split(',')
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(", ")
}

#[test]
fn a_mode_1_server_is_described_as_openssl_sees_its_files() {
    let (tmp, dir) = init_dir(&[]);
    let server = SServer::start(&dir, tmp.path(), SERVER);
    let p = probe(&[
        &target(&server),
        "--dir",
        s(&dir),
        "--server-name",
        "localhost",
    ]);
    assert_eq!(p.code, 0, "{:#}\n{}", p.json, p.stderr);
    let ep = p.ep();
    assert_eq!(ep["tls_mode"], 1);
    assert_eq!(ep["client_cert_requested"], false);
    let versions = ep["tls_versions"].as_array().unwrap();
    assert_eq!(versions[0]["version"], "TLS 1.3");
    assert_eq!(versions[0]["accepted"], true);
    assert!(
        versions[0]["cipher_suite"]
            .as_str()
            .unwrap()
            .starts_with("TLS13_")
    );
    assert_eq!(versions[0]["alpn"], "h2");
    assert_eq!(versions[1]["version"], "TLS 1.2");
    assert_eq!(versions[1]["accepted"], true);
    // The served leaf is server.pem, as openssl fingerprints it.
    assert_eq!(ep["chain"][0]["sha256"], fingerprint(&dir, "server.pem"));
    let serial = openssl_ok(&dir, &["x509", "-in", "server.pem", "-noout", "-serial"]);
    assert_eq!(
        format!("serial={}", ep["chain"][0]["serial"].as_str().unwrap()),
        serial.trim()
    );
    assert_eq!(p.finding("served-is-file")["severity"], "ok");
    assert_eq!(p.finding("alpn-h2")["severity"], "ok");
    assert_eq!(p.finding("chain-ok")["severity"], "ok");
    assert!(p.errors().is_empty(), "{:#}", p.json);
    // gRPC clients only, mode 1 only, all ok.
    let clients: Vec<(String, u64, String)> = ep["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let c = v["client"].as_str().unwrap().to_string();
            (c, v["mode"].as_u64().unwrap(), v["verdict"].to_string())
        })
        .collect();
    let names: Vec<&str> = clients.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(names, ["pymilvus", "go", "java", "node"]);
    assert!(
        clients.iter().all(|c| c.1 == 1 && c.2 == "\"ok\""),
        "{clients:?}"
    );

    // The text report says the same.
    let out = run_ok(&[
        "probe",
        &target(&server),
        "--dir",
        s(&dir),
        "--server-name",
        "localhost",
        "--timeout",
        TIMEOUT,
    ]);
    let (stdout, _) = text(&out);
    assert!(stdout.contains("TLS mode 1"), "{stdout}");
    assert!(stdout.contains("[served-is-file]"), "{stdout}");
    assert!(stdout.contains("go       mode 1  ok"), "{stdout}");
}

#[test]
fn verify_makes_mode_2_with_the_ca_names_and_client_pem_is_accepted() {
    let (tmp, dir) = init_dir(&[]);
    let mut args = SERVER.to_vec();
    args.extend(["-Verify", "1", "-CAfile", "ca.pem"]);
    let server = SServer::start(&dir, tmp.path(), &args);
    let p = probe(&[&target(&server), "--dir", s(&dir)]);
    assert_eq!(p.code, 0, "{:#}\n{}", p.json, p.stderr);
    let ep = p.ep();
    assert_eq!(ep["tls_mode"], 2);
    assert_eq!(ep["client_cert_requested"], true);
    assert_eq!(
        ep["ca_names"],
        serde_json::json!([openssl_subject(&dir, "ca.pem")])
    );
    assert_eq!(ep["tls_versions"][0]["client_cert_sent"], true);
    assert_eq!(p.finding("client-cert-accepted")["severity"], "ok");
    // The client certificate is judged too.
    assert_eq!(
        p.ep()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"] == "client.pem" && f["code"] == "chain-ok")
            .count(),
        1,
        "{:#}",
        p.json
    );
    assert!(
        p.ep()["clients"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["mode"] == 2 && v["verdict"] == "ok"),
        "{:#}",
        p.json
    );
}

#[test]
fn a_client_certificate_the_server_does_not_trust_is_rejected_after_the_handshake() {
    let (tmp, dir) = init_dir(&[]);
    let (_other_tmp, other) = init_dir(&[]);
    let mut args = SERVER.to_vec();
    let other_ca = other.join("ca.pem");
    // s_server only logs verification errors unless told to fail on them, as Go does.
    args.extend([
        "-Verify",
        "1",
        "-verify_return_error",
        "-CAfile",
        s(&other_ca),
    ]);
    let server = SServer::start(&dir, tmp.path(), &args);
    let p = probe(&[&target(&server), "--dir", s(&dir)]);
    assert_eq!(p.code, 1, "{:#}\n{}", p.json, p.stderr);
    assert_eq!(p.ep()["tls_mode"], 2);
    // The server names the CA it wants: the other one.
    assert_eq!(
        p.ep()["ca_names"],
        serde_json::json!([openssl_subject(&other, "ca.pem")])
    );
    // The TLS 1.3 handshake completed; the refusal came after it, as an alert.
    assert_eq!(p.ep()["tls_versions"][0]["accepted"], true);
    assert_eq!(p.ep()["answer"]["kind"], "alert", "{:#}", p.json);
    let rejected = p.finding("client-cert-rejected");
    assert_eq!(rejected["severity"], "error");
    assert!(
        rejected["message"].as_str().unwrap().contains("TLS alert"),
        "{rejected}"
    );
    assert!(!p.has_finding("client-cert-accepted"));
}

#[test]
fn a_tls_1_2_only_server_in_mode_2_is_an_error() {
    let (tmp, dir) = init_dir(&[]);
    let mut args = SERVER.to_vec();
    args.extend(["-tls1_2", "-Verify", "1", "-CAfile", "ca.pem"]);
    let server = SServer::start(&dir, tmp.path(), &args);
    let p = probe(&[&target(&server), "--dir", s(&dir)]);
    assert_eq!(p.code, 1, "{:#}\n{}", p.json, p.stderr);
    let versions = &p.ep()["tls_versions"];
    assert_eq!(versions[0]["accepted"], false);
    assert_eq!(versions[0]["error"], "alert protocol_version");
    assert_eq!(versions[1]["accepted"], true);
    assert_eq!(p.ep()["tls_mode"], 2);
    assert_eq!(p.errors(), ["no-tls13-in-mode2"], "{:#}", p.json);
    // The same server in mode 1 (no -Verify) is fine: every client speaks TLS 1.2.
    let mut args = SERVER.to_vec();
    args.push("-tls1_2");
    let server = SServer::start(&dir, tmp.path(), &args);
    let p = probe(&[&target(&server), "--dir", s(&dir)]);
    assert_eq!(p.code, 0, "{:#}\n{}", p.json, p.stderr);
    assert_eq!(p.ep()["tls_mode"], 1);
}

#[test]
fn a_server_certificate_from_another_ca_fails_every_client() {
    let (tmp, dir) = init_dir(&[]);
    let (_other_tmp, other) = init_dir(&[]);
    // openssl agrees that ca.pem does not vouch for the other server.pem.
    does_not_verify(&dir, &[s(&other.join("server.pem"))]);
    let server = SServer::start(&other, tmp.path(), SERVER);
    let p = probe(&[&target(&server), "--dir", s(&dir)]);
    assert_eq!(p.code, 1, "{:#}\n{}", p.json, p.stderr);
    assert_eq!(
        p.ep()["chain"][0]["sha256"],
        fingerprint(&other, "server.pem")
    );
    assert_eq!(p.finding("chain-unknown-issuer")["severity"], "error");
    let differs = p.finding("served-not-file")["message"].as_str().unwrap();
    assert!(differs.contains("another key"), "{differs}");
    assert!(differs.contains("another CA"), "{differs}");
    for client in ["pymilvus", "go", "java", "node"] {
        assert_eq!(p.verdict(client).0, "fails", "{client}: {:#}", p.json);
    }
    assert!(
        p.verdict("go")
            .1
            .contains("certificate signed by unknown authority"),
        "{:?}",
        p.verdict("go")
    );
    // Trusting the server's own CA with --ca: the chain is fine, the file still differs.
    let p = probe(&[
        &target(&server),
        "--dir",
        s(&dir),
        "--ca",
        s(&other.join("ca.pem")),
    ]);
    assert_eq!(p.code, 1, "{:#}\n{}", p.json, p.stderr);
    assert_eq!(p.finding("chain-ok")["severity"], "ok");
    assert_eq!(p.errors(), ["served-not-file"], "{:#}", p.json);
    assert_eq!(p.verdict("go").0, "ok");
    assert_eq!(p.verdict("pymilvus").0, "fails", "pymilvus pins server.pem");
}

#[test]
fn a_wrong_server_name_fails_the_name_check() {
    let (tmp, dir) = init_dir(&[]);
    let server = SServer::start(&dir, tmp.path(), SERVER);
    // openssl agrees that the name is not the certificate's.
    let check = openssl_ok(
        &dir,
        &argv("x509 -in server.pem -noout -checkhost wrong.example", &[]),
    );
    assert!(check.contains("does NOT match"), "{check}");
    let p = probe(&[
        &target(&server),
        "--dir",
        s(&dir),
        "--server-name",
        "wrong.example",
    ]);
    assert_eq!(p.code, 1, "{:#}\n{}", p.json, p.stderr);
    assert_eq!(p.ep()["server_name"], "wrong.example");
    assert_eq!(p.errors(), ["server-name-not-in-san"], "{:#}", p.json);
    let (verdict, reason) = p.verdict("go");
    assert_eq!(verdict, "fails");
    assert!(reason.contains("not wrong.example"), "{reason}");
    let (_, reason) = p.verdict("pymilvus");
    assert!(
        reason.contains("Peer name wrong.example is not in peer certificate"),
        "{reason}"
    );
}

#[test]
fn an_expired_certificate_is_reported_as_expired() {
    let (tmp, dir) = init_dir(&[]);
    let year = |y| {
        OffsetDateTime::from_unix_timestamp(0)
            .unwrap()
            .replace_year(y)
            .unwrap()
    };
    common::openssl_ca_sign(
        &dir.join("ca.pem"),
        &dir.join("ca.key"),
        &dir.join("server.csr"),
        &tmp.path().join("expired.pem"),
        (year(2020), year(2021)),
        "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n\
         subjectAltName=DNS:localhost,IP:127.0.0.1\n",
    );
    let expired = tmp.path().join("expired.pem");
    let check = does_not_verify(&dir, &[s(&expired)]);
    assert!(check.contains("certificate has expired"), "{check}");
    let args = argv("-rev -alpn h2 -key server.key -cert", &[s(&expired)]);
    let server = SServer::start(&dir, tmp.path(), &args);
    let p = probe(&[&target(&server), "--dir", s(&dir)]);
    assert_eq!(p.code, 1, "{:#}\n{}", p.json, p.stderr);
    let finding = p.finding("expired");
    assert_eq!(finding["severity"], "error");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("expired on 2021-01-01"),
        "{finding}"
    );
    assert!(p.verdict("node").1.contains("certificate has expired"));
    assert!(p.verdict("go").1.contains("is after 2021-01-01"));
    // The served certificate is not server.pem: the same key, but another serial.
    let differs = p.finding("served-not-file")["message"].as_str().unwrap();
    assert!(differs.contains("an older certificate"), "{differs}");
    assert!(differs.contains("the same key"), "{differs}");
}

#[test]
fn a_server_not_restarted_after_renew_serves_the_stale_certificate() {
    let (tmp, dir) = init_dir(&[]);
    let old = fingerprint(&dir, "server.pem");
    let server = SServer::start(&dir, tmp.path(), SERVER);
    let p = probe(&[&target(&server), "--dir", s(&dir)]);
    assert_eq!(p.code, 0, "{:#}\n{}", p.json, p.stderr);
    // notBefore has one-second resolution: make the renewed one later.
    thread::sleep(Duration::from_millis(1100));
    run_ok(&["renew", "--dir", s(&dir), "--quiet"]);
    assert_ne!(fingerprint(&dir, "server.pem"), old);
    let p = probe(&[&target(&server), "--dir", s(&dir)]);
    assert_eq!(p.code, 1, "{:#}\n{}", p.json, p.stderr);
    assert_eq!(p.ep()["chain"][0]["sha256"], old);
    let stale = p.finding("served-not-file");
    assert_eq!(stale["severity"], "error");
    let message = stale["message"].as_str().unwrap();
    assert!(message.contains("an older certificate"), "{message}");
    assert!(stale["hint"].as_str().unwrap().contains("restart Milvus"));
    // pymilvus pins server.pem in mode 1; the others trust the CA, which did not change.
    assert_eq!(p.verdict("pymilvus").0, "fails");
    assert_eq!(p.verdict("go").0, "ok");
}

#[test]
fn the_rest_port_is_probed_over_http_1_1_for_curl() {
    let (tmp, dir) = init_dir(&[]);
    let grpc = SServer::start(&dir, tmp.path(), SERVER);
    let rest = SServer::start_www(&dir, tmp.path(), OUR_FILES);
    let rest_port = rest.port.to_string();
    let p = probe(&[&target(&grpc), "--dir", s(&dir), "--rest-port", &rest_port]);
    assert_eq!(p.code, 0, "{:#}\n{}", p.json, p.stderr);
    let rest = p.endpoint(1);
    assert_eq!(rest["protocol"], "rest");
    assert_eq!(rest["endpoint"], format!("127.0.0.1:{rest_port}"));
    assert_eq!(rest["answer"]["kind"], "http1");
    assert!(
        rest["answer"]["detail"]
            .as_str()
            .unwrap()
            .starts_with("HTTP/1.0 200")
    );
    let clients: Vec<&Value> = rest["clients"].as_array().unwrap().iter().collect();
    assert_eq!(clients.len(), 1);
    assert_eq!(clients[0]["client"], "curl");
    assert_eq!(clients[0]["verdict"], "ok");
}

/// A listener on a free 127.0.0.1 port that handles each connection with `serve` on
/// its own thread, until the test ends.
fn listener(serve: fn(std::net::TcpStream)) -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            thread::spawn(move || serve(stream));
        }
    });
    port
}

/// Runs probe (text output) on `target` in an empty directory (so without ./cert) and
/// asserts exit 2; returns the last line of stderr and how long it took.
fn probe_fails(target: &str) -> (String, Duration) {
    let cwd = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = common::bin()
        .current_dir(cwd.path())
        .args(["probe", target, "--timeout", "1"])
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let (_, stderr) = text(&out);
    // First the warning that there is no ./cert to judge with, then the failure.
    assert!(
        stderr.starts_with("milvus-cert: warning: no directory 'cert'"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    (
        stderr.lines().last().unwrap_or_default().to_string(),
        elapsed,
    )
}

/// [`probe_fails`] with exactly the line `milvus-cert: error: TARGET: WHY`.
fn probe_fails_with(target: &str, why: &str) -> Duration {
    let (last, elapsed) = probe_fails(target);
    assert_eq!(last, format!("milvus-cert: error: {target}: {why}"));
    elapsed
}

/// A listener's connection handler: accept, read nothing, answer nothing; hold the socket
/// until the client gives up.
fn hold_silently(stream: std::net::TcpStream) {
    let (tx, rx) = mpsc::channel::<()>();
    let _keep = (stream, tx);
    let _ = rx.recv_timeout(Duration::from_secs(30));
}

#[test]
fn a_name_that_does_not_resolve_is_one_line() {
    let (last, elapsed) = probe_fails("milvus.invalid:19530");
    let want = "milvus-cert: error: milvus.invalid:19530: cannot resolve 'milvus.invalid': ";
    assert!(last.starts_with(want), "{last}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn a_closed_port_is_connection_refused() {
    let port = {
        let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        l.local_addr().unwrap().port()
    };
    let target = format!("127.0.0.1:{port}");
    probe_fails_with(&target, "connection refused (nothing listens there)");
    let (_tmp, dir) = init_dir(&[]);
    let p = probe(&[&target, "--dir", s(&dir)]);
    assert_eq!(p.code, 2);
    assert_eq!(
        p.ep()["error"],
        format!("{target}: connection refused (nothing listens there)")
    );
    assert!(p.ep().get("tls_mode").is_none());
}

#[test]
fn a_plain_http_listener_is_not_a_tls_server() {
    let port = listener(|mut stream| {
        let mut buf = [0u8; 512];
        let _ = stream.read(&mut buf);
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    probe_fails_with(
        &format!("127.0.0.1:{port}"),
        "not a TLS server (it answered the TLS ClientHello with 'HTTP/1.1 400 Bad Request')",
    );
}

#[test]
fn a_silent_listener_times_out() {
    let target = format!("127.0.0.1:{}", listener(hold_silently));
    let elapsed = probe_fails_with(&target, "no answer within 1s");
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
}

#[test]
fn a_server_that_trickles_bytes_cannot_stretch_the_timeout() {
    let port = listener(|mut stream| {
        // The start of a TLS record, one byte every 300 ms, for 30 s.
        for byte in [0x16u8, 0x03, 0x03].iter().cycle().take(100) {
            if stream.write_all(&[*byte]).is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(300));
        }
    });
    let elapsed = probe_fails_with(&format!("127.0.0.1:{port}"), "no answer within 1s");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn a_tls_server_that_accepts_neither_version_is_named_so() {
    let (tmp, dir) = init_dir(&[]);
    let args = argv("-tls1_1 -cipher DEFAULT@SECLEVEL=0", OUR_FILES);
    let server = SServer::start_www(&dir, tmp.path(), &args);
    probe_fails_with(
        &target(&server),
        "a TLS server, but it accepts neither TLS 1.3 nor TLS 1.2 (alert protocol_version)",
    );
}

#[test]
fn endpoints_are_probed_in_parallel_and_one_failure_makes_exit_2() {
    let (tmp, dir) = init_dir(&[]);
    let server = SServer::start(&dir, tmp.path(), SERVER);
    let silent = format!("127.0.0.1:{}", listener(hold_silently));
    let started = Instant::now();
    let p = probe(&[&silent, &silent, &target(&server), "--dir", s(&dir)]);
    // Two silent endpoints of 2 s each, in parallel.
    assert!(
        started.elapsed() < Duration::from_millis(3900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(p.code, 2);
    assert_eq!(
        p.endpoint(0)["error"],
        format!("{silent}: no answer within 2s")
    );
    assert_eq!(p.endpoint(2)["tls_mode"], 1);
    assert_eq!(p.stderr.lines().count(), 2, "{}", p.stderr);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["probe", "milvus:0"][..],
        &["probe", "milvus:http"],
        &["probe", "localhost", "--timeout", "0"],
        &["probe", "localhost", "--rest-port", "0"],
        &["probe"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!text(&out).1.contains("panicked"), "{args:?}");
    }
    let out = run(&["probe", "milvus:0"]);
    assert!(
        text(&out)
            .1
            .contains("'0' is not a port (1-65535) in 'milvus:0'")
    );
    let out = run(&["probe", "localhost", "--server-name", "not a name"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out).1,
        "milvus-cert: error: 'not a name' is not a valid server name (a DNS name or an IP address)\n"
    );
}
