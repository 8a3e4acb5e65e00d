//! Key algorithms and key pair generation (rcgen on the aws-lc-rs backend).

use super::parse::KeyFormat;
use anyhow::{Context, Result, anyhow, bail};
use pkcs8::ObjectIdentifier;
use rcgen::{KeyPair, RsaKeySize, SignatureAlgorithm};
use std::fmt;

/// The key algorithms milvus-cert offers. Its `Display` is the CLI spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyType {
    /// RSA (2048, 3072 or 4096 bits): accepted by every Milvus client.
    Rsa,
    /// ECDSA on NIST P-256, signed with SHA-256: small and fast, accepted by every client.
    EcdsaP256,
    /// ECDSA on NIST P-384, signed with SHA-384.
    EcdsaP384,
    /// Ed25519: pymilvus (gRPC C-core) and the Java SDK refuse it; for Go/rustls peers only.
    Ed25519,
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyType::Rsa => "rsa",
            KeyType::EcdsaP256 => "ecdsa-p256",
            KeyType::EcdsaP384 => "ecdsa-p384",
            KeyType::Ed25519 => "ed25519",
        })
    }
}

impl KeyType {
    /// Every key type, in the order help lists them.
    pub const ALL: [KeyType; 4] = [
        KeyType::Rsa,
        KeyType::EcdsaP256,
        KeyType::EcdsaP384,
        KeyType::Ed25519,
    ];
}

impl std::str::FromStr for KeyType {
    type Err = String;

    /// The `Display` spelling, in any case (settings files, `MILVUS_CERT_KEY_TYPE`).
    fn from_str(name: &str) -> Result<KeyType, String> {
        KeyType::ALL
            .into_iter()
            .find(|t| t.to_string().eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("{name:?} is not one of rsa, ecdsa-p256, ecdsa-p384, ed25519"))
    }
}

/// RSA modulus sizes offered; below 2048 is refused by current TLS stacks.
pub const RSA_BITS: [u32; 3] = [2048, 3072, 4096];

/// The one key-algorithm type: what a key is, with its size, for the keys milvus-cert
/// makes and for every key, certificate or CSR it reads. The last three variants are only
/// ever read (from files made elsewhere); [`KeySpec::supported`] refuses them for issuing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeySpec {
    /// RSA with the given modulus size in bits.
    Rsa(u32),
    /// ECDSA P-256 with SHA-256.
    EcdsaP256,
    /// ECDSA P-384 with SHA-384.
    EcdsaP384,
    /// Ed25519.
    Ed25519,
    /// ECDSA on P-521: read, never made.
    EcdsaP521,
    /// ECDSA on another named curve (secp256k1, brainpool…), by curve OID: read, never made.
    Ecdsa(ObjectIdentifier),
    /// Another public key algorithm (DSA, RSA-PSS, X25519…), by OID: read, never made.
    Other(ObjectIdentifier),
}

const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const OID_DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");

impl KeySpec {
    /// The ECDSA key on the named curve `curve`.
    pub fn ecdsa(curve: ObjectIdentifier) -> KeySpec {
        match curve {
            OID_P256 => KeySpec::EcdsaP256,
            OID_P384 => KeySpec::EcdsaP384,
            OID_P521 => KeySpec::EcdsaP521,
            other => KeySpec::Ecdsa(other),
        }
    }

    /// The algorithm family: `rsa`, `ecdsa`, `ed25519`, or the algorithm's OID.
    pub fn family(self) -> String {
        match self {
            KeySpec::Rsa(_) => "rsa".to_string(),
            KeySpec::EcdsaP256 | KeySpec::EcdsaP384 | KeySpec::EcdsaP521 | KeySpec::Ecdsa(_) => {
                "ecdsa".to_string()
            }
            KeySpec::Ed25519 => "ed25519".to_string(),
            KeySpec::Other(oid) => oid.to_string(),
        }
    }

