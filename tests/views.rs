//! The one view of a certificate, a key and a CSR (`milvus_cert::view`) says what
//! openssl says about the same files, made by openssl: `openssl x509 -text`,
//! `openssl req -text` and `openssl pkey -text` are the truth, not our parser.

mod common;

use common::{openssl, openssl_ca_sign, openssl_ok};
use milvus_cert::{
    CertView, CsrView, Item, KeySpec, KeyView, NameConstraints, Subtree, read_items, spki_info,
};
use std::fs;
use std::net::IpAddr;
use std::path::Path;
use time::OffsetDateTime;

/// Runs `openssl` with the words of `cmd` (no word holds a space) in `dir`.
fn ossl(dir: &Path, cmd: &str) -> String {
    openssl_ok(dir, &cmd.split_whitespace().collect::<Vec<_>>())
}

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

/// openssl's `-dateopt iso_8601` spelling of `t`.
fn date(t: OffsetDateTime) -> String {
    let rfc = t
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    rfc.replace('T', " ")
}

/// openssl's subjectAltNames in `-text`, in the view's spelling.
fn openssl_sans(text: &str) -> Vec<String> {
    let sans = list(field(text, "X509v3 Subject Alternative Name"));
    sans.iter().map(|s| san_name(s)).collect()
}

/// The view's keyUsage and extendedKeyUsage are openssl's (in `-text`), in any order.
fn assert_usages(text: &str, key_usage: &[String], extended: &[String]) {
    let openssl = |label| {
        sorted(
            list(field(text, label))
                .iter()
                .map(|u| usage_name(u))
                .collect(),
        )
    };
    assert_eq!(sorted(key_usage.to_vec()), openssl("X509v3 Key Usage"));
    assert_eq!(
        sorted(extended.to_vec()),
        openssl("X509v3 Extended Key Usage")
    );
}

/// openssl's nameConstraints in `-text`: (permitted, excluded) as `DNS:x`, `IP:a/m`.
fn openssl_name_constraints(text: &str) -> Option<(Vec<String>, Vec<String>)> {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.contains("X509v3 Name Constraints"));
    lines.next()?;
    let (mut permitted, mut excluded, mut now_excluded) = (Vec::new(), Vec::new(), false);
    for line in lines.map(str::trim) {
        match line {
            "Permitted:" => now_excluded = false,
            "Excluded:" => now_excluded = true,
            l if l.starts_with("DNS:") || l.starts_with("IP:") => match now_excluded {
                true => excluded.push(l.to_string()),
                false => permitted.push(l.to_string()),
            },
            _ => break,
        }
    }
    Some((permitted, excluded))
}

/// The view's nameConstraints, spelled as openssl's.
fn view_name_constraints(nc: &NameConstraints) -> (Vec<String>, Vec<String>) {
    let ip = |b: &[u8]| match b.len() {
        4 => IpAddr::from(<[u8; 4]>::try_from(b).unwrap()).to_string(),
        _ => IpAddr::from(<[u8; 16]>::try_from(b).unwrap()).to_string(),
    };
    let text = |trees: &[Subtree]| -> Vec<String> {
        let one = |t: &Subtree| match t {
            Subtree::Dns(d) => format!("DNS:{d}"),
            Subtree::Ip(a, m) => format!("IP:{}/{}", ip(a), ip(m)),
            Subtree::Other => "other".to_string(),
        };
        trees.iter().map(one).collect()
    };
    (text(&nc.permitted), text(&nc.excluded))
}

