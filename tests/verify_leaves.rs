//! `verify DIR` checks every leaf certificate in the directory, not only server.pem and
//! client.pem: 50 leaves, a few of them bad in different ways (made with `openssl ca`),
//! each bad one reported by file name, the good ones passing, and `openssl verify`
//! agreeing on which chains are good.

mod common;

use common::findings::{finding_pairs, pairs};
use common::{
    does_not_verify, ec_csr, init_dir, openssl_ca_sign, openssl_ok, run, run_quiet, s, text,
};
use serde_json::Value;
use std::fs;
use std::path::Path;
use time::{Duration, OffsetDateTime};

/// Writes DIR/NAME.key (ECDSA) and DIR/NAME.pem signed by DIR's CA with `openssl ca`,
/// valid from `start` to `end`, with the extensions `ext`.
fn openssl_leaf(dir: &Path, name: &str, ext: &str, start: OffsetDateTime, end: OffsetDateTime) {
    let work = tempfile::tempdir().unwrap();
    let csr = ec_csr(work.path(), name, &format!("/CN={name}"), &[]);
    let key = format!("{name}.key");
    fs::copy(work.path().join(&key), dir.join(&key)).unwrap();
    let (ca_pem, ca_key, pem) = (
        dir.join("ca.pem"),
        dir.join("ca.key"),
        dir.join(format!("{name}.pem")),
    );
    openssl_ca_sign(&ca_pem, &ca_key, &csr, &pem, (start, end), ext);
}

/// The (code, severity) of every finding about `file`, sorted.
fn findings_of(json: &Value, file: &str) -> Vec<(String, String)> {
    finding_pairs(json, |f| f["file"] == file, "severity")
}

const GOOD: usize = 45;
const CLIENT_EXT: &str = "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth";

#[test]
fn fifty_leaves_each_bad_one_is_reported_by_name_and_the_good_ones_pass() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let d = s(&dir);
    for i in 1..=GOOD {
        let name = format!("app{i}");
        run_quiet(
            "client",
            &dir,
            &["--name", &name, "--key-type", "ecdsa-p256"],
        );
    }
    let now = OffsetDateTime::now_utc();
    // Expired last month.
    openssl_leaf(
        &dir,
        "expired",
        CLIENT_EXT,
        now - Duration::days(400),
        now - Duration::days(30),
    );
    // Only codeSigning: no TLS peer accepts it.
    openssl_leaf(
        &dir,
        "signing",
        "basicConstraints=CA:FALSE\nextendedKeyUsage=codeSigning",
        now - Duration::hours(1),
        now + Duration::days(100),
    );
    // Signed by another CA, with its own key.
    let (_other_tmp, other) = init_dir(&["--key-type", "ecdsa-p256"]);
    fs::copy(other.join("client.pem"), dir.join("stranger.pem")).unwrap();
    fs::copy(other.join("client.key"), dir.join("stranger.key")).unwrap();
    // A good certificate next to somebody else's key.
    run_quiet("client", &dir, &["--name", "swapped"]);
    fs::copy(other.join("server.key"), dir.join("swapped.key")).unwrap();
    // Another CA's certificate is trust material, not a leaf: not reported.
    fs::copy(other.join("ca.pem"), dir.join("other-ca.pem")).unwrap();
    // A broken extra file only warns: Milvus does not read it.
    fs::write(
        dir.join("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nMIIB\n",
    )
    .unwrap();

    let out = run(&["verify", d, "--json"]);
    let (stdout, stderr) = text(&out);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();

    for i in 1..=GOOD {
        assert_eq!(
            findings_of(&json, &format!("app{i}.pem")),
            pairs(&[
                ("chain-ok", "ok"),
                ("eku-ok", "ok"),
                ("key-matches", "ok"),
                ("validity-ok", "ok"),
            ]),
            "app{i}.pem"
        );
    }
    assert_eq!(
        findings_of(&json, "expired.pem"),
        pairs(&[
            ("chain-ok", "ok"),
            ("eku-ok", "ok"),
            ("key-matches", "ok"),
            ("expired", "error"),
        ])
    );
    assert_eq!(
        findings_of(&json, "signing.pem"),
        pairs(&[
            ("chain-ok", "ok"),
            ("key-matches", "ok"),
            ("leaf-eku-no-tls", "error"),
            ("validity-ok", "ok"),
        ])
    );
    assert_eq!(
        findings_of(&json, "stranger.pem"),
        pairs(&[
            ("chain-unknown-issuer", "error"),
            ("eku-ok", "ok"),
            ("key-matches", "ok"),
            ("validity-ok", "ok"),
        ])
    );
    assert_eq!(
        findings_of(&json, "swapped.pem"),
        pairs(&[
            ("chain-ok", "ok"),
            ("eku-ok", "ok"),
            ("key-mismatch", "error"),
            ("validity-ok", "ok"),
        ])
    );
    assert_eq!(
        findings_of(&json, "broken.pem"),
        pairs(&[("file-malformed", "warning")])
    );
    assert!(findings_of(&json, "other-ca.pem").is_empty(), "{stdout}");
    // The fixed roles are judged as before, and every leaf file has its findings.
    let errors: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert_eq!(json["summary"]["errors"], 4);

    // openssl agrees on every chain verdict: the good leaves and the expired one (by
    // its chain) versus the stranger.
    let mut files: Vec<String> = (1..=GOOD).map(|i| format!("app{i}.pem")).collect();
    files.extend(["signing.pem", "swapped.pem"].map(String::from));
    let mut args = vec!["verify", "-CAfile", "ca.pem"];
    args.extend(files.iter().map(String::as_str));
    let ok = openssl_ok(&dir, &args);
    assert_eq!(
        ok.lines().filter(|l| l.ends_with(": OK")).count(),
        files.len()
    );
    does_not_verify(&dir, &["stranger.pem"]);
    let expired = does_not_verify(&dir, &["expired.pem"]);
    assert!(expired.contains("certificate has expired"), "{expired}");

    // The text report names each bad file once per problem; passing leaves are counted.
    let out = run(&["verify", d]);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    for (file, code) in [
        ("expired.pem", "expired"),
        ("signing.pem", "leaf-eku-no-tls"),
        ("stranger.pem", "chain-unknown-issuer"),
        ("swapped.pem", "key-mismatch"),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.contains(&format!("[{code}]")))
            .unwrap_or_else(|| panic!("{code}: {stdout}"));
        assert!(
            line.trim_start().starts_with("error") && line.contains(file),
            "{line}"
        );
    }

    // Mode 1: a client-only leaf's errors are warnings, as client.pem's are; the
    // codeSigning leaf is not client-only and stays an error.
    let out = run(&["verify", d, "--json", "--mode", "1"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(findings_of(&json, "expired.pem").contains(&("expired".into(), "warning".into())));
    assert!(
        findings_of(&json, "signing.pem").contains(&("leaf-eku-no-tls".into(), "error".into()))
    );
}
