//! The user-facing contract of `init`: exit codes, no clobbering, --force, modes, errors.

mod common;

use common::*;
use std::fs;

#[test]
fn init_writes_exactly_the_nine_files_with_key_modes() {
    let (_tmp, dir) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    let names: Vec<String> = snapshot(&dir).into_keys().collect();
    let mut nine = INIT_FILES.to_vec();
    nine.sort();
    assert_eq!(names, nine);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for name in &names {
            let mode = fs::metadata(dir.join(name)).unwrap().permissions().mode() & 0o777;
            let want = if name.ends_with(".key") { 0o600 } else { 0o644 };
            assert_eq!(mode, want, "{name}");
        }
    }
}

#[test]
fn a_second_init_refuses_to_clobber_and_force_keeps_the_ca() {
    let (_tmp, dir) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    let before = snapshot(&dir);
    let dir_s = dir.to_str().unwrap();

    let out = run(&["init", "--dir", dir_s, "--key-type", "ecdsa-p256"]);
    assert_eq!(out.status.code(), Some(2));
    let (stdout, stderr) = text(&out);
    assert!(stdout.is_empty());
    let line = one_error_line(&stderr);
    assert!(
        line.contains("already exists") && line.contains("--force"),
        "{line}"
    );
    assert!(line.contains(dir_s), "the error names the file: {line}");
    assert_eq!(snapshot(&dir), before, "a refused init must change nothing");

    run_ok(&argv(
        "init --key-type ecdsa-p256 --force --quiet --dir",
        &[dir_s],
    ));
    let after = snapshot(&dir);
    assert_eq!(after["ca.key"], before["ca.key"], "the CA is kept");
    assert_eq!(after["ca.pem"], before["ca.pem"]);
    for leaf in [
        "server.key",
        "server.pem",
        "client.key",
        "client.pem",
        "ca.srl",
    ] {
        assert_ne!(after[leaf], before[leaf], "{leaf} replaced");
    }
    // The replaced set is consistent: the new server cert still verifies against the kept CA.
    common::openssl_ok(
        &dir,
        &["verify", "-CAfile", "ca.pem", "server.pem", "client.pem"],
    );

    run_ok(&argv(
        "init --key-type ecdsa-p256 --force --new-ca --quiet --dir",
        &[dir_s],
    ));
    let renewed = snapshot(&dir);
    assert_ne!(
        renewed["ca.pem"], before["ca.pem"],
        "--new-ca replaces the CA"
    );
    common::openssl_ok(
        &dir,
        &["verify", "-CAfile", "ca.pem", "server.pem", "client.pem"],
    );
}

