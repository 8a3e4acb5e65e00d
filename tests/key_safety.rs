//! No overwrite surprises and key hygiene: symbolic links at key names are never written
//! through, keys are not written into world-writable directories (not even with --force), loose
//! permissions on a loaded key are warned about, and key material never shows up in
//! output, error messages or Debug text.

mod common;

use common::{run, run_ok, text};
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

fn dir_s(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
}

/// The base64 lines of a PEM file (its key material).
fn base64_lines(pem: &str) -> Vec<String> {
    pem.lines()
        .filter(|l| !l.starts_with("-----") && !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Fails if `haystack` holds any 12-character run of `pem`'s base64 body.
fn assert_no_key_material(haystack: &str, pem: &str, what: &str) {
    for line in base64_lines(pem) {
        let chars: Vec<char> = line.chars().collect();
        for window in chars.windows(12) {
            let piece: String = window.iter().collect();
            assert!(
                !haystack.contains(&piece),
                "{what} shows key material ({piece}):\n{haystack}"
            );
        }
    }
}

fn fast_init(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["init", "--dir", dir_s(dir), "--key-type", "ecdsa-p256"];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn a_symlink_at_a_key_name_is_refused_and_never_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    fs::create_dir(&dir).unwrap();
    let outside = tmp.path().join("precious.txt");
    fs::write(&outside, "do not touch\n").unwrap();
    symlink(&outside, dir.join("server.key")).unwrap();

    let out = fast_init(&dir, &[]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("server.key' is a symbolic link")
            && err.contains("precious.txt")
            && err.contains("--force"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&outside).unwrap(), "do not touch\n");
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["server.key"], "a refused init writes nothing");

    // --force replaces the link itself; the file it pointed to stays as it was.
    let out = fast_init(&dir, &["--force"]);
    assert!(out.status.success(), "{}", text(&out).1);
    assert_eq!(fs::read_to_string(&outside).unwrap(), "do not touch\n");
    let key = dir.join("server.key");
    assert!(fs::symlink_metadata(&key).unwrap().file_type().is_file());
    assert_eq!(mode(&key), 0o600);
    common::openssl_ok(&dir, &["pkey", "-in", "server.key", "-noout"]);
}

#[test]
fn a_dangling_symlink_never_creates_its_target() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    fs::create_dir(&dir).unwrap();
    let target = tmp.path().join("elsewhere").join("stolen.key");
    fs::create_dir(tmp.path().join("elsewhere")).unwrap();
    symlink(&target, dir.join("client.key")).unwrap();
    let out = fast_init(&dir, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("symbolic link"), "{}", text(&out).1);
    assert!(!target.exists());
    assert!(fast_init(&dir, &["--force"]).status.success());
    assert!(!target.exists(), "the key was written through the link");
}

