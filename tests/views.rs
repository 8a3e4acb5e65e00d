//! The one view of a certificate, a key and a CSR (`milvus_cert::view`) says what
//! openssl says about the same files, made by openssl: `openssl x509 -text`,
//! `openssl req -text` and `openssl pkey -text` are the truth, not our parser.

mod common;

use common::{openssl, openssl_ca_sign, openssl_ok};
use milvus_cert::items::{Item, read_items, spki_info};
use milvus_cert::pki::KeySpec;
use milvus_cert::pki::parse::KeyFormat;
use milvus_cert::view::{CertView, CsrView, KeyView};
use std::fs;
use std::net::IpAddr;
use std::path::Path;
use time::OffsetDateTime;

/// The value of `label` in openssl's `-text` output: the rest of its line, or the next
/// line when the label ends its line (extensions).
fn field(text: &str, label: &str) -> Option<String> {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix(label) {
            let rest = rest.trim_start_matches(':').trim();
            if rest.is_empty() || rest == "critical" {
                return lines.next().map(|l| l.trim().to_string());
            }
            return Some(rest.to_string());
        }
    }
    None
}

fn list(value: Option<String>) -> Vec<String> {
    value
        .map(|v| v.split(", ").map(str::to_string).collect())
        .unwrap_or_default()
}

