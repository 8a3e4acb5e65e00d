//! `milvus-cert rotate-ca`: the old generation is kept byte for byte, the leaves are
//! re-issued from a new CA with the same names and usages, and `ca-bundle.pem` makes both
//! generations verify during the change-over. Proven with `openssl verify` and real TLS
//! handshakes (rustls in-process) for every trust/leaf combination, one-way and mutual.

mod common;

use common::sclient::s_client;
use common::sserver::SServer;
use common::tls::{Peer, connect};
use common::unchanged::fails_unchanged;
use common::{
    argv, assert_key_matches, ca_signs, gen_sh_tmp, init_dir, openssl_ok, run, run_ok, run_quiet,
    s, snapshot, text, verify_with, x509_text,
};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn rotate_json(dir: &Path, extra: &[&str]) -> (Value, String) {
    let mut args = vec!["rotate-ca", "--dir", s(dir), "--json"];
    args.extend_from_slice(extra);
    let out = run_ok(&args);
    let (stdout, stderr) = text(&out);
    (serde_json::from_str(&stdout).expect(&stdout), stderr)
}

/// The subject, SANs and EKU as openssl prints them (what must survive re-issuing).
fn identity(dir: &Path, file: &str) -> String {
    let ext = "subjectAltName,extendedKeyUsage,keyUsage,basicConstraints";
    openssl_ok(
        dir,
        &["x509", "-noout", "-subject", "-ext", ext, "-in", file],
    )
}

fn openssl_verifies(dir: &Path, ca: &str, leaf: &str, purpose: &str) -> bool {
    verify_with(dir, ca, &["-purpose", purpose, leaf])
        .status
        .success()
}

