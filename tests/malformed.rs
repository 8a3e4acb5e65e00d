//! The regression corpus of hostile inputs (tests/fixtures/malformed/, listed in its
//! README) plus the inputs made here (over 1 MiB, non-UTF-8 names, a directory, a symlink
//! loop, a FIFO). Each goes to the command that reads such a file: `inspect FILE`,
//! `verify DIR` with the file in a role's place, `sign --csr FILE`, `init --config FILE`.
//! Every case must end with a one-line error or an error finding, a non-zero exit that
//! is never 101, no panic text, and the directory exactly as it was.

mod common;

use common::{argv, init_dir, listing, run, s, sign_args, text};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed")
}

/// No panic, no internal error, never exit code 101.
fn assert_no_panic(what: &str, out: &Output) {
    let (_, stderr) = text(out);
    assert_ne!(out.status.code(), Some(101), "{what}: {stderr}");
    assert!(out.status.code().is_some(), "{what}: killed by a signal");
    for bad in ["panicked", "internal error", "RUST_BACKTRACE"] {
        assert!(!stderr.contains(bad), "{what}: {stderr}");
    }
}

/// Exit 2 with exactly one stderr line, a `milvus-cert: error:` naming `name`.
fn assert_one_line_error(what: &str, out: &Output, name: &str) {
    assert_no_panic(what, out);
    let (_, stderr) = text(out);
    assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{what}: expected one line, got {stderr}");
    assert!(
        lines[0].starts_with("milvus-cert: error: ") && lines[0].contains(name),
        "{what}: {stderr}"
    );
}

/// `inspect FILE`: files the reader itself refuses.
const INSPECT: &[&str] = &[
    "empty.pem",
    "whitespace.pem",
    "truncated-cert.pem",
    "truncated-key.key",
    "wrong-end-label.pem",
    "garbage-base64.pem",
    "nested.pem",
    "binary.bin",
    "truncated-cert.der",
    "truncated-key.der",
    "trailing-data.der",
    "utf16.pem",
    "empty-block.pem",
    "begin-without-dashes.pem",
    "csr-truncated.csr",
];

#[test]
fn inspect_refuses_unreadable_files_with_one_line() {
    for name in INSPECT {
        let path = corpus().join(name);
        let before = listing(&corpus());
        let out = run(&["inspect", s(&path)]);
        assert_one_line_error(&format!("inspect {name}"), &out, name);
        assert_eq!(before, listing(&corpus()), "inspect {name} wrote something");
        // The JSON document is still complete, with the error on the file.
        let out = run(&["inspect", "--json", s(&path)]);
        assert_no_panic(name, &out);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(json["files"][0]["error"].is_string(), "{name}: {json}");
    }
}

/// `verify DIR` with a corpus file put in place of `place`: (file, place, expected error
/// code). The finding is about `place`, except that a key which does not match is
/// reported on its certificate.
const VERIFY: &[(&str, &str, &str)] = &[
    ("empty.pem", "server.pem", "file-malformed"),
    ("whitespace.pem", "ca.pem", "file-malformed"),
    ("truncated-cert.pem", "server.pem", "file-malformed"),
    ("truncated-key.key", "server.key", "file-malformed"),
    ("wrong-end-label.pem", "client.pem", "file-malformed"),
    ("unknown-label.pem", "server.pem", "wrong-content"),
    ("garbage-base64.pem", "ca.pem", "file-malformed"),
    ("nested.pem", "server.pem", "file-malformed"),
    ("binary.bin", "server.key", "file-malformed"),
    ("truncated-cert.der", "server.pem", "file-malformed"),
    ("trailing-data.der", "server.pem", "file-malformed"),
    ("trailing-data.pem", "server.pem", "bad-certificate"),
    ("key-not-cert.pem", "server.pem", "wrong-content"),
    ("cert-not-key.key", "server.key", "wrong-content"),
    ("csr-not-cert.pem", "client.pem", "wrong-content"),
    ("encrypted-pkcs8.key", "server.key", "key-encrypted"),
    ("encrypted-legacy-rsa.key", "client.key", "key-encrypted"),
    ("mismatched.key", "server.key", "key-mismatch"),
    ("two-keys.key", "server.key", "bad-key"),
    ("not-a-key.key", "server.key", "bad-key"),
    ("not-x509.pem", "server.pem", "bad-certificate"),
    ("other-ca-leaf.pem", "server.pem", "chain-unknown-issuer"),
    ("leaf-as-ca.pem", "ca.pem", "ca-not-ca"),
    ("utf16.pem", "server.pem", "file-malformed"),
    ("empty-block.pem", "server.pem", "file-malformed"),
    ("begin-without-dashes.pem", "server.pem", "file-malformed"),
    ("truncated-key.der", "server.key", "file-malformed"),
    // A leaf besides server/client is checked too.
    ("other-ca-leaf.pem", "app1.pem", "chain-unknown-issuer"),
];

