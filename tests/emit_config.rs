//! `milvus-cert emit-config`: every output parses with a strict YAML parser and holds
//! exactly the expected keys; merging into a real default milvus.yaml changes only the
//! intended lines, is idempotent, keeps backups, and refuses bad input untouched.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use yaml_rust2::{Yaml, YamlLoader};

/// The real default milvus.yaml of Milvus 2.3.5 (see tests/fixtures/milvus-yaml/README.md).
fn fixture() -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/milvus-yaml/milvus.yaml"),
    )
    .unwrap()
}

fn strict(text: &str) -> Yaml {
    let mut docs = YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(docs.len(), 1, "{text}");
    docs.remove(0)
}

/// Every leaf of a YAML mapping as (dotted key, value).
fn leaves(node: &Yaml, prefix: &str, out: &mut Vec<(String, Yaml)>) {
    match node {
        Yaml::Hash(map) => {
            for (k, v) in map {
                let key = k.as_str().expect("string keys");
                let full = if prefix.is_empty() {
                    key.to_string()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves(v, &full, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

fn leaf_map(text: &str) -> Vec<(String, Yaml)> {
    let mut out = Vec::new();
    leaves(&strict(text), "", &mut out);
    out
}

fn str_(v: &str) -> Yaml {
    Yaml::String(v.to_string())
}

/// A certificate directory plus a copy of the default milvus.yaml next to it.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, dir) = init_dir(&[]);
    let yaml = tmp.path().join("milvus.yaml");
    fs::write(&yaml, fixture()).unwrap();
    (tmp, dir, yaml)
}

fn backups(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".bak"))
        .collect();
    names.sort();
    names
}

#[test]
fn fragment_has_exactly_the_tls_keys_with_prefixed_paths() {
    let (_tmp, dir) = init_dir(&[]);
    let out = run_stdout(&emit_cmd(
        &dir,
        "--mode 1 --cert-path-prefix /milvus/tls",
        &[],
    ));
    assert_eq!(
        leaf_map(&out),
        vec![
            ("tls.serverPemPath".into(), str_("/milvus/tls/server.pem")),
            ("tls.serverKeyPath".into(), str_("/milvus/tls/server.key")),
            ("tls.caPemPath".into(), str_("/milvus/tls/ca.pem")),
            ("common.security.tlsMode".into(), Yaml::Integer(1)),
            ("proxy.http.port".into(), Yaml::Integer(8080)),
        ]
    );
    // Default prefix: the directory's absolute path.
    let out = emit_ok(&["--dir", s(&dir), "--mode", "2", "--http-port", "9091"]);
    let leaves = leaf_map(&out);
    assert_eq!(
        leaves[0].1,
        str_(&format!("{}/server.pem", dir.display())),
        "{out}"
    );
    assert_eq!(leaves[3].1, Yaml::Integer(2));
    assert_eq!(leaves[4].1, Yaml::Integer(9091));
}

#[test]
fn optional_flags_add_exactly_their_keys() {
    let (_tmp, dir) = init_dir(&[]);
    let out = run_stdout(&emit_cmd(
        &dir,
        "--mode 2 --cert-path-prefix /p --internal --legacy-tls-enabled --auth",
        &[],
    ));
    let keys: Vec<(String, Yaml)> = leaf_map(&out);
    assert_eq!(
        keys,
        vec![
            ("tls.serverPemPath".into(), str_("/p/server.pem")),
            ("tls.serverKeyPath".into(), str_("/p/server.key")),
            ("tls.caPemPath".into(), str_("/p/ca.pem")),
            ("common.security.tlsMode".into(), Yaml::Integer(2)),
            ("common.security.tlsEnabled".into(), Yaml::Boolean(true)),
            (
                "common.security.authorizationEnabled".into(),
                Yaml::Boolean(true)
            ),
            (
                "common.security.internaltlsEnabled".into(),
                Yaml::Boolean(true)
            ),
            ("proxy.http.port".into(), Yaml::Integer(8080)),
            ("internaltls.serverPemPath".into(), str_("/p/server.pem")),
            ("internaltls.serverKeyPath".into(), str_("/p/server.key")),
            ("internaltls.caPemPath".into(), str_("/p/ca.pem")),
            // The default SNI is the server certificate's CN (init: localhost).
            ("internaltls.sni".into(), str_("localhost")),
        ]
    );
}

#[test]
fn internal_tls_needs_the_sni_among_the_server_sans() {
    let (_tmp, dir) = init_dir(&["--cn", "milvus.internal", "--san", "10.0.0.7"]);
    let ok = run_stdout(&emit_cmd(&dir, "--mode 1 --internal --sni 10.0.0.7", &[]));
    assert!(ok.contains("sni: 10.0.0.7"), "{ok}");
    let out = emit(&["--dir", s(&dir), "--mode", "1", "--internal"]);
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(text(&out).0.contains("sni: milvus.internal"));
    let out = run(&emit_cmd(
        &dir,
        "--mode 1 --internal --sni other.internal",
        &[],
    ));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out).1;
    assert!(
        err.contains("no subjectAltName equal to internaltls.sni 'other.internal'")
            && err.contains("DNS:milvus.internal"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// `emit-config --mode 2 --cert-path-prefix /milvus/tls --milvus-yaml <yaml>`, which must
/// succeed; its stdout.
fn merge(dir: &Path, yaml: &Path) -> String {
    let words = "--mode 2 --cert-path-prefix /milvus/tls --milvus-yaml";
    run_stdout(&emit_cmd(dir, words, &[s(yaml)]))
}

#[test]
fn merge_into_the_default_milvus_yaml_changes_only_the_intended_lines() {
    let (tmp, dir, yaml) = setup();
    let original = fixture();
    let out = merge(&dir, &yaml);
    assert!(out.contains("common.security.tlsMode: 0 -> 2"), "{out}");
    let merged = fs::read_to_string(&yaml).unwrap();

    // Line by line: the only removed lines are the old values, the only added lines the new.
    let diff = similar::TextDiff::from_lines(&original, &merged);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Delete => removed.push(change.value().to_string()),
            similar::ChangeTag::Insert => added.push(change.value().to_string()),
            similar::ChangeTag::Equal => {}
        }
    }
    assert_eq!(
        removed,
        [
            "  serverPemPath: server.pem\n",
            "  serverKeyPath: server.key\n",
            "  caPemPath:  ca.pem\n",
            "    tlsMode: 0\n",
        ]
    );
    assert_eq!(
        added,
        [
            "    port: 8080\n",
            "  serverPemPath: /milvus/tls/server.pem\n",
            "  serverKeyPath: /milvus/tls/server.key\n",
            // The odd double space before the value is the original's, kept.
            "  caPemPath:  /milvus/tls/ca.pem\n",
            "    tlsMode: 2\n",
        ]
    );
    // port landed under proxy.http (the strict parse below proves the nesting).
    let root = strict(&merged);
    assert_eq!(root["proxy"]["http"]["port"], Yaml::Integer(8080));
    assert_eq!(root["proxy"]["port"], Yaml::Integer(19530));
    assert_eq!(root["common"]["security"]["tlsMode"], Yaml::Integer(2));
    assert_eq!(
        root["tls"]["caPemPath"],
        Yaml::String("/milvus/tls/ca.pem".into())
    );
    // Everything else means what it meant.
    let mut before = leaf_map(&original);
    let mut after = leaf_map(&merged);
    let changed = [
        "tls.serverPemPath",
        "tls.serverKeyPath",
        "tls.caPemPath",
        "common.security.tlsMode",
        "proxy.http.port",
    ];
    before.retain(|(k, _)| !changed.contains(&k.as_str()));
    after.retain(|(k, _)| !changed.contains(&k.as_str()));
    assert_eq!(before, after);

    // The backup is the original, byte for byte.
    assert_eq!(backups(tmp.path()), ["milvus.yaml.bak"]);
    assert_eq!(
        fs::read_to_string(tmp.path().join("milvus.yaml.bak")).unwrap(),
        original
    );

    // Idempotent: the second run changes nothing and makes no backup.
    let out = merge(&dir, &yaml);
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(fs::read_to_string(&yaml).unwrap(), merged);
    assert_eq!(backups(tmp.path()), ["milvus.yaml.bak"]);
}

#[test]
fn backups_are_never_overwritten() {
    let (tmp, dir, yaml) = setup();
    let original = fixture();
    let args = |mode: &'static str| {
        vec![
            "--dir".to_string(),
            s(&dir).to_string(),
            "--mode".to_string(),
            mode.to_string(),
            "--milvus-yaml".to_string(),
            s(&yaml).to_string(),
        ]
    };
    let run_mode = |mode: &'static str| {
        let a = args(mode);
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        emit_ok(&refs)
    };
    run_mode("1");
    let after_first = fs::read_to_string(&yaml).unwrap();
    run_mode("2");
    let after_second = fs::read_to_string(&yaml).unwrap();
    run_mode("1");
    assert_eq!(
        backups(tmp.path()),
        ["milvus.yaml.bak", "milvus.yaml.bak.1", "milvus.yaml.bak.2"]
    );
    let read = |n: &str| fs::read_to_string(tmp.path().join(n)).unwrap();
    assert_eq!(read("milvus.yaml.bak"), original);
    assert_eq!(read("milvus.yaml.bak.1"), after_first);
    assert_eq!(read("milvus.yaml.bak.2"), after_second);
    assert_eq!(fs::read_to_string(&yaml).unwrap(), after_first);
}

#[test]
fn optional_keys_merge_into_the_default_file_too() {
    let (_tmp, dir, yaml) = setup();
    run_stdout(&emit_cmd(
        &dir,
        "--mode 1 --milvus-yaml",
        &[s(&yaml), "--internal", "--auth", "--legacy-tls-enabled"],
    ));
    let merged = fs::read_to_string(&yaml).unwrap();
    let root = strict(&merged);
    let security = &root["common"]["security"];
    assert_eq!(security["authorizationEnabled"], Yaml::Boolean(true));
    assert_eq!(security["tlsEnabled"], Yaml::Boolean(true));
    assert_eq!(security["internaltlsEnabled"], Yaml::Boolean(true));
    assert_eq!(root["internaltls"]["sni"], Yaml::String("localhost".into()));
    // authorizationEnabled kept its line (and the comments after it).
    assert!(
        merged.contains(
            "  security:\n    authorizationEnabled: true\n    # The superusers will ignore"
        )
    );
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let (tmp, dir, yaml) = setup();
    let out = run_stdout(&emit_cmd(
        &dir,
        "--mode 2 --milvus-yaml",
        &[s(&yaml), "--dry-run"],
    ));
    assert!(out.starts_with("--- "), "{out}");
    assert!(
        out.contains("\n-    tlsMode: 0\n+    tlsMode: 2\n"),
        "{out}"
    );
    assert!(out.contains("\n+    port: 8080\n"), "{out}");
    assert_eq!(fs::read_to_string(&yaml).unwrap(), fixture());
    assert!(backups(tmp.path()).is_empty());
}

#[test]
fn json_describes_the_merge_and_nothing_else_is_on_stdout() {
    let (_tmp, dir, yaml) = setup();
    let out = run_ok(&emit_cmd(
        &dir,
        "--mode 1 --json --milvus-yaml",
        &[s(&yaml)],
    ));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("only JSON");
    assert_eq!(json["schema"], 2);
    assert_eq!(json["command"], "emit-config");
    assert_eq!(json["format"], "milvus-yaml");
    assert_eq!(json["mode"], 1);
    assert_eq!(json["dry_run"], false);
    let keys: Vec<&str> = json["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "tls.serverPemPath",
            "tls.serverKeyPath",
            "tls.caPemPath",
            "common.security.tlsMode",
            "proxy.http.port"
        ]
    );
    assert_eq!(json["changed"][3]["old"], "0");
    assert_eq!(json["changed"][4]["old"], serde_json::Value::Null);
    let backup = json["backup"].as_str().unwrap();
    assert!(backup.ends_with("milvus.yaml.bak"), "{backup}");
    assert_eq!(fs::read_to_string(backup).unwrap(), fixture());
    assert!(json["diff"].as_str().unwrap().contains("+    tlsMode: 1"));
    assert!(json["text"].as_str().unwrap().contains("tlsMode: 1"));

    // Second run: nothing changed, no backup.
    let out = run_ok(&emit_cmd(
        &dir,
        "--mode 1 --json --milvus-yaml",
        &[s(&yaml)],
    ));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["changed"].as_array().unwrap().len(), 0);
    assert_eq!(json["unchanged"].as_array().unwrap().len(), 5);
    assert_eq!(json["backup"], serde_json::Value::Null);
    assert_eq!(json["diff"], "");
}

