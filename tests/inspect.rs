//! `milvus-cert inspect` against files made by `milvus-cert init` and converted by
//! openssl; every shown fact is compared with what `openssl` itself prints.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn inspect_json(paths: &[&str]) -> (i32, Value, String) {
    let mut args = vec!["inspect", "--json"];
    args.extend_from_slice(paths);
    let out = run(&args);
    let (stdout, stderr) = text(&out);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (out.status.code().unwrap(), json, stderr)
}

fn items(json: &Value, file: usize) -> &Vec<Value> {
    json["files"][file]["items"].as_array().unwrap()
}

#[test]
fn certificate_facts_match_openssl() {
    let (_tmp, dir) = init_dir(&[]);
    let (code, json, _) = inspect_json(&[s(&dir.join("server.pem"))]);
    assert_eq!(code, 0);
    let cert = &items(&json, 0)[0];
    assert_eq!(cert["kind"], "certificate");
    let serial = openssl_ok(&dir, &["x509", "-in", "server.pem", "-noout", "-serial"]);
    assert_eq!(
        serial.trim().trim_start_matches("serial="),
        cert["certificate"]["serial"]
    );
    assert_eq!(
        fingerprint(&dir, "server.pem"),
        cert["certificate"]["sha256"]
    );
    let text = common::x509_text(&dir, "server.pem");
    assert!(
        text.contains("DNS:localhost, IP Address:127.0.0.1"),
        "{text}"
    );
    let sans: Vec<&str> = cert["certificate"]["sans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(sans, ["DNS:localhost", "IP:127.0.0.1", "IP:::1"]);
    assert!(text.contains("TLS Web Server Authentication"));
    assert_eq!(
        cert["extended_key_usage"],
        serde_json::json!(["serverAuth"])
    );
    assert!(text.contains("Digital Signature, Key Encipherment"));
    assert_eq!(
        cert["key_usage"],
        serde_json::json!(["digitalSignature", "keyEncipherment"])
    );
    assert!(text.contains("Public-Key: (2048 bit)"));
    assert_eq!(cert["key"]["name"], "rsa-2048");
    assert!(text.contains("Signature Algorithm: sha256WithRSAEncryption"));
    assert_eq!(cert["signature_algorithm"], "sha256WithRSAEncryption");
    assert_eq!(cert["is_ca"], false);
    assert_eq!(cert["version"], 3);
    let days = cert["days_left"].as_i64().unwrap();
    assert!((3648..=3650).contains(&days), "{days}");
    let subject = openssl_ok(
        &dir,
        &argv("x509 -in server.pem -noout -subject -nameopt RFC2253", &[]),
    );
    assert!(
        subject.contains("CN=localhost")
            && cert["certificate"]["subject"]
                .as_str()
                .unwrap()
                .contains("CN=localhost")
    );

    let (_, json, _) = inspect_json(&[s(&dir.join("ca.pem"))]);
    let ca = &items(&json, 0)[0];
    assert_eq!(ca["is_ca"], true);
    assert_eq!(ca["path_len"], 0);
    assert!(common::x509_text(&dir, "ca.pem").contains("CA:TRUE, pathlen:0"));
}

#[test]
fn a_bundle_shows_each_certificate_and_a_directory_each_file() {
    let (_tmp, dir) = init_dir(&[]);
    let bundle = format!(
        "{}{}",
        fs::read_to_string(dir.join("server.pem")).unwrap(),
        fs::read_to_string(dir.join("ca.pem")).unwrap()
    );
    fs::write(dir.join("bundle.pem"), bundle).unwrap();
    let (code, json, _) = inspect_json(&[s(&dir.join("bundle.pem"))]);
    assert_eq!(code, 0);
    let list = items(&json, 0);
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["is_ca"], false);
    assert_eq!(list[1]["is_ca"], true);

    let (code, json, _) = inspect_json(&[s(&dir)]);
    assert_eq!(code, 0);
    let names: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            Path::new(f["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut expected = [&["bundle.pem"][..], &INIT_FILES].concat();
    expected.sort();
    assert_eq!(names, expected);
    let kinds: BTreeSet<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["kind"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        kinds,
        ["certificate", "csr", "other", "private-key"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    let text = text(&run(&["inspect", s(&dir)])).0;
    assert!(text.contains("[2] certificate"), "{text}");
    assert!(text.contains("days left"), "{text}");
}

#[test]
fn key_formats_are_named_and_keys_never_shown() {
    let (_tmp, dir) = init_dir(&[]);
    let (_e, ec) = init_dir(&["--key-type", "ecdsa-p384"]);
    openssl_ok(
        &dir,
        &argv("rsa -in client.key -traditional -out pkcs1.key", &[]),
    );
    openssl_ok(&ec, &["ec", "-in", "client.key", "-out", "sec1.key"]);
    openssl_ok(
        &dir,
        &argv(
            "pkey -in server.key -aes256 -passout pass:x -out enc.key",
            &[],
        ),
    );
    to_der(&dir, "pkey", "server.key", "key.der");
    to_der(&dir, "x509", "server.pem", "cert.der");
    to_der(&dir, "req", "server.csr", "req.der");
    let paths = [
        dir.join("server.key"),
        dir.join("pkcs1.key"),
        ec.join("sec1.key"),
        dir.join("enc.key"),
        dir.join("key.der"),
        dir.join("cert.der"),
        dir.join("req.der"),
    ];
    let args: Vec<&str> = paths.iter().map(|p| s(p)).collect();
    let out = run(&[&["inspect", "--json"], args.as_slice()].concat());
    let stdout = text(&out).0;
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let item = |i: usize| items(&json, i)[0].clone();
    assert_eq!(item(0)["format"], "pkcs8");
    assert_eq!(item(0)["key"]["name"], "rsa-2048");
    assert_eq!(item(1)["format"], "pkcs1");
    assert_eq!(item(1)["key"]["name"], "rsa-2048");
    assert_eq!(item(2)["format"], "sec1");
    assert_eq!(item(2)["key"]["curve"], "P-384");
    assert_eq!(item(3)["encrypted"], true);
    assert_eq!(item(3)["key"], Value::Null);
    assert_eq!(json["files"][4]["encoding"], "der");
    assert_eq!(item(4)["kind"], "private-key");
    assert_eq!(item(5)["kind"], "certificate");
    assert_eq!(item(6)["kind"], "csr");
    assert_eq!(item(6)["subject"], item(5)["certificate"]["subject"]);
    // No line of any key's base64 body appears in the output (JSON or text).
    let text_out = text(&run(&[&["inspect"], args.as_slice()].concat())).0;
    for key in [
        dir.join("server.key"),
        dir.join("pkcs1.key"),
        ec.join("sec1.key"),
    ] {
        for line in fs::read_to_string(&key)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("-----"))
        {
            assert!(
                !stdout.contains(line) && !text_out.contains(line),
                "key material shown"
            );
        }
    }
}

#[test]
fn unreadable_paths_fail_with_one_line_each_and_the_rest_is_shown() {
    let (_tmp, dir) = init_dir(&[]);
    fs::write(dir.join("garbage.pem"), b"\x00garbage").unwrap();
    fs::write(
        dir.join("truncated.pem"),
        "-----BEGIN CERTIFICATE-----\nMIIB\n",
    )
    .unwrap();
    let (code, json, stderr) = inspect_json(&[
        s(&dir.join("garbage.pem")),
        s(&dir.join("truncated.pem")),
        s(&dir.join("missing.pem")),
        s(&dir.join("server.pem")),
    ]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    for (i, (name, reason)) in [
        (
            "garbage.pem",
            "not a certificate, private key or certificate request",
        ),
        ("truncated.pem", "truncated"),
        ("missing.pem", "no such file"),
    ]
    .iter()
    .enumerate()
    {
        assert!(stderr.lines().nth(i).unwrap().contains(name), "{stderr}");
        assert!(
            json["files"][i]["error"].as_str().unwrap().contains(reason),
            "{json:#}"
        );
    }
    assert_eq!(items(&json, 3)[0]["kind"], "certificate");
    // Inside a directory, unknown files are listed without failing the run.
    let (code, _, _) = inspect_json(&[s(&dir)]);
    assert_eq!(code, 0);
}

/// The README's inspect example has the same keys as real output, per item kind.
#[test]
fn the_readme_inspect_example_matches_real_output() {
    let example = readme_json_example("inspect-json-example");
    let (_tmp, dir) = init_dir(&[]);
    let (_, real, _) = inspect_json(&[s(&dir.join("server.pem")), s(&dir.join("server.key"))]);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&example), keys(&real));
    for i in 0..2 {
        assert_eq!(keys(&example["files"][i]), keys(&real["files"][i]));
        assert_eq!(
            keys(&example["files"][i]["items"][0]),
            keys(&real["files"][i]["items"][0])
        );
        assert_eq!(
            example["files"][i]["items"][0]["kind"],
            real["files"][i]["items"][0]["kind"]
        );
    }
    assert_eq!(
        keys(&example["files"][0]["items"][0]["key"]),
        keys(&real["files"][0]["items"][0]["key"])
    );
}

/// A file inspect cannot read is one finding of the one model: once on stderr (and not
/// again on stdout) in the text, once as `finding` in the JSON, exit 2. Inside a
/// directory it is a warning shown under the file's name, and the run passes.
#[test]
fn garbage_is_one_finding_shown_once() {
    let tmp = tempfile::tempdir().unwrap();
    let garbage = tmp.path().join("garbage.pem");
    fs::write(&garbage, "-----BEGIN CERTIFICATE-----\nAAAA\n").unwrap();
    // openssl refuses it as well.
    let out = common::openssl(tmp.path(), &["x509", "-in", "garbage.pem", "-noout"]);
    assert!(!out.status.success());

    let out = run(&["inspect", s(&garbage)]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let line = stderr.lines().next().unwrap();
    assert!(
        line.starts_with(&format!("milvus-cert: error: '{}': ", s(&garbage)))
            && line.ends_with("[file-malformed]"),
        "{line}"
    );

    let (code, json, stderr) = inspect_json(&[s(&garbage)]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let finding = &json["files"][0]["finding"];
    assert_eq!(finding["code"], "file-malformed", "{json:#}");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["file"], s(&garbage));
    let error = json["files"][0]["error"].as_str().unwrap();
    assert_eq!(finding["message"], format!("{}: {error}", s(&garbage)));
    assert!(json["files"][0]["items"].as_array().unwrap().is_empty());

    // In a directory: a warning under the file's name, nothing on stderr, exit 0.
    let (code, json, stderr) = inspect_json(&[s(tmp.path())]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let file = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == s(&garbage))
        .unwrap();
    assert_eq!(file["finding"]["severity"], "warning", "{file:#}");
    let out = run(&["inspect", s(tmp.path())]);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout.matches("[file-malformed]").count(), 1, "{stdout}");
    assert!(stdout.contains("  warning [file-malformed] "), "{stdout}");

    // A file that cannot be read at all (no such file) is file-unreadable.
    let missing = tmp.path().join("missing.pem");
    let (code, json, _) = inspect_json(&[s(&missing)]);
    assert_eq!(code, 2);
    assert_eq!(json["files"][0]["finding"]["code"], "file-unreadable");
}
