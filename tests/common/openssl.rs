//! The openssl CLI as the independent judge, and the recipes the tests make files with:
//! keys and requests, certificates signed by a directory's CA, `openssl verify`, and the
//! facts openssl prints (text, serial, fingerprint, public key).

use super::run::{s, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use time::OffsetDateTime;

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

/// `openssl x509 -text -noout` of a certificate file.
pub fn x509_text(dir: &Path, file: &str) -> String {
    openssl_ok(dir, &["x509", "-in", file, "-noout", "-text"])
}

/// A hex number without leading zeros, upper case.
pub fn norm_hex(hex: &str) -> String {
    let digits = hex.trim().trim_start_matches('0').to_ascii_uppercase();
    if digits.is_empty() {
        "0".into()
    } else {
        digits
    }
}

/// `hex + n` for long hex numbers.
pub fn hex_add(hex: &str, n: u32) -> String {
    let mut digits: Vec<u32> = norm_hex(hex)
        .chars()
        .map(|c| c.to_digit(16).unwrap())
        .collect();
    let mut carry = n;
    for d in digits.iter_mut().rev() {
        let sum = *d + carry;
        *d = sum % 16;
        carry = sum / 16;
    }
    let mut out = String::new();
    while carry > 0 {
        out.insert(0, char::from_digit(carry % 16, 16).unwrap());
        carry /= 16;
    }
    out.extend(digits.iter().map(|d| char::from_digit(*d, 16).unwrap()));
    norm_hex(&out)
}

/// A certificate's serial as openssl prints it, without leading zeros.
pub fn serial(dir: &Path, file: &str) -> String {
    let out = openssl_ok(dir, &["x509", "-in", file, "-noout", "-serial"]);
    norm_hex(out.trim().strip_prefix("serial=").unwrap())
}

/// A certificate's SHA-256 fingerprint as openssl computes it: lower-case hex, no colons.
pub fn fingerprint(dir: &Path, file: &str) -> String {
    let fp = openssl_ok(
        dir,
        &["x509", "-in", file, "-noout", "-fingerprint", "-sha256"],
    );
    fp.trim()
        .rsplit('=')
        .next()
        .unwrap()
        .replace(':', "")
        .to_lowercase()
}

/// Asserts that the key file (read with `passin`, e.g. `pass:x`, if given) holds the
/// public key of the certificate, as openssl reads both.
pub fn assert_key_matches(dir: &Path, key: &str, passin: Option<&str>, cert: &str) {
    let mut args = vec!["pkey", "-in", key, "-pubout"];
    args.extend(passin.map(|p| ["-passin", p]).into_iter().flatten());
    assert_eq!(
        openssl_ok(dir, &args),
        openssl_ok(dir, &["x509", "-in", cert, "-noout", "-pubkey"]),
        "{key} is not {cert}'s key"
    );
}

/// The arguments of `openssl verify -CAfile <ca> <args…>`.
pub fn verify_args<'a>(ca: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut argv = vec!["verify", "-CAfile", ca];
    argv.extend_from_slice(args);
    argv
}

/// `openssl verify -CAfile <ca> <args…>` run in `dir`.
pub fn verify_with(dir: &Path, ca: &str, args: &[&str]) -> Output {
    openssl(dir, &verify_args(ca, args))
}

/// Asserts that `openssl verify -CAfile ca.pem <args>` accepts the last argument.
pub fn verifies(dir: &Path, args: &[&str]) {
    let out = verify_with(dir, "ca.pem", args);
    let (stdout, stderr) = text(&out);
    assert!(
        out.status.success() && stdout.contains(&format!("{}: OK", args.last().unwrap())),
        "openssl verify {args:?} should pass:\n{stdout}{stderr}"
    );
}

/// Asserts that `openssl verify -CAfile ca.pem <args>` fails; returns what it said.
pub fn does_not_verify(dir: &Path, args: &[&str]) -> String {
    let out = verify_with(dir, "ca.pem", args);
    let (stdout, stderr) = text(&out);
    assert!(
        !out.status.success() && !stdout.contains(": OK"),
        "openssl verify {args:?} should fail:\n{stdout}"
    );
    format!("{stdout}{stderr}")
}

/// Asserts that server.pem verifies as a TLS server for `localhost` and client.pem as a
/// TLS client, against ca.pem.
pub fn verifies_server_and_client(dir: &Path) {
    verifies_server(dir, "localhost", "server.pem");
    verifies(dir, &["-purpose", "sslclient", "client.pem"]);
}

/// Asserts that `cert` verifies against ca.pem as a TLS server for the host name `host`.
pub fn verifies_server(dir: &Path, host: &str, cert: &str) {
    verifies(dir, &as_server("-verify_hostname", host, cert));
}

/// `openssl verify` arguments checking `cert` as a TLS server for `host`; `flag` is
/// `-verify_hostname` or `-verify_ip`.
pub fn as_server<'a>(flag: &'a str, host: &'a str, cert: &'a str) -> [&'a str; 5] {
    ["-purpose", "sslserver", flag, host, cert]
}

