//! Property tests of the parsing layer: arbitrary bytes and mutated valid PEM/DER never
//! panic, and whatever is classified stays consistent.

use milvus_cert::{CertView, CsrView, Item, load_certs, load_key, read_items, spki_info};
use proptest::prelude::*;
use std::sync::OnceLock;
use time::OffsetDateTime;

/// A certificate, its key (PKCS#8) and a CSR, made once.
fn samples() -> &'static (String, String, String) {
    static SAMPLES: OnceLock<(String, String, String)> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let key = rcgen::KeyPair::generate().unwrap();
        let params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        let cert = params.self_signed(&key).unwrap();
        let csr = params.serialize_request(&key).unwrap();
        (cert.pem(), key.serialize_pem(), csr.pem().unwrap())
    })
}

/// Everything the readers derive from `bytes`; must never panic.
fn exercise(bytes: &[u8]) {
    let now = OffsetDateTime::now_utc();
    if let Ok(blob) = read_items(bytes) {
        assert!(!blob.items.is_empty());
        for item in &blob.items {
            match item {
                Item::Certificate(der) => {
                    if let Ok(view) = CertView::from_der(der, now) {
                        let _ = view.public_id();
                    }
                }
                Item::Csr(der) => {
                    let _ = CsrView::from_der(der);
                }
                Item::PrivateKey(key) => {
                    if key.encrypted {
                        assert!(key.info.is_err());
                    }
                }
                Item::Other { label } => assert!(!label.is_empty()),
            }
        }
    }
    let _ = spki_info(bytes);
}

fn mutate(base: &[u8], edits: &[(usize, u8)], cut: usize) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for &(pos, value) in edits {
        if !bytes.is_empty() {
            let i = pos % bytes.len();
            bytes[i] = value;
        }
    }
    bytes.truncate(cut % (bytes.len() + 1));
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        exercise(&bytes);
    }

    #[test]
    fn pem_framing_around_arbitrary_base64_never_panics(
        label in prop::sample::select(vec!["CERTIFICATE", "PRIVATE KEY", "RSA PRIVATE KEY",
            "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "CERTIFICATE REQUEST", "X"]),
        body in "[A-Za-z0-9+/=\n]{0,400}",
    ) {
        let pem = format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n");
        exercise(pem.as_bytes());
    }

    #[test]
    fn mutated_valid_pem_never_panics(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        cut in any::<usize>(),
    ) {
        let (cert, key, csr) = samples();
        let base = [cert, key, csr][which].as_bytes();
        exercise(&mutate(base, &edits, cut));
    }

    #[test]
    fn mutated_valid_der_never_panics(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        cut in any::<usize>(),
    ) {
        let (cert, key, csr) = samples();
        let pem = [cert, key, csr][which];
        let der = match read_items(pem.as_bytes()).unwrap().items.remove(0) {
            Item::Certificate(d) | Item::Csr(d) => d,
            Item::PrivateKey(_) => rustls_pki_types::pem::PemObject::from_pem_slice(pem.as_bytes())
                .map(|k: rustls_pki_types::PrivatePkcs8KeyDer<'static>| k.secret_pkcs8_der().to_vec())
                .unwrap(),
            Item::Other { .. } => unreachable!(),
        };
        exercise(&mutate(&der, &edits, cut));
    }

    #[test]
    fn the_file_loaders_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pem");
        std::fs::write(&path, &bytes).unwrap();
        let _ = load_certs(&path, OffsetDateTime::now_utc());
        let _ = load_key(&path);
    }
}

#[test]
fn the_unmutated_samples_are_read_as_what_they_are() {
    let (cert, key, csr) = samples();
    assert!(matches!(
        read_items(cert.as_bytes()).unwrap().items[..],
        [Item::Certificate(_)]
    ));
    assert!(
        matches!(&read_items(key.as_bytes()).unwrap().items[..], [Item::PrivateKey(k)] if k.info.is_ok())
    );
    assert!(matches!(
        read_items(csr.as_bytes()).unwrap().items[..],
        [Item::Csr(_)]
    ));
}