/// The file a finding about `place`, filled with corpus file `name`, names.
fn finding_file<'a>(name: &str, place: &'a str) -> &'a str {
    if name == "mismatched.key" {
        "server.pem"
    } else {
        place
    }
}

/// Runs `verify DIR --json` and the text report; checks exit 1, the expected error
/// finding, no panic and an unchanged directory.
fn verify_reports(dir: &Path, what: &str, code: &str, file: &str) {
    let before = listing(dir);
    let out = run(&["verify", s(dir), "--json"]);
    assert_no_panic(what, &out);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{what}: {stderr}\n{stdout}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == code && f["file"] == file && f["severity"] == "error");
    assert!(found, "{what}: no error {code} on {file}:\n{stdout}");
    let out = run(&["verify", s(dir)]);
    assert_no_panic(what, &out);
    assert_eq!(out.status.code(), Some(1), "{what}");
    let (stdout, _) = text(&out);
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("error") && l.contains(code)),
        "{what}: {stdout}"
    );
    assert_eq!(before, listing(dir), "{what}: verify changed the directory");
}

#[test]
fn verify_turns_each_bad_file_into_an_error_finding() {
    let (_tmp, base) = init_dir(&["--key-type", "ecdsa-p256"]);
    for (name, place, code) in VERIFY {
        let work = tempfile::tempdir().unwrap();
        let dir = work.path().join("cert");
        fs::create_dir(&dir).unwrap();
        for entry in fs::read_dir(&base).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
        fs::copy(corpus().join(name), dir.join(place)).unwrap();
        let file = finding_file(name, place);
        verify_reports(&dir, &format!("{name} as {place}"), code, file);
    }
}

#[test]
fn special_files_become_findings_not_hangs_or_panics() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let server_pem = dir.join("server.pem");
    let original = fs::read(&server_pem).unwrap();

    // Over 1 MiB: refused before parsing (made here, not committed).
    let mut huge = original.clone();
    while huge.len() <= 1024 * 1024 {
        huge.extend_from_slice(&original);
    }
    fs::write(&server_pem, &huge).unwrap();
    verify_reports(&dir, "huge server.pem", "file-unreadable", "server.pem");
    let out = run(&["inspect", s(&server_pem)]);
    assert_one_line_error("inspect huge", &out, "larger than 1 MiB");

    // A directory where a file should be.
    fs::remove_file(&server_pem).unwrap();
    fs::create_dir(&server_pem).unwrap();
    verify_reports(
        &dir,
        "directory server.pem",
        "file-unreadable",
        "server.pem",
    );
    fs::remove_dir(&server_pem).unwrap();

    // A symlink loop.
    std::os::unix::fs::symlink("server.pem", &server_pem).unwrap();
    verify_reports(&dir, "symlink loop", "file-unreadable", "server.pem");
    let out = run(&["inspect", s(&server_pem)]);
    assert_one_line_error("inspect loop", &out, "symbolic links");
    fs::remove_file(&server_pem).unwrap();

    // A named pipe: reading it would block forever.
    let fifo = std::process::Command::new("mkfifo")
        .arg(&server_pem)
        .status()
        .unwrap();
    assert!(fifo.success());
    verify_reports(&dir, "fifo server.pem", "file-unreadable", "server.pem");
    let out = run(&["inspect", s(&server_pem)]);
    assert_one_line_error("inspect fifo", &out, "not a regular file");
    fs::remove_file(&server_pem).unwrap();
    fs::write(&server_pem, &original).unwrap();

    // A non-UTF-8 file name: inspect names it, verify reports it as another leaf.
    use std::os::unix::ffi::OsStrExt;
    let odd = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.pem"));
    fs::write(&odd, fs::read(corpus().join("truncated-cert.pem")).unwrap()).unwrap();
    let out = run(&["inspect", odd.to_str().unwrap_or(&odd.to_string_lossy())]);
    assert_no_panic("non-UTF-8 name", &out);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_milvus-cert"))
        .env_remove("RUST_BACKTRACE")
        .arg("inspect")
        .arg(&odd)
        .output()
        .unwrap();
    assert_one_line_error("inspect non-UTF-8 name", &out, "caf");
    let before = listing(&dir);
    let out = run(&["verify", s(&dir), "--json"]);
    assert_no_panic("verify non-UTF-8 name", &out);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let odd_finding = json["findings"].as_array().unwrap().iter().find(|f| {
        f["code"] == "file-malformed" && f["file"].as_str().is_some_and(|n| n.starts_with("caf"))
    });
    assert!(odd_finding.is_some(), "{json}");
    assert_eq!(before, listing(&dir));
}

