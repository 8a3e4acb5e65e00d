//! `milvus-cert init` checked independently with the OpenSSL CLI: chain verification,
//! purposes, host names and IPs, the extensions of every certificate, signature
//! algorithms, serials, validity, CSRs, keys and file modes, for every key type.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use time::{Duration, OffsetDateTime, PrimitiveDateTime};

/// The key algorithms under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Alg {
    Rsa(u32),
    P256,
    P384,
    Ed25519,
}

impl Alg {
    /// `init` options selecting this algorithm.
    fn args(self) -> Vec<&'static str> {
        match self {
            Alg::Rsa(bits) => {
                let bits = match bits {
                    2048 => "2048",
                    3072 => "3072",
                    4096 => "4096",
                    other => panic!("no RSA-{other} in the tests"),
                };
                vec!["--key-type", "rsa", "--key-bits", bits]
            }
            Alg::P256 => vec!["--key-type", "ecdsa-p256"],
            Alg::P384 => vec!["--key-type", "ecdsa-p384"],
            Alg::Ed25519 => vec!["--key-type", "ed25519"],
        }
    }

    /// The signature algorithm openssl shows for certificates and CSRs signed by this key.
    fn signature(self) -> &'static str {
        match self {
            Alg::Rsa(_) => "sha256WithRSAEncryption",
            Alg::P256 => "ecdsa-with-SHA256",
            Alg::P384 => "ecdsa-with-SHA384",
            Alg::Ed25519 => "ED25519",
        }
    }

    /// The leaves' Key Usage as openssl prints it (keyEncipherment for RSA only).
    fn leaf_key_usage(self) -> &'static str {
        match self {
            Alg::Rsa(_) => "Digital Signature, Key Encipherment",
            _ => "Digital Signature",
        }
    }

    /// Lines `openssl x509 -text` prints about this public key.
    fn public_key_lines(self) -> Vec<String> {
        match self {
            Alg::Rsa(bits) => vec![format!("Public-Key: ({bits} bit)"), "rsaEncryption".into()],
            Alg::P256 => vec!["Public-Key: (256 bit)".into(), "NIST CURVE: P-256".into()],
            Alg::P384 => vec!["Public-Key: (384 bit)".into(), "NIST CURVE: P-384".into()],
            Alg::Ed25519 => vec!["Public Key Algorithm: ED25519".into()],
        }
    }

    /// An algorithm that is cheap to generate for a second, unrelated CA of the same family.
    fn cheap_sibling(self) -> Alg {
        match self {
            Alg::Rsa(_) => Alg::Rsa(2048),
            other => other,
        }
    }
}

// ---------------------------------------------------------------------------------------
// openssl helpers
// ---------------------------------------------------------------------------------------

/// Asserts that openssl rejects the chain with `args` against `ca`, for `reason`.
fn assert_rejected(dir: &Path, ca: &Path, args: &[&str], reasons: &[&str]) {
    let out = verify_with(dir, s(ca), args);
    let (stdout, stderr) = text(&out);
    let all = format!("{stdout}{stderr}");
    assert!(
        !out.status.success(),
        "openssl verify {args:?} (CA {}) should fail:\n{all}",
        ca.display()
    );
    assert!(!stdout.contains(": OK"), "{all}");
    assert!(
        reasons.iter().any(|r| all.contains(r)),
        "openssl verify {args:?} failed, but not for {reasons:?}:\n{all}"
    );
}

/// One X509v3 extension from `openssl … -text`: (critical, value lines joined by '\n').
/// Panics if the extension occurs more than once.
fn ext(text: &str, name: &str) -> Option<(bool, String)> {
    let header = format!("X509v3 {name}:");
    let lines: Vec<&str> = text.lines().collect();
    let hits: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim_start().starts_with(&header))
        .collect();
    assert!(
        hits.len() <= 1,
        "{name} appears {} times:\n{text}",
        hits.len()
    );
    let i = *hits.first()?;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let critical = lines[i].trim_end().ends_with("critical");
    let value = lines[i + 1..]
        .iter()
        .take_while(|l| !l.trim().is_empty() && indent(l) > indent(lines[i]))
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join("\n");
    Some((critical, value))
}