    /// Size in bits (RSA modulus, EC field), when known.
    pub fn bits(self) -> Option<u32> {
        match self {
            KeySpec::Rsa(bits) => Some(bits),
            KeySpec::EcdsaP256 | KeySpec::Ed25519 => Some(256),
            KeySpec::EcdsaP384 => Some(384),
            KeySpec::EcdsaP521 => Some(521),
            KeySpec::Ecdsa(_) | KeySpec::Other(_) => None,
        }
    }

    /// The EC curve: `P-256`, `P-384`, `P-521`, or another curve's OID.
    pub fn curve(self) -> Option<String> {
        match self {
            KeySpec::EcdsaP256 => Some("P-256".to_string()),
            KeySpec::EcdsaP384 => Some("P-384".to_string()),
            KeySpec::EcdsaP521 => Some("P-521".to_string()),
            KeySpec::Ecdsa(oid) => Some(oid.to_string()),
            _ => None,
        }
    }

    /// The key as milvus-cert can issue for: refuses what rcgen cannot sign with or
    /// Milvus clients cannot use, naming what to use instead.
    pub fn supported(self) -> Result<KeySpec> {
        let ecdsa =
            |curve: &str| anyhow!("ECDSA keys on {curve} are not supported (use P-256 or P-384)");
        match self {
            KeySpec::EcdsaP521 => Err(ecdsa("P-521")),
            KeySpec::Ecdsa(OID_SECP256K1) => Err(ecdsa("secp256k1")),
            KeySpec::Ecdsa(oid) => Err(ecdsa(&format!("curve {oid}"))),
            KeySpec::Other(OID_DSA) => {
                bail!("DSA keys are not supported (use RSA 2048+, P-256 or P-384)")
            }
            KeySpec::Other(oid) => bail!("unsupported public key algorithm {oid}"),
            made => Ok(made),
        }
    }

    /// Combines `--key-type` and `--key-bits`, refusing sizes that do not apply.
    pub fn new(key_type: KeyType, bits: Option<u32>) -> Result<Self> {
        match (key_type, bits) {
            (KeyType::Rsa, None) => Ok(KeySpec::Rsa(2048)),
            (KeyType::Rsa, Some(bits)) if RSA_BITS.contains(&bits) => Ok(KeySpec::Rsa(bits)),
            (KeyType::Rsa, Some(bits)) => {
                bail!("--key-bits {bits} is not supported for rsa: use 2048, 3072 or 4096")
            }
            (other, Some(bits)) => {
                bail!("--key-bits {bits} only applies to --key-type rsa ({other} has a fixed size)")
            }
            (KeyType::EcdsaP256, None) => Ok(KeySpec::EcdsaP256),
            (KeyType::EcdsaP384, None) => Ok(KeySpec::EcdsaP384),
            (KeyType::Ed25519, None) => Ok(KeySpec::Ed25519),
        }
    }

    /// The signature algorithm certificates signed by this key use.
    pub fn signature_algorithm(self) -> Result<&'static SignatureAlgorithm> {
        Ok(match self.supported()? {
            KeySpec::Rsa(_) => &rcgen::PKCS_RSA_SHA256,
            KeySpec::EcdsaP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            KeySpec::EcdsaP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            // supported() leaves only Ed25519.
            _ => &rcgen::PKCS_ED25519,
        })
    }

    /// Whether keyEncipherment belongs in keyUsage: only RSA keys can encipher
    /// (RSA key exchange); on EC keys the bit is wrong and some stacks reject it.
    pub fn can_encipher(self) -> bool {
        matches!(self, KeySpec::Rsa(_))
    }

    /// Why this algorithm is risky for Milvus clients, if it is.
    pub fn compatibility_warning(self) -> Option<&'static str> {
        match self {
            KeySpec::Ed25519 => Some(
                "Ed25519 keys are refused by pymilvus (gRPC C-core) and the Java SDK; \
                 use rsa or ecdsa-p256 unless every client is Go or Node",
            ),
            _ => None,
        }
    }

    /// Generates a new key pair. RSA generation is the slow part of `init`.
    pub fn generate(self) -> Result<PrivateKey> {
        let alg = self.signature_algorithm()?;
        let pair = match self {
            KeySpec::Rsa(bits) => {
                let size = match bits {
                    2048 => RsaKeySize::_2048,
                    3072 => RsaKeySize::_3072,
                    4096 => RsaKeySize::_4096,
                    other => bail!("RSA-{other} is not supported"),
                };
                KeyPair::generate_rsa_for(alg, size)
            }
            KeySpec::Ed25519 => KeyPair::generate_for(alg).and_then(ed25519_pkcs8_v1),
            _ => KeyPair::generate_for(alg),
        }
        .with_context(|| format!("failed to generate a {self} key"))?;
        Ok(PrivateKey::from_pair(pair, self))
    }
}

