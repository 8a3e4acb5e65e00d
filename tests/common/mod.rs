//! Helpers shared by the integration tests: run the built binary, run openssl.
#![allow(dead_code)]

pub mod sserver;
pub mod tls;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The milvus-cert binary cargo built for these tests.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_milvus-cert"));
    cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    cmd
}

/// Runs milvus-cert with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run milvus-cert")
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

/// `milvus-cert init --dir <tmp>/cert <extra…>` in a fresh temp dir; returns (guard, cert dir).
pub fn init_dir(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("cert");
    let dir_s = dir.to_str().unwrap().to_string();
    let mut args = vec!["init", "--dir", dir_s.as_str(), "--quiet"];
    args.extend_from_slice(extra);
    run_ok(&args);
    (tmp, dir)
}

/// Runs the openssl CLI with `args` in `cwd`.
pub fn openssl(cwd: &Path, args: &[&str]) -> Output {
    Command::new("openssl")
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("openssl must be installed (.ci/run installs it)")
}

/// Runs openssl and panics with its output unless it exits 0; returns stdout.
pub fn openssl_ok(cwd: &Path, args: &[&str]) -> String {
    let out = openssl(cwd, args);
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stdout and stderr as text.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `openssl x509 -text -noout` of a certificate file.
pub fn x509_text(dir: &Path, file: &str) -> String {
    openssl_ok(dir, &["x509", "-in", file, "-noout", "-text"])
}

/// The reference gen.sh and openssl.cnf from ../shared/reference, if present.
pub fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gen-sh")
}

/// Signs `csr` with the CA `ca_pem`/`ca_key` into `out` for any validity window (`openssl
/// ca -startdate -enddate`, so the past too); `ext` is the body of the extensions section.
pub fn openssl_ca_sign(
    ca_pem: &Path,
    ca_key: &Path,
    csr: &Path,
    out: &Path,
    (start, end): (time::OffsetDateTime, time::OffsetDateTime),
    ext: &str,
) {
    let work = tempfile::tempdir().expect("tempdir");
    let w = work.path();
    std::fs::write(w.join("index.txt"), "").unwrap();
    std::fs::write(w.join("serial.txt"), "01\n").unwrap();
    std::fs::write(
        w.join("ca.cnf"),
        "[ca]\ndefault_ca = c\n[c]\ndatabase = index.txt\nnew_certs_dir = .\ndefault_md = sha256\nserial = serial.txt\n\
         unique_subject = no\npolicy = p\n[p]\ncommonName = supplied\n",
    )
    .unwrap();
    std::fs::write(w.join("ext.cnf"), format!("[v3]\n{ext}")).unwrap();
    let fmt = |t: time::OffsetDateTime| {
        format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    };
    let s = |p: &Path| p.to_str().expect("UTF-8 path").to_string();
    openssl_ok(
        w,
        &[
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-rand_serial",
            "-notext",
            "-cert",
            &s(ca_pem),
            "-keyfile",
            &s(ca_key),
            "-in",
            &s(csr),
            "-out",
            &s(out),
            "-startdate",
            &fmt(start),
            "-enddate",
            &fmt(end),
            "-extfile",
            "ext.cnf",
            "-extensions",
            "v3",
        ],
    );
}
