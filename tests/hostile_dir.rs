//! Safe in shared and hostile directories (issue 16): each attack is played as a second,
//! unprivileged account (`nobody`, through setpriv) against milvus-cert run as root, and
//! fails: the target is untouched, nothing is created through links, and the command
//! says why. Tests that need two accounts are skipped when not run as root. The races are
//! played deterministically by the debug-only MILVUS_CERT_RACE hook (src/store/mod.rs).

mod common;

use common::{bin, openssl, openssl_ok, run, text};
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const NOBODY: &str = "65534";

fn running_as_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Skips (returns true) unless a second account can be played.
fn skip_without_root() -> bool {
    if !running_as_root() {
        eprintln!("skipped: playing a second user needs root (setpriv)");
        return true;
    }
    false
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs `script` with sh as the unprivileged user.
fn as_nobody(script: &str) {
    let out = Command::new("setpriv")
        .args([
            &format!("--reuid={NOBODY}"),
            &format!("--regid={NOBODY}"),
            "--clear-groups",
            "sh",
            "-c",
            script,
        ])
        .output()
        .expect("setpriv (util-linux) runs the attacker as nobody");
    assert!(out.status.success(), "{script}: {}", text(&out).1);
}

/// milvus-cert as the unprivileged user.
fn mc_as_nobody(args: &[&str]) -> Output {
    Command::new("setpriv")
        .args([
            &format!("--reuid={NOBODY}"),
            &format!("--regid={NOBODY}"),
            "--clear-groups",
            env!("CARGO_BIN_EXE_milvus-cert"),
        ])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A temp dir others can reach, holding `shared`: a sticky, world-writable directory
/// like /tmp or a badly made /srv/milvus/tls.
fn shared() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let shared = tmp.path().join("shared");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
    (tmp, shared)
}

/// Every entry under `dir` (recursively, links not followed): type, mode, owner, contents.
fn listing(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let what = if meta.file_type().is_symlink() {
                format!("link {}", fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                stack.push(path.clone());
                "dir".to_string()
            } else {
                format!("{:?}", fs::read(&path).unwrap())
            };
            let key = path.strip_prefix(dir).unwrap().display().to_string();
            out.insert(
                key,
                format!("{:o} {} {what}", meta.mode() & 0o7777, meta.uid()),
            );
        }
    }
    out
}

fn mc(args: &[&str]) -> Output {
    run(args)
}

fn mc_in(cwd: &Path, args: &[&str]) -> Output {
    bin().current_dir(cwd).args(args).output().unwrap()
}

fn fails_with(out: &Output, needles: &[&str]) -> String {
    let (_, err) = text(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    err
}

/// A private CA directory made by root (ECDSA: fast).
fn init_private(tmp: &Path, name: &str) -> PathBuf {
    let dir = tmp.join(name);
    let out = mc(&["init", "--dir", s(&dir), "--key-type", "ecdsa-p256", "-q"]);
    assert!(out.status.success(), "{}", text(&out).1);
    dir
}

fn pubkey_of(dir: &Path, args: &[&str]) -> String {
    openssl_ok(dir, args)
}

/// The key file matches the certificate (checked by openssl).
fn assert_pair(dir: &Path, key: &str, cert: &str) {
    assert_eq!(
        pubkey_of(dir, &["pkey", "-in", key, "-pubout"]),
        pubkey_of(dir, &["x509", "-in", cert, "-pubkey", "-noout"]),
        "{key} is not {cert}'s key"
    );
}

// --- 1. planted staging directories ------------------------------------------------

#[test]
fn a_planted_staging_directory_is_never_rolled_forward() {
    if skip_without_root() {
        return;
    }
    let (tmp, shared) = shared();
    let dir = shared.join("tls");
    fs::create_dir(&dir).unwrap();
    // The directory was shared for a while: the other user planted a "committed write"
    // with their own CA, owned by them, mode 0700 like a real one.
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o1777)).unwrap();
    let evil = dir.join(".milvus-cert.txn.evil");
    as_nobody(&format!(
        "mkdir -m 700 {e} && echo EVIL-CA > {e}/ca.pem && : > {e}/.committed",
        e = s(&evil)
    ));
    // …then root made the directory private and issued there.
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    let out = mc(&["init", "--dir", s(&dir), "--key-type", "ecdsa-p256"]);
    let (_, err) = text(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("left '") && err.contains("uid 65534"),
        "the planted directory is reported: {err}"
    );
    assert_ne!(fs::read(dir.join("ca.pem")).unwrap(), b"EVIL-CA\n");
    assert_eq!(fs::metadata(dir.join("ca.pem")).unwrap().uid(), 0);
    assert_eq!(
        fs::read(evil.join("ca.pem")).unwrap(),
        b"EVIL-CA\n",
        "left alone"
    );
    assert_pair(&dir, "ca.key", "ca.pem");

    // verify reads only: it reports the planted write and changes nothing.
    let before = listing(&dir);
    let out = mc(&["verify", s(&dir), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json.to_string().contains("interrupted-write"),
        "{}",
        text(&out).0
    );
    assert_eq!(listing(&dir), before, "verify changed the directory");
    drop(tmp);
}