/// DER of a PKCS#8 v2 (RFC 5958) Ed25519 key after the outer SEQUENCE header, up to the
/// 32-byte seed, as aws-lc writes it.
const ED25519_V2_PREFIX: [u8; 14] = [
    0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];
/// The same for PKCS#8 v1 (RFC 8410), which carries no public key.
const ED25519_V1_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// Re-encodes an Ed25519 key as PKCS#8 v1: OpenSSL before 3.5 and most SDKs cannot read
/// the v2 form (with the `[1] publicKey` field) that aws-lc produces.
fn ed25519_pkcs8_v1(pair: KeyPair) -> Result<KeyPair, rcgen::Error> {
    let der = pair.serialize_der();
    if der.len() < 48 || der[0] != 0x30 || der[2..16] != ED25519_V2_PREFIX {
        return Ok(pair);
    }
    let mut v1 = ED25519_V1_PREFIX.to_vec();
    v1.extend_from_slice(&der[16..48]);
    let v1 = rustls_pki_types::PrivatePkcs8KeyDer::from(v1);
    KeyPair::from_pkcs8_der_and_sign_algo(&v1, &rcgen::PKCS_ED25519)
}

impl fmt::Display for KeySpec {
    /// The CLI spelling: `rsa-2048`, `ecdsa-p256`, `ed25519`; `unknown (OID)` otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySpec::Rsa(bits) => write!(f, "rsa-{bits}"),
            KeySpec::EcdsaP256 => f.write_str("ecdsa-p256"),
            KeySpec::EcdsaP384 => f.write_str("ecdsa-p384"),
            KeySpec::EcdsaP521 => f.write_str("ecdsa-p521"),
            KeySpec::Ecdsa(oid) => write!(f, "ecdsa-{oid}"),
            KeySpec::Ed25519 => f.write_str("ed25519"),
            KeySpec::Other(oid) => write!(f, "unknown ({oid})"),
        }
    }
}

impl serde::Serialize for KeySpec {
    /// The key object of every `--json` document: algorithm, bits, curve and CLI name.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Key", 4)?;
        st.serialize_field("algorithm", &self.family())?;
        st.serialize_field("bits", &self.bits())?;
        st.serialize_field("curve", &self.curve())?;
        st.serialize_field("name", &self.to_string())?;
        st.end()
    }
}

/// An rcgen key pair whose copy of the PKCS#8 DER is wiped when it is dropped (rcgen keeps
/// one; aws-lc clears its own key structures when it frees them). It signs as rcgen's
/// `Issuer` needs, so the CA's key is wiped too.
pub struct WipedKeyPair(KeyPair);

impl std::ops::Deref for WipedKeyPair {
    type Target = KeyPair;
    fn deref(&self) -> &KeyPair {
        &self.0
    }
}

impl Drop for WipedKeyPair {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl rcgen::PublicKeyData for WipedKeyPair {
    fn der_bytes(&self) -> &[u8] {
        self.0.der_bytes()
    }
    fn algorithm(&self) -> &'static SignatureAlgorithm {
        self.0.algorithm()
    }
}

impl rcgen::SigningKey for WipedKeyPair {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        self.0.sign(msg)
    }
}

impl fmt::Debug for WipedKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WipedKeyPair").finish_non_exhaustive()
    }
}

/// A private key with its algorithm. `Debug` never shows the key material.
pub struct PrivateKey {
    pair: WipedKeyPair,
    spec: KeySpec,
}