/// Each (trust file, leaf, purpose, whether `openssl verify` accepts it).
fn openssl_agrees(dir: &Path, rows: &[(&str, &str, &str, bool)]) {
    for &(trust, leaf, purpose, ok) in rows {
        assert_eq!(
            openssl_verifies(dir, trust, leaf, purpose),
            ok,
            "openssl verify -CAfile {trust} -purpose {purpose} {leaf}"
        );
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn rotation_keeps_the_old_generation_and_reissues_from_a_new_ca() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256", "--san", "10.0.0.5"]);
    run_quiet(
        "client",
        &dir,
        &["--name", "app1", "--key-type", "ecdsa-p256"],
    );
    let before = snapshot(&dir);
    let old_ids: Vec<String> = ["server.pem", "client.pem"]
        .iter()
        .map(|f| identity(&dir, f))
        .collect();

    let (json, stderr) = rotate_json(&dir, &[]);
    assert_eq!(json["command"], "rotate-ca");
    assert_eq!(json["reissued"], serde_json::json!(["server", "client"]));
    assert_eq!(json["not_reissued"], serde_json::json!(["app1"]));
    assert!(
        stderr.contains("app1.pem was signed by the old CA"),
        "{stderr}"
    );

    // The old generation, byte for byte, under .old names; keys still 0600.
    for (old, kept) in [
        ("ca.key", "ca.old.key"),
        ("ca.pem", "ca.old.pem"),
        ("ca.srl", "ca.old.srl"),
        ("server.key", "server.old.key"),
        ("server.csr", "server.old.csr"),
        ("server.pem", "server.old.pem"),
        ("client.key", "client.old.key"),
        ("client.pem", "client.old.pem"),
    ] {
        assert_eq!(fs::read(dir.join(kept)).unwrap(), before[old], "{kept}");
        assert_ne!(
            fs::read(dir.join(old)).unwrap(),
            before[old],
            "{old} is new"
        );
    }
    #[cfg(unix)]
    for key in [
        "ca.old.key",
        "server.old.key",
        "ca.key",
        "server.key",
        "client.key",
    ] {
        assert_eq!(mode(&dir.join(key)), 0o600, "{key}");
    }
    // app1 was not asked for: untouched.
    assert_eq!(fs::read(dir.join("app1.pem")).unwrap(), before["app1.pem"]);
    assert!(!dir.join("app1.old.pem").exists());

    // The bundle is the new CA, then the old one.
    let bundle = fs::read(dir.join("ca-bundle.pem")).unwrap();
    let mut expected = fs::read(dir.join("ca.pem")).unwrap();
    expected.extend_from_slice(&before["ca.pem"]);
    assert_eq!(bundle, expected);
    assert_eq!(json["bundle"]["certificates"].as_array().unwrap().len(), 2);
    let old_subject = openssl_ok(&dir, &["x509", "-in", "ca.old.pem", "-noout", "-subject"]);
    let new_subject = openssl_ok(&dir, &["x509", "-in", "ca.pem", "-noout", "-subject"]);
    assert_ne!(old_subject, new_subject, "the new CA has a name of its own");
    openssl_ok(&dir, &["pkey", "-in", "ca.key", "-noout"]);
    // ca.key is the new ca.pem's key.
    assert_key_matches(&dir, "ca.key", None, "ca.pem");

    // Same subjects, SANs and usages; new keys; signed by the new CA only.
    for (i, leaf) in ["server.pem", "client.pem"].iter().enumerate() {
        assert_eq!(identity(&dir, leaf), old_ids[i], "{leaf}");
        let key = leaf.replace(".pem", ".key");
        assert_ne!(fs::read(dir.join(&key)).unwrap(), before[&key]);
        assert_key_matches(&dir, &key, None, leaf);
        let csr = leaf.replace(".pem", ".csr");
        openssl_ok(&dir, &["req", "-noout", "-verify", "-in", &csr]);
    }
    // ca.srl holds the last serial issued (the client's), in OpenSSL's format.
    let client_serial = openssl_ok(&dir, &["x509", "-in", "client.pem", "-noout", "-serial"]);
    assert_eq!(
        fs::read_to_string(dir.join("ca.srl")).unwrap(),
        format!("{}\n", client_serial.trim().trim_start_matches("serial="))
    );
    // openssl continues the new ca.srl.
    ca_signs(&dir, "server.csr", "/dev/null", &["-CAserial", "ca.srl"]);
}

/// `openssl verify -CAfile` for each trust file and leaf generation, with the purpose
/// the leaf serves (the openssl row of the matrix).
#[test]
fn openssl_verify_matrix_old_new_and_bundle() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    rotate_json(&dir, &[]);
    // Each CA verifies its own generation of leaves, the bundle both.
    let trusts = [
        ("ca.old.pem", true, false),
        ("ca.pem", false, true),
        ("ca-bundle.pem", true, true),
    ];
    let mut rows = Vec::new();
    for (leaf, purpose) in [("server", "sslserver"), ("client", "sslclient")] {
        let (old, new) = (format!("{leaf}.old.pem"), format!("{leaf}.pem"));
        for (trust, old_ok, new_ok) in trusts {
            rows.push((trust, old.clone(), purpose, old_ok));
            rows.push((trust, new.clone(), purpose, new_ok));
        }
    }
    // Usages survive: a server certificate is no client certificate.
    rows.push(("ca-bundle.pem", "server.pem".into(), "sslclient", false));
    assert_eq!(rows.len(), 13);
    let rows: Vec<_> = rows
        .iter()
        .map(|(t, l, p, ok)| (*t, l.as_str(), *p, *ok))
        .collect();
    openssl_agrees(&dir, &rows);
}