#[test]
fn keys_are_refused_in_shared_group_writable_or_foreign_directories_even_with_force() {
    if skip_without_root() {
        return;
    }
    let (tmp, shared) = shared();
    let out = mc(&["init", "--dir", s(&shared), "--force"]);
    fails_with(&out, &["writable by every user", "sticky"]);
    assert_eq!(fs::read_dir(&shared).unwrap().count(), 0, "nothing written");

    let group = tmp.path().join("group");
    fs::create_dir(&group).unwrap();
    fs::set_permissions(&group, fs::Permissions::from_mode(0o775)).unwrap();
    let out = mc(&["init", "--dir", s(&group), "--force"]);
    fails_with(&out, &["writable by its group"]);

    let theirs = tmp.path().join("theirs");
    fs::create_dir(&theirs).unwrap();
    std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
    let out = mc(&["init", "--dir", s(&theirs), "--force"]);
    fails_with(&out, &["belongs to another user (uid 65534)"]);
    assert_eq!(fs::read_dir(&theirs).unwrap().count(), 0);

    // A public file may still go to a shared place (sign --out), atomically.
    let dir = init_private(tmp.path(), "ca");
    let csr = tmp.path().join("req.csr");
    openssl_ok(
        tmp.path(),
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "req.key",
            "-out",
            s(&csr),
            "-subj",
            "/CN=app.example",
        ],
    );
    let out = mc(&[
        "sign",
        "--csr",
        s(&csr),
        "--profile",
        "client",
        "--dir",
        s(&dir),
        "--out",
        s(&shared.join("app.pem")),
        "-q",
    ]);
    assert!(out.status.success(), "{}", text(&out).1);
}

#[test]
fn directories_milvus_cert_creates_have_fixed_modes_whatever_the_umask() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new").join("cert");
    let out = Command::new("sh")
        .args(["-c", "umask 000; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_milvus-cert"))
        .args(["init", "--dir", s(&dir), "--key-type", "ecdsa-p256", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out).1);
    let mode = |p: &Path| fs::metadata(p).unwrap().mode() & 0o7777;
    assert_eq!(mode(&dir), 0o700, "a directory of keys");
    assert_eq!(mode(&tmp.path().join("new")), 0o755, "a parent");
    assert_eq!(mode(&dir.join("ca.key")), 0o600);
    assert_eq!(mode(&dir.join("ca.pem")), 0o644);
}

// --- 2. the race ---------------------------------------------------------------------

/// A root-only directory holding files named like the ones being written.
fn secrets(tmp: &Path, names: &[&str]) -> PathBuf {
    let secret = tmp.join("secret");
    fs::create_dir(&secret).unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o700)).unwrap();
    for name in names {
        fs::write(secret.join(name), format!("SECRET {name}\n")).unwrap();
    }
    secret
}

fn assert_secrets_intact(secret: &Path, names: &[&str]) {
    for name in names {
        assert_eq!(
            fs::read_to_string(secret.join(name)).unwrap(),
            format!("SECRET {name}\n"),
            "{name} was moved or changed"
        );
    }
}