impl PrivateKey {
    /// Wraps a key pair loaded from disk.
    pub fn from_pair(pair: KeyPair, spec: KeySpec) -> Self {
        PrivateKey {
            pair: WipedKeyPair(pair),
            spec,
        }
    }

    /// The same key labelled with `spec` (the algorithm read from a certificate).
    pub fn with_spec(self, spec: KeySpec) -> Self {
        PrivateKey {
            pair: self.pair,
            spec,
        }
    }

    /// The key's algorithm.
    pub fn spec(&self) -> KeySpec {
        self.spec
    }

    /// The rcgen key pair, for signing.
    pub fn pair(&self) -> &KeyPair {
        &self.pair
    }

    /// Gives up the wrapper, for rcgen's `Issuer`, which owns its key.
    pub fn into_pair(self) -> WipedKeyPair {
        self.pair
    }

    /// PKCS#8 PEM (`BEGIN PRIVATE KEY`), the one format every Milvus SDK reads (Java's
    /// Netty accepts nothing else). Only valid for keys this process generated.
    pub fn pkcs8_pem(&self) -> String {
        self.pair.serialize_pem()
    }

    /// The key as PEM in `format` (see [`encode_key`]).
    pub fn pem(&self, format: KeyFormat) -> Result<zeroize::Zeroizing<String>> {
        encode_key(&self.pkcs8_pem(), format)
    }
}

/// Refuses a key format the algorithm has no such encoding in: PKCS#1 is RSA's, SEC1 is
/// ECDSA's.
pub fn check_key_format(format: KeyFormat, spec: KeySpec) -> Result<()> {
    let fits = match format {
        KeyFormat::Pkcs8 => true,
        KeyFormat::Pkcs1 => matches!(spec, KeySpec::Rsa(_)),
        KeyFormat::Sec1 => matches!(spec, KeySpec::EcdsaP256 | KeySpec::EcdsaP384),
    };
    if !fits {
        let (name, only) = match format {
            KeyFormat::Pkcs1 => ("pkcs1", "RSA keys"),
            _ => ("sec1", "ECDSA keys"),
        };
        bail!("--key-format {name} is for {only} only, not {spec}; use --key-format pkcs8");
    }
    Ok(())
}

/// The warning for a key written in a traditional format.
pub fn key_format_warning(format: KeyFormat) -> Option<String> {
    let label = match format {
        KeyFormat::Pkcs8 => return None,
        KeyFormat::Pkcs1 => "PKCS#1 (BEGIN RSA PRIVATE KEY)",
        KeyFormat::Sec1 => "SEC1 (BEGIN EC PRIVATE KEY)",
    };
    Some(format!(
        "keys written as {label}: the Milvus Java SDK (Netty) reads only PKCS#8 keys; pymilvus, Go, Node and curl read both"
    ))
}

