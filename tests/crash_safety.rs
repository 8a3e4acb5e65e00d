//! Crash safety: stopping `init`, `server` and `renew` at every step (the debug-build
//! fault hook `MILVUS_CERT_FAULT`, which aborts the process) and at random instants
//! (SIGKILL) leaves the directory either byte-for-byte as it was or complete. "Complete"
//! is judged after the next command's recovery (a committed set is rolled forward; see
//! src/store/mod.rs), and by openssl: every certificate verifies against ca.pem, every key
//! is its certificate's (and CSR's), ca.srl is the last serial issued.

mod common;

use common::{bin, openssl, openssl_ok};
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Output;

type Snapshot = BTreeMap<String, Vec<u8>>;

/// Every visible file of `dir` (the lock file and staging directories are machinery).
fn snapshot(dir: &Path) -> Snapshot {
    let mut files = Snapshot::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return files;
    };
    for entry in entries {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        files.insert(name, fs::read(entry.path()).unwrap());
    }
    files
}

/// Staging directories and temporary files left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".milvus-cert.txn.") || n.ends_with(".tmp"))
        .collect()
}

/// Copies the regular files of `from` (if it exists) into `to`.
fn copy_dir(from: &Path, to: &Path) {
    if !from.exists() {
        return;
    }
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = bin();
    cmd.args(args).arg("--dir").arg(dir).arg("--quiet");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// The next write command's recovery, without issuing anything: every writer finishes or
/// undoes an interrupted write first (read commands never do), and `sign` then stops at
/// its missing request.
fn recover(dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = bin();
    cmd.arg("sign")
        .arg("--csr")
        .arg(dir.join("no-such-request.csr"))
        .args(["--profile", "server", "--dir"])
        .arg(dir)
        .arg("--quiet");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn pubkey(dir: &Path, args: &[&str]) -> String {
    openssl_ok(dir, args)
}

/// Serial as (length, digits) without leading zeros, for ordering.
fn serial_key(hex: &str) -> (usize, String) {
    let hex = hex.trim().trim_start_matches('0').to_uppercase();
    (hex.len(), hex)
}

/// Whatever is under final names is a consistent TLS directory.
fn assert_consistent(dir: &Path, context: &str) {
    let files = snapshot(dir);
    let has = |n: &str| files.contains_key(n);
    assert!(
        leftovers(dir).is_empty(),
        "{context}: leftovers {:?}",
        leftovers(dir)
    );
    for role in ["ca", "server", "client"] {
        let (key, cert) = (format!("{role}.key"), format!("{role}.pem"));
        assert_eq!(
            has(&key),
            has(&cert),
            "{context}: {key} and {cert} must come together"
        );
        if !has(&key) {
            continue;
        }
        let from_key = pubkey(dir, &["pkey", "-in", &key, "-pubout"]);
        let from_cert = pubkey(dir, &["x509", "-in", &cert, "-pubkey", "-noout"]);
        assert_eq!(from_key, from_cert, "{context}: {key} is not {cert}'s key");
        let csr = format!("{role}.csr");
        if has(&csr) {
            let from_csr = pubkey(dir, &["req", "-in", &csr, "-pubkey", "-noout"]);
            assert_eq!(
                from_key, from_csr,
                "{context}: {csr} is not {key}'s request"
            );
        }
        if role != "ca" {
            assert!(has("ca.pem"), "{context}: {cert} without ca.pem");
            let out = openssl(dir, &["verify", "-CAfile", "ca.pem", &cert]);
            assert!(
                out.status.success(),
                "{context}: openssl verify {cert}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    if has("ca.srl") {
        let last = ["server.pem", "client.pem"]
            .iter()
            .filter(|n| has(n))
            .map(|n| {
                let out = openssl_ok(dir, &["x509", "-in", n, "-serial", "-noout"]);
                serial_key(out.trim().trim_start_matches("serial="))
            })
            .max();
        if let Some(last) = last {
            let srl = String::from_utf8_lossy(&files["ca.srl"]).into_owned();
            assert_eq!(
                serial_key(&srl),
                last,
                "{context}: ca.srl is not the last serial issued"
            );
        }
    }
}

/// `after` is `before` unchanged, or `before` with every one of `written` replaced (or
/// created) and, when `backups`, a `.bak` copy of each replaced file; nothing else differs.
fn assert_unchanged_or_complete(
    before: &Snapshot,
    after: &Snapshot,
    written: &[&str],
    backups: bool,
    context: &str,
) -> bool {
    if before == after {
        return false;
    }
    for name in written {
        assert!(
            after.contains_key(*name),
            "{context}: {name} missing: {:?}",
            after.keys()
        );
        assert_ne!(
            before.get(*name),
            after.get(*name),
            "{context}: {name} not replaced, though others were"
        );
    }
    let mut copies = 0;
    for (name, bytes) in after {
        if written.contains(&name.as_str()) {
            continue;
        }
        match before.get(name) {
            Some(old) => assert_eq!(old, bytes, "{context}: {name} changed"),
            None => {
                let base = name.split(".bak").next().unwrap();
                assert!(
                    backups && name.contains(".bak") && before.get(base) == Some(bytes),
                    "{context}: unexpected new file {name}"
                );
                copies += 1;
            }
        }
    }
    if backups {
        let replaced = written
            .iter()
            .filter(|n| before.contains_key(**n) && **n != "ca.srl")
            .count();
        assert_eq!(copies, replaced, "{context}: one backup per replaced file");
    }
    true
}

/// The fault points `args` passes through, in order, from a traced run on a copy.
fn fault_points(template: &Path, args: &[&str], work: &Path) -> Vec<String> {
    let dir = work.join("trace-run");
    copy_dir(template, &dir);
    let trace = work.join("trace.txt");
    let trace_s = trace.to_str().unwrap();
    let out = run_in(&dir, args, &[("MILVUS_CERT_FAULT_TRACE", trace_s)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let points: Vec<String> = fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    fs::remove_dir_all(&dir).ok();
    points
}

/// Asserts the fault fired: the process died of SIGABRT, saying where.
fn assert_aborted(out: &Output, point: &str) {
    assert_eq!(
        out.status.signal(),
        Some(6),
        "expected an abort at {point}: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("fault injected"));
}

/// Runs `args` once per fault point on a copy of `template` and checks the directory
/// after the crash (unchanged, or roll-forward pending) and after recovery.
fn crash_at_every_point(template: &Path, args: &[&str], written: &[&str], backups: bool) {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the fault hook exists in debug builds only");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let before = snapshot(template);
    let points = fault_points(template, args, work.path());
    // Every step of the commit is among them.
    for step in ["locked", "staged", "committed", "renamed", "done"] {
        assert!(
            points.iter().any(|p| p == step),
            "no '{step}' in {points:?}"
        );
    }
    for name in written {
        assert!(points.contains(&format!("rename:{name}")), "{points:?}");
    }
    let mut completed = 0;
    for (i, point) in points.iter().enumerate() {
        let n = (i + 1).to_string();
        let context = format!("{args:?} stopped at {point} (#{n})");
        let dir = work.path().join(format!("run{n}"));
        copy_dir(template, &dir);
        let out = run_in(&dir, args, &[("MILVUS_CERT_FAULT", &n)]);
        assert_aborted(&out, point);
        let crashed = snapshot(&dir);
        // The commit marker exists from the "committed" point on.
        let committed = points[..=i].iter().any(|p| p == "committed");
        if !committed {
            assert!(
                !assert_unchanged_or_complete(&before, &crashed, written, backups, &context),
                "{context}: final names changed before the commit"
            );
        }
        let out = recover(&dir, &[]);
        assert!(
            out.status.code().is_some(),
            "{context}: recovery crashed: {out:?}"
        );
        let after = snapshot(&dir);
        let complete = assert_unchanged_or_complete(&before, &after, written, backups, &context);
        assert_eq!(
            complete, committed,
            "{context}: a committed set must be rolled forward, an uncommitted one back"
        );
        completed += usize::from(complete);
        assert_consistent(&dir, &context);
        fs::remove_dir_all(&dir).ok();
    }
    assert!(
        completed > 0 && completed < points.len(),
        "both outcomes occur"
    );
}

/// A directory made by `init` with `extra` flags, as a template.
fn template(extra: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("t");
    let mut args = vec!["init", "--key-type", "ecdsa-p256"];
    args.extend_from_slice(extra);
    let out = run_in(&dir, &args, &[]);
    assert!(out.status.success());
    tmp
}

const INIT_ALL: [&str; 9] = [
    "ca.key",
    "ca.pem",
    "ca.srl",
    "server.key",
    "server.csr",
    "server.pem",
    "client.key",
    "client.csr",
    "client.pem",
];
const LEAVES: [&str; 7] = [
    "ca.srl",
    "server.key",
    "server.csr",
    "server.pem",
    "client.key",
    "client.csr",
    "client.pem",
];

#[test]
fn init_into_a_new_directory_survives_a_crash_at_every_step() {
    let empty = tempfile::tempdir().unwrap();
    crash_at_every_point(
        &empty.path().join("none"),
        &["init", "--key-type", "ecdsa-p256"],
        &INIT_ALL,
        false,
    );
}

#[test]
fn init_force_new_ca_survives_a_crash_at_every_step() {
    let t = template(&[]);
    crash_at_every_point(
        &t.path().join("t"),
        &["init", "--key-type", "ecdsa-p256", "--force", "--new-ca"],
        &INIT_ALL,
        true,
    );
}

#[test]
fn init_force_with_the_kept_ca_survives_a_crash_at_every_step() {
    let t = template(&[]);
    crash_at_every_point(
        &t.path().join("t"),
        &["init", "--key-type", "ecdsa-p256", "--force"],
        &LEAVES,
        true,
    );
}

#[test]
fn server_force_survives_a_crash_at_every_step() {
    let t = template(&[]);
    crash_at_every_point(
        &t.path().join("t"),
        &["server", "--key-type", "ecdsa-p256", "--force"],
        &["server.key", "server.csr", "server.pem", "ca.srl"],
        true,
    );
}

#[test]
fn renew_with_backups_survives_a_crash_at_every_step() {
    let t = template(&[]);
    crash_at_every_point(&t.path().join("t"), &["renew"], &LEAVES, true);
}

#[test]
fn a_crash_during_recovery_is_recovered_by_the_next_run() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the fault hook exists in debug builds only");
        return;
    }
    let t = template(&[]);
    let template = t.path().join("t");
    let before = snapshot(&template);
    let work = tempfile::tempdir().unwrap();
    // Stopped between two renames: a mix of old and new files, roll-forward pending.
    let half = work.path().join("half");
    copy_dir(&template, &half);
    let out = run_in(
        &half,
        &["renew"],
        &[("MILVUS_CERT_FAULT", "rename:server.pem")],
    );
    assert_aborted(&out, "rename:server.pem");
    let mixed = snapshot(&half);
    assert_ne!(mixed, before);
    assert!(
        mixed.get("client.pem") == before.get("client.pem")
            && mixed.get("server.pem") != before.get("server.pem"),
        "the crash left a mix"
    );
    // Copy the staging directory along: recovery itself is traced and stopped.
    let copy_half = |to: &Path| {
        copy_dir(&half, to);
        for txn in leftovers(&half) {
            copy_dir(&half.join(&txn), &to.join(&txn));
            // Recovery only touches staging directories as private as the ones it makes.
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(to.join(&txn), fs::Permissions::from_mode(0o700)).unwrap();
        }
    };
    let traced = work.path().join("traced");
    copy_half(&traced);
    let trace = work.path().join("trace.txt");
    recover(
        &traced,
        &[("MILVUS_CERT_FAULT_TRACE", trace.to_str().unwrap())],
    );
    let points: Vec<String> = fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert!(
        points.iter().any(|p| p == "recover:client.pem"),
        "{points:?}"
    );
    for (i, point) in points.iter().enumerate() {
        let n = (i + 1).to_string();
        let dir = work.path().join(format!("r{n}"));
        copy_half(&dir);
        assert_aborted(&recover(&dir, &[("MILVUS_CERT_FAULT", &n)]), point);
        // The next command finishes the job.
        recover(&dir, &[]);
        let context = format!("recovery stopped at {point}");
        assert!(assert_unchanged_or_complete(
            &before,
            &snapshot(&dir),
            &LEAVES,
            true,
            &context
        ));
        assert_consistent(&dir, &context);
    }
}

/// A tiny deterministic generator (64-bit LCG), so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn sigkill_at_random_instants_never_leaves_a_half_written_set() {
    let seed = std::env::var("MILVUS_CERT_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_u64);
    eprintln!("kill delays from seed {seed} (set MILVUS_CERT_KILL_SEED to repeat)");
    let mut rng = Lcg(seed);
    let (mut unchanged, mut rolled_forward, mut finished) = (0, 0, 0);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    // ECDSA keys: a run takes about as long as the kill delays span, so kills land
    // before, during and after the commit.
    let out = run_in(&dir, &["init", "--key-type", "ecdsa-p256"], &[]);
    assert!(out.status.success());
    for i in 0..30 {
        let delay = rng.next() % 301;
        let (args, written, backups): (&[&str], &[&str], bool) = match i % 3 {
            0 => (
                &["init", "--force", "--new-ca", "--key-type", "ecdsa-p256"],
                &INIT_ALL,
                true,
            ),
            1 => (
                &["init", "--force", "--key-type", "ecdsa-p256"],
                &LEAVES,
                true,
            ),
            _ => (&["renew"], &LEAVES, true),
        };
        let context = format!("iteration {i}: {args:?} killed after {delay} ms (seed {seed})");
        let before = snapshot(&dir);
        let mut child = bin()
            .args(args)
            .arg("--dir")
            .arg(&dir)
            .arg("--quiet")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        assert!(
            status.success() || status.signal() == Some(9),
            "{context}: {status:?}"
        );
        if !leftovers(&dir).is_empty() {
            rolled_forward += 1;
        }
        let out = recover(&dir, &[]);
        assert!(out.status.code().is_some(), "{context}: {out:?}");
        let after = snapshot(&dir);
        if assert_unchanged_or_complete(&before, &after, written, backups, &context) {
            finished += 1;
        } else {
            unchanged += 1;
        }
        assert_consistent(&dir, &context);
    }
    // Informational only: how the kills landed depends on the machine's speed.
    eprintln!(
        "{unchanged} left unchanged, {finished} complete ({rolled_forward} with a staging directory left to recover)"
    );
}