#[test]
fn swapping_the_staging_directory_for_a_link_during_commit_moves_nothing() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the race hook exists in debug builds only");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let names = ["ca.key", "ca.pem", "server.key", "server.pem"];
    let secret = secrets(tmp.path(), &names);
    let dir = tmp.path().join("cert");
    let out = bin()
        .args(["init", "--dir", s(&dir), "--key-type", "ecdsa-p256", "-q"])
        .env("MILVUS_CERT_RACE", format!("commit:{}", s(&secret)))
        .output()
        .unwrap();
    let (_, err) = text(&out);
    assert!(err.contains("race injected at 'commit'"), "{err}");
    assert!(out.status.success(), "{err}");
    assert_secrets_intact(&secret, &names);
    for (key, cert) in [("ca.key", "ca.pem"), ("server.key", "server.pem")] {
        assert_pair(&dir, key, cert);
    }
}

#[test]
fn swapping_the_staging_directory_for_a_link_during_recovery_moves_nothing() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the race hook exists in debug builds only");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = init_private(tmp.path(), "cert");
    // Interrupted between two renames: server.* in place, client.* still staged.
    let out = bin()
        .args(["renew", "--dir", s(&dir), "-q"])
        .env("MILVUS_CERT_FAULT", "rename:server.pem")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let names = ["client.key", "client.pem", "client.csr", "ca.srl"];
    let secret = secrets(tmp.path(), &names);
    let out = bin()
        .args(["server", "--name", "other", "--dir", s(&dir), "-q"])
        .args(["--key-type", "ecdsa-p256"])
        .env("MILVUS_CERT_RACE", format!("recover:{}", s(&secret)))
        .output()
        .unwrap();
    let (_, err) = text(&out);
    assert!(err.contains("race injected at 'recover'"), "{err}");
    assert!(out.status.success(), "{err}");
    assert_secrets_intact(&secret, &names);
    assert_pair(&dir, "client.key", "client.pem");
    assert_pair(&dir, "server.key", "server.pem");
}

// --- 3. the lock file --------------------------------------------------------------

#[test]
fn a_linked_or_foreign_lock_file_is_refused_and_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init_private(tmp.path(), "cert");
    let target = tmp.path().join("nologin");
    symlink(&target, dir.join(".milvus-cert.lock")).unwrap();
    let out = mc(&[
        "server",
        "--name",
        "x",
        "--dir",
        s(&dir),
        "--key-type",
        "ecdsa-p256",
    ]);
    fails_with(&out, &[".milvus-cert.lock' is a symbolic link"]);
    assert!(!target.exists(), "the lock created a file through the link");
    assert!(!dir.join("x.pem").exists());
    fs::remove_file(dir.join(".milvus-cert.lock")).unwrap();

    if running_as_root() {
        fs::write(dir.join(".milvus-cert.lock"), "").unwrap();
        std::os::unix::fs::chown(dir.join(".milvus-cert.lock"), Some(65534), Some(65534)).unwrap();
        let out = mc(&[
            "server",
            "--name",
            "x",
            "--dir",
            s(&dir),
            "--key-type",
            "ecdsa-p256",
        ]);
        fails_with(&out, &["belongs to another user (uid 65534)"]);
        fs::remove_file(dir.join(".milvus-cert.lock")).unwrap();
    }
    if cfg!(debug_assertions) {
        // Held (the process stops while locked): 0600 even with umask 000.
        let out = Command::new("sh")
            .args(["-c", "umask 000; exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_milvus-cert"))
            .args([
                "server",
                "--name",
                "y",
                "--dir",
                s(&dir),
                "--key-type",
                "ecdsa-p256",
            ])
            .env("MILVUS_CERT_FAULT", "locked")
            .output()
            .unwrap();
        assert!(!out.status.success());
        let meta = fs::symlink_metadata(dir.join(".milvus-cert.lock")).unwrap();
        assert!(meta.is_file());
        assert_eq!(meta.mode() & 0o7777, 0o600);
    }
}

// --- 4. the settings file ----------------------------------------------------------