#[test]
fn server_and_renew_refuse_a_linked_key_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    assert!(fast_init(&dir, &[]).status.success());
    let outside = tmp.path().join("outside.key");
    fs::write(&outside, "outside\n").unwrap();
    fs::remove_file(dir.join("server.key")).unwrap();
    symlink(&outside, dir.join("server.key")).unwrap();
    let before = fs::read(dir.join("server.pem")).unwrap();

    let out = run(&["server", "--dir", dir_s(&dir), "--key-type", "ecdsa-p256"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("is a symbolic link"),
        "{}",
        text(&out).1
    );

    let out = run(&["renew", "--dir", dir_s(&dir), "server"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("server.key' is a symbolic link"), "{err}");
    assert_eq!(
        fs::read(dir.join("server.pem")).unwrap(),
        before,
        "nothing written"
    );
    assert!(!dir.join("server.pem.bak").exists());

    // --force replaces files but never copies through a link: the backup of server.key
    // would be outside.key's contents.
    let out = run(&["renew", "--dir", dir_s(&dir), "server", "--force"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("does not copy or back up through a link"),
        "{err}"
    );
    assert!(!dir.join("server.key.bak").exists());
    assert_eq!(fs::read_to_string(&outside).unwrap(), "outside\n");
    // Once the link is gone, renew works.
    fs::remove_file(dir.join("server.key")).unwrap();
    run_ok(&["renew", "--dir", dir_s(&dir), "server", "--force"]);
    assert_eq!(fs::read_to_string(&outside).unwrap(), "outside\n");
    assert!(
        fs::symlink_metadata(dir.join("server.key"))
            .unwrap()
            .is_file()
    );
    assert_eq!(mode(&dir.join("server.key")), 0o600);
}

#[test]
fn keys_are_not_written_into_a_world_writable_directory_even_with_force() {
    for (dir_mode, sticky) in [(0o1777, true), (0o777, false)] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("shared");
        fs::create_dir(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(dir_mode)).unwrap();
        // --force replaces files; it never switches the directory checks off.
        for extra in [&[][..], &["--force"][..]] {
            let out = fast_init(&dir, extra);
            let (_, err) = text(&out);
            assert_eq!(out.status.code(), Some(2), "{err}");
            assert!(
                err.contains("writable by every user") && err.contains("mkdir -m 700"),
                "{err}"
            );
            assert_eq!(err.contains("sticky"), sticky, "{err}");
            assert_eq!(fs::read_dir(&dir).unwrap().count(), 0, "nothing written");
        }
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
        assert!(fast_init(&dir, &[]).status.success());
        fs::set_permissions(&dir, fs::Permissions::from_mode(dir_mode)).unwrap();
        // Every command that writes a key refuses, not only init.
        let out = run(&[
            "server",
            "--dir",
            dir_s(&dir),
            "--key-type",
            "ecdsa-p256",
            "--name",
            "other",
            "--force",
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out).1.contains("writable by every user"));
        assert!(!dir.join("other.key").exists());
    }
}

#[test]
fn a_ca_key_others_can_read_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    assert!(fast_init(&dir, &[]).status.success());
    let ca_key = dir.join("ca.key");
    fs::set_permissions(&ca_key, fs::Permissions::from_mode(0o644)).unwrap();
    let out = run_ok(&[
        "server",
        "--dir",
        dir_s(&dir),
        "--force",
        "--key-type",
        "ecdsa-p256",
    ]);
    let (_, err) = text(&out);
    assert!(
        err.contains("ca.key' is accessible to every user")
            && err.contains("chmod 600")
            && err.contains("644"),
        "{err}"
    );
    let out = run_ok(&[
        "--json",
        "client",
        "--dir",
        dir_s(&dir),
        "--force",
        "--key-type",
        "ecdsa-p256",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["warnings"].to_string().contains("chmod 600"), "{json}");

    fs::set_permissions(&ca_key, fs::Permissions::from_mode(0o640)).unwrap();
    let out = run_ok(&[
        "init",
        "--dir",
        dir_s(&dir),
        "--force",
        "--key-type",
        "ecdsa-p256",
    ]);
    assert!(
        text(&out).1.contains("accessible to its group"),
        "{}",
        text(&out).1
    );

    fs::set_permissions(&ca_key, fs::Permissions::from_mode(0o600)).unwrap();
    let out = run_ok(&[
        "server",
        "--dir",
        dir_s(&dir),
        "--force",
        "--key-type",
        "ecdsa-p256",
    ]);
    assert!(!text(&out).1.contains("chmod"), "{}", text(&out).1);

    // A kept key is checked too.
    fs::set_permissions(dir.join("server.key"), fs::Permissions::from_mode(0o604)).unwrap();
    let out = run_ok(&["renew", "--dir", dir_s(&dir), "server", "--keep-key"]);
    assert!(
        text(&out)
            .1
            .contains("server.key' is accessible to every user")
    );
}

#[test]
fn bad_key_files_never_show_their_contents() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    assert!(fast_init(&dir, &[]).status.success());
    let good_ca = fs::read_to_string(dir.join("ca.key")).unwrap();
    let good_server = fs::read_to_string(dir.join("server.key")).unwrap();
    let lines = base64_lines(&good_ca);

    // Corrupted base64, a truncated key, a key of the wrong CA, trailing junk.
    let mut corrupt = good_ca.replace(&lines[1], &lines[1].replace(['A', 'B', 'C'], "!"));
    if corrupt == good_ca {
        corrupt = good_ca.replace(&lines[1], &format!("{}*", lines[1]));
    }
    let truncated = format!("-----BEGIN PRIVATE KEY-----\n{}\n", lines[0]);
    let other = fs::read_to_string(dir.join("client.key")).unwrap();
    let bodies = [
        corrupt.clone(),
        truncated,
        other.clone(),
        format!("{good_ca}junk"),
    ];
    for (i, body) in bodies.iter().enumerate() {
        fs::write(dir.join("ca.key"), body).unwrap();
        for args in [
            vec![
                "server",
                "--dir",
                dir_s(&dir),
                "--force",
                "--key-type",
                "ecdsa-p256",
            ],
            vec![
                "--json",
                "sign",
                "--dir",
                dir_s(&dir),
                dir.join("server.csr").to_str().unwrap(),
                "--out",
                tmp.path().join("x.pem").to_str().unwrap(),
            ],
            vec!["init", "--dir", dir_s(&dir), "--force"],
            vec!["renew", "--dir", dir_s(&dir)],
            vec!["verify", dir_s(&dir)],
            vec!["--json", "verify", dir_s(&dir)],
            vec!["inspect", dir.join("ca.key").to_str().unwrap()],
            vec!["--json", "inspect", dir.join("ca.key").to_str().unwrap()],
        ] {
            let out = run(&args);
            let (stdout, stderr) = text(&out);
            let all = format!("{stdout}{stderr}");
            assert!(out.status.code().is_some());
            assert_no_key_material(&all, &good_ca, &format!("case {i}: {args:?}"));
            assert_no_key_material(&all, &other, &format!("case {i}: {args:?}"));
            assert_no_key_material(&all, &good_server, &format!("case {i}: {args:?}"));
        }
    }
    fs::write(dir.join("ca.key"), &good_ca).unwrap();

    // A bad kept key: the error names the file, not its bytes.
    let bad_server = good_server.replace(&base64_lines(&good_server)[1], "@@@@");
    fs::write(dir.join("server.key"), &bad_server).unwrap();
    let out = run(&["renew", "--dir", dir_s(&dir), "server", "--keep-key"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("server.key"), "{err}");
    assert_no_key_material(&err, &good_server, "renew --keep-key");
}

#[test]
fn debug_output_of_key_holding_types_hides_the_key() {
    use milvus_cert::{Authority, KeySpec, OutFile, parse_private_key};

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    assert!(fast_init(&dir, &[]).status.success());
    let ca_pem = fs::read_to_string(dir.join("ca.key")).unwrap();

    let authority = Authority::load(&dir).unwrap();
    assert_no_key_material(&format!("{authority:?}"), &ca_pem, "Debug of Authority");
    assert_no_key_material(&format!("{:?}", authority.ca), &ca_pem, "Debug of Ca");

    let parsed = parse_private_key(ca_pem.as_bytes()).unwrap();
    assert_no_key_material(&format!("{parsed:?}"), &ca_pem, "Debug of ParsedKey");
    assert_no_key_material(
        &format!("{:#?}", parsed.key),
        &ca_pem,
        "Debug of PrivateKey",
    );

    let fresh = KeySpec::Rsa(2048).generate().unwrap();
    let fresh_pem = fresh.pkcs8_pem();
    assert_no_key_material(&format!("{fresh:?}"), &fresh_pem, "Debug of a new key");
    let file = OutFile::secret("ca.key", fresh_pem.clone());
    assert_no_key_material(
        &format!("{file:?} {file:#?}"),
        &fresh_pem,
        "Debug of OutFile",
    );

    // Parse errors describe the problem, not the bytes.
    let lines = base64_lines(&ca_pem);
    let broken = ca_pem.replace(&lines[0], &lines[0][..lines[0].len() - 3]);
    for bad in [
        broken.as_str(),
        &ca_pem[..ca_pem.len() / 2],
        &ca_pem.replace("PRIVATE KEY", "PRIVATE KEX"),
    ] {
        if let Err(e) = parse_private_key(bad.as_bytes()) {
            assert_no_key_material(&format!("{e:#} {e:?}"), &ca_pem, "parse error");
        }
    }
}
