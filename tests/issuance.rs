//! The step-by-step commands `ca`, `server`, `client`, `sign` and `renew`, checked with the
//! openssl CLI and real handshakes: CAs made by openssl in every key format, ca.srl
//! continued in both directions, CSRs made by openssl, renewals that keep backups,
//! dry runs that write nothing, errors that leave nothing behind, and 50 concurrent
//! issuers that never share a serial.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Stdio;

/// ca.srl, checked to be OpenSSL's format (upper-case hex, even length, newline).
fn srl(dir: &Path) -> String {
    let text = fs::read_to_string(dir.join("ca.srl")).unwrap();
    let hex = text.strip_suffix('\n').expect("ca.srl ends with a newline");
    assert!(
        hex.len().is_multiple_of(2)
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)),
        "{text:?}"
    );
    norm_hex(hex)
}

/// A CA made by openssl with its key in `format` (pkcs8, pkcs1 or sec1), no ca.srl.
fn openssl_ca(dir: &Path, format: &str) {
    fs::create_dir_all(dir).unwrap();
    match format {
        "pkcs8" => openssl_ok(dir, &["genpkey", "-algorithm", "RSA", "-out", "ca.key"]),
        "pkcs1" => openssl_ok(dir, &["genrsa", "-traditional", "-out", "ca.key", "2048"]),
        "sec1" => openssl_ok(
            dir,
            &argv("ecparam -name prime256v1 -genkey -noout -out ca.key", &[]),
        ),
        other => panic!("{other}"),
    };
    let header = match format {
        "pkcs8" => "-----BEGIN PRIVATE KEY-----",
        "pkcs1" => "-----BEGIN RSA PRIVATE KEY-----",
        _ => "-----BEGIN EC PRIVATE KEY-----",
    };
    assert!(
        fs::read_to_string(dir.join("ca.key"))
            .unwrap()
            .starts_with(header),
        "openssl did not write {format}"
    );
    fs::write(
        dir.join("ca.cnf"),
        "[req]\ndistinguished_name = dn\nx509_extensions = v3_ca\nprompt = no\n\
         [dn]\nO = Example\nCN = OpenSSL Test CA\n\
         [v3_ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n\
         subjectKeyIdentifier = hash\n",
    )
    .unwrap();
    openssl_ok(
        dir,
        &[
            "req", "-x509", "-new", "-key", "ca.key", "-config", "ca.cnf", "-days", "30", "-out",
            "ca.pem",
        ],
    );
    fs::remove_file(dir.join("ca.cnf")).unwrap();
}

fn report<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    find(&json["files"], "name", name)
}