/// openssl's long names for keyUsage and extendedKeyUsage → the view's (OpenSSL's short).
fn usage_name(long: &str) -> String {
    let short = match long {
        "Digital Signature" => "digitalSignature",
        "Non Repudiation" => "nonRepudiation",
        "Key Encipherment" => "keyEncipherment",
        "Data Encipherment" => "dataEncipherment",
        "Key Agreement" => "keyAgreement",
        "Certificate Sign" => "keyCertSign",
        "CRL Sign" => "cRLSign",
        "TLS Web Server Authentication" => "serverAuth",
        "TLS Web Client Authentication" => "clientAuth",
        "Code Signing" => "codeSigning",
        "E-mail Protection" => "emailProtection",
        "Any Extended Key Usage" => "anyExtendedKeyUsage",
        other => other,
    };
    short.to_string()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// `IP Address:0:0:0:0:0:0:0:1` → `IP:::1`, the view's spelling.
fn san_name(openssl: &str) -> String {
    match openssl.strip_prefix("IP Address:") {
        Some(ip) => format!("IP:{}", ip.parse::<IpAddr>().expect("openssl prints an IP")),
        None => openssl.to_string(),
    }
}

fn hex_bytes(colon_hex: &str) -> Vec<u8> {
    let hex = colon_hex.trim_start_matches("keyid:").replace(':', "");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The key as openssl's `-text` describes it.
fn openssl_key(text: &str) -> KeySpec {
    let bits = field(text, "Public-Key")
        .or_else(|| field(text, "Private-Key"))
        .and_then(|b| b.trim_start_matches('(').split(' ').next()?.parse().ok());
    match field(text, "NIST CURVE").as_deref() {
        Some("P-256") => return KeySpec::EcdsaP256,
        Some("P-384") => return KeySpec::EcdsaP384,
        Some("P-521") => return KeySpec::EcdsaP521,
        _ => {}
    }
    if text.contains("ED25519 P") {
        return KeySpec::Ed25519;
    }
    KeySpec::Rsa(bits.expect("an RSA key has a size"))
}

fn date(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Every field of the certificate view against openssl's reading of `file`.
fn assert_cert_view(dir: &Path, file: &str) -> CertView {
    let view = CertView::from_pem(
        &fs::read(dir.join(file)).unwrap(),
        OffsetDateTime::now_utc(),
    )
    .unwrap_or_else(|e| panic!("{file}: {e}"));
    let x509 = |args: &[&str]| openssl_ok(dir, &[&["x509", "-in", file, "-noout"], args].concat());
    let text = x509(&["-text"]);
    let names = x509(&["-subject", "-issuer", "-nameopt", "sep_comma_plus_space"]);
    let info = &view.certificate;
    assert_eq!(
        names,
        format!("subject={}\nissuer={}\n", info.subject, info.issuer)
    );
    assert_eq!(
        x509(&["-serial"]),
        format!("serial={}\n", view.serial.hex())
    );
    assert_eq!(info.serial, view.serial.hex());
    let dates = x509(&["-dates", "-dateopt", "iso_8601"]);
    assert_eq!(
        dates,
        format!(
            "notBefore={}\nnotAfter={}\n",
            date(view.not_before),
            date(view.not_after)
        )
    );
    let fingerprint = x509(&["-fingerprint", "-sha256"]);
    assert_eq!(
        fingerprint.trim().replace(':', "").to_lowercase(),
        format!("sha256 fingerprint={}", info.sha256)
    );
    assert_eq!(
        field(&text, "Version"),
        Some(format!("{} (0x{})", view.version, view.version - 1))
    );
    assert_eq!(
        field(&text, "Signature Algorithm").unwrap(),
        view.signature_algorithm
    );
    assert_eq!(openssl_key(&text), view.key, "{file}");
    let sans: Vec<String> = list(field(&text, "X509v3 Subject Alternative Name"))
        .iter()
        .map(|s| san_name(s))
        .collect();
    assert_eq!(info.sans, sans, "{file}");
    assert_eq!(view.sans, sans);
    assert_eq!(
        view.has_san_extension,
        text.contains("X509v3 Subject Alternative Name")
    );
    let usages = |label| {
        sorted(
            list(field(&text, label))
                .iter()
                .map(|u| usage_name(u))
                .collect(),
        )
    };
    assert_eq!(sorted(view.key_usage.clone()), usages("X509v3 Key Usage"));
    assert_eq!(
        sorted(view.extended_key_usage.clone()),
        usages("X509v3 Extended Key Usage")
    );
    let bc = field(&text, "X509v3 Basic Constraints");
    assert_eq!(view.has_basic_constraints, bc.is_some());
    assert_eq!(
        view.is_ca,
        bc.as_deref().is_some_and(|b| b.starts_with("CA:TRUE"))
    );
    let path_len = bc.and_then(|b| b.split("pathlen:").nth(1).map(|n| n.parse().unwrap()));
    assert_eq!(view.path_len, path_len);
    let skid = field(&text, "X509v3 Subject Key Identifier").map(|h| hex_bytes(&h));
    assert_eq!(view.subject_key_id, skid, "{file}");
    let akid = field(&text, "X509v3 Authority Key Identifier").map(|h| hex_bytes(&h));
    assert_eq!(view.authority_key_id, akid, "{file}");
    view
}

#[test]
fn the_certificate_view_reads_what_openssl_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    openssl_ok(
        d,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "30",
            "-subj",
            "/C=CN/O=milvus/CN=View Test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE,pathlen:1",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    openssl_ok(
        d,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-384",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=localhost",
        ],
    );
    let now = OffsetDateTime::now_utc();
    openssl_ca_sign(
        &d.join("ca.pem"),
        &d.join("ca.key"),
        &d.join("leaf.csr"),
        &d.join("leaf.pem"),
        (now - time::Duration::days(1), now + time::Duration::days(9)),
        "subjectAltName=DNS:localhost,DNS:*.milvus.example,IP:127.0.0.1,IP:::1,email:a@b.example,URI:https://x.example/\n\
         extendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature\n\
         basicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    );
    // An Ed25519 and a P-521 certificate with no extensions at all (x509 -req adds none).
    for (key, alg) in [("ed.key", "ed25519"), ("p521.key", "EC")] {
        let mut args = vec!["genpkey", "-algorithm", alg, "-out", key];
        if alg == "EC" {
            args.extend(["-pkeyopt", "ec_paramgen_curve:P-521"]);
        }
        openssl_ok(d, &args);
        let csr = format!("{key}.csr");
        openssl_ok(
            d,
            &[
                "req", "-new", "-key", key, "-out", &csr, "-subj", "/CN=bare",
            ],
        );
        let pem = key.replace(".key", ".pem");
        openssl_ok(
            d,
            &[
                "x509", "-req", "-in", &csr, "-key", key, "-out", &pem, "-days", "5",
            ],
        );
    }
    let ca = assert_cert_view(d, "ca.pem");
    let leaf = assert_cert_view(d, "leaf.pem");
    let ed = assert_cert_view(d, "ed.pem");
    let p521 = assert_cert_view(d, "p521.pem");
    assert_eq!(
        (ca.key, leaf.key, ed.key, p521.key),
        (
            KeySpec::Rsa(2048),
            KeySpec::EcdsaP384,
            KeySpec::Ed25519,
            KeySpec::EcdsaP521
        )
    );
    assert_eq!(ca.organizations, ["milvus"]);
    assert_eq!(leaf.common_names, ["localhost"]);
    assert_eq!(leaf.default_server_name().as_deref(), Some("localhost"));
    assert!(
        leaf.eku
            .is_some_and(|e| e.server_auth && e.client_auth && !e.any)
    );
    assert!(!ed.has_san_extension && ed.eku.is_none() && ed.key_cert_sign.is_none());
    // Signatures, as `openssl verify` judges them.
    assert!(leaf.is_signed_by(&ca));
    assert!(ed.is_signed_by(&ed));
    assert!(p521.is_signed_by(&p521));
    assert!(!leaf.is_signed_by(&ed) && !ca.is_signed_by(&leaf));
    openssl_ok(d, &["verify", "-CAfile", "ca.pem", "leaf.pem"]);
    assert!(
        !openssl(d, &["verify", "-CAfile", "ed.pem", "leaf.pem"])
            .status
            .success()
    );
    // The key of a certificate is the key of its key file.
    let key = key_view(d, "leaf.key");
    assert_eq!(key.info.unwrap().public.as_ref(), leaf.public_id());
}

fn key_view(dir: &Path, file: &str) -> KeyView {
    let blob = read_items(&fs::read(dir.join(file)).unwrap()).unwrap();
    match blob.items.as_slice() {
        [Item::PrivateKey(key)] => key.clone(),
        [Item::Other { label }, Item::PrivateKey(key)] if label == "EC PARAMETERS" => key.clone(),
        other => panic!("{file}: {other:?}"),
    }
}

#[test]
fn the_key_view_reads_what_openssl_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let make = |args: &[&str]| openssl_ok(d, args);
    make(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:3072",
        "-out",
        "rsa8.key",
    ]);
    make(&["genrsa", "-traditional", "-out", "rsa1.key", "2048"]);
    make(&[
        "ecparam",
        "-name",
        "prime256v1",
        "-genkey",
        "-out",
        "sec1.key",
    ]);
    // A SEC1 key without its public point: the view derives it.
    make(&["ec", "-in", "sec1.key", "-no_public", "-out", "nopub.key"]);
    make(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-out",
        "p384.key",
    ]);
    make(&["genpkey", "-algorithm", "ed25519", "-out", "ed.key"]);
    let cases = [
        ("rsa8.key", KeyFormat::Pkcs8),
        ("rsa1.key", KeyFormat::Pkcs1),
        ("sec1.key", KeyFormat::Sec1),
        ("nopub.key", KeyFormat::Sec1),
        ("p384.key", KeyFormat::Pkcs8),
        ("ed.key", KeyFormat::Pkcs8),
    ];
    for (file, format) in cases {
        let view = key_view(d, file);
        assert_eq!((view.format, view.encrypted), (format, false), "{file}");
        let text = make(&["pkey", "-in", file, "-noout", "-text"]);
        assert_eq!(view.key(), Some(openssl_key(&text)), "{file}");
        // The public half equals the one openssl derives.
        let spki = format!("{file}.spki");
        make(&[
            "pkey", "-in", file, "-pubout", "-outform", "DER", "-out", &spki,
        ]);
        let openssl_public = spki_info(&fs::read(d.join(&spki)).unwrap()).unwrap();
        assert_eq!(view.info.as_ref().ok(), Some(&openssl_public), "{file}");
    }
    // Encrypted: the format is known, the algorithm is not, and nothing leaks.
    make(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-aes256",
        "-pass",
        "pass:x",
        "-out",
        "enc.key",
    ]);
    let enc = key_view(d, "enc.key");
    assert!(enc.encrypted && enc.key().is_none() && enc.problem().is_some());
    assert!(
        !openssl(
            d,
            &["pkey", "-in", "enc.key", "-passin", "pass:y", "-noout"]
        )
        .status
        .success()
    );
    let json = serde_json::to_value(&enc).unwrap();
    assert_eq!(json["format"], "pkcs8");
    assert!(json["key"].is_null());
}