/// Every field of the certificate view against openssl's reading of `file`.
fn assert_cert_view(dir: &Path, file: &str) -> CertView {
    let pem = fs::read(dir.join(file)).unwrap();
    let view = CertView::from_pem(&pem, OffsetDateTime::now_utc()).unwrap();
    let x509 = |args: &str| ossl(dir, &format!("x509 -in {file} -noout {args}"));
    let text = x509("-text");
    let (info, serial) = (&view.certificate, view.serial.hex());
    let names = format!("subject={}\nissuer={}\n", info.subject, info.issuer);
    assert_eq!(
        x509("-subject -issuer -nameopt sep_comma_plus_space"),
        names
    );
    assert_eq!(
        (x509("-serial"), &info.serial),
        (format!("serial={serial}\n"), &serial)
    );
    let dates = format!(
        "notBefore={}\nnotAfter={}\n",
        date(view.not_before),
        date(view.not_after)
    );
    assert_eq!(x509("-dates -dateopt iso_8601"), dates);
    let fingerprint = x509("-fingerprint -sha256")
        .trim()
        .replace(':', "")
        .to_lowercase();
    assert_eq!(fingerprint, format!("sha256 fingerprint={}", info.sha256));
    let version = format!("{} (0x{})", view.version, view.version - 1);
    assert_eq!(field(&text, "Version"), Some(version));
    assert_eq!(
        field(&text, "Signature Algorithm").unwrap(),
        view.signature_algorithm
    );
    assert_eq!(openssl_key(&text), view.key, "{file}");
    assert_eq!(
        (&info.sans, &view.sans),
        (&openssl_sans(&text), &openssl_sans(&text))
    );
    assert_eq!(
        view.has_san_extension,
        text.contains("X509v3 Subject Alternative Name")
    );
    assert_usages(&text, &view.key_usage, &view.extended_key_usage);
    let bc = field(&text, "X509v3 Basic Constraints");
    assert_eq!(view.has_basic_constraints, bc.is_some());
    assert_eq!(
        view.is_ca,
        bc.as_deref().is_some_and(|b| b.starts_with("CA:TRUE"))
    );
    let path_len = bc.and_then(|b| b.split("pathlen:").nth(1).map(|n| n.parse().unwrap()));
    assert_eq!(view.path_len, path_len);
    let critical = text
        .lines()
        .filter(|l| l.trim_end().ends_with(": critical"));
    assert_eq!(view.critical_extensions.len(), critical.count(), "{file}");
    let nc = view.name_constraints.as_ref().map(view_name_constraints);
    assert_eq!(nc, openssl_name_constraints(&text), "{file}");
    let key_id = |label| field(&text, label).map(|h| hex_bytes(&h));
    assert_eq!(view.subject_key_id, key_id("X509v3 Subject Key Identifier"));
    assert_eq!(
        view.authority_key_id,
        key_id("X509v3 Authority Key Identifier")
    );
    view
}

#[test]
fn the_certificate_view_reads_what_openssl_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ossl(
        d,
        "req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 \
              -subj /C=CN/O=milvus/CN=ViewTestCA -addext basicConstraints=critical,CA:TRUE,pathlen:1 \
              -addext keyUsage=critical,keyCertSign,cRLSign",
    );
    ossl(
        d,
        "req -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout leaf.key \
              -out leaf.csr -subj /CN=localhost",
    );
    let now = OffsetDateTime::now_utc();
    openssl_ca_sign(
        &d.join("ca.pem"),
        &d.join("ca.key"),
        &d.join("leaf.csr"),
        &d.join("leaf.pem"),
        (now - time::Duration::days(1), now + time::Duration::days(9)),
        "subjectAltName=DNS:localhost,DNS:*.milvus.example,IP:127.0.0.1,IP:::1,\
         email:a@b.example,URI:https://x.example/\nextendedKeyUsage=serverAuth,clientAuth\n\
         keyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    );
    // An Ed25519 and a P-521 certificate with no extensions at all (x509 -req adds none).
    ossl(d, "genpkey -algorithm ed25519 -out ed.key");
    ossl(
        d,
        "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out p521.key",
    );
    for name in ["ed", "p521"] {
        ossl(
            d,
            &format!("req -new -key {name}.key -out {name}.csr -subj /CN=bare"),
        );
        ossl(
            d,
            &format!("x509 -req -in {name}.csr -key {name}.key -out {name}.pem -days 5"),
        );
    }
    ossl(
        d,
        "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout nc.key \
              -out nc.pem -days 5 -subj /CN=nc -addext nameConstraints=critical,\
              permitted;DNS:.milvus.example,permitted;IP:10.0.0.0/255.0.0.0,excluded;DNS:bad.milvus.example",
    );
    let nc = assert_cert_view(d, "nc.pem");
    assert_eq!(
        nc.name_constraints
            .map(|n| (n.permitted.len(), n.excluded.len())),
        Some((2, 1))
    );
    assert_eq!(nc.critical_extensions, ["2.5.29.19", "2.5.29.30"]);
    let [ca, leaf, ed, p521] =
        ["ca.pem", "leaf.pem", "ed.pem", "p521.pem"].map(|f| assert_cert_view(d, f));
    let keys = [ca.key, leaf.key, ed.key, p521.key];
    assert_eq!(
        keys,
        [
            KeySpec::Rsa(2048),
            KeySpec::EcdsaP384,
            KeySpec::Ed25519,
            KeySpec::EcdsaP521
        ]
    );
    assert_eq!(
        (&ca.organizations[..], &leaf.common_names[..]),
        (&["milvus".to_string()][..], &["localhost".to_string()][..])
    );
    assert_eq!(leaf.default_server_name().as_deref(), Some("localhost"));
    assert!(
        leaf.eku
            .is_some_and(|e| e.server_auth && e.client_auth && !e.any)
    );
    assert!(!ed.has_san_extension && ed.eku.is_none() && ed.key_cert_sign.is_none());
    // Signatures, as `openssl verify` judges them.
    assert!(leaf.is_signed_by(&ca) && ed.is_signed_by(&ed) && p521.is_signed_by(&p521));
    assert!(!leaf.is_signed_by(&ed) && !ca.is_signed_by(&leaf));
    ossl(d, "verify -CAfile ca.pem leaf.pem");
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
    ossl(
        d,
        "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out rsa8.key",
    );
    ossl(d, "genrsa -traditional -out rsa1.key 2048");
    ossl(d, "ecparam -name prime256v1 -genkey -out sec1.key");
    // A SEC1 key without its public point: the view derives it.
    ossl(d, "ec -in sec1.key -no_public -out nopub.key");
    ossl(
        d,
        "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.key",
    );
    ossl(d, "genpkey -algorithm ed25519 -out ed.key");
    let cases = [
        ("rsa8.key", "pkcs8"),
        ("rsa1.key", "pkcs1"),
        ("sec1.key", "sec1"),
        ("nopub.key", "sec1"),
        ("p384.key", "pkcs8"),
        ("ed.key", "pkcs8"),
    ];
    for (file, format) in cases {
        let view = key_view(d, file);
        assert_eq!(
            (view.format.name(), view.encrypted),
            (format, false),
            "{file}"
        );
        let text = ossl(d, &format!("pkey -in {file} -noout -text"));
        assert_eq!(view.key(), Some(openssl_key(&text)), "{file}");
        // The public half equals the one openssl derives.
        ossl(
            d,
            &format!("pkey -in {file} -pubout -outform DER -out {file}.spki"),
        );
        let spki = fs::read(d.join(format!("{file}.spki"))).unwrap();
        assert_eq!(view.info.as_ref().ok(), spki_info(&spki).as_ref(), "{file}");
    }
    // Encrypted: the format is known, the algorithm is not, and nothing leaks.
    ossl(
        d,
        "genpkey -algorithm RSA -aes256 -pass pass:x -out enc.key",
    );
    let enc = key_view(d, "enc.key");
    assert!(enc.encrypted && enc.key().is_none() && enc.problem().is_some());
    let wrong = ["pkey", "-in", "enc.key", "-passin", "pass:y", "-noout"];
    assert!(!openssl(d, &wrong).status.success());
    let json = serde_json::to_value(&enc).unwrap();
    assert!(json["format"] == "pkcs8" && json["key"].is_null());
}