/// The value of a required extension, and whether it is critical.
fn need_ext(text: &str, name: &str, what: &str) -> (bool, String) {
    ext(text, name).unwrap_or_else(|| panic!("{what}: no {name} extension:\n{text}"))
}

/// The SANs of a certificate or CSR text as a set ("DNS:x", "IP Address:y").
fn sans(text: &str, what: &str) -> BTreeSet<String> {
    let (_, value) = need_ext(text, "Subject Alternative Name", what);
    value.split(", ").map(str::to_string).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// `openssl x509 -subject` / `-issuer` in the one-line form ("O = milvus, CN = localhost").
fn name_of(dir: &Path, file: &str, which: &str) -> String {
    let out = openssl_ok(
        dir,
        &["x509", "-in", file, "-noout", which, "-nameopt", "oneline"],
    );
    let prefix = format!("{}=", &which[1..]);
    out.trim()
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{out}"))
        .trim()
        .to_string()
}

fn subject(dir: &Path, file: &str) -> String {
    name_of(dir, file, "-subject")
}

/// The serial as openssl prints it (`serial=HEX`).
fn serial_hex(dir: &Path, file: &str) -> String {
    let out = openssl_ok(dir, &["x509", "-in", file, "-noout", "-serial"]);
    out.trim()
        .strip_prefix("serial=")
        .unwrap_or_else(|| panic!("{out}"))
        .to_string()
}

/// Significant bits of a non-negative hex number.
fn hex_bits(hex: &str) -> usize {
    let digits = hex.trim_start_matches('0');
    match digits.chars().next() {
        None => 0,
        Some(first) => {
            (digits.len() - 1) * 4 + (32 - first.to_digit(16).unwrap().leading_zeros()) as usize
        }
    }
}

/// notBefore and notAfter as openssl reports them.
fn openssl_dates(dir: &Path, file: &str) -> (OffsetDateTime, OffsetDateTime) {
    let out = openssl_ok(
        dir,
        &argv(
            "x509 -in",
            &[
                file,
                "-noout",
                "-startdate",
                "-enddate",
                "-dateopt",
                "iso_8601",
            ],
        ),
    );
    let format = time::format_description::parse_borrowed::<2>(
        "[year]-[month]-[day] [hour]:[minute]:[second]Z",
    )
    .unwrap();
    let get = |key: &str| {
        let line = out
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("no {key} in {out}"));
        PrimitiveDateTime::parse(line.trim(), &format)
            .unwrap_or_else(|e| panic!("{line}: {e}"))
            .assume_utc()
    };
    (get("notBefore="), get("notAfter="))
}

/// Whether `openssl x509 -checkend` says the certificate is still valid `seconds` from now.
fn valid_in(dir: &Path, file: &str, seconds: i64) -> bool {
    let secs = seconds.to_string();
    let out = openssl(dir, &["x509", "-in", file, "-noout", "-checkend", &secs]);
    let (stdout, _) = text(&out);
    match out.status.code() {
        Some(0) => {
            assert!(stdout.contains("will not expire"), "{stdout}");
            true
        }
        Some(1) => {
            assert!(stdout.contains("will expire"), "{stdout}");
            false
        }
        other => panic!("openssl -checkend exited {other:?}: {stdout}"),
    }
}

/// The certificate parsed by x509-parser (a second opinion next to openssl).
fn with_parsed<T>(
    dir: &Path,
    file: &str,
    f: impl FnOnce(&x509_parser::certificate::X509Certificate<'_>) -> T,
) -> T {
    let pem_bytes = fs::read(dir.join(file)).unwrap();
    let (_, pem) = x509_parser::pem::parse_x509_pem(&pem_bytes).expect("PEM");
    let cert = pem.parse_x509().expect("X.509");
    f(&cert)
}

/// Minimal RFC 4648 base64 with 64-character PEM lines.
fn pem_encode(label: &str, der: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::new();
    for chunk in der.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                b64.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                b64.push('=');
            }
        }
    }
    let mut pem = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).unwrap());
        pem.push('\n');
    }
    pem.push_str(&format!("-----END {label}-----\n"));
    pem
}

// ---------------------------------------------------------------------------------------
// property groups
// ---------------------------------------------------------------------------------------

