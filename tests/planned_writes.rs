//! The dry run and the real write come from one planned-write list: for every write
//! command, the files `--dry-run --json` lists are exactly the files the same command
//! then creates or replaces (backups included), a dry run changes nothing, a backup holds
//! the contents of a file the run replaced, and each serial the dry run predicts is the
//! one `openssl x509 -serial` reads from the written certificate.

mod common;

use common::{openssl_ok, run_ok};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Every regular file directly in `dirs`: contents and mode.
type Snapshot = BTreeMap<PathBuf, (Vec<u8>, u32)>;

fn snapshot(dirs: &[&Path]) -> Snapshot {
    let mut files = Snapshot::new();
    for dir in dirs {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_file() {
                let mode = meta.permissions().mode() & 0o777;
                files.insert(path.clone(), (fs::read(&path).unwrap(), mode));
            }
        }
    }
    files
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Leading zeros aside, as openssl and milvus-cert may pad a serial differently.
fn hex(serial: &str) -> String {
    serial.trim().trim_start_matches('0').to_ascii_uppercase()
}

/// Runs `args` with `--dry-run --json`, then for real, and holds the listing to what the
/// real run did in `dirs`. Returns the planned entries.
fn same_files(dirs: &[&Path], args: &[&str]) -> Vec<Value> {
    let before = snapshot(dirs);
    let mut dry = args.to_vec();
    dry.extend(["--dry-run", "--json"]);
    let out = run_ok(&dry);
    assert_eq!(snapshot(dirs), before, "{args:?} --dry-run changed files");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let planned = doc["planned"].as_array().expect("planned").clone();

    let mut real = args.to_vec();
    real.push("--quiet");
    run_ok(&real);
    let after = snapshot(dirs);
    for path in before.keys() {
        assert!(after.contains_key(path), "{args:?} removed {path:?}");
    }
    let changed: BTreeMap<PathBuf, &str> = after
        .iter()
        .filter(|(path, file)| before.get(*path) != Some(*file))
        .map(|(path, _)| {
            let how = if before.contains_key(path) {
                "replace"
            } else {
                "create"
            };
            (path.clone(), how)
        })
        .collect();
    let listed: BTreeMap<PathBuf, &str> = planned
        .iter()
        .map(|w| {
            let how = match w["action"].as_str().unwrap() {
                "backup" | "create" => "create",
                "replace" => "replace",
                other => panic!("{args:?}: a run that succeeds plans no {other}"),
            };
            (PathBuf::from(w["path"].as_str().unwrap()), how)
        })
        .collect();
    assert_eq!(listed.len(), planned.len(), "{args:?} lists a file twice");
    assert_eq!(
        listed, changed,
        "{args:?}: planned (left) vs written (right)"
    );
    for w in &planned {
        written_as_planned(w, &before, &after, args);
    }
    planned
}

/// A backup holds the old contents of a replaced file; a key is 0600; a predicted serial
/// is the one written.
fn written_as_planned(w: &Value, before: &Snapshot, after: &Snapshot, args: &[&str]) {
    let path = PathBuf::from(w["path"].as_str().unwrap());
    let (contents, mode) = &after[&path];
    if w["action"] == "backup" {
        assert!(
            before.values().any(|(old, _)| old == contents),
            "{args:?}: {path:?} is not a copy of a replaced file"
        );
    }
    if w["kind"] == "private-key" {
        assert_eq!(*mode, 0o600, "{args:?}: {path:?}");
    }
    let Some(serial) = w["serial"].as_str() else {
        return;
    };
    let written = match w["kind"].as_str().unwrap() {
        "serial" => String::from_utf8(contents.clone()).unwrap(),
        "certificate" if w["action"] != "backup" => {
            let out = openssl_ok(
                path.parent().unwrap(),
                &["x509", "-noout", "-serial", "-in", s(&path)],
            );
            out.trim().trim_start_matches("serial=").to_string()
        }
        _ => return,
    };
    assert_eq!(hex(&written), hex(serial), "{args:?}: serial of {path:?}");
}

const FAST: [&str; 2] = ["--key-type", "ecdsa-p256"];

fn with(base: &[&str], extra: &[&str]) -> Vec<String> {
    base.iter().chain(extra).map(|a| a.to_string()).collect()
}

fn same(dirs: &[&Path], args: &[String]) -> Vec<Value> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    same_files(dirs, &args)
}

fn kinds(planned: &[Value], action: &str) -> usize {
    planned.iter().filter(|w| w["action"] == action).count()
}

