//! One reader for PEM or DER blobs: tells certificates, private keys (and their
//! encoding) and CSRs apart, without ever keeping a key's secret parts in a printable form.
//!
//! The PEM scanner is our own (not rustls-pki-types') so a truncated block, an unknown
//! label or an encrypted key becomes a precise finding instead of "nothing found".

use crate::certdir::view::KeyView;
use crate::pki::keyinfo::key_info;
use crate::pki::parse::KeyFormat;
use base64::Engine;
use pkcs8::AlgorithmIdentifierRef;
use pkcs8::der::asn1::OctetStringRef;
use pkcs8::der::{AnyRef, Decode, Reader};
use std::fmt;
use x509_parser::prelude::{FromDer, X509Certificate, X509CertificationRequest};

/// How a blob was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// Base64 between `-----BEGIN …-----` lines.
    Pem,
    /// Raw DER.
    Der,
}

/// One thing found in a blob.
#[derive(Debug, Clone)]
pub enum Item {
    /// An X.509 certificate (DER; may still fail to parse as X.509).
    Certificate(Vec<u8>),
    /// A private key.
    PrivateKey(KeyView),
    /// A PKCS#10 certificate signing request (DER).
    Csr(Vec<u8>),
    /// A PEM block of another kind (`EC PARAMETERS`, `PUBLIC KEY`, …).
    Other {
        /// The PEM label.
        label: String,
    },
}

impl Item {
    /// What the item is, in words ("a private key").
    pub fn describe(&self) -> String {
        match self {
            Item::Certificate(_) => "a certificate".to_string(),
            Item::PrivateKey(_) => "a private key".to_string(),
            Item::Csr(_) => "a certificate request".to_string(),
            Item::Other { label } => format!("a '{label}' block"),
        }
    }
}

/// Why a blob could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Empty or whitespace only.
    Empty,
    /// PEM framing or base64 is broken (truncated file, bad characters).
    Malformed(String),
    /// Neither PEM nor DER of a certificate, key or CSR.
    Unrecognized,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => f.write_str("the file is empty"),
            ReadError::Malformed(detail) => write!(f, "malformed PEM: {detail}"),
            ReadError::Unrecognized => f.write_str(
                "not a certificate, private key or certificate request (neither PEM nor DER)",
            ),
        }
    }
}

/// Everything in a blob, in file order.
#[derive(Debug, Clone)]
pub struct Blob {
    /// PEM or DER.
    pub encoding: Encoding,
    /// The items.
    pub items: Vec<Item>,
}

/// Reads every certificate, key and CSR in `bytes` (PEM with any number of blocks, or
/// a single DER object). Never panics, whatever the input.
pub fn read_items(bytes: &[u8]) -> Result<Blob, ReadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if find(bytes, b"-----BEGIN ").is_some() {
        return read_pem(bytes).map(|items| Blob {
            encoding: Encoding::Pem,
            items,
        });
    }
    read_der(bytes)
        .map(|item| Blob {
            encoding: Encoding::Der,
            items: vec![item],
        })
        .ok_or(ReadError::Unrecognized)
}

/// The first certificate in PEM `bytes`: the one rule for files whose text is handed on
/// (ca.pem to cert-manager, a CA to sign with). DER is refused, as Milvus wants PEM.
pub fn first_pem_certificate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let none = || "no PEM certificate found (expected BEGIN CERTIFICATE)".to_string();
    let blob = match read_items(bytes) {
        Ok(blob) if blob.encoding == Encoding::Pem => blob,
        Err(e @ ReadError::Malformed(_)) => return Err(e.to_string()),
        _ => return Err(none()),
    };
    blob.items
        .into_iter()
        .find_map(|item| match item {
            Item::Certificate(der) => Some(der),
            _ => None,
        })
        .ok_or_else(none)
}

fn read_pem(bytes: &[u8]) -> Result<Vec<Item>, ReadError> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines().map(str::trim);
    let mut items = Vec::new();
    while let Some(line) = lines.next() {
        let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|rest| rest.strip_suffix("-----"))
        else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut body = String::new();
        let mut encrypted = false;
        let mut closed = false;
        for line in lines.by_ref() {
            if line == end {
                closed = true;
                break;
            }
            if line.starts_with("-----") {
                return Err(ReadError::Malformed(format!(
                    "'{line}' inside the {label} block (expected {end})"
                )));
            }
            if let Some((name, value)) = line.split_once(':') {
                // RFC 1421 headers of legacy OpenSSL keys (Proc-Type, DEK-Info).
                if name == "Proc-Type" && value.contains("ENCRYPTED") {
                    encrypted = true;
                }
                continue;
            }
            body.push_str(line);
        }
        if !closed {
            return Err(ReadError::Malformed(format!(
                "the {label} block has no {end} line (truncated file?)"
            )));
        }
        let der = base64::engine::general_purpose::STANDARD
            .decode(body.as_bytes())
            .map_err(|e| ReadError::Malformed(format!("bad base64 in the {label} block: {e}")))?;
        if der.is_empty() {
            return Err(ReadError::Malformed(format!("the {label} block is empty")));
        }
        items.push(pem_item(label, der, encrypted));
    }
    if items.is_empty() {
        return Err(ReadError::Malformed(
            "a BEGIN line without a complete PEM block".to_string(),
        ));
    }
    Ok(items)
}

