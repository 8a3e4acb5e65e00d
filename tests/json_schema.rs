//! One JSON schema: every command's `--json` document, dry runs included, is validated
//! against docs/json-schema.json by an independent validator (Python's `jsonschema`,
//! which .ci/run installs), and carries `schema`, `command` and `dry_run`.

mod common;

use common::{ec_csr, emit_cmd, init_dir, openssl_ok, run, s, text};
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Runs milvus-cert; the output must be one JSON document (any exit code below 2).
fn json_of(args: &[&str]) -> Value {
    let out = run(args);
    let (stdout, stderr) = text(&out);
    assert!(out.status.code().unwrap() < 2, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout}"))
}

/// Runs a Python `script` (with `jsonschema`) with docs/json-schema.json and `args` as its
/// arguments; it must succeed.
fn python_ok(what: &str, script: &str, args: &[&str]) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json-schema.json");
    let out = Command::new("python3")
        .args(["-c", script, s(&schema)])
        .args(args)
        .output()
        .expect("python3 with jsonschema (.ci/run installs it)");
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{what}:\n{stdout}{stderr}");
}

/// Every document, one per command (and per dry run), from a real directory.
fn documents(tmp: &Path, dir: &Path) -> Vec<(String, Value)> {
    let d = s(dir);
    let csr = ec_csr(tmp, "app", "/CN=app", &[]);
    let other = tmp.join("other");
    let man = tmp.join("man");
    // A file that holds no certificate: a finding in status and inspect.
    let junk = tmp.join("junk");
    std::fs::create_dir(&junk).unwrap();
    std::fs::write(
        junk.join("garbage.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n",
    )
    .unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["init", "--dir", s(&other)],
        vec!["init", "--dir", d, "--dry-run"],
        vec!["init", "--dir", d, "--dry-run", "--force"],
        vec!["init", "--dir", d, "--print-config"],
        vec!["ca", "--dir", d, "--dry-run", "--force"],
        vec!["server", "--dir", d, "--name", "s2"],
        vec!["client", "--dir", d, "--name", "c2", "--dry-run"],
        vec!["client", "--dir", d, "--name", "c3"],
        vec!["sign", "--dir", d, "--csr", s(&csr), "--profile", "server"],
        vec!["renew", "--dir", d, "--dry-run"],
        vec!["renew", "server", "--dir", d, "--san", "milvus.example.com"],
        vec!["inspect", d],
        vec!["verify", d],
        vec!["verify", d, "--server-name", "10.9.9.9", "--clients", "go"],
        vec!["status", d],
        vec!["status", d, "--warn-days", "100000"],
        vec!["status", s(&junk)],
        vec!["inspect", s(&junk)],
        emit_cmd(dir, "--mode 1", &[]),
        emit_cmd(dir, "--mode 2 --format compose", &[]),
        emit_cmd(dir, "--mode 2 --format k8s-secret", &[]),
        emit_cmd(dir, "--mode 2 --format client --client go", &[]),
        emit_cmd(dir, "--mode 2 --format cert-manager", &[]),
        vec!["rotate-ca", "--dir", d, "--dry-run"],
        vec!["rotate-ca", "--dir", d, "--all"],
        vec!["completions", "bash"],
        vec!["man", "--out-dir", s(&man)],
        vec!["man", "--out-dir", "relative-man", "--dry-run"],
    ];
    cases
        .into_iter()
        .map(|mut args| {
            let name = args.join(" ");
            args.push("--json");
            (name, json_of(&args))
        })
        .collect()
}

/// `probe` of a live TLS server made from the directory (`openssl s_server`, loopback),
/// probed with and without its trust file.
fn probe_documents(tmp: &Path, dir: &Path) -> Vec<(String, Value)> {
    let our_files = ["-cert", "server.pem", "-key", "server.key"];
    let server = common::sserver::SServer::start_www(dir, tmp, &our_files);
    let target = format!("127.0.0.1:{}", server.port);
    ["localhost", "wrong.example"]
        .into_iter()
        .map(|name| {
            let mut args = vec!["probe", &target, "--dir", s(dir), "--server-name", name];
            let name = args.join(" ");
            args.push("--json");
            (name, json_of(&args))
        })
        .collect()
}
#[test]
fn every_commands_json_follows_the_one_schema() {
    let (tmp, dir) = init_dir(&[]);
    let mut docs = probe_documents(tmp.path(), &dir);
    docs.extend(documents(tmp.path(), &dir));
    for (name, doc) in &docs {
        assert_eq!(doc["schema"], 2, "{name}");
        assert!(doc["command"].is_string(), "{name}");
        assert!(doc["dry_run"].is_boolean(), "{name}");
        assert_eq!(doc["dry_run"], name.contains("--dry-run"), "{name}");
    }
    let all: Vec<Value> = docs.iter().map(|(_, d)| d.clone()).collect();
    let file = tmp.path().join("docs.json");
    fs::write(&file, serde_json::to_vec(&all).unwrap()).unwrap();
    let script = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
bad = 0
for doc in json.load(open(sys.argv[2])):
    for error in validator.iter_errors(doc):
        bad += 1
        print(doc.get("command"), list(error.absolute_path), error.message[:300])
sys.exit(1 if bad else 0)
"#;
    let what = "documents that do not follow docs/json-schema.json";
    python_ok(what, script, &[s(&file)]);
}

