//! Settings: `milvus-cert.toml` (current directory, `--config`, `MILVUS_CERT_CONFIG`),
//! `MILVUS_CERT_*` variables and flags, with flag > env > file > default, each step
//! checked on real certificates with openssl; errors that name the key and line; and
//! `--print-config`, whose output is itself a valid settings file.

mod common;

use common::{argv, one_error_line, openssl, openssl_ok, s, text, verifies, verifies_server};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// milvus-cert in `cwd` with exactly the MILVUS_CERT_* variables in `env` (common's bin
/// drops the test environment's).
fn run(cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = common::bin();
    cmd.current_dir(cwd).envs(env.iter().copied());
    cmd.args(args).output().expect("run milvus-cert")
}

fn run_ok(cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let out = run(cwd, env, args);
    assert!(out.status.success(), "{args:?} {env:?}: {:?}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fails(cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let out = run(cwd, env, args);
    let (stdout, stderr) = text(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?} {env:?}: {stdout}{stderr}"
    );
    assert!(stdout.is_empty(), "{stdout}");
    one_error_line(&stderr)
}

fn settings(cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> serde_json::Value {
    let mut argv = vec!["init", "--print-config", "--json"];
    argv.extend_from_slice(args);
    serde_json::from_str(&run_ok(cwd, env, &argv)).expect("JSON")
}

fn template() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/milvus-cert.toml")
}

/// Whether the certificate is still valid `days` from now.
fn valid_in(dir: &Path, file: &str, days: u32) -> bool {
    let secs = (u64::from(days) * 86_400).to_string();
    openssl(dir, &["x509", "-in", file, "-noout", "-checkend", &secs])
        .status
        .success()
}

/// The certificate lives `days` days (± one).
fn lifetime_is(dir: &Path, file: &str, days: u32) {
    let (before, after) = (valid_in(dir, file, days - 1), valid_in(dir, file, days + 1));
    assert!(
        before && !after,
        "{file} should live {days} days: valid a day before {before}, a day after {after}"
    );
}

fn subject(dir: &Path, file: &str) -> String {
    openssl_ok(
        dir,
        &argv("x509 -noout -subject -nameopt oneline -in", &[file]),
    )
}

/// `server --quiet --name NAME <extra…>` in `cwd` under `env`: the certificate (in
/// ./cert) must live `days` days; returns its subject as openssl prints it.
fn issue(cwd: &Path, env: &[(&str, &str)], name: &str, extra: &[&str], days: u32) -> String {
    let mut args = argv("server --quiet --name", &[name]);
    args.extend_from_slice(extra);
    run_ok(cwd, env, &args);
    let (dir, pem) = (cwd.join("cert"), format!("{name}.pem"));
    lifetime_is(&dir, &pem, days);
    subject(&dir, &pem)
}

#[test]
fn flag_beats_env_beats_file_beats_default_on_real_certificates() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    run_ok(cwd, &[], &["ca", "--key-type", "ecdsa-p256", "--quiet"]);
    let dir = cwd.join("cert");
    assert!(dir.join("ca.pem").is_file(), "the default dir is ./cert");
    let ec = [("MILVUS_CERT_KEY_TYPE", "ecdsa-p256")];

    // Default.
    assert!(issue(cwd, &ec, "s0", &[], 3650).contains("CN = localhost"));
    let json = settings(cwd, &ec, &[]);
    assert_eq!(json["settings"]["days"]["origin"], "default");
    assert_eq!(
        json["settings"]["key-type"]["origin"],
        "env MILVUS_CERT_KEY_TYPE"
    );

    // File in the current directory.
    fs::write(
        cwd.join("milvus-cert.toml"),
        "# defaults for this test\ndays = 30\ncn = \"file.example\"\norg = \"FileOrg\"\n",
    )
    .unwrap();
    let subj = issue(cwd, &ec, "s1", &[], 30);
    assert!(
        subj.contains("CN = file.example") && subj.contains("O = FileOrg"),
        "{subj}"
    );
    let json = settings(cwd, &ec, &[]);
    assert_eq!(json["settings"]["days"]["value"], 30);
    assert_eq!(json["settings"]["days"]["origin"], "milvus-cert.toml:2");
    assert_eq!(json["settings"]["cn"]["origin"], "milvus-cert.toml:3");

    // Environment over the file.
    let env = [
        ec[0],
        ("MILVUS_CERT_DAYS", "20"),
        ("MILVUS_CERT_CN", "env.example"),
    ];
    let subj = issue(cwd, &env, "s2", &[], 20);
    assert!(
        subj.contains("CN = env.example") && subj.contains("O = FileOrg"),
        "{subj}"
    );
    assert_eq!(
        settings(cwd, &env, &[])["settings"]["days"]["origin"],
        "env MILVUS_CERT_DAYS"
    );

    // Flag over the environment.
    let flags = ["--days", "10", "--cn", "flag.example"];
    assert!(issue(cwd, &env, "s3", &flags, 10).contains("CN = flag.example"));
    let json = settings(cwd, &env, &["--days", "10"]);
    assert_eq!(json["settings"]["days"]["value"], 10);
    assert_eq!(json["settings"]["days"]["origin"], "flag");
    assert_eq!(json["settings"]["org"]["origin"], "milvus-cert.toml:4");

    for name in ["s0", "s1", "s2", "s3"] {
        verifies(&dir, &["-purpose", "sslserver", &format!("{name}.pem")]);
    }
}

