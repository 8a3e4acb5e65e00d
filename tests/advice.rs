//! Fix hints that fix: for each finding code with a command, a directory is built with
//! that finding, the command is run exactly as `verify --json` prints it (through a
//! shell, with this build of milvus-cert first on PATH), and verify then reports the
//! finding gone and no error that was not there before. openssl makes the bad files.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

fn verify_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["verify", s(dir), "--json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let (stdout, stderr) = text(&out);
    assert!(out.status.code().unwrap() < 2, "verify failed: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// The proof: `code` on `file` has a command; running it removes the finding and adds
/// no error. Returns the command that was run.
fn prove(dir: &Path, verify_extra: &[&str], code: &str, file: &str) -> String {
    let before = verify_json(dir, verify_extra);
    let findings = before["findings"].as_array().unwrap();
    let finding = findings
        .iter()
        .find(|f| f["code"] == code && f["file"] == file);
    let finding = finding.unwrap_or_else(|| panic!("no {code} on {file}: {before:#}"));
    let command = finding["fix_command"]
        .as_str()
        .unwrap_or_else(|| panic!("{code} on {file} has no command: {finding:#}"))
        .to_string();
    let hint = finding["hint"].as_str().unwrap();
    assert!(hint.contains(&format!("`{command}`")), "{hint}");
    assert!(command.contains("--dir "), "{command}");
    let out = sh(&command);
    assert!(
        out.status.success(),
        "`{command}` failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = verify_json(dir, verify_extra);
    let gone =
        |set: &BTreeSet<(String, String)>| !set.contains(&(code.to_string(), file.to_string()));
    assert!(
        gone(&at(&after, "error")) && gone(&at(&after, "warning")),
        "`{command}` left {code} on {file}: {after:#}"
    );
    let new_errors: Vec<_> = at(&after, "error")
        .difference(&at(&before, "error"))
        .cloned()
        .collect();
    assert!(new_errors.is_empty(), "`{command}` added {new_errors:?}");
    command
}

/// genpkey's arguments for a P-256 key.
const EC_P256: [&str; 3] = ["EC", "-pkeyopt", "ec_paramgen_curve:P-256"];

/// A key (P-256) and a certificate for `name`, signed by the directory's CA with `openssl
/// x509 -req`, with the extension lines `ext` (none: an X.509 v1 certificate).
fn openssl_leaf(dir: &Path, name: &str, cn: &str, ext: Option<&str>, extra: &[&str]) {
    let (_, csr) = openssl_key_and_csr(dir, name, cn, &EC_P256);
    let pem = format!("{name}.pem");
    let mut args = vec!["-days", "365", "-set_serial", "4242"];
    let ext_file = dir.parent().unwrap().join(format!("{name}.ext"));
    if let Some(ext) = ext {
        fs::write(&ext_file, format!("[v3]\n{ext}\n")).unwrap();
        args.extend(["-extfile", s(&ext_file), "-extensions", "v3"]);
    }
    args.extend_from_slice(extra);
    ca_signs(dir, s(&csr), &pem, &args);
}

/// `NAME.key` made by `openssl genpkey -algorithm ALG…` and a CSR for it (outside `dir`).
fn openssl_key_and_csr(
    dir: &Path,
    name: &str,
    cn: &str,
    alg: &[&str],
) -> (String, std::path::PathBuf) {
    let key = format!("{name}.key");
    let mut args = vec!["genpkey", "-algorithm"];
    args.extend_from_slice(alg);
    args.extend(["-out", &key]);
    openssl_ok(dir, &args);
    let csr = dir.parent().unwrap().join(format!("{name}.req"));
    let subj = format!("/CN={cn}");
    openssl_ok(
        dir,
        &["req", "-new", "-key", &key, "-subj", &subj, "-out", s(&csr)],
    );
    (key, csr)
}

/// `NAME.pem` (P-256, SAN `DNS:<cn>`) signed by the directory's CA with `openssl ca`,
/// valid from the start of `years.0` to the start of `years.1`: `openssl x509 -req` of
/// OpenSSL 3.0 cannot set either date.
fn openssl_leaf_dated(dir: &Path, name: &str, cn: &str, years: (i32, i32)) {
    let (_, csr) = openssl_key_and_csr(dir, name, cn, &EC_P256);
    let year = |y| {
        time::Date::from_calendar_date(y, time::Month::January, 1)
            .unwrap()
            .midnight()
            .assume_utc()
    };
    let (ca_pem, ca_key) = (dir.join("ca.pem"), dir.join("ca.key"));
    let pem = dir.join(format!("{name}.pem"));
    let ext = format!("subjectAltName = DNS:{cn}\n");
    openssl_ca_sign(
        &ca_pem,
        &ca_key,
        &csr,
        &pem,
        (year(years.0), year(years.1)),
        &ext,
    );
}

#[test]
fn a_missing_server_name_is_added_keeping_every_name_and_the_client_key() {
    let (_tmp, dir) = init_dir(&["--cn", "milvus.example.com"]);
    let client_key = fs::read(dir.join("client.key")).unwrap();
    let command = prove(
        &dir,
        &["--server-name", "10.0.0.5"],
        "server-name-not-in-san",
        "server.pem",
    );
    assert!(!command.contains("--force") && command.contains("renew server"));
    let text = x509_text(&dir, "server.pem");
    assert!(text.contains("DNS:milvus.example.com"), "{text}");
    assert!(text.contains("IP Address:10.0.0.5"), "{text}");
    assert!(text.contains("CN=milvus.example.com") || text.contains("CN = milvus.example.com"));
    assert_eq!(fs::read(dir.join("client.key")).unwrap(), client_key);
    assert!(dir.join("server.pem.bak").exists() && dir.join("server.key.bak").exists());
    // Checking for the old name still passes: nothing was dropped.
    let again = verify_json(&dir, &["--server-name", "milvus.example.com"]);
    assert_eq!(again["summary"]["errors"], 0, "{again:#}");
}

#[test]
fn a_cn_only_certificate_gets_sans_from_renew_and_stays_with_its_ca() {
    let (_tmp, dir) = init_dir(&[]);
    let ca = fs::read(dir.join("ca.pem")).unwrap();
    openssl_leaf(&dir, "server", "localhost", None, &[]);
    prove(&dir, &[], "server-name-cn-only", "server.pem");
    let text = x509_text(&dir, "server.pem");
    assert!(text.contains("DNS:localhost"), "{text}");
    assert_eq!(fs::read(dir.join("ca.pem")).unwrap(), ca);
    // The v1 certificate became v3 on the way.
    assert!(
        !at(&verify_json(&dir, &[]), "warning")
            .contains(&("v1-certificate".into(), "server.pem".into()))
    );
}

#[test]
fn a_cn_that_does_not_match_is_kept_and_the_name_added() {
    let (_tmp, dir) = init_dir(&[]);
    openssl_leaf(&dir, "server", "foo.internal", None, &[]);
    prove(
        &dir,
        &["--server-name", "bar.internal"],
        "server-name-mismatch",
        "server.pem",
    );
    let text = x509_text(&dir, "server.pem");
    assert!(text.contains("DNS:foo.internal"), "{text}");
    assert!(text.contains("DNS:bar.internal"), "{text}");
}

#[test]
fn expiring_leaves_are_renewed_for_longer_than_the_warning_window() {
    let (_tmp, dir) = init_dir(&["--days", "10"]);
    let command = prove(&dir, &[], "expiring-soon", "server.pem");
    assert!(
        command.contains("renew server") && command.contains("--days"),
        "{command}"
    );
    prove(&dir, &[], "expiring-soon", "client.pem");
}

#[test]
fn an_expiring_ca_is_rotated_with_every_leaf() {
    let (_tmp, dir) = init_dir(&["--ca-days", "20", "--days", "10"]);
    let command = prove(&dir, &[], "expiring-soon", "ca.pem");
    assert!(command.contains("rotate-ca --all"), "{command}");
}

#[test]
fn a_key_that_does_not_match_is_replaced_with_a_backup() {
    let (_tmp, dir) = init_dir(&[]);
    fs::copy(dir.join("client.key"), dir.join("server.key")).unwrap();
    prove(&dir, &[], "key-mismatch", "server.pem");
}

#[test]
fn lost_broken_or_encrypted_keys_are_replaced_by_renewing_their_certificate() {
    let (_tmp, dir) = init_dir(&[]);
    fs::remove_file(dir.join("server.key")).unwrap();
    prove(&dir, &[], "file-missing", "server.key");

    fs::write(dir.join("server.key"), "not a key\n").unwrap();
    prove(&dir, &[], "file-malformed", "server.key");

    fs::copy(dir.join("server.pem"), dir.join("server.key")).unwrap();
    prove(&dir, &[], "wrong-content", "server.key");

    // openssl truncates its output before reading its input: never in place.
    openssl_ok(
        &dir,
        &argv(
            "pkcs8 -topk8 -in server.key -out enc.key -v2 aes-256-cbc -passout pass:secret",
            &[],
        ),
    );
    fs::rename(dir.join("enc.key"), dir.join("server.key")).unwrap();
    prove(&dir, &[], "key-encrypted", "server.key");
}

#[test]
fn missing_client_files_and_an_empty_directory_are_made() {
    let (tmp, dir) = init_dir(&[]);
    fs::remove_file(dir.join("client.pem")).unwrap();
    fs::remove_file(dir.join("client.key")).unwrap();
    let command = prove(&dir, &[], "file-missing", "client.pem");
    assert!(
        command.contains("client") && command.contains("--force"),
        "{command}"
    );
    assert!(
        dir.join("client.csr.bak").exists(),
        "the replaced CSR is kept"
    );

    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    prove(&empty, &[], "file-missing", "server.pem");
}

#[test]
fn wrong_extended_key_usages_are_fixed_by_renew() {
    let (_tmp, dir) = init_dir(&[]);
    openssl_leaf(
        &dir,
        "server",
        "localhost",
        Some("subjectAltName=DNS:localhost\nextendedKeyUsage=clientAuth"),
        &[],
    );
    prove(&dir, &[], "server-eku-no-serverauth", "server.pem");
    openssl_leaf(
        &dir,
        "client",
        "milvus-client",
        Some("extendedKeyUsage=serverAuth"),
        &[],
    );
    prove(&dir, &[], "client-eku-no-clientauth", "client.pem");
    openssl_leaf(
        &dir,
        "app",
        "app",
        Some("extendedKeyUsage=codeSigning"),
        &[],
    );
    prove(&dir, &[], "leaf-eku-no-tls", "app.pem");
}

#[test]
fn weak_material_is_reissued() {
    let (_tmp, dir) = init_dir(&[]);
    openssl_leaf(
        &dir,
        "server",
        "localhost",
        Some("subjectAltName=DNS:localhost"),
        &["-sha1"],
    );
    prove(&dir, &[], "weak-signature", "server.pem");
    openssl_ok(&dir, &["ec", "-in", "client.key", "-out", "sec1.key"]);
    fs::rename(dir.join("sec1.key"), dir.join("client.key")).unwrap();
    prove(&dir, &[], "key-not-pkcs8", "client.key");
}

#[test]
fn a_weak_rsa_key_is_replaced_with_a_2048_bit_one() {
    let (_tmp, dir) = init_dir(&[]);
    let weak = ["RSA", "-pkeyopt", "rsa_keygen_bits:1024"];
    let (_, csr) = openssl_key_and_csr(&dir, "server", "localhost", &weak);
    let ext = dir.parent().unwrap().join("weak.ext");
    fs::write(
        &ext,
        "[v3]\nsubjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    let args = argv(
        "-days 365 -set_serial 4244 -extensions v3 -extfile",
        &[s(&ext)],
    );
    ca_signs(&dir, s(&csr), "server.pem", &args);
    assert!(x509_text(&dir, "server.pem").contains("(1024 bit)"));
    let command = prove(&dir, &[], "weak-rsa-key", "server.pem");
    assert!(
        command.contains("renew server") && !command.contains("--force"),
        "{command}"
    );
    let text = x509_text(&dir, "server.pem");
    assert!(text.contains("(2048 bit)"), "{text}");
    assert!(text.contains("DNS:localhost"), "{text}");
}

#[test]
fn expired_and_not_yet_valid_leaves_are_renewed_from_now() {
    let (_tmp, dir) = init_dir(&[]);
    openssl_leaf_dated(&dir, "server", "localhost", (2020, 2021));
    let command = prove(&dir, &[], "expired", "server.pem");
    assert!(command.contains("renew server"), "{command}");
    assert!(x509_text(&dir, "server.pem").contains("DNS:localhost"));

    openssl_leaf_dated(&dir, "server", "localhost", (2099, 2100));
    let command = prove(&dir, &[], "not-yet-valid", "server.pem");
    assert!(command.contains("renew server"), "{command}");
    let after = verify_json(&dir, &[]);
    assert!(
        at(&after, "ok").contains(&("validity-ok".into(), "server.pem".into())),
        "{after:#}"
    );
}

#[test]
fn unparsable_certificates_and_keys_are_replaced() {
    let (_tmp, dir) = init_dir(&[]);
    // Well-formed PEM whose DER is no certificate (SEQUENCE { INTEGER 0 }): bad-certificate.
    let junk = |label: &str| format!("-----BEGIN {label}-----\nMAMCAQA=\n-----END {label}-----\n");
    fs::write(dir.join("server.pem"), junk("CERTIFICATE")).unwrap();
    prove(&dir, &[], "bad-certificate", "server.pem");
    fs::write(dir.join("client.key"), junk("PRIVATE KEY")).unwrap();
    let command = prove(&dir, &[], "bad-key", "client.key");
    assert!(command.contains("renew client"), "{command}");
    // Broken PEM framing (base64 that does not decode) and an empty file: file-malformed.
    fs::write(
        dir.join("client.pem"),
        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    prove(&dir, &[], "file-malformed", "client.pem");
    fs::write(dir.join("server.pem"), "").unwrap();
    prove(&dir, &[], "file-malformed", "server.pem");
}

#[test]
fn ed25519_leaves_and_cas_are_reissued_with_ecdsa() {
    let (_tmp, dir) = init_dir(&["--key-type", "ed25519"]);
    let command = prove(&dir, &[], "ed25519-key", "server.pem");
    assert!(!command.contains("--new-ca"), "{command}");
    prove(&dir, &[], "ed25519-key", "ca.pem");
}

#[test]
fn hints_without_a_single_command_say_so() {
    let (_tmp, dir) = init_dir(&[]);
    let (_other_tmp, other) = init_dir(&[]);
    fs::copy(other.join("ca.pem"), dir.join("ca.pem")).unwrap();
    let report = verify_json(&dir, &[]);
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "chain-bad-signature" || f["code"] == "chain-unknown-issuer")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert!(finding["fix_command"].is_null(), "{finding:#}");
    assert!(
        finding["hint"]
            .as_str()
            .unwrap()
            .starts_with("no single command"),
        "{finding:#}"
    );
    // Without ca.key nothing can be re-issued, and the hint says so instead of a
    // command that fails.
    let (_t, dir) = init_dir(&["--cn", "milvus.example.com"]);
    fs::remove_file(dir.join("ca.key")).unwrap();
    let report = verify_json(&dir, &["--server-name", "other.example.com"]);
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "server-name-not-in-san")
        .unwrap();
    assert!(finding["fix_command"].is_null(), "{finding:#}");
    assert!(
        finding["hint"].as_str().unwrap().contains("ca.key"),
        "{finding:#}"
    );
}

/// verify's and emit-config's verdict on `name` for DIR/server.pem: (verify says it
/// matches, emit-config does not warn that it is not a SAN).
fn both_verdicts(dir: &Path, name: &str) -> (bool, bool) {
    let report = verify_json(dir, &["--server-name", name]);
    let verify_ok = at(&report, "ok").contains(&("server-name-ok".into(), "server.pem".into()));
    let words = "--format client --client python --mode 1 --server-name";
    let (_, stderr) = text(&run_ok(&emit_cmd(dir, words, &[name])));
    (verify_ok, !stderr.contains("is not a subjectAltName"))
}

#[test]
fn verify_and_emit_config_share_one_name_matcher() {
    let (_tmp, dir) = init_dir(&[]);
    openssl_leaf(
        &dir,
        "server",
        "localhost",
        Some("subjectAltName=DNS:*.com,DNS:*.example.com,IP:10.0.0.5,DNS:10.0.0.6"),
        &[],
    );
    for (name, expected) in [
        ("foo.com", false),
        ("a.example.com", true),
        ("A.Example.COM", true),
        ("example.com", false),
        ("a.b.example.com", false),
        ("10.0.0.5", true),
        ("10.0.0.6", false),
        ("localhost", false),
    ] {
        assert_eq!(
            both_verdicts(&dir, name),
            (expected, expected),
            "{name}: (verify, emit-config)"
        );
    }
}

#[test]
fn verify_and_emit_config_default_to_the_same_server_name() {
    let (_tmp, dir) = init_dir(&[]);
    openssl_leaf(
        &dir,
        "server",
        "cn.example",
        Some("subjectAltName=DNS:first.example,DNS:second.example"),
        &[],
    );
    let report = verify_json(&dir, &[]);
    assert_eq!(report["server_name"], "first.example", "{report:#}");
    let stdout = run_stdout(&emit_cmd(
        &dir,
        "--format client --client python --mode 1",
        &[],
    ));
    assert!(stdout.contains("\"first.example\""), "{stdout}");
    assert!(!stdout.contains("cn.example"), "{stdout}");
}

#[test]
fn rotate_ca_all_and_status_see_the_same_leaves_crt_included() {
    let (_tmp, dir) = init_dir(&[]);
    openssl_leaf(&dir, "app", "app", Some("subjectAltName=DNS:app"), &[]);
    fs::rename(dir.join("app.pem"), dir.join("app.crt")).unwrap();
    let status_files = |dir: &Path| -> BTreeSet<String> {
        let out = run(&["status", s(dir), "--json"]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["file"].as_str().unwrap().to_string())
            .collect()
    };
    let before = status_files(&dir);
    assert!(before.contains("app.crt"), "{before:?}");
    let out = run(&["rotate-ca", "--dir", s(&dir), "--all", "--json"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let reissued: BTreeSet<String> = v["reissued"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    let leaves: BTreeSet<String> = before
        .iter()
        .filter(|f| *f != "ca.pem")
        .map(|f| f.rsplit_once('.').unwrap().0.to_string())
        .collect();
    assert_eq!(reissued, leaves);
    assert!(dir.join("app.old.crt").exists() && dir.join("app.old.key").exists());
    // Status reads the new generation, not the archive, and the new app.crt verifies.
    let after = status_files(&dir);
    assert!(
        after.contains("app.crt") && !after.contains("app.old.crt"),
        "{after:?}"
    );
    openssl_ok(&dir, &["verify", "-CAfile", "ca.pem", "app.crt"]);
    let report = verify_json(&dir, &[]);
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
}

#[test]
fn renew_keeps_key_usage_and_basic_constraints_in_its_csr() {
    let (_tmp, dir) = init_dir(&[]);
    common::run_ok(&["renew", "server", "--dir", s(&dir), "--quiet"]);
    let csr = openssl_ok(&dir, &["req", "-in", "server.csr", "-noout", "-text"]);
    assert!(csr.contains("X509v3 Key Usage"), "{csr}");
    assert!(csr.contains("Digital Signature"), "{csr}");
    assert!(
        csr.contains("X509v3 Basic Constraints") && csr.contains("CA:FALSE"),
        "{csr}"
    );
    assert!(csr.contains("TLS Web Server Authentication"), "{csr}");
}

#[cfg(unix)]
#[test]
fn verify_warns_about_a_ca_key_others_can_read() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir) = init_dir(&[]);
    let key = dir.join("ca.key");
    fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
    let report = verify_json(&dir, &[]);
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "key-loose")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["file"], "ca.key");
    assert!(finding["hint"].as_str().unwrap().contains("chmod 600"));
    fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
    let report = verify_json(&dir, &[]);
    assert!(!at(&report, "warning").contains(&("key-loose".into(), "ca.key".into())));
}

#[test]
fn inspect_of_a_gen_sh_directory_reports_no_error_for_its_other_files() {
    let tmp = gen_sh_tmp();
    let dir = tmp.path();
    fs::write(dir.join(".milvus-cert.lock"), "").unwrap();
    let out = run(&["inspect", s(dir), "--json"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    for file in v["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        assert!(path.starts_with('/'), "{path}");
        assert!(
            !path.ends_with(".milvus-cert.lock"),
            "the lock file is listed"
        );
        assert!(file["error"].is_null(), "{file:#}");
    }
    // A broken certificate file is still an error.
    fs::write(dir.join("broken.pem"), "-----BEGIN CERTIFICATE-----\nxx\n").unwrap();
    let v: Value = serde_json::from_slice(&run(&["inspect", s(dir), "--json"]).stdout).unwrap();
    let broken = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("broken.pem"))
        .unwrap();
    assert!(broken["error"].is_string(), "{broken:#}");
}

#[test]
fn help_help_shows_the_help() {
    let out = run(&["help", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).0.contains("Usage: milvus-cert"));
}

#[test]
fn sign_says_where_it_wrote() {
    let (tmp, dir) = init_dir(&[]);
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let csr = ec_csr(&elsewhere, "app", "/CN=app", &[]);
    let stdout = run_stdout(&sign_args(s(&dir), s(&csr), "server"));
    assert!(
        !stdout.contains(&format!("in {}", dir.display())),
        "{stdout}"
    );
    assert!(stdout.contains(s(&elsewhere.join("app.pem"))), "{stdout}");
    assert!(!stdout.contains("file(s)"), "{stdout}");
}

#[test]
fn milvus_yaml_keeps_a_valid_rest_port_unless_one_is_given() {
    let (tmp, dir) = init_dir(&[]);
    let yaml = tmp.path().join("milvus.yaml");
    fs::write(&yaml, "proxy:\n  port: 19530\n  http:\n    port: 9000\n").unwrap();
    let merge = |extra: &[&str]| {
        let mut args = vec![
            "emit-config",
            "--dir",
            s(&dir),
            "--mode",
            "1",
            "--milvus-yaml",
        ];
        args.push(s(&yaml));
        args.extend_from_slice(extra);
        let out = run(&args);
        assert!(out.status.success(), "{}", text(&out).1);
        fs::read_to_string(&yaml).unwrap()
    };
    assert!(merge(&[]).contains("port: 9000"));
    assert!(merge(&["--http-port", "8081"]).contains("port: 8081"));
    // A port equal to the gRPC port is not kept: REST needs its own.
    fs::write(&yaml, "proxy:\n  port: 19530\n  http:\n    port: 19530\n").unwrap();
    assert!(merge(&[]).contains("port: 8080"));
}

#[test]
fn kubernetes_outputs_warn_when_the_server_names_only_localhost() {
    let (_tmp, dir) = init_dir(&[]);
    let (_tmp2, named) = init_dir(&["--cn", "milvus.vectors.svc"]);
    for format in ["k8s-secret", "helm-values", "cert-manager"] {
        let emit = |d: &Path| {
            let out = run(&argv(
                "emit-config --mode 2 --dir",
                &[s(d), "--format", format],
            ));
            assert!(out.status.success(), "{}", text(&out).1);
            text(&out).1
        };
        assert!(emit(&dir).contains("names only localhost"), "{format}");
        assert!(!emit(&named).contains("names only localhost"), "{format}");
    }
}

#[test]
fn a_lost_ca_key_is_explained_and_rotate_ca_replaces_the_ca() {
    let (_tmp, dir) = init_dir(&[]);
    common::run_ok(&["client", "--dir", s(&dir), "--name", "app1", "--quiet"]);
    fs::remove_file(dir.join("ca.key")).unwrap();
    for args in [
        vec!["renew", "--dir", s(&dir)],
        vec!["client", "--dir", s(&dir), "--name", "app2"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out).1;
        assert!(stderr.contains("rotate-ca --all"), "{args:?}: {stderr}");
    }
    // The command the message names works without the lost key.
    let out = run(&["renew", "--dir", s(&dir)]);
    let stderr = text(&out).1;
    let start = stderr.find('`').unwrap() + 1;
    let command = &stderr[start..start + stderr[start..].find('`').unwrap()];
    let out = sh(command);
    assert!(out.status.success(), "`{command}`: {}", text(&out).1);
    assert!(dir.join("ca.key").exists() && !dir.join("ca.old.key").exists());
    assert!(dir.join("ca.old.pem").exists());
    for leaf in ["server.pem", "client.pem", "app1.pem"] {
        openssl_ok(&dir, &["verify", "-CAfile", "ca.pem", leaf]);
    }
    let report = verify_json(&dir, &[]);
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
}

#[test]
fn cert_manager_takes_the_passphrase_of_an_encrypted_ca_key() {
    let (tmp, dir) = temp_cert_dir();
    let pass = tmp.path().join("pass");
    fs::write(&pass, "correct horse\n").unwrap();
    common::run_ok(&argv(
        "init --quiet --encrypt-ca-key --dir",
        &[s(&dir), "--passphrase-file", s(&pass)],
    ));
    let emit = |extra: &[&str]| {
        let mut args = vec!["emit-config", "--dir", s(&dir), "--mode", "2"];
        args.extend(["--format", "cert-manager"]);
        args.extend_from_slice(extra);
        run(&args)
    };
    let out = emit(&[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out).1;
    assert!(stderr.contains("--passphrase-file"), "{stderr}");
    assert!(!stderr.contains("openssl pkey"), "{stderr}");
    let out = emit(&["--passphrase-file", s(&pass)]);
    let (yaml, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    // The CA Secret's key is the plain key of ca.pem, as openssl reads it.
    let b64 = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix("tls.key: "))
        .unwrap();
    let key = tmp.path().join("secret.key");
    let decoded = Command::new("sh")
        .args(["-c", &format!("echo {b64} | base64 -d > {}", s(&key))])
        .status()
        .unwrap();
    assert!(decoded.success());
    let from_key = openssl_ok(tmp.path(), &["pkey", "-in", s(&key), "-pubout"]);
    let from_cert = openssl_ok(&dir, &["x509", "-in", "ca.pem", "-noout", "-pubkey"]);
    assert_eq!(from_key, from_cert);
    // Nothing plain was written next to the encrypted key.
    assert!(
        fs::read_to_string(dir.join("ca.key"))
            .unwrap()
            .contains("ENCRYPTED")
    );
}

#[test]
fn ctrl_c_leaves_no_new_directory_and_no_lock_file() {
    if !cfg!(debug_assertions) {
        return; // the fault hook that raises SIGINT exists in debug builds only
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new").join("cert");
    let interrupted = |args: &[&str]| {
        let out = common::bin()
            .args(args)
            .env("MILVUS_CERT_FAULT", "locked:sigint")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(130), "{}", text(&out).1);
        assert!(text(&out).1.contains("interrupted"), "{}", text(&out).1);
    };
    interrupted(&["init", "--dir", s(&dir)]);
    assert!(
        !tmp.path().join("new").exists(),
        "the new directories were left"
    );

    let (_t, dir) = init_dir(&[]);
    let before: BTreeSet<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    interrupted(&["server", "--dir", s(&dir), "--name", "s2"]);
    let after: BTreeSet<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "the lock file or a partial file was left");
}