#[test]
fn the_csr_view_reads_what_openssl_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let make = |args: &[&str]| openssl_ok(d, args);
    make(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "a.key",
        "-out",
        "a.csr",
        "-subj",
        "/C=CN/O=milvus/CN=app1",
        "-addext",
        "subjectAltName=DNS:app1.example,IP:10.0.0.7,email:ops@example.com",
        "-addext",
        "keyUsage=digitalSignature,keyEncipherment",
        "-addext",
        "extendedKeyUsage=clientAuth",
    ]);
    make(&[
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "b.key",
        "-out",
        "b.csr",
        "-subj",
        "/CN=sub-ca",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
    ]);
    for (file, asks_ca) in [("a.csr", false), ("b.csr", true)] {
        let der_file = format!("{file}.der");
        make(&["req", "-in", file, "-outform", "DER", "-out", &der_file]);
        let der = fs::read(d.join(&der_file)).unwrap();
        let view = CsrView::from_der(&der).unwrap();
        let text = make(&["req", "-in", file, "-noout", "-text"]);
        let subject = make(&[
            "req",
            "-in",
            file,
            "-noout",
            "-subject",
            "-nameopt",
            "sep_comma_plus_space",
        ]);
        assert_eq!(subject, format!("subject={}\n", view.subject_text));
        assert_eq!(view.subject, view.subject_text);
        let sans: Vec<String> = list(field(&text, "X509v3 Subject Alternative Name"))
            .iter()
            .map(|s| san_name(s))
            .collect();
        assert_eq!(view.sans, sans, "{file}");
        let usages = |label| {
            sorted(
                list(field(&text, label))
                    .iter()
                    .map(|u| usage_name(u))
                    .collect(),
            )
        };
        assert_eq!(sorted(view.key_usage.clone()), usages("X509v3 Key Usage"));
        assert_eq!(
            sorted(view.extended_key_usage.clone()),
            usages("X509v3 Extended Key Usage")
        );
        assert_eq!(view.asks_ca, asks_ca);
        assert_eq!(
            view.asks_ca,
            field(&text, "X509v3 Basic Constraints").is_some_and(|b| b == "CA:TRUE")
        );
        assert_eq!(view.key, Some(openssl_key(&text)));
        assert_eq!(
            field(&text, "Signature Algorithm").unwrap(),
            view.signature_algorithm
        );
        let digest = make(&["dgst", "-sha256", "-r", &der_file]);
        assert_eq!(digest.split(' ').next().unwrap(), view.sha256);
        // The view's signature check agrees with openssl's, on the request and on a
        // copy whose signature's last byte is changed.
        let mut bad = der.clone();
        *bad.last_mut().unwrap() ^= 0x01;
        fs::write(d.join("bad.der"), &bad).unwrap();
        for (bytes, name) in [(&der, der_file.as_str()), (&bad, "bad.der")] {
            // OpenSSL 3.0 exits 0 either way; its message tells.
            let out = openssl(
                d,
                &["req", "-in", name, "-inform", "DER", "-verify", "-noout"],
            );
            let said = String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned();
            let openssl_ok = said.contains("verify OK");
            assert!(openssl_ok || said.contains("verify failure"), "{said}");
            let view = CsrView::from_der(bytes).unwrap();
            assert_eq!(view.signature_valid, openssl_ok, "{name}: {said}");
        }
        assert!(view.signature_valid);
    }
}