#[test]
fn unparseable_yaml_is_refused_untouched() {
    let (tmp, dir) = init_dir(&[]);
    for (i, bad) in [
        "tls:\n  serverPemPath: [a\n",
        "common:\n\tsecurity: 1\n",
        "tls:\n  caPemPath: a\n  caPemPath: b\n",
        "- a\n- b\n",
        "common: 5\n",
    ]
    .into_iter()
    .enumerate()
    {
        let yaml = tmp.path().join(format!("bad{i}.yaml"));
        fs::write(&yaml, bad).unwrap();
        let out = emit(&["--dir", s(&dir), "--mode", "1", "--milvus-yaml", s(&yaml)]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let (stdout, err) = text(&out);
        assert!(stdout.is_empty(), "{stdout}");
        assert!(
            err.starts_with("milvus-cert: error: cannot merge into '")
                && err.contains(&format!("bad{i}.yaml' (left untouched)")),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(fs::read_to_string(&yaml).unwrap(), bad);
    }
    assert!(backups(tmp.path()).is_empty());
    // And a missing file is an error too.
    let out = run(&emit_cmd(
        &dir,
        "--mode 1 --milvus-yaml /nonexistent/milvus.yaml",
        &[],
    ));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("/nonexistent/milvus.yaml"));
}

#[test]
fn missing_files_are_refused_or_warned_about() {
    let (tmp, dir, yaml) = setup();
    fs::remove_file(dir.join("server.key")).unwrap();
    let out = emit(&["--dir", s(&dir), "--mode", "1", "--milvus-yaml", s(&yaml)]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out).1;
    assert!(
        err.contains("lacks server.key") && err.contains("--allow-missing"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&yaml).unwrap(), fixture());
    assert!(backups(tmp.path()).is_empty());

    let out = emit(&["--dir", s(&dir), "--mode", "1", "--allow-missing"]);
    assert!(out.status.success());
    let (stdout, err) = text(&out);
    assert!(
        err.contains("warning:") && err.contains("server.key"),
        "{err}"
    );
    assert!(stdout.contains("serverKeyPath"));

    // ca.pem: mode 2 needs it, mode 1 only warns.
    let (_tmp2, dir2) = init_dir(&[]);
    fs::remove_file(dir2.join("ca.pem")).unwrap();
    let out = emit(&["--dir", s(&dir2), "--mode", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("lacks ca.pem"));
    let out = emit(&["--dir", s(&dir2), "--mode", "1"]);
    assert!(out.status.success());
    assert!(text(&out).1.contains("mode 1 does not read it"));
}

#[test]
fn rest_must_not_share_the_grpc_port() {
    let (_tmp, dir, yaml) = setup();
    let out = emit(&["--dir", s(&dir), "--mode", "1", "--http-port", "19530"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&emit_cmd(
        &dir,
        "--mode 1 --http-port 19530 --milvus-yaml",
        &[s(&yaml)],
    ));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("REST needs a port of its own"));
    assert_eq!(fs::read_to_string(&yaml).unwrap(), fixture());
    // The note says so on a normal run.
    let out = run_ok(&["emit-config", "--dir", s(&dir), "--mode", "1"]);
    assert!(text(&out).1.contains("proxy.http.port = 8080"));
}

#[cfg(unix)]
#[test]
fn a_symlinked_milvus_yaml_is_edited_through_the_link_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, dir, yaml) = setup();
    fs::set_permissions(&yaml, fs::Permissions::from_mode(0o640)).unwrap();
    let link = tmp.path().join("link.yaml");
    std::os::unix::fs::symlink(&yaml, &link).unwrap();
    emit_ok(&["--dir", s(&dir), "--mode", "2", "--milvus-yaml", s(&link)]);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&yaml).unwrap().contains("tlsMode: 2"));
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&yaml), 0o640);
    assert_eq!(mode(&tmp.path().join("milvus.yaml.bak")), 0o640);
}