#[test]
fn a_settings_file_another_user_planted_is_refused_not_used() {
    if skip_without_root() {
        return;
    }
    let (tmp, shared) = shared();
    as_nobody(&format!(
        "printf 'days = 36500\\nsan = [\"0.0.0.0\", \"evil.example\"]\\n' > {}/milvus-cert.toml",
        s(&shared)
    ));
    let dir = tmp.path().join("cert");
    let out = mc_in(
        &shared,
        &["init", "--dir", s(&dir), "--key-type", "ecdsa-p256"],
    );
    fails_with(
        &out,
        &[
            "refusing the settings file",
            "another user (uid 65534)",
            "--config",
        ],
    );
    assert!(!dir.exists(), "nothing was written");

    // Root's own file, but writable by others: refused too.
    let mine = tmp.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("milvus-cert.toml"), "days = 30\n").unwrap();
    fs::set_permissions(
        mine.join("milvus-cert.toml"),
        fs::Permissions::from_mode(0o666),
    )
    .unwrap();
    let out = mc_in(&mine, &["init", "--print-config"]);
    fails_with(&out, &["others can change it (mode 666)"]);

    // A safe one is used, and named on stderr and in --print-config.
    fs::set_permissions(
        mine.join("milvus-cert.toml"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let out = mc_in(&mine, &["init", "--print-config"]);
    let (stdout, err) = text(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("settings from 'milvus-cert.toml'"), "{err}");
    assert!(
        stdout.contains("# Settings file: milvus-cert.toml"),
        "{stdout}"
    );
    assert!(stdout.contains("days = 30"), "{stdout}");
    let out = mc_in(&mine, &["--json", "init", "--print-config"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["config"], "milvus-cert.toml");
}

// --- 5, 6. rotate-ca and backups -----------------------------------------------------

fn pass_file(tmp: &Path) -> PathBuf {
    let path = tmp.join("pass");
    fs::write(&path, "correct horse battery\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    path
}

#[test]
fn rotate_ca_keeps_the_ca_key_encrypted_and_reads_the_passphrase_file() {
    let tmp = tempfile::tempdir().unwrap();
    let pass = pass_file(tmp.path());
    let dir = tmp.path().join("cert");
    let init = [
        "init",
        "--dir",
        s(&dir),
        "--key-type",
        "ecdsa-p256",
        "--encrypt-ca-key",
        "--passphrase-file",
        s(&pass),
        "-q",
    ];
    assert!(mc(&init).status.success());
    let out = bin()
        .args([
            "rotate-ca",
            "--dir",
            s(&dir),
            "--passphrase-file",
            s(&pass),
            "-q",
        ])
        .env_remove("MILVUS_CERT_CA_PASSPHRASE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out).1);
    let key = fs::read_to_string(dir.join("ca.key")).unwrap();
    assert!(
        key.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
        "{key}"
    );
    let passin = format!("file:{}", s(&pass));
    openssl_ok(
        &dir,
        &["pkey", "-in", "ca.key", "-passin", &passin, "-noout"],
    );
    let out = openssl(
        &dir,
        &[
            "pkey",
            "-in",
            "ca.key",
            "-passin",
            "pass:wrong pass",
            "-noout",
        ],
    );
    assert!(
        !out.status.success(),
        "the new CA key opens without its passphrase"
    );
    assert_pair_with(&dir, &passin);

    // A plain CA key stays plain unless asked; --encrypt-ca-key protects the new one.
    let plain = init_private(tmp.path(), "plain");
    fs::create_dir(plain.join("archive")).unwrap();
    let rotate = |extra: &[&str]| {
        let out = bin()
            .args(["rotate-ca", "--dir", s(&plain), "-q"])
            .args(extra)
            .env_remove("MILVUS_CERT_CA_PASSPHRASE")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out).1);
        // The next rotation needs the old generation out of the way.
        for entry in fs::read_dir(&plain).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.contains(".old.") || name == "ca-bundle.pem" {
                let to = plain
                    .join("archive")
                    .join(format!("{name}.{}", extra.len()));
                fs::rename(plain.join(&name), to).unwrap();
            }
        }
    };
    rotate(&[]);
    let key = fs::read_to_string(plain.join("ca.key")).unwrap();
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"), "{key}");
    rotate(&["--encrypt-ca-key", "--passphrase-file", s(&pass)]);
    let key = fs::read_to_string(plain.join("ca.key")).unwrap();
    assert!(key.starts_with("-----BEGIN ENCRYPTED"), "{key}");
    openssl_ok(
        &plain,
        &["pkey", "-in", "ca.key", "-passin", &passin, "-noout"],
    );
}

fn assert_pair_with(dir: &Path, passin: &str) {
    assert_eq!(
        pubkey_of(
            dir,
            &["pkey", "-in", "ca.key", "-passin", passin, "-pubout"]
        ),
        pubkey_of(dir, &["x509", "-in", "ca.pem", "-pubkey", "-noout"]),
    );
}

#[test]
fn backups_never_copy_through_a_planted_link() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = tmp.path().join("root-only.txt");
    fs::write(&secret, "SECRET\n").unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o600)).unwrap();
    let dir = init_private(tmp.path(), "cert");
    fs::remove_file(dir.join("server.csr")).unwrap();
    symlink(&secret, dir.join("server.csr")).unwrap();
    let before = listing(&dir);

    let out = mc(&["rotate-ca", "--dir", s(&dir)]);
    fails_with(
        &out,
        &["server.csr' is a symbolic link", "does not copy or back up"],
    );
    let out = mc(&["renew", "--dir", s(&dir), "--force", "server"]);
    fails_with(&out, &["server.csr' is a symbolic link"]);
    fs::remove_file(dir.join("ca.srl")).unwrap();
    symlink(&secret, dir.join("ca.srl")).unwrap();
    let out = mc(&[
        "ca",
        "--dir",
        s(&dir),
        "--force",
        "--key-type",
        "ecdsa-p256",
    ]);
    fails_with(&out, &["ca.srl' is a symbolic link"]);
    let mut after = listing(&dir);
    after.remove("ca.srl");
    let mut expected = before;
    expected.remove("ca.srl");
    assert_eq!(after, expected, "nothing was written");
    assert_eq!(fs::read_to_string(&secret).unwrap(), "SECRET\n");
}

