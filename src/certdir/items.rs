//! One reader for PEM or DER blobs: tells certificates, private keys (and their
//! encoding) and CSRs apart, without ever keeping a key's secret parts in a printable form.
//!
//! The PEM scanner is our own (not rustls-pki-types') so a truncated block, an unknown
//! label or an encrypted key becomes a precise finding instead of "nothing found".

use crate::pki::parse::KeyFormat;
use base64::Engine;
use pkcs8::der::asn1::OctetStringRef;
use pkcs8::der::{AnyRef, Decode, Reader};
use pkcs8::{AlgorithmIdentifierRef, ObjectIdentifier};
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
    PrivateKey(KeyItem),
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

/// A private key: its encoding and, unless encrypted, what it is. `Debug` hides the key.
#[derive(Clone)]
pub struct KeyItem {
    /// PKCS#8, PKCS#1 or SEC1.
    pub format: KeyFormat,
    /// Encrypted with a passphrase (PKCS#8 `ENCRYPTED PRIVATE KEY` or a legacy
    /// `Proc-Type: 4,ENCRYPTED` PEM header).
    pub encrypted: bool,
    /// The algorithm and public half, or why they could not be read (always an error
    /// for encrypted keys).
    pub info: Result<KeyInfo, String>,
}

impl fmt::Debug for KeyItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyItem")
            .field("format", &self.format)
            .field("encrypted", &self.encrypted)
            .field("info", &self.info)
            .finish()
    }
}

/// A key algorithm, with its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyAlg {
    /// RSA with a modulus of `bits` bits.
    Rsa {
        /// Modulus size.
        bits: u32,
    },
    /// ECDSA on a named curve (`P-256`, `P-384`, `P-521`, or the curve's OID).
    Ec {
        /// Curve name.
        curve: String,
    },
    /// Ed25519.
    Ed25519,
    /// Anything else, by OID.
    Other {
        /// Dotted OID.
        oid: String,
    },
}

impl KeyAlg {
    /// CLI-style name: `rsa-2048`, `ecdsa-p256`, `ed25519`.
    pub fn name(&self) -> String {
        match self {
            KeyAlg::Rsa { bits } => format!("rsa-{bits}"),
            KeyAlg::Ec { curve } => format!("ecdsa-{}", curve.replace('-', "").to_lowercase()),
            KeyAlg::Ed25519 => "ed25519".to_string(),
            KeyAlg::Other { oid } => format!("unknown ({oid})"),
        }
    }
}

/// The public half of a key, normalised so a private key and a certificate's
/// SubjectPublicKeyInfo compare equal exactly when they are the same key pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicId {
    /// RSA modulus and exponent, without leading zero bytes.
    Rsa(Vec<u8>, Vec<u8>),
    /// EC point or Ed25519 key bytes.
    Raw(Vec<u8>),
}

