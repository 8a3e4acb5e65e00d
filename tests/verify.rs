//! `milvus-cert verify` against directories made in the test by openssl (the docs' gen.sh,
//! `openssl ca` with chosen dates and digests, key conversions) and by `milvus-cert init`.
//! Each test asserts the exact non-ok finding codes, the per-client verdicts and the exit
//! code; where a client is OpenSSL-based, `openssl verify` cross-checks the verdict.

mod common;

use common::findings::{finding_pairs, pairs};
use common::readme::readme_json;
use common::selfsigned::self_signed;
use common::tls::connect_dir;
use common::{
    argv, ca_signs, encrypt_key, fails, gen_sh, init_dir, openssl_ca_sign_md, openssl_ok, run, s,
    text, to_der, verify_with, x509_text,
};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use time::{Duration, OffsetDateTime};

/// Runs `verify DIR --json extra…`; returns (exit code, JSON).
fn verify_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["verify", s(dir), "--json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let (stdout, stderr) = text(&out);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}\nstderr: {stderr}"));
    (out.status.code().unwrap(), json)
}

/// Runs `verify DIR --json extra…`, which must exit `code` with exactly the error findings
/// `errors` (code, file); returns the JSON.
fn verify_errors(dir: &Path, extra: &[&str], code: i32, errors: &[(&str, &str)]) -> Value {
    let (exit, json) = verify_json(dir, extra);
    assert_eq!(exit, code, "{json:#}");
    assert_eq!(findings(&json, "error"), pairs(errors), "{json:#}");
    json
}

/// The (code, file) pairs of findings with `severity`, sorted.
fn findings(json: &Value, severity: &str) -> Vec<(String, String)> {
    finding_pairs(json, |f| f["severity"] == severity, "file")
}

/// (verdict, reason) of one client in one mode.
fn verdict(json: &Value, client: &str, mode: u64) -> (String, String) {
    let clients = json["clients"].as_array().unwrap();
    let v = clients
        .iter()
        .find(|v| v["client"] == client && v["mode"] == mode)
        .unwrap_or_else(|| panic!("no verdict for {client} mode {mode}"));
    let field = |key: &str| v[key].as_str().unwrap_or("").to_string();
    (field("verdict"), field("reason"))
}

const CLIENTS: [&str; 5] = ["pymilvus", "go", "java", "node", "curl"];

/// Asserts that exactly `failing` (client, mode) pairs fail, each reason containing the
/// given text, and everything else is ok.
fn assert_verdicts(json: &Value, failing: &[(&str, u64, &str)]) {
    for client in CLIENTS {
        for mode in [1, 2] {
            let (v, reason) = verdict(json, client, mode);
            match failing.iter().find(|(c, m, _)| *c == client && *m == mode) {
                Some((_, _, expected)) => {
                    assert_eq!(v, "fails", "{client} mode {mode} should fail");
                    assert!(
                        reason.contains(expected),
                        "{client} mode {mode}: '{reason}' lacks '{expected}'"
                    );
                }
                None => assert_eq!(v, "ok", "{client} mode {mode} should be ok: {reason}"),
            }
        }
    }
}

/// Each (client, reason) failing in both modes.
fn in_both_modes<'a>(cases: &[(&'a str, &'a str)]) -> Vec<(&'a str, u64, &'a str)> {
    cases
        .iter()
        .flat_map(|&(c, r)| [(c, 1, r), (c, 2, r)])
        .collect()
}

/// The keys of a JSON object (sorted: serde_json's Value keeps them so).
fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// Every client failing in mode 2 only (the server refuses the client certificate).
fn mode_2_fails(reason: &str) -> Vec<(&'static str, u64, &str)> {
    CLIENTS.iter().map(|c| (*c, 2, reason)).collect()
}

fn all_fail(reason: &str) -> Vec<(&'static str, u64, &str)> {
    CLIENTS
        .iter()
        .flat_map(|c| [(*c, 1, reason), (*c, 2, reason)])
        .collect()
}

/// `openssl verify -auth_level LEVEL -CAfile ca.pem ARGS…` as curl's OpenSSL would judge
/// the certificate (ARGS' last) at security level `level`: (accepted, what it said).
fn openssl_verify(dir: &Path, level: &str, args: &[&str]) -> (bool, String) {
    let out = verify_with(dir, "ca.pem", &[&["-auth_level", level][..], args].concat());
    let (o, e) = text(&out);
    (out.status.success(), format!("{o}{e}"))
}

/// A leaf made by openssl: `key_alg` for `openssl genpkey`, signed by DIR's CA with
/// `openssl ca` (explicit dates and digest), extensions from `ext`.
struct Leaf<'a> {
    file: &'a str,
    key_args: &'a [&'a str],
    ext: &'a str,
    start: OffsetDateTime,
    end: OffsetDateTime,
    md: &'a str,
}