#[test]
fn config_flag_and_config_variable_choose_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    fs::write(cwd.join("milvus-cert.toml"), "days = 1\n").unwrap();
    fs::write(cwd.join("other.toml"), "days = 2\n").unwrap();
    fs::write(cwd.join("third.toml"), "days = 3\n").unwrap();
    let days = |env: &[(&str, &str)], args: &[&str]| {
        settings(cwd, env, args)["settings"]["days"]["value"].clone()
    };
    assert_eq!(days(&[], &[]), 1);
    assert_eq!(days(&[("MILVUS_CERT_CONFIG", "other.toml")], &[]), 2);
    assert_eq!(
        days(
            &[("MILVUS_CERT_CONFIG", "other.toml")],
            &["--config", "third.toml"]
        ),
        3
    );
    let line = fails(cwd, &[], &["init", "--config", "missing.toml"]);
    assert!(
        line.contains("missing.toml") && line.contains("no such file"),
        "{line}"
    );
}

#[test]
fn bad_settings_name_the_key_and_the_line_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    let cases: &[(&str, &str)] = &[
        ("days = 30\n\nbogus = 1\n", "milvus-cert.toml:3"),
        (
            "cn = \"a.example\"\ndays = \"ten\"\n",
            "milvus-cert.toml:2: days",
        ),
        (
            "\n\n\nkey-bits = 1024\n",
            "milvus-cert.toml:4: key-bits 1024",
        ),
        ("san = [\"bad name!\"]\n", "milvus-cert.toml:1: san"),
        ("key-type = \"dsa\"\n", "milvus-cert.toml:1: key-type"),
        ("days = 0\n", "milvus-cert.toml:1: days must be at least 1"),
        ("country = \"Germany\"\n", "milvus-cert.toml:1: country"),
        ("[server]\ncn = \"x\"\n", "milvus-cert.toml:1"),
        ("days = \n", "milvus-cert.toml:1"),
    ];
    for (file, expected) in cases {
        fs::write(cwd.join("milvus-cert.toml"), file).unwrap();
        for cmd in ["init", "ca"] {
            let line = fails(cwd, &[], &[cmd]);
            assert!(line.contains(expected), "{file:?}: {line}");
        }
        assert!(!cwd.join("cert").exists(), "{file:?} wrote something");
    }
    fs::write(cwd.join("milvus-cert.toml"), "days = 30\n\nbogus = 1\n").unwrap();
    let line = fails(cwd, &[], &["init"]);
    assert!(line.contains("bogus"), "the unknown key is named: {line}");
    fs::remove_file(cwd.join("milvus-cert.toml")).unwrap();

    // The line names the variable, and for a number out of range its value too.
    let env_cases = [
        ("MILVUS_CERT_DAYS=abc", false),
        ("MILVUS_CERT_KEY_TYPE=dsa", false),
        ("MILVUS_CERT_KEY_BITS=1024", true),
        ("MILVUS_CERT_SAN=ok.example,bad name!", false),
        ("MILVUS_CERT_CA_DAYS=99999", true),
    ];
    for (setting, names_value) in env_cases {
        let (var, value) = setting.split_once('=').unwrap();
        let line = fails(cwd, &[(var, value)], &["init"]);
        let expected = if names_value {
            format!("{var} {value}")
        } else {
            var.to_string()
        };
        assert!(line.contains(&expected), "{setting}: {line}");
    }
    assert!(!cwd.join("cert").exists());
}