#[test]
fn rotate_ca_is_refused_in_a_world_writable_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init_private(tmp.path(), "cert");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o1777)).unwrap();
    let before = listing(&dir);
    let out = mc(&["rotate-ca", "--dir", s(&dir)]);
    fails_with(&out, &["writable by every user"]);
    assert_eq!(listing(&dir), before);
}

// --- 7. unbounded reads and raw output ----------------------------------------------

#[test]
fn inspect_caps_reads_and_never_prints_raw_contents() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init_private(tmp.path(), "cert");
    // A 2 GB sparse ca.srl.
    let srl = fs::File::create(dir.join("ca.srl")).unwrap();
    srl.set_len(2 << 30).unwrap();
    drop(srl);
    let out = mc(&["inspect", s(&dir)]);
    let (stdout, _) = text(&out);
    assert!(out.stdout.len() < 64 * 1024, "{} bytes", out.stdout.len());
    assert!(stdout.contains("larger than 1 MiB"), "{stdout}");

    // The base64 of a truncated key copied to ca.srl is not shown.
    let key = fs::read_to_string(dir.join("server.key")).unwrap();
    let body: String = key.lines().nth(1).unwrap().to_string();
    fs::write(dir.join("ca.srl"), format!("{body}\n")).unwrap();
    let out = mc(&["inspect", s(&dir)]);
    let (stdout, stderr) = text(&out);
    assert!(
        !stdout.contains(&body[..20]) && !stderr.contains(&body[..20]),
        "{stdout}"
    );

    // Terminal escapes in a certificate's subject are escaped.
    openssl_ok(
        tmp.path(),
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "esc.key",
            "-out",
            "esc.pem",
            "-days",
            "1",
            "-subj",
            "/CN=evil\u{1b}[2J\u{1b}]0;owned\u{7}",
        ],
    );
    let out = mc(&["inspect", s(&tmp.path().join("esc.pem"))]);
    let (stdout, _) = text(&out);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("\\x1b[2J"), "{stdout}");
}

// --- 8. key-derivation settings from ca.key ------------------------------------------