impl<'a> Leaf<'a> {
    fn new(file: &'a str, ext: &'a str) -> Leaf<'a> {
        let now = OffsetDateTime::now_utc();
        Leaf {
            file,
            key_args: &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            ext,
            start: now - Duration::hours(1),
            end: now + Duration::days(365),
            md: "sha256",
        }
    }

    /// Writes DIR/<file>.key and DIR/<file>.pem.
    fn make(&self, dir: &Path) {
        let work = tempfile::tempdir().unwrap();
        let w = work.path();
        let key = dir.join(format!("{}.key", self.file));
        let mut args = vec!["genpkey"];
        args.extend_from_slice(self.key_args);
        args.extend_from_slice(&["-out", s(&key)]);
        openssl_ok(w, &args);
        let req = argv(
            "req -new -subj /CN=localhost -out leaf.csr -key",
            &[s(&key)],
        );
        openssl_ok(w, &req);
        let (ca_pem, ca_key) = (dir.join("ca.pem"), dir.join("ca.key"));
        let pem = dir.join(format!("{}.pem", self.file));
        let window = (self.start, self.end);
        openssl_ca_sign_md(
            &ca_pem,
            &ca_key,
            &w.join("leaf.csr"),
            &pem,
            window,
            self.ext,
            self.md,
        );
    }
}

const SERVER_EXT: &str = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n\
                          extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1";
const CLIENT_EXT: &str = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n\
                          extendedKeyUsage=clientAuth\nsubjectAltName=DNS:milvus-client";

#[test]
fn a_milvus_cert_init_directory_passes_for_every_client() {
    let (_tmp, dir) = init_dir(&[]);
    for mode in ["1", "2"] {
        let json = verify_errors(&dir, &["--mode", mode], 0, &[]);
        assert_eq!(findings(&json, "warning"), pairs(&[]));
        assert_verdicts(&json, &[]);
        let ok = findings(&json, "ok");
        for expected in [
            ("ca-ok", "ca.pem"),
            ("chain-ok", "server.pem"),
            ("chain-ok", "client.pem"),
            ("key-matches", "server.pem"),
            ("key-matches", "client.pem"),
            ("key-matches", "ca.pem"),
            ("server-name-ok", "server.pem"),
            ("eku-ok", "server.pem"),
            ("eku-ok", "client.pem"),
        ] {
            assert!(
                ok.contains(&(expected.0.into(), expected.1.into())),
                "{ok:?}"
            );
        }
        assert_eq!(json["summary"]["ok"].as_u64().unwrap() as usize, ok.len());
    }
    // OpenSSL agrees at security level 2 with the name and purpose checked.
    let (ok, out) = openssl_verify(
        &dir,
        "2",
        &[
            "-purpose",
            "sslserver",
            "-verify_hostname",
            "localhost",
            "server.pem",
        ],
    );
    assert!(ok, "{out}");
}

#[test]
fn the_docs_gen_sh_output_fails_only_go_for_localhost_and_everyone_for_an_ip() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    gen_sh(&dir);
    let (code, json) = verify_json(&dir, &[]);
    assert_eq!(code, 1);
    assert_eq!(json["server_name"], "localhost");
    assert_eq!(
        findings(&json, "error"),
        pairs(&[("server-name-cn-only", "server.pem")])
    );
    assert_eq!(findings(&json, "warning"), pairs(&[]));
    let legacy = "x509: certificate relies on legacy Common Name field, use SANs instead";
    assert_verdicts(&json, &in_both_modes(&[("go", legacy)]));
    // curl's OpenSSL accepts the CN for a host name.
    let (ok, out) = openssl_verify(&dir, "2", &["-verify_hostname", "localhost", "server.pem"]);
    assert!(ok, "{out}");

    let json = verify_errors(
        &dir,
        &["--server-name", "127.0.0.1"],
        1,
        &[("server-name-mismatch", "server.pem")],
    );
    let failing = in_both_modes(&[
        // The exact message milvus-tls.md records from pymilvus against a real server.
        ("pymilvus", "Peer name 127.0.0.1 is not in peer certificate"),
        ("go", "because it doesn't contain any IP SANs"),
        ("java", "No subject alternative names present"),
        ("node", "IP: 127.0.0.1 is not in the cert's list"),
        ("curl", "does not match target host name '127.0.0.1'"),
    ]);
    assert_verdicts(&json, &failing);
    let (ok, _) = openssl_verify(&dir, "1", &["-verify_ip", "127.0.0.1", "server.pem"]);
    assert!(!ok, "openssl accepted an IP with no IP SAN");
}