#[test]
fn the_csr_view_reads_what_openssl_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ossl(
        d,
        "req -new -newkey rsa:2048 -nodes -keyout a.key -out a.csr -subj /C=CN/O=milvus/CN=app1 \
              -addext subjectAltName=DNS:app1.example,IP:10.0.0.7,email:ops@example.com \
              -addext keyUsage=digitalSignature,keyEncipherment -addext extendedKeyUsage=clientAuth",
    );
    ossl(
        d,
        "req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout b.key -out b.csr \
              -subj /CN=sub-ca -addext basicConstraints=critical,CA:TRUE",
    );
    for (file, asks_ca) in [("a.csr", false), ("b.csr", true)] {
        ossl(d, &format!("req -in {file} -outform DER -out {file}.der"));
        let der = fs::read(d.join(format!("{file}.der"))).unwrap();
        let view = CsrView::from_der(&der).unwrap();
        let text = ossl(d, &format!("req -in {file} -noout -text"));
        let subject = ossl(
            d,
            &format!("req -in {file} -noout -subject -nameopt sep_comma_plus_space"),
        );
        assert_eq!(subject, format!("subject={}\n", view.subject_text));
        assert_eq!(
            (&view.subject, &view.sans),
            (&view.subject_text, &openssl_sans(&text))
        );
        assert_usages(&text, &view.key_usage, &view.extended_key_usage);
        let bc = field(&text, "X509v3 Basic Constraints");
        assert_eq!(
            (view.asks_ca, asks_ca),
            (bc.as_deref() == Some("CA:TRUE"), asks_ca)
        );
        assert_eq!(view.key, Some(openssl_key(&text)));
        assert_eq!(
            field(&text, "Signature Algorithm").unwrap(),
            view.signature_algorithm
        );
        let digest = ossl(d, &format!("dgst -sha256 -r {file}.der"));
        assert_eq!(digest.split(' ').next().unwrap(), view.sha256);
        assert_signature_check(d, &der);
    }
}

/// The CSR view's signature check agrees with openssl's, on the request and on a copy
/// whose signature's last byte is changed.
fn assert_signature_check(d: &Path, der: &[u8]) {
    let mut bad = der.to_vec();
    *bad.last_mut().unwrap() ^= 0x01;
    for (bytes, good) in [(der, true), (&bad[..], false)] {
        fs::write(d.join("check.der"), bytes).unwrap();
        // OpenSSL 3.0 exits 0 either way; its message tells.
        let out = openssl(
            d,
            &[
                "req",
                "-in",
                "check.der",
                "-inform",
                "DER",
                "-verify",
                "-noout",
            ],
        );
        let said = String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned();
        let verified = said.contains("verify OK");
        assert!(verified || said.contains("verify failure"), "{said}");
        assert_eq!(
            (verified, CsrView::from_der(bytes).unwrap().signature_valid),
            (good, good),
            "{said}"
        );
    }
}
