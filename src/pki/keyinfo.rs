//! What a key is, read from its DER: algorithm and size ([`KeySpec`]) and public half,
//! for private keys in each encoding and for a SubjectPublicKeyInfo. Used by the PEM/DER
//! reader (`certdir::items`) and by key parsing, so a key made and a key read compare
//! by the same rule.

use super::KeySpec;
use super::parse::KeyFormat;
use pkcs8::ObjectIdentifier;
use pkcs8::der::Decode;
use pkcs8::der::asn1::OctetStringRef;

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
    pub alg: KeySpec,
    /// Public half, when it could be derived.
    pub public: Option<PublicId>,
}

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

/// The algorithm and public half of an unencrypted key in the given encoding.
pub fn key_info(format: KeyFormat, der: &[u8]) -> Result<KeyInfo, String> {
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
        alg: KeySpec::Rsa(bits),
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
        alg: KeySpec::ecdsa(curve),
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
            alg: KeySpec::Ed25519,
            public: public.map(PublicId::Raw),
        });
    }
    Some(KeyInfo {
        alg: KeySpec::Other(oid),
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
            alg: KeySpec::Rsa(bit_len(n)),
            public: Some(PublicId::Rsa(
                n.to_vec(),
                rsa.public_exponent.as_bytes().to_vec(),
            )),
        });
    }
    let alg = if oid == OID_EC {
        KeySpec::ecdsa(info.algorithm.parameters?.decode_as().ok()?)
    } else if oid == OID_ED25519 {
        KeySpec::Ed25519
    } else {
        KeySpec::Other(oid)
    };
    Some(KeyInfo {
        alg,
        public: Some(PublicId::Raw(key.to_vec())),
    })
}