#[test]
fn a_different_ca_is_an_unknown_issuer_and_a_same_named_one_a_bad_signature() {
    let (_a, dir) = init_dir(&[]);
    let (_b, other) = init_dir(&[]);
    fs::copy(other.join("ca.pem"), dir.join("ca.pem")).unwrap();
    let json = verify_errors(
        &dir,
        &[],
        1,
        &[
            ("chain-unknown-issuer", "server.pem"),
            ("chain-unknown-issuer", "client.pem"),
            ("key-mismatch", "ca.pem"),
        ],
    );
    let mut failing = vec![
        ("go", 1, "x509: certificate signed by unknown authority"),
        ("java", 1, "unable to find valid certification path"),
        ("node", 1, "unable to get local issuer certificate"),
        (
            "curl",
            1,
            "(60) SSL certificate problem: unable to get local issuer certificate",
        ),
        ("pymilvus", 2, "CERTIFICATE_VERIFY_FAILED"),
        // pymilvus pinned to server.pem would connect; with ca.pem it does not, and a
        // verdict is ok only if every documented set-up works.
        (
            "pymilvus",
            1,
            "with ca_pem_path (ca.pem): gRPC: Handshake failed with fatal error SSL_ERROR_SSL: CERTIFICATE_VERIFY_FAILED (unable to get local issuer certificate)",
        ),
    ];
    failing.extend(
        ["go", "java", "node", "curl"]
            .iter()
            .map(|c| (*c, 2, if *c == "go" { "unknown authority" } else { "" })),
    );
    assert_verdicts(&json, &failing);
    let (ok, out) = openssl_verify(&dir, "1", &["server.pem"]);
    assert!(
        !ok && out.contains("unable to get local issuer certificate"),
        "{out}"
    );

    // Two gen.sh runs make CAs with identical names: the signature is what differs.
    let tmp = tempfile::tempdir().unwrap();
    let (g1, g2) = (tmp.path().join("g1"), tmp.path().join("g2"));
    gen_sh(&g1);
    gen_sh(&g2);
    fs::copy(g2.join("ca.pem"), g1.join("ca.pem")).unwrap();
    verify_errors(
        &g1,
        &[],
        1,
        &[
            ("chain-bad-signature", "server.pem"),
            ("chain-bad-signature", "client.pem"),
            ("key-mismatch", "ca.pem"),
            ("server-name-cn-only", "server.pem"),
        ],
    );
    let (ok, _) = openssl_verify(&g1, "1", &["server.pem"]);
    assert!(!ok);
}

#[test]
fn a_server_key_from_another_directory_stops_milvus_for_every_client() {
    let (_a, dir) = init_dir(&[]);
    let (_b, other) = init_dir(&[]);
    fs::copy(other.join("server.key"), dir.join("server.key")).unwrap();
    // openssl agrees the pair does not match.
    let cert_pub = openssl_ok(&dir, &["x509", "-in", "server.pem", "-noout", "-pubkey"]);
    let key_pub = openssl_ok(&dir, &["pkey", "-in", "server.key", "-pubout"]);
    assert_ne!(cert_pub, key_pub);
    let json = verify_errors(&dir, &[], 1, &[("key-mismatch", "server.pem")]);
    assert_verdicts(
        &json,
        &all_fail("Milvus does not start: tls: private key does not match public key"),
    );
}

