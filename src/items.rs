//! One reader for PEM or DER blobs: tells certificates, private keys (and their
//! encoding) and CSRs apart, without ever keeping a key's secret parts in a printable form.
//!
//! The PEM scanner is our own (not rustls-pki-types') so a truncated block, an unknown
//! label or an encrypted key becomes a precise finding instead of "nothing found".

use crate::pki::parse::KeyFormat;
use base64::Engine;
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
    let (tag, body, rest) = tlv(bytes)?;
    if tag != SEQUENCE || !rest.is_empty() {
        return None;
    }
    let (first, _, _) = tlv(body)?;
    if first == SEQUENCE && is_encrypted_pkcs8(body) {
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

/// EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier (PBES2 or a PKCS#12 PBE), OCTET STRING }.
fn is_encrypted_pkcs8(body: &[u8]) -> bool {
    let Some((_, alg, rest)) = tlv(body) else {
        return false;
    };
    let Some((OID, oid, _)) = tlv(alg) else {
        return false;
    };
    let pkcs5 = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05];
    let pkcs12_pbe = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01];
    let known = oid.starts_with(&pkcs5) || oid.starts_with(&pkcs12_pbe);
    known && matches!(tlv(rest), Some((OCTET_STRING, _, [])))
}

// --- DER ---------------------------------------------------------------------------

const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const SEQUENCE: u8 = 0x30;

const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// One DER tag-length-value: (tag, value, rest). Definite lengths up to 4 bytes only.
pub(crate) fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

fn strip_zeros(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes[start..].to_vec()
}

fn bit_len(unsigned: &[u8]) -> u32 {
    let n = strip_zeros(unsigned);
    match n.first() {
        None => 0,
        Some(&top) => (n.len() as u32 - 1) * 8 + (8 - top.leading_zeros()),
    }
}

/// Curve name of an EC named-curve OID.
pub(crate) fn curve_name(oid: &[u8]) -> String {
    match oid {
        [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07] => "P-256".to_string(),
        [0x2b, 0x81, 0x04, 0x00, 0x22] => "P-384".to_string(),
        [0x2b, 0x81, 0x04, 0x00, 0x23] => "P-521".to_string(),
        other => oid_string(other),
    }
}

/// Dotted form of a DER OID body.
pub(crate) fn oid_string(oid: &[u8]) -> String {
    x509_parser::der_parser::oid::Oid::new(oid.into()).to_id_string()
}

/// The algorithm and public half of an unencrypted key in the given encoding.
fn key_info(format: KeyFormat, der: &[u8]) -> Result<KeyInfo, String> {
    let bad = |what: &str| Err(format!("not a valid {what} private key"));
    let (tag, body, rest) = match tlv(der) {
        Some(t) => t,
        None => return bad(format_name(format)),
    };
    if tag != SEQUENCE || !rest.is_empty() {
        return bad(format_name(format));
    }
    match format {
        KeyFormat::Pkcs1 => rsa_info(body).ok_or_else(|| "not a valid PKCS#1 RSA key".into()),
        KeyFormat::Sec1 => ec_info(body, None, der).ok_or_else(|| "not a valid SEC1 EC key".into()),
        KeyFormat::Pkcs8 => pkcs8_info(body, der),
    }
}

fn format_name(format: KeyFormat) -> &'static str {
    match format {
        KeyFormat::Pkcs8 => "PKCS#8",
        KeyFormat::Pkcs1 => "PKCS#1",
        KeyFormat::Sec1 => "SEC1",
    }
}

/// RSAPrivateKey: SEQUENCE { version, n, e, d, … }.
fn rsa_info(body: &[u8]) -> Option<KeyInfo> {
    let (INTEGER, _, rest) = tlv(body)? else {
        return None;
    };
    let (INTEGER, n, rest) = tlv(rest)? else {
        return None;
    };
    let (INTEGER, e, rest) = tlv(rest)? else {
        return None;
    };
    let (INTEGER, _, _) = tlv(rest)? else {
        return None;
    };
    let bits = bit_len(n);
    if bits == 0 {
        return None;
    }
    Some(KeyInfo {
        alg: KeyAlg::Rsa { bits },
        public: Some(PublicId::Rsa(strip_zeros(n), strip_zeros(e))),
    })
}

/// ECPrivateKey: SEQUENCE { 1, OCTET STRING key, [0] curve OID?, [1] BIT STRING point? }.
fn ec_info(body: &[u8], curve: Option<&[u8]>, whole: &[u8]) -> Option<KeyInfo> {
    let (INTEGER, _, rest) = tlv(body)? else {
        return None;
    };
    let (OCTET_STRING, secret, mut rest) = tlv(rest)? else {
        return None;
    };
    if secret.is_empty() {
        return None;
    }
    let mut curve = curve.map(<[u8]>::to_vec);
    let mut point = None;
    while !rest.is_empty() {
        let (tag, value, next) = tlv(rest)?;
        match (tag, tlv(value)) {
            (0xa0, Some((OID, oid, _))) => curve = Some(oid.to_vec()),
            (0xa1, Some((BIT_STRING, bits, _))) if bits.len() > 1 => {
                point = Some(bits[1..].to_vec())
            }
            _ => {}
        }
        rest = next;
    }
    let curve = curve_name(&curve?);
    let public = point.map(PublicId::Raw).or_else(|| derived_public(whole));
    Some(KeyInfo {
        alg: KeyAlg::Ec { curve },
        public,
    })
}