/// rustls handshakes: a client trusting only the old CA, only the new one, or the bundle,
/// against a server on the old or the new leaf (mode 1); and in mode 2 a server trusting
/// the bundle accepts client certificates of both generations, while one trusting a
/// single generation refuses the other.
#[test]
fn handshake_matrix_across_the_change_over() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    rotate_json(&dir, &[]);
    let p = |f: &str| dir.join(f);
    let old_server = (p("server.old.pem"), p("server.old.key"));
    let new_server = (p("server.pem"), p("server.key"));
    let old_client = (p("client.old.pem"), p("client.old.key"));
    let new_client = (p("client.pem"), p("client.key"));
    let pair = |x: &(PathBuf, PathBuf)| -> (PathBuf, PathBuf) { x.clone() };

    // Mode 1: 3 trusts x 2 server leaves.
    let mode1 = [
        ("ca.old.pem", &old_server, true),
        ("ca.old.pem", &new_server, false),
        ("ca.pem", &old_server, false),
        ("ca.pem", &new_server, true),
        ("ca-bundle.pem", &old_server, true),
        ("ca-bundle.pem", &new_server, true),
    ];
    for (trust, server, ok) in mode1 {
        let server = pair(server);
        let result = connect(&Peer {
            ca: &p(trust),
            server: (&server.0, &server.1),
            client: None,
            name: "localhost",
        });
        assert_eq!(
            result.is_ok(),
            ok,
            "mode 1, client trusts {trust}, server on {}: {result:?}",
            server.0.display()
        );
        if !ok {
            let err = result.unwrap_err();
            assert!(err.contains("UnknownIssuer"), "{err}");
        }
    }

    // Mode 2 (both sides trust the same file): the server verifies the client too.
    let mode2 = [
        ("ca-bundle.pem", &old_server, &old_client, true),
        ("ca-bundle.pem", &old_server, &new_client, true),
        ("ca-bundle.pem", &new_server, &old_client, true),
        ("ca-bundle.pem", &new_server, &new_client, true),
        ("ca.pem", &new_server, &old_client, false),
        ("ca.old.pem", &old_server, &new_client, false),
        ("ca.pem", &new_server, &new_client, true),
    ];
    for (trust, server, client, ok) in mode2 {
        let (server, client) = (pair(server), pair(client));
        let result = connect(&Peer {
            ca: &p(trust),
            server: (&server.0, &server.1),
            client: Some((&client.0, &client.1)),
            name: "127.0.0.1",
        });
        assert_eq!(
            result.is_ok(),
            ok,
            "mode 2, both trust {trust}, server {}, client {}: {result:?}",
            server.0.display(),
            client.0.display()
        );
    }
}