#[test]
fn a_client_certificate_with_server_auth_only_breaks_mode_2_only() {
    let (_tmp, dir) = init_dir(&[]);
    Leaf::new(
        "client",
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth",
    )
    .make(&dir);
    assert!(x509_text(&dir, "client.pem").contains("TLS Web Server Authentication"));
    let json = verify_errors(&dir, &[], 1, &[("client-eku-no-clientauth", "client.pem")]);
    let usage = "the Milvus server rejects client.pem: tls: failed to verify certificate: x509: certificate specifies an incompatible key usage";
    assert_verdicts(&json, &mode_2_fails(usage));
    assert!(
        verdict(&json, "go", 2)
            .1
            .starts_with("remote error: tls: bad certificate")
    );
    // OpenSSL also refuses it as a TLS client certificate.
    let (ok, _) = openssl_verify(&dir, "1", &["-purpose", "sslclient", "client.pem"]);
    assert!(!ok);

    // Mode 1 does not use the client certificate: a warning, exit 0 (1 with --strict).
    let json = verify_errors(&dir, &["--mode", "1"], 0, &[]);
    assert_eq!(
        findings(&json, "warning"),
        pairs(&[("client-eku-no-clientauth", "client.pem")])
    );
    let (code, _) = verify_json(&dir, &["--mode", "1", "--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn pkcs1_and_sec1_client_keys_break_only_java_in_mode_2() {
    let (_a, dir) = init_dir(&[]);
    let key = "client.key";
    openssl_ok(&dir, &["rsa", "-in", key, "-traditional", "-out", key]);
    assert!(
        fs::read_to_string(dir.join("client.key"))
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----")
    );
    let java = "File does not contain valid private key";
    {
        let (code, json) = verify_json(&dir, &[]);
        // Java fails in mode 2, so verify fails unless the SDKs run are named.
        assert_eq!(code, 1, "{json:#}");
        assert_eq!(json["failing_clients"], serde_json::json!(["java"]));
        assert_eq!(verify_json(&dir, &["--clients", "go,node,pymilvus"]).0, 0);
        assert_eq!(findings(&json, "error"), pairs(&[]));
        assert_eq!(
            findings(&json, "warning"),
            pairs(&[("key-not-pkcs8", "client.key")])
        );
        assert_verdicts(&json, &[("java", 2, java)]);
        let (code, _) = verify_json(&dir, &["--strict"]);
        assert_eq!(code, 1);
    }

    let (_b, ec) = init_dir(&["--key-type", "ecdsa-p256"]);
    for file in ["client.key", "server.key"] {
        openssl_ok(&ec, &["ec", "-in", file, "-out", file]);
        assert!(
            fs::read_to_string(ec.join(file))
                .unwrap()
                .starts_with("-----BEGIN EC PRIVATE KEY-----")
        );
    }
    let (code, json) = verify_json(&ec, &[]);
    assert_eq!(code, 1);
    assert_eq!(verify_json(&ec, &["--clients", "go"]).0, 0);
    // server.key in SEC1 is fine: Milvus (Go) reads it; only Java reads client.key.
    assert_eq!(
        findings(&json, "warning"),
        pairs(&[("key-not-pkcs8", "client.key")])
    );
    assert!(findings(&json, "ok").contains(&("key-matches".into(), "server.pem".into())));
    assert_verdicts(&json, &[("java", 2, java)]);
}

#[test]
fn ed25519_breaks_pymilvus_and_java_in_both_modes() {
    let (_tmp, dir) = init_dir(&["--key-type", "ed25519"]);
    let (code, json) = verify_json(&dir, &[]);
    // pymilvus and Java fail: exit 1 unless only Go and Node are named.
    assert_eq!(code, 1);
    assert_eq!(
        json["failing_clients"],
        serde_json::json!(["pymilvus", "java"])
    );
    assert_eq!(verify_json(&dir, &["--clients", "go,node"]).0, 0);
    assert_eq!(verify_json(&dir, &["--clients", "go,java"]).0, 1);
    assert_eq!(findings(&json, "error"), pairs(&[]));
    assert_eq!(
        findings(&json, "warning"),
        pairs(&[
            ("ed25519-key", "ca.pem"),
            ("ed25519-key", "server.pem"),
            ("ed25519-key", "client.pem"),
        ])
    );
    let mut failing = in_both_modes(&[("pymilvus", "SSLV3_ALERT_HANDSHAKE_FAILURE")]);
    failing.extend([
            // The JDK behind netty-tcnative refuses Ed25519 certificate signatures; pinned
            // to server.pem (no path validation) it would connect.
            (
                "java",
                1,
                "with caPemPath (ca.pem): javax.net.ssl.SSLHandshakeException: PKIX path validation failed: Algorithm constraints check failed on signature algorithm: ED25519",
            ),
            // Netty cannot even load an Ed25519 client key.
            ("java", 2, "File does not contain valid private key"),
    ]);
    assert_verdicts(&json, &failing);
    assert!(
        openssl_ok(&dir, &["x509", "-in", "server.pem", "-noout", "-text"]).contains("ED25519")
    );
}

#[test]
fn an_rsa_1024_server_key_warns_and_fails_curl_at_security_level_2() {
    let (_tmp, dir) = init_dir(&[]);
    let mut leaf = Leaf::new("server", SERVER_EXT);
    leaf.key_args = &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"];
    leaf.make(&dir);
    let (code, json) = verify_json(&dir, &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(verify_json(&dir, &["--clients", "go,java"]).0, 0);
    assert_eq!(findings(&json, "error"), pairs(&[]));
    assert_eq!(
        findings(&json, "warning"),
        pairs(&[("weak-rsa-key", "server.pem")])
    );
    assert_verdicts(
        &json,
        &in_both_modes(&[("curl", "EE certificate key too weak")]),
    );
    let (ok, out) = openssl_verify(&dir, "2", &["server.pem"]);
    assert!(!ok && out.contains("EE certificate key too weak"), "{out}");
    let (ok, out) = openssl_verify(&dir, "1", &["server.pem"]);
    assert!(ok, "{out}");
}

#[test]
fn a_sha1_signed_server_certificate_fails_go_node_and_curl() {
    let (_tmp, dir) = init_dir(&[]);
    let mut leaf = Leaf::new("server", SERVER_EXT);
    leaf.md = "sha1";
    leaf.make(&dir);
    assert!(x509_text(&dir, "server.pem").contains("sha1WithRSAEncryption"));
    let json = verify_errors(
        &dir,
        &[],
        1,
        &[
            ("weak-signature", "server.pem"),
            ("chain-rejected", "server.pem"),
        ],
    );
    let too_weak = "CA signature digest algorithm too weak";
    let failing = in_both_modes(&[
        ("go", "insecure algorithm SHA1-RSA"),
        ("node", too_weak),
        ("curl", too_weak),
    ]);
    assert_verdicts(&json, &failing);
    let (ok, out) = openssl_verify(&dir, "1", &["server.pem"]);
    assert!(!ok && out.contains(too_weak), "{out}");
}

#[test]
fn expired_not_yet_valid_and_expiring_certificates() {
    let now = OffsetDateTime::now_utc();
    let (_a, dir) = init_dir(&[]);
    let mut leaf = Leaf::new("server", SERVER_EXT);
    leaf.start = now - Duration::days(400);
    leaf.end = now - Duration::days(35);
    leaf.make(&dir);
    let json = verify_errors(&dir, &[], 1, &[("expired", "server.pem")]);
    let mut failing = all_fail("certificate has expired");
    for f in failing.iter_mut().filter(|f| f.0 == "go") {
        f.2 = "x509: certificate has expired or is not yet valid: current time";
    }
    for f in failing.iter_mut().filter(|f| f.0 == "java") {
        f.2 = "validity check failed";
    }
    assert_verdicts(&json, &failing);
    let (ok, out) = openssl_verify(&dir, "1", &["server.pem"]);
    assert!(!ok && out.contains("certificate has expired"), "{out}");

    // A client certificate valid only from next week: the server rejects it in mode 2.
    let (_b, dir) = init_dir(&[]);
    let mut leaf = Leaf::new("client", CLIENT_EXT);
    leaf.start = now + Duration::days(7);
    leaf.make(&dir);
    let json = verify_errors(&dir, &[], 1, &[("not-yet-valid", "client.pem")]);
    let not_yet = "rejects client.pem: tls: failed to verify certificate: x509: certificate has expired or is not yet valid";
    assert_verdicts(&json, &mode_2_fails(not_yet));
    let (ok, out) = openssl_verify(&dir, "1", &["client.pem"]);
    assert!(!ok && out.contains("not yet valid"), "{out}");

    // Ten days left: a warning with the default --warn-days 30, nothing with 5.
    let (_c, dir) = init_dir(&[]);
    let mut leaf = Leaf::new("server", SERVER_EXT);
    leaf.end = now + Duration::days(10) + Duration::hours(1);
    leaf.make(&dir);
    let (code, json) = verify_json(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&json, "warning"),
        pairs(&[("expiring-soon", "server.pem")])
    );
    assert_verdicts(&json, &[]);
    let (code, _) = verify_json(&dir, &["--strict"]);
    assert_eq!(code, 1);
    let (code, json) = verify_json(&dir, &["--warn-days", "5", "--strict"]);
    assert_eq!(code, 0);
    assert_eq!(findings(&json, "warning"), pairs(&[]));
}

#[test]
fn client_files_are_optional_in_mode_1_only() {
    let (_tmp, dir) = init_dir(&[]);
    fs::remove_file(dir.join("client.pem")).unwrap();
    fs::remove_file(dir.join("client.key")).unwrap();
    fs::remove_file(dir.join("ca.key")).unwrap();
    let json = verify_errors(&dir, &["--mode", "1"], 0, &[]);
    let ok = findings(&json, "ok");
    for file in ["client.pem", "client.key", "ca.key"] {
        assert!(ok.contains(&("file-absent".into(), file.into())), "{ok:?}");
    }
    let missing = "client.pem: no such file";
    assert_verdicts(&json, &mode_2_fails(missing));

    verify_errors(
        &dir,
        &["--mode", "2"],
        1,
        &[
            ("file-missing", "client.pem"),
            ("file-missing", "client.key"),
        ],
    );
}

#[test]
fn every_certificate_of_a_ca_bundle_is_trusted_and_ca_replaces_ca_pem() {
    let (_a, dir) = init_dir(&[]);
    let (_b, other) = init_dir(&[]);
    let bundle = format!(
        "{}{}",
        fs::read_to_string(other.join("ca.pem")).unwrap(),
        fs::read_to_string(dir.join("ca.pem")).unwrap()
    );
    let bundle_path = other.join("bundle.pem");
    fs::write(&bundle_path, &bundle).unwrap();
    // ca.pem of the directory is now the wrong CA; --ca points at the bundle.
    fs::copy(other.join("ca.pem"), dir.join("ca.pem")).unwrap();
    fs::remove_file(dir.join("ca.key")).unwrap();
    let json = verify_errors(&dir, &["--ca", s(&bundle_path)], 0, &[]);
    let msg = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "ca-ok")
        .unwrap()["message"]
        .to_string();
    assert!(msg.contains("2 CA certificates"), "{msg}");
    assert_verdicts(&json, &[]);
    let out = verify_with(&dir, s(&bundle_path), &["-auth_level", "2", "server.pem"]);
    assert!(out.status.success(), "{:?}", text(&out));
    // Without --ca the directory's own (wrong) ca.pem is used.
    let (code, _) = verify_json(&dir, &[]);
    assert_eq!(code, 1);
}

#[test]
fn broken_inputs_become_findings_or_one_line_errors_never_panics() {
    let (_tmp, dir) = init_dir(&[]);
    let good_server = fs::read(dir.join("server.pem")).unwrap();
    let good_key = fs::read(dir.join("server.key")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("garbage", b"\x00\x01garbage\xff".to_vec(), "file-malformed"),
        ("empty", Vec::new(), "file-malformed"),
        (
            "truncated",
            good_server[..good_server.len() / 2].to_vec(),
            "file-malformed",
        ),
        ("a key", good_key.clone(), "wrong-content"),
    ];
    for (what, bytes, code) in cases {
        fs::write(dir.join("server.pem"), &bytes).unwrap();
        let (exit, json) = verify_json(&dir, &[]);
        assert_eq!(exit, 1, "{what}");
        assert_eq!(
            findings(&json, "error"),
            pairs(&[(code, "server.pem")]),
            "{what}"
        );
        assert_verdicts(
            &json,
            &all_fail("Milvus does not start: cannot load server.pem"),
        );
    }
    // DER is accepted.
    fs::write(dir.join("server.pem"), &good_server).unwrap();
    to_der(&dir, "x509", "server.pem", "server.der");
    fs::rename(dir.join("server.der"), dir.join("server.pem")).unwrap();
    let (exit, json) = verify_json(&dir, &[]);
    assert_eq!(exit, 0, "{json:#}");
    // An encrypted server key: Milvus cannot read it.
    encrypt_key(&dir, "server.key", "secret");
    let json = verify_errors(&dir, &[], 1, &[("key-encrypted", "server.key")]);
    assert_verdicts(&json, &all_fail("it is encrypted"));
    fs::write(dir.join("server.key"), &good_key).unwrap();
    // Symlinks: followed when valid, a finding when dangling.
    let real = dir.parent().unwrap().join("real-server.pem");
    fs::write(&real, &good_server).unwrap();
    fs::remove_file(dir.join("server.pem")).unwrap();
    std::os::unix::fs::symlink(&real, dir.join("server.pem")).unwrap();
    assert_eq!(verify_json(&dir, &[]).0, 0);
    fs::remove_file(&real).unwrap();
    let json = verify_errors(&dir, &[], 1, &[("file-unreadable", "server.pem")]);
    assert!(json.to_string().contains("dangling symlink"));
    // A huge file and a directory in place of a file.
    fs::remove_file(dir.join("server.pem")).unwrap();
    fs::write(dir.join("server.pem"), vec![b'A'; 2 * 1024 * 1024]).unwrap();
    let (_, json) = verify_json(&dir, &[]);
    assert!(json.to_string().contains("larger than 1 MiB"));
    fs::remove_file(dir.join("server.pem")).unwrap();
    fs::create_dir(dir.join("server.pem")).unwrap();
    let (_, json) = verify_json(&dir, &[]);
    assert_eq!(
        findings(&json, "error"),
        pairs(&[("file-unreadable", "server.pem")])
    );

    // Could not run at all: exit 2, nothing on stdout, one line naming the path (a usage
    // error is clap's message); never a panic.
    let (nope, dir_s) = (dir.join("nope"), s(&dir));
    let line = fails(&["verify", s(&nope)]);
    assert!(
        line.contains("nope") && line.contains("no such file"),
        "{line}"
    );
    fails(&["verify", dir_s, "--ca", "/nonexistent/ca.pem"]);
    let args = ["verify", dir_s, "--mode", "3"];
    let out = run(&args);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}

#[test]
fn json_follows_the_contract_and_text_is_the_default() {
    let (_tmp, dir) = init_dir(&[]);
    let (_, json) = verify_json(&dir, &[]);
    // serde_json's Value sorts keys, so these lists are alphabetical.
    assert_eq!(
        keys(&json),
        [
            "clients",
            "command",
            "dir",
            "dry_run",
            "failing_clients",
            "findings",
            "mode",
            "required_clients",
            "schema",
            "server_name",
            "settings_file",
            "summary"
        ]
    );
    assert_eq!(json["schema"], 2);
    assert_eq!(json["command"], "verify");
    assert_eq!(json["mode"], 2);
    assert_eq!(
        PathBuf::from(json["dir"].as_str().unwrap()),
        fs::canonicalize(&dir).unwrap()
    );
    for f in json["findings"].as_array().unwrap() {
        let want = ["code", "file", "fix_command", "hint", "message", "severity"];
        assert_eq!(keys(f), want);
    }
    assert_eq!(json["clients"].as_array().unwrap().len(), 10);
    for c in json["clients"].as_array().unwrap() {
        assert_eq!(keys(c), ["client", "mode", "reason", "verdict"]);
    }
    let out = run(&["verify", s(&dir)]);
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains("[chain-ok]") && stdout.contains("Clients:"),
        "{stdout}"
    );
    let help = text(&run(&["verify", "--help"])).0;
    assert!(
        help.contains("EXAMPLES") && help.contains("EXIT CODES"),
        "{help}"
    );
}

