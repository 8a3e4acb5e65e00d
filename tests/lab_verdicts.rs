//! verify's per-client verdicts against the compatibility lab's measurements
//! (tests/lab/fixture.json): the corpus is generated with the lab's own generator
//! (tests/lab/corpus/gen.sh, plus the `milvus-cert init` directories run.sh adds), then
//! `verify --json --server-name NAME` runs on every directory for every name the lab dialled
//! (by name and by IP), and every client verdict of both modes is compared with the lab's.
//! No client stack is needed. A client is ok in the lab only if every documented set-up
//! connected (pymilvus and Java: ca.pem and pinned server.pem; Node: grpc-js and the SDK);
//! a server that did not start fails every client. An "unknown" verdict where the lab
//! connected counts as a false alarm; an "ok" where it did not, as a false ok.

mod common;

use common::corpus::{gen_corpus, par_flat_map};
use common::{argv, ca_signs, init_dir, openssl_ok, run, run_quiet, s};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn lab_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lab")
}

/// The lab's directories: gen.sh's corpus and, as run.sh's make_dirs adds them, init's.
fn generate(root: &Path, ids: &[String]) {
    gen_corpus(root, ids);
    for (dir, args) in [
        ("milvus-cert-init", &[][..]),
        ("milvus-cert-init-rsa", &["--key-type", "rsa"][..]),
        ("milvus-cert-init-p384", &["--key-type", "ecdsa-p384"][..]),
        ("milvus-cert-init-ed25519", &["--key-type", "ed25519"][..]),
    ] {
        run_quiet("init", &root.join(dir), args);
    }
}

/// (dir, mode, name, client) → (lab ok, what failed).
type Lab = BTreeMap<(String, String, String, String), (bool, String)>;

fn lab_verdicts(fixture: &Value) -> (Lab, Vec<(String, String)>) {
    let mut lab = Lab::new();
    let mut names = Vec::new();
    for (dir, modes) in fixture["cases"].as_object().expect("cases") {
        let mut dir_names: Vec<String> = Vec::new();
        for forms in modes.as_object().expect("modes").values() {
            for name in forms.as_object().expect("names").keys() {
                if name != "server_error" && !dir_names.contains(name) {
                    dir_names.push(name.clone());
                }
            }
        }
        if dir_names.is_empty() {
            dir_names = vec!["localhost".into(), "127.0.0.1".into()];
        }
        for (mode, forms) in modes.as_object().expect("modes") {
            for name in &dir_names {
                if let Some(err) = forms.get("server_error") {
                    for client in ["pymilvus", "go", "java", "node", "curl"] {
                        let key = (dir.clone(), mode.clone(), name.clone(), client.into());
                        lab.insert(
                            key,
                            (false, format!("server: {}", err.as_str().unwrap_or(""))),
                        );
                    }
                    continue;
                }
                for (setup, v) in forms[name].as_object().expect("set-ups") {
                    let client = setup.split(':').next().unwrap_or(setup).to_string();
                    let key = (dir.clone(), mode.clone(), name.clone(), client);
                    let entry = lab.entry(key).or_insert((true, String::new()));
                    if v["ok"] != Value::Bool(true) {
                        entry.0 = false;
                        let err = v["error"].as_str().unwrap_or("");
                        let tail: String = err
                            .chars()
                            .rev()
                            .take(110)
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect();
                        entry.1.push_str(&format!("{setup}: …{tail} "));
                    }
                }
            }
            names.extend(dir_names.iter().map(|n| (dir.clone(), n.clone())));
        }
    }
    names.sort();
    names.dedup();
    (lab, names)
}