/// Copies each corpus file into a fresh work directory and runs milvus-cert with
/// `args(work, copy)`: `what FILE` must fail with one line naming the file and change
/// nothing, neither in the work directory nor in `watched`.
fn refuses_each(
    what: &str,
    names: &[&str],
    watched: Option<&Path>,
    args: impl Fn(&Path, &Path) -> Vec<String>,
) {
    for name in names {
        let work = tempfile::tempdir().unwrap();
        let copy = work.path().join(name);
        fs::copy(corpus().join(name), &copy).unwrap();
        let state = || (watched.map(listing), listing(work.path()));
        let before = state();
        let args = args(work.path(), &copy);
        let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_one_line_error(&format!("{what} {name}"), &out, name);
        assert_eq!(before, state(), "{what} {name} wrote something");
    }
}

#[test]
fn sign_refuses_bad_requests_and_writes_nothing() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let names = [
        "csr-bad-signature.csr",
        "csr-truncated.csr",
        "cert-not-csr.csr",
        "key-not-csr.csr",
        "binary.bin",
        "empty.pem",
    ];
    refuses_each("sign --csr", &names, Some(&dir), |_, csr| {
        sign_args(s(&dir), s(csr), "client")
            .iter()
            .map(|a| a.to_string())
            .collect()
    });
}

#[test]
fn init_refuses_bad_settings_files_and_writes_nothing() {
    let names = [
        "bad-type.toml",
        "unknown-key.toml",
        "not-utf8.toml",
        "negative-days.toml",
        "huge-number.toml",
        "duplicate-key.toml",
        "syntax-error.toml",
        "bad-key-type.toml",
        "san-not-a-list.toml",
        "binary.bin",
    ];
    refuses_each("init --config", &names, None, |work, config| {
        let (dir, config) = (s(&work.join("cert")).to_string(), s(config));
        let args = argv(
            "init --key-type ecdsa-p256 --dir",
            &[&dir, "--config", config],
        );
        args.iter().map(|a| a.to_string()).collect()
    });
}

/// The README lists every corpus file, and every file is used by a test above.
#[test]
fn the_readme_lists_the_whole_corpus() {
    let readme = fs::read_to_string(corpus().join("README.md")).unwrap();
    let this = include_str!("malformed.rs");
    let mut count = 0;
    for entry in fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "README.md" {
            continue;
        }
        count += 1;
        assert!(
            readme.contains(&format!("`{name}`")),
            "README misses {name}"
        );
        assert!(this.contains(&format!("\"{name}\"")), "no test uses {name}");
    }
    assert!(count >= 30, "only {count} corpus files");
}
