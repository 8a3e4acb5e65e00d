//! A passphrase-protected ca.key: written by `--encrypt-ca-key`, read by every command that
//! signs (passphrase from --passphrase-file, MILVUS_CERT_CA_PASSPHRASE or a terminal
//! prompt), and interchangeable with keys OpenSSL encrypts. Checked with the openssl CLI.

mod common;

use common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const ENV: &str = "MILVUS_CERT_CA_PASSPHRASE";
const PASS: &str = "correct horse battery";

/// milvus-cert with no passphrase in the environment unless `env` gives one; stdin is
/// not a terminal.
fn mc(args: &[&str], env: Option<&str>) -> Output {
    let mut cmd = common::bin();
    cmd.env_remove(ENV).stdin(Stdio::null()).args(args);
    if let Some(value) = env {
        cmd.env(ENV, value);
    }
    cmd.output().expect("run milvus-cert")
}

fn mc_ok(args: &[&str], env: Option<&str>) -> Output {
    let out = mc(args, env);
    assert!(
        out.status.success(),
        "milvus-cert {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Asserts a clean failure: exit 2, one line on stderr containing every `wanted` part,
/// and the passphrase nowhere in the output.
fn assert_fails(out: &Output, wanted: &[&str]) -> String {
    let (stdout, stderr) = text(out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    for part in wanted {
        assert!(stderr.contains(part), "{part:?} not in: {stderr}");
    }
    assert!(!stderr.contains(PASS) && !stdout.contains(PASS), "{stderr}");
    stderr
}

fn write_pass(tmp: &Path, name: &str, pass: &str) -> PathBuf {
    let path = tmp.join(name);
    fs::write(&path, format!("{pass}\n")).unwrap();
    // Owner-only, as passphrase files should be (others get a warning).
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// The CA key decrypts with openssl and is the key of ca.pem.
fn assert_openssl_reads_ca_key(dir: &Path, pass_file: &Path) {
    let from_key = openssl_ok(
        dir,
        &argv(
            "pkey -in ca.key -passin",
            &[&format!("file:{}", s(pass_file)), "-pubout"],
        ),
    );
    let from_cert = openssl_ok(dir, &["x509", "-in", "ca.pem", "-noout", "-pubkey"]);
    assert!(from_key.contains("BEGIN PUBLIC KEY"), "{from_key}");
    assert_eq!(from_key, from_cert);
}

#[test]
fn init_encrypts_the_ca_key_and_openssl_reads_it() {
    let (tmp, dir) = temp_cert_dir();
    let pass_file = write_pass(tmp.path(), "pass", PASS);
    let out = mc_ok(
        &argv(
            "--json init --key-type ecdsa-p256 --encrypt-ca-key --dir",
            &[s(&dir), "--passphrase-file", s(&pass_file)],
        ),
        None,
    );
    let (stdout, stderr) = text(&out);
    assert!(!stdout.contains(PASS) && !stderr.contains(PASS));
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is JSON only");
    let files = json["files"].as_array().unwrap();
    let encrypted: Vec<&str> = files
        .iter()
        .filter(|f| f["encrypted"] == true)
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(encrypted, ["ca.key"], "{json:#}");

    let key = fs::read_to_string(dir.join("ca.key")).unwrap();
    assert!(
        key.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"),
        "{key}"
    );
    let mode = fs::metadata(dir.join("ca.key"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    // PBES2 with scrypt and AES-256-CBC, as openssl parses it.
    let asn1 = openssl_ok(&dir, &["asn1parse", "-in", "ca.key"]);
    for part in [":PBES2", ":scrypt", ":aes-256-cbc"] {
        assert!(asn1.contains(part), "{part} not in:\n{asn1}");
    }
    assert_openssl_reads_ca_key(&dir, &pass_file);
    // A wrong passphrase does not open it for openssl either.
    let wrong = openssl(
        &dir,
        &["pkey", "-in", "ca.key", "-passin", "pass:wrong pass"],
    );
    assert!(!wrong.status.success());
    // The leaves stay unencrypted: Milvus and the SDKs cannot read encrypted keys.
    for key in ["server.key", "client.key"] {
        let text = fs::read_to_string(dir.join(key)).unwrap();
        assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"), "{key}");
    }
    verifies(&dir, &["server.pem"]);
    verifies(&dir, &["client.pem"]);
}

#[test]
fn every_signing_command_opens_the_encrypted_ca() {
    let (tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    let pass_file = write_pass(tmp.path(), "pass", PASS);
    let pf = s(&pass_file);
    // `ca` with the passphrase from the environment.
    mc_ok(
        &argv("ca --key-type ecdsa-p256 --encrypt-ca-key -q --dir", &[d]),
        Some(PASS),
    );
    assert_openssl_reads_ca_key(&dir, &pass_file);

    // server: environment; client: file.
    mc_ok(
        &["server", "--dir", d, "--cn", "milvus.example.com", "-q"],
        Some(PASS),
    );
    verifies(&dir, &["server.pem"]);
    mc_ok(&["client", "--dir", d, "--passphrase-file", pf, "-q"], None);
    verifies(&dir, &["client.pem"]);

    // sign: a CSR made by openssl.
    let csr = ec_csr(&dir, "app", "/CN=app.example.com", &[]);
    mc_ok(
        &argv(
            "sign --profile server -q --dir",
            &[d, "--csr", s(&csr), "--passphrase-file", pf],
        ),
        None,
    );
    verifies(&dir, &["app.pem"]);

    // renew, and init reusing the encrypted CA.
    mc_ok(
        &["renew", "--dir", d, "server", "--passphrase-file", pf, "-q"],
        None,
    );
    verifies(&dir, &["server.pem"]);
    assert!(dir.join("server.pem.bak").exists());
    mc_ok(&["init", "--dir", d, "--force", "-q"], Some(PASS));
    verifies(&dir, &["server.pem"]);
    verifies(&dir, &["client.pem"]);
    // The CA key was kept, still encrypted.
    assert!(
        fs::read_to_string(dir.join("ca.key"))
            .unwrap()
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );
    assert_openssl_reads_ca_key(&dir, &pass_file);
}

#[test]
fn a_missing_or_wrong_passphrase_is_one_line_and_writes_nothing() {
    let (tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    let pass_file = write_pass(tmp.path(), "pass", PASS);
    let wrong_file = write_pass(tmp.path(), "wrong", "not the passphrase");
    mc_ok(
        &argv(
            "init --key-type ecdsa-p256 --encrypt-ca-key -q --dir",
            &[d, "--passphrase-file", s(&pass_file)],
        ),
        None,
    );
    fs::write(
        dir.join("app.csr"),
        openssl_ok(
            &dir,
            &argv("req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null -subj /CN=app.example.com", &[]),
        ),
    )
    .unwrap();
    let before = snapshot(&dir);
    let app_csr = dir.join("app.csr");
    let commands: Vec<Vec<&str>> = vec![
        vec!["server", "--dir", d, "--name", "s2", "--force"],
        vec!["client", "--dir", d, "--name", "c2"],
        vec![
            "sign",
            "--dir",
            d,
            "--csr",
            s(&app_csr),
            "--profile",
            "client",
        ],
        vec!["renew", "--dir", d],
        vec!["init", "--dir", d, "--force"],
        vec!["server", "--dir", d, "--name", "s3", "--dry-run"],
    ];
    for args in &commands {
        // No passphrase and no terminal: says how to give one.
        let out = mc(args, None);
        assert_fails(&out, &["ca.key is encrypted", "--passphrase-file", ENV]);
        // A wrong one, from the file or from the environment.
        let mut with_file = args.clone();
        with_file.extend(["--passphrase-file", s(&wrong_file)]);
        assert_fails(
            &mc(&with_file, None),
            &["cannot decrypt", "ca.key: wrong passphrase"],
        );
        assert_fails(&mc(args, Some("wrong!")), &["ca.key: wrong passphrase"]);
        assert_eq!(snapshot(&dir), before, "{args:?} changed the directory");
    }
    // An empty or missing passphrase file is named.
    let empty = write_pass(tmp.path(), "empty", "");
    let missing = tmp.path().join("nope");
    for (words, file, wanted) in [
        ("server --name s4 --dir", &empty, "holds no passphrase"),
        ("client --name c4 --dir", &missing, "nope"),
    ] {
        let out = mc(&argv(words, &[d, "--passphrase-file", s(file)]), None);
        assert_fails(&out, &[wanted]);
    }
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn encrypting_needs_a_passphrase_of_at_least_eight_characters() {
    let (tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    for cmd in ["init", "ca"] {
        let out = mc(&[cmd, "--dir", d, "--encrypt-ca-key"], None);
        assert_fails(
            &out,
            &[
                "--encrypt-ca-key needs a passphrase",
                "--passphrase-file",
                ENV,
            ],
        );
        let out = mc(&[cmd, "--dir", d, "--encrypt-ca-key"], Some("abcdefg"));
        let err = assert_fails(&out, &["at least 8 characters"]);
        assert!(!err.contains("abcdefg"), "{err}");
        let out = mc(&[cmd, "--dir", d, "--encrypt-ca-key"], Some("         "));
        assert_fails(&out, &["only white space"]);
        let short = write_pass(tmp.path(), "short", "xyz");
        let out = mc(
            &[
                cmd,
                "--dir",
                d,
                "--encrypt-ca-key",
                "--passphrase-file",
                s(&short),
            ],
            None,
        );
        assert_fails(&out, &["at least 8 characters"]);
        assert!(!dir.exists(), "{cmd} created {d}");
    }
    // Eight characters are enough.
    mc_ok(
        &argv("ca --key-type ecdsa-p256 --encrypt-ca-key -q --dir", &[d]),
        Some("abcdefgh"),
    );
    let key = openssl_ok(
        &dir,
        &argv("pkey -in ca.key -passin pass:abcdefgh -pubout", &[]),
    );
    assert!(key.contains("BEGIN PUBLIC KEY"));
}

#[test]
fn init_keeps_an_unencrypted_existing_ca_and_says_so() {
    let (_tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    mc_ok(&["ca", "--dir", d, "--key-type", "ecdsa-p256", "-q"], None);
    let ca_key = fs::read(dir.join("ca.key")).unwrap();
    let out = mc_ok(
        &["init", "--dir", d, "--force", "--encrypt-ca-key"],
        Some(PASS),
    );
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("kept unencrypted") && stderr.contains("--new-ca"),
        "{stderr}"
    );
    assert_eq!(fs::read(dir.join("ca.key")).unwrap(), ca_key);
    verifies(&dir, &["server.pem"]);
}

/// A CA made by openssl with an encrypted key: `genpkey -aes-256-cbc` (PBES2, PBKDF2
/// with HMAC-SHA256) or `pkcs8 -topk8 -v2 aes-256-cbc -scrypt`.
#[test]
fn keys_encrypted_by_openssl_are_accepted() {
    for scrypt in [false, true] {
        let (tmp, dir) = temp_cert_dir();
        fs::create_dir(&dir).unwrap();
        let pass_file = write_pass(tmp.path(), "pass", PASS);
        let passin = format!("file:{}", s(&pass_file));
        if scrypt {
            openssl_ok(&dir, &["genpkey", "-algorithm", "RSA", "-out", "plain.key"]);
            openssl_ok(
                &dir,
                &argv(
                    "pkcs8 -topk8 -v2 aes-256-cbc -scrypt -in plain.key -passout",
                    &[&passin, "-out", "ca.key"],
                ),
            );
            fs::remove_file(dir.join("plain.key")).unwrap();
        } else {
            openssl_ok(
                &dir,
                &argv(
                    "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc -pass",
                    &[&passin, "-out", "ca.key"],
                ),
            );
        }
        let asn1 = openssl_ok(&dir, &["asn1parse", "-in", "ca.key"]);
        let kdf = if scrypt { ":scrypt" } else { ":PBKDF2" };
        assert!(asn1.contains(":PBES2") && asn1.contains(kdf), "{asn1}");
        openssl_ok(
            &dir,
            &argv(
                "req -x509 -new -key ca.key -passin",
                &[
                    &passin,
                    "-subj",
                    "/CN=OpenSSL Test CA",
                    "-days",
                    "30",
                    "-out",
                    "ca.pem",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                ],
            ),
        );
        let d = s(&dir);
        mc_ok(
            &argv("server -q --dir", &[d, "--passphrase-file", s(&pass_file)]),
            None,
        );
        verifies(&dir, &["server.pem"]);
        mc_ok(&["client", "--dir", d, "-q"], Some(PASS));
        verifies(&dir, &["client.pem"]);
        let out = mc(
            &["client", "--dir", d, "--name", "c2"],
            Some("wrong passphrase!"),
        );
        assert_fails(&out, &["ca.key: wrong passphrase"]);
        assert!(!dir.join("c2.pem").exists());
    }
}

#[test]
fn legacy_pem_encryption_is_refused_with_a_conversion_hint() {
    let (_tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    mc_ok(&["ca", "--dir", d, "--key-type", "ecdsa-p256", "-q"], None);
    openssl_ok(
        &dir,
        &argv(
            "ec -in ca.key -aes256 -passout",
            &[&format!("pass:{PASS}"), "-out", "legacy.key"],
        ),
    );
    assert!(
        fs::read_to_string(dir.join("legacy.key"))
            .unwrap()
            .contains("Proc-Type: 4,ENCRYPTED")
    );
    fs::rename(dir.join("legacy.key"), dir.join("ca.key")).unwrap();
    let out = mc(&["server", "--dir", d], Some(PASS));
    assert_fails(
        &out,
        &[
            "legacy PEM encryption",
            "openssl pkcs8 -topk8 -v2 aes-256-cbc",
        ],
    );
    assert!(!dir.join("server.pem").exists());
}

#[test]
fn verify_accepts_an_encrypted_ca_key_and_flags_an_encrypted_server_key() {
    let (tmp, dir) = temp_cert_dir();
    let d = s(&dir);
    mc_ok(
        &argv("init --key-type ecdsa-p256 --encrypt-ca-key -q --dir", &[d]),
        Some(PASS),
    );
    let out = mc(&["--json", "verify", d], None);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    let findings = json["findings"].as_array().unwrap();
    let ca_key = findings
        .iter()
        .find(|f| f["code"] == "key-encrypted")
        .expect("a key-encrypted finding for ca.key");
    assert_eq!(ca_key["severity"], "ok", "{ca_key}");
    assert_eq!(ca_key["file"], "ca.key", "{ca_key}");
    assert!(
        ca_key["message"].as_str().unwrap().contains("not checked"),
        "{ca_key}"
    );

    // With the passphrase, the match with ca.pem is checked; verify never prompts.
    let pass_file = write_pass(tmp.path(), "pass", PASS);
    for (extra, env) in [
        (vec!["--passphrase-file", s(&pass_file)], None),
        (vec![], Some(PASS)),
    ] {
        let mut args = vec!["--json", "verify", d];
        args.extend(extra);
        let out = mc(&args, env);
        assert_eq!(out.status.code(), Some(0));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let codes = findings::finding_pairs(&json, |_| true, "file");
        assert!(
            codes.contains(&("key-matches".into(), "ca.pem".into())),
            "{codes:?}"
        );
        assert!(
            !codes.iter().any(|(c, _)| c == "key-encrypted"),
            "{codes:?}"
        );
    }
    let out = mc(&["verify", d], Some("not it"));
    assert_fails(&out, &["cannot decrypt", "ca.key: wrong passphrase"]);
    // Another CA's key, encrypted: the mismatch is found.
    let other = tmp.path().join("other");
    mc_ok(
        &argv(
            "ca --key-type ecdsa-p256 --encrypt-ca-key -q --dir",
            &[s(&other)],
        ),
        Some(PASS),
    );
    let own_key = fs::read(dir.join("ca.key")).unwrap();
    fs::copy(other.join("ca.key"), dir.join("ca.key")).unwrap();
    let out = mc(&["--json", "verify", d], Some(PASS));
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "key-mismatch" && f["severity"] == "error"),
        "{json:#}"
    );
    fs::write(dir.join("ca.key"), own_key).unwrap();

    // server.key encrypted by openssl: an error, with a hint how to decrypt it.
    encrypt_key(&dir, "server.key", "secret");
    let out = mc(&["--json", "verify", d], None);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let server_key = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "key-encrypted" && f["file"] == "server.key")
        .expect("a key-encrypted finding for server.key");
    assert_eq!(server_key["severity"], "error");
    assert!(
        server_key["message"]
            .as_str()
            .unwrap()
            .contains("Milvus cannot read")
    );
    assert!(
        server_key["hint"]
            .as_str()
            .unwrap()
            .contains("renew server")
    );
    let text = mc(&["verify", d], None);
    let (stdout, _) = common::text(&text);
    assert!(stdout.contains("server.key is encrypted"), "{stdout}");
}

/// The prompt: on a terminal (a pty from util-linux `script`), `ca --encrypt-ca-key` asks
/// twice and `server` asks once; two different answers write nothing.
#[test]
fn a_terminal_is_prompted() {
    let (_tmp, dir) = temp_cert_dir();
    let bin = env!("CARGO_BIN_EXE_milvus-cert");
    let in_pty = |cmd: String, input: &str| -> Output {
        let mut child = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .env_remove(ENV)
            .env_remove("RUST_BACKTRACE")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("util-linux `script` must be installed (.ci/run installs it)");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let d = s(&dir);
    let out = in_pty(
        format!("{bin} ca --dir {d} --key-type ecdsa-p256 --encrypt-ca-key -q"),
        "pass1234\nother567\n",
    );
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("the two passphrases differ"), "{stdout}");
    assert!(!dir.exists());

    let out = in_pty(
        format!("{bin} ca --dir {d} --key-type ecdsa-p256 --encrypt-ca-key -q"),
        "pass1234\npass1234\n",
    );
    let (stdout, _) = text(&out);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("New passphrase for ca.key") && stdout.contains("Repeat"));
    let out = in_pty(format!("{bin} server --dir {d} -q"), "pass1234\n");
    let (stdout, _) = text(&out);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("Passphrase for"), "{stdout}");
    verifies(&dir, &["server.pem"]);
    let key = openssl_ok(
        &dir,
        &argv("pkey -in ca.key -passin pass:pass1234 -pubout", &[]),
    );
    assert!(key.contains("BEGIN PUBLIC KEY"));
}
