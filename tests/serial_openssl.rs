//! `ca.srl` continuation between milvus-cert and OpenSSL, both ways: OpenSSL's
//! `x509 -req -CAserial` continues what milvus-cert wrote, milvus-cert continues what
//! OpenSSL (or the docs' gen.sh) wrote, and the CA is reused byte for byte.

mod common;

use common::{init_dir, openssl, openssl_ok, reference_dir, run, run_ok, text};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

const NINE: [&str; 9] = [
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

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

/// A hex number without leading zeros, upper case ("0" for zero).
fn norm(hex: &str) -> String {
    assert!(
        !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        "not hex: {hex:?}"
    );
    let digits = hex.trim_start_matches('0').to_ascii_uppercase();
    if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    }
}

/// `hex + n` on arbitrarily long hex numbers (normalised result).
fn hex_add(hex: &str, n: u32) -> String {
    let mut digits: Vec<u32> = norm(hex).chars().map(|c| c.to_digit(16).unwrap()).collect();
    let mut carry = n;
    for d in digits.iter_mut().rev() {
        let sum = *d + carry;
        *d = sum % 16;
        carry = sum / 16;
        if carry == 0 {
            break;
        }
    }
    let mut out = String::new();
    while carry > 0 {
        out.insert(0, char::from_digit(carry % 16, 16).unwrap());
        carry /= 16;
    }
    out.extend(digits.iter().map(|d| char::from_digit(*d, 16).unwrap()));
    norm(&out)
}

/// The serial of a certificate as openssl prints it (`serial=HEX`).
fn serial(dir: &Path, file: &str) -> String {
    let out = openssl_ok(dir, &["x509", "-in", file, "-noout", "-serial"]);
    let hex = out
        .trim()
        .strip_prefix("serial=")
        .unwrap_or_else(|| panic!("{out}"))
        .to_string();
    assert!(!hex.starts_with('-'), "{file}: negative serial {hex}");
    hex
}

/// The contents of ca.srl.
fn srl(dir: &Path) -> String {
    fs::read_to_string(dir.join("ca.srl")).expect("read ca.srl")
}

/// ca.srl as a number, checking it has OpenSSL's format: upper-case hex, even length, "\n".
fn srl_value(dir: &Path) -> String {
    let text = srl(dir);
    let hex = text
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("ca.srl lacks its newline: {text:?}"));
    assert!(
        !hex.is_empty()
            && hex.len().is_multiple_of(2)
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)),
        "ca.srl is not upper-case hex: {text:?}"
    );
    hex.to_string()
}

/// All regular files in `dir` with their bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// `openssl verify -CAfile ca.pem <args…>` must pass.
fn assert_verifies(dir: &Path, args: &[&str]) {
    let mut argv = vec!["verify", "-CAfile", "ca.pem"];
    argv.extend_from_slice(args);
    let out = openssl(dir, &argv);
    let (stdout, stderr) = text(&out);
    assert!(
        out.status.success() && stdout.contains(&format!("{}: OK", args.last().unwrap())),
        "openssl {argv:?} should pass:\n{stdout}{stderr}"
    );
}

/// OpenSSL signs a fresh request with the CA in `dir`, continuing `ca.srl`; returns the serial.
fn openssl_signs(dir: &Path, name: &str) -> String {
    let (key, csr, pem) = (
        format!("{name}.key"),
        format!("{name}.csr"),
        format!("{name}.pem"),
    );
    let subj = format!("/CN={name}");
    openssl_ok(
        dir,
        &[
            "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", &key, "-subj", &subj,
            "-out", &csr,
        ],
    );
    openssl_ok(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAserial",
            "ca.srl",
            "-out",
            &pem,
            "-days",
            "1",
        ],
    );
    assert_verifies(dir, &[&pem]);
    serial(dir, &pem)
}

/// `milvus-cert init --dir <dir> --force --json`; returns the parsed JSON.
fn init_force_json(dir: &Path) -> serde_json::Value {
    let out = run_ok(&["init", "--dir", s(dir), "--force", "--json"]);
    let (stdout, _) = text(&out);
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("--json output is not JSON ({e}):\n{stdout}"))
}

/// The file report for `name` in init's JSON.
fn report<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json["files"]
        .as_array()
        .expect("files array")
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {json}"))
}

#[test]
fn hex_helpers_carry_like_big_integers() {
    assert_eq!(hex_add("FF", 1), "100");
    assert_eq!(hex_add("00ff", 2), "101");
    assert_eq!(
        hex_add("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", 1),
        "8000000000000000000000000000000000000000"
    );
    assert_eq!(hex_add("0", 0), "0");
    assert_eq!(norm("000A"), "A");
}

