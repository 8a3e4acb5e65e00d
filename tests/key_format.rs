//! `--key-format pkcs8|pkcs1|sec1`: every command that writes a key writes it in the
//! chosen encoding, openssl reads each one back and finds it the certificate's key, and
//! impossible combinations are refused before anything is written.

mod common;

use common::{argv, assert_key_matches, fails, openssl_ok, run, s, temp_cert_dir, text, verifies};
use std::fs;
use std::path::Path;

/// `CMD --key-type TYPE --key-format FORMAT --dir DIR` as arguments.
fn with_key<'a>(cmd: &'a str, key_type: &'a str, format: &'a str, dir: &'a Path) -> Vec<&'a str> {
    argv(
        cmd,
        &[
            "--key-type",
            key_type,
            "--key-format",
            format,
            "--dir",
            s(dir),
        ],
    )
}

/// The PEM label a format's key file starts with.
fn label(format: &str) -> &'static str {
    match format {
        "pkcs1" => "-----BEGIN RSA PRIVATE KEY-----",
        "sec1" => "-----BEGIN EC PRIVATE KEY-----",
        _ => "-----BEGIN PRIVATE KEY-----",
    }
}

/// openssl reads `key` in `format`, checks it, and finds it is `cert`'s key.
fn openssl_reads(dir: &Path, key: &str, cert: &str, format: &str) {
    let pem = fs::read_to_string(dir.join(key)).unwrap();
    assert!(
        pem.starts_with(label(format)),
        "{key} as {format}: {pem:.40}"
    );
    match format {
        "pkcs1" => openssl_ok(dir, &["rsa", "-in", key, "-check", "-noout"]),
        "sec1" => openssl_ok(dir, &["ec", "-in", key, "-check", "-noout"]),
        _ => openssl_ok(dir, &["pkey", "-in", key, "-check", "-noout"]),
    };
    assert_key_matches(dir, key, None, cert);
}

#[test]
fn init_writes_each_format_and_openssl_reads_it_back() {
    for (key_type, format) in [
        ("rsa", "pkcs1"),
        ("rsa", "pkcs8"),
        ("ecdsa-p256", "sec1"),
        ("ecdsa-p384", "sec1"),
        ("ecdsa-p256", "pkcs8"),
    ] {
        let (_tmp, dir) = temp_cert_dir();
        let args = with_key("init", key_type, format, &dir);
        let out = run(&args);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        for role in ["ca", "server", "client"] {
            openssl_reads(&dir, &format!("{role}.key"), &format!("{role}.pem"), format);
        }
        let java_warning = stderr.contains("Java SDK") && stderr.contains("PKCS#8");
        assert_eq!(java_warning, format != "pkcs8", "{format}: {stderr}");
        let shown = if format == "pkcs1" {
            "PKCS#1"
        } else if format == "sec1" {
            "SEC1"
        } else {
            "PKCS#8"
        };
        assert!(stdout.contains(&format!("{shown}, mode 0600")), "{stdout}");
        // milvus-cert's own check reads the traditional forms too; the Java SDK reads only
        // PKCS#8, so verify fails (exit 1) unless the clients checked leave Java out.
        let verify = run(&["verify", s(&dir), "--clients", "go,node,pymilvus,curl"]);
        assert_eq!(verify.status.code(), Some(0), "{}", text(&verify).0);
    }
}

#[test]
fn impossible_combinations_are_usage_errors_and_write_nothing() {
    for (key_type, format) in [
        ("ecdsa-p256", "pkcs1"),
        ("ed25519", "pkcs1"),
        ("rsa", "sec1"),
        ("ed25519", "sec1"),
    ] {
        let (_tmp, dir) = temp_cert_dir();
        let line = fails(&with_key("init", key_type, format, &dir));
        assert!(line.contains(&format!("--key-format {format}")), "{line}");
        assert!(!dir.exists(), "nothing written for {key_type} {format}");
    }
    let (_tmp, dir) = temp_cert_dir();
    let out = run(&["init", "--dir", s(&dir), "--key-format", "bogus"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_command_that_writes_a_key_takes_the_flag() {
    let (_tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    let ok = |args: &[&str]| {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out).1);
    };
    for (role, key_type, format) in [
        ("ca", "ecdsa-p256", "sec1"),
        ("server", "rsa", "pkcs1"),
        ("client", "ecdsa-p256", "sec1"),
    ] {
        ok(&with_key(&format!("{role} -q"), key_type, format, &dir));
        openssl_reads(&dir, &format!("{role}.key"), &format!("{role}.pem"), format);
    }
    ok(&["renew", "--dir", d, "client", "--key-format", "pkcs8", "-q"]);
    openssl_reads(&dir, "client.key", "client.pem", "pkcs8");
    // renew keeps the old key type (RSA here): sec1 does not fit it.
    let out = run(&["renew", "--dir", d, "server", "--key-format", "sec1"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out).1);
    openssl_reads(&dir, "server.key", "server.pem", "pkcs1");
    ok(&with_key("rotate-ca -q", "ecdsa-p256", "sec1", &dir));
    for role in ["ca", "server", "client"] {
        openssl_reads(&dir, &format!("{role}.key"), &format!("{role}.pem"), "sec1");
    }
    verifies(&dir, &["server.pem", "client.pem"]);
}