/// Chain verification, purposes, names and IPs, and the negatives, incl. a foreign CA.
fn check_chain(dir: &Path, other_ca: &Path) {
    verifies(dir, &["-purpose", "sslserver", "server.pem"]);
    verifies(
        dir,
        &["-x509_strict", "-purpose", "sslserver", "server.pem"],
    );
    verifies_server(dir, "localhost", "server.pem");
    verifies(dir, &as_server("-verify_ip", "127.0.0.1", "server.pem"));
    verifies(
        dir,
        &["-purpose", "sslserver", "-verify_ip", "::1", "server.pem"],
    );
    verifies(dir, &["-purpose", "sslclient", "client.pem"]);
    verifies(
        dir,
        &["-x509_strict", "-purpose", "sslclient", "client.pem"],
    );

    let ca = dir.join("ca.pem");
    let purpose = &["unsuitable certificate purpose"][..];
    assert_rejected(dir, &ca, &["-purpose", "sslclient", "server.pem"], purpose);
    assert_rejected(dir, &ca, &["-purpose", "sslserver", "client.pem"], purpose);
    assert_rejected(
        dir,
        &ca,
        &as_server("-verify_hostname", "wrong.example", "server.pem"),
        &["hostname mismatch"],
    );
    assert_rejected(
        dir,
        &ca,
        &as_server("-verify_ip", "10.9.9.9", "server.pem"),
        &["IP address mismatch"],
    );
    // A client certificate is not a server certificate for localhost either.
    assert_rejected(
        dir,
        &ca,
        &as_server("-verify_hostname", "localhost", "client.pem"),
        &["unsuitable certificate purpose", "hostname mismatch"],
    );

    let other = other_ca.join("ca.pem");
    assert_ne!(
        fs::read(&other).unwrap(),
        fs::read(&ca).unwrap(),
        "the two inits share a CA"
    );
    let foreign = &[
        "unable to get local issuer certificate",
        "certificate signature failure",
    ][..];
    assert_rejected(
        dir,
        &other,
        &["-purpose", "sslserver", "server.pem"],
        foreign,
    );
    assert_rejected(
        dir,
        &other,
        &["-purpose", "sslclient", "client.pem"],
        foreign,
    );
    // And the other init's leaves do not verify against this CA.
    assert_rejected(
        other_ca,
        &ca,
        &["-purpose", "sslserver", "server.pem"],
        foreign,
    );
}

/// The CA certificate's own properties.
fn check_ca(dir: &Path, alg: Alg) {
    let ca = x509_text(dir, "ca.pem");
    let ca_subject = subject(dir, "ca.pem");
    assert_eq!(
        name_of(dir, "ca.pem", "-issuer"),
        ca_subject,
        "the CA is self-signed"
    );
    assert_ne!(
        ca_subject,
        subject(dir, "server.pem"),
        "CA and server share a subject"
    );
    assert_ne!(
        ca_subject,
        subject(dir, "client.pem"),
        "CA and client share a subject"
    );
    assert!(
        !ca_subject.contains("CN = localhost"),
        "CA named localhost: {ca_subject}"
    );

    let (critical, value) = need_ext(&ca, "Basic Constraints", "ca.pem");
    assert!(critical, "CA basicConstraints must be critical:\n{ca}");
    assert!(value.starts_with("CA:TRUE"), "{value}");
    let (_, ku) = need_ext(&ca, "Key Usage", "ca.pem");
    assert_eq!(ku, "Certificate Sign, CRL Sign");
    let (_, ski) = need_ext(&ca, "Subject Key Identifier", "ca.pem");
    assert!(!ski.is_empty());
    assert!(
        ext(&ca, "Extended Key Usage").is_none(),
        "a CA with an EKU:\n{ca}"
    );
    for line in alg.public_key_lines() {
        assert!(ca.contains(&line), "ca.pem lacks {line:?}:\n{ca}");
    }
}