#[test]
fn init_lists_what_it_writes_fresh_with_a_kept_ca_and_with_a_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    let d = s(&dir);
    let planned = same(&[&dir], &with(&["init", "--dir", d], &FAST));
    assert_eq!((planned.len(), kinds(&planned, "create")), (9, 9));
    // The CA is kept and its ca.srl continued: six leaf files replaced, each kept as .bak.
    let planned = same(&[&dir], &with(&["init", "--dir", d, "--force"], &FAST));
    assert_eq!(kinds(&planned, "backup"), 6, "{planned:#?}");
    let planned = same(
        &[&dir],
        &with(&["init", "--dir", d, "--force", "--new-ca"], &FAST),
    );
    assert_eq!(kinds(&planned, "backup"), 8, "{planned:#?}");
}

#[test]
fn ca_lists_what_it_writes_and_the_whole_old_ca_it_keeps() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    let d = s(&dir);
    same(&[&dir], &with(&["ca", "--dir", d], &FAST));
    let planned = same(&[&dir], &with(&["ca", "--dir", d, "--force"], &FAST));
    assert_eq!(kinds(&planned, "backup"), 3, "{planned:#?}");
}

#[test]
fn server_and_client_list_what_they_write_with_backups_under_force() {
    let (_tmp, dir) = common::init_dir(&FAST);
    let d = s(&dir);
    let planned = same(
        &[&dir],
        &with(&["client", "--dir", d, "--name", "app1"], &FAST),
    );
    assert_eq!(kinds(&planned, "create"), 3, "key, CSR, certificate");
    let planned = same(&[&dir], &with(&["server", "--dir", d, "--force"], &FAST));
    assert_eq!(kinds(&planned, "backup"), 3, "{planned:#?}");
    let planned = same(&[&dir], &with(&["client", "--dir", d, "--force"], &FAST));
    assert_eq!(kinds(&planned, "backup"), 3, "{planned:#?}");
}

#[test]
fn sign_lists_the_certificate_in_either_directory_and_ca_srl() {
    let (tmp, dir) = common::init_dir(&FAST);
    let d = s(&dir);
    let apps = tmp.path().join("apps");
    fs::create_dir(&apps).unwrap();
    openssl_ok(
        &apps,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "app.key",
            "-out",
            "app.csr",
            "-subj",
            "/CN=app.example.com",
        ],
    );
    let csr = apps.join("app.csr");
    let sign = ["sign", "--dir", d, "--csr", s(&csr), "--profile", "server"];
    let planned = same(&[&dir, &apps], &with(&sign, &[]));
    assert_eq!(planned.len(), 2, "{planned:#?}");
    same(&[&dir, &apps], &with(&sign, &["--force"]));
    let out = dir.join("app.pem");
    same(&[&dir, &apps], &with(&sign, &["--out", s(&out)]));
}

#[test]
fn renew_lists_every_file_and_backup() {
    let (_tmp, dir) = common::init_dir(&FAST);
    let d = s(&dir);
    let planned = same(&[&dir], &with(&["renew", "--dir", d], &[]));
    assert_eq!(kinds(&planned, "backup"), 6, "{planned:#?}");
    // A second renewal keeps the first one's backups: .bak.1 next to .bak.
    let planned = same(
        &[&dir],
        &with(&["renew", "--dir", d, "server", "--keep-key"], &[]),
    );
    assert_eq!(
        kinds(&planned, "backup"),
        2,
        "certificate and CSR: {planned:#?}"
    );
    same(
        &[&dir],
        &with(
            &["renew", "--dir", d, "server", "--san", "db.example.com"],
            &[],
        ),
    );
}

#[test]
fn rotate_ca_lists_the_new_generation_and_the_old_one_it_keeps() {
    let (_tmp, dir) = common::init_dir(&FAST);
    let d = s(&dir);
    run_ok(
        &with(&["client", "--dir", d, "--name", "app1", "--quiet"], &FAST)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let planned = same(&[&dir], &with(&["rotate-ca", "--dir", d, "--all"], &[]));
    // ca.key, ca.pem, ca.srl and three leaves' key, CSR and certificate.
    assert_eq!(kinds(&planned, "backup"), 12, "{planned:#?}");

    // A lost ca.key: the old CA is kept without it, and a new one is created.
    let (_tmp, dir) = common::init_dir(&FAST);
    fs::remove_file(dir.join("ca.key")).unwrap();
    let planned = same(&[&dir], &with(&["rotate-ca", "--dir", s(&dir)], &[]));
    let ca_key = planned.iter().find(|w| w["name"] == "ca.key").unwrap();
    assert_eq!(ca_key["action"], "create", "{planned:#?}");
    assert!(!planned.iter().any(|w| w["name"] == "ca.old.key"));
}
