//! Running the built milvus-cert binary: with a clean environment, in a directory, through
//! a shell, and the common shapes of its result (stdout text, JSON, one error line).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The files `init` writes, in the order it lists them.
pub const INIT_FILES: [&str; 9] = [
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

/// A path as the `&str` argument the CLI takes (temp paths are UTF-8).
pub fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// The milvus-cert binary cargo built for these tests, with no colour, no backtraces and
/// no MILVUS_CERT_* variables from the test environment.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_milvus-cert"));
    cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    for (var, _) in std::env::vars() {
        if var.starts_with("MILVUS_CERT_") {
            cmd.env_remove(var);
        }
    }
    cmd
}

/// Arguments as a command line: `words` split at white space (so no paths or values with
/// spaces in it), then `rest` as they are. `argv("init --quiet --dir", &[d])`.
pub fn argv<'a>(words: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args: Vec<&str> = words.split_whitespace().collect();
    args.extend_from_slice(rest);
    args
}

/// Runs milvus-cert with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run milvus-cert")
}

/// Runs milvus-cert with `args` and the environment variables `env` set.
pub fn run_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = bin();
    cmd.args(args).envs(env.iter().copied());
    cmd.output().expect("run milvus-cert")
}

/// Runs milvus-cert with `args` in the working directory `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run milvus-cert")
}

/// Runs milvus-cert and panics with its stderr unless it exits 0.
pub fn run_ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "milvus-cert {args:?} failed ({:?}):\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// [`run_ok`]'s stdout as text.
pub fn run_stdout(args: &[&str]) -> String {
    text(&run_ok(args)).0
}

/// `milvus-cert <cmd> --dir <dir> --quiet <extra…>`, which must succeed.
pub fn run_quiet(cmd: &str, dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![cmd, "--dir", s(dir), "--quiet"];
    args.extend_from_slice(extra);
    run_ok(&args)
}

/// The element of the JSON array `list` whose `key` is `value`; panics if there is none.
pub fn find<'a>(list: &'a serde_json::Value, key: &str, value: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .iter()
        .find(|item| item[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value:?} in {list:#}"))
}

/// (code, file) of every finding at `severity` in a JSON report (verify, status).
pub fn at(
    report: &serde_json::Value,
    severity: &str,
) -> std::collections::BTreeSet<(String, String)> {
    let pairs = super::findings::finding_pairs(report, |f| f["severity"] == severity, "file");
    pairs.into_iter().collect()
}

/// The arguments of `sign --dir <dir> --csr <csr> --profile <profile>`.
pub fn sign_args<'a>(dir: &'a str, csr: &'a str, profile: &'a str) -> Vec<&'a str> {
    vec!["sign", "--dir", dir, "--csr", csr, "--profile", profile]
}

/// Runs milvus-cert with `args` and `--json`, which must succeed; its stdout as JSON.
pub fn run_json(args: &[&str]) -> serde_json::Value {
    let mut argv = args.to_vec();
    argv.push("--json");
    json(&run_stdout(&argv))
}

/// Parses `stdout` as one JSON document, or panics showing it.
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

/// `emit-config --dir <dir> <words…> <rest…>` as arguments (see [`argv`]).
pub fn emit_cmd<'a>(dir: &'a Path, words: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    [vec!["emit-config", "--dir", s(dir)], argv(words, rest)].concat()
}

/// `emit-config <args>`.
pub fn emit(args: &[&str]) -> Output {
    let mut all = vec!["emit-config"];
    all.extend_from_slice(args);
    run(&all)
}

/// `emit-config <args>`, which must succeed; its stdout.
pub fn emit_ok(args: &[&str]) -> String {
    let mut all = vec!["emit-config"];
    all.extend_from_slice(args);
    run_stdout(&all)
}

/// stdout and stderr as text.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts that stderr is the one line `milvus-cert: error: …` (no panic); returns it.
pub fn one_error_line(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "expected one line on stderr, got:\n{stderr}"
    );
    assert!(lines[0].starts_with("milvus-cert: error: "), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("stack backtrace"),
        "{stderr}"
    );
    lines[0].to_string()
}

/// Runs `args`, which must fail as a usage or input error: exit 2, nothing on stdout and
/// one error line on stderr, which it returns.
pub fn fails(args: &[&str]) -> String {
    let out = run(args);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stdout}{stderr}");
    assert!(stdout.is_empty(), "{args:?}: stdout {stdout}");
    one_error_line(&stderr)
}

/// Runs any program's `cmd`, which must succeed (panics with its stderr otherwise).
pub fn command_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Whether `tool` can be run; the checks that need it are skipped (loudly) without it.
pub fn have(tool: &str, arg: &str) -> bool {
    let ok = Command::new(tool)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: {tool} is not installed; skipping its checks");
    }
    ok
}

/// Runs a printed command through sh, with this build of milvus-cert first on PATH.
pub fn sh(command: &str) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_milvus-cert"))
        .parent()
        .unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    Command::new("sh")
        .args(["-c", command])
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A fresh temp dir and the (not yet existing) cert directory `<tmp>/cert` in it.
pub fn temp_cert_dir() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("cert");
    (tmp, dir)
}

/// `milvus-cert init --dir <tmp>/cert --quiet <extra…>` in a fresh temp dir; returns
/// (guard, cert dir).
pub fn init_dir(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = temp_cert_dir();
    let mut args = vec!["init", "--dir", s(&dir), "--quiet"];
    args.extend_from_slice(extra);
    run_ok(&args);
    (tmp, dir)
}

/// Skips (returns true) in a release build, where the debug-only fault and race hooks
/// (MILVUS_CERT_FAULT, MILVUS_CERT_RACE) do not exist.
pub fn skip_without_debug_hooks() -> bool {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the fault and race hooks exist in debug builds only");
        return true;
    }
    false
}

/// Whether the tests run as root (some proofs need a second account or bypass modes).
pub fn running_as_root() -> bool {
    rustix::process::geteuid().is_root()
}