#[test]
fn srl_after_init_is_the_client_serial_in_openssl_format() {
    let (_tmp, dir) = init_dir(&[]);
    let last = srl_value(&dir);
    let client = serial(&dir, "client.pem");
    let server = serial(&dir, "server.pem");
    assert_eq!(
        srl(&dir),
        format!("{client}\n"),
        "ca.srl is not client.pem's serial"
    );
    assert_eq!(norm(&last), norm(&client));
    assert_eq!(
        hex_add(&server, 1),
        norm(&client),
        "server serial is not client serial - 1"
    );
    // The CA's own serial is unrelated to the leaves' sequence.
    let ca = serial(&dir, "ca.pem");
    assert_ne!(norm(&ca), norm(&server));
    assert_ne!(norm(&ca), norm(&client));
}

#[test]
fn openssl_and_milvus_cert_take_turns_on_one_ca_srl() {
    let (_tmp, dir) = init_dir(&[]);
    let ca_key = fs::read(dir.join("ca.key")).unwrap();
    let ca_pem = fs::read(dir.join("ca.pem")).unwrap();
    let first = srl_value(&dir);

    // OpenSSL's turn: it continues milvus-cert's ca.srl.
    let x = openssl_signs(&dir, "x");
    assert_eq!(
        norm(&x),
        hex_add(&first, 1),
        "openssl did not continue ca.srl {first}"
    );
    assert_eq!(
        norm(&srl_value(&dir)),
        norm(&x),
        "openssl did not update ca.srl"
    );

    // milvus-cert's turn: it reuses the CA and continues OpenSSL's ca.srl.
    let json = init_force_json(&dir);
    assert_eq!(json["ca"], "reused", "{json}");
    assert_eq!(
        fs::read(dir.join("ca.key")).unwrap(),
        ca_key,
        "ca.key changed"
    );
    assert_eq!(
        fs::read(dir.join("ca.pem")).unwrap(),
        ca_pem,
        "ca.pem changed"
    );
    let server = serial(&dir, "server.pem");
    let client = serial(&dir, "client.pem");
    assert_eq!(
        norm(&server),
        hex_add(&x, 1),
        "server serial does not follow openssl's {x}"
    );
    assert_eq!(
        norm(&client),
        hex_add(&x, 2),
        "client serial does not follow openssl's {x}"
    );
    assert_eq!(srl(&dir), format!("{client}\n"));
    assert_eq!(
        norm(report(&json, "ca.srl")["last_serial"].as_str().unwrap()),
        norm(&client)
    );
    assert_eq!(
        norm(
            report(&json, "server.pem")["certificate"]["serial"]
                .as_str()
                .unwrap()
        ),
        norm(&server)
    );
    assert_verifies(
        &dir,
        &[
            "-purpose",
            "sslserver",
            "-verify_hostname",
            "localhost",
            "server.pem",
        ],
    );
    assert_verifies(&dir, &["-purpose", "sslclient", "client.pem"]);
    assert_verifies(&dir, &["x.pem"]); // OpenSSL's certificate is still valid under the kept CA

    // And OpenSSL again, after milvus-cert.
    let y = openssl_signs(&dir, "y");
    assert_eq!(
        norm(&y),
        hex_add(&client, 1),
        "openssl did not continue milvus-cert's ca.srl"
    );
    assert_eq!(norm(&srl_value(&dir)), norm(&y));
}

#[test]
fn milvus_cert_continues_a_gen_sh_ca() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for file in ["gen.sh", "openssl.cnf"] {
        fs::copy(reference_dir().join(file), dir.join(file)).unwrap();
    }
    let out = Command::new("sh")
        .arg("gen.sh")
        .current_dir(dir)
        .output()
        .expect("run sh gen.sh");
    assert!(out.status.success(), "gen.sh failed: {:?}", text(&out));
    for file in NINE {
        assert!(dir.join(file).is_file(), "gen.sh did not write {file}");
    }
    let gen_last = srl_value(dir);
    assert_eq!(
        norm(&gen_last),
        norm(&serial(dir, "client.pem")),
        "gen.sh's ca.srl"
    );
    let ca_key = fs::read(dir.join("ca.key")).unwrap();
    let ca_pem = fs::read(dir.join("ca.pem")).unwrap();
    let gen_server = fs::read(dir.join("server.pem")).unwrap();

    let json = init_force_json(dir);
    assert_eq!(json["ca"], "reused", "{json}");
    assert_eq!(
        fs::read(dir.join("ca.key")).unwrap(),
        ca_key,
        "gen.sh's ca.key changed"
    );
    assert_eq!(
        fs::read(dir.join("ca.pem")).unwrap(),
        ca_pem,
        "gen.sh's ca.pem changed"
    );
    assert_ne!(
        fs::read(dir.join("server.pem")).unwrap(),
        gen_server,
        "server.pem not replaced"
    );

    let server = serial(dir, "server.pem");
    let client = serial(dir, "client.pem");
    assert_eq!(
        norm(&server),
        hex_add(&gen_last, 1),
        "server serial does not follow gen.sh's ca.srl"
    );
    assert_eq!(
        norm(&client),
        hex_add(&gen_last, 2),
        "client serial does not follow gen.sh's ca.srl"
    );
    assert_eq!(srl(dir), format!("{client}\n"));

    assert_verifies(
        dir,
        &[
            "-purpose",
            "sslserver",
            "-verify_hostname",
            "localhost",
            "server.pem",
        ],
    );
    assert_verifies(dir, &["-purpose", "sslclient", "client.pem"]);
    let issuer = openssl_ok(
        dir,
        &[
            "x509",
            "-in",
            "server.pem",
            "-noout",
            "-issuer",
            "-nameopt",
            "oneline",
        ],
    );
    let ca_subject = openssl_ok(
        dir,
        &[
            "x509", "-in", "ca.pem", "-noout", "-subject", "-nameopt", "oneline",
        ],
    );
    assert_eq!(
        issuer.trim().strip_prefix("issuer="),
        ca_subject.trim().strip_prefix("subject=")
    );
}