/// An encrypted PKCS#8 PEM with scrypt `log_n`/`r`/`p` and junk ciphertext.
fn costly_key(log_n: u8, r: u32, p: u32) -> String {
    use pkcs8::der::Encode;
    use pkcs8::der::asn1::OctetStringRef;
    use pkcs8::pkcs5::{EncryptionScheme, pbes2, scrypt};
    let cost = scrypt::Params::new(log_n, r, p).unwrap();
    let params = pbes2::Parameters::generate_scrypt_aes256cbc(cost, &[7u8; 16], [1u8; 16]).unwrap();
    let info = pkcs8::EncryptedPrivateKeyInfoRef {
        encryption_algorithm: EncryptionScheme::from(params),
        encrypted_data: OctetStringRef::new(&[0u8; 64]).unwrap(),
    };
    let der = info.to_der().unwrap();
    pkcs8::der::pem::encode_string("ENCRYPTED PRIVATE KEY", pkcs8::LineEnding::LF, &der).unwrap()
}

#[test]
fn a_ca_key_with_costly_scrypt_settings_is_refused_before_deriving() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init_private(tmp.path(), "cert");
    for (log_n, r, p, shown) in [(23, 8, 1, "N=8388608"), (40, 8, 1, "N=1099511627776")] {
        fs::write(dir.join("ca.key"), costly_key(log_n, r, p)).unwrap();
        let started = std::time::Instant::now();
        let out = bin()
            .args([
                "server",
                "--name",
                "x",
                "--dir",
                s(&dir),
                "--key-type",
                "ecdsa-p256",
            ])
            .env("MILVUS_CERT_CA_PASSPHRASE", "whatever you say")
            .output()
            .unwrap();
        assert!(started.elapsed().as_secs() < 5, "it derived the key");
        fails_with(&out, &["scrypt settings", shown, "over the 1024 MiB"]);
        assert!(!dir.join("x.pem").exists());
    }
}

// --- 9. CSR subjects ---------------------------------------------------------------

fn csr(tmp: &Path, name: &str, keyopts: &[&str], subj: &str, ext: Option<&str>) -> PathBuf {
    let path = tmp.join(format!("{name}.csr"));
    let key = tmp.join(format!("{name}.key"));
    let mut args = vec![
        "req",
        "-new",
        "-nodes",
        "-keyout",
        s(&key),
        "-out",
        s(&path),
    ];
    args.extend_from_slice(keyopts);
    args.extend(["-subj", subj]);
    if let Some(ext) = ext {
        args.extend(["-addext", ext]);
    }
    openssl_ok(tmp, &args);
    path
}

/// A request openssl would not make (it caps the CN at 64 characters): made with rcgen.
fn rcgen_csr(tmp: &Path, name: &str, cn: &str) -> PathBuf {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, cn);
    let pem = params.serialize_request(&key).unwrap().pem().unwrap();
    let path = tmp.join(format!("{name}.csr"));
    fs::write(&path, pem).unwrap();
    path
}