/// PrivateKeyInfo / OneAsymmetricKey: SEQUENCE { version, AlgorithmIdentifier,
/// OCTET STRING key, [0] attributes?, [1] public key? }.
fn pkcs8_info(body: &[u8], whole: &[u8]) -> Result<KeyInfo, String> {
    let invalid = || "not a valid PKCS#8 private key".to_string();
    let (INTEGER, _, rest) = tlv(body).ok_or_else(invalid)? else {
        return Err(invalid());
    };
    let (SEQUENCE, alg, rest) = tlv(rest).ok_or_else(invalid)? else {
        return Err(invalid());
    };
    let (OCTET_STRING, inner, mut rest) = tlv(rest).ok_or_else(invalid)? else {
        return Err(invalid());
    };
    let (OID, oid, params) = tlv(alg).ok_or_else(invalid)? else {
        return Err(invalid());
    };
    let mut embedded_public = None;
    while !rest.is_empty() {
        let (tag, value, next) = tlv(rest).ok_or_else(invalid)?;
        if tag == 0x81 && value.len() > 1 {
            embedded_public = Some(value[1..].to_vec());
        }
        rest = next;
    }
    if oid == OID_RSA {
        let (SEQUENCE, rsa, _) = tlv(inner).ok_or_else(invalid)? else {
            return Err(invalid());
        };
        return rsa_info(rsa).ok_or_else(invalid);
    }
    if oid == OID_EC {
        let curve = match tlv(params) {
            Some((OID, curve, _)) => Some(curve),
            _ => None,
        };
        let (SEQUENCE, ec, _) = tlv(inner).ok_or_else(invalid)? else {
            return Err(invalid());
        };
        return ec_info(ec, curve, whole).ok_or_else(invalid);
    }
    if oid == OID_ED25519 {
        let Some((OCTET_STRING, seed, _)) = tlv(inner) else {
            return Err(invalid());
        };
        if seed.len() != 32 {
            return Err(invalid());
        }
        let public = embedded_public.or_else(|| {
            aws_lc_rs::signature::Ed25519KeyPair::from_seed_unchecked(seed)
                .ok()
                .map(|pair| {
                    use aws_lc_rs::signature::KeyPair;
                    pair.public_key().as_ref().to_vec()
                })
        });
        return Ok(KeyInfo {
            alg: KeyAlg::Ed25519,
            public: public.map(PublicId::Raw),
        });
    }
    Ok(KeyInfo {
        alg: KeyAlg::Other {
            oid: oid_string(oid),
        },
        public: None,
    })
}

/// The public point of an EC key whose file does not carry it, computed by aws-lc.
fn derived_public(der: &[u8]) -> Option<PublicId> {
    use rustls_pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer, PrivateSec1KeyDer};
    let pkcs8 = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(der.to_vec()));
    let sec1 = PrivateKeyDer::Sec1(PrivateSec1KeyDer::from(der.to_vec()));
    rcgen::KeyPair::try_from(&pkcs8)
        .or_else(|_| rcgen::KeyPair::try_from(&sec1))
        .ok()
        .map(|pair| PublicId::Raw(rcgen::PublicKeyData::der_bytes(&pair).to_vec()))
}

/// The algorithm and normalised public half of a certificate's or CSR's
/// SubjectPublicKeyInfo (DER).
pub fn spki_info(spki: &[u8]) -> Option<KeyInfo> {
    let (SEQUENCE, body, _) = tlv(spki)? else {
        return None;
    };
    let (SEQUENCE, alg, rest) = tlv(body)? else {
        return None;
    };
    let (BIT_STRING, bits, _) = tlv(rest)? else {
        return None;
    };
    let key = bits.get(1..)?;
    let (OID, oid, params) = tlv(alg)? else {
        return None;
    };
    if oid == OID_RSA {
        let (SEQUENCE, rsa, _) = tlv(key)? else {
            return None;
        };
        let (INTEGER, n, rest) = tlv(rsa)? else {
            return None;
        };
        let (INTEGER, e, _) = tlv(rest)? else {
            return None;
        };
        return Some(KeyInfo {
            alg: KeyAlg::Rsa { bits: bit_len(n) },
            public: Some(PublicId::Rsa(strip_zeros(n), strip_zeros(e))),
        });
    }
    let alg = if oid == OID_EC {
        let (OID, curve, _) = tlv(params)? else {
            return None;
        };
        KeyAlg::Ec {
            curve: curve_name(curve),
        }
    } else if oid == OID_ED25519 {
        KeyAlg::Ed25519
    } else {
        KeyAlg::Other {
            oid: oid_string(oid),
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

    #[test]
    fn tlv_rejects_overlong_lengths() {
        assert_eq!(tlv(&[0x30, 0x85, 1, 1, 1, 1, 1]), None);
        assert_eq!(tlv(&[0x30, 0x82, 0xff]), None);
        assert_eq!(tlv(&[0x30, 0x03, 1]), None);
        assert_eq!(tlv(&[0x02, 0x01, 7]), Some((0x02, &[7u8][..], &[][..])));
    }
}