/// verify's verdicts for one directory and name: (mode, client) → (verdict, reason).
fn verify(root: &Path, dir: &str, name: &str) -> BTreeMap<(String, String), (String, String)> {
    let out = run(&[
        "verify",
        s(&root.join(dir)),
        "--json",
        "--server-name",
        name,
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{dir} {name}: verify --json printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    json["clients"]
        .as_array()
        .expect("clients")
        .iter()
        .map(|c| {
            let key = (
                c["mode"].to_string(),
                c["client"].as_str().unwrap_or("").to_string(),
            );
            let val = (
                c["verdict"].as_str().unwrap_or("").to_string(),
                c["reason"].as_str().unwrap_or("").to_string(),
            );
            (key, val)
        })
        .collect()
}

#[test]
fn verify_agrees_with_the_lab_on_every_client_mode_and_name() {
    let text = std::fs::read_to_string(lab_dir().join("fixture.json")).expect("fixture.json");
    let fixture: Value = serde_json::from_str(&text).expect("fixture.json is JSON");
    let (lab, runs) = lab_verdicts(&fixture);
    let mut ids: Vec<String> = runs.iter().map(|(d, _)| d.clone()).collect();
    ids.dedup();
    let corpus: Vec<String> = ids
        .iter()
        .filter(|d| !d.starts_with("milvus-cert-init"))
        .cloned()
        .collect();
    let tmp = tempfile::tempdir().expect("tempdir");
    generate(tmp.path(), &corpus);

    let root = tmp.path();
    let results = par_flat_map(&runs, |(d, name)| {
        vec![((d.clone(), name.clone()), verify(root, d, name))]
    });

    let (mut agree, mut false_ok, mut false_alarm) = (0, 0, 0);
    let mut table = Vec::new();
    for ((dir, name), verdicts) in &results {
        for ((mode, client), (said, reason)) in verdicts {
            let key = (dir.clone(), mode.clone(), name.clone(), client.clone());
            let Some((ok, why)) = lab.get(&key) else {
                continue;
            };
            let kind = match (said.as_str(), ok) {
                ("ok", false) => "FALSE OK",
                ("ok", true) | (_, false) => {
                    agree += 1;
                    continue;
                }
                _ => "FALSE ALARM",
            };
            if kind == "FALSE OK" {
                false_ok += 1;
            } else {
                false_alarm += 1;
            }
            let lab_said = if *ok { "ok".to_string() } else { why.clone() };
            table.push(format!(
                "{kind:<11} | {dir:<30} | mode {mode} | {name:<9} | {client:<8} | verify: {said} {reason} | lab: {lab_said}"
            ));
        }
    }
    eprintln!(
        "verify vs lab: {agree} agree, {false_ok} false ok, {false_alarm} false alarm ({} directories)",
        ids.len()
    );
    assert!(agree > 0, "nothing was compared");
    assert!(
        table.is_empty(),
        "{false_ok} false ok, {false_alarm} false alarm:\n{}",
        table.join("\n")
    );
}

/// A signature algorithm verify does not evaluate (SHA-224 with RSA) gives "unknown" with
/// the reason for every client and mode, never "ok"; the findings still fail the run.
#[test]
fn an_algorithm_verify_cannot_check_is_unknown_never_ok() {
    let (_tmp, dir) = init_dir(&["--key-type", "rsa"]);
    // Re-issue server.pem (same key, same extensions) with a SHA-224 signature.
    let to_req = "x509 -x509toreq -in server.pem -key server.key -copy_extensions copyall";
    openssl_ok(&dir, &argv(to_req, &["-out", "req.pem"]));
    let sha224 = argv("-sha224 -copy_extensions copyall -days 30", &[]);
    ca_signs(&dir, "req.pem", "server.pem", &sha224);
    std::fs::remove_file(dir.join("req.pem")).expect("remove req.pem");
    let out = run(&["verify", s(&dir), "--json", "--server-name", "localhost"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("verify --json");
    let clients = json["clients"].as_array().expect("clients");
    assert_eq!(clients.len(), 10);
    for c in clients {
        assert_eq!(c["verdict"], "unknown", "{c}");
        let reason = c["reason"].as_str().unwrap_or("");
        assert!(
            reason.contains("verify cannot decide") && reason.contains("signature"),
            "{c}"
        );
    }
    assert_eq!(
        out.status.code(),
        Some(1),
        "the chain finding fails the run"
    );
}