#[test]
fn the_schema_rejects_what_it_must() {
    // A check that cannot fail is a defect: a document without the envelope, a relative
    // path and a key as a string are each refused.
    let script = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator(schema)
file = {"name": "ca.key", "path": "/d/ca.key", "kind": "private-key", "mode": "0600",
        "key": {"algorithm": "rsa", "bits": 2048, "curve": None, "name": "rsa-2048"}}
good = {"schema": 2, "command": "server", "dry_run": False, "dir": "/d",
        "files": [file], "backups": [], "warnings": []}
assert v.is_valid(good), list(v.iter_errors(good))
bad = [
    {k: x for k, x in good.items() if k != "command"},
    dict(good, schema=1),
    dict(good, dir="cert"),
    dict(good, files=[dict(file, key="rsa-2048")]),
    dict(good, renamed=[]),
]
for doc in bad:
    assert not v.is_valid(doc), doc
cert = {"subject": "CN=x", "issuer": "CN=ca", "serial": "0A",
        "not_before": "2026-01-01T00:00:00Z", "not_after": "2027-01-01T00:00:00Z",
        "sans": ["DNS:x"], "sha256": "0" * 64}
entry = {"file": "x.pem", "path": "/d/x.pem", "index": 0, "role": "server",
         "certificate": cert, "days_left": 1, "seconds_left": 60, "status": "ok"}
status = {"schema": 2, "command": "status", "dry_run": False, "dir": "/d",
          "now": "2026-06-01T00:00:00Z", "warn_days": 30, "certificates": [entry],
          "errors": [], "skipped": [], "summary": {"certificates": 1, "ok": 1,
          "expiring": 0, "expired": 0, "not_yet_valid": 0, "errors": 0},
          "findings": [{"code": "validity-ok", "severity": "ok", "file": "x.pem",
                        "message": "x.pem is valid for 1 more days", "hint": None,
                        "fix_command": None}]}
assert v.is_valid(status), list(v.iter_errors(status))
item = dict({"kind": "certificate", "certificate": cert, "version": 3, "days_left": 1,
             "key_usage": [], "extended_key_usage": [], "is_ca": False, "path_len": None,
             "key": file["key"], "signature_algorithm": "ED25519"})
inspect = {"schema": 2, "command": "inspect", "dry_run": False,
           "files": [{"path": "/d/x.pem", "encoding": "pem", "items": [item], "error": None,
                      "finding": None}]}
assert v.is_valid(inspect), list(v.iter_errors(inspect))
unreadable = {"code": "file-unreadable", "severity": "error", "file": "/d/y.pem",
              "message": "/d/y.pem cannot be read: permission denied", "hint": None,
              "fix_command": None}
broken = {"path": "/d/y.pem", "encoding": None, "items": [],
          "error": unreadable["message"], "finding": unreadable}
assert v.is_valid(dict(inspect, files=[broken])), list(v.iter_errors(dict(inspect, files=[broken])))
flat = {k: x for k, x in entry.items() if k != "certificate"}
flat_item = {k: x for k, x in item.items() if k != "certificate"}
bad = [
    # The shapes before one certificate object: fields of the certificate at top level.
    dict(status, certificates=[dict(flat, **cert)]),
    dict(inspect, files=[dict(inspect["files"][0], items=[dict(flat_item, **cert)])]),
    dict(status, certificates=[dict(entry, certificate=dict(cert, serial="0a"))]),
    # One findings model: status and inspect findings have verify's shape.
    {k: x for k, x in status.items() if k != "findings"},
    dict(status, findings=[{k: x for k, x in status["findings"][0].items() if k != "hint"}]),
    dict(status, findings=[dict(status["findings"][0], severity="expired")]),
    dict(status, errors=[{"file": "y.pem", "error": "x"}]),
    dict(inspect, files=[{k: x for k, x in broken.items() if k != "finding"}]),
    dict(inspect, files=[dict(broken, finding=dict(unreadable, code="expired"))]),
    dict(inspect, files=[dict(broken, finding="permission denied")]),
]
for doc in bad:
    assert not v.is_valid(doc), doc
"#;
    python_ok(
        "the schema accepts or refuses the wrong document",
        script,
        &[],
    );
}

/// The certificate a writing command reports is the very object inspect and status show.
#[test]
fn a_certificate_is_the_same_object_in_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    let init = json_of(&["init", "--dir", s(&dir), "--json"]);
    let written = |name: &str| {
        init["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {init:#}"))["certificate"]
            .clone()
    };
    let inspect = json_of(&["inspect", s(&dir), "--json"]);
    let status = json_of(&["status", s(&dir), "--json"]);
    for name in ["ca.pem", "server.pem", "client.pem"] {
        let made = written(name);
        assert!(made.is_object(), "{name}: {init:#}");
        let file = inspect["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(&format!("/{name}")))
            .unwrap();
        assert_eq!(file["items"][0]["certificate"], made, "inspect {name}");
        let entry = status["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["file"] == name)
            .unwrap();
        assert_eq!(entry["certificate"], made, "status {name}");
        // And the object tells the truth: openssl reads the same serial.
        let serial = openssl_ok(&dir, &["x509", "-in", name, "-noout", "-serial"]);
        assert_eq!(
            serial.trim(),
            format!("serial={}", made["serial"].as_str().unwrap())
        );
    }
}