#[test]
fn verify_accepts_the_bundle_as_trust_source() {
    let (tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    rotate_json(&dir, &[]);
    let verify = |dir: &Path, extra: &[&str]| {
        let mut args = vec!["verify", s(dir), "--json"];
        args.extend_from_slice(extra);
        let out = run(&args);
        (out.status.code().unwrap(), text(&out).0)
    };
    // After rotation the directory is consistent on its own...
    assert_eq!(verify(&dir, &[]).0, 0);
    // ...and with the bundle as --ca.
    let bundle = dir.join("ca-bundle.pem");
    assert_eq!(verify(&dir, &["--ca", s(&bundle)]).0, 0);
    // The old CA alone no longer verifies the new leaves.
    let (code, out) = verify(&dir, &["--ca", s(&dir.join("ca.old.pem"))]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("chain-unknown-issuer"), "{out}");

    // Step 1 of the roll-out: the old leaves, with the bundle installed as ca.pem.
    let step1 = tmp.path().join("step1");
    fs::create_dir(&step1).unwrap();
    fs::copy(&bundle, step1.join("ca.pem")).unwrap();
    for base in ["server", "client"] {
        for ext in ["pem", "key"] {
            fs::copy(
                dir.join(format!("{base}.old.{ext}")),
                step1.join(format!("{base}.{ext}")),
            )
            .unwrap();
        }
    }
    let (code, out) = verify(&step1, &[]);
    assert_eq!(code, 0, "{out}");
    // Step 2: a new server leaf and an old client leaf, still with the bundle.
    fs::copy(dir.join("server.pem"), step1.join("server.pem")).unwrap();
    fs::copy(dir.join("server.key"), step1.join("server.key")).unwrap();
    assert_eq!(verify(&step1, &[]).0, 0);
    // Step 3 too early: trusting only the new CA while a client is still old fails.
    fs::copy(dir.join("ca.pem"), step1.join("ca.pem")).unwrap();
    assert_eq!(verify(&step1, &[]).0, 1);
}

#[test]
fn dry_run_writes_nothing_and_a_second_rotation_is_refused() {
    let (tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let before = snapshot(&dir);
    let (json, _) = rotate_json(&dir, &["--dry-run"]);
    assert_eq!(json["dry_run"], true);
    assert_eq!(snapshot(&dir), before, "a dry run writes nothing");
    let planned = json["planned"].as_array().unwrap();
    for (name, action) in [
        ("ca.old.key", "backup"),
        ("ca.old.pem", "backup"),
        ("server.old.pem", "backup"),
        ("ca.key", "replace"),
        ("ca-bundle.pem", "create"),
        ("client.pem", "replace"),
        ("ca.srl", "replace"),
    ] {
        let listed = planned
            .iter()
            .any(|f| f["name"] == name && f["action"] == action);
        assert!(listed, "{name} {action} in {planned:?}");
    }

    rotate_json(&dir, &[]);
    let rotated = snapshot(&dir);
    // A second rotation would overwrite the first one's old generation: refused.
    let line = fails_unchanged(&dir, &["rotate-ca", "--dir", s(&dir)]);
    assert!(
        line.contains("ca.old.key' exists") && line.contains("nothing was written"),
        "{line}"
    );
    // Archived, it works again, and the bundle now holds the second and third CA.
    let archive = tmp.path().join("archive");
    fs::create_dir(&archive).unwrap();
    for name in rotated.keys() {
        if name.contains(".old.") || name == "ca-bundle.pem" {
            fs::rename(dir.join(name), archive.join(name)).unwrap();
        }
    }
    // This time with another key algorithm for the CA and the leaves.
    rotate_json(&dir, &["--key-type", "ecdsa-p384"]);
    assert_eq!(fs::read(dir.join("ca.old.pem")).unwrap(), rotated["ca.pem"]);
    for file in ["ca.pem", "server.pem", "client.pem"] {
        assert!(x509_text(&dir, file).contains("secp384r1"), "{file}");
    }
    assert!(x509_text(&dir, "server.old.pem").contains("prime256v1"));
    assert!(openssl_verifies(
        &dir,
        "ca-bundle.pem",
        "server.old.pem",
        "sslserver"
    ));
    assert!(!openssl_verifies(
        &dir,
        "ca-bundle.pem",
        s(&archive.join("server.old.pem")),
        "sslserver"
    ));
}

#[test]
fn named_leaves_all_and_errors() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    for (cmd, name) in [("client", "app1"), ("server", "query")] {
        run_quiet(cmd, &dir, &["--name", name, "--key-type", "ecdsa-p256"]);
    }
    // A leaf from another CA is not the old CA's: --all leaves it alone.
    let (_other_tmp, other) = init_dir(&["--key-type", "ecdsa-p256"]);
    fs::copy(other.join("client.pem"), dir.join("stranger.pem")).unwrap();

    // A missing name is an error, and nothing is written.
    let before = snapshot(&dir);
    let line = fails_unchanged(&dir, &["rotate-ca", "--dir", s(&dir), "nope"]);
    assert!(line.contains("nope.pem"), "{line}");
    // Naming a leaf another CA signed is refused.
    let line = fails_unchanged(&dir, &["rotate-ca", "--dir", s(&dir), "stranger"]);
    assert!(line.contains("not issued by the CA"), "{line}");

    let (json, stderr) = rotate_json(&dir, &["--all"]);
    assert_eq!(
        json["reissued"],
        serde_json::json!(["server", "client", "app1", "query"])
    );
    assert_eq!(json["not_reissued"], serde_json::json!([]));
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(
        fs::read(dir.join("stranger.pem")).unwrap(),
        before["stranger.pem"]
    );
    for leaf in ["app1", "query"] {
        assert_eq!(
            identity(&dir, &format!("{leaf}.pem")),
            identity(&dir, &format!("{leaf}.old.pem"))
        );
        assert!(openssl_verifies(
            &dir,
            "ca.pem",
            &format!("{leaf}.pem"),
            "any"
        ));
    }
    assert!(openssl_verifies(&dir, "ca.pem", "query.pem", "sslserver"));
    assert!(openssl_verifies(&dir, "ca.pem", "app1.pem", "sslclient"));
    // The same CN as the old CA is refused.
    let (_t2, d2) = init_dir(&["--key-type", "ecdsa-p256", "--ca-cn", "Acme CA"]);
    let out = run(&["rotate-ca", "--dir", s(&d2), "--ca-cn", "Acme CA"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("of its own"));
}

/// A gen.sh directory (PKCS#1 CA key, CA and leaves all named CN=localhost, no SANs):
/// the new CA gets a name of its own, the leaves keep their subjects, and a leaf without
/// SANs gets its CommonName as one (no CN-only certificate comes out of a rotation).
#[test]
fn a_gen_sh_directory_rotates() {
    let tmp = gen_sh_tmp();
    let dir = tmp.path();
    let before = snapshot(dir);
    let subject = |f: &str| openssl_ok(dir, &["x509", "-in", f, "-noout", "-subject"]);
    let old_subject = subject("server.pem");
    let (json, stderr) = rotate_json(dir, &[]);
    assert!(!stderr.contains("has no subjectAltName"), "{stderr}");
    assert_eq!(json["reissued"], serde_json::json!(["server", "client"]));
    assert_eq!(fs::read(dir.join("ca.old.key")).unwrap(), before["ca.key"]);
    assert!(
        json["new_ca"]["subject"]
            .as_str()
            .unwrap()
            .contains("CN=Milvus TLS CA "),
        "{json:#}"
    );
    // The subject is kept; the usages become milvus-cert's (as `renew` makes them).
    assert_eq!(subject("server.pem"), old_subject);
    assert!(identity(dir, "server.pem").contains("DNS:localhost"));
    let rows = [
        ("ca-bundle.pem", "server.old.pem", "any", true),
        ("ca-bundle.pem", "server.pem", "any", true),
        ("ca.pem", "server.old.pem", "any", false),
        ("ca.old.pem", "server.pem", "any", false),
    ];
    openssl_agrees(dir, &rows);
}

// ---------------------------------------------------------------------------------------
// The same change-over with the openssl CLIs: s_server as a mode 2 Milvus proxy.
// ---------------------------------------------------------------------------------------

#[test]
fn openssl_s_server_trusting_the_bundle_accepts_both_client_generations() {
    let (tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    rotate_json(&dir, &[]);
    // Mode 2 as Milvus runs it: TLS 1.3, a client certificate verified against caPemPath.
    let mode2 = |ca: &'static str| {
        let server = argv("-cert server.pem -key server.key -Verify 1 -tls1_3", &[]);
        [server, argv("-verify_return_error -CAfile", &[ca])].concat()
    };
    let client = |trust: &'static str, cert: &'static str, key: &'static str| {
        let name = argv("-servername localhost -verify_hostname localhost", &[]);
        let files = ["-CAfile", trust, "-cert", cert, "-key", key];
        [&name[..], &files, &["-verify_return_error"]].concat()
    };
    // The -www page, or everything both sides said.
    let page = |server: &SServer, args: &[&str]| {
        let run = s_client(&dir, tmp.path(), server, args);
        if run.got_page() {
            Ok(run.stdout)
        } else {
            Err(format!("{run:?}\ns_server log:\n{}", server.log_text()))
        }
    };
    // Step 2 in progress: the proxy on the new leaf, trusting the bundle.
    let server = SServer::start_www(&dir, tmp.path(), &mode2("ca-bundle.pem"));
    for (trust, cert, key) in [
        ("ca-bundle.pem", "client.old.pem", "client.old.key"),
        ("ca-bundle.pem", "client.pem", "client.key"),
        ("ca.pem", "client.old.pem", "client.old.key"),
    ] {
        let page = page(&server, &client(trust, cert, key))
            .unwrap_or_else(|e| panic!("client trusting {trust} with {cert}: {e}"));
        assert!(page.contains("CN=milvus-client"), "{page}");
    }
    // A client still trusting only the old CA refuses the new server leaf.
    let err = page(
        &server,
        &client("ca.old.pem", "client.old.pem", "client.old.key"),
    )
    .unwrap_err();
    assert!(
        err.contains("verify") || err.contains("unable to get local issuer"),
        "{err}"
    );
    drop(server);

    // Step 3 too early: a proxy trusting the new CA alone refuses an old client.
    let server = SServer::start_www(&dir, tmp.path(), &mode2("ca.pem"));
    let old = client("ca-bundle.pem", "client.old.pem", "client.old.key");
    assert!(page(&server, &old).is_err());
    page(&server, &client("ca.pem", "client.pem", "client.key")).expect("new client, new CA");
}