/// What an unencrypted private key is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// Algorithm and size.
    pub alg: KeyAlg,
    /// Public half, when it could be derived.
    pub public: Option<PublicId>,
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
        Item::PrivateKey(KeyItem {
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
        return Some(Item::PrivateKey(KeyItem {
            format: KeyFormat::Pkcs8,
            encrypted: true,
            info: Err("the key is encrypted".to_string()),
        }));
    }
    for format in [KeyFormat::Pkcs8, KeyFormat::Pkcs1, KeyFormat::Sec1] {
        if let Ok(info) = key_info(format, bytes) {
            return Some(Item::PrivateKey(KeyItem {
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

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

fn bit_len(unsigned: &[u8]) -> u32 {
    let start = unsigned
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(unsigned.len());
    match unsigned[start..].first() {
        None => 0,
        Some(&top) => (unsigned.len() - start - 1) as u32 * 8 + (8 - top.leading_zeros()),
    }
}

/// Curve name of an EC named curve.
fn curve_name(oid: ObjectIdentifier) -> String {
    match oid.to_string().as_str() {
        "1.2.840.10045.3.1.7" => "P-256".to_string(),
        "1.3.132.0.34" => "P-384".to_string(),
        "1.3.132.0.35" => "P-521".to_string(),
        other => other.to_string(),
    }
}

/// The algorithm and public half of an unencrypted key in the given encoding.
fn key_info(format: KeyFormat, der: &[u8]) -> Result<KeyInfo, String> {
    match format {
        KeyFormat::Pkcs1 => rsa_info(der).ok_or_else(|| "not a valid PKCS#1 RSA key".into()),
        KeyFormat::Sec1 => ec_info(der, None).ok_or_else(|| "not a valid SEC1 EC key".into()),
        KeyFormat::Pkcs8 => pkcs8_info(der).ok_or_else(|| "not a valid PKCS#8 private key".into()),
    }
}

/// RSAPrivateKey (PKCS#1).
fn rsa_info(der: &[u8]) -> Option<KeyInfo> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(der).ok()?;
    let n = key.modulus.as_bytes();
    let bits = bit_len(n);
    (bits > 0).then(|| KeyInfo {
        alg: KeyAlg::Rsa { bits },
        public: Some(PublicId::Rsa(
            n.to_vec(),
            key.public_exponent.as_bytes().to_vec(),
        )),
    })
}

/// ECPrivateKey (SEC1), its curve from the key itself or from PKCS#8's algorithm.
fn ec_info(der: &[u8], outer_curve: Option<ObjectIdentifier>) -> Option<KeyInfo> {
    let key = sec1::EcPrivateKey::try_from(der).ok()?;
    if key.private_key.is_empty() {
        return None;
    }
    let curve = key
        .parameters
        .and_then(sec1::EcParameters::named_curve)
        .or(outer_curve)?;
    let public = match key.public_key {
        Some(point) => Some(PublicId::Raw(point.to_vec())),
        None => derived_public(der, curve),
    };
    Some(KeyInfo {
        alg: KeyAlg::Ec {
            curve: curve_name(curve),
        },
        public,
    })
}

/// PrivateKeyInfo / OneAsymmetricKey (PKCS#8).
fn pkcs8_info(der: &[u8]) -> Option<KeyInfo> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).ok()?;
    let inner = info.private_key.as_bytes();
    let oid = info.algorithm.oid;
    if oid == OID_RSA {
        return rsa_info(inner);
    }
    if oid == OID_EC {
        let curve = info.algorithm.parameters.and_then(|p| p.decode_as().ok());
        return ec_info(inner, curve);
    }
    if oid == OID_ED25519 {
        // CurvePrivateKey ::= OCTET STRING, inside the privateKey OCTET STRING.
        let seed = <&OctetStringRef>::from_der(inner).ok()?.as_bytes();
        if seed.len() != 32 {
            return None;
        }
        let public = match info.public_key.and_then(|k| k.as_bytes()) {
            Some(embedded) => Some(embedded.to_vec()),
            None => ed25519_public(seed),
        };
        return Some(KeyInfo {
            alg: KeyAlg::Ed25519,
            public: public.map(PublicId::Raw),
        });
    }
    Some(KeyInfo {
        alg: KeyAlg::Other {
            oid: oid.to_string(),
        },
        public: None,
    })
}

fn ed25519_public(seed: &[u8]) -> Option<Vec<u8>> {
    use aws_lc_rs::signature::KeyPair;
    let pair = aws_lc_rs::signature::Ed25519KeyPair::from_seed_unchecked(seed).ok()?;
    Some(pair.public_key().as_ref().to_vec())
}

/// The public point of an EC key whose file does not carry it, computed by aws-lc from
/// the key re-wrapped as a SEC1 key that names its curve.
fn derived_public(der: &[u8], curve: ObjectIdentifier) -> Option<PublicId> {
    use pkcs8::der::Encode;
    use rustls_pki_types::{PrivateKeyDer, PrivateSec1KeyDer};
    let mut key = sec1::EcPrivateKey::try_from(der).ok()?;
    key.parameters = Some(sec1::EcParameters::NamedCurve(curve));
    let sec1 = zeroize::Zeroizing::new(key.to_der().ok()?);
    let sec1 = PrivateKeyDer::Sec1(PrivateSec1KeyDer::from(sec1.to_vec()));
    let pair = rcgen::KeyPair::try_from(&sec1).ok()?;
    Some(PublicId::Raw(
        rcgen::PublicKeyData::der_bytes(&pair).to_vec(),
    ))
}

/// The algorithm and normalised public half of a certificate's or CSR's
/// SubjectPublicKeyInfo (DER).
pub fn spki_info(spki: &[u8]) -> Option<KeyInfo> {
    let info = spki::SubjectPublicKeyInfoRef::from_der(spki).ok()?;
    let key = info.subject_public_key.as_bytes()?;
    let oid = info.algorithm.oid;
    if oid == OID_RSA {
        let rsa = pkcs1::RsaPublicKey::<pkcs1::UintRef<'_>>::from_der(key).ok()?;
        let n = rsa.modulus.as_bytes();
        return Some(KeyInfo {
            alg: KeyAlg::Rsa { bits: bit_len(n) },
            public: Some(PublicId::Rsa(
                n.to_vec(),
                rsa.public_exponent.as_bytes().to_vec(),
            )),
        });
    }
    let alg = if oid == OID_EC {
        let curve: ObjectIdentifier = info.algorithm.parameters?.decode_as().ok()?;
        KeyAlg::Ec {
            curve: curve_name(curve),
        }
    } else if oid == OID_ED25519 {
        KeyAlg::Ed25519
    } else {
        KeyAlg::Other {
            oid: oid.to_string(),
        }
    };
    Some(KeyInfo {
        alg,
        public: Some(PublicId::Raw(key.to_vec())),
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(info.alg.name(), spec.to_string());
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
