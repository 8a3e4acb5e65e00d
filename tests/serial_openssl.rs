//! `ca.srl` continuation between milvus-cert and OpenSSL, both ways: OpenSSL's
//! `x509 -req -CAserial` continues what milvus-cert wrote, milvus-cert continues what
//! OpenSSL (or the docs' gen.sh) wrote, and the CA is reused byte for byte.

mod common;

use common::{
    INIT_FILES, fails, find, gen_sh_tmp, hex_add, init_dir, norm_hex, openssl_ok, openssl_signs,
    run_json, s, snapshot, verifies, verifies_server,
};
use std::fs;
use std::path::Path;

/// A hex number without leading zeros, upper case ("0" for zero); panics if it is not hex.
fn norm(hex: &str) -> String {
    assert!(
        !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        "not hex: {hex:?}"
    );
    norm_hex(hex)
}

/// The serial of a certificate exactly as openssl prints it (`serial=HEX`), leading zeros
/// kept: ca.srl must hold that form.
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

/// [`openssl_signs`] (continuing ca.srl), and the new certificate verifies.
fn openssl_signs_ok(dir: &Path, name: &str) -> String {
    let serial = openssl_signs(dir, name);
    verifies(dir, &[&format!("{name}.pem")]);
    serial
}

/// `milvus-cert init --dir <dir> --force --json`; returns the parsed JSON.
fn init_force_json(dir: &Path) -> serde_json::Value {
    run_json(&["init", "--dir", s(dir), "--force"])
}

/// ca.key and ca.pem.
fn ca_files(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    let read = |f: &str| fs::read(dir.join(f)).unwrap();
    (read("ca.key"), read("ca.pem"))
}

/// `init --force` over a directory whose ca.srl `who` left at `last`: the CA is reused
/// byte for byte, server.pem and client.pem take the next two serials and ca.srl ends at
/// the client's. Returns init's JSON and the (server, client) serials as openssl prints them.
fn reinit_continues(dir: &Path, last: &str, who: &str) -> (serde_json::Value, String, String) {
    let ca = ca_files(dir);
    let json = init_force_json(dir);
    assert_eq!(json["ca"], "reused", "{json}");
    assert!(ca_files(dir) == ca, "{who}'s ca.key or ca.pem changed");
    let (server, client) = (serial(dir, "server.pem"), serial(dir, "client.pem"));
    let follows = |n, serial: &str| hex_add(last, n) == norm(serial);
    assert!(
        follows(1, &server),
        "server {server} does not follow {who}'s {last}"
    );
    assert!(
        follows(2, &client),
        "client {client} does not follow {who}'s {last}"
    );
    assert_eq!(srl(dir), format!("{client}\n"));
    (json, server, client)
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
    let first = srl_value(&dir);

    // OpenSSL's turn: it continues milvus-cert's ca.srl.
    let x = openssl_signs_ok(&dir, "x");
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
    let (json, server, client) = reinit_continues(&dir, &x, "openssl");
    assert_eq!(
        norm(
            find(&json["files"], "name", "ca.srl")["last_serial"]
                .as_str()
                .unwrap()
        ),
        norm(&client)
    );
    assert_eq!(
        norm(
            find(&json["files"], "name", "server.pem")["certificate"]["serial"]
                .as_str()
                .unwrap()
        ),
        norm(&server)
    );
    verifies_server(&dir, "localhost", "server.pem");
    verifies(&dir, &["-purpose", "sslclient", "client.pem"]);
    verifies(&dir, &["x.pem"]); // OpenSSL's certificate is still valid under the kept CA

    // And OpenSSL again, after milvus-cert.
    let y = openssl_signs_ok(&dir, "y");
    assert_eq!(
        norm(&y),
        hex_add(&client, 1),
        "openssl did not continue milvus-cert's ca.srl"
    );
    assert_eq!(norm(&srl_value(&dir)), norm(&y));
}

#[test]
fn milvus_cert_continues_a_gen_sh_ca() {
    let tmp = gen_sh_tmp();
    let dir = tmp.path();
    for file in INIT_FILES {
        assert!(dir.join(file).is_file(), "gen.sh did not write {file}");
    }
    let gen_last = srl_value(dir);
    assert_eq!(
        norm(&gen_last),
        norm(&serial(dir, "client.pem")),
        "gen.sh's ca.srl"
    );
    let gen_server = fs::read(dir.join("server.pem")).unwrap();
    reinit_continues(dir, &gen_last, "gen.sh");
    assert_ne!(
        fs::read(dir.join("server.pem")).unwrap(),
        gen_server,
        "server.pem not replaced"
    );
    verifies_server(dir, "localhost", "server.pem");
    verifies(dir, &["-purpose", "sslclient", "client.pem"]);
    let name = |file: &str, what: &str| {
        openssl_ok(
            dir,
            &["x509", "-in", file, "-noout", what, "-nameopt", "oneline"],
        )
    };
    let (issuer, ca_subject) = (name("server.pem", "-issuer"), name("ca.pem", "-subject"));
    assert_eq!(
        issuer.trim().strip_prefix("issuer="),
        ca_subject.trim().strip_prefix("subject=")
    );
}

#[test]
fn milvus_cert_continues_a_gen_sh_ca_after_the_leaves_are_deleted() {
    let tmp = gen_sh_tmp();
    let dir = tmp.path();
    let gen_last = srl_value(dir);
    for role in ["server", "client"] {
        for ext in ["key", "csr", "pem"] {
            fs::remove_file(dir.join(format!("{role}.{ext}"))).unwrap();
        }
    }
    // ca.srl is still there, so replacing it needs --force.
    reinit_continues(dir, &gen_last, "gen.sh");
    verifies_server(dir, "localhost", "server.pem");
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
    verifies(&dir, &["-purpose", "sslserver", "server.pem"]);
    verifies(&dir, &["-purpose", "sslclient", "client.pem"]);
    let (x, client) = (openssl_signs_ok(&dir, "x"), norm(&client));
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
        let line = fails(&[&["init", "--dir", s(&dir)][..], extra].concat());
        assert!(line.contains("--force"), "init {extra:?}: {line}");
        let named: Vec<&str> = INIT_FILES
            .iter()
            .copied()
            .filter(|f| line.contains(&format!("{}'", s(&dir.join(f)))))
            .collect();
        assert_eq!(
            named.len(),
            1,
            "the line should name one existing file: {line}"
        );
        assert_eq!(
            snapshot(&dir),
            before,
            "init {extra:?} changed the directory"
        );
    }
    // The refused runs did not disturb the CA: openssl still verifies the old leaves.
    verifies_server(&dir, "localhost", "server.pem");
}