#[test]
fn usage_errors_exit_2() {
    let (_tmp, dir) = init_dir(&[]);
    for args in [
        vec!["--dir", s(&dir), "--mode", "3"],
        vec!["--dir", s(&dir)],
        vec!["--dir", s(&dir), "--mode", "1", "--dry-run"],
        vec!["--dir", s(&dir), "--mode", "1", "--sni", "x"],
    ] {
        let out = emit(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!text(&out).1.contains("panicked"));
    }
}

#[test]
fn the_default_prefix_is_a_clean_absolute_path() {
    let (tmp, dir) = init_dir(&[]);
    let messy = tmp.path().join("x/../cert/.");
    let out = emit_ok(&["--dir", s(&messy), "--mode", "1"]);
    assert_eq!(
        strict(&out)["tls"]["serverPemPath"].as_str(),
        Some(format!("{}/server.pem", dir.display()).as_str())
    );
}

#[test]
fn quiet_merge_prints_nothing_and_out_writes_the_fragment() {
    let (tmp, dir, yaml) = setup();
    let out = run_ok(&emit_cmd(
        &dir,
        "--mode 1 --quiet --milvus-yaml",
        &[s(&yaml)],
    ));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(fs::read_to_string(&yaml).unwrap().contains("tlsMode: 1"));

    let fragment = tmp.path().join("tls.yaml");
    let stdout = emit_ok(&["--dir", s(&dir), "--mode", "2", "--out", s(&fragment)]);
    assert!(stdout.starts_with("Wrote milvus-yaml to "), "{stdout}");
    let written = fs::read_to_string(&fragment).unwrap();
    assert_eq!(
        strict(&written)["common"]["security"]["tlsMode"],
        Yaml::Integer(2)
    );
    // --out and --milvus-yaml do not mix.
    let out = run(&emit_cmd(
        &dir,
        "--mode 2 --out",
        &[s(&fragment), "--milvus-yaml", s(&yaml)],
    ));
    assert_eq!(out.status.code(), Some(2));
}