#[test]
fn milvus_cert_continues_a_gen_sh_ca_after_the_leaves_are_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for file in ["gen.sh", "openssl.cnf"] {
        fs::copy(reference_dir().join(file), dir.join(file)).unwrap();
    }
    let out = Command::new("sh")
        .arg("gen.sh")
        .current_dir(dir)
        .output()
        .expect("run sh gen.sh");
    assert!(out.status.success(), "gen.sh failed: {:?}", text(&out));
    let gen_last = srl_value(dir);
    let ca = (
        fs::read(dir.join("ca.key")).unwrap(),
        fs::read(dir.join("ca.pem")).unwrap(),
    );
    for role in ["server", "client"] {
        for ext in ["key", "csr", "pem"] {
            fs::remove_file(dir.join(format!("{role}.{ext}"))).unwrap();
        }
    }
    // ca.srl is still there, so replacing it needs --force.
    let json = init_force_json(dir);
    assert_eq!(json["ca"], "reused", "{json}");
    assert_eq!(
        (
            fs::read(dir.join("ca.key")).unwrap(),
            fs::read(dir.join("ca.pem")).unwrap()
        ),
        ca
    );
    assert_eq!(norm(&serial(dir, "server.pem")), hex_add(&gen_last, 1));
    assert_eq!(norm(&serial(dir, "client.pem")), hex_add(&gen_last, 2));
    assert_verifies(
        dir,
        &[
            "-purpose",
            "sslserver",
            "-verify_hostname",
            "localhost",
            "server.pem",
        ],
    );
}

#[test]
fn serials_never_grow_past_20_octets_and_both_tools_continue() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    // 20 bytes, one below the point where the next serial would need DER's leading zero
    // (a 21st octet, over RFC 5280's limit): there the counter starts afresh at random.
    let edge = format!("7F{}FE", "FF".repeat(18));
    fs::write(dir.join("ca.srl"), format!("{edge}\n")).unwrap();
    init_force_json(&dir);
    let server = serial(&dir, "server.pem");
    let client = serial(&dir, "client.pem");
    assert_eq!(server, format!("7F{}", "FF".repeat(19)));
    assert_ne!(client, format!("80{}", "00".repeat(19)));
    assert!(
        client.len() <= 40 && client.as_bytes()[0] < b'8',
        "client serial {client} does not fit 20 octets"
    );
    assert_eq!(srl(&dir), format!("{client}\n"));
    let t = openssl_ok(&dir, &["x509", "-in", "client.pem", "-noout", "-text"]);
    assert!(
        !t.contains("Negative"),
        "client serial encoded as negative:\n{t}"
    );
    assert_verifies(&dir, &["-purpose", "sslserver", "server.pem"]);
    assert_verifies(&dir, &["-purpose", "sslclient", "client.pem"]);
    let x = openssl_signs(&dir, "x");
    assert!(x != client && x.len() == client.len(), "{x} after {client}");
}

#[test]
fn a_second_init_without_force_is_refused_and_changes_nothing() {
    let (_tmp, dir) = init_dir(&[]);
    let before = snapshot(&dir);
    assert_eq!(before.len(), 9);
    for extra in [
        &[][..],
        &["--new-ca"],
        &["--key-type", "ecdsa-p256", "--cn", "other.example"],
    ] {
        let mut args = vec!["init", "--dir", s(&dir)];
        args.extend_from_slice(extra);
        let out = run(&args);
        let (stdout, stderr) = text(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "init {extra:?} over a full dir: {stdout}{stderr}"
        );
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "expected one line on stderr:\n{stderr}");
        assert!(lines[0].contains("--force"), "{stderr}");
        let named: Vec<&str> = NINE
            .iter()
            .copied()
            .filter(|f| lines[0].contains(&format!("{}'", s(&dir.join(f)))))
            .collect();
        assert_eq!(
            named.len(),
            1,
            "stderr should name one existing file: {stderr}"
        );
        assert!(stdout.is_empty(), "{stdout}");
        assert_eq!(
            snapshot(&dir),
            before,
            "init {extra:?} changed the directory"
        );
    }
    // The refused runs did not disturb the CA: openssl still verifies the old leaves.
    assert_verifies(
        &dir,
        &[
            "-purpose",
            "sslserver",
            "-verify_hostname",
            "localhost",
            "server.pem",
        ],
    );
}