#[test]
fn ca_makes_only_the_ca_and_refuses_to_replace_it() {
    let (_tmp, dir) = temp_cert_dir();
    let json = run_json(&["ca", "--dir", s(&dir), "--key-type", "ecdsa-p256"]);
    let names: BTreeSet<String> = snapshot(&dir).into_keys().collect();
    assert_eq!(
        names,
        BTreeSet::from(["ca.key".into(), "ca.pem".into(), "ca.srl".into()])
    );
    let t = x509_text(&dir, "ca.pem");
    assert!(t.contains("CA:TRUE"), "{t}");
    assert!(t.contains("Certificate Sign, CRL Sign"), "{t}");
    openssl_ok(&dir, &["pkey", "-in", "ca.key", "-noout"]);
    // ca.srl holds a start value that no certificate carries yet.
    let start = srl(&dir);
    assert_ne!(start, serial(&dir, "ca.pem"));
    assert_eq!(
        report(&json, "ca.srl")["last_serial"]
            .as_str()
            .map(norm_hex),
        Some(start)
    );
    assert_eq!(report(&json, "ca.key")["mode"], "0600");

    let before = snapshot(&dir);
    let line = fails(&["ca", "--dir", s(&dir)]);
    assert!(
        line.contains("ca.key' already exists") && line.contains("--force"),
        "{line}"
    );
    assert_eq!(snapshot(&dir), before);
    let out = run(&argv("ca --force --key-type ecdsa-p256 --dir", &[s(&dir)]));
    assert!(out.status.success());
    assert!(
        text(&out).1.contains("no longer verify"),
        "{:?}",
        text(&out)
    );
    assert_ne!(fs::read(dir.join("ca.pem")).unwrap(), before["ca.pem"]);
    // The replaced CA is kept, key included, with the key's mode.
    for f in ["ca.key", "ca.pem", "ca.srl"] {
        assert_eq!(
            fs::read(dir.join(format!("{f}.bak"))).unwrap(),
            before[f],
            "{f}.bak"
        );
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(dir.join("ca.key.bak"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn server_and_clients_are_signed_by_the_ca_and_continue_ca_srl() {
    let (_tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    run_stdout(&["ca", "--dir", d, "--quiet", "--key-type", "ecdsa-p256"]);
    let start = srl(&dir);
    let json = run_json(&argv(
        "server --cn milvus.example.com --san 10.0.0.5 --key-type ecdsa-p256 --days 30 --dir",
        &[d],
    ));
    run_stdout(&["client", "--dir", d, "--quiet"]);
    run_stdout(&argv(
        "client --name app1 --quiet --key-type ecdsa-p384 --dir",
        &[d],
    ));
    for f in ["server", "client", "app1"] {
        for ext in ["key", "csr", "pem"] {
            assert!(dir.join(format!("{f}.{ext}")).is_file(), "{f}.{ext}");
        }
        openssl_ok(
            &dir,
            &["req", "-in", &format!("{f}.csr"), "-noout", "-verify"],
        );
    }
    assert_eq!(serial(&dir, "server.pem"), hex_add(&start, 1));
    assert_eq!(serial(&dir, "client.pem"), hex_add(&start, 2));
    assert_eq!(serial(&dir, "app1.pem"), hex_add(&start, 3));
    assert_eq!(srl(&dir), hex_add(&start, 3));

    verifies_server(&dir, "milvus.example.com", "server.pem");
    verifies(&dir, &as_server("-verify_ip", "10.0.0.5", "server.pem"));
    does_not_verify(
        &dir,
        &as_server("-verify_hostname", "localhost", "server.pem"),
    );
    does_not_verify(&dir, &["-purpose", "sslclient", "server.pem"]);
    for client in ["client.pem", "app1.pem"] {
        verifies(&dir, &["-purpose", "sslclient", client]);
        does_not_verify(&dir, &["-purpose", "sslserver", client]);
    }
    let t = x509_text(&dir, "app1.pem");
    assert!(t.contains("CN = app1") && t.contains("DNS:app1"), "{t}");
    assert!(
        t.contains("TLS Web Client Authentication") && !t.contains("Server Auth"),
        "{t}"
    );
    assert!(
        t.contains("ecdsa-with-SHA256") && t.contains("384 bit"),
        "{t}"
    );
    let t = x509_text(&dir, "client.pem");
    assert!(t.contains("CN = milvus-client"), "{t}");

    // JSON names each file with its path, kind, serial, fingerprint and expiry.
    let cert = report(&json, "server.pem");
    assert_eq!(cert["kind"], "certificate");
    assert_eq!(cert["path"], s(&dir.join("server.pem")));
    let info = &cert["certificate"];
    assert_eq!(
        norm_hex(info["serial"].as_str().unwrap()),
        hex_add(&start, 1)
    );
    let fp = fingerprint(&dir, "server.pem");
    assert_eq!(info["sha256"], fp);
    let end = openssl_ok(&dir, &["x509", "-in", "server.pem", "-noout", "-enddate"]);
    assert!(info["not_after"].as_str().unwrap().len() >= 20, "{end}");
    assert_eq!(report(&json, "server.key")["mode"], "0600");
    assert_eq!(
        norm_hex(report(&json, "ca.srl")["last_serial"].as_str().unwrap()),
        hex_add(&start, 1)
    );

    // Mode 2 handshake with the named client's certificate.
    tls::connect_dir(&dir, Some("app1"), "milvus.example.com").unwrap();
}

#[test]
fn openssl_cas_in_all_three_key_formats_issue_and_take_turns_on_ca_srl() {
    for format in ["pkcs8", "pkcs1", "sec1"] {
        let (_tmp, dir) = temp_cert_dir();
        let d = s(&dir);
        openssl_ca(&dir, format);
        let json = run_json(&["server", "--dir", d, "--key-type", "ecdsa-p256"]);
        assert_eq!(json["ca_key_format"], format, "{json}");
        verifies_server(&dir, "localhost", "server.pem");
        // No ca.srl: the first serial is random (like -CAcreateserial), then recorded.
        let first = serial(&dir, "server.pem");
        assert_eq!(srl(&dir), first);
        // openssl continues milvus-cert's ca.srl…
        let x = openssl_signs(&dir, "x");
        assert_eq!(x, hex_add(&first, 1), "{format}");
        assert_eq!(srl(&dir), x);
        // …and milvus-cert continues openssl's.
        run_stdout(&["client", "--dir", d, "--quiet", "--key-type", "ecdsa-p256"]);
        assert_eq!(serial(&dir, "client.pem"), hex_add(&x, 1), "{format}");
        assert_eq!(srl(&dir), hex_add(&x, 1));
        verifies(&dir, &["-purpose", "sslclient", "client.pem"]);
        let t = x509_text(&dir, "client.pem");
        assert!(
            t.contains("Issuer: O = Example, CN = OpenSSL Test CA"),
            "{t}"
        );
        tls::connect_dir(&dir, Some("client"), "localhost")
            .unwrap_or_else(|e| panic!("{format}: {e}"));
    }
}

#[test]
fn a_gen_sh_ca_issues_server_client_and_app_certificates() {
    let tmp = gen_sh_tmp();
    let dir = tmp.path();
    let gen_last = srl(dir);
    let ca = (
        fs::read(dir.join("ca.key")).unwrap(),
        fs::read(dir.join("ca.pem")).unwrap(),
    );
    let d = s(dir);
    run_stdout(&["server", "--dir", d, "--force", "--quiet"]);
    run_stdout(&["client", "--dir", d, "--force", "--quiet"]);
    run_stdout(&["client", "--dir", d, "--name", "app", "--quiet"]);
    assert_eq!(serial(dir, "server.pem"), hex_add(&gen_last, 1));
    assert_eq!(serial(dir, "client.pem"), hex_add(&gen_last, 2));
    assert_eq!(serial(dir, "app.pem"), hex_add(&gen_last, 3));
    assert_eq!(srl(dir), hex_add(&gen_last, 3));
    assert_eq!(
        (
            fs::read(dir.join("ca.key")).unwrap(),
            fs::read(dir.join("ca.pem")).unwrap()
        ),
        ca
    );
    verifies_server_and_client(dir);
    verifies(dir, &["-purpose", "sslclient", "app.pem"]);
    for client in ["client", "app"] {
        tls::connect_dir(dir, Some(client), "localhost")
            .unwrap_or_else(|e| panic!("{client}: {e}"));
    }
    // A client of another CA is refused by the same server.
    let (_other_tmp, other) = tmp_with_ca();
    run_quiet("client", &other, &["--key-type", "ecdsa-p256"]);
    let other_client = s(&other.join("client")).to_string();
    assert!(tls::connect_dir(dir, Some(&other_client), "localhost").is_err());
}

fn tmp_with_ca() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = temp_cert_dir();
    run_quiet("ca", &dir, &["--key-type", "ecdsa-p256"]);
    (tmp, dir)
}

#[test]
fn a_ca_key_that_is_not_ca_pem_s_or_a_ca_pem_that_is_no_ca_is_refused() {
    let (_a, dir) = tmp_with_ca();
    let (_b, other) = tmp_with_ca();
    fs::copy(other.join("ca.key"), dir.join("ca.key")).unwrap();
    let before = snapshot(&dir);
    for cmd in ["server", "client"] {
        let line = fails(&[cmd, "--dir", s(&dir), "--key-type", "ecdsa-p256"]);
        assert!(line.contains("ca.key does not belong to ca.pem"), "{line}");
        assert_eq!(snapshot(&dir), before);
    }

    let (_c, dir) = tmp_with_ca();
    run_quiet("server", &dir, &["--key-type", "ecdsa-p256"]);
    fs::copy(dir.join("server.pem"), dir.join("ca.pem")).unwrap();
    fs::copy(dir.join("server.key"), dir.join("ca.key")).unwrap();
    let before = snapshot(&dir);
    let line = fails(&["client", "--dir", s(&dir), "--key-type", "ecdsa-p256"]);
    assert!(line.contains("not a CA"), "{line}");
    assert_eq!(snapshot(&dir), before);
}

/// An openssl request for `cn` with `extra` -addext options; returns its path.
fn openssl_csr(dir: &Path, name: &str, cn: &str, extra: &[&str]) -> std::path::PathBuf {
    ec_csr(dir, name, &format!("/O=Example/CN={cn}"), extra)
}

#[test]
fn sign_turns_an_openssl_csr_into_a_server_or_client_certificate() {
    let (tmp, dir) = tmp_with_ca();
    let work = tmp.path();
    let start = srl(&dir);
    let csr = openssl_csr(
        work,
        "app",
        "milvus.example.com",
        &[
            "-addext",
            "subjectAltName=DNS:milvus.example.com,IP:10.0.0.5",
        ],
    );
    let json = run_json(&sign_args(s(&dir), s(&csr), "server"));
    let pem = work.join("app.pem");
    assert!(pem.is_file(), "sign writes app.pem next to app.csr");
    assert_eq!(report(&json, "app.pem")["path"], s(&pem));
    assert_eq!(serial(work, "app.pem"), hex_add(&start, 1));
    assert_eq!(srl(&dir), hex_add(&start, 1));
    let ca = dir.join("ca.pem");
    let verify = |args: &[&str]| verify_with(work, s(&ca), args);
    let ok = verify(&[
        "-purpose",
        "sslserver",
        "-verify_hostname",
        "milvus.example.com",
        "app.pem",
    ]);
    assert!(ok.status.success(), "{:?}", text(&ok));
    assert!(
        verify(&["-purpose", "sslserver", "-verify_ip", "10.0.0.5", "app.pem"])
            .status
            .success()
    );
    assert!(
        !verify(&[
            "-purpose",
            "sslserver",
            "-verify_hostname",
            "other.example",
            "app.pem"
        ])
        .status
        .success()
    );
    assert!(
        !verify(&["-purpose", "sslclient", "app.pem"])
            .status
            .success()
    );
    let t = x509_text(work, "app.pem");
    assert!(
        t.contains("Subject: O = Example, CN = milvus.example.com"),
        "{t}"
    );
    assert!(
        t.contains("TLS Web Server Authentication") && !t.contains("Client Auth"),
        "{t}"
    );
    assert!(t.contains("CA:FALSE"), "{t}");
    tls::connect(&tls::Peer {
        ca: &ca,
        server: (&pem, &work.join("app.key")),
        client: None,
        name: "milvus.example.com",
    })
    .unwrap();

    // The client profile, into a chosen file; a CSR without SANs gets its CN as SAN.
    let csr = openssl_csr(work, "c1", "app-one", &[]);
    let out = dir.join("app-one.pem");
    run_stdout(
        &[
            sign_args(s(&dir), s(&csr), "client"),
            vec!["--out", s(&out), "--quiet"],
        ]
        .concat(),
    );
    verifies(&dir, &["-purpose", "sslclient", "app-one.pem"]);
    does_not_verify(&dir, &["-purpose", "sslserver", "app-one.pem"]);
    assert!(x509_text(&dir, "app-one.pem").contains("DNS:app-one"));
    assert_eq!(srl(&dir), hex_add(&start, 2));
    // Not again without --force.
    let before = snapshot(&dir);
    let line = fails(
        &[
            sign_args(s(&dir), s(&csr), "client"),
            vec!["--out", s(&out)],
        ]
        .concat(),
    );
    assert!(line.contains("app-one.pem' already exists"), "{line}");
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn sign_refuses_a_ca_request_and_a_tampered_request() {
    let (tmp, dir) = tmp_with_ca();
    let work = tmp.path();
    let csr = openssl_csr(
        work,
        "evil",
        "evil.example",
        &[
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "subjectAltName=DNS:evil.example",
        ],
    );
    let before = (snapshot(&dir), snapshot(work));
    let line = fails(&sign_args(s(&dir), s(&csr), "server"));
    assert!(
        line.contains("CA:TRUE") && line.contains("evil.csr"),
        "{line}"
    );
    assert_eq!((snapshot(&dir), snapshot(work)), before);

    // Tamper with the subject of a good request, keeping its signature.
    let csr = openssl_csr(
        work,
        "good",
        "tamper-me.example",
        &["-addext", "subjectAltName=DNS:tamper-me.example"],
    );
    to_der(work, "req", "good.csr", "good.der");
    let mut der = fs::read(work.join("good.der")).unwrap();
    let at = der
        .windows(9)
        .position(|w| w == b"tamper-me")
        .expect("CN in DER");
    der[at] = b'd';
    fs::write(work.join("bad.der"), &der).unwrap();
    openssl_ok(
        work,
        &["req", "-inform", "DER", "-in", "bad.der", "-out", "bad.csr"],
    );
    // OpenSSL agrees the signature is bad (3.0 may still exit 0, so read its text).
    let check = openssl(work, &["req", "-in", "bad.csr", "-noout", "-verify"]);
    let (o, e) = text(&check);
    assert!(
        !check.status.success() || format!("{o}{e}").contains("verify failure"),
        "openssl accepted the tampered request: {o}{e}"
    );
    let good = openssl(work, &["req", "-in", "good.csr", "-noout", "-verify"]);
    assert!(format!("{:?}", text(&good)).contains("verify OK"));
    let _ = csr;
    let before = (snapshot(&dir), snapshot(work));
    let bad = work.join("bad.csr");
    let line = fails(&sign_args(s(&dir), s(&bad), "server"));
    assert!(
        line.contains("signature does not verify") && line.contains("bad.csr"),
        "{line}"
    );
    assert_eq!((snapshot(&dir), snapshot(work)), before);

    // Garbage and a missing file.
    fs::write(work.join("junk.csr"), "not a request").unwrap();
    let line = fails(&sign_args(s(&dir), s(&work.join("junk.csr")), "client"));
    assert!(
        line.contains("junk.csr") && line.contains("no PEM certificate request"),
        "{line}"
    );
    let line = fails(&sign_args(s(&dir), s(&work.join("none.csr")), "client"));
    assert!(line.contains("none.csr"), "{line}");
    assert!(line.contains("no such file"), "{line}");
}

#[test]
fn renew_reissues_with_backups_and_a_higher_serial() {
    let (_tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    let names = ["--cn", "milvus.example.com", "--san", "10.0.0.5"];
    run_quiet(
        "init",
        &dir,
        &[&names[..], &["--key-type", "ecdsa-p256", "--days", "90"]].concat(),
    );
    let old: BTreeMap<String, Vec<u8>> = snapshot(&dir);
    let old_server = serial(&dir, "server.pem");
    let last = srl(&dir);
    let fields = |f: &str| {
        openssl_ok(
            &dir,
            &argv(
                "x509 -in",
                &[
                    f,
                    "-noout",
                    "-subject",
                    "-ext",
                    "subjectAltName,extendedKeyUsage",
                ],
            ),
        )
    };
    let old_fields = (fields("server.pem"), fields("client.pem"));

    let json = run_json(&["renew", "--dir", d]);
    assert_eq!(json["backups"].as_array().unwrap().len(), 6, "{json}");
    for f in [
        "server.pem",
        "server.key",
        "server.csr",
        "client.pem",
        "client.key",
        "client.csr",
    ] {
        assert_eq!(
            fs::read(dir.join(format!("{f}.bak"))).unwrap(),
            old[f],
            "{f}.bak keeps the old bytes"
        );
        assert_ne!(fs::read(dir.join(f)).unwrap(), old[f], "{f} renewed");
    }
    assert_eq!(fs::read(dir.join("ca.pem")).unwrap(), old["ca.pem"]);
    assert_eq!(serial(&dir, "server.pem"), hex_add(&last, 1));
    assert_eq!(serial(&dir, "client.pem"), hex_add(&last, 2));
    assert_ne!(serial(&dir, "server.pem"), old_server);
    assert_eq!(srl(&dir), hex_add(&last, 2));
    assert_eq!((fields("server.pem"), fields("client.pem")), old_fields);
    verifies_server(&dir, "milvus.example.com", "server.pem");
    verifies(&dir, &["-purpose", "sslclient", "client.pem"]);
    // The old 90-day lifetime is kept.
    let t = x509_text(&dir, "server.pem");
    let checkend = |days: i64| {
        let seconds = (days * 86400).to_string();
        openssl(
            &dir,
            &["x509", "-in", "server.pem", "-noout", "-checkend", &seconds],
        )
    };
    let dates = checkend(89);
    assert!(dates.status.success(), "{:?}\n{t}", text(&dates));
    assert!(
        text(&dates).0.contains("will not expire"),
        "{:?}\n{t}",
        text(&dates)
    );
    assert!(!checkend(91).status.success());
    tls::connect_dir(&dir, Some("client"), "10.0.0.5").unwrap();

    // Again, keeping the key: the earlier backups stay, new ones get .bak.1.
    let key = fs::read(dir.join("server.key")).unwrap();
    let pem = fs::read(dir.join("server.pem")).unwrap();
    run_quiet("renew", &dir, &["server", "--keep-key", "--days", "10"]);
    assert_eq!(
        fs::read(dir.join("server.key")).unwrap(),
        key,
        "--keep-key keeps the key file"
    );
    assert!(!dir.join("server.key.bak.1").exists());
    assert_eq!(fs::read(dir.join("server.pem.bak.1")).unwrap(), pem);
    assert_eq!(
        fs::read(dir.join("server.pem.bak")).unwrap(),
        old["server.pem"]
    );
    assert_eq!(srl(&dir), hex_add(&last, 3));
    let pubkey = |f: &str| openssl_ok(&dir, &["x509", "-in", f, "-noout", "-pubkey"]);
    assert_eq!(pubkey("server.pem"), pubkey("server.pem.bak.1"));
    assert!(checkend(11).status.code() != Some(0));
    verifies_server(&dir, "milvus.example.com", "server.pem");
}

#[test]
fn renew_refuses_what_it_cannot_renew_and_writes_nothing() {
    let (_tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    run_stdout(&["init", "--dir", d, "--quiet", "--key-type", "ecdsa-p256"]);
    let (_o, other) = temp_cert_dir();
    run_quiet("init", &other, &["--key-type", "ecdsa-p256"]);
    fs::copy(other.join("server.pem"), dir.join("foreign.pem")).unwrap();
    fs::copy(other.join("client.key"), dir.join("wrong.key")).unwrap();
    fs::copy(dir.join("client.pem"), dir.join("wrong.pem")).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["renew", "nothere"], "nothere.pem"),
        (&["renew", "foreign"], "not issued by the CA"),
        (&["renew", "ca"], "CA's files"),
        (&["renew", "wrong", "--keep-key"], "is not the key of"),
        (&["renew", "../x"], "plain file name"),
    ];
    assert_refused(&dir, cases);
}

/// Each (arguments, error) case run with `--dir <dir>` fails with that error and leaves
/// the directory as it was.
fn assert_refused(dir: &Path, cases: &[(&[&str], &str)]) {
    let before = snapshot(dir);
    for (args, expected) in cases {
        let line = fails(&[args, &["--dir", s(dir)][..]].concat());
        assert!(line.contains(expected), "{args:?}: {line}");
        assert_eq!(snapshot(dir), before, "{args:?} changed the directory");
    }
}

#[test]
fn dry_runs_write_nothing() {
    let (tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    // On an empty directory: init and ca create nothing, not even the directory.
    for cmd in ["init", "ca"] {
        let stdout = run_stdout(&[cmd, "--dir", d, "--dry-run"]);
        assert!(
            stdout.contains("nothing was written") && stdout.contains("ca.key"),
            "{stdout}"
        );
        let json = run_json(&[cmd, "--dir", d, "--dry-run"]);
        assert_eq!(json["dry_run"], true);
        assert_eq!(json["files"].as_array().unwrap().len(), 0);
        assert!(
            json["planned"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["path"] == s(&dir.join("ca.pem")))
        );
        assert!(!dir.exists(), "{cmd} --dry-run created the directory");
    }
    run_stdout(&["init", "--dir", d, "--quiet", "--key-type", "ecdsa-p256"]);
    let csr = openssl_csr(tmp.path(), "ext", "ext.example", &[]);
    let last = srl(&dir);
    let before = (snapshot(&dir), snapshot(tmp.path()));
    let cases: Vec<Vec<&str>> = vec![
        vec!["init", "--force"],
        vec!["ca", "--force"],
        vec!["server", "--name", "s2"],
        vec!["client", "--force"],
        vec!["sign", "--csr", s(&csr), "--profile", "server"],
        vec!["renew"],
        vec!["renew", "client", "--keep-key"],
    ];
    for case in cases {
        let mut args = case.clone();
        args.extend(["--dir", d, "--dry-run"]);
        let stdout = run_stdout(&args);
        assert!(stdout.contains("nothing was written"), "{case:?}: {stdout}");
        let json = run_json(&args);
        assert_eq!(json["dry_run"], true, "{case:?}");
        let planned = json["planned"].as_array().unwrap();
        assert!(!planned.is_empty(), "{case:?}");
        assert!(
            planned
                .iter()
                .all(|f| f["path"].as_str().unwrap().starts_with('/')),
            "{json}"
        );
        assert_eq!(
            (snapshot(&dir), snapshot(tmp.path())),
            before,
            "{case:?} wrote something"
        );
    }
    // The predicted serial is the one a real run takes.
    let json = run_json(&["client", "--name", "p", "--dir", d, "--dry-run"]);
    let predicted = find(&json["planned"], "name", "p.pem")["serial"].clone();
    assert_eq!(norm_hex(predicted.as_str().unwrap()), hex_add(&last, 1));
    run_quiet("client", &dir, &["--name", "p", "--key-type", "ecdsa-p256"]);
    assert_eq!(serial(&dir, "p.pem"), hex_add(&last, 1));
}

#[test]
fn error_paths_leave_nothing_behind() {
    let (tmp, empty) = temp_cert_dir();
    fs::create_dir(&empty).unwrap();
    let missing = tmp.path().join("missing");
    for cmd in ["server", "client"] {
        let line = fails(&[cmd, "--dir", s(&empty), "--key-type", "ecdsa-p256"]);
        assert!(
            line.contains("no CA in") && line.contains("milvus-cert ca"),
            "{line}"
        );
        let line = fails(&[cmd, "--dir", s(&missing), "--key-type", "ecdsa-p256"]);
        assert!(line.contains("no CA in"), "{line}");
    }
    let line = fails(&["renew", "--dir", s(&empty)]);
    assert!(line.contains("nothing to renew"), "{line}");
    assert_eq!(fs::read_dir(&empty).unwrap().count(), 0);
    assert!(!missing.exists());

    let (_t, dir) = tmp_with_ca();
    let d = s(&dir);
    run_stdout(&["client", "--dir", d, "--quiet", "--key-type", "ecdsa-p256"]);
    let cases: &[(&[&str], &str)] = &[
        (&["client"], "client.key' already exists"),
        (&["server", "--name", "ca"], "CA's files"),
        (&["client", "--name", "a/b"], "plain file name"),
        (&["server", "--cn", "bad name"], "--cn"),
        (&["server", "--san", "bad name!"], "--san"),
        (&["client", "--days", "0"], "--days must be at least 1"),
        (&["server", "--key-bits", "1024"], "2048, 3072 or 4096"),
        (&["ca", "--country", "Germany"], "two-letter"),
        (
            &["sign", "--csr", "ca.srl", "--profile", "server"],
            "ca.srl",
        ),
        (&["renew", "--keep-key", "--key-type", "rsa"], "--keep-key"),
    ];
    assert_refused(&dir, cases);
    // A garbage ca.srl is named, and nothing is issued.
    fs::write(dir.join("ca.srl"), "zz\n").unwrap();
    let before = snapshot(&dir);
    let line = fails(&["server", "--dir", d, "--key-type", "ecdsa-p256"]);
    assert!(
        line.contains("ca.srl") && line.contains("not hexadecimal"),
        "{line}"
    );
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn fifty_concurrent_issuers_never_share_a_serial() {
    let (_tmp, dir) = tmp_with_ca();
    let d = s(&dir);
    let start = srl(&dir);
    // Hold the directory's lock ourselves while the 50 start, so they all wait on it and
    // then race for it at once when it is released.
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".milvus-cert.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut children: Vec<_> = (0..50)
        .map(|i| {
            bin()
                .args(argv(
                    "client --key-type ecdsa-p256 --quiet --dir",
                    &[d, "--name", &format!("c{i}")],
                ))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn milvus-cert")
        })
        .collect();
    wait_for_lock_waiters(&lock, 50, &mut children);
    for (i, child) in children.iter_mut().enumerate() {
        // Deterministic while we hold the lock: nobody may finish or write a certificate.
        assert!(
            child.try_wait().unwrap().is_none(),
            "c{i} did not wait for the lock"
        );
    }
    assert!(
        !dir.join("c0.pem").exists() && srl(&dir) == start,
        "issued while locked"
    );
    drop(lock);
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "c{i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let serials: BTreeSet<String> = (0..50)
        .map(|i| serial(&dir, &format!("c{i}.pem")))
        .collect();
    assert_eq!(serials.len(), 50, "two certificates share a serial");
    let expected: BTreeSet<String> = (1..=50).map(|n| hex_add(&start, n)).collect();
    assert_eq!(serials, expected, "serials are not start+1..start+50");
    assert_eq!(
        srl(&dir),
        hex_add(&start, 50),
        "ca.srl is not the highest serial"
    );
    let files: Vec<String> = (0..50).map(|i| format!("c{i}.pem")).collect();
    let mut argv = vec!["verify", "-CAfile", "ca.pem", "-purpose", "sslclient"];
    argv.extend(files.iter().map(String::as_str));
    let out = openssl_ok(&dir, &argv);
    assert_eq!(out.matches(": OK").count(), 50, "{out}");
    assert!(
        !dir.join(".milvus-cert.lock").exists(),
        "the lock file is left behind"
    );
    assert!(snapshot(&dir).keys().all(|k| !k.ends_with(".tmp")));
}

/// Waits (bounded) until `n` processes are blocked on `lock`, as /proc/locks lists them,
/// or until a child exits (which a working lock makes impossible).
fn wait_for_lock_waiters(lock: &fs::File, n: usize, children: &mut [std::process::Child]) {
    use std::os::unix::fs::MetadataExt;
    let ino = lock.metadata().unwrap().ino();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let locks = fs::read_to_string("/proc/locks").unwrap_or_default();
        let waiting = locks
            .lines()
            .filter(|l| l.contains("->") && l.contains(&format!(":{ino} ")))
            .count();
        let exited = children.iter_mut().any(|c| c.try_wait().unwrap().is_some());
        if waiting >= n || exited || std::time::Instant::now() > deadline {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn help_has_examples_and_exit_codes() {
    for cmd in ["ca", "server", "client", "sign", "renew", "init"] {
        let out = run_stdout(&[cmd, "--help"]);
        assert!(
            out.contains("EXAMPLES:") && out.contains("EXIT CODES:"),
            "{cmd}: {out}"
        );
        assert!(
            out.contains(&format!("$ milvus-cert {cmd}")),
            "{cmd}: {out}"
        );
    }
}

#[test]
fn renew_keeps_a_gen_sh_leaf_s_subject_encoding_and_adds_its_cn_as_a_san() {
    let tmp = gen_sh_tmp();
    let dir = tmp.path();
    let last = srl(dir);
    let subject = |f: &str| {
        openssl_ok(
            dir,
            &argv(
                "x509 -in",
                &[f, "-noout", "-subject", "-nameopt", "multiline,show_type"],
            ),
        )
    };
    let old = subject("server.pem");
    assert!(
        old.contains("PRINTABLESTRING") || old.contains("UTF8STRING"),
        "{old}"
    );
    let out = run(&argv("renew server --key-type ecdsa-p256 --dir", &[s(dir)]));
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    // No CN-only certificate again: the CN becomes a SAN, so nothing to warn about.
    assert!(!stderr.contains("no subjectAltName"), "{stderr}");
    assert_eq!(
        subject("server.pem"),
        old,
        "the subject's text or string types changed"
    );
    assert_eq!(subject("server.pem.bak"), old);
    assert_eq!(serial(dir, "server.pem"), hex_add(&last, 1));
    verifies(dir, &["server.pem"]);
    let t = x509_text(dir, "server.pem");
    assert!(
        t.contains("ASN1 OID: prime256v1") && t.contains("CA:FALSE"),
        "{t}"
    );
    assert!(t.contains("DNS:localhost"), "{t}");
}

/// `ca` then `init`: init reuses the CA and continues its ca.srl without --force, and
/// still refuses to replace leaves that exist.
#[test]
fn init_after_ca_continues_the_serial_without_force() {
    let (_tmp, dir) = temp_cert_dir();
    run_stdout(&argv("ca --key-type ecdsa-p256 --quiet --dir", &[s(&dir)]));
    let ca_before = fs::read(dir.join("ca.pem")).unwrap();
    let start = srl(&dir);
    run_stdout(&argv(
        "init --key-type ecdsa-p256 --quiet --dir",
        &[s(&dir)],
    ));
    assert_eq!(
        fs::read(dir.join("ca.pem")).unwrap(),
        ca_before,
        "the CA is kept"
    );
    assert_eq!(serial(&dir, "server.pem"), hex_add(&start, 1));
    assert_eq!(serial(&dir, "client.pem"), hex_add(&start, 2));
    assert_eq!(srl(&dir), hex_add(&start, 2));
    verifies(&dir, &["-purpose", "sslserver", "server.pem"]);
    verifies(&dir, &["-purpose", "sslclient", "client.pem"]);
    let before = snapshot(&dir);
    let err = fails(&["init", "--dir", s(&dir), "--key-type", "ecdsa-p256"]);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(snapshot(&dir), before, "a refused init writes nothing");
}