#[test]
fn new_ca_over_an_existing_ca_still_needs_force() {
    let (_tmp, dir) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    let before = snapshot(&dir);
    let out = run(&["init", "--dir", dir.to_str().unwrap(), "--new-ca"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&text(&out).1).contains("ca.key' already exists"));
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn bad_option_values_exit_2_with_a_clear_message_and_write_nothing() {
    let (_tmp, dir) = temp_cert_dir();
    let dir_s = dir.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--key-bits", "1024"], "2048, 3072 or 4096"),
        (
            &["--key-type", "ecdsa-p256", "--key-bits", "2048"],
            "only applies to --key-type rsa",
        ),
        (&["--days", "0"], "--days must be at least 1"),
        (
            &["--san", "not a name"],
            "neither an IP address nor a valid DNS name",
        ),
        (&["--cn", "two words"], "--cn"),
        (&["--country", "Germany"], "two-letter"),
    ];
    for (args, expected) in cases {
        let mut argv = vec!["init", "--dir", dir_s];
        argv.extend_from_slice(args);
        let out = run(&argv);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let line = one_error_line(&text(&out).1).to_string();
        assert!(line.contains(expected), "{args:?}: {line}");
        assert!(!dir.exists(), "{args:?} must not create anything");
    }
    // clap's own usage errors also exit 2 without a panic.
    for args in [
        &["init", "--key-type", "dsa"][..],
        &["init", "--days", "-3"],
        &["init", "--bogus"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out).1;
        assert!(
            stderr.contains("error:") && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
}

#[test]
fn unusable_directories_and_half_cas_are_clear_errors() {
    let (tmp, file) = temp_cert_dir();
    fs::write(&file, "not a dir").unwrap();
    let out = run(&["init", "--dir", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&text(&out).1).contains("is not a directory"));

    let half = tmp.path().join("half");
    fs::create_dir(&half).unwrap();
    fs::write(half.join("ca.pem"), "x").unwrap();
    let out = run(&["init", "--dir", half.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let line = one_error_line(&text(&out).1).to_string();
    assert!(
        line.contains("ca.pem' exists without its partner (ca.key)"),
        "{line}"
    );

    let garbage = tmp.path().join("garbage");
    fs::create_dir(&garbage).unwrap();
    fs::write(garbage.join("ca.pem"), "garbage").unwrap();
    fs::write(garbage.join("ca.key"), "garbage").unwrap();
    let out = run(&["init", "--dir", garbage.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let line = one_error_line(&text(&out).1).to_string();
    assert!(
        line.contains("ca.pem") && line.contains("no PEM certificate found"),
        "{line}"
    );
    assert_eq!(
        fs::read_dir(&garbage).unwrap().count(),
        2,
        "nothing written"
    );
}

#[test]
fn a_ca_key_that_does_not_match_ca_pem_is_refused() {
    let (_a, first) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    let (_b, second) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    fs::copy(second.join("ca.key"), first.join("ca.key")).unwrap();
    let out = run(&["init", "--dir", first.to_str().unwrap(), "--force"]);
    assert_eq!(out.status.code(), Some(2));
    let line = one_error_line(&text(&out).1).to_string();
    assert!(line.contains("ca.key does not belong to ca.pem"), "{line}");
}

#[test]
fn a_leaf_certificate_is_not_accepted_as_the_ca() {
    let (_tmp, dir) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    fs::copy(dir.join("server.pem"), dir.join("ca.pem")).unwrap();
    fs::copy(dir.join("server.key"), dir.join("ca.key")).unwrap();
    let out = run(&["init", "--dir", dir.to_str().unwrap(), "--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&text(&out).1).contains("not a CA"));
}

#[test]
#[cfg(unix)]
fn permission_denied_names_the_path() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let locked = tmp.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    let args = argv(
        "init --key-type ecdsa-p256 --dir",
        &[locked.to_str().unwrap()],
    );
    // root ignores permissions, so as root the binary runs as `nobody` via setpriv.
    let out = if running_as_root() {
        std::process::Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                env!("CARGO_BIN_EXE_milvus-cert"),
            ])
            .args(args)
            .output()
            .expect("setpriv (util-linux) runs the binary as nobody")
    } else {
        run(&args)
    };
    assert_eq!(out.status.code(), Some(2));
    let line = one_error_line(&text(&out).1).to_string();
    assert!(
        line.contains("locked") && line.to_lowercase().contains("permission denied"),
        "{line}"
    );
    assert_eq!(fs::read_dir(&locked).unwrap().count(), 0);
}

#[test]
fn json_output_is_only_json_and_describes_every_file() {
    let (_tmp, dir) = temp_cert_dir();
    let out = run_ok(&argv("init --key-type ecdsa-p256 --json --dir", &[s(&dir)]));
    let (stdout, stderr) = text(&out);
    assert!(stderr.is_empty(), "{stderr}");
    let doc: serde_json::Value =
        serde_json::from_str(&stdout).expect("stdout is one JSON document");
    assert_eq!(doc["ca"], "created");
    assert_eq!(doc["key"]["name"], "ecdsa-p256");
    assert_eq!(doc["command"], "init");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 9);
    let server = files.iter().find(|f| f["name"] == "server.pem").unwrap();
    assert_eq!(server["kind"], "certificate");
    assert_eq!(server["role"], "server");
    let cert = &server["certificate"];
    assert_eq!(
        cert["sans"],
        serde_json::json!(["DNS:localhost", "IP:127.0.0.1", "IP:::1"])
    );
    assert_eq!(cert["sha256"].as_str().unwrap().len(), 64);
    let srl = files.iter().find(|f| f["name"] == "ca.srl").unwrap();
    let client = files.iter().find(|f| f["name"] == "client.pem").unwrap();
    assert_eq!(srl["last_serial"], client["certificate"]["serial"]);
    assert_eq!(
        fs::read_to_string(dir.join("ca.srl")).unwrap(),
        format!("{}\n", srl["last_serial"].as_str().unwrap())
    );
    let key = files.iter().find(|f| f["name"] == "server.key").unwrap();
    assert_eq!(key["mode"], "0600");
}

#[test]
fn human_output_lists_the_files_and_the_next_step() {
    let (tmp, dir) = temp_cert_dir();
    let out = run_ok(&argv("init --key-type ecdsa-p256 --dir", &[s(&dir)]));
    let (stdout, _) = text(&out);
    for name in INIT_FILES {
        assert!(
            stdout.contains(&format!("  {name} ")),
            "{name} missing:\n{stdout}"
        );
    }
    assert!(
        stdout.contains("serverPemPath:") && stdout.contains("tlsMode"),
        "{stdout}"
    );
    let quiet = run_ok(&argv(
        "init --key-type ecdsa-p256 --quiet --dir",
        &[tmp.path().join("q").to_str().unwrap()],
    ));
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
}