/// A leaf's properties; `eku` is the only Extended Key Usage allowed.
fn check_leaf(dir: &Path, alg: Alg, file: &str, eku: &str, expected_sans: &BTreeSet<String>) {
    let leaf = x509_text(dir, file);
    let ca = x509_text(dir, "ca.pem");
    assert_eq!(
        name_of(dir, file, "-issuer"),
        subject(dir, "ca.pem"),
        "{file} issuer"
    );

    let (critical, bc) = need_ext(&leaf, "Basic Constraints", file);
    assert_eq!(bc, "CA:FALSE", "{file}");
    assert!(critical, "{file}: basicConstraints not critical");
    let (_, ku) = need_ext(&leaf, "Key Usage", file);
    assert_eq!(ku, alg.leaf_key_usage(), "{file} key usage");
    if !matches!(alg, Alg::Rsa(_)) {
        assert!(
            !ku.contains("Key Encipherment"),
            "{file}: keyEncipherment on a non-RSA key"
        );
    }
    let (_, got_eku) = need_ext(&leaf, "Extended Key Usage", file);
    assert_eq!(got_eku, eku, "{file} extended key usage");
    assert_eq!(&sans(&leaf, file), expected_sans, "{file} SANs");

    let (_, aki) = need_ext(&leaf, "Authority Key Identifier", file);
    let (_, ca_ski) = need_ext(&ca, "Subject Key Identifier", "ca.pem");
    // OpenSSL 3.0 prints the bare key id; older versions prefix it with "keyid:".
    assert_eq!(
        aki.trim_start_matches("keyid:"),
        ca_ski,
        "{file}: AKI is not the CA's SKI"
    );
    let (_, ski) = need_ext(&leaf, "Subject Key Identifier", file);
    assert!(!ski.is_empty() && ski != ca_ski, "{file} SKI {ski:?}");
    for line in alg.public_key_lines() {
        assert!(leaf.contains(&line), "{file} lacks {line:?}:\n{leaf}");
    }
}

fn default_server_sans() -> BTreeSet<String> {
    set(&[
        "DNS:localhost",
        "IP Address:127.0.0.1",
        "IP Address:0:0:0:0:0:0:0:1",
    ])
}

fn default_client_sans() -> BTreeSet<String> {
    set(&["DNS:milvus-client"])
}

fn check_leaves(dir: &Path, alg: Alg) {
    check_leaf(
        dir,
        alg,
        "server.pem",
        "TLS Web Server Authentication",
        &default_server_sans(),
    );
    check_leaf(
        dir,
        alg,
        "client.pem",
        "TLS Web Client Authentication",
        &default_client_sans(),
    );
}

/// Signature algorithms and serial numbers of the three certificates.
fn check_signatures_and_serials(dir: &Path, alg: Alg) {
    let mut serials = BTreeSet::new();
    for file in ["ca.pem", "server.pem", "client.pem"] {
        let t = x509_text(dir, file);
        let algs: Vec<&str> = t
            .lines()
            .filter_map(|l| l.trim().strip_prefix("Signature Algorithm: "))
            .collect();
        assert_eq!(algs, [alg.signature(); 2], "{file} signature algorithm");

        let serial = serial_hex(dir, file);
        assert!(
            !serial.starts_with('-') && !t.contains("(Negative)"),
            "{file}: negative serial {serial}"
        );
        assert!(
            serial.bytes().all(|b| b.is_ascii_hexdigit()),
            "{file}: serial {serial}"
        );
        assert!(
            hex_bits(&serial) >= 128,
            "{file}: serial {serial} has {} bits",
            hex_bits(&serial)
        );
        // Second opinion from the DER: positive (no sign bit) and the same number.
        with_parsed(dir, file, |cert| {
            let raw = cert.raw_serial();
            assert!(
                raw[0] & 0x80 == 0,
                "{file}: DER serial has the sign bit set"
            );
            let magnitude: String = raw
                .iter()
                .skip_while(|b| **b == 0)
                .map(|b| format!("{b:02X}"))
                .collect();
            assert_eq!(
                magnitude, serial,
                "{file}: openssl and the DER disagree on the serial"
            );
        });
        assert!(
            serials.insert(serial.clone()),
            "{file} repeats serial {serial}"
        );
    }
}