/// `NAME.key` (a new P-256 key, unencrypted) and the request `NAME.csr` for it with the
/// subject `subj` (`/CN=app`) and `extra` options (`-addext …`), made by `openssl req` in
/// `dir`; returns the request's path.
pub fn ec_csr(dir: &Path, name: &str, subj: &str, extra: &[&str]) -> PathBuf {
    let (key, csr) = (format!("{name}.key"), format!("{name}.csr"));
    let mut args = vec!["req", "-new", "-newkey", "ec"];
    args.extend(["-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]);
    args.extend(["-keyout", &key, "-out", &csr, "-subj", subj]);
    args.extend_from_slice(extra);
    openssl_ok(dir, &args);
    dir.join(csr)
}

/// `openssl x509 -req`: signs the request `csr` with the CA of `dir` (ca.pem, ca.key) into
/// `out`, with `extra` options (`-days`, `-CAserial`, `-set_serial`, `-extfile` …).
pub fn ca_signs(dir: &Path, csr: &str, out: &str, extra: &[&str]) {
    let mut args = vec!["x509", "-req", "-in", csr, "-CA", "ca.pem"];
    args.extend(["-CAkey", "ca.key", "-out", out]);
    args.extend_from_slice(extra);
    openssl_ok(dir, &args);
}

/// OpenSSL signs a new request for `/CN=<name>` with the CA in `dir`, continuing ca.srl
/// (one day); returns the serial.
pub fn openssl_signs(dir: &Path, name: &str) -> String {
    ec_csr(dir, name, &format!("/CN={name}"), &[]);
    let pem = format!("{name}.pem");
    let csr = format!("{name}.csr");
    ca_signs(dir, &csr, &pem, &["-CAserial", "ca.srl", "-days", "1"]);
    serial(dir, &pem)
}

/// `openssl <kind> -in <input> -outform DER -out <out>` (kind: x509, pkey or req).
pub fn to_der(dir: &Path, kind: &str, input: &str, out: &str) {
    openssl_ok(dir, &[kind, "-in", input, "-outform", "DER", "-out", out]);
}

/// Replaces the key file `key` with its AES-256 encryption under the passphrase `pass`
/// (`openssl pkey -aes256`: PKCS#8 EncryptedPrivateKeyInfo).
pub fn encrypt_key(dir: &Path, key: &str, pass: &str) {
    let passout = format!("pass:{pass}");
    let tmp = format!("{key}.enc");
    openssl_ok(
        dir,
        &[
            "pkey", "-in", key, "-aes256", "-passout", &passout, "-out", &tmp,
        ],
    );
    std::fs::rename(dir.join(&tmp), dir.join(key)).unwrap();
}

/// Runs the docs' gen.sh in `dir` (made if missing): a CA and leaves, all CN=localhost,
/// no SAN, no EKU.
pub fn gen_sh(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for file in ["gen.sh", "openssl.cnf"] {
        std::fs::copy(super::reference_dir().join(file), dir.join(file)).unwrap();
    }
    let out = Command::new("sh")
        .arg("gen.sh")
        .current_dir(dir)
        .output()
        .expect("run sh gen.sh");
    assert!(out.status.success(), "gen.sh failed: {:?}", text(&out));
}

/// A fresh temp dir in which the docs' gen.sh has run.
pub fn gen_sh_tmp() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    gen_sh(tmp.path());
    tmp
}

/// `YYYYMMDDHHMMSSZ`, the time form of `openssl ca -startdate/-enddate`.
pub fn asn1_time(t: OffsetDateTime) -> String {
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Signs `csr` with the CA `ca_pem`/`ca_key` into `out` for any validity window (`openssl
/// ca -startdate -enddate`, so the past too); `ext` is the body of the extensions section.
pub fn openssl_ca_sign(
    ca_pem: &Path,
    ca_key: &Path,
    csr: &Path,
    out: &Path,
    window: (OffsetDateTime, OffsetDateTime),
    ext: &str,
) {
    openssl_ca_sign_md(ca_pem, ca_key, csr, out, window, ext, "sha256");
}

/// [`openssl_ca_sign`] with the signature digest `md` (`sha1`, …).
pub fn openssl_ca_sign_md(
    ca_pem: &Path,
    ca_key: &Path,
    csr: &Path,
    out: &Path,
    (start, end): (OffsetDateTime, OffsetDateTime),
    ext: &str,
    md: &str,
) {
    let work = tempfile::tempdir().expect("tempdir");
    let w = work.path();
    std::fs::write(w.join("index.txt"), "").unwrap();
    std::fs::write(w.join("serial.txt"), "01\n").unwrap();
    std::fs::write(
        w.join("ca.cnf"),
        format!(
            "[ca]\ndefault_ca = c\n[c]\ndatabase = index.txt\nnew_certs_dir = .\ndefault_md = {md}\n\
             serial = serial.txt\nunique_subject = no\npolicy = p\n[p]\ncommonName = supplied\n"
        ),
    )
    .unwrap();
    std::fs::write(w.join("ext.cnf"), format!("[v3]\n{ext}")).unwrap();
    let (start, end) = (asn1_time(start), asn1_time(end));
    let mut args = vec![
        "ca",
        "-batch",
        "-config",
        "ca.cnf",
        "-rand_serial",
        "-notext",
    ];
    args.extend(["-cert", s(ca_pem), "-keyfile", s(ca_key), "-in", s(csr)]);
    args.extend(["-out", s(out), "-startdate", &start, "-enddate", &end]);
    args.extend(["-extfile", "ext.cnf", "-extensions", "v3"]);
    openssl_ok(w, &args);
}