/// The README's `verify --json` example has the same shape as real output.
#[test]
fn the_readme_json_example_matches_real_output() {
    let example = readme_json("<!-- verify-json-example -->");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    gen_sh(&dir);
    let (_, real) = verify_json(&dir, &[]);
    fn shape(v: &Value) -> String {
        match v {
            Value::Object(m) => format!(
                "{{{}}}",
                m.iter()
                    .map(|(k, v)| format!("{k}:{}", shape(v)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Value::Array(a) => format!("[{}]", a.first().map(shape).unwrap_or_default()),
            Value::String(_) => "s".into(),
            Value::Number(_) => "n".into(),
            Value::Bool(_) => "b".into(),
            Value::Null => "null".into(),
        }
    }
    // Nullable fields may be null in one and a string in the other: compare key sets.
    let norm = |v: &Value| shape(v).replace("null", "s");
    assert_eq!(norm(&example), norm(&real));
    assert_eq!(
        example["findings"][0]["code"],
        real["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["severity"] == "error")
            .unwrap()["code"]
    );
}

#[test]
fn a_name_outside_the_sans_fails_every_client_with_its_own_message() {
    let (_tmp, dir) = init_dir(&[]);
    let json = verify_errors(
        &dir,
        &["--server-name", "milvus.example.com"],
        1,
        &[("server-name-not-in-san", "server.pem")],
    );
    let cases = [
        (
            "pymilvus",
            "Peer name milvus.example.com is not in peer certificate",
        ),
        (
            "go",
            "x509: certificate is valid for localhost, not milvus.example.com",
        ),
        (
            "java",
            "No subject alternative DNS name matching milvus.example.com found.",
        ),
        (
            "node",
            "Host: milvus.example.com. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1, IP Address:::1",
        ),
        (
            "curl",
            "no alternative certificate subject name matches target host name 'milvus.example.com'",
        ),
    ];
    assert_verdicts(&json, &in_both_modes(&cases));
    let (ok, _) = openssl_verify(
        &dir,
        "1",
        &["-verify_hostname", "milvus.example.com", "server.pem"],
    );
    assert!(!ok);
    // The IP SAN matches.
    let (code, json) = verify_json(&dir, &["--server-name", "127.0.0.1"]);
    assert_eq!(code, 0);
    assert_verdicts(&json, &[]);
}

#[test]
fn a_server_certificate_for_clients_only_passes_only_the_pinned_set_ups() {
    let (_tmp, dir) = init_dir(&[]);
    Leaf::new(
        "server",
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n\
         subjectAltName=DNS:localhost",
    )
    .make(&dir);
    let json = verify_errors(&dir, &[], 1, &[("server-eku-no-serverauth", "server.pem")]);
    // Pinned to server.pem, pymilvus and Java would connect (BoringSSL does not check a
    // trusted leaf's purpose; the JDK skips validating a pinned leaf) — but with ca.pem
    // they fail, so their verdict fails too, naming that set-up.
    let mut failing = vec![
        ("pymilvus", 2, "unsupported certificate purpose"),
        (
            "pymilvus",
            1,
            "with ca_pem_path (ca.pem): gRPC: Handshake failed with fatal error SSL_ERROR_SSL: CERTIFICATE_VERIFY_FAILED (unsupported certificate purpose)",
        ),
    ];
    failing.extend(in_both_modes(&[
        (
            "go",
            "x509: certificate specifies an incompatible key usage",
        ),
        (
            "java",
            "Extended key usage does not permit use for TLS server authentication",
        ),
        ("node", "unsuitable certificate purpose"),
        (
            "curl",
            "SSL certificate problem: unsuitable certificate purpose",
        ),
    ]));
    assert_verdicts(&json, &failing);
    let (ok, out) = openssl_verify(&dir, "1", &["-purpose", "sslserver", "server.pem"]);
    assert!(
        !ok && out.contains("unsuitable certificate purpose"),
        "{out}"
    );
}

#[test]
fn a_trust_anchor_that_is_not_a_ca_fails_every_client_but_pymilvus_in_mode_1() {
    let (_tmp, dir) = init_dir(&[]);
    fs::remove_file(dir.join("ca.key")).unwrap();
    let not_ca = [
        "-days",
        "30",
        "-addext",
        "basicConstraints=critical,CA:FALSE",
    ];
    self_signed(&dir, "rsa:2048", "ca", "/CN=not a CA", &not_ca);
    Leaf::new("server", SERVER_EXT).make(&dir);
    Leaf::new("client", CLIENT_EXT).make(&dir);
    let json = verify_errors(&dir, &[], 1, &[("ca-not-ca", "ca.pem")]);
    let (ok, out) = openssl_verify(&dir, "1", &["server.pem"]);
    assert!(!ok && out.contains("invalid CA certificate"), "{out}");
    // As the lab measured (corpus ca-bc-false): Go refuses a CA:FALSE root as a signer,
    // the JDK as a trust anchor, OpenSSL as a CA; BoringSSL never checks a trusted
    // certificate, so pymilvus connects in mode 1. In mode 2 the Go server refuses
    // client.pem for the same reason, whatever the client.
    let go = "parent certificate cannot sign this kind of certificate";
    let mut failing = in_both_modes(&[
        ("go", go),
        ("java", "is not a CA certificate"),
        ("node", "unsuitable certificate purpose"),
        ("curl", "invalid CA certificate"),
    ]);
    failing.push(("pymilvus", 2, go));
    assert_verdicts(&json, &failing);
}

#[test]
fn an_x509_v1_server_certificate_warns_and_has_no_san() {
    let (_tmp, dir) = init_dir(&[]);
    // `openssl x509 -req` without extensions writes a v1 certificate.
    ca_signs(&dir, "server.csr", "server.pem", &["-days", "365"]);
    assert!(x509_text(&dir, "server.pem").contains("Version: 1 (0x0)"));
    let errors = [
        ("chain-rejected", "server.pem"),
        ("server-name-cn-only", "server.pem"),
    ];
    let json = verify_errors(&dir, &[], 1, &errors);
    assert_eq!(
        findings(&json, "warning"),
        pairs(&[("v1-certificate", "server.pem")])
    );
    let legacy = "relies on legacy Common Name field";
    assert_verdicts(&json, &in_both_modes(&[("go", legacy)]));
    let (ok, out) = openssl_verify(&dir, "2", &["-verify_hostname", "localhost", "server.pem"]);
    assert!(ok, "{out}");
}

// ---------------------------------------------------------------------------------------
// Cross-check of the Go verdicts with real rustls handshakes: rustls, like Go's
// crypto/tls, matches names against SANs only, enforces EKUs and refuses SHA-1.

/// Asserts that rustls handshakes succeed exactly where verify says the Go SDK connects.
fn rustls_agrees_with_go(dir: &Path, json: &Value) {
    let name = json["server_name"].as_str().unwrap();
    for mode in [1, 2] {
        let (go, reason) = verdict(json, "go", mode);
        let result = connect_dir(dir, (mode == 2).then_some("client"), name);
        assert_eq!(
            result.is_ok(),
            go == "ok",
            "mode {mode}: rustls says {result:?}, verify says go {go}: {reason}"
        );
    }
}

#[test]
fn rustls_handshakes_agree_with_the_go_verdicts() {
    let now = OffsetDateTime::now_utc();
    // milvus-cert init: both modes connect.
    let (_a, dir) = init_dir(&[]);
    let (_, json) = verify_json(&dir, &[]);
    rustls_agrees_with_go(&dir, &json);
    // ... but not for a name outside the SANs.
    let (_, json) = verify_json(&dir, &["--server-name", "milvus.example.com"]);
    assert_eq!(verdict(&json, "go", 1).0, "fails");
    rustls_agrees_with_go(&dir, &json);
    // gen.sh: CN only.
    let tmp = tempfile::tempdir().unwrap();
    let legacy = tmp.path().join("gen");
    gen_sh(&legacy);
    let (_, json) = verify_json(&legacy, &[]);
    rustls_agrees_with_go(&legacy, &json);
    // A client certificate with serverAuth only: mode 1 fine, mode 2 refused.
    let (_b, dir) = init_dir(&[]);
    Leaf::new(
        "client",
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth",
    )
    .make(&dir);
    let (_, json) = verify_json(&dir, &[]);
    assert_eq!(verdict(&json, "go", 1).0, "ok");
    rustls_agrees_with_go(&dir, &json);
    // SHA-1, expired, not yet valid, another CA.
    let (_c, dir) = init_dir(&[]);
    let mut leaf = Leaf::new("server", SERVER_EXT);
    leaf.md = "sha1";
    leaf.make(&dir);
    let (_, json) = verify_json(&dir, &[]);
    rustls_agrees_with_go(&dir, &json);
    let (_d, dir) = init_dir(&[]);
    let mut leaf = Leaf::new("server", SERVER_EXT);
    leaf.start = now - Duration::days(60);
    leaf.end = now - Duration::days(1);
    leaf.make(&dir);
    let (_, json) = verify_json(&dir, &[]);
    rustls_agrees_with_go(&dir, &json);
    let (_e, dir) = init_dir(&[]);
    let mut leaf = Leaf::new("client", CLIENT_EXT);
    leaf.start = now + Duration::days(2);
    leaf.make(&dir);
    let (_, json) = verify_json(&dir, &[]);
    rustls_agrees_with_go(&dir, &json);
    let (_f, dir) = init_dir(&[]);
    let (_g, other) = init_dir(&[]);
    fs::copy(other.join("ca.pem"), dir.join("ca.pem")).unwrap();
    let (_, json) = verify_json(&dir, &[]);
    rustls_agrees_with_go(&dir, &json);
}