/// notBefore in the past, notAfter `days` from now, by openssl's dates and -checkend.
fn check_validity(dir: &Path, file: &str, days: i64) {
    let now = OffsetDateTime::now_utc();
    let (not_before, not_after) = openssl_dates(dir, file);
    assert!(
        not_before < now,
        "{file}: notBefore {not_before} is not in the past"
    );
    assert!(
        now - not_before < Duration::hours(1),
        "{file}: notBefore {not_before} too early"
    );
    let expected = now + Duration::days(days);
    let diff = (not_after - expected).abs();
    assert!(
        diff < Duration::minutes(10),
        "{file}: notAfter {not_after}, expected about {expected} ({days} days)"
    );
    let lifetime = days * 86_400;
    assert!(
        valid_in(dir, file, lifetime - 600),
        "{file} expires before {days} days"
    );
    assert!(
        !valid_in(dir, file, lifetime + 600),
        "{file} outlives {days} days"
    );
    with_parsed(dir, file, |cert| {
        assert_eq!(
            cert.validity().not_before.timestamp(),
            not_before.unix_timestamp(),
            "{file}"
        );
        assert_eq!(
            cert.validity().not_after.timestamp(),
            not_after.unix_timestamp(),
            "{file}"
        );
    });
}

/// The CSRs: self-signature, subject, requested extensions, key, and a tampered copy.
fn check_csrs(dir: &Path, alg: Alg) {
    let roles = [
        ("server", "TLS Web Server Authentication"),
        ("client", "TLS Web Client Authentication"),
    ];
    for (role, eku) in roles {
        let csr = format!("{role}.csr");
        let out = openssl(dir, &["req", "-in", &csr, "-verify", "-noout"]);
        let (stdout, stderr) = text(&out);
        let all = format!("{stdout}{stderr}");
        assert!(
            out.status.success()
                && all.contains("self-signature verify OK")
                && !all.contains("failure"),
            "{csr}: {all}"
        );

        let req_subject = openssl_ok(
            dir,
            &[
                "req", "-in", &csr, "-noout", "-subject", "-nameopt", "oneline",
            ],
        );
        let req_subject = req_subject.trim().strip_prefix("subject=").unwrap().trim();
        assert_eq!(
            req_subject,
            subject(dir, &format!("{role}.pem")),
            "{csr} subject"
        );

        let t = openssl_ok(dir, &["req", "-in", &csr, "-noout", "-text"]);
        assert!(t.contains("Requested Extensions:"), "{csr}:\n{t}");
        assert!(
            t.contains(&format!("Signature Algorithm: {}", alg.signature())),
            "{csr}:\n{t}"
        );
        let cert = x509_text(dir, &format!("{role}.pem"));
        assert_eq!(
            sans(&t, &csr),
            sans(&cert, role),
            "{csr} SANs differ from the certificate's"
        );
        assert_eq!(
            need_ext(&t, "Key Usage", &csr).1,
            alg.leaf_key_usage(),
            "{csr}"
        );
        assert_eq!(need_ext(&t, "Extended Key Usage", &csr).1, eku, "{csr}");

        let csr_pub = openssl_ok(dir, &["req", "-in", &csr, "-noout", "-pubkey"]);
        let cert_pub = openssl_ok(
            dir,
            &["x509", "-in", &format!("{role}.pem"), "-noout", "-pubkey"],
        );
        assert_eq!(
            csr_pub, cert_pub,
            "{csr} and {role}.pem carry different public keys"
        );

        // Tamper: flip the last byte of the DER (inside the signature) and re-encode.
        let der_file = format!("{role}.csr.der");
        openssl_ok(
            dir,
            &["req", "-in", &csr, "-outform", "DER", "-out", &der_file],
        );
        let mut der = fs::read(dir.join(&der_file)).unwrap();
        fs::remove_file(dir.join(&der_file)).unwrap();
        // Control: our re-encoding of the untouched DER still verifies.
        let same = dir.join(format!("{role}.same.csr"));
        fs::write(&same, pem_encode("CERTIFICATE REQUEST", &der)).unwrap();
        let out = openssl(dir, &["req", "-in", s(&same), "-verify", "-noout"]);
        let (stdout, stderr) = text(&out);
        assert!(
            format!("{stdout}{stderr}").contains("verify OK"),
            "re-encoded {csr} no longer verifies: {stdout}{stderr}"
        );
        fs::remove_file(&same).unwrap();

        *der.last_mut().unwrap() ^= 0x01;
        let tampered = dir.join(format!("{role}.tampered.csr"));
        fs::write(&tampered, pem_encode("CERTIFICATE REQUEST", &der)).unwrap();
        // Still a readable request, so a failure below is the signature's.
        openssl_ok(dir, &["req", "-in", s(&tampered), "-noout", "-subject"]);
        // OpenSSL 3.0 exits 0 even when `req -verify` fails, so the message decides.
        let out = openssl(dir, &["req", "-in", s(&tampered), "-verify", "-noout"]);
        let (stdout, stderr) = text(&out);
        let all = format!("{stdout}{stderr}");
        assert!(
            all.contains("verify failure") && !all.contains("verify OK"),
            "tampered {csr} verified: {all}"
        );
        fs::remove_file(&tampered).unwrap();
    }
}

