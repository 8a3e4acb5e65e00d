//! Unix conventions: `-` is standard input for the file arguments that read (`inspect -`,
//! `sign --csr -`, `verify --ca -`), and `inspect` prints a file's error once. Results are
//! checked with openssl, not with milvus-cert's own parser.

mod common;

use common::{
    bin, ec_csr, init_dir, openssl_ok, run, s, sign_args, snapshot, text, to_der, verifies,
    verify_with, x509_text,
};
use std::fs;
use std::io::Write;
use std::process::{Output, Stdio};

/// Runs milvus-cert with `stdin` on its standard input (a pipe).
fn with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run milvus-cert");
    // A command that refuses early may close stdin before reading it all.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn inspect_dash_reads_standard_input() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let pem = fs::read(dir.join("server.pem")).unwrap();
    let out = with_stdin(&["inspect", "--json", "-"], &pem);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["path"], "-");
    let serial = openssl_ok(&dir, &["x509", "-in", "server.pem", "-noout", "-serial"]);
    let serial = serial.trim().trim_start_matches("serial=");
    let shown = file["items"][0]["certificate"]["serial"]
        .as_str()
        .unwrap()
        .replace(':', "");
    assert_eq!(shown.to_uppercase(), serial.to_uppercase(), "{file}");

    // DER on stdin too (what `kubectl … | base64 -d` gives for a DER secret).
    let der_file = dir.join("server.der");
    to_der(&dir, "x509", "server.pem", "server.der");
    let out = with_stdin(&["inspect", "-"], &fs::read(&der_file).unwrap());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    assert!(text(&out).0.contains("CN=localhost"), "{}", text(&out).0);

    // Garbage on stdin: one error line naming '-', nothing on stdout.
    let out = with_stdin(&["inspect", "-"], b"not a certificate\n");
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("milvus-cert: error: '-': "), "{stderr}");

    // The 1 MiB cap holds for a pipe as for a file.
    let big = vec![b'A'; 1024 * 1024 + 10];
    let out = with_stdin(&["inspect", "-"], &big);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("larger than 1 MiB"),
        "{}",
        text(&out).1
    );
}

#[test]
fn inspect_prints_a_file_s_error_once() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("notes.txt");
    fs::write(&bad, "hello\n").unwrap();
    let (_guard, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let good = dir.join("ca.pem");
    let out = run(&["inspect", s(&bad), s(&good)]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert!(
        !stdout.contains("notes.txt") && !stdout.contains("error"),
        "the error is on stderr only: {stdout}"
    );
    assert!(
        stdout.contains("ca.pem"),
        "the good file is still shown: {stdout}"
    );
    // --json keeps the error in the document (its only place on stdout).
    let out = run(&["inspect", "--json", s(&bad)]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["files"][0]["error"].is_string());
}

#[test]
fn sign_csr_dash_reads_the_request_from_a_pipe() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let csr_path = ec_csr(&dir, "app", "/CN=app", &[]);
    let csr = fs::read(&csr_path).unwrap();
    fs::remove_file(&csr_path).unwrap();
    let out_pem = dir.join("app.pem");
    let args = sign_args(s(&dir), "-", "client");

    // Without --out there is no name to derive the output from: refused, nothing written.
    let before = snapshot(&dir);
    let out = with_stdin(&args, &csr);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("--out"), "{}", text(&out).1);
    assert_eq!(before, snapshot(&dir));

    let mut with_out = args.to_vec();
    with_out.extend(["--out", s(&out_pem), "--quiet"]);
    let out = with_stdin(&with_out, &csr);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    verifies(&dir, &["app.pem"]);
    let subject = openssl_ok(&dir, &["x509", "-in", "app.pem", "-noout", "-subject"]);
    assert!(subject.contains("CN = app"), "{subject}");
    let ext = x509_text(&dir, "app.pem");
    assert!(ext.contains("TLS Web Client Authentication"), "{ext}");
}

#[test]
fn verify_ca_dash_reads_the_trust_anchors_from_a_pipe() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let ca = fs::read(dir.join("ca.pem")).unwrap();
    let out = with_stdin(&["verify", s(&dir), "--ca", "-"], &ca);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).0);

    // Another CA on stdin: the chains no longer verify (exit 1, a check failed).
    let (_other_tmp, other) = init_dir(&["--key-type", "ecdsa-p256"]);
    let wrong = fs::read(other.join("ca.pem")).unwrap();
    let out = with_stdin(&["verify", s(&dir), "--ca", "-"], &wrong);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out).0);
    let openssl = verify_with(&other, "ca.pem", &[s(&dir.join("server.pem"))]);
    assert!(
        !openssl.status.success(),
        "openssl agrees the chain is broken"
    );

    // Nothing usable on stdin: a usage error, as for an unreadable --ca FILE.
    let out = with_stdin(&["verify", s(&dir), "--ca", "-"], b"");
    assert_ne!(out.status.code(), Some(0));
}
