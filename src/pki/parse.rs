//! Parsing PEM keys and certificates made by milvus-cert or by OpenSSL, in memory.

use super::cert::Ca;
use super::keys::{KeySpec, PrivateKey};
use anyhow::{Context, Result, anyhow, bail};
use rcgen::{KeyPair, PublicKeyData};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;
use x509_parser::x509::SubjectPublicKeyInfo;

/// How a private key file is encoded. Java's Netty reads only PKCS#8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyFormat {
    /// `BEGIN PRIVATE KEY` (RFC 5958), for every algorithm; the Java SDK needs it.
    #[default]
    Pkcs8,
    /// `BEGIN RSA PRIVATE KEY` (`openssl genrsa` before 3.0), RSA only.
    Pkcs1,
    /// `BEGIN EC PRIVATE KEY` (`openssl ecparam -genkey`), ECDSA only.
    Sec1,
}

impl KeyFormat {
    /// The CLI and JSON spelling (`pkcs8`, `pkcs1`, `sec1`).
    pub fn name(self) -> &'static str {
        match self {
            KeyFormat::Pkcs8 => "pkcs8",
            KeyFormat::Pkcs1 => "pkcs1",
            KeyFormat::Sec1 => "sec1",
        }
    }
}

/// A private key read from PEM text, with its on-disk format.
#[derive(Debug)]
pub struct ParsedKey {
    /// The key, ready to sign.
    pub key: PrivateKey,
    /// Its encoding in the file.
    pub format: KeyFormat,
}

/// Parses a PEM private key in PKCS#8, PKCS#1 or SEC1. Encrypted keys are refused by name.
pub fn parse_private_key(pem: &[u8]) -> Result<ParsedKey> {
    if contains(pem, b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
        || contains(pem, b"Proc-Type: 4,ENCRYPTED")
    {
        bail!(
            "the private key is encrypted; decrypt it first (openssl pkey -in KEY -out KEY.plain)"
        );
    }
    let der = PrivateKeyDer::from_pem_slice(pem).map_err(|e| match e {
        rustls_pki_types::pem::Error::NoItemsFound => anyhow!(
            "no PEM private key found (expected BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)"
        ),
        other => anyhow!("malformed PEM: {other}"),
    })?;
    let format = match &der {
        PrivateKeyDer::Pkcs8(_) => KeyFormat::Pkcs8,
        PrivateKeyDer::Pkcs1(_) => KeyFormat::Pkcs1,
        PrivateKeyDer::Sec1(_) => KeyFormat::Sec1,
        _ => bail!("unsupported private key encoding"),
    };
    let pair = KeyPair::try_from(&der).map_err(|_| {
        anyhow!("the private key is not a usable RSA, ECDSA P-256/P-384 or Ed25519 key")
    })?;
    let spec = spec_of_public_key(&pair.subject_public_key_info())?;
    Ok(ParsedKey {
        key: PrivateKey::from_pair(pair, spec),
        format,
    })
}

/// Parses the first PEM certificate in `pem`.
pub fn parse_certificate_pem(pem: &[u8]) -> Result<CertificateDer<'static>> {
    CertificateDer::from_pem_slice(pem).map_err(|e| match e {
        rustls_pki_types::pem::Error::NoItemsFound => {
            anyhow!("no PEM certificate found (expected BEGIN CERTIFICATE)")
        }
        other => anyhow!("malformed PEM: {other}"),
    })
}

/// The key algorithm of a SubjectPublicKeyInfo.
pub fn spec_of_public_key(spki_der: &[u8]) -> Result<KeySpec> {
    let (_, spki) =
        SubjectPublicKeyInfo::from_der(spki_der).map_err(|_| anyhow!("unreadable public key"))?;
    spec_of_spki(&spki)
}

fn spec_of_spki(spki: &SubjectPublicKeyInfo<'_>) -> Result<KeySpec> {
    let parsed = spki
        .parsed()
        .map_err(|_| anyhow!("unreadable public key"))?;
    Ok(match parsed {
        PublicKey::RSA(rsa) => KeySpec::Rsa(rsa.key_size() as u32),
        PublicKey::EC(point) => {
            // The curve, not just the size: secp256k1 is 256 bits too.
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|oid| oid.to_id_string())
                .unwrap_or_default();
            match (point.key_size(), curve.as_str()) {
                (256, "1.2.840.10045.3.1.7") => KeySpec::EcdsaP256,
                (384, "1.3.132.0.34") => KeySpec::EcdsaP384,
                (_, "1.3.132.0.10") => {
                    bail!("ECDSA keys on secp256k1 are not supported (use P-256 or P-384)")
                }
                (_, "1.3.132.0.35") => {
                    bail!("ECDSA keys on P-521 are not supported (use P-256 or P-384)")
                }
                (other, _) => bail!(
                    "ECDSA keys of {other} bits on curve {curve} are not supported (use P-256 or P-384)"
                ),
            }
        }
        _ if spki.algorithm.algorithm.to_id_string() == "1.2.840.10040.4.1" => {
            bail!("DSA keys are not supported (use RSA 2048+, P-256 or P-384)")
        }
        _ if spki.algorithm.algorithm == x509_parser::oid_registry::OID_SIG_ED25519 => {
            KeySpec::Ed25519
        }
        _ => bail!(
            "unsupported public key algorithm {}",
            spki.algorithm.algorithm
        ),
    })
}

/// Loads an existing CA (e.g. one made by the docs' gen.sh) from its PEM certificate and
/// key, refusing a certificate that is not a CA or a key that is not the certificate's.
pub fn load_ca(cert_pem: &[u8], key_pem: &[u8]) -> Result<(Ca, KeyFormat)> {
    let der = parse_certificate_pem(cert_pem).context("ca.pem")?;
    let (_, cert) = X509Certificate::from_der(&der)
        .map_err(|e| anyhow!("ca.pem: not a valid X.509 certificate ({e})"))?;
    let is_ca = cert
        .basic_constraints()
        .ok()
        .flatten()
        .is_some_and(|bc| bc.value.ca);
    if !is_ca {
        bail!("ca.pem: the certificate is not a CA (basicConstraints CA:TRUE is missing)");
    }
    let parsed = parse_private_key(key_pem).context("ca.key")?;
    if parsed.key.pair().der_bytes() != cert.public_key().subject_public_key.data.as_ref() {
        bail!("ca.key does not belong to ca.pem (their public keys differ)");
    }
    let spec = spec_of_spki(cert.public_key())?;
    let key = parsed.key.with_spec(spec);
    let text = String::from_utf8_lossy(cert_pem).into_owned();
    let ca = Ca::from_existing(text, der.clone(), key).context("ca.pem")?;
    Ok((ca, parsed.format))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