/// Keys: PKCS#8 PEM, readable and consistent for openssl, matching the certificates.
fn check_keys(dir: &Path, alg: Alg) {
    for role in ["ca", "server", "client"] {
        let key = format!("{role}.key");
        let pem = fs::read_to_string(dir.join(&key)).unwrap();
        assert!(
            pem.starts_with("-----BEGIN PRIVATE KEY-----\n"),
            "{key} is not PKCS#8:\n{}",
            &pem[..40.min(pem.len())]
        );
        assert!(
            pem.trim_end().ends_with("-----END PRIVATE KEY-----"),
            "{key}"
        );

        openssl_ok(dir, &["pkey", "-in", &key, "-noout"]);
        if matches!(alg, Alg::Rsa(_) | Alg::P256 | Alg::P384) {
            let out = openssl_ok(dir, &["pkey", "-in", &key, "-check", "-noout"]);
            assert!(out.contains("Key is valid"), "{key}: {out}");
        }
        let key_text = openssl_ok(dir, &["pkey", "-in", &key, "-noout", "-text"]);
        let expected = match alg {
            Alg::Rsa(bits) => format!("Private-Key: ({bits} bit"),
            Alg::P256 => "NIST CURVE: P-256".to_string(),
            Alg::P384 => "NIST CURVE: P-384".to_string(),
            Alg::Ed25519 => "ED25519 Private-Key".to_string(),
        };
        assert!(key_text.contains(&expected), "{key}: expected {expected:?}");

        let from_key = openssl_ok(dir, &["pkey", "-in", &key, "-pubout"]);
        let from_cert = openssl_ok(
            dir,
            &["x509", "-in", &format!("{role}.pem"), "-noout", "-pubkey"],
        );
        assert!(
            from_key.starts_with("-----BEGIN PUBLIC KEY-----"),
            "{from_key}"
        );
        assert_eq!(from_key, from_cert, "{key} does not belong to {role}.pem");
    }
}

/// File modes: 0600 for keys, 0644 for the rest; exactly the nine files.
fn check_files(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let nine = INIT_FILES;
    let mut present: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    let mut expected: Vec<String> = nine.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(present, expected, "files in {}", dir.display());
    for name in nine {
        let meta = fs::metadata(dir.join(name)).unwrap();
        assert!(meta.is_file(), "{name}");
        let mode = meta.permissions().mode() & 0o777;
        let want = if name.ends_with(".key") { 0o600 } else { 0o644 };
        assert_eq!(mode, want, "{name} has mode {mode:o}, expected {want:o}");
    }
}

/// Everything, for one key type.
fn check_all(alg: Alg, args: &[&str]) {
    let (_tmp, dir) = init_dir(args);
    let (_other_tmp, other) = init_dir(&alg.cheap_sibling().args());
    check_files(&dir);
    check_chain(&dir, &other);
    check_ca(&dir, alg);
    check_leaves(&dir, alg);
    check_signatures_and_serials(&dir, alg);
    for file in ["ca.pem", "server.pem", "client.pem"] {
        check_validity(&dir, file, 3650);
    }
    check_csrs(&dir, alg);
    check_keys(&dir, alg);
    check_files(&dir); // the checks above left nothing behind
}

// ---------------------------------------------------------------------------------------
// the default init, one property group per test
// ---------------------------------------------------------------------------------------

#[test]
fn default_chain_verifies_for_server_and_client_purposes_and_names() {
    let (_tmp, dir) = init_dir(&[]);
    let (_other_tmp, other) = init_dir(&[]);
    check_chain(&dir, &other);
}

