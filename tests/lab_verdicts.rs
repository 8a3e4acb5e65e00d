//! verify's per-client verdicts against the compatibility lab's measurements
//! (tests/lab/fixture.json): the corpus is generated with the lab's own generator
//! (tests/lab/corpus/gen.sh, plus the `milvus-cert init` directories run.sh adds), then
//! `verify --json --server-name NAME` runs on every directory for every name the lab dialled
//! (by name and by IP), and every client verdict of both modes is compared with the lab's.
//! No client stack is needed. A client is ok in the lab only if every documented set-up
//! connected (pymilvus and Java: ca.pem and pinned server.pem; Node: grpc-js and the SDK);
//! a server that did not start fails every client. An "unknown" verdict where the lab
//! connected counts as a false alarm; an "ok" where it did not, as a false ok.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_milvus-cert");

fn lab_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lab")
}

fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4))
}

/// The lab's directories: gen.sh's corpus (split over a few processes) and init's.
fn generate(root: &Path, ids: &[String]) {
    let n = workers();
    let mut children: Vec<_> = (0..n)
        .map(|w| {
            let mine: Vec<&String> = ids.iter().skip(w).step_by(n).collect();
            Command::new("bash")
                .arg(lab_dir().join("corpus/gen.sh"))
                .arg(root)
                .args(mine)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("run gen.sh")
        })
        .collect();
    // The same init calls as run.sh's make_dirs.
    for (dir, args) in [
        ("milvus-cert-init", &[][..]),
        ("milvus-cert-init-rsa", &["--key-type", "rsa"][..]),
        ("milvus-cert-init-p384", &["--key-type", "ecdsa-p384"][..]),
        ("milvus-cert-init-ed25519", &["--key-type", "ed25519"][..]),
    ] {
        let st = Command::new(BIN)
            .args(["init", "--quiet", "--dir"])
            .arg(root.join(dir))
            .args(args)
            .stderr(Stdio::null())
            .status()
            .expect("run milvus-cert init");
        assert!(st.success(), "milvus-cert init for {dir} failed");
    }
    for child in children.drain(..) {
        let out = child.wait_with_output().expect("wait for gen.sh");
        assert!(
            out.status.success(),
            "gen.sh failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
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
    let out = Command::new(BIN)
        .arg("verify")
        .arg(root.join(dir))
        .args(["--json", "--server-name", name])
        .output()
        .expect("run verify");
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

    let n = workers();
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|w| {
                let (root, runs) = (tmp.path(), &runs);
                scope.spawn(move || {
                    let mine = runs.iter().skip(w).step_by(n);
                    mine.map(|(d, name)| ((d.clone(), name.clone()), verify(root, d, name)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("verify thread"))
            .collect()
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

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A signature algorithm verify does not evaluate (SHA-224 with RSA) gives "unknown" with
/// the reason for every client and mode, never "ok"; the findings still fail the run.
#[test]
fn an_algorithm_verify_cannot_check_is_unknown_never_ok() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("cert");
    let st = Command::new(BIN)
        .args(["init", "--quiet", "--key-type", "rsa", "--dir"])
        .arg(&dir)
        .status()
        .expect("run init");
    assert!(st.success());
    // Re-issue server.pem (same key, same extensions) with a SHA-224 signature.
    openssl(
        &dir,
        &[
            "x509",
            "-x509toreq",
            "-in",
            "server.pem",
            "-key",
            "server.key",
        ]
        .iter()
        .chain(&["-copy_extensions", "copyall", "-out", "req.pem"])
        .copied()
        .collect::<Vec<_>>(),
    );
    openssl(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "req.pem",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-sha224",
            "-copy_extensions",
            "copyall",
            "-days",
            "30",
            "-out",
            "server.pem",
        ],
    );
    std::fs::remove_file(dir.join("req.pem")).expect("remove req.pem");
    let out = Command::new(BIN)
        .arg("verify")
        .arg(&dir)
        .args(["--json", "--server-name", "localhost"])
        .output()
        .expect("run verify");
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