fn pem_item(label: &str, der: Vec<u8>, legacy_encrypted: bool) -> Item {
    let key = |format, encrypted: bool| {
        let info = if encrypted {
            Err("the key is encrypted".to_string())
        } else {
            key_info(format, &der)
        };
        Item::PrivateKey(KeyView {
            format,
            encrypted,
            info,
        })
    };
    match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => Item::Certificate(der),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Item::Csr(der),
        "PRIVATE KEY" => key(KeyFormat::Pkcs8, false),
        "ENCRYPTED PRIVATE KEY" => key(KeyFormat::Pkcs8, true),
        "RSA PRIVATE KEY" => key(KeyFormat::Pkcs1, legacy_encrypted),
        "EC PRIVATE KEY" => key(KeyFormat::Sec1, legacy_encrypted),
        other => Item::Other {
            label: other.to_string(),
        },
    }
}

/// A single DER object, when its structure says unambiguously what it is.
fn read_der(bytes: &[u8]) -> Option<Item> {
    if let Ok((rest, _)) = X509Certificate::from_der(bytes)
        && rest.is_empty()
    {
        return Some(Item::Certificate(bytes.to_vec()));
    }
    if let Ok((rest, _)) = X509CertificationRequest::from_der(bytes)
        && rest.is_empty()
    {
        return Some(Item::Csr(bytes.to_vec()));
    }
    if is_encrypted_pkcs8(bytes) {
        return Some(Item::PrivateKey(KeyView {
            format: KeyFormat::Pkcs8,
            encrypted: true,
            info: Err("the key is encrypted".to_string()),
        }));
    }
    for format in [KeyFormat::Pkcs8, KeyFormat::Pkcs1, KeyFormat::Sec1] {
        if let Ok(info) = key_info(format, bytes) {
            return Some(Item::PrivateKey(KeyView {
                format,
                encrypted: false,
                info: Ok(info),
            }));
        }
    }
    None
}

/// EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }, with a PBES2
/// or PKCS#12 PBE algorithm. Read as its two fields rather than as
/// `pkcs8::EncryptedPrivateKeyInfoRef`, whose decoder knows only the schemes pkcs5 can
/// decrypt: OpenSSL's `-v1 PBE-SHA1-3DES` keys would then go unrecognised.
fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    let decoded = AnyRef::from_der(der).and_then(|seq| {
        seq.sequence(|r| {
            let alg: AlgorithmIdentifierRef<'_> = r.decode()?;
            let _: &OctetStringRef = r.decode()?;
            Ok(alg.oid)
        })
    });
    let Ok(oid) = decoded else {
        return false;
    };
    let arc = |prefix: &str| oid.to_string().starts_with(prefix);
    arc("1.2.840.113549.1.5.") || arc("1.2.840.113549.1.12.1.")
}

// --- Key DER, decoded by the RustCrypto pkcs8 / pkcs1 / sec1 / spki crates -----------

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::keyinfo::spki_info;

    fn pem(label: &str, der: &[u8]) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        format!("-----BEGIN {label}-----\n{b64}\n-----END {label}-----\n")
    }

    #[test]
    fn generated_keys_are_classified_and_match_their_spki() {
        for spec in [
            crate::pki::KeySpec::EcdsaP256,
            crate::pki::KeySpec::EcdsaP384,
            crate::pki::KeySpec::Ed25519,
        ] {
            let key = spec.generate().unwrap();
            let blob = read_items(key.pkcs8_pem().as_bytes()).unwrap();
            let [Item::PrivateKey(item)] = blob.items.as_slice() else {
                panic!("{spec}: {blob:?}")
            };
            assert_eq!(item.format, KeyFormat::Pkcs8);
            let info = item.info.clone().unwrap();
            let spki =
                spki_info(&rcgen::PublicKeyData::subject_public_key_info(key.pair())).unwrap();
            assert_eq!(info, spki, "{spec}");
            assert_eq!(info.alg, spec);
        }
    }

    #[test]
    fn broken_pem_is_reported_precisely() {
        assert_eq!(read_items(b"  \n").unwrap_err(), ReadError::Empty);
        assert_eq!(read_items(b"hello").unwrap_err(), ReadError::Unrecognized);
        let truncated = "-----BEGIN CERTIFICATE-----\nMIIB\n";
        assert!(
            matches!(read_items(truncated.as_bytes()), Err(ReadError::Malformed(m)) if m.contains("truncated"))
        );
        let bad = "-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n";
        assert!(matches!(
            read_items(bad.as_bytes()),
            Err(ReadError::Malformed(_))
        ));
        let other = pem("EC PARAMETERS", &[0x06, 0x03, 0x2b, 0x65, 0x70]);
        assert!(
            matches!(&read_items(other.as_bytes()).unwrap().items[..], [Item::Other { label }] if label == "EC PARAMETERS")
        );
    }
}