#[test]
fn a_foreign_ca_with_the_same_name_does_not_verify_the_leaves() {
    let (_tmp, dir) = init_dir(&["--ca-cn", "Same Name CA"]);
    let (_other_tmp, other) = init_dir(&["--ca-cn", "Same Name CA"]);
    assert_eq!(subject(&dir, "ca.pem"), subject(&other, "ca.pem"));
    verifies(&dir, &["-purpose", "sslserver", "server.pem"]);
    assert_rejected(
        &dir,
        &other.join("ca.pem"),
        &["-purpose", "sslserver", "server.pem"],
        &[
            "unable to get local issuer certificate",
            "certificate signature failure",
        ],
    );
}

#[test]
fn default_ca_is_a_distinct_critical_ca_that_only_signs() {
    let (_tmp, dir) = init_dir(&[]);
    check_ca(&dir, Alg::Rsa(2048));
    assert!(subject(&dir, "ca.pem").starts_with("O = milvus, CN = Milvus TLS CA "));
}

#[test]
fn default_leaves_have_role_extensions_sans_and_key_ids() {
    let (_tmp, dir) = init_dir(&[]);
    check_leaves(&dir, Alg::Rsa(2048));
    assert_eq!(subject(&dir, "server.pem"), "O = milvus, CN = localhost");
    assert_eq!(
        subject(&dir, "client.pem"),
        "O = milvus, CN = milvus-client"
    );
}

#[test]
fn default_signatures_serials_and_ten_year_validity() {
    let (_tmp, dir) = init_dir(&[]);
    check_signatures_and_serials(&dir, Alg::Rsa(2048));
    for file in ["ca.pem", "server.pem", "client.pem"] {
        check_validity(&dir, file, 3650);
    }
}

#[test]
fn default_csrs_verify_and_carry_the_requested_extensions() {
    let (_tmp, dir) = init_dir(&[]);
    check_csrs(&dir, Alg::Rsa(2048));
    let t = openssl_ok(&dir, &["req", "-in", "server.csr", "-noout", "-text"]);
    assert!(
        t.contains("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"),
        "{t}"
    );
    assert!(t.contains("Subject: O = milvus, CN = localhost"), "{t}");
    let t = openssl_ok(&dir, &["req", "-in", "client.csr", "-noout", "-text"]);
    assert!(t.contains("Subject: O = milvus, CN = milvus-client"), "{t}");
    assert!(
        !t.contains("TLS Web Server Authentication"),
        "client CSR asks for serverAuth:\n{t}"
    );
}

#[test]
fn default_keys_are_pkcs8_match_their_certificates_and_have_private_modes() {
    let (_tmp, dir) = init_dir(&[]);
    check_keys(&dir, Alg::Rsa(2048));
    check_files(&dir);
}

// ---------------------------------------------------------------------------------------
// every key type and size, all properties
// ---------------------------------------------------------------------------------------

#[test]
fn rsa_2048_explicit_all_properties() {
    check_all(Alg::Rsa(2048), &Alg::Rsa(2048).args());
}

#[test]
fn rsa_3072_all_properties() {
    check_all(Alg::Rsa(3072), &Alg::Rsa(3072).args());
}

#[test]
fn rsa_4096_all_properties() {
    check_all(Alg::Rsa(4096), &Alg::Rsa(4096).args());
}

#[test]
fn ecdsa_p256_all_properties() {
    check_all(Alg::P256, &Alg::P256.args());
}

#[test]
fn ecdsa_p384_all_properties() {
    check_all(Alg::P384, &Alg::P384.args());
}

// ---------------------------------------------------------------------------------------
// options
// ---------------------------------------------------------------------------------------

#[test]
fn days_and_ca_days_are_honoured() {
    let (_tmp, dir) = init_dir(&[
        "--days",
        "30",
        "--ca-days",
        "60",
        "--key-type",
        "ecdsa-p256",
    ]);
    check_validity(&dir, "server.pem", 30);
    check_validity(&dir, "client.pem", 30);
    check_validity(&dir, "ca.pem", 60);
    verifies_server_and_client(&dir);
    // openssl itself refuses the leaves once they have expired (31 days from now), and
    // they are not yet valid before notBefore.
    for (at, reason) in [
        (Duration::days(31), "certificate has expired"),
        (-Duration::hours(2), "not yet valid"),
    ] {
        let at = (OffsetDateTime::now_utc() + at)
            .unix_timestamp()
            .to_string();
        let args = ["-attime", &at, "-purpose", "sslserver", "server.pem"];
        assert_rejected(&dir, &dir.join("ca.pem"), &args, &[reason]);
    }
}