#[test]
fn sign_refuses_hostile_requests_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init_private(tmp.path(), "cert");
    let t = tmp.path();
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
    let many: Vec<String> = (0..150).map(|i| format!("DNS:h{i}.example")).collect();
    let many = format!("subjectAltName={}", many.join(","));
    let ca_subject = openssl_ok(
        &dir,
        &[
            "x509", "-in", "ca.pem", "-noout", "-subject", "-nameopt", "compat",
        ],
    );
    let ca_subject = ca_subject.trim().trim_start_matches("subject=").to_string();
    let cases: Vec<(PathBuf, &str)> = vec![
        (rcgen_csr(t, "long", &"a".repeat(5000)), "5000 characters"),
        (
            rcgen_csr(t, "esc", "x\u{1b}[31mred\nline"),
            "control characters",
        ),
        (
            csr(
                t,
                "ca",
                &ec,
                &ca_subject,
                Some("subjectAltName=DNS:a.example"),
            ),
            "the CA's own subject",
        ),
        (
            csr(t, "many", &ec, "/CN=m.example", Some(&many)),
            "at most 100",
        ),
        (
            csr(
                t,
                "any",
                &ec,
                "/CN=a.example",
                Some("subjectAltName=IP:0.0.0.0"),
            ),
            "unspecified",
        ),
        (
            csr(
                t,
                "any6",
                &ec,
                "/CN=a.example",
                Some("subjectAltName=IP:::"),
            ),
            "unspecified",
        ),
        (
            csr(
                t,
                "bcast",
                &ec,
                "/CN=a.example",
                Some("subjectAltName=IP:255.255.255.255"),
            ),
            "broadcast",
        ),
        (
            csr(
                t,
                "psl",
                &ec,
                "/CN=a.example",
                Some("subjectAltName=DNS:*.co.uk"),
            ),
            "public suffix",
        ),
        (
            csr(t, "rsa1k", &["-newkey", "rsa:1024"], "/CN=a.example", None),
            "2048 bits or more",
        ),
        (
            csr(
                t,
                "p521",
                &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"],
                "/CN=a.example",
                None,
            ),
            "P-521",
        ),
        (
            csr(
                t,
                "k1",
                &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp256k1"],
                "/CN=a.example",
                None,
            ),
            "secp256k1",
        ),
    ];
    let srl = fs::read(dir.join("ca.srl")).unwrap();
    for (path, reason) in cases {
        let out = mc(&[
            "sign",
            "--csr",
            s(&path),
            "--profile",
            "server",
            "--dir",
            s(&dir),
        ]);
        assert_eq!(out.status.code(), Some(2), "{} was signed", path.display());
        let err = fails_with(&out, &[reason]);
        assert!(!err.contains('\u{1b}'), "{err:?}");
        assert!(err.lines().count() == 1 && err.len() < 400, "{err}");
        assert!(!path.with_extension("pem").exists());
    }
    assert_eq!(
        fs::read(dir.join("ca.srl")).unwrap(),
        srl,
        "no serial was used"
    );
}

// --- 10. serials ---------------------------------------------------------------------

fn serial_of(dir: &Path, cert: &str) -> String {
    openssl_ok(dir, &["x509", "-in", cert, "-noout", "-serial"])
        .trim()
        .trim_start_matches("serial=")
        .to_string()
}

fn minus_one(hex: &str) -> String {
    let mut digits: Vec<u8> = hex.bytes().collect();
    for d in digits.iter_mut().rev() {
        if *d == b'0' {
            *d = b'F';
        } else {
            *d = match *d {
                b'A' => b'9',
                c => c - 1,
            };
            break;
        }
    }
    String::from_utf8(digits).unwrap()
}

#[test]
fn a_rolled_back_ca_srl_never_reissues_a_serial() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init_private(tmp.path(), "cert");
    let used = serial_of(&dir, "server.pem");
    fs::write(dir.join("ca.srl"), format!("{}\n", minus_one(&used))).unwrap();
    let out = mc(&[
        "server",
        "--name",
        "again",
        "--dir",
        s(&dir),
        "--key-type",
        "ecdsa-p256",
    ]);
    let (_, err) = text(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("already used"), "{err}");
    let new = serial_of(&dir, "again.pem");
    for other in ["server.pem", "client.pem", "ca.pem"] {
        assert_ne!(new, serial_of(&dir, other), "reissued {other}'s serial");
    }
}

#[test]
fn serials_stay_positive_within_20_octets_and_guessable_ones_are_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init_private(tmp.path(), "cert");
    for (i, srl) in ["FF".repeat(20), format!("7F{}", "FF".repeat(19))]
        .iter()
        .enumerate()
    {
        fs::write(dir.join("ca.srl"), format!("{srl}\n")).unwrap();
        let name = format!("big{i}");
        let out = mc(&[
            "client",
            "--name",
            &name,
            "--dir",
            s(&dir),
            "--key-type",
            "ecdsa-p256",
            "-q",
        ]);
        assert!(out.status.success(), "{}", text(&out).1);
        let cert = format!("{name}.pem");
        // At most 20 octets and positive: with the top bit set, DER would need a 21st.
        let serial = serial_of(&dir, &cert);
        assert!(
            serial.len() <= 40 && serial.as_bytes()[0] < b'8',
            "{serial}"
        );
    }
    fs::write(dir.join("ca.srl"), "0\n").unwrap();
    let out = mc(&[
        "client",
        "--name",
        "low",
        "--dir",
        s(&dir),
        "--key-type",
        "ecdsa-p256",
    ]);
    let (_, err) = text(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("a serial anyone can guess"), "{err}");
}