/// Re-encodes a PKCS#8 PEM private key in `format`: PKCS#1 is the RSAPrivateKey inside
/// PKCS#8; SEC1 is the ECPrivateKey inside it, with the curve (which PKCS#8 keeps in its
/// AlgorithmIdentifier) written in, as OpenSSL's `BEGIN EC PRIVATE KEY` files have it.
pub fn encode_key(pkcs8_pem: &str, format: KeyFormat) -> Result<zeroize::Zeroizing<String>> {
    use pkcs8::der::{Decode, EncodePem};
    let bad = |e: pkcs8::der::Error| anyhow!("cannot re-encode the key: {e}");
    if format == KeyFormat::Pkcs8 {
        return Ok(pkcs8_pem.to_string().into());
    }
    let (_, der) = pkcs8::der::Document::from_pem(pkcs8_pem).map_err(bad)?;
    let der = zeroize::Zeroizing::new(der.into_vec());
    let info = pkcs8::PrivateKeyInfoRef::from_der(&der).map_err(bad)?;
    let inner = info.private_key.as_bytes();
    let pem = match format {
        KeyFormat::Pkcs1 => pkcs1::RsaPrivateKeyRef::from_der(inner)
            .and_then(|k| k.to_pem(pkcs8::LineEnding::LF))
            .map_err(bad)?,
        _ => {
            let mut key = sec1::EcPrivateKey::from_der(inner).map_err(bad)?;
            if key.parameters.is_none() {
                let curve = info
                    .algorithm
                    .parameters_oid()
                    .map_err(|e| anyhow!("{e}"))?;
                key.parameters = Some(sec1::EcParameters::NamedCurve(curve));
            }
            key.to_pem(pkcs8::LineEnding::LF).map_err(bad)?
        }
    };
    Ok(pem.into())
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_bits_only_apply_to_rsa() {
        assert_eq!(
            KeySpec::new(KeyType::Rsa, None).unwrap(),
            KeySpec::Rsa(2048)
        );
        assert_eq!(
            KeySpec::new(KeyType::Rsa, Some(4096)).unwrap(),
            KeySpec::Rsa(4096)
        );
        let err = KeySpec::new(KeyType::Rsa, Some(1024))
            .unwrap_err()
            .to_string();
        assert!(err.contains("2048, 3072 or 4096"), "{err}");
        let err = KeySpec::new(KeyType::EcdsaP256, Some(2048))
            .unwrap_err()
            .to_string();
        assert!(err.contains("only applies to --key-type rsa"), "{err}");
    }

    #[test]
    fn generated_keys_are_pkcs8_and_debug_hides_them() {
        let key = KeySpec::EcdsaP256.generate().unwrap();
        let pem = key.pkcs8_pem();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let debug = format!("{key:?}");
        assert!(
            !debug.contains("BEGIN") && debug.contains("EcdsaP256"),
            "{debug}"
        );
    }

    #[test]
    fn read_only_algorithms_are_named_and_refused_for_issuing() {
        let k1 = KeySpec::ecdsa(OID_SECP256K1);
        let dsa = KeySpec::Other(OID_DSA);
        let names = [KeySpec::EcdsaP521, k1, dsa].map(|k| k.to_string());
        assert_eq!(
            names,
            [
                "ecdsa-p521",
                "ecdsa-1.3.132.0.10",
                "unknown (1.2.840.10040.4.1)"
            ]
        );
        for (key, named) in [
            (KeySpec::EcdsaP521, "P-521"),
            (k1, "secp256k1"),
            (dsa, "DSA"),
        ] {
            let err = key.supported().unwrap_err().to_string();
            assert!(err.contains(named), "{err}");
            assert!(key.generate().is_err());
        }
        assert_eq!(KeySpec::ecdsa(OID_P384), KeySpec::EcdsaP384);
        assert_eq!(KeySpec::Ed25519.supported().unwrap(), KeySpec::Ed25519);
    }

    #[test]
    fn a_key_serializes_as_the_one_key_object() {
        let json = |k: KeySpec| serde_json::to_string(&k).unwrap();
        assert_eq!(
            json(KeySpec::Rsa(3072)),
            r#"{"algorithm":"rsa","bits":3072,"curve":null,"name":"rsa-3072"}"#
        );
        assert_eq!(
            json(KeySpec::EcdsaP256),
            r#"{"algorithm":"ecdsa","bits":256,"curve":"P-256","name":"ecdsa-p256"}"#
        );
        assert_eq!(
            json(KeySpec::Other(OID_DSA)),
            r#"{"algorithm":"1.2.840.10040.4.1","bits":null,"curve":null,"name":"unknown (1.2.840.10040.4.1)"}"#
        );
    }

    #[test]
    fn only_ed25519_carries_a_warning() {
        assert!(KeySpec::Ed25519.compatibility_warning().is_some());
        assert!(KeySpec::Rsa(2048).compatibility_warning().is_none());
        assert!(KeySpec::EcdsaP384.compatibility_warning().is_none());
    }

    #[test]
    fn the_wiped_key_pair_clears_rcgen_s_copy_of_the_key() {
        let mut pair = KeySpec::EcdsaP256.generate().unwrap().into_pair();
        assert!(!pair.serialize_der().is_empty());
        // What Drop does; rcgen's Zeroize clears the PKCS#8 DER it keeps.
        zeroize::Zeroize::zeroize(&mut pair.0);
        assert!(pair.serialize_der().iter().all(|b| *b == 0));
    }
}