#[test]
fn custom_names_sans_and_subject_fields() {
    let (_tmp, dir) = init_dir(&[
        "--cn",
        "milvus.example.com",
        "--san",
        "10.0.0.5",
        "--san",
        "db.internal",
        "--country",
        "US",
        "--state",
        "CA",
        "--locality",
        "SF",
        "--org",
        "Acme",
        "--org-unit",
        "DB",
    ]);
    let server = x509_text(&dir, "server.pem");
    assert_eq!(
        sans(&server, "server.pem"),
        set(&[
            "DNS:milvus.example.com",
            "IP Address:10.0.0.5",
            "DNS:db.internal"
        ])
    );
    assert!(
        !server.contains("localhost") && !server.contains("127.0.0.1"),
        "{server}"
    );

    for ok in [
        &["-verify_hostname", "milvus.example.com"][..],
        &["-verify_hostname", "db.internal"],
        &["-verify_ip", "10.0.0.5"],
    ] {
        let mut args = vec!["-purpose", "sslserver"];
        args.extend_from_slice(ok);
        args.push("server.pem");
        verifies(&dir, &args);
    }
    let ca = dir.join("ca.pem");
    for (bad, reason) in [
        (&["-verify_hostname", "localhost"][..], "hostname mismatch"),
        (&["-verify_ip", "127.0.0.1"], "IP address mismatch"),
        (&["-verify_ip", "::1"], "IP address mismatch"),
        (
            &["-verify_hostname", "other.example.com"],
            "hostname mismatch",
        ),
    ] {
        let mut args = vec!["-purpose", "sslserver"];
        args.extend_from_slice(bad);
        args.push("server.pem");
        assert_rejected(&dir, &ca, &args, &[reason]);
    }
    verifies(&dir, &["-purpose", "sslclient", "client.pem"]);

    let fields = "C = US, ST = CA, L = SF, O = Acme, OU = DB, CN = ";
    assert_eq!(
        subject(&dir, "server.pem"),
        format!("{fields}milvus.example.com")
    );
    assert_eq!(
        subject(&dir, "client.pem"),
        format!("{fields}milvus-client")
    );
    let ca_subject = subject(&dir, "ca.pem");
    assert!(
        ca_subject.starts_with(&format!("{fields}Milvus TLS CA ")),
        "{ca_subject}"
    );
    let csr = openssl_ok(
        &dir,
        &argv("req -in server.csr -noout -subject -nameopt oneline", &[]),
    );
    assert_eq!(csr.trim(), format!("subject={fields}milvus.example.com"));
    let csr_text = openssl_ok(&dir, &["req", "-in", "server.csr", "-noout", "-text"]);
    assert_eq!(sans(&csr_text, "server.csr"), sans(&server, "server.pem"));
    check_ca(&dir, Alg::Rsa(2048));
}

// ---------------------------------------------------------------------------------------
// ed25519
// ---------------------------------------------------------------------------------------

#[test]
fn ed25519_warns_about_pymilvus_and_verifies() {
    let (_tmp, dir) = temp_cert_dir();
    let out = run_ok(&["init", "--dir", s(&dir), "--key-type", "ed25519"]);
    let (_, stderr) = text(&out);
    let warning: Vec<&str> = stderr.lines().filter(|l| l.contains("pymilvus")).collect();
    assert_eq!(
        warning.len(),
        1,
        "expected one pymilvus warning on stderr:\n{stderr}"
    );
    assert!(warning[0].contains("warning"), "{stderr}");

    let (_other_tmp, other) = init_dir(&["--key-type", "ed25519"]);
    check_chain(&dir, &other);
    check_ca(&dir, Alg::Ed25519);
    check_leaves(&dir, Alg::Ed25519);
    check_signatures_and_serials(&dir, Alg::Ed25519);
    check_validity(&dir, "server.pem", 3650);
    check_csrs(&dir, Alg::Ed25519);
    check_files(&dir);
}

#[test]
fn ed25519_keys_are_readable_by_openssl() {
    let (_tmp, dir) = init_dir(&["--key-type", "ed25519"]);
    check_keys(&dir, Alg::Ed25519);
}