#[test]
fn print_config_is_a_settings_file_that_gives_the_same_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    let env = [
        ("MILVUS_CERT_SAN", "a.example,10.0.0.9"),
        ("MILVUS_CERT_COUNTRY", "de"),
    ];
    let args = argv(
        "init --print-config --cn a.example --key-bits 3072 --days 400",
        &[],
    );
    let toml = run_ok(cwd, &env, &args);
    assert!(toml.contains("cn = \"a.example\"  # flag"), "{toml}");
    assert!(
        toml.contains("san = [\"a.example\", \"10.0.0.9\"]  # env MILVUS_CERT_SAN"),
        "{toml}"
    );
    assert!(toml.contains("days = 400  # flag"), "{toml}");
    assert!(
        toml.contains("country = \"de\"  # env MILVUS_CERT_COUNTRY"),
        "{toml}"
    );
    fs::write(cwd.join("saved.toml"), &toml).unwrap();
    let before = settings(cwd, &env, &args[2..]);
    let after = settings(cwd, &[], &["--config", "saved.toml"]);
    for (key, entry) in before["settings"].as_object().unwrap() {
        assert_eq!(entry["value"], after["settings"][key]["value"], "{key}");
    }
    // Line 16: the header names the settings file in effect on line 3.
    assert_eq!(after["settings"]["days"]["origin"], "saved.toml:16");
    // The same flag works on ca, server and client.
    for cmd in ["ca", "server", "client"] {
        let out = run_ok(cwd, &[], &[cmd, "--print-config", "--config", "saved.toml"]);
        assert!(out.contains("key-bits = 3072"), "{cmd}: {out}");
    }
}

#[test]
fn the_template_parses_and_drives_init() {
    let template_text = fs::read_to_string(template()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    let t = s(&template()).to_string();
    let json = settings(cwd, &[], &["--config", &t]);
    let line_of = |key: &str| {
        template_text
            .lines()
            .position(|l| l.starts_with(&format!("{key} =")))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{key} not set in the template"))
    };
    for key in [
        "dir",
        "cn",
        "san",
        "ca-cn",
        "country",
        "key-type",
        "days",
        "ca-days",
        "client-name",
    ] {
        assert_eq!(
            json["settings"][key]["origin"],
            format!("{t}:{}", line_of(key)),
            "{key}"
        );
    }
    assert_eq!(json["settings"]["days"]["value"], 825);
    // A real run from it (ECDSA by flag for speed; the file's key-bits yields to the flag).
    run_ok(
        cwd,
        &[],
        &argv("init --key-type ecdsa-p256 --quiet --config", &[&t]),
    );
    let dir = cwd.join("cert");
    let subj = subject(&dir, "server.pem");
    assert!(
        subj.contains("C = CN")
            && subj.contains("ST = Shanghai")
            && subj.contains("CN = milvus.example.com"),
        "{subj}"
    );
    assert!(subject(&dir, "ca.pem").contains("CN = Example Milvus CA"));
    lifetime_is(&dir, "server.pem", 825);
    for name in [
        "milvus-proxy.milvus.svc.cluster.local",
        "milvus.example.com",
    ] {
        verifies_server(&dir, name, "server.pem");
    }
    verifies(&dir, &["-verify_ip", "10.0.0.5", "server.pem"]);
}

#[test]
fn json_names_the_settings_file_in_effect() {
    let work = tempfile::tempdir().unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&run_ok(work.path(), &[], args)).unwrap()
    };
    // No settings file: the key is there, and null.
    let doc = json(&["init", "--dir", "a", "--key-type", "ecdsa-p256", "--json"]);
    assert_eq!(doc["settings_file"], serde_json::Value::Null, "{doc}");
    // An explicit one is named, absolute, in the JSON of an issuing command.
    let config = work.path().join("team.toml");
    fs::write(&config, "days = 30\n").unwrap();
    let doc = json(&argv(
        "init --dir b --key-type ecdsa-p256 --config team.toml --json",
        &[],
    ));
    let named = doc["settings_file"].as_str().unwrap();
    assert_eq!(
        fs::canonicalize(named).unwrap(),
        fs::canonicalize(&config).unwrap(),
        "{doc}"
    );
    assert!(Path::new(named).is_absolute(), "{named}");
    // The settings file really shaped the certificate: 30 days, as openssl reads it.
    assert!(
        !valid_in(&work.path().join("b"), "server.pem", 31),
        "server.pem should expire within 31 days"
    );
}