// --- 11. passphrases ---------------------------------------------------------------

#[test]
fn the_passphrase_file_may_be_a_fifo_or_a_pipe_and_a_readable_one_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    // A pipe: --passphrase-file /dev/stdin.
    let mut child = bin()
        .args([
            "ca",
            "--dir",
            s(&dir),
            "--key-type",
            "ecdsa-p256",
            "--encrypt-ca-key",
        ])
        .args(["--passphrase-file", "/dev/stdin", "-q"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"piped passphrase\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out).1);
    openssl_ok(
        &dir,
        &[
            "pkey",
            "-in",
            "ca.key",
            "-passin",
            "pass:piped passphrase",
            "-noout",
        ],
    );

    // A FIFO, written by another process.
    let fifo = tmp.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::write(fifo, "piped passphrase\n").unwrap())
    };
    let out = mc(&[
        "server",
        "--name",
        "f",
        "--dir",
        s(&dir),
        "--key-type",
        "ecdsa-p256",
        "--passphrase-file",
        s(&fifo),
        "-q",
    ]);
    writer.join().unwrap();
    assert!(out.status.success(), "{}", text(&out).1);

    // A regular file others can read works, with a warning.
    let loose = tmp.path().join("loose");
    fs::write(&loose, "piped passphrase\n").unwrap();
    fs::set_permissions(&loose, fs::Permissions::from_mode(0o644)).unwrap();
    let out = mc(&[
        "server",
        "--name",
        "g",
        "--dir",
        s(&dir),
        "--key-type",
        "ecdsa-p256",
        "--passphrase-file",
        s(&loose),
    ]);
    let (_, err) = text(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("readable by every user") && err.contains("chmod 600"),
        "{err}"
    );

    // The size cap holds for a stream too.
    let out = bin()
        .args([
            "server",
            "--name",
            "h",
            "--dir",
            s(&dir),
            "--key-type",
            "ecdsa-p256",
        ])
        .args(["--passphrase-file", "/dev/zero"])
        .output()
        .unwrap();
    fails_with(&out, &["larger than 65536 bytes"]);
}

// --- read commands never write (issue 12) ------------------------------------------

#[test]
fn read_commands_never_write_and_report_an_interrupted_write() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the fault hook exists in debug builds only");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let dir = init_private(tmp.path(), "cert");
    let out = bin()
        .args(["renew", "--dir", s(&dir), "-q"])
        .env("MILVUS_CERT_FAULT", "rename:server.pem")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let before = listing(&dir);
    assert!(before.keys().any(|k| k.starts_with(".milvus-cert.txn.")));

    // As root, who could write: verify, inspect and status change nothing.
    let out = mc(&["verify", s(&dir)]);
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains("interrupted-write") || stdout.contains("left interrupted"),
        "{stdout}"
    );
    let out = mc(&["inspect", s(&dir)]);
    assert!(
        text(&out).1.contains("left interrupted"),
        "{}",
        text(&out).1
    );
    let out = mc(&["status", s(&dir), "--json"]);
    assert!(
        text(&out).0.contains("interrupted-write"),
        "{}",
        text(&out).0
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        listing(&dir),
        before,
        "a read command changed the directory"
    );

    // Read-only, as the unprivileged user.
    if running_as_root() {
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
        let out = mc_as_nobody(&["verify", s(&dir), "--json"]);
        let (stdout, err) = text(&out);
        assert!(stdout.contains("interrupted-write"), "{stdout}\n{err}");
        assert!(!err.contains("cannot"), "{err}");
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
        assert_eq!(
            listing(&dir),
            before,
            "verify as another user changed the directory"
        );
    }
    // The next writer finishes it.
    let out = mc(&[
        "server",
        "--name",
        "z",
        "--dir",
        s(&dir),
        "--key-type",
        "ecdsa-p256",
    ]);
    let (_, err) = text(&out);
    assert!(
        out.status.success() && err.contains("finished a write"),
        "{err}"
    );
    assert_pair(&dir, "client.key", "client.pem");
}
